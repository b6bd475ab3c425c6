import type { ChannelClass } from './base-channel';
import { ConsoleChannel } from './console-channel';
import { EmailChannel } from './email-channel';
import { FcmChannel } from './fcm-channel';
import { InAppChannel } from './in-app-channel';
import { PusherChannelsChannel } from './pusher-channels-channel';
import { SlackChannel } from './slack-channel';
import { WebhookChannel } from './webhook-channel';
import { WebPushChannel } from './web-push-channel';
import { TwilioSmsChannel } from './twilio-sms-channel';
import { DiscordChannel } from './discord-channel';
import { TeamsChannel } from './teams-channel';

/** Channels every app has: one per built-in provider, and `in_app` for the `sse` provider. */
export const builtInChannels: ChannelClass[] = [
  ConsoleChannel,
  EmailChannel,
  SlackChannel,
  PusherChannelsChannel,
  WebhookChannel,
  InAppChannel,
  WebPushChannel,
  FcmChannel,
  TwilioSmsChannel,
  DiscordChannel,
  TeamsChannel,
];
