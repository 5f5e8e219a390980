import { describe, expect, it } from 'vitest';
import {
  CUSTOM_DURATION, DEFAULT_DURATION, DURATION_CHOICES, MAX_TTL_SECONDS, RemovalFilter, describeScope, durationChoiceFor,
  enforcementView, isVeryLarge, offenceText, originExplanation, originLabel, originTone, parseScope, rateText, readRate,
  readTtl, relativeTime, roughDuration, scopeProblem, textProblem, untilText,
} from '../src/bans-model';
import type { EnforcementHealth } from '../src/types';

const NOW = Date.parse('2026-11-27T07:00:00Z');
const at = (seconds: number) => new Date(NOW + seconds * 1000).toISOString();

describe('relative time', () => {
  it('rounds a length of time to what people need', () => {
    expect(roughDuration(0)).toBe('0 s');
    expect(roughDuration(40)).toBe('40 s');
    expect(roughDuration(60)).toBe('1 min');
    expect(roughDuration(9 * 60 + 10)).toBe('9 min');
    expect(roughDuration(9 * 60 + 40)).toBe('10 min');
    expect(roughDuration(3599)).toBe('1 h');
    expect(roughDuration(2 * 3600 + 5 * 60)).toBe('2 h 05 min');
    expect(roughDuration(6 * 3600)).toBe('6 h');
    expect(roughDuration(86_399)).toBe('1 day');
    expect(roughDuration(86_400)).toBe('1 day');
    expect(roughDuration(3 * 86_400 + 4 * 3600)).toBe('3 days 4 h');
    expect(roughDuration(7 * 86_400)).toBe('7 days');
    expect(roughDuration(-1)).toBe('');
    expect(roughDuration(Number.NaN)).toBe('');
  });

  it('says "in" for the future and "ago" for the past', () => {
    expect(relativeTime(at(9 * 60), NOW)).toBe('in 9 min');
    expect(relativeTime(at(-5 * 60), NOW)).toBe('5 min ago');
    expect(relativeTime(at(30), NOW)).toBe('in 30 s');
    expect(relativeTime(at(0), NOW)).toBe('now');
    expect(relativeTime(at(26 * 3600), NOW)).toBe('in 1 day 2 h');
    expect(relativeTime(null, NOW)).toBe('');
    expect(relativeTime('not a time', NOW)).toBe('');
  });

  it('says when a ban ends, and "ending now" once it is over', () => {
    expect(untilText(at(540), NOW)).toBe('in 9 min');
    expect(untilText(at(0), NOW)).toBe('ending now');
    expect(untilText(at(-30), NOW)).toBe('ending now');
    expect(untilText('garbage', NOW)).toBe('');
  });
});

describe('who decided', () => {
  it('names the origin and its source', () => {
    expect(originLabel('DETECTOR', 'network.flood')).toBe('Detector: network.flood');
    expect(originLabel('ADMIN', 'alice')).toBe('Admin: alice');
    expect(originLabel('CLOUD', 'crowdsec')).toBe('Cloud: crowdsec');
    expect(originLabel('ADMIN', '')).toBe('Admin');
    expect(originLabel('FUTURE', 'x')).toBe('Future: x');
  });

  it('explains and colours origins', () => {
    expect(originExplanation('DETECTOR')).toMatch(/automatically/);
    expect(originExplanation('ADMIN')).toMatch(/by hand/);
    expect(originExplanation('OTHER')).toBe('');
    expect(originTone('DETECTOR')).toBe('warn');
    expect(originTone('ADMIN')).toBe('info');
    expect(originTone('CLOUD')).toBe('neutral');
  });

  it('counts offences in words', () => {
    expect(offenceText(1)).toBe('first ban');
    expect(offenceText(0)).toBe('first ban');
    expect(offenceText(2)).toBe('2nd ban');
    expect(offenceText(3)).toBe('3rd ban');
    expect(offenceText(4)).toBe('4th ban');
    expect(offenceText(11)).toBe('11th ban');
    expect(offenceText(21)).toBe('21st ban');
    expect(offenceText(112)).toBe('112th ban');
  });
});

