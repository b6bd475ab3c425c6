import type { Core } from '@strapi/strapi';
import { rootOf, type PluginRoot } from './index';

type Services = PluginRoot['services'];

/** Strapi's service factories: each hands out the instance the composition root made. */
const from =
  <K extends keyof Services>(name: K) =>
  ({ strapi }: { strapi: Core.Strapi }): Services[K] =>
    rootOf(strapi).services[name];

export default {
  notify: from('notify'),
  read: from('read'),
  channels: from('channels'),
  providers: from('providers'),
  queue: from('queue'),
  triggers: from('triggers'),
  stream: from('stream'),
  compose: from('compose'),
  pushSubscriptions: from('pushSubscriptions'),
  preferences: from('preferences'),
};
