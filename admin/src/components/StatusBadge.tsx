import { Badge } from '@strapi/design-system';
import type { DeliveryStatus } from '../api/types';

const VARIANT: Record<DeliveryStatus, 'success' | 'danger' | 'warning' | 'neutral' | 'secondary' | 'alternative'> = {
  queued: 'secondary',
  sending: 'alternative',
  sent: 'success',
  failed: 'warning',
  dead: 'danger',
  cancelled: 'neutral',
  skipped: 'neutral',
  merged: 'neutral',
};

/** A delivery status as a coloured badge (the status word itself is the label: it is the API's value). */
export const StatusBadge = ({ status }: { status: DeliveryStatus }) => (
  <Badge variant={VARIANT[status]} data-status={status}>
    {status}
  </Badge>
);
