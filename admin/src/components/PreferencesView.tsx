import { Badge, Box, Flex, Typography } from '@strapi/design-system';
import type { RecipientPreferences } from '../api/types';
import { useT } from '../utils';

/** A recipient's preferences, read-only: each category with its channels on or off, the required ones, quiet hours. */
export const PreferencesView = ({ preferences, required }: { preferences: RecipientPreferences; required: string[] }) => {
  const t = useT();
  const categories = Object.entries(preferences.categories).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Box background="neutral0" padding={6} hasRadius shadow="tableShadow" data-testid="recipient-preferences">
      <Typography variant="delta" tag="h2">
        {t('notification.preferences')}
      </Typography>
      <Flex direction="column" alignItems="stretch" gap={2} paddingTop={4}>
        {categories.length === 0 && <Typography textColor="neutral600">{t('notification.preferences.none')}</Typography>}
        {categories.map(([category, channels]) => (
          <Flex key={category} gap={2} wrap="wrap">
            <Typography fontWeight="bold">{category}</Typography>
            {Object.entries(channels).map(([channel, on]) => (
              <Badge key={channel} variant={on ? 'success' : 'neutral'} data-channel={channel} data-on={String(on)}>
                {`${channel}: ${on ? 'on' : 'off'}`}
              </Badge>
            ))}
          </Flex>
        ))}
        {required.length > 0 && (
          <Typography textColor="neutral600">{t('notification.preferences.required', { categories: required.join(', ') })}</Typography>
        )}
        {preferences.quietHours && (
          <Typography textColor="neutral600">{t('notification.preferences.quietHours', preferences.quietHours)}</Typography>
        )}
      </Flex>
    </Box>
  );
};
