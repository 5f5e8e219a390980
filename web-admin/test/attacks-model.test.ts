import { describe, expect, it } from 'vitest';
import {
  ATTACK_LEVELS, eventsText, kindLabel, levelTotals, maxPointTotal, pointSummary, pointTotal, safeCount, summaryProblem, totalsLine,
} from '../src/attacks-model';
import type { EventPoint } from '../src/types';

const p = (network: number, application: number, content: number): EventPoint =>
  ({ time: '2026-11-27T07:00:00Z', network, application, content });

describe('series totals', () => {
  it('sums each level over the hour', () => {
    expect(levelTotals([p(1, 0, 0), p(5, 3, 0), p(0, 2, 1)])).toEqual({ network: 6, application: 5, content: 1 });
  });

  it('is all zero without points', () => {
    expect(levelTotals([])).toEqual({ network: 0, application: 0, content: 0 });
    expect(levelTotals(null)).toEqual({ network: 0, application: 0, content: 0 });
    expect(maxPointTotal([])).toBe(0);
    expect(maxPointTotal(undefined)).toBe(0);
  });

  it('counts missing or odd values as zero', () => {
    const odd = { time: 'x', network: Number.NaN, application: -3, content: 2.7 } as EventPoint;
    expect(safeCount(undefined)).toBe(0);
    expect(safeCount('4')).toBe(0);
    expect(pointTotal(odd)).toBe(2);
    expect(levelTotals([odd, { time: 'y' } as EventPoint])).toEqual({ network: 0, application: 0, content: 2 });
  });

  it('finds the highest stacked minute', () => {
    expect(maxPointTotal([p(1, 1, 1), p(4, 0, 0), p(0, 2, 1)])).toBe(4);
    expect(maxPointTotal([p(1, 1, 1), p(2, 0, 0)])).toBe(3);
  });

  it('stacks network first, then application, then content', () => {
    expect(ATTACK_LEVELS.map((l) => l.key)).toEqual(['network', 'application', 'content']);
    expect(ATTACK_LEVELS.map((l) => l.label)).toEqual(['Network (floods)', 'Application (SIP attacks)', 'Content (media)']);
  });
});

describe('wording', () => {
  it('writes the totals line per level', () => {
    expect(totalsLine({ network: 1200, application: 3, content: 0 }))
      .toBe('1,203 events in the last hour: Network (floods): 1,200 · Application (SIP attacks): 3 · Content (media): 0');
    expect(totalsLine({ network: 0, application: 1, content: 0 }, 30))
      .toBe('1 event in the last 30 minutes: Network (floods): 0 · Application (SIP attacks): 1 · Content (media): 0');
    expect(totalsLine({ network: 0, application: 0, content: 0 })).toBe('No attacks in the last hour.');
  });

  it('says events in the singular and plural', () => {
    expect(eventsText(0)).toBe('0 events');
    expect(eventsText(1)).toBe('1 event');
    expect(eventsText(12)).toBe('12 events');
  });

  it('describes one minute for the tooltip', () => {
    expect(pointSummary(p(2, 1, 0), '08:05')).toBe('08:05 — 3 events: 2 network, 1 application, 0 content');
  });

  it('names known detector kinds in plain words, others as is', () => {
    expect(kindLabel('network.flood')).toBe('flood');
    expect(kindLabel('sip.malformed')).toBe('malformed SIP');
    expect(kindLabel('sip.scanner')).toBe('sip.scanner');
    expect(kindLabel('')).toBe('');
    expect(kindLabel(null)).toBe('');
  });

  it('explains a failed summary', () => {
    expect(summaryProblem(503, 'Service Unavailable')).toContain('not available right now');
    expect(summaryProblem(500, 'boom')).toBe('Could not load the attack statistics: boom (HTTP 500).');
    expect(summaryProblem(0, 'The appliance could not be reached.')).toBe('Could not load the attack statistics: The appliance could not be reached.');
  });
});
