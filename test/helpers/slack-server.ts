import { readBody, startHttpServer, type LoopbackServer } from './http-server';

/** A `chat.postMessage` call the fake Slack accepted, with its form fields decoded. */
export interface SlackMessage {
  channel: string;
  text?: string;
  blocks?: unknown;
  thread_ts?: string;
}

export interface FakeSlack extends LoopbackServer {
  /** Give this as `slackApiUrl`. */
  apiUrl: string;
  messages: SlackMessage[];
  /** Every request's method and content type, in order. */
  requests: { method: string; contentType?: string }[];
  /** The `ts` answered for each accepted message, in order (as Slack, unique within its channel). */
  timestamps: string[];
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({ status, body, headers });

/**
 * Slack's Web API as the SDK sees it: form-encoded POSTs to `/api/<method>` with a bearer token.
 * A wrong token gets 401 `invalid_auth`. `chat.postMessage` answers by channel:
 * `C_OK` ok (each message its own `ts`), `C_MISSING` `channel_not_found`, `C_RATE` 429 with Retry-After 7, `C_BROKEN` 500.
 */
export const startFakeSlack = async (token: string): Promise<FakeSlack> => {
  const messages: SlackMessage[] = [];
  const requests: FakeSlack['requests'] = [];
  const timestamps: string[] = [];
  const loopback = await startHttpServer(async (request, response) => {
    const raw = (await readBody(request)).toString('utf8');
    requests.push({ method: request.url ?? '', contentType: request.headers['content-type'] });
    const answer = (() => {
      if (request.headers.authorization !== `Bearer ${token}`) return json(401, { ok: false, error: 'invalid_auth' });
      if (request.url === '/api/auth.test') return json(200, { ok: true, team: 'Notifs', user: 'notifs-bot' });
      if (request.url !== '/api/chat.postMessage' || request.method !== 'POST') return json(404, { ok: false, error: 'unknown_method' });
      const form = new URLSearchParams(raw);
      const message: SlackMessage = { channel: form.get('channel') ?? '' };
      if (form.has('text')) message.text = form.get('text') ?? undefined;
      if (form.has('blocks')) message.blocks = JSON.parse(form.get('blocks') ?? 'null');
      if (form.has('thread_ts')) message.thread_ts = form.get('thread_ts') ?? undefined;
      switch (message.channel) {
        case 'C_OK':
          messages.push(message);
          timestamps.push(`1700000000.${String(100 + timestamps.length).padStart(6, '0')}`);
          return json(200, { ok: true, channel: 'C_OK', ts: timestamps.at(-1) });
        case 'C_RATE':
          return json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '7' });
        case 'C_BROKEN':
          return json(500, { ok: false, error: 'internal_error' });
        default:
          return json(200, { ok: false, error: 'channel_not_found' });
      }
    })();
    response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body));
  });
  return { ...loopback, apiUrl: `${loopback.url}/api/`, messages, requests, timestamps };
};
