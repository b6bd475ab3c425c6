import { randomBytes } from 'node:crypto';
import { readBody, startHttpServer, type LoopbackServer } from './http-server';

/** A message the fake Twilio accepted: the form fields as Twilio read them, and the SID it answered. */
export interface TwilioMessage {
  sid: string;
  To: string;
  From?: string;
  MessagingServiceSid?: string;
  Body: string;
  /** Every form field received, for asserting that nothing else was sent. */
  form: Record<string, string>;
}

export interface FakeTwilio extends LoopbackServer {
  /** Give this as `apiUrl`. */
  apiUrl: string;
  messages: TwilioMessage[];
  /** Every request: method, path, content type, and whether its basic auth was right. */
  requests: { method: string; path: string; contentType?: string; authorized: boolean }[];
}

/** Twilio's error shape (https://www.twilio.com/docs/usage/twilios-response#response-formats-exceptions). */
const twilioError = (status: number, code: number, message: string) => ({
  status,
  body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});

const E164 = /^\+[1-9]\d{1,14}$/;

/** Numbers that make the fake answer as Twilio does in trouble (+15005550001 is Twilio's own test number for 21211). */
export const TWILIO_TEST_NUMBERS = { invalid: '+15005550001', rateLimited: '+15005550429', unavailable: '+15005550503' } as const;

/**
 * Twilio's Programmable Messaging API as the `twilio` library sees it, checking what Twilio checks:
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` with HTTP basic auth `AccountSid:AuthToken`
 * (401, error 20003, otherwise), form-encoded `To` (E.164; 21604 missing, 21211 invalid), `From` or
 * `MessagingServiceSid` (21603), `Body` (21602 missing, 21617 over 1,600 characters). Accepted: 201
 * with the message resource (`sid` "SM…", `status` "queued"). `GET /2010-04-01/Accounts/{sid}.json`
 * answers the account. `To` +15005550429 gets 429 (Retry-After 7), +15005550503 gets 503.
 */
export const startFakeTwilio = async (accountSid: string, authToken: string): Promise<FakeTwilio> => {
  const messages: TwilioMessage[] = [];
  const requests: FakeTwilio['requests'] = [];
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const loopback = await startHttpServer(async (request, response) => {
    const raw = (await readBody(request)).toString('utf8');
    const path = request.url ?? '';
    const authorized = request.headers.authorization === expectedAuth;
    requests.push({ method: request.method ?? '', path, contentType: request.headers['content-type'], authorized });
    const answer = ((): { status: number; body: unknown; headers?: Record<string, string> } => {
      if (!authorized) return twilioError(401, 20003, 'Authenticate');
      if (request.method === 'GET' && path === `/2010-04-01/Accounts/${accountSid}.json`) {
        return { status: 200, body: { sid: accountSid, friendly_name: 'Notifs test account', status: 'active', type: 'Full' } };
      }
      if (request.method !== 'POST' || path !== `/2010-04-01/Accounts/${accountSid}/Messages.json`) {
        return twilioError(404, 20404, `The requested resource ${path} was not found`);
      }
      if (request.headers['content-type'] !== 'application/x-www-form-urlencoded')
        return twilioError(400, 21601, 'Content-Type must be application/x-www-form-urlencoded');
      const form = Object.fromEntries(new URLSearchParams(raw));
      const { To: to, From: from, MessagingServiceSid: service, Body: body } = form;
      if (!to) return twilioError(400, 21604, "A 'To' phone number is required.");
      if (!E164.test(to) || to === TWILIO_TEST_NUMBERS.invalid) return twilioError(400, 21211, `Invalid 'To' Phone Number: ${to}`);
      if (!from && !service) return twilioError(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message.");
      if (from && !E164.test(from)) return twilioError(400, 21212, `Invalid 'From' Phone Number: ${from}`);
      if (service && !/^MG[0-9a-f]{32}$/.test(service)) return twilioError(400, 21701, `The Messaging Service Sid ${service} is invalid.`);
      if (!body) return twilioError(400, 21602, 'Message body is required.');
      if (body.length > 1600) return twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
      if (to === TWILIO_TEST_NUMBERS.rateLimited)
        return { ...twilioError(429, 20429, 'Too Many Requests'), headers: { 'retry-after': '7' } };
      if (to === TWILIO_TEST_NUMBERS.unavailable) return twilioError(503, 20503, 'Service unavailable');
      const sid = `SM${randomBytes(16).toString('hex')}`;
      messages.push({
        sid,
        To: to,
        ...(from ? { From: from } : {}),
        ...(service ? { MessagingServiceSid: service } : {}),
        Body: body,
        form,
      });
      return {
        status: 201,
        body: {
          sid,
          account_sid: accountSid,
          to,
          from: from ?? null,
          messaging_service_sid: service ?? null,
          body,
          status: 'queued',
          direction: 'outbound-api',
          num_segments: '1',
          api_version: '2010-04-01',
          date_created: new Date().toUTCString(),
          uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
        },
      };
    })();
    response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body));
  });
  return { ...loopback, apiUrl: loopback.url, messages, requests };
};
