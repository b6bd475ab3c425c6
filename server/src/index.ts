/**
 * strapi-plugin-notifs: the plugin Strapi loads (default export) and the public API apps import
 * (named exports). Both come from this one CommonJS module, so `instanceof` holds between them.
 */
import register from './register';
import bootstrap from './bootstrap';
import destroy from './destroy';
import config from './config';
import contentTypes from './content-types';
import services from './services';
import controllers from './controllers';
import routes from './routes';
import policies from './policies';

export { BaseNotificationChannel, type ChannelNotifyOptions } from './channels/base-channel';
export { BaseNotificationProvider } from './providers/base-provider';
export { ConsoleProvider } from './providers/console-provider';
export { WebhookProvider, type WebhookPayload } from './providers/webhook-provider';
export { verifyWebhookSignature, signWebhookBody, WEBHOOK_SIGNATURE_HEADER } from './providers/webhook-signature';
export { WebhookChannel } from './channels/webhook-channel';
export { PusherChannelsProvider, type PusherChannelsPayload } from './providers/pusher-channels-provider';
export { PusherChannelsChannel } from './channels/pusher-channels-channel';
export { SlackProvider, type SlackPayload } from './providers/slack-provider';
export { SlackChannel } from './channels/slack-channel';
export { EmailProvider } from './providers/email-provider';
export type { EmailPayload } from './providers/email-payload';
export { EmailChannel } from './channels/email-channel';
export { SseProvider } from './providers/sse-provider';
export { InAppChannel } from './channels/in-app-channel';
export { createInProcessBus, type RealtimeBus, type RealtimeMessage } from './realtime/bus';
export {
  NotificationError,
  InvalidChannelError,
  InvalidProviderError,
  InvalidPayloadError,
  ProviderConfigError,
  DeliveryError,
  type DeliveryErrorDetails,
  type PayloadIssue,
} from './errors';
export { NOTIFS_EVENTS } from './types';
export type {
  ChannelClass,
  ChannelContext,
  DeliveryEvent,
  JsonValue,
  Notification,
  NotificationObjectRef,
  NotifyInput,
  PlannedDelivery,
  PluginConfig,
  PluginConfigInput,
  ProviderClass,
  ProviderInit,
  QueueConfig,
  VerifyResult,
} from './types';
export type { NotifsServices } from './utils/get-service';
export type { NotifyService, NotifyManyResult } from './services/notify';
export type { ReadService, ListArgs, ListResult } from './services/read';
export type { ChannelsService } from './services/channels';
export type { QueueService } from './services/queue';
export type { TriggersService, TriggerSummary, TriggerPreview } from './services/triggers';
export type {
  CodeTrigger,
  CodeTriggerArgs,
  DataTrigger,
  RecipientRule,
  TriggerCondition,
  TriggerDefinition,
  TriggerEntry,
  TriggerEvent,
  TriggerEventName,
} from './triggers/types';
export type { StreamService } from './services/stream';
export type { QueueStats } from './backends';
export type { DeliveryStatus } from './repositories/deliveries';
export type { ProvidersService, ProviderDescriptor } from './services/providers';
export type {
  ConsoleOptions,
  EmailOptions,
  SlackOptions,
  PusherChannelsOptions,
  WebhookOptions,
} from './config/provider-options';

export default {
  register,
  bootstrap,
  destroy,
  config,
  contentTypes,
  services,
  controllers,
  routes,
  policies,
};
