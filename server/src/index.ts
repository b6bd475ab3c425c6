/**
 * strapi-plugin-notifs: the plugin Strapi loads (default export) and the public API apps import
 * (named exports). Both come from this one CommonJS module, so `instanceof` holds between them.
 */
import register from './register';
import bootstrap from './bootstrap';
import destroy from './destroy';
import config from './config';
import contentTypes from './content-types';
import services from './root/strapi-services';
import controllers from './controllers';
import routes from './routes';
import policies from './policies';

export { BaseNotificationChannel, type ChannelClass, type ChannelNotifyOptions } from './channels/base-channel';
export { BaseNotificationProvider, type ProviderClass, type ProviderInit } from './providers/base-provider';
export { ConsoleProvider } from './providers/console-provider';
export { WebhookProvider, WEBHOOK_DELIVERY_ID_HEADER, type WebhookPayload } from './providers/webhook-provider';
export { verifyWebhookSignature, signWebhookBody, WEBHOOK_SIGNATURE_HEADER } from './providers/webhook-signature';
export { STANDARD_WEBHOOK_HEADERS } from './providers/standard-webhooks';
export {
  declareOptions,
  declareAlternatives,
  type OptionsDeclaration,
  type ProviderOptionField,
  type ProviderOptionSpec,
} from './config/declare-options';
export { WebhookChannel } from './channels/webhook-channel';
export { PusherChannelsProvider, type PusherChannelsPayload } from './providers/pusher-channels-provider';
export { PusherChannelsChannel } from './channels/pusher-channels-channel';
export { SlackProvider, type SlackPayload } from './providers/slack-provider';
export { SlackChannel } from './channels/slack-channel';
export { EmailProvider } from './providers/email-provider';
export type { EmailPayload } from './providers/email-payload';
export { EmailChannel } from './channels/email-channel';
export { SseProvider } from './providers/sse-provider';
export { FcmProvider } from './providers/fcm-provider';
export type { FcmPayload } from './providers/fcm-payload';
export { FcmChannel } from './channels/fcm-channel';
export { FIREBASE_ADMIN_MISSING } from './providers/firebase-admin-loader';
export { InAppChannel } from './channels/in-app-channel';
export { WebPushProvider } from './providers/web-push-provider';
export type { WebPushPayload } from './providers/web-push-payload';
export type { WebPushOptions } from './config/web-push-options';
export { WebPushChannel } from './channels/web-push-channel';
export { MAX_PUSH_SUBSCRIPTIONS_PER_USER } from './repositories/push-subscriptions';
export type { PushSubscriptionsService } from './services/push-subscriptions';
export type { PushKind, PushSubscription, PushTarget, StoredPushSubscription, PushSubscriptionStore } from './domain/push-subscriptions';
export { TwilioSmsProvider, type TwilioSmsPayload } from './providers/twilio-sms-provider';
export { TwilioSmsChannel } from './channels/twilio-sms-channel';
export { DiscordProvider } from './providers/discord-provider';
export type { DiscordPayload } from './providers/discord-payload';
export { DiscordChannel } from './channels/discord-channel';
export { TeamsProvider } from './providers/teams-provider';
export { teamsMessage, type TeamsPayload, type TeamsMessage } from './providers/teams-payload';
export { TeamsChannel } from './channels/teams-channel';
export { createInProcessBus, type RealtimeBus, type RealtimeMessage } from './realtime/bus';
export {
  NotificationError,
  InvalidChannelError,
  InvalidProviderError,
  InvalidPayloadError,
  ProviderConfigError,
  DeliveryError,
  IdempotencyConflictError,
  type DeliveryErrorDetails,
  type PayloadIssue,
} from './domain/errors';
export { NOTIFS_EVENTS } from './domain/types';
export { onNotifsEvent, type NotifsListener } from './delivery/on-event';
export type {
  AnyNotification,
  BulkOutcome,
  ChannelContext,
  DeliveryEvent,
  DeliveryStatus,
  JsonValue,
  Notification,
  NotificationObjectRef,
  OutgoingDelivery,
  PlannedDelivery,
  SendOptions,
  UnsavedNotification,
  VerifyResult,
} from './domain/types';
export type { NotifyInput } from './domain/notify-input';
export type { ChannelEntry, FallbackCondition } from './domain/fallback';
export type { DigestInput, ThrottleInput } from './domain/digest';
export type { PluginConfig, PluginConfigInput, QueueConfig, PreferencesConfig } from './config/schema';
export type { PreferencesService, UnsubscribeResult } from './services/preferences';
export type { Preferences, PreferencesChange, QuietHours, CategorySwitches } from './domain/preferences';
export { getNotifsService, type NotifsServices, type NotifsPlugin } from './root/get-service';
export type { NotifyService, NotifyManyResult } from './services/notify';
export type { ReadService, ListArgs, ListResult } from './services/read';
export type { ChannelsService } from './registries/channel-registry';
export type { QueueService } from './services/queue';
export type { TriggersService, TriggerSummary, TriggerPreview } from './services/triggers';
export type {
  AnyCodeTrigger,
  CodeTrigger,
  CodeTriggerArgs,
  CodeTriggerEntry,
  DataTrigger,
  RecipientRule,
  TriggerCondition,
  TriggerDefinition,
  TriggerEntry,
  TriggerEvent,
  TriggerEventName,
} from './domain/triggers';
export type { StreamService } from './services/stream';
export type { QueueStats } from './backends';
export type { ProvidersService, ProviderDescriptor, ProviderOptionState } from './registries/provider-registry';
export type { ConsoleOptions, EmailOptions, SlackOptions, PusherChannelsOptions, WebhookOptions } from './config/provider-options';
export type { FcmOptions, FcmOptionsInput, FcmServiceAccount } from './config/fcm-options';
export type { TwilioSmsOptions } from './config/twilio-sms-options';
export type { DiscordOptions, TeamsOptions } from './config/chat-webhook-options';

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
