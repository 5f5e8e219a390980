// Pure logic of the Policies page (#/policies): the settings of the toll-fraud inspector
// (io.bulwark.inspection.toll) and of the method and URI policy (io.bulwark.inspection.policy),
// what each key holds, the checks the inspectors apply when they read them (the config API checks
// only types and bounds, so a bad list here would leave the inspector without a valid
// configuration), which keys changed, and how lists are shown and read back. No DOM here
// (unit-tested in test/policy-model.test.ts).
import { parseScope } from './bans-model';
import type { ConfigProperty } from './types';

export type PolicyForm = 'toll' | 'policy';

/** The configuration PID behind each form; "toll" and "policy" are the short names in test ids. */
export const POLICY_PIDS: Readonly<Record<PolicyForm, string>> = {
  toll: 'io.bulwark.inspection.toll',
  policy: 'io.bulwark.inspection.policy',
};

/** What a key holds, which decides its input and its check. */
export type ValueKind =
  | 'bool' // true / false
  | 'int' // a whole number within the metatype's min and max
  | 'select' // one of the metatype's options
  | 'timezone' // an IANA id or UTC
  | 'days' // MON-FRI, MON,WED
  | 'hours' // 08:00-12:00,13:00-18:00
  | 'dates' // YYYY-MM-DD, MM-DD
  | 'prefixes' // E.164 prefixes: digits, "+" and separators ignored
  | 'numbers' // numbers as dialed: digits only
  | 'national-prefix' | 'international-prefix' | 'country-code' // the dialing plan
  | 'set' // a comma list of fixed choices (checkboxes)
  | 'methods' // SIP method tokens (checkboxes, plus any others the configuration has)
  | 'schemes' // URI schemes (checkboxes)
  | 'domains' // host names, addresses, CIDR ranges
  | 'text'; // anything else (a setting this page does not know): checked by the appliance only

export interface Choice {
  value: string;
  label: string;
}

export interface FieldSpec {
  key: string;
  kind: ValueKind;
  /** For 'set': the choices, and the fewest that must be chosen. */
  choices?: readonly Choice[];
  minChosen?: number;
  /** For 'int', when the metatype does not say. */
  min?: number;
  max?: number;
}

/** Kinds stored as one comma-separated string. */
const LIST_KINDS: ReadonlySet<ValueKind> = new Set<ValueKind>(['days', 'hours', 'dates', 'prefixes', 'numbers', 'set', 'methods', 'schemes', 'domains']);
/** List kinds whose order does not matter (checkboxes): compared as sets. */
const SET_KINDS: ReadonlySet<ValueKind> = new Set<ValueKind>(['set', 'methods', 'schemes']);

export const ZONE_CHOICES: readonly Choice[] = [
  { value: 'inside', label: 'Inside (PBX)' },
  { value: 'outside', label: 'Outside (trunk)' },
];

export const RULE_CHOICES: readonly Choice[] = [
  { value: 'destination', label: 'Destination' },
  { value: 'rate', label: 'Calls per minute' },
  { value: 'concurrent', label: 'Concurrent calls' },
  { value: 'international', label: 'International calls per hour' },
];

/** The responses a rule may get, when the metatype does not list them. */
export const RESPONSE_CHOICES: readonly Choice[] = [
  { value: 'alert', label: 'Alert' },
  { value: 'national-only', label: 'National calls only' },
  { value: 'reject', label: 'Reject (403)' },
  { value: 'suspend', label: 'Suspend' },
];

/** The SIP methods offered as checkboxes, with what they do in plain words. */
export const SIP_METHODS: readonly Choice[] = [
  { value: 'INVITE', label: 'start a call' },
  { value: 'ACK', label: 'confirm a call’s answer (needed with INVITE)' },
  { value: 'BYE', label: 'hang up' },
  { value: 'CANCEL', label: 'hang up before the answer' },
  { value: 'OPTIONS', label: 'keep-alive and capability checks' },
  { value: 'REGISTER', label: 'phones and trunks sign in' },
  { value: 'PRACK', label: 'confirm early answers (ringing, early media)' },
  { value: 'UPDATE', label: 'change a call before or after the answer' },
  { value: 'INFO', label: 'in-call information (DTMF keys)' },
  { value: 'REFER', label: 'transfer a call' },
  { value: 'NOTIFY', label: 'event notices (voicemail, presence, transfer progress)' },
  { value: 'SUBSCRIBE', label: 'ask for event notices' },
  { value: 'MESSAGE', label: 'instant messages' },
  { value: 'PUBLISH', label: 'publish presence' },
];

