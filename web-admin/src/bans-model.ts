// Pure logic of the Bans page (#/bans): relative times, who decided a ban, the duration choices,
// checks of the form fields and the wording of the kernel enforcement state. No DOM here
// (unit-tested in test/bans-model.test.ts).
import { count } from './format';
import type { EnforcementHealth } from './types';

/** Limits the appliance applies (bundles/admin BanResource). */
export const MAX_TTL_SECONDS = 366 * 24 * 3600;
export const MAX_TEXT = 200;
export const MAX_SCOPE = 64;
export const MAX_RATE = 10_000_000;

// ---------------------------------------------------------------- time

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/** A length of time in seconds, rounded to what people need: "40 s", "9 min", "2 h 05 min", "3 days 4 h". */
export function roughDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  const s = Math.round(seconds);
  if (s < MINUTE) return `${s} s`;
  const totalMin = Math.round(s / MINUTE);
  if (totalMin < 60) return `${totalMin} min`;
  if (s < DAY) {
    const h = Math.floor(totalMin / 60);
    const m = totalMin % 60;
    if (h >= 24) return '1 day';
    return m === 0 ? `${h} h` : `${h} h ${m < 10 ? `0${m}` : m} min`;
  }
  const totalHours = Math.round(s / HOUR);
  const d = Math.floor(totalHours / 24);
  const h = totalHours % 24;
  const days = `${d} ${d === 1 ? 'day' : 'days'}`;
  return h === 0 ? days : `${days} ${h} h`;
}

/** "in 9 min", "5 min ago", "now"; "" when the time is missing or unreadable. */
export function relativeTime(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const diff = (t - now) / 1000;
  if (Math.abs(diff) < 1) return 'now';
  return diff > 0 ? `in ${roughDuration(diff)}` : `${roughDuration(-diff)} ago`;
}

/** When a ban ends, relative to now: "in 9 min", or "ending now" once it is over (the next refresh drops it). */
export function untilText(expiresAt: string, now: number = Date.now()): string {
  const t = Date.parse(expiresAt);
  if (Number.isNaN(t)) return '';
  return t - now < 1000 ? 'ending now' : relativeTime(expiresAt, now);
}

// ---------------------------------------------------------------- who decided

const ORIGINS: Record<string, { word: string; explain: string }> = {
  DETECTOR: {
    word: 'Detector',
    explain: 'Banned automatically: a detector of the appliance saw an attack (a flood, a scan, password guessing) from this source.',
  },
  ADMIN: {
    word: 'Admin',
    explain: 'Banned by hand by a user of this appliance (this page, the REST API or the console).',
  },
  CLOUD: {
    word: 'Cloud',
    explain: 'Sent by central management or shared threat information.',
  },
};

/** "Detector: network.flood", "Admin: alice", "Cloud: crowdsec". */
export function originLabel(origin: string, originName: string | null | undefined): string {
  const word = ORIGINS[origin]?.word ?? (origin ? origin.charAt(0) + origin.slice(1).toLowerCase() : 'Unknown');
  return originName ? `${word}: ${originName}` : word;
}

/** A sentence saying what the origin means, for a tooltip. */
export function originExplanation(origin: string): string {
  return ORIGINS[origin]?.explain ?? '';
}

/** Badge colour of an origin. */
export function originTone(origin: string): 'warn' | 'info' | 'neutral' {
  if (origin === 'DETECTOR') return 'warn';
  if (origin === 'ADMIN') return 'info';
  return 'neutral';
}

function ordinal(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  switch (n % 10) {
    case 1: return `${n}st`;
    case 2: return `${n}nd`;
    case 3: return `${n}rd`;
    default: return `${n}th`;
  }
}

/** The offence count in words: "first ban", "2nd ban", "11th ban". */
export function offenceText(offenceCount: number): string {
  const n = Math.trunc(offenceCount);
  if (!Number.isFinite(n) || n <= 1) return 'first ban';
  return `${ordinal(n)} ban`;
}

// ---------------------------------------------------------------- durations

