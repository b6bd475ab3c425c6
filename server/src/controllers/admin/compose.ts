import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../../root/get-service';
import { ROLE_UID, USER_UID } from '../../utils/uids';
import { parseInput } from '../../validation/parse';
import { composeBody, jobParam, userSearchQuery } from '../../validation/admin';
import { throwValidationError } from '../../domain/notify-input';
import { channelInfos } from '../../admin/channel-info';

/**
 * A channel whose provider has no options would only fail once the job runs, one recipient after
 * another: refuse it up front, saying what to configure. Unknown names are left to `compose.start`.
 */
const refuseUnconfigured = (strapi: Core.Strapi, channels: string[]): void => {
  const chosen = new Set(channels);
  const problems = channelInfos(strapi)
    .filter((info) => chosen.has(info.name) && !info.configured)
    .map((info) => `"${info.name}" cannot send: configure its provider (${(info.unconfigured.length ? info.unconfigured : [info.name]).map((provider) => `notifs.config.providers.${provider}`).join(', ')})`);
  if (problems.length) throwValidationError('compose input', [{ path: ['channels'], message: problems.join('; ') }]);
};

/** Admin: send one message to chosen users or a role, with a job to poll; pick users and roles. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** POST /compose: 202 with the job (`done`/`total`), which runs in the background. */
  async start(ctx: Context) {
    const { users, role, ...message } = parseInput(composeBody, ctx.request.body, 'compose input');
    refuseUnconfigured(strapi, message.channels.map((entry) => (typeof entry === 'string' ? entry : entry.name)));
    const admin = (ctx.state as { user?: { firstname?: string; email?: string } }).user;
    const job = await getService(strapi, 'compose').start({
      users,
      role,
      input: { ...message, sourceDisplayName: admin?.firstname ?? admin?.email ?? null },
    });
    ctx.status = 202;
    ctx.body = { data: job };
  },

  /** GET /compose/:id: the job's progress. */
  async progress(ctx: Context) {
    const { id } = parseInput(jobParam, ctx.params, 'compose job id');
    ctx.body = { data: getService(strapi, 'compose').get(id) };
  },

  /** GET /users?q=&id=: up to 20 users-permissions users whose username or email contains `q` (or the one with `id`). */
  async users(ctx: Context) {
    const { q, id } = parseInput(userSearchQuery, ctx.query, 'user search');
    const where = {
      ...(id ? { id } : {}),
      ...(q ? { $or: [{ username: { $containsi: q } }, { email: { $containsi: q } }] } : {}),
    };
    const rows = await strapi.db.query(USER_UID).findMany({ where, select: ['id', 'username', 'email'], orderBy: { id: 'asc' }, limit: 20 });
    ctx.body = { data: rows };
  },

  /** GET /compose/options: users-permissions roles (with how many users each has) and the channels that can send. */
  async options(ctx: Context) {
    const roles = (await strapi.db.query(ROLE_UID).findMany({ select: ['id', 'name', 'type'], orderBy: { id: 'asc' } })) as {
      id: number;
      name: string;
      type: string;
    }[];
    const counts = await Promise.all(roles.map((role) => strapi.db.query(USER_UID).count({ where: { role: { id: role.id } } })));
    const channels = channelInfos(strapi)
      .filter((channel) => channel.configured)
      .map(({ name, displayName }) => ({ name, displayName }));
    ctx.body = { data: { roles: roles.map((role, i) => ({ ...role, users: counts[i] })), channels } };
  },
});
