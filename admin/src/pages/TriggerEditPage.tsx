import * as React from 'react';
import { Button, Flex } from '@strapi/design-system';
import { ArrowLeft, Check } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useApiQuery, useNotifsApi } from '../api/client';
import type { ChannelChoice, DataTrigger, TriggerDefinition, WatchableContentType } from '../api/types';
import { ErrorState } from '../components/ErrorState';
import { TriggerForm } from '../components/TriggerForm';
import { TriggerPreviewPanel } from '../components/TriggerPreviewPanel';
import { useRunAction } from '../components/ActionResult';
import { useT } from '../utils';

const EMPTY: TriggerDefinition = {
  name: '',
  uid: '',
  events: ['create'],
  channels: [],
  recipientRule: { type: 'field', field: '' },
  shortDescription: '',
  url: '',
  category: '',
  action: '',
  enabled: true,
};

/** What is sent: the definition's fields, empty templates as null (the server checks the rest). */
const toBody = (value: TriggerDefinition): TriggerDefinition => ({
  name: value.name,
  uid: value.uid,
  events: value.events,
  channels: value.channels,
  recipientRule: value.recipientRule,
  shortDescription: value.shortDescription || null,
  url: value.url || null,
  category: value.category || null,
  action: value.action || null,
  // Sent to the preview as well, so the preview says whether the trigger would fire for the entry.
  condition: value.condition ?? null,
  enabled: value.enabled !== false,
});

/** Create (`/triggers/new`) or edit a data trigger, with a live preview against a real entry. */
export const TriggerEditPage = () => {
  const t = useT();
  const { id } = useParams<{ id: string }>();
  const navigate = useNavigate();
  const api = useNotifsApi();
  const run = useRunAction();
  const options = useApiQuery<{ contentTypes: WatchableContentType[]; channels: ChannelChoice[] }>('/triggers/options');
  const existing = useApiQuery<DataTrigger>(id ? `/triggers/${id}` : null);
  const [value, setValue] = React.useState<TriggerDefinition | null>(id ? null : EMPTY);
  const [saving, setSaving] = React.useState(false);

  React.useEffect(() => {
    if (existing.body) setValue({ ...EMPTY, ...existing.body.data });
  }, [existing.body]);
  React.useEffect(() => {
    // A new trigger starts on the first content type and its first user relation.
    const first = options.body?.data.contentTypes[0];
    if (!id && first) setValue((current) => (current && !current.uid ? { ...current, uid: first.uid, recipientRule: { type: 'field', field: first.userFields[0] ?? '' } } : current));
  }, [id, options.body]);

  const save = async () => {
    if (!value) return;
    setSaving(true);
    const done = await run(
      () => (id ? api.put(`/triggers/${id}`, toBody(value)) : api.post('/triggers', toBody(value))),
      t('triggers.saved', { name: value.name })
    );
    setSaving(false);
    if (done) navigate('..', { relative: 'path' });
  };

  const title = id ? t('triggers.edit', { name: value?.name ?? '' }) : t('triggers.new');
  const error = options.error ?? existing.error;
  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        navigationAction={
          <Link to=".." relative="path">
            <Flex gap={1}>
              <ArrowLeft /> {t('triggers.back')}
            </Flex>
          </Link>
        }
        title={title}
        primaryAction={
          <Button startIcon={<Check />} loading={saving} disabled={!value} onClick={save}>
            {t('triggers.save')}
          </Button>
        }
      />
      <Layouts.Content>
        {error && <ErrorState message={error} />}
        {value && options.body && (
          <Flex direction="column" alignItems="stretch" gap={6}>
            <TriggerForm value={value} onChange={setValue} contentTypes={options.body.data.contentTypes} channels={options.body.data.channels} />
            <TriggerPreviewPanel definition={toBody(value)} />
          </Flex>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};
