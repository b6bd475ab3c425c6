import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';
import { assertCodeTriggerChannels } from './triggers/code-triggers';
import type { PluginConfig } from './config/schema';
import { grantAuthenticated } from './permissions/grant-authenticated';
import { registerPermissions } from './admin/permissions';
import { createRedisBus, realtimeRedisOptions } from './realtime/redis-bus';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  assertCodeTriggerChannels(strapi);
  await registerPermissions(strapi);
  await getService(strapi, 'delivery').start();
  const config = strapi.config.get('plugin::notifs') as PluginConfig;
  getService(strapi, 'stream').start();
  const redis = realtimeRedisOptions(config);
  if (redis) await getService(strapi, 'stream').useBus(createRedisBus(redis, config.readApi.redisChannel, strapi.log));
  if (config.readApi.grantAuthenticated) await grantAuthenticated(strapi);
};

export default bootstrap;
