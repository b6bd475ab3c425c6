import { z } from 'zod';
import { TRIGGER_EVENTS } from '../domain/triggers';

const eventsSchema = z
  .array(z.enum(TRIGGER_EVENTS))
  .min(1, { message: `must list at least one of ${TRIGGER_EVENTS.join(', ')}` })
  .refine((events) => new Set(events).size === events.length, { message: 'lists an event twice' });

export const recipientRuleSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('field'), field: z.string().min(1) }),
  z.strictObject({ type: z.literal('role'), role: z.string().min(1) }),
  z.strictObject({ type: z.literal('users'), ids: z.array(z.number().int().positive()).min(1) }),
]);

export const conditionSchema = z
  .strictObject({
    field: z.string().min(1),
    operator: z.enum(['eq', 'ne', 'in', 'exists']),
    value: z.unknown().optional(),
  })
  .refine((condition) => condition.operator !== 'in' || Array.isArray(condition.value), {
    message: 'operator "in" needs "value" to be a list',
    path: ['value'],
  })
  .refine((condition) => condition.operator !== 'exists' || condition.value === undefined || typeof condition.value === 'boolean', {
    message: 'operator "exists" takes a boolean "value" (or none, meaning true)',
    path: ['value'],
  });

const template = z.string().nullable().optional();

/** The shape of a data trigger's definition; references (uid, channels, fields) are checked in `validate-definition.ts`. */
export const definitionSchema = z.object({
  name: z.string().trim().min(1, { message: 'is required' }),
  uid: z.string().min(1, { message: 'is required' }),
  events: eventsSchema,
  channels: z.array(z.string().min(1)).min(1, { message: 'must list at least one channel' }),
  recipientRule: recipientRuleSchema,
  shortDescription: template,
  url: template,
  category: template,
  action: template,
  condition: conditionSchema.nullable().optional(),
  enabled: z.boolean().nullable().optional(),
});
