import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type {
  PushKind,
  PushRegistration,
  PushSubscription,
  PushSubscriptionStore,
  PushTarget,
  StoredPushSubscription,
} from '../domain/push-subscriptions';
import { PUSH_SUBSCRIPTION_UID } from '../utils/uids';
import { createDocumentId } from '../utils/document-id';
import type { EntityRef } from '../validation/ids';
import { tableOf } from './table';

/**
 * Subscriptions kept per user and kind: registering one more forgets the least recently registered.
 * Browsers make a new endpoint now and then and seldom say the old one is gone; without a bound, a
 * user's list (and every notification's fan-out) would only grow.
 */
export const MAX_PUSH_SUBSCRIPTIONS_PER_USER = 20;

/** Users per `IN (…)` list (under SQLite's bound-parameter limit). */
const ID_CHUNK = 900;

type Row = Record<string, unknown>;

const iso = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value as string | number);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

/** The unique key of an endpoint: endpoints run to hundreds of characters, longer than an index may be on MySQL. */
export const endpointHash = (endpoint: string): string => createHash('sha256').update(endpoint).digest('hex');

/** The push service a subscription sends through, as a destination key. */
const serviceOf = (kind: PushKind, endpoint: string): string => {
  if (kind !== 'web_push') return kind;
  try {
    return `web_push ${new URL(endpoint).origin}`;
  } catch {
    return kind;
  }
};

/**
 * `plugin::notifs.push-subscription`: browsers' web push subscriptions and devices' FCM tokens, one
 * row per (kind, endpoint or token). Every read and write that a user makes is scoped to that user.
 */
