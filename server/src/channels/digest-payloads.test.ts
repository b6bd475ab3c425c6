import { createECDH, generateKeyPairSync } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { z } from 'zod';
import type { AnyNotification, ChannelContext, Notification } from '../domain/types';
import { toJson } from '../domain/to-json';
import type { BaseNotificationProvider, ProviderClass } from '../providers/base-provider';
import { ConsoleProvider } from '../providers/console-provider';
import { DiscordProvider } from '../providers/discord-provider';
import { EmailProvider } from '../providers/email-provider';
import { FcmProvider } from '../providers/fcm-provider';
import { SlackProvider } from '../providers/slack-provider';
import { TeamsProvider } from '../providers/teams-provider';
import { teamsMessage, TEAMS_MESSAGE_MAX_BYTES, type TeamsPayload } from '../providers/teams-payload';
import { TwilioSmsProvider } from '../providers/twilio-sms-provider';
import { WebhookProvider } from '../providers/webhook-provider';
import { WebPushProvider } from '../providers/web-push-provider';
import { BaseNotificationChannel, isInApp, type ChannelClass } from './base-channel';
import { builtInChannels } from './index';
import { ConsoleChannel } from './console-channel';
import { DiscordChannel } from './discord-channel';
import { EmailChannel } from './email-channel';
import { FcmChannel } from './fcm-channel';
import { SlackChannel } from './slack-channel';
import { TeamsChannel } from './teams-channel';
import { TwilioSmsChannel } from './twilio-sms-channel';
import { WebhookChannel } from './webhook-channel';
import { WebPushChannel } from './web-push-channel';
import { DIGEST_LIST_MAX } from './digest-summary';
import { DIGEST_ITEM_MAX_CHARS } from './digest-items';

const BASE_URL = 'https://app.example.test';

const notification = (n: number, fields: Partial<Notification> = {}): Notification => ({
  id: n,
  documentId: `doc${n}`,
  recipient: 7,
  source: null,
  sourceDisplayName: null,
  category: 'comment',
  action: null,
  obj: null,
  shortDescription: `Comment ${n}`,
  url: null,
  silent: false,
  extraData: null,
  channels: ['email'],
  isRead: false,
  readAt: null,
  seenAt: null,
  archivedAt: null,
  createdAt: '2026-12-04T10:00:00.000Z',
  updatedAt: '2026-12-04T10:00:00.000Z',
  ...fields,
});

/** A relative url, HTML in a description with an absolute url, a `javascript:` url. */
const mixed = [
  notification(1, { url: '/posts/1' }),
  notification(2, { shortDescription: '<b>bold</b> & "quoted"', url: 'https://example.test/posts/2' }),
  notification(3, { url: 'javascript:alert(1)', createdAt: '2026-12-04T10:05:00.000Z' }),
];
const one = [notification(1, { url: '/posts/1' })];
/** 120, every tenth with a 500-character description, one with a `javascript:` url, one with HTML. */
const many = Array.from({ length: 120 }, (_, i) => {
  const n = i + 1;
  if (n === 7) return notification(n, { url: 'javascript:alert(7)' });
  if (n === 8) return notification(n, { shortDescription: '<script>alert(8)</script>', url: `/posts/${n}` });
  return notification(n, { url: `/posts/${n}`, ...(n % 10 === 0 ? { shortDescription: `Long ${n} ${'words '.repeat(100)}` } : {}) });
});

// Providers as the app makes them, their options checked as the boot checks them; nothing here sends.
const strapi = {} as Core.Strapi;
const providerOf = (Provider: ProviderClass & { optionsSchema?: z.ZodType }, options: unknown): BaseNotificationProvider =>
  new Provider({ options: (Provider.optionsSchema ? Provider.optionsSchema.parse(options) : options) as never, strapi });

