import { describe, expect, it } from 'vitest';
import {
  NO_FILTERS, activeFilterCount, apiQuery, emptyText, eventHref, evidenceLine, filtersFromQuery, filtersHash, isIsoWithOffset,
  isValidKind, isValidKindFilter, isoToLocalInput, kindMatches, levelLabel, localInputToIso, normalizeFilters, offsetText,
  severityTone, sourceEventsHref, sourceText, splitFilterErrors, totalText, truncate, validateFilters, type EventFilters,
} from '../src/events-model';
import { hashWith, splitHash } from '../src/hash';

const f = (over: Partial<EventFilters>): EventFilters => ({ ...NO_FILTERS, ...over });
const berlinWinter = () => 60;
const newYorkSummer = () => -240;

describe('hash routes with a query', () => {
  it('splits the route from its query', () => {
    const { path, query } = splitHash('#/events?source=10.1.2.3&kind=sip.');
    expect(path).toBe('events');
    expect(query.get('source')).toBe('10.1.2.3');
    expect(query.get('kind')).toBe('sip.');
  });

  it('keeps sub-routes and works without a query', () => {
    expect(splitHash('#/events/4711').path).toBe('events/4711');
    expect([...splitHash('#/events/4711').query.keys()]).toEqual([]);
    expect(splitHash('#events').path).toBe('events');
    expect(splitHash('').path).toBe('');
  });

  it('writes readable hashes that read back the same', () => {
    const hash = hashWith('events', [['source', '2001:db8::7'], ['kind', ''], ['q', 'a b&c=d+e'], ['since', '2026-11-27T08:00:00+01:00']]);
    expect(hash).toBe('#/events?source=2001:db8::7&q=a%20b%26c%3Dd%2Be&since=2026-11-27T08:00:00%2B01:00');
    const q = splitHash(hash).query;
    expect(q.get('source')).toBe('2001:db8::7');
    expect(q.get('q')).toBe('a b&c=d+e');
    expect(q.get('since')).toBe('2026-11-27T08:00:00+01:00');
    expect(hashWith('events', [['kind', '']])).toBe('#/events');
  });
});

describe('filters in the hash and the API query', () => {
  it('reads the filters a link carries, cleaned up', () => {
    const q = new URLSearchParams('source=%2010.1.2.3%20&kind=SIP.&level=application&severity=high&other=x');
    expect(filtersFromQuery(q)).toEqual(f({ source: '10.1.2.3', kind: 'sip.', level: 'APPLICATION', severity: 'HIGH' }));
    expect(filtersFromQuery(new URLSearchParams())).toEqual(NO_FILTERS);
  });

  it('puts the set filters into the hash in a fixed order', () => {
    expect(filtersHash(f({ source: '10.1.2.3', kind: 'sip.' }))).toBe('#/events?kind=sip.&source=10.1.2.3');
    expect(filtersHash(NO_FILTERS)).toBe('#/events');
    const all = f({ level: 'NETWORK', kind: 'network.flood', severity: 'LOW', source: '203.0.113.7', q: 'INVITE', since: '2026-11-27T07:00:00Z', until: '2026-11-28T07:00:00Z' });
    expect(filtersFromQuery(splitHash(filtersHash(all)).query)).toEqual(all);
  });

  it('links to the events of one source and to one event', () => {
    expect(sourceEventsHref('203.0.113.7')).toBe('#/events?source=203.0.113.7');
    expect(sourceEventsHref('2001:db8::7')).toBe('#/events?source=2001:db8::7');
    expect(eventHref(4711)).toBe('#/events/4711');
  });

  it('builds the API query with limit and cursor', () => {
    expect(apiQuery(NO_FILTERS)).toBe('?limit=50');
    expect(apiQuery(f({ source: '203.0.113.7', kind: 'sip.' }), 'abc_-', 20)).toBe('?kind=sip.&source=203.0.113.7&limit=20&before=abc_-');
    expect(apiQuery(f({ since: '2026-11-27T08:00:00+01:00' }))).toBe('?since=2026-11-27T08%3A00%3A00%2B01%3A00&limit=50');
    expect(new URLSearchParams(apiQuery(f({ q: 'a&b' })).slice(1)).get('q')).toBe('a&b');
  });

  it('counts the filters set', () => {
    expect(activeFilterCount(NO_FILTERS)).toBe(0);
    expect(activeFilterCount(f({ source: '1.2.3.4', q: 'x' }))).toBe(2);
    expect(normalizeFilters({ level: ' network ', kind: ' Sip.Scanner ' })).toEqual(f({ level: 'NETWORK', kind: 'sip.scanner' }));
  });
});

