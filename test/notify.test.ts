import { errors } from '@strapi/utils';
import {
  BaseNotificationChannel,
  InvalidChannelError,
  InvalidPayloadError,
  InvalidProviderError,
  NOTIFS_EVENTS,
  type Notification,
} from 'strapi-plugin-notifs';
import { bootStrapi, type TestApp } from './helpers/strapi';
import { service } from './helpers/services';
import { createUser } from './helpers/users';
import { clearRecorded, recorded } from './helpers/recording';
import { countNotifications, notificationRows } from './helpers/db';
import { waitFor } from './helpers/deliveries';

/** A channel given in config `channels` (the test app's own live in src/notifs/channels/). */
class AuditChannel extends BaseNotificationChannel {
  static channelName = 'audit';
  providers = ['recording'];
  buildPayload(provider: string) {
    return { kind: 'audit', provider, description: this.notification.shortDescription, id: this.notification.id ?? null };
  }
}

/** Builds a payload its provider refuses (recording's `fail` must be 'retryable' or 'fatal'). */
class BrokenPayloadChannel extends BaseNotificationChannel {
  static channelName = 'broken_payload';
  providers = ['recording'];
  buildPayload() {
    return { fail: 'sometimes' };
  }
}

class UnknownProviderChannel extends BaseNotificationChannel {
  static channelName = 'unknown_provider';
  providers = ['carrier_pigeon'];
  buildPayload() {
    return {};
  }
}

let app: TestApp;
let ada: { id: number };
let bob: { id: number };
const notifyService = () => service(app.strapi, 'notify');

beforeAll(async () => {
  app = await bootStrapi({ config: { backend: 'sync', channels: [AuditChannel, BrokenPayloadChannel, UnknownProviderChannel] } });
  ada = await createUser(app.strapi, 'ada');
  bob = await createUser(app.strapi, 'bob');
});
afterAll(async () => {
  await app?.stop();
});
beforeEach(() => clearRecorded());

const fullInput = () => ({
  recipient: bob.id,
  source: ada.id,
  sourceDisplayName: 'Ada',
  category: 'orders',
  action: 'Bought',
  obj: { uid: 'api::article.article', documentId: 'abc123' },
  shortDescription: 'Ada bought your book',
  url: '/orders/1',
  channels: ['audit'],
  extraData: { orderTotal: 42, context: { orderTotal: 42, currency: 'EUR' } },
});

