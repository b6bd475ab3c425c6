import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';

/**
 * The README's "Front end" examples type-check against the client and React sources, as an app's
 * code would (strict, DOM, react-jsx), so the documented names and shapes cannot drift.
 */
const ROOT = path.resolve(__dirname, '../..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const example = (name: string): string => {
  const match = new RegExp(`<!-- readme-test: ${name} -->\\s*\`\`\`tsx?\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!match) throw new Error(`README has no example marked readme-test: ${name}`);
  return match[1];
};

// What the examples leave to the app.
const APP = 'declare function showToast(text: string | null): void;\ndeclare function setBadge(count: number): void;\ndeclare function reloadList(): void;\n';

const typeErrors = (files: Record<string, string>): string[] => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notifs-readme-'));
  try {
    const names = Object.entries(files).map(([name, text]) => {
      fs.writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    });
    const program = ts.createProgram(names, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
      jsx: ts.JsxEmit.ReactJSX,
      skipLibCheck: true,
      types: [],
      typeRoots: [path.join(ROOT, 'node_modules/@types')],
      baseUrl: ROOT,
      paths: {
        'strapi-plugin-notifs/client': ['client/src/index.ts'],
        'strapi-plugin-notifs/react': ['client/react/index.ts'],
        react: ['node_modules/@types/react'],
        'react/jsx-runtime': ['node_modules/@types/react/jsx-runtime.d.ts'],
      },
    });
    return ts
      .getPreEmitDiagnostics(program)
      .map((d) => `${d.file ? path.basename(d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

test('the README’s client and React examples type-check', () => {
  expect(
    typeErrors({
      'client-example.ts': `${APP}${example('front-end-client')}\nexport {};\n`,
      'react-example.tsx': example('front-end-react'),
    })
  ).toEqual([]);
});
