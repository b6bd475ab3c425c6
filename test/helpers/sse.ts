/** One server-sent event as a client sees it. */
export interface SseEvent {
  event: string;
  data: any;
  /** The `id:` the server gave it (the stream's cursor), if any. */
  id?: string;
}

export interface SseClient {
  status: number;
  headers: Headers;
  events: SseEvent[];
  comments: string[];
  /** Resolves when the server ends the stream (or close() aborts it). */
  ended: Promise<void>;
  /**
   * Resolves with the first event named `event` that `match` accepts, among those after the last
   * one `next` returned (so a test reads the stream in order).
   */
  next(event: string, match?: (data: any) => boolean, timeoutMs?: number): Promise<SseEvent>;
  /** Resolves once a comment line containing `text` has arrived. */
  comment(text: string, timeoutMs?: number): Promise<void>;
  close(): void;
}

/** A minimal EventSource over Node's fetch: reads the stream and parses events and comments. */
export const openStream = async (url: string, headers: Record<string, string> = {}): Promise<SseClient> => {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  let cursor = 0;
  const wake = () => waiters.forEach((waiter) => waiter());

  const parse = (block: string) => {
    let event = 'message';
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) comments.push(line.slice(1).trim());
      else if (line.startsWith('id:')) id = line.slice(3).trim();
      else if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trim());
    }
    if (data.length) events.push({ event, data: JSON.parse(data.join('\n')), ...(id === undefined ? {} : { id }) });
  };

  let ended: Promise<void> = Promise.resolve();
  if (response.ok && response.body) {
    ended = (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            parse(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
          wake();
        }
      } catch {
        // aborted by close()
      }
    })();
  }

  const until = <T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found === undefined) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; got ${JSON.stringify(events)}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });

  return {
    status: response.status,
    headers: response.headers,
    events,
    comments,
    ended,
    next: async (event, match = () => true, timeoutMs = 3_000) => {
      const index = await until(
        () => {
          const found = events.findIndex((e, i) => i >= cursor && e.event === event && match(e.data));
          return found >= 0 ? found : undefined;
        },
        timeoutMs,
        `event "${event}" after #${cursor}`
      );
      cursor = index + 1;
      return events[index];
    },
    comment: async (text, timeoutMs = 3_000) => {
      await until(() => (comments.some((c) => c.includes(text)) ? true : undefined), timeoutMs, `comment "${text}"`);
    },
    close: () => controller.abort(),
  };
};
