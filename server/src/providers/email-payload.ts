import { z } from 'zod';

// "Ada <ada@example.com>" is as valid to nodemailer as a bare address: only ask for an "@".
const address = z.string().min(3).max(998).regex(/@/, 'must be an email address');
const addresses = z.union([address, z.array(address).min(1).max(100)]);
// A CR or LF in a header would let a value start a header of its own (header injection).
const oneLine = z.string().regex(/^[^\r\n]*$/, 'may not contain line breaks');

const attachment = z.strictObject({
  filename: z.string().min(1).max(255),
  /** The file's content: text, or base64 with `encoding: 'base64'`. */
  content: z.string(),
  encoding: z.enum(['utf8', 'base64']).optional(),
  contentType: oneLine.optional(),
});

const fields = z.strictObject({
  to: addresses,
  cc: addresses.optional(),
  bcc: addresses.optional(),
  from: address.optional(),
  replyTo: address.optional(),
  subject: oneLine.min(1).max(998),
  text: z.string().optional(),
  html: z.string().optional(),
  attachments: z.array(attachment).max(20).optional(),
  /** Extra headers, such as `{ 'X-Order-Id': '42' }`. */
  headers: z.record(z.string().regex(/^[!-9;-~]+$/, 'must be a header name'), oneLine).optional(),
});

/** One payload of the `email` provider: one message. */
export type EmailPayload = z.infer<typeof fields>;

/**
 * The email payload schema. `from` may be left out only when the provider has a default sender
 * (`providers.email.from`, or Strapi's email plugin, which has its own `defaultFrom`).
 */
export const emailPayloadSchema = (hasDefaultFrom: boolean): z.ZodType<EmailPayload> =>
  fields
    .refine((payload) => payload.text !== undefined || payload.html !== undefined, {
      message: 'an email needs "text" or "html"',
      path: ['text'],
    })
    .refine((payload) => hasDefaultFrom || payload.from !== undefined, {
      message: 'is required when providers.email.from is not set',
      path: ['from'],
    });
