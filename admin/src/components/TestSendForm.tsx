import * as React from 'react';
import { Box, Button, Field, Flex, Grid, SingleSelect, SingleSelectOption, TextInput, Typography } from '@strapi/design-system';
import { Link } from 'react-router-dom';
import { useNotifsApi } from '../api/client';
import type { ChannelChoice, UserChoice } from '../api/types';
import { useRunAction } from './ActionResult';
import { UserPicker } from './UserPicker';
import { useT } from '../utils';

/** Sends a real notification through one channel to an address and/or a user, then links to it. */
export const TestSendForm = ({ channels }: { channels: ChannelChoice[] }) => {
  const t = useT();
  const api = useNotifsApi();
  const run = useRunAction();
  const [channel, setChannel] = React.useState(channels[0]?.name ?? '');
  const [to, setTo] = React.useState('');
  const [recipient, setRecipient] = React.useState<UserChoice[]>([]);
  const [message, setMessage] = React.useState('');
  const [sentId, setSentId] = React.useState<number | null>(null);
  const [sending, setSending] = React.useState(false);

  const send = async (event: React.FormEvent) => {
    event.preventDefault();
    setSending(true);
    await run(async () => {
      const body = {
        channel,
        ...(to ? { to } : {}),
        ...(recipient[0] ? { recipient: recipient[0].id } : {}),
        ...(message ? { message } : {}),
      };
      const { data } = await api.post<{ notificationId: number | null }>('/test-send', body);
      setSentId(data.notificationId);
    }, t('channels.test.sent'));
    setSending(false);
  };

  const input = (name: string, label: string, value: string, set: (value: string) => void, hint?: string, type = 'text') => (
    <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
      <Field.Root name={name} hint={hint}>
        <Field.Label>{label}</Field.Label>
        <TextInput type={type} value={value} onChange={(e: React.ChangeEvent<HTMLInputElement>) => set(e.target.value)} />
        <Field.Hint />
      </Field.Root>
    </Grid.Item>
  );

  return (
    <Box background="neutral0" padding={6} hasRadius shadow="tableShadow">
      <form onSubmit={send} aria-label={t('channels.test.title')}>
        <Typography variant="delta" tag="h2">
          {t('channels.test.title')}
        </Typography>
        <Grid.Root gap={4} paddingTop={4}>
          <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
            <Field.Root name="channel">
              <Field.Label>{t('channels.test.channel')}</Field.Label>
              <SingleSelect value={channel} onChange={(value: string | number) => setChannel(String(value))}>
                {channels.map(({ name, displayName }) => (
                  <SingleSelectOption key={name} value={name}>
                    {displayName}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
          </Grid.Item>
          {input('to', t('channels.test.to'), to, setTo, t('channels.test.toHint'))}
          {input('message', t('channels.test.message'), message, setMessage)}
          <Grid.Item col={6} s={12} xs={12} direction="column" alignItems="stretch">
            <UserPicker
              name="recipient"
              label={t('channels.test.recipient')}
              hint={t('channels.test.recipientHint')}
              max={1}
              emptyText={t('channels.test.noRecipient')}
              value={recipient}
              onChange={setRecipient}
            />
          </Grid.Item>
        </Grid.Root>
        <Flex gap={4} paddingTop={4}>
          <Button type="submit" loading={sending} disabled={!channel}>
            {t('channels.test.send')}
          </Button>
          {sentId !== null && <Link to={`../notifications/${sentId}`}>{t('channels.test.follow', { id: sentId })}</Link>}
        </Flex>
      </form>
    </Box>
  );
};
