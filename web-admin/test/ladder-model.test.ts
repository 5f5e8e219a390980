import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LADDER_OPTIONS, arrowHead, charsFitting, elapsedText, ladderDescription, ladderParties, layoutLadder, readLadder, timeOrder,
} from '../src/ladder-model';
import type { Ladder, LadderMessage } from '../src/types';

const OUT = '203.0.113.7:5060';
const PBX = '127.0.0.1:5080';

const msg = (over: Partial<LadderMessage>): LadderMessage => ({
  time: '2026-11-27T10:00:00.123Z', from: OUT, to: 'bulwark', transport: 'UDP', summary: 'INVITE sip:1001@example.com SIP/2.0',
  cseq: '1 INVITE', evidence: false, ...over,
});

const ladder = (messages: LadderMessage[], over: Partial<Ladder> = {}): Ladder => ({
  eventId: 4711,
  callId: 'a84b4c76e66710',
  complete: true,
  parties: [
    { id: OUT, label: OUT, zone: 'outside' },
    { id: 'bulwark', label: 'Bulwark', zone: null },
    { id: PBX, label: PBX, zone: 'inside' },
  ],
  messages,
  ...over,
});

const call = ladder([
  msg({ evidence: true }),
  msg({ time: '2026-11-27T10:00:00.135Z', from: 'bulwark', to: PBX }),
  msg({ time: '2026-11-27T10:00:00.140Z', from: PBX, to: 'bulwark', summary: 'SIP/2.0 100 Trying' }),
  msg({ time: '2026-11-27T10:00:01.373Z', from: 'bulwark', to: OUT, summary: 'SIP/2.0 403 Forbidden' }),
]);

describe('columns', () => {
  it('puts the parties left to right in the given order, evenly spaced', () => {
    const l = layoutLadder(call);
    const o = DEFAULT_LADDER_OPTIONS;
    expect(l.columns.map((c) => c.id)).toEqual([OUT, 'bulwark', PBX]);
    expect(l.columns.map((c) => c.x)).toEqual([o.left + o.columnWidth / 2, o.left + 1.5 * o.columnWidth, o.left + 2.5 * o.columnWidth]);
    expect(l.columns.map((c) => c.zone)).toEqual(['outside', null, 'inside']);
    expect(l.width).toBe(o.left + 3 * o.columnWidth + o.right);
  });

  it('adds parties that only a message names, once, and drops repeated ones', () => {
    const parties = ladderParties(
      [{ id: 'a', label: 'A', zone: null }, { id: 'a', label: 'again', zone: null }],
      [msg({ from: 'a', to: 'x' }), msg({ from: 'x', to: 'y' })]);
    expect(parties.map((p) => [p.id, p.label, p.extra])).toEqual([['a', 'A', false], ['x', 'x', true], ['y', 'y', true]]);
  });

  it('shortens long party labels, keeping the full one', () => {
    const long = '[2001:db8:1234:5678:9abc:def0:1234:5678]:5060';
    const l = layoutLadder(ladder([], { parties: [{ id: long, label: long, zone: 'outside' }] }), { columnWidth: 160 });
    expect(l.columns[0]?.fullLabel).toBe(long);
    expect(l.columns[0]?.label.endsWith('…')).toBe(true);
    expect(l.columns[0]?.label.length).toBe(charsFitting(160, DEFAULT_LADDER_OPTIONS.charWidth));
  });
});

