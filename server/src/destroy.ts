import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

/**
 * Ends open streams, lets admin fan-outs and triggers waiting on a commit finish (they still enqueue),
 * stops taking work, lets sends in flight finish, then closes provider pools.
 */
const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  await getService(strapi, 'stream').closeAll();
  await getService(strapi, 'compose').settled();
  await getService(strapi, 'triggers').settled();
  await getService(strapi, 'delivery').stop();
  await getService(strapi, 'providers').closeAll();
};

export default destroy;
