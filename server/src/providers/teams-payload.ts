import { z } from 'zod';

/** Teams refuses a message over about 28 KB; kept under it with room for the envelope. */
export const TEAMS_MESSAGE_MAX_BYTES = 28_000;
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Both Workflows and the legacy connector render Adaptive Cards up to 1.5; 1.4 is the widest-supported. */
const CARD_VERSIONS = ['1.0', '1.1', '1.2', '1.3', '1.4', '1.5'] as const;

const httpUrl = z.url({ protocol: /^https?$/ });

/** An Adaptive Card written by the caller, sent as it is (Teams checks it further). */
const cardSchema = z.looseObject({
  type: z.literal('AdaptiveCard'),
  version: z.enum(CARD_VERSIONS),
  body: z.array(z.looseObject({ type: z.string().min(1) })).min(1),
  actions: z.array(z.looseObject({ type: z.string().min(1) })).optional(),
});

const fieldsSchema = z.strictObject({
  /** Bold first line. */
  title: z.string().min(1).max(1_000).optional(),
  /** Wrapped text; Adaptive Cards' markdown subset (bold, italic, lists, links) renders. */
  text: z.string().min(1).max(20_000).optional(),
  /** Label-value pairs, shown as a FactSet. */
  facts: z
    .array(z.strictObject({ title: z.string().min(1).max(200), value: z.string().min(1).max(2_000) }))
    .min(1)
    .max(50)
    .optional(),
  /** An "Open" button (Action.OpenUrl). */
  url: httpUrl.optional(),
  /** The button's label; default "Open". */
  urlTitle: z.string().min(1).max(100).optional(),
  /** A whole Adaptive Card instead of the fields above. */
  card: cardSchema.optional(),
});

type TeamsFields = z.infer<typeof fieldsSchema>;

/** The message Teams' incoming webhooks take: one Adaptive Card attachment. */
export interface TeamsMessage {
  type: 'message';
  attachments: [{ contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE; contentUrl: null; content: Record<string, unknown> }];
}

/** The card built from the fields: title, text, facts, and an Open button for `url`. */
const buildCard = (payload: TeamsFields): Record<string, unknown> => {
  const body: Record<string, unknown>[] = [];
  if (payload.title) body.push({ type: 'TextBlock', text: payload.title, weight: 'Bolder', size: 'Medium', wrap: true });
  if (payload.text) body.push({ type: 'TextBlock', text: payload.text, wrap: true });
  if (payload.facts) body.push({ type: 'FactSet', facts: payload.facts });
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body,
    ...(payload.url ? { actions: [{ type: 'Action.OpenUrl', title: payload.urlTitle ?? 'Open', url: payload.url }] } : {}),
  };
};

/** The request body for one payload. */
export const teamsMessage = (payload: TeamsFields): TeamsMessage => ({
  type: 'message',
  attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, contentUrl: null, content: payload.card ?? buildCard(payload) }],
});

/**
 * One payload of the `teams` provider: `title`, `text`, `facts` and `url` from which a card is
 * built, or a whole Adaptive Card as `card`. Checked when notify builds it, size included.
 */
export const teamsPayloadSchema = fieldsSchema
  .refine(
    (payload) => payload.card !== undefined || payload.title !== undefined || payload.text !== undefined || payload.facts !== undefined,
    {
      message: 'a Teams message needs "title", "text", "facts" or a whole Adaptive Card as "card"',
      path: ['text'],
    }
  )
  .refine((payload) => payload.card === undefined || Object.keys(payload).every((key) => key === 'card'), {
    message: 'is given with "title", "text", "facts" or "url": put those in the card itself',
    path: ['card'],
  })
  .refine((payload) => Buffer.byteLength(JSON.stringify(teamsMessage(payload))) <= TEAMS_MESSAGE_MAX_BYTES, {
    message: `makes a message over ${TEAMS_MESSAGE_MAX_BYTES} bytes, which Teams refuses: shorten the text or the facts`,
    path: ['text'],
  });

export type TeamsPayload = z.infer<typeof teamsPayloadSchema>;