export const URI_SCHEMES: readonly Choice[] = [
  { value: 'sip', label: 'sip: (plain)' },
  { value: 'sips', label: 'sips: (TLS end to end)' },
  { value: 'tel', label: 'tel: (telephone numbers)' },
];

const limit = (key: string, min = 0, max = 100_000): FieldSpec => ({ key, kind: 'int', min, max });

/** Every key of io.bulwark.inspection.toll (features/src/main/cfg/io.bulwark.inspection.toll.cfg). */
export const TOLL_FIELDS: readonly FieldSpec[] = [
  { key: 'enabled', kind: 'bool' },
  { key: 'zones', kind: 'set', choices: ZONE_CHOICES, minChosen: 1 },
  { key: 'time.zone', kind: 'timezone' },
  { key: 'office.days', kind: 'days' },
  { key: 'office.hours', kind: 'hours' },
  { key: 'holidays', kind: 'dates' },
  { key: 'denied.prefixes', kind: 'prefixes' },
  { key: 'allowed.prefixes', kind: 'prefixes' },
  { key: 'national.prefix', kind: 'national-prefix' },
  { key: 'international.prefix', kind: 'international-prefix' },
  { key: 'country.code', kind: 'country-code' },
  { key: 'emergency.numbers', kind: 'numbers' },
  limit('office.calls.per.minute'),
  limit('office.concurrent.calls'),
  limit('office.international.per.hour'),
  limit('office.max.call.seconds', 60, 86_400),
  limit('office.trunk.calls.per.minute'),
  limit('office.trunk.concurrent.calls'),
  limit('office.trunk.international.per.hour'),
  limit('off.hours.calls.per.minute'),
  limit('off.hours.concurrent.calls'),
  limit('off.hours.international.per.hour'),
  limit('off.hours.max.call.seconds', 60, 86_400),
  limit('off.hours.trunk.calls.per.minute'),
  limit('off.hours.trunk.concurrent.calls'),
  limit('off.hours.trunk.international.per.hour'),
  { key: 'response.destination', kind: 'select', choices: RESPONSE_CHOICES },
  { key: 'response.rate', kind: 'select', choices: RESPONSE_CHOICES },
  { key: 'response.concurrent', kind: 'select', choices: RESPONSE_CHOICES },
  { key: 'response.international', kind: 'select', choices: RESPONSE_CHOICES },
  { key: 'escalate.rules', kind: 'set', choices: RULE_CHOICES, minChosen: 0 },
  limit('escalate.offences', 2, 100),
  limit('escalate.minutes', 1, 1440),
  limit('restrict.minutes', 1, 10_080),
  limit('suspend.minutes', 1, 10_080),
  limit('setup.seconds', 32, 3600),
];

/** Every key of io.bulwark.inspection.policy (features/src/main/cfg/io.bulwark.inspection.policy.cfg). */
export const POLICY_FIELDS: readonly FieldSpec[] = [
  { key: 'enabled', kind: 'bool' },
  ...['outside', 'inside'].flatMap((zone): FieldSpec[] => [
    { key: `${zone}.methods`, kind: 'methods' },
    { key: `${zone}.schemes`, kind: 'schemes' },
    { key: `${zone}.domains`, kind: 'domains' },
  ]),
];

/** The rows of the limits table: what is limited, and the key for office hours and off-hours. */
export const LIMIT_ROWS: readonly { label: string; help: string; office: string; offHours: string }[] = [
  { label: 'Calls per minute, per extension', help: 'calls one extension places within 60 s', office: 'office.calls.per.minute', offHours: 'off.hours.calls.per.minute' },
  { label: 'Concurrent calls, per extension', help: 'calls of one extension at once', office: 'office.concurrent.calls', offHours: 'off.hours.concurrent.calls' },
  { label: 'International calls per hour, per extension', help: 'within 3600 s', office: 'office.international.per.hour', offHours: 'off.hours.international.per.hour' },
  { label: 'Calls per minute, whole trunk', help: 'all extensions together', office: 'office.trunk.calls.per.minute', offHours: 'off.hours.trunk.calls.per.minute' },
  { label: 'Concurrent calls, whole trunk', help: 'all extensions together', office: 'office.trunk.concurrent.calls', offHours: 'off.hours.trunk.concurrent.calls' },
  { label: 'International calls per hour, whole trunk', help: 'all extensions together', office: 'office.trunk.international.per.hour', offHours: 'off.hours.trunk.international.per.hour' },
  { label: 'Longest call (seconds)', help: 'after the answer; the appliance then ends the call', office: 'office.max.call.seconds', offHours: 'off.hours.max.call.seconds' },
];

