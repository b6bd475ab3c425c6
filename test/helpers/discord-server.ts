import { readBody, startHttpServer, type LoopbackServer } from './http-server';

/** A message the fake Discord posted: the body as received, the query, and the id it answered. */
export interface DiscordMessage {
  id: string;
  webhookId: string;
  wait: boolean;
  body: Record<string, unknown>;
}

export interface FakeDiscord extends LoopbackServer {
  /** The webhook URL of `id` (with its token), as Discord's "Copy Webhook URL" gives it. */
  webhookUrl(id: string): string;
  messages: DiscordMessage[];
  /** Every request: method, path and query with the token replaced by "TOKEN", content type. */
  requests: { method: string; path: string; contentType?: string }[];
}

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

const tooLong = (max: number) => ({ _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` }] });
const invalidFormBody = (errors: Record<string, unknown>): Answer => ({
  status: 400,
  body: { code: 50035, message: 'Invalid Form Body', errors },
});

const isUrl = (value: unknown): boolean => typeof value === 'string' && URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);

/** What Discord checks of an "Execute Webhook" body (the limits of its documentation), or null when it takes it. */
const checkMessage = (body: Record<string, unknown>): Answer | null => {
  const content = body.content;
  const embeds = body.embeds;
  if (content !== undefined && typeof content !== 'string')
    return invalidFormBody({ content: { _errors: [{ code: 'STRING_TYPE_CONVERT', message: 'Could not interpret as string.' }] } });
  if (typeof content === 'string' && content.length > 2000) return invalidFormBody({ content: tooLong(2000) });
  if (embeds !== undefined && !Array.isArray(embeds))
    return invalidFormBody({ embeds: { _errors: [{ code: 'LIST_TYPE_CONVERT', message: 'Must be an array.' }] } });
  const list = (embeds ?? []) as Record<string, unknown>[];
  if (list.length > 10) return invalidFormBody({ embeds: tooLong(10) });
  let total = 0;
  for (const [i, embed] of list.entries()) {
    const limits: [string, unknown, number][] = [
      ['title', embed.title, 256],
      ['description', embed.description, 4096],
      ['footer.text', (embed.footer as { text?: unknown } | undefined)?.text, 2048],
      ['author.name', (embed.author as { name?: unknown } | undefined)?.name, 256],
    ];
    for (const [field, value, max] of limits) {
      if (typeof value === 'string' && value.length > max) return invalidFormBody({ embeds: { [i]: { [field]: tooLong(max) } } });
      if (typeof value === 'string') total += value.length;
    }
    if (embed.url !== undefined && !isUrl(embed.url))
      return invalidFormBody({
        embeds: { [i]: { url: { _errors: [{ code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' }] } } },
      });
    const fields = (embed.fields ?? []) as { name?: string; value?: string }[];
    if (fields.length > 25) return invalidFormBody({ embeds: { [i]: { fields: tooLong(25) } } });
    for (const field of fields) total += (field.name?.length ?? 0) + (field.value?.length ?? 0);
  }
  if (total > 6000)
    return invalidFormBody({
      embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' }] },
    });
  if (typeof body.username === 'string' && body.username.length > 80) return invalidFormBody({ username: tooLong(80) });
  const hasContent = typeof content === 'string' && content.trim() !== '';
  if (!hasContent && list.length === 0) return { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } };
  return null;
};

let snowflake = 1_200_000_000_000_000_000n;

/**
 * Discord's "Execute Webhook" (`POST /api/webhooks/{id}/{token}`) and "Get Webhook with Token" as
 * Discord answers them: an unknown id 404 (10015), a wrong token 401 (50027), a body that is not JSON
 * 400 (50109), an empty message 400 (50006), a field over Discord's limits 400 (50035 "Invalid Form
 * Body"). Posted: 200 with the message object (`id`, a snowflake) when `?wait=true`, else 204.
 * Webhook ids steer trouble: `429` answers 429 (`retry_after` 2.5 s, Retry-After 3), `503` answers 503,
 * `hang` never answers.
 */
export const startFakeDiscord = async (webhooks: Record<string, string>): Promise<FakeDiscord> => {
  const messages: DiscordMessage[] = [];
  const requests: FakeDiscord['requests'] = [];
  const loopback = await startHttpServer(async (request, response) => {
    const raw = (await readBody(request)).toString('utf8');
    const url = new URL(request.url ?? '/', 'http://discord.invalid');
    const match = /^\/api\/webhooks\/(\w+)\/([\w-]+)$/.exec(url.pathname);
    requests.push({
      method: request.method ?? '',
      path: `${match ? `/api/webhooks/${match[1]}/TOKEN` : url.pathname}${url.search}`,
      contentType: request.headers['content-type'],
    });
    if (match?.[1] === 'hang') return;
    const answer = ((): Answer => {
      if (!match) return { status: 404, body: { message: '404: Not Found', code: 0 } };
      const [, id, token] = match;
      if (id === '429')
        return {
          status: 429,
          body: { message: 'You are being rate limited.', retry_after: 2.5, global: false },
          headers: { 'retry-after': '3' },
        };
      if (id === '503') return { status: 503, body: { message: 'upstream connect error', code: 0 } };
      if (!(id in webhooks)) return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
      if (webhooks[id] !== token) return { status: 401, body: { message: 'Invalid Webhook Token', code: 50027 } };
      if (request.method === 'GET')
        return { status: 200, body: { id, type: 1, name: 'Notifs', channel_id: '1100000000000000001', guild_id: '1100000000000000000' } };
      if (request.method !== 'POST') return { status: 405, body: { message: '405: Method Not Allowed', code: 0 } };
      if (!/^application\/json/.test(request.headers['content-type'] ?? ''))
        return { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } };
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return { status: 400, body: { message: 'The request body contains invalid JSON.', code: 50109 } };
      }
      const refused = checkMessage(body);
      if (refused) return refused;
      const wait = url.searchParams.get('wait') === 'true';
      snowflake += 1n;
      const message = { id: String(snowflake), webhookId: id, wait, body };
      messages.push(message);
      if (!wait) return { status: 204 };
      return {
        status: 200,
        body: {
          id: message.id,
          type: 0,
          channel_id: '1100000000000000001',
          webhook_id: id,
          content: body.content ?? '',
          embeds: body.embeds ?? [],
          timestamp: new Date().toISOString(),
        },
      };
    })();
    response.writeHead(answer.status, { ...(answer.body !== undefined ? { 'content-type': 'application/json' } : {}), ...answer.headers });
    response.end(answer.body !== undefined ? JSON.stringify(answer.body) : undefined);
  });
  return { ...loopback, webhookUrl: (id) => `${loopback.url}/api/webhooks/${id}/${webhooks[id] ?? 'some-token'}`, messages, requests };
};
