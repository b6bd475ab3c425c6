// The README's server snippets, word for word, each in a function given what it assumes; run by
// scripts/try-fresh-app.sh from src/index.ts's bootstrap when NOTIFS_EXAMPLES=1. Logs "[examples] …".
import type { Core } from '@strapi/strapi';
import type { NotifyService, ReadService } from 'strapi-plugin-notifs';
import { onNotifsEvent } from 'strapi-plugin-notifs';
import { CustomNotificationChannel } from './notifs/channels/custom';

type User = { id: number };

async function quickStart(strapi: Core.Strapi, user: User) {
  const notifs = strapi.plugin('notifs');

  const notification = await notifs.service('notify').notify({
    recipient: user.id,            // users-permissions user id
    sourceDisplayName: 'Ada',
    category: 'orders',
    action: 'Bought',
    shortDescription: 'Ada bought your book',
    url: '/orders/1',
    channels: ['console'],
    extraData: { context: { orderTotal: 42 } }, // `context` reaches the channels and is not stored
  });

  await notifs.service('read').read({ notifyId: notification.id, recipient: user.id });
  return notification;
}

function typed(strapi: Core.Strapi) {
  const notify = strapi.plugin('notifs').service('notify') as NotifyService;
  const read = strapi.plugin('notifs').service('read') as ReadService;
  return { notify, read };
}

async function queueExample(strapi: Core.Strapi, deliveryId: number | string) {
  const queue = strapi.plugin('notifs').service('queue');

  await queue.drain();               // deliver everything due now (tests, CLIs, before shutdown)
  const stats = await queue.stats(); // { queued, sending, sent, failed, dead, cancelled, skipped, merged }
  await queue.retry(deliveryId);     // send a failed, dead, cancelled or skipped delivery again (its attempts start over)
  return stats;
}

async function customChannel(notification: Awaited<ReturnType<NotifyService['notify']>>) {
  // Send a notification (stored or silent) through it, now or later:
  await new CustomNotificationChannel(notification, { context: { arbitrary_data: 'data' } }).notify();
  await new CustomNotificationChannel(notification, { context: { bulk: true } }).notify({ countdown: 60 });
}

async function reading(strapi: Core.Strapi, user: User) {
  const read = strapi.plugin('notifs').service('read');

  const count = await read.unreadCount({ recipient: user.id });                 // 3
  const { results, pagination } = await read.list({
    recipient: user.id,
    filters: { isRead: false, category: 'orders' },
    pagination: { page: 1, pageSize: 25 },                        // pageSize 100 at most; newest first
  });
  await read.read({ notifyId: results[0].id, recipient: user.id });
  await read.unread({ notifyId: results[0].id, recipient: user.id });
  const all = await read.readAll({ recipient: user.id });                     // { count: 3 }
  await read.remove({ notifyId: results[0].id, recipient: user.id });
  return { count, pagination, all };
}

async function dataTrigger(strapi: Core.Strapi) {
  await strapi.documents('plugin::notifs.trigger').create({
    data: {
      name: 'Article published',
      uid: 'api::article.article',
      events: ['publish'],
      channels: ['console'],
      recipientRule: { type: 'field', field: 'author' },   // or { type: 'role', role: 'authenticated' }
                                                           // or { type: 'users', ids: [1, 2] }
      shortDescription: '{{entry.author.username}}: "{{entry.title}}" is live',
      url: '/articles/{{entry.documentId}}',
      category: 'articles',
      action: '{{event.type}}',
      condition: { field: 'body', operator: 'exists' },    // optional; eq, ne, in (value: [...]), exists
      enabled: true,
    },
  });
}

function events(strapi: Core.Strapi) {
  // Veto: a pre_send listener that returns false stops the send; the delivery ends `skipped`.
  onNotifsEvent(strapi, 'notifs.pre_send', ({ delivery }) => {
    if (delivery.context.doNotDisturb === true) return false;
  });

  // A listener that throws is logged, and changes nothing: the delivery stays sent, or failed with the provider's error.
  onNotifsEvent(strapi, 'notifs.failed', ({ delivery, error }) => {
    strapi.log.warn(`delivery ${delivery.deliveryId} (${delivery.provider}) failed: ${error?.message}`);
  });
}

export async function runExamples(strapi: Core.Strapi) {
  const say = (what: string, value?: unknown) => strapi.log.info(`[examples] ${what} ${value === undefined ? '' : JSON.stringify(value)}`);
  const user = (await strapi.query('plugin::users-permissions.user').findOne({ where: { username: 'ada' } })) as User | null;
  if (!user) return say('no user "ada" yet: register one first');
  events(strapi);
  const notification = await quickStart(strapi, user);
  say('quick start', notification);
  const { notify } = typed(strapi);
  for (const n of [1, 2, 3]) {
    await notify.notify({ recipient: user.id, category: 'orders', shortDescription: `order ${n}`, channels: ['console'] });
  }
  say('reading', await reading(strapi, user));
  await customChannel(notification);
  const dnd = await notify.notify({ recipient: user.id, shortDescription: 'do not disturb', channels: ['console'], extraData: { context: { doNotDisturb: true } } });
  const delivery = await strapi.db.query('plugin::notifs.delivery').findOne({ where: { notification: dnd.id } });
  say('queue', await queueExample(strapi, delivery.id));
  const after = await strapi.db.query('plugin::notifs.delivery').findOne({ where: { id: delivery.id } });
  say('vetoed delivery after drain+retry', { status: after.status, lastError: after.lastError });
  if (process.env.NOTIFS_EXAMPLES_EMAIL) {
    const mailed = await notify.notify({ recipient: user.id, shortDescription: 'Your order shipped', url: '/orders/1', channels: ['email'] });
    await strapi.plugin('notifs').service('queue').drain();
    say('email sent', mailed.id);
  }
  const triggers = await strapi.documents('plugin::notifs.trigger').findMany({});
  if (triggers.length === 0) await dataTrigger(strapi);
  say('triggers', await strapi.plugin('notifs').service('triggers').list());
  // Fires the code trigger and the data trigger (publish): two console notifications for ada.
  const article = await strapi.documents('api::article.article').create({
    data: { title: 'Hello', body: 'First post', author: user.id },
    status: 'published',
  });
  say('article published', article.documentId);
  await strapi.plugin('notifs').service('queue').drain();
  const fired = await strapi.db.query('plugin::notifs.notification').findMany({ where: { category: 'articles' } });
  say('trigger notifications', fired.map((n: { shortDescription: string; action: string }) => `${n.action}: ${n.shortDescription}`));
  const preview = await strapi.plugin('notifs').service('triggers').test('code:0', article.documentId, { event: 'publish' });
  say('triggers.test(code:0)', preview);
}
