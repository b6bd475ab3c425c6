import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { endsByEndOfFile } from './leftovers';

/** A loopback HTTP server on a free port, and how to stop it without leaving open handles. */
export interface LoopbackServer {
  server: http.Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/** Starts `handler` on 127.0.0.1, port 0. */
export const startHttpServer = async (handler: http.RequestListener): Promise<LoopbackServer> => {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  // A server a failed test never closed would hold Jest open (test/helpers/leftovers.ts).
  const forget = endsByEndOfFile(`the loopback HTTP server on port ${port}`, close);
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    close: () => {
      forget();
      return close();
    },
  };
};

/** The whole request body, as bytes (signatures are over bytes). */
export const readBody = (request: http.IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });

/** A port nothing listens on: bound, then released. */
export const closedPort = async (): Promise<number> => {
  const { port, close } = await startHttpServer(() => undefined);
  await close();
  return port;
};
