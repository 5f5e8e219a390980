import { describe, expect, it } from 'vitest';
import { between, callStateLabel, count, duration, hostPort, stateTone } from '../src/format';
import { niceScale } from '../src/chart';
import { validateSetup } from '../src/pages/auth';
import { readableValue } from '../src/pages/audit';

describe('format', () => {
  it('writes durations in words', () => {
    expect(duration(45_000)).toBe('45 s');
    expect(duration(185_000)).toBe('3 min 05 s');
    expect(duration(2 * 3600_000 + 4 * 60_000)).toBe('2 h 04 min');
    expect(duration(26 * 3600_000)).toBe('1 day 2 h');
    expect(duration(-1)).toBe('');
  });

  it('measures between two instants', () => {
    expect(between('2026-11-27T07:00:00Z', '2026-11-27T07:01:30Z')).toBe('1 min 30 s');
    expect(between(null)).toBe('');
  });

  it('brackets IPv6 addresses', () => {
    expect(hostPort('0.0.0.0', 5060)).toBe('0.0.0.0:5060');
    expect(hostPort('::', 5060)).toBe('[::]:5060');
  });

  it('names call states and colours', () => {
    expect(callStateLabel('CONFIRMED')).toBe('Connected');
    expect(callStateLabel('EARLY')).toBe('Ringing');
    expect(stateTone('ACTIVE')).toBe('ok');
    expect(stateTone('DEGRADED')).toBe('warn');
    expect(stateTone('INSTALLED')).toBe('bad');
  });

  it('groups thousands', () => {
    expect(count(1234567)).toBe('1,234,567');
    expect(count(12)).toBe('12');
  });
});

describe('chart scale', () => {
  it('rounds the top to 1, 2 or 5 times a power of ten', () => {
    expect(niceScale(0)).toEqual({ top: 4, step: 1 });
    expect(niceScale(14)).toEqual({ top: 15, step: 5 });
    expect(niceScale(130)).toEqual({ top: 150, step: 50 });
  });
});

describe('setup form', () => {
  it('checks length and match of the passwords', () => {
    expect(validateSetup('t', 'admin', 'short', 'short')).toHaveProperty('password');
    expect(validateSetup('t', 'admin', 'long-enough-pw', 'other-password')).toHaveProperty('password2');
    expect(validateSetup('', 'bad name', 'long-enough-pw', 'long-enough-pw')).toEqual({
      token: expect.any(String), username: expect.any(String),
    });
    expect(validateSetup('t', 'admin', 'long-enough-pw', 'long-enough-pw')).toEqual({});
  });
});

describe('audit values', () => {
  it('shows JSON objects as key = value lines', () => {
    expect(readableValue('{"udp.port":"5062","tls":true}')).toBe('udp.port = 5062\ntls = true');
    expect(readableValue('plain')).toBe('plain');
    expect(readableValue(null)).toBe('');
  });
});
