/** One server-sent event, as written on the wire: `event:` line, `data:` lines, blank line. */
export const formatEvent = (event: string, data: unknown): string => {
  const text = JSON.stringify(data ?? null);
  // JSON.stringify escapes newlines inside strings, so the data is a single line.
  return `event: ${event}\ndata: ${text}\n\n`;
};

/** A comment line: ignored by EventSource, keeps proxies from closing an idle stream. */
export const formatComment = (text: string): string => `: ${text}\n\n`;
