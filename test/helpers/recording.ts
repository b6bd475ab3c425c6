/** What the test app's recording provider (test/app/src/notifs/providers/recording-provider.js) was given. */
export interface RecordedCall {
  method: 'send' | 'sendBulk';
  payloads: Record<string, unknown>[];
  context: Record<string, unknown>;
}

// The test app's provider, as the plugin loaded it (the Jest registry gives the same module).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { RecordingProvider } = require('../app/src/notifs/providers/recording-provider.js') as {
  RecordingProvider: { calls: RecordedCall[] };
};

export const recorded = (): RecordedCall[] => RecordingProvider.calls;

export const clearRecorded = (): void => {
  RecordingProvider.calls.length = 0;
};