describe('notify()', () => {
  test('stores every field, without extraData.context, and returns the stored notification', async () => {
    const notification = await notifyService().notify(fullInput());
    const [row] = await notificationRows(app.strapi, { id: notification.id });
    expect(row).toMatchObject({
      recipient: { id: bob.id },
      source: { id: ada.id },
      sourceDisplayName: 'Ada',
      category: 'orders',
      action: 'Bought',
      obj: { uid: 'api::article.article', documentId: 'abc123' },
      shortDescription: 'Ada bought your book',
      url: '/orders/1',
      silent: false,
      extraData: { orderTotal: 42 },
      channels: ['audit'],
      isRead: false,
      readAt: null,
    });
    expect(row.createdAt).toBeTruthy();
    expect(row.documentId).toEqual(expect.any(String));
    expect(notification).toMatchObject({ id: row.id, documentId: row.documentId, recipient: bob.id, source: ada.id, isRead: false });
    expect(notification.extraData).toEqual({ orderTotal: 42 });
  });

  test('delivers through the channel with the notification id; the provider gets the delivery id, not the caller context', async () => {
    const notification = await notifyService().notify(fullInput());
    expect(recorded()).toEqual([
      {
        method: 'send',
        payloads: [{ kind: 'audit', provider: 'recording', description: 'Ada bought your book', id: notification.id }],
        // The context built the payload; a provider gets only the keys it lists in static contextKeys.
        context: { deliveryId: expect.any(String) },
      },
    ]);
  });

  test('never changes the caller input', async () => {
    const input = fullInput();
    const before = JSON.parse(JSON.stringify(input));
    await notifyService().notify(input);
    expect(input).toEqual(before);
  });

  test('a silent notification is delivered, not stored, and returned without id', async () => {
    const before = await countNotifications(app.strapi);
    const notification = await notifyService().notify({ ...fullInput(), silent: true });
    expect(await countNotifications(app.strapi)).toBe(before);
    expect(notification.id).toBeUndefined();
    expect(notification).toMatchObject({ recipient: bob.id, shortDescription: 'Ada bought your book', silent: true });
    expect(recorded()).toHaveLength(1);
    expect(recorded()[0].payloads[0]).toMatchObject({ kind: 'audit', id: null });
  });

  test('the console channel prints the notification and its context', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const notification = await notifyService().notify({ ...fullInput(), channels: ['console'] });
      const lines = log.mock.calls.map((args) => String(args[0])).filter((line) => line.startsWith('[notifs:console]'));
      expect(lines).toHaveLength(1);
      const printed = JSON.parse(lines[0].replace('[notifs:console] ', ''));
      expect(printed).toMatchObject({
        id: notification.id,
        recipient: bob.id,
        shortDescription: 'Ada bought your book',
        url: '/orders/1',
        context: { orderTotal: 42, currency: 'EUR' },
      });
    } finally {
      log.mockRestore();
    }
  });

  test('emits pre_send and post_send on the event hub', async () => {
    const seen: string[] = [];
    const offs = [NOTIFS_EVENTS.preSend, NOTIFS_EVENTS.postSend].map((event) =>
      app.strapi.eventHub.on(event, async (data: unknown) => {
        seen.push(`${event}:${(data as { delivery: { provider: string } }).delivery.provider}`);
      })
    );
    try {
      await notifyService().notify(fullInput());
    } finally {
      offs.forEach((off) => off());
    }
    expect(seen).toEqual(['notifs.pre_send:recording', 'notifs.post_send:recording']);
  });

  test('a provider failure reaches the caller as DeliveryError and emits notifs.failed', async () => {
    const failures: unknown[] = [];
    const off = app.strapi.eventHub.on(NOTIFS_EVENTS.failed, async (data: unknown) => {
      failures.push(data);
    });
    class FailingChannel extends BaseNotificationChannel {
      static channelName = 'failing';
      providers = ['recording'];
      buildPayload() {
        return { fail: 'fatal' };
      }
    }
    service(app.strapi, 'channels').register(FailingChannel);
    try {
      await expect(notifyService().notify({ recipient: bob.id, channels: ['failing'] })).rejects.toMatchObject({
        name: 'DeliveryError',
        provider: 'recording',
        retryable: false,
        status: 400,
      });
    } finally {
      off();
    }
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ delivery: { channel: 'failing', provider: 'recording' }, error: { name: 'DeliveryError' } });
  });
});

