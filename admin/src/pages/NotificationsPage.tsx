import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  DatePicker,
  Field,
  Flex,
  Grid,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { Link, useSearchParams } from 'react-router-dom';
import { useApiQuery } from '../api/client';
import type { AdminNotification } from '../api/types';
import { Pager } from '../components/Pager';
import { ErrorState } from '../components/ErrorState';
import { UserPicker } from '../components/UserPicker';
import { useUsersByIds } from '../components/use-users';
import { useFormatDate, useT, type TranslationKey } from '../utils';

/** `YYYY-MM-DD` (the URL's form of a day) ↔ a Date at the start of that day, in the admin's time zone. */
const toDay = (date: Date | undefined): string =>
  date ? `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}` : '';
const fromDay = (day: string | undefined): Date | undefined => {
  const match = day ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(day) : null;
  return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : undefined;
};
/** The filter's range covers whole days: from the first day's start to the last day's end. */
const dayBound = (day: string | undefined, end: boolean): string | undefined => {
  const date = fromDay(day);
  if (!date) return undefined;
  if (end) date.setHours(23, 59, 59, 999);
  return date.toISOString();
};

const FILTERS = ['recipient', 'category', 'channel', 'isRead', 'from', 'to'] as const;
type FilterName = (typeof FILTERS)[number];

