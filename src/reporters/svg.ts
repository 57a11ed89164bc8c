// Inline SVG charts for the HTML reports: pure functions of numbers and (escaped) labels, no scripts,
// no external references. Colours are paired with shapes or dashes so a grey printout still reads.
import type { CheckResult, CheckStatus } from '../report/report.js';
import { html } from './escape.js';

export const STATUS_COLOUR: Record<CheckStatus, string> = { pass: '#1a7f37', warn: '#9a6700', fail: '#cf222e', skip: '#6e7781' };
const SERIES_COLOURS = ['#0969da', '#cf222e', '#1a7f37', '#8250df', '#bc4c00', '#0a7c86', '#bf3989', '#57606a'];
const SERIES_DASHES = ['', '6 3', '2 3', '8 3 2 3', '', '6 3', '2 3', '8 3 2 3'];

const fmt = (n: number) => (Math.round(n * 10) / 10).toString();

/** A ring showing the overall score out of 100. */
export function scoreGauge(score: number, passed: boolean): string {
  const radius = 42;
  const circumference = 2 * Math.PI * radius;
  const filled = (Math.max(0, Math.min(100, score)) / 100) * circumference;
  const colour = passed ? STATUS_COLOUR.pass : STATUS_COLOUR.fail;
  return `<svg class="gauge" viewBox="0 0 100 100" width="120" height="120" role="img" aria-label="Score ${fmt(score)} of 100">
<circle cx="50" cy="50" r="${radius}" fill="none" stroke="#d0d7de" stroke-width="10"/>
<circle cx="50" cy="50" r="${radius}" fill="none" stroke="${colour}" stroke-width="10" stroke-dasharray="${fmt(filled)} ${fmt(circumference)}" transform="rotate(-90 50 50)"/>
<text x="50" y="56" text-anchor="middle" font-size="22" font-weight="700" fill="#1f2328">${fmt(score)}</text>
</svg>`;
}

/**
 * One check as a bar chart: its score against the pass line, then each criterion's value (0-100 %) with
 * its weight, so the reader sees which criterion cost the points. The rows are HTML (labels wrap to any
 * width, never cut); only the bars are drawn, stretched to their column.
 */
export function checkChart(check: CheckResult): string {
  const colour = STATUS_COLOUR[check.status];
  const passAt = Math.max(0, Math.min(10, check.passScore)) * 10;
  const rows = [
    chartRow('Check score', check.score === null ? null : check.score / 10, check.score === null ? 'skipped' : `${fmt(check.score)}/10`, colour, passAt, true),
    ...check.criteria.map((criterion) => {
      const value = check.status === 'skip' ? null : criterion.value;
      return chartRow(criterion.title, value, value === null ? 'skipped' : `${Math.round(value * 100)}% ×${fmt(criterion.weight)}`, '#57606a');
    }),
  ];
  const aria = `${check.title}: ${check.score === null ? 'skipped' : `${fmt(check.score)} of 10`}, passes at ${fmt(check.passScore)}`;
  return `<div class="chart" role="group" aria-label="${html(aria, 200)}">${rows.join('')}</div>`;
}

function chartRow(label: string, value: number | null, text: string, fill: string, passAt?: number, strong = false): string {
  return `<div class="bar-row${strong ? ' strong' : ''}"><span class="bar-label">${html(label, 300)}</span>${stretchedBar(value, fill, passAt)}<span class="bar-value">${html(text)}</span></div>`;
}

/**
 * A bar drawn in a 100-unit-wide box and stretched to its column (preserveAspectRatio none), so lengths are
 * percentages at any width; the pass line (a dark tick) keeps its thickness while the box stretches.
 */
function stretchedBar(value: number | null, fill: string, passAt?: number): string {
  const filled = value === null ? '' : `<rect width="${fmt(Math.max(0, Math.min(1, value)) * 100)}" height="13" fill="${fill}"/>`;
  const pass = passAt === undefined ? '' : `<line x1="${fmt(passAt)}" y1="0" x2="${fmt(passAt)}" y2="13" stroke="#1f2328" stroke-width="2" vector-effect="non-scaling-stroke"/>`;
  return `<svg class="bar" viewBox="0 0 100 13" preserveAspectRatio="none" aria-hidden="true"><rect width="100" height="13" fill="#eaeef2"/>${filled}${pass}</svg>`;
}

