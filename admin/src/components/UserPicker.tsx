import * as React from 'react';
import { Box, Button, Field, Flex, Tag, TextInput, Typography } from '@strapi/design-system';
import { Cross } from '@strapi/icons';
import { useApiQuery } from '../api/client';
import type { UserChoice } from '../api/types';
import { useT } from '../utils';

/** Search users-permissions users by name or email and pick some; the picked ones show as removable tags. */
export const UserPicker = ({ value, onChange }: { value: UserChoice[]; onChange: (users: UserChoice[]) => void }) => {
  const t = useT();
  const [q, setQ] = React.useState('');
  const found = useApiQuery<UserChoice[]>('/users', { q });
  const picked = new Set(value.map((user) => user.id));
  return (
    <Box>
      <Field.Root name="userSearch">
        <Field.Label>{t('compose.users.search')}</Field.Label>
        <TextInput value={q} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setQ(e.target.value)} />
      </Field.Root>
      <Flex gap={2} wrap="wrap" paddingTop={2}>
        {(found.body?.data ?? [])
          .filter((user) => !picked.has(user.id))
          .slice(0, 8)
          .map((user) => (
            <Button key={user.id} size="S" variant="tertiary" onClick={() => onChange([...value, user])}>
              {`+ ${user.username}`}
            </Button>
          ))}
      </Flex>
      <Flex gap={2} wrap="wrap" paddingTop={3}>
        {value.length === 0 && <Typography textColor="neutral600">{t('compose.users.none')}</Typography>}
        {value.map((user) => (
          <Tag key={user.id} icon={<Cross aria-hidden />} onClick={() => onChange(value.filter((other) => other.id !== user.id))}>
            {user.username}
          </Tag>
        ))}
      </Flex>
    </Box>
  );
};
