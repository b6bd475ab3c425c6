import type { Core } from '@strapi/strapi';
import type { ChannelContext } from '../../domain/types';
import { ProviderConfigError } from '../../domain/errors';
import { wantsRecipientPhone, type ChannelClass } from '../../channels/base-channel';
import { USER_UID } from '../../utils/uids';

const ID_CHUNK = 900;
/** Attribute types that hold a phone number as text (a phone custom field is stored as one of them). */
const TEXT_TYPES = new Set(['string', 'text']);

/** The users-permissions attribute that holds phone numbers: `providers.twilio_sms.phoneAttribute`, when set. */
export const phoneAttributeOf = (strapi: Core.Strapi): string | undefined => {
  const options = strapi.config.get('plugin::notifs.providers.twilio_sms') as { phoneAttribute?: unknown } | undefined;
  return typeof options?.phoneAttribute === 'string' ? options.phoneAttribute : undefined;
};

/**
 * At boot: `phoneAttribute` must name a text attribute of the users-permissions user, or every SMS
 * would fail at notify time. An app adds it with the Content-Type Builder or an extension.
 */
export const assertPhoneAttribute = (strapi: Core.Strapi): void => {
  const attribute = phoneAttributeOf(strapi);
  if (attribute === undefined) return;
  const attributes = (strapi.contentType(USER_UID)?.attributes ?? {}) as Record<string, { type?: string }>;
  const found = attributes[attribute];
  if (found && TEXT_TYPES.has(found.type ?? '')) return;
  const textAttributes = Object.keys(attributes).filter((name) => TEXT_TYPES.has(attributes[name].type ?? ''));
  throw new ProviderConfigError(
    found
      ? `notifs config "providers.twilio_sms.phoneAttribute": "${attribute}" is a ${found.type} attribute of ${USER_UID}; it must be a text (string) attribute holding E.164 numbers`
      : `notifs config "providers.twilio_sms.phoneAttribute": ${USER_UID} has no attribute "${attribute}" (its text attributes: ${textAttributes.join(', ')}); add one (Content-Type Builder, User) or name another`,
    { provider: 'twilio_sms', option: 'phoneAttribute' }
  );
};

/**
 * Channels build payloads synchronously, so a phone number they need is looked up beforehand: when
 * one of the channels declares `static usesRecipientPhone = true`, the caller gave no `to`/`phone`
 * in the context and `phoneAttribute` is set, each recipient's number, by user id (users without one
 * are left out). One query per 900 recipients; none otherwise. Only the channels that asked get it.
 */
export const recipientPhones = async (
  strapi: Core.Strapi,
  channelClasses: ChannelClass[],
  given: ChannelContext,
  recipients: (number | null)[]
): Promise<Map<number, string>> => {
  const phones = new Map<number, string>();
  const attribute = phoneAttributeOf(strapi);
  const needed = attribute !== undefined && channelClasses.some(wantsRecipientPhone) && given.to === undefined && given.phone === undefined;
  const ids = [...new Set(recipients.filter((id): id is number => typeof id === 'number'))];
  if (!needed || !ids.length) return phones;
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const users = (await strapi.db.query(USER_UID).findMany({
      where: { id: { $in: ids.slice(i, i + ID_CHUNK) } },
      select: ['id', attribute],
    })) as Record<string, unknown>[];
    for (const user of users) {
      const phone = user[attribute];
      if (typeof phone === 'string' && phone !== '') phones.set(Number(user.id), phone);
    }
  }
  return phones;
};
