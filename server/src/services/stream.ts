import crypto from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { createInProcessBus, realtimeMessageSchema, type RealtimeBus, type RealtimeMessage } from '../realtime/bus';
import { formatComment, formatEvent } from '../realtime/sse-format';
import type { ReadService } from './read';
import type { PluginConfig } from '../config/schema';
import { watchUnreadCounts } from '../realtime/unread-count-watcher';
import { createTicketIssuer, type IssuedTicket, type TicketIssuer } from '../realtime/ticket';
import { planReplay } from '../realtime/replay';
import { streamReplayRepository } from '../repositories/stream-replay';

/** Unread bytes a stream may hold for a slow client before it is dropped. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

interface OpenStream {
  userId: number;
  body: PassThrough;
  heartbeat: NodeJS.Timeout;
  /** Last counts written (`count:unseen`), so unchanged counts are not sent again. */
  lastCount?: string;
  /**
   * The `id:` of every event: the highest notification id this stream has sent (or, for a fresh
   * stream, the newest the user had when it opened). A reconnect with it is replayed what came after.
   */
  cursor: number;
  /** Messages that arrive while the stream is being replayed, sent after the replay to keep order. */
  held?: RealtimeMessage[];
  /** Ids the replay sent, so the same notification delivered live a moment later is not sent twice. */
  replayed: Set<number>;
  /** What this stream's caller may see of a notification (the content API's output sanitizer, with its auth). */
  shape: ShapeNotification;
  /** Writes waiting behind a notification being shaped: a stream's events keep their order. */
  pending?: Promise<void>;
}

/** What an `unread-count` event says: unread and unseen, archived notifications left out of both. */
export interface Counts {
  count: number;
  unseen: number;
}

/** Turns a notification into what the stream's caller may see of it. */
export type ShapeNotification = (notification: unknown) => Promise<unknown>;

