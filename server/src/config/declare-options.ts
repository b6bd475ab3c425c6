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
  /**
   * Set when the options come in alternative shapes (Pusher: keys, or one URL): the name of the
   * shape this field belongs to; `required` then means required in that shape.
   */
  alternative?: string;
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

/** A declaration as `declareOptions` makes it: the schema and the fields. */
export interface OptionsDeclaration<S extends z.ZodType = z.ZodType> {
  schema: S;
  fields: readonly ProviderOptionField[];
}

/**
 * Options that come in alternative shapes, each made with `declareOptions` (Pusher: `{ appId, key,
 * secret… }` or `{ url }`): the schema accepts any one of them, and each field names its shape.
 *
 * ```ts
 * const options = declareAlternatives({ keys: declareOptions({ … }), url: declareOptions({ url: … }) });
 * ```
 */
export const declareAlternatives = <T extends Record<string, OptionsDeclaration>>(alternatives: T) => {
  const schemas = Object.values(alternatives).map((alternative) => alternative.schema) as [T[keyof T]['schema'], ...T[keyof T]['schema'][]];
  const fields: ProviderOptionField[] = Object.entries(alternatives).flatMap(([name, alternative]) =>
    alternative.fields.map((field) => ({ ...field, alternative: name }))
  );
  return { schema: z.union(schemas), fields };
};
