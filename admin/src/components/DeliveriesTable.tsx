import { Button, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Link } from 'react-router-dom';
import type { AdminDelivery } from '../api/types';
import { StatusBadge } from './StatusBadge';
import { useFormatDate, useT } from '../utils';
import { deliveryMoment } from './delivery-moment';

/** "Next attempt" and its date: the moment that matters for the delivery's status. */
const When = ({ delivery }: { delivery: AdminDelivery }) => {
  const t = useT();
  const formatDate = useFormatDate();
  const { label, at } = deliveryMoment(delivery);
  return (
    <Typography variant="pi" data-testid={`when-${delivery.id}`}>
      <Typography variant="pi" textColor="neutral600">
        {t(label)}
      </Typography>{' '}
      {formatDate(at)}
    </Typography>
  );
};

/** Where a digest's members are listed, with the digest delivery itself (relative to any plugin page). */
export const digestPath = (digestId: number): string => `../deliveries?mergedInto=${digestId}`;

/**
 * A digest delivery: its key and how many were merged into it, linked to them; a merged one: its key
 * and the digest it went into, linked the same way.
 */
const Digest = ({ delivery }: { delivery: AdminDelivery }) => {
  const t = useT();
  if (delivery.mergedInto !== null) {
    return (
      <Flex direction="column" alignItems="flex-start" data-testid={`digest-${delivery.id}`}>
        {delivery.digestKey !== null && (
          <Typography variant="pi" textColor="neutral600">
            “{delivery.digestKey}”
          </Typography>
        )}
        <Link to={digestPath(delivery.mergedInto)}>{t('deliveries.digest.mergedInto', { id: delivery.mergedInto })}</Link>
      </Flex>
    );
  }
  if (delivery.digestKey === null) return null;
  return (
    <Typography variant="pi" data-testid={`digest-${delivery.id}`}>
      <Link to={digestPath(delivery.id)}>{t('deliveries.digest.of', { key: delivery.digestKey, count: delivery.mergedCount ?? 0 })}</Link>
    </Typography>
  );
};

interface DeliveriesTableProps {
  deliveries: AdminDelivery[];
  /** Shows a Retry button on failed, dead and cancelled rows. */
  onRetry?: (delivery: AdminDelivery) => void;
  /** Links each row to its notification. */
  linkNotifications?: boolean;
}

const RETRYABLE = new Set(['failed', 'dead', 'cancelled']);

/** Deliveries with status, attempts and last error; the notification detail and the Deliveries page share it. */
export const DeliveriesTable = ({ deliveries, onRetry, linkNotifications }: DeliveriesTableProps) => {
  const t = useT();
  return (
    <Table colCount={10} rowCount={deliveries.length + 1}>
      <Thead>
        <Tr>
          {(['deliveries.id', 'deliveries.channel', 'deliveries.provider', 'deliveries.status', 'deliveries.attempts', 'deliveries.externalId', 'deliveries.digest', 'deliveries.lastError', 'deliveries.when'] as const).map(
            (key) => (
              <Th key={key}>
                <Typography variant="sigma">{t(key)}</Typography>
              </Th>
            )
          )}
          <Th>
            <Typography variant="sigma">{t('deliveries.actions')}</Typography>
          </Th>
        </Tr>
      </Thead>
      <Tbody>
        {deliveries.map((delivery) => (
          <Tr key={delivery.id} data-testid={`delivery-${delivery.id}`}>
            <Td>
              {linkNotifications && delivery.notificationId ? (
                <Link to={`../notifications/${delivery.notificationId}`}>#{delivery.id}</Link>
              ) : (
                <Typography>#{delivery.id}</Typography>
              )}
            </Td>
            <Td>
              <Typography>{delivery.channelDisplayName ?? delivery.channel}</Typography>
            </Td>
            <Td>
              <Typography>{delivery.provider}</Typography>
            </Td>
            <Td>
              <StatusBadge status={delivery.status} />
            </Td>
            <Td>
              <Typography>{delivery.attempts}</Typography>
            </Td>
            <Td style={{ maxWidth: 220, whiteSpace: 'normal', wordBreak: 'break-all' }}>
              {/* The far side's id (Slack's ts, the SMTP Message-ID…): what its support or logs know the message by. */}
              <Typography variant="pi" data-testid={`external-id-${delivery.id}`}>
                {delivery.externalId ?? ''}
              </Typography>
            </Td>
            <Td>
              <Digest delivery={delivery} />
            </Td>
            <Td style={{ maxWidth: 360, whiteSpace: 'normal' }}>
              <Typography textColor={delivery.status === 'skipped' ? 'neutral600' : 'danger600'} variant="pi">
                {delivery.lastError ?? ''}
              </Typography>
            </Td>
            <Td>
              <When delivery={delivery} />
            </Td>
            <Td>
              {onRetry && RETRYABLE.has(delivery.status) && (
                <Button size="S" variant="secondary" onClick={() => onRetry(delivery)}>
                  {t('deliveries.retry')}
                </Button>
              )}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
