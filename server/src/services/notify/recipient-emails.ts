import type { Core } from '@strapi/strapi';
import type { ChannelContext } from '../../domain/types';
import type { ChannelClass } from '../../channels/base-channel';
import { USER_UID } from '../../utils/uids';

const ID_CHUNK = 900;

/** A channel class that asks for the recipient's email in its context (the built-in `email` does). */
const wantsRecipientEmail = (ChannelClass: ChannelClass): boolean =>
  (ChannelClass as ChannelClass & { usesRecipientEmail?: boolean }).usesRecipientEmail === true;

/**
 * Channels build payloads synchronously, so an address they need is looked up beforehand: when a
 * channel asks for it and the caller gave no `to`/`email` in the context, each recipient's
 * users-permissions email is added as `context.email`. One query per 900 recipients; none otherwise.
 */
export const withRecipientEmails = async (
  strapi: Core.Strapi,
  channelClasses: ChannelClass[],
  context: ChannelContext,
  recipients: (number | null)[]
): Promise<ChannelContext[]> => {
  const needed =
    channelClasses.some(wantsRecipientEmail) && context.to === undefined && context.email === undefined;
  const ids = [...new Set(recipients.filter((id): id is number => typeof id === 'number'))];
  if (!needed || !ids.length) return recipients.map(() => context);
  const emails = new Map<number, string>();
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const users = (await strapi.db.query(USER_UID).findMany({
      where: { id: { $in: ids.slice(i, i + ID_CHUNK) } },
      select: ['id', 'email'],
    })) as { id: number; email: string | null }[];
    users.forEach((user) => user.email && emails.set(Number(user.id), user.email));
  }
  return recipients.map((id) => (id !== null && emails.has(id) ? { ...context, email: emails.get(id) } : context));
};
