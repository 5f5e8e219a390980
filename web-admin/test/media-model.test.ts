import { describe, expect, it } from 'vitest';
import {
  KEYING_KEYS, MEDIA_KEYS, MEDIA_PID, PASSTHROUGH_KEY, POLICY_KEYS, activityText, changeSummary, changedPolicies, choiceTitle, droppedTone,
  isBoolean, isClearText, isOn, legRow, lineText, lossRatio, lossText, lossTone, mediaRows, optionParts, percentText, policyChoices,
  policyWarning, protectionOf, protectionView, sessionsProblem, settingTitle, settingValue, settingWarning, splitSessionId,
  suiteDescription, summaryText, valueText, zoneOfKey, zoneSettingOf,
} from '../src/media-model';
import type { ConfigProperty, MediaLeg, MediaSession } from '../src/types';

const NOW = Date.parse('2026-11-27T07:00:00Z');
const at = (seconds: number) => new Date(NOW + seconds * 1000).toISOString();

const leg = (over: Partial<MediaLeg> = {}): MediaLeg => ({
  zone: 'outside', local: '203.0.113.1:30000', peer: '198.51.100.7:49170', encryption: 'AES_CM_128_HMAC_SHA1_80',
  packetsIn: 1500, packetsOut: 1499, lost: 1, foreignDropped: 0, srtpFailures: 0, ...over,
});

const session = (id: string, createdAt: string, over: Partial<MediaSession> = {}): MediaSession => ({
  id, createdAt, lastActivity: createdAt,
  outside: leg(),
  inside: leg({ zone: 'inside', local: '10.0.0.1:32000', peer: '10.0.0.5:4000', encryption: 'RTP' }),
  ...over,
});

/** The two policy settings as GET /config/io.bulwark.media returns them (bundles/srtp-media MediaConfig). */
const OPTIONS = [
  { label: 'SRTP required (488 to offers without usable crypto)', value: 'srtp-required' },
  { label: 'SRTP preferred (best effort)', value: 'srtp-preferred' },
  { label: 'Plain RTP', value: 'rtp' },
];
const policyProp = (id: string, value: string[] | null, def: string): ConfigProperty => ({
  id, name: id === 'outside.policy' ? 'Outside encryption policy' : 'Inside encryption policy', type: 'STRING', cardinality: 0,
  description: 'How media on the trunk side must be protected.', defaultValue: [def], options: OPTIONS, value,
});
const PROPS: ConfigProperty[] = [
  { id: 'outside.address', name: 'Outside media address', type: 'STRING', cardinality: 0, value: ['127.0.0.1'] },
  policyProp('outside.policy', ['srtp-preferred'], 'srtp-preferred'),
  policyProp('inside.policy', ['rtp'], 'rtp'),
];

describe('encryption of a leg', () => {
  it('counts only "RTP" as clear text, any case', () => {
    expect(protectionOf('RTP')).toBe('clear');
    expect(protectionOf(' rtp ')).toBe('clear');
    expect(protectionOf('AES_CM_128_HMAC_SHA1_80')).toBe('srtp');
    expect(protectionOf('AEAD_AES_256_GCM')).toBe('srtp');
    expect(protectionOf('')).toBe('unknown');
    expect(protectionOf(null)).toBe('unknown');
    expect(isClearText('RTP')).toBe(true);
    expect(isClearText('AES_256_CM_HMAC_SHA1_32')).toBe(false);
    // Not claimed to be clear text, but not shown as encrypted either.
    expect(isClearText(undefined)).toBe(false);
  });

  it('marks clear text red and names the suite of an encrypted leg', () => {
    expect(protectionView('RTP')).toMatchObject({ protection: 'clear', label: 'Clear text (RTP)', tone: 'bad', suite: '' });
    const v = protectionView('AES_CM_128_HMAC_SHA1_80');
    expect(v).toMatchObject({ protection: 'srtp', label: 'SRTP', tone: 'ok', suite: 'AES_CM_128_HMAC_SHA1_80' });
    expect(v.title).toBe('Encrypted (SRTP): AES-128 counter mode, HMAC-SHA1 with an 80-bit tag');
    expect(protectionView('')).toMatchObject({ protection: 'unknown', label: 'Unknown', tone: 'warn' });
  });

  it('describes the SDES suites from their names', () => {
    expect(suiteDescription('AES_CM_128_HMAC_SHA1_32')).toBe('AES-128 counter mode, HMAC-SHA1 with a 32-bit tag');
    expect(suiteDescription('AES_256_CM_HMAC_SHA1_80')).toBe('AES-256 counter mode, HMAC-SHA1 with an 80-bit tag');
    expect(suiteDescription('AEAD_AES_128_GCM')).toBe('AES-128 in Galois/counter mode (authenticated encryption)');
    expect(suiteDescription('F8_128_HMAC_SHA1_80')).toBe('F8_128_HMAC_SHA1_80');
  });
});

