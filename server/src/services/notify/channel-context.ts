import type { ChannelContext } from '../../domain/types';
import type { PushKind, PushTarget } from '../../domain/push-subscriptions';
import { wantsPublicUrl, wantsPushSubscriptions, wantsRecipientEmail, wantsRecipientPhone, type ChannelClass } from '../../channels/base-channel';

/** What notify looked up for one notification, before its channels are built. */
export interface LookedUp {
  /** The recipient's email, when a channel asked for it. */
  email?: string;
  /** The recipient's phone number, when a channel asked for it and they have one. */
  phone?: string;
  /** The app's public URL, when a channel asked for it. */
  baseUrl?: string;
  /** The recipient's push subscriptions by kind, for the kinds a channel asked for. */
  push?: Partial<Record<PushKind, PushTarget[]>>;
}

/**
 * The context one channel is built with: the caller's `extraData.context`, plus what this channel
 * declared it needs (`usesRecipientEmail`, `usesRecipientPhone`, `usesPublicUrl`). Another channel of the
 * same notification never sees the recipient's address or phone unless the caller put it in the context.
 */
export const channelContext = (ChannelClass: ChannelClass, given: ChannelContext, lookedUp: LookedUp): ChannelContext => {
  let context = given;
  if (lookedUp.baseUrl !== undefined && given.baseUrl === undefined && wantsPublicUrl(ChannelClass)) {
    context = { ...context, baseUrl: lookedUp.baseUrl };
  }
  if (lookedUp.email !== undefined && given.to === undefined && given.email === undefined && wantsRecipientEmail(ChannelClass)) {
    context = { ...context, email: lookedUp.email };
  }
  const kind = wantsPushSubscriptions(ChannelClass);
  // Always the looked-up ones: a caller's list could name subscriptions of someone else.
  if (kind) context = { ...context, pushSubscriptions: lookedUp.push?.[kind] ?? [] };
  if (lookedUp.phone !== undefined && given.to === undefined && given.phone === undefined && wantsRecipientPhone(ChannelClass)) {
    context = { ...context, phone: lookedUp.phone };
  }
  return context;
};
