import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { errors } from '@strapi/utils';
import {
  NO_PREFERENCES,
  applyChange,
  effectivePreferences,
  preferencesChangeSchema,
  type Preferences,
  type PreferencesChange,
} from '../../domain/preferences';
import { MAX_ROW_ID } from '../../domain/limits';
import { throwValidationError } from '../../domain/notify-input';
import { toFormattedIssues } from '../../domain/zod-issues';
import type { ChannelsService } from '../../registries/channel-registry';
import type { PreferenceRepository } from '../../repositories/preferences';
import { findMissingUsers } from '../../repositories/users';
import { preferenceSettings } from './settings';
import { verifyUnsubscribeToken, type UnsubscribeTarget } from './unsubscribe-token';

export interface PreferencesDeps {
  strapi: Core.Strapi;
  repository: PreferenceRepository;
  channels: ChannelsService;
}

const recipientSchema = z
  .number({ message: 'must be a user id' })
  .int()
  .positive()
  .max(MAX_ROW_ID, `must be a user id (at most ${MAX_ROW_ID})`);

/** What `unsubscribe` did: the category and channel now off for the recipient. */
export type UnsubscribeResult = UnsubscribeTarget;

/**
 * `preferences`: a recipient's own choices per category × channel (and quiet hours), read as they
 * act (config defaults under them, required categories on) and changed by merging. The outbox's
 * check that enforces them is in `screen.ts`.
 */
export const createPreferencesService = ({ strapi, repository, channels }: PreferencesDeps) => {
  const settings = preferenceSettings(strapi);

  const parseRecipient = (recipient: unknown, what: string): number => {
    const parsed = recipientSchema.safeParse(recipient);
    if (!parsed.success)
      return throwValidationError(what, [{ path: ['recipient'], message: parsed.error.issues[0]?.message ?? 'must be a user id' }]);
    return parsed.data;
  };

  const assertUser = async (recipient: number, what: string): Promise<void> => {
    if ((await findMissingUsers(strapi, [recipient])).size)
      throwValidationError(what, [{ path: ['recipient'], message: `no users-permissions user has id ${recipient}` }]);
  };

  /** Refuses what the config says cannot be, naming each: a required category switched off, a channel nobody registered. */
  const checkChange = (change: PreferencesChange, what: string): void => {
    const { required } = settings.rules();
    const issues: { path: string[]; message: string }[] = [];
    for (const [category, switches] of Object.entries(change.categories ?? {})) {
      for (const [channel, on] of Object.entries(switches ?? {})) {
        const path = ['preferences', 'categories', category, channel];
        if (!channels.has(channel)) {
          const names = channels
            .list()
            .map((one) => one.name)
            .join(', ');
          issues.push({ path, message: `names no registered channel ("${channel}"): registered channels are ${names}` });
        } else if (on === false && required.includes(category)) {
          issues.push({ path, message: `cannot be switched off: category "${category}" is required (config preferences.required)` });
        }
      }
    }
    if (issues.length) throwValidationError(what, issues);
  };

  const read = async (recipient: number): Promise<Preferences> =>
    effectivePreferences((await repository.find(recipient)) ?? NO_PREFERENCES, settings.rules());

  /** What an unsubscribe link's token names, checked (400/403 for a bad, tampered or expired token; 404 for a user gone), changing nothing. */
  const unsubscribeTarget = async ({ token }: { token: unknown }): Promise<UnsubscribeResult> => {
    const { recipient, category, channel } = verifyUnsubscribeToken(settings.secrets(), token, settings.config().unsubscribe.maxAgeDays);
    if (settings.rules().required.includes(category)) {
      throwValidationError('unsubscribe link', [
        { path: ['category'], message: `"${category}" is required (config preferences.required): it cannot be switched off` },
      ]);
    }
    if ((await findMissingUsers(strapi, [recipient])).size)
      throw new errors.NotFoundError('The user this unsubscribe link was made for no longer exists');
    return { recipient, category, channel };
  };

  return {
    /** The recipient's preferences as they act: config defaults overlaid with their own, required categories on. */
    async get({ recipient }: { recipient: number }): Promise<Preferences> {
      return read(parseRecipient(recipient, 'preferences.get() input'));
    },

    /**
     * Merges `preferences` into what the recipient has: `true`/`false` set a category × channel,
     * `null` forgets a setting (back to the default), `quietHours: null` removes them. Switching a
     * required category off, or naming an unknown channel, is refused (400) and nothing changes.
     * Resolves with the preferences as they now act.
     */
    async set({ recipient, preferences }: { recipient: number; preferences: PreferencesChange }): Promise<Preferences> {
      const what = 'preferences';
      const id = parseRecipient(recipient, 'preferences.set() input');
      const parsed = preferencesChangeSchema.safeParse(preferences);
      if (!parsed.success)
        return throwValidationError(
          what,
          toFormattedIssues(parsed.error.issues).map((issue) => ({ ...issue, path: ['preferences', ...issue.path] }))
        );
      checkChange(parsed.data, what);
      await assertUser(id, 'preferences.set() input');
      await strapi.db.transaction(async () => {
        const current = (await repository.find(id, { forUpdate: true })) ?? NO_PREFERENCES;
        await repository.save(id, applyChange(current, parsed.data));
      });
      return read(id);
    },

    /**
     * The one-click unsubscribe URL for a recipient, category and channel (what the email provider
     * puts in `List-Unsubscribe`); null when there is no public URL or secret, or the category is
     * required. For apps that want the link in their own templates too.
     */
    unsubscribeUrl(target: UnsubscribeTarget): string | null {
      return settings.linkMaker()(target);
    },

    unsubscribeTarget,

    /** Switches off what a token from an unsubscribe link names (checked as `unsubscribeTarget` does). */
    async unsubscribe({ token }: { token: unknown }): Promise<UnsubscribeResult> {
      const { recipient, category, channel } = await unsubscribeTarget({ token });
      await strapi.db.transaction(async () => {
        const current = (await repository.find(recipient, { forUpdate: true })) ?? NO_PREFERENCES;
        await repository.save(recipient, applyChange(current, { categories: { [category]: { [channel]: false } } }));
      });
      return { recipient, category, channel };
    },
  };
};

export type PreferencesService = ReturnType<typeof createPreferencesService>;
