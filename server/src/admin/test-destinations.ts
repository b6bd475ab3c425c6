/**
 * Where an admin may send a test (`POST /notifs/test-send` with `to`): only destinations the
 * configuration already names — the webhook provider's URLs, `testSend.allow` — and the admin's own
 * email address. Anything else is refused before any connection is made, so a test can neither make
 * the server call an arbitrary URL nor tell whether a port is open.
 */
import type { Core } from '@strapi/strapi';
import { forbidden } from './forbidden';
import type { PluginConfig } from '../config/schema';

/**
 * One spelling per destination: URLs through WHATWG URL parsing (which turns `http://2130706433/`,
 * `http://127.1/` and `http://0x7f.1/` into `http://127.0.0.1/`, lowercases the host, drops default
 * ports), email addresses lowercased, anything else (a Slack or Pusher channel) trimmed.
 */
export const normalizeDestination = (value: string): string => {
  const trimmed = value.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    try {
      return new URL(trimmed).href;
    } catch {
      return trimmed;
    }
  }
  return trimmed.includes('@') ? trimmed.toLowerCase() : trimmed;
};

/** The destinations the configuration names, normalized. */
const configuredDestinations = (config: PluginConfig): string[] => {
  const webhook = config.providers.webhook?.url;
  return [...(webhook ? [webhook].flat() : []), ...(config.testSend?.allow ?? [])];
};

/** Throws a 403 naming `to` unless it is a configured destination or the admin's own email. */
export const assertTestDestination = (strapi: Core.Strapi, to: string, adminEmail: string | undefined): void => {
  const config = strapi.config.get('plugin::notifs') as PluginConfig;
  const allowed = new Set([...configuredDestinations(config), ...(adminEmail ? [adminEmail] : [])].map(normalizeDestination));
  if (allowed.has(normalizeDestination(to))) return;
  throw forbidden(
    `Test destination "${to}" is not allowed: tests go to your own email, the configured providers.webhook.url, or an address listed in testSend.allow (config/plugins)`,
    { to }
  );
};
