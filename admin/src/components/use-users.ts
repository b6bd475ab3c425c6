import * as React from 'react';
import { useNotifsApi } from '../api/client';
import type { UserChoice } from '../api/types';

/**
 * The users behind `ids` (a choice saved earlier, or read from the URL), for a picker to show by
 * name; an id that no longer matches a user shows as `#id`.
 */
export const useUsersByIds = (ids: number[]): UserChoice[] => {
  const api = useNotifsApi();
  const [known, setKnown] = React.useState<Record<number, UserChoice>>({});
  const key = ids.join(',');

  React.useEffect(() => {
    const missing = key ? key.split(',').map(Number).filter((id) => !known[id]) : [];
    if (!missing.length) return undefined;
    let current = true;
    Promise.all(
      missing.map((id) =>
        api
          .get<UserChoice[]>('/users', { id })
          .then(({ data }) => data[0] ?? { id, username: `#${id}`, email: '' })
          .catch(() => ({ id, username: `#${id}`, email: '' }))
      )
    ).then((users) => current && setKnown((previous) => ({ ...previous, ...Object.fromEntries(users.map((user) => [user.id, user])) })));
    return () => {
      current = false;
    };
    // `known` is left out on purpose: it only grows, from this effect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key]);

  return ids.map((id) => known[id] ?? { id, username: `#${id}`, email: '' });
};
