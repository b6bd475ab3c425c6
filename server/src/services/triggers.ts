import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { NotifyService } from './notify';
import { triggerRepository } from '../repositories/triggers';
import { codeTriggerName, codeTriggers } from '../triggers/code-triggers';
import { loadEntries } from '../triggers/entries';
import { defaultLocale, toEvent, touchedIds, type ActionResult, type DocumentActionContext } from '../triggers/events';
import { planCodeTrigger, planDataTrigger, type Firing, type TriggerPlan } from '../triggers/plan';
import { TRIGGER_EVENTS, type CodeTrigger, type DataTrigger, type TriggerEntry, type TriggerEvent, type TriggerEventName, type TriggerFailure } from '../domain/triggers';
import { parseEntityRef } from '../validation/ids';

/** The triggers watching one action: code triggers (with their index in the config) and data triggers. */
export interface MatchedTriggers {
  count: number;
  code: { index: number; trigger: CodeTrigger }[];
  data: DataTrigger[];
}

/** A trigger as `list()` shows it, code or data. */
export interface TriggerSummary extends TriggerFailure {
  /** `code:<index>` for a code trigger, the row id for a data trigger. */
  id: string | number;
  source: 'code' | 'data';
  name: string;
  uid: string;
  events: TriggerEventName[];
  channels: string[];
  enabled: boolean;
}

