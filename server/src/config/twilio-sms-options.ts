import { z } from 'zod';
import { declareOptions } from './declare-options';

/** A phone number as Twilio takes it: E.164, "+" then up to 15 digits, no leading 0. */
export const E164_PATTERN = /^\+[1-9]\d{1,14}$/;

/** A Messaging Service SID: sends from the service's sender pool instead of one number. */
export const MESSAGING_SERVICE_SID_PATTERN = /^MG[0-9a-fA-F]{32}$/;

/** Twilio refuses a longer Body (error 21617). */
export const SMS_BODY_MAX = 1600;

const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL, such as "http://127.0.0.1:4010"' });

/** `providers.twilio_sms`: checked at boot, shown on the admin's Channels page (the token never). */
export const twilioSmsOptions = declareOptions({
  accountSid: {
    schema: z.string().regex(/^AC[0-9a-fA-F]{32}$/, { message: 'must be a Twilio Account SID: "AC" followed by 32 hex digits' }),
    label: 'Account SID',
  },
  authToken: { schema: z.string().min(1, { message: 'must not be empty' }), label: 'Auth token', secret: true },
  from: {
    schema: z.string().refine((value) => E164_PATTERN.test(value) || MESSAGING_SERVICE_SID_PATTERN.test(value), {
      message: 'must be a phone number in E.164 form (such as "+15005550006") or a Messaging Service SID ("MG" followed by 32 hex digits)',
    }),
    label: 'From (number or Messaging Service SID)',
  },
  phoneAttribute: {
    schema: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'must be the name of an attribute of the users-permissions user, such as "phone"' })
      .optional(),
    label: 'Recipient phone attribute',
    description: "The users-permissions user attribute holding the recipient's phone number (E.164); unset: payloads must give `to`.",
  },
  apiUrl: {
    schema: httpUrl.optional(),
    label: 'API URL',
    description: "Where Twilio's REST API is reached, for proxies and tests; default https://api.twilio.com",
  },
});

export type TwilioSmsOptions = z.infer<typeof twilioSmsOptions.schema>;
