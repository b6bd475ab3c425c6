import type http from 'node:http';
import { readBody, startHttpServer, type LoopbackServer } from './http-server';

/** One POST the receiver got (answered or not). */
export interface ReceivedPost {
  path: string;
  deliveryId: string | undefined;
  body: unknown;
  at: number;
}

export interface CountingReceiver extends LoopbackServer {
  posts: ReceivedPost[];
  /** POSTs per delivery id (`X-Notifs-Delivery-Id`). */
  countsById(): Map<string, number>;
  /** Requests held open right now by `/hang`. */
  hanging(): number;
}

/**
 * A webhook receiver as slow and as hostile as real ones, that counts what arrives by the delivery
 * id header. Paths:
 * - `/ok`: 204 at once;
 * - `/slow/<ms>`: 204 after that many milliseconds;
 * - `/hang`: never answers;
 * - `/absurd-retry-after`: 429 with `Retry-After: 99999999999999` the first time a delivery comes, then 204;
 * - `/flaky`: 500 the first time a delivery comes, then 204.
 */
export const startCountingReceiver = async (): Promise<CountingReceiver> => {
  const posts: ReceivedPost[] = [];
  const open = new Set<http.ServerResponse>();
  const seen = new Map<string, number>();
  const loopback = await startHttpServer(async (request, response) => {
    const raw = await readBody(request);
    const path = (request.url ?? '/').split('?')[0];
    const deliveryId = request.headers['x-notifs-delivery-id'] as string | undefined;
    posts.push({ path, deliveryId, body: raw.length ? JSON.parse(raw.toString('utf8')) : null, at: Date.now() });
    const times = (seen.get(`${path} ${deliveryId}`) ?? 0) + 1;
    seen.set(`${path} ${deliveryId}`, times);
    if (path === '/hang') {
      open.add(response);
      response.on('close', () => open.delete(response));
      return;
    }
    const slow = /^\/slow\/(\d+)$/.exec(path);
    if (slow) {
      setTimeout(() => response.writeHead(204).end(), Number(slow[1]));
      return;
    }
    if (path === '/absurd-retry-after' && times === 1) {
      response.writeHead(429, { 'retry-after': '99999999999999' }).end();
      return;
    }
    if (path === '/flaky' && times === 1) {
      response.writeHead(500).end();
      return;
    }
    response.writeHead(path === '/ok' || path === '/absurd-retry-after' || path === '/flaky' ? 204 : 404).end();
  });
  return {
    ...loopback,
    posts,
    countsById() {
      const counts = new Map<string, number>();
      posts.forEach((post) => counts.set(post.deliveryId ?? '(none)', (counts.get(post.deliveryId ?? '(none)') ?? 0) + 1));
      return counts;
    },
    hanging: () => open.size,
  };
};
