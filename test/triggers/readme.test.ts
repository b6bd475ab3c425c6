import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import type { Core } from '@strapi/strapi';
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { createUser } from '../helpers/users';
import { notificationsAbout } from './setup';

/** The README's trigger examples, run as written (as test/readme.test.ts does for the others). */
const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
const example = (name: string): string => {
  const match = new RegExp(`<!-- readme-test: ${name} -->\\s*\`\`\`ts\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!match) throw new Error(`README has no example marked readme-test: ${name}`);
  return ts.transpileModule(match[1], { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
};

let app: TestApp;
let strapi: Core.Strapi;

beforeAll(async () => {
  const exported: { default?: () => { notifs: { config: Record<string, unknown> } } } = {};
  new Function('exports', example('code-trigger'))(exported);
  const config = exported.default!().notifs.config;
  app = await bootStrapi({ config: { ...config, queue: { pollRule: '0 0 0 1 1 *' } } });
  strapi = app.strapi;
});
afterAll(async () => {
  await app?.stop();
});

test('README: the code trigger and the data trigger both fire on publish', async () => {
  await new Function('strapi', `return (async () => { ${example('data-trigger')} })();`)(strapi);
  const author = await createUser(strapi, 'ada');
  const article = (await strapi.documents('api::article.article').create({
    data: { title: 'Triggers', body: 'text', author: author.id } as never,
  })) as { documentId: string };
  await (strapi.documents('api::article.article') as any).publish({ documentId: article.documentId });

  const rows = await notificationsAbout(strapi, article.documentId);
  expect(rows.map((row) => [row.recipient.id, row.shortDescription, row.url, row.category])).toEqual([
    [author.id, '"Triggers" is live', `/articles/${article.documentId}`, 'articles'],
    [author.id, 'ada: "Triggers" is live', `/articles/${article.documentId}`, 'articles'],
  ]);
  expect(rows[1].action).toBe('publish');
});
