import type { ProviderClass } from './base-provider';
import { ConsoleProvider } from './console-provider';
import { EmailProvider } from './email-provider';
import { FcmProvider } from './fcm-provider';
import { PusherChannelsProvider } from './pusher-channels-provider';
import { SlackProvider } from './slack-provider';
import { SseProvider } from './sse-provider';
import { WebhookProvider } from './webhook-provider';
import { WebPushProvider } from './web-push-provider';
import { TwilioSmsProvider } from './twilio-sms-provider';
import { DiscordProvider } from './discord-provider';
import { TeamsProvider } from './teams-provider';

/** Providers every app has. */
export const builtInProviders: ProviderClass[] = [
  ConsoleProvider,
  EmailProvider,
  SlackProvider,
  PusherChannelsProvider,
  WebhookProvider,
  SseProvider,
  WebPushProvider,
  FcmProvider,
  TwilioSmsProvider,
  DiscordProvider,
  TeamsProvider,
];
