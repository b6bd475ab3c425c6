import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Bundles inbox-page.tsx against the built dist/client and dist/react (as an app would import
 * them) and serves it from its own loopback origin, so the page talks to Strapi cross-origin
 * (CORS included). Resolves with the page's base URL and a close function.
 */
export const servePage = async (): Promise<{ url: string; close(): Promise<void> }> => {
  const bundle = await build({
    entryPoints: [path.join(__dirname, 'inbox-page.tsx')],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2020',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    alias: {
      'strapi-plugin-notifs/client': path.join(ROOT, 'dist/client/index.mjs'),
      'strapi-plugin-notifs/react': path.join(ROOT, 'dist/react/index.mjs'),
      // One React for the page, the example's App and dist/react.
      react: path.join(ROOT, 'node_modules/react'),
      'react-dom': path.join(ROOT, 'node_modules/react-dom'),
    },
    logLevel: 'warning',
  });
  const script = bundle.outputFiles[0].text;
  const html = '<!doctype html><html><head><meta charset="utf-8"><title>inbox</title></head><body><div id="root"></div><script type="module" src="/page.js"></script></body></html>';
  const server = http.createServer((request, response) => {
    const js = request.url?.startsWith('/page.js');
    response.writeHead(200, { 'Content-Type': js ? 'text/javascript' : 'text/html' });
    response.end(js ? script : html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
