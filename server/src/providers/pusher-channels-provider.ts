import Pusher from 'pusher';
import { z } from 'zod';
import { BaseNotificationProvider } from './base-provider';
import { pusherChannelsOptions, type PusherChannelsOptions } from '../config/provider-options';
import { DeliveryError } from '../domain/errors';
import type { BulkOutcome, VerifyResult } from '../domain/types';
import type { ProviderInit } from './base-provider';
import { isRetryableStatus } from './retry-policy';
import { redact, stripQueryStrings } from './redact';

/** Pusher takes at most 10 events per `triggerBatch` call. */
export const PUSHER_BATCH_SIZE = 10;
const TIMEOUT_MS = 10_000;

// Pusher's own rules for channel names; encrypted channels need a master key this provider does not take.
const channelName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_\-=@,.;]+$/, 'may hold only letters, digits and _ - = @ , . ;')
  .refine((name) => !name.startsWith('private-encrypted-'), 'encrypted channels are not supported');

const pusherPayloadSchema = z.strictObject({
  /** One channel or up to 100. */
  channels: z.union([channelName, z.array(channelName).min(1).max(100)]),
  eventName: z.string().min(1).max(200),
  /** Anything JSON; sent as the event's data. */
  data: z.unknown(),
  /** Leaves out this connection (the one that caused the event). */
  socketId: z.string().regex(/^\d+\.\d+$/).optional(),
});

/** One payload of the `pusher_channels` provider: an event on one or more channels. */
export type PusherChannelsPayload = z.infer<typeof pusherPayloadSchema>;

/**
 * Event data as Pusher carries it: a JSON string. The SDK passes strings through untouched, so a
 * string payload would arrive unquoted; encoding every value here keeps clients' JSON.parse right.
 */
const asEventData = (data: unknown): string => JSON.stringify(data ?? null);

/**
 * Built-in `pusher_channels` provider: triggers events through the `pusher` SDK (Pusher Channels
 * or any server speaking its REST API). Bulk sends go through `triggerBatch`, 10 events a call.
 */
export class PusherChannelsProvider extends BaseNotificationProvider<PusherChannelsPayload, PusherChannelsOptions> {
  static providerName = 'pusher_channels';
  static override optionsSchema = pusherChannelsOptions.schema;
  static override optionFields = pusherChannelsOptions.fields;

  schema = pusherPayloadSchema;

  private readonly pusher: Pusher;
  /** What must never be repeated in an error: the secret, and the URL that holds it. */
  private readonly secrets: string[];

  constructor(init: ProviderInit<PusherChannelsOptions>) {
    super(init);
    const options = this.options;
    if ('url' in options) {
      this.pusher = Pusher.forURL(options.url, { timeout: TIMEOUT_MS });
      this.secrets = [options.url, decodeURIComponent(new URL(options.url).password)];
    } else {
      const { appId, key, secret, cluster, host, port, useTLS } = options;
      // TLS unless turned off: the SDK's own default is plain HTTP, which would send events in clear.
      const base = { appId, key, secret, useTLS: useTLS ?? true, timeout: TIMEOUT_MS };
      // The SDK's types want `cluster` or `host`; given neither, use Pusher's original cluster, mt1.
      this.pusher = new Pusher(
        host !== undefined
          ? { ...base, host, port: port === undefined ? undefined : String(port) }
          : { ...base, cluster: cluster ?? 'mt1' }
      );
      this.secrets = [secret];
    }
  }

  async send(payload: PusherChannelsPayload): Promise<void> {
    const channels = [payload.channels].flat();
    const params = payload.socketId ? { socket_id: payload.socketId } : undefined;
    const data = asEventData(payload.data);
    await this.call('trigger', () =>
      params ? this.pusher.trigger(channels, payload.eventName, data, params) : this.pusher.trigger(channels, payload.eventName, data)
    );
  }

  /**
   * One event per payload and channel, sent in batches of 10 events, one batch after the other. A
   * payload whose events share a failed batch fails (and only those are retried); a payload with
   * events in two batches counts as sent only when both went.
   */
  override async sendBulk(payloads: PusherChannelsPayload[]): Promise<BulkOutcome[]> {
    const events: { owner: number; event: Pusher.BatchEvent }[] = payloads.flatMap((payload, owner) =>
      [payload.channels].flat().map((channel) => ({
        owner,
        event: {
          channel,
          name: payload.eventName,
          data: asEventData(payload.data),
          ...(payload.socketId ? { socket_id: payload.socketId } : {}),
        },
      }))
    );
    const errors = new Map<number, unknown>();
    for (let start = 0; start < events.length; start += PUSHER_BATCH_SIZE) {
      const batch = events.slice(start, start + PUSHER_BATCH_SIZE);
      try {
        await this.call(`triggerBatch (events ${start + 1}-${start + batch.length} of ${events.length})`, () =>
          this.pusher.triggerBatch(batch.map(({ event }) => event))
        );
      } catch (error) {
        batch.forEach(({ owner }) => errors.set(owner, error));
      }
    }
    return payloads.map((_payload, index) => (errors.has(index) ? { ok: false, error: errors.get(index) } : { ok: true }));
  }


  /** Asks for the app's occupied channels: a signed GET that triggers nothing. */
  override async verify(): Promise<VerifyResult> {
    try {
      await this.call('GET /channels', () => this.pusher.get({ path: '/channels' }));
      return { ok: true, message: 'Pusher accepted the credentials' };
    } catch (error) {
      return { ok: false, message: (error as DeliveryError).message };
    }
  }

  /** Runs an SDK call and maps its failure: HTTP statuses as the webhook provider does, network errors retryable. */
  private async call(what: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      throw this.toDeliveryError(error, what);
    }
  }

  private toDeliveryError(error: unknown, what: string): DeliveryError {
    // The SDK's RequestError: `status` when Pusher answered, `error` (the network failure) when not.
    const { status, body, error: cause, message } = (error ?? {}) as {
      status?: number;
      body?: string;
      error?: { code?: string; type?: string; message?: string };
      message?: string;
    };
    const reason =
      typeof status === 'number'
        ? `HTTP ${status}${body ? ` ${body.trim().slice(0, 200)}` : ''}`
        : cause
          ? `no answer (${cause.code ?? cause.type ?? cause.message ?? 'network error'})`
          : (message ?? String(error));
    // Signed URLs in SDK messages carry the key and a signature: drop query strings, redact secrets.
    const text = redact(stripQueryStrings(`Pusher ${what} failed: ${reason}`), this.secrets);
    return new DeliveryError(text, {
      provider: this.providerName,
      status,
      retryable: typeof status === 'number' ? isRetryableStatus(status) : true,
    });
  }
}