/** What the default denied prefixes are (from the shipped configuration), shown as tooltips. */
export const PREFIX_NOTES: Readonly<Record<string, string>> = {
  '870': 'Inmarsat (satellite)',
  '881': 'Global Mobile Satellite System (Iridium, Globalstar)',
  '882': 'International Networks (shared codes, a classic of revenue-share fraud)',
  '883': 'International Networks (shared codes)',
  '979': 'International Premium Rate Service',
  '1900': 'North American premium rate (1-900)',
  '449': 'United Kingdom premium rate (09)',
  '4470': 'United Kingdom personal numbers (070)',
  '53': 'Cuba',
  '239': 'Sao Tome and Principe',
  '246': 'Diego Garcia',
  '247': 'Ascension',
  '252': 'Somalia',
  '290': 'Saint Helena and Tristan da Cunha',
  '674': 'Nauru',
  '682': 'Cook Islands',
  '683': 'Niue',
  '688': 'Tuvalu',
  '690': 'Tokelau',
  '49900': 'Germany: premium rate (0900)',
  '49137': 'Germany: mass-call services (0137)',
};

export function fieldsOf(form: PolicyForm): readonly FieldSpec[] {
  return form === 'toll' ? TOLL_FIELDS : POLICY_FIELDS;
}

export function specOf(form: PolicyForm, key: string): FieldSpec | undefined {
  return fieldsOf(form).find((f) => f.key === key);
}

// ---------------------------------------------------------------- lists

/** The items of a comma list (line breaks count as commas), trimmed, empty ones dropped. */
export function splitList(text: string | null | undefined): string[] {
  return (text ?? '').split(/[,\r\n]+/).map((s) => s.trim()).filter((s) => s !== '');
}

/** A list as the configuration stores it: "870,881,882". */
export function joinList(items: readonly string[]): string {
  return items.join(',');
}

/** A stored list as the form shows it: "870, 881, 882". */
export function displayList(value: string): string {
  return splitList(value).join(', ');
}

function sameItem(kind: ValueKind, a: string, b: string): boolean {
  return kind === 'schemes' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/** Whether a checkbox list contains `item` (schemes ignore case, methods do not). */
export function hasItem(kind: ValueKind, value: string, item: string): boolean {
  return splitList(value).some((x) => sameItem(kind, x, item));
}

/** Items of a checkbox list that are not among the offered choices (e.g. a custom method). */
export function extraItems(kind: ValueKind, value: string, order: readonly string[]): string[] {
  return splitList(value).filter((x) => !order.some((o) => sameItem(kind, x, o)));
}

// ---------------------------------------------------------------- values

/** The current value of a property as one string ("" when none). */
export function propValue(p: ConfigProperty): string {
  const v = p.value && p.value.length > 0 ? p.value : p.defaultValue ?? [];
  return v[0] ?? '';
}

/** The values of a form's properties by key. */
export function initialValues(props: readonly ConfigProperty[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of props) out[p.id] = propValue(p);
  return out;
}

/** A value as it is stored: lists without blanks ("870,881"), booleans as true/false, the rest trimmed. */
export function storedForm(kind: ValueKind, text: string): string {
  if (kind === 'bool') return text.trim().toLowerCase() === 'true' ? 'true' : 'false';
  if (LIST_KINDS.has(kind)) return joinList(splitList(text));
  return text.trim();
}

/** A value in the form two values are compared in: checkbox lists as sorted sets. */
function comparable(kind: ValueKind, text: string): string {
  if (SET_KINDS.has(kind)) {
    const items = splitList(text).map((s) => (kind === 'schemes' ? s.toLowerCase() : s));
    return joinList([...new Set(items)].sort());
  }
  return storedForm(kind, text);
}

/**
 * The `values` of PUT /config/{pid}: only the keys whose value differs from what the appliance
 * sent, each as one string (an emptied list is sent as "", never left out: leaving the key out
 * would bring back the default list).
 */
export function changedValues(form: PolicyForm, original: Record<string, string>, current: Record<string, string>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, now] of Object.entries(current)) {
    const kind = specOf(form, key)?.kind ?? 'text';
    const before = original[key] ?? '';
    if (comparable(kind, before) !== comparable(kind, now)) out[key] = [storedForm(kind, now)];
  }
  return out;
}

