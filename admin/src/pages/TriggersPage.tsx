import { Badge, Box, Button, Switch, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { Layouts, Page, useRBAC } from '@strapi/strapi/admin';
import { Link, useNavigate } from 'react-router-dom';
import { useApiQuery, useNotifsApi } from '../api/client';
import type { TriggerSummary } from '../api/types';
import { ErrorState } from '../components/ErrorState';
import { useRunAction } from '../components/ActionResult';
import { PERMISSIONS } from '../permissions';
import { useFormatDate, useT } from '../utils';

const HEADERS = ['triggers.name', 'triggers.source', 'triggers.contentType', 'triggers.events', 'triggers.channels', 'triggers.enabled', 'triggers.failures'] as const;

/** Code triggers (read-only, from config) and data triggers, with enable/disable and their last failure. */
export const TriggersPage = () => {
  const t = useT();
  const formatDate = useFormatDate();
  const navigate = useNavigate();
  const api = useNotifsApi();
  const run = useRunAction();
  const { allowedActions } = useRBAC(PERMISSIONS.triggersUpdate);
  const query = useApiQuery<TriggerSummary[]>('/triggers');

  const toggle = async (trigger: TriggerSummary, enabled: boolean) => {
    const done = await run(
      () => api.put(`/triggers/${trigger.id}/enabled`, { enabled }),
      t(enabled ? 'triggers.enabledNow' : 'triggers.disabledNow', { name: trigger.name })
    );
    if (done) query.reload();
  };

  return (
    <Page.Main>
      <Page.Title>{t('triggers.title')}</Page.Title>
      <Layouts.Header
        title={t('triggers.title')}
        subtitle={t('triggers.subtitle')}
        primaryAction={
          allowedActions.canUpdate ? (
            <Button startIcon={<Plus />} onClick={() => navigate('new')}>
              {t('triggers.new')}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        {query.error && <ErrorState message={query.error} />}
        {query.body && query.body.data.length === 0 ? (
          <Box background="neutral0" padding={8} hasRadius>
            <Typography textColor="neutral600">{t('triggers.empty')}</Typography>
          </Box>
        ) : (
          <Table colCount={HEADERS.length} rowCount={(query.body?.data.length ?? 0) + 1}>
            <Thead>
              <Tr>
                {HEADERS.map((key) => (
                  <Th key={key}>
                    <Typography variant="sigma">{t(key)}</Typography>
                  </Th>
                ))}
              </Tr>
            </Thead>
            <Tbody>
              {(query.body?.data ?? []).map((trigger) => (
                <Tr key={String(trigger.id)} data-testid="trigger-row">
                  <Td>
                    {trigger.source === 'data' && allowedActions.canUpdate ? (
                      <Link to={String(trigger.id)}>{trigger.name}</Link>
                    ) : (
                      <Typography>{trigger.name}</Typography>
                    )}
                  </Td>
                  <Td>
                    <Badge variant={trigger.source === 'code' ? 'secondary' : 'primary'}>{t(trigger.source === 'code' ? 'triggers.source.code' : 'triggers.source.data')}</Badge>
                  </Td>
                  <Td>
                    <Typography title={trigger.uid}>{trigger.contentTypeName ?? trigger.uid}</Typography>
                  </Td>
                  <Td>
                    <Typography>{trigger.events.join(', ')}</Typography>
                  </Td>
                  <Td>
                    <Typography>{(trigger.channelDisplayNames ?? trigger.channels).join(', ')}</Typography>
                  </Td>
                  <Td>
                    <Switch
                      aria-label={t('triggers.enabled')}
                      checked={trigger.enabled}
                      disabled={trigger.source === 'code' || !allowedActions.canUpdate}
                      onCheckedChange={(checked: boolean) => toggle(trigger, checked)}
                    />
                  </Td>
                  <Td style={{ whiteSpace: 'normal', maxWidth: 320 }}>
                    <Typography>{trigger.failureCount}</Typography>
                    {trigger.lastError && (
                      <Typography variant="pi" textColor="danger600" tag="p">
                        {formatDate(trigger.lastErrorAt)}: {trigger.lastError}
                      </Typography>
                    )}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};
