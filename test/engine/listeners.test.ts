import { NOTIFS_EVENTS, onNotifsEvent, type NotifsListener } from 'strapi-plugin-notifs';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { clearRecorded, recorded } from '../helpers/recording';
import { deliveryRows } from '../helpers/deliveries';

/**
 * Listeners of the `notifs.*` events, as an app registers them on Strapi's event hub: a pre_send
 * listener may veto a send; a listener that throws is logged and changes no delivery's result.
 */
let app: TestApp;
let bob: { id: number };
const off: (() => void)[] = [];

const listen = (event: (typeof NOTIFS_EVENTS)[keyof typeof NOTIFS_EVENTS], listener: NotifsListener) => {
  off.push(onNotifsEvent(app.strapi, event, listener));
};

const probe = async (payload: Record<string, unknown>) => {
  const notification = await service(app.strapi, 'notify').notify({ recipient: bob.id, channels: ['probe'], extraData: { context: { payload } } });
  await service(app.strapi, 'queue').drain();
  const [row] = await deliveryRows(app.strapi, { notification: { id: notification.id } });
  return row;
};

beforeAll(async () => {
  app = await bootStrapi({ config: { backend: 'database', queue: { pollRule: '0 0 0 1 1 *', backoff: { baseMs: 60_000, maxMs: 60_000 } } } });
  bob = await createUser(app.strapi);
});

beforeEach(() => clearRecorded());

afterEach(() => off.splice(0).forEach((remove) => remove()));

afterAll(async () => {
  await app?.stop();
});

test('a post_send listener that throws does not send the delivery again', async () => {
  let thrown = 0;
  listen(NOTIFS_EVENTS.postSend, () => {
    thrown += 1;
    throw new Error('a bug in the app\'s listener');
  });
  const row = await probe({ key: 'sent-once' });
  expect(thrown).toBe(1);
  expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
  expect(recorded()).toHaveLength(1);
});

test('a notifs.failed listener that throws does not replace the real error', async () => {
  // Registered straight on Strapi's event hub, as a JavaScript app would.
  const broken = async () => {
    throw new Error('the listener broke');
  };
  app.strapi.eventHub.on('notifs.failed', broken);
  off.push(() => app.strapi.eventHub.off('notifs.failed', broken));
  const row = await probe({ key: 'fails', fail: 'retryable' });
  expect(row).toMatchObject({ status: 'failed', lastError: 'recording provider failed on purpose (retryable)' });
});

test('a pre_send listener that returns false vetoes the send: skipped, with the reason', async () => {
  const seen: string[] = [];
  listen(NOTIFS_EVENTS.preSend, function noMarketingToBob({ delivery }) {
    seen.push(delivery.deliveryId);
    return (delivery.payload as { key?: string }).key === 'marketing' ? false : undefined;
  });
  const vetoed = await probe({ key: 'marketing' });
  expect(vetoed).toMatchObject({ status: 'skipped', lastError: 'vetoed by a notifs.pre_send listener "noMarketingToBob"' });
  const allowed = await probe({ key: 'invoice' });
  expect(allowed).toMatchObject({ status: 'sent' });
  expect(recorded().map((call) => call.payloads[0].key)).toEqual(['invoice']);
  expect(seen).toHaveLength(2);
  expect(seen.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
});
