import type { Core } from '@strapi/strapi';
import { runExamples } from './examples';

export default {
  register() {},

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    if (strapi.db.dialect.client === 'sqlite') await strapi.db.connection.raw('PRAGMA journal_mode = WAL');
    if (process.env.NOTIFS_EXAMPLES === '1') await runExamples(strapi);
  },
};
