import type { BaseNotificationChannel, ChannelClass } from '../channels/base-channel';
import type { BaseNotificationProvider, ProviderClass } from '../providers/base-provider';
import { InvalidChannelError, InvalidProviderError } from '../domain/errors';

const hasMethod = (prototype: object, name: string): boolean => typeof (prototype as Record<string, unknown>)[name] === 'function';

const isSchema = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && typeof (value as { safeParse?: unknown }).safeParse === 'function';

/**
 * What a provider class needs besides its name, checked on the class: `send` (a method). `schema`
 * is an instance field, so it is checked on an instance (`assertProviderInstance`).
 */
export const assertProviderMethods = (ProviderClass: ProviderClass): void => {
  if (!hasMethod(ProviderClass.prototype, 'send')) {
    throw new InvalidProviderError(
      `Provider class ${ProviderClass.name} has no send(payload, context, options) method: add one (it is what delivers a payload)`
    );
  }
};

/** A provider instance must carry `schema`: a zod schema of one payload (checked before anything is stored). */
export const assertProviderInstance = (ProviderClass: ProviderClass, instance: BaseNotificationProvider): void => {
  if (!isSchema((instance as { schema?: unknown }).schema)) {
    throw new InvalidProviderError(
      `Provider class ${ProviderClass.name} has no schema: declare schema = z.object({ ... }) (a zod schema of one payload; z.unknown() takes anything)`
    );
  }
};

/**
 * What a channel class needs besides its name: `buildPayload` (a method) and `providers` (a
 * non-empty list of provider names, an instance field, checked on an instance built for an empty
 * notification; a channel whose constructor needs more is checked when it is used).
 */
export const assertChannelMembers = (ChannelClass: ChannelClass): void => {
  if (!hasMethod(ChannelClass.prototype, 'buildPayload')) {
    throw new InvalidChannelError(`Channel class ${ChannelClass.name} has no buildPayload(provider) method: add one (it builds each provider's payload)`);
  }
  let probe: BaseNotificationChannel;
  try {
    probe = new ChannelClass({ recipient: null, channels: [] } as never, { context: {} });
  } catch {
    return;
  }
  const { providers } = probe as { providers?: unknown };
  if (!Array.isArray(providers) || providers.length === 0 || !providers.every((name) => typeof name === 'string' && name !== '')) {
    throw new InvalidChannelError(
      `Channel class ${ChannelClass.name} needs providers: a non-empty list of provider names, such as providers = ['console'] (got ${JSON.stringify(providers) ?? String(providers)})`
    );
  }
};
