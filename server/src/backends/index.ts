import type { Core } from '@strapi/strapi';
import type { BackendName, DeliveryBackend, Dispatch } from './types';
import type { BullmqConfig, QueueConfig } from '../config/schema';
import { createSyncBackend } from './sync-backend';
import { createDatabaseBackend } from './database-backend';
import { createBullmqBackend } from './bullmq-backend';

export type { BackendName, DeliveryBackend, DurableBackend, Dispatch, EnqueueOptions, EnqueuedDeliveries, QueueStats } from './types';
export { isDurable } from './types';

/** The backend named in config `backend`. */
export const createBackend = (
  name: BackendName,
  deps: { strapi: Core.Strapi; dispatch: Dispatch; queue: QueueConfig; bullmq: BullmqConfig }
): DeliveryBackend => {
  switch (name) {
    case 'sync':
      return createSyncBackend(deps);
    case 'database':
      return createDatabaseBackend(deps);
    case 'bullmq':
      return createBullmqBackend(deps);
    default:
      throw new Error(`[notifs] unknown backend "${String(name)}": use 'database', 'bullmq' or 'sync'`);
  }
};