describe('durations', () => {
  it('offers 15 min, 1 h, 6 h, 1 day, 7 days and custom, 1 h by default', () => {
    expect(DURATION_CHOICES.map((c) => c.seconds)).toEqual([900, 3600, 21_600, 86_400, 604_800, null]);
    expect(DURATION_CHOICES.at(-1)?.value).toBe(CUSTOM_DURATION);
    expect(DEFAULT_DURATION).toBe('3600');
    expect(durationChoiceFor(86_400)).toBe('86400');
    expect(durationChoiceFor(600)).toBe(CUSTOM_DURATION);
  });

  it('reads a preset or custom seconds', () => {
    expect(readTtl('900', '')).toEqual({ seconds: 900 });
    expect(readTtl('604800', 'ignored')).toEqual({ seconds: 604_800 });
    expect(readTtl(CUSTOM_DURATION, ' 600 ')).toEqual({ seconds: 600 });
    expect(readTtl(CUSTOM_DURATION, String(MAX_TTL_SECONDS))).toEqual({ seconds: MAX_TTL_SECONDS });
  });

  it('refuses empty, fractional, zero and too long custom durations', () => {
    expect(readTtl(CUSTOM_DURATION, '')).toHaveProperty('problem');
    expect(readTtl(CUSTOM_DURATION, '1.5')).toHaveProperty('problem');
    expect(readTtl(CUSTOM_DURATION, '-5')).toHaveProperty('problem');
    expect(readTtl(CUSTOM_DURATION, '0')).toEqual({ problem: 'A ban lasts at least 1 second.' });
    expect(readTtl(CUSTOM_DURATION, String(MAX_TTL_SECONDS + 1))).toEqual({ problem: 'A ban lasts at most 366 days (31,622,400 seconds).' });
  });
});

describe('addresses', () => {
  it('accepts IPv4 and IPv6 addresses and networks', () => {
    for (const ok of ['203.0.113.7', '203.0.113.7/32', '198.51.100.0/24', '0.0.0.0/0', '2001:db8::7', '2001:db8::/32',
      '::1', '::', 'fe80::1:2:3:4', '::ffff:192.0.2.1', '1:2:3:4:5:6:7:8', '2001:DB8::1/128', ' 203.0.113.7 ']) {
      expect(scopeProblem(ok), ok).toBeNull();
    }
  });

  it('says what is wrong', () => {
    expect(scopeProblem('')).toMatch(/Enter an IP address/);
    expect(scopeProblem('sip.example.com')).toMatch(/not a name/);
    expect(scopeProblem('203.0.113')).toMatch(/Not an IPv4 address/);
    expect(scopeProblem('203.0.113.256')).toMatch(/Not an IPv4 address/);
    expect(scopeProblem('203.0.113.07')).toMatch(/leading zeros/);
    expect(scopeProblem('203.0.113.7/33')).toMatch(/0 to 32/);
    expect(scopeProblem('2001:db8::/129')).toMatch(/0 to 128/);
    expect(scopeProblem('1.2.3.4/24/8')).toMatch(/one "\/"/);
    expect(scopeProblem('1.2.3.4/')).toMatch(/prefix length/);
    expect(scopeProblem('2001:db8::1::2')).toMatch(/Not an IPv6/);
    expect(scopeProblem('1:2:3:4:5:6:7')).toMatch(/Not an IPv6/);
    expect(scopeProblem('12345::')).toMatch(/Not an IPv6/);
    expect(scopeProblem('203.0.113.7 ; rm')).toMatch(/not a name|Use only/);
    expect(scopeProblem('1'.repeat(65))).toMatch(/64/);
  });

  it('parses family and prefix', () => {
    expect(parseScope('203.0.113.7')).toEqual({ family: 4, prefix: 32, bytes: [203, 0, 113, 7] });
    expect(parseScope('2001:db8::/48')).toEqual({ family: 6, prefix: 48 });
  });

  it('describes how much a scope covers', () => {
    expect(describeScope('203.0.113.7')).toBe('one address');
    expect(describeScope('203.0.113.7/32')).toBe('one address');
    expect(describeScope('198.51.100.0/24')).toBe('256 addresses: 198.51.100.0 to 198.51.100.255');
    expect(describeScope('198.51.100.77/24')).toBe('256 addresses: 198.51.100.0 to 198.51.100.255');
    expect(describeScope('10.0.0.0/8')).toBe('16,777,216 addresses: 10.0.0.0 to 10.255.255.255');
    expect(describeScope('255.255.255.255/31')).toBe('2 addresses: 255.255.255.254 to 255.255.255.255');
    expect(describeScope('0.0.0.0/0')).toBe('every IPv4 address');
    expect(describeScope('2001:db8::1/128')).toBe('one address');
    expect(describeScope('2001:db8::/48')).toBe('an IPv6 network (/48)');
    expect(describeScope('nonsense')).toBe('');
  });

  it('flags very large networks', () => {
    expect(isVeryLarge('10.0.0.0/8')).toBe(true);
    expect(isVeryLarge('10.0.0.0/16')).toBe(false);
    expect(isVeryLarge('2001:db8::/16')).toBe(true);
    expect(isVeryLarge('2001:db8::/48')).toBe(false);
    expect(isVeryLarge('bad')).toBe(false);
  });
});

