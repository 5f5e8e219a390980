import { describe, expect, it } from 'vitest';
import {
  LIMIT_ROWS, POLICY_FIELDS, POLICY_PIDS, SIP_METHODS, TOLL_FIELDS, changedValues, checkValue, choicesOf, dayIndex, displayList,
  extraItems, formWarnings, hasItem, hoursRange, initialValues, isDayItem, isDomainItem, isHolidayItem, isHostName, isTimeZoneId,
  isToken, joinList, minuteOf, numberBounds, prefixChips, prefixDigits, propValue, quoteItems, specOf, splitList, storedForm,
  validateForm, type FieldSpec,
} from '../src/policy-model';
import type { ConfigProperty } from '../src/types';

const spec = (key: string): FieldSpec => {
  const s = specOf('toll', key) ?? specOf('policy', key);
  if (!s) throw new Error(`no spec ${key}`);
  return s;
};
const check = (key: string, value: string, prop?: ConfigProperty) => checkValue(spec(key), value, prop);

const prop = (over: Partial<ConfigProperty>): ConfigProperty => ({ id: 'x', name: 'X', type: 'STRING', cardinality: 0, ...over });

/** The shipped defaults of the toll-fraud inspector (features/src/main/cfg/io.bulwark.inspection.toll.cfg). */
const TOLL_DEFAULTS: Record<string, string> = {
  enabled: 'true', zones: 'inside', 'time.zone': 'UTC', 'office.days': 'MON-FRI', 'office.hours': '08:00-18:00', holidays: '',
  'denied.prefixes': '870,881,882,883,979,1900,449,4470,53,239,246,247,252,290,674,682,683,688,690,49900,49137',
  'allowed.prefixes': '', 'national.prefix': '0', 'international.prefix': '00', 'country.code': '49',
  'emergency.numbers': '110,112,911,999',
  'office.calls.per.minute': '10', 'office.concurrent.calls': '4', 'office.international.per.hour': '20', 'office.max.call.seconds': '14400',
  'office.trunk.calls.per.minute': '60', 'office.trunk.concurrent.calls': '30', 'office.trunk.international.per.hour': '100',
  'off.hours.calls.per.minute': '2', 'off.hours.concurrent.calls': '1', 'off.hours.international.per.hour': '2', 'off.hours.max.call.seconds': '3600',
  'off.hours.trunk.calls.per.minute': '10', 'off.hours.trunk.concurrent.calls': '4', 'off.hours.trunk.international.per.hour': '5',
  'response.destination': 'reject', 'response.rate': 'reject', 'response.concurrent': 'reject', 'response.international': 'national-only',
  'escalate.rules': 'rate,concurrent', 'escalate.offences': '2', 'escalate.minutes': '10', 'restrict.minutes': '60', 'suspend.minutes': '60',
  'setup.seconds': '300',
};

const POLICY_DEFAULTS: Record<string, string> = {
  enabled: 'true',
  'outside.methods': 'INVITE,ACK,BYE,CANCEL,OPTIONS,REGISTER,PRACK,UPDATE,INFO,REFER,NOTIFY,SUBSCRIBE,MESSAGE',
  'inside.methods': 'INVITE,ACK,BYE,CANCEL,OPTIONS,REGISTER,PRACK,UPDATE,INFO,REFER,NOTIFY,SUBSCRIBE,MESSAGE,PUBLISH',
  'outside.schemes': 'sip,sips,tel', 'inside.schemes': 'sip,sips,tel', 'outside.domains': '', 'inside.domains': '',
};

describe('the keys', () => {
  it('covers every key of both configuration files, once', () => {
    expect(TOLL_FIELDS.map((f) => f.key).sort()).toEqual(Object.keys(TOLL_DEFAULTS).sort());
    expect(POLICY_FIELDS.map((f) => f.key).sort()).toEqual(Object.keys(POLICY_DEFAULTS).sort());
    expect(POLICY_PIDS).toEqual({ toll: 'io.bulwark.inspection.toll', policy: 'io.bulwark.inspection.policy' });
  });

  it('lays out every limit once, office and off-hours side by side', () => {
    const keys = LIMIT_ROWS.flatMap((r) => [r.office, r.offHours]);
    expect(new Set(keys).size).toBe(14);
    for (const r of LIMIT_ROWS) {
      expect(r.offHours).toBe(r.office.replace(/^office\./, 'off.hours.'));
      expect(spec(r.office).kind).toBe('int');
    }
  });

  it('accepts the shipped defaults', () => {
    expect(validateForm('toll', TOLL_DEFAULTS)).toEqual({});
    expect(validateForm('policy', POLICY_DEFAULTS)).toEqual({});
  });
});

