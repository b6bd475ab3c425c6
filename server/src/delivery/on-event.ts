import type { Core } from '@strapi/strapi';
import type { DeliveryEvent, NOTIFS_EVENTS } from '../domain/types';

/** A listener of a `notifs.*` event: a `notifs.pre_send` or `notifs.pre_bulk_send` one may return `false` to veto the send. */
export type NotifsListener = (event: DeliveryEvent) => boolean | void | Promise<boolean | void>;

/**
 * `strapi.eventHub.on(event, listener)` with the types of the plugin's events (Strapi types every
 * listener as returning `Promise<void>`, which would hide the veto). Returns the function that
 * removes the listener.
 */
export const onNotifsEvent = (
  strapi: Core.Strapi,
  event: (typeof NOTIFS_EVENTS)[keyof typeof NOTIFS_EVENTS],
  listener: NotifsListener
): (() => void) => {
  strapi.eventHub.on(event, listener as never);
  return () => strapi.eventHub.off(event, listener as never);
};
