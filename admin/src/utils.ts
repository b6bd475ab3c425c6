import * as React from 'react';
import { useIntl } from 'react-intl';
import { PLUGIN_ID } from './pluginId';
import en from './translations/en.json';

/** `notifs.<key>`: translation keys are namespaced by plugin in the admin. */
export const getTranslation = (key: string): string => `${PLUGIN_ID}.${key}`;

export type TranslationKey = keyof typeof en;

/**
 * `t(key, values)`: the plugin's messages, with en.json as the default text. Keys are typed from
 * en.json, so a message missing from it fails the typecheck instead of showing a raw id.
 */
export const useT = () => {
  const { formatMessage } = useIntl();
  // Stable between renders, so callbacks and effects that translate need not re-run.
  return React.useCallback(
    (key: TranslationKey, values?: Record<string, string | number>): string => formatMessage({ id: getTranslation(key), defaultMessage: en[key] }, values),
    [formatMessage]
  );
};

/** A date as the admin's locale writes it, or a dash. */
export const useFormatDate = () => {
  const { formatDate } = useIntl();
  return (value: string | null | undefined): string =>
    value ? formatDate(value, { dateStyle: 'medium', timeStyle: 'medium' }) : '—';
};
