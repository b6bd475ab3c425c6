import type { Core } from '@strapi/strapi';

// The shape of a fresh app's config/plugins.ts, with the plugin enabled.
const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({
  notifs: {
    enabled: true,
    config: { backend: env('NOTIFS_BACKEND', 'database') },
  },
});

export default config;
