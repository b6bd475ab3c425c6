import { z } from 'zod';
import { BaseNotificationChannel, BaseNotificationProvider } from 'strapi-plugin-notifs';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { service } from '../helpers/services';
import { createUser } from '../helpers/users';
import { countNotifications } from '../helpers/db';
import { deliveryRows } from '../helpers/deliveries';

/** Bad input to the services is refused with the plugin's errors, naming the field: never a TypeError, nothing stored. */
let app: TestApp;
let bob: { id: number };

beforeAll(async () => {
  app = await bootStrapi({ config: { backend: 'database', queue: { pollRule: '0 0 0 1 1 *' } } });
  bob = await createUser(app.strapi);
});
afterAll(async () => {
  await app?.stop();
});

const notify = () => service(app.strapi, 'notify');
const stored = async () => ({ notifications: await countNotifications(app.strapi), deliveries: (await deliveryRows(app.strapi)).length });

/** The error `call` rejects with, checked to be one of the plugin's (Strapi's ValidationError or the NotificationError family). */
const refusal = async (call: () => Promise<unknown>): Promise<Error> => {
  const before = await stored();
  const error = (await call().then(
    () => new Error('resolved'),
    (caught: unknown) => caught
  )) as Error;
  expect(error).not.toBeInstanceOf(TypeError);
  expect(error.message).not.toBe('resolved');
  expect(error.name).toMatch(/^(ValidationError|NotificationError|Invalid\w+Error)$/);
  expect(await stored()).toEqual(before);
  return error;
};

const circular = () => {
  const a: Record<string, unknown> = { b: {} };
  (a.b as Record<string, unknown>).self = a;
  return a;
};
const circularList = () => {
  const list: unknown[] = [1];
  list.push({ back: list });
  return list;
};

describe('notify() extraData that is not JSON', () => {
  test.each([
    ['a cycle', () => ({ a: circular() }), 'extraData.a.b.self', /circular/],
    ['a cycle through a list', () => ({ list: circularList() }), 'extraData.list.1.back', /circular/],
    ['a cycle in context', () => ({ context: { x: circular() } }), 'extraData.context.x.b.self', /circular/],
    ['a BigInt', () => ({ total: BigInt(10) }), 'extraData.total', /BigInt/],
    ['a function', () => ({ a: { f: () => 1 } }), 'extraData.a.f', /function/],
    ['a symbol', () => ({ s: Symbol('s') }), 'extraData.s', /symbol/],
    ['undefined in a list', () => ({ list: [1, undefined] }), 'extraData.list.1', /undefined/],
    ['NaN', () => ({ n: Number.NaN }), 'extraData.n', /finite/],
    ['Infinity in context', () => ({ context: { n: Number.POSITIVE_INFINITY } }), 'extraData.context.n', /finite/],
    ['a Map', () => ({ m: new Map([['a', 1]]) }), 'extraData.m', /Map/],
    ['a class instance', () => ({ u: new URL('https://example.test/') }), 'extraData.u', /URL/],
    ['a Buffer', () => ({ b: Buffer.from('x') }), 'extraData.b', /Buffer/],
    ['an invalid Date', () => ({ when: new Date('nope') }), 'extraData.when', /invalid Date/],
  ])('%s is refused, naming the path', async (_what, extraData, path, reason) => {
    const error = await refusal(() => notify().notify({ recipient: bob.id, channels: ['console'], extraData: extraData() as never }));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toContain(`"${path}"`);
    expect(error.message).toMatch(reason);
  });

  test('the same list of recipients: notifyMany refuses alike', async () => {
    const error = await refusal(() => notify().notifyMany([bob.id], { channels: ['console'], extraData: { a: circular() } }));
    expect(error.message).toMatch(/"extraData\.a\.b\.self" is circular/);
  });

  test('a Date becomes its ISO string; an object met twice (no cycle) is fine', async () => {
    const when = new Date('2026-01-02T03:04:05.000Z');
    const shared = { n: 1 };
    const made = await notify().notify({ recipient: bob.id, extraData: { when, a: shared, b: shared, context: { when } } });
    expect(made.extraData).toEqual({ when: '2026-01-02T03:04:05.000Z', a: { n: 1 }, b: { n: 1 } });
  });
});

