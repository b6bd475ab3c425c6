import { Box, Button, Flex, Grid, Typography } from '@strapi/design-system';
import { ArrowLeft } from '@strapi/icons';
import { Layouts, Page, useRBAC } from '@strapi/strapi/admin';
import { Link, useParams } from 'react-router-dom';
import { useApiQuery, useNotifsApi } from '../api/client';
import type { AdminDelivery, AdminNotification, RecipientPreferences } from '../api/types';
import { DeliveriesTable } from '../components/DeliveriesTable';
import { PreferencesView } from '../components/PreferencesView';
import { ErrorState } from '../components/ErrorState';
import { useRunAction } from '../components/ActionResult';
import { PERMISSIONS } from '../permissions';
import { useFormatDate, useT, type TranslationKey } from '../utils';

/** One notification: its fields and each delivery (status, attempts, last error), with resend, cancel and retry. */
export const NotificationDetailPage = () => {
  const t = useT();
  const formatDate = useFormatDate();
  const { id } = useParams<{ id: string }>();
  const api = useNotifsApi();
  const run = useRunAction();
  const { allowedActions } = useRBAC(PERMISSIONS.notificationsSend);
  const query = useApiQuery<
    AdminNotification & { deliveries: AdminDelivery[]; recipientPreferences: RecipientPreferences | null; requiredCategories: string[] }
  >(`/notifications/${id}`);
  const notification = query.body?.data;

  const act = async (path: string, success: TranslationKey) => {
    if (await run(() => api.post(path), t(success))) query.reload();
  };
  const pending = notification?.deliveries.some((delivery) => delivery.status === 'queued' || delivery.status === 'failed');
  const fields: [TranslationKey, string][] = notification
    ? [
        [
          'notifications.recipient',
          notification.recipientUser
            ? `${notification.recipientUser.username ?? ''} <${notification.recipientUser.email ?? ''}> (#${notification.recipientUser.id})`
            : '—',
        ],
        ['notifications.category', notification.category ?? '—'],
        ['notifications.action', notification.action ?? '—'],
        ['notifications.source', notification.sourceDisplayName ?? '—'],
        ['notifications.url', notification.url ?? '—'],
        [
          'notifications.object',
          notification.obj ? `${notification.objDisplayName ?? notification.obj.uid} ${notification.obj.documentId}` : '—',
        ],
        ['notifications.channels', (notification.channelDisplayNames ?? notification.channels).join(', ') || '—'],
        ['notifications.state', t(notification.isRead ? 'notifications.read' : 'notifications.unread')],
        ['notifications.seenAt', notification.seenAt ? formatDate(notification.seenAt) : '—'],
        ['notifications.archivedAt', notification.archivedAt ? formatDate(notification.archivedAt) : '—'],
        ['notifications.created', formatDate(notification.createdAt)],
      ]
    : [];

  return (
    <Page.Main>
      <Page.Title>{t('notification.title', { id: id ?? '' })}</Page.Title>
      <Layouts.Header
        navigationAction={
          <Link to="../notifications">
            <Flex gap={1}>
              <ArrowLeft /> {t('notification.back')}
            </Flex>
          </Link>
        }
        title={t('notification.title', { id: id ?? '' })}
        subtitle={notification?.shortDescription ?? ''}
        primaryAction={
          allowedActions.canSend && notification ? (
            <Flex gap={2}>
              <Button variant="secondary" disabled={!pending} onClick={() => act(`/notifications/${id}/cancel`, 'notification.cancelled')}>
                {t('notification.cancel')}
              </Button>
              <Button onClick={() => act(`/notifications/${id}/resend`, 'notification.resent')}>{t('notification.resend')}</Button>
            </Flex>
          ) : undefined
        }
      />
      <Layouts.Content>
        {query.error && <ErrorState message={query.error} />}
        {notification && (
          <Flex direction="column" alignItems="stretch" gap={6}>
            <Box background="neutral0" padding={6} hasRadius shadow="tableShadow">
              <Grid.Root gap={4}>
                {fields.map(([label, value]) => (
                  <Grid.Item key={label} col={4} s={6} xs={12} direction="column" alignItems="flex-start">
                    <Typography variant="sigma" textColor="neutral600">
                      {t(label)}
                    </Typography>
                    <Typography>{value}</Typography>
                  </Grid.Item>
                ))}
              </Grid.Root>
            </Box>
            {notification.recipientPreferences && (
              <PreferencesView preferences={notification.recipientPreferences} required={notification.requiredCategories ?? []} />
            )}
            <Box>
              <Typography variant="delta" tag="h2">
                {t('notification.deliveries', { count: notification.deliveries.length })}
              </Typography>
              <Box paddingTop={4}>
                <DeliveriesTable
                  deliveries={notification.deliveries}
                  onRetry={allowedActions.canSend ? (delivery) => act(`/deliveries/${delivery.id}/retry`, 'deliveries.retried') : undefined}
                />
              </Box>
            </Box>
          </Flex>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};
