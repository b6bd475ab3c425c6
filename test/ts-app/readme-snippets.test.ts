import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Every ```ts block of the README type-checks in a TypeScript Strapi app: this fixture has a fresh
 * `create-strapi --typescript` app's compiler options, and resolves the plugin to its built types.
 * Each block is preceded by `<!-- ts-check: KIND -->`, which says what file it is (see `wrap`).
 */
const root = path.resolve(__dirname, '../..');
const fixture = __dirname;
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

type Kind = 'config' | 'plugins-entry' | 'notifs-config' | 'server' | 'browser' | 'src-index';
interface Snippet {
  line: number;
  kind: Kind | null;
  code: string;
}

const snippets = (): Snippet[] => {
  const found: Snippet[] = [];
  const fence = /^```ts\n([\s\S]*?)^```/gm;
  for (let match = fence.exec(readme); match; match = fence.exec(readme)) {
    const before = readme.slice(0, match.index);
    const line = before.split('\n').length;
    const marker = /<!-- ts-check: ([\w-]+) -->\s*(?:<!--[^>]*-->\s*)*$/.exec(before);
    found.push({ line, kind: (marker?.[1] as Kind | undefined) ?? null, code: match[1] });
  }
  return found;
};

// The free variables the README's examples use, as an app has them; a snippet gets those it uses
// and does not declare itself.
const serverScope: Record<string, string> = {
  strapi: `declare const strapi: import('@strapi/strapi').Core.Strapi;`,
  // The quick start's assumption: a users-permissions user.
  user: `declare const user: { id: number };`,
  notification: `declare const notification: import('strapi-plugin-notifs').Notification;`,
  deliveryId: `declare const deliveryId: number;`,
  handle: `declare function handle(event: string, data: unknown): void;`,
};
const browserScope: Record<string, string> = {
  jwt: `declare const jwt: string;`,
  fcmToken: `declare const fcmToken: string;`,
  setBadge: `declare function setBadge(count: number): void;`,
  showToast: `declare function showToast(notification: unknown): void;`,
  reloadList: `declare function reloadList(): void;`,
};
const preamble = (code: string, scope: Record<string, string>): string =>
  Object.entries(scope)
    .filter(([name]) => new RegExp(`\\b${name}\\b`).test(code))
    .filter(([name]) => !new RegExp(`\\b(?:const|let|var|class|function)\\s+${name}\\b`).test(code))
    .map(([, declaration]) => declaration)
    .join('\n');
// Config fragments are also held to the plugin's own config type, so a misspelt key fails here.
const configHead = `import type { Core } from '@strapi/strapi';
import type { PluginConfigInput } from 'strapi-plugin-notifs';
export default ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({`;
const configTail = `} satisfies { notifs: { config: PluginConfigInput } });\n`;

/** The source file a snippet stands for: config fragments go where the README says they go. */
const wrap = (snippet: Snippet): string => {
  switch (snippet.kind) {
    case 'config':
    case 'src-index':
      return snippet.code;
    case 'plugins-entry':
      return `${configHead}\n${snippet.code}\n${configTail}`;
    case 'notifs-config':
      return `${configHead}\nnotifs: { config: {\n${snippet.code}\n} },\n${configTail}`;
    case 'server':
      return `${snippet.code}\n${preamble(snippet.code, serverScope)}\nexport {};\n`;
    case 'browser':
      return `${snippet.code}\n${preamble(snippet.code, browserScope)}\nexport {};\n`;
    default:
      throw new Error(`README line ${snippet.line}: a \`\`\`ts block without a <!-- ts-check: KIND --> marker`);
  }
};

// Server examples are shown as statements of an async function (bootstrap, a controller): their
// top-level await is what such a body does, so the CommonJS "top-level await" errors do not apply.
const TOP_LEVEL_AWAIT = new Set([1375, 1378]);

