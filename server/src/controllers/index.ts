import notifications from './notifications';
import stream from './stream';
import pushSubscriptions from './push-subscriptions';
import preferences from './preferences';
import unsubscribe from './unsubscribe';
import admin from './admin';

export default {
  notifications,
  stream,
  'push-subscriptions': pushSubscriptions,
  preferences,
  unsubscribe,
  ...admin,
};
