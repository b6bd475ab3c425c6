import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';
import { assertCodeTriggers } from './triggers/code-triggers';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  assertCodeTriggers(strapi);
  await getService(strapi, 'delivery').start();
};

export default bootstrap;
