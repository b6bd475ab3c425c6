import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../../root/get-service';
import { ROLE_UID, USER_UID } from '../../utils/uids';
import { parseInput } from '../../validation/parse';
import { composeBody, jobParam, userSearchQuery } from '../../validation/admin';

/** Admin: send one message to chosen users or a role, with a job to poll; pick users and roles. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** POST /compose: 202 with the job (`done`/`total`), which runs in the background. */
  async start(ctx: Context) {
    const { users, role, ...message } = parseInput(composeBody, ctx.request.body, 'compose input');
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

  /** GET /users?q=: up to 20 users-permissions users whose username or email contains `q`. */
  async users(ctx: Context) {
    const { q } = parseInput(userSearchQuery, ctx.query, 'user search');
    const where = q ? { $or: [{ username: { $containsi: q } }, { email: { $containsi: q } }] } : {};
    const rows = await strapi.db.query(USER_UID).findMany({ where, select: ['id', 'username', 'email'], orderBy: { id: 'asc' }, limit: 20 });
    ctx.body = { data: rows };
  },

  /** GET /compose/options: users-permissions roles (with how many users each has) and channel names. */
  async options(ctx: Context) {
    const roles = (await strapi.db.query(ROLE_UID).findMany({ select: ['id', 'name', 'type'], orderBy: { id: 'asc' } })) as {
      id: number;
      name: string;
      type: string;
    }[];
    const counts = await Promise.all(roles.map((role) => strapi.db.query(USER_UID).count({ where: { role: { id: role.id } } })));
    const channels = getService(strapi, 'channels').list().map(({ name }) => name);
    ctx.body = { data: { roles: roles.map((role, i) => ({ ...role, users: counts[i] })), channels } };
  },
});
