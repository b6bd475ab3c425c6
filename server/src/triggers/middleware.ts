/**
 * The Document Service middleware that turns content actions into trigger firings. It never
 * breaks the action: the triggers run after `next()` resolved (after the outer transaction
 * committed, when there is one), every error is caught, logged and recorded by the service, and
 * the action's result is returned untouched.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Core, Modules } from '@strapi/strapi';
import { contentTypes } from '@strapi/utils';
import { loadEntries } from './entries';
import { expectedEvents, removesEntries, type ActionResult, type DocumentActionContext } from './events';
import { isWatchable } from './validate-definition';
import type { TriggerEntry, TriggerEventName } from '../domain/triggers';

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * How many firings deep a write is: a trigger whose code writes entries fires triggers in turn,
 * and one that writes the entry it fired for would loop forever. Past MAX_DEPTH, writes fire nothing.
 */
const depth = new AsyncLocalStorage<number>();
const MAX_DEPTH = 5;

/** What the middleware needs of the triggers service (handed in by `register()`). */
export interface TriggerRunner<Matched extends { count: number }> {
  match(uid: string, events: TriggerEventName[]): Promise<Matched>;
  fire(matched: Matched, context: DocumentActionContext, events: TriggerEventName[], result: ActionResult, before: TriggerEntry[]): Promise<void>;
  track(firing: Promise<void>): void;
}

/** The middleware; registered in `register()` with `strapi.documents.use`. */
export const createTriggerMiddleware = <Matched extends { count: number }>(strapi: Core.Strapi, service: TriggerRunner<Matched>) => {
  const middleware = async (context: DocumentActionContext, next: () => Promise<ActionResult>): Promise<ActionResult> => {
    const contentType = strapi.contentTypes[context.uid as keyof typeof strapi.contentTypes];
    if (!contentType || !isWatchable(context.uid)) return next();
    const events = expectedEvents(context, contentTypes.hasDraftAndPublish(contentType));
    if (!events.length) return next();

    const level = depth.getStore() ?? 0;
    if (level >= MAX_DEPTH) {
      strapi.log.warn(`[notifs] triggers skipped for ${context.action} of ${context.uid}: ${MAX_DEPTH} trigger firings deep (does a trigger write the entry that fired it?)`);
      return next();
    }
    let matched: Matched;
    let before: TriggerEntry[] = [];
    try {
      matched = await service.match(context.uid, events);
      if (!matched.count) return next();
      // Deleted and unpublished rows are gone once the action is done: read them first.
      if (removesEntries(context.action) && typeof context.params?.documentId === 'string') {
        before = await loadEntries(strapi, context.uid, { documentId: context.params.documentId });
      }
    } catch (error) {
      strapi.log.warn(`[notifs] triggers skipped for ${context.action} of ${context.uid}: ${message(error)}`);
      return next();
    }

    const result = await next();
    const fire = () => depth.run(level + 1, () => service.fire(matched, context, events, result, before));
    if (strapi.db.inTransaction()) {
      // Inside a caller's transaction (the content manager's publish): fire once it commits, not
      // if it rolls back, and never inside it (a failing notify must not abort the caller's write).
      await strapi.db.transaction(async ({ onCommit }) => onCommit(() => service.track(fire())));
    } else {
      await fire();
    }
    return result;
  };
  return middleware as unknown as Modules.Documents.Middleware.Middleware;
};
