'use strict';
/**
 * A provider that records what it is given (like Rails noticed's test delivery method), loaded by
 * the plugin from the app's src/notifs/providers/ as any app's provider would be.
 * It fails on demand: a payload with `fail: 'retryable' | 'fatal'` throws a DeliveryError.
 */
const { z } = require('zod');
const { BaseNotificationProvider, DeliveryError } = require('strapi-plugin-notifs');

class RecordingProvider extends BaseNotificationProvider {
  static providerName = 'recording';

  /** Every call, in order: { method: 'send' | 'sendBulk', payloads, context }. */
  static calls = [];

  schema = z.looseObject({ fail: z.enum(['retryable', 'fatal']).optional() });

  async send(payload, context) {
    RecordingProvider.calls.push({ method: 'send', payloads: [payload], context });
    failIfAsked(payload);
  }

  async sendBulk(payloads, context) {
    RecordingProvider.calls.push({ method: 'sendBulk', payloads, context });
    payloads.forEach(failIfAsked);
  }
}

const failIfAsked = (payload) => {
  if (payload.fail) {
    throw new DeliveryError(`recording provider failed on purpose (${payload.fail})`, {
      provider: 'recording',
      retryable: payload.fail === 'retryable',
      status: payload.fail === 'retryable' ? 503 : 400,
    });
  }
};

module.exports = { RecordingProvider };
