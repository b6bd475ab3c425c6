import type { Core } from '@strapi/strapi';
import type { PreferencesConfig } from '../../config/schema';
import type { PreferenceRules } from '../../domain/preferences';
import { createUnsubscribeToken, unsubscribeSecrets, type UnsubscribeTarget } from './unsubscribe-token';

/** The path of the one-click unsubscribe route under the content API's prefix. */
export const UNSUBSCRIBE_PATH = '/notifs/unsubscribe';

/**
 * What preferences read of the app's config, read when used (tests and apps may change config
 * after boot): the rules, the link secrets, and the absolute unsubscribe URL.
 */
export const preferenceSettings = (strapi: Core.Strapi) => {
  const config = () => strapi.config.get('plugin::notifs.preferences') as PreferencesConfig;
  const rules = (): PreferenceRules => ({ defaults: config().defaults, required: config().required });
  // Derived once per (secret, app keys): a derivation is an HMAC per key, and every submission may make links.
  let derived: { from: string; secrets: string[] } | undefined;
  const secrets = (): string[] => {
    const configured = config().unsubscribe.secret;
    const appKeys = strapi.config.get('server.app.keys') as unknown;
    const from = JSON.stringify([configured ?? null, appKeys ?? null]);
    if (derived?.from !== from) derived = { from, secrets: unsubscribeSecrets(configured, appKeys) };
    return derived.secrets;
  };

  /** `https://cms.example.com/api/notifs/unsubscribe`: config `publicUrl`, else Strapi's absolute server URL, and the REST prefix. */
  const endpoint = (): string | null => {
    const base =
      (strapi.config.get('plugin::notifs.publicUrl') as string | undefined) ??
      (strapi.config.get('server.absoluteUrl') as string | undefined);
    if (!base || !/^https?:\/\//i.test(base)) return null;
    const prefix = (strapi.config.get('api.rest.prefix') as string | undefined) ?? '/api';
    return `${base.replace(/\/+$/, '')}${prefix.replace(/\/+$/, '')}${UNSUBSCRIBE_PATH}`;
  };

  return {
    config,
    rules,
    secrets,
    /**
     * Makes unsubscribe URLs with the secret and endpoint read once (a fan-out makes thousands). Each
     * is null when there is nowhere to point (no absolute URL), nothing to sign with, or the category is required.
     */
    linkMaker(now = new Date()): (target: UnsubscribeTarget) => string | null {
      // Read on the first link made: most submissions go through no provider that adds one.
      let read: { secret: string | undefined; url: string | null; required: string[] } | undefined;
      return (target) => {
        read ??= { secret: secrets()[0], url: endpoint(), required: rules().required };
        const { secret, url, required } = read;
        return !secret || !url || required.includes(target.category) ? null : `${url}?token=${createUnsubscribeToken(secret, target, now)}`;
      };
    },
  };
};

export type PreferenceSettings = ReturnType<typeof preferenceSettings>;
