import { Flex, Typography } from '@strapi/design-system';
import { Widget } from '@strapi/strapi/admin';
import { useApiQuery } from '../api/client';
import type { SeriesPoint } from '../api/types';
import { DeliveryChart } from './DeliveryChart';
import { useT } from '../utils';

/** Homepage widget: deliveries sent and failed per hour over the last 24 hours. */
export const HealthWidget = () => {
  const t = useT();
  const series = useApiQuery<SeriesPoint[]>('/deliveries/series', { interval: 'hour' });
  if (series.loading && !series.body) return <Widget.Loading />;
  if (series.error) return <Widget.Error>{series.error}</Widget.Error>;
  const points = series.body?.data ?? [];
  const sent = points.reduce((sum, point) => sum + point.sent, 0);
  const failed = points.reduce((sum, point) => sum + point.failed, 0);
  if (sent + failed === 0) return <Widget.NoData>{t('widget.empty')}</Widget.NoData>;
  const rate = Math.round((sent / (sent + failed)) * 1000) / 10;
  // The widget's body is 261 px high: the summary line, a 170 px chart and the legend fit in it unscrolled.
  return (
    <Flex direction="column" alignItems="stretch" gap={1} data-testid="notifs-health-widget">
      <Typography variant="omega">{t('widget.summary', { sent, failed, rate })}</Typography>
      <DeliveryChart points={points} interval="hour" height={170} title={t('widget.title')} labels={{ sent: t('deliveries.sent'), failed: t('deliveries.failed') }} />
    </Flex>
  );
};
