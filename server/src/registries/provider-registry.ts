import type { Core } from '@strapi/strapi';
import type { RealtimePublisher } from '../domain/types';
import type { PushSubscriptionStore } from '../domain/push-subscriptions';
import { BaseNotificationProvider, type ProviderClass } from '../providers/base-provider';
import { InvalidProviderError, ProviderConfigError } from '../domain/errors';
import { NAME_PATTERN, listNames } from '../utils/names';
import { toFormattedIssues } from '../domain/zod-issues';
import { assertProviderInstance, assertProviderMethods } from './class-checks';
import { labelOf, optionStates, type ProviderOptionState } from './option-states';

export type { ProviderOptionState } from './option-states';

/** What `providers.list()` tells about one provider; never a secret option's value. */
export interface ProviderDescriptor {
  name: string;
  /** Whether its options in the plugin config are present and valid. */
  configured: boolean;
  /** Why not, naming the option (its path and label), when it is not. */
  problem?: string;
  /** Its declared options (`static optionFields`; none when it declares none): label, required, secret, set or not. */
  fields: ProviderOptionState[];
}

/**
 * The provider registry: name → class, and one configured instance per name, made on first use
 * from `providers.<name>` in the plugin config.
 */
export const createProviderRegistry = ({
  strapi,
  realtime,
  pushSubscriptions,
}: {
  strapi: Core.Strapi;
  realtime: RealtimePublisher;
  pushSubscriptions?: PushSubscriptionStore;
}) => {
  const registry = new Map<string, ProviderClass>();
  const instances = new Map<string, BaseNotificationProvider>();

  const optionsOf = (name: string): unknown =>
    (strapi.config.get('plugin::notifs.providers') as Record<string, unknown> | undefined)?.[name];

  /** The provider's options, checked against its `optionsSchema`, or the reason they do not fit. */
  const checkOptions = (ProviderClass: ProviderClass): { ok: true; options: unknown } | { ok: false; problem: string } => {
    const name = ProviderClass.providerName;
    const { optionsSchema: schema, optionFields } = ProviderClass as unknown as typeof BaseNotificationProvider;
    const options = optionsOf(name);
    if (!schema) return { ok: true, options };
    const result = schema.safeParse(options);
    if (result.success) return { ok: true, options: result.data };
    if (options === undefined) {
      return { ok: false, problem: `provider "${name}" is not configured: set notifs.config.providers.${name} in config/plugins` };
    }
    const fields = toFormattedIssues(result.error.issues)
      .map(({ path, message }) => {
        const label = labelOf(optionFields, path);
        return `providers.${name}${path.length ? `.${path.join('.')}` : ''}${label ? ` (${label})` : ''} ${message}`;
      })
      .join('; ');
    return { ok: false, problem: `provider "${name}" is misconfigured: ${fields}` };
  };

  /** The instance `get()` would make, when the options are valid and the constructor takes them; else none. */
  const probeInstance = (ProviderClass: ProviderClass): BaseNotificationProvider | undefined => {
    const checked = checkOptions(ProviderClass);
    if (!checked.ok) return undefined;
    try {
      return new ProviderClass({ options: checked.options as never, strapi, realtime, pushSubscriptions });
    } catch {
      return undefined;
    }
  };

  return {
    /**
     * Adds a provider class. Registering the same class twice is harmless; another class under a taken
     * name is not. A class without `providerName`, `send` or `schema` is refused, naming it: when its
     * options are valid, its instance is made now (constructors hold no side effects) to see `schema`;
     * otherwise `schema` is checked when the instance is first made.
     */
    register(ProviderClass: ProviderClass): void {
      if (typeof ProviderClass !== 'function' || !(ProviderClass.prototype instanceof BaseNotificationProvider)) {
        throw new InvalidProviderError(
          `Cannot register ${typeof ProviderClass === 'function' ? ProviderClass.name : String(ProviderClass)} as a provider: it must be a class that extends BaseNotificationProvider (import it from 'strapi-plugin-notifs')`
        );
      }
      const name = ProviderClass.providerName;
      if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
        throw new InvalidProviderError(
          `Provider class ${ProviderClass.name} needs a static providerName made of lowercase letters, digits, "_" or "-" (got ${JSON.stringify(name)})`
        );
      }
      assertProviderMethods(ProviderClass);
      const existing = registry.get(name);
      if (existing && existing !== ProviderClass) {
        throw new InvalidProviderError(
          `Provider "${name}" is already registered by ${existing.name}; give ${ProviderClass.name} another providerName`
        );
      }
      if (existing) return;
      const probe = probeInstance(ProviderClass);
      if (probe) {
        try {
          assertProviderInstance(ProviderClass, probe);
        } catch (error) {
          void probe.close().catch(() => undefined);
          throw error;
        }
      }
      registry.set(name, ProviderClass);
      if (probe) instances.set(name, probe);
    },

    /**
     * The configured instance of `name`. Throws `InvalidProviderError` for an unknown name and
     * `ProviderConfigError` naming the option when its config is missing or wrong.
     */
    get(name: string): BaseNotificationProvider {
      const cached = instances.get(name);
      if (cached) return cached;
      const ProviderClass = registry.get(name);
      if (!ProviderClass) {
        throw new InvalidProviderError(
          `Unknown provider "${name}": registered providers are ${listNames([...registry.keys()].sort())}`,
          { provider: name, registered: [...registry.keys()].sort() }
        );
      }
      const checked = checkOptions(ProviderClass);
      if (!checked.ok) {
        throw new ProviderConfigError(checked.problem.charAt(0).toUpperCase() + checked.problem.slice(1), { provider: name });
      }
      const instance = new ProviderClass({ options: checked.options as never, strapi, realtime, pushSubscriptions });
      assertProviderInstance(ProviderClass, instance);
      instances.set(name, instance);
      return instance;
    },

    has(name: string): boolean {
      return registry.has(name);
    },

    /**
     * Refuses options under a name no provider has (`providers.emial`): called once every provider is
     * registered, so a misspelt key stops the boot instead of leaving a provider unconfigured.
     */
    assertOptionKeysKnown(): void {
      const given = Object.keys((strapi.config.get('plugin::notifs.providers') as Record<string, unknown> | undefined) ?? {});
      const unknown = given.filter((name) => !registry.has(name));
      if (unknown.length) {
        throw new ProviderConfigError(
          `notifs config "providers.${unknown[0]}" names no provider: registered providers are ${listNames([...registry.keys()].sort())} (a misspelt name, or a provider class that is not registered?)`
        );
      }
    },

    /** Registered providers, whether each is configured, and its declared options set or not; a secret's value never. */
    list(): ProviderDescriptor[] {
      return [...registry.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, ProviderClass]) => {
          const checked = checkOptions(ProviderClass);
          const fields = optionStates((ProviderClass as unknown as typeof BaseNotificationProvider).optionFields, optionsOf(name));
          return checked.ok ? { name, configured: true, fields } : { name, configured: false, problem: checked.problem, fields };
        });
    },

    /** Closes every instance made so far (pools, clients). */
    async closeAll(): Promise<void> {
      const open = [...instances.values()];
      instances.clear();
      await Promise.allSettled(open.map((instance) => instance.close()));
    },
  };
};

export type ProvidersService = ReturnType<typeof createProviderRegistry>;
