import { Button, Flex, Typography } from '@strapi/design-system';
import type { Pagination } from '../api/types';
import { useT } from '../utils';

/** Previous / next with "page x of y (n in all)": enough for lists the admin scans newest first. */
export const Pager = ({ pagination, onPage }: { pagination: Pagination | undefined; onPage: (page: number) => void }) => {
  const t = useT();
  if (!pagination || pagination.total === 0) return null;
  const { page, pageCount, total } = pagination;
  return (
    <Flex justifyContent="space-between" paddingTop={4}>
      <Typography variant="pi" textColor="neutral600">
        {t('pager.summary', { page, pageCount: Math.max(pageCount, 1), total })}
      </Typography>
      <Flex gap={2}>
        <Button variant="tertiary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          {t('pager.previous')}
        </Button>
        <Button variant="tertiary" disabled={page >= pageCount} onClick={() => onPage(page + 1)}>
          {t('pager.next')}
        </Button>
      </Flex>
    </Flex>
  );
};
