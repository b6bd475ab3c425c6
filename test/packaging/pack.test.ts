/**
 * What `npm pack` puts in the tarball: everything an app needs to load the plugin (server, admin,
 * types, the worker entry point, LICENSE), and nothing else: no tests, no sources, no source maps
 * that point at sources the package does not hold.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

interface PackEntry {
  path: string;
}

/** `npm pack --dry-run --json` of the repository, without running `prepack` (the suites read dist/ meanwhile). */
const packedFiles = (): Set<string> => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  const [report] = JSON.parse(out) as { files: PackEntry[] }[];
  return new Set(report.files.map((file) => file.path));
};

/** Every file path an `exports` condition names, nested conditions included. */
const exportTargets = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(exportTargets);
  return [];
};

const walk = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });

const ALLOWED = [
  /^LICENSE$/,
  /^README\.md$/,
  /^package\.json$/,
  /^strapi-(server|admin)\.js$/,
  /^bin\/notifs-worker\.js$/,
  /^dist\/admin\/index\.m?js$/,
  /^dist\/server\/.+\.(js|d\.ts|json)$/,
  // strapi-plugin-notifs/client and /react: one bundle each (ESM and CJS) and their declarations.
  /^dist\/(client|react)\/index\.m?js$/,
  /^dist\/types\/client\/(src|react)\/[a-z-]+\.d\.ts$/,
];

describe('the packed package', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    exports: Record<string, unknown>;
    bin: Record<string, string>;
    scripts: Record<string, string>;
    license: string;
  };
  let files: Set<string>;

  beforeAll(() => {
    files = packedFiles();
  });

  test('holds what an app loads: server, admin, types, worker, LICENSE, README', () => {
    for (const needed of [
      'LICENSE',
      'README.md',
      'package.json',
      'strapi-server.js',
      'strapi-admin.js',
      'bin/notifs-worker.js',
      'dist/server/index.js',
      'dist/server/index.d.ts',
      'dist/admin/index.js',
      'dist/admin/index.mjs',
    ]) {
      expect(files).toContain(needed);
    }
  });

  test('every file named by "exports" and "bin" is in it', () => {
    const named = [...exportTargets(pkg.exports), ...Object.values(pkg.bin)].map((target) => path.posix.normalize(target));
    expect(named.filter((target) => !files.has(target))).toEqual([]);
  });

  test('every server module is compiled into it, with its types', () => {
    const sources = walk(path.join(ROOT, 'server/src'))
      .map((file) => path.relative(path.join(ROOT, 'server/src'), file).split(path.sep).join('/'))
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts'));
    const missing = sources.flatMap((file) => {
      const base = `dist/server/${file.replace(/\.ts$/, '')}`;
      return [`${base}.js`, `${base}.d.ts`].filter((compiled) => !files.has(compiled));
    });
    expect(missing).toEqual([]);
  });

  test('holds nothing else: no tests, no sources, no source maps to missing sources', () => {
    expect([...files].filter((file) => !ALLOWED.some((pattern) => pattern.test(file)))).toEqual([]);
    expect([...files].filter((file) => /(^|\/)(test|__tests__)\/|\.test\.|\.e2e\./.test(file))).toEqual([]);
    // A map is only useful with the sources it points at; whichever maps ship must find theirs.
    const brokenMaps = [...files]
      .filter((file) => file.endsWith('.map'))
      .flatMap((map) => {
        const { sources } = JSON.parse(fs.readFileSync(path.join(ROOT, map), 'utf8')) as { sources: string[] };
        return sources.map((source) => path.posix.join(path.posix.dirname(map), source)).filter((source) => !files.has(source));
      });
    expect(brokenMaps).toEqual([]);
  });

  test('is MIT licensed, and built before it is packed', () => {
    expect(pkg.license).toBe('MIT');
    expect(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toMatch(/MIT License[\s\S]*strapi-plugin-notifs contributors/);
    expect(pkg.scripts.prepack).toMatch(/npm run build/);
  });
});
