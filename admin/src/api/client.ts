import * as React from 'react';
import { useFetchClient } from '@strapi/strapi/admin';
import { PLUGIN_ID } from '../pluginId';
import type { Pagination } from './types';
import { errorMessage } from './error-message';

export { errorMessage };

/** The admin API's `{ data, meta }` answer. */
export interface ApiBody<T> {
  data: T;
  meta?: { pagination?: Pagination; [key: string]: unknown };
}

/** `get`/`post`/`put` on `/notifs/...` with the admin's token (Strapi's fetch client refreshes it). */
export const useNotifsApi = () => {
  const client = useFetchClient();
  return React.useMemo(
    () => ({
      get: async <T>(path: string, params?: Record<string, string | number | boolean | undefined>) =>
        (await client.get<ApiBody<T>>(`/${PLUGIN_ID}${path}`, { params })).data,
      post: async <T>(path: string, body: unknown = {}) => (await client.post<ApiBody<T>>(`/${PLUGIN_ID}${path}`, body)).data,
      put: async <T>(path: string, body: unknown = {}) => (await client.put<ApiBody<T>>(`/${PLUGIN_ID}${path}`, body)).data,
    }),
    [client]
  );
};

export interface QueryState<T> {
  body: ApiBody<T> | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/**
 * GETs `path` (with `params`) whenever either changes, and on `reload()`. `path` null: nothing yet.
 * An answer that comes back after a newer request started is dropped.
 */
export const useApiQuery = <T>(path: string | null, params?: Record<string, string | number | boolean | undefined>): QueryState<T> => {
  const api = useNotifsApi();
  const [state, setState] = React.useState<{ body: ApiBody<T> | null; error: string | null; loading: boolean }>({
    body: null,
    error: null,
    loading: path !== null,
  });
  const [version, setVersion] = React.useState(0);
  const key = JSON.stringify(params ?? {});

  React.useEffect(() => {
    if (path === null) return undefined;
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    api
      .get<T>(path, JSON.parse(key) as Record<string, string>)
      .then((body) => current && setState({ body, error: null, loading: false }))
      .catch((error: unknown) => current && setState({ body: null, error: errorMessage(error), loading: false }));
    return () => {
      current = false;
    };
  }, [api, path, key, version]);

  const reload = React.useCallback(() => setVersion((value) => value + 1), []);
  return { ...state, reload };
};
