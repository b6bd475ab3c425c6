import * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import { errorMessage, useNotifsApi } from '../api/client';
import type { ComposeJob } from '../api/types';
import { useT } from '../utils';

interface ComposeProgressProps {
  job: ComposeJob;
  /** Each new state of the job, polled every half second while it runs: the page owns the job. */
  onChange: (job: ComposeJob) => void;
}

/** Polls a compose job until it is done or failed, and shows done/total as a bar. */
export const ComposeProgress = ({ job, onChange }: ComposeProgressProps) => {
  const t = useT();
  const api = useNotifsApi();
  const [pollError, setPollError] = React.useState<string | null>(null);

  React.useEffect(() => {
    if (job.status !== 'running') return undefined;
    let current = true;
    const timer = setTimeout(() => {
      api
        .get<ComposeJob>(`/compose/${job.id}`)
        .then(({ data }) => current && onChange(data))
        .catch((error: unknown) => current && setPollError(errorMessage(error)));
    }, 500);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, job, onChange]);

  const percent = job.total ? Math.round((job.done / job.total) * 100) : 100;
  return (
    <Box background="neutral0" padding={6} hasRadius shadow="tableShadow" data-testid="compose-progress" data-status={job.status}>
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Typography variant="delta" tag="h2">
          {t(job.status === 'running' ? 'compose.progress.running' : job.status === 'done' ? 'compose.progress.done' : 'compose.progress.failed')}
        </Typography>
        {/* The design system's ProgressBar is drawn for dark backgrounds (uploads); this one sits on a light card. */}
        <Box
          background="neutral150"
          hasRadius
          height="0.8rem"
          role="progressbar"
          aria-label={t('compose.progress.label')}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
        >
          <Box background={job.status === 'failed' ? 'danger600' : 'primary600'} hasRadius height="100%" width={`${percent}%`} />
        </Box>
        <Typography>{t('compose.progress.count', { done: job.done, total: job.total })}</Typography>
        {(job.error ?? pollError) && <Typography textColor="danger600">{job.error ?? pollError}</Typography>}
      </Flex>
    </Box>
  );
};