// ---------------------------------------------------------------- checks of single items

/** The digits of an E.164 prefix as the inspector reads it (a leading "+" and - . ( ) and spaces ignored), or null. */
export function prefixDigits(item: string): string | null {
  const t = item.trim();
  let digits = '';
  for (let i = 0; i < t.length; i++) {
    const c = t.charAt(i);
    if (c >= '0' && c <= '9') digits += c;
    else if (!(c === '+' && i === 0) && ' -.()'.indexOf(c) < 0) return null;
  }
  return digits.length >= 1 && digits.length <= 15 ? digits : null;
}

const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

/** A day as the inspector reads it: three or more letters of its English name, any case (MON, Tues, friday). */
export function dayIndex(name: string): number {
  const n = name.trim().toUpperCase();
  if (n.length < 3) return -1;
  return DAYS.findIndex((d) => d.startsWith(n));
}

/** An office-days item: a day or a range of days (FRI-MON wraps). */
export function isDayItem(item: string): boolean {
  const dash = item.indexOf('-');
  if (dash < 0) return dayIndex(item) >= 0;
  return dayIndex(item.slice(0, dash)) >= 0 && dayIndex(item.slice(dash + 1)) >= 0;
}

/** Minutes since midnight of "HH:MM" (H or HH, up to 24:00), or -1. */
export function minuteOf(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm.trim());
  if (!m) return -1;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return min > 59 || h > 24 || (h === 24 && min !== 0) ? -1 : h * 60 + min;
}

