import notifications from './notifications';
import stream from './stream';

export default {
  notifications,
  stream,
};