const vapid = createECDH('prime256v1');
vapid.generateKeys();
const fcmKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const providers = {
  email: providerOf(EmailProvider, { useStrapiEmail: true }),
  slack: providerOf(SlackProvider, { token: 'xoxb-test' }),
  discord: providerOf(DiscordProvider, { url: 'https://discord.com/api/webhooks/123/abc' }),
  teams: providerOf(TeamsProvider, { url: 'https://example.webhook.office.com/webhookb2/x' }),
  webhook: providerOf(WebhookProvider, { url: 'https://hooks.example.test/in' }),
  web_push: providerOf(WebPushProvider, {
    vapidPublicKey: vapid.getPublicKey().toString('base64url'),
    // 32 bytes: the key as a number may have fewer.
    vapidPrivateKey: Buffer.concat([Buffer.alloc(32 - vapid.getPrivateKey().length), vapid.getPrivateKey()]).toString('base64url'),
    subject: 'mailto:ops@example.test',
  }),
  fcm: providerOf(FcmProvider, {
    serviceAccount: { project_id: 'notifs-test', client_email: 'sender@notifs-test.iam.example', private_key: fcmKey },
  }),
  twilio_sms: providerOf(TwilioSmsProvider, { accountSid: `AC${'0'.repeat(32)}`, authToken: 'secret', from: '+15005550006' }),
  console: providerOf(ConsoleProvider, {}),
};

/** The context notify() would hand each channel: what it asks for, and what its caller must give. */
const contexts: Record<keyof typeof providers, ChannelContext> = {
  email: { email: 'ada@example.test', baseUrl: BASE_URL },
  slack: { channel: '#team', baseUrl: BASE_URL },
  discord: { baseUrl: BASE_URL },
  teams: { baseUrl: BASE_URL },
  webhook: { note: 'kept' },
  web_push: { pushSubscriptions: [21, 22].map((id) => ({ id, service: 'https://push.example.test' })) },
  fcm: { baseUrl: BASE_URL, pushSubscriptions: [11, 12].map((id) => ({ id, service: 'fcm' })) },
  twilio_sms: { phone: '+15005550001', baseUrl: BASE_URL },
  console: { note: 'kept' },
};

const channelClasses: Record<keyof typeof providers, ChannelClass> = {
  email: EmailChannel,
  slack: SlackChannel,
  discord: DiscordChannel,
  teams: TeamsChannel,
  webhook: WebhookChannel,
  web_push: WebPushChannel,
  fcm: FcmChannel,
  twilio_sms: TwilioSmsChannel,
  console: ConsoleChannel,
};
type Name = keyof typeof providers;
const names = Object.keys(providers) as Name[];

/**
 * What the digest engine sends (services/digests/build.ts): the channel made with the newest
 * notification and the kept context, its digest payload as JSON, checked by the provider and split
 * into its targets.
 */
const sent = (name: Name, list: AnyNotification[], context: ChannelContext = contexts[name]) => {
  const channel = new channelClasses[name](list[list.length - 1], { context });
  const built = toJson(channel.buildDigestPayload(name, list), { provider: name, channel: name, what: 'digest payload' });
  const provider = providers[name];
  return provider.targets(provider.validate(built, name)) as Record<string, unknown>[];
};
/** The one message a digest makes (for a channel that makes one). */
const digestOf = (name: Name, list: AnyNotification[], context?: ChannelContext): Record<string, unknown> => {
  const targets = sent(name, list, context);
  expect(targets).toHaveLength(1);
  return targets[0];
};
const lines = (text: unknown, separator = '\n'): string[] => (text as string).split(separator);

test('every built-in channel that is not in-app is covered here', () => {
  expect(
    builtInChannels
      .filter((Channel) => !isInApp(Channel))
      .map((Channel) => Channel.channelName)
      .sort()
  ).toEqual([...names].sort());
});

describe.each(names)('%s digest', (name) => {
  test.each([
    ['1', one],
    ['3', mixed],
    ['120', many],
  ])('of %s notifications: accepted by its provider', (_count, list) => {
    expect(sent(name, list).length).toBeGreaterThan(0);
  });
});

