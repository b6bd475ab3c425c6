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

/**
 * How real-time messages travel from whoever publishes them (the `sse` provider, the unread-count
 * watcher) to the instances holding the streams. The in-process bus reaches this instance only;
 * a Redis pub/sub bus (same interface) would reach every instance.
 */
export interface RealtimeBus {
  publish(message: RealtimeMessage): Promise<void>;
  /** Calls `handler` for every message; returns the unsubscribe function. */
  subscribe(handler: (message: RealtimeMessage) => void): () => void;
  close(): Promise<void>;
}

/** The bus of a single instance: a set of handlers, called in order. */
export const createInProcessBus = (): RealtimeBus => {
  const handlers = new Set<(message: RealtimeMessage) => void>();
  return {
    async publish(message) {
      for (const handler of handlers) handler(message);
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async close() {
      handlers.clear();
    },
  };
};
