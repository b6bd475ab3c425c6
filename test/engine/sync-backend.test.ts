import { DeliveryError } from 'strapi-plugin-notifs';
import { bootStrapi } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';

/** The sync backend sends after notify's commit, in the caller: what goes wrong there reaches the caller. */
test('with an idempotency key, a provider error reaches the caller (it is not answered with the stored notification)', async () => {
  const sync = await bootStrapi({ config: { backend: 'sync' } });
  try {
    const carol = await createUser(sync.strapi);
    const error = await service(sync.strapi, 'notify')
      .notify({ recipient: carol.id, channels: ['probe'], idempotencyKey: 'sync-key', extraData: { context: { payload: { fail: 'fatal' } } } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as Error).message).toBe('recording provider failed on purpose (fatal)');
  } finally {
    await sync.stop();
  }
});