test('a digest of one is the notification as its channel sends it alone (webhook and console excepted)', () => {
  for (const name of names.filter((each) => each !== 'webhook' && each !== 'console')) {
    const alone = new channelClasses[name](one[0], { context: contexts[name] }).buildPayload(name);
    expect([name, sent(name, one)]).toEqual([
      name,
      providers[name].targets(providers[name].validate(toJson(alone, { provider: name, channel: name, what: 'payload' }), name)),
    ]);
  }
});

describe('email digest', () => {
  const email = (list: AnyNotification[], context: ChannelContext = {}) => digestOf('email', list, { ...contexts.email, ...context });

  test('one email listing each notification, links made absolute, unsafe urls as text, HTML escaped', () => {
    const payload = email(mixed);
    expect(payload).toMatchObject({ to: 'ada@example.test', subject: '3 new notifications' });
    expect(payload.text).toBe(
      [
        '3 new notifications',
        '',
        '- Comment 1',
        '  https://app.example.test/posts/1',
        '- <b>bold</b> & "quoted"',
        '  https://example.test/posts/2',
        '- Comment 3',
        '  javascript:alert(1)',
      ].join('\n')
    );
    expect(payload.html).toBe(
      '<p>3 new notifications</p><ul>' +
        '<li><a href="https://app.example.test/posts/1">Comment 1</a></li>' +
        '<li><a href="https://example.test/posts/2">&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;</a></li>' +
        '<li>Comment 3 (javascript:alert(1))</li></ul>'
    );
  });

  test(`at most ${DIGEST_LIST_MAX} listed, each line bounded, then how many more`, () => {
    const payload = email(many);
    expect(payload.subject).toBe('120 new notifications');
    const items = lines(payload.text).filter((line) => line.startsWith('- '));
    expect(items).toHaveLength(DIGEST_LIST_MAX);
    expect(items[9]).toMatch(/^- Long 10 (words ){10,}.*…$/);
    expect(items[9].length).toBe(2 + DIGEST_ITEM_MAX_CHARS);
    expect(payload.text).toContain(`…and ${120 - DIGEST_LIST_MAX} more`);
    expect(payload.html).toContain('<li><a href="https://app.example.test/posts/8">&lt;script&gt;alert(8)&lt;/script&gt;</a></li>');
    expect(payload.html).toContain('<li>Comment 7 (javascript:alert(7))</li>');
    expect(payload.html).toContain(`<p>…and ${120 - DIGEST_LIST_MAX} more</p>`);
  });

  test('addressing keys of the context apply; subject, text and html do not', () => {
    const payload = email(mixed, { to: 'team@example.test', cc: 'boss@example.test', subject: 'Hi', text: 'x' });
    expect(payload).toMatchObject({ to: 'team@example.test', cc: 'boss@example.test', subject: '3 new notifications' });
    expect(payload.text).toMatch(/^3 new notifications\n/);
  });

  test('a digest of one is its own email, as the notification would have gone alone', () => {
    expect(email(one)).toMatchObject({ subject: 'Comment 1', text: 'Comment 1\n\nhttps://app.example.test/posts/1' });
  });

  test('no address: refused as buildPayload refuses it', () => {
    expect(() => new EmailChannel(mixed[0], { context: {} }).buildDigestPayload('email', mixed)).toThrow(/has no address/);
  });
});

