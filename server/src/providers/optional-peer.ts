import { ProviderConfigError } from '../domain/errors';

/** Whether `error` is Node saying that `name` itself (not one of its own dependencies) cannot be found. */
const isMissing = (error: unknown, name: string): boolean => {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'MODULE_NOT_FOUND' && typeof message === 'string' && message.startsWith(`Cannot find module '${name}'`);
};

/**
 * Loads an optional peer dependency when a provider first needs it, so that apps which do not use
 * that provider need not install it. Missing: a `ProviderConfigError` that names the package and
 * the command to install it.
 */
export const loadOptionalPeer = <T>(name: string, provider: string, range: string): T => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, on purpose
    return require(name) as T;
  } catch (error) {
    if (!isMissing(error, name)) throw error;
    throw new ProviderConfigError(
      `Provider "${provider}" needs the "${name}" package, which is not installed: run \`npm install ${name}@"${range}"\` in your Strapi app (it is an optional peer dependency of strapi-plugin-notifs)`,
      { provider, package: name }
    );
  }
};
