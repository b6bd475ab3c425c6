/**
 * What the admin pages say about a channel: a human name, the providers it sends through, and
 * whether all of them are configured (a channel with an unconfigured provider can only fail).
 */
import type { Core } from '@strapi/strapi';
import { getService } from '../root/get-service';

export interface ChannelInfo {
  name: string;
  displayName: string;
  providers: string[];
  /** Every provider of the channel has valid options: sending through it can work. */
  configured: boolean;
  /** Its providers without valid options (what to configure). */
  unconfigured: string[];
}

/** The built-in channels' names as their services spell them. */
const BUILT_IN_NAMES: Record<string, string> = {
  console: 'Console',
  email: 'Email',
  slack: 'Slack',
  pusher_channels: 'Pusher Channels',
  webhook: 'Webhook',
  in_app: 'In-app',
  web_push: 'Web push',
  fcm: 'Firebase Cloud Messaging',
  twilio_sms: 'SMS (Twilio)',
  discord: 'Discord',
  teams: 'Microsoft Teams',
};

/** `order_updates` → "Order updates", `smsAlerts` → "Sms alerts": readable without any declaration. */
export const humanize = (id: string): string => {
  const words = id
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_\-.:]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
  if (!words.length) return id;
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};

type ChannelClassOf = ReturnType<ReturnType<typeof getService<'channels'>>['get']>;

/** A channel class may declare `static displayName`; built-ins have theirs; anything else is its id, humanized. */
const displayNameOf = (name: string, ChannelClass: ChannelClassOf): string => {
  const declared = (ChannelClass as unknown as { displayName?: unknown }).displayName;
  if (typeof declared === 'string' && declared.trim()) return declared;
  return BUILT_IN_NAMES[name] ?? humanize(name);
};

/** The providers a channel sends through; a channel whose constructor needs more than this says none. */
const providersOf = (ChannelClass: ChannelClassOf): string[] => {
  try {
    const probe = new ChannelClass({ recipient: null, channels: [] } as never, { context: {} });
    return Array.isArray(probe.providers) ? [...probe.providers] : [];
  } catch {
    return [];
  }
};

/** Every registered channel, sorted by name, as the admin shows it. */
export const channelInfos = (strapi: Core.Strapi): ChannelInfo[] => {
  const configured = new Set(
    getService(strapi, 'providers')
      .list()
      .filter((provider) => provider.configured)
      .map((provider) => provider.name)
  );
  return getService(strapi, 'channels')
    .list()
    .map(({ name, ChannelClass }) => {
      const providers = providersOf(ChannelClass);
      const unconfigured = providers.filter((provider) => !configured.has(provider));
      return {
        name,
        displayName: displayNameOf(name, ChannelClass),
        providers,
        configured: providers.length > 0 && unconfigured.length === 0,
        unconfigured,
      };
    });
};

/** Channel name → display name, for pages that show channels by name (deliveries, triggers). */
export const channelDisplayNames = (strapi: Core.Strapi): Record<string, string> =>
  Object.fromEntries(channelInfos(strapi).map(({ name, displayName }) => [name, displayName]));

/** A content type's name as the content manager shows it (its schema's `info.displayName`), else its uid. */
export const contentTypeDisplayName = (strapi: Core.Strapi, uid: string | null | undefined): string | null => {
  if (!uid) return null;
  const model = (strapi.contentTypes as unknown as Record<string, { info?: { displayName?: string } } | undefined>)[uid];
  return model?.info?.displayName ?? uid;
};
