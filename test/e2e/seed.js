'use strict';
/**
 * What the browser tests look at: a Super Admin, users, an article, notifications of two categories
 * (one of them with a delivery that fails once, so it is dead until retried), and nothing else.
 */

const ADMIN = { email: 'e2e-admin@example.test', password: 'E2e-Passw0rd!', firstname: 'Eve' };
/** An admin whose role holds none of the plugin's actions. */
const RESTRICTED = { email: 'e2e-editor@example.test', password: 'E2e-Passw0rd!', firstname: 'Ed' };
/** An admin who may read notifications and deliveries, and nothing else of the plugin. */
const READER = { email: 'e2e-reader@example.test', password: 'E2e-Passw0rd!', firstname: 'Rita' };

const createUser = async (strapi, username, roleId) =>
  strapi.db.query('plugin::users-permissions.user').create({
    data: { username, email: `${username}@example.test`, provider: 'local', confirmed: true, blocked: false, role: roleId, password: 'Secret123!' },
  });

/** Seeds a started Strapi; resolves with the ids the tests use. */
const seed = async (strapi) => {
  const superRole = await strapi.service('admin::role').getSuperAdmin();
  await strapi.service('admin::user').create({
    ...ADMIN,
    lastname: 'Admin',
    isActive: true,
    registrationToken: null,
    roles: [superRole.id],
  });
  const editorRole = await strapi.service('admin::role').create({ name: 'E2E editor', description: 'no notifs permissions' });
  await strapi.service('admin::user').create({ ...RESTRICTED, lastname: 'Editor', isActive: true, registrationToken: null, roles: [editorRole.id] });
  const readerRole = await strapi.service('admin::role').create({ name: 'E2E reader', description: 'reads notifications' });
  await strapi.service('admin::role').assignPermissions(readerRole.id, [{ action: 'plugin::notifs.notifications.read', subject: null }]);
  await strapi.service('admin::user').create({ ...READER, lastname: 'Reader', isActive: true, registrationToken: null, roles: [readerRole.id] });
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  const ann = await createUser(strapi, 'ann', role.id);
  const ben = await createUser(strapi, 'ben', role.id);
  const article = await strapi.documents('api::article.article').create({ data: { title: 'Hello world', author: ann.id } });

  const notify = strapi.plugin('notifs').service('notify');
  await notify.notify({ recipient: ann.id, category: 'orders', channels: ['probe'], shortDescription: 'Your order shipped' });
  await notify.notify({ recipient: ben.id, category: 'news', channels: ['console'], shortDescription: 'Weekly news' });
  const failing = await notify.notify({
    recipient: ben.id,
    category: 'orders',
    channels: ['probe'],
    shortDescription: 'Payment received',
    // The recording provider fails the first send of this key (retryable, but maxAttempts is 1: dead).
    extraData: { context: { payload: { key: `e2e-${Date.now()}`, failTimes: 1 } } },
  });
  return { admin: ADMIN, restricted: RESTRICTED, reader: READER, users: { ann: ann.id, ben: ben.id }, articleDocumentId: article.documentId, failingNotificationId: failing.id };
};

module.exports = { seed, ADMIN, RESTRICTED, READER };