describe('notify() and notifyMany() inputs of the wrong type', () => {
  test.each([
    ['no input', undefined, '(input)'],
    ['a string', 'hello', '(input)'],
    ['a list', [], '(input)'],
    ['recipient as a string', { recipient: '5' }, 'recipient'],
    ['recipient as a BigInt', { recipient: BigInt(5) }, 'recipient'],
    ['recipient as an object', { recipient: { id: 5 } }, 'recipient'],
    ['channels as a string', { channels: 'console' }, 'channels'],
    ['channels with a number', { channels: [1] }, 'channels.0'],
    ['countdown NaN', { countdown: Number.NaN }, 'countdown'],
    ['countdown Infinity', { countdown: Number.POSITIVE_INFINITY }, 'countdown'],
    ['countdown as a string', { countdown: '5' }, 'countdown'],
    ['silent as a string', { silent: 'yes' }, 'silent'],
    ['obj without documentId', { obj: { uid: 'plugin::users-permissions.user' } }, 'obj.documentId'],
    ['extraData as a list', { extraData: [1] }, 'extraData'],
    ['extraData.context as a string', { extraData: { context: 'x' } }, 'extraData.context'],
    ['idempotencyKey as a number', { idempotencyKey: 5 }, 'idempotencyKey'],
    ['an unknown field', { recipientId: 5 }, 'recipientId'],
    // Past an integer column's range, and NUL bytes: PostgreSQL refuses both with a raw error.
    ['recipient past 2^31-1', { recipient: 2 ** 31 }, 'recipient'],
    ['source past 2^31-1', { source: 2 ** 31 }, 'source'],
    ['a NUL byte in shortDescription', { shortDescription: 'a\u0000b' }, 'shortDescription'],
    ['a NUL byte in extraData', { extraData: { note: 'a\u0000b' } }, 'extraData.note'],
    ['a NUL byte in an extraData key', { extraData: { ['a\u0000b']: 1 } }, 'extraData'],
    ['a NUL byte in context', { extraData: { context: { note: 'a\u0000b' } } }, 'extraData.context.note'],
  ])('notify(): %s', async (_what, input, path) => {
    const error = await refusal(() => notify().notify(input as never));
    expect(error.message).toContain(`"${path}"`);
  });

  test('notify(): an unknown channel', async () => {
    const error = await refusal(() => notify().notify({ recipient: bob.id, channels: ['smss'] }));
    expect(error.message).toMatch(/Unknown channel "smss"/);
  });

  test.each([
    ['recipients as a number', () => [5, {}]],
    ['recipients as a Set', () => [new Set([5]), {}]],
    ['recipients with a string', () => [['5'], {}]],
    ['recipients empty', () => [[], {}]],
    ['input null', () => [[1], null]],
    ['input a string', () => [[1], 'x']],
    ['input with a bad countdown', () => [[1], { countdown: Number.NaN }]],
    ['a recipient past 2^31-1', () => [[2 ** 31], {}]],
  ])('notifyMany(): %s', async (_what, args) => {
    const [recipients, input] = args();
    const error = await refusal(() => notify().notifyMany(recipients as never, input as never));
    expect(error.name).toBe('ValidationError');
  });

  test('cancel(): an id that is no number', async () => {
    for (const id of ['7', Number.NaN, null, BigInt(1), 2 ** 31]) {
      const error = await refusal(() => notify().cancel(id as never));
      expect(error.message).toMatch(/notificationId/);
    }
  });
});

