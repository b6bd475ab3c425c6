import type { Core } from '@strapi/strapi';
import type { BackendName, DeliveryBackend, Dispatch } from './types';
import { createSyncBackend } from './sync-backend';

export type { BackendName, DeliveryBackend, Dispatch, EnqueueOptions } from './types';

/** The backend named in config `backend`. */
export const createBackend = (name: BackendName, deps: { strapi: Core.Strapi; dispatch: Dispatch }): DeliveryBackend => {
  switch (name) {
    case 'sync':
      return createSyncBackend(deps);
    default:
      throw new Error(`[notifs] backend "${name}" is not available yet in this version: use backend: 'sync'`);
  }
};
