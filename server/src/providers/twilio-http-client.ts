import { parseRetryAfter } from './retry-policy';

/** What the `twilio` library hands its HTTP client (`RequestClient.RequestOptions`), as far as we use it. */
export interface TwilioRequest {
  method: string;
  uri: string;
  username?: string;
  password?: string;
  headers?: Record<string, string>;
  params?: Record<string, unknown>;
  data?: Record<string, unknown>;
  timeout?: number;
}

/** What the library expects back: it parses `body` and throws `RestException` on a non-2xx. */
export interface TwilioResponse {
  statusCode: number;
  body: string;
  headers: Record<string, string>;
}

/** Form and query encoding as Twilio reads it: an array is the key repeated, undefined is left out. */
const encode = (values: Record<string, unknown> | undefined, into: URLSearchParams): URLSearchParams => {
  for (const [key, value] of Object.entries(values ?? {})) {
    if (value === undefined || value === null) continue;
    for (const one of Array.isArray(value) ? value : [value]) into.append(key, String(one));
  }
  return into;
};

/**
 * A custom HTTP client for the `twilio` library (its documented `httpClient` option), on Node's
 * fetch, made for one send: it honours the queue's AbortSignal (the library's own client takes
 * none), points the request at `apiUrl` when one is set (a proxy, or a loopback server in tests),
 * and keeps the `Retry-After` of the last answer for the queue.
 */
export class TwilioFetchClient {
  /** `Retry-After` of the last answer, in milliseconds, when it had one. */
  retryAfterMs: number | undefined;

  constructor(private readonly target: { apiUrl?: string; signal?: AbortSignal; timeoutMs: number }) {}

  async request(options: TwilioRequest): Promise<TwilioResponse> {
    const url = this.rebase(new URL(options.uri));
    encode(options.params, url.searchParams);
    const headers: Record<string, string> = { ...options.headers };
    if (options.username && options.password) {
      headers.Authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
    }
    const isForm = /x-www-form-urlencoded/i.test(headers['Content-Type'] ?? '');
    const body = options.data && isForm ? encode(options.data, new URLSearchParams()).toString() : undefined;
    const deadline = AbortSignal.timeout(options.timeout ?? this.target.timeoutMs);
    const response = await fetch(url, {
      method: options.method.toUpperCase(),
      headers,
      body,
      redirect: 'manual',
      signal: this.target.signal ? AbortSignal.any([deadline, this.target.signal]) : deadline,
    });
    this.retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    return { statusCode: response.status, body: await response.text(), headers: Object.fromEntries(response.headers) };
  }

  /** `https://api.twilio.com/2010-04-01/…` → `<apiUrl>/2010-04-01/…` (its path, if any, kept in front). */
  private rebase(url: URL): URL {
    if (!this.target.apiUrl) return url;
    const base = new URL(this.target.apiUrl);
    return new URL(`${base.pathname.replace(/\/$/, '')}${url.pathname}${url.search}`, base.origin);
  }
}
