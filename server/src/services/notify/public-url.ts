import type { Core } from '@strapi/strapi';
import type { ChannelContext } from '../../domain/types';
import { wantsPublicUrl, type ChannelClass } from '../../channels/base-channel';

/**
 * The base URL a channel resolves relative links against, handed over as `context.baseUrl` to the
 * channels that declare `static usesPublicUrl = true` (the caller's own `baseUrl` wins): config
 * `publicUrl`, else Strapi's server URL (`server.url`, made absolute by Strapi from host and port
 * when it is relative). Channels build payloads without `strapi`, so it is looked up here, and only
 * when one of the channels asks for it.
 */
export const publicUrlFor = (strapi: Core.Strapi, channelClasses: ChannelClass[], given: ChannelContext): string | undefined => {
  if (given.baseUrl !== undefined || !channelClasses.some(wantsPublicUrl)) return undefined;
  return (
    (strapi.config.get('plugin::notifs.publicUrl') as string | undefined) ??
    (strapi.config.get('server.absoluteUrl') as string | undefined)
  );
};
