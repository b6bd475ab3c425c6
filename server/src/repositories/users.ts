import type { Core } from '@strapi/strapi';
import { USER_UID } from '../utils/uids';

const ID_CHUNK = 900; // under SQLite's bound-parameter limit

/** The ids among `ids` that no users-permissions user has. */
export const findMissingUsers = async (strapi: Core.Strapi, ids: number[]): Promise<Set<number>> => {
  const missing = new Set(ids);
  const unique = [...missing];
  for (let i = 0; i < unique.length; i += ID_CHUNK) {
    const found = (await strapi.db.query(USER_UID).findMany({
      where: { id: { $in: unique.slice(i, i + ID_CHUNK) } },
      select: ['id'],
    })) as { id: number }[];
    found.forEach(({ id }) => missing.delete(Number(id)));
  }
  return missing;
};
