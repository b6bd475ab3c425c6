import fs from 'node:fs';
import path from 'node:path';

const LOADABLE = /\.(c?js)$/;

/**
 * Every exported class in `dir` (compiled JS: `dist/src/...` in a TypeScript app) that `accept`
 * takes. A missing folder is not an error: most apps have none.
 */
export const loadAppClasses = <T>(dir: string, accept: (value: unknown) => value is T): { file: string; value: T }[] => {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((file) => LOADABLE.test(file) && !file.endsWith('.d.js'))
    .sort()
    .flatMap((file) => {
      const full = path.join(dir, file);
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- app files are CommonJS, loaded at boot like Strapi's own
      const mod = require(full) as Record<string, unknown>;
      return Object.values(mod)
        .filter(accept)
        .map((value) => ({ file: full, value }));
    });
};