/** An office-hours item: "HH:MM-HH:MM" within one day, start before end (the end may be 24:00). */
export function hoursRange(item: string): { from: number; to: number } | null {
  const dash = item.indexOf('-');
  if (dash < 0) return null;
  const from = minuteOf(item.slice(0, dash));
  const to = minuteOf(item.slice(dash + 1));
  if (from < 0 || to < 0 || from >= to || from >= 24 * 60) return null;
  return { from, to };
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function dayExists(y: number | null, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const feb = y === null || isLeap(y) ? 29 : 28;
  return day <= [31, feb, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** A holiday: "YYYY-MM-DD" (once) or "MM-DD" (every year; 02-29 allowed), a date that exists. */
export function isHolidayItem(item: string): boolean {
  const t = item.trim();
  let m = /^(\d{2})-(\d{2})$/.exec(t);
  if (m) return dayExists(null, Number(m[1]), Number(m[2]));
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  return m !== null && dayExists(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** An RFC 3261 token (a method name). */
export function isToken(s: string): boolean {
  return /^[A-Za-z0-9\-.!%*_+`'~]+$/.test(s);
}

/** An RFC 3261 host name: dot-separated labels of letters, digits and inner hyphens, the last starting with a letter. */
export function isHostName(s: string): boolean {
  const h = s.length > 1 && s.endsWith('.') ? s.slice(0, -1) : s;
  if (h === '' || h.length > 253) return false;
  const labels = h.split('.');
  if (!labels.every((l) => l.length >= 1 && l.length <= 63 && /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(l))) return false;
  return /^[A-Za-z]/.test(labels[labels.length - 1]!);
}

/** A domains item: an IP address (IPv6 optionally in brackets), a CIDR range, or a host name. */
export function isDomainItem(item: string): boolean {
  const t = item.trim();
  const slash = t.indexOf('/');
  let address = slash < 0 ? t : t.slice(0, slash);
  if (address.startsWith('[') && address.endsWith(']') && address.length > 2) address = address.slice(1, -1);
  if (!('problem' in parseScope(slash < 0 ? address : address + t.slice(slash)))) return true;
  return isHostName(t);
}

/** A time zone id as the inspector reads it (an IANA id such as Europe/Berlin, UTC, or an offset such as +01:00). */
export function isTimeZoneId(s: string): boolean {
  const t = s.trim();
  return t !== '' && t.length <= 64 && /^[A-Za-z0-9/_+:.-]+$/.test(t);
}

// ---------------------------------------------------------------- checks of a form

export type FieldErrors = Record<string, string>;

/** "'a', 'b' and 3 more" for a message about several bad items. */
export function quoteItems(items: readonly string[], max = 3): string {
  const q = items.slice(0, max).map((s) => `‘${s}’`);
  const rest = items.length - q.length;
  if (rest > 0) return `${q.join(', ')} and ${rest} more`;
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}

function bad(items: readonly string[], ok: (s: string) => boolean): string[] {
  return items.filter((s) => !ok(s));
}

function isOrAre(items: readonly string[]): string {
  return items.length === 1 ? 'is' : 'are';
}

/** The metatype's bounds of a number, else the spec's. */
export function numberBounds(spec: FieldSpec, prop?: ConfigProperty): { min: number | null; max: number | null } {
  const num = (s: string | null | undefined, fallback: number | undefined) => {
    const n = s === null || s === undefined || s.trim() === '' ? Number.NaN : Number(s);
    return Number.isFinite(n) ? n : fallback ?? null;
  };
  return { min: num(prop?.min, spec.min), max: num(prop?.max, spec.max) };
}

/** The options of a select: the metatype's, else the spec's. */
export function choicesOf(spec: FieldSpec, prop?: ConfigProperty): readonly Choice[] {
  if (prop?.options && prop.options.length > 0) return prop.options.map((o) => ({ value: o.value, label: o.label || o.value }));
  return spec.choices ?? [];
}

/** What is wrong with one value, or null. `prop` brings the metatype's bounds and options. */
export function checkValue(spec: FieldSpec, text: string, prop?: ConfigProperty): string | null {
  const v = text.trim();
  const items = splitList(text);
  switch (spec.kind) {
    case 'bool':
      return v === 'true' || v === 'false' ? null : 'Must be on or off.';
    case 'int': {
      const { min, max } = numberBounds(spec, prop);
      const range = min !== null && max !== null ? `${min} to ${max}` : min !== null ? `at least ${min}` : max !== null ? `at most ${max}` : '';
      if (v === '') return range ? `Enter a whole number, ${range}.` : 'Enter a whole number.';
      if (!/^[+-]?\d+$/.test(v)) return `Enter a whole number${range ? `, ${range}` : ''}: ‘${v}’ is not one.`;
      const n = Number(v);
      if ((min !== null && n < min) || (max !== null && n > max)) return `Must be ${range}.`;
      return null;
    }
    case 'select': {
      const choices = choicesOf(spec, prop);
      return choices.length === 0 || choices.some((c) => c.value === v) ? null : `Choose one of ${choices.map((c) => c.label).join(', ')}.`;
    }
    case 'timezone':
      if (v === '') return 'Enter the office’s time zone, e.g. Europe/Berlin or UTC.';
      return isTimeZoneId(v) ? null : `‘${v}’ is not a time zone id (such as UTC or Europe/Berlin).`;
    case 'days': {
      const wrong = bad(items, isDayItem);
      return wrong.length ? `${quoteItems(wrong)} ${isOrAre(wrong)} not a day or range of days: use MON to SUN, e.g. MON-FRI or MON,WED,FRI.` : null;
    }
    case 'hours': {
      const wrong = bad(items, (s) => hoursRange(s) !== null);
      return wrong.length
        ? `${quoteItems(wrong)} ${isOrAre(wrong)} not a range HH:MM-HH:MM within one day: 00:00 to 24:00, start before end (e.g. 08:00-12:00,13:00-18:00).`
        : null;
    }
    case 'dates': {
      const wrong = bad(items, isHolidayItem);
      return wrong.length ? `${quoteItems(wrong)} ${isOrAre(wrong)} not a date: YYYY-MM-DD (once) or MM-DD (every year), e.g. 12-25 or 2026-04-06.` : null;
    }
    case 'prefixes': {
      const wrong = bad(items, (s) => prefixDigits(s) !== null);
      return wrong.length
        ? `${quoteItems(wrong)} ${isOrAre(wrong)} not a prefix: digits only, 1 to 15, country code first (a leading + and the separators - . ( ) and spaces are ignored).`
        : null;
    }
    case 'numbers': {
      const wrong = bad(items, (s) => /^\d{1,15}$/.test(s));
      return wrong.length ? `${quoteItems(wrong)} ${isOrAre(wrong)} not a number as dialed: 1 to 15 digits, nothing else.` : null;
    }
    case 'national-prefix':
      return /^\d{0,4}$/.test(v) ? null : 'Up to 4 digits (0 in most of Europe, 1 in North America); may be empty.';
    case 'international-prefix':
      return /^\d{1,4}$/.test(v) ? null : '1 to 4 digits (00 in most of the world, 011 in North America).';
    case 'country-code':
      return /^[1-9]\d{0,2}$/.test(v) ? null : '1 to 3 digits, not starting with 0 (49 for Germany, 1 for North America).';
    case 'set': {
      const choices = spec.choices ?? [];
      const wrong = bad(items, (s) => choices.some((c) => c.value === s.toLowerCase()));
      if (wrong.length) return `${quoteItems(wrong)} ${isOrAre(wrong)} not one of ${choices.map((c) => c.value).join(', ')}.`;
      if (items.length < (spec.minChosen ?? 0)) return spec.minChosen === 1 ? 'Choose at least one.' : `Choose at least ${spec.minChosen}.`;
      return null;
    }
    case 'methods': {
      const wrong = bad(items, isToken);
      if (wrong.length) return `${quoteItems(wrong)} ${isOrAre(wrong)} not a SIP method name.`;
      if (items.length === 0) return 'Allow at least one method.';
      if (items.includes('INVITE') && !items.includes('ACK')) return 'INVITE is allowed but not ACK, which every call needs: allow ACK too.';
      return null;
    }
    case 'schemes': {
      const wrong = bad(items, (s) => /^[A-Za-z]+$/.test(s));
      if (wrong.length) return `${quoteItems(wrong)} ${isOrAre(wrong)} not a URI scheme (letters only).`;
      return items.length === 0 ? 'Allow at least one scheme.' : null;
    }
    case 'domains': {
      const wrong = bad(items, isDomainItem);
      return wrong.length
        ? `${quoteItems(wrong)} ${isOrAre(wrong)} not a host name, address or network (e.g. pbx.example.com, 192.0.2.1, 192.0.2.0/24, 2001:db8::/32).`
        : null;
    }
    default:
      return null;
  }
}

/**
 * What is wrong with a form, per key, checked as the inspector will read it: every known key
 * present in `values`, then what involves two keys (a prefix in both lists; a national prefix
 * that starts with the international one).
 */
export function validateForm(form: PolicyForm, values: Record<string, string>, props: readonly ConfigProperty[] = []): FieldErrors {
  const errors: FieldErrors = {};
  const propOf = new Map(props.map((p) => [p.id, p]));
  for (const spec of fieldsOf(form)) {
    const v = values[spec.key];
    if (v === undefined) continue;
    const problem = checkValue(spec, v, propOf.get(spec.key));
    if (problem) errors[spec.key] = problem;
  }
  if (form === 'toll') {
    const denied = values['denied.prefixes'];
    const allowed = values['allowed.prefixes'];
    if (denied !== undefined && allowed !== undefined && !errors['denied.prefixes'] && !errors['allowed.prefixes']) {
      const d = new Set(splitList(denied).map((s) => prefixDigits(s) ?? s));
      const both = [...new Set(splitList(allowed).map((s) => prefixDigits(s) ?? s))].filter((p) => d.has(p));
      if (both.length) {
        const also = (other: string) => `${quoteItems(both)} ${isOrAre(both)} in the ${other} list too: a prefix may be in one list only (a longer prefix can make an exception, e.g. allow 88216 while 882 is denied).`;
        errors['denied.prefixes'] = also('allowed');
        errors['allowed.prefixes'] = also('denied');
      }
    }
    const nat = (values['national.prefix'] ?? '').trim();
    const intl = (values['international.prefix'] ?? '').trim();
    if (nat !== '' && intl !== '' && !errors['national.prefix'] && !errors['international.prefix'] && nat.startsWith(intl)) {
      errors['national.prefix'] = `Must not begin with the international prefix (${intl}).`;
    }
  }
  return errors;
}

/** Advice that does not stop saving: a method list with INVITE but without CANCEL. */
export function formWarnings(form: PolicyForm, values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  if (form === 'policy') {
    for (const zone of ['outside', 'inside']) {
      const v = values[`${zone}.methods`];
      if (v === undefined) continue;
      const items = splitList(v);
      if (items.includes('INVITE') && !items.includes('CANCEL')) {
        out[`${zone}.methods`] = 'Without CANCEL, callers cannot hang up before the call is answered.';
      }
    }
  }
  return out;
}

/** Chips of a prefix list: each item, whether it reads as a prefix, and what it is when known. */
export function prefixChips(text: string): { text: string; ok: boolean; note: string }[] {
  return splitList(text).map((item) => {
    const digits = prefixDigits(item);
    return { text: item, ok: digits !== null, note: digits !== null ? PREFIX_NOTES[digits] ?? '' : 'not a prefix' };
  });
}
