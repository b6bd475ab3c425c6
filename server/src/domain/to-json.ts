import { InvalidPayloadError } from './errors';

/**
 * What a provider receives is what crossed the queue: JSON. Round-tripping here makes the sync
 * backend behave like the durable ones (dates become strings, undefined keys vanish) and turns a
 * value that cannot cross (a cycle, a BigInt) into a clear error before anything is stored.
 */
export const toJson = <T>(value: T, where: { provider: string; channel: string; what: string }): T => {
  try {
    const text = JSON.stringify(value);
    return (text === undefined ? null : JSON.parse(text)) as T;
  } catch (error) {
    throw new InvalidPayloadError(
      `Channel "${where.channel}" built a ${where.what} for provider "${where.provider}" that is not JSON: ${(error as Error).message}`,
      { provider: where.provider, channel: where.channel, errors: [{ path: [where.what], message: (error as Error).message }] }
    );
  }
};
