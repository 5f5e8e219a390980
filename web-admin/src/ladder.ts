// The SIP ladder diagram of an event: SVG built in code from the layout of src/ladder-model.ts
// (no library, nothing inline for the CSP to block; presentation attributes only).
import { svg } from './dom';
import { ladderDescription, type LadderLayout } from './ladder-model';

/**
 * The diagram: party boxes and lifelines, one arrow per message (`data-testid="ladder-arrow"`; the
 * message the event quotes also has `data-evidence="true"` and a highlighted band), labels with the
 * start line and the time since the first message; tooltips with the full text.
 */
export function ladderSvg(layout: LadderLayout, zoneName: (zone: string) => string): SVGElement {
  const o = layout.options;
  const description = ladderDescription(layout);
  return svg('svg', {
    class: 'ladder-svg',
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    width: layout.width,
    height: layout.height,
    role: 'img',
    'aria-label': description,
    'data-testid': 'event-ladder',
    'data-complete': String(layout.complete),
  },
  svg('title', null, description),
  layout.rows.filter((r) => r.evidence).map((r) =>
    svg('rect', { class: 'ladder-evidence-band', x: 0, y: r.y - o.rowHeight + 12, width: layout.width, height: o.rowHeight + (r.direction === 'self' ? o.loopHeight : 0) - 4, rx: 4 })),
  layout.columns.map((c) => svg('line', { class: 'ladder-lifeline', x1: c.x, x2: c.x, y1: layout.lifelineTop, y2: layout.lifelineBottom })),
  layout.columns.map((c) => svg('g', { class: c.extra ? 'ladder-party ladder-party-extra' : 'ladder-party', 'data-party': c.id },
    svg('title', null, c.zone ? `${c.fullLabel} (${zoneName(c.zone)})` : c.fullLabel),
    svg('rect', { class: 'ladder-party-box', x: c.x - o.columnWidth / 2 + 10, y: o.headerTop, width: o.columnWidth - 20, height: o.headerHeight, rx: 6 }),
    svg('text', { class: 'ladder-party-label', x: c.x, y: o.headerTop + (c.zone ? 18 : 27), 'text-anchor': 'middle' }, c.label),
    c.zone ? svg('text', { class: 'ladder-party-zone', x: c.x, y: o.headerTop + 35, 'text-anchor': 'middle' }, zoneName(c.zone)) : null)),
  layout.rows.map((r) => svg('g', {
    class: `ladder-arrow ladder-${r.direction}${r.evidence ? ' ladder-arrow-evidence' : ''}`,
    'data-testid': 'ladder-arrow',
    'data-evidence': r.evidence ? 'true' : undefined,
    'data-index': r.index,
  },
  svg('title', null, r.title),
  svg('text', { class: 'ladder-offset', x: 8, y: r.y + 4 }, r.offset),
  svg('path', { class: 'ladder-line', d: r.path }),
  svg('polygon', { class: 'ladder-head', points: r.head }),
  svg('text', { class: 'ladder-label', x: r.labelX, y: r.labelY, 'text-anchor': r.labelAnchor }, r.label))));
}
