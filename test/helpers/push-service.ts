import { createECDH, createPublicKey, randomBytes, verify, type ECDH } from 'node:crypto';
import type http from 'node:http';
import { readBody, startHttpServer, type LoopbackServer } from './http-server';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped CommonJS: RFC 8188 by its own authors, not web-push's code
const ece = require('http_ece') as { decrypt(buffer: Buffer, params: Record<string, unknown>): Buffer };

/** A browser's side of a subscription: what `pushManager.subscribe()` makes, and the private key it keeps. */
export interface FakeBrowser {
  /** The JSON a browser gives (`JSON.stringify(subscription)`). */
  subscription: { endpoint: string; expirationTime: null; keys: { p256dh: string; auth: string } };
  ecdh: ECDH;
  auth: string;
}

/** The claims of a VAPID JWT the push service checked. */
export interface VapidClaims {
  aud: string;
  exp: number;
  sub: string;
}

/** One push the service accepted (VAPID verified, body decrypted). */
export interface ReceivedPush {
  token: string;
  /** The decrypted message, parsed as JSON. */
  message: unknown;
  claims: VapidClaims;
  /** The `k=` of the Authorization header: the app's VAPID public key. */
  vapidKey: string;
  headers: http.IncomingHttpHeaders;
}

/** How the service answers pushes to one endpoint. */
export type PushAnswer = 'accept' | 404 | 410 | 429 | 500 | 'hang';

export interface PushService extends LoopbackServer {
  /** A new browser subscription on this service; `answer` says how its pushes are answered. */
  subscribe(answer?: PushAnswer): FakeBrowser;
  /** Changes how an endpoint's pushes are answered. */
  answer(browser: FakeBrowser, answer: PushAnswer): void;
  received: ReceivedPush[];
  /** Requests refused (bad VAPID, body that does not decrypt), with the reason. */
  refused: { token: string; reason: string }[];
}

const b64url = (buffer: Buffer): string => buffer.toString('base64url');

/** The public key of `k=` (an uncompressed P-256 point) as a KeyObject. */
const publicKeyOf = (k: string) => {
  const point = Buffer.from(k, 'base64url');
  if (point.length !== 65 || point[0] !== 4) throw new Error('k= is not an uncompressed P-256 point');
  return createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33)) },
    format: 'jwk',
  });
};

/**
 * Checks `Authorization: vapid t=<JWT>, k=<key>` as a push service does (RFC 8292): an ES256 JWT signed
 * by the key in `k`, whose `aud` is this service's origin, `exp` in the future and at most 24 hours
 * ahead, with a `sub` contact. Throws the reason.
 */
const verifyVapid = (header: string | undefined, origin: string): { claims: VapidClaims; vapidKey: string } => {
  const match = /^vapid t=([A-Za-z0-9_.-]+), ?k=([A-Za-z0-9_-]+)$/.exec(header ?? '');
  if (!match) throw new Error(`no "vapid t=…, k=…" Authorization (got ${JSON.stringify(header)})`);
  const [, jwt, k] = match;
  const [head, body, signature] = jwt.split('.');
  const alg = (JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg?: string }).alg;
  if (alg !== 'ES256') throw new Error(`JWT alg ${alg}, not ES256`);
  const valid = verify(
    'sha256',
    Buffer.from(`${head}.${body}`),
    { key: publicKeyOf(k), dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url')
  );
  if (!valid) throw new Error('JWT signature does not verify with k=');
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as VapidClaims;
  const now = Math.floor(Date.now() / 1000);
  if (claims.aud !== origin) throw new Error(`aud ${claims.aud} is not ${origin}`);
  if (!(claims.exp > now && claims.exp <= now + 24 * 60 * 60)) throw new Error(`exp ${claims.exp} is not within 24 hours`);
  if (!/^(mailto:|https:)/.test(claims.sub ?? '')) throw new Error(`sub ${claims.sub} is no contact`);
  return { claims, vapidKey: k };
};

/**
 * A push service on loopback (plain http: the plugin accepts http endpoints on loopback hosts). It
 * verifies the VAPID JWT, decrypts the aes128gcm body with the browser's private key and auth secret
 * (`http_ece`), records the message, and answers as told per endpoint: 201 with a `Location`, 404,
 * 410, 429 (Retry-After: 3), 500, or never.
 */
export const startPushService = async (): Promise<PushService> => {
  const received: ReceivedPush[] = [];
  const refused: { token: string; reason: string }[] = [];
  const browsers = new Map<string, { browser: FakeBrowser; answer: PushAnswer }>();
  let counter = 0;
  const loopback = await startHttpServer(async (request, response) => {
    const token = (request.url ?? '').replace(/^\/push\//, '');
    const entry = browsers.get(token);
    if (request.method !== 'POST' || !entry) return void response.writeHead(404).end();
    const raw = await readBody(request);
    if (entry.answer === 'hang') return;
    let accepted: ReceivedPush;
    try {
      const { claims, vapidKey } = verifyVapid(request.headers.authorization, loopback.url);
      if (request.headers['content-encoding'] !== 'aes128gcm') throw new Error(`Content-Encoding ${request.headers['content-encoding']}`);
      if (!/^[0-9]+$/.test(String(request.headers.ttl ?? ''))) throw new Error('no TTL header');
      const plain = ece.decrypt(raw, { version: 'aes128gcm', privateKey: entry.browser.ecdh, authSecret: entry.browser.auth });
      accepted = { token, message: JSON.parse(plain.toString('utf8')), claims, vapidKey, headers: request.headers };
    } catch (error) {
      refused.push({ token, reason: (error as Error).message });
      return void response.writeHead(403).end((error as Error).message);
    }
    if (entry.answer === 'accept') {
      received.push(accepted);
      counter += 1;
      return void response.writeHead(201, { location: `${loopback.url}/message/m${counter}` }).end();
    }
    const headers: Record<string, string> = entry.answer === 429 ? { 'retry-after': '3' } : {};
    response.writeHead(entry.answer, headers).end(entry.answer === 410 ? 'push subscription has unsubscribed or expired.' : '');
  });
  return {
    ...loopback,
    received,
    refused,
    subscribe(answer: PushAnswer = 'accept') {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const token = b64url(randomBytes(24));
      const auth = b64url(randomBytes(16));
      const browser: FakeBrowser = {
        subscription: {
          endpoint: `${loopback.url}/push/${token}`,
          expirationTime: null,
          keys: { p256dh: b64url(ecdh.getPublicKey()), auth },
        },
        ecdh,
        auth,
      };
      browsers.set(token, { browser, answer });
      return browser;
    },
    answer(browser, answer) {
      const token = browser.subscription.endpoint.split('/push/')[1];
      (browsers.get(token) as { answer: PushAnswer }).answer = answer;
    },
  };
};
