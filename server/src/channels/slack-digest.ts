import type { AnyNotification } from '../domain/types';
import { digestItemTitle, digestLink, digestMore } from './digest-items';

/** Slack's advice for a message's `text` (it truncates at 40,000): the fallback list is kept under it. */
export const SLACK_TEXT_MAX = 4_000;
/** Slack's limits: 50 blocks a message, 3,000 characters a section's text. */
const SLACK_BLOCKS_MAX = 50;
const SLACK_SECTION_MAX = 3_000;

/** Slack reads `&`, `<` and `>` as markup in text (links, mentions): escaped as its docs ask. */
export const escapeSlack = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** "• title", or "• <url|title>" (Slack's link syntax) when the notification has an http(s) url. */
export const slackLine = (notification: AnyNotification, baseUrl: unknown): string => {
  const title = escapeSlack(digestItemTitle(notification));
  const link = digestLink(notification.url, baseUrl);
  // `|`, `<`, `>` and spaces would end the link early: percent-encoded, as a browser reads them alike.
  const linked = link ? `• <${link.replace(/[|<>\s]/g, encodeURIComponent)}|${title}>` : undefined;
  return linked && linked.length <= SLACK_SECTION_MAX ? linked : `• ${title}`;
};

/**
 * A header, the lines packed into as few `mrkdwn` sections as fit 3,000 characters each, and a
 * context block "…and N more" when the lines (or the 50 blocks) did not hold every notification.
 */
export const slackDigestBlocks = (heading: string, lines: string[], total: number): Record<string, unknown>[] => {
  // Header and "…and N more" take two of the 50.
  const sectionsMax = SLACK_BLOCKS_MAX - 2;
  const sections: string[][] = [];
  let shown = 0;
  for (const line of lines) {
    const current = sections[sections.length - 1];
    if (current && [...current, line].join('\n').length <= SLACK_SECTION_MAX) current.push(line);
    else if (sections.length < sectionsMax) sections.push([line]);
    else break;
    shown += 1;
  }
  const more = total - shown;
  return [
    { type: 'header', text: { type: 'plain_text', text: heading } },
    ...sections.map((section) => ({ type: 'section', text: { type: 'mrkdwn', text: section.join('\n') } })),
    ...(more > 0 ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: digestMore(more) }] }] : []),
  ];
};
