// Pure logic of the Media page (#/media): the rows of the anchored media lines (GET /media/sessions),
// what counts as clear text, loss as a share of the packets expected, the wording of failures, and
// the encryption settings of the media relay (io.bulwark.media, through GET/PUT /config/{pid}): per
// zone the encryption policy and the key exchange offered, and SRTP pass-through. Their choices come
// from the metatype the config API returns, never from a list kept here. No DOM here (unit-tested
// in test/media-model.test.ts).
import { safeCount } from './attacks-model';
import { relativeTime } from './bans-model';
import { count } from './format';
import type { ConfigProperty, MediaLeg, MediaSession } from './types';

/** The media relay's configuration. */
export const MEDIA_PID = 'io.bulwark.media';

/** How often the page asks for the sessions. */
export const MEDIA_REFRESH_MS = 3000;

/** Where the SIP proxy's `media.anchoring` switch lives. */
export const SIP_PROXY_PID = 'io.bulwark.sipproxy';

export type Zone = 'outside' | 'inside';

/** Left to right, as the table shows them. */
export const ZONES: readonly Zone[] = ['outside', 'inside'];

/** What the API writes for a leg without SRTP. */
export const PLAIN_RTP = 'RTP';

// ---------------------------------------------------------------- encryption of a leg

/** `srtp`: encrypted with the named suite; `clear`: plain RTP; `unknown`: the API named nothing. */
export type Protection = 'srtp' | 'clear' | 'unknown';

export function protectionOf(encryption: string | null | undefined): Protection {
  const e = (encryption ?? '').trim();
  if (e === '') return 'unknown';
  return e.toUpperCase() === PLAIN_RTP ? 'clear' : 'srtp';
}

/** True when anyone on the path can listen to the leg: plain RTP. */
export function isClearText(encryption: string | null | undefined): boolean {
  return protectionOf(encryption) === 'clear';
}

/**
 * An SRTP suite in words, read from its name (RFC 4568, RFC 6188, RFC 7714 names):
 * "AES-128 counter mode, HMAC-SHA1 with an 80-bit tag". Other names come back as they are.
 */
export function suiteDescription(suite: string): string {
  const s = suite.trim().toUpperCase();
  const cm = /^AES_CM_(\d+)_HMAC_SHA1_(\d+)$/.exec(s) ?? /^AES_(\d+)_CM_HMAC_SHA1_(\d+)$/.exec(s);
  if (cm) return `AES-${cm[1]} counter mode, HMAC-SHA1 with a${cm[2] === '80' ? 'n' : ''} ${cm[2]}-bit tag`;
  const gcm = /^AEAD_AES_(\d+)_GCM$/.exec(s);
  if (gcm) return `AES-${gcm[1]} in Galois/counter mode (authenticated encryption)`;
  return suite.trim();
}

export interface ProtectionView {
  protection: Protection;
  /** The badge: "SRTP", "Clear text (RTP)", "Unknown". */
  label: string;
  tone: 'ok' | 'bad' | 'warn';
  /** The suite name next to the badge ("" for clear text). */
  suite: string;
  /** Tooltip in words. */
  title: string;
}

export function protectionView(encryption: string | null | undefined): ProtectionView {
  const p = protectionOf(encryption);
  const e = (encryption ?? '').trim();
  if (p === 'srtp') return { protection: p, label: 'SRTP', tone: 'ok', suite: e, title: `Encrypted (SRTP): ${suiteDescription(e)}` };
  if (p === 'clear') {
    return {
      protection: p, label: 'Clear text (RTP)', tone: 'bad', suite: '',
      title: 'Not encrypted: anyone on the network path of this leg can listen to the call.',
    };
  }
  return { protection: p, label: 'Unknown', tone: 'warn', suite: '', title: 'The appliance did not say how this leg is protected.' };
}

// ---------------------------------------------------------------- loss and counters

