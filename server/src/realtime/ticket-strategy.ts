import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { TicketIssuer } from './ticket';

export interface Ability {
  can(action: string): boolean;
}

export interface UpUser {
  id: number;
  blocked?: boolean;
  role?: { id: number };
}

/**
 * A content-API auth strategy for `GET /stream?ticket=…`: the ticket stands for the user who asked
 * for it, with that user's role permissions (as users-permissions computes them). Without a
 * `ticket` parameter it steps aside and the users-permissions strategy (Authorization header) runs.
 */
export const createTicketStrategy = (strapi: Core.Strapi, tickets: () => TicketIssuer) => ({
  name: 'notifs-stream-ticket',

  async authenticate(ctx: Context) {
    const ticket = ctx.query.ticket;
    if (ticket === undefined) return { authenticated: false };
    const userId = typeof ticket === 'string' ? tickets().redeem(ticket) : null;
    const invalid = { error: 'Invalid, used or expired stream ticket: ask POST /api/notifs/stream/ticket for a new one' };
    if (userId === null) return invalid;
    const up = strapi.plugin('users-permissions');
    const user = (await up.service('user').fetchAuthenticatedUser(userId)) as UpUser | null;
    if (!user || user.blocked || !user.role) return invalid;
    const permission = up.service('permission');
    const permissions = ((await permission.findRolePermissions(user.role.id)) as unknown[]).map((p) =>
      permission.toContentAPIPermission(p)
    );
    const ability = (await strapi.contentAPI.permissions.engine.generateAbility(permissions)) as unknown as Ability;
    ctx.state.user = user;
    return { authenticated: true, credentials: user, ability };
  },

  /** Same rule as users-permissions: every scope of the route must be allowed to the user's role. */
  async verify(auth: { ability?: Ability | null }, config: { scope?: string | string[] }) {
    if (!config.scope) return;
    const scopes = Array.isArray(config.scope) ? config.scope : [config.scope];
    if (!auth.ability || !scopes.every((scope) => auth.ability?.can(scope))) {
      throw new errors.ForbiddenError();
    }
  },
});