describe('notify() refuses bad input before storing anything', () => {
  const expectNothingStored = async (attempt: () => Promise<unknown>, check: (error: any) => void) => {
    const before = await countNotifications(app.strapi);
    const error = await attempt().then(
      () => {
        throw new Error('expected notify() to throw');
      },
      (e: unknown) => e
    );
    check(error);
    expect(await countNotifications(app.strapi)).toBe(before);
    expect(recorded()).toEqual([]);
  };

  test('an unknown channel, naming the registered ones', async () => {
    await expectNothingStored(
      () => notifyService().notify({ ...fullInput(), channels: ['audit', 'smss'] }),
      (error) => {
        expect(error).toBeInstanceOf(InvalidChannelError);
        expect(error).toBeInstanceOf(errors.ValidationError);
        expect(error.message).toMatch(/Unknown channel "smss": registered channels are .*"audit".*"console".*"custom_notification_channel"/);
      }
    );
  });

  test.each([
    ['recipient', { recipient: 'bob' }, /"recipient"/],
    ['source', { source: -1 }, /"source"/],
    ['category', { category: 42 }, /"category"/],
    ['silent', { silent: 'yes' }, /"silent"/],
    ['channels', { channels: 'audit' }, /"channels"/],
    ['countdown', { countdown: -5 }, /"countdown"/],
    ['obj.documentId', { obj: { uid: 'api::article.article' } }, /"obj.documentId"/],
    ['an unknown field', { colour: 'red' }, /"colour" is not a known key/],
  ])('a wrong %s', async (_field, patch, message) => {
    await expectNothingStored(
      () => notifyService().notify({ ...fullInput(), ...(patch as object) } as never),
      (error) => {
        expect(error).toBeInstanceOf(errors.ValidationError);
        expect(error.name).toBe('ValidationError');
        expect(error.message).toMatch(message);
        expect(error.details.errors[0].path).toBeDefined();
      }
    );
  });

  test('a recipient that does not exist', async () => {
    await expectNothingStored(
      () => notifyService().notify({ ...fullInput(), recipient: 999_999 }),
      (error) => {
        expect(error).toBeInstanceOf(errors.ValidationError);
        expect(error.message).toMatch(/"recipient" no users-permissions user has id 999999/);
        expect(error.details.errors).toEqual([expect.objectContaining({ path: ['recipient'] })]);
      }
    );
  });

  test('an obj of an unknown content type', async () => {
    await expectNothingStored(
      () => notifyService().notify({ ...fullInput(), obj: { uid: 'api::nope.nope', documentId: 'x' } }),
      (error) => {
        expect(error).toBeInstanceOf(errors.ValidationError);
        expect(error.message).toMatch(/"obj.uid" "api::nope.nope" is not a content type/);
      }
    );
  });

  test('a payload its provider refuses', async () => {
    await expectNothingStored(
      () => notifyService().notify({ ...fullInput(), channels: ['broken_payload'] }),
      (error) => {
        expect(error).toBeInstanceOf(InvalidPayloadError);
        expect(error.message).toMatch(/channel "broken_payload" built a payload for provider "recording".*"fail"/);
      }
    );
  });

  test('a channel that names an unknown provider', async () => {
    await expectNothingStored(
      () => notifyService().notify({ ...fullInput(), channels: ['unknown_provider'] }),
      (error) => {
        expect(error).toBeInstanceOf(InvalidProviderError);
        // Sorted, the app's own among the built-ins (whose list grows with each release).
        expect(error.message).toMatch(/Unknown provider "carrier_pigeon": registered providers are "console", (".+", )*"recording", (".+", )*"webhook"/);
      }
    );
  });

  test('input that is not an object', async () => {
    await expectNothingStored(
      () => notifyService().notify(null as never),
      (error) => expect(error.message).toMatch(/Invalid notify\(\) input: "\(input\)" must be an object/)
    );
  });
});

describe('idempotencyKey', () => {
  test('a repeated call returns the first notification and delivers nothing new', async () => {
    const first = await notifyService().notify({ ...fullInput(), idempotencyKey: 'order-1-bought' });
    const again = await notifyService().notify({ ...fullInput(), shortDescription: 'changed', idempotencyKey: 'order-1-bought' });
    expect(again.id).toBe(first.id);
    expect(again.shortDescription).toBe('Ada bought your book');
    expect(recorded()).toHaveLength(1);
    expect(await notificationRows(app.strapi, { id: first.id })).toHaveLength(1);
  });
});

