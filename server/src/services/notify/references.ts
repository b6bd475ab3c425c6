import type { Core } from '@strapi/strapi';
import { throwValidationError, type ParsedNotifyInput } from '../../domain/notify-input';
import { findMissingUsers } from '../../repositories/users';

export { findMissingUsers };

/** Refuses an `obj` whose uid is not a content type of this app (no query needed). */
export const assertKnownContentType = (strapi: Core.Strapi, input: ParsedNotifyInput): void => {
  if (input.obj && !strapi.contentTypes[input.obj.uid as keyof typeof strapi.contentTypes]) {
    throwValidationError('notify() input', [
      { path: ['obj', 'uid'], message: `"${input.obj.uid}" is not a content type of this app` },
    ]);
  }
};

/** Refuses a `recipient` or `source` that is no users-permissions user, naming the field. */
export const assertUsersExist = async (strapi: Core.Strapi, input: ParsedNotifyInput): Promise<void> => {
  const userFields = (['recipient', 'source'] as const).filter((field) => typeof input[field] === 'number');
  if (!userFields.length) return;
  const missing = await findMissingUsers(strapi, userFields.map((field) => input[field] as number));
  const issues = userFields
    .filter((field) => missing.has(input[field] as number))
    .map((field) => ({ path: [field], message: `no users-permissions user has id ${input[field]}` }));
  if (issues.length) throwValidationError('notify() input', issues);
};
