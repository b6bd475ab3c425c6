import type { Core } from '@strapi/strapi';
import { USER_UID } from '../utils/uids';
import type { RecipientRule, TriggerEntry } from '../domain/triggers';

const idOf = (value: unknown): number | null => {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && 'id' in value) return Number((value as { id: unknown }).id);
  return null;
};

/**
 * The users-permissions user ids a data trigger notifies: the users in a relation of the entry,
 * the users of a role (blocked users left out), or fixed ids. Unique, in a stable order.
 */
export const resolveRecipients = async (strapi: Core.Strapi, rule: RecipientRule, entry: TriggerEntry): Promise<number[]> => {
  let ids: (number | null)[];
  if (rule.type === 'field') {
    const value = entry[rule.field];
    ids = (Array.isArray(value) ? value : [value]).map(idOf);
  } else if (rule.type === 'role') {
    const users = (await strapi.db.query(USER_UID).findMany({
      where: { role: { type: rule.role } },
      select: ['id', 'blocked'],
      orderBy: { id: 'asc' },
    })) as { id: number; blocked: boolean | null }[];
    ids = users.filter((user) => !user.blocked).map((user) => user.id);
  } else {
    ids = rule.ids;
  }
  return [...new Set(ids.filter((id): id is number => Number.isInteger(id) && (id as number) > 0))];
};