describe('rows', () => {
  it('has one row per message, downwards in time', () => {
    const l = layoutLadder(call);
    const o = DEFAULT_LADDER_OPTIONS;
    expect(l.rows).toHaveLength(4);
    expect(l.rows.map((r) => r.y)).toEqual([1, 2, 3, 4].map((i) => l.lifelineTop + i * o.rowHeight));
    expect(l.lifelineTop).toBe(o.headerTop + o.headerHeight);
    expect(l.lifelineBottom).toBeGreaterThan(l.rows[3]!.y);
    expect(l.height).toBe(l.lifelineBottom + o.bottom);
  });

  it('sorts by time, keeping the order of equal or unreadable times', () => {
    const a = msg({ time: '2026-11-27T10:00:02Z', summary: 'late' });
    const b = msg({ time: '2026-11-27T10:00:01Z', summary: 'early' });
    const c = msg({ time: '2026-11-27T10:00:01Z', summary: 'early too' });
    const d = msg({ time: 'garbage', summary: 'no time' });
    expect(timeOrder([d, a, b, c]).map((m) => m.summary)).toEqual(['early', 'early too', 'late', 'no time']);
  });

  it('draws arrows from the sender to the receiver', () => {
    const l = layoutLadder(call);
    const [out, bul, pbx] = l.columns.map((c) => c.x) as [number, number, number];
    expect(l.rows.map((r) => [r.fromX, r.toX, r.direction])).toEqual([
      [out, bul, 'right'], [bul, pbx, 'right'], [pbx, bul, 'left'], [bul, out, 'left'],
    ]);
    const first = l.rows[0]!;
    expect(first.path).toBe(`M ${out} ${first.y} H ${bul}`);
    expect(first.head).toBe(arrowHead(bul, first.y, 'right'));
    expect(first.labelX).toBe((out + bul) / 2);
    expect(first.labelY).toBeLessThan(first.y);
    expect(first.labelAnchor).toBe('middle');
  });

  it('draws a loop for a message a party sends itself', () => {
    const l = layoutLadder(ladder([msg({ from: 'bulwark', to: 'bulwark', summary: 'timer' })]));
    const r = l.rows[0]!;
    const x = l.columns[1]!.x;
    const o = DEFAULT_LADDER_OPTIONS;
    expect(r.direction).toBe('self');
    expect(r.path).toBe(`M ${x} ${r.y} H ${x + o.loopWidth} V ${r.y + o.loopHeight} H ${x}`);
    expect(r.head).toBe(arrowHead(x, r.y + o.loopHeight, 'left'));
    expect(r.labelAnchor).toBe('start');
    expect(r.labelX).toBeGreaterThan(x + o.loopWidth);
    expect(l.lifelineBottom).toBe(r.y + o.loopHeight + o.rowHeight / 2);
  });

  it('gives the time since the first message', () => {
    expect(layoutLadder(call).rows.map((r) => r.offset)).toEqual(['+0 ms', '+12 ms', '+17 ms', '+1.250 s']);
    const odd = layoutLadder(ladder([msg({ time: 'x' }), msg({ time: '2026-11-27T10:00:00Z' }), msg({ time: '2026-11-27T10:00:00.5Z' })]));
    expect(odd.rows.map((r) => r.offset)).toEqual(['+0 ms', '+500 ms', '']);
  });

  it('writes elapsed times for people', () => {
    expect(elapsedText(0)).toBe('+0 ms');
    expect(elapsedText(12.4)).toBe('+12 ms');
    expect(elapsedText(999)).toBe('+999 ms');
    expect(elapsedText(1000)).toBe('+1.000 s');
    expect(elapsedText(59_999)).toBe('+59.999 s');
    expect(elapsedText(125_000)).toBe('+2 min 05 s');
    expect(elapsedText(3_723_000)).toBe('+1 h 02 min');
    expect(elapsedText(-5)).toBe('+0 ms');
    expect(elapsedText(Number.NaN)).toBe('');
  });

  it('shortens labels to the space between the lifelines, full text in the tooltip', () => {
    const long = `INVITE sip:${'9'.repeat(60)}@example.com SIP/2.0`;
    const l = layoutLadder(ladder([msg({ summary: long }), msg({ from: OUT, to: PBX, summary: long })]));
    const [near, far] = l.rows as [typeof l.rows[0], typeof l.rows[0]];
    const o = DEFAULT_LADDER_OPTIONS;
    expect(near.label.length).toBe(charsFitting(o.columnWidth, o.charWidth));
    expect(near.label.endsWith('…')).toBe(true);
    expect(far.label.length).toBe(charsFitting(2 * o.columnWidth, o.charWidth));
    expect(near.summary).toBe(long);
    expect(near.title.split('\n')[0]).toBe(long);
    expect(layoutLadder(call).rows[2]!.label).toBe('SIP/2.0 100 Trying');
  });

  it('puts time, transport, CSeq and the evidence mark into the tooltip', () => {
    const [first, second] = layoutLadder(call).rows;
    expect(first!.title).toBe('INVITE sip:1001@example.com SIP/2.0\n2026-11-27T10:00:00.123Z (+0 ms) · UDP · CSeq 1 INVITE · the message the event quotes');
    expect(second!.title).toBe('INVITE sip:1001@example.com SIP/2.0\n2026-11-27T10:00:00.135Z (+12 ms) · UDP · CSeq 1 INVITE');
  });

  it('marks the evidence message', () => {
    const l = layoutLadder(call);
    expect(l.rows.map((r) => r.evidence)).toEqual([true, false, false, false]);
  });

  it('fits labels into narrow columns without going below a few characters', () => {
    expect(charsFitting(250, 7.2)).toBe(33);
    expect(charsFitting(10, 7.2)).toBe(4);
  });

  it('points arrow heads the right way', () => {
    expect(arrowHead(100, 50, 'right')).toBe('100,50 92,46 92,54');
    expect(arrowHead(100, 50, 'left')).toBe('100,50 108,46 108,54');
  });
});

describe('partial and odd ladders', () => {
  it('tells a partial trace', () => {
    const partial = layoutLadder(ladder([msg({ evidence: true })], { complete: false }));
    expect(partial.complete).toBe(false);
    expect(partial.rows).toHaveLength(1);
    expect(layoutLadder(call).complete).toBe(true);
  });

  it('copes with no messages', () => {
    const l = layoutLadder(ladder([]));
    expect(l.rows).toEqual([]);
    expect(l.lifelineBottom).toBeGreaterThan(l.lifelineTop);
  });

  it('reads what the API returned, defensively', () => {
    expect(readLadder(null)).toBeNull();
    expect(readLadder('x')).toBeNull();
    const r = readLadder({
      eventId: 4711, callId: null,
      parties: [{ id: OUT, label: OUT, zone: 'outside' }, { label: 'no id' }, 7],
      messages: [{ time: 't', from: OUT, to: 'bulwark', summary: 'INVITE', evidence: true }, { from: OUT }, null],
    });
    expect(r).toEqual({
      eventId: 4711, callId: null, complete: true,
      parties: [{ id: OUT, label: OUT, zone: 'outside' }],
      messages: [{ time: 't', from: OUT, to: 'bulwark', transport: null, summary: 'INVITE', cseq: null, evidence: true }],
    });
    expect(readLadder({ complete: false })).toEqual({ eventId: 0, callId: null, complete: false, parties: [], messages: [] });
  });

  it('describes the diagram for screen readers', () => {
    expect(ladderDescription(layoutLadder(call))).toBe(`4 SIP messages between ${OUT}, Bulwark and ${PBX}`);
    expect(ladderDescription(layoutLadder(ladder([msg({})], { parties: [] })))).toBe(`1 SIP message between ${OUT} and bulwark`);
  });
});
