import type { Core } from '@strapi/strapi';
import type { BackendName, DeliveryBackend } from './types';
import type { BullmqConfig, QueueConfig } from '../config/schema';
import type { Dispatcher } from '../delivery/dispatcher';
import type { DeliveryRepository } from '../repositories/deliveries';
import type { DbClock } from '../repositories/db-clock';
import { createSyncBackend } from './sync-backend';
import { createDatabaseBackend } from './database-backend';
import { createBullmqBackend } from './bullmq-backend';

export type { BackendName, DeliveryBackend, DurableBackend, EnqueueOptions, OutboxTransaction, QueueStats } from './types';
export { isDurable } from './types';

export interface BackendDeps {
  strapi: Core.Strapi;
  dispatcher: Dispatcher;
  repository: DeliveryRepository;
  clock: DbClock;
  queue: QueueConfig;
  bullmq: BullmqConfig;
}

/** The backend named in config `backend`. */
export const createBackend = (name: BackendName, deps: BackendDeps): DeliveryBackend => {
  switch (name) {
    case 'sync':
      return createSyncBackend({ dispatcher: deps.dispatcher, log: deps.strapi.log });
    case 'database':
      return createDatabaseBackend(deps);
    case 'bullmq':
      return createBullmqBackend(deps);
    default:
      throw new Error(`[notifs] unknown backend "${String(name)}": use 'database', 'bullmq' or 'sync'`);
  }
};
