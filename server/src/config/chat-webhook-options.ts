import { z } from 'zod';
import { declareOptions } from './declare-options';

const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' });

/**
 * `/api/webhooks/{id}/{token}` (or `/api/v10/webhooks/…`): what Discord's "Copy Webhook URL" gives.
 * Checked at boot so that a channel link pasted by mistake stops the boot, not the first send.
 */
const DISCORD_WEBHOOK_PATH = /^\/api\/(v\d+\/)?webhooks\/\d+\/[A-Za-z0-9_-]+\/?$/;

/** `providers.discord`: the incoming webhook's URL (secret: its path holds the webhook's token). */
export const discordOptions = declareOptions({
  url: {
    schema: httpUrl.refine((value) => URL.canParse(value) && DISCORD_WEBHOOK_PATH.test(new URL(value).pathname), {
      message:
        'must be a Discord webhook URL, such as "https://discord.com/api/webhooks/<id>/<token>" (Server Settings > Integrations > Webhooks > Copy Webhook URL)',
    }),
    label: 'Webhook URL',
    secret: true,
  },
});

/** `providers.teams`: the Workflows (or legacy connector) webhook URL (secret: it carries a signature). */
export const teamsOptions = declareOptions({
  url: {
    schema: httpUrl,
    label: 'Webhook URL',
    secret: true,
    description: 'A Teams Workflows "Post to a channel when a webhook request is received" URL, or a legacy incoming-webhook URL',
  },
});

export type DiscordOptions = z.infer<typeof discordOptions.schema>;
export type TeamsOptions = z.infer<typeof teamsOptions.schema>;
