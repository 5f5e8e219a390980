// Formatting shared by the pages. Pure functions (unit-tested in test/format.test.ts).
import type { Role } from './types';

const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  operator: 'Operator',
  auditor: 'Auditor',
};

export function roleLabel(role: string): string {
  return (ROLE_LABELS as Record<string, string>)[role] ?? role;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** "2026-11-27 08:05:09" in the browser's time zone; "" for missing values, the input if unparsable. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "08:05" in the browser's time zone. */
export function clock(iso: string | Date): string {
  const d = iso instanceof Date ? iso : new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A duration in words: "45 s", "3 min 05 s", "2 h 04 min", "3 days 2 h". */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${pad(s % 60)} s`;
  const hrs = Math.floor(m / 60);
  if (hrs < 24) return `${hrs} h ${pad(m % 60)} min`;
  const days = Math.floor(hrs / 24);
  return `${days} ${days === 1 ? 'day' : 'days'} ${hrs % 24} h`;
}

/** Time between two ISO instants (the second defaulting to now). */
export function between(startIso: string | null | undefined, endIso?: string | null, now: number = Date.now()): string {
  if (!startIso) return '';
  const start = Date.parse(startIso);
  const end = endIso ? Date.parse(endIso) : now;
  if (Number.isNaN(start) || Number.isNaN(end)) return '';
  return duration(end - start);
}

/** "203.0.113.5:5060", "[2001:db8::1]:5060". */
export function hostPort(address: string, port: number): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** Plain-words names of SIP dialog states, for people who are not SIP experts. */
export function callStateLabel(state: string): string {
  switch (state.toUpperCase()) {
    case 'EARLY': return 'Ringing';
    case 'CONFIRMED': return 'Connected';
    case 'TERMINATED': return 'Ending';
    case 'TRYING':
    case 'PROCEEDING':
    case 'INITIAL': return 'Setting up';
    default: return state;
  }
}

/** Status colour class of a call, bundle or health state. */
export function stateTone(state: string): 'ok' | 'warn' | 'bad' | 'neutral' {
  switch (state.toUpperCase()) {
    case 'OK':
    case 'ACTIVE':
    case 'CONFIRMED':
      return 'ok';
    case 'DEGRADED':
    case 'STARTING':
    case 'STOPPING':
    case 'EARLY':
    case 'TRYING':
    case 'PROCEEDING':
    case 'INITIAL':
      return 'warn';
    case 'INSTALLED':
    case 'UNINSTALLED':
    case 'FAILED':
    case 'DOWN':
      return 'bad';
    default:
      return 'neutral';
  }
}

/** "1,234" style grouping without depending on the browser locale. */
export function count(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
