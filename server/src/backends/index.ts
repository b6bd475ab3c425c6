import type { Core } from '@strapi/strapi';
import type { BackendName, DeliveryBackend, Dispatch } from './types';
import type { QueueConfig } from '../config/schema';
import { createSyncBackend } from './sync-backend';
import { createDatabaseBackend } from './database-backend';

export type { BackendName, DeliveryBackend, DurableBackend, Dispatch, EnqueueOptions, QueueStats } from './types';
export { isDurable } from './types';

/** The backend named in config `backend`. */
export const createBackend = (
  name: BackendName,
  deps: { strapi: Core.Strapi; dispatch: Dispatch; queue: QueueConfig }
): DeliveryBackend => {
  switch (name) {
    case 'sync':
      return createSyncBackend(deps);
    case 'database':
      return createDatabaseBackend(deps);
    default:
      throw new Error(`[notifs] backend "${name}" is not available yet in this version: use backend 'database' or 'sync'`);
  }
};
