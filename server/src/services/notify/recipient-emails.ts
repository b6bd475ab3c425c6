import type { Core } from '@strapi/strapi';
import type { ChannelContext } from '../../domain/types';
import { wantsRecipientEmail, type ChannelClass } from '../../channels/base-channel';
import { USER_UID } from '../../utils/uids';

const ID_CHUNK = 900;

/**
 * Channels build payloads synchronously, so an address they need is looked up beforehand: when one
 * of the channels declares `static usesRecipientEmail = true` and the caller gave no `to`/`email` in
 * the context, each recipient's users-permissions email, by user id. One query per 900 recipients;
 * none otherwise. Only the channels that asked get it (see `channelContext`).
 */
export const recipientEmails = async (
  strapi: Core.Strapi,
  channelClasses: ChannelClass[],
  given: ChannelContext,
  recipients: (number | null)[]
): Promise<Map<number, string>> => {
  const emails = new Map<number, string>();
  const needed = channelClasses.some(wantsRecipientEmail) && given.to === undefined && given.email === undefined;
  const ids = [...new Set(recipients.filter((id): id is number => typeof id === 'number'))];
  if (!needed || !ids.length) return emails;
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const users = (await strapi.db.query(USER_UID).findMany({
      where: { id: { $in: ids.slice(i, i + ID_CHUNK) } },
      select: ['id', 'email'],
    })) as { id: number; email: string | null }[];
    users.forEach((user) => user.email && emails.set(Number(user.id), user.email));
  }
  return emails;
};
