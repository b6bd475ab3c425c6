/** What the trigger form offers: watchable content types, their fields, and entries to preview against. */
import type { Core } from '@strapi/strapi';
import { contentTypes as contentTypeUtils } from '@strapi/utils';
import { isWatchable } from '../../triggers/validate-definition';
import { visibleAttributes } from '../../triggers/schema-paths';
import { USER_UID } from '../../utils/uids';
import { throwValidationError } from '../../domain/notify-input';
import { contentReadAccess, type UserAbility } from '../../admin/content-read-access';

export interface WatchableContentType {
  uid: string;
  displayName: string;
  draftAndPublish: boolean;
  /** Attributes templates and conditions may name. */
  fields: string[];
  /** Relations to users-permissions users: candidates for a `field` recipient rule. */
  userFields: string[];
}

/** The app's content types (`api::`), which triggers may watch. */
export const watchableContentTypes = (strapi: Core.Strapi): WatchableContentType[] =>
  Object.entries(strapi.contentTypes)
    .filter(([uid]) => uid.startsWith('api::') && isWatchable(uid))
    .map(([uid, model]) => {
      const attributes = visibleAttributes(strapi, uid);
      return {
        uid,
        displayName: (model as { info?: { displayName?: string } }).info?.displayName ?? uid,
        draftAndPublish: contentTypeUtils.hasDraftAndPublish(model as Parameters<typeof contentTypeUtils.hasDraftAndPublish>[0]),
        fields: [...attributes.keys()],
        userFields: [...attributes.entries()].filter(([, a]) => a.type === 'relation' && a.target === USER_UID).map(([name]) => name),
      };
    })
    .sort((a, b) => a.displayName.localeCompare(b.displayName));

/**
 * The content types the admin's role may read in the Content Manager (the others are not offered: their
 * entries could not be previewed, and their fields are not the admin's to see).
 */
export const readableContentTypes = (strapi: Core.Strapi, ability: UserAbility | undefined): WatchableContentType[] =>
  watchableContentTypes(strapi).filter((type) => contentReadAccess(strapi, ability, type.uid).canReadAny());

/**
 * Up to 20 latest entries of `uid` the admin may read (the Content Manager's conditions apply, drafts
 * included), each with a label: its first string field the role may read, else its documentId.
 */
export const entryChoices = async (strapi: Core.Strapi, uid: unknown, ability: UserAbility | undefined): Promise<{ documentId: string; label: string }[]> => {
  const known = watchableContentTypes(strapi).find((type) => type.uid === uid);
  if (!known) {
    return throwValidationError('entries query', [{ path: ['uid'], message: `must be one of the app's content types (got ${JSON.stringify(uid)})` }]);
  }
  const access = contentReadAccess(strapi, ability, known.uid);
  access.assertCanReadAny();
  const attributes = visibleAttributes(strapi, known.uid);
  const labelField = [...attributes.entries()].find(([name, a]) => a.type === 'string' && name !== 'documentId' && access.canReadField(name))?.[0];
  const rows = (await strapi.db.query(known.uid as Parameters<typeof strapi.db.query>[0]).findMany({
    select: ['documentId', ...(labelField ? [labelField] : [])],
    where: await access.readableWhere(),
    orderBy: { id: 'desc' },
    limit: 20,
  })) as Record<string, unknown>[];
  const seen = new Set<string>();
  return rows
    .filter((row) => !seen.has(row.documentId as string) && seen.add(row.documentId as string))
    .map((row) => ({ documentId: row.documentId as string, label: labelField && row[labelField] ? String(row[labelField]) : (row.documentId as string) }));
};
