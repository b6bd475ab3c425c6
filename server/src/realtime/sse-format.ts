/**
 * One server-sent event, as written on the wire: `id:` line (when given), `event:` line, `data:`
 * line, blank line. The id is what a browser sends back as `Last-Event-ID` when it reconnects.
 */
export const formatEvent = (event: string, data: unknown, id?: string): string => {
  const text = JSON.stringify(data ?? null);
  // JSON.stringify escapes newlines inside strings, so the data is a single line.
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${text}\n\n`;
};

/** A comment line: ignored by EventSource, keeps proxies from closing an idle stream. */
export const formatComment = (text: string): string => `: ${text}\n\n`;
