import type { Core } from '@strapi/strapi';

type Listener = (...args: unknown[]) => unknown;
type EventHub = Core.Strapi['eventHub'];

const OURS = /^notifs\./;

/** What running the listeners of one event found. */
export interface ListenerResult {
  /** Set when a listener returned `false`: why the send is vetoed. */
  veto?: string;
}

/**
 * The listeners of the `notifs.*` events, kept by the plugin rather than by Strapi's event hub,
 * because the hub throws a listener's error at the emitter and drops what listeners return. Here,
 * as in Laravel's notification events: a `notifs.pre_send` listener may veto a send by returning
 * `false`, and a listener that throws is logged and changes no delivery's result.
 *
 * Apps keep writing `strapi.eventHub.on('notifs.post_send', fn)`: `install` routes the hub's
 * `on`/`off` for `notifs.*` names here; other names are left to the hub.
 */
export const createListeners = (log: { error(message: string): void }) => {
  const byEvent = new Map<string, Listener[]>();
  let restore: (() => void) | undefined;

  const add = (event: string, listener: Listener) => {
    byEvent.set(event, [...(byEvent.get(event) ?? []), listener]);
    return () => remove(event, listener);
  };
  const remove = (event: string, listener: Listener) => {
    byEvent.set(event, (byEvent.get(event) ?? []).filter((one) => one !== listener));
  };

  const nameOf = (listener: Listener): string => (listener.name ? ` "${listener.name}"` : '');

  return {
    /** Takes over `eventHub.on`, `addListener`, `off` and `removeListener` for `notifs.*` events. */
    install(eventHub: EventHub): void {
      const hub = eventHub as unknown as Record<'on' | 'addListener' | 'off' | 'removeListener', (event: string, listener: Listener) => unknown>;
      const original = { on: hub.on, addListener: hub.addListener, off: hub.off, removeListener: hub.removeListener };
      hub.on = (event, listener) => (OURS.test(event) ? add(event, listener) : original.on.call(eventHub, event, listener));
      hub.addListener = hub.on;
      hub.off = (event, listener) => (OURS.test(event) ? remove(event, listener) : original.off.call(eventHub, event, listener));
      hub.removeListener = hub.off;
      restore = () => Object.assign(hub, original);
    },

    uninstall(): void {
      restore?.();
      restore = undefined;
      byEvent.clear();
    },

    /** Whether `event` has listeners (the dispatcher skips the call when it has none: it runs twice per send). */
    has(event: string): boolean {
      return (byEvent.get(event)?.length ?? 0) > 0;
    },

    /**
     * Runs every listener of `event` in order, each isolated: a throw is logged, and the first
     * listener that returns `false` vetoes (the others still run: they may be counting sends).
     */
    async run(event: string, data: unknown): Promise<ListenerResult> {
      let veto: string | undefined;
      for (const listener of byEvent.get(event) ?? []) {
        try {
          const answer = await listener(data);
          if (answer === false && veto === undefined) veto = `vetoed by a ${event} listener${nameOf(listener)}`;
        } catch (error) {
          log.error(`[notifs] a ${event} listener${nameOf(listener)} threw (the delivery is not affected): ${(error as Error)?.message ?? String(error)}`);
        }
      }
      return veto === undefined ? {} : { veto };
    },
  };
};

export type Listeners = ReturnType<typeof createListeners>;
