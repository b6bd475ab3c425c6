import notifications from './notifications';
import stream from './stream';
import pushSubscriptions from './push-subscriptions';
import admin from './admin';

export default {
  notifications,
  stream,
  'push-subscriptions': pushSubscriptions,
  ...admin,
};
