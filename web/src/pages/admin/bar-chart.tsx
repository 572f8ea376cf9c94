/**
 * A small horizontal bar chart in SVG, drawn by hand (no chart library: the console stays a
 * small chunk). Each bar has its label above it, so the chart stays readable at phone width.
 * Screen readers get the numbers from the SVG's title and description.
 */
import { useId } from 'preact/hooks';

export interface Bar {
  label: string;
  value: number;
}

const WIDTH = 340;
const ROW = 46;
const BAR = 16;
const VALUE_ROOM = 60;

/** A round number at or above `max`, so the longest bar ends at a readable scale. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= max) return m * step;
  return 10 * step;
}

interface BarChartProps {
  title: string;
  bars: Bar[];
  format(n: number): string;
}

export function BarChart({ title, bars, format }: BarChartProps) {
  const id = useId();
  const scale = niceMax(Math.max(0, ...bars.map((b) => b.value)));
  const span = WIDTH - VALUE_ROOM;
  return (
    <figure class="bar-chart" data-testid="stats-chart">
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${bars.length * ROW}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
      >
        <desc id={`${id}-desc`}>
          {bars.map((b) => `${b.label}: ${format(b.value)}`).join('; ')}
        </desc>
        {bars.map((bar, i) => {
          const y = i * ROW;
          // A non-zero count always shows a sliver, so it never reads as zero.
          const length = Math.max(bar.value > 0 ? 3 : 0, (bar.value / scale) * span);
          return (
            <g key={bar.label} data-testid="chart-bar">
              <text x="0" y={y + 14} class="bar-label">
                {bar.label}
              </text>
              <rect x="0" y={y + 22} width={span} height={BAR} rx="4" class="bar-track" />
              <rect
                x="0"
                y={y + 22}
                width={length}
                height={BAR}
                rx="4"
                class={`bar-fill bar-${i % 3}`}
              />
              <text x={length + 6} y={y + 22 + BAR - 3} class="bar-value">
                {format(bar.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
