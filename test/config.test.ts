import { bootStrapi } from './helpers/strapi';

/** A bad config stops the boot with a message that names the key. */
describe('plugin config validator', () => {
  test.each([
    [{ backend: 'carrier-pigeon' }, /Error regarding notifs config: Invalid config: "backend"/],
    [{ queue: { batchSize: 0 } }, /"queue.batchSize" Too small/],
    [{ queue: { pollRule: 'every second' } }, /"queue.pollRule" must be a cron rule/],
    [{ colour: 'red' }, /"colour" is not a known key/],
    [{ providers: { slack: { tokn: 'x' } } }, /"providers.slack.token".*"providers.slack.tokn" is not a known key/],
    [{ providers: { slack: {} } }, /"providers.slack.token" \(Bot token\) Invalid input/],
    [{ providers: { webhook: { url: 'https://hooks.example.test', signature: 'hmac' } } }, /"providers.webhook.signature" \(Signature scheme\)/],
    [
      { providers: { webhook: { url: 'https://hooks.example.test', secret: 'whsec_not base64!' } } },
      /"providers.webhook.secret" \(Signing secret\) starts with "whsec_" and must go on with the key in base64/,
    ],
    [{ channels: ['email'] }, /"channels.0" must be a channel class/],
    [{ readApi: { grantAuthenticated: 'yes' } }, /"readApi.grantAuthenticated"/],
    [{ queue: { pollRule: '*/1 * * * * 99' } }, /"queue.pollRule" is not a cron rule Strapi can run \(Invalid value for dayOfWeek: 99\)/],
    [{ queue: { backoff: { baseMs: 5_000, maxMs: 1_000 } } }, /"queue.backoff.baseMs" must not be more than queue.backoff.maxMs/],
    [{ queue: { sendTimeoutMs: 0 } }, /"queue.sendTimeoutMs" Too small/],
    [{ publicUrl: 'cms.example.com' }, /"publicUrl" must be an absolute http\(s\) URL, such as "https:\/\/cms.example.com"/],
    [{ publicUrl: 'ftp://cms.example.com' }, /"publicUrl" must be an absolute http\(s\) URL/],
    [{ providers: { emial: { from: 'a@example.test' } } }, /notifs config "providers.emial" names no provider: registered providers are .*"email"/],
  ])('%j is refused', async (config, message) => {
    await expect(bootStrapi({ config: config as never })).rejects.toThrow(message);
  });

  test('a refused secret is never repeated in the error', async () => {
    const secret = 'whsec_s3cr3t value that is not base64';
    const error = await bootStrapi({ config: { providers: { webhook: { url: 'https://hooks.example.test', secret } } } }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/providers\.webhook\.secret/);
    expect((error as Error).message).not.toContain('s3cr3t');
  });

  test('a good config boots', async () => {
    const app = await bootStrapi({ config: { backend: 'sync', queue: { batchSize: 10 }, providers: { console: { pretty: true } } } });
    expect(app.strapi.config.get('plugin::notifs.queue.batchSize')).toBe(10);
    expect(app.strapi.config.get('plugin::notifs.queue.concurrency')).toBe(10);
    await app.stop();
  });
});