describe('checks before sending', () => {
  it('accepts no filters and good ones', () => {
    expect(validateFilters(NO_FILTERS)).toEqual({});
    expect(validateFilters(f({
      level: 'CONTENT', kind: 'sip.', severity: 'CRITICAL', source: '2001:DB8:0::7', q: 'x'.repeat(200),
      since: '2026-11-27T07:00:00Z', until: '2026-11-27T08:00:00.5+01:00',
    }))).toEqual({});
  });

  it('checks kinds and kind families as the appliance does', () => {
    expect(isValidKind('sip.malformed')).toBe(true);
    expect(isValidKind('sip.brute-force-user')).toBe(true);
    expect(isValidKind('sip')).toBe(false);
    expect(isValidKind('sip.')).toBe(false);
    expect(isValidKind('Sip.x')).toBe(false);
    expect(isValidKind('1sip.x')).toBe(false);
    expect(isValidKind('sip..x')).toBe(false);
    expect(isValidKind('sip.x_y')).toBe(false);
    expect(isValidKindFilter('sip.')).toBe(true);
    expect(isValidKindFilter('network.')).toBe(true);
    expect(isValidKindFilter('sip')).toBe(false);
    expect(isValidKindFilter('.')).toBe(false);
    expect(isValidKindFilter('sip..')).toBe(false);
    expect(isValidKindFilter(`${'a'.repeat(64)}.`)).toBe(false);
    expect(validateFilters(f({ kind: 'sip' })).kind).toContain('family ending with a dot');
  });

  it('wants one address as source, no name and no network', () => {
    expect(validateFilters(f({ source: '203.0.113.7' }))).toEqual({});
    expect(validateFilters(f({ source: '::1' }))).toEqual({});
    expect(validateFilters(f({ source: 'pbx.example.com' })).source).toContain('not a name');
    expect(validateFilters(f({ source: '10.1.2.0/24' })).source).toContain('one address');
    expect(validateFilters(f({ source: '300.1.2.3' })).source).toContain('Not an IPv4 address');
  });

  it('checks level, severity and the length of the text', () => {
    expect(validateFilters(f({ level: 'MEDIA' })).level).toContain('NETWORK');
    expect(validateFilters(f({ severity: 'URGENT' })).severity).toContain('CRITICAL');
    expect(validateFilters(f({ q: 'x'.repeat(201) })).q).toBe('At most 200 characters.');
  });

  it('checks the times and their order', () => {
    expect(validateFilters(f({ since: 'yesterday' })).since).toBe('Not a date and time.');
    expect(validateFilters(f({ until: '2026-11-27T07:00:00' })).until).toBe('Not a date and time.');
    expect(validateFilters(f({ since: '2026-02-30T07:00:00Z' })).since).toBe('Not a date and time.');
    expect(validateFilters(f({ since: '2026-11-27T08:00:00Z', until: '2026-11-27T07:00:00Z' })).until).toContain('must not be before');
    expect(validateFilters(f({ since: '2026-11-27T08:00:00+01:00', until: '2026-11-27T07:00:00Z' }))).toEqual({});
    expect(validateFilters(f({ since: '2026-11-27T08:00:00Z', until: '2026-11-27T08:00:00Z' }))).toEqual({});
  });

  it('reads ISO times with an offset only', () => {
    expect(isIsoWithOffset('2026-11-27T07:00:00Z')).toBe(true);
    expect(isIsoWithOffset('2026-11-27T07:00Z')).toBe(true);
    expect(isIsoWithOffset('2026-11-27T07:00:00.123456789-05:00')).toBe(true);
    expect(isIsoWithOffset('2024-02-29T00:00:00Z')).toBe(true);
    expect(isIsoWithOffset('2026-02-29T00:00:00Z')).toBe(false);
    expect(isIsoWithOffset('2026-11-27T24:00:00Z')).toBe(false);
    expect(isIsoWithOffset('2026-11-27 07:00:00Z')).toBe(false);
  });

  it('maps a 400 to the filter it names, the rest to the summary', () => {
    const { byField, other } = splitFilterErrors([
      { field: 'source', rule: 'pattern', message: 'must be one IPv4 or IPv6 address' },
      { field: 'until', rule: 'min', message: 'must not be before since' },
      { field: 'before', rule: 'pattern', message: 'not a cursor this API returned' },
      { field: 'limit', rule: 'range', message: '' },
    ]);
    expect(byField).toEqual({ source: 'must be one IPv4 or IPv6 address', until: 'must not be before since' });
    expect(other).toEqual(['before: not a cursor this API returned', 'limit: range']);
  });
});

