import type { NotifsClient, NotifsEvent } from 'strapi-plugin-notifs/client';

/** A subscription under test: every event it reported, and a way to wait for the next that matches. */
export interface Recorded {
  events: NotifsEvent[];
  until<T extends NotifsEvent['type']>(
    type: T,
    match?: (event: Extract<NotifsEvent, { type: T }>) => boolean,
    timeoutMs?: number
  ): Promise<Extract<NotifsEvent, { type: T }>>;
  stop(): void;
}

/** Subscribes with `client` and records what `onEvent` receives. */
export const record = (client: NotifsClient): Recorded => {
  const events: NotifsEvent[] = [];
  const waiters = new Set<() => void>();
  const stop = client.subscribe((event) => {
    events.push(event);
    waiters.forEach((wake) => wake());
  });
  return {
    events,
    stop,
    until: (type, match = () => true, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        type Found = Extract<NotifsEvent, { type: typeof type }>;
        let from = 0;
        const check = () => {
          for (; from < events.length; from += 1) {
            const event = events[from];
            if (event.type === type && match(event as Found)) {
              waiters.delete(check);
              clearTimeout(timer);
              resolve(event as Found);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`Timed out after ${timeoutMs} ms waiting for a "${type}" event; got ${JSON.stringify(events)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
};
