import * as React from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { useApiQuery } from '../api/client';
import type { AdminDelivery } from '../api/types';
import { DeliveriesTable } from './DeliveriesTable';
import { ErrorState } from './ErrorState';
import { Pager } from './Pager';
import { useT } from '../utils';

interface DigestViewProps {
  /** The digest delivery's id as the URL has it: the server checks it, and a bad one shows its message. */
  digestId: string;
  onBack: () => void;
  /** Resolves with whether the retry went through: the rows are loaded again then. */
  onRetry?: (delivery: AdminDelivery) => Promise<boolean>;
}

/** One digest delivery (when it goes, how it went) above the deliveries merged into it. */
export const DigestView = ({ digestId, onBack, onRetry }: DigestViewProps) => {
  const t = useT();
  const [page, setPage] = React.useState(1);
  const digest = useApiQuery<AdminDelivery[]>('/deliveries', { id: digestId });
  const members = useApiQuery<AdminDelivery[]>('/deliveries', { mergedInto: digestId, page, pageSize: 20 });
  const retry = onRetry
    ? async (delivery: AdminDelivery) => {
        if (await onRetry(delivery)) {
          digest.reload();
          members.reload();
        }
      }
    : undefined;

  return (
    <Flex direction="column" alignItems="stretch" gap={4} data-testid="digest-view">
      <Flex justifyContent="space-between">
        <Typography variant="delta" tag="h2">
          {t('deliveries.digest.title', { id: digestId })}
        </Typography>
        <Button size="S" variant="tertiary" onClick={onBack}>
          {t('deliveries.digest.back')}
        </Button>
      </Flex>
      {digest.error && <ErrorState message={digest.error} />}
      {digest.body &&
        (digest.body.data.length ? (
          <DeliveriesTable deliveries={digest.body.data} onRetry={retry} linkNotifications />
        ) : (
          <Box background="neutral0" padding={8} hasRadius>
            <Typography textColor="neutral600">{t('deliveries.digest.missing', { id: digestId })}</Typography>
          </Box>
        ))}
      <Typography variant="delta" tag="h3" data-testid="digest-members-title">
        {t('deliveries.digest.members', { id: digestId })}
      </Typography>
      {members.error && <ErrorState message={members.error} />}
      {members.body && members.body.data.length === 0 ? (
        <Box background="neutral0" padding={8} hasRadius>
          <Typography textColor="neutral600">{t('deliveries.digest.noMembers')}</Typography>
        </Box>
      ) : (
        <DeliveriesTable deliveries={members.body?.data ?? []} onRetry={retry} linkNotifications />
      )}
      <Pager pagination={members.body?.meta?.pagination} onPage={setPage} />
    </Flex>
  );
};
