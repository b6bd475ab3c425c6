import * as React from 'react';
import { Box, Checkbox, Field, Flex, Grid, SingleSelect, SingleSelectOption, TextInput, Toggle, Typography } from '@strapi/design-system';
import {
  TRIGGER_EVENTS,
  type ChannelChoice,
  type ConditionOperator,
  type RecipientRule,
  type TriggerDefinition,
  type TriggerEvent,
  type WatchableContentType,
} from '../api/types';
import { useT, type TranslationKey } from '../utils';
import { UserPicker } from './UserPicker';
import { useUsersByIds } from './use-users';
import { conditionValueFromText, conditionValueToText } from './condition-value';

interface TriggerFormProps {
  value: TriggerDefinition;
  onChange: (value: TriggerDefinition) => void;
  contentTypes: WatchableContentType[];
  channels: ChannelChoice[];
}

const OPERATORS: { operator: ConditionOperator; label: TranslationKey }[] = [
  { operator: 'eq', label: 'triggers.form.condition.eq' },
  { operator: 'ne', label: 'triggers.form.condition.ne' },
  { operator: 'in', label: 'triggers.form.condition.in' },
  { operator: 'exists', label: 'triggers.form.condition.exists' },
];

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
  const fixedUsers = useUsersByIds(rule.type === 'users' ? rule.ids : []);
  const condition = value.condition ?? null;
  // The value's text is kept as typed (a list being typed, "1," is not yet [1]); the definition gets it parsed.
  const [conditionText, setConditionText] = React.useState(() => conditionValueToText(condition?.value));
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
              {/* A saved trigger's type the role may not read in the Content Manager is not offered: keep it shown. */}
              {value.uid && !type && <SingleSelectOption value={value.uid}>{value.uid}</SingleSelectOption>}
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
                key={channel.name}
                name={`channel-${channel.name}`}
                checked={value.channels.includes(channel.name)}
                onCheckedChange={(on: boolean | 'indeterminate') => set({ channels: toggled(value.channels, channel.name, on === true) })}
              >
                {channel.configured === false ? t('triggers.form.channelNotConfigured', { name: channel.displayName }) : channel.displayName}
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
          {rule.type === 'users' && (
            <UserPicker
              name="recipientUsers"
              label={t('triggers.form.rule.users.search')}
              value={fixedUsers}
              onChange={(users) => setRule({ type: 'users', ids: users.map((user) => user.id) })}
            />
          )}
        </Grid.Item>
        {TEMPLATES.map(({ field, label }) => (
          <Grid.Item key={field} col={6} xs={12} direction="column" alignItems="stretch">
            {text(field, label, value[field] ?? '', (next) => set({ [field]: next }), field === 'shortDescription' ? t('triggers.form.templateHint', { fields: (type?.fields ?? []).join(', ') }) : undefined)}
          </Grid.Item>
        ))}
        <Grid.Item col={4} xs={12} direction="column" alignItems="stretch">
          <Field.Root name="conditionField" hint={t('triggers.form.condition.hint')}>
            <Field.Label>{t('triggers.form.condition')}</Field.Label>
            <SingleSelect
              value={condition?.field ?? ''}
              onChange={(field: string | number) =>
                set({ condition: field ? { operator: 'eq', ...condition, field: String(field), value: condition?.value ?? conditionValueFromText(condition?.operator ?? 'eq', conditionText) } : null })
              }
            >
              <SingleSelectOption value="">{t('triggers.form.condition.none')}</SingleSelectOption>
              {(type?.fields ?? []).map((field) => (
                <SingleSelectOption key={field} value={field}>
                  {field}
                </SingleSelectOption>
              ))}
            </SingleSelect>
            <Field.Hint />
          </Field.Root>
        </Grid.Item>
        {condition && (
          <Grid.Item col={4} xs={12} direction="column" alignItems="stretch">
            <Field.Root name="conditionOperator">
              <Field.Label>{t('triggers.form.condition.operator')}</Field.Label>
              <SingleSelect
                value={condition.operator}
                onChange={(next: string | number) => {
                  const operator = String(next) as ConditionOperator;
                  const text = operator === 'exists' ? 'true' : conditionText === 'true' || conditionText === 'false' ? '' : conditionText;
                  setConditionText(text);
                  set({ condition: { ...condition, operator, value: conditionValueFromText(operator, text) } });
                }}
              >
                {OPERATORS.map(({ operator, label }) => (
                  <SingleSelectOption key={operator} value={operator}>
                    {t(label)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
          </Grid.Item>
        )}
        {condition && (
          <Grid.Item col={4} xs={12} direction="column" alignItems="stretch">
            {condition.operator === 'exists' ? (
              <Field.Root name="conditionValue">
                <Field.Label>{t('triggers.form.condition.value')}</Field.Label>
                <SingleSelect
                  value={condition.value === false ? 'false' : 'true'}
                  onChange={(next: string | number) => set({ condition: { ...condition, value: String(next) === 'true' } })}
                >
                  <SingleSelectOption value="true">{t('triggers.form.condition.isSet')}</SingleSelectOption>
                  <SingleSelectOption value="false">{t('triggers.form.condition.isEmpty')}</SingleSelectOption>
                </SingleSelect>
              </Field.Root>
            ) : (
              text(
                'conditionValue',
                'triggers.form.condition.value',
                conditionText,
                (next) => {
                  setConditionText(next);
                  set({ condition: { ...condition, value: conditionValueFromText(condition.operator, next) } });
                },
                t(condition.operator === 'in' ? 'triggers.form.condition.listHint' : 'triggers.form.condition.valueHint')
              )
            )}
          </Grid.Item>
        )}
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
