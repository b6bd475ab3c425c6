import type { Core } from '@strapi/strapi';
import { getService } from '../root/get-service';
import { parseNotificationId } from '../validation/read-api';
import { asNotFound, callerId } from '../controllers/caller';
import { refValue } from '../validation/ids';
import { createOutputSanitizer } from '../controllers/sanitize-output';
import { typeDefs } from './type-defs';
import type { ListFilters } from '../repositories/notifications';
import type { PreferencesConfig } from '../config/schema';
import type { PreferencesChange } from '../domain/preferences';

interface ResolverContext {
  state: { user?: unknown };
}

type Args = Record<string, unknown>;

/** Each field is allowed to whoever may call the matching REST action (same role permissions). */
const SCOPES: Record<string, string> = {
  'Query.notifsNotifications': 'plugin::notifs.notifications.find',
  'Query.notifsUnreadCount': 'plugin::notifs.notifications.unreadCount',
  'Mutation.notifsMarkRead': 'plugin::notifs.notifications.markRead',
  'Mutation.notifsMarkUnread': 'plugin::notifs.notifications.markUnread',
  'Mutation.notifsMarkAllRead': 'plugin::notifs.notifications.markAllRead',
  'Query.notifsNotification': 'plugin::notifs.notifications.findOne',
  'Mutation.notifsDeleteNotification': 'plugin::notifs.notifications.delete',
  'Query.notifsUnseenCount': 'plugin::notifs.notifications.unreadCount',
  'Mutation.notifsMarkAllSeen': 'plugin::notifs.notifications.markAllSeen',
  'Mutation.notifsArchive': 'plugin::notifs.notifications.archive',
  'Mutation.notifsUnarchive': 'plugin::notifs.notifications.unarchive',
  'Mutation.notifsArchiveAllRead': 'plugin::notifs.notifications.archiveAllRead',
  'Mutation.notifsDeleteAllNotifications': 'plugin::notifs.notifications.deleteAll',
  'Query.notifsPreferences': 'plugin::notifs.preferences.find',
  'Mutation.notifsUpdatePreferences': 'plugin::notifs.preferences.update',
};

const resolvers = (strapi: Core.Strapi) => {
  const read = () => getService(strapi, 'read');
  const preferences = () => getService(strapi, 'preferences');
  const required = () => (strapi.config.get('plugin::notifs.preferences') as PreferencesConfig).required;
  const sanitize = createOutputSanitizer(strapi);
  /** A resolver acting on one of the caller's notifications, named by `id` (numeric or documentId). */
  const one = (how: 'read' | 'unread' | 'findOne' | 'remove' | 'archive' | 'unarchive') => async (_parent: unknown, args: Args, ctx: ResolverContext) => {
    const recipient = callerId(ctx);
    const notifyId = parseNotificationId(args.id);
    return sanitize(ctx, await asNotFound(notifyId, () => read()[how]({ notifyId: refValue(notifyId), recipient })));
  };
  return {
    Query: {
      async notifsNotifications(_parent: unknown, args: Args, ctx: ResolverContext) {
        const recipient = callerId(ctx);
        const { results, pagination } = await read().list({
          recipient,
          filters: (args.filters ?? undefined) as ListFilters | undefined,
          pagination: (args.pagination ?? undefined) as { page?: number; pageSize?: number } | undefined,
        });
        return { nodes: await sanitize(ctx, results), pageInfo: pagination };
      },
      notifsUnreadCount: (_parent: unknown, _args: Args, ctx: ResolverContext) =>
        read().unreadCount({ recipient: callerId(ctx) }),
      notifsUnseenCount: (_parent: unknown, _args: Args, ctx: ResolverContext) => read().unseenCount({ recipient: callerId(ctx) }),
      notifsNotification: one('findOne'),
      notifsPreferences: async (_parent: unknown, _args: Args, ctx: ResolverContext) => ({
        ...(await preferences().get({ recipient: callerId(ctx) })),
        required: required(),
      }),
    },
    Mutation: {
      notifsMarkRead: one('read'),
      notifsMarkUnread: one('unread'),
      notifsMarkAllRead: (_parent: unknown, _args: Args, ctx: ResolverContext) => read().readAll({ recipient: callerId(ctx) }),
      notifsDeleteNotification: one('remove'),
      notifsMarkAllSeen: (_parent: unknown, _args: Args, ctx: ResolverContext) => read().seenAll({ recipient: callerId(ctx) }),
      notifsArchive: one('archive'),
      notifsUnarchive: one('unarchive'),
      notifsArchiveAllRead: (_parent: unknown, _args: Args, ctx: ResolverContext) => read().archiveAll({ recipient: callerId(ctx) }),
      notifsDeleteAllNotifications: (_parent: unknown, _args: Args, ctx: ResolverContext) => read().removeAll({ recipient: callerId(ctx) }),
      // Only the keys given: an omitted quietHours keeps them, an explicit null removes them.
      notifsUpdatePreferences: async (_parent: unknown, args: Args, ctx: ResolverContext) => ({
        ...(await preferences().set({ recipient: callerId(ctx), preferences: args as PreferencesChange })),
        required: required(),
      }),
    },
  };
};

/**
 * When `@strapi/plugin-graphql` is installed: switches off the CRUD it would generate for every
 * `plugin::notifs.*` content type (it would not be scoped to the caller), and adds the caller's
 * own queries and mutations. Returns whether GraphQL is there.
 */
export const registerGraphql = (strapi: Core.Strapi): boolean => {
  const graphql = strapi.plugin('graphql');
  if (!graphql) return false;
  const extension = graphql.service('extension');
  Object.keys(strapi.contentTypes)
    .filter((uid) => uid.startsWith('plugin::notifs.'))
    .forEach((uid) => extension.shadowCRUD(uid).disable());
  extension.use(() => ({
    typeDefs,
    resolvers: resolvers(strapi),
    resolversConfig: Object.fromEntries(Object.entries(SCOPES).map(([field, scope]) => [field, { auth: { scope: [scope] } }])),
  }));
  return true;
};