const parsed = (() => {
  const file = path.join(fixture, 'tsconfig.json');
  const json = ts.readConfigFile(file, ts.sys.readFile);
  if (json.error) throw new Error(ts.flattenDiagnosticMessageText(json.error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(json.config, ts.sys, fixture);
})();

/** Type-checks `files` (path → source) with the fixture's options in one program; diagnostics by file. */
const check = (files: Record<string, string>, extra: ts.CompilerOptions = {}): Map<string, string[]> => {
  const options = { ...parsed.options, ...extra };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => files[name] ?? readFile(name);
  host.fileExists = (name) => name in files || fileExists(name);
  host.getSourceFile = (name, version, onError, create) =>
    name in files ? ts.createSourceFile(name, files[name], version, true) : getSourceFile(name, version, onError, create);
  const typeFiles = parsed.fileNames.filter((name) => name.endsWith('.d.ts'));
  const program = ts.createProgram([...typeFiles, ...Object.keys(files)], options, host);
  const found = new Map<string, string[]>(Object.keys(files).map((name) => [name, []]));
  const global: string[] = [];
  for (const d of ts.getPreEmitDiagnostics(program)) {
    if (TOP_LEVEL_AWAIT.has(d.code)) continue;
    const text = `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    const list = d.file && found.get(d.file.fileName);
    if (list && d.file) list.push(`line ${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1} ${text}`);
    else global.push(`${d.file ? path.relative(fixture, d.file.fileName) : ''} ${text}`);
  }
  // An error outside the checked files (the fixture's types, the plugin's declarations) fails them all.
  for (const list of found.values()) list.push(...global);
  return found;
};

/** Each snippet's file name, and the diagnostics of all of them: one program per kind of lib, built once. */
const all = snippets().filter((s) => s.kind !== null);
const fileOf = (snippet: Snippet) => path.join(fixture, `snippets/line-${snippet.line}.ts`);
let diagnostics: Map<string, string[]>;

beforeAll(() => {
  if (!fs.existsSync(path.join(root, 'dist/server/index.d.ts')))
    throw new Error('Run `npm run build` first: the fixture reads dist/server types');
  const sources = (kinds: (snippet: Snippet) => boolean) => Object.fromEntries(all.filter(kinds).map((s) => [fileOf(s), wrap(s)]));
  // Front-end examples run in a browser: the DOM's types, as a front-end app has them.
  const browser = check(
    sources((s) => s.kind === 'browser'),
    { lib: ['lib.es2020.d.ts', 'lib.dom.d.ts'] }
  );
  diagnostics = new Map([...check(sources((s) => s.kind !== 'browser')), ...browser]);
});

test('the fixture itself type-checks (a fresh TypeScript app with the plugin configured)', () => {
  const own = Object.fromEntries(parsed.fileNames.filter((n) => !n.endsWith('.d.ts')).map((n) => [n, fs.readFileSync(n, 'utf8')]));
  expect([...check(own).values()].flat()).toEqual([]);
});

// The typed accessor and `strapi.plugin('notifs')`'s overload (a module augmentation of @strapi/types)
// hold whatever module resolution the app uses; the wrong calls of typed-services-errors.ts stay errors.
test.each([
  ['node16', { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 }],
  ['bundler', { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler }],
] as const)('the typed services check the same under moduleResolution %s', (_name, extra) => {
  const files = ['src/typed-services.ts', 'src/typed-services-errors.ts'].map((name) => path.join(fixture, name));
  const own = Object.fromEntries(files.map((n) => [n, fs.readFileSync(n, 'utf8')]));
  expect([...check(own, extra).values()].flat()).toEqual([]);
});

test('every ```ts block of the README has a ts-check marker', () => {
  const unmarked = snippets()
    .filter((s) => s.kind === null)
    .map((s) => s.line);
  expect(unmarked).toEqual([]);
});

describe.each(all.map((s) => [`README line ${s.line} (${s.kind})`, s] as const))('%s', (_name, snippet) => {
  test('type-checks in a TypeScript Strapi app', () => {
    expect(diagnostics.get(fileOf(snippet))).toEqual([]);
  });
});
