import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';
import { assertCodeTriggerChannels } from './triggers/code-triggers';
import type { PluginConfig } from './config/schema';
import { grantAuthenticated } from './permissions/grant-authenticated';
import { registerPermissions } from './admin/permissions';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  assertCodeTriggerChannels(strapi);
  await registerPermissions(strapi);
  await getService(strapi, 'delivery').start();
  getService(strapi, 'stream').start();
  const config = strapi.config.get('plugin::notifs') as PluginConfig;
  if (config.readApi.grantAuthenticated) await grantAuthenticated(strapi);
};

export default bootstrap;
