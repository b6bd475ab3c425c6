import type http from 'node:http';
import { Webhook } from 'standardwebhooks';
import { verifyWebhookSignature } from 'strapi-plugin-notifs';
import { readBody, startHttpServer, type LoopbackServer } from './http-server';

/** One request the webhook receiver accepted. */
export interface ReceivedWebhook {
  path: string;
  body: { event: string; data: unknown };
  /** The body exactly as received (what the signature covers). */
  raw: Buffer;
  headers: http.IncomingHttpHeaders;
}

export interface WebhookReceiver extends LoopbackServer {
  received: ReceivedWebhook[];
  /** Requests whose signature did not verify (answered 401). */
  rejected: number;
}

/** How the receiver checks signatures: `standard` with the `standardwebhooks` package, `notifs` with our exported helper. */
export type ReceiverScheme = 'standard' | 'notifs';

/**
 * A `standardwebhooks` verifier for `secret` as the README tells receivers to make one: a
 * `whsec_<base64>` secret as it is, any other string as raw bytes.
 */
export const standardVerifier = (secret: string): Webhook =>
  secret.startsWith('whsec_') ? new Webhook(secret) : new Webhook(secret, { format: 'raw' });

/**
 * A webhook receiver as an app would write one: it verifies the signature (by default the
 * Standard Webhooks headers, with the `standardwebhooks` package, not our code) and answers 401
 * when it does not verify. Paths pick an answer:
 * `/ok`, `/rate-limited` (429, Retry-After: 7), `/unavailable` (503, Retry-After: 2),
 * `/error` (500), `/gone` (404), `/flaky` (503 the first time a `webhook-id` is seen, then 204).
 * `/hang` never answers.
 */
export const startWebhookReceiver = async (secret: string, scheme: ReceiverScheme = 'standard'): Promise<WebhookReceiver> => {
  const received: ReceivedWebhook[] = [];
  const seen = new Set<string>();
  const state = { rejected: 0 };
  const verifier = scheme === 'standard' ? standardVerifier(secret) : undefined;
  const verifies = (raw: Buffer, headers: http.IncomingHttpHeaders): boolean => {
    if (!verifier) return verifyWebhookSignature(secret, headers['x-notifs-signature'], raw);
    try {
      verifier.verify(raw, headers as Record<string, string>);
      return true;
    } catch {
      return false;
    }
  };
  const loopback = await startHttpServer(async (request, response) => {
    const path = request.url ?? '/';
    if (path === '/hang') return; // never answers: for the timeout case
    const raw = await readBody(request);
    if (!verifies(raw, request.headers)) {
      state.rejected += 1;
      response.writeHead(401).end('bad signature');
      return;
    }
    received.push({ path, body: JSON.parse(raw.toString('utf8')), raw, headers: request.headers });
    const answers: Record<string, [number, Record<string, string>]> = {
      '/ok': [204, {}],
      '/rate-limited': [429, { 'retry-after': '7' }],
      '/unavailable': [503, { 'retry-after': '2' }],
      '/error': [500, {}],
      '/gone': [404, {}],
    };
    const route = path.split('?')[0];
    if (route === '/flaky') {
      const id = String(request.headers['webhook-id']);
      const first = !seen.has(id);
      seen.add(id);
      response.writeHead(first ? 503 : 204).end();
      return;
    }
    const [status, headers] = answers[route] ?? [404, {}];
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
