import { z } from 'zod';

/** One option of a provider as the admin's Channels page shows it (never its value when secret). */
export interface ProviderOptionField {
  name: string;
  label: string;
  /** Never shown nor logged: tokens, keys, passwords. */
  secret: boolean;
  /** The provider cannot work without it. */
  required: boolean;
  description?: string;
}

/** How a provider declares one option: its schema and how to show it. */
export interface ProviderOptionSpec<S extends z.ZodType = z.ZodType> {
  schema: S;
  label: string;
  secret?: boolean;
  description?: string;
}

/**
 * Declares a provider's options once: the strict schema checked at boot (`static optionsSchema`)
 * and the fields the admin shows (`static optionFields`). An option is required when its schema
 * refuses `undefined`.
 *
 * ```ts
 * const options = declareOptions({ token: { schema: z.string().min(1), label: 'Bot token', secret: true } });
 * class ChatProvider extends BaseNotificationProvider<Payload, z.infer<typeof options.schema>> {
 *   static optionsSchema = options.schema;
 *   static optionFields = options.fields;
 * }
 * ```
 */
export const declareOptions = <T extends Record<string, ProviderOptionSpec>>(specs: T) => {
  const shape = Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, spec.schema])) as { [K in keyof T]: T[K]['schema'] };
  const fields: ProviderOptionField[] = Object.entries(specs).map(([name, spec]) => ({
    name,
    label: spec.label,
    secret: spec.secret ?? false,
    required: !spec.schema.safeParse(undefined).success,
    ...(spec.description ? { description: spec.description } : {}),
  }));
  return { schema: z.strictObject(shape), fields };
};
