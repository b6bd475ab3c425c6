import * as React from 'react';
import { Box, Field, Flex, Grid, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { errorMessage, useApiQuery, useNotifsApi } from '../api/client';
import { TRIGGER_EVENTS, type TriggerDefinition, type TriggerPreview } from '../api/types';
import { useT, type TranslationKey } from '../utils';
import { useUsersByIds } from './use-users';
import { userLabel } from './UserPicker';

/** What the preview shows of the notification a firing would make, under the names the form uses. */
const FIELDS: { field: 'shortDescription' | 'url' | 'category' | 'action'; label: TranslationKey }[] = [
  { field: 'shortDescription', label: 'triggers.preview.label.shortDescription' },
  { field: 'url', label: 'triggers.preview.label.url' },
  { field: 'category', label: 'triggers.preview.label.category' },
  { field: 'action', label: 'triggers.preview.label.action' },
];

/**
 * Live preview of the form's definition against a real entry: re-rendered (debounced) whenever the
 * definition, the entry or the event changes. Nothing is sent.
 */
export const TriggerPreviewPanel = ({ definition }: { definition: TriggerDefinition }) => {
  const t = useT();
  const api = useNotifsApi();
  const entries = useApiQuery<{ documentId: string; label: string }[]>(definition.uid ? '/triggers/entries' : null, { uid: definition.uid });
  const [documentId, setDocumentId] = React.useState('');
  const [event, setEvent] = React.useState('');
  const [state, setState] = React.useState<{ preview: TriggerPreview | null; error: string | null }>({ preview: null, error: null });
  const key = JSON.stringify(definition);

  React.useEffect(() => {
    if (!documentId) return undefined;
    let current = true;
    const timer = setTimeout(() => {
      api
        .post<TriggerPreview>('/triggers/preview', { definition: JSON.parse(key) as TriggerDefinition, documentId, ...(event ? { event } : {}) })
        .then(({ data }) => current && setState({ preview: data, error: null }))
        .catch((error: unknown) => current && setState({ preview: null, error: errorMessage(error) }));
    }, 400);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, key, documentId, event]);

  const { preview, error } = state;
  const recipients = useUsersByIds(preview?.fires ? preview.recipients.slice(0, 20) : []);
  return (
    <Box background="neutral0" padding={6} hasRadius shadow="tableShadow" data-testid="trigger-preview">
      <Typography variant="delta" tag="h2">
        {t('triggers.preview')}
      </Typography>
      <Grid.Root gap={4} paddingTop={4}>
        <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
          <Field.Root name="previewEntry">
            <Field.Label>{t('triggers.preview.entry')}</Field.Label>
            <SingleSelect placeholder={t('triggers.preview.pick')} value={documentId} onChange={(value: string | number) => setDocumentId(String(value))}>
              {(entries.body?.data ?? []).map((entry) => (
                <SingleSelectOption key={entry.documentId} value={entry.documentId}>
                  {entry.label}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
          <Field.Root name="previewEvent">
            <Field.Label>{t('triggers.preview.event')}</Field.Label>
            <SingleSelect value={event} onChange={(value: string | number) => setEvent(String(value))}>
              <SingleSelectOption value="">{t('triggers.preview.firstEvent')}</SingleSelectOption>
              {TRIGGER_EVENTS.map((name) => (
                <SingleSelectOption key={name} value={name}>
                  {name}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
        </Grid.Item>
      </Grid.Root>
      <Box paddingTop={4} aria-live="polite">
        {/* The entries' error first: a 403 there says which Content Manager permission is missing. */}
        {(entries.error ?? error) && (
          <Typography textColor="danger600" data-testid="preview-error">
            {entries.error ?? error}
          </Typography>
        )}
        {preview && !preview.fires && <Typography textColor="warning600">{t('triggers.preview.noFire')}</Typography>}
        {preview?.fires && preview.input && (
          <Flex direction="column" alignItems="stretch" gap={2} data-testid="preview-result">
            {FIELDS.filter(({ field }) => preview.input?.[field]).map(({ field, label }) => (
              <Box key={field}>
                {/* Not the sigma variant: it upper-cases, and a label should read as the form's does. */}
                <Typography variant="pi" fontWeight="bold" textColor="neutral600" tag="p">
                  {t(label)}
                </Typography>
                <Typography tag="p">{preview.input?.[field]}</Typography>
              </Box>
            ))}
            <Typography variant="pi" textColor="neutral600" data-testid="preview-recipients">
              {t('triggers.preview.recipients', {
                names:
                  [...recipients.map(userLabel), ...(preview.recipients.length > 20 ? [`+${preview.recipients.length - 20}`] : [])].join(', ') || '—',
              })}
            </Typography>
          </Flex>
        )}
      </Box>
    </Box>
  );
};
