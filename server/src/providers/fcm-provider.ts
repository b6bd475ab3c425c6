import { randomUUID } from 'node:crypto';
import { BaseNotificationProvider, type ProviderInit } from './base-provider';
import { fcmOptions, type FcmOptions } from '../config/fcm-options';
import { DeliveryError } from '../domain/errors';
import type { ChannelContext, SendOptions, SendResult, VerifyResult } from '../domain/types';
import { ServiceAccountCredential } from './fcm-credential';
import { toFcmFailure } from './fcm-errors';
import { fcmPayloadSchema, toFcmMessage, type FcmPayload } from './fcm-payload';
import { loadFirebaseAdmin, type FirebaseAdmin, type RequireFn } from './firebase-admin-loader';
import { redact } from './redact';

type App = ReturnType<FirebaseAdmin['app']['initializeApp']>;
type Messaging = ReturnType<FirebaseAdmin['messaging']['getMessaging']>;

/** One device of a payload: a registered one (its token read at send time), or a token given directly. */
type Device = { subscription: number; token?: undefined } | { token: string; subscription?: undefined };

/**
 * Built-in `fcm` provider: Firebase Cloud Messaging (HTTP v1) through firebase-admin, loaded on
 * first use (an optional peer dependency). One firebase-admin App per provider instance, made at the
 * first send and deleted in `close()`. Each device is its own delivery; a registered device whose
 * token FCM calls dead (UNREGISTERED, or INVALID_ARGUMENT about the token) is removed from the
 * store (`push-subscriptions`) and not retried.
 */
export class FcmProvider extends BaseNotificationProvider<FcmPayload, FcmOptions> {
  static providerName = 'fcm';
  static override optionsSchema = fcmOptions.schema;
  static override optionFields = fcmOptions.fields;

  /** How firebase-admin is loaded (tests hand a stand-in to see the message for a missing package). */
  static requireFirebaseAdmin: RequireFn = require;

  schema = fcmPayloadSchema;

  private readonly credential: ServiceAccountCredential;
  private app?: App;
  private messaging?: Messaging;

  constructor(init: ProviderInit<FcmOptions>) {
    super(init);
    this.credential = new ServiceAccountCredential(this.options.serviceAccount, this.options.httpAgent);
  }

  get projectId(): string {
    return this.options.projectId ?? this.options.serviceAccount.project_id;
  }

  /** One payload per device; none for an empty list (a recipient without devices). */
  override targets(payload: FcmPayload): FcmPayload[] {
    if (Array.isArray(payload.subscription)) return payload.subscription.map((subscription) => ({ ...payload, subscription }));
    if (Array.isArray(payload.token)) return payload.token.map((token) => ({ ...payload, token }));
    return [payload];
  }

  async send(payload: FcmPayload, context: ChannelContext, options?: SendOptions): Promise<SendResult> {
    void context;
    void options;
    const devices: Device[] = [
      ...[payload.subscription ?? []].flat().map((id): Device => ({ subscription: id })),
      ...[payload.token ?? []].flat().map((token): Device => ({ token })),
    ];
    const messaging = this.connect();
    const results = await Promise.allSettled(devices.map((device) => this.sendOne(messaging, payload, device)));
    const names = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as DeliveryError] : []));
    if (failures.length === 0) return names.length ? { externalId: names.join(',') } : {};
    if (failures.length === 1 && devices.length === 1) throw failures[0];
    // Only a payload planned before deliveries were split per device holds several.
    throw new DeliveryError(
      `${failures.length} of ${devices.length} FCM devices failed: ${failures.map((failure) => failure.message).join('; ')}`,
      {
        provider: this.providerName,
        status: failures[0].status,
        retryable: failures.some((failure) => failure.retryable),
      }
    );
  }

  /** Asks Google for an access token with the service account: proves the key is valid, sends nothing. */
  override async verify(): Promise<VerifyResult> {
    try {
      this.connect();
      await this.credential.getAccessToken();
      return { ok: true, message: `Google accepts the service account ${this.credential.clientEmail} for FCM (project ${this.projectId})` };
    } catch (error) {
      return { ok: false, message: this.clean((error as Error).message) };
    }
  }

  override async close(): Promise<void> {
    const app = this.app;
    this.app = undefined;
    this.messaging = undefined;
    if (app) await loadFirebaseAdmin(FcmProvider.requireFirebaseAdmin).app.deleteApp(app);
  }

  /** The device token to send to: given, or read from the store now (never copied into a delivery). */
  private async tokenOf(device: Device): Promise<string> {
    if (device.token !== undefined) return device.token;
    const stored = this.pushSubscriptions ? await this.pushSubscriptions.find(device.subscription) : null;
    if (!stored || stored.kind !== 'fcm') {
      throw new DeliveryError(
        `FCM device ${device.subscription} is no longer registered (removed since the notification was planned): nothing sent`,
        {
          provider: this.providerName,
          retryable: false,
        }
      );
    }
    return stored.endpoint;
  }

  private async sendOne(messaging: Messaging, payload: FcmPayload, device: Device): Promise<string> {
    const token = await this.tokenOf(device);
    try {
      return await messaging.send(toFcmMessage(payload, token) as unknown as Parameters<Messaging['send']>[0]);
    } catch (error) {
      const failure = toFcmFailure(error, this.credential.lastFailure);
      if (failure.staleToken && device.subscription !== undefined && this.pushSubscriptions) {
        // Removed before the error reaches the queue: the next notification no longer plans this device.
        await this.pushSubscriptions
          .remove(device.subscription)
          .catch((removal: Error) =>
            this.strapi.log.warn(`[notifs] fcm: could not remove dead device ${device.subscription}: ${removal.message}`)
          );
      }
      failure.error.message = this.clean(failure.error.message);
      throw failure.error;
    }
  }

  /** The firebase-admin App of this instance, made on first use. */
  private connect(): Messaging {
    if (this.messaging) return this.messaging;
    let admin: FirebaseAdmin;
    try {
      admin = loadFirebaseAdmin(FcmProvider.requireFirebaseAdmin);
    } catch (error) {
      throw new DeliveryError((error as Error).message, { provider: this.providerName, retryable: false });
    }
    this.app = admin.app.initializeApp(
      { credential: this.credential, projectId: this.projectId, ...(this.options.httpAgent ? { httpAgent: this.options.httpAgent } : {}) },
      `notifs-fcm-${randomUUID()}`
    );
    this.messaging = admin.messaging.getMessaging(this.app);
    return this.messaging;
  }

  /** No key material in any message (a library may echo what it was given). */
  private clean(message: string): string {
    return redact(message, [this.options.serviceAccount.private_key]);
  }
}
