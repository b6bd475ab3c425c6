import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import type tls from 'node:tls';
import { readBody } from './http-server';

/** The service account a test gives `providers.fcm.serviceAccount`, as Firebase's console downloads it. */
export type TestServiceAccount = {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  token_uri: string;
};

/** A `messages:send` the fake FCM accepted. */
export interface ReceivedMessage {
  projectId: string;
  /** `Authorization: Bearer …` of the request: an access token the token endpoint issued. */
  accessToken: string;
  /** The request's Host header: firebase-admin always speaks to fcm.googleapis.com. */
  host: string;
  message: Record<string, unknown>;
  validateOnly: boolean;
  /** The name answered, `projects/<id>/messages/<n>`. */
  name: string;
}

/** A JWT-bearer grant the token endpoint verified and answered. */
export interface TokenGrant {
  clientEmail: string;
  scope: string;
  audience: string;
  keyId?: string;
  accessToken: string;
}

/** How the fake answers a device token (the default: a valid token is accepted). */
export type TokenFate = 'unregistered' | 'rate-limited' | 'unavailable';

export interface FakeFcm {
  port: number;
  /** The token endpoint: the service account's `token_uri`. */
  tokenUri: string;
  /** Routes every connection (fcm.googleapis.com, oauth2.googleapis.com…) to this server, trusting its certificate. */
  agent: https.Agent;
  /** The key pair's service account for `projectId`, its `token_uri` pointing here. */
  serviceAccount: TestServiceAccount;
  grants: TokenGrant[];
  messages: ReceivedMessage[];
  /** Every refusal, with the reason, so a test can say why a request was turned down. */
  refusals: { path: string; status: number; reason: string }[];
  /** Every `messages:send` request, accepted or not, by device token. */
  sendAttempts: string[];
  /** Makes the fake answer `token` this way from now on. */
  fate: Map<string, TokenFate>;
  close(): Promise<void>;
}

export const FCM_SCOPES = ['https://www.googleapis.com/auth/firebase.messaging', 'https://www.googleapis.com/auth/cloud-platform'];

/** A device token shaped as FCM issues them (`<instance id>:APA91b…`); the fake refuses other shapes with INVALID_ARGUMENT. */
export const fakeDeviceToken = (): string =>
  `${crypto.randomBytes(16).toString('base64url')}:APA91b${crypto.randomBytes(96).toString('base64url')}`;
const DEVICE_TOKEN = /^[A-Za-z0-9_-]+:APA91b[A-Za-z0-9_-]+$/;

/** A self-signed certificate for Google's hosts and 127.0.0.1, made with the openssl CLI (Node cannot issue X.509). */
const makeCertificate = (): { key: string; cert: string } => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notifs-fcm-cert-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        '1',
        '-subj',
        '/CN=fake-google',
      ].concat(['-addext', 'subjectAltName=DNS:fcm.googleapis.com,DNS:oauth2.googleapis.com,IP:127.0.0.1']),
      { stdio: 'ignore' }
    );
    return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

/** An https.Agent that dials `port` on 127.0.0.1 whatever host a URL names, keeping SNI and certificate checks. */
class LoopbackAgent extends https.Agent {
  constructor(
    private readonly port: number,
    ca: string
  ) {
    super({ ca, keepAlive: false });
  }

  override createConnection(options: tls.ConnectionOptions, callback?: (error: Error | null, socket: Socket) => void): Socket {
    const create = https.Agent.prototype.createConnection as (this: https.Agent, o: tls.ConnectionOptions, c?: unknown) => Socket;
    return create.call(this, { ...options, host: '127.0.0.1', port: this.port }, callback);
  }
}

const base64urlJson = (part: string): Record<string, unknown> => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

