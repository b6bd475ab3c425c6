import { z } from 'zod';
import { BaseNotificationProvider } from './base-provider';
import { consoleOptions, type ConsoleOptions } from '../config/provider-options';
import type { ChannelContext } from '../domain/types';

/** Prints each payload to standard output: for development and for seeing what a channel builds. */
export class ConsoleProvider extends BaseNotificationProvider<unknown, ConsoleOptions | undefined> {
  static providerName = 'console';
  static override optionsSchema = consoleOptions.schema.optional();
  static override optionFields = consoleOptions.fields;

  schema = z.unknown();

  async send(payload: unknown, context: ChannelContext): Promise<void> {
    const spacing = this.options?.pretty ? 2 : undefined;
    // console.log, not strapi.log: the point is to see the payload as it is, whatever the log level.
    void context;
    console.log(`[notifs:console] ${JSON.stringify(payload, null, spacing)}`);
  }
}
