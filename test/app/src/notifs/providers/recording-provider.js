'use strict';
/**
 * A provider that records what it is given (like Rails noticed's test delivery method), loaded by
 * the plugin from the app's src/notifs/providers/ as any app's provider would be.
 *
 * Payload knobs, for the failure paths:
 * - `fail: 'retryable' | 'fatal'`: always throws a DeliveryError of that kind;
 * - `failTimes: n` (with `key`): the first n sends of that key throw a retryable error;
 * - `retryAfterMs`: carried by those errors, as a far side's Retry-After;
 * - `delayMs`: waits that long before "sending";
 * - `crash: true`: in a child process (NOTIFS_CHILD_TMP set), kills the process mid-send.
 * With NOTIFS_RECORD_FILE set, each send is also appended there as a JSON line (for child processes).
 */
const fs = require('fs');
const { z } = require('zod');
const { BaseNotificationProvider, DeliveryError } = require('strapi-plugin-notifs');

const attemptsByKey = new Map();

class RecordingProvider extends BaseNotificationProvider {
  static providerName = 'recording';

  /** Every call, in order: { method: 'send' | 'sendBulk', payloads, context }. */
  static calls = [];

  schema = z.looseObject({
    fail: z.enum(['retryable', 'fatal']).optional(),
    key: z.string().optional(),
    failTimes: z.number().int().min(0).optional(),
    retryAfterMs: z.number().int().min(0).optional(),
    delayMs: z.number().int().min(0).optional(),
    crash: z.boolean().optional(),
  });

  async send(payload, context) {
    await this.handle('send', [payload], context);
  }

  /** One outcome per payload, as a provider that can tell them apart answers: only the sent ones are recorded. */
  async sendBulk(payloads, context) {
    const outcomes = [];
    const sent = [];
    await this.wait(payloads);
    for (const payload of payloads) {
      try {
        failIfAsked(payload);
        outcomes.push({ ok: true });
        sent.push(payload);
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
    if (sent.length) this.record('sendBulk', sent, context);
    return outcomes;
  }

  async wait(payloads) {
    const delay = Math.max(0, ...payloads.map((p) => p.delayMs ?? 0));
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    if (payloads.some((p) => p.crash) && process.env.NOTIFS_CHILD_TMP) process.exit(70);
  }

  async handle(method, payloads, context) {
    await this.wait(payloads);
    payloads.forEach(failIfAsked);
    this.record(method, payloads, context);
  }

  record(method, payloads, context) {
    RecordingProvider.calls.push({ method, payloads, context });
    if (process.env.NOTIFS_RECORD_FILE) {
      fs.appendFileSync(process.env.NOTIFS_RECORD_FILE, `${JSON.stringify({ method, payloads, pid: process.pid })}\n`);
    }
  }
}

const failIfAsked = (payload) => {
  if (payload.fail) {
    throw new DeliveryError(`recording provider failed on purpose (${payload.fail})`, {
      provider: 'recording',
      retryable: payload.fail === 'retryable',
      status: payload.fail === 'retryable' ? 503 : 400,
      retryAfterMs: payload.retryAfterMs,
    });
  }
  if (payload.failTimes) {
    const attempt = (attemptsByKey.get(payload.key) ?? 0) + 1;
    attemptsByKey.set(payload.key, attempt);
    if (attempt <= payload.failTimes) {
      throw new DeliveryError(`recording provider failed attempt ${attempt} of key ${payload.key}`, {
        provider: 'recording',
        retryable: true,
        status: 503,
        retryAfterMs: payload.retryAfterMs,
      });
    }
  }
};

module.exports = { RecordingProvider };