describe('loss and counters', () => {
  it('is a share of the packets expected: lost / (received + lost)', () => {
    expect(lossRatio(1500, 1)).toBeCloseTo(1 / 1501);
    expect(lossRatio(90, 10)).toBe(0.1);
    expect(lossRatio(0, 5)).toBe(1);
    expect(lossRatio(100, 0)).toBe(0);
    expect(lossRatio(0, 0)).toBeNull();
    expect(lossRatio(Number.NaN, -3)).toBeNull();
  });

  it('writes percentages for people', () => {
    expect(percentText(null)).toBe('');
    expect(percentText(0)).toBe('0 %');
    expect(percentText(1 / 1501)).toBe('< 0.1 %');
    expect(percentText(0.008)).toBe('0.8 %');
    expect(percentText(0.125)).toBe('12.5 %');
    expect(percentText(1)).toBe('100 %');
  });

  it('gives the count and its share', () => {
    expect(lossText(1500, 0)).toBe('0');
    expect(lossText(0, 0)).toBe('0');
    expect(lossText(1500, 1)).toBe('1 (< 0.1 %)');
    expect(lossText(9900, 100)).toBe('100 (1.0 %)');
    expect(lossText(0, 1234)).toBe('1,234 (100 %)');
  });

  it('highlights loss callers hear, and every dropped packet', () => {
    expect(lossTone(null)).toBe('neutral');
    expect(lossTone(0.009)).toBe('neutral');
    expect(lossTone(0.01)).toBe('warn');
    expect(lossTone(0.05)).toBe('bad');
    expect(droppedTone(0, 'foreign')).toBe('neutral');
    expect(droppedTone(3, 'foreign')).toBe('warn');
    expect(droppedTone(0, 'srtp')).toBe('neutral');
    expect(droppedTone(1, 'srtp')).toBe('bad');
  });
});

