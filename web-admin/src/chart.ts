// Dashboard charts: SVG built in code (no library, nothing inline for the CSP to block).
// Call rate: bars = calls started per interval, line = calls in progress.
// Attacks: stacked bars = events per minute by level (network, application, content).
import { ATTACK_LEVELS, pointSummary, safeCount, maxPointTotal } from './attacks-model';
import { clock } from './format';
import { h, svg } from './dom';
import type { CallRate, EventSummary } from './types';

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

/** The parts every time chart shares: y scale, grid with ticks, time labels, hover areas. */
interface Frame {
  slot: number;
  plotH: number;
  x: (i: number) => number;
  y: (v: number) => number;
  grid: SVGElement[];
  labels: SVGElement[];
  hovers: SVGElement[];
}

function frame(times: string[], max: number, tooltip: (i: number) => string): Frame {
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const { top, step } = niceScale(Math.max(1, max));
  const slot = plotW / times.length;
  const x = (i: number) => PAD.left + i * slot;
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;

  const grid: SVGElement[] = [];
  for (let v = 0; v <= top; v += step) {
    grid.push(svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: v === 0 ? 'axis' : 'grid' }));
    grid.push(svg('text', { x: PAD.left - 6, y: y(v) + 4, class: 'tick tick-y' }, String(v)));
  }

  // About six time labels whatever the number of points.
  const labels: SVGElement[] = [];
  const every = Math.max(1, Math.ceil(times.length / 6));
  for (let i = 0; i < times.length; i += every) {
    const t = times[i];
    if (t) labels.push(svg('text', { x: x(i) + slot / 2, y: H - 8, class: 'tick tick-x' }, clock(t)));
  }

  // Invisible hover areas with a native tooltip per interval.
  const hovers = times.map((_, i) =>
    svg('rect', { x: x(i), y: PAD.top, width: slot, height: plotH, class: 'hover' }, svg('title', null, tooltip(i))));

  return { slot, plotH, x, y, grid, labels, hovers };
}

function legendItem(swatch: string, text: string): HTMLElement {
  return h('span', { class: 'legend-item' }, h('span', { class: `swatch ${swatch}` }), text);
}

export function callRateChart(data: CallRate): HTMLElement {
  const points = data.points ?? [];
  const legend = h('div', { class: 'chart-legend' },
    legendItem('swatch-started', `Calls started per ${data.intervalSeconds || 10} s`),
    legendItem('swatch-active', 'Calls in progress'));
  if (points.length === 0) {
    return h('div', { class: 'chart' }, legend, h('div', { class: 'chart-empty' }, 'No call data yet. The chart fills in as calls are made.'));
  }

  const max = Math.max(1, ...points.map((p) => Math.max(p.callsStarted, p.activeCalls)));
  const f = frame(points.map((p) => p.time), max,
    (i) => `${clock(points[i].time)} — ${points[i].callsStarted} started, ${points[i].activeCalls} in progress`);
  const { slot, x, y } = f;

  const barW = Math.max(1, slot * 0.7);
  const bars = points.map((p, i) =>
    p.callsStarted > 0
      ? svg('rect', { x: x(i) + (slot - barW) / 2, y: y(p.callsStarted), width: barW, height: Math.max(0, y(0) - y(p.callsStarted)), class: 'bar' })
      : null);

  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${(x(i) + slot / 2).toFixed(1)},${y(p.activeCalls).toFixed(1)}`).join(' ');

  const last = points[points.length - 1];
  const chart = svg('svg', {
    viewBox: `0 0 ${W} ${H}`, class: 'chart-svg', role: 'img',
    'aria-label': `Call rate over the last ${Math.round((points.length * (data.intervalSeconds || 10)) / 60)} minutes`,
  },
  f.grid, bars, svg('path', { d: path, class: 'line' }), f.labels, f.hovers);

  return h('div', { class: 'chart' }, legend, chart,
    last ? h('div', { class: 'chart-caption' }, `Latest (${clock(last.time)}): ${last.callsStarted} started, ${last.activeCalls} in progress`) : null);
}

/** Security events per bucket (a minute), stacked by level: network at the bottom, then application, then content. */
export function attacksChart(data: EventSummary): HTMLElement {
  const points = data.points ?? [];
  const legend = h('div', { class: 'chart-legend' },
    ATTACK_LEVELS.map((l) => legendItem(`swatch-${l.key}`, l.label)));
  if (points.length === 0) {
    return h('div', { class: 'chart' }, legend, h('div', { class: 'chart-empty' }, 'No event data yet.'));
  }

  const f = frame(points.map((p) => p.time), maxPointTotal(points), (i) => pointSummary(points[i], clock(points[i].time)));
  const { slot, x, y } = f;
  const barW = Math.max(1, slot * 0.7);
  const bars: SVGElement[] = [];
  points.forEach((p, i) => {
    let base = 0;
    for (const l of ATTACK_LEVELS) {
      const n = safeCount(p[l.key]);
      if (n === 0) continue;
      bars.push(svg('rect', {
        x: x(i) + (slot - barW) / 2, y: y(base + n), width: barW, height: Math.max(0, y(base) - y(base + n)), class: `bar bar-${l.key}`,
      }));
      base += n;
    }
  });

  const minutes = Math.round((points.length * (data.bucketSeconds || 60)) / 60);
  const chart = svg('svg', {
    viewBox: `0 0 ${W} ${H}`, class: 'chart-svg', role: 'img',
    'aria-label': `Security events per minute over the last ${minutes} minutes, by level`,
  },
  f.grid, bars, f.labels, f.hovers);
  return h('div', { class: 'chart' }, legend, chart);
}