describe('lists', () => {
  it('splits on commas and line breaks, dropping blanks', () => {
    expect(splitList(' 870, 881 ,,\n882\r\n ')).toEqual(['870', '881', '882']);
    expect(splitList('')).toEqual([]);
    expect(splitList(null)).toEqual([]);
    expect(joinList(['870', '881'])).toBe('870,881');
    expect(displayList('870,881,882')).toBe('870, 881, 882');
  });

  it('stores values as the configuration files do', () => {
    expect(storedForm('prefixes', ' 870, 881\n882 ')).toBe('870,881,882');
    expect(storedForm('prefixes', '  ')).toBe('');
    expect(storedForm('bool', 'TRUE')).toBe('true');
    expect(storedForm('bool', 'yes')).toBe('false');
    expect(storedForm('timezone', ' Europe/Berlin ')).toBe('Europe/Berlin');
    expect(storedForm('hours', '08:00-12:00 , 13:00-18:00')).toBe('08:00-12:00,13:00-18:00');
  });

  it('finds checkbox items, schemes ignoring case, methods not', () => {
    expect(hasItem('methods', 'INVITE,ACK', 'INVITE')).toBe(true);
    expect(hasItem('methods', 'invite,ACK', 'INVITE')).toBe(false);
    expect(hasItem('schemes', 'SIP,tel', 'sip')).toBe(true);
    expect(extraItems('methods', 'INVITE,FOO,ACK,invite', SIP_METHODS.map((m) => m.value))).toEqual(['FOO', 'invite']);
    expect(extraItems('schemes', 'SIP,im', ['sip', 'sips', 'tel'])).toEqual(['im']);
  });

  it('quotes bad items, a few at most', () => {
    expect(quoteItems(['a'])).toBe('‘a’');
    expect(quoteItems(['a', 'b'])).toBe('‘a’ and ‘b’');
    expect(quoteItems(['a', 'b', 'c'])).toBe('‘a’, ‘b’ and ‘c’');
    expect(quoteItems(['a', 'b', 'c', 'd', 'e'])).toBe('‘a’, ‘b’, ‘c’ and 2 more');
  });
});