export interface DurationChoice {
  /** The select's option value: the seconds, or "custom". */
  value: string;
  label: string;
  seconds: number | null;
}

export const CUSTOM_DURATION = 'custom';

export const DURATION_CHOICES: readonly DurationChoice[] = [
  { value: '900', label: '15 minutes', seconds: 15 * MINUTE },
  { value: '3600', label: '1 hour', seconds: HOUR },
  { value: '21600', label: '6 hours', seconds: 6 * HOUR },
  { value: '86400', label: '1 day', seconds: DAY },
  { value: '604800', label: '7 days', seconds: 7 * DAY },
  { value: CUSTOM_DURATION, label: 'Other (seconds)…', seconds: null },
];

/** The appliance's own default is 1 hour. */
export const DEFAULT_DURATION = '3600';

/** The select value for a number of seconds: a preset when one matches, else "custom". */
export function durationChoiceFor(seconds: number): string {
  return DURATION_CHOICES.find((c) => c.seconds === seconds)?.value ?? CUSTOM_DURATION;
}

/** `ttlSeconds` from the duration select and the custom seconds field, or what is wrong. */
export function readTtl(choice: string, customText: string): { seconds: number } | { problem: string } {
  const preset = DURATION_CHOICES.find((c) => c.value === choice && c.seconds !== null);
  if (preset && preset.seconds !== null) return { seconds: preset.seconds };
  const t = customText.trim();
  if (t === '') return { problem: 'Enter how many seconds the ban lasts, e.g. 600 for 10 minutes.' };
  if (!/^\d+$/.test(t)) return { problem: 'Enter a whole number of seconds, e.g. 600 for 10 minutes.' };
  const n = Number(t);
  if (n < 1) return { problem: 'A ban lasts at least 1 second.' };
  if (n > MAX_TTL_SECONDS) return { problem: `A ban lasts at most 366 days (${count(MAX_TTL_SECONDS)} seconds).` };
  return { seconds: n };
}

// ---------------------------------------------------------------- addresses

function ipv4Bytes(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    // leading zeros are refused by the appliance: some tools read them as octal
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p.startsWith('0'))) return null;
    const v = Number(p);
    if (v > 255) return null;
    out.push(v);
  }
  return out;
}

function isIpv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  let groups = 0;
  for (let i = 0; i < halves.length; i++) {
    const half = halves[i] ?? '';
    if (half === '') continue;
    const parts = half.split(':');
    for (let j = 0; j < parts.length; j++) {
      const p = parts[j] ?? '';
      const last = i === halves.length - 1 && j === parts.length - 1;
      if (last && p.includes('.')) {
        if (!ipv4Bytes(p)) return false;
        groups += 2;
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) {
        groups += 1;
      } else {
        return false;
      }
    }
  }
  return halves.length === 2 ? groups <= 7 : groups === 8;
}

export interface ParsedScope {
  family: 4 | 6;
  /** The prefix length; 32 or 128 when none was written. */
  prefix: number;
  /** The IPv4 address bytes (IPv4 only). */
  bytes?: number[];
}

/** An address literal with an optional "/prefix", or a sentence saying what is wrong. */
export function parseScope(text: string): ParsedScope | { problem: string } {
  const t = text.trim();
  if (t === '') return { problem: 'Enter an IP address or a network, e.g. 203.0.113.7 or 198.51.100.0/24.' };
  if (t.length > MAX_SCOPE) return { problem: `At most ${MAX_SCOPE} characters.` };
  if (/[g-zG-Z_-]/.test(t)) {
    return { problem: 'Enter an IP address, not a name: the appliance never looks names up.' };
  }
  if (!/^[0-9a-fA-F:./]+$/.test(t)) return { problem: 'Use only the digits, dots, colons and slash of an IP address or network.' };
  const slash = t.split('/');
  if (slash.length > 2) return { problem: 'Write at most one "/" (address/prefix length).' };
  const address = slash[0] ?? '';
  const family: 4 | 6 = address.includes(':') ? 6 : 4;
  const bits = family === 4 ? 32 : 128;
  let prefix = bits;
  if (slash.length === 2) {
    const len = slash[1] ?? '';
    if (!/^\d{1,3}$/.test(len) || Number(len) > bits) {
      return { problem: `After the "/" comes the prefix length, 0 to ${bits} for an ${family === 4 ? 'IPv4' : 'IPv6'} network.` };
    }
    prefix = Number(len);
  }
  if (family === 4) {
    const bytes = ipv4Bytes(address);
    if (!bytes) return { problem: 'Not an IPv4 address: four numbers 0 to 255 separated by dots, without leading zeros (e.g. 203.0.113.7).' };
    return { family, prefix, bytes };
  }
  if (!isIpv6(address)) return { problem: 'Not an IPv6 address (e.g. 2001:db8::7 or 2001:db8:1::/48).' };
  return { family, prefix };
}