describe('local time for the date inputs', () => {
  it('adds the offset of the browser at that moment', () => {
    expect(localInputToIso('2026-11-27T08:00', berlinWinter)).toBe('2026-11-27T08:00:00+01:00');
    expect(localInputToIso('2026-07-01T08:00:30', newYorkSummer)).toBe('2026-07-01T08:00:30-04:00');
    expect(localInputToIso('2026-11-27T08:00', () => 0)).toBe('2026-11-27T08:00:00Z');
    expect(localInputToIso('2026-11-27T08:00', () => 330)).toBe('2026-11-27T08:00:00+05:30');
    expect(localInputToIso('')).toBe('');
  });

  it('refuses what is no date and time', () => {
    expect(localInputToIso('2026-11-27')).toBeNull();
    expect(localInputToIso('2026-13-01T08:00')).toBeNull();
    expect(localInputToIso('2026-11-31T08:00')).toBeNull();
    expect(localInputToIso('2026-11-27T25:00')).toBeNull();
  });

  it('shows an ISO time in local time', () => {
    expect(isoToLocalInput('2026-11-27T07:00:00Z', berlinWinter)).toBe('2026-11-27T08:00');
    expect(isoToLocalInput('2026-11-27T07:00:30Z', berlinWinter)).toBe('2026-11-27T08:00:30');
    expect(isoToLocalInput('2026-11-27T08:00:00+01:00', newYorkSummer)).toBe('2026-11-27T03:00');
    expect(isoToLocalInput('2026-12-31T23:30:00Z', berlinWinter)).toBe('2027-01-01T00:30');
    expect(isoToLocalInput('nonsense')).toBe('');
    expect(isoToLocalInput('')).toBe('');
  });

  it('round-trips through the browser time zone', () => {
    const iso = localInputToIso('2026-11-27T08:15');
    expect(iso).not.toBeNull();
    expect(isoToLocalInput(iso as string)).toBe('2026-11-27T08:15');
  });

  it('writes offsets', () => {
    expect(offsetText(0)).toBe('Z');
    expect(offsetText(60)).toBe('+01:00');
    expect(offsetText(-570)).toBe('-09:30');
  });
});

describe('rows', () => {
  it('writes the source with its port', () => {
    expect(sourceText('203.0.113.7', 5060)).toBe('203.0.113.7:5060');
    expect(sourceText('2001:db8::7', 5061)).toBe('[2001:db8::7]:5061');
    expect(sourceText('203.0.113.7', 0)).toBe('203.0.113.7');
    expect(sourceText(null, 0)).toBe('the appliance');
  });

  it('shows the first line of the evidence, shortened', () => {
    expect(evidenceLine('\n  INVITE sip:1001@example.com SIP/2.0\r\nVia: x')).toBe('INVITE sip:1001@example.com SIP/2.0');
    expect(evidenceLine('x'.repeat(150), 20)).toBe(`${'x'.repeat(19)}…`);
    expect(evidenceLine(null)).toBe('');
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcd', 3)).toBe('ab…');
    expect(truncate('abcd', 0)).toBe('');
  });

  it('names levels and colours severities', () => {
    expect(levelLabel('APPLICATION')).toBe('Application');
    expect(levelLabel('network')).toBe('Network');
    expect(levelLabel('OTHER')).toBe('OTHER');
    expect(['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL', 'x'].map(severityTone)).toEqual(['neutral', 'info', 'warn', 'bad', 'bad', 'neutral']);
  });

  it('says how many are shown', () => {
    expect(totalText(50, 1234, false)).toBe('Showing 50 of 1,234 events');
    expect(totalText(1, 1, true)).toBe('Showing 1 of 1 event matching the filters');
    expect(totalText(3, undefined, false)).toBe('Showing 3 of 3 events');
    expect(emptyText(NO_FILTERS)).toBe('No security events stored yet.');
    expect(emptyText(f({ kind: 'sip.' }))).toBe('No stored event matches these filters.');
  });

  it('matches kinds and families', () => {
    expect(kindMatches('sip.scanner', 'sip.')).toBe(true);
    expect(kindMatches('sip.scanner', 'sip.scanner')).toBe(true);
    expect(kindMatches('sip.scanner-x', 'sip.scanner')).toBe(false);
    expect(kindMatches('network.flood', 'sip.')).toBe(false);
    expect(kindMatches('network.flood', '')).toBe(true);
  });
});
