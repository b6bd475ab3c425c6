import type { Core } from '@strapi/strapi';
import { contentTypes } from '@strapi/utils';
import { throwValidationError } from '../domain/notify-input';
import { toFormattedIssues, type FormattedIssue } from '../domain/zod-issues';
import { ROLE_UID, USER_UID } from '../utils/uids';
import { findMissingUsers } from '../repositories/users';
import type { ChannelsService } from '../registries/channel-registry';
import { definitionSchema } from './definition-schema';
import { checkTemplate } from './templates';
import { checkAttributePath, visibleAttributes } from './schema-paths';
import { TEMPLATE_FIELDS, type RecipientRule, type TriggerDefinition, type TriggerEventName } from '../domain/triggers';

/** Content types triggers may watch: every one of the app's, except the plugin's own. */
export const isWatchable = (uid: string): boolean => !uid.startsWith('plugin::notifs.');

/** Why `uid` cannot be watched by a trigger, or null. */
export const checkUid = (strapi: Core.Strapi, uid: string): string | null => {
  if (!isWatchable(uid)) return `"${uid}" is one of the notifs plugin's own content types, which triggers do not watch`;
  if (strapi.contentTypes[uid as keyof typeof strapi.contentTypes]) return null;
  const apis = Object.keys(strapi.contentTypes).filter((name) => name.startsWith('api::'));
  return `"${uid}" is not a content type of this app (the app's own: ${apis.join(', ') || 'none'})`;
};

/** Why the events cannot happen to `uid`: publish and unpublish need draft & publish. */
export const checkEvents = (strapi: Core.Strapi, uid: string, events: TriggerEventName[]): string | null => {
  const contentType = strapi.contentTypes[uid as keyof typeof strapi.contentTypes];
  const needsDraft = events.filter((event) => event === 'publish' || event === 'unpublish');
  if (!contentType || !needsDraft.length || contentTypes.hasDraftAndPublish(contentType)) return null;
  return `${needsDraft.join(' and ')} never happen: ${uid} has no draft & publish`;
};

/** The names among `channels` that no registered channel answers to, as one message, or null. */
export const checkChannels = (strapi: Core.Strapi, channels: string[]): string | null => {
  const registry = strapi.plugin('notifs').service('channels') as ChannelsService;
  const unknown = channels.filter((name) => !registry.has(name));
  if (!unknown.length) return null;
  const known = registry.list().map(({ name }) => `"${name}"`).join(', ');
  return `unknown channel ${unknown.map((name) => `"${name}"`).join(', ')}: registered channels are ${known}`;
};

const checkRecipientRule = async (strapi: Core.Strapi, uid: string, rule: RecipientRule): Promise<FormattedIssue | null> => {
  if (rule.type === 'field') {
    const attribute = visibleAttributes(strapi, uid).get(rule.field);
    if (!attribute) return { path: ['recipientRule', 'field'], message: checkAttributePath(strapi, uid, [rule.field]) ?? '' };
    if (attribute.type !== 'relation' || attribute.target !== USER_UID) {
      return { path: ['recipientRule', 'field'], message: `"${rule.field}" of ${uid} is not a relation to ${USER_UID}` };
    }
    return null;
  }
  if (rule.type === 'role') {
    const roles = (await strapi.db.query(ROLE_UID).findMany({ select: ['type'] })) as { type: string }[];
    if (roles.some(({ type }) => type === rule.role)) return null;
    return { path: ['recipientRule', 'role'], message: `no users-permissions role has type "${rule.role}" (roles: ${roles.map(({ type }) => type).join(', ')})` };
  }
  const missing = await findMissingUsers(strapi, rule.ids);
  if (!missing.size) return null;
  return { path: ['recipientRule', 'ids'], message: `no users-permissions user has id ${[...missing].join(', ')}` };
};

/**
 * Checks a data trigger's definition against the app: shape, content type, events, channels,
 * recipient rule, condition field and templates. Throws `ValidationError` naming every problem.
 */
export const validateDefinition = async (strapi: Core.Strapi, input: Record<string, unknown>): Promise<TriggerDefinition> => {
  const name = typeof input.name === 'string' && input.name ? input.name : '(unnamed)';
  const what = `trigger "${name}"`;
  const parsed = definitionSchema.safeParse(input);
  if (!parsed.success) return throwValidationError(what, toFormattedIssues(parsed.error.issues));
  const definition = parsed.data as TriggerDefinition;
  const uidProblem = checkUid(strapi, definition.uid);
  if (uidProblem) return throwValidationError(what, [{ path: ['uid'], message: uidProblem }]);

  const issues: FormattedIssue[] = [];
  const add = (path: string[], message: string | null) => message && issues.push({ path, message });
  add(['events'], checkEvents(strapi, definition.uid, definition.events));
  add(['channels'], checkChannels(strapi, definition.channels));
  const ruleIssue = await checkRecipientRule(strapi, definition.uid, definition.recipientRule);
  if (ruleIssue) issues.push(ruleIssue);
  if (definition.condition) {
    add(['condition', 'field'], checkAttributePath(strapi, definition.uid, definition.condition.field.split('.')));
  }
  for (const field of TEMPLATE_FIELDS) {
    const template = definition[field];
    if (template) checkTemplate(strapi, definition.uid, template).forEach((message) => issues.push({ path: [field], message }));
  }
  if (issues.length) throwValidationError(what, issues);
  return definition;
};