describe('provider and channel classes that lack a member are refused at registration, naming the class', () => {
  const providers = () => service(app.strapi, 'providers');
  const channels = () => service(app.strapi, 'channels');
  // Built as plain functions over the base classes, as a JavaScript app could write them.
  const providerClass = (name: string, members: { providerName?: string; schema?: boolean; send?: boolean }) => {
    const Named = {
      [name]: class extends (BaseNotificationProvider as unknown as new (init: unknown) => object) {
        schema = members.schema ? z.unknown() : undefined;
      },
    }[name] as unknown as { providerName?: string; prototype: { send?: unknown } };
    if (members.providerName) Named.providerName = members.providerName;
    if (members.send) Named.prototype.send = async () => undefined;
    return Named as never;
  };
  const channelClass = (name: string, members: { channelName?: string; providers?: unknown; buildPayload?: boolean }) => {
    const Named = {
      [name]: class extends (BaseNotificationChannel as unknown as new (notification: unknown, options?: unknown) => object) {
        providers = members.providers;
      },
    }[name] as unknown as { channelName?: string; prototype: { buildPayload?: unknown } };
    if (members.channelName) Named.channelName = members.channelName;
    if (members.buildPayload) Named.prototype.buildPayload = () => ({});
    return Named as never;
  };

  test.each([
    ['no schema', providerClass('NoSchemaProvider', { providerName: 'no_schema', send: true }), /NoSchemaProvider.*schema/],
    ['no send', providerClass('NoSendProvider', { providerName: 'no_send', schema: true }), /NoSendProvider.*send/],
    ['no providerName', providerClass('NoNameProvider', { schema: true, send: true }), /NoNameProvider.*providerName/],
  ])('providers.register(): %s', (_what, ProviderClass, message) => {
    expect(() => providers().register(ProviderClass)).toThrow(message);
    expect(providers().list().map((one) => one.name)).not.toContain((ProviderClass as { providerName?: string }).providerName ?? '');
  });

  test.each([
    ['no providers', channelClass('NoProvidersChannel', { channelName: 'no_providers', buildPayload: true }), /NoProvidersChannel.*providers/],
    ['providers not a list of names', channelClass('BadProvidersChannel', { channelName: 'bad_providers', providers: 'console', buildPayload: true }), /BadProvidersChannel.*providers/],
    ['no buildPayload', channelClass('NoBuildChannel', { channelName: 'no_build', providers: ['console'] }), /NoBuildChannel.*buildPayload/],
    ['no channelName', channelClass('NoNameChannel', { providers: ['console'], buildPayload: true }), /NoNameChannel.*channelName/],
  ])('channels.register(): %s', (_what, ChannelClass, message) => {
    expect(() => channels().register(ChannelClass)).toThrow(message);
  });

  test('a channel through the refused provider: notify() names the unknown provider (it was a TypeError at send time: "reading \'safeParse\'")', async () => {
    class UsesNoSchemaChannel extends BaseNotificationChannel {
      static channelName = 'uses_no_schema';
      providers = ['no_schema'];
      buildPayload() {
        return {};
      }
    }
    channels().register(UsesNoSchemaChannel);
    const error = await refusal(() => notify().notify({ recipient: bob.id, channels: ['uses_no_schema'] }));
    expect(error.name).toBe('InvalidProviderError');
    expect(error.message).toMatch(/Unknown provider "no_schema"/);
  });
});

describe('at boot', () => {
  // One Strapi at a time in this process: the suite's own app goes first.
  beforeAll(async () => {
    await app?.stop();
    app = undefined as unknown as TestApp;
  });

  /** The boot's error; a boot that succeeds (as it did before the fix) is stopped and reported. */
  const bootError = async (options: Parameters<typeof bootStrapi>[0]): Promise<Error> => {
    const booted = await bootStrapi(options).catch((error: Error) => error);
    if (booted instanceof Error) return booted;
    await booted.stop();
    return new Error('the boot succeeded');
  };

  test('a channel class in config without providers stops the boot with a message naming the class', async () => {
    class BrokenConfigChannel extends (BaseNotificationChannel as unknown as new (notification: unknown, options?: unknown) => object) {
      static channelName = 'broken_config';
      buildPayload() {
        return {};
      }
    }
    expect((await bootError({ config: { channels: [BrokenConfigChannel as never] } })).message).toMatch(/BrokenConfigChannel.*providers/);
  });

  test("a provider class in the app's src/notifs/providers without schema stops the boot with a message naming the class", async () => {
    expect((await bootError({ env: { NOTIFS_TEST_BROKEN_PROVIDER: '1' } })).message).toMatch(/BrokenAppProvider.*schema/);
  });
});