describe('notifyMany()', () => {
  test('one stored notification per recipient, each delivered', async () => {
    const carol = await createUser(app.strapi);
    const result = await notifyService().notifyMany([ada.id, bob.id, carol.id], { shortDescription: 'Sale!', channels: ['audit'] });
    expect(result.count).toBe(3);
    const rows = await notificationRows(app.strapi, { id: { $in: result.ids } });
    expect(rows.map((row) => row.recipient.id).sort()).toEqual([ada.id, bob.id, carol.id].sort());
    expect(recorded().map((call) => call.payloads[0].id).sort()).toEqual([...result.ids].sort());
  });

  test('an unknown recipient stores none', async () => {
    const before = await countNotifications(app.strapi);
    await expect(notifyService().notifyMany([ada.id, 424_242], { shortDescription: 'x' })).rejects.toThrow(
      /1 of them are not users-permissions users \(424242\)/
    );
    expect(await countNotifications(app.strapi)).toBe(before);
  });

  test('recipient in the input is refused', async () => {
    await expect(notifyService().notifyMany([ada.id], { recipient: ada.id } as never)).rejects.toThrow(/"recipient" is not allowed/);
  });
});

describe('channels', () => {
  test('the django-notifs custom channel, from the app, receives its context', async () => {
    const notification: Notification = await notifyService().notify({ recipient: bob.id });
    const { CustomNotificationChannel } = jest.requireActual('../test/app/src/notifs/channels/custom-notification-channel.js');
    await new CustomNotificationChannel(notification, { context: { arbitrary_data: 'data' } }).notify();
    expect(recorded()).toEqual([
      {
        method: 'send',
        payloads: [{ context: { arbitrary_data: 'data' }, payload: 'recording', notificationId: notification.id }],
        context: { deliveryId: expect.any(String) },
      },
    ]);
  });

  test('bulk: the list of payloads arrives in one sendBulk call', async () => {
    const notification = await notifyService().notify({ recipient: bob.id });
    const { CustomNotificationChannel } = jest.requireActual('../test/app/src/notifs/channels/custom-notification-channel.js');
    await new CustomNotificationChannel(notification, { context: { bulk: true } }).notify();
    expect(recorded()).toHaveLength(1);
    expect(recorded()[0].method).toBe('sendBulk');
    expect(recorded()[0].payloads.map((p) => p.n)).toEqual([1, 2, 3]);
  });

  test('countdown does not hold the caller up, and delivers when due', async () => {
    const notification = await notifyService().notify({ recipient: bob.id });
    const { CustomNotificationChannel } = jest.requireActual('../test/app/src/notifs/channels/custom-notification-channel.js');
    await new CustomNotificationChannel(notification, { context: { bulk: true } }).notify({ countdown: 1 });
    // notify() resolved before the delivery was made: the caller was not held up for the countdown.
    expect(recorded()).toEqual([]);
    await waitFor(() => recorded().length === 1, 5_000, 'the delayed bulk send');
    expect(recorded()[0].method).toBe('sendBulk');
  });

  test('cancel() takes out delayed deliveries not yet sent', async () => {
    const notification = await notifyService().notify({ recipient: bob.id, channels: ['audit'], countdown: 1 });
    expect(recorded()).toEqual([]);
    expect(await notifyService().cancel(notification.id as number)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(recorded()).toEqual([]);
  });

  test('classes from the package are the ones the plugin registered (instanceof holds)', () => {
    const registry = service(app.strapi, 'channels');
    const { name, ChannelClass } = registry.list().find((entry) => entry.name === 'custom_notification_channel')!;
    expect(name).toBe('custom_notification_channel');
    expect(ChannelClass.prototype).toBeInstanceOf(BaseNotificationChannel);
    expect(registry.get('audit')).toBe(AuditChannel);
  });

  test('registering a class that is not a channel, or a taken name, is refused', () => {
    const registry = service(app.strapi, 'channels');
    expect(() => registry.register(class NotAChannel {} as never)).toThrow(/must be a class that extends BaseNotificationChannel/);
    class Impostor extends BaseNotificationChannel {
      static channelName = 'audit';
      providers = ['console'];
      buildPayload() {
        return {};
      }
    }
    expect(() => registry.register(Impostor)).toThrow(/Channel "audit" is already registered by AuditChannel/);
    class BadName extends Impostor {
      static override channelName = 'Has Spaces';
    }
    expect(() => registry.register(BadName)).toThrow(/needs a static channelName made of lowercase letters/);
  });
});
