// Pure logic of the dashboard's attack cards (GET /events/summary): the three levels and their
// names, totals per level, the wording of detector kinds. No DOM here (unit-tested in
// test/attacks-model.test.ts).
import { count } from './format';
import type { EventPoint } from './types';

export type AttackLevel = 'network' | 'application' | 'content';

/** The levels in the order they are stacked (bottom first) and listed. */
export const ATTACK_LEVELS: readonly { key: AttackLevel; label: string }[] = [
  { key: 'network', label: 'Network (floods)' },
  { key: 'application', label: 'Application (SIP attacks)' },
  { key: 'content', label: 'Content (media)' },
];

export type LevelTotals = Record<AttackLevel, number>;

/** A count from the API as a non-negative whole number (missing or odd values count as 0). */
export function safeCount(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.trunc(v) : 0;
}

/** Events of one point over all levels. */
export function pointTotal(p: EventPoint): number {
  return ATTACK_LEVELS.reduce((sum, l) => sum + safeCount(p[l.key]), 0);
}

/** Events per level over all points. */
export function levelTotals(points: readonly EventPoint[] | null | undefined): LevelTotals {
  const t: LevelTotals = { network: 0, application: 0, content: 0 };
  for (const p of points ?? []) for (const l of ATTACK_LEVELS) t[l.key] += safeCount(p[l.key]);
  return t;
}

/** The highest per-point total (the stacked bar height), at least 0. */
export function maxPointTotal(points: readonly EventPoint[] | null | undefined): number {
  return (points ?? []).reduce((m, p) => Math.max(m, pointTotal(p)), 0);
}

/** "1 event" / "12 events". */
export function eventsText(n: number): string {
  return `${count(n)} ${n === 1 ? 'event' : 'events'}`;
}

/**
 * The line under the chart: "Network (floods): 12 · Application (SIP attacks): 3 · Content
 * (media): 0", or a calm sentence when nothing happened.
 */
export function totalsLine(totals: LevelTotals, minutes = 60): string {
  const all = ATTACK_LEVELS.reduce((sum, l) => sum + totals[l.key], 0);
  const span = minutes === 60 ? 'the last hour' : `the last ${minutes} minutes`;
  if (all === 0) return `No attacks in ${span}.`;
  const parts = ATTACK_LEVELS.map((l) => `${l.label}: ${count(totals[l.key])}`).join(' · ');
  return `${eventsText(all)} in ${span}: ${parts}`;
}

/** A tooltip for one minute: "08:05 — 3 events: 2 network, 1 application, 0 content". */
export function pointSummary(p: EventPoint, time: string): string {
  const detail = ATTACK_LEVELS.map((l) => `${count(safeCount(p[l.key]))} ${l.key}`).join(', ');
  return `${time} — ${eventsText(pointTotal(p))}: ${detail}`;
}

const KIND_WORDS: Record<string, string> = {
  'network.flood': 'flood',
  'sip.malformed': 'malformed SIP',
};

/** A detector kind in plain words where known ("network.flood" → "flood"), else as is. */
export function kindLabel(kind: string | null | undefined): string {
  if (!kind) return '';
  return KIND_WORDS[kind] ?? kind;
}

/** The note shown in the attack cards when GET /events/summary fails (status 0 = no connection). */
export function summaryProblem(status: number, message: string): string {
  if (status === 503) return 'Attack statistics are not available right now: the appliance is not collecting security events (HTTP 503).';
  if (status === 403) return `You may not see the attack statistics: ${message}`;
  return status > 0
    ? `Could not load the attack statistics: ${message} (HTTP ${status}).`
    : `Could not load the attack statistics: ${message}`;
}
