import { errorFrom, NotifsError } from './errors';
import type { Transport } from './http';
import { createSseParser, type SseMessage } from './sse-parser';
import type { Notification, NotifsClientOptions, NotifsEvent, ResyncReason } from './types';

/** Changes to the inbox made elsewhere (another tab, device or the server), passed on as they come. */
const INBOX_EVENTS = ['seen', 'archived', 'unarchived', 'removed-all'];

/** Ids of notifications already reported, so one replayed and also delivered live is reported once. */
const SEEN_IDS = 500;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Keeps a stream open for `onEvent` until the returned function is called: asks for a ticket,
 * opens `GET /api/notifs/stream`, and after any failure or end waits (exponential backoff with
 * jitter) and reconnects with `since=<last event id>`, so the server replays what was missed.
 * `since` rather than the `Last-Event-ID` header: a custom header would need a CORS preflight.
 */
export const subscribe = (
  transport: Transport,
  options: NotifsClientOptions,
  onEvent: (event: NotifsEvent) => void
): (() => void) => {
  const stop = new AbortController();
  const minMs = options.reconnect?.minMs ?? 1_000;
  const maxMs = options.reconnect?.maxMs ?? 30_000;
  const seen: number[] = [];
  let lastId: string | undefined;
  let failures = 0;

  const emit = (event: NotifsEvent) => {
    if (stop.signal.aborted) return;
    try {
      onEvent(event);
    } catch (error) {
      // An app's handler must not end the stream; the error still shows in the console.
      setTimeout(() => {
        throw error;
      });
    }
  };

  const dispatch = (message: SseMessage) => {
    if (message.id !== undefined) lastId = message.id;
    failures = 0;
    const data: unknown = JSON.parse(message.data);
    if (message.event === 'notification') {
      const notification = data as Notification;
      if (typeof notification.id === 'number') {
        if (seen.includes(notification.id)) return;
        seen.push(notification.id);
        if (seen.length > SEEN_IDS) seen.shift();
      }
      emit({ type: 'notification', notification });
    } else if (message.event === 'unread-count') {
      const { count, unseen } = data as { count: number; unseen: number };
      emit({ type: 'unread-count', count, unseen });
    } else if (INBOX_EVENTS.includes(message.event)) {
      // seen, archived, unarchived, removed-all: their data as the server sent it.
      emit({ ...(data as object), type: message.event } as NotifsEvent);
    } else if (message.event === 'resync') {
      const { reason, message: text } = data as { reason: ResyncReason; message: string };
      emit({ type: 'resync', reason, message: text });
    }
  };

  const connectOnce = async () => {
    const { data } = await transport.json<{ data: { ticket: string } }>('POST', '/api/notifs/stream/ticket');
    const query = `ticket=${encodeURIComponent(data.ticket)}${lastId === undefined ? '' : `&since=${encodeURIComponent(lastId)}`}`;
    const path = `/api/notifs/stream?${query}`;
    const response = await transport.fetch(`${transport.origin}${path}`, {
      headers: { Accept: 'text/event-stream' },
      signal: stop.signal,
    });
    if (!response.ok || !response.body) throw await errorFrom(response, 'GET /api/notifs/stream');
    emit({ type: 'connected' });
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const feed = createSseParser(dispatch, () => undefined);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      feed(decoder.decode(value, { stream: true }));
    }
    throw new NotifsError('The notifications stream was closed by the server', 0);
  };

  void (async () => {
    while (!stop.signal.aborted) {
      try {
        await connectOnce();
      } catch (error) {
        if (stop.signal.aborted) return;
        // Full jitter keeps a restarted server from being hit by every client at the same moment.
        const ceiling = Math.min(maxMs, minMs * 2 ** failures);
        const retryInMs = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
        failures += 1;
        emit({ type: 'disconnected', error: error instanceof Error ? error : new Error(String(error)), retryInMs });
        await sleep(retryInMs, stop.signal);
      }
    }
  })();

  return () => stop.abort();
};
