import { throwValidationError } from '../domain/notify-input';
import { MAX_ROW_ID } from '../domain/limits';

const parseCursor = (raw: unknown, where: string): number => {
  const text = typeof raw === 'string' ? raw.trim() : '';
  const cursor = /^[0-9]{1,10}$/.test(text) ? Number(text) : Number.NaN;
  // A cursor past the integer column is refused here, not sent to the database.
  if (!Number.isSafeInteger(cursor) || cursor > MAX_ROW_ID) {
    throwValidationError('stream cursor', [
      { path: [where], message: `must be an event id this stream sent (a whole number of 0 or more), got ${JSON.stringify(raw)}` },
    ]);
  }
  return cursor;
};

/**
 * The cursor a stream resumes from: the `Last-Event-ID` header (what EventSource sends when it
 * reconnects by itself) or else the `since` query parameter (for a new connection, which cannot
 * set the header from a browser). Undefined for a fresh stream.
 */
export const parseStreamCursor = (header: unknown, since: unknown): number | undefined => {
  if (typeof header === 'string' && header.trim() !== '') return parseCursor(header, 'Last-Event-ID');
  if (since !== undefined) return parseCursor(since, 'since');
  return undefined;
};
