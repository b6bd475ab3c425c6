import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';
import { assertCodeTriggers } from './triggers/code-triggers';
import { registerPermissions } from './admin/permissions';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  assertCodeTriggers(strapi);
  await registerPermissions(strapi);
  await getService(strapi, 'delivery').start();
};

export default bootstrap;
