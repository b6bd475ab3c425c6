import type { Core } from '@strapi/strapi';
import { rootOf } from './root';
import { assertCodeTriggerChannels } from './triggers/code-triggers';
import type { PluginConfig } from './config/schema';
import { grantAuthenticated } from './permissions/grant-authenticated';
import { registerPermissions } from './admin/permissions';
import { createRedisBus, realtimeRedisOptions } from './realtime/redis-bus';
import { assertPhoneAttribute } from './services/notify/recipient-phones';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  const root = rootOf(strapi);
  assertCodeTriggerChannels(strapi);
  assertPhoneAttribute(strapi);
  await registerPermissions(strapi);
  await root.start();
  const config = strapi.config.get('plugin::notifs') as PluginConfig;
  const { stream } = root.services;
  stream.start();
  const redis = realtimeRedisOptions(config);
  if (redis) await stream.useBus(createRedisBus(redis, config.readApi.redisChannel, strapi.log));
  if (config.readApi.grantAuthenticated) await grantAuthenticated(strapi);
};

export default bootstrap;
