import type { Core } from '@strapi/strapi';
import type { PluginRoot } from './index';

/** The plugin's services by name, as `strapi.plugin('notifs').service(name)` answers them. */
export type NotifsServices = PluginRoot['services'];

/** A typed `strapi.plugin('notifs').service(name)`, for the plugin's edges (controllers, GraphQL, routes). */
export const getService = <K extends keyof NotifsServices>(strapi: Core.Strapi, name: K): NotifsServices[K] =>
  strapi.plugin('notifs').service(name) as NotifsServices[K];
