import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { GOOGLE_TOKEN_URI, type FcmServiceAccount } from '../config/fcm-options';
import { isRetryableStatus } from './retry-policy';

/** The one scope FCM's HTTP v1 API needs. */
export const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const TOKEN_TIMEOUT_MS = 10_000;

/** Why the last token request failed: firebase-admin rewraps the error and keeps only its message. */
export interface TokenFailure {
  message: string;
  status?: number;
  retryable: boolean;
}

/** An access token as firebase-admin's `Credential` interface answers it. */
export interface AccessToken {
  access_token: string;
  expires_in: number;
}

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/** What an error body from Google's token endpoint says (`{ error, error_description }`), never more. */
const tokenErrorReason = (body: string): string => {
  try {
    const parsed = JSON.parse(body) as { error?: unknown; error_description?: unknown };
    return [parsed.error, parsed.error_description].filter((part) => typeof part === 'string').join(': ') || 'no reason given';
  } catch {
    return 'no reason given';
  }
};

/**
 * firebase-admin's `Credential` for a service account, honouring its `token_uri` (firebase-admin's
 * own `cert()` always asks oauth2.googleapis.com, and ignores its `httpAgent` for a key given as an
 * object): signs an RS256 JWT with the private key and trades it for an access token (RFC 7523).
 * firebase-admin caches the token and asks again shortly before it expires.
 */
export class ServiceAccountCredential {
  /** Set when the last request failed, cleared when one succeeds. */
  lastFailure?: TokenFailure;

  constructor(
    private readonly account: FcmServiceAccount,
    private readonly httpAgent?: http.Agent
  ) {}

  get tokenUri(): string {
    return this.account.token_uri ?? GOOGLE_TOKEN_URI;
  }

  get clientEmail(): string {
    return this.account.client_email;
  }

  async getAccessToken(): Promise<AccessToken> {
    try {
      const token = await this.requestToken();
      this.lastFailure = undefined;
      return token;
    } catch (error) {
      this.lastFailure = error as TokenFailure;
      throw new Error(this.lastFailure.message);
    }
  }

  /** The signed assertion: iss the service account, aud the token endpoint, valid for an hour. */
  private assertion(): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', ...(this.account.private_key_id ? { kid: this.account.private_key_id } : {}) };
    const claims = { iss: this.account.client_email, scope: FCM_SCOPE, aud: this.tokenUri, iat: now, exp: now + 3600 };
    const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    return `${input}.${base64url(crypto.sign('sha256', Buffer.from(input), this.account.private_key))}`;
  }

  private requestToken(): Promise<AccessToken> {
    const url = new URL(this.tokenUri);
    const body = new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion: this.assertion() }).toString();
    const where = `the token endpoint ${url.origin}`;
    const fail = (message: string, details: { status?: number; retryable: boolean }): TokenFailure => ({ message, ...details });
    const client = url.protocol === 'https:' ? https : http;
    // The agent carries https requests (a proxy agent); a plain-http token_uri is a local stand-in.
    const agent = url.protocol === 'https:' ? this.httpAgent : undefined;
    return new Promise<AccessToken>((resolve, reject) => {
      const request = client.request(
        url,
        {
          method: 'POST',
          agent,
          timeout: TOKEN_TIMEOUT_MS,
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => reject(fail(`${where} broke off its answer (${error.message})`, { retryable: true })));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = response.statusCode ?? 0;
            if (status < 200 || status >= 300) {
              return reject(
                fail(`${where} refused the service account ${this.clientEmail}: HTTP ${status} ${tokenErrorReason(text)}`, {
                  status,
                  retryable: isRetryableStatus(status),
                })
              );
            }
            try {
              const parsed = JSON.parse(text) as Partial<AccessToken>;
              if (typeof parsed.access_token !== 'string' || typeof parsed.expires_in !== 'number') throw new Error('fields missing');
              resolve({ access_token: parsed.access_token, expires_in: parsed.expires_in });
            } catch {
              reject(fail(`${where} answered without access_token and expires_in`, { status, retryable: true }));
            }
          });
        }
      );
      request.on('timeout', () => request.destroy(new Error(`no answer within ${TOKEN_TIMEOUT_MS} ms`)));
      request.on('error', (error: NodeJS.ErrnoException) =>
        reject(fail(`${where} could not be reached (${error.code ?? error.message})`, { retryable: true }))
      );
      request.end(body);
    });
  }
}
