/** One server-sent event: its name, raw data and id (the spec's fields; `retry` is reported apart). */
export interface SseMessage {
  event: string;
  data: string;
  id?: string;
}

/**
 * An incremental `text/event-stream` parser, as the HTML spec reads it: lines end in LF, CR or
 * CRLF; a blank line dispatches; comments (`:`) are skipped. `fetch` lets us send what
 * `EventSource` cannot, and works the same in Node and browsers, hence a parser of our own.
 */
export const createSseParser = (onMessage: (message: SseMessage) => void, onRetry: (ms: number) => void) => {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | undefined;

  const line = (text: string) => {
    if (text === '') {
      if (data.length) onMessage({ event: event || 'message', data: data.join('\n'), id });
      event = '';
      data = [];
      return;
    }
    if (text[0] === ':') return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value[0] === ' ') value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) id = value;
    else if (field === 'retry' && /^[0-9]+$/.test(value)) onRetry(Number(value));
  };

  // A CR ending one chunk may be half of a CRLF: the LF that starts the next one is not a new line.
  let afterCr = false;
  return (chunk: string) => {
    buffer += afterCr && chunk[0] === '\n' ? chunk.slice(1) : chunk;
    afterCr = false;
    const newline = /\r\n|\r|\n/g;
    let match: RegExpExecArray | null;
    let start = 0;
    while ((match = newline.exec(buffer))) {
      line(buffer.slice(start, match.index));
      start = match.index + match[0].length;
      afterCr = match[0] === '\r' && start === buffer.length;
    }
    buffer = buffer.slice(start);
  };
};
