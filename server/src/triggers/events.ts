/**
 * From a Document Service action to content events. The rules:
 * - one event per action, whatever the number of locales it touched (`event.locales` lists them);
 * - with draft & publish, saving a draft is `create` or `update`, never `publish`; `publish` and
 *   `unpublish` fire once per publish/unpublish action;
 * - `create` or `update` with `status: 'published'` (what the REST API does by default) publishes
 *   too: Strapi calls its inner publish without the middlewares, so it is `create` (or `update`)
 *   then `publish`;
 * - `clone` (the content manager's duplicate) is a `create` of the new document;
 * - `discardDraft` and reads fire nothing.
 */
import type { TriggerEntry, TriggerEvent, TriggerEventName } from '../domain/triggers';

/** The Document Service middleware context, as far as triggers read it. */
export interface DocumentActionContext {
  uid: string;
  action: string;
  params: Record<string, unknown> & { documentId?: string; locale?: unknown; status?: unknown };
}

/** What the action's `next()` resolved with: an entry (create, update) or `{ documentId, entries }`. */
export type ActionResult = (Record<string, unknown> & { id?: number; documentId?: string; entries?: unknown[] }) | null | undefined;

/** The events an action may fire, known before it runs (so the matching triggers are known too). */
export const expectedEvents = (context: DocumentActionContext, draftAndPublish: boolean): TriggerEventName[] => {
  const publishesToo = draftAndPublish && context.params?.status === 'published';
  switch (context.action) {
    case 'create':
    case 'update':
      return publishesToo ? [context.action, 'publish'] : [context.action];
    case 'clone': // the content manager's "duplicate": a new document, as a draft
      return ['create'];
    case 'publish':
    case 'unpublish':
    case 'delete':
      return [context.action];
    default:
      return [];
  }
};

/** Actions whose entries are gone once `next()` resolves: they are loaded before. */
export const removesEntries = (action: string): boolean => action === 'delete' || action === 'unpublish';

/** The row ids an action touched, read from its result. */
export const touchedIds = (result: ActionResult): number[] => {
  if (!result || typeof result !== 'object') return [];
  if (Array.isArray(result.entries)) {
    return result.entries.flatMap((entry) => (entry && typeof entry === 'object' && 'id' in entry ? [Number((entry as { id: unknown }).id)] : []));
  }
  return typeof result.id === 'number' ? [result.id] : [];
};

/** The locale the caller asked for, when it asked for exactly one. */
const askedLocale = (locale: unknown): string | null => (typeof locale === 'string' && locale !== '*' ? locale : null);

/**
 * One event of `type` over the entries an action touched: the entry in the asked locale (else in
 * the default locale, else the first; drafts before published versions), and every locale touched.
 */
export const toEvent = (
  type: TriggerEventName,
  context: DocumentActionContext,
  entries: TriggerEntry[],
  defaultLocale: string | null = null
): { event: TriggerEvent; entry: TriggerEntry } | null => {
  if (!entries.length) return null;
  const locale = askedLocale(context.params?.locale) ?? defaultLocale;
  const ordered = [...entries].sort((a, b) => Number(a.publishedAt != null) - Number(b.publishedAt != null));
  const entry = ordered.find((candidate) => locale && candidate.locale === locale) ?? ordered[0];
  const locales = [...new Set(entries.map((candidate) => candidate.locale).filter((value): value is string => typeof value === 'string'))].sort();
  const event: TriggerEvent = {
    type,
    uid: context.uid,
    documentId: entry.documentId,
    locale: typeof entry.locale === 'string' ? entry.locale : null,
    locales,
  };
  return { event, entry };
};

/** The i18n plugin's default locale, or null without i18n (asked only when entries have locales). */
export const defaultLocale = async (strapi: { plugin(name: string): unknown }, entries: TriggerEntry[]): Promise<string | null> => {
  if (!entries.some((entry) => typeof entry.locale === 'string')) return null;
  const i18n = strapi.plugin('i18n') as { service(name: string): { getDefaultLocale?(): Promise<string | null> } } | undefined;
  return (await i18n?.service('locales').getDefaultLocale?.()) ?? null;
};
