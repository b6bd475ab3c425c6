import type { Core } from '@strapi/strapi';
import { getNotifsService } from 'strapi-plugin-notifs';

/*
 * Wrong calls that must not compile: if one ever does, its `@ts-expect-error` is unused and the
 * fixture's type-check (test/ts-app/readme-snippets.test.ts) fails.
 */
export const wrongCalls = async (strapi: Core.Strapi): Promise<void> => {
  // @ts-expect-error: no service named `notifier`
  getNotifsService(strapi, 'notifier');

  // @ts-expect-error: `recipients` is not a notify() field (it is `recipient`)
  await getNotifsService(strapi, 'notify').notify({ recipients: [1] });

  // @ts-expect-error: `recipient` is a user id, not a user
  await getNotifsService(strapi, 'notify').notify({ recipient: { id: 1 } });

  // @ts-expect-error: read() takes `notifyId`, not `id`
  await getNotifsService(strapi, 'read').read({ id: 1, recipient: 1 });

  // @ts-expect-error: the plugin's own form is typed too: no service named `notifier`
  strapi.plugin('notifs').service('notifier');

  // @ts-expect-error: and its notify() input is checked
  await strapi.plugin('notifs').service('notify').notify({ recipients: [1] });
};
