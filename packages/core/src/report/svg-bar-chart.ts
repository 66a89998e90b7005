import { escapeHtml, formatNumber } from './html-text.js';

/** @internal One bar: its label and its value (finite, not negative). */
export interface ChartBar {
  readonly label: string;
  readonly value: number;
}

/** @internal A horizontal bar chart: what it shows, its unit, its bars, and the value of a full bar. */
export interface BarChart {
  /** Names the chart in the page (`data-chart`), e.g. `latency`. */
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  readonly bars: readonly ChartBar[];
  /** The value a full-width bar stands for; the largest bar's by default (100 for percentages). */
  readonly scaleMaximum?: number;
}

const WIDTH = 540;
const LABEL_WIDTH = 180;
const VALUE_WIDTH = 90;
const BAR_HEIGHT = 22;
const GAP = 10;
const TOP = 34;
const LABEL_CHARACTERS = 28;

/**
 * @internal An inline SVG bar chart, computed here so the page needs no script
 * and loads nothing: one `<rect class="bar">` per bar, its value written beside
 * it, every label escaped. A chart with no bar says there is nothing to show.
 */
export function svgBarChart(chart: BarChart): string {
  const bars = chart.bars.filter((bar) => Number.isFinite(bar.value) && bar.value >= 0);
  const height = TOP + Math.max(bars.length, 1) * (BAR_HEIGHT + GAP) + GAP;
  const largest = Math.max(chart.scaleMaximum ?? 0, ...bars.map((bar) => bar.value));
  const plotWidth = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const title = `${chart.title} (${chart.unit})`;
  const rows = bars.map((bar, index) => {
    const y = TOP + index * (BAR_HEIGHT + GAP);
    const width = largest > 0 ? Math.max((bar.value / largest) * plotWidth, bar.value > 0 ? 2 : 0) : 0;
    const value = `${formatNumber(bar.value)} ${chart.unit}`;
    return [
      `<g class="bar-row">`,
      `<title>${escapeHtml(`${bar.label}: ${value}`)}</title>`,
      `<text class="bar-label" x="${LABEL_WIDTH - 8}" y="${y + BAR_HEIGHT / 2}" text-anchor="end" dominant-baseline="middle">${escapeHtml(shorten(bar.label))}</text>`,
      `<rect class="bar" x="${LABEL_WIDTH}" y="${y}" width="${round(width)}" height="${BAR_HEIGHT}" rx="3" data-value="${escapeHtml(String(bar.value))}"/>`,
      `<text class="bar-value" x="${round(LABEL_WIDTH + width + 6)}" y="${y + BAR_HEIGHT / 2}" dominant-baseline="middle">${escapeHtml(value)}</text>`,
      '</g>',
    ].join('');
  });
  const empty =
    bars.length === 0
      ? [`<text class="bar-label" x="${LABEL_WIDTH}" y="${TOP + BAR_HEIGHT / 2}">nothing measured</text>`]
      : [];
  return [
    `<svg class="chart" data-chart="${escapeHtml(chart.id)}" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeHtml(title)}">`,
    `<text class="chart-title" x="0" y="18">${escapeHtml(title)}</text>`,
    `<line class="axis" x1="${LABEL_WIDTH}" y1="${TOP - 6}" x2="${LABEL_WIDTH}" y2="${height - GAP / 2}"/>`,
    ...rows,
    ...empty,
    '</svg>',
  ].join('\n');
}

/** A label that fits beside its bar: long ones keep their end (a resource's name), with an ellipsis. */
function shorten(label: string): string {
  return label.length <= LABEL_CHARACTERS ? label : `…${label.slice(-(LABEL_CHARACTERS - 1))}`;
}

function round(value: number): string {
  return String(Math.round(value * 10) / 10);
}
