/** At most one line per message this often: a Redis that is down errors on every reconnect. */
const QUIET_MS = 30_000;

/**
 * An error logger for Redis clients' `error` events (BullMQ's, the real-time bus's) that names what
 * failed and the setting to check, and repeats the same message only every 30 s.
 */
export const throttledLog = (log: { error(message: string): void }, where: string, setting = 'bullmq.connection') => {
  const lastLogged = new Map<string, number>();
  return (error: Error): void => {
    const now = Date.now();
    if (now - (lastLogged.get(error.message) ?? 0) < QUIET_MS) return;
    lastLogged.set(error.message, now);
    log.error(`[notifs] ${where}: ${error.message} (is Redis running? set notifs config ${setting})`);
  };
};
