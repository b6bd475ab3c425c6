import * as React from 'react';
import { Badge, Box, Button, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Layouts, Page, useRBAC } from '@strapi/strapi/admin';
import { errorMessage, useApiQuery, useNotifsApi } from '../api/client';
import type { ChannelsInfo, VerifyResult } from '../api/types';
import { ErrorState } from '../components/ErrorState';
import { TestSendForm } from '../components/TestSendForm';
import { ProviderOptions } from '../components/ProviderOptions';
import { PERMISSIONS } from '../permissions';
import { useT } from '../utils';

/** What is registered: channels and their providers, providers configured or not with their declared options (never a secret's value), verify and send a test. */
export const ChannelsPage = () => {
  const t = useT();
  const api = useNotifsApi();
  const { allowedActions } = useRBAC(PERMISSIONS.settingsTest);
  const query = useApiQuery<ChannelsInfo>('/channels');
  const [results, setResults] = React.useState<Record<string, VerifyResult | 'pending'>>({});

  const verify = async (name: string) => {
    setResults((previous) => ({ ...previous, [name]: 'pending' }));
    const result = await api
      .post<VerifyResult>(`/providers/${encodeURIComponent(name)}/verify`)
      .then(({ data }) => data)
      .catch((error: unknown): VerifyResult => ({ provider: name, ok: false, message: errorMessage(error) }));
    setResults((previous) => ({ ...previous, [name]: result }));
  };

  const info = query.body?.data;
  return (
    <Page.Main>
      <Page.Title>{t('channels.title')}</Page.Title>
      <Layouts.Header title={t('channels.title')} subtitle={t('channels.subtitle')} />
      <Layouts.Content>
        {query.error && <ErrorState message={query.error} />}
        {info && (
          <Flex direction="column" alignItems="stretch" gap={6}>
            <Box>
              <Typography variant="delta" tag="h2">
                {t('channels.providers')}
              </Typography>
              <Box paddingTop={4}>
                <Table colCount={5} rowCount={info.providers.length + 1}>
                  <Thead>
                    <Tr>
                      <Th>
                        <Typography variant="sigma">{t('channels.name')}</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">{t('channels.configured')}</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">{t('channels.options')}</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">{t('channels.verify.result')}</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">{t('deliveries.actions')}</Typography>
                      </Th>
                    </Tr>
                  </Thead>
                  <Tbody>
                    {info.providers.map((provider) => {
                      const result = results[provider.name];
                      return (
                        <Tr key={provider.name} data-testid={`provider-${provider.name}`}>
                          <Td>
                            <Typography fontWeight="bold">{provider.name}</Typography>
                          </Td>
                          <Td style={{ whiteSpace: 'normal' }}>
                            <Badge variant={provider.configured ? 'success' : 'warning'}>
                              {t(provider.configured ? 'channels.configured.yes' : 'channels.configured.no')}
                            </Badge>
                            {provider.problem && (
                              <Typography variant="pi" textColor="neutral600" tag="p">
                                {provider.problem}
                              </Typography>
                            )}
                          </Td>
                          <Td style={{ whiteSpace: 'normal', minWidth: 280 }}>
                            <ProviderOptions provider={provider.name} fields={provider.fields ?? []} />
                          </Td>
                          <Td style={{ whiteSpace: 'normal' }}>
                            {result && result !== 'pending' && (
                              <Typography textColor={result.ok ? 'success600' : 'danger600'} data-testid={`verify-${provider.name}`}>
                                {result.message}
                              </Typography>
                            )}
                          </Td>
                          <Td>
                            {allowedActions.canTest && (
                              <Button size="S" variant="secondary" loading={result === 'pending'} onClick={() => verify(provider.name)}>
                                {t('channels.verify')}
                              </Button>
                            )}
                          </Td>
                        </Tr>
                      );
                    })}
                  </Tbody>
                </Table>
              </Box>
            </Box>
            <Box>
              <Typography variant="delta" tag="h2">
                {t('channels.channels')}
              </Typography>
              <Box paddingTop={4}>
                <Table colCount={2} rowCount={info.channels.length + 1}>
                  <Thead>
                    <Tr>
                      <Th>
                        <Typography variant="sigma">{t('channels.name')}</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">{t('channels.through')}</Typography>
                      </Th>
                    </Tr>
                  </Thead>
                  <Tbody>
                    {info.channels.map((channel) => (
                      <Tr key={channel.name}>
                        <Td>
                          <Typography fontWeight="bold">{channel.displayName}</Typography>{' '}
                          <Typography variant="pi" textColor="neutral600">
                            ({channel.name})
                          </Typography>
                        </Td>
                        <Td>
                          <Typography>{channel.providers.join(', ') || '—'}</Typography>{' '}
                          {!channel.configured && (
                            <Typography variant="pi" textColor="warning600">
                              {t('channels.cannotSend')}
                            </Typography>
                          )}
                        </Td>
                      </Tr>
                    ))}
                  </Tbody>
                </Table>
              </Box>
            </Box>
            {allowedActions.canTest && <TestSendForm channels={info.channels} />}
          </Flex>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};
