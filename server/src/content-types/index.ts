import notification from './notification';
import delivery from './delivery';
import trigger from './trigger';

export default {
  notification,
  delivery,
  trigger,
};