/** What is wrong with a scope the user typed, or null when it looks like an address or network. */
export function scopeProblem(text: string): string | null {
  const p = parseScope(text);
  return 'problem' in p ? p.problem : null;
}

function ipv4Text(n: number): string {
  return [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join('.');
}

/**
 * How much a scope covers, in words: "one address", "256 addresses: 198.51.100.0 to 198.51.100.255",
 * "an IPv6 network (/48)". Empty when the text is not an address.
 */
export function describeScope(text: string): string {
  const p = parseScope(text);
  if ('problem' in p) return '';
  if (p.family === 6) {
    if (p.prefix === 128) return 'one address';
    if (p.prefix === 0) return 'every IPv6 address';
    return `an IPv6 network (/${p.prefix})`;
  }
  if (p.prefix === 32) return 'one address';
  if (p.prefix === 0) return 'every IPv4 address';
  const b = p.bytes ?? [0, 0, 0, 0];
  const value = ((b[0] ?? 0) * 2 ** 24) + ((b[1] ?? 0) << 16) + ((b[2] ?? 0) << 8) + (b[3] ?? 0);
  const size = 2 ** (32 - p.prefix);
  const first = Math.floor(value / size) * size;
  return `${count(size)} addresses: ${ipv4Text(first)} to ${ipv4Text(first + size - 1)}`;
}

/** True for networks so large that banning them by mistake would cut off many others (IPv4 /15 or wider, IPv6 /31 or wider). */
export function isVeryLarge(text: string): boolean {
  const p = parseScope(text);
  if ('problem' in p) return false;
  return p.family === 4 ? p.prefix < 16 : p.prefix < 32;
}

/** A ban reason or allow-list label: what is wrong, or null. Empty is allowed only when `optional`. */
export function textProblem(text: string, optional: boolean): string | null {
  const t = text.trim();
  if (t === '') return optional ? null : 'Say what it is, e.g. "SIP trunk provider" or "PBX".';
  if (t.length > MAX_TEXT) return `At most ${MAX_TEXT} characters (now ${t.length}).`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(t)) return 'Use printable characters only.';
  return null;
}

/** The allow-list rate field: 0 (or empty) = the default limit; else a whole number of packets per second. */
export function readRate(text: string): { rate: number } | { problem: string } {
  const t = text.trim();
  if (t === '') return { rate: 0 };
  if (!/^\d+$/.test(t)) return { problem: 'Enter a whole number of packets per second, or 0 for the default limit.' };
  const n = Number(t);
  if (n > MAX_RATE) return { problem: `At most ${count(MAX_RATE)} packets per second.` };
  return { rate: n };
}

/** "default limit" for 0, else "500 packets/s". */
export function rateText(ratePerSecond: number): string {
  return ratePerSecond > 0 ? `${count(ratePerSecond)} packets/s` : 'default limit';
}

// ---------------------------------------------------------------- kernel enforcement

export type EnforcementKind = 'ENFORCING' | 'STARTING' | 'DEGRADED' | 'UNAVAILABLE' | 'UNKNOWN';

