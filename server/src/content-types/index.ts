import notification from './notification';
import delivery from './delivery';
import trigger from './trigger';
import idempotencyKey from './idempotency-key';

export default {
  notification,
  delivery,
  trigger,
  'idempotency-key': idempotencyKey,
};
