import type { Core } from '@strapi/strapi';
import { rootOf } from './root';

/**
 * Ends open streams, lets admin fan-outs and triggers waiting on a commit finish (they still enqueue),
 * stops taking work, lets sends in flight finish, then closes provider pools.
 */
const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  const root = rootOf(strapi);
  const { stream, compose, triggers, providers } = root.services;
  await stream.closeAll();
  await compose.settled();
  await triggers.settled();
  await root.stop();
  await providers.closeAll();
};

export default destroy;
