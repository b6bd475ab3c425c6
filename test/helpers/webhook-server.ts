import type http from 'node:http';
import { verifyWebhookSignature } from 'strapi-plugin-notifs';
import { readBody, startHttpServer, type LoopbackServer } from './http-server';

/** One request the webhook receiver accepted. */
export interface ReceivedWebhook {
  path: string;
  body: { event: string; data: unknown };
  headers: http.IncomingHttpHeaders;
}

export interface WebhookReceiver extends LoopbackServer {
  received: ReceivedWebhook[];
  /** Requests whose signature did not verify (answered 401). */
  rejected: number;
}

/**
 * A webhook receiver as an app would write one: it verifies `X-Notifs-Signature` with the exported
 * helper and answers 401 when it does not verify. Paths pick an answer:
 * `/ok`, `/rate-limited` (429, Retry-After: 7), `/unavailable` (503, Retry-After: 2),
 * `/error` (500), `/gone` (404). `/hang` never answers.
 */
export const startWebhookReceiver = async (secret: string): Promise<WebhookReceiver> => {
  const received: ReceivedWebhook[] = [];
  const state = { rejected: 0 };
  const loopback = await startHttpServer(async (request, response) => {
    const path = request.url ?? '/';
    if (path === '/hang') return; // never answers: for the timeout case
    const raw = await readBody(request);
    if (!verifyWebhookSignature(secret, request.headers['x-notifs-signature'], raw)) {
      state.rejected += 1;
      response.writeHead(401).end('bad signature');
      return;
    }
    received.push({ path, body: JSON.parse(raw.toString('utf8')), headers: request.headers });
    const answers: Record<string, [number, Record<string, string>]> = {
      '/ok': [204, {}],
      '/rate-limited': [429, { 'retry-after': '7' }],
      '/unavailable': [503, { 'retry-after': '2' }],
      '/error': [500, {}],
      '/gone': [404, {}],
    };
    const [status, headers] = answers[path.split('?')[0]] ?? [404, {}];
    response.writeHead(status, headers).end();
  });
  return {
    ...loopback,
    received,
    get rejected() {
      return state.rejected;
    },
  };
};