/** Lost packets as a share of those expected (received + lost); null before any packet. */
export function lossRatio(packetsIn: number, lost: number): number | null {
  const n = safeCount(packetsIn);
  const l = safeCount(lost);
  return n + l === 0 ? null : l / (n + l);
}

/** "0 %", "< 0.1 %", "2.5 %", "100 %"; "" for no ratio. */
export function percentText(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio) || ratio < 0) return '';
  if (ratio === 0) return '0 %';
  if (ratio >= 1) return '100 %';
  const pct = ratio * 100;
  if (pct < 0.1) return '< 0.1 %';
  return `${pct.toFixed(1)} %`;
}

/** Loss that callers hear: from 1 % a warning, from 5 % bad. */
export const LOSS_WARN = 0.01;
export const LOSS_BAD = 0.05;

export function lossTone(ratio: number | null): 'neutral' | 'warn' | 'bad' {
  if (ratio === null || ratio < LOSS_WARN) return 'neutral';
  return ratio < LOSS_BAD ? 'warn' : 'bad';
}

/** "0", "12 (0.8 %)": the count and its share of the packets expected. */
export function lossText(packetsIn: number, lost: number): string {
  const l = safeCount(lost);
  const pct = percentText(lossRatio(packetsIn, lost));
  return l === 0 ? count(0) : `${count(l)} (${pct})`;
}

/**
 * Dropped packets are highlighted as soon as there is one: packets from a foreign source amber
 * (an injection attempt, or a party whose address changed), SRTP failures red (forged or replayed
 * packets, or keys that do not match).
 */
export function droppedTone(n: number, what: 'foreign' | 'srtp'): 'neutral' | 'warn' | 'bad' {
  if (safeCount(n) === 0) return 'neutral';
  return what === 'srtp' ? 'bad' : 'warn';
}

// ---------------------------------------------------------------- rows

export interface LegRow {
  zone: Zone;
  local: string;
  /** null until the party's first packet. */
  peer: string | null;
  /** The API's value ("RTP" or a suite). */
  encryption: string;
  view: ProtectionView;
  packetsIn: number;
  packetsOut: number;
  lost: number;
  lossRatio: number | null;
  lossText: string;
  lossTone: 'neutral' | 'warn' | 'bad';
  foreignDropped: number;
  srtpFailures: number;
}

export interface MediaRow {
  /** The API's id, the key of the row between refreshes. */
  id: string;
  /** The call (the Call-ID on the trunk side). */
  callId: string;
  /** 0 for the first offer, 1 for the first re-offer...; null when the id has another form. */
  offer: number | null;
  /** 0 for the first m= line; null when the id has another form. */
  line: number | null;
  createdAt: string;
  lastActivity: string;
  outside: LegRow;
  inside: LegRow;
  /** The zones whose leg is plain RTP. */
  clearZones: Zone[];
}

/** "<dialog>/<offer>/<line>": the Call-ID may hold slashes itself, so the numbers are taken from the end. */
export function splitSessionId(id: string): { callId: string; offer: number | null; line: number | null } {
  const m = /^(.*)\/(\d+)\/(\d+)$/.exec(id);
  if (!m || m[1] === '') return { callId: id, offer: null, line: null };
  return { callId: m[1] ?? id, offer: Number(m[2]), line: Number(m[3]) };
}

/** "Line 1", "Line 2, re-offer 1"; "" when the id says neither. */
export function lineText(offer: number | null, line: number | null): string {
  if (line === null) return '';
  return offer !== null && offer > 0 ? `Line ${line + 1}, re-offer ${offer}` : `Line ${line + 1}`;
}

