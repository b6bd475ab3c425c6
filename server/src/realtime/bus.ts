import { realtimeMessageSchema, type RealtimeMessage } from '../domain/realtime-message';

export { realtimeMessageSchema, type RealtimeMessage };

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
