/** `strapi-plugin-notifs/client` ships inside apps' bundles: it stays under 5 kB gzipped, with no imports. */
import fs from 'node:fs';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JS, also run as `npm run check:client-size`
const { measure, LIMIT_BYTES } = require('../../scripts/check-client-size.js') as {
  measure(): { file: string; bytes: number }[];
  LIMIT_BYTES: number;
};

test('the built client is under 5 kB gzipped (ESM and CJS)', () => {
  for (const { file, bytes } of measure()) {
    expect({ file, under: bytes <= LIMIT_BYTES }).toEqual({ file, under: true });
  }
});

test('the built client imports nothing (dependency-free), and the React build only React', () => {
  const root = path.resolve(__dirname, '../..');
  const imports = (file: string) =>
    [...fs.readFileSync(path.join(root, file), 'utf8').matchAll(/(?:from |require\()["']([^"']+)["']/g)].map((m) => m[1]);
  expect(imports('dist/client/index.mjs')).toEqual([]);
  expect(imports('dist/client/index.js')).toEqual([]);
  expect(new Set(imports('dist/react/index.mjs'))).toEqual(new Set(['react', 'react/jsx-runtime']));
});
