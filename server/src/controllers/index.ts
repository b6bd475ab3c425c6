import notifications from './notifications';
import stream from './stream';
import admin from './admin';

export default {
  notifications,
  stream,
  ...admin,
};
