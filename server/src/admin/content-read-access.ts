/**
 * What an admin may read of a content type, as the Content Manager decides it: the action
 * `plugin::content-manager.explorer.read` on the uid, its field list, its conditions (e.g. "is creator",
 * a locale, "published only") — all checked by the Content Manager's own permission checker built
 * from the admin's ability, so the trigger form shows no more than the Content Manager would.
 *
 * Strapi 5.54 has no separate permission for drafts: `explorer.read` covers draft and published rows
 * alike. A role that must not see drafts gets a condition on `publishedAt`, which these checks apply
 * per row like any other condition.
 */
import type { Core } from '@strapi/strapi';
import { forbidden } from './forbidden';

export const CONTENT_READ_ACTION = 'plugin::content-manager.explorer.read';

/** The admin's CASL ability, as the admin auth strategy puts it in `ctx.state.userAbility`. */
export interface UserAbility {
  can(action: string, subject?: unknown, field?: string): boolean;
}

type Row = Record<string, unknown>;

/** The part of the Content Manager's permission checker used here. */
interface PermissionChecker {
  can: { read(entity?: Row, field?: string): boolean };
  cannot: { read(entity?: Row, field?: string): boolean };
  sanitizeOutput(data: Row): Promise<Row>;
  sanitizedQuery: { read(query: Row): Promise<{ filters?: Row }> };
}

interface PermissionCheckerService {
  create(options: { userAbility: UserAbility; model: string }): PermissionChecker;
}

const displayName = (strapi: Core.Strapi, uid: string): string =>
  (strapi.contentTypes[uid as keyof typeof strapi.contentTypes] as { info?: { displayName?: string } } | undefined)?.info?.displayName ?? uid;

/** The admin's read access to the entries of `uid`. */
export const contentReadAccess = (strapi: Core.Strapi, ability: UserAbility | undefined, uid: string) => {
  if (!ability) throw forbidden('No admin session: sign in to the admin panel');
  const service = strapi.plugin('content-manager').service('permission-checker') as unknown as PermissionCheckerService;
  const checker = service.create({ userAbility: ability, model: uid });
  const name = displayName(strapi, uid);
  /** The role's conditions as a `where` of `strapi.db.query(uid)` (the Content Manager's permission query). */
  const readableWhere = async (): Promise<Row> => (await checker.sanitizedQuery.read({})).filters ?? {};

  return {
    /** Whether the role may read some entries of `uid` (all, or those its conditions allow). */
    canReadAny: (): boolean => checker.can.read(),

    /** Throws a 403 that names the content type when the role may read none of its entries. */
    assertCanReadAny(): void {
      if (checker.cannot.read()) {
        throw forbidden(
          `Your role cannot read "${name}" (${uid}) entries: give it the Content Manager's Read permission on ${name} to preview triggers against them`
        );
      }
    },

    /** Whether the role may read `field` of `uid` (on some entry). */
    canReadField: (field: string): boolean => checker.can.read(undefined, field),

    /**
     * The rows the role may read (its conditions checked per row: drafts, creator, locale), each stripped
     * of the fields it may not read by the Content Manager's output sanitizer. Throws a 403 when rows exist but none is readable.
     */
    async readable<T extends Row>(rows: T[]): Promise<T[]> {
      if (rows.length === 0) return rows;
      // The conditions are asked of the database, as for the entries list: a trigger's view of a row lacks
      // what some conditions look at (`createdBy`), which the database still has.
      const where = { $and: [{ id: { $in: rows.map((row) => row.id) } }, await readableWhere()] };
      const found = (await strapi.db.query(uid as Parameters<typeof strapi.db.query>[0]).findMany({ where, select: ['id'] })) as Row[];
      const readableIds = new Set(found.map((row) => row.id));
      const allowed = rows.filter((row) => readableIds.has(row.id));
      if (allowed.length === 0) {
        throw forbidden(`Your role cannot read this "${name}" (${uid}) entry (its conditions, such as drafts or locales, exclude it)`);
      }
      return Promise.all(allowed.map(async (row) => (await checker.sanitizeOutput(row)) as T));
    },

    /** A `where` for `strapi.db.query(uid)` that keeps the rows the role's conditions allow. */
    readableWhere,
  };
};

export type ContentReadAccess = ReturnType<typeof contentReadAccess>;