/** Every recipient's notifications, newest first, filtered from the URL (so a filtered view can be shared). */
export const NotificationsPage = () => {
  const t = useT();
  const formatDate = useFormatDate();
  const [search, setSearch] = useSearchParams();
  const params = Object.fromEntries([...search.entries()].filter(([key, value]) => value && ([...FILTERS, 'page'] as string[]).includes(key)));
  const query = useApiQuery<AdminNotification[]>('/notifications', {
    ...params,
    from: dayBound(params.from, false),
    to: dayBound(params.to, true),
    pageSize: 20,
  });
  const [draft, setDraft] = React.useState<Record<FilterName, string>>(() =>
    Object.fromEntries(FILTERS.map((name) => [name, search.get(name) ?? ''])) as Record<FilterName, string>
  );

  const apply = (event: React.FormEvent) => {
    event.preventDefault();
    setSearch(Object.fromEntries(Object.entries(draft).filter(([, value]) => value)));
  };
  const recipient = useUsersByIds(draft.recipient ? [Number(draft.recipient)] : []);
  // The registered channels, by the names people read (the list's meta carries them).
  const channels = (query.body?.meta?.channels as { name: string; displayName: string }[] | undefined) ?? [];
  const field = (name: 'category', label: TranslationKey) => (
    <Grid.Item col={4} s={4} xs={12} direction="column" alignItems="stretch">
      <Field.Root name={name}>
        <Field.Label>{t(label)}</Field.Label>
        <TextInput value={draft[name]} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, [name]: e.target.value })} />
      </Field.Root>
    </Grid.Item>
  );
  // Strapi's own date picker (as the content manager's), not the browser's native input.
  const day = (name: 'from' | 'to', label: TranslationKey) => (
    <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
      <Field.Root name={name}>
        <Field.Label>{t(label)}</Field.Label>
        <DatePicker
          value={fromDay(draft[name])}
          onChange={(date: Date | undefined) => setDraft((current) => ({ ...current, [name]: toDay(date) }))}
          onClear={() => setDraft((current) => ({ ...current, [name]: '' }))}
          clearLabel={t('notifications.filter.clearDate')}
        />
      </Field.Root>
    </Grid.Item>
  );

  return (
    <Page.Main>
      <Page.Title>{t('notifications.title')}</Page.Title>
      <Layouts.Header title={t('notifications.title')} subtitle={t('notifications.subtitle')} />
      <Layouts.Content>
        <Box background="neutral0" padding={4} hasRadius shadow="filterShadow" marginBottom={4}>
          <form onSubmit={apply} aria-label={t('notifications.filters')}>
            <Grid.Root gap={4}>
              <Grid.Item col={6} s={12} xs={12} direction="column" alignItems="stretch">
                <UserPicker
                  name="recipient"
                  label={t('notifications.filter.recipient')}
                  max={1}
                  emptyText={t('notifications.filter.anyone')}
                  value={recipient}
                  onChange={(users) => setDraft({ ...draft, recipient: users[0] ? String(users[0].id) : '' })}
                />
              </Grid.Item>
              {day('from', 'notifications.filter.from')}
              {day('to', 'notifications.filter.to')}
              {field('category', 'notifications.filter.category')}
              <Grid.Item col={4} s={4} xs={12} direction="column" alignItems="stretch">
                <Field.Root name="channel">
                  <Field.Label>{t('notifications.filter.channel')}</Field.Label>
                  <SingleSelect value={draft.channel} onChange={(value: string | number) => setDraft({ ...draft, channel: String(value) })}>
                    <SingleSelectOption value="">{t('notifications.filter.any')}</SingleSelectOption>
                    {/* Once the list is in, a channel of the URL that is no longer registered stays choosable (it still filters). */}
                    {[...channels, ...(query.body && draft.channel && !channels.some((c) => c.name === draft.channel) ? [{ name: draft.channel, displayName: draft.channel }] : [])].map(
                      (channel) => (
                        <SingleSelectOption key={channel.name} value={channel.name}>
                          {channel.displayName}
                        </SingleSelectOption>
                      )
                    )}
                  </SingleSelect>
                </Field.Root>
              </Grid.Item>
              <Grid.Item col={4} s={4} xs={12} direction="column" alignItems="stretch">
                <Field.Root name="isRead">
                  <Field.Label>{t('notifications.filter.isRead')}</Field.Label>
                  <SingleSelect value={draft.isRead} onChange={(value: string | number) => setDraft({ ...draft, isRead: String(value) })}>
                    <SingleSelectOption value="">{t('notifications.filter.any')}</SingleSelectOption>
                    <SingleSelectOption value="false">{t('notifications.unread')}</SingleSelectOption>
                    <SingleSelectOption value="true">{t('notifications.read')}</SingleSelectOption>
                  </SingleSelect>
                </Field.Root>
              </Grid.Item>
            </Grid.Root>
            <Flex gap={2} paddingTop={4}>
              <Button type="submit">{t('notifications.filter.apply')}</Button>
              <Button
                variant="tertiary"
                onClick={() => {
                  setDraft(Object.fromEntries(FILTERS.map((name) => [name, ''])) as Record<FilterName, string>);
                  setSearch({});
                }}
              >
                {t('notifications.filter.clear')}
              </Button>
            </Flex>
          </form>
        </Box>
        {query.error ? (
          <ErrorState message={query.error} />
        ) : query.body && query.body.data.length === 0 ? (
          <Box background="neutral0" padding={8} hasRadius>
            <Typography textColor="neutral600">{t('notifications.empty')}</Typography>
          </Box>
        ) : (
          <Table colCount={6} rowCount={(query.body?.data.length ?? 0) + 1}>
            <Thead>
              <Tr>
                {(['notifications.id', 'notifications.recipient', 'notifications.category', 'notifications.description', 'notifications.state', 'notifications.created'] as const).map(
                  (key) => (
                    <Th key={key}>
                      <Typography variant="sigma">{t(key)}</Typography>
                    </Th>
                  )
                )}
              </Tr>
            </Thead>
            <Tbody>
              {(query.body?.data ?? []).map((item) => (
                <Tr key={item.id} data-testid="notification-row">
                  <Td>
                    <Link to={String(item.id)}>#{item.id}</Link>
                  </Td>
                  <Td>
                    <Typography>{item.recipientUser?.username ?? item.recipientUser?.email ?? '—'}</Typography>
                  </Td>
                  <Td>
                    <Typography>{item.category ?? '—'}</Typography>
                  </Td>
                  <Td>
                    <Typography ellipsis>{item.shortDescription ?? ''}</Typography>
                  </Td>
                  <Td>
                    <Flex gap={1}>
                      <Badge variant={item.isRead ? 'neutral' : 'primary'}>{t(item.isRead ? 'notifications.read' : 'notifications.unread')}</Badge>
                      {!item.isRead && item.seenAt && <Badge variant="secondary">{t('notifications.seen')}</Badge>}
                      {item.archivedAt && <Badge variant="alternative">{t('notifications.archived')}</Badge>}
                    </Flex>
                  </Td>
                  <Td>
                    <Typography variant="pi">{formatDate(item.createdAt)}</Typography>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
        <Pager
          pagination={query.body?.meta?.pagination}
          onPage={(page) => setSearch({ ...Object.fromEntries(search.entries()), page: String(page) })}
        />
      </Layouts.Content>
    </Page.Main>
  );
};
