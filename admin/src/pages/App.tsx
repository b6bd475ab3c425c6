import { Box, Main, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { getTranslation } from '../utils';

/** Placeholder until the admin panel lands: proves the plugin's admin entry loads. */
const App = () => {
  const { formatMessage } = useIntl();
  return (
    <Main>
      <Box padding={8}>
        <Typography variant="alpha" tag="h1">
          {formatMessage({ id: getTranslation('page.title'), defaultMessage: 'Notifications' })}
        </Typography>
        <Box paddingTop={4}>
          <Typography>
            {formatMessage({
              id: getTranslation('page.placeholder'),
              defaultMessage: 'Notifications and their deliveries will be listed here.',
            })}
          </Typography>
        </Box>
      </Box>
    </Main>
  );
};

export default App;
