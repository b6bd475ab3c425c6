import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const readme = () => fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

/** The README's ```ts block marked `<!-- readme-test: NAME -->`. */
export const readmeExample = (name: string): string => {
  const match = new RegExp(`<!-- readme-test: ${name} -->\\s*\`\`\`ts\\n([\\s\\S]*?)\`\`\``).exec(readme());
  if (!match) throw new Error(`README has no example marked readme-test: ${name}`);
  return match[1];
};

/**
 * Runs an example as written, as the body of an async function with `scope` as its free variables,
 * and answers the value of `result` (an expression evaluated at its end, such as a local's name).
 */
export const runExample = async <T>(code: string, scope: Record<string, unknown>, result: string): Promise<T> => {
  const js = ts.transpileModule(`export {}; ${code}`, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  const names = Object.keys(scope);
  const fn = new Function('require', 'exports', ...names, `return (async () => { ${js}\n return (${result}); })();`);
  return fn(require, {}, ...names.map((name) => scope[name])) as Promise<T>;
};
