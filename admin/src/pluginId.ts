export const PLUGIN_ID = 'notifs';
