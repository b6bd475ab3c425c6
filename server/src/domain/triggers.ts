/**
 * Types of content-event triggers: code triggers (config `triggers`) and data triggers
 * (`plugin::notifs.trigger` rows). Runtime schemas live in `definition-schema.ts`.
 */
import type { Core, Modules, UID } from '@strapi/strapi';
import type { NotifyInput } from './notify-input';

/** The content events a trigger may listen to. */
export const TRIGGER_EVENTS = ['create', 'update', 'publish', 'unpublish', 'delete'] as const;
export type TriggerEventName = (typeof TRIGGER_EVENTS)[number];

/** One content event, as triggers see it: one per Document Service action (not per locale). */
export interface TriggerEvent {
  type: TriggerEventName;
  uid: string;
  documentId: string;
  /** Locale of `entry` (null for a content type without i18n). */
  locale: string | null;
  /** Every locale the action touched (publish or delete of `locale: '*'` touches several). */
  locales: string[];
}

/** An entry as triggers see it: its attributes, first-level relations populated, private fields left out. */
export type TriggerEntry = Record<string, unknown> & { id: number; documentId: string };

/**
 * The entry a code trigger for `TUid` receives: the document's fields as the app's generated types
 * describe them (first-level relations populated), or a loose record when no uid narrows it.
 */
export type CodeTriggerEntry<TUid extends UID.ContentType = UID.ContentType> = UID.ContentType extends TUid
  ? TriggerEntry
  : Modules.Documents.Document<TUid> & { id: number; documentId: string };

/** Arguments of a code trigger's `condition` and `build`. */
export interface CodeTriggerArgs<TUid extends UID.ContentType = UID.ContentType> {
  entry: CodeTriggerEntry<TUid>;
  /** The event name; `locale` and `documentId` of the event are beside it. */
  event: TriggerEventName;
  locale: string | null;
  documentId: string;
}

/**
 * A trigger written in code, in `notifs.config.triggers`. Fixed shape:
 * `{ uid, events, channels, recipients, build, condition }`. Generic over the content type's uid,
 * as Strapi's own types are: `CodeTrigger<'api::article.article'>` types `entry` as an article.
 */
export interface CodeTrigger<TUid extends UID.ContentType = UID.ContentType> {
  uid: TUid;
  events: TriggerEventName[];
  channels: string[];
  /** users-permissions user ids to notify. */
  recipients(args: CodeTriggerArgs<TUid> & { strapi: Core.Strapi }): number[] | Promise<number[]>;
  /** The notify input without `recipient`; `channels` and `obj` default to the trigger's channels and the entry. */
  build(args: CodeTriggerArgs<TUid>): Omit<NotifyInput, 'recipient'> | Promise<Omit<NotifyInput, 'recipient'>>;
  /** Whether to fire; fires when omitted. */
  condition?(args: CodeTriggerArgs<TUid>): boolean | Promise<boolean>;
}

/**
 * A code trigger for any one content type: what config `triggers` takes, so that a list may hold
 * `CodeTrigger<'api::article.article'>` beside `CodeTrigger<'api::comment.comment'>`.
 */
export type AnyCodeTrigger = { [TUid in UID.ContentType]: CodeTrigger<TUid> }[UID.ContentType];

/** Who receives a data trigger's notifications. */
export type RecipientRule =
  /** The user(s) in a relation of the entry to users-permissions users, e.g. `author`. */
  | { type: 'field'; field: string }
  /** Every user of a users-permissions role, by its `type` (`authenticated`, or a custom role's type). */
  | { type: 'role'; role: string }
  /** Fixed users, by id. */
  | { type: 'users'; ids: number[] };

/** An optional test on one attribute of the entry. */
export interface TriggerCondition {
  field: string;
  operator: 'eq' | 'ne' | 'in' | 'exists';
  /** For `in`: a list; for `exists`: whether the field must be set (default true). */
  value?: unknown;
}

/** The fields of a data trigger that define it (what is validated on save). */
export interface TriggerDefinition {
  name: string;
  uid: string;
  events: TriggerEventName[];
  channels: string[];
  recipientRule: RecipientRule;
  shortDescription?: string | null;
  url?: string | null;
  category?: string | null;
  action?: string | null;
  condition?: TriggerCondition | null;
  enabled?: boolean;
}

/** The mustache templates of a data trigger, by notification field. */
export const TEMPLATE_FIELDS = ['shortDescription', 'url', 'category', 'action'] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];

/** A stored data trigger. */
export interface DataTrigger extends TriggerDefinition {
  id: number;
  documentId: string;
  enabled: boolean;
  failureCount: number;
  lastError: string | null;
  lastErrorAt: string | null;
}

/** The failure record of a trigger: kept on the row for data triggers, in memory for code triggers. */
export interface TriggerFailure {
  failureCount: number;
  lastError: string | null;
  lastErrorAt: string | null;
}
