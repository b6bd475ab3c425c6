/**
 * What an entry looks like to triggers, read from the content-type schema: which attribute paths a
 * template, condition or recipient rule may name. Entries are loaded with first-level relations,
 * media and components populated and private attributes left out (see `entries.ts`), so a path
 * may go one level into those and no deeper.
 */
import type { Core } from '@strapi/strapi';
import { contentTypes } from '@strapi/utils';

/** An attribute as the schema describes it (the fields triggers look at). */
export interface AttributeInfo {
  type: string;
  relation?: string;
  target?: string;
  component?: string;
  private?: boolean;
}

/** Fields every entry has besides its attributes. */
const SYSTEM_FIELDS = ['id', 'documentId'];

type Model = Parameters<typeof contentTypes.isPrivateAttribute>[0];

const modelOf = (strapi: Core.Strapi, uid: string): Model | undefined =>
  (strapi.getModel as (uid: string) => Model | undefined)(uid);

/** The attributes of `uid` a trigger may read (private ones and passwords left out), by name. */
export const visibleAttributes = (strapi: Core.Strapi, uid: string): Map<string, AttributeInfo> => {
  const model = modelOf(strapi, uid);
  const visible = new Map<string, AttributeInfo>();
  if (!model) return visible;
  SYSTEM_FIELDS.forEach((name) => visible.set(name, { type: name === 'id' ? 'integer' : 'string' }));
  for (const [name, attribute] of Object.entries(model.attributes as Record<string, AttributeInfo>)) {
    if (attribute.type === 'password' || contentTypes.isPrivateAttribute(model, name)) continue;
    visible.set(name, attribute);
  }
  return visible;
};

/** The model a populated attribute holds (a relation's target, a component, a media file), if any. */
export const nestedModel = (attribute: AttributeInfo): string | undefined => {
  if (attribute.type === 'relation') return attribute.relation?.startsWith('morph') ? undefined : attribute.target;
  if (attribute.type === 'component') return attribute.component;
  if (attribute.type === 'media') return 'plugin::upload.file';
  return undefined;
};

/** Attribute types triggers load but cannot address (no fixed shape). */
const OPAQUE_TYPES = new Set(['dynamiczone']);

/** Why `segments` (an attribute path below an entry of `uid`) cannot be read, or null when it can. */
export const checkAttributePath = (strapi: Core.Strapi, uid: string, segments: string[]): string | null => {
  const [first, ...rest] = segments;
  const attributes = visibleAttributes(strapi, uid);
  const attribute = attributes.get(first);
  if (!attribute) {
    return `"${first}" is not an attribute of ${uid} (attributes: ${[...attributes.keys()].join(', ')})`;
  }
  if (OPAQUE_TYPES.has(attribute.type)) return `"${first}" is a ${attribute.type}, which triggers cannot read`;
  if (!rest.length) return null;
  const target = nestedModel(attribute);
  if (!target) return `"${first}" of ${uid} is a ${attribute.type}, so it has no "${rest[0]}"`;
  const [second, ...deeper] = rest;
  const targetAttributes = visibleAttributes(strapi, target);
  const inner = targetAttributes.get(second);
  if (!inner) {
    return `"${second}" is not a readable attribute of ${target}, the target of "${first}" (attributes: ${[...targetAttributes.keys()].join(', ')})`;
  }
  if (nestedModel(inner) || OPAQUE_TYPES.has(inner.type)) {
    return `"${first}.${second}" is not loaded: triggers load first-level relations only`;
  }
  if (deeper.length) return `"${first}.${second}" is a ${inner.type}, so it has no "${deeper[0]}"`;
  return null;
};
