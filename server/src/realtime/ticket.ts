import crypto from 'node:crypto';

/** A stream ticket: proof, for a few seconds and once, that a user may open `GET /stream`. */
export interface IssuedTicket {
  ticket: string;
  expiresAt: string;
}

const sign = (secret: string, text: string) => crypto.createHmac('sha256', secret).update(text).digest('base64url');

/**
 * Signed, short-lived, single-use tickets, so that browsers' `EventSource` (which cannot send an
 * Authorization header) need not put a long-lived JWT in a URL, where access logs keep it.
 * Signed rather than stored: any instance sharing the secret accepts them; "single use" is kept
 * per instance (a used nonce is remembered until the ticket expires).
 */
export const createTicketIssuer = (secret: string, ttlMs: number) => {
  const used = new Map<string, number>();

  const forgetExpired = (now: number) => {
    used.forEach((expiresAt, nonce) => {
      if (expiresAt < now) used.delete(nonce);
    });
  };

  return {
    /** A ticket for `userId`, valid `ttlMs` from now. */
    issue(userId: number): IssuedTicket {
      const expiresAt = Date.now() + ttlMs;
      const body = Buffer.from(JSON.stringify({ u: userId, e: expiresAt, n: crypto.randomBytes(12).toString('base64url') })).toString('base64url');
      return { ticket: `${body}.${sign(secret, body)}`, expiresAt: new Date(expiresAt).toISOString() };
    },

    /** The user id of a valid, unexpired, unused ticket (which is now used), or null. */
    redeem(ticket: string): number | null {
      const [body, signature, extra] = ticket.split('.');
      if (!body || !signature || extra !== undefined) return null;
      const expected = Buffer.from(sign(secret, body));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
      let claims: { u?: unknown; e?: unknown; n?: unknown };
      try {
        claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as typeof claims;
      } catch {
        return null;
      }
      const now = Date.now();
      if (typeof claims.u !== 'number' || typeof claims.e !== 'number' || typeof claims.n !== 'string') return null;
      if (claims.e < now || used.has(claims.n)) return null;
      forgetExpired(now);
      used.set(claims.n, claims.e);
      return claims.u;
    },
  };
};

export type TicketIssuer = ReturnType<typeof createTicketIssuer>;
