import notification from './notification';
import delivery from './delivery';
import trigger from './trigger';
import idempotencyKey from './idempotency-key';
import pushSubscription from './push-subscription';
import preference from './preference';

export default {
  notification,
  delivery,
  trigger,
  'idempotency-key': idempotencyKey,
  'push-subscription': pushSubscription,
  preference,
};
