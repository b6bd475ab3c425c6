import net from 'node:net';
import tls from 'node:tls';

/** How long `verify()` waits for a connection: the admin's test button should answer quickly. */
export const PROBE_TIMEOUT_MS = 2_000;

/**
 * Opens a TCP connection (TLS for https) to a URL's host and port, sends nothing, and closes it.
 * Answers null when it connected, else why not (`ECONNREFUSED`, `timed out after 2000 ms`, a TLS
 * certificate error). Never throws: `verify()` reports, it does not fail.
 */
export const probeConnection = (url: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<string | null> =>
  new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve('not a valid URL');
      return;
    }
    const secure = target.protocol === 'https:';
    const host = target.hostname.replace(/^\[|\]$/g, ''); // IPv6 literals come bracketed
    const port = Number(target.port) || (secure ? 443 : 80);
    const socket = secure
      ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host })
      : net.connect({ host, port });
    const finish = (problem: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(problem);
    };
    const timer = setTimeout(() => finish(`timed out after ${timeoutMs} ms`), timeoutMs);
    socket.once(secure ? 'secureConnect' : 'connect', () => finish(null));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message));
  });
