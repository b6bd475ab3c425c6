import type { Core } from '@strapi/strapi';
import { getNotifsService, type NotifsServices } from 'strapi-plugin-notifs';

/** The plugin's services, typed as apps get them (through the exported accessor, no cast). */
export const service = <K extends keyof NotifsServices>(strapi: Core.Strapi, name: K): NotifsServices[K] => getNotifsService(strapi, name);