describe('rows', () => {
  it('splits the id from the end: the Call-ID may hold slashes', () => {
    expect(splitSessionId('a84b4c76e66710@pc33/0/1')).toEqual({ callId: 'a84b4c76e66710@pc33', offer: 0, line: 1 });
    expect(splitSessionId('x/y/z@h/2/0')).toEqual({ callId: 'x/y/z@h', offer: 2, line: 0 });
    expect(splitSessionId('other-form')).toEqual({ callId: 'other-form', offer: null, line: null });
    expect(splitSessionId('/0/1')).toEqual({ callId: '/0/1', offer: null, line: null });
    expect(lineText(0, 0)).toBe('Line 1');
    expect(lineText(2, 1)).toBe('Line 2, re-offer 2');
    expect(lineText(null, null)).toBe('');
  });

  it('builds both legs of a media line', () => {
    const [row] = mediaRows([session('call-1@pbx/0/0', at(-60))]);
    expect(row).toBeDefined();
    if (!row) return;
    expect(row.callId).toBe('call-1@pbx');
    expect(row.outside).toMatchObject({
      zone: 'outside', local: '203.0.113.1:30000', peer: '198.51.100.7:49170', encryption: 'AES_CM_128_HMAC_SHA1_80',
      packetsIn: 1500, packetsOut: 1499, lost: 1, lossText: '1 (< 0.1 %)', lossTone: 'neutral', foreignDropped: 0, srtpFailures: 0,
    });
    expect(row.outside.view.protection).toBe('srtp');
    expect(row.inside.view.protection).toBe('clear');
    expect(row.clearZones).toEqual(['inside']);
  });

  it('shows a party without a packet yet, and odd numbers as zero', () => {
    const l = legRow('inside', leg({ peer: null, packetsIn: 0, lost: 0, packetsOut: -1, foreignDropped: Number.NaN }));
    expect(l.peer).toBeNull();
    expect(l.lossRatio).toBeNull();
    expect(l.lossText).toBe('0');
    expect(l.packetsOut).toBe(0);
    expect(l.foreignDropped).toBe(0);
    expect(legRow('outside', undefined)).toMatchObject({ local: '', peer: null, encryption: '', packetsIn: 0 });
    expect(legRow('outside', undefined).view.protection).toBe('unknown');
  });

  it('keeps newest first, equal times in one order, each id once', () => {
    const rows = mediaRows([
      session('b/0/0', at(-10)),
      session('c/0/0', at(-5)),
      session('a/0/1', at(-10)),
      session('a/0/0', at(-10)),
      session('c/0/0', at(-5)),
    ]);
    expect(rows.map((r) => r.id)).toEqual(['c/0/0', 'a/0/0', 'a/0/1', 'b/0/0']);
    expect(mediaRows(null)).toEqual([]);
    expect(mediaRows([])).toEqual([]);
  });

  it('says how many lines and legs in clear text', () => {
    expect(summaryText([])).toBe('No media anchored');
    const encrypted = session('e/0/0', at(0), { inside: leg({ zone: 'inside' }) });
    expect(summaryText(mediaRows([encrypted]))).toBe('1 media line · every leg encrypted');
    expect(summaryText(mediaRows([session('a/0/0', at(0)), encrypted]))).toBe('2 media lines · 1 leg in clear text');
    const bothClear = session('c/0/0', at(0), { outside: leg({ encryption: 'RTP' }) });
    expect(summaryText(mediaRows([session('a/0/0', at(0)), bothClear]))).toBe('2 media lines · 3 legs in clear text');
  });

  it('says when the last packet came', () => {
    const [row] = mediaRows([session('a/0/0', at(-120), { lastActivity: at(-3) })]);
    expect(row && activityText(row, NOW)).toBe('last packet 3 s ago');
    const [idle] = mediaRows([session('b/0/0', at(-5), { outside: leg({ packetsIn: 0, lost: 0 }), inside: leg({ packetsIn: 0, lost: 0 }) })]);
    expect(idle && activityText(idle, NOW)).toBe('no packet yet');
  });

  it('explains a failed list', () => {
    expect(sessionsProblem(503, 'the media relay is not running')).toMatchObject({ tone: 'warn' });
    expect(sessionsProblem(503, 'x').text).toContain('media relay is not running');
    expect(sessionsProblem(500, 'boom')).toEqual({ tone: 'error', text: 'Could not load the media sessions: boom (HTTP 500).' });
    expect(sessionsProblem(0, 'The appliance could not be reached.').text).toBe('Could not load the media sessions: The appliance could not be reached.');
  });
});

