import { describe, expect, it } from 'vitest';
import { LEGS, clearTrunkNote, directionLabel, endLabel, hasClearText, legMedia, mediaItems, recordMedia } from '../src/records-model';
import type { CallRecord } from '../src/types';

const SRTP = 'AES_CM_128_HMAC_SHA1_80';
const GCM = 'AEAD_AES_256_GCM';

const record = (outsideMedia: string | null | undefined, insideMedia: string | null | undefined): CallRecord => ({
  callId: 'a84b4c76e66710@pc33', direction: 'inbound', caller: 'sip:+4930123@trunk', callee: 'sip:200@pbx',
  outsideTransport: 'TLS', insideTransport: 'UDP', startedAt: '2026-11-27T07:00:00Z', answeredAt: '2026-11-27T07:00:03Z',
  endedAt: '2026-11-27T07:01:03Z', endReason: 'bye-caller', outsideMedia, insideMedia,
});

describe('the items of a media value', () => {
  it('splits, trims and keeps each once, in order', () => {
    expect(mediaItems(`${SRTP}, ${GCM} ,${SRTP}`)).toEqual([SRTP, GCM]);
    expect(mediaItems('rtp,RTP, Rtp')).toEqual(['RTP']);
    expect(mediaItems(' , ,')).toEqual([]);
    expect(mediaItems('')).toEqual([]);
    expect(mediaItems(null)).toEqual([]);
    expect(mediaItems(undefined)).toEqual([]);
  });
});

describe('a leg’s media', () => {
  it('shows an SRTP suite as encrypted, naming it', () => {
    const v = legMedia(SRTP, 'outside');
    expect(v).toMatchObject({ protection: 'encrypted', label: 'SRTP', tone: 'ok', suites: [SRTP], detail: SRTP });
    expect(v.title).toBe(`Encrypted (SRTP) on the trunk (outside) leg: ${SRTP}.`);
    expect(legMedia(`${SRTP},${GCM}`, 'inside')).toMatchObject({ protection: 'encrypted', detail: `${SRTP}, ${GCM}` });
    expect(hasClearText(v)).toBe(false);
  });

  it('marks RTP as clear text, in red, whatever its case', () => {
    for (const value of ['RTP', ' rtp ', 'RTP,RTP']) {
      const v = legMedia(value, 'outside');
      expect(v).toMatchObject({ protection: 'clear', label: 'Clear text (RTP)', tone: 'bad', suites: [], detail: '' });
      expect(hasClearText(v)).toBe(true);
    }
    expect(legMedia('RTP', 'outside').title).toContain('clear text');
    expect(legMedia('RTP', 'inside').title).toContain('PBX (inside) leg');
  });

  it('marks a leg whose media lines differ as partly clear text when one is RTP', () => {
    const v = legMedia(`${SRTP},RTP`, 'outside');
    expect(v).toMatchObject({ protection: 'mixed', label: 'Partly clear text', tone: 'bad', suites: [SRTP], detail: `${SRTP}, RTP` });
    expect(v.title).toBe(`Partly not encrypted: some media lines of the trunk (outside) leg were clear text (RTP), others SRTP (${SRTP}).`);
    expect(hasClearText(v)).toBe(true);
    expect(legMedia(`RTP,${GCM}`, 'inside').protection).toBe('mixed');
  });

  it('says "not anchored" for null, a missing field or a value with nothing in it, never encrypted or clear', () => {
    for (const value of [null, undefined, '', ' , ']) {
      const v = legMedia(value, 'outside');
      expect(v).toMatchObject({ protection: 'not-anchored', label: 'Not anchored', tone: 'neutral', suites: [], detail: '' });
      expect(hasClearText(v)).toBe(false);
      expect(v.title).toContain('did not relay the media');
    }
  });

  it('shows an unknown name as a suite: the API only writes RTP for clear text', () => {
    expect(legMedia('F8_128_HMAC_SHA1_80', 'outside')).toMatchObject({ protection: 'encrypted', detail: 'F8_128_HMAC_SHA1_80' });
  });
});

describe('a record’s media', () => {
  it('lists the legs with clear text, trunk first', () => {
    expect(LEGS).toEqual(['outside', 'inside']);
    expect(recordMedia(record('RTP', 'RTP')).clearLegs).toEqual(['outside', 'inside']);
    expect(recordMedia(record(SRTP, 'RTP')).clearLegs).toEqual(['inside']);
    expect(recordMedia(record(`RTP,${SRTP}`, SRTP)).clearLegs).toEqual(['outside']);
    expect(recordMedia(record(SRTP, GCM)).clearLegs).toEqual([]);
    expect(recordMedia(record(null, null)).clearLegs).toEqual([]);
    const m = recordMedia(record(SRTP, null));
    expect(m.outside.protection).toBe('encrypted');
    expect(m.inside.protection).toBe('not-anchored');
  });

  it('records from an appliance without the fields read as not anchored', () => {
    const { outsideMedia: _o, insideMedia: _i, ...rest } = record(SRTP, SRTP);
    const old: CallRecord = rest;
    expect('outsideMedia' in old).toBe(false);
    const m = recordMedia(old);
    expect(m.outside.protection).toBe('not-anchored');
    expect(m.inside.protection).toBe('not-anchored');
  });

  it('counts the calls shown with clear text towards the trunk, not those clear only towards the PBX', () => {
    expect(clearTrunkNote([])).toBe('');
    expect(clearTrunkNote([record(SRTP, 'RTP'), record(null, 'RTP')])).toBe('');
    expect(clearTrunkNote([record('RTP', 'RTP')])).toBe(
      'The call shown sent media in clear text (RTP) on the trunk leg: anyone on the path to the provider could listen in.');
    expect(clearTrunkNote([record('RTP', SRTP), record(`${SRTP},RTP`, SRTP)])).toMatch(/^All 2 calls shown sent media in clear text/);
    expect(clearTrunkNote([record('RTP', SRTP), record(SRTP, 'RTP'), record(null, null)])).toMatch(/^1 of the 3 calls shown sent/);
  });
});

describe('direction and end', () => {
  it('words the direction and passes unknown ones through', () => {
    expect(directionLabel('inbound')).toBe('Incoming');
    expect(directionLabel('OUTBOUND')).toBe('Outgoing');
    expect(directionLabel('sideways')).toBe('sideways');
    expect(directionLabel('')).toBe('—');
  });

  it('says whether the call ended and why', () => {
    expect(endLabel({ endedAt: null, endReason: null })).toBe('in progress');
    expect(endLabel({ endedAt: '2026-11-27T07:01:03Z', endReason: 'cancel' })).toBe('cancel');
    expect(endLabel({ endedAt: '2026-11-27T07:01:03Z', endReason: null })).toBe('ended');
  });
});
