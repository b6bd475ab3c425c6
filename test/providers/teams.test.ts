import { DeliveryError, InvalidPayloadError, TeamsProvider, teamsMessage } from 'strapi-plugin-notifs';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { countNotifications } from '../helpers/db';
import { deliveryRows } from '../helpers/deliveries';
import { closedPort } from '../helpers/http-server';
import { startFakeTeams, type FakeTeams } from '../helpers/teams-server';
import { everythingSaid, rejectionOf } from '../helpers/failure';
import { readmeExample, runExample } from '../helpers/readme-example';

const SIG = 'teams-sig-Qm9vYmFyYmF6cXV4';

let app: TestApp;
let teams: FakeTeams;
let user: { id: number };

const signal = () => new AbortController().signal;
const providerAt = (url: string) => new TeamsProvider({ options: { url }, strapi: app.strapi });

const notify = (context: Record<string, unknown> = {}) =>
  service(app.strapi, 'notify').notify({
    recipient: user.id,
    sourceDisplayName: 'Shop',
    category: 'orders',
    shortDescription: 'Ada bought your book',
    url: '/orders/1',
    channels: ['teams'],
    extraData: { context },
  });

/** The card of the one message the fake received. */
const onlyCard = () => {
  expect(teams.messages).toHaveLength(1);
  return (teams.messages[0].attachments as { content: Record<string, unknown> }[])[0].content;
};

