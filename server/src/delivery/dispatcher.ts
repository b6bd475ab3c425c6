import { errors } from '@strapi/utils';
import type { BulkOutcome, ChannelContext, DeliveryEvent, OutgoingDelivery, SendOptions, SendResult } from '../domain/types';
import { NOTIFS_EVENTS } from '../domain/types';
import { DeliveryError, InvalidProviderError } from '../domain/errors';
import type { BaseNotificationProvider } from '../providers/base-provider';
import type { Listeners } from './listeners';
import type { SendOutcome } from './outcome';
import { fallbackSkipReason, type FallbackCondition, type InboxState } from '../domain/fallback';

export interface DispatcherDeps {
  providers: { get(name: string): BaseNotificationProvider };
  listeners: Listeners;
  /** Strapi's event hub emit, for its subscribers (listeners of `notifs.*` are run by `listeners`). */
  emit: (event: string, data: DeliveryEvent) => Promise<void>;
  /** The deadline of one send (or one `sendBulk` call). */
  sendTimeoutMs: number;
  log: { error(message: string): void };
  /** The inbox state of these notifications, in one query (missing: deleted): what fallback channels' `unless` reads. */
  inboxStates: (notificationIds: number[]) => Promise<Map<number, InboxState>>;
  /** A digest delivery's payloads (one per target), built from its members now; empty when none is left. */
  digestPayloads: (delivery: OutgoingDelivery & { digestOf: { id: number; key: string } }) => Promise<unknown[]>;
}

const NO_VETO: { veto?: string } = {};

/** The `externalId` column is a 255-character string: a longer id would fail the row's write (PostgreSQL refuses it) and send again. */
const EXTERNAL_ID_MAX = 255;

/** A sent outcome, with the far side's id when the provider answered a non-empty string. */
const sent = (result: SendResult | void | undefined): SendOutcome =>
  typeof result?.externalId === 'string' && result.externalId
    ? { status: 'sent', externalId: result.externalId.slice(0, EXTERNAL_ID_MAX) }
    : { status: 'sent' };

/** Any error as the queue's `DeliveryError`: a payload or config that does not fit will not fit next time either. */
const asDeliveryError = (error: unknown, provider: string): DeliveryError => {
  if (error instanceof InvalidProviderError) {
    // A rolling deploy: this instance does not know the provider yet, the next one may.
    return new DeliveryError(`${error.message} (on this instance; retried, another instance or a later deploy may have it)`, { provider, retryable: true }, { cause: error });
  }
  if (error instanceof errors.ApplicationError && !(error instanceof DeliveryError)) {
    return new DeliveryError(error.message, { provider, retryable: false }, { cause: error });
  }
  return DeliveryError.from(error, provider);
};

/**
 * Sends deliveries through their provider for every backend alike: one `send`, or one `sendBulk`
 * for deliveries of one bulk group, under a deadline, with the `notifs.*` events around it.
 * Never throws: it answers one outcome per delivery. Listeners are isolated: a `pre_send` listener
 * may veto (the delivery is `skipped`), and one that throws changes nothing.
 */
