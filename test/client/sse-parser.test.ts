import { createSseParser, type SseMessage } from '../../client/src/sse-parser';

/** The client's own `text/event-stream` parser, fed the way a network splits a stream. */
const parse = (chunks: string[]) => {
  const messages: SseMessage[] = [];
  const retries: number[] = [];
  const feed = createSseParser((message) => messages.push(message), (ms) => retries.push(ms));
  chunks.forEach(feed);
  return { messages, retries };
};

test('events split anywhere across chunks, with LF, CRLF or CR line ends, comments skipped', () => {
  const stream = 'retry: 3000\n: connected\n\nid: 7\nevent: unread-count\ndata: {"count":1}\n\r\nid: 8\revent: notification\rdata: {"id":8}\r\r';
  for (const size of [1, 2, 5, 1_000]) {
    const chunks = stream.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) as string[];
    expect(parse(chunks)).toEqual({
      messages: [
        { event: 'unread-count', data: '{"count":1}', id: '7' },
        { event: 'notification', data: '{"id":8}', id: '8' },
      ],
      retries: [3000],
    });
  }
});

test('the last id carries over to events without one; data lines join; no data, no event', () => {
  const { messages } = parse(['id: 3\nevent: a\ndata: x\n\nevent: b\ndata: one\ndata:two\n\nevent: empty\n\n']);
  expect(messages).toEqual([
    { event: 'a', data: 'x', id: '3' },
    { event: 'b', data: 'one\ntwo', id: '3' },
  ]);
});
