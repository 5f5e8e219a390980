// Pure logic of the Events page (#/events): the filters, their place in the hash
// (#/events?source=203.0.113.7&kind=sip.) and in the API query (GET /events?...), their checks
// before anything is sent, the server's 400 mapped back to a filter, and the wording of a row.
// No DOM here (unit-tested in test/events-model.test.ts).
import { parseScope } from './bans-model';
import { hostPort } from './format';
import { hashWith } from './hash';
import type { FieldError } from './types';

/** Events per page (the API allows 1 to 500). */
export const PAGE_SIZE = 50;
/** Limits of the API (SecurityEventQuery). */
export const MAX_Q = 200;
export const MAX_KIND = 64;

export const EVENT_LEVELS: readonly { value: string; label: string }[] = [
  { value: 'NETWORK', label: 'Network (floods)' },
  { value: 'APPLICATION', label: 'Application (SIP attacks)' },
  { value: 'CONTENT', label: 'Content (media)' },
];

/** Least severe first, as the API orders them. */
export const SEVERITIES: readonly string[] = ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

/** Kinds the detectors report, and their families (prefixes), offered as suggestions in the kind filter. */
export const KNOWN_KINDS: readonly string[] = [
  'network.', 'network.flood', 'network.enforcement-failed',
  'sip.', 'sip.malformed', 'sip.nonconformant', 'sip.scanner', 'sip.brute-force', 'sip.brute-force-user',
  'sip.harvesting', 'sip.harvesting-masked', 'sip.registration-hijack', 'sip.dialog-forgery', 'sip.policy',
  'sip.toll-fraud', 'sip.ports',
  'media.', 'media.ports',
];

/**
 * The filters as the page keeps them: exactly the API's parameters, blank = none. `since` and
 * `until` are ISO-8601 times with an offset (the form shows them as local date and time).
 */
export interface EventFilters {
  level: string;
  kind: string;
  severity: string;
  source: string;
  q: string;
  since: string;
  until: string;
}

export type FilterField = keyof EventFilters;

/** The order of the filters in the hash, the API query and the form. */
export const FILTER_FIELDS: readonly FilterField[] = ['level', 'kind', 'severity', 'source', 'q', 'since', 'until'];

export const NO_FILTERS: Readonly<EventFilters> = { level: '', kind: '', severity: '', source: '', q: '', since: '', until: '' };

export type FilterErrors = Partial<Record<FilterField, string>>;

/** Clean up what a user typed (or a link carried): trimmed; level and severity upper case, kind lower case. */
export function normalizeFilters(f: Partial<EventFilters>): EventFilters {
  const t = (v: string | undefined) => (v ?? '').trim();
  return {
    level: t(f.level).toUpperCase(),
    kind: t(f.kind).toLowerCase(),
    severity: t(f.severity).toUpperCase(),
    source: t(f.source),
    q: t(f.q),
    since: t(f.since),
    until: t(f.until),
  };
}

/** The filters in the hash's query (#/events?source=...); unknown parameters are ignored. */
export function filtersFromQuery(query: URLSearchParams): EventFilters {
  const f: Partial<EventFilters> = {};
  for (const k of FILTER_FIELDS) f[k] = query.get(k) ?? '';
  return normalizeFilters(f);
}

/** The list's address for these filters: "#/events", "#/events?kind=sip.&source=203.0.113.7". */
export function filtersHash(f: EventFilters): string {
  return hashWith('events', FILTER_FIELDS.map((k) => [k, f[k]]));
}

/** A link to the events of one source (from the dashboard, from an event). */
export function sourceEventsHref(source: string): string {
  return filtersHash({ ...NO_FILTERS, source });
}

/** The address of one event's detail. */
export function eventHref(id: number): string {
  return `#/events/${id}`;
}

/** How many filters are set. */
export function activeFilterCount(f: EventFilters): number {
  return FILTER_FIELDS.filter((k) => f[k] !== '').length;
}

