/**
 * Loads entries the way triggers see them: attributes, first-level relations, media and components
 * populated, private attributes and passwords left out (at both levels), so neither a template nor
 * a code trigger can leak a user's password hash into a notification.
 */
import type { Core } from '@strapi/strapi';
import type { TriggerEntry } from '../domain/triggers';
import { nestedModel, visibleAttributes } from './schema-paths';

type Row = Record<string, unknown>;

const POPULATED_TYPES = new Set(['relation', 'media', 'component', 'dynamiczone']);

/** `populate` for every first-level relation, media, component and dynamic zone of `uid`. */
const populateOf = (strapi: Core.Strapi, uid: string): Record<string, true> =>
  Object.fromEntries(
    [...visibleAttributes(strapi, uid)].filter(([, attribute]) => POPULATED_TYPES.has(attribute.type)).map(([name]) => [name, true])
  );

/** Keeps the visible attributes of `uid` in `row`; nested models one level down are cleaned the same way. */
const clean = (strapi: Core.Strapi, uid: string, row: Row, nested: boolean): Row => {
  const attributes = visibleAttributes(strapi, uid);
  const out: Row = {};
  for (const [name, value] of Object.entries(row)) {
    const attribute = attributes.get(name);
    if (!attribute && !(name === '__component' || (!nested && name === 'locale'))) continue;
    const target = attribute && !nested ? nestedModel(attribute) : undefined;
    if (target && value && typeof value === 'object') {
      out[name] = Array.isArray(value) ? value.map((item) => clean(strapi, target, item as Row, true)) : clean(strapi, target, value as Row, true);
    } else if (attribute?.type === 'dynamiczone' && Array.isArray(value)) {
      out[name] = value.map((item) => clean(strapi, String((item as Row).__component), item as Row, true));
    } else {
      out[name] = value;
    }
  }
  return out;
};

/** Entries of `uid` matching `where`, as triggers see them. */
export const loadEntries = async (strapi: Core.Strapi, uid: string, where: Record<string, unknown>): Promise<TriggerEntry[]> => {
  const rows = (await strapi.db.query(uid as Parameters<typeof strapi.db.query>[0]).findMany({
    where,
    populate: populateOf(strapi, uid),
  })) as Row[];
  return rows.map((row) => clean(strapi, uid, row, false) as TriggerEntry);
};
