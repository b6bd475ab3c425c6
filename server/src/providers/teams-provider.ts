import { BaseNotificationProvider } from './base-provider';
import { teamsOptions, type TeamsOptions } from '../config/chat-webhook-options';
import type { ChannelContext, SendOptions, SendResult, VerifyResult } from '../domain/types';
import { teamsMessage, teamsPayloadSchema, type TeamsPayload } from './teams-payload';
import { postChatWebhook, webhookOrigin } from './chat-webhook-post';
import { probeConnection } from './connect-probe';

/** A Workflows error body `{ error: { code, message } }`, or the legacy connector's plain text. */
const explainTeams = (body: unknown): { reason?: string } => {
  if (typeof body === 'string') return { reason: body.trim() || undefined };
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const reason = [error?.code, error?.message].filter((part): part is string => typeof part === 'string').join(': ');
  return { reason: reason || undefined };
};

/**
 * Built-in `teams` provider: posts a message with one Adaptive Card to a Microsoft Teams incoming
 * webhook (a Workflows "When a Teams webhook request is received" flow, or a legacy connector).
 * 200 and 202 are sent; 408, 429 and 5xx are retried. Teams answers no message id, so there is no
 * `externalId`.
 */
export class TeamsProvider extends BaseNotificationProvider<TeamsPayload, TeamsOptions> {
  static providerName = 'teams';
  static override optionsSchema = teamsOptions.schema;
  static override optionFields = teamsOptions.fields;

  schema = teamsPayloadSchema;

  /** The webhook's host: one that hangs holds back only its own sends. */
  override destination(): string {
    return `teams ${webhookOrigin(this.options.url)}`;
  }

  async send(payload: TeamsPayload, _context: ChannelContext, options?: SendOptions): Promise<SendResult> {
    await postChatWebhook({
      provider: this.providerName,
      service: 'Teams',
      url: this.options.url,
      body: teamsMessage(payload),
      signal: options?.signal,
      explain: explainTeams,
    });
    return {};
  }

  /** Connects to the webhook's host and port, sending nothing (any request to the URL would post or start the flow). */
  override async verify(): Promise<VerifyResult> {
    const where = webhookOrigin(this.options.url);
    const problem = await probeConnection(this.options.url);
    return problem
      ? { ok: false, message: `teams cannot connect to ${where} (${problem})` }
      : { ok: true, message: `teams connects to ${where}` };
  }
}
