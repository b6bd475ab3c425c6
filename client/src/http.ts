import { errorFrom, NotifsError } from './errors';
import type { NotifsClientOptions, Token } from './types';

export type Transport = ReturnType<typeof createTransport>;

/** Authenticated JSON requests to the Strapi origin; Strapi's `{ data }` envelope is kept for the caller. */
export const createTransport = (options: NotifsClientOptions) => {
  if (!options || typeof options.url !== 'string' || !/^https?:\/\//.test(options.url)) {
    throw new TypeError(`createNotifsClient() needs "url", the Strapi origin such as "http://localhost:1337" (got ${JSON.stringify(options?.url)})`);
  }
  const origin = options.url.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));

  const token = async (): Promise<Token> => (options.getToken ? options.getToken() : options.token);

  return {
    origin,
    fetch: doFetch,
    /** Sends a request; resolves with the parsed JSON body, or rejects with a `NotifsError`. */
    async json<T>(method: string, path: string): Promise<T> {
      const headers: Record<string, string> = { Accept: 'application/json' };
      const bearer = await token();
      if (bearer) headers.Authorization = `Bearer ${bearer}`;
      const what = `${method} ${path}`;
      let response: Response;
      try {
        response = await doFetch(origin + path, { method, headers });
      } catch (error) {
        throw new NotifsError(`${what} did not reach ${origin}: ${(error as Error).message}`, 0);
      }
      if (!response.ok) throw await errorFrom(response, what);
      return (await response.json()) as T;
    },
  };
};
