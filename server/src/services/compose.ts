import { randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { ROLE_UID, USER_UID } from '../utils/uids';
import { findMissingUsers } from './notify/references';
import { throwValidationError, type NotifyInput } from '../domain/notify-input';
import type { NotifyService } from './notify';
import type { ChannelsService } from '../registries/channel-registry';
import type { BackendName } from '../backends';
import { checkDigest } from './notify/digest-plan';
import { checkFallbacks, resolveChannels } from './notify/fallback-channels';

/** Recipients per `notifyMany` call: each chunk is one transaction and one progress step. */
export const COMPOSE_CHUNK = 500;
/** Finished jobs are forgotten after this long. */
const KEEP_FINISHED_MS = 60 * 60 * 1000;

/** A fan-out started from the admin's Compose page, polled for progress. */
export interface ComposeJob {
  id: string;
  status: 'running' | 'done' | 'failed';
  /** Recipients notified so far, and in all. */
  done: number;
  total: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface ComposeRequest {
  users?: number[];
  role?: string;
  input: Omit<NotifyInput, 'recipient'>;
}

/**
 * `compose`: sends one message to chosen users or to every user of a role, as chunked
 * `notifyMany` calls in the background, and keeps each job's progress in memory (of the instance
 * that runs it: the admin polls the instance that answered, which is this one behind a sticky or
 * single-instance setup). Everything checkable is checked before the job starts.
 */
export const createComposeService = ({
  strapi,
  notify,
  channels,
  backendName,
}: {
  strapi: Core.Strapi;
  notify: NotifyService;
  channels: ChannelsService;
  backendName: () => BackendName;
}) => {
  const jobs = new Map<string, ComposeJob>();
  const running = new Set<Promise<void>>();

  const prune = () => {
    const before = Date.now() - KEEP_FINISHED_MS;
    for (const [id, job] of jobs) if (job.finishedAt && Date.parse(job.finishedAt) < before) jobs.delete(id);
  };

  const recipientsOf = async ({ users, role }: ComposeRequest): Promise<number[]> => {
    if (users?.length) {
      const unique = [...new Set(users)];
      const missing = await findMissingUsers(strapi, unique);
      if (missing.size) throwValidationError('compose input', [{ path: ['users'], message: `no users-permissions user has id ${[...missing].join(', ')}` }]);
      return unique;
    }
    const found = (await strapi.db.query(ROLE_UID).findOne({ where: { type: role }, select: ['id'] })) as { id: number } | null;
    if (!found) throwValidationError('compose input', [{ path: ['role'], message: `no users-permissions role has type "${role}"` }]);
    const rows = (await strapi.db.query(USER_UID).findMany({ where: { role: { id: found!.id } }, select: ['id'], orderBy: { id: 'asc' } })) as { id: number }[];
    return rows.map((row) => row.id);
  };

  const run = async (job: ComposeJob, recipients: number[], input: ComposeRequest['input']): Promise<void> => {
    try {
      for (let i = 0; i < recipients.length; i += COMPOSE_CHUNK) {
        const chunk = recipients.slice(i, i + COMPOSE_CHUNK);
        await notify.notifyMany(chunk, input);
        job.done += chunk.length;
      }
      job.status = 'done';
    } catch (error) {
      job.status = 'failed';
      job.error = error instanceof Error ? error.message : String(error);
      strapi.log.warn(`[notifs] compose job ${job.id} stopped after ${job.done} of ${job.total} recipients: ${job.error}`);
    } finally {
      job.finishedAt = new Date().toISOString();
    }
  };

  return {
    /** Checks the request, starts the job and resolves with it at once (0 recipients: done already). */
    async start(request: ComposeRequest): Promise<ComposeJob> {
      prune();
      // Unknown channels, and fallbacks or digests the backend cannot keep, are refused before anything starts.
      const { plans } = resolveChannels(channels, request.input.channels);
      const setting = () => ({ backend: backendName(), silent: request.input.silent ?? false, hasRecipient: true });
      checkFallbacks(plans, setting, 'compose input');
      checkDigest(request.input.digest, setting, 'compose input');
      const recipients = await recipientsOf(request);
      const now = new Date().toISOString();
      const job: ComposeJob = { id: randomUUID(), status: 'running', done: 0, total: recipients.length, error: null, startedAt: now, finishedAt: null };
      jobs.set(job.id, job);
      if (!recipients.length) {
        Object.assign(job, { status: 'done', finishedAt: now });
        return { ...job };
      }
      const task = run(job, recipients, request.input);
      running.add(task);
      void task.finally(() => running.delete(task));
      return { ...job };
    },

    /** A job's progress, or `NotFoundError`. */
    get(id: string): ComposeJob {
      const job = jobs.get(id);
      if (!job) throw new errors.NotFoundError(`No compose job has id "${id}" on this instance (finished jobs are kept one hour)`);
      return { ...job };
    },

    /** Resolves once every running job is finished: for tests and shutdown. */
    async settled(): Promise<void> {
      while (running.size) await Promise.allSettled([...running]);
    },
  };
};

export type ComposeService = ReturnType<typeof createComposeService>;
