import { PLUGIN_ID } from './pluginId';

/** `notifs.<key>`: translation keys are namespaced by plugin in the admin. */
export const getTranslation = (key: string): string => `${PLUGIN_ID}.${key}`;