/** What `test()` answers: what the trigger would send for the entry, sent to nobody. */
export interface TriggerPreview {
  trigger: { id: string | number; name: string };
  event: TriggerEvent;
  entry: TriggerEntry;
  /** False when the trigger's condition does not hold: it would not fire. */
  fires: boolean;
  recipients: number[];
  input: TriggerPlan['input'] | null;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const CODE_ID = /^code:(\d+)$/;

/**
 * `triggers`: fires content-event triggers (called by the Document Service middleware), lists
 * them, and previews one against a real entry. A failing trigger is logged and recorded (on its
 * row, or in memory for a code trigger); it never fails the write that fired it.
 */
export const createTriggersService = ({ strapi, notify }: { strapi: Core.Strapi; notify: NotifyService }) => {
  const repository = triggerRepository(strapi);
  const codeFailures = new Map<number, TriggerFailure>();
  const pending = new Set<Promise<void>>();

  const failureOf = (index: number): TriggerFailure => codeFailures.get(index) ?? { failureCount: 0, lastError: null, lastErrorAt: null };

  const send = async (plan: TriggerPlan | null): Promise<void> => {
    if (plan?.recipients.length) await notify.notifyMany(plan.recipients, plan.input);
  };

  const warn = (name: string, firing: Firing, error: unknown): string => {
    const text = message(error);
    const { type, uid, documentId } = firing.event;
    strapi.log.warn(`[notifs] trigger ${name} failed on ${type} of ${uid} ${documentId} (the entry is saved): ${text}`);
    return text;
  };

  const fireOne = async (matched: MatchedTriggers, firing: Firing): Promise<void> => {
    for (const { index, trigger } of matched.code.filter(({ trigger }) => trigger.events.includes(firing.event.type))) {
      try {
        await send(await planCodeTrigger(strapi, trigger, firing));
      } catch (error) {
        const previous = failureOf(index);
        codeFailures.set(index, {
          failureCount: previous.failureCount + 1,
          lastError: warn(codeTriggerName(index, trigger), firing, error),
          lastErrorAt: new Date().toISOString(),
        });
      }
    }
    for (const trigger of matched.data.filter(({ events }) => events.includes(firing.event.type))) {
      try {
        await send(await planDataTrigger(strapi, trigger, firing));
      } catch (error) {
        await repository.recordFailure(trigger, warn(`"${trigger.name}"`, firing, error));
      }
    }
  };

  return {
    /** The triggers watching `uid` for any of `events` (read before the action runs). */
    async match(uid: string, events: TriggerEventName[]): Promise<MatchedTriggers> {
      const listens = (own: TriggerEventName[]) => own.some((event) => events.includes(event));
      const code = codeTriggers(strapi)
        .map((trigger, index) => ({ index, trigger }))
        .filter(({ trigger }) => trigger.uid === uid && listens(trigger.events));
      const data = (await repository.findEnabledFor(uid)).filter((trigger) => listens(trigger.events));
      return { count: code.length + data.length, code, data };
    },

    /**
     * Fires the matched triggers for an action that is done: one firing per event, in order
     * (`create` before `publish`). Never throws: every failure is logged and recorded.
     */
    async fire(
      matched: MatchedTriggers,
      context: DocumentActionContext,
      events: TriggerEventName[],
      result: ActionResult,
      before: TriggerEntry[]
    ): Promise<void> {
      try {
        const ids = new Set(touchedIds(result));
        const entries = before.length
          ? before.filter((entry) => ids.has(entry.id))
          : ids.size
            ? await loadEntries(strapi, context.uid, { id: { $in: [...ids] } })
            : [];
        const fallbackLocale = await defaultLocale(strapi, entries);
        for (const type of events) {
          const firing = toEvent(type, context, entries, fallbackLocale);
          if (firing) await fireOne(matched, firing);
        }
      } catch (error) {
        strapi.log.warn(`[notifs] triggers of ${context.uid} could not run after ${context.action} (the entry is saved): ${message(error)}`);
      }
    },

    /** Keeps a deferred firing (one that waits for a transaction to commit) so `settled()` can await it. */
    track(firing: Promise<void>): void {
      pending.add(firing);
      void firing.finally(() => pending.delete(firing));
    },

    /** Resolves once every deferred firing is done: for tests, CLIs and shutdown. */
    async settled(): Promise<void> {
      while (pending.size) await Promise.allSettled([...pending]);
    },

    /** Code triggers, then data triggers, with their failure records. */
    async list(): Promise<TriggerSummary[]> {
      const code = codeTriggers(strapi).map((trigger, index): TriggerSummary => ({
        id: `code:${index}`,
        source: 'code',
        name: codeTriggerName(index, trigger),
        uid: trigger.uid,
        events: trigger.events,
        channels: trigger.channels,
        enabled: true,
        ...failureOf(index),
      }));
      const data = (await repository.findAll()).map((trigger): TriggerSummary => ({
        id: trigger.id,
        source: 'data',
        name: trigger.name,
        uid: trigger.uid,
        events: trigger.events,
        channels: trigger.channels,
        enabled: trigger.enabled,
        failureCount: trigger.failureCount,
        lastError: trigger.lastError,
        lastErrorAt: trigger.lastErrorAt,
      }));
      return [...code, ...data];
    },

    /**
     * Previews a trigger against a real entry without sending anything: condition, recipients and
     * the rendered notify input. `triggerId`: a data trigger's id or documentId, or `code:<index>`.
     * The entry is its draft when it has one (what an editor sees), else its published version.
     */
    async test(
      triggerId: number | string,
      documentId: string,
      options: { event?: TriggerEventName; locale?: string } = {}
    ): Promise<TriggerPreview> {
      const codeIndex = typeof triggerId === 'string' ? CODE_ID.exec(triggerId)?.[1] : undefined;
      const code = codeIndex === undefined ? undefined : codeTriggers(strapi)[Number(codeIndex)];
      const data = codeIndex === undefined ? await repository.findOne(parseEntityRef(triggerId, 'triggers.test() triggerId', 'triggerId')) : null;
      const trigger = code ?? data;
      if (!trigger) throw new errors.NotFoundError(`No trigger has id ${JSON.stringify(triggerId)}: see triggers.list()`);
      const name = code ? codeTriggerName(Number(codeIndex), code) : (data as DataTrigger).name;
      const where = { documentId, ...(options.locale ? { locale: options.locale } : {}) };
      const entries = await loadEntries(strapi, trigger.uid, where);
      const type = options.event ?? trigger.events[0];
      if (!TRIGGER_EVENTS.includes(type)) {
        throw new errors.ValidationError(`Unknown event "${type}": events are ${TRIGGER_EVENTS.join(', ')}`);
      }
      const firing = toEvent(type, { uid: trigger.uid, action: type, params: { locale: options.locale } }, entries, await defaultLocale(strapi, entries));
      if (!firing) throw new errors.NotFoundError(`No entry of ${trigger.uid} has documentId "${documentId}"${options.locale ? ` in locale "${options.locale}"` : ''}`);
      const plan = code ? await planCodeTrigger(strapi, code, firing) : await planDataTrigger(strapi, data as DataTrigger, firing);
      return {
        trigger: { id: code ? `code:${codeIndex}` : (data as DataTrigger).id, name },
        event: firing.event,
        entry: firing.entry,
        fires: plan !== null,
        recipients: plan?.recipients ?? [],
        input: plan?.input ?? null,
      };
    },
  };
};

export type TriggersService = ReturnType<typeof createTriggersService>;
