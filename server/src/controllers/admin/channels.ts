import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../../root/get-service';
import { parseInput } from '../../validation/parse';
import { providerParam, testSendBody } from '../../validation/admin';
import type { ChannelContext, VerifyResult } from '../../domain/types';
import { channelInfos } from '../../admin/channel-info';
import { assertTestDestination } from '../../admin/test-destinations';

/** The context key that addresses each built-in channel (where a test goes). */
const ADDRESS: Record<string, (to: string) => ChannelContext> = {
  email: (to) => ({ to }),
  slack: (to) => ({ channel: to }),
  webhook: (to) => ({ url: to }),
  pusher_channels: (to) => ({ channels: [to] }),
};

/** Admin: registered channels and providers (never their options), verify, send a test. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  return {
    /** GET /channels: channels (display name, providers, whether they can send), and providers with whether each is configured. */
    async list(ctx: Context) {
      const channels = channelInfos(strapi).map(({ unconfigured: _unconfigured, ...channel }) => channel);
      ctx.body = { data: { channels, providers: getService(strapi, 'providers').list() } };
    },

    /** POST /providers/:name/verify: the provider's own check (credentials, connection); never a 5xx for a bad config. */
    async verify(ctx: Context) {
      const { name } = parseInput(providerParam, ctx.params, 'provider name');
      const registry = getService(strapi, 'providers');
      const described = registry.list().find((provider) => provider.name === name);
      let result: VerifyResult;
      if (!described) result = { ok: false, message: `Unknown provider "${name}"` };
      else if (!described.configured) result = { ok: false, message: described.problem ?? `Provider "${name}" is not configured` };
      else result = await registry.get(name).verify();
      ctx.body = { data: { provider: name, ...result } };
    },

    /**
     * POST /test-send: a real notification through one channel, to an address (`to`) and/or a
     * users-permissions user (`recipient`). It is stored, so its deliveries can be followed. `to` must be
     * a destination the configuration names (see admin/test-destinations); the notification carries no
     * trace of the admin (its recipient reads it through the end-user API).
     */
    async testSend(ctx: Context) {
      const body = parseInput(testSendBody, ctx.request.body, 'test notification');
      if (body.to !== undefined) assertTestDestination(strapi, body.to, (ctx.state as { user?: { email?: string } }).user?.email);
      const context = body.to ? (ADDRESS[body.channel] ?? ((to: string) => ({ to })))(body.to) : {};
      const notification = await getService(strapi, 'notify').notify({
        recipient: body.recipient ?? null,
        channels: [body.channel],
        category: 'notifs-test',
        action: 'test',
        sourceDisplayName: 'Strapi admin',
        shortDescription: body.message ?? `Test notification from the Strapi admin through "${body.channel}"`,
        extraData: { test: true, context },
      });
      ctx.status = 201;
      ctx.body = { data: { notificationId: notification.id ?? null, channel: body.channel } };
    },
  };
};