describe('destinations', () => {
  it('reads prefixes as the inspector does', () => {
    expect(prefixDigits('882')).toBe('882');
    expect(prefixDigits('+49 (30) 123-45.6')).toBe('4930123456');
    expect(prefixDigits('49+30')).toBeNull();
    expect(prefixDigits('++49')).toBeNull();
    expect(prefixDigits('0x12')).toBeNull();
    expect(prefixDigits('+')).toBeNull();
    expect(prefixDigits('- ()')).toBeNull();
    expect(prefixDigits('1'.repeat(15))).toBe('1'.repeat(15));
    expect(prefixDigits('1'.repeat(16))).toBeNull();
  });

  it('reports bad prefixes at the field, naming them', () => {
    expect(check('denied.prefixes', '870,881,4930555')).toBeNull();
    expect(check('denied.prefixes', '')).toBeNull();
    expect(check('denied.prefixes', '870, 88x, +44 9')).toContain('‘88x’ is not a prefix: digits only');
    expect(check('allowed.prefixes', 'abc, 1-900-x')).toContain('‘abc’ and ‘1-900-x’ are not a prefix');
  });

  it('refuses a prefix in both lists, at both fields', () => {
    const errors = validateForm('toll', { ...TOLL_DEFAULTS, 'allowed.prefixes': '49, +882, 43' });
    expect(errors['allowed.prefixes']).toContain('‘882’ is in the denied list too');
    expect(errors['denied.prefixes']).toContain('‘882’ is in the allowed list too');
    expect(validateForm('toll', { ...TOLL_DEFAULTS, 'allowed.prefixes': '49, 88216' })).toEqual({});
    // the same digits written differently are the same prefix
    expect(validateForm('toll', { ...TOLL_DEFAULTS, 'denied.prefixes': '+49 900', 'allowed.prefixes': '49900' })['allowed.prefixes']).toContain('‘49900’');
  });

  it('checks one list at a time when the other is not shown or is wrong', () => {
    expect(validateForm('toll', { 'allowed.prefixes': '882' })).toEqual({});
    const both = validateForm('toll', { 'denied.prefixes': '882, x', 'allowed.prefixes': '882' });
    expect(both['denied.prefixes']).toContain('‘x’');
    expect(both['allowed.prefixes']).toBeUndefined();
  });

  it('wants emergency numbers as dialed: digits only', () => {
    expect(check('emergency.numbers', '110, 112,911')).toBeNull();
    expect(check('emergency.numbers', '')).toBeNull();
    expect(check('emergency.numbers', '+112')).toContain('not a number as dialed');
    expect(check('emergency.numbers', '1-1-2')).toContain('not a number as dialed');
    expect(check('emergency.numbers', '1'.repeat(16))).toContain('not a number');
  });

  it('checks the dialing plan', () => {
    expect(check('country.code', '49')).toBeNull();
    expect(check('country.code', '1')).toBeNull();
    expect(check('country.code', '049')).toContain('not starting with 0');
    expect(check('country.code', '1234')).toContain('1 to 3 digits');
    expect(check('country.code', '')).toContain('1 to 3 digits');
    expect(check('national.prefix', '')).toBeNull();
    expect(check('national.prefix', '0')).toBeNull();
    expect(check('national.prefix', '01234')).toContain('Up to 4 digits');
    expect(check('national.prefix', 'o')).toContain('Up to 4 digits');
    expect(check('international.prefix', '011')).toBeNull();
    expect(check('international.prefix', '')).toContain('1 to 4 digits');
    expect(check('international.prefix', '+')).toContain('1 to 4 digits');
  });

  it('refuses a national prefix that starts with the international one', () => {
    expect(validateForm('toll', { ...TOLL_DEFAULTS, 'national.prefix': '001' })['national.prefix']).toContain('international prefix (00)');
    expect(validateForm('toll', { ...TOLL_DEFAULTS, 'national.prefix': '1', 'international.prefix': '011', 'country.code': '1' })).toEqual({});
    expect(validateForm('toll', { ...TOLL_DEFAULTS, 'national.prefix': '' })).toEqual({});
  });

  it('makes chips with what known prefixes are', () => {
    expect(prefixChips('882, +49 900, x1')).toEqual([
      { text: '882', ok: true, note: 'International Networks (shared codes, a classic of revenue-share fraud)' },
      { text: '+49 900', ok: true, note: 'Germany: premium rate (0900)' },
      { text: 'x1', ok: false, note: 'not a prefix' },
    ]);
    expect(prefixChips('4930555')).toEqual([{ text: '4930555', ok: true, note: '' }]);
  });
});

