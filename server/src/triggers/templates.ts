/**
 * Mustache templates of data triggers: checked against the content type when the trigger is saved,
 * rendered against the entry and the event when it fires. The view is `{ entry, event }`:
 * `{{entry.title}}`, `{{entry.author.username}}`, `{{event.type}}`, `{{event.locale}}`.
 */
import Mustache from 'mustache';
import type { Core } from '@strapi/strapi';
import type { TriggerEntry, TriggerEvent } from '../domain/triggers';
import { checkAttributePath, nestedModel, visibleAttributes } from './schema-paths';

/** The fields of `event` a template may name. */
export const EVENT_FIELDS = ['type', 'uid', 'documentId', 'locale', 'locales'] as const;

type Span = [string, string, number, number, Span[]?, number?];

/**
 * A frame of the mustache context stack: the root view, or an object of a known model (inside a
 * section over `entry`, a relation or a component).
 */
type Frame = { kind: 'root' } | { kind: 'model'; uid: string; depth: number };

const SECTION_TYPES = new Set(['#', '^']);
const NAME_TYPES = new Set(['name', '&', '#', '^']);

/** The frame `path` opens as a section, when it is an object of a known model. */
const sectionFrame = (strapi: Core.Strapi, uid: string, frame: Frame, segments: string[]): Frame | null => {
  if (frame.kind === 'root') {
    if (segments.length === 1 && segments[0] === 'entry') return { kind: 'model', uid, depth: 0 };
    if (segments[0] !== 'entry' || segments.length !== 2) return null;
    const target = nestedModel(visibleAttributes(strapi, uid).get(segments[1]) ?? { type: '' });
    return target ? { kind: 'model', uid: target, depth: 1 } : null;
  }
  if (frame.depth === 0 && segments.length === 1) {
    const target = nestedModel(visibleAttributes(strapi, frame.uid).get(segments[0]) ?? { type: '' });
    return target ? { kind: 'model', uid: target, depth: 1 } : null;
  }
  return null;
};

/** Why `segments` cannot be read in `frame`, or null. `undefined`: the frame does not have its first segment. */
const checkInFrame = (strapi: Core.Strapi, uid: string, frame: Frame, segments: string[]): string | null | undefined => {
  if (frame.kind === 'root') {
    const [head, ...rest] = segments;
    if (head === 'entry') return rest.length ? checkAttributePath(strapi, uid, rest) : null;
    if (head === 'event') {
      if (rest.length === 1 && (EVENT_FIELDS as readonly string[]).includes(rest[0])) return null;
      return `event has ${EVENT_FIELDS.map((f) => `{{event.${f}}}`).join(', ')}, not {{${segments.join('.')}}}`;
    }
    return undefined;
  }
  if (!visibleAttributes(strapi, frame.uid).has(segments[0])) return undefined;
  if (frame.depth === 0) return checkAttributePath(strapi, frame.uid, segments);
  return segments.length === 1 && !nestedModel(visibleAttributes(strapi, frame.uid).get(segments[0]) ?? { type: '' })
    ? null
    : `"${segments.join('.')}" is not loaded: triggers load first-level relations only`;
};

/**
 * The problems of a template for content type `uid`, one message each (empty when it is fine):
 * a syntax error, a partial, or a name that is not `entry.<attribute>` or `event.<field>`.
 */
export const checkTemplate = (strapi: Core.Strapi, uid: string, template: string): string[] => {
  let spans: Span[];
  try {
    spans = Mustache.parse(template) as unknown as Span[];
  } catch (error) {
    return [`is not a valid mustache template: ${(error as Error).message}`];
  }
  const problems: string[] = [];
  const walk = (children: Span[], stack: Frame[]) => {
    for (const [type, name, , , inner] of children) {
      if (type === '>') problems.push(`uses the partial {{> ${name}}}: partials are not supported`);
      if (!NAME_TYPES.has(type) || name === '.') {
        if (SECTION_TYPES.has(type) && inner) walk(inner, stack);
        continue;
      }
      const segments = name.split('.');
      let problem: string | null | undefined;
      let owner: Frame | undefined;
      for (let i = stack.length - 1; i >= 0 && problem === undefined; i -= 1) {
        problem = checkInFrame(strapi, uid, stack[i], segments);
        owner = stack[i];
      }
      if (problem === undefined) {
        problem = `{{${name}}} names nothing: use {{entry.<attribute>}} or {{event.<${EVENT_FIELDS.join('|')}>}}`;
      }
      if (!problem && owner && !SECTION_TYPES.has(type) && sectionFrame(strapi, uid, owner, segments)) {
        problem = `is an object, which renders as "[object Object]": name one of its attributes ({{${name}.<attribute>}}) or open a section`;
      }
      if (problem) problems.push(problem.startsWith('{{') ? problem : `{{${name}}}: ${problem}`);
      if (SECTION_TYPES.has(type) && inner) {
        const opened = !problem && owner && type === '#' ? sectionFrame(strapi, uid, owner, segments) : null;
        walk(inner, opened ? [...stack, opened] : stack);
      }
    }
  };
  walk(spans, [{ kind: 'root' }]);
  return problems;
};

/** The view templates are rendered against. */
export const templateView = (entry: TriggerEntry, event: TriggerEvent) => ({ entry, event });

/**
 * Renders a template as plain text: values are not HTML-escaped (notifications are text; a channel
 * that writes HTML escapes what it writes). Missing values render empty, as in mustache.
 */
export const renderTemplate = (template: string, entry: TriggerEntry, event: TriggerEvent): string =>
  Mustache.render(template, templateView(entry, event), {}, { escape: (value: unknown) => String(value) });
