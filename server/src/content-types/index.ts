import notification from './notification';
import delivery from './delivery';

export default {
  notification,
  delivery,
};
