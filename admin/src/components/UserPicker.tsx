import * as React from 'react';
import { Box, Button, Field, Flex, Tag, TextInput, Typography } from '@strapi/design-system';
import { Cross } from '@strapi/icons';
import { useApiQuery } from '../api/client';
import type { UserChoice } from '../api/types';
import { useT } from '../utils';

interface UserPickerProps {
  /** The search field's label. */
  label: string;
  hint?: string;
  value: UserChoice[];
  onChange: (users: UserChoice[]) => void;
  /** 1: picking a user replaces the one picked before. */
  max?: number;
  name?: string;
  /** What an empty choice means here ("Anyone" in a filter, "No user chosen yet." in a list). */
  emptyText?: string;
}

/** "ann (ann@example.com)": people are told apart by name, and by email when names repeat. */
export const userLabel = (user: Pick<UserChoice, 'username' | 'email'>): string =>
  user.email && user.email !== user.username ? `${user.username} (${user.email})` : user.username;

/** Search users-permissions users by name or email and pick some; the picked ones show as removable tags. */
export const UserPicker = ({ label, hint, value, onChange, max, name = 'userSearch', emptyText }: UserPickerProps) => {
  const t = useT();
  const [q, setQ] = React.useState('');
  // Results only once something is typed: a list of the first users helps nobody find one.
  const found = useApiQuery<UserChoice[]>(q.trim() ? '/users' : null, { q: q.trim() });
  const picked = new Set(value.map((user) => user.id));
  const pick = (user: UserChoice) => {
    onChange(max === 1 ? [user] : [...value, user]);
    setQ('');
  };
  const results = q.trim() ? (found.body?.data ?? []).filter((user) => !picked.has(user.id)).slice(0, 8) : [];
  return (
    <Box>
      <Field.Root name={name} hint={hint}>
        <Field.Label>{label}</Field.Label>
        <TextInput
          type="search"
          placeholder={t('users.search.placeholder')}
          value={q}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => setQ(e.target.value)}
        />
        <Field.Hint />
      </Field.Root>
      <Flex gap={2} wrap="wrap" paddingTop={2} data-testid={`${name}-results`}>
        {results.map((user) => (
          <Button key={user.id} size="S" variant="tertiary" onClick={() => pick(user)}>
            {`+ ${userLabel(user)}`}
          </Button>
        ))}
        {q.trim() && found.body && results.length === 0 && (
          <Typography variant="pi" textColor="neutral600">
            {t('users.search.none')}
          </Typography>
        )}
      </Flex>
      <Flex gap={2} wrap="wrap" paddingTop={2}>
        {value.length === 0 && (
          <Typography variant="pi" textColor="neutral600">
            {emptyText ?? t('compose.users.none')}
          </Typography>
        )}
        {value.map((user) => (
          <Tag
            key={user.id}
            icon={<Cross aria-hidden />}
            label={t('users.remove', { name: userLabel(user) })}
            onClick={() => onChange(value.filter((other) => other.id !== user.id))}
          >
            {userLabel(user)}
          </Tag>
        ))}
      </Flex>
    </Box>
  );
};
