import type { AnyNotification, Notification } from '../domain/types';
import { BaseNotificationChannel } from './base-channel';
import { EmailChannel } from './email-channel';
import { SlackChannel } from './slack-channel';
import { WebhookChannel } from './webhook-channel';
import { DIGEST_LIST_MAX } from './digest-summary';

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

const mixed = [
  notification(1, { url: '/posts/1' }),
  notification(2, { shortDescription: '<b>bold</b> & "quoted"', url: 'https://example.test/posts/2' }),
  notification(3, { url: 'javascript:alert(1)' }),
];
const many = Array.from({ length: 120 }, (_, i) => notification(i + 1));
const digestOf = (channel: BaseNotificationChannel, list: AnyNotification[], provider: string) =>
  channel.buildDigestPayload(provider, list) as Record<string, unknown>;

describe('email digest', () => {
  const email = (list: AnyNotification[], context: Record<string, unknown> = {}) =>
    digestOf(
      new EmailChannel(list[list.length - 1], { context: { email: 'ada@example.test', baseUrl: 'https://app.example.test', ...context } }),
      list,
      'email'
    );

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

  test(`at most ${DIGEST_LIST_MAX} listed, then how many more`, () => {
    const payload = email(many);
    expect(payload.subject).toBe('120 new notifications');
    expect((payload.text as string).split('\n').filter((line) => line.startsWith('- '))).toHaveLength(DIGEST_LIST_MAX);
    expect(payload.text).toContain(`…and ${120 - DIGEST_LIST_MAX} more`);
    expect(payload.html).toContain(`<p>…and ${120 - DIGEST_LIST_MAX} more</p>`);
  });

  test('addressing keys of the context apply; subject, text and html do not', () => {
    const payload = email(mixed, { to: 'team@example.test', cc: 'boss@example.test', subject: 'Hi', text: 'x' });
    expect(payload).toMatchObject({ to: 'team@example.test', cc: 'boss@example.test', subject: '3 new notifications' });
  });

  test('no address: refused as buildPayload refuses it', () => {
    expect(() => new EmailChannel(mixed[0], { context: {} }).buildDigestPayload('email', mixed)).toThrow(/has no address/);
  });
});

test('slack digest: one message, a line per notification, http(s) urls as Slack links, text escaped', () => {
  const payload = digestOf(new SlackChannel(mixed[2], { context: { channel: '#team', text: 'ignored' } }), mixed, 'slack');
  expect(payload).toEqual({
    channel: '#team',
    text: [
      '3 new notifications',
      '• Comment 1',
      '• <https://example.test/posts/2|&lt;b&gt;bold&lt;/b&gt; &amp; "quoted">',
      '• Comment 3',
    ].join('\n'),
  });
});

test('webhook digest: every notification as buildPayload sends one', () => {
  const payload = digestOf(
    new WebhookChannel(mixed[2], { context: { url: 'https://hooks.example.test/x', note: 'kept' } }),
    mixed,
    'webhook'
  );
  expect(payload).toMatchObject({ event: 'digest', url: 'https://hooks.example.test/x', data: { count: 3, context: { note: 'kept' } } });
  expect((payload.data as { notifications: { id: number }[] }).notifications.map((one) => one.id)).toEqual([1, 2, 3]);
});

test('a custom channel gets the default: its own payload for a one-line summary', () => {
  class Orders extends BaseNotificationChannel {
    static channelName = 'orders';
    providers = ['slack'];
    buildPayload() {
      return { text: this.notification.shortDescription, id: this.notification.id };
    }
  }
  const payload = digestOf(new Orders(mixed[2]), [notification(1, { shortDescription: 'Order\n1' }), notification(2)], 'slack');
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
  const { body } = digestOf(new Sms(long[119]), long, 'twilio_sms') as { body: string };
  expect(body.length).toBeLessThanOrEqual(900);
  expect(body).toMatch(/^120 notifications: A rather long comment number 1 /);
  expect(body).toMatch(/ · …and \d+ more$/);
  const huge = [notification(1, { shortDescription: 'x'.repeat(5_000) })];
  expect((digestOf(new Sms(huge[0]), huge, 'twilio_sms') as { body: string }).body.length).toBeLessThanOrEqual(900);
});