describe('calendar', () => {
  it('reads day names as the inspector does', () => {
    expect(dayIndex('MON')).toBe(0);
    expect(dayIndex('sunday')).toBe(6);
    expect(dayIndex('Thu')).toBe(3);
    expect(dayIndex('TUES')).toBe(1);
    expect(dayIndex('MO')).toBe(-1);
    expect(dayIndex('MONDAYS')).toBe(-1);
    expect(dayIndex('MAN')).toBe(-1);
  });

  it('checks office days and ranges', () => {
    expect(isDayItem('MON-FRI')).toBe(true);
    expect(isDayItem('FRI-MON')).toBe(true);
    expect(isDayItem('sat')).toBe(true);
    expect(isDayItem('MON-')).toBe(false);
    expect(isDayItem('MON-FRI-SAT')).toBe(false);
    expect(check('office.days', 'MON-FRI, SAT')).toBeNull();
    expect(check('office.days', '')).toBeNull();
    expect(check('office.days', 'MON-FRI, Sam, 1')).toContain('‘Sam’ and ‘1’ are not a day or range of days');
  });

  it('reads times of day up to 24:00', () => {
    expect(minuteOf('08:00')).toBe(480);
    expect(minuteOf('8:30')).toBe(510);
    expect(minuteOf('24:00')).toBe(1440);
    expect(minuteOf('24:01')).toBe(-1);
    expect(minuteOf('25:00')).toBe(-1);
    expect(minuteOf('12:60')).toBe(-1);
    expect(minuteOf('0800')).toBe(-1);
    expect(minuteOf('08:0')).toBe(-1);
    expect(minuteOf('123:00')).toBe(-1);
  });

  it('checks office-hour ranges: start before end, within a day', () => {
    expect(hoursRange('08:00-18:00')).toEqual({ from: 480, to: 1080 });
    expect(hoursRange('00:00-24:00')).toEqual({ from: 0, to: 1440 });
    expect(hoursRange('18:00-08:00')).toBeNull();
    expect(hoursRange('08:00-08:00')).toBeNull();
    expect(hoursRange('24:00-24:00')).toBeNull();
    expect(hoursRange('08:00')).toBeNull();
    expect(check('office.hours', '08:00-12:00, 13:00-18:00')).toBeNull();
    expect(check('office.hours', '')).toBeNull();
    expect(check('office.hours', '25:00-18:00')).toContain('‘25:00-18:00’ is not a range HH:MM-HH:MM');
    expect(check('office.hours', '18:00-08:00')).toContain('start before end');
  });

  it('checks holidays: dates that exist, once or every year', () => {
    expect(isHolidayItem('12-25')).toBe(true);
    expect(isHolidayItem('02-29')).toBe(true);
    expect(isHolidayItem('02-30')).toBe(false);
    expect(isHolidayItem('13-01')).toBe(false);
    expect(isHolidayItem('2026-04-06')).toBe(true);
    expect(isHolidayItem('2028-02-29')).toBe(true);
    expect(isHolidayItem('2026-02-29')).toBe(false);
    expect(isHolidayItem('1900-02-29')).toBe(false);
    expect(isHolidayItem('2000-02-29')).toBe(true);
    expect(isHolidayItem('2026-4-6')).toBe(false);
    expect(isHolidayItem('25.12.')).toBe(false);
    expect(check('holidays', '01-01, 12-25,12-26,2026-04-06')).toBeNull();
    expect(check('holidays', '12-32')).toContain('not a date: YYYY-MM-DD (once) or MM-DD (every year)');
  });

  it('wants a time zone', () => {
    expect(check('time.zone', 'Europe/Berlin')).toBeNull();
    expect(check('time.zone', 'UTC')).toBeNull();
    expect(check('time.zone', 'America/Argentina/Buenos_Aires')).toBeNull();
    expect(check('time.zone', 'UTC+01:00')).toBeNull();
    expect(check('time.zone', '')).toContain('Enter the office’s time zone');
    expect(check('time.zone', '   ')).toContain('Enter the office’s time zone');
    expect(check('time.zone', 'Berlin time')).toContain('not a time zone id');
    expect(isTimeZoneId('x'.repeat(65))).toBe(false);
  });
});

describe('limits', () => {
  const bounded = prop({ id: 'office.calls.per.minute', type: 'INTEGER', min: '0', max: '100000' });

  it('checks whole numbers within the bounds the appliance reports', () => {
    expect(check('office.calls.per.minute', '0', bounded)).toBeNull();
    expect(check('office.calls.per.minute', '100000', bounded)).toBeNull();
    expect(check('office.calls.per.minute', '100001', bounded)).toBe('Must be 0 to 100000.');
    expect(check('office.calls.per.minute', '-1', bounded)).toBe('Must be 0 to 100000.');
    expect(check('office.calls.per.minute', '2.5', bounded)).toContain('Enter a whole number, 0 to 100000');
    expect(check('office.calls.per.minute', '', bounded)).toBe('Enter a whole number, 0 to 100000.');
    expect(check('office.calls.per.minute', 'ten', bounded)).toContain('‘ten’ is not one');
  });

  it('prefers the reported bounds, falls back to the known ones', () => {
    const s = spec('office.max.call.seconds');
    expect(numberBounds(s)).toEqual({ min: 60, max: 86_400 });
    expect(numberBounds(s, prop({ min: '120', max: '' }))).toEqual({ min: 120, max: 86_400 });
    expect(numberBounds(s, prop({ min: 'x', max: '7200' }))).toEqual({ min: 60, max: 7200 });
    expect(check('office.max.call.seconds', '59')).toBe('Must be 60 to 86400.');
    expect(check('office.max.call.seconds', '100', prop({ min: '120', max: '7200' }))).toBe('Must be 120 to 7200.');
    expect(check('setup.seconds', '31')).toBe('Must be 32 to 3600.');
    expect(check('escalate.offences', '1')).toBe('Must be 2 to 100.');
    expect(check('restrict.minutes', '10081')).toBe('Must be 1 to 10080.');
    expect(checkValue({ key: 'n', kind: 'int' }, '5')).toBeNull();
    expect(checkValue({ key: 'n', kind: 'int', min: 3 }, '1')).toBe('Must be at least 3.');
  });

  it('reports every bad limit at once', () => {
    const errors = validateForm('toll', { ...TOLL_DEFAULTS, 'office.calls.per.minute': '-1', 'off.hours.max.call.seconds': '30', 'escalate.minutes': '' });
    expect(Object.keys(errors).sort()).toEqual(['escalate.minutes', 'off.hours.max.call.seconds', 'office.calls.per.minute']);
  });
});

