import { LogLevel, WebClient, type ChatPostMessageArguments } from '@slack/web-api';
import { z } from 'zod';
import { BaseNotificationProvider } from './base-provider';
import { slackOptions, type SlackOptions } from '../config/provider-options';
import type { SendResult, VerifyResult } from '../domain/types';
import type { ProviderInit } from './base-provider';
import { toSlackDeliveryError } from './slack-errors';

const slackPayloadSchema = z
  .strictObject({
    /** Channel id (`C0123…`) or name (`#orders`), or a user id for a DM. */
    channel: z.string().min(1),
    text: z.string().min(1).optional(),
    /** Block Kit blocks; `text` is then the notification fallback. */
    blocks: z.array(z.looseObject({ type: z.string().min(1) })).max(50).optional(),
    /** Replies in this thread. */
    thread_ts: z.string().min(1).optional(),
  })
  .refine((payload) => payload.text !== undefined || (payload.blocks?.length ?? 0) > 0, {
    message: 'a Slack message needs "text" or "blocks"',
    path: ['text'],
  });

/** One payload of the `slack` provider: a `chat.postMessage` call. */
export type SlackPayload = z.infer<typeof slackPayloadSchema>;

/**
 * Built-in `slack` provider: `chat.postMessage` through `@slack/web-api`. The SDK never retries
 * (no retry policy, rate-limited calls rejected at once): the queue owns retries and their delays.
 */
export class SlackProvider extends BaseNotificationProvider<SlackPayload, SlackOptions> {
  static providerName = 'slack';
  static override optionsSchema = slackOptions.schema;
  static override optionFields = slackOptions.fields;

  schema = slackPayloadSchema;

  private readonly client: WebClient;

  constructor(init: ProviderInit<SlackOptions>) {
    super(init);
    this.client = new WebClient(this.options.token, {
      slackApiUrl: this.options.slackApiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 10_000,
      // The SDK warns on every failed call; failures reach the queue as DeliveryError instead.
      logLevel: LogLevel.ERROR,
    });
  }

  /**
   * Posts one message. Answers `<channel>/<ts>` as `externalId`: a message's `ts` is unique only
   * within its channel, and the pair is what `chat.update`, `chat.delete` and permalinks take.
   */
  async send(payload: SlackPayload): Promise<SendResult> {
    try {
      const answer = await this.client.chat.postMessage(payload as ChatPostMessageArguments);
      return answer.ts ? { externalId: `${answer.channel ?? payload.channel}/${answer.ts}` } : {};
    } catch (error) {
      throw toSlackDeliveryError(error, 'chat.postMessage', this.options.token);
    }
  }

  /** Calls `auth.test`: does Slack accept the token? */
  override async verify(): Promise<VerifyResult> {
    try {
      const answer = await this.client.auth.test();
      return { ok: true, message: `Slack accepts the token (team ${answer.team ?? '?'}, user ${answer.user ?? '?'})` };
    } catch (error) {
      return { ok: false, message: toSlackDeliveryError(error, 'auth.test', this.options.token).message };
    }
  }
}