/** What Google's token endpoint checks of a JWT-bearer assertion; the reason it is refused, or the claims. */
const verifyAssertion = (
  assertion: string,
  account: { clientEmail: string; keyId: string; publicKey: crypto.KeyObject },
  audience: string
): { ok: false; reason: string } | { ok: true; claims: Record<string, unknown>; header: Record<string, unknown> } => {
  const parts = assertion.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'assertion is not a JWS compact serialization' };
  const [headerPart, claimsPart, signaturePart] = parts;
  const header = base64urlJson(headerPart);
  if (header.alg !== 'RS256') return { ok: false, reason: `alg ${String(header.alg)} is not RS256` };
  if (header.kid !== undefined && header.kid !== account.keyId)
    return { ok: false, reason: `kid ${String(header.kid)} names no key of the account` };
  const signed = crypto.verify(
    'sha256',
    Buffer.from(`${headerPart}.${claimsPart}`),
    account.publicKey,
    Buffer.from(signaturePart, 'base64url')
  );
  if (!signed) return { ok: false, reason: 'Invalid JWT Signature.' };
  const claims = base64urlJson(claimsPart);
  if (claims.iss !== account.clientEmail) return { ok: false, reason: `iss ${String(claims.iss)} is not the service account` };
  if (claims.aud !== audience) return { ok: false, reason: `aud ${String(claims.aud)} is not ${audience}` };
  const scopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  if (!scopes.some((scope) => FCM_SCOPES.includes(scope)))
    return { ok: false, reason: `scope "${String(claims.scope)}" does not allow FCM` };
  const now = Math.floor(Date.now() / 1000);
  const { iat, exp } = claims;
  if (typeof iat !== 'number' || typeof exp !== 'number') return { ok: false, reason: 'iat and exp must be numbers' };
  if (Math.abs(iat - now) > 300) return { ok: false, reason: `iat ${iat} is not now (${now})` };
  if (exp <= now || exp - iat > 3600) return { ok: false, reason: `exp ${exp} must be in the future and at most an hour after iat` };
  return { ok: true, claims, header };
};

const MESSAGE_KEYS = new Set(['token', 'topic', 'condition', 'notification', 'data', 'android', 'apns', 'webpush', 'fcm_options', 'name']);

/** What FCM's v1 API refuses in a message body (the subset firebase-admin can send). */
const messageProblem = (message: unknown): string | undefined => {
  if (typeof message !== 'object' || message === null) return 'message must be an object';
  const fields = message as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((key) => !MESSAGE_KEYS.has(key));
  if (unknown.length) return `Invalid JSON payload received. Unknown name "${unknown[0]}" at 'message'`;
  const targets = ['token', 'topic', 'condition'].filter((key) => fields[key] !== undefined);
  if (targets.length !== 1) return 'exactly one of token, topic or condition is required';
  if (fields.notification !== undefined) {
    const notification = fields.notification as Record<string, unknown>;
    for (const [key, value] of Object.entries(notification)) {
      if (!['title', 'body', 'image'].includes(key)) return `Unknown name "${key}" at 'message.notification'`;
      if (typeof value !== 'string') return `message.notification.${key} must be a string`;
    }
  }
  if (fields.data !== undefined) {
    for (const [key, value] of Object.entries(fields.data as Record<string, unknown>)) {
      if (typeof value !== 'string') return `Invalid value at 'message.data[${key}]' (TYPE_STRING)`;
    }
  }
  for (const key of ['android', 'apns', 'webpush']) {
    if (fields[key] !== undefined && (typeof fields[key] !== 'object' || fields[key] === null)) return `message.${key} must be an object`;
  }
  return undefined;
};

/** FCM's error body: `{ error: { code, message, status, details: [FcmError] } }`. */
const fcmError = (code: number, status: string, message: string, errorCode?: string) => ({
  error: {
    code,
    message,
    status,
    ...(errorCode ? { details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode }] } : {}),
  },
});

/**
 * Google's side of FCM on loopback, over TLS with a self-signed certificate: the OAuth2 token
 * endpoint (JWT-bearer grant, RS256 signature verified with the service account's public key, iss,
 * aud, scope, iat and exp checked) and FCM HTTP v1 `POST /v1/projects/{id}/messages:send` (bearer
 * token one it issued, project, message shape). Device tokens answer by shape and by `fate`:
 * a token not shaped like FCM's is 400 INVALID_ARGUMENT, `unregistered` 404 UNREGISTERED,
 * `rate-limited` 429 QUOTA_EXCEEDED, `unavailable` 503 UNAVAILABLE.
 */
