import * as React from 'react';
import { Box, Button, Checkbox, Field, Flex, Grid, Radio, SingleSelect, SingleSelectOption, Textarea, TextInput, Typography } from '@strapi/design-system';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useApiQuery, useNotifsApi } from '../api/client';
import type { ChannelChoice, ComposeJob, RoleChoice, UserChoice } from '../api/types';
import { ComposeProgress } from '../components/ComposeProgress';
import { ErrorState } from '../components/ErrorState';
import { UserPicker } from '../components/UserPicker';
import { useRunAction } from '../components/ActionResult';
import { useT } from '../utils';

/** One message to chosen users or to every user of a role, sent in the background with a progress bar. */
export const ComposePage = () => {
  const t = useT();
  const api = useNotifsApi();
  const run = useRunAction();
  const { toggleNotification } = useNotification();
  // Only channels whose providers are configured: the others could only fail.
  const options = useApiQuery<{ roles: RoleChoice[]; channels: ChannelChoice[] }>('/compose/options');
  const [target, setTarget] = React.useState<'users' | 'role'>('users');
  const [users, setUsers] = React.useState<UserChoice[]>([]);
  const [role, setRole] = React.useState('');
  const [channels, setChannels] = React.useState<string[]>([]);
  const [message, setMessage] = React.useState({ shortDescription: '', url: '', category: '' });
  /** Digest: empty key, no digest. The window is kept as typed; the server checks it. */
  const [digest, setDigest] = React.useState({ key: '', window: '3600' });
  const [job, setJob] = React.useState<ComposeJob | null>(null);

  const send = async (event: React.FormEvent) => {
    event.preventDefault();
    const body = {
      ...(target === 'users' ? { users: users.map((user) => user.id) } : { role }),
      channels,
      shortDescription: message.shortDescription,
      ...(message.url ? { url: message.url } : {}),
      ...(message.category ? { category: message.category } : {}),
      ...(digest.key ? { digest: { key: digest.key, window: Number(digest.window) } } : {}),
    };
    const started: { job?: ComposeJob } = {};
    await run(
      async () => {
        started.job = (await api.post<ComposeJob>('/compose', body)).data;
      },
      () => t('compose.started', { total: started.job?.total ?? 0 })
    );
    if (started.job) onJob(started.job);
  };

  // The page owns the job: when it ends, Send is enabled again and the toast says how it ended.
  const onJob = React.useCallback(
    (next: ComposeJob) => {
      setJob(next);
      if (next.status === 'done') {
        toggleNotification({ type: 'success', message: t('compose.outcome.done', { done: next.done, total: next.total }) });
      } else if (next.status === 'failed') {
        toggleNotification({ type: 'danger', message: t('compose.outcome.failed', { done: next.done, total: next.total, error: next.error ?? '' }) });
      }
    },
    [toggleNotification, t]
  );

  const choices = options.body?.data.channels ?? [];
  return (
    <Page.Main>
      <Page.Title>{t('compose.title')}</Page.Title>
      <Layouts.Header title={t('compose.title')} subtitle={t('compose.subtitle')} />
      <Layouts.Content>
        {options.error && <ErrorState message={options.error} />}
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Box background="neutral0" padding={6} hasRadius shadow="tableShadow">
            <form onSubmit={send} aria-label={t('compose.title')}>
              <Flex direction="column" alignItems="stretch" gap={4}>
                <Radio.Group value={target} onValueChange={(next: string) => setTarget(next === 'role' ? 'role' : 'users')} aria-label={t('compose.target')}>
                  <Radio.Item value="users">{t('compose.target.users')}</Radio.Item>
                  <Radio.Item value="role">{t('compose.target.role')}</Radio.Item>
                </Radio.Group>
                {target === 'users' ? (
                  <UserPicker label={t('compose.users.search')} value={users} onChange={setUsers} />
                ) : (
                  <Field.Root name="role">
                    <Field.Label>{t('compose.role')}</Field.Label>
                    <SingleSelect value={role} onChange={(value: string | number) => setRole(String(value))} placeholder={t('compose.role.pick')}>
                      {(options.body?.data.roles ?? []).map((choice) => (
                        <SingleSelectOption key={choice.type} value={choice.type}>
                          {t('compose.role.option', { name: choice.name, count: choice.users })}
                        </SingleSelectOption>
                      ))}
                    </SingleSelect>
                  </Field.Root>
                )}
                <Box>
                  <Typography variant="pi" fontWeight="bold">
                    {t('triggers.channels')}
                  </Typography>
                  <Flex gap={4} wrap="wrap" paddingTop={2}>
                    {choices.map((channel) => (
                      <Checkbox
                        key={channel.name}
                        name={`channel-${channel.name}`}
                        checked={channels.includes(channel.name)}
                        onCheckedChange={(on: boolean | 'indeterminate') =>
                          setChannels(on === true ? [...channels, channel.name] : channels.filter((c) => c !== channel.name))
                        }
                      >
                        {channel.displayName}
                      </Checkbox>
                    ))}
                    {options.body && choices.length === 0 && <Typography textColor="warning600">{t('compose.noChannel')}</Typography>}
                  </Flex>
                </Box>
                <Field.Root name="shortDescription">
                  <Field.Label>{t('compose.message')}</Field.Label>
                  <Textarea value={message.shortDescription} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setMessage({ ...message, shortDescription: e.target.value })} />
                </Field.Root>
                <Grid.Root gap={4}>
                  {(['url', 'category'] as const).map((name) => (
                    <Grid.Item key={name} col={6} xs={12} direction="column" alignItems="stretch">
                      <Field.Root name={name}>
                        <Field.Label>{t(name === 'url' ? 'notifications.url' : 'notifications.category')}</Field.Label>
                        <TextInput value={message[name]} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setMessage({ ...message, [name]: e.target.value })} />
                      </Field.Root>
                    </Grid.Item>
                  ))}
                </Grid.Root>
                <Grid.Root gap={4}>
                  <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                    <Field.Root name="digestKey" hint={t('compose.digest.hint')}>
                      <Field.Label>{t('compose.digest.key')}</Field.Label>
                      <TextInput value={digest.key} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDigest({ ...digest, key: e.target.value })} />
                      <Field.Hint />
                    </Field.Root>
                  </Grid.Item>
                  <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
                    <Field.Root name="digestWindow">
                      <Field.Label>{t('compose.digest.window')}</Field.Label>
                      <TextInput type="number" disabled={!digest.key} value={digest.window} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDigest({ ...digest, window: e.target.value })} />
                    </Field.Root>
                  </Grid.Item>
                </Grid.Root>
                <Flex>
                  <Button type="submit" disabled={job?.status === 'running'}>
                    {t('compose.send')}
                  </Button>
                </Flex>
              </Flex>
            </form>
          </Box>
          {job && <ComposeProgress key={job.id} job={job} onChange={onJob} />}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};
