/**
 * A Document Service middleware for `plugin::notifs.trigger`: refuses data holding a NUL byte before
 * Strapi validates it. Strapi's unique check of `name` queries the database from a yup test, and yup
 * 0.32 leaves a rejected async test unhandled (`Promise.resolve(test()).then(...)` with no catch):
 * on PostgreSQL, which refuses NUL bytes, the request never ends and Node exits on the rejection.
 */
import type { Modules } from '@strapi/strapi';
import { TRIGGER_UID } from '../../utils/uids';
import { refuseNul } from '../../validation/nul';

type Middleware = Parameters<Modules.Documents.Service['use']>[0];

export const refuseNulInTriggers: Middleware = async (context, next) => {
  if (context.uid === TRIGGER_UID) refuseNul((context.params as { data?: unknown } | undefined)?.data, 'trigger');
  return next();
};
