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

export { BaseNotificationChannel, type ChannelNotifyOptions } from './channels/base-channel';
export { BaseNotificationProvider } from './providers/base-provider';
export { ConsoleProvider } from './providers/console-provider';
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
};
