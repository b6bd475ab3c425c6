import { errors } from '@strapi/utils';

/**
 * A 403 whose message reaches the admin. Thrown as PolicyError: Strapi's router turns any other
 * ForbiddenError raised past the auth step into a bare "Forbidden", and the admin is owed the reason.
 */
export const forbidden = (message: string, details?: Record<string, unknown>): Error => new errors.PolicyError(message, details);
