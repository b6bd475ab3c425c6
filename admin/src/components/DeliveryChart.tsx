import { Box, Flex, Typography } from '@strapi/design-system';
import type { SeriesPoint } from '../api/types';

interface DeliveryChartProps {
  points: SeriesPoint[];
  interval: 'hour' | 'day';
  /** Accessible name of the chart. */
  title: string;
  labels: { sent: string; failed: string };
  height?: number;
}

const WIDTH = 720;
const PAD = { top: 12, right: 12, bottom: 28, left: 40 };
const COLORS = { sent: '#328048', failed: '#d02b20' };

/** Round, readable maximum for the y axis: 1, 2, 5 × 10^n at or above `value`. */
const niceMax = (value: number): number => {
  if (value <= 4) return 4;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].map((step) => step * power).find((candidate) => candidate >= value) ?? value);
};

const label = (at: string, interval: 'hour' | 'day'): string => {
  const date = new Date(at);
  return interval === 'hour' ? `${String(date.getHours()).padStart(2, '0')}:00` : `${date.getMonth() + 1}/${date.getDate()}`;
};

/**
 * Sent and failed deliveries per bucket as grouped bars, drawn as plain SVG (no chart library:
 * the admin bundle stays small). Scales to its container through `viewBox`.
 */
export const DeliveryChart = ({ points, interval, title, labels, height = 220 }: DeliveryChartProps) => {
  const max = niceMax(Math.max(0, ...points.map((point) => Math.max(point.sent, point.failed))));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = height - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(points.length, 1);
  const bar = Math.max(1, slot * 0.38);
  const y = (value: number) => PAD.top + plotHeight - (value / max) * plotHeight;
  const every = Math.ceil(points.length / 8); // at most ~8 axis labels

  return (
    <Box>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={title} data-testid="delivery-chart">
        {[0, 0.25, 0.5, 0.75, 1].map((fraction) => (
          <g key={fraction}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(max * fraction)} y2={y(max * fraction)} stroke="#eaeaef" />
            <text x={PAD.left - 6} y={y(max * fraction) + 4} fontSize="10" textAnchor="end" fill="#666687">
              {Math.round(max * fraction)}
            </text>
          </g>
        ))}
        {points.map((point, i) => {
          const x = PAD.left + i * slot + (slot - 2 * bar) / 2;
          return (
            <g key={point.at}>
              <title>{`${label(point.at, interval)}: ${point.sent} ${labels.sent}, ${point.failed} ${labels.failed}`}</title>
              <rect x={x} y={y(point.sent)} width={bar} height={plotHeight + PAD.top - y(point.sent)} fill={COLORS.sent} />
              <rect x={x + bar} y={y(point.failed)} width={bar} height={plotHeight + PAD.top - y(point.failed)} fill={COLORS.failed} />
              {i % every === 0 && (
                <text x={PAD.left + i * slot + slot / 2} y={height - 8} fontSize="10" textAnchor="middle" fill="#666687">
                  {label(point.at, interval)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <Flex gap={4} paddingTop={2}>
        {(['sent', 'failed'] as const).map((key) => (
          <Flex key={key} gap={2}>
            <svg width="10" height="10" aria-hidden="true">
              <rect width="10" height="10" fill={COLORS[key]} />
            </svg>
            <Typography variant="pi">{labels[key]}</Typography>
          </Flex>
        ))}
      </Flex>
    </Box>
  );
};
