import { registerGraphql } from './index';

test('without @strapi/plugin-graphql, registerGraphql steps aside', () => {
  const strapi = { plugin: (name: string) => (name === 'graphql' ? undefined : {}), contentTypes: {} };
  expect(registerGraphql(strapi as never)).toBe(false);
});