/** A small horizontal bar for tables: score out of 10 in the status colour. */
export function miniBar(score: number | null, status: CheckStatus): string {
  const w = score === null ? 0 : (Math.max(0, Math.min(10, score)) / 10) * 100;
  return `<svg class="mini" viewBox="0 0 100 10" width="100" height="10" role="img" aria-label="${score === null ? 'skipped' : `${fmt(score)} of 10`}"><rect width="100" height="10" fill="#eaeef2" rx="2"/><rect width="${fmt(w)}" height="10" fill="${STATUS_COLOUR[status]}" rx="2"/></svg>`;
}

export interface TrendSeries {
  name: string;
  /** One value per audit (same order as the dates); null when the engagement was not scanned then. */
  scores: Array<number | null>;
}

/** Scores (0-100) of each engagement over the recorded audits. */
export function trendChart(dates: readonly string[], series: readonly TrendSeries[]): string {
  const left = 40;
  const top = 12;
  const plotWidth = 640;
  const plotHeight = 220;
  const height = top + plotHeight + 28;
  const width = left + plotWidth + 48;
  const x = (index: number) => left + (dates.length <= 1 ? plotWidth / 2 : (index / (dates.length - 1)) * plotWidth);
  const y = (score: number) => top + plotHeight - (Math.max(0, Math.min(100, score)) / 100) * plotHeight;
  const parts: string[] = [];
  for (const tick of [0, 25, 50, 75, 100]) {
    parts.push(`<line x1="${left}" y1="${fmt(y(tick))}" x2="${left + plotWidth}" y2="${fmt(y(tick))}" stroke="#d0d7de" stroke-width="1"/>`);
    parts.push(`<text x="${left - 6}" y="${fmt(y(tick) + 4)}" text-anchor="end" font-size="11" fill="#57606a">${tick}</text>`);
  }
  const labelEvery = Math.max(1, Math.ceil(dates.length / 8));
  dates.forEach((date, index) => {
    if (index % labelEvery !== 0 && index !== dates.length - 1) return;
    const anchor = dates.length > 1 && index === dates.length - 1 ? 'end' : index === 0 && dates.length > 1 ? 'start' : 'middle';
    parts.push(`<text x="${fmt(x(index))}" y="${top + plotHeight + 18}" text-anchor="${anchor}" font-size="11" fill="#57606a">${html(date.slice(0, 10))}</text>`);
  });
  series.forEach((entry, s) => {
    const colour = SERIES_COLOURS[s % SERIES_COLOURS.length];
    const dash = SERIES_DASHES[s % SERIES_DASHES.length];
    // A gap (unscanned audit) breaks the line rather than drawing through it.
    let segment: string[] = [];
    const flush = () => {
      if (segment.length > 1) parts.push(`<polyline points="${segment.join(' ')}" fill="none" stroke="${colour}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`);
      segment = [];
    };
    entry.scores.forEach((score, index) => {
      if (score === null) return flush();
      segment.push(`${fmt(x(index))},${fmt(y(score))}`);
      parts.push(`<circle cx="${fmt(x(index))}" cy="${fmt(y(score))}" r="3" fill="${colour}"><title>${html(`${entry.name}: ${score} on ${dates[index]?.slice(0, 10) ?? ''}`, 200)}</title></circle>`);
    });
    flush();
  });
  const aria = `Scores of ${series.length} engagement(s) over ${dates.length} audit(s)`;
  return `<svg class="trend" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px" role="img" aria-label="${html(aria)}">${parts.join('')}</svg>`;
}

/** The trend chart's key, as HTML so names wrap at any width: each engagement's line colour and dash, then its name. */
export function trendLegend(series: readonly TrendSeries[]): string {
  const items = series.map((entry, s) => {
    const colour = SERIES_COLOURS[s % SERIES_COLOURS.length];
    const dash = SERIES_DASHES[s % SERIES_DASHES.length];
    return `<li><svg width="24" height="8" aria-hidden="true"><line x1="0" y1="4" x2="24" y2="4" stroke="${colour}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/></svg> ${html(entry.name, 200)}</li>`;
  });
  return `<ul class="legend">${items.join('')}</ul>`;
}
