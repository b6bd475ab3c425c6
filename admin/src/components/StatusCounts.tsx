import { Box, Flex, Typography } from '@strapi/design-system';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../api/types';
import { StatusBadge } from './StatusBadge';

/** One small card per delivery status with its count. */
export const StatusCounts = ({ counts }: { counts: Record<DeliveryStatus, number> }) => (
  <Flex gap={4} wrap="wrap">
    {DELIVERY_STATUSES.map((status) => (
      <Box key={status} background="neutral0" padding={4} hasRadius shadow="tableShadow" minWidth="120px" data-testid={`count-${status}`}>
        <StatusBadge status={status} />
        <Typography variant="alpha" tag="p">
          {counts[status]}
        </Typography>
      </Box>
    ))}
  </Flex>
);
