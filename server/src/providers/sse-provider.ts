import { BaseNotificationProvider } from './base-provider';
import { realtimeMessageSchema, type RealtimeMessage } from '../realtime/bus';
import { getService } from '../utils/get-service';

/**
 * In-app real time: sends `{ recipient, event, data }` to the recipient's open
 * `GET /api/notifs/stream` connections, through the stream service's bus.
 */
export class SseProvider extends BaseNotificationProvider<RealtimeMessage, unknown> {
  static providerName = 'sse';

  schema = realtimeMessageSchema;

  async send(payload: RealtimeMessage): Promise<void> {
    await getService(this.strapi, 'stream').publish(payload);
  }
}
