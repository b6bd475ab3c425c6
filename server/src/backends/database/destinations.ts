/** A send slower than this marks its destination as slow (and one in flight that long, too). */
export const SLOW_SEND_MS = 1_000;

/**
 * Sends in flight per destination, and how many each may have. A destination gets `cap` slots
 * (`queue.destinationConcurrency`) until it has shown itself fast: once its last send ended within
 * a second and none of its sends has been in flight for a second, it may use every free slot. So a
 * single fast destination (one SMTP server) still gets the whole `concurrency`, and a receiver that
 * hangs, or was never heard from, holds `cap` slots at most while other destinations wait.
 */
export const createDestinations = ({ cap, concurrency, now = Date.now }: { cap: number; concurrency: number; now?: () => number }) => {
  const inFlight = new Map<symbol, { destination: string; startedAt: number }>();
  const fast = new Set<string>();

  const busy = (destination: string): number => {
    let count = 0;
    for (const send of inFlight.values()) if (send.destination === destination) count += 1;
    return count;
  };

  const limit = (destination: string): number => {
    if (!fast.has(destination)) return cap;
    const since = now() - SLOW_SEND_MS;
    for (const send of inFlight.values()) if (send.destination === destination && send.startedAt < since) return cap;
    return Math.max(cap, concurrency);
  };

  return {
    /** Records a send starting; answers the token that ends it. */
    start(destination: string): symbol {
      const token = Symbol(destination);
      inFlight.set(token, { destination, startedAt: now() });
      return token;
    },

    end(token: symbol): void {
      const send = inFlight.get(token);
      if (!send) return;
      inFlight.delete(token);
      if (now() - send.startedAt < SLOW_SEND_MS) fast.add(send.destination);
      else fast.delete(send.destination);
    },

    /** Whether one more send to `destination` may start now. */
    hasRoom: (destination: string): boolean => busy(destination) < limit(destination),

    /**
     * Destinations held to `cap` that have that many sends held already (in flight, plus `waiting`
     * claimed): not worth claiming more of for now. A fast destination is never left out: its
     * claimed sends go quickly.
     */
    saturated(waiting: string[]): string[] {
      const held = new Map<string, number>();
      for (const send of inFlight.values()) held.set(send.destination, (held.get(send.destination) ?? 0) + 1);
      waiting.forEach((destination) => held.set(destination, (held.get(destination) ?? 0) + 1));
      return [...held].filter(([destination, count]) => limit(destination) === cap && count >= cap).map(([destination]) => destination);
    },
  };
};
