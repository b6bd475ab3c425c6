/** The admin API over real HTTP: admins with roles, JWTs from POST /admin/login, a small JSON client. */
import type { Core } from '@strapi/strapi';

let counter = 0;

/** Starts the booted app's HTTP server on a free port; resolves with its base URL. */
export const listenOnFreePort = async (strapi: Core.Strapi): Promise<string> => {
  const server = strapi.server.httpServer;
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
};

interface AdminRoleService {
  getSuperAdmin(): Promise<{ id: number }>;
  create(attributes: { name: string; description: string }): Promise<{ id: number }>;
  assignPermissions(roleId: number, permissions: PermissionSpec[]): Promise<unknown>;
}

/** A role permission: an action on a subject (a content type uid), with its fields and conditions. */
export interface PermissionSpec {
  action: string;
  subject: string | null;
  properties?: { fields?: string[]; locales?: string[] };
  conditions?: string[];
}

/**
 * Creates an active admin user. `actions`: `'super'` for the Super Admin role, else a new role
 * holding exactly those permission actions (an empty list: a role without any of the plugin's).
 */
export const createAdmin = async (
  strapi: Core.Strapi,
  actions: 'super' | (string | PermissionSpec)[]
): Promise<{ id: number; email: string; password: string }> => {
  counter += 1;
  const roles = strapi.service('admin::role') as unknown as AdminRoleService;
  let roleId: number;
  if (actions === 'super') {
    roleId = (await roles.getSuperAdmin()).id;
  } else {
    roleId = (await roles.create({ name: `notifs-test-role-${counter}-${Date.now()}`, description: 'test' })).id;
    await roles.assignPermissions(roleId, actions.map((action) => (typeof action === 'string' ? { action, subject: null } : action)));
  }
  const email = `admin${counter}-${Date.now()}@example.test`;
  const password = 'Admin-Passw0rd!';
  const user = (await strapi.service('admin::user').create({
    firstname: `Admin${counter}`,
    lastname: 'Test',
    email,
    password,
    isActive: true,
    registrationToken: null,
    roles: [roleId],
  })) as { id: number };
  return { id: user.id, email, password };
};

/** Logs in through `POST /admin/login`; resolves with the access token (JWT). */
export const loginAdmin = async (base: string, email: string, password: string): Promise<string> => {
  const response = await fetch(`${base}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json()) as { data?: { token?: string } };
  if (!response.ok || !body.data?.token) throw new Error(`Admin login of ${email} failed with ${response.status}: ${JSON.stringify(body)}`);
  return body.data.token;
};

export interface ApiResponse<T = unknown> {
  status: number;
  body: { data: T; meta?: Record<string, unknown>; error?: { status: number; name: string; message: string; details?: unknown } };
}

/** A JSON client of the plugin's admin API (`/notifs/...`) with one admin's token (none: anonymous). */
export const adminClient = (base: string, token: string | null) => {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> => {
    const response = await fetch(`${base}/notifs${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {} };
  };
  return {
    get: <T = unknown>(path: string) => call<T>('GET', path),
    post: <T = unknown>(path: string, body: unknown = {}) => call<T>('POST', path, body),
    put: <T = unknown>(path: string, body: unknown = {}) => call<T>('PUT', path, body),
  };
};

export type AdminClient = ReturnType<typeof adminClient>;

/** A logged-in admin's client, for a role made of `actions` (or the Super Admin). */
export const adminWith = async (strapi: Core.Strapi, base: string, actions: 'super' | (string | PermissionSpec)[]): Promise<AdminClient> => {
  const admin = await createAdmin(strapi, actions);
  return adminClient(base, await loginAdmin(base, admin.email, admin.password));
};
