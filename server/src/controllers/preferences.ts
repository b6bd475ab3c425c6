import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../root/get-service';
import { throwValidationError } from '../domain/notify-input';
import type { PreferencesConfig } from '../config/schema';
import type { PreferencesChange } from '../domain/preferences';
import { callerId } from './caller';

/** `PUT /preferences` takes Strapi's REST shape, `{ data: { categories, quietHours } }`. */
const changeFrom = (body: unknown): PreferencesChange => {
  const what = 'preferences';
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !('data' in body)) {
    return throwValidationError(what, [
      { path: ['data'], message: 'is required: send { "data": { "categories": { "<category>": { "<channel>": false } } } }' },
    ]);
  }
  const extra = Object.keys(body).filter((key) => key !== 'data');
  if (extra.length)
    return throwValidationError(
      what,
      extra.map((key) => ({ path: [key], message: 'is not a known key (only "data")' }))
    );
  return (body as { data: PreferencesChange }).data;
};

/**
 * The caller's own preferences (`/api/notifs/preferences`). There is no user id anywhere in the
 * request: every action reads and writes `ctx.state.user`'s, so nobody can reach another's.
 */
const preferences = ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'preferences');
  const meta = () => ({ required: (strapi.config.get('plugin::notifs.preferences') as PreferencesConfig).required });

  return {
    /** `GET /preferences`: as they act (config defaults under the caller's own), and the required categories. */
    async find(ctx: Context) {
      ctx.body = { data: await service().get({ recipient: callerId(ctx) }), meta: meta() };
    },

    /** `PUT /preferences`: merges `data` into the caller's preferences; answers them as `GET` does. */
    async update(ctx: Context) {
      const recipient = callerId(ctx);
      ctx.body = { data: await service().set({ recipient, preferences: changeFrom(ctx.request.body) }), meta: meta() };
    },
  };
};

export type PreferencesController = ReturnType<typeof preferences>;
export default preferences;