describe('slack digest', () => {
  test('one message: a header and a line per notification (Slack links, relative made absolute, text escaped), the same list as text', () => {
    const payload = digestOf('slack', mixed, { ...contexts.slack, text: 'ignored', thread_ts: '1.2' });
    const list = [
      '• <https://app.example.test/posts/1|Comment 1>',
      '• <https://example.test/posts/2|&lt;b&gt;bold&lt;/b&gt; &amp; "quoted">',
      '• Comment 3',
    ];
    expect(payload).toEqual({
      channel: '#team',
      thread_ts: '1.2',
      text: ['3 new notifications', ...list].join('\n'),
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '3 new notifications' } },
        { type: 'section', text: { type: 'mrkdwn', text: list.join('\n') } },
      ],
    });
  });

  test('120: within 50 blocks and 3,000 characters a section, then how many more; the text within 4,000', () => {
    const payload = digestOf('slack', many);
    const blocks = payload.blocks as { type: string; text?: { text: string }; elements?: { text: string }[] }[];
    expect(blocks.length).toBeLessThanOrEqual(50);
    const sections = blocks.filter((block) => block.type === 'section').map((block) => block.text!.text);
    expect(sections.every((text) => text.length <= 3000)).toBe(true);
    const listed = sections.flatMap((text) => lines(text));
    expect(listed).toHaveLength(DIGEST_LIST_MAX);
    expect(listed[7]).toBe('• <https://app.example.test/posts/8|&lt;script&gt;alert(8)&lt;/script&gt;>');
    expect(listed[6]).toBe('• Comment 7');
    expect(blocks[blocks.length - 1]).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${120 - DIGEST_LIST_MAX} more` }],
    });
    const text = lines(payload.text);
    expect((payload.text as string).length).toBeLessThanOrEqual(4000);
    expect(text[0]).toBe('120 new notifications');
    const shown = text.filter((line) => line.startsWith('• ')).length;
    expect(text[text.length - 1]).toBe(`…and ${120 - shown} more`);
  });
});

describe('discord digest', () => {
  test('one embed: the list in its description (markdown links, text escaped), footed by the shared category; no pings, no caller content', () => {
    const payload = digestOf('discord', mixed, { ...contexts.discord, username: 'Notifs', content: 'hidden', embeds: [] });
    expect(payload).toEqual({
      username: 'Notifs',
      embeds: [
        {
          title: '3 new notifications',
          description: [
            '• [Comment 1](https://app.example.test/posts/1)',
            '• [\\<b\\>bold\\</b\\> & "quoted"](https://example.test/posts/2)',
            '• Comment 3',
          ].join('\n'),
          color: 0x5865f2,
          footer: { text: 'comment' },
          timestamp: '2026-12-04T10:05:00.000Z',
        },
      ],
    });
  });

  test('120: as many as 4,096 characters hold, then how many more; linked when all share one url', () => {
    const [embed] = digestOf('discord', many).embeds as { description: string; url?: string }[];
    expect(embed.description.length).toBeLessThanOrEqual(4096);
    const listed = lines(embed.description);
    const shown = listed.filter((line) => line.startsWith('• ')).length;
    expect(shown).toBeGreaterThan(10);
    expect(listed[listed.length - 1]).toBe(`…and ${120 - shown} more`);
    expect(embed.url).toBeUndefined();
    const same = [1, 2].map((n) => notification(n, { url: '/posts/9' }));
    expect((digestOf('discord', same).embeds as { url?: string }[])[0].url).toBe('https://app.example.test/posts/9');
  });
});

describe('teams digest', () => {
  test('a card titled with the count, the list as markdown (links, text escaped), the shared category as a fact', () => {
    const payload = digestOf('teams', mixed, { ...contexts.teams, title: 'hidden', card: { type: 'AdaptiveCard' } });
    expect(payload).toEqual({
      title: '3 new notifications',
      text: [
        '- [Comment 1](https://app.example.test/posts/1)',
        '- [<b>bold</b> & "quoted"](https://example.test/posts/2)',
        '- Comment 3',
      ].join('\r'),
      facts: [{ title: 'Category', value: 'comment' }],
    });
  });

  test('120: the message stays under Teams’ size limit, then how many more; an Open button when all share one url', () => {
    const long = Array.from({ length: 120 }, (_, i) =>
      notification(i + 1, { shortDescription: `${'ü*'.repeat(150)} ${i + 1}`, url: `/p/${'x'.repeat(1500)}` })
    );
    for (const list of [many, long]) {
      const payload = digestOf('teams', list) as TeamsPayload;
      expect(Buffer.byteLength(JSON.stringify(teamsMessage(payload)))).toBeLessThanOrEqual(TEAMS_MESSAGE_MAX_BYTES);
      const listed = lines(payload.text, '\r');
      expect(listed[listed.length - 1]).toMatch(/^- …and \d+ more$/);
      expect(listed.length - 1 + Number(/(\d+) more/.exec(listed[listed.length - 1])![1])).toBe(120);
    }
    const same = [1, 2].map((n) => notification(n, { url: '/posts/9' }));
    expect(digestOf('teams', same).url).toBe('https://app.example.test/posts/9');
  });
});

describe('webhook digest', () => {
  test('every notification as buildPayload sends one, and the count', () => {
    const payload = digestOf('webhook', mixed);
    expect(payload).toMatchObject({ event: 'digest', data: { count: 3, context: { note: 'kept' } } });
    expect((payload.data as { notifications: { id: number; url: string }[] }).notifications.map((one) => [one.id, one.url])).toEqual([
      [1, '/posts/1'],
      [2, 'https://example.test/posts/2'],
      [3, 'javascript:alert(1)'],
    ]);
  });

  test('120: all of them (a receiver wants the data, not a summary); a digest of one keeps the digest shape', () => {
    expect((digestOf('webhook', many).data as { notifications: unknown[] }).notifications).toHaveLength(120);
    expect(digestOf('webhook', one)).toMatchObject({ event: 'digest', data: { count: 1 } });
  });

  test('the context’s url applies: one delivery per URL', () => {
    const targets = sent('webhook', mixed, { url: ['https://a.example.test/in', 'https://b.example.test/in'] });
    expect(targets.map((target) => target.url)).toEqual(['https://a.example.test/in', 'https://b.example.test/in']);
  });
});

describe('web_push digest', () => {
  test('one push per browser: the count as title, a line per notification as body, the shared category in data', () => {
    const targets = sent('web_push', mixed, { ...contexts.web_push, tag: 'comments', title: 'hidden' });
    expect(targets.map((target) => target.subscriptions)).toEqual([
      [{ id: 21, service: 'https://push.example.test' }],
      [{ id: 22, service: 'https://push.example.test' }],
    ]);
    expect(targets[0]).toEqual({
      recipient: 7,
      subscriptions: [{ id: 21, service: 'https://push.example.test' }],
      title: '3 new notifications',
      body: 'Comment 1\n<b>bold</b> & "quoted"\nComment 3',
      data: { id: 3, documentId: 'doc3', category: 'comment', count: 3 },
      tag: 'comments',
    });
  });

  test('120: five lines of at most 100 characters, then how many more; the url when all share one', () => {
    const [first] = sent('web_push', many);
    expect(lines(first.body)).toEqual(['Comment 1', 'Comment 2', 'Comment 3', 'Comment 4', 'Comment 5', '…and 115 more']);
    expect(first.url).toBeUndefined();
    const long = [1, 2].map((n) => notification(n, { shortDescription: 'y'.repeat(500), url: '/posts/9' }));
    const [shared] = sent('web_push', long);
    expect(lines(shared.body).map((line) => line.length)).toEqual([100, 100]);
    expect(shared.url).toBe('/posts/9');
  });
});

describe('fcm digest', () => {
  test('one message per device: the count as title, a line per notification as body, the count in data', () => {
    const targets = sent('fcm', mixed, { ...contexts.fcm, android: { priority: 'high' }, body: 'hidden' });
    expect(targets.map((target) => target.subscription)).toEqual([11, 12]);
    expect(targets[0]).toEqual({
      subscription: 11,
      title: '3 new notifications',
      body: 'Comment 1\n<b>bold</b> & "quoted"\nComment 3',
      data: { count: '3', notificationId: '3', category: 'comment' },
      android: { priority: 'high' },
    });
  });

  test('120: five lines, then how many more; the shared url as link, made absolute; tokens given replace the devices', () => {
    expect(lines(sent('fcm', many)[0].body)).toHaveLength(6);
    const same = [1, 2].map((n) => notification(n, { url: '/posts/9' }));
    expect(sent('fcm', same)[0].link).toBe('https://app.example.test/posts/9');
    expect(sent('fcm', mixed, { ...contexts.fcm, token: ['t1', 't2'] }).map((target) => target.token)).toEqual(['t1', 't2']);
  });
});

describe('twilio_sms digest', () => {
  test('one short SMS naming them, to the recipient (the context’s to and from apply, body does not)', () => {
    expect(digestOf('twilio_sms', mixed, { ...contexts.twilio_sms, body: 'hidden' })).toEqual({
      to: '+15005550001',
      body: '3 new notifications: Comment 1; <b>bold</b> & "quoted"; Comment 3',
    });
    expect(digestOf('twilio_sms', mixed, { ...contexts.twilio_sms, to: '+15005550002', from: '+15005550003' })).toMatchObject({
      to: '+15005550002',
      from: '+15005550003',
    });
  });

  test('120: two GSM segments at most, in characters GSM-7 has, then how many more; the shared link', () => {
    const { body } = digestOf('twilio_sms', many) as { body: string };
    expect(body.length).toBeLessThanOrEqual(306);
    expect(body).toMatch(/^120 new notifications: Comment 1; Comment 2; .*; \+\d+ more$/);
    expect(body).toMatch(/^[\x20-\x7e]*$/);
    const shown = body.split('; ').length - 1;
    expect(body).toMatch(new RegExp(`\\+${120 - shown} more$`));
    const same = Array.from({ length: 30 }, (_, i) => notification(i + 1, { shortDescription: 'z'.repeat(100), url: '/posts/9' }));
    const shared = (digestOf('twilio_sms', same) as { body: string }).body;
    expect(shared.length).toBeLessThanOrEqual(306);
    expect(shared).toMatch(/^30 new notifications: z{57}\.\.\.; .*\+\d+ more\nhttps:\/\/app\.example\.test\/posts\/9$/);
  });
});

describe('console digest', () => {
  test(`the first ${DIGEST_LIST_MAX} as webhooks send them, how many more, the context`, () => {
    const payload = digestOf('console', many, { note: 'kept', bulk: true });
    expect(payload).toMatchObject({ digest: '120 new notifications', more: 120 - DIGEST_LIST_MAX, context: { note: 'kept' } });
    expect((payload.notifications as { id: number }[]).map((one) => one.id)).toEqual(
      Array.from({ length: DIGEST_LIST_MAX }, (_, i) => i + 1)
    );
    expect(digestOf('console', mixed)).toMatchObject({ digest: '3 new notifications', more: 0 });
  });
});

test('a custom channel gets the default: its own payload for a one-line summary', () => {
  class Orders extends BaseNotificationChannel {
    static channelName = 'orders';
    providers = ['slack'];
    buildPayload() {
      return { text: this.notification.shortDescription, id: this.notification.id };
    }
  }
  const payload = new Orders(mixed[2]).buildDigestPayload('slack', [notification(1, { shortDescription: 'Order\n1' }), notification(2)]);
  expect(payload).toEqual({ text: '2 notifications: Order 1 · Comment 2', id: 2 });
});

test('the default summary stays short enough for an SMS or a push, however long the digest', () => {
  class Sms extends BaseNotificationChannel {
    static channelName = 'sms';
    providers = ['twilio_sms'];
    buildPayload() {
      return { body: this.notification.shortDescription };
    }
  }
  const long = Array.from({ length: 120 }, (_, i) =>
    notification(i + 1, { shortDescription: `A rather long comment number ${i + 1} `.repeat(3) })
  );
  const { body } = new Sms(long[119]).buildDigestPayload('twilio_sms', long) as { body: string };
  expect(body.length).toBeLessThanOrEqual(900);
  expect(body).toMatch(/^120 notifications: A rather long comment number 1 /);
  expect(body).toMatch(/ · …and \d+ more$/);
  const huge = [notification(1, { shortDescription: 'x'.repeat(5_000) })];
  expect((new Sms(huge[0]).buildDigestPayload('twilio_sms', huge) as { body: string }).body.length).toBeLessThanOrEqual(900);
});
