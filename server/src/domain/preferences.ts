import { z } from 'zod';
import { NUL_MESSAGE, hasNul } from './limits';

/*
 * A recipient's preferences: per category × channel, on or off, and quiet hours (their arithmetic is
 * in quiet-hours.ts). The zod schemas are the single source of the types.
 */

/** Categories per user, channels per category: bounds that keep one row small. */
export const MAX_PREFERENCE_CATEGORIES = 200;
export const MAX_PREFERENCE_CHANNELS = 50;

const name = (what: string) =>
  z
    .string()
    .min(1, { message: `must not be empty (a ${what} name)` })
    .max(255, { message: `must be a ${what} name of at most 255 characters` })
    .refine((value) => !hasNul(value), { message: NUL_MESSAGE });

export const categoryName = name('category');
const channelName = name('channel');

/** `{ [channel]: on }` of one category; `null` (in a change) forgets the recipient's own setting. */
const switches = <V extends z.ZodType>(value: V) =>
  z.record(channelName, value).refine((record) => Object.keys(record).length <= MAX_PREFERENCE_CHANNELS, {
    message: `may name at most ${MAX_PREFERENCE_CHANNELS} channels`,
  });

const categoriesOf = <V extends z.ZodType>(value: V) =>
  z.record(categoryName, value).refine((record) => Object.keys(record).length <= MAX_PREFERENCE_CATEGORIES, {
    message: `may name at most ${MAX_PREFERENCE_CATEGORIES} categories`,
  });

/** `{ [category]: { [channel]: boolean } }`: the shape of a recipient's categories and of config `preferences.defaults`. */
export const categorySwitchesSchema = categoriesOf(switches(z.boolean({ message: 'must be true (on) or false (off)' })));

const HH_MM = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const clock = z.string().regex(HH_MM, { message: 'must be a time of day as "HH:MM" (24 hours), such as "22:00"' });

/** Whether `Intl` knows the zone (what the send side would use to read the clock there). */
const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const quietHoursSchema = z
  .strictObject({
    start: clock,
    end: clock,
    timeZone: z.string().max(64).refine(isTimeZone, { message: 'must be an IANA time zone, such as "Europe/Paris" or "UTC"' }),
  })
  .refine((hours) => hours.start !== hours.end, { message: 'must have "start" and "end" apart (an empty window)', path: ['end'] });

/** What is stored for a recipient, and what `preferences.get` answers. */
export const preferencesSchema = z.strictObject({
  categories: categorySwitchesSchema,
  quietHours: quietHoursSchema.optional(),
});

/**
 * What `preferences.set` takes: merged into what is stored. A channel set to `null` goes back to the
 * default, a category set to `null` forgets all of its channels, `quietHours: null` removes them.
 */
export const preferencesChangeSchema = z.strictObject({
  categories: categoriesOf(
    switches(z.boolean({ message: 'must be true (on), false (off) or null (back to the default)' }).nullable()).nullable()
  ).optional(),
  quietHours: quietHoursSchema.nullable().optional(),
});

export type CategorySwitches = z.infer<typeof categorySwitchesSchema>;
export type QuietHours = z.infer<typeof quietHoursSchema>;
export type Preferences = z.infer<typeof preferencesSchema>;
export type PreferencesChange = z.infer<typeof preferencesChangeSchema>;

/** What config `preferences` says: the defaults and the categories nobody can switch off. */
export interface PreferenceRules {
  defaults: CategorySwitches;
  required: string[];
}

/** A recipient with nothing stored. */
export const NO_PREFERENCES: Preferences = { categories: {} };

/**
 * Why this delivery is off for its recipient, or null when it goes. Effective value: the recipient's
 * own setting, else config defaults, else on. A notification without a category, and a category
 * in `required`, always go.
 */
export const offReason = (
  own: Preferences | undefined,
  rules: PreferenceRules,
  category: string | null,
  channel: string
): string | null => {
  if (category === null || rules.required.includes(category)) return null;
  const mine = own?.categories[category]?.[channel];
  if (mine === false) return `recipient switched off category "${category}" on channel "${channel}"`;
  if (mine === true) return null;
  if (rules.defaults[category]?.[channel] === false)
    return `category "${category}" is off by default on channel "${channel}" (config preferences.defaults)`;
  return null;
};

/** The recipient's preferences as they act: defaults overlaid with their own settings, required categories on. */
export const effectivePreferences = (own: Preferences, rules: PreferenceRules): Preferences => {
  const categories: CategorySwitches = {};
  for (const source of [rules.defaults, own.categories]) {
    for (const [category, channels] of Object.entries(source)) categories[category] = { ...categories[category], ...channels };
  }
  for (const category of rules.required) {
    if (categories[category])
      categories[category] = Object.fromEntries(Object.keys(categories[category]).map((channel) => [channel, true]));
  }
  return own.quietHours ? { categories, quietHours: own.quietHours } : { categories };
};

/** `current` with `change` applied (see `preferencesChangeSchema`). */
export const applyChange = (current: Preferences, change: PreferencesChange): Preferences => {
  const categories: CategorySwitches = Object.fromEntries(
    Object.entries(current.categories).map(([category, channels]) => [category, { ...channels }])
  );
  for (const [category, channels] of Object.entries(change.categories ?? {})) {
    if (channels === null) {
      delete categories[category];
      continue;
    }
    const next = { ...categories[category] };
    for (const [channel, on] of Object.entries(channels)) {
      if (on === null) delete next[channel];
      else next[channel] = on;
    }
    if (Object.keys(next).length) categories[category] = next;
    else delete categories[category];
  }
  const quietHours = change.quietHours === undefined ? current.quietHours : (change.quietHours ?? undefined);
  return quietHours ? { categories, quietHours } : { categories };
};
