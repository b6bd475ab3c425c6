import type { Core } from '@strapi/strapi';
import type { NotifsServices } from 'strapi-plugin-notifs';

/** The plugin's services, typed as apps would type them. */
export const service = <K extends keyof NotifsServices>(strapi: Core.Strapi, name: K): NotifsServices[K] =>
  strapi.plugin('notifs').service(name) as NotifsServices[K];
