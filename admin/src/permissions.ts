/** The plugin's admin permission actions (registered by the server in bootstrap), for menus and guards. */
const action = (uid: string) => [{ action: `plugin::notifs.${uid}`, subject: null }];

export const PERMISSIONS = {
  notificationsRead: action('notifications.read'),
  notificationsSend: action('notifications.send'),
  settingsRead: action('settings.read'),
  settingsTest: action('settings.test'),
  triggersRead: action('triggers.read'),
  triggersUpdate: action('triggers.update'),
};

/** Any of these shows the menu link: each page guards itself with its own. */
export const MENU_PERMISSIONS = [
  ...PERMISSIONS.notificationsRead,
  ...PERMISSIONS.notificationsSend,
  ...PERMISSIONS.settingsRead,
  ...PERMISSIONS.triggersRead,
];
