// Pure layout of the SIP ladder diagram of an event (GET /events/{id}/ladder): one column (lifeline)
// per party, left to right in the order the API gives; one row per message in time order, an arrow
// from its sender's column to its receiver's, labelled with its start line (shortened to fit, the
// full text goes into a tooltip) and its time since the first message. No DOM here: the page turns
// the numbers into SVG (unit-tested in test/ladder-model.test.ts).
import { truncate } from './events-model';
import type { Ladder, LadderMessage, LadderParty } from './types';

export interface LadderOptions {
  /** Horizontal distance between two lifelines. */
  columnWidth: number;
  /** Room left of the first column for the time offsets. */
  left: number;
  /** Right margin. */
  right: number;
  /** Top of the party boxes. */
  headerTop: number;
  /** Height of the party boxes. */
  headerHeight: number;
  /** Vertical distance between two messages. */
  rowHeight: number;
  /** Below the last message. */
  bottom: number;
  /** Average width of a label character (12 px monospace ≈ 7.2). */
  charWidth: number;
  /** Width and height of the loop of a message a party sends to itself. */
  loopWidth: number;
  loopHeight: number;
}

export const DEFAULT_LADDER_OPTIONS: Readonly<LadderOptions> = {
  columnWidth: 250,
  left: 86,
  right: 16,
  headerTop: 8,
  headerHeight: 44,
  rowHeight: 38,
  bottom: 24,
  charWidth: 7.2,
  loopWidth: 32,
  loopHeight: 14,
};

export type ArrowDirection = 'right' | 'left' | 'self';

export interface LadderColumn {
  id: string;
  /** The label, shortened to fit the column. */
  label: string;
  fullLabel: string;
  zone: string | null;
  /** The lifeline's x. */
  x: number;
  /** Not among the API's parties: a message named it. */
  extra: boolean;
}

export interface LadderRow {
  /** Position in time order. */
  index: number;
  y: number;
  fromX: number;
  toX: number;
  direction: ArrowDirection;
  /** The start line, shortened to fit between the two lifelines. */
  label: string;
  /** Where the label goes (its anchor) and how it is anchored. */
  labelX: number;
  labelY: number;
  labelAnchor: 'middle' | 'start';
  /** The start line in full. */
  summary: string;
  /** "+0 ms", "+12 ms", "+1.250 s", "+2 min 05 s"; "" when the time is unreadable. */
  offset: string;
  /** The arrow head (SVG polygon points). */
  head: string;
  /** The arrow's path (SVG path data): a straight line, or a loop for a message to oneself. */
  path: string;
  /** The tooltip: the full start line, the time, transport and CSeq. */
  title: string;
  evidence: boolean;
  message: LadderMessage;
}

export interface LadderLayout {
  width: number;
  height: number;
  columns: LadderColumn[];
  rows: LadderRow[];
  /** Where the lifelines start and end. */
  lifelineTop: number;
  lifelineBottom: number;
  /** False when the appliance held only the evidence message. */
  complete: boolean;
  /** The options the layout was made with (sizes of the party boxes etc.). */
  options: LadderOptions;
}