describe('responses, zones, escalation', () => {
  const withOptions = prop({ options: [{ label: 'Alert', value: 'alert' }, { label: 'Reject (403)', value: 'reject' }] });

  it('takes the options from the appliance, else the known ones', () => {
    expect(choicesOf(spec('response.rate'), withOptions).map((c) => c.value)).toEqual(['alert', 'reject']);
    expect(choicesOf(spec('response.rate')).map((c) => c.value)).toEqual(['alert', 'national-only', 'reject', 'suspend']);
    expect(check('response.rate', 'suspend')).toBeNull();
    expect(check('response.rate', 'suspend', withOptions)).toBe('Choose one of Alert, Reject (403).');
    expect(check('response.rate', 'block')).toContain('Choose one of');
  });

  it('wants at least one zone, and zones only', () => {
    expect(check('zones', 'inside')).toBeNull();
    expect(check('zones', 'inside,outside')).toBeNull();
    expect(check('zones', '')).toBe('Choose at least one.');
    expect(check('zones', 'dmz')).toContain('‘dmz’ is not one of inside, outside');
  });

  it('allows no escalating rule, but only known ones', () => {
    expect(check('escalate.rules', '')).toBeNull();
    expect(check('escalate.rules', 'destination,rate,concurrent,international')).toBeNull();
    expect(check('escalate.rules', 'rate,duration')).toContain('‘duration’ is not one of destination, rate, concurrent, international');
  });

  it('checks on/off', () => {
    expect(check('enabled', 'true')).toBeNull();
    expect(check('enabled', 'maybe')).toBe('Must be on or off.');
  });
});

describe('methods, schemes and domains per zone', () => {
  it('wants at least one method, INVITE with ACK, tokens only', () => {
    expect(check('outside.methods', 'OPTIONS')).toBeNull();
    expect(check('outside.methods', 'INVITE,ACK')).toBeNull();
    expect(check('outside.methods', '')).toBe('Allow at least one method.');
    expect(check('inside.methods', 'INVITE,BYE')).toContain('INVITE is allowed but not ACK');
    expect(check('inside.methods', 'INVITE,ack')).toContain('INVITE is allowed but not ACK');
    expect(check('inside.methods', 'OPTIONS,FOO BAR')).toContain('‘FOO BAR’ is not a SIP method name');
    expect(isToken('X-CUSTOM.1')).toBe(true);
    expect(isToken('A;B')).toBe(false);
  });

  it('advises keeping CANCEL, without stopping the save', () => {
    const values = { ...POLICY_DEFAULTS, 'outside.methods': 'INVITE,ACK,BYE' };
    expect(validateForm('policy', values)).toEqual({});
    expect(formWarnings('policy', values)).toEqual({ 'outside.methods': 'Without CANCEL, callers cannot hang up before the call is answered.' });
    expect(formWarnings('policy', POLICY_DEFAULTS)).toEqual({});
    expect(formWarnings('toll', TOLL_DEFAULTS)).toEqual({});
  });

  it('wants at least one scheme, letters only', () => {
    expect(check('outside.schemes', 'sip')).toBeNull();
    expect(check('outside.schemes', 'SIP,tel')).toBeNull();
    expect(check('outside.schemes', '')).toBe('Allow at least one scheme.');
    expect(check('outside.schemes', 'sip2')).toContain('‘sip2’ is not a URI scheme');
  });

  it('reads host names as RFC 3261 does', () => {
    expect(isHostName('pbx.example.com')).toBe(true);
    expect(isHostName('PBX.Example.COM.')).toBe(true);
    expect(isHostName('localhost')).toBe(true);
    expect(isHostName('a-b.c')).toBe(true);
    expect(isHostName('-a.com')).toBe(false);
    expect(isHostName('a..com')).toBe(false);
    expect(isHostName('a_b.com')).toBe(false);
    expect(isHostName('300.1.1.1')).toBe(false);
    expect(isHostName(`${'a'.repeat(64)}.com`)).toBe(false);
  });

  it('accepts host names, addresses and networks as domains', () => {
    for (const ok of ['pbx.example.com', '192.0.2.1', '192.0.2.0/24', '2001:db8::/32', '[2001:db8::1]', '2001:db8::1', 'abc.de']) {
      expect(isDomainItem(ok)).toBe(true);
    }
    for (const bad of ['192.0.2.300', '192.0.2.0/33', 'pbx.example.com/24', 'exa mple.com', '2001:db8::/129', '*.example.com']) {
      expect(isDomainItem(bad)).toBe(false);
    }
    expect(check('outside.domains', '')).toBeNull();
    expect(check('outside.domains', 'pbx.example.com, 192.0.2.0/24')).toBeNull();
    expect(check('inside.domains', 'pbx.example.com, *.example.com')).toContain('‘*.example.com’ is not a host name, address or network');
  });
});

