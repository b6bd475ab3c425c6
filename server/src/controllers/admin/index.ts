import notifications from './notifications';
import deliveries from './deliveries';
import channels from './channels';
import triggers from './triggers';
import compose from './compose';

/** The admin API's controllers; prefixed so they never collide with the content API's. */
export default {
  'admin-notifications': notifications,
  'admin-deliveries': deliveries,
  'admin-channels': channels,
  'admin-triggers': triggers,
  'admin-compose': compose,
};
