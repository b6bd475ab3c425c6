import type { Core } from '@strapi/strapi';
import { NotificationError } from '../domain/errors';

/** The running Strapi, for code that is handed no instance (a channel's `notify()`). */
export const currentStrapi = (): Core.Strapi => {
  const instance = (globalThis as { strapi?: Core.Strapi }).strapi;
  if (!instance) {
    throw new NotificationError('Strapi is not running: channels can only notify inside a started Strapi app');
  }
  return instance;
};
