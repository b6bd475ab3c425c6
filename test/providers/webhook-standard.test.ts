import { WebhookProvider } from 'strapi-plugin-notifs';
import { WebhookVerificationError } from 'standardwebhooks';
import { createUser } from '../helpers/users';
import { service } from '../helpers/services';
import { deliveryRows } from '../helpers/deliveries';
import { readmeExample, runExample } from '../helpers/readme-example';
import { standardVerifier, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-server';
import { bootAdminApp, MANUAL_QUEUE, type AdminTestApp } from '../admin/setup';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';

const SECRET = `whsec_${Buffer.from('standard-webhooks-key-0b1c2d3e4f').toString('base64')}`;
const PLAIN_SECRET = 'a-plain-secret-8e7d';

let t: AdminTestApp;
let receiver: WebhookReceiver;
let user: { id: number };

beforeAll(async () => {
  receiver = await startWebhookReceiver(SECRET);
  t = await bootAdminApp({
    ...MANUAL_QUEUE,
    queue: { ...MANUAL_QUEUE.queue, maxAttempts: 3, backoff: { baseMs: 1, maxMs: 1 } },
    providers: { webhook: { url: `${receiver.url}/ok`, secret: SECRET } },
  });
  user = await createUser(t.app.strapi);
});
afterAll(async () => {
  await t?.app.stop();
  await receiver?.close();
});
beforeEach(() => {
  receiver.received.length = 0;
});

const notify = (context: Record<string, unknown>) =>
  service(t.app.strapi, 'notify').notify({ recipient: user.id, category: 'orders', channels: ['webhook'], extraData: { context } });

/** Drains until nothing is due (a retry is due again a millisecond later). */
const drainAll = async () => {
  for (let round = 0; round < 5; round += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    await service(t.app.strapi, 'queue').drain();
  }
};

describe('webhook signing with Standard Webhooks (the default)', () => {
  test('webhook-id is the delivery’s documentId, and a retry sends the same id, each attempt verifying', async () => {
    const notification = await notify({ url: `${receiver.url}/flaky` });
    await drainAll();
    const [row] = await deliveryRows(t.app.strapi, { notification: { id: notification.id } });
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(receiver.rejected).toBe(0);
    expect(receiver.received).toHaveLength(2);
    const ids = receiver.received.map(({ headers }) => headers['webhook-id']);
    expect(ids).toEqual([row.documentId, row.documentId]);
  });

  test('a tampered body, or the signature replayed under another id, is refused by the verifier', async () => {
    await notify({ data: { total: 42 } });
    await drainAll();
    const [request] = receiver.received;
    const headers = request.headers as Record<string, string>;
    const verifier = standardVerifier(SECRET);
    expect(verifier.verify(request.raw, headers)).toEqual({ event: 'orders', data: { total: 42 } });
    const tampered = Buffer.from(request.raw.toString('utf8').replace('42', '43'));
    expect(() => verifier.verify(tampered, headers)).toThrow(WebhookVerificationError);
    expect(() => verifier.verify(request.raw, { ...headers, 'webhook-id': 'another-id' })).toThrow(WebhookVerificationError);
    // Sent to the receiver as is, the tampered request is refused with 401.
    const before = receiver.rejected;
    const answer = await fetch(`${receiver.url}/ok`, { method: 'POST', headers, body: tampered });
    expect(answer.status).toBe(401);
    expect(receiver.rejected).toBe(before + 1);
  });

  test('a plain secret (no whsec_ prefix) is the key as raw bytes: verified with format "raw"', async () => {
    const plain = await startWebhookReceiver(PLAIN_SECRET);
    try {
      const provider = new WebhookProvider({ options: { url: `${plain.url}/ok`, secret: PLAIN_SECRET }, strapi: t.app.strapi });
      await provider.send({ event: 'plain', data: 1 }, { deliveryId: 'delivery-plain-1' });
      expect(plain.rejected).toBe(0);
      expect(plain.received.map(({ headers }) => headers['webhook-id'])).toEqual(['delivery-plain-1']);
    } finally {
      await plain.close();
    }
  });

  test("signature: 'notifs' keeps X-Notifs-Signature, which the exported verifyWebhookSignature checks", async () => {
    const legacy = await startWebhookReceiver(PLAIN_SECRET, 'notifs');
    try {
      const provider = new WebhookProvider({
        options: { url: `${legacy.url}/ok`, secret: PLAIN_SECRET, signature: 'notifs' },
        strapi: t.app.strapi,
      });
      await provider.send({ event: 'legacy', data: 1 }, { deliveryId: 'delivery-legacy-1' });
      expect(legacy.rejected).toBe(0);
      const [request] = legacy.received;
      expect(request.headers['x-notifs-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(request.headers['x-notifs-delivery-id']).toBe('delivery-legacy-1');
      expect(request.headers['webhook-signature']).toBeUndefined();
      // A Standard Webhooks receiver refuses it: the schemes are not interchangeable.
      const standard = await startWebhookReceiver(PLAIN_SECRET);
      try {
        await expect(
          new WebhookProvider({
            options: { url: `${standard.url}/ok`, secret: PLAIN_SECRET, signature: 'notifs' },
            strapi: t.app.strapi,
          }).send({ event: 'legacy', data: 1 }, { deliveryId: 'delivery-legacy-2' })
        ).rejects.toMatchObject({ status: 401 });
      } finally {
        await standard.close();
      }
    } finally {
      await legacy.close();
    }
  });

  test('the README’s notifs-scheme receiver accepts what signature: "notifs" signs', async () => {
    process.env.NOTIFS_WEBHOOK_SECRET = PLAIN_SECRET;
    const handled: unknown[][] = [];
    const server = await runExample<http.Server>(
      readmeExample('webhook-receiver-notifs'),
      { handle: (...args: unknown[]) => handled.push(args) },
      'receiver'
    );
    try {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const provider = new WebhookProvider({ options: { url, secret: PLAIN_SECRET, signature: 'notifs' }, strapi: t.app.strapi });
      await provider.send({ event: 'order.paid', data: { total: 42 } }, { deliveryId: 'delivery-readme-1' });
      expect(handled).toEqual([['order.paid', { total: 42 }]]);
      process.env.NOTIFS_WEBHOOK_SECRET = 'another-secret';
      await expect(provider.send({ event: 'order.paid', data: {} }, { deliveryId: 'delivery-readme-2' })).rejects.toMatchObject({
        status: 401,
      });
      expect(handled).toHaveLength(1);
    } finally {
      delete process.env.NOTIFS_WEBHOOK_SECRET;
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('the admin’s Channels API shows the webhook’s options: the secret set but never its value, the scheme unset (default)', async () => {
    const { body } = await t.superAdmin.get<{ providers: { name: string; fields: Record<string, unknown>[] }[] }>('/channels');
    const webhook = body.data.providers.find((provider) => provider.name === 'webhook');
    expect(webhook?.fields).toEqual([
      expect.objectContaining({ name: 'url', label: 'Receiver URL(s)', required: true, secret: false, set: true, value: receiver.url }),
      { name: 'secret', label: 'Signing secret', required: false, secret: true, set: true, description: expect.any(String) },
      expect.objectContaining({ name: 'signature', required: false, set: false }),
      expect.objectContaining({ name: 'timeoutMs', set: false }),
    ]);
    expect(JSON.stringify(body)).not.toContain(SECRET);
  });
});
