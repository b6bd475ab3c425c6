/** What a promise rejected with (fails the test if it resolved). */
export const rejectionOf = async (promise: Promise<unknown>): Promise<Error & Record<string, unknown>> => {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the promise to reject, and it resolved');
};

/** Everything an error tells (message, details, own fields), as one string to search for secrets. */
export const everythingSaid = (error: Error & Record<string, unknown>): string =>
  [
    error.message,
    String(error.stack),
    safeJson(error),
    safeJson(error.details ?? null),
    // The cause is not shown by Strapi, but a log line might print it: it must be clean too.
    error.cause instanceof Error ? `${error.cause.message}\n${safeJson(error.cause)}` : String(error.cause ?? ''),
  ].join('\n');

const safeJson = (value: unknown): string => {
  const seen = new WeakSet<object>();
  try {
    return JSON.stringify(value, (_key, item: unknown) => {
      if (typeof item === 'object' && item !== null) {
        if (seen.has(item)) return '[cycle]';
        seen.add(item);
      }
      return item;
    });
  } catch (error) {
    return `[unserialisable: ${(error as Error).message}]`;
  }
};
