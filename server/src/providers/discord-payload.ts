import { z } from 'zod';

/** Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits), checked before anything is stored. */
export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  username: 80,
  embedTotal: 6000,
} as const;

const httpUrl = z.url({ protocol: /^https?$/ });
const snowflake = z.string().regex(/^\d{1,20}$/, { message: 'must be a Discord id (digits)' });

const embedSchema = z.strictObject({
  title: z.string().min(1).max(DISCORD_LIMITS.title).optional(),
  description: z.string().min(1).max(DISCORD_LIMITS.description).optional(),
  url: httpUrl.optional(),
  /** RGB as an integer: 0x5865f2. */
  color: z.number().int().min(0).max(0xffffff).optional(),
  timestamp: z.iso.datetime({ offset: true }).optional(),
  footer: z.strictObject({ text: z.string().min(1).max(DISCORD_LIMITS.footer), icon_url: httpUrl.optional() }).optional(),
  author: z
    .strictObject({ name: z.string().min(1).max(DISCORD_LIMITS.author), url: httpUrl.optional(), icon_url: httpUrl.optional() })
    .optional(),
  thumbnail: z.strictObject({ url: httpUrl }).optional(),
  image: z.strictObject({ url: httpUrl }).optional(),
  fields: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(DISCORD_LIMITS.fieldName),
        value: z.string().min(1).max(DISCORD_LIMITS.fieldValue),
        inline: z.boolean().optional(),
      })
    )
    .max(DISCORD_LIMITS.fields)
    .optional(),
});

type Embed = z.infer<typeof embedSchema>;

/** The characters Discord counts against its 6,000 per message, over all embeds. */
const embedChars = (embed: Embed): number =>
  (embed.title?.length ?? 0) +
  (embed.description?.length ?? 0) +
  (embed.footer?.text.length ?? 0) +
  (embed.author?.name.length ?? 0) +
  (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);

/** One payload of the `discord` provider: an "Execute Webhook" body as Discord documents it. */
export const discordPayloadSchema = z
  .strictObject({
    content: z.string().max(DISCORD_LIMITS.content).optional(),
    embeds: z.array(embedSchema).max(DISCORD_LIMITS.embeds).optional(),
    /** Overrides the webhook's name for this message. */
    username: z.string().min(1).max(DISCORD_LIMITS.username).optional(),
    avatar_url: httpUrl.optional(),
    tts: z.boolean().optional(),
    /** Who may be pinged. Default `{ parse: [] }`: nobody, so text from users cannot ping @everyone. */
    allowed_mentions: z
      .strictObject({
        parse: z.array(z.enum(['roles', 'users', 'everyone'])).optional(),
        roles: z.array(snowflake).max(100).optional(),
        users: z.array(snowflake).max(100).optional(),
      })
      .optional(),
  })
  .refine((payload) => (payload.content?.trim().length ?? 0) > 0 || (payload.embeds?.length ?? 0) > 0, {
    message: 'a Discord message needs "content" or "embeds"',
    path: ['content'],
  })
  .refine((payload) => (payload.embeds ?? []).reduce((sum, embed) => sum + embedChars(embed), 0) <= DISCORD_LIMITS.embedTotal, {
    message: `the embeds hold more than ${DISCORD_LIMITS.embedTotal} characters in all (titles, descriptions, fields, footers, authors): Discord refuses the message`,
    path: ['embeds'],
  });

export type DiscordPayload = z.infer<typeof discordPayloadSchema>;
