import type * as FirebaseApp from 'firebase-admin/app';
import type * as FirebaseMessaging from 'firebase-admin/messaging';

/** The parts of firebase-admin the `fcm` provider uses. */
export interface FirebaseAdmin {
  app: Pick<typeof FirebaseApp, 'initializeApp' | 'deleteApp'>;
  messaging: Pick<typeof FirebaseMessaging, 'getMessaging'>;
}

/** How a module is loaded: `require`, or a stand-in in tests. */
export type RequireFn = (id: string) => unknown;

/** The message apps see when firebase-admin is not installed: it names the package and the command. */
export const FIREBASE_ADMIN_MISSING =
  'The fcm provider needs the "firebase-admin" package, an optional peer dependency of strapi-plugin-notifs: run `npm install firebase-admin` in your Strapi app';

const isMissing = (error: unknown): boolean => {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  // The first line names the module not found; the require stack below may name firebase-admin's files
  // when one of its own dependencies is what is missing (a broken install, to be reported as is).
  return code === 'MODULE_NOT_FOUND' && typeof message === 'string' && /^Cannot find module 'firebase-admin(?:\/[^']*)?'/.test(message);
};

/**
 * Loads firebase-admin on first use, so apps without FCM need not install it. Throws an Error with
 * `FIREBASE_ADMIN_MISSING` when it is absent; any other failure while loading is rethrown as is.
 */
export const loadFirebaseAdmin = (requireFn: RequireFn = require): FirebaseAdmin => {
  try {
    return {
      app: requireFn('firebase-admin/app') as FirebaseAdmin['app'],
      messaging: requireFn('firebase-admin/messaging') as FirebaseAdmin['messaging'],
    };
  } catch (error) {
    if (isMissing(error)) throw new Error(FIREBASE_ADMIN_MISSING, { cause: error });
    throw error;
  }
};