export const startFakeFcm = async (projectId = 'notifs-test'): Promise<FakeFcm> => {
  const { key, cert } = makeCertificate();
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyId = crypto.randomBytes(20).toString('hex');
  const clientEmail = `notifs-sender@${projectId}.iam.gserviceaccount.com`;
  const grants: TokenGrant[] = [];
  const messages: ReceivedMessage[] = [];
  const refusals: FakeFcm['refusals'] = [];
  const sendAttempts: string[] = [];
  const fate = new Map<string, TokenFate>();
  const issued = new Set<string>();
  let tokenUri = '';

  const answer = (response: http.ServerResponse, status: number, body: unknown) =>
    response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify(body));

  const onToken = (form: URLSearchParams, response: http.ServerResponse) => {
    const refuse = (reason: string) => {
      refusals.push({ path: '/token', status: 400, reason });
      answer(response, 400, { error: 'invalid_grant', error_description: reason });
    };
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return refuse(`grant_type ${form.get('grant_type')}`);
    const checked = verifyAssertion(form.get('assertion') ?? '', { clientEmail, keyId, publicKey }, tokenUri);
    if (!checked.ok) return refuse(checked.reason);
    const accessToken = `ya29.${crypto.randomBytes(24).toString('base64url')}`;
    issued.add(accessToken);
    grants.push({
      clientEmail: String(checked.claims.iss),
      scope: String(checked.claims.scope),
      audience: String(checked.claims.aud),
      keyId: checked.header.kid as string | undefined,
      accessToken,
    });
    answer(response, 200, { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' });
  };

  const onSend = (request: http.IncomingMessage, raw: string, project: string, response: http.ServerResponse) => {
    const refuse = (status: number, body: ReturnType<typeof fcmError>) => {
      refusals.push({ path: request.url ?? '', status, reason: body.error.message });
      answer(response, status, body);
    };
    const accessToken = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    if (!issued.has(accessToken)) {
      return refuse(401, fcmError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.', 'THIRD_PARTY_AUTH_ERROR'));
    }
    if (project !== projectId)
      return refuse(403, fcmError(403, 'PERMISSION_DENIED', `Permission denied on project ${project}`, 'SENDER_ID_MISMATCH'));
    let body: { message?: unknown; validate_only?: unknown };
    try {
      body = JSON.parse(raw);
    } catch {
      return refuse(400, fcmError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.'));
    }
    const problem = messageProblem(body.message);
    if (problem) return refuse(400, fcmError(400, 'INVALID_ARGUMENT', problem, 'INVALID_ARGUMENT'));
    const message = body.message as Record<string, unknown>;
    const token = typeof message.token === 'string' ? message.token : '';
    sendAttempts.push(token);
    if (message.token !== undefined && !DEVICE_TOKEN.test(token)) {
      return refuse(
        400,
        fcmError(400, 'INVALID_ARGUMENT', 'The registration token is not a valid FCM registration token', 'INVALID_ARGUMENT')
      );
    }
    switch (fate.get(token)) {
      case 'unregistered':
        return refuse(404, fcmError(404, 'NOT_FOUND', 'Requested entity was not found.', 'UNREGISTERED'));
      case 'rate-limited':
        return refuse(429, fcmError(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded for this device.', 'QUOTA_EXCEEDED'));
      case 'unavailable':
        return refuse(503, fcmError(503, 'UNAVAILABLE', 'The service is currently unavailable.', 'UNAVAILABLE'));
    }
    const name = `projects/${projectId}/messages/${messages.length + 1}`;
    messages.push({
      projectId: project,
      accessToken,
      host: request.headers.host ?? '',
      message,
      validateOnly: body.validate_only === true,
      name,
    });
    answer(response, 200, { name });
  };

  const server = https.createServer({ key, cert }, async (request, response) => {
    const raw = (await readBody(request)).toString('utf8');
    if (request.method === 'POST' && request.url === '/token') {
      if (!String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
        return answer(response, 400, { error: 'invalid_request', error_description: 'form body expected' });
      }
      return onToken(new URLSearchParams(raw), response);
    }
    const send = /^\/v1\/projects\/([^/]+)\/messages:send$/.exec(request.url ?? '');
    if (request.method === 'POST' && send) return onSend(request, raw, decodeURIComponent(send[1]), response);
    refusals.push({ path: request.url ?? '', status: 404, reason: 'no such endpoint' });
    answer(response, 404, fcmError(404, 'NOT_FOUND', `${request.method} ${request.url} is not an endpoint of the fake`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  tokenUri = `https://127.0.0.1:${port}/token`;

  const serviceAccount: TestServiceAccount = {
    type: 'service_account',
    project_id: projectId,
    private_key_id: keyId,
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: clientEmail,
    client_id: '100000000000000000001',
    token_uri: tokenUri,
  };
  const agent = new LoopbackAgent(port, cert);
  return {
    port,
    tokenUri,
    agent,
    serviceAccount,
    grants,
    messages,
    refusals,
    sendAttempts,
    fate,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
