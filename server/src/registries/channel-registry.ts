import { BaseNotificationChannel, type ChannelClass } from '../channels/base-channel';
import { InvalidChannelError } from '../domain/errors';
import { NAME_PATTERN, listNames } from '../utils/names';
import { assertChannelMembers } from './class-checks';

/** The channel registry: name → class. Built-ins, config `channels`, the app's and other plugins'. */
export const createChannelRegistry = () => {
  const registry = new Map<string, ChannelClass>();

  return {
    /**
     * Adds a channel class. Registering the same class twice is harmless; another class under a taken
     * name is not. A class without `channelName`, `providers` or `buildPayload` is refused, naming it.
     */
    register(ChannelClass: ChannelClass): void {
      if (typeof ChannelClass !== 'function' || !(ChannelClass.prototype instanceof BaseNotificationChannel)) {
        throw new InvalidChannelError(
          `Cannot register ${describe(ChannelClass)} as a channel: it must be a class that extends BaseNotificationChannel (import it from 'strapi-plugin-notifs')`
        );
      }
      const name = ChannelClass.channelName;
      if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
        throw new InvalidChannelError(
          `Channel class ${ChannelClass.name} needs a static channelName made of lowercase letters, digits, "_" or "-" (got ${JSON.stringify(name)})`
        );
      }
      assertChannelMembers(ChannelClass);
      const existing = registry.get(name);
      if (existing && existing !== ChannelClass) {
        throw new InvalidChannelError(
          `Channel "${name}" is already registered by ${existing.name}; give ${ChannelClass.name} another channelName`
        );
      }
      registry.set(name, ChannelClass);
    },

    /** The class registered as `name`, or `InvalidChannelError` listing the registered ones. */
    get(name: string): ChannelClass {
      const found = registry.get(name);
      if (!found) {
        throw new InvalidChannelError(
          `Unknown channel "${name}": registered channels are ${listNames([...registry.keys()].sort())}`,
          { channel: name, registered: [...registry.keys()].sort() }
        );
      }
      return found;
    },

    has(name: string): boolean {
      return registry.has(name);
    },

    /** Registered channels, by name. */
    list(): { name: string; ChannelClass: ChannelClass }[] {
      return [...registry.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, ChannelClass]) => ({ name, ChannelClass }));
    },
  };
};

const describe = (value: unknown): string =>
  typeof value === 'function' ? `${value.name || 'an anonymous function'}` : JSON.stringify(value) ?? String(value);

export type ChannelsService = ReturnType<typeof createChannelRegistry>;
