import type { Core } from '@strapi/strapi';
import type { PluginConfig } from '../config/schema';
import { setChannelSender } from '../channels/base-channel';
import { createChannelRegistry } from '../registries/channel-registry';
import { createProviderRegistry } from '../registries/provider-registry';
import { createListeners } from '../delivery/listeners';
import { createPlanner } from '../delivery/planner';
import { createDispatcher } from '../delivery/dispatcher';
import { notificationRepository } from '../repositories/notifications';
import { deliveryRepository } from '../repositories/deliveries';
import { idempotencyKeyRepository } from '../repositories/idempotency-keys';
import { asPushSubscriptionStore, pushSubscriptionRepository } from '../repositories/push-subscriptions';
import { createDbClock } from '../repositories/db-clock';
import { createBackend, type DeliveryBackend } from '../backends';
import { createOutbox } from '../outbox';
import { createWritePath } from '../repositories/write-path';
import { cancelDeliveriesOnDelete } from '../outbox/cancel-on-delete';
import { createNotifyService } from '../services/notify';
import { createReadService } from '../services/read';
import { createQueueService } from '../services/queue';
import { createComposeService } from '../services/compose';
import { createTriggersService } from '../services/triggers';
import { createStreamService, type StreamService } from '../services/stream';
import { createPushSubscriptionsService } from '../services/push-subscriptions';
import { preferenceRepository } from '../repositories/preferences';
import { createPreferencesService } from '../services/preferences';
import { createPreferenceScreen } from '../services/preferences/screen';
import { preferenceSettings } from '../services/preferences/settings';
import { createDigestBuilder } from '../services/digests/build';
import { digestRepository } from '../repositories/digests';
import { throttleCounts } from '../repositories/throttle-counts';

/**
 * The composition root: every part of the plugin made once per Strapi instance, each handed what it
 * needs. Nothing below this file looks a service up by name, so the layers import only downwards.
 */
const createRoot = (strapi: Core.Strapi) => {
  const config = () => strapi.config.get('plugin::notifs') as PluginConfig;
  const listeners = createListeners(strapi.log);
  const channels = createChannelRegistry();
  let stream: StreamService | undefined;
  const pushSubscriptions = pushSubscriptionRepository(strapi);
  const providers = createProviderRegistry({
    strapi,
    // The `sse` provider publishes to the stream service, made below.
    realtime: { publish: (message) => (stream as StreamService).publish(message) },
    pushSubscriptions: asPushSubscriptionStore(pushSubscriptions),
  });
  const planner = createPlanner(providers);
  const clock = createDbClock(strapi);
  const notifications = notificationRepository(strapi, () => clock.now());
  const deliveries = deliveryRepository(strapi);
  const keys = idempotencyKeyRepository(strapi);
  const buildDigest = createDigestBuilder({ digests: digestRepository(strapi), notifications, channels, providers });
  const dispatcher = createDispatcher({
    providers,
    listeners,
    emit: (event, data) => strapi.eventHub.emit(event, data),
    get sendTimeoutMs() {
      return config().queue.sendTimeoutMs;
    },
    log: strapi.log,
    // Fallback channels: whether their notifications were read or seen, read when they are claimed.
    inboxStates: (ids) => notifications.inboxStates(ids),
    digestPayloads: (delivery) => buildDigest(delivery),
  });

  let backend: DeliveryBackend | undefined;
  const currentBackend = (): DeliveryBackend => {
    if (!backend) throw new Error('[notifs] the delivery backend is not started: notify() can be called once Strapi has bootstrapped');
    return backend;
  };
  const preferenceRows = preferenceRepository(strapi);
  const screen = createPreferenceScreen({ repository: preferenceRows, settings: preferenceSettings(strapi), providers, channels });
  const outbox = createOutbox({ strapi, backend: currentBackend, clock, writePath: createWritePath(strapi), screen });

  const backendName = () => currentBackend().name;
  const notify = createNotifyService({
    strapi,
    channels,
    planner,
    outbox,
    notifications,
    deliveries,
    keys,
    pushTargets: pushSubscriptions,
    backendName,
    throttleCounts: throttleCounts(strapi, () => clock.now()),
  });
  // Inbox changes (seen, archived…) are announced on the recipient's streams, made below.
  const read = createReadService({ notifications, announce: (message) => void (stream as StreamService).announce(message) });
  stream = createStreamService({ strapi, read });
  const services = {
    notify,
    read,
    channels,
    providers,
    queue: createQueueService({ backend: currentBackend, outbox, deliveryIdOf: (ref) => deliveries.idOf(ref) }),
    triggers: createTriggersService({ strapi, notify }),
    stream,
    compose: createComposeService({ strapi, notify, channels, backendName }),
    pushSubscriptions: createPushSubscriptionsService({ repository: pushSubscriptions }),
    preferences: createPreferencesService({ strapi, repository: preferenceRows, channels }),
  };
  let unsubscribe: (() => void) | undefined;

  return {
    services,
    /** What the plugin's own edges (admin controllers, the worker entry point) need beyond the public services. */
    internals: { outbox, planner, backend: currentBackend, deliveries },

    /** In the plugin's register(): `notifs.*` listeners are kept by the plugin from now on. */
    register(): void {
      listeners.install(strapi.eventHub);
    },

    /** In bootstrap: the backend starts, and channels' `notify()` goes through the outbox. */
    async start(): Promise<void> {
      const { backend: name, queue, bullmq } = config();
      backend = createBackend(name, { strapi, dispatcher, repository: deliveries, clock, queue, bullmq });
      await backend.start();
      setChannelSender(async (channel, options) => (await outbox.submit({ countdown: options.countdown, plan: () => planner.plan(channel) })).planned);
      unsubscribe = cancelDeliveriesOnDelete(strapi, (ids) => outbox.cancel(ids));
    },

    /** In destroy: stops taking work and waits for the sends in flight. */
    async stop(): Promise<void> {
      setChannelSender(undefined);
      unsubscribe?.();
      await backend?.stop();
      backend = undefined;
      listeners.uninstall();
    },
  };
};

export type PluginRoot = ReturnType<typeof createRoot>;

const roots = new WeakMap<Core.Strapi, PluginRoot>();

/** The root of this Strapi instance, made on first use. */
export const rootOf = (strapi: Core.Strapi): PluginRoot => {
  let root = roots.get(strapi);
  if (!root) {
    root = createRoot(strapi);
    roots.set(strapi, root);
  }
  return root;
};
