/*
 * Text from notifications put into chat markdown (Discord embeds, Teams cards): a description must
 * read as written: never bold, link or mention anything of its own.
 */

/** Discord markdown: backslash before what would format, link, quote or mention (`<@id>`). */
export const escapeDiscordMarkdown = (text: string): string => text.replace(/[\\*_~`|[\]<>]/g, '\\$&');

/** Adaptive Card markdown knows bold, italic, lists and links only: backslash before what would make those. */
export const escapeCardMarkdown = (text: string): string => text.replace(/[\\*_[\]]/g, '\\$&');

/** A URL as a markdown link's target: the characters that would end it or split it percent-encoded. */
export const markdownUrl = (url: string): string => url.replace(/[()<>\s]/g, (char) => encodeURIComponent(char));
