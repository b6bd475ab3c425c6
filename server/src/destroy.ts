import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

/** Lets admin fan-outs finish, stops taking work, lets sends in flight finish, then closes provider pools. */
const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  await getService(strapi, 'compose').settled();
  await getService(strapi, 'delivery').stop();
  await getService(strapi, 'providers').closeAll();
};

export default destroy;
