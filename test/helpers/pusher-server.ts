import type http from 'node:http';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readBody, startHttpServer, type LoopbackServer } from './http-server';

/** One event as the fake Pusher received it (`data` parsed back from its JSON string). */
export interface PusherEvent {
  channel: string;
  name: string;
  data: unknown;
  socketId?: string;
}

export interface FakePusher extends LoopbackServer {
  /** `/events` calls: one entry per call, its events (one per channel). */
  triggers: PusherEvent[][];
  /** `/batch_events` calls: one entry per call, its events. */
  batches: PusherEvent[][];
  /** Requests refused for a bad signature, key, timestamp or body_md5, with the reason. */
  refused: string[];
}

/**
 * Pusher Channels' REST API, enough for the SDK: `POST /apps/:id/events`, `POST /apps/:id/batch_events`
 * and `GET /apps/:id/channels`, each checked as Pusher does (auth_key, auth_timestamp,
 * auth_version, body_md5, auth_signature); a request that fails a check gets 401.
 * An event on channel `fail-500` gets 500, on `fail-413` gets 413.
 */
export const startFakePusher = async (app: { appId: string; key: string; secret: string }): Promise<FakePusher> => {
  const triggers: PusherEvent[][] = [];
  const batches: PusherEvent[][] = [];
  const refused: string[] = [];

  const authProblem = (method: string, path: string, query: URLSearchParams, body: Buffer): string | undefined => {
    if (query.get('auth_key') !== app.key) return 'unknown auth_key';
    if (query.get('auth_version') !== '1.0') return 'auth_version must be 1.0';
    const timestamp = Number(query.get('auth_timestamp'));
    if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 600) return 'auth_timestamp too far from now';
    if (method === 'POST' && query.get('body_md5') !== createHash('md5').update(body).digest('hex')) return 'body_md5 does not match';
    const signed = [...query.entries()]
      .filter(([key]) => key !== 'auth_signature')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => `${key}=${value}`)
      .join('&');
    const expected = createHmac('sha256', app.secret).update(`${method}\n${path}\n${signed}`).digest();
    const given = Buffer.from(query.get('auth_signature') ?? '', 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid signature';
    return undefined;
  };

  const parseEvents = (body: { name: string; data: string; channels?: string[]; channel?: string; socket_id?: string }[]): PusherEvent[] =>
    body.flatMap((event) =>
      (event.channels ?? [event.channel ?? '']).map((channel) => ({
        channel,
        name: event.name,
        data: JSON.parse(event.data),
        ...(event.socket_id ? { socketId: event.socket_id } : {}),
      }))
    );

  const loopback = await startHttpServer((request, response) => {
    handle(request, response).catch((error: Error) => {
      if (!response.headersSent) response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: error.message }));
    });
  });

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const body = await readBody(request);
    const reply = (status: number, answer: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    };
    const prefix = `/apps/${app.appId}`;
    if (!url.pathname.startsWith(`${prefix}/`)) return reply(404, { error: 'unknown app' });
    const problem = authProblem(request.method ?? '', url.pathname, url.searchParams, body);
    if (problem) {
      refused.push(problem);
      return reply(401, { error: problem });
    }
    const route = `${request.method} ${url.pathname.slice(prefix.length)}`;
    if (route === 'GET /channels') return reply(200, { channels: {} });
    const json = body.length ? JSON.parse(body.toString('utf8')) : {};
    const events =
      route === 'POST /events' ? parseEvents([json]) : route === 'POST /batch_events' ? parseEvents(json.batch ?? []) : undefined;
    if (!events) return reply(404, { error: `no route ${route}` });
    if (events.some(({ channel }) => channel === 'fail-500')) return reply(500, { error: 'internal' });
    if (events.some(({ channel }) => channel === 'fail-413')) return reply(413, { error: 'too large' });
    (route === 'POST /events' ? triggers : batches).push(events);
    return reply(200, route === 'POST /events' ? {} : { batch: events.map(() => ({})) });
  };
  return { ...loopback, triggers, batches, refused };
};
