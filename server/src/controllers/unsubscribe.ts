import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getService } from '../root/get-service';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string);

const page = (title: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
  `<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head>` +
  `<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem"><h1>${escapeHtml(title)}</h1>${body}</body></html>`;

/** An ApplicationError's status (400, 403, 404), else 500. */
const statusOf = (error: unknown): number => {
  if (error instanceof errors.ForbiddenError) return 403;
  if (error instanceof errors.NotFoundError) return 404;
  return error instanceof errors.ApplicationError ? 400 : 500;
};

/**
 * One-click unsubscribe (RFC 8058), with no login: the signed token in the link is the only
 * credential. `POST` switches the category off on the channel the token names; `GET` (what a mail
 * scanner prefetching links does, or a client without one-click support) only shows a page whose
 * button POSTs, so a prefetch never unsubscribes anyone.
 */
const unsubscribe = ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'preferences');
  const tokenOf = (ctx: Context): unknown => ctx.query.token;
  const wantsHtml = (ctx: Context): boolean => ctx.accepts('json', 'html') === 'html';

  return {
    /** `GET /unsubscribe?token=…`: a page asking to confirm; a bad token gets its error on the page. */
    async confirm(ctx: Context) {
      ctx.type = 'html';
      ctx.set('Cache-Control', 'no-store');
      try {
        const { category, channel } = await service().unsubscribeTarget({ token: tokenOf(ctx) });
        const action = `?token=${encodeURIComponent(String(tokenOf(ctx)))}`;
        ctx.body = page(
          'Unsubscribe',
          `<p>Stop receiving "${escapeHtml(category)}" notifications by ${escapeHtml(channel)}?</p>` +
            `<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click">` +
            `<button type="submit">Unsubscribe</button></form>`
        );
      } catch (error) {
        ctx.status = statusOf(error);
        ctx.body = page('This link does not work', `<p>${escapeHtml((error as Error).message)}</p>`);
      }
    },

    /** `POST /unsubscribe?token=…` (body `List-Unsubscribe=One-Click`, which is not needed): switches it off. */
    async oneClick(ctx: Context) {
      ctx.set('Cache-Control', 'no-store');
      if (!wantsHtml(ctx)) {
        const { category, channel } = await service().unsubscribe({ token: tokenOf(ctx) });
        ctx.body = { data: { category, channel, subscribed: false }, meta: {} };
        return;
      }
      ctx.type = 'html';
      try {
        const { category, channel } = await service().unsubscribe({ token: tokenOf(ctx) });
        ctx.body = page(
          'Unsubscribed',
          `<p>You will no longer receive "${escapeHtml(category)}" notifications by ${escapeHtml(channel)}.</p>`
        );
      } catch (error) {
        ctx.status = statusOf(error);
        ctx.body = page('This link does not work', `<p>${escapeHtml((error as Error).message)}</p>`);
      }
    },
  };
};

export type UnsubscribeController = ReturnType<typeof unsubscribe>;
export default unsubscribe;
