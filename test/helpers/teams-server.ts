import { readBody, startHttpServer, type LoopbackServer } from './http-server';

export interface FakeTeams extends LoopbackServer {
  /** A Workflows webhook URL with its `sig`, as Teams' "Post to a channel when a webhook request is received" gives it. */
  webhookUrl(path?: string): string;
  /** The messages posted, as received. */
  messages: Record<string, unknown>[];
  requests: { method: string; path: string; contentType?: string }[];
}

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const VERSIONS = new Set(['1.0', '1.1', '1.2', '1.3', '1.4', '1.5']);
/** Element and action types of Adaptive Cards 1.5 that Teams renders. */
const ELEMENTS = new Set([
  'TextBlock',
  'RichTextBlock',
  'Image',
  'ImageSet',
  'FactSet',
  'ColumnSet',
  'Container',
  'ActionSet',
  'Table',
  'Media',
]);
const ACTIONS = new Set(['Action.OpenUrl', 'Action.ShowCard', 'Action.ToggleVisibility', 'Action.Execute', 'Action.Submit']);
const MAX_BYTES = 28 * 1024;

const refuse = (message: string): Answer => ({ status: 400, body: { error: { code: 'InvalidRequestContent', message } } });

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What Teams checks of an incoming-webhook message with an Adaptive Card, or null when it takes it. */
const checkMessage = (message: unknown, bytes: number): Answer | null => {
  if (bytes > MAX_BYTES) return { status: 413, body: { error: { code: 'MessageSizeTooBig', message: 'Message size is over the limit.' } } };
  if (!isObject(message) || message.type !== 'message') return refuse('"type" must be "message"');
  const attachments = message.attachments;
  if (!Array.isArray(attachments) || attachments.length === 0) return refuse('"attachments" must hold at least one card');
  for (const attachment of attachments) {
    if (!isObject(attachment) || attachment.contentType !== ADAPTIVE) return refuse(`attachment contentType must be "${ADAPTIVE}"`);
    const card = attachment.content;
    if (!isObject(card) || card.type !== 'AdaptiveCard') return refuse('attachment content must be an AdaptiveCard');
    if (typeof card.version !== 'string' || !VERSIONS.has(card.version))
      return refuse(`AdaptiveCard version ${String(card.version)} is not supported`);
    if (!Array.isArray(card.body)) return refuse('AdaptiveCard "body" must be an array');
    for (const element of card.body) {
      if (!isObject(element) || !ELEMENTS.has(String(element.type)))
        return refuse(`unknown card element ${JSON.stringify(isObject(element) ? element.type : element)}`);
      if (element.type === 'TextBlock' && typeof element.text !== 'string') return refuse('TextBlock needs "text"');
      if (element.type === 'FactSet') {
        const facts = element.facts;
        if (
          !Array.isArray(facts) ||
          !facts.every((fact) => isObject(fact) && typeof fact.title === 'string' && typeof fact.value === 'string')
        ) {
          return refuse('FactSet "facts" must be [{ title, value }] strings');
        }
      }
    }
    for (const action of Array.isArray(card.actions) ? card.actions : card.actions === undefined ? [] : [null]) {
      if (!isObject(action) || !ACTIONS.has(String(action.type))) return refuse('unknown card action');
      if (action.type === 'Action.OpenUrl' && !(typeof action.url === 'string' && /^https?:\/\//.test(action.url)))
        return refuse('Action.OpenUrl needs an absolute "url"');
    }
  }
  return null;
};

/**
 * A Teams Workflows incoming webhook (`POST …/workflows/{id}/triggers/manual/paths/invoke?api-version=1&sig=…`):
 * a wrong `sig` gets 401, a body that is not a message with Adaptive Card attachments 400, over 28 KB 413;
 * accepted: 202 with no body, as the flow runs later. Paths steer trouble: `/rate-limited` 429 (Retry-After 5),
 * `/broken` 502, `/hang` never answers.
 */
export const startFakeTeams = async (sig: string): Promise<FakeTeams> => {
  const messages: Record<string, unknown>[] = [];
  const requests: FakeTeams['requests'] = [];
  const loopback = await startHttpServer(async (request, response) => {
    const raw = await readBody(request);
    const url = new URL(request.url ?? '/', 'http://teams.invalid');
    requests.push({ method: request.method ?? '', path: url.pathname, contentType: request.headers['content-type'] });
    if (url.pathname.endsWith('/hang')) return;
    const answer = ((): Answer => {
      if (url.pathname.endsWith('/rate-limited'))
        return {
          status: 429,
          body: { error: { code: 'WorkflowTriggerIsThrottled', message: 'Too many requests' } },
          headers: { 'retry-after': '5' },
        };
      if (url.pathname.endsWith('/broken')) return { status: 502, body: { error: { code: 'BadGateway', message: 'Bad gateway' } } };
      if (url.searchParams.get('sig') !== sig) {
        return {
          status: 401,
          body: {
            error: { code: 'DirectApiAuthorizationRequired', message: 'The request must be authenticated only by Shared Access scheme.' },
          },
        };
      }
      if (request.method !== 'POST') return { status: 405, body: { error: { code: 'MethodNotAllowed', message: 'POST only' } } };
      if (!/^application\/json/.test(request.headers['content-type'] ?? ''))
        return { status: 415, body: { error: { code: 'UnsupportedMediaType', message: 'application/json only' } } };
      let message: unknown;
      try {
        message = JSON.parse(raw.toString('utf8'));
      } catch {
        return refuse('the body is not JSON');
      }
      const refused = checkMessage(message, raw.length);
      if (refused) return refused;
      messages.push(message as Record<string, unknown>);
      return { status: 202 };
    })();
    response.writeHead(answer.status, { ...(answer.body !== undefined ? { 'content-type': 'application/json' } : {}), ...answer.headers });
    response.end(answer.body !== undefined ? JSON.stringify(answer.body) : undefined);
  });
  return {
    ...loopback,
    webhookUrl: (path = '/workflows/0f1e2d3c/triggers/manual/paths/invoke') =>
      `${loopback.url}${path}?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${sig}`,
    messages,
    requests,
  };
};
