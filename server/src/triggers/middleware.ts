/**
 * The Document Service middleware that turns content actions into trigger firings. It never
 * breaks the action: the triggers run after `next()` resolved (after the outer transaction
 * committed, when there is one), every error is caught, logged and recorded by the service, and
 * the action's result is returned untouched.
 */
import type { Core, Modules } from '@strapi/strapi';
import { contentTypes } from '@strapi/utils';
import { getService } from '../utils/get-service';
import { loadEntries } from './entries';
import { expectedEvents, removesEntries, type ActionResult, type DocumentActionContext } from './events';
import { isWatchable } from './validate-definition';
import type { TriggerEntry } from './types';

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The middleware; registered in `register()` with `strapi.documents.use`. */
export const createTriggerMiddleware = (strapi: Core.Strapi) => {
  const middleware = async (context: DocumentActionContext, next: () => Promise<ActionResult>): Promise<ActionResult> => {
    const contentType = strapi.contentTypes[context.uid as keyof typeof strapi.contentTypes];
    if (!contentType || !isWatchable(context.uid)) return next();
    const events = expectedEvents(context, contentTypes.hasDraftAndPublish(contentType));
    if (!events.length) return next();

    const service = getService(strapi, 'triggers');
    let matched: Awaited<ReturnType<typeof service.match>>;
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
    const fire = () => service.fire(matched, context, events, result, before);
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
