import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { BaseNotificationChannel } from '../channels/base-channel';
import type { ChannelContext, PlannedDelivery } from '../types';
import { NOTIFS_EVENTS } from '../types';
import { createBackend, type DeliveryBackend, type EnqueuedDeliveries } from '../backends';
import { DeliveryError, InvalidChannelError } from '../errors';
import { getService } from '../utils/get-service';
import { toJson } from '../utils/to-json';
import type { PluginConfig } from '../config/schema';

/**
 * Internal: turns channels into deliveries (`plan`), hands them to the configured backend
 * (`enqueue`), and sends one through its provider (`dispatch`) for every backend alike.
 */
const delivery = ({ strapi }: { strapi: Core.Strapi }) => {
  let backend: DeliveryBackend | undefined;

  const emit = (event: string, data: unknown) => strapi.eventHub.emit(event, data);

  const dispatch = async (planned: PlannedDelivery): Promise<void> => {
    try {
      const provider = getService(strapi, 'providers').get(planned.provider);
      if (planned.bulk) {
        const payloads = (planned.payload as unknown[]).map((payload) => provider.validate(payload, planned.channel));
        await emit(NOTIFS_EVENTS.preBulkSend, { delivery: planned });
        await provider.sendBulk(payloads, planned.context);
        await emit(NOTIFS_EVENTS.postBulkSend, { delivery: planned });
      } else {
        const payload = provider.validate(planned.payload, planned.channel);
        await emit(NOTIFS_EVENTS.preSend, { delivery: planned });
        await provider.send(payload, planned.context);
        await emit(NOTIFS_EVENTS.postSend, { delivery: planned });
      }
    } catch (error) {
      // A payload or config that does not fit will not fit next time either: not retryable.
      const failure =
        error instanceof errors.ApplicationError && !(error instanceof DeliveryError)
          ? new DeliveryError(error.message, { provider: planned.provider, retryable: false }, { cause: error })
          : DeliveryError.from(error, planned.provider);
      await emit(NOTIFS_EVENTS.failed, { delivery: planned, error: failure });
      throw failure;
    }
  };

  const currentBackend = (): DeliveryBackend => {
    if (!backend) {
      throw new Error('[notifs] the delivery backend is not started: notify() can be called once Strapi has bootstrapped');
    }
    return backend;
  };

  return {
    dispatch,

    /** Builds and checks every provider's payload for one channel instance. Nothing is sent or stored. */
    plan(channel: BaseNotificationChannel): PlannedDelivery[] {
      const name = channel.channelName;
      if (!Array.isArray(channel.providers) || channel.providers.length === 0) {
        throw new InvalidChannelError(`Channel "${name}" lists no providers: set providers = ['console'] (for example)`);
      }
      const providers = getService(strapi, 'providers');
      return channel.providers.map((providerName) => {
        const provider = providers.get(providerName);
        const context: ChannelContext = toJson(channel.getContext(providerName) ?? {}, {
          provider: providerName,
          channel: name,
          what: 'context',
        });
        const built = toJson(channel.buildPayload(providerName), { provider: providerName, channel: name, what: 'payload' });
        const bulk = context.bulk === true;
        // In bulk mode a single payload is a list of one: sendBulk always gets a list.
        const payload = bulk
          ? (Array.isArray(built) ? built : [built]).map((one) => provider.validate(one, name))
          : provider.validate(built, name);
        return {
          notificationId: channel.notification.id ?? null,
          channel: name,
          provider: providerName,
          payload,
          context,
          bulk,
        };
      });
    },

    /** Hands deliveries to the backend, due `countdown` seconds from now; what it answers goes to its `afterCommit`. */
    async enqueue(deliveries: PlannedDelivery[], options: { countdown?: number } = {}): Promise<EnqueuedDeliveries | void> {
      const countdown = options.countdown ?? 0;
      if (typeof countdown !== 'number' || !Number.isFinite(countdown) || countdown < 0) {
        throw new errors.ValidationError(`"countdown" must be a number of seconds, 0 or more (got ${String(countdown)})`);
      }
      if (deliveries.length === 0) return;
      return currentBackend().enqueue(deliveries, { runAt: new Date(Date.now() + countdown * 1000) });
    },

    /** Cancels a notification's deliveries that are not sent yet. */
    cancel(notificationId: number): Promise<number> {
      return currentBackend().cancel(notificationId);
    },

    /** The running backend; `notify` asks it whether to enqueue inside its transaction. */
    backend: currentBackend,

    async start(): Promise<void> {
      const config = strapi.config.get('plugin::notifs') as PluginConfig;
      backend = createBackend(config.backend, { strapi, dispatch, queue: config.queue, bullmq: config.bullmq });
      await backend.start();
    },

    async stop(): Promise<void> {
      await backend?.stop();
      backend = undefined;
    },
  };
};

export type DeliveryService = ReturnType<typeof delivery>;
export default delivery;
