// config/plugins.ts of a create-strapi 5.54.0 TypeScript app, with the README's notifs key added
// (declared first: Strapi then bootstraps notifs before users-permissions, the harder case), its
// code trigger ("Code triggers") and its email provider ("email"), word for word.

import type { Core } from '@strapi/strapi';
import type { CodeTrigger, PluginConfigInput } from 'strapi-plugin-notifs';

const allowedMediaTypes = [
  'image/*',
  'video/*',
  'audio/*',
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.*',
  'text/plain',
  'text/csv',
];

const deniedTypes = [
  'image/svg+xml',
  'application/vnd.microsoft.portable-executable',
  'application/x-msdownload',
  'application/x-msdos-program',
  'application/x-executable',
  'application/x-dosexec',
  'application/x-sh',
  'text/x-shellscript',
  'application/x-mach-binary',
];

// README "Code triggers", word for word
const articlePublished: CodeTrigger<'api::article.article'> = {
  uid: 'api::article.article',
  events: ['publish'],
  channels: ['console'],
  condition: ({ entry }) => entry.title !== 'draft',                  // optional
  recipients: ({ entry }) => (entry.author ? [Number(entry.author.id)] : []), // users-permissions user ids
  build: ({ entry, event, documentId }) => ({                         // notify() input without recipient
    shortDescription: `"${entry.title}" is live`,
    url: `/articles/${documentId}`,
    category: 'articles',
    action: event,
  }),
};

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({
  notifs: {
    enabled: true,
    config: {
      triggers: [articlePublished],
      // README "email", word for word
      providers: {
        email: {
          transport: {                      // nodemailer transport options; pooled unless `pool: false`
            host: env('SMTP_HOST'), port: env.int('SMTP_PORT', 587),
            auth: { user: env('SMTP_USER'), pass: env('SMTP_PASS') },
          },
          from: 'Shop <shop@example.com>',  // default sender
          // or: useStrapiEmail: true        // send through Strapi's email plugin and its provider
        },
      },
    } satisfies PluginConfigInput, // checks every key and trigger
  },
  'users-permissions': {
    config: {
      jwtManagement: 'refresh',
      sessions: {
        httpOnly: true,
      },
    },
  },
  upload: {
    config: {
      security: {
        allowedTypes: allowedMediaTypes,
        deniedTypes,
      },
    },
  },
});

export default config;
