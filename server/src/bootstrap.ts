import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';
import { assertCodeTriggerChannels } from './triggers/code-triggers';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  assertCodeTriggerChannels(strapi);
  await getService(strapi, 'delivery').start();
};

export default bootstrap;
