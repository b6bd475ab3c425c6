import { z } from 'zod';

/** One message for one user's open streams: an SSE `event` name and its JSON `data`. */
export const realtimeMessageSchema = z.strictObject({
  /** users-permissions user id whose streams receive it. */
  recipient: z.number().int().positive(),
  /** SSE event name, such as `notification` or `unread-count`. */
  event: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'must be a lowercase event name such as "notification"'),
  /** JSON data; for `unread-count` without data, the instance holding the stream counts. */
  data: z.unknown().optional(),
});

export type RealtimeMessage = z.infer<typeof realtimeMessageSchema>;