export function legRow(zone: Zone, leg: MediaLeg | null | undefined): LegRow {
  const l: Partial<MediaLeg> = leg ?? {};
  const encryption = typeof l.encryption === 'string' ? l.encryption : '';
  const packetsIn = safeCount(l.packetsIn);
  const lost = safeCount(l.lost);
  const ratio = lossRatio(packetsIn, lost);
  return {
    zone,
    local: l.local ?? '',
    peer: l.peer ? l.peer : null,
    encryption,
    view: protectionView(encryption),
    packetsIn,
    packetsOut: safeCount(l.packetsOut),
    lost,
    lossRatio: ratio,
    lossText: lossText(packetsIn, lost),
    lossTone: lossTone(ratio),
    foreignDropped: safeCount(l.foreignDropped),
    srtpFailures: safeCount(l.srtpFailures),
  };
}

function time(iso: string | null | undefined): number {
  const t = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

/**
 * The table's rows: newest first (by createdAt, then id, so that equal times keep one order
 * between refreshes), each id once.
 */
export function mediaRows(sessions: readonly MediaSession[] | null | undefined): MediaRow[] {
  const seen = new Set<string>();
  const rows: MediaRow[] = [];
  for (const s of sessions ?? []) {
    if (!s || typeof s.id !== 'string' || seen.has(s.id)) continue;
    seen.add(s.id);
    const outside = legRow('outside', s.outside);
    const inside = legRow('inside', s.inside);
    rows.push({
      id: s.id,
      ...splitSessionId(s.id),
      createdAt: s.createdAt,
      lastActivity: s.lastActivity,
      outside,
      inside,
      clearZones: [outside, inside].filter((l) => l.view.protection === 'clear').map((l) => l.zone),
    });
  }
  return rows.sort((a, b) => time(b.createdAt) - time(a.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The line above the table: "3 media lines · 2 legs in clear text". */
export function summaryText(rows: readonly MediaRow[]): string {
  if (rows.length === 0) return 'No media anchored';
  const lines = rows.length === 1 ? '1 media line' : `${count(rows.length)} media lines`;
  const clear = rows.reduce((n, r) => n + r.clearZones.length, 0);
  if (clear === 0) return `${lines} · every leg encrypted`;
  return `${lines} · ${clear === 1 ? '1 leg' : `${count(clear)} legs`} in clear text`;
}

/** "last packet 3 s ago", or "no packet yet" while nothing came since the line was opened. */
export function activityText(row: Pick<MediaRow, 'lastActivity' | 'outside' | 'inside'>, now: number = Date.now()): string {
  if (row.outside.packetsIn + row.inside.packetsIn === 0) return 'no packet yet';
  const rel = relativeTime(row.lastActivity, now);
  return rel ? `last packet ${rel}` : '';
}

/** The note when GET /media/sessions fails (status 0 = no connection). */
export function sessionsProblem(status: number, message: string): { tone: 'warn' | 'error'; text: string } {
  if (status === 503) {
    return {
      tone: 'warn',
      text: 'The media relay is not running, so no media sessions can be shown (HTTP 503). Calls still connect, but their media does not pass through the appliance and no encryption policy is applied to it. The relay is the bundle bulwark-srtp-media (see Bundles).',
    };
  }
  if (status === 403) return { tone: 'error', text: `You may not see the media sessions: ${message}` };
  return { tone: 'error', text: status > 0 ? `Could not load the media sessions: ${message} (HTTP ${status}).` : `Could not load the media sessions: ${message}` };
}

// ---------------------------------------------------------------- encryption policy per zone

/** The encryption policy of each zone, in the order shown. */
export const POLICY_KEYS: readonly string[] = ZONES.map((z) => `${z}.policy`);

/** How the appliance keys the SRTP it offers to each zone (sdes or dtls). */
export const KEYING_KEYS: readonly string[] = ZONES.map((z) => `${z}.keying`);

/** SDES SRTP passed end to end when both parties do SRTP in the same suite (a Boolean). */
export const PASSTHROUGH_KEY = 'srtp.passthrough';

/** Every setting of the relay this page edits, in the order shown: per zone its policy and key exchange, then pass-through. */
export const MEDIA_KEYS: readonly string[] = [...ZONES.flatMap((z) => [`${z}.policy`, `${z}.keying`]), PASSTHROUGH_KEY];

/** What a per-zone setting is about. */
export type ZoneSetting = 'policy' | 'keying';

/** The zone and kind of a per-zone key: "outside.keying" → { zone: "outside", kind: "keying" }; null for others. */
export function zoneSettingOf(key: string): { zone: Zone; kind: ZoneSetting } | null {
  const m = /^([a-z]+)\.(policy|keying)$/.exec(key);
  if (!m || !(ZONES as readonly string[]).includes(m[1] ?? '')) return null;
  return { zone: m[1] as Zone, kind: m[2] as ZoneSetting };
}

/** The zone of a per-zone key: "outside.policy" or "outside.keying" → "outside". */
export function zoneOfKey(key: string): Zone | null {
  return zoneSettingOf(key)?.zone ?? null;
}

/** The zones in words, as the rest of the UI names them. */
export function zoneTitle(zone: Zone): string {
  return zone === 'outside' ? 'Outside (trunk)' : 'Inside (PBX)';
}

/** The heading of a per-zone setting inside its zone's group. */
export const ZONE_SETTING_TITLES: Readonly<Record<ZoneSetting, string>> = {
  policy: 'Encryption policy',
  keying: 'Key exchange offered',
};

/** A setting in words, for messages: "Outside (trunk) key exchange", "SRTP pass-through". */
export function settingTitle(key: string, prop?: ConfigProperty | null): string {
  const zs = zoneSettingOf(key);
  if (zs) return `${zoneTitle(zs.zone)} ${zs.kind === 'policy' ? 'encryption policy' : 'key exchange'}`;
  if (key === PASSTHROUGH_KEY) return prop?.name?.trim() || 'SRTP pass-through';
  return prop?.name?.trim() || key;
}

export interface PolicyChoice {
  value: string;
  /** The option's label up to its explanation: "SRTP required". */
  title: string;
  /** The explanation the label carries in brackets: "488 to offers without usable crypto"; "" when none. */
  detail: string;
}

/** "SRTP required (488 to offers without usable crypto)" → the title and its explanation. */
export function optionParts(label: string): { title: string; detail: string } {
  const t = label.trim();
  const m = /^(.+?)\s*\((.+)\)$/.exec(t);
  return m ? { title: (m[1] ?? t).trim(), detail: (m[2] ?? '').trim() } : { title: t, detail: '' };
}

/** The choices the metatype offers for a setting, as the API returns them; [] when it lists none. */
export function policyChoices(prop: ConfigProperty | null | undefined): PolicyChoice[] {
  return (prop?.options ?? [])
    .filter((o) => o && typeof o.value === 'string')
    .map((o) => ({ value: o.value, ...optionParts(o.label || o.value) }));
}

/** The current value of a single-valued setting (its default when none is stored). */
export function settingValue(prop: ConfigProperty | null | undefined): string {
  if (!prop) return '';
  const v = prop.value && prop.value.length > 0 ? prop.value : prop.defaultValue ?? [];
  return (v[0] ?? '').trim();
}

/** True for a Boolean setting (a checkbox). */
export function isBoolean(prop: ConfigProperty | null | undefined): boolean {
  return prop?.type === 'BOOLEAN';
}

/** A Boolean setting's state: its value, else its default; anything but "true" is off. */
export function isOn(prop: ConfigProperty | null | undefined): boolean {
  return settingValue(prop).toLowerCase() === 'true';
}

/** The label the metatype gives a value ("Plain RTP" for rtp), or the value itself. */
export function choiceTitle(prop: ConfigProperty | null | undefined, value: string): string {
  return policyChoices(prop).find((c) => c.value === value)?.title ?? value;
}

/** A value in words: the option's title, "on"/"off" for a Boolean. */
export function valueText(prop: ConfigProperty | null | undefined, value: string): string {
  if (isBoolean(prop)) return value.trim().toLowerCase() === 'true' ? 'on' : 'off';
  return choiceTitle(prop, value);
}

/** A warning that does not stop saving: plain RTP towards the trunk. */
export function policyWarning(key: string, value: string): string | null {
  if (zoneOfKey(key) === 'outside' && key.endsWith('.policy') && value.trim().toLowerCase() === 'rtp') {
    return 'With plain RTP towards the trunk, the media of calls to and from the provider can travel in clear text outside your network: anyone on the path can listen in.';
  }
  return null;
}

/**
 * The warning, if any, next to a setting given everything the form shows now (`current`: key →
 * value, Booleans as "true"/"false"). Never blocks saving. Facts it relies on (MediaConfig,
 * MediaAnchor): the key exchange is used only where the zone's policy asks for SRTP, and offers to
 * a zone keyed with DTLS-SRTP carry DTLS-SRTP even with pass-through on.
 */
export function settingWarning(key: string, current: Readonly<Record<string, string>>): string | null {
  const norm = (k: string) => (current[k] ?? '').trim().toLowerCase();
  const zs = zoneSettingOf(key);
  if (zs?.kind === 'policy') return policyWarning(key, current[key] ?? '');
  if (zs?.kind === 'keying') {
    if (norm(key) !== 'dtls') return null;
    if (norm(`${zs.zone}.policy`) === 'rtp') {
      return 'The policy of this zone is plain RTP: the appliance offers it no SRTP, so this key exchange is not used.';
    }
    if (zs.zone === 'outside') {
      return 'Most SIP trunks use SDES. Choose DTLS-SRTP only if the provider requires it.';
    }
    return null;
  }
  if (key === PASSTHROUGH_KEY && norm(key) === 'true') {
    const dtls = ZONES.filter((z) => norm(`${z}.keying`) === 'dtls' && norm(`${z}.policy`) !== 'rtp');
    if (dtls.length === ZONES.length) {
      return 'Both zones are offered DTLS-SRTP: pass-through applies to SDES only, so SRTP is still terminated on each leg.';
    }
    if (dtls.length > 0) {
      return `Pass-through applies to SDES only: offers to the ${dtls.map((z) => zoneTitle(z).toLowerCase()).join(' and ')} side carry DTLS-SRTP, terminated by the appliance.`;
    }
    if (ZONES.every((z) => norm(`${z}.policy`) === 'rtp')) {
      return 'Both zones use plain RTP: SDES crypto is only passed on to a zone whose policy is not plain RTP.';
    }
  }
  return null;
}

/** The value as it is compared and sent: trimmed; a Boolean as "true" or "false". */
function normalized(prop: ConfigProperty, value: string): string {
  const v = value.trim();
  return isBoolean(prop) ? String(v.toLowerCase() === 'true') : v;
}

/**
 * The `values` of PUT /config/io.bulwark.media: only the settings of this page (MEDIA_KEYS) that
 * differ from what the API sent; settings the appliance does not have are never sent.
 */
export function changedPolicies(props: readonly ConfigProperty[], current: Readonly<Record<string, string>>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const key of MEDIA_KEYS) {
    const now = current[key];
    const prop = props.find((p) => p.id === key);
    if (now === undefined || !prop) continue;
    const v = normalized(prop, now);
    const before = isBoolean(prop) ? String(isOn(prop)) : settingValue(prop);
    if (v !== before) out[key] = v === '' ? [] : [v];
  }
  return out;
}

/** What the success message names, one item per changed setting: "Outside (trunk) key exchange: DTLS-SRTP". */
export function changeSummary(props: readonly ConfigProperty[], changed: Readonly<Record<string, string[]>>): string[] {
  return MEDIA_KEYS.filter((k) => k in changed).map((k) => {
    const prop = props.find((p) => p.id === k);
    const v = changed[k]?.[0];
    return `${settingTitle(k, prop)}: ${v === undefined ? '(not set)' : valueText(prop, v)}`;
  });
}