/** The query string of GET /events: the set filters, then limit and the cursor of the next page. */
export function apiQuery(f: EventFilters, before: string | null = null, limit = PAGE_SIZE): string {
  const q = new URLSearchParams();
  for (const k of FILTER_FIELDS) if (f[k] !== '') q.set(k, f[k]);
  q.set('limit', String(limit));
  if (before) q.set('before', before);
  return `?${q.toString()}`;
}

// ---------------------------------------------------------------- checks

/** A detector kind: lower-case words of a-z 0-9 -, separated by dots, at least one dot (as the appliance checks). */
export function isValidKind(kind: string): boolean {
  if (kind === '' || kind.length > MAX_KIND || !/^[a-z]/.test(kind) || kind.endsWith('.')) return false;
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(kind);
}

/** A kind, or a family of kinds: a prefix ending with a dot ("sip."). */
export function isValidKindFilter(kind: string): boolean {
  if (isValidKind(kind)) return true;
  return kind.endsWith('.') && kind.length <= MAX_KIND && isValidKind(`${kind}x`);
}

const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO-8601 time with an offset that the appliance reads (2026-11-27T07:00:00Z, ...T08:00+01:00). */
export function isIsoWithOffset(text: string): boolean {
  const m = ISO_WITH_OFFSET.exec(text);
  if (!m) return false;
  const [, y, mo, d, hh, mm, ss] = m;
  return validDate(Number(y), Number(mo), Number(d)) && Number(hh) <= 23 && Number(mm) <= 59 && Number(ss ?? 0) <= 59
    && !Number.isNaN(Date.parse(text));
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonth(y, m);
}

