import * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import type { SeriesPoint } from '../api/types';
import { countScale } from './chart-scale';

interface DeliveryChartProps {
  points: SeriesPoint[];
  interval: 'hour' | 'day';
  /** Accessible name of the chart. */
  title: string;
  labels: { sent: string; failed: string };
  /** Height of the drawing in pixels, whatever the width: the homepage widget has a fixed height. */
  height?: number;
}

const PAD = { top: 12, right: 12, bottom: 28, left: 40 };
const COLORS = { sent: '#328048', failed: '#d02b20' };
const FALLBACK_WIDTH = 720;

const label = (at: string, interval: 'hour' | 'day'): string => {
  const date = new Date(at);
  return interval === 'hour' ? `${String(date.getHours()).padStart(2, '0')}:00` : `${date.getMonth() + 1}/${date.getDate()}`;
};

/** The element's width in pixels, followed as it resizes. */
const useWidth = (ref: React.RefObject<HTMLElement>): number => {
  const [width, setWidth] = React.useState(FALLBACK_WIDTH);
  React.useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const measure = () => setWidth(Math.max(200, Math.floor(element.getBoundingClientRect().width)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
};

/**
 * Sent and failed deliveries per bucket as grouped bars, drawn as plain SVG (no chart library:
 * the admin bundle stays small). Drawn at the container's width and a fixed height, so it never
 * grows taller than its place (the widget scrolled to show its axis and legend when it did).
 */
export const DeliveryChart = ({ points, interval, title, labels, height = 220 }: DeliveryChartProps) => {
  const box = React.useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const { max, ticks } = countScale(Math.max(0, ...points.map((point) => Math.max(point.sent, point.failed))));
  const plotWidth = width - PAD.left - PAD.right;
  const plotHeight = height - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(points.length, 1);
  const bar = Math.max(1, slot * 0.38);
  const y = (value: number) => PAD.top + plotHeight - (value / max) * plotHeight;
  const every = Math.ceil(points.length / Math.max(2, Math.floor(plotWidth / 60))); // labels about 60 px apart

  return (
    <Box ref={box} width="100%">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" height={height} role="img" aria-label={title} data-testid="delivery-chart">
        {ticks.map((tick) => (
          <g key={tick} data-testid="chart-tick">
            <line x1={PAD.left} x2={width - PAD.right} y1={y(tick)} y2={y(tick)} stroke="#eaeaef" />
            <text x={PAD.left - 6} y={y(tick) + 4} fontSize="10" textAnchor="end" fill="#666687">
              {tick}
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
      <Flex gap={4} paddingTop={1} data-testid="chart-legend">
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
