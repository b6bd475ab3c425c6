/** Shared by the admin API suites: a booted app listening on a free port, and admin clients. */
import { bootStrapi, type TestApp } from '../helpers/strapi';
import { adminWith, listenOnFreePort, type AdminClient } from '../helpers/admin-http';
import type { PluginConfigInput } from 'strapi-plugin-notifs';

export interface AdminTestApp {
  app: TestApp;
  base: string;
  /** A Super Admin. */
  superAdmin: AdminClient;
  /** An admin whose role holds none of the plugin's actions. */
  outsider: AdminClient;
}

/** A config whose queue never drains by itself: tests drain by hand, to be deterministic. */
export const MANUAL_QUEUE: PluginConfigInput = {
  backend: 'database',
  queue: { pollRule: '0 0 0 1 1 *', maxAttempts: 2, backoff: { baseMs: 10, maxMs: 20 } },
};

export const bootAdminApp = async (config: PluginConfigInput = MANUAL_QUEUE): Promise<AdminTestApp> => {
  const app = await bootStrapi({ config });
  const base = await listenOnFreePort(app.strapi);
  return { app, base, superAdmin: await adminWith(app.strapi, base, 'super'), outsider: await adminWith(app.strapi, base, []) };
};