describe('values and changes', () => {
  it('reads the value, else the default', () => {
    expect(propValue(prop({ value: ['870,881'], defaultValue: ['1'] }))).toBe('870,881');
    expect(propValue(prop({ value: [], defaultValue: ['UTC'] }))).toBe('UTC');
    expect(propValue(prop({ value: null, defaultValue: null }))).toBe('');
    expect(initialValues([prop({ id: 'a', value: ['1'] }), prop({ id: 'b', value: [''] })])).toEqual({ a: '1', b: '' });
  });

  it('sends only the keys that changed, each as one string', () => {
    const now = { ...TOLL_DEFAULTS, 'denied.prefixes': '870, 881,4930555', 'office.hours': '08:00-17:00' };
    expect(changedValues('toll', TOLL_DEFAULTS, now)).toEqual({
      'denied.prefixes': ['870,881,4930555'],
      'office.hours': ['08:00-17:00'],
    });
    expect(changedValues('toll', TOLL_DEFAULTS, { ...TOLL_DEFAULTS })).toEqual({});
  });

  it('ignores spacing and blanks in lists, and the order of checkboxes', () => {
    const before = { 'denied.prefixes': '870, 881', 'escalate.rules': 'rate,concurrent', zones: 'inside' };
    expect(changedValues('toll', before, { 'denied.prefixes': '870,881,', 'escalate.rules': 'concurrent,rate', zones: 'inside' })).toEqual({});
    expect(changedValues('policy', { 'outside.schemes': 'SIP,tel' }, { 'outside.schemes': 'sip,tel' })).toEqual({});
    // methods are case-sensitive: a different case is a change
    expect(changedValues('policy', { 'outside.methods': 'INVITE,ACK,bye' }, { 'outside.methods': 'INVITE,ACK,BYE' }))
      .toEqual({ 'outside.methods': ['INVITE,ACK,BYE'] });
  });

  it('sends an emptied list as an empty string, never leaves it out', () => {
    expect(changedValues('toll', TOLL_DEFAULTS, { ...TOLL_DEFAULTS, 'denied.prefixes': ' , ' })).toEqual({ 'denied.prefixes': [''] });
    expect(changedValues('policy', { 'outside.domains': 'a.example' }, { 'outside.domains': '' })).toEqual({ 'outside.domains': [''] });
  });

  it('sends on/off and numbers as typed, trimmed', () => {
    expect(changedValues('toll', { enabled: 'true', 'setup.seconds': '300' }, { enabled: 'false', 'setup.seconds': ' 301 ' }))
      .toEqual({ enabled: ['false'], 'setup.seconds': ['301'] });
    expect(changedValues('toll', { enabled: 'TRUE' }, { enabled: 'true' })).toEqual({});
  });

  it('sends settings it does not know as trimmed text', () => {
    expect(changedValues('toll', { 'new.key': 'a' }, { 'new.key': ' b ' })).toEqual({ 'new.key': ['b'] });
  });
});
