import * as React from 'react';
import { Box, Checkbox, Field, Flex, Grid, SingleSelect, SingleSelectOption, TextInput, Toggle, Typography } from '@strapi/design-system';
import { TRIGGER_EVENTS, type RecipientRule, type TriggerDefinition, type TriggerEvent, type WatchableContentType } from '../api/types';
import { useT, type TranslationKey } from '../utils';

interface TriggerFormProps {
  value: TriggerDefinition;
  onChange: (value: TriggerDefinition) => void;
  contentTypes: WatchableContentType[];
  channels: string[];
}

const TEMPLATES: { field: 'shortDescription' | 'url' | 'category' | 'action'; label: TranslationKey }[] = [
  { field: 'shortDescription', label: 'triggers.form.shortDescription' },
  { field: 'url', label: 'triggers.form.url' },
  { field: 'category', label: 'triggers.form.category' },
  { field: 'action', label: 'triggers.form.action' },
];

const toggled = <T,>(list: T[], item: T, on: boolean): T[] => (on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item));

/** The fields of a data trigger; the server checks them against the app on save (and on preview). */
export const TriggerForm = ({ value, onChange, contentTypes, channels }: TriggerFormProps) => {
  const t = useT();
  const set = (patch: Partial<TriggerDefinition>) => onChange({ ...value, ...patch });
  const type = contentTypes.find((candidate) => candidate.uid === value.uid);
  const rule = value.recipientRule;
  const setRule = (next: RecipientRule) => set({ recipientRule: next });
  const text = (name: string, label: TranslationKey, current: string, update: (next: string) => void, hint?: string) => (
    <Field.Root name={name} hint={hint}>
      <Field.Label>{t(label)}</Field.Label>
      <TextInput value={current} onChange={(e: React.ChangeEvent<HTMLInputElement>) => update(e.target.value)} />
      <Field.Hint />
    </Field.Root>
  );

  return (
    <Box background="neutral0" padding={6} hasRadius shadow="tableShadow">
      <Grid.Root gap={4}>
        <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
          {text('name', 'triggers.form.name', value.name, (name) => set({ name }))}
        </Grid.Item>
        <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
          <Field.Root name="uid">
            <Field.Label>{t('triggers.contentType')}</Field.Label>
            <SingleSelect value={value.uid} onChange={(uid: string | number) => set({ uid: String(uid) })}>
              {contentTypes.map((candidate) => (
                <SingleSelectOption key={candidate.uid} value={candidate.uid}>
                  {`${candidate.displayName} (${candidate.uid})`}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
          <Typography variant="pi" fontWeight="bold">
            {t('triggers.events')}
          </Typography>
          <Flex gap={4} wrap="wrap" paddingTop={2}>
            {TRIGGER_EVENTS.map((event: TriggerEvent) => (
              <Checkbox
                key={event}
                name={`event-${event}`}
                checked={value.events.includes(event)}
                disabled={!type?.draftAndPublish && (event === 'publish' || event === 'unpublish')}
                onCheckedChange={(on: boolean | 'indeterminate') => set({ events: toggled(value.events, event, on === true) })}
              >
                {event}
              </Checkbox>
            ))}
          </Flex>
        </Grid.Item>
        <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
          <Typography variant="pi" fontWeight="bold">
            {t('triggers.channels')}
          </Typography>
          <Flex gap={4} wrap="wrap" paddingTop={2}>
            {channels.map((channel) => (
              <Checkbox
                key={channel}
                name={`channel-${channel}`}
                checked={value.channels.includes(channel)}
                onCheckedChange={(on: boolean | 'indeterminate') => set({ channels: toggled(value.channels, channel, on === true) })}
              >
                {channel}
              </Checkbox>
            ))}
          </Flex>
        </Grid.Item>
        <Grid.Item col={4} xs={12} direction="column" alignItems="stretch">
          <Field.Root name="recipientRuleType">
            <Field.Label>{t('triggers.form.recipients')}</Field.Label>
            <SingleSelect
              value={rule.type}
              onChange={(next: string | number) =>
                setRule(next === 'role' ? { type: 'role', role: 'authenticated' } : next === 'users' ? { type: 'users', ids: [] } : { type: 'field', field: type?.userFields[0] ?? '' })
              }
            >
              <SingleSelectOption value="field">{t('triggers.form.rule.field')}</SingleSelectOption>
              <SingleSelectOption value="role">{t('triggers.form.rule.role')}</SingleSelectOption>
              <SingleSelectOption value="users">{t('triggers.form.rule.users')}</SingleSelectOption>
            </SingleSelect>
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={8} xs={12} direction="column" alignItems="stretch">
          {rule.type === 'field' && (
            <Field.Root name="recipientField">
              <Field.Label>{t('triggers.form.rule.fieldName')}</Field.Label>
              <SingleSelect value={rule.field} onChange={(field: string | number) => setRule({ type: 'field', field: String(field) })}>
                {(type?.userFields ?? []).map((field) => (
                  <SingleSelectOption key={field} value={field}>
                    {field}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
          )}
          {rule.type === 'role' && text('recipientRole', 'triggers.form.rule.roleType', rule.role, (role) => setRule({ type: 'role', role }))}
          {rule.type === 'users' &&
            text('recipientIds', 'triggers.form.rule.ids', rule.ids.join(', '), (ids) =>
              setRule({ type: 'users', ids: ids.split(/[\s,]+/).filter(Boolean).map(Number) })
            )}
        </Grid.Item>
        {TEMPLATES.map(({ field, label }) => (
          <Grid.Item key={field} col={6} xs={12} direction="column" alignItems="stretch">
            {text(field, label, value[field] ?? '', (next) => set({ [field]: next }), field === 'shortDescription' ? t('triggers.form.templateHint', { fields: (type?.fields ?? []).join(', ') }) : undefined)}
          </Grid.Item>
        ))}
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <Toggle
            name="enabled"
            onLabel={t('triggers.form.on')}
            offLabel={t('triggers.form.off')}
            checked={value.enabled !== false}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => set({ enabled: e.target.checked })}
          />
        </Grid.Item>
      </Grid.Root>
    </Box>
  );
};