export interface EnforcementView {
  /** Also the strip's data-state. */
  kind: EnforcementKind;
  tone: 'ok' | 'warn' | 'bad' | 'neutral';
  /** The badge: "Enforcing", "Degraded", ... */
  title: string;
  /** The main sentence. */
  text: string;
  /** The appliance's own words (detail), when they add something. */
  detail: string;
  /** "since 12:00:01 (5 min ago)", "last synchronised 12:04:59 (2 s ago)". */
  facts: string[];
}

const SOFTWARE_FALLBACK = 'Banned sources are still dropped, by the appliance itself (in software): '
  + 'they stay blocked, but a heavy attack costs the appliance more CPU than when the kernel drops them.';

/**
 * The enforcement strip, from GET /enforcement: the body, or `{ unavailable }` with the 503's
 * detail, or `{ error }` for any other failure.
 */
export function enforcementView(
  input: { health: EnforcementHealth } | { unavailable: string } | { error: string },
  now: number = Date.now(),
  timeOfDay: (iso: string) => string = (iso) => iso,
): EnforcementView {
  if ('unavailable' in input) {
    return {
      kind: 'UNAVAILABLE', tone: 'warn', title: 'Not running',
      text: `Kernel enforcement is not running. ${SOFTWARE_FALLBACK}`,
      detail: input.unavailable, facts: [],
    };
  }
  if ('error' in input) {
    return {
      kind: 'UNKNOWN', tone: 'neutral', title: 'Unknown',
      text: 'Could not check whether the kernel enforces the bans.', detail: input.error, facts: [],
    };
  }
  const e = input.health;
  const mechanism = e.mechanism || 'nftables';
  const facts: string[] = [];
  const at = (label: string, iso: string | null | undefined) => {
    if (!iso) return;
    const rel = relativeTime(iso, now);
    facts.push(`${label} ${timeOfDay(iso)}${rel ? ` (${rel})` : ''}`);
  };
  switch (e.state) {
    case 'ENFORCING': {
      const n = Math.max(0, Math.trunc(e.kernelElements || 0));
      at('since', e.since);
      at('last synchronised', e.lastSync);
      return {
        kind: 'ENFORCING', tone: 'ok', title: 'Enforcing',
        text: `Banned sources are dropped by the kernel (${mechanism}), ${count(n)} ${n === 1 ? 'address' : 'addresses'} in the kernel set.`,
        detail: '', facts,
      };
    }
    case 'STARTING':
      at('since', e.since);
      return {
        kind: 'STARTING', tone: 'warn', title: 'Starting',
        text: `Kernel enforcement (${mechanism}) is being set up. Until it is ready, banned sources are dropped by the appliance itself.`,
        detail: e.detail || '', facts,
      };
    case 'DEGRADED':
      at('since', e.since);
      at('last synchronised', e.lastSync);
      return {
        kind: 'DEGRADED', tone: 'bad', title: 'Degraded',
        text: `Kernel enforcement (${mechanism}) is failing. ${SOFTWARE_FALLBACK}`,
        detail: e.detail || '', facts,
      };
    default:
      at('since', e.since);
      return {
        kind: 'UNKNOWN', tone: 'neutral', title: String(e.state || 'Unknown'),
        text: `The appliance reports an unknown enforcement state (${mechanism}).`,
        detail: e.detail || '', facts,
      };
  }
}

// ---------------------------------------------------------------- lists

/**
 * Hides entries just removed from lists fetched before the removal finished, so that a refresh
 * already under way does not bring a removed row back for a moment. `begin()` numbers each load.
 */
export class RemovalFilter {
  private generation = 0;
  private readonly removed = new Map<string, number>();

  /** Call when a load starts; pass the number to `apply`. */
  begin(): number {
    this.generation += 1;
    return this.generation;
  }

  /** The scope was removed on the appliance just now. */
  removedNow(scope: string): void {
    this.removed.set(scope, this.generation);
  }

  /** The items of a load numbered `gen`, without those removed after that load started. */
  apply<T extends { scope: string }>(items: T[], gen: number): T[] {
    const out = items.filter((i) => {
      const at = this.removed.get(i.scope);
      return at === undefined || gen > at;
    });
    for (const [scope, at] of this.removed) if (gen > at) this.removed.delete(scope);
    return out;
  }
}
