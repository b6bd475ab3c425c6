import path from 'node:path';
import { defineConfig } from 'vite';

const root = path.resolve(import.meta.dirname, '../..');

export default defineConfig({
  resolve: {
    // The plugin's front-end builds, straight from the repository (run `npm run build` at its root).
    alias: {
      'strapi-plugin-notifs/client': path.join(root, 'dist/client/index.mjs'),
      'strapi-plugin-notifs/react': path.join(root, 'dist/react/index.mjs'),
    },
    // dist/react imports "react": it must be this app's copy, not the repository's.
    dedupe: ['react', 'react-dom'],
  },
  esbuild: { jsx: 'automatic' },
  server: {
    port: 5173,
    // Same origin for the page and the API: no CORS to configure in development.
    proxy: { '/api': process.env.STRAPI_URL ?? 'http://127.0.0.1:1337' },
  },
});