export const pushSubscriptionRepository = (strapi: Core.Strapi) => {
  let resolved: ReturnType<typeof tableOf> | undefined;
  const t = () => (resolved ??= tableOf(strapi, PUSH_SUBSCRIPTION_UID));
  const col = (field: string) => t().column(field);
  // `{ qb }`, not the builder: a builder is thenable, so an async function would run it.
  const builder = () => t().table();

  const FIELDS = [
    'id',
    'documentId',
    'user',
    'kind',
    'endpoint',
    'p256dh',
    'auth',
    'label',
    'userAgent',
    'expiresAt',
    'createdAt',
    'updatedAt',
  ];
  const selection = () => FIELDS.map((field) => `${col(field)} as ${field}`);

  const toStored = (row: Row): StoredPushSubscription => ({
    id: Number(row.id),
    documentId: String(row.documentId),
    userId: row.user === null || row.user === undefined ? null : Number(row.user),
    kind: row.kind as PushKind,
    endpoint: String(row.endpoint),
    p256dh: (row.p256dh as string | null) ?? null,
    auth: (row.auth as string | null) ?? null,
    label: (row.label as string | null) ?? null,
    userAgent: (row.userAgent as string | null) ?? null,
    expiresAt: iso(row.expiresAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  });

  /** What its owner is shown: no user id, no keys. */
  const toPublic = ({ userId, p256dh, auth, ...rest }: StoredPushSubscription): PushSubscription => {
    void userId;
    void p256dh;
    void auth;
    return rest;
  };

  const whereRef = (qb: Awaited<ReturnType<typeof builder>>['qb'], ref: EntityRef) =>
    'id' in ref ? qb.where(col('id'), ref.id) : qb.where(col('documentId'), ref.documentId);

  const findByEndpoint = async (kind: PushKind, endpoint: string): Promise<StoredPushSubscription | null> => {
    const row = (await (await builder()).qb
      .select(selection())
      .where(col('kind'), kind)
      .andWhere(col('endpointHash'), endpointHash(endpoint))
      .first()) as Row | undefined;
    return row ? toStored(row) : null;
  };

  /** Forgets the user's oldest subscriptions of `kind` beyond the bound. */
  const trim = async (userId: number, kind: PushKind): Promise<void> => {
    const rows = (await (
      await builder()
    ).qb
      .select(col('id'))
      .where(col('user'), userId)
      .andWhere(col('kind'), kind)
      .orderBy([
        { column: col('updatedAt'), order: 'desc' },
        { column: col('id'), order: 'desc' },
      ])) as Row[];
    const extra = rows.slice(MAX_PUSH_SUBSCRIPTIONS_PER_USER).map((row) => Number(row.id));
    if (extra.length) await (await builder()).qb.whereIn(col('id'), extra).delete();
  };

  return {
    /** The user's subscriptions, newest first; of one kind, or all. */
    async listForUser(userId: number, kind?: PushKind): Promise<PushSubscription[]> {
      const qb = (await builder()).qb.select(selection()).where(col('user'), userId);
      if (kind) qb.andWhere(col('kind'), kind);
      const rows = (await qb.orderBy([
        { column: col('createdAt'), order: 'desc' },
        { column: col('id'), order: 'desc' },
      ])) as Row[];
      return rows.map((row) => toPublic(toStored(row)));
    },

    /**
     * The subscriptions of `kind` of each user, as push channels are handed them (`context.pushSubscriptions`).
     * Subscriptions past their `expiresAt` are left out. One query per 900 users.
     */
    async targetsForUsers(userIds: number[], kind: PushKind): Promise<Map<number, PushTarget[]>> {
      const targets = new Map<number, PushTarget[]>();
      const ids = [...new Set(userIds)];
      const now = Date.now();
      for (let i = 0; i < ids.length; i += ID_CHUNK) {
        const rows = (await (
          await builder()
        ).qb
          .select(`${col('id')} as id`, `${col('user')} as user`, `${col('endpoint')} as endpoint`, `${col('expiresAt')} as expiresAt`)
          .whereIn(col('user'), ids.slice(i, i + ID_CHUNK))
          .andWhere(col('kind'), kind)
          .orderBy(col('id'), 'asc')) as Row[];
        for (const row of rows) {
          const expiresAt = iso(row.expiresAt);
          if (expiresAt && Date.parse(expiresAt) <= now) continue;
          const user = Number(row.user);
          const list = targets.get(user) ?? [];
          list.push({ id: Number(row.id), service: serviceOf(kind, String(row.endpoint)) });
          targets.set(user, list);
        }
      }
      return targets;
    },

    /** One subscription with its owner and keys (what a provider sends with), by numeric id. */
    async find(id: number): Promise<StoredPushSubscription | null> {
      const row = (await (await builder()).qb.select(selection()).where(col('id'), id).first()) as Row | undefined;
      return row ? toStored(row) : null;
    },

    /** One of the user's subscriptions; another user's answers null, as a missing one does. */
    async findForUser(userId: number, ref: EntityRef): Promise<PushSubscription | null> {
      const row = (await whereRef((await builder()).qb.select(selection()), ref)
        .andWhere(col('user'), userId)
        .first()) as Row | undefined;
      return row ? toPublic(toStored(row)) : null;
    },

    findByEndpoint,

    /**
     * Registers an endpoint (or token) for a user, in one statement that either inserts it or, when
     * the (kind, endpoint) is known, takes it over: a browser that subscribes again updates its row,
     * and a browser where another user logs in moves to that user (the push reaches whoever holds the
     * browser now). Resolves with the row, and whether it is new.
     */
    async register(input: PushRegistration): Promise<{ subscription: PushSubscription; created: boolean }> {
      const hash = endpointHash(input.endpoint);
      const existed = (await findByEndpoint(input.kind, input.endpoint)) !== null;
      const now = new Date();
      const changes = {
        [col('user')]: input.userId,
        [col('p256dh')]: input.p256dh ?? null,
        [col('auth')]: input.auth ?? null,
        [col('label')]: input.label ?? null,
        [col('userAgent')]: input.userAgent ?? null,
        [col('expiresAt')]: input.expiresAt ?? null,
        [col('updatedAt')]: now,
      };
      await (
        await builder()
      ).qb
        .insert({
          ...changes,
          [col('documentId')]: createDocumentId(),
          [col('kind')]: input.kind,
          [col('endpoint')]: input.endpoint,
          [col('endpointHash')]: hash,
          [col('createdAt')]: now,
        })
        .onConflict([col('kind'), col('endpointHash')])
        .merge(Object.keys(changes));
      await trim(input.userId, input.kind);
      const row = await findByEndpoint(input.kind, input.endpoint);
      if (!row) throw new Error(`[notifs] the ${input.kind} subscription just registered is gone`);
      return { subscription: toPublic(row), created: !existed };
    },

    /** Deletes one of the user's subscriptions; resolves with it, or null when the user has none by that id. */
    async removeForUser(userId: number, ref: EntityRef): Promise<PushSubscription | null> {
      const found = (await whereRef((await builder()).qb.select(selection()), ref)
        .andWhere(col('user'), userId)
        .first()) as Row | undefined;
      if (!found) return null;
      await (await builder()).qb.where(col('id'), Number(found.id)).andWhere(col('user'), userId).delete();
      return toPublic(toStored(found));
    },

    /** Deletes the row of an endpoint (or token) the push service said is gone; resolves with how many. */
    async removeByEndpoint(kind: PushKind, endpoint: string): Promise<number> {
      return Number(await (await builder()).qb.where(col('kind'), kind).andWhere(col('endpointHash'), endpointHash(endpoint)).delete());
    },

    /** Deletes one row by numeric id; resolves with whether there was one. */
    async remove(id: number): Promise<boolean> {
      return Number(await (await builder()).qb.where(col('id'), id).delete()) > 0;
    },
  };
};

export type PushSubscriptionRepository = ReturnType<typeof pushSubscriptionRepository>;

/** The repository is what providers are handed as their store (find and remove by id). */
export const asPushSubscriptionStore = (repository: PushSubscriptionRepository): PushSubscriptionStore => ({
  find: (id) => repository.find(id),
  remove: (id) => repository.remove(id),
});
