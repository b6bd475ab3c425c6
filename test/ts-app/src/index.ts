import type { Core } from '@strapi/strapi';

// The shape of a fresh app's src/index.ts.
export default {
  register(/* { strapi }: { strapi: Core.Strapi } */) {},
  bootstrap({ strapi }: { strapi: Core.Strapi }) {
    strapi.log.info('ts-app fixture');
  },
};