/** Time since the first message: "+0 ms", "+12 ms", "+1.250 s", "+2 min 05 s". */
export function elapsedText(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const v = Math.max(0, Math.round(ms));
  if (v < 1000) return `+${v} ms`;
  if (v < 60_000) return `+${(v / 1000).toFixed(3)} s`;
  const totalS = Math.floor(v / 1000);
  const m = Math.floor(totalS / 60);
  const s = totalS % 60;
  if (m < 60) return `+${m} min ${String(s).padStart(2, '0')} s`;
  return `+${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** How many label characters fit into `px` (at least 4). */
export function charsFitting(px: number, charWidth: number): number {
  return Math.max(4, Math.floor((px - 12) / charWidth));
}

/** The messages in time order; equal or unreadable times keep the API's order. */
export function timeOrder(messages: readonly LadderMessage[]): LadderMessage[] {
  return messages
    .map((m, i) => ({ m, i, t: Date.parse(m.time) }))
    .sort((a, b) => {
      const ta = Number.isNaN(a.t) ? Number.POSITIVE_INFINITY : a.t;
      const tb = Number.isNaN(b.t) ? Number.POSITIVE_INFINITY : b.t;
      return ta === tb ? a.i - b.i : ta - tb;
    })
    .map((x) => x.m);
}

/**
 * The columns: the API's parties in their order (a repeated id counts once), then any party a
 * message names that is not among them, in order of appearance.
 */
export function ladderParties(parties: readonly LadderParty[], messages: readonly LadderMessage[]): (LadderParty & { extra: boolean })[] {
  const out: (LadderParty & { extra: boolean })[] = [];
  const seen = new Set<string>();
  for (const p of parties) {
    if (!p || typeof p.id !== 'string' || seen.has(p.id)) continue;
    seen.add(p.id);
    out.push({ id: p.id, label: p.label || p.id, zone: p.zone ?? null, extra: false });
  }
  for (const m of messages) {
    for (const id of [m.from, m.to]) {
      if (typeof id === 'string' && !seen.has(id)) {
        seen.add(id);
        out.push({ id, label: id, zone: null, extra: true });
      }
    }
  }
  return out;
}

/** The points of an arrow head whose tip is at (x, y), pointing right or left. */
export function arrowHead(x: number, y: number, pointing: 'right' | 'left', size = 8): string {
  const back = pointing === 'right' ? x - size : x + size;
  const half = size / 2;
  return `${x},${y} ${back},${y - half} ${back},${y + half}`;
}

function titleOf(m: LadderMessage, offset: string): string {
  const facts = [
    m.time + (offset ? ` (${offset})` : ''),
    m.transport || '',
    m.cseq ? `CSeq ${m.cseq}` : '',
    m.evidence ? 'the message the event quotes' : '',
  ].filter((s) => s !== '');
  return `${m.summary}\n${facts.join(' · ')}`;
}

/** The layout of a ladder. */
export function layoutLadder(ladder: Ladder, options: Partial<LadderOptions> = {}): LadderLayout {
  const o: LadderOptions = { ...DEFAULT_LADDER_OPTIONS, ...options };
  const messages = timeOrder(ladder.messages ?? []);
  const parties = ladderParties(ladder.parties ?? [], messages);
  const labelChars = charsFitting(o.columnWidth, o.charWidth);
  const columns: LadderColumn[] = parties.map((p, i) => ({
    id: p.id,
    label: truncate(p.label, labelChars),
    fullLabel: p.label,
    zone: p.zone,
    x: o.left + o.columnWidth * (i + 0.5),
    extra: p.extra,
  }));
  const xOf = new Map(columns.map((c) => [c.id, c.x]));
  const lifelineTop = o.headerTop + o.headerHeight;
  const first = messages.map((m) => Date.parse(m.time)).find((t) => !Number.isNaN(t));

  const rows: LadderRow[] = messages.map((m, index) => {
    const y = lifelineTop + o.rowHeight * (index + 1);
    const fromX = xOf.get(m.from) ?? o.left;
    const toX = xOf.get(m.to) ?? o.left;
    const t = Date.parse(m.time);
    const offset = first === undefined || Number.isNaN(t) ? '' : elapsedText(t - first);
    const summary = typeof m.summary === 'string' ? m.summary : '';
    const evidence = m.evidence === true;
    const base = { index, y, fromX, toX, summary, offset, title: titleOf({ ...m, summary }, offset), evidence, message: m };
    if (fromX === toX) {
      const right = fromX + o.loopWidth;
      const bottom = y + o.loopHeight;
      return {
        ...base,
        direction: 'self' as const,
        label: truncate(summary, charsFitting(o.columnWidth - o.loopWidth, o.charWidth)),
        labelX: right + 6,
        labelY: y + 4,
        labelAnchor: 'start' as const,
        head: arrowHead(fromX, bottom, 'left'),
        path: `M ${fromX} ${y} H ${right} V ${bottom} H ${fromX}`,
      };
    }
    const direction: ArrowDirection = toX > fromX ? 'right' : 'left';
    return {
      ...base,
      direction,
      label: truncate(summary, charsFitting(Math.abs(toX - fromX), o.charWidth)),
      labelX: (fromX + toX) / 2,
      labelY: y - 7,
      labelAnchor: 'middle' as const,
      head: arrowHead(toX, y, direction),
      path: `M ${fromX} ${y} H ${toX}`,
    };
  });

  const lastY = rows.length ? (rows[rows.length - 1]?.y ?? lifelineTop) : lifelineTop;
  const selfAtEnd = rows.length > 0 && rows[rows.length - 1]?.direction === 'self' ? o.loopHeight : 0;
  const lifelineBottom = lastY + selfAtEnd + o.rowHeight / 2;
  return {
    width: o.left + o.columnWidth * Math.max(1, columns.length) + o.right,
    height: lifelineBottom + o.bottom,
    columns,
    rows,
    lifelineTop,
    lifelineBottom,
    complete: ladder.complete !== false,
    options: o,
  };
}

/**
 * A ladder from whatever the API returned, or null when it is not one. Missing lists count as
 * empty, a missing `complete` as true; messages without sender or receiver are dropped.
 */
export function readLadder(raw: unknown): Ladder | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const parties: LadderParty[] = Array.isArray(r.parties)
    ? r.parties.flatMap((p: unknown) => {
      if (!p || typeof p !== 'object') return [];
      const q = p as Record<string, unknown>;
      const id = str(q.id);
      return id === null ? [] : [{ id, label: str(q.label) ?? id, zone: str(q.zone) }];
    })
    : [];
  const messages: LadderMessage[] = Array.isArray(r.messages)
    ? r.messages.flatMap((m: unknown) => {
      if (!m || typeof m !== 'object') return [];
      const q = m as Record<string, unknown>;
      const from = str(q.from);
      const to = str(q.to);
      if (from === null || to === null) return [];
      return [{
        time: str(q.time) ?? '',
        from,
        to,
        transport: str(q.transport),
        summary: str(q.summary) ?? '',
        cseq: str(q.cseq),
        evidence: q.evidence === true,
      }];
    })
    : [];
  return {
    eventId: typeof r.eventId === 'number' ? r.eventId : 0,
    callId: str(r.callId),
    complete: r.complete !== false,
    parties,
    messages,
  };
}

/** A sentence for screen readers: "5 SIP messages between 203.0.113.7:5060, Bulwark and 127.0.0.1:5080". */
export function ladderDescription(layout: LadderLayout): string {
  const names = layout.columns.map((c) => c.fullLabel);
  const between = names.length <= 1
    ? names.join('')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const n = layout.rows.length;
  return `${n} SIP ${n === 1 ? 'message' : 'messages'}${between ? ` between ${between}` : ''}`;
}
