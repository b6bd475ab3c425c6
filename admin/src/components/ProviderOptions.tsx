import { Badge, Box, Flex, Typography } from '@strapi/design-system';
import type { ProviderOptionState } from '../api/types';
import { useT } from '../utils';

/** One option: its label, required or not, and set or not; the value only when the server sent one (never a secret's). */
const OptionLine = ({ provider, field }: { provider: string; field: ProviderOptionState }) => {
  const t = useT();
  const state = !field.set ? t('channels.options.notSet') : field.secret ? t('channels.options.secretSet') : t('channels.options.set');
  return (
    <Flex gap={2} wrap="wrap" data-testid={`option-${provider}-${field.name}`} data-set={field.set} title={field.description}>
      <Typography variant="pi" fontWeight="bold">
        {field.label}
      </Typography>
      <Typography variant="pi" textColor="neutral600">
        ({field.name})
      </Typography>
      {field.required && <Badge size="S">{t('channels.options.required')}</Badge>}
      <Typography variant="pi" textColor={field.set ? 'success600' : field.required ? 'warning600' : 'neutral600'}>
        {state}
      </Typography>
      {field.value !== undefined && (
        <Typography variant="pi" data-testid={`option-value-${provider}-${field.name}`} style={{ wordBreak: 'break-all' }}>
          {String(field.value)}
        </Typography>
      )}
    </Flex>
  );
};

/** A provider's declared options, grouped by alternative shape when it has several (Pusher: keys, or a URL). */
export const ProviderOptions = ({ provider, fields }: { provider: string; fields: ProviderOptionState[] }) => {
  const t = useT();
  if (!fields.length) {
    return (
      <Typography variant="pi" textColor="neutral600">
        {t('channels.options.none')}
      </Typography>
    );
  }
  return (
    <Flex direction="column" alignItems="stretch" gap={1}>
      {fields.map((field, index) => (
        <Box key={`${field.alternative ?? ''}.${field.name}`}>
          {index > 0 && field.alternative && field.alternative !== fields[index - 1].alternative && (
            <Typography variant="pi" textColor="neutral600" tag="p">
              {t('channels.options.alternative', { name: field.alternative })}
            </Typography>
          )}
          <OptionLine provider={provider} field={field} />
        </Box>
      ))}
    </Flex>
  );
};