export const createDispatcher = ({ providers, listeners, emit, sendTimeoutMs, log, inboxStates, digestPayloads }: DispatcherDeps) => {
  const announce = async (event: string, data: DeliveryEvent): Promise<string | undefined> => {
    const { veto } = listeners.has(event) ? await listeners.run(event, data) : NO_VETO;
    await emit(event, data).catch((error: Error) => log.error(`[notifs] an event hub subscriber of ${event} threw (the delivery is not affected): ${error?.message}`));
    return veto;
  };

  const failed = async (deliveries: OutgoingDelivery[], error: DeliveryError): Promise<SendOutcome[]> => {
    for (const delivery of deliveries) await announce(NOTIFS_EVENTS.failed, { delivery, error });
    return deliveries.map(() => ({ status: 'failed', error }));
  };

  /**
   * Runs `send` under the deadline and the stop signal; a provider that ignores its signal is left
   * behind (its send is failed as timed out). The AbortController is made only if the provider reads
   * `options.signal`: making one per send cost a tenth of the drain rate with providers that do not.
   */
  const withDeadline = async <T>(provider: string, stop: AbortSignal | undefined, send: (options: SendOptions) => Promise<T>): Promise<T> => {
    let controller: AbortController | undefined;
    let timer: NodeJS.Timeout | undefined;
    let onStop: (() => void) | undefined;
    const cut = new Promise<never>((_resolve, reject) => {
      const end = (reason: unknown, why: string) => {
        controller?.abort(reason);
        reject(new DeliveryError(`Provider "${provider}" did not finish: ${why}`, { provider, retryable: true }));
      };
      timer = setTimeout(() => end(new DOMException(`no answer within ${sendTimeoutMs} ms`, 'TimeoutError'), `no answer within ${sendTimeoutMs} ms (queue.sendTimeoutMs)`), sendTimeoutMs);
      onStop = () => end(stop?.reason, 'the app stopped while it was sending');
      if (stop?.aborted) onStop();
      else stop?.addEventListener('abort', onStop, { once: true });
    });
    const options: SendOptions = {
      get signal() {
        return (controller ??= new AbortController()).signal;
      },
    };
    try {
      return await Promise.race([send(options), cut]);
    } finally {
      clearTimeout(timer);
      if (onStop) stop?.removeEventListener('abort', onStop);
    }
  };

  const sendOne = async (provider: BaseNotificationProvider, delivery: OutgoingDelivery, stop?: AbortSignal): Promise<SendOutcome> => {
    const payload = provider.validate(delivery.payload, delivery.channel);
    const veto = await announce(NOTIFS_EVENTS.preSend, { delivery });
    if (veto) return { status: 'skipped', reason: veto };
    const context: ChannelContext = { ...delivery.context, deliveryId: delivery.deliveryId };
    const result = await withDeadline(delivery.provider, stop, (options) => provider.send(payload, context, options));
    await announce(NOTIFS_EVENTS.postSend, { delivery });
    return sent(result);
  };

  /**
   * A digest: its payload is built now, from every notification merged into it, then sent to each
   * target in turn (the events see the first payload). A failure retries the whole digest.
   */
  const sendDigest = async (
    provider: BaseNotificationProvider,
    delivery: OutgoingDelivery & { digestOf: { id: number; key: string } },
    stop?: AbortSignal
  ): Promise<SendOutcome> => {
    const payloads = await digestPayloads(delivery);
    if (!payloads.length) return { status: 'skipped', reason: `every notification of digest "${delivery.digestOf.key}" was deleted before it was due` };
    const built: OutgoingDelivery = { ...delivery, payload: payloads[0] };
    const veto = await announce(NOTIFS_EVENTS.preSend, { delivery: built });
    if (veto) return { status: 'skipped', reason: veto };
    const context: ChannelContext = { ...delivery.context, deliveryId: delivery.deliveryId };
    let first: SendOutcome | undefined;
    for (const payload of payloads) {
      const result = await withDeadline(delivery.provider, stop, (options) => provider.send(payload, context, options));
      first ??= sent(result);
    }
    await announce(NOTIFS_EVENTS.postSend, { delivery: built });
    return first as SendOutcome;
  };

  const sendGroup = async (provider: BaseNotificationProvider, group: OutgoingDelivery[], stop?: AbortSignal): Promise<SendOutcome[]> => {
    const outcomes: (SendOutcome | undefined)[] = group.map(() => undefined);
    const valid: { index: number; payload: unknown }[] = [];
    for (const [index, delivery] of group.entries()) {
      try {
        valid.push({ index, payload: provider.validate(delivery.payload, delivery.channel) });
      } catch (error) {
        outcomes[index] = (await failed([delivery], asDeliveryError(error, delivery.provider)))[0];
      }
    }
    const sending = valid.map(({ index }) => group[index]);
    if (sending.length) {
      const event = { delivery: sending[0], deliveries: sending };
      const veto = await announce(NOTIFS_EVENTS.preBulkSend, event);
      if (veto) {
        valid.forEach(({ index }) => (outcomes[index] = { status: 'skipped', reason: veto }));
      } else {
        const context: ChannelContext = { ...sending[0].context, deliveryId: sending[0].deliveryId, deliveryIds: sending.map((one) => one.deliveryId) };
        let results: (BulkOutcome[] | void) | undefined;
        try {
          results = await withDeadline(sending[0].provider, stop, (options) => provider.sendBulk(valid.map((one) => one.payload), context, options));
        } catch (error) {
          const failure = asDeliveryError(error, sending[0].provider);
          const answers = await failed(sending, failure);
          valid.forEach(({ index }, i) => (outcomes[index] = answers[i]));
        }
        if (results !== undefined || !valid.some(({ index }) => outcomes[index])) {
          for (const [i, { index }] of valid.entries()) {
            const result = results ? results[i] : { ok: true as const };
            outcomes[index] =
              result && !result.ok
                ? (await failed([group[index]], asDeliveryError(result.error, group[index].provider)))[0]
                : sent(result);
          }
          await announce(NOTIFS_EVENTS.postBulkSend, event);
        }
      }
    }
    return outcomes as SendOutcome[];
  };

  return {
    /**
     * Fallback channels, for a batch the worker has just claimed: why each delivery whose `unless`
     * now holds (its notification was read, or seen) is to be skipped instead of sent, or null. One
     * query for the whole batch, from the database (another instance may have marked it read), none
     * when no delivery of the batch has a condition.
     */
    async fallbackSkips(deliveries: { notificationId: number | null; unless?: FallbackCondition }[]): Promise<(string | null)[]> {
      const conditional = (delivery: (typeof deliveries)[number]): delivery is { notificationId: number; unless: FallbackCondition } =>
        Boolean(delivery.unless) && delivery.notificationId !== null;
      const ids = [...new Set(deliveries.filter(conditional).map((delivery) => delivery.notificationId))];
      if (!ids.length) return deliveries.map(() => null);
      const states = await inboxStates(ids);
      return deliveries.map((delivery) => (conditional(delivery) ? fallbackSkipReason(delivery.unless, states.get(delivery.notificationId)) : null));
    },

    /**
     * Sends `deliveries`: one, or several of one bulk group (same provider and group). `stop`
     * aborts the sends in flight when the app shuts down.
     */
    async send(deliveries: OutgoingDelivery[], stop?: AbortSignal): Promise<SendOutcome[]> {
      if (!deliveries.length) return [];
      let provider: BaseNotificationProvider;
      try {
        provider = providers.get(deliveries[0].provider);
      } catch (error) {
        return failed(deliveries, asDeliveryError(error, deliveries[0].provider));
      }
      if (deliveries.length > 1 || deliveries[0].bulk) {
        try {
          return await sendGroup(provider, deliveries, stop);
        } catch (error) {
          // Only a pre_bulk_send/post event path can land here; the sends are accounted for above.
          return failed(deliveries, asDeliveryError(error, deliveries[0].provider));
        }
      }
      const [delivery] = deliveries;
      try {
        if (delivery.digestOf) return [await sendDigest(provider, { ...delivery, digestOf: delivery.digestOf }, stop)];
        return [await sendOne(provider, delivery, stop)];
      } catch (error) {
        return failed([delivery], asDeliveryError(error, delivery.provider));
      }
    },
  };
};

export type Dispatcher = ReturnType<typeof createDispatcher>;
