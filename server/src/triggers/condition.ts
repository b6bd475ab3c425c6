import type { TriggerCondition, TriggerEntry } from '../domain/triggers';

/** The value at a dotted path of the entry; a related entry stands for its id (`author` eq 3). */
const valueAt = (entry: TriggerEntry, field: string): unknown => {
  let value: unknown = entry;
  for (const key of field.split('.')) {
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  if (value && typeof value === 'object' && !Array.isArray(value) && 'id' in value) return (value as { id: unknown }).id;
  return value;
};

const isSet = (value: unknown): boolean => value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && !value.length);

/** Whether a data trigger's condition holds for the entry (no condition: it does). */
export const conditionHolds = (condition: TriggerCondition | null | undefined, entry: TriggerEntry): boolean => {
  if (!condition) return true;
  const value = valueAt(entry, condition.field);
  switch (condition.operator) {
    case 'eq':
      return value === condition.value;
    case 'ne':
      return value !== condition.value;
    case 'in':
      return Array.isArray(condition.value) && condition.value.includes(value);
    case 'exists':
      return isSet(value) === (condition.value ?? true);
  }
};
