import { BaseNotificationProvider } from './base-provider';
import { realtimeMessageSchema, type RealtimeMessage } from '../domain/realtime-message';
import { ProviderConfigError } from '../domain/errors';

/**
 * In-app real time: sends `{ recipient, event, data }` to the recipient's open
 * `GET /api/notifs/stream` connections, through the stream service's bus (handed in as `realtime`).
 */
export class SseProvider extends BaseNotificationProvider<RealtimeMessage, unknown> {
  static providerName = 'sse';

  schema = realtimeMessageSchema;

  async send(payload: RealtimeMessage): Promise<void> {
    if (!this.realtime) throw new ProviderConfigError('Provider "sse" was made without the stream service to publish to');
    await this.realtime.publish(payload);
  }
}
