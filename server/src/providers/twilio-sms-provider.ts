import { z } from 'zod';
import type TwilioSdk from 'twilio';
import { BaseNotificationProvider } from './base-provider';
import {
  E164_PATTERN,
  MESSAGING_SERVICE_SID_PATTERN,
  SMS_BODY_MAX,
  twilioSmsOptions,
  type TwilioSmsOptions,
} from '../config/twilio-sms-options';
import { DeliveryError } from '../domain/errors';
import type { ChannelContext, SendOptions, SendResult, VerifyResult } from '../domain/types';
import { loadOptionalPeer } from './optional-peer';
import { TwilioFetchClient } from './twilio-http-client';
import { toTwilioDeliveryError } from './twilio-errors';

/** The range of `twilio` the provider is written against (the optional peer dependency's). */
const TWILIO_RANGE = '>=5.0.0';
const REQUEST_TIMEOUT_MS = 10_000;
/** The admin's test button should answer quickly. */
const VERIFY_TIMEOUT_MS = 5_000;

const twilioSmsPayloadSchema = z.strictObject({
  /**
   * The recipient's number, E.164. Absent when the recipient has no phone: the send then fails, not
   * retried, saying so (the notification and its other channels are not held back).
   */
  to: z.string().regex(E164_PATTERN, { message: 'must be a phone number in E.164 form, such as "+15005550006"' }).optional(),
  body: z.string().min(1).max(SMS_BODY_MAX),
  /** Sends from this number or Messaging Service instead of the configured `from`. */
  from: z
    .string()
    .refine((value) => E164_PATTERN.test(value) || MESSAGING_SERVICE_SID_PATTERN.test(value), {
      message: 'must be a phone number in E.164 form or a Messaging Service SID ("MG…")',
    })
    .optional(),
});

/** One payload of the `twilio_sms` provider: one SMS. */
export type TwilioSmsPayload = z.infer<typeof twilioSmsPayloadSchema>;

/**
 * Built-in `twilio_sms` provider: one SMS per payload through the `twilio` library (an optional peer
 * dependency, loaded at the first send), `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`.
 * Answers the message's SID as `externalId`. The library never retries (the queue does); it talks
 * through a fetch-based HTTP client that honours the queue's deadline and `apiUrl`.
 */
export class TwilioSmsProvider extends BaseNotificationProvider<TwilioSmsPayload, TwilioSmsOptions> {
  static providerName = 'twilio_sms';
  static override optionsSchema = twilioSmsOptions.schema;
  static override optionFields = twilioSmsOptions.fields;

  schema = twilioSmsPayloadSchema;

  async send(payload: TwilioSmsPayload, _context: ChannelContext, options?: SendOptions): Promise<SendResult> {
    if (!payload.to) {
      const attribute = this.options.phoneAttribute;
      throw new DeliveryError(
        attribute
          ? `Twilio SMS not sent: the recipient has no phone number in their users-permissions attribute "${attribute}" (providers.twilio_sms.phoneAttribute), and notify() gave none as extraData.context.to (not retried)`
          : 'Twilio SMS not sent: no phone number; set providers.twilio_sms.phoneAttribute to the users-permissions attribute holding it, or give one as extraData.context.to (not retried)',
        { provider: this.providerName, retryable: false }
      );
    }
    const signal = options?.signal;
    const { client, http } = this.client(signal);
    const from = payload.from ?? this.options.from;
    try {
      const message = await client.messages.create({
        to: payload.to,
        body: payload.body,
        ...(MESSAGING_SERVICE_SID_PATTERN.test(from) ? { messagingServiceSid: from } : { from }),
      });
      return { externalId: message.sid };
    } catch (error) {
      throw toTwilioDeliveryError(error, this.options, http.retryAfterMs, signal);
    }
  }

  /** Fetches the account (`GET /2010-04-01/Accounts/{AccountSid}.json`): does Twilio accept the credentials? */
  override async verify(): Promise<VerifyResult> {
    try {
      const { client } = this.client(undefined, VERIFY_TIMEOUT_MS);
      const account = await client.api.v2010.accounts(this.options.accountSid).fetch();
      return { ok: true, message: `Twilio accepts the credentials (account "${account.friendlyName}", ${account.status})` };
    } catch (error) {
      const message = (error as { message?: unknown } | null)?.message;
      if ((error as { name?: unknown } | null)?.name === 'ProviderConfigError' && typeof message === 'string')
        return { ok: false, message };
      return { ok: false, message: toTwilioDeliveryError(error, this.options, undefined, undefined).message };
    }
  }

  /** A client per send: cheap (the library loads its APIs lazily), and the only way to hand the send's signal to its HTTP client. */
  private client(signal: AbortSignal | undefined, timeoutMs = REQUEST_TIMEOUT_MS) {
    const twilio = loadOptionalPeer<typeof TwilioSdk>('twilio', this.providerName, TWILIO_RANGE);
    const http = new TwilioFetchClient({ apiUrl: this.options.apiUrl, signal, timeoutMs });
    const client = twilio(this.options.accountSid, this.options.authToken, {
      httpClient: http as unknown as TwilioSdk.RequestClient,
      autoRetry: false,
    });
    return { client, http };
  }
}
