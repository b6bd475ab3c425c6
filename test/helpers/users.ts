import type { Core } from '@strapi/strapi';

let counter = 0;

/** Creates a confirmed users-permissions user with the Authenticated role. */
export const createUser = async (strapi: Core.Strapi, name?: string): Promise<{ id: number; email: string; username: string }> => {
  counter += 1;
  const username = name ?? `user${counter}-${Date.now()}`;
  const role = (await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } })) as {
    id: number;
  };
  const user = (await strapi.db.query('plugin::users-permissions.user').create({
    data: { username, email: `${username}@example.test`, provider: 'local', confirmed: true, blocked: false, role: role.id, password: 'Secret123!' },
  })) as { id: number; email: string; username: string };
  return user;
};
