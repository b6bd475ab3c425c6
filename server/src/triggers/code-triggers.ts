import type { Core } from '@strapi/strapi';
import type { PluginConfig } from '../config/schema';
import type { CodeTrigger } from '../domain/triggers';
import { checkChannels, checkEvents, checkUid } from './validate-definition';

/** The code triggers of the config (`notifs.config.triggers`), their shape already checked by the config validator. */
export const codeTriggers = (strapi: Core.Strapi): CodeTrigger[] =>
  (strapi.config.get('plugin::notifs') as PluginConfig).triggers as unknown as CodeTrigger[];

/** How logs and `triggers.list()` name a code trigger: `triggers[0] (api::article.article)`. */
export const codeTriggerName = (index: number, trigger: Pick<CodeTrigger, 'uid'>): string => `triggers[${index}] (${trigger.uid})`;

type Check = (strapi: Core.Strapi, trigger: CodeTrigger) => [key: string, problem: string | null][];

const assertEach = (strapi: Core.Strapi, check: Check): void => {
  const problems = codeTriggers(strapi).flatMap((trigger, index) =>
    check(strapi, trigger).flatMap(([key, problem]) => (problem ? [`notifs.config.${codeTriggerName(index, trigger)}: "${key}" ${problem}`] : []))
  );
  if (problems.length) {
    throw new Error(`Invalid notifs config: ${problems.join('; ')}. Fix the trigger in config/plugins.ts.`);
  }
};

/**
 * Checks what the config validator cannot know before the app is loaded: that each code trigger's
 * `uid` is a content type (that has draft & publish, when it listens to publish or unpublish).
 * Called in register(), before the database is touched; a throw stops the boot.
 */
export const assertCodeTriggerUids = (strapi: Core.Strapi): void =>
  assertEach(strapi, (app, trigger) => {
    const uidProblem = checkUid(app, trigger.uid);
    return uidProblem ? [['uid', uidProblem]] : [['events', checkEvents(app, trigger.uid, trigger.events)]];
  });

/** Checks that each code trigger's channels are registered: in bootstrap, once every plugin has registered its own. */
export const assertCodeTriggerChannels = (strapi: Core.Strapi): void =>
  assertEach(strapi, (app, trigger) => [['channels', checkChannels(app, trigger.channels)]]);
