import type { Core } from '@strapi/strapi';
import type { PluginConfig } from '../config/schema';
import type { CodeTrigger } from './types';
import { checkChannels, checkEvents, checkUid } from './validate-definition';

/** The code triggers of the config (`notifs.config.triggers`), their shape already checked by the config validator. */
export const codeTriggers = (strapi: Core.Strapi): CodeTrigger[] =>
  (strapi.config.get('plugin::notifs') as PluginConfig).triggers as unknown as CodeTrigger[];

/** How logs and `triggers.list()` name a code trigger: `triggers[0] (api::article.article)`. */
export const codeTriggerName = (index: number, trigger: Pick<CodeTrigger, 'uid'>): string => `triggers[${index}] (${trigger.uid})`;

/**
 * Checks what the config validator cannot know before the app is loaded: that each code trigger's
 * `uid` is a content type (and may publish, when it listens to publish), and its channels exist.
 * Called in bootstrap, once every plugin has registered its channels; a throw stops the boot.
 */
export const assertCodeTriggers = (strapi: Core.Strapi): void => {
  const problems = codeTriggers(strapi).flatMap((trigger, index) => {
    const uidProblem = checkUid(strapi, trigger.uid);
    const found = uidProblem
      ? [`"uid" ${uidProblem}`]
      : [
          ['events', checkEvents(strapi, trigger.uid, trigger.events)],
          ['channels', checkChannels(strapi, trigger.channels)],
        ].flatMap(([key, problem]) => (problem ? [`"${key}" ${problem}`] : []));
    return found.map((problem) => `notifs.config.${codeTriggerName(index, trigger)}: ${problem}`);
  });
  if (problems.length) {
    throw new Error(`Invalid notifs config: ${problems.join('; ')}. Fix the trigger in config/plugins.ts.`);
  }
};
