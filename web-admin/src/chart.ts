// Call-rate chart: SVG built in code (no library, nothing inline for the CSP to block).
// Bars: calls started per interval. Line: calls in progress.
import { clock } from './format';
import { h, svg } from './dom';
import type { CallRate } from './types';

const W = 800;
const H = 220;
const PAD = { left: 40, right: 12, top: 12, bottom: 26 };

/** A "nice" upper bound for the y axis and its tick step: 1, 2 or 5 × 10^n. */
export function niceScale(max: number, ticks = 4): { top: number; step: number } {
  if (!Number.isFinite(max) || max <= 0) return { top: ticks, step: 1 };
  const raw = max / ticks;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const norm = raw / mag;
  const step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
  const wholeStep = Math.max(1, Math.round(step));
  return { top: Math.ceil(max / wholeStep) * wholeStep, step: wholeStep };
}

export function callRateChart(data: CallRate): HTMLElement {
  const points = data.points ?? [];
  const legend = h('div', { class: 'chart-legend' },
    h('span', { class: 'legend-item' }, h('span', { class: 'swatch swatch-started' }), `Calls started per ${data.intervalSeconds || 10} s`),
    h('span', { class: 'legend-item' }, h('span', { class: 'swatch swatch-active' }), 'Calls in progress'));
  if (points.length === 0) {
    return h('div', { class: 'chart' }, legend, h('div', { class: 'chart-empty' }, 'No call data yet. The chart fills in as calls are made.'));
  }

  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const max = Math.max(1, ...points.map((p) => Math.max(p.callsStarted, p.activeCalls)));
  const { top, step } = niceScale(max);
  const slot = plotW / points.length;
  const x = (i: number) => PAD.left + i * slot;
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;

  const grid: SVGElement[] = [];
  for (let v = 0; v <= top; v += step) {
    grid.push(svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: v === 0 ? 'axis' : 'grid' }));
    grid.push(svg('text', { x: PAD.left - 6, y: y(v) + 4, class: 'tick tick-y' }, String(v)));
  }

  // A time label roughly every 10 minutes (every 6th point at 10 s would be 1 min; pick by count).
  const labels: SVGElement[] = [];
  const every = Math.max(1, Math.ceil(points.length / 6));
  for (let i = 0; i < points.length; i += every) {
    const p = points[i];
    if (p) labels.push(svg('text', { x: x(i) + slot / 2, y: H - 8, class: 'tick tick-x' }, clock(p.time)));
  }

  const barW = Math.max(1, slot * 0.7);
  const bars = points.map((p, i) =>
    p.callsStarted > 0
      ? svg('rect', { x: x(i) + (slot - barW) / 2, y: y(p.callsStarted), width: barW, height: Math.max(0, y(0) - y(p.callsStarted)), class: 'bar' })
      : null);

  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${(x(i) + slot / 2).toFixed(1)},${y(p.activeCalls).toFixed(1)}`).join(' ');

  // Invisible hover areas with a native tooltip per interval.
  const hovers = points.map((p, i) =>
    svg('rect', { x: x(i), y: PAD.top, width: slot, height: plotH, class: 'hover' },
      svg('title', null, `${clock(p.time)} — ${p.callsStarted} started, ${p.activeCalls} in progress`)));

  const last = points[points.length - 1];
  const chart = svg('svg', {
    viewBox: `0 0 ${W} ${H}`, class: 'chart-svg', role: 'img',
    'aria-label': `Call rate over the last ${Math.round((points.length * (data.intervalSeconds || 10)) / 60)} minutes`,
  },
  grid, bars, svg('path', { d: path, class: 'line' }), labels, hovers);

  return h('div', { class: 'chart' }, legend, chart,
    last ? h('div', { class: 'chart-caption' }, `Latest (${clock(last.time)}): ${last.callsStarted} started, ${last.activeCalls} in progress`) : null);
}
