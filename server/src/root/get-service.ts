import type { Core } from '@strapi/strapi';
import type { PluginRoot } from './index';

/** The plugin's services by name, as `strapi.plugin('notifs').service(name)` answers them. */
export type NotifsServices = PluginRoot['services'];

/** A typed `strapi.plugin('notifs').service(name)`, for the plugin's edges (controllers, GraphQL, routes). */
export const getService = <K extends keyof NotifsServices>(strapi: Core.Strapi, name: K): NotifsServices[K] =>
  strapi.plugin('notifs').service(name) as NotifsServices[K];

/**
 * One of the plugin's services, typed, for app code: `getNotifsService(strapi, 'notify').notify({ … })`.
 * A service name that does not exist, or a wrong argument to its methods, fails to compile.
 */
export const getNotifsService = <K extends keyof NotifsServices>(strapi: Core.Strapi, name: K): NotifsServices[K] =>
  getService(strapi, name);

/** `strapi.plugin('notifs')` with its services typed. */
export interface NotifsPlugin extends Omit<Core.Module, 'service' | 'routes'> {
  routes: Core.Plugin['routes'];
  service<K extends keyof NotifsServices>(name: K): NotifsServices[K];
}

/*
 * Types `strapi.plugin('notifs')` in every program that sees the plugin's types (an app that imports
 * anything from 'strapi-plugin-notifs'): `strapi.plugin('notifs').service('notify')` is then the
 * `NotifyService`, not Strapi's untyped `Service`. Strapi declares `plugin(name: string)` on its
 * `Strapi` interface; this adds an overload for this plugin's name only, so other plugins keep theirs.
 * The `.js` specifier resolves under every `moduleResolution` (node10, node16, bundler): without it
 * `@strapi/types`' `./*` export would not resolve under node16 and bundler, and the overload vanish.
 */
declare module '@strapi/types/dist/core/strapi.js' {
  interface Strapi {
    plugin(name: 'notifs'): NotifsPlugin;
  }
}