function daysInMonth(y: number, m: number): number {
  return [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
}

/**
 * What is wrong with the filters, per field, before anything is sent (the appliance checks the same
 * and answers 400 naming the field).
 */
export function validateFilters(f: EventFilters): FilterErrors {
  const errors: FilterErrors = {};
  if (f.level !== '' && !EVENT_LEVELS.some((l) => l.value === f.level)) {
    errors.level = `Choose one of ${EVENT_LEVELS.map((l) => l.value).join(', ')}.`;
  }
  if (f.severity !== '' && !SEVERITIES.includes(f.severity)) {
    errors.severity = `Choose one of ${SEVERITIES.join(', ')}.`;
  }
  if (f.kind !== '' && !isValidKindFilter(f.kind)) {
    errors.kind = 'Enter a kind such as sip.malformed, or a family ending with a dot such as sip.';
  }
  if (f.source !== '') {
    if (f.source.includes('/')) {
      errors.source = 'Enter one address, without a /prefix length (e.g. 203.0.113.7 or 2001:db8::7).';
    } else {
      const p = parseScope(f.source);
      if ('problem' in p) errors.source = p.problem;
    }
  }
  if (f.q.length > MAX_Q) errors.q = `At most ${MAX_Q} characters.`;
  if (f.since !== '' && !isIsoWithOffset(f.since)) errors.since = 'Not a date and time.';
  if (f.until !== '' && !isIsoWithOffset(f.until)) errors.until = 'Not a date and time.';
  if (!errors.since && !errors.until && f.since !== '' && f.until !== '' && Date.parse(f.until) < Date.parse(f.since)) {
    errors.until = 'The end must not be before the start (“From”).';
  }
  return errors;
}

/**
 * A 400's `errors[]` at the filters they name; the rest (limit, cursor, unknown fields) as
 * sentences for the summary.
 */
export function splitFilterErrors(errors: readonly FieldError[]): { byField: FilterErrors; other: string[] } {
  const byField: FilterErrors = {};
  const other: string[] = [];
  for (const e of errors) {
    const message = e.message || e.rule || 'invalid value';
    if ((FILTER_FIELDS as readonly string[]).includes(e.field)) {
      const k = e.field as FilterField;
      byField[k] = byField[k] ? `${byField[k]}; ${message}` : message;
    } else {
      other.push(e.field ? `${e.field}: ${message}` : message);
    }
  }
  return { byField, other };
}

// ---------------------------------------------------------------- local time for <input type=datetime-local>

/** Minutes east of UTC at an instant, in the browser's time zone. */
export type OffsetOf = (d: Date) => number;
const browserOffset: OffsetOf = (d) => -d.getTimezoneOffset();

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** "+01:00", "-05:30", "Z" for 0. */
export function offsetText(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes > 0 ? '+' : '-';
  const a = Math.abs(minutes);
  return `${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/**
 * The value of a datetime-local input ("2026-11-27T08:00") as an ISO time with the browser's offset
 * at that moment ("2026-11-27T08:00:00+01:00"). "" for an empty input, null when unreadable.
 */
export function localInputToIso(value: string, offsetOf: OffsetOf = browserOffset): string | null {
  const v = value.trim();
  if (v === '') return '';
  const m = LOCAL_INPUT.exec(v);
  if (!m) return null;
  const [y, mo, d, hh, mm, ss] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  if (!validDate(y, mo, d) || hh > 23 || mm > 59 || ss > 59) return null;
  const offset = offsetOf(new Date(y, mo - 1, d, hh, mm, ss));
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(hh)}:${pad(mm)}:${pad(ss)}${offsetText(offset)}`;
}

/** An ISO time as the value of a datetime-local input, in the browser's time zone ("" when unreadable). */
export function isoToLocalInput(iso: string, offsetOf: OffsetOf = browserOffset): string {
  if (iso.trim() === '') return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const w = new Date(t + offsetOf(new Date(t)) * 60_000);
  const base = `${pad(w.getUTCFullYear(), 4)}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}T${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}`;
  return w.getUTCSeconds() !== 0 ? `${base}:${pad(w.getUTCSeconds())}` : base;
}

// ---------------------------------------------------------------- wording

/** "Network", "Application", "Content" (other levels as sent). */
export function levelLabel(level: string): string {
  const l = EVENT_LEVELS.find((x) => x.value === (level || '').toUpperCase());
  return l ? (l.label.split(' ')[0] ?? l.value) : level;
}

/** Badge colour of a severity. */
export function severityTone(severity: string): 'neutral' | 'info' | 'warn' | 'bad' {
  switch ((severity || '').toUpperCase()) {
    case 'LOW': return 'info';
    case 'MEDIUM': return 'warn';
    case 'HIGH':
    case 'CRITICAL': return 'bad';
    default: return 'neutral';
  }
}

/** "203.0.113.7:5060", "[2001:db8::7]:5060", the address alone without a port, "the appliance" without a source. */
export function sourceText(source: string | null | undefined, port: number | null | undefined): string {
  if (!source) return 'the appliance';
  return port && port > 0 ? hostPort(source, port) : source;
}

/** The first non-blank line of the evidence, shortened to `max` characters with "…". */
export function evidenceLine(evidence: string | null | undefined, max = 100): string {
  const line = (evidence ?? '').split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '') ?? '';
  return truncate(line, max);
}

/** `text` shortened to at most `max` characters, ending with "…" when cut. */
export function truncate(text: string, max: number): string {
  if (max < 1) return '';
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** "Showing 50 of 1,234 events" / "... matching the filters". */
export function totalText(shown: number, total: number | null | undefined, filtered: boolean): string {
  const t = typeof total === 'number' && total >= shown ? total : shown;
  const c = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `Showing ${c(shown)} of ${c(t)} ${t === 1 ? 'event' : 'events'}${filtered ? ' matching the filters' : ''}`;
}

/** The empty list's sentence. */
export function emptyText(f: EventFilters): string {
  return activeFilterCount(f) > 0 ? 'No stored event matches these filters.' : 'No security events stored yet.';
}

/** Whether an event's kind is the filter's kind, or under its family ("sip." matches "sip.scanner"). */
export function kindMatches(kind: string, filter: string): boolean {
  if (filter === '') return true;
  return filter.endsWith('.') ? kind.startsWith(filter) : kind === filter;
}
