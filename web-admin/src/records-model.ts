// Pure logic of the Call records page (#/records): the wording of a record's direction and end, and
// how each leg's media travelled (GET /call-records, `outsideMedia` and `insideMedia`): encrypted with
// an SRTP suite, in clear text (`RTP`), partly in clear text when the call's media lines differ, or not
// anchored by the appliance at all. Clear text on the trunk leg must stand out: it is call content
// (personal data) crossing networks the customer does not control. No DOM here (unit-tested in
// test/records-model.test.ts).
import { count } from './format';
import type { CallRecord } from './types';

/** What the API writes for a media line without SRTP. */
export const CLEAR_TEXT = 'RTP';

export type Leg = 'outside' | 'inside';

/** Left to right, as the table shows them (trunk first, as in "Transport out / in"). */
export const LEGS: readonly Leg[] = ['outside', 'inside'];

/** `encrypted`: every media line SRTP; `clear`: every line RTP; `mixed`: some of each; `not-anchored`: no value. */
export type MediaProtection = 'encrypted' | 'clear' | 'mixed' | 'not-anchored';

export interface LegMediaView {
  protection: MediaProtection;
  /** The badge: "SRTP", "Clear text (RTP)", "Partly clear text", "Not anchored". */
  label: string;
  tone: 'ok' | 'bad' | 'neutral';
  /** The SRTP suites, as the API named them, each once. */
  suites: string[];
  /** Next to the badge: the suites, comma-separated, and RTP among them when partly clear ("" when none). */
  detail: string;
  /** Tooltip in words. */
  title: string;
}

/** The distinct, non-blank items of a media value, trimmed, in their order; "rtp" in any case is "RTP". */
export function mediaItems(value: string | null | undefined): string[] {
  const out: string[] = [];
  for (const part of (value ?? '').split(',')) {
    const raw = part.trim();
    const item = raw.toUpperCase() === CLEAR_TEXT ? CLEAR_TEXT : raw;
    if (item !== '' && !out.includes(item)) out.push(item);
  }
  return out;
}

export function legName(leg: Leg): string {
  return leg === 'outside' ? 'trunk (outside) leg' : 'PBX (inside) leg';
}

/** The leg's media in words; a value with nothing in it counts as not anchored. */
export function legMedia(value: string | null | undefined, leg: Leg): LegMediaView {
  const items = mediaItems(value);
  const suites = items.filter((i) => i !== CLEAR_TEXT);
  const clear = items.includes(CLEAR_TEXT);
  const detail = suites.join(', ');
  const where = legName(leg);
  if (items.length === 0) {
    return {
      protection: 'not-anchored', label: 'Not anchored', tone: 'neutral', suites, detail,
      title: `The appliance did not relay the media of this call (media anchoring off, or no media), so it cannot tell whether the ${where} was encrypted.`,
    };
  }
  if (!clear) {
    return {
      protection: 'encrypted', label: 'SRTP', tone: 'ok', suites, detail,
      title: `Encrypted (SRTP) on the ${where}: ${detail}.`,
    };
  }
  if (suites.length === 0) {
    return {
      protection: 'clear', label: 'Clear text (RTP)', tone: 'bad', suites, detail,
      title: `Not encrypted: the ${where} carried the call in clear text (RTP); anyone on its network path could listen in.`,
    };
  }
  return {
    // Every item, RTP among them, so the detail does not read as if the leg were encrypted.
    protection: 'mixed', label: 'Partly clear text', tone: 'bad', suites, detail: items.join(', '),
    title: `Partly not encrypted: some media lines of the ${where} were clear text (RTP), others SRTP (${detail}).`,
  };
}

/** True when at least one media line of the leg travelled in clear text. */
export function hasClearText(view: LegMediaView): boolean {
  return view.protection === 'clear' || view.protection === 'mixed';
}

export interface RecordMedia {
  outside: LegMediaView;
  inside: LegMediaView;
  /** The legs with clear text on at least one media line. */
  clearLegs: Leg[];
}

export function recordMedia(r: Pick<CallRecord, 'outsideMedia' | 'insideMedia'>): RecordMedia {
  const outside = legMedia(r.outsideMedia, 'outside');
  const inside = legMedia(r.insideMedia, 'inside');
  return { outside, inside, clearLegs: LEGS.filter((l) => hasClearText(l === 'outside' ? outside : inside)) };
}

/**
 * The line above the table when calls shown carried clear text towards the trunk:
 * "2 of the 50 calls shown sent media in clear text (RTP) on the trunk leg"; "" when none did.
 */
export function clearTrunkNote(records: readonly Pick<CallRecord, 'outsideMedia' | 'insideMedia'>[]): string {
  const n = records.filter((r) => hasClearText(legMedia(r.outsideMedia, 'outside'))).length;
  if (n === 0) return '';
  const of = n === records.length ? (n === 1 ? 'The call shown' : `All ${count(n)} calls shown`) : `${count(n)} of the ${count(records.length)} calls shown`;
  return `${of} sent media in clear text (RTP) on the trunk leg: anyone on the path to the provider could listen in.`;
}

// ---------------------------------------------------------------- direction and end

export function directionLabel(direction: string): string {
  switch ((direction || '').toUpperCase()) {
    case 'INBOUND':
    case 'IN':
    case 'OUTSIDE_TO_INSIDE':
      return 'Incoming';
    case 'OUTBOUND':
    case 'OUT':
    case 'INSIDE_TO_OUTSIDE':
      return 'Outgoing';
    default:
      return direction || '—';
  }
}

export function endLabel(r: Pick<CallRecord, 'endedAt' | 'endReason'>): string {
  if (!r.endedAt) return 'in progress';
  return r.endReason ? r.endReason : 'ended';
}
