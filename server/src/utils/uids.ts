/** Content-type uids of the plugin and of the models it points at. */
export const NOTIFICATION_UID = 'plugin::notifs.notification';
export const USER_UID = 'plugin::users-permissions.user';
export const DELIVERY_UID = 'plugin::notifs.delivery';
export const TRIGGER_UID = 'plugin::notifs.trigger';
export const ROLE_UID = 'plugin::users-permissions.role';
export const PUSH_SUBSCRIPTION_UID = 'plugin::notifs.push-subscription';
export const PREFERENCE_UID = 'plugin::notifs.preference';
