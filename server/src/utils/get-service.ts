import type { Core } from '@strapi/strapi';
import type services from '../services';

/** The plugin's services by name, typed from their factories. */
export type NotifsServices = { [K in keyof typeof services]: ReturnType<(typeof services)[K]> };

/** A typed `strapi.plugin('notifs').service(name)`, so call sites need no casts. */
export const getService = <K extends keyof NotifsServices>(strapi: Core.Strapi, name: K): NotifsServices[K] =>
  strapi.plugin('notifs').service(name) as NotifsServices[K];
