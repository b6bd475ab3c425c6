/**
 * What a trigger would send for one event: its recipients and the notify input. Used to fire (then
 * `notifyMany`) and to preview (`triggers.test()`), so both run the very same code.
 */
import type { Core } from '@strapi/strapi';
import type { NotifyInput } from '../domain/notify-input';
import { conditionHolds } from './condition';
import { resolveRecipients } from './recipients';
import { renderTemplate } from './templates';
import { TEMPLATE_FIELDS, type CodeTrigger, type CodeTriggerArgs, type DataTrigger, type TriggerEntry, type TriggerEvent } from '../domain/triggers';

/** One event with the entry it is about. */
export interface Firing {
  event: TriggerEvent;
  entry: TriggerEntry;
}

/** What a trigger sends for one firing; `null` from `plan*` when its condition does not hold. */
export interface TriggerPlan {
  recipients: number[];
  input: Omit<NotifyInput, 'recipient'>;
}

/** Plans a data trigger: condition, recipient rule, templates rendered against `{ entry, event }`. */
export const planDataTrigger = async (strapi: Core.Strapi, trigger: DataTrigger, { event, entry }: Firing): Promise<TriggerPlan | null> => {
  if (!conditionHolds(trigger.condition, entry)) return null;
  const input: Omit<NotifyInput, 'recipient'> = {
    channels: trigger.channels,
    obj: { uid: event.uid, documentId: event.documentId },
    extraData: { trigger: { id: trigger.id, name: trigger.name }, event: { type: event.type, locale: event.locale } },
  };
  for (const field of TEMPLATE_FIELDS) {
    const template = trigger[field];
    if (template) input[field] = renderTemplate(template, entry, event);
  }
  return { recipients: await resolveRecipients(strapi, trigger.recipientRule, entry), input };
};

const codeArgs = ({ event, entry }: Firing): CodeTriggerArgs => ({
  entry,
  event: event.type,
  locale: event.locale,
  documentId: event.documentId,
});

/** Plans a code trigger: its `condition`, `recipients` and `build`; `channels` and `obj` default to the trigger's. */
export const planCodeTrigger = async (strapi: Core.Strapi, trigger: CodeTrigger, firing: Firing): Promise<TriggerPlan | null> => {
  const args = codeArgs(firing);
  if (trigger.condition && !(await trigger.condition(args))) return null;
  const recipients = await trigger.recipients({ ...args, strapi });
  if (!Array.isArray(recipients) || recipients.some((id) => !Number.isInteger(id) || id <= 0)) {
    throw new TypeError(`recipients() returned ${JSON.stringify(recipients)}: it must return a list of users-permissions user ids`);
  }
  const built = await trigger.build(args);
  if (!built || typeof built !== 'object') throw new TypeError('build() must return the notify input (without recipient)');
  const input = {
    obj: { uid: firing.event.uid, documentId: firing.event.documentId },
    ...built,
    channels: built.channels ?? trigger.channels,
  };
  return { recipients: [...new Set(recipients)], input };
};