describe('encryption policy per zone', () => {
  it('edits the outside and inside policy of io.bulwark.media', () => {
    expect(MEDIA_PID).toBe('io.bulwark.media');
    expect(POLICY_KEYS).toEqual(['outside.policy', 'inside.policy']);
    expect(zoneOfKey('outside.policy')).toBe('outside');
    expect(zoneOfKey('inside.policy')).toBe('inside');
    expect(zoneOfKey('dmz.policy')).toBeNull();
    expect(zoneOfKey('outside.ports')).toBeNull();
  });

  it('takes the choices and their explanation from the metatype, in its order', () => {
    expect(policyChoices(PROPS[1])).toEqual([
      { value: 'srtp-required', title: 'SRTP required', detail: '488 to offers without usable crypto' },
      { value: 'srtp-preferred', title: 'SRTP preferred', detail: 'best effort' },
      { value: 'rtp', title: 'Plain RTP', detail: '' },
    ]);
    expect(policyChoices({ ...policyProp('outside.policy', null, 'rtp'), options: null })).toEqual([]);
    expect(policyChoices(undefined)).toEqual([]);
    expect(policyChoices({ ...policyProp('outside.policy', null, 'rtp'), options: [{ label: '', value: 'x' }] }))
      .toEqual([{ value: 'x', title: 'x', detail: '' }]);
    expect(optionParts('Reject (403)')).toEqual({ title: 'Reject', detail: '403' });
    expect(optionParts('Plain')).toEqual({ title: 'Plain', detail: '' });
    expect(choiceTitle(PROPS[1], 'rtp')).toBe('Plain RTP');
    expect(choiceTitle(PROPS[1], 'other')).toBe('other');
  });

  it('reads the stored value, else the default', () => {
    expect(settingValue(PROPS[1])).toBe('srtp-preferred');
    expect(settingValue(policyProp('outside.policy', [], 'srtp-preferred'))).toBe('srtp-preferred');
    expect(settingValue(policyProp('outside.policy', null, 'rtp'))).toBe('rtp');
    expect(settingValue(undefined)).toBe('');
  });

  it('warns, without blocking, about plain RTP towards the trunk only', () => {
    expect(policyWarning('outside.policy', 'rtp')).toContain('clear text');
    expect(policyWarning('outside.policy', 'srtp-preferred')).toBeNull();
    expect(policyWarning('inside.policy', 'rtp')).toBeNull();
  });

  it('sends only the policies that changed', () => {
    expect(changedPolicies(PROPS, { 'outside.policy': 'srtp-preferred', 'inside.policy': 'rtp' })).toEqual({});
    expect(changedPolicies(PROPS, { 'outside.policy': 'srtp-required', 'inside.policy': 'rtp' })).toEqual({ 'outside.policy': ['srtp-required'] });
    expect(changedPolicies(PROPS, { 'inside.policy': 'srtp-preferred' })).toEqual({ 'inside.policy': ['srtp-preferred'] });
    // Keys the page does not edit are never sent, nor keys the appliance lacks.
    expect(changedPolicies(PROPS, { 'outside.address': '0.0.0.0' })).toEqual({});
    expect(changedPolicies([PROPS[0] as ConfigProperty], { 'outside.policy': 'rtp' })).toEqual({});
  });
});

/** The key exchange and pass-through settings as GET /config/io.bulwark.media returns them (MediaConfig). */
const KEYING_OPTIONS = [
  { label: 'SDES (a=crypto, RFC 4568)', value: 'sdes' },
  { label: 'DTLS-SRTP (a=fingerprint, RFC 5763/5764)', value: 'dtls' },
];
const keyingProp = (id: string, value: string[] | null): ConfigProperty => ({
  id, name: id === 'outside.keying' ? 'Outside key exchange' : 'Inside key exchange', type: 'STRING', cardinality: 0,
  description: 'How the appliance keys the SRTP it offers.', defaultValue: ['sdes'], options: KEYING_OPTIONS, value,
});
const passthroughProp = (value: string[] | null): ConfigProperty => ({
  id: 'srtp.passthrough', name: 'SRTP pass-through', type: 'BOOLEAN', cardinality: 0,
  description: 'SDES crypto goes on unchanged between the parties when both do SRTP in the same suite.', defaultValue: ['false'], value,
});
const ALL: ConfigProperty[] = [...PROPS, keyingProp('outside.keying', null), keyingProp('inside.keying', ['sdes']), passthroughProp(null)];
/** What the form shows when nothing was touched. */
const UNTOUCHED = {
  'outside.policy': 'srtp-preferred', 'outside.keying': 'sdes', 'inside.policy': 'rtp', 'inside.keying': 'sdes', 'srtp.passthrough': 'false',
};