describe('teams provider and channel', () => {
  beforeAll(async () => {
    teams = await startFakeTeams(SIG);
    app = await bootStrapi({
      config: { backend: 'database', publicUrl: 'https://cms.example', providers: { teams: { url: teams.webhookUrl() } } },
    });
    user = await createUser(app.strapi);
  });
  afterAll(async () => {
    await app?.stop();
    await teams?.close();
  });
  beforeEach(() => {
    teams.messages.length = 0;
  });

  test('posts a message with one Adaptive Card built from the notification; 202 is sent', async () => {
    const notification = await notify();
    await service(app.strapi, 'queue').drain();
    const [row] = await deliveryRows(app.strapi, { notification: { id: notification.id } });
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    expect(teams.requests.at(-1)).toEqual({
      method: 'POST',
      path: '/workflows/0f1e2d3c/triggers/manual/paths/invoke',
      contentType: 'application/json',
    });
    expect(teams.messages[0]).toEqual({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            body: [
              { type: 'TextBlock', text: 'Ada bought your book', weight: 'Bolder', size: 'Medium', wrap: true },
              {
                type: 'FactSet',
                facts: [
                  { title: 'From', value: 'Shop' },
                  { title: 'Category', value: 'orders' },
                ],
              },
            ],
            actions: [{ type: 'Action.OpenUrl', title: 'Open', url: 'https://cms.example/orders/1' }],
          },
        },
      ],
    });
  });

  test('context keys replace the built ones; `card` sends a whole Adaptive Card as it is', async () => {
    await notify({ text: 'Order **#1** paid', urlTitle: 'See the order', facts: [{ title: 'Total', value: '42 EUR' }] });
    await service(app.strapi, 'queue').drain();
    expect(onlyCard()).toMatchObject({
      body: [
        { type: 'TextBlock', text: 'Ada bought your book' },
        { type: 'TextBlock', text: 'Order **#1** paid', wrap: true },
        { type: 'FactSet', facts: [{ title: 'Total', value: '42 EUR' }] },
      ],
      actions: [{ type: 'Action.OpenUrl', title: 'See the order', url: 'https://cms.example/orders/1' }],
    });
    teams.messages.length = 0;
    const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Custom', color: 'Attention' }] };
    await notify({ card });
    await service(app.strapi, 'queue').drain();
    expect(onlyCard()).toEqual(card);
  });

  test('send answers no externalId: Teams gives the message no id', async () => {
    expect(await service(app.strapi, 'providers').get('teams').send({ text: 'hello' }, {}, { signal: signal() })).toEqual({});
    expect(teams.messages).toHaveLength(1);
  });

  test('a payload without title, text, facts or card is refused, naming what it needs', () => {
    const provider = service(app.strapi, 'providers').get('teams');
    expect(() => provider.validate({ url: 'https://cms.example/orders/1' }, 'teams')).toThrow(
      /"text" a Teams message needs "title", "text", "facts" or a whole Adaptive Card as "card"/
    );
    expect(() =>
      provider.validate({ title: 'x', card: { type: 'AdaptiveCard', version: '1.4', body: [{ type: 'TextBlock', text: 'y' }] } }, 'teams')
    ).toThrow(/"card" is given with "title", "text", "facts" or "url": put those in the card itself/);
  });

  test.each([
    [
      'a card that is not an AdaptiveCard 1.0-1.5',
      { card: { type: 'AdaptiveCard', version: '2.0', body: [{ type: 'TextBlock', text: 'x' }] } },
      /"card\.version"/,
    ],
    [
      'a message over 28 KB',
      { text: 'x'.repeat(19_000), facts: Array.from({ length: 10 }, () => ({ title: 'k', value: 'v'.repeat(1_000) })) },
      /makes a message over 28000 bytes/,
    ],
  ])('%s is an InvalidPayloadError before anything is stored', async (_what, context, message) => {
    const before = await countNotifications(app.strapi);
    const error = await rejectionOf(
      service(app.strapi, 'notify').notify({ recipient: user.id, channels: ['teams'], extraData: { context } })
    );
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect(error.message).toMatch(message);
    expect(await countNotifications(app.strapi)).toBe(before);
  });

  test('the counterpart refuses what Teams refuses: a body that is not a message with an Adaptive Card (400, not retried)', async () => {
    const wrong = { ...teamsMessage({ text: 'x' }), type: 'note' };
    const response = await fetch(teams.webhookUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(wrong),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'InvalidRequestContent', message: '"type" must be "message"' } });
  });

  test('429 is retryable with Retry-After, 502 is retryable; a wrong sig (401) is not, and the sig is in no error', async () => {
    const limited = await rejectionOf(providerAt(teams.webhookUrl('/rate-limited')).send({ text: 'hi' }, {}, { signal: signal() }));
    expect(limited).toBeInstanceOf(DeliveryError);
    expect(limited).toMatchObject({ provider: 'teams', status: 429, retryable: true, retryAfterMs: 5_000 });
    expect(limited.message).toBe(`Teams webhook ${teams.url} answered 429 WorkflowTriggerIsThrottled: Too many requests`);
    expect(await rejectionOf(providerAt(teams.webhookUrl('/broken')).send({ text: 'hi' }, {}, { signal: signal() }))).toMatchObject({
      status: 502,
      retryable: true,
    });
    const wrongSig = await rejectionOf(
      providerAt(`${teams.url}/workflows/1/invoke?sig=nope`).send({ text: 'hi' }, {}, { signal: signal() })
    );
    expect(wrongSig).toMatchObject({ status: 401, retryable: false });
    expect(wrongSig.message).toBe(
      `Teams webhook ${teams.url} answered 401 DirectApiAuthorizationRequired: The request must be authenticated only by Shared Access scheme. (not retried)`
    );
    [limited, wrongSig].forEach((error) => expect(everythingSaid(error)).not.toContain(SIG));
  });

  test("no receiver is retryable; one that never answers is cut by the queue's signal; the URL's sig is never said", async () => {
    const refused = await rejectionOf(
      providerAt(`http://127.0.0.1:${await closedPort()}/invoke?sig=${SIG}`).send({ text: 'hi' }, {}, { signal: signal() })
    );
    expect(refused).toMatchObject({ retryable: true, status: undefined });
    expect(refused.message).toMatch(/^Teams webhook http:\/\/127\.0\.0\.1:\d+ failed: ECONNREFUSED$/);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new DOMException('deadline', 'TimeoutError')), 200);
    const cut = await rejectionOf(providerAt(teams.webhookUrl('/hang')).send({ text: 'hi' }, {}, { signal: controller.signal }));
    expect(cut.message).toBe(`Teams webhook ${teams.url} failed: no answer before the queue's deadline (queue.sendTimeoutMs) or shutdown`);
    [refused, cut].forEach((error) => expect(everythingSaid(error)).not.toContain(SIG));
    const provider = service(app.strapi, 'providers').get('teams');
    expect(provider.destination({ text: 'hi' })).toBe(`teams ${teams.url}`);
    expect(JSON.stringify(service(app.strapi, 'providers').list())).not.toContain(SIG);
  });

  test("the README's example posts a card with its facts and button", async () => {
    await runExample(readmeExample('teams-notify'), { strapi: app.strapi, user }, 'undefined');
    await service(app.strapi, 'queue').drain();
    expect(onlyCard()).toMatchObject({
      body: [
        { type: 'TextBlock', text: 'New order #1' },
        { type: 'FactSet', facts: [{ title: 'Total', value: '42 EUR' }] },
      ],
      actions: [{ type: 'Action.OpenUrl', title: 'See the order', url: 'https://cms.example/orders/1' }],
    });
  });

  test('verify() connects to the host and sends nothing', async () => {
    const before = teams.requests.length;
    expect(await service(app.strapi, 'providers').get('teams').verify()).toEqual({ ok: true, message: `teams connects to ${teams.url}` });
    expect(teams.requests.length).toBe(before);
  });
});

// After the suite above has stopped its app: one Strapi per process at a time.
describe('teams config at boot', () => {
  test('a url that is not an http(s) URL stops the boot, naming the option', async () => {
    await expect(bootStrapi({ config: { backend: 'sync', providers: { teams: { url: 'teams.example/hook' } } } })).rejects.toThrow(
      /"providers\.teams\.url"(?: \(.+?\))? must be an absolute http\(s\) URL/
    );
  });
});
