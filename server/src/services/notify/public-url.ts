import type { Core } from '@strapi/strapi';
import type { ChannelContext } from '../../domain/types';
import type { ChannelClass } from '../../channels/base-channel';

/** A channel class that asks for the app's public URL in its context (the built-in `email` does). */
const wantsPublicUrl = (ChannelClass: ChannelClass): boolean =>
  (ChannelClass as ChannelClass & { usesPublicUrl?: boolean }).usesPublicUrl === true;

/**
 * The base URL a channel resolves relative links against, handed over as `context.baseUrl` (the
 * caller's own wins): config `publicUrl`, else Strapi's server URL (`server.url`, made absolute by
 * Strapi from host and port when it is relative). Channels build payloads without `strapi`, so it
 * is looked up here; only when a channel asks for it, so other channels' contexts stay as given.
 */
export const withPublicUrl = (strapi: Core.Strapi, channelClasses: ChannelClass[], context: ChannelContext): ChannelContext => {
  if (context.baseUrl !== undefined || !channelClasses.some(wantsPublicUrl)) return context;
  const baseUrl =
    (strapi.config.get('plugin::notifs.publicUrl') as string | undefined) ??
    (strapi.config.get('server.absoluteUrl') as string | undefined);
  return baseUrl ? { ...context, baseUrl } : context;
};