describe('key exchange per zone and SRTP pass-through', () => {
  it('edits per zone the policy and the key exchange, then pass-through', () => {
    expect(KEYING_KEYS).toEqual(['outside.keying', 'inside.keying']);
    expect(PASSTHROUGH_KEY).toBe('srtp.passthrough');
    expect(MEDIA_KEYS).toEqual(['outside.policy', 'outside.keying', 'inside.policy', 'inside.keying', 'srtp.passthrough']);
    expect(zoneOfKey('outside.keying')).toBe('outside');
    expect(zoneOfKey('inside.keying')).toBe('inside');
    expect(zoneOfKey('srtp.passthrough')).toBeNull();
    expect(zoneOfKey('dmz.keying')).toBeNull();
    expect(zoneSettingOf('inside.keying')).toEqual({ zone: 'inside', kind: 'keying' });
    expect(zoneSettingOf('outside.policy')).toEqual({ zone: 'outside', kind: 'policy' });
    expect(zoneSettingOf('outside.keying.x')).toBeNull();
  });

  it('takes the key exchange choices from the metatype', () => {
    expect(policyChoices(keyingProp('outside.keying', null))).toEqual([
      { value: 'sdes', title: 'SDES', detail: 'a=crypto, RFC 4568' },
      { value: 'dtls', title: 'DTLS-SRTP', detail: 'a=fingerprint, RFC 5763/5764' },
    ]);
    expect(settingValue(keyingProp('outside.keying', null))).toBe('sdes');
    expect(settingValue(keyingProp('outside.keying', ['dtls']))).toBe('dtls');
    expect(choiceTitle(keyingProp('outside.keying', null), 'dtls')).toBe('DTLS-SRTP');
  });

  it('reads pass-through as a Boolean, from its value else its default', () => {
    expect(isBoolean(passthroughProp(null))).toBe(true);
    expect(isBoolean(keyingProp('outside.keying', null))).toBe(false);
    expect(isOn(passthroughProp(null))).toBe(false);
    expect(isOn(passthroughProp([]))).toBe(false);
    expect(isOn(passthroughProp(['true']))).toBe(true);
    expect(isOn(passthroughProp(['TRUE']))).toBe(true);
    expect(isOn({ ...passthroughProp(null), defaultValue: ['true'] })).toBe(true);
    expect(isOn({ ...passthroughProp(null), defaultValue: null })).toBe(false);
    expect(isOn(undefined)).toBe(false);
    expect(valueText(passthroughProp(null), 'true')).toBe('on');
    expect(valueText(passthroughProp(null), 'false')).toBe('off');
    expect(valueText(keyingProp('inside.keying', null), 'sdes')).toBe('SDES');
    expect(valueText(PROPS[1], 'srtp-required')).toBe('SRTP required');
  });

  it('sends only the settings that changed, Booleans as "true"/"false"', () => {
    expect(changedPolicies(ALL, UNTOUCHED)).toEqual({});
    expect(changedPolicies(ALL, { ...UNTOUCHED, 'outside.keying': 'dtls', 'srtp.passthrough': 'true' }))
      .toEqual({ 'outside.keying': ['dtls'], 'srtp.passthrough': ['true'] });
    expect(changedPolicies(ALL, { ...UNTOUCHED, 'inside.keying': 'dtls', 'inside.policy': 'srtp-required' }))
      .toEqual({ 'inside.policy': ['srtp-required'], 'inside.keying': ['dtls'] });
    // An unset keying equals its default; "TRUE" from a hand-edited file equals a checked box.
    expect(changedPolicies(ALL, { 'outside.keying': 'sdes' })).toEqual({});
    expect(changedPolicies([passthroughProp(['TRUE'])], { 'srtp.passthrough': 'true' })).toEqual({});
    expect(changedPolicies([passthroughProp(['true'])], { 'srtp.passthrough': 'false' })).toEqual({ 'srtp.passthrough': ['false'] });
    // Back to the stored value: nothing to send.
    expect(changedPolicies([keyingProp('outside.keying', ['dtls'])], { 'outside.keying': 'dtls' })).toEqual({});
    // Settings the appliance lacks (an older relay) are never sent.
    expect(changedPolicies(PROPS, { ...UNTOUCHED, 'outside.keying': 'dtls', 'srtp.passthrough': 'true' })).toEqual({});
  });

  it('names each changed setting in words, in the order of the form', () => {
    expect(settingTitle('outside.policy')).toBe('Outside (trunk) encryption policy');
    expect(settingTitle('inside.keying')).toBe('Inside (PBX) key exchange');
    expect(settingTitle('srtp.passthrough', passthroughProp(null))).toBe('SRTP pass-through');
    expect(settingTitle('srtp.passthrough')).toBe('SRTP pass-through');
    expect(changeSummary(ALL, { 'srtp.passthrough': ['true'], 'outside.keying': ['dtls'] }))
      .toEqual(['Outside (trunk) key exchange: DTLS-SRTP', 'SRTP pass-through: on']);
    expect(changeSummary(ALL, { 'inside.policy': ['srtp-required'], 'srtp.passthrough': ['false'] }))
      .toEqual(['Inside (PBX) encryption policy: SRTP required', 'SRTP pass-through: off']);
    expect(changeSummary(ALL, {})).toEqual([]);
  });

  it('warns, without blocking, where a choice has a catch', () => {
    expect(settingWarning('outside.keying', UNTOUCHED)).toBeNull();
    expect(settingWarning('srtp.passthrough', UNTOUCHED)).toBeNull();
    expect(settingWarning('outside.policy', UNTOUCHED)).toBeNull();
    // The policy warning is still there.
    expect(settingWarning('outside.policy', { ...UNTOUCHED, 'outside.policy': 'rtp' })).toBe(policyWarning('outside.policy', 'rtp'));
    expect(policyWarning('outside.keying', 'rtp')).toBeNull();
    // DTLS-SRTP towards the trunk.
    expect(settingWarning('outside.keying', { ...UNTOUCHED, 'outside.keying': 'dtls' })).toContain('Most SIP trunks use SDES');
    expect(settingWarning('inside.keying', { ...UNTOUCHED, 'inside.policy': 'srtp-preferred', 'inside.keying': 'dtls' })).toBeNull();
    // A key exchange towards a zone that gets no SRTP offered is not used.
    expect(settingWarning('inside.keying', { ...UNTOUCHED, 'inside.keying': 'dtls' })).toContain('not used');
    expect(settingWarning('outside.keying', { ...UNTOUCHED, 'outside.policy': 'rtp', 'outside.keying': 'dtls' })).toContain('not used');
    // Pass-through is SDES only.
    const on = { ...UNTOUCHED, 'srtp.passthrough': 'true' };
    expect(settingWarning('srtp.passthrough', { ...on, 'outside.keying': 'dtls' })).toContain('outside (trunk) side carry DTLS-SRTP');
    expect(settingWarning('srtp.passthrough', { ...on, 'outside.keying': 'dtls', 'inside.keying': 'dtls', 'inside.policy': 'srtp-required' }))
      .toContain('Both zones are offered DTLS-SRTP');
    // dtls towards a plain-RTP zone offers nothing there: no pass-through caveat for it.
    expect(settingWarning('srtp.passthrough', { ...on, 'inside.keying': 'dtls' })).toBeNull();
    expect(settingWarning('srtp.passthrough', { ...on, 'outside.policy': 'rtp' })).toContain('Both zones use plain RTP');
    expect(settingWarning('srtp.passthrough', { ...UNTOUCHED, 'outside.keying': 'dtls' })).toBeNull();
  });
});