describe('reason, label and rate', () => {
  it('checks texts', () => {
    expect(textProblem('', true)).toBeNull();
    expect(textProblem('  ', false)).toMatch(/Say what it is/);
    expect(textProblem('SIP trunk provider', false)).toBeNull();
    expect(textProblem('x'.repeat(201), true)).toMatch(/200/);
    expect(textProblem('a\tb', true)).toMatch(/printable/);
  });

  it('reads the rate, empty meaning the default', () => {
    expect(readRate('')).toEqual({ rate: 0 });
    expect(readRate(' 500 ')).toEqual({ rate: 500 });
    expect(readRate('-1')).toHaveProperty('problem');
    expect(readRate('2.5')).toHaveProperty('problem');
    expect(readRate('10000001')).toHaveProperty('problem');
    expect(rateText(0)).toBe('default limit');
    expect(rateText(1500)).toBe('1,500 packets/s');
  });
});

describe('kernel enforcement', () => {
  const health = (over: Partial<EnforcementHealth>): { health: EnforcementHealth } => ({
    health: {
      state: 'ENFORCING', mechanism: 'nftables', detail: 'in sync', since: at(-3600), lastSync: at(-2), kernelElements: 3,
      ...over,
    },
  });

  it('is green while the kernel drops banned sources', () => {
    const v = enforcementView(health({}), NOW, (iso) => iso.slice(11, 19));
    expect(v.kind).toBe('ENFORCING');
    expect(v.tone).toBe('ok');
    expect(v.text).toBe('Banned sources are dropped by the kernel (nftables), 3 addresses in the kernel set.');
    expect(v.facts).toEqual(['since 06:00:00 (1 h ago)', 'last synchronised 06:59:58 (2 s ago)']);
    expect(enforcementView(health({ kernelElements: 1 }), NOW).text).toMatch(/1 address in the kernel set/);
  });

  it('is amber while starting and red when degraded, with the detail', () => {
    const starting = enforcementView(health({ state: 'STARTING', detail: 'first sync pending' }), NOW);
    expect(starting).toMatchObject({ kind: 'STARTING', tone: 'warn', detail: 'first sync pending' });
    const degraded = enforcementView(health({ state: 'DEGRADED', detail: 'nft: Operation not permitted', lastSync: null }), NOW);
    expect(degraded).toMatchObject({ kind: 'DEGRADED', tone: 'bad', detail: 'nft: Operation not permitted' });
    expect(degraded.text).toMatch(/still dropped, by the appliance itself/);
    expect(degraded.facts).toHaveLength(1);
  });

  it('explains a 503 and other failures', () => {
    const off = enforcementView({ unavailable: 'no kernel enforcer is running' }, NOW);
    expect(off).toMatchObject({ kind: 'UNAVAILABLE', tone: 'warn', detail: 'no kernel enforcer is running' });
    expect(off.text).toMatch(/^Kernel enforcement is not running\. Banned sources are still dropped/);
    expect(enforcementView({ error: 'No connection' }, NOW)).toMatchObject({ kind: 'UNKNOWN', detail: 'No connection' });
    expect(enforcementView(health({ state: 'WEIRD' }), NOW)).toMatchObject({ kind: 'UNKNOWN', title: 'WEIRD' });
  });
});

describe('removal filter', () => {
  it('hides a removed entry from loads that started before the removal, not after', () => {
    const f = new RemovalFilter();
    const list = [{ scope: 'a' }, { scope: 'b' }];
    const before = f.begin();
    f.removedNow('a');
    expect(f.apply(list, before).map((i) => i.scope)).toEqual(['b']);
    const after = f.begin();
    expect(f.apply(list, after).map((i) => i.scope)).toEqual(['a', 'b']);
    // the entry was forgotten: even an old load shows it again (it was banned again)
    expect(f.apply(list, before).map((i) => i.scope)).toEqual(['a', 'b']);
  });
});
