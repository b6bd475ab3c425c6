import type { AddressInfo } from 'node:net';
import type { Core } from '@strapi/strapi';

/** Starts the booted app's HTTP server on a free loopback port; resolves with its base URL. */
export const listen = async (strapi: Core.Strapi): Promise<string> => {
  const server = strapi.server.httpServer;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** One JSON request; `token` becomes `Authorization: Bearer`. */
export const request = async <T = any>(
  baseUrl: string,
  path: string,
  options: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {}
): Promise<ApiResponse<T>> => {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: body as T, headers: response.headers };
};

/**
 * A real users-permissions JWT for the user, issued by its jwt service (what `POST /api/auth/local`
 * answers; createUser stores the password unhashed, so that route cannot log these users in).
 */
export const tokenFor = async (strapi: Core.Strapi, userId: number): Promise<string> =>
  (await strapi.plugin('users-permissions').service('jwt').issue({ id: userId })) as string;

/** A GraphQL operation; resolves with the whole `{ data, errors }` answer and the status. */
export const graphql = <T = any>(baseUrl: string, query: string, variables: Record<string, unknown> = {}, token?: string) =>
  request<{ data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }>(baseUrl, '/graphql', {
    method: 'POST',
    token,
    body: { query, variables },
  });
