import { describe, expect, it } from 'vitest';
import { changedValues, defaultText, fieldKind, fromInputText, rangeHint, splitErrors, toInputText } from '../src/config-model';
import type { ConfigProperty } from '../src/types';

const prop = (p: Partial<ConfigProperty>): ConfigProperty => ({
  id: 'k', name: 'K', type: 'STRING', cardinality: 0, value: [], defaultValue: [], ...p,
});

describe('fieldKind', () => {
  it('picks the input for each metatype', () => {
    expect(fieldKind(prop({ type: 'INTEGER' }))).toBe('number');
    expect(fieldKind(prop({ type: 'DOUBLE' }))).toBe('number');
    expect(fieldKind(prop({ type: 'BOOLEAN' }))).toBe('checkbox');
    expect(fieldKind(prop({ type: 'PASSWORD' }))).toBe('password');
    expect(fieldKind(prop({ options: [{ label: 'UDP', value: 'UDP' }] }))).toBe('select');
    expect(fieldKind(prop({ cardinality: 10 }))).toBe('multi');
    expect(fieldKind(prop({ cardinality: -1, type: 'INTEGER' }))).toBe('multi');
    expect(fieldKind(prop({}))).toBe('text');
  });
});

describe('values', () => {
  it('maps multi-value text one value per line', () => {
    const p = prop({ cardinality: 5 });
    expect(toInputText(p, ['a', 'b'])).toBe('a\nb');
    expect(fromInputText(p, ' a \n\n b\r\n')).toEqual(['a', 'b']);
  });

  it('trims numbers and treats empty as no value', () => {
    const p = prop({ type: 'INTEGER' });
    expect(fromInputText(p, ' 5062 ')).toEqual(['5062']);
    expect(fromInputText(p, '')).toEqual([]);
  });
});

describe('changedValues', () => {
  const props = [
    prop({ id: 'udp.port', type: 'INTEGER', value: ['5060'] }),
    prop({ id: 'tls', type: 'BOOLEAN', value: ['true'] }),
    prop({ id: 'secret', type: 'PASSWORD', value: [] }),
    prop({ id: 'addrs', cardinality: 10, value: ['0.0.0.0'] }),
  ];

  it('sends only the keys that changed', () => {
    const current = new Map([
      ['udp.port', ['5062']], ['tls', ['true']], ['secret', []], ['addrs', ['0.0.0.0']],
    ]);
    expect(changedValues(props, current)).toEqual({ 'udp.port': ['5062'] });
  });

  it('sends a password only when one was typed', () => {
    const current = new Map([['secret', ['s3cret']], ['tls', ['false']], ['addrs', ['0.0.0.0', '::']]]);
    expect(changedValues(props, current)).toEqual({ secret: ['s3cret'], tls: ['false'], addrs: ['0.0.0.0', '::'] });
  });
});

describe('help texts', () => {
  it('describes ranges and defaults', () => {
    expect(rangeHint(prop({ min: '1', max: '65535' }))).toBe('1 to 65535');
    expect(rangeHint(prop({ min: '0', cardinality: 3 }))).toBe('at least 0, one value per line');
    expect(defaultText(prop({ defaultValue: ['UDP'], options: [{ label: 'Plain UDP', value: 'UDP' }] }))).toBe('Plain UDP');
    expect(defaultText(prop({ type: 'BOOLEAN', defaultValue: ['false'] }))).toBe('off');
  });

  it('splits errors into those at a field and the rest', () => {
    const { byField, other } = splitErrors(
      [{ field: 'udp.port', rule: 'max', message: 'must be at most 65535' }, { field: 'nope', rule: 'unknown', message: 'unknown' }],
      new Set(['udp.port']));
    expect(byField.get('udp.port')).toEqual(['must be at most 65535']);
    expect(other).toHaveLength(1);
  });
});
