/**
 * Push subscriptions (browsers' web push subscriptions, mobile devices' FCM tokens): the shapes the
 * store, the providers and the REST API share. Imports nothing of ours.
 */

/** What a subscription is for: a browser's web push endpoint, or a Firebase Cloud Messaging device token. */
export type PushKind = 'web_push' | 'fcm';
export const PUSH_KINDS: readonly PushKind[] = ['web_push', 'fcm'];

/** A subscription as its owner sees it (the REST API's answer); never its keys. */
export interface PushSubscription {
  id: number;
  documentId: string;
  kind: PushKind;
  /** The push service URL (web push) or the device token (fcm). */
  endpoint: string;
  /** What the user called it ("Work laptop"), if anything. */
  label: string | null;
  /** The `User-Agent` of the request that registered it (cut to 255 characters). */
  userAgent: string | null;
  /** When the push service said it expires (the browser's `expirationTime`), if it did. */
  expiresAt: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

/** A subscription as a provider sends to it: its owner and, for web push, the browser's keys. */
export interface StoredPushSubscription extends PushSubscription {
  /** users-permissions user id; null once the user is deleted. */
  userId: number | null;
  /** Web push: the browser's P-256 public key (65 bytes, base64url); null for fcm. */
  p256dh: string | null;
  /** Web push: the browser's auth secret (16 bytes, base64url); null for fcm. */
  auth: string | null;
}

/**
 * One subscription as notify() hands it to a push channel (`context.pushSubscriptions`): its id, and
 * the push service it goes to (the endpoint's origin for web push, the kind for fcm), so sends to a
 * push service that hangs hold back only that service's deliveries.
 */
export interface PushTarget {
  id: number;
  service: string;
}

/** What notify() registers: one browser subscription or one device token, for one user. */
export interface PushRegistration {
  userId: number;
  kind: PushKind;
  endpoint: string;
  p256dh?: string | null;
  auth?: string | null;
  label?: string | null;
  userAgent?: string | null;
  expiresAt?: Date | null;
}

/**
 * What push providers are handed to reach the store (they are built below the repositories): read a
 * subscription at send time (its keys are never copied into a delivery), and forget one the push
 * service said is gone (404/410, an unregistered token).
 */
export interface PushSubscriptionStore {
  find(id: number): Promise<StoredPushSubscription | null>;
  remove(id: number): Promise<boolean>;
}
