import { FIREBASE_ADMIN_MISSING, loadFirebaseAdmin } from './firebase-admin-loader';

const missing = (id: string, from = '/app/dist/server/index.js') =>
  Object.assign(new Error(`Cannot find module '${id}'\nRequire stack:\n- ${from}`), { code: 'MODULE_NOT_FOUND' });

describe('loadFirebaseAdmin', () => {
  test('loads firebase-admin/app and firebase-admin/messaging when installed', () => {
    const admin = loadFirebaseAdmin();
    expect(typeof admin.app.initializeApp).toBe('function');
    expect(typeof admin.app.deleteApp).toBe('function');
    expect(typeof admin.messaging.getMessaging).toBe('function');
  });

  test('without the package, the error names it and the command to install it, and keeps the cause', () => {
    const cause = missing('firebase-admin/app');
    let thrown: Error | undefined;
    try {
      loadFirebaseAdmin(() => {
        throw cause;
      });
    } catch (error) {
      thrown = error as Error;
    }
    expect(thrown?.message).toBe(FIREBASE_ADMIN_MISSING);
    expect(thrown?.message).toContain('npm install firebase-admin');
    expect(thrown?.cause).toBe(cause);
  });

  test('another module missing inside firebase-admin is not mistaken for an absent package', () => {
    // A broken install (a dependency of firebase-admin gone) is rethrown as Node said it, naming that module.
    const inner = missing('google-auth-library', '/app/node_modules/firebase-admin/lib/app/credential-internal.js');
    expect(() =>
      loadFirebaseAdmin(() => {
        throw inner;
      })
    ).toThrow(inner);
  });

  test('any other failure while loading is rethrown as is', () => {
    const broken = new SyntaxError('Unexpected token');
    expect(() =>
      loadFirebaseAdmin(() => {
        throw broken;
      })
    ).toThrow(broken);
  });
});
