import * as React from 'react';
import { Box, Flex, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { useSearchParams } from 'react-router-dom';
import { Layouts, Page, useRBAC } from '@strapi/strapi/admin';
import { useApiQuery, useNotifsApi } from '../api/client';
import type { AdminDelivery, DeliveryStats, SeriesPoint } from '../api/types';
import { DeliveriesTable } from '../components/DeliveriesTable';
import { DeliveryChart } from '../components/DeliveryChart';
import { DigestView } from '../components/DigestView';
import { ErrorState } from '../components/ErrorState';
import { StatusCounts } from '../components/StatusCounts';
import { Pager } from '../components/Pager';
import { useRunAction } from '../components/ActionResult';
import { PERMISSIONS } from '../permissions';
import { useT } from '../utils';

/** Delivery health: counts per status, sent/failed over time, and the failed and dead deliveries with retry (or one digest's). */
export const DeliveriesPage = () => {
  const t = useT();
  const api = useNotifsApi();
  const run = useRunAction();
  const { allowedActions } = useRBAC(PERMISSIONS.notificationsSend);
  const [interval, setInterval] = React.useState<'hour' | 'day'>('hour');
  const [status, setStatus] = React.useState('failed,dead');
  const [page, setPage] = React.useState(1);
  /** `?mergedInto=<id>`: that digest and its members instead of a status (a link from any delivery of the digest). */
  const [search, setSearch] = useSearchParams();
  const digestId = search.get('mergedInto');
  const stats = useApiQuery<DeliveryStats>('/deliveries/stats');
  const series = useApiQuery<SeriesPoint[]>('/deliveries/series', { interval });
  const list = useApiQuery<AdminDelivery[]>(digestId === null ? '/deliveries' : null, { status, page, pageSize: 20 });

  const retry = async (delivery: AdminDelivery): Promise<boolean> => {
    const done = await run(() => api.post(`/deliveries/${delivery.id}/retry`), t('deliveries.retried'));
    if (done) {
      list.reload();
      stats.reload();
    }
    return done;
  };

  return (
    <Page.Main>
      <Page.Title>{t('deliveries.title')}</Page.Title>
      <Layouts.Header title={t('deliveries.title')} subtitle={t('deliveries.subtitle', { backend: stats.body?.data.backend ?? '…' })} />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          {stats.error && <ErrorState message={stats.error} />}
          {stats.body?.data.counts ? (
            <StatusCounts counts={stats.body.data.counts} />
          ) : (
            stats.body && <Typography textColor="neutral600">{t('deliveries.noQueue')}</Typography>
          )}

          <Box background="neutral0" padding={6} hasRadius shadow="tableShadow">
            <Flex justifyContent="space-between" paddingBottom={4}>
              <Typography variant="delta" tag="h2">
                {t('deliveries.chart')}
              </Typography>
              <SingleSelect aria-label={t('deliveries.interval')} value={interval} onChange={(value: string | number) => setInterval(value === 'day' ? 'day' : 'hour')}>
                <SingleSelectOption value="hour">{t('deliveries.interval.hour')}</SingleSelectOption>
                <SingleSelectOption value="day">{t('deliveries.interval.day')}</SingleSelectOption>
              </SingleSelect>
            </Flex>
            {series.error && <ErrorState message={series.error} />}
            {series.body && (
              <DeliveryChart
                points={series.body.data}
                interval={interval}
                title={t('deliveries.chart')}
                labels={{ sent: t('deliveries.sent'), failed: t('deliveries.failed') }}
              />
            )}
          </Box>

          {digestId !== null ? (
            <DigestView
              key={digestId}
              digestId={digestId}
              onBack={() => setSearch({})}
              onRetry={allowedActions.canSend ? retry : undefined}
            />
          ) : (
            <Box>
              <Flex justifyContent="space-between" paddingBottom={4}>
                <Typography variant="delta" tag="h2">
                  {t('deliveries.list')}
                </Typography>
                <SingleSelect
                  aria-label={t('deliveries.status')}
                  value={status}
                  onChange={(value: string | number) => {
                    setStatus(String(value));
                    setPage(1);
                  }}
                >
                  <SingleSelectOption value="failed,dead">{t('deliveries.show.problems')}</SingleSelectOption>
                  <SingleSelectOption value="queued,sending">{t('deliveries.show.pending')}</SingleSelectOption>
                  <SingleSelectOption value="sent">{t('deliveries.show.sent')}</SingleSelectOption>
                  <SingleSelectOption value="cancelled">{t('deliveries.show.cancelled')}</SingleSelectOption>
                  <SingleSelectOption value="skipped">{t('deliveries.show.skipped')}</SingleSelectOption>
                  <SingleSelectOption value="merged">{t('deliveries.show.merged')}</SingleSelectOption>
                </SingleSelect>
              </Flex>
              {list.error && <ErrorState message={list.error} />}
              {list.body && list.body.data.length === 0 ? (
                <Box background="neutral0" padding={8} hasRadius>
                  <Typography textColor="neutral600">{t('deliveries.empty')}</Typography>
                </Box>
              ) : (
                <DeliveriesTable
                  deliveries={list.body?.data ?? []}
                  onRetry={allowedActions.canSend ? (delivery) => void retry(delivery) : undefined}
                  linkNotifications
                />
              )}
              <Pager pagination={list.body?.meta?.pagination} onPage={setPage} />
            </Box>
          )}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};