/** The notification id of a `notification` message, if it has one (a silent notification has none). */
const notificationId = (message: RealtimeMessage): number | undefined => {
  if (message.event !== 'notification' || !message.data || typeof message.data !== 'object') return undefined;
  const id = (message.data as { id?: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined;
};

/**
 * The open `GET /api/notifs/stream` connections of this instance, by user id, and the bus that
 * feeds them. Whoever publishes (the `sse` provider, the unread-count watcher) goes through the
 * bus, so another bus (Redis pub/sub) can fan messages out to every instance.
 */
export const createStreamService = ({ strapi, read }: { strapi: Core.Strapi; read: ReadService }) => {
  const byUser = new Map<number, Set<OpenStream>>();
  const pendingCounts = new Set<number>();
  let countTimer: NodeJS.Timeout | undefined;
  let bus: RealtimeBus = createInProcessBus();
  let tickets: TicketIssuer | undefined;
  let stopWatching: (() => void) | undefined;
  const replays = streamReplayRepository(strapi);

  const config = () => strapi.config.get('plugin::notifs.readApi') as PluginConfig['readApi'];

  const write = (open: OpenStream, chunk: string) => {
    if (open.body.writableEnded) return;
    // A client that stops reading would make the buffer grow without end: drop it; EventSource reconnects.
    if (open.body.writableLength > MAX_BUFFERED_BYTES) {
      strapi.log.warn(`[notifs] dropped a stream of user ${open.userId}: its client stopped reading`);
      remove(open);
      return;
    }
    open.body.write(chunk);
  };

  /**
   * Writes in the order asked, though a notification event must first be shaped (asynchronously):
   * while one is being shaped, later writes wait behind it. `chunk` is made only when its turn comes.
   */
  const writeInOrder = (open: OpenStream, chunk: string | (() => Promise<string>)) => {
    if (typeof chunk === 'string' && !open.pending) {
      write(open, chunk);
      return;
    }
    const next = (open.pending ?? Promise.resolve())
      .then(() => (typeof chunk === 'string' ? chunk : chunk()))
      .then(
        (text) => write(open, text),
        (error: Error) => {
          strapi.log.warn(`[notifs] dropped a stream of user ${open.userId}: an event could not be prepared (${error.message})`);
          remove(open);
        }
      );
    open.pending = next;
    void next.then(() => {
      if (open.pending === next) open.pending = undefined;
    });
  };

  const writeNotification = (open: OpenStream, notification: unknown, id: string) =>
    writeInOrder(open, async () => formatEvent('notification', await open.shape(notification), id));

  const sendCount = (open: OpenStream, counts: Counts) => {
    // While replaying, the counts wait: the replay ends with fresh ones.
    const key = `${counts.count}:${counts.unseen}`;
    if (open.held || open.lastCount === key) return;
    open.lastCount = key;
    writeInOrder(open, formatEvent('unread-count', counts, String(open.cursor)));
  };

  const countsOf = async (recipient: number): Promise<Counts> => {
    const [count, unseen] = await Promise.all([read.unreadCount({ recipient }), read.unseenCount({ recipient })]);
    return { count, unseen };
  };

  // Many changes in a row (read-all, a fan-out) become one count query per user.
  const flushCounts = async () => {
    countTimer = undefined;
    const users = [...pendingCounts];
    pendingCounts.clear();
    await Promise.all(
      users.map(async (userId) => {
        const streams = byUser.get(userId);
        if (!streams?.size) return;
        try {
          const counts = await countsOf(userId);
          streams.forEach((open) => sendCount(open, counts));
        } catch (error) {
          strapi.log.warn(`[notifs] could not count unread notifications of user ${userId} for its stream: ${(error as Error).message}`);
        }
      })
    );
  };

  const deliver = (message: RealtimeMessage) => {
    const streams = byUser.get(message.recipient);
    if (!streams?.size) return;
    if (message.event === 'unread-count' && message.data === undefined) {
      pendingCounts.add(message.recipient);
      countTimer ??= setTimeout(() => void flushCounts(), 5);
      return;
    }
    streams.forEach((open) => deliverTo(open, message));
  };

  const deliverTo = (open: OpenStream, message: RealtimeMessage) => {
    if (open.held) {
      open.held.push(message);
      return;
    }
    const id = notificationId(message);
    if (id !== undefined) {
      if (open.replayed.has(id)) return;
      // Deliveries may finish out of id order: the cursor never moves back.
      open.cursor = Math.max(open.cursor, id);
    }
    if (message.event === 'notification') writeNotification(open, message.data, String(open.cursor));
    else writeInOrder(open, formatEvent(message.event, message.data, String(open.cursor)));
  };

  /** Sends what the stream missed since `since` (or a `resync`), then what arrived meanwhile. */
  const replay = async (open: OpenStream, since: number | undefined) => {
    const settings = config();
    if (since === undefined) {
      open.cursor = await replays.latestId(open.userId);
    } else {
      const plan = await planReplay(replays, open.userId, since, {
        limit: settings.replayLimit,
        maxAgeMs: settings.replayMaxAgeMs,
      });
      open.cursor = plan.cursor;
      if (plan.kind === 'resync') {
        const message =
          plan.reason === 'too-many'
            ? `More than ${settings.replayLimit} notifications since event ${since}: fetch the list again`
            : `Missed notifications older than readApi.replayMaxAgeMs (${settings.replayMaxAgeMs} ms): fetch the list again`;
        writeInOrder(open, formatEvent('resync', { reason: plan.reason, since, message }, String(open.cursor)));
      } else {
        for (const notification of plan.notifications) {
          open.replayed.add(notification.id);
          writeNotification(open, notification, String(notification.id));
        }
      }
    }
    const held = open.held ?? [];
    open.held = undefined;
    held.forEach((message) => deliverTo(open, message));
  };

  let unsubscribe = bus.subscribe(deliver);

  const remove = (open: OpenStream) => {
    clearInterval(open.heartbeat);
    const streams = byUser.get(open.userId);
    streams?.delete(open);
    if (streams && streams.size === 0) byUser.delete(open.userId);
    if (!open.body.writableEnded) open.body.end();
  };

  return {
    /** Starts watching notification writes, so open streams hear about every unread-count change, whoever made it. */
    start(): void {
      stopWatching ??= watchUnreadCounts(strapi, (recipients) => this.countChanged(recipients));
    },

    /**
     * Turns the request into a `text/event-stream` for `userId`: first what it missed since the
     * event id `since` (when it reconnects), then its unread count, then events as they happen.
     * `shape` is what the caller may see of a notification (the controller passes the content API's
     * output sanitizer with the caller's auth).
     */
    async open(ctx: Context, userId: number, since: number | undefined, shape: ShapeNotification): Promise<void> {
      const body = new PassThrough();
      const heartbeat = setInterval(() => writeInOrder(open, formatComment('heartbeat')), config().heartbeatMs);
      heartbeat.unref();
      // Registered (and holding messages) before the replay reads, so nothing falls between the two.
      const open: OpenStream = {
        userId,
        body,
        heartbeat,
        cursor: since ?? 0,
        held: [],
        replayed: new Set(),
        shape,
      };
      const streams = byUser.get(userId) ?? new Set<OpenStream>();
      // Tabs left open (or a client that reconnects without closing) must not pile up streams.
      while (streams.size >= config().maxStreamsPerUser) remove(streams.values().next().value as OpenStream);
      streams.add(open);
      byUser.set(userId, streams);

      ctx.req.socket.setTimeout(0);
      ctx.req.socket.setNoDelay(true);
      ctx.req.socket.setKeepAlive(true);
      // The response's 'close' fires when the client goes away (the request's may fire earlier).
      ctx.res.on('close', () => remove(open));
      ctx.set({
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
        // Tells nginx not to buffer the stream.
        'X-Accel-Buffering': 'no',
      });
      ctx.status = 200;
      ctx.body = body;
      writeInOrder(open, `retry: ${config().reconnectMs}\n${formatComment('connected')}`);
      try {
        await replay(open, since);
      } catch (error) {
        open.held = undefined;
        remove(open);
        throw error;
      }
      sendCount(open, await countsOf(userId));
    },

    /** The ticket issuer; its key derives from users-permissions' `jwtSecret`, so every instance shares it. */
    tickets(): TicketIssuer {
      if (!tickets) {
        const jwtSecret = strapi.config.get('plugin::users-permissions.jwtSecret') as string | undefined;
        // Without a jwtSecret there is no JWT either; a random key keeps tickets working in this instance.
        const secret = `notifs-stream-ticket:${jwtSecret ?? crypto.randomBytes(32).toString('hex')}`;
        tickets = createTicketIssuer(secret, config().ticketTtlMs);
      }
      return tickets;
    },

    /** A single-use ticket for `GET /stream?ticket=…`. */
    issueTicket(userId: number): IssuedTicket {
      return this.tickets().issue(userId);
    },

    /** Sends `message` to the recipient's open streams, on every instance the bus reaches. */
    async publish(message: RealtimeMessage): Promise<void> {
      await bus.publish(realtimeMessageSchema.parse(message));
    },

    /**
     * Sends `message` once the write that caused it is committed (at once outside a transaction); a
     * failure to publish is logged, never thrown at the caller whose change is already made.
     */
    async announce(message: RealtimeMessage): Promise<void> {
      const send = () =>
        void this.publish(message).catch((error: Error) =>
          strapi.log.warn(`[notifs] could not publish a "${message.event}" event to user ${message.recipient}: ${error.message}`)
        );
      if (strapi.db.inTransaction()) await strapi.db.transaction(async ({ onCommit }) => onCommit(send));
      else send();
    },

    /** Tells the users' streams that their unread count may have changed (each instance counts its own). */
    async countChanged(recipients: Iterable<number>): Promise<void> {
      for (const recipient of new Set(recipients)) {
        await bus.publish({ recipient, event: 'unread-count' });
      }
    },

    /** Open streams in this instance (all users, or one). */
    size(userId?: number): number {
      if (userId !== undefined) return byUser.get(userId)?.size ?? 0;
      let total = 0;
      byUser.forEach((streams) => (total += streams.size));
      return total;
    },

    /** Replaces the bus (for a fan-out between instances); the old one is closed. */
    async useBus(next: RealtimeBus): Promise<void> {
      unsubscribe();
      await bus.close();
      bus = next;
      unsubscribe = bus.subscribe(deliver);
    },

    /** Ends every open stream and stops watching (at shutdown); the bus is closed and a fresh one put in place. */
    async closeAll(): Promise<void> {
      stopWatching?.();
      stopWatching = undefined;
      if (countTimer) clearTimeout(countTimer);
      countTimer = undefined;
      byUser.forEach((streams) => [...streams].forEach(remove));
      unsubscribe();
      await bus.close();
      bus = createInProcessBus();
      unsubscribe = bus.subscribe(deliver);
    },
  };
};

export type StreamService = ReturnType<typeof createStreamService>;
