import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type { PluginConfig } from './config/schema';
import { BaseNotificationChannel, type ChannelClass } from './channels/base-channel';
import { BaseNotificationProvider, type ProviderClass } from './providers/base-provider';
import { builtInChannels } from './channels';
import { builtInProviders } from './providers';
import { rootOf } from './root';
import { loadAppClasses } from './utils/load-app-classes';
import { createTriggerMiddleware } from './triggers/middleware';
import { refuseNulInTriggers } from './content-types/trigger/refuse-nul';
import { assertCodeTriggerUids } from './triggers/code-triggers';
import { registerGraphql } from './graphql';

const isChannelClass = (value: unknown): value is ChannelClass =>
  typeof value === 'function' && value.prototype instanceof BaseNotificationChannel;

const isProviderClass = (value: unknown): value is ProviderClass =>
  typeof value === 'function' && value.prototype instanceof BaseNotificationProvider;

/**
 * Fills the registries: built-ins, then config `channels`, then the app's `src/notifs/providers/`
 * and `src/notifs/channels/`. Other plugins add theirs from their own `register()`. Then the
 * GraphQL schema, when the GraphQL plugin is installed.
 */
const register = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = strapi.config.get('plugin::notifs') as PluginConfig;
  const root = rootOf(strapi);
  const { channels, providers, triggers } = root.services;
  const appDir = path.join(strapi.dirs.dist.src, 'notifs');
  root.register();

  builtInProviders.forEach((ProviderClass) => providers.register(ProviderClass));
  loadAppClasses(path.join(appDir, 'providers'), isProviderClass).forEach(({ value }) => providers.register(value));
  providers.assertOptionKeysKnown();

  builtInChannels.forEach((ChannelClass) => channels.register(ChannelClass));
  config.channels.forEach((ChannelClass) => channels.register(ChannelClass));
  loadAppClasses(path.join(appDir, 'channels'), isChannelClass).forEach(({ value }) => channels.register(value));

  // Content-event triggers (code and data) run from one Document Service middleware.
  assertCodeTriggerUids(strapi);
  strapi.documents.use(createTriggerMiddleware(strapi, triggers));
  strapi.documents.use(refuseNulInTriggers);
  // Optional: only when the app has @strapi/plugin-graphql.
  registerGraphql(strapi);
};

export default register;
