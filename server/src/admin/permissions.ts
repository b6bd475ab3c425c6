import type { Core } from '@strapi/strapi';

/**
 * The admin panel's permission actions, `plugin::notifs.<resource>.<verb>`. Strapi builds the uid
 * from `pluginName` and `uid` at registration, so `uid` here is the part after `plugin::notifs.`.
 */
export const ACTIONS = {
  /** See notifications, their deliveries, the delivery counts and chart. */
  notificationsRead: 'plugin::notifs.notifications.read',
  /** Resend, cancel, retry a delivery, compose and send to users or a role. */
  notificationsSend: 'plugin::notifs.notifications.send',
  /** See the registered channels and providers (never their options). */
  settingsRead: 'plugin::notifs.settings.read',
  /** Verify a provider and send a test notification. */
  settingsTest: 'plugin::notifs.settings.test',
  /** See triggers and preview them against an entry. */
  triggersRead: 'plugin::notifs.triggers.read',
  /** Create, edit, enable and disable data triggers. */
  triggersUpdate: 'plugin::notifs.triggers.update',
} as const;

export type ActionUid = (typeof ACTIONS)[keyof typeof ACTIONS];

const DISPLAY_NAMES: Record<ActionUid, string> = {
  [ACTIONS.notificationsRead]: 'Read notifications and deliveries',
  [ACTIONS.notificationsSend]: 'Send, resend, cancel and retry',
  [ACTIONS.settingsRead]: 'Read channels and providers',
  [ACTIONS.settingsTest]: 'Verify providers and send tests',
  [ACTIONS.triggersRead]: 'Read and preview triggers',
  [ACTIONS.triggersUpdate]: 'Create and edit triggers',
};

const PREFIX = 'plugin::notifs.';

/**
 * The groups of a role's Plugins tab, named as the admin's pages are. (The section itself is titled
 * from the plugin's id, "Notifs": Strapi takes it from `pluginName`, which also makes the action ids.)
 */
const GROUPS: Record<string, string> = {
  notifications: 'Notifications and deliveries',
  settings: 'Channels and providers',
  triggers: 'Triggers',
};

/** Registers the actions with the admin's RBAC (in bootstrap; the super admin role gets them all). */
export const registerPermissions = async (strapi: Core.Strapi): Promise<void> => {
  const actions = (Object.values(ACTIONS) as ActionUid[]).map((uid) => {
    const [resource] = uid.slice(PREFIX.length).split('.');
    // subCategory groups the checkboxes by resource in a role's Plugins tab.
    return { section: 'plugins', displayName: DISPLAY_NAMES[uid], uid: uid.slice(PREFIX.length), subCategory: GROUPS[resource] ?? resource, pluginName: 'notifs' };
  });
  await strapi.service('admin::permission').actionProvider.registerMany(actions);
};
