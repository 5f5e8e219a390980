import { api, messageOf, query } from '../api';
import { h, replace } from '../dom';
import { between, count, dateTime } from '../format';
import type { CallRecord, Page } from '../types';
import { alertBox, busy, dataTable, dash, emptyState, mono, pageHeader, type PageRender } from '../ui';

const PAGE_SIZE = 50;

export const renderRecords: PageRender = (root, ctx) => {
  const search = h('input', {
    type: 'search', class: 'search', placeholder: 'Search caller, callee or Call-ID', testid: 'records-search',
    'aria-label': 'Search call records',
  });
  const refresh = h('button', { class: 'btn', type: 'button', testid: 'records-refresh' }, 'Refresh');
  const table = dataTable('records-table', ['Started', 'Direction', 'Caller', 'Callee', 'Transport out / in', 'Talk time', 'Result', 'Call-ID']);
  const total = h('span', { class: 'muted', testid: 'records-total' });
  const more = h('button', { class: 'btn', type: 'button', testid: 'records-more', hidden: true }, 'Load more');
  const empty = emptyState('No call records.', 'records-empty');
  const error = h('div');
  empty.hidden = true;

  root.append(
    pageHeader('Call records', 'Every finished call, newest first.'),
    h('div', { class: 'toolbar' }, search, refresh, total),
    error,
    table.el,
    empty,
    h('div', { class: 'more' }, more));

  let cursor: string | null = null;
  let shown = 0;
  let generation = 0;

  async function load(reset: boolean) {
    const gen = reset ? ++generation : generation;
    const q = search.value.trim();
    try {
      const page = await api.get<Page<CallRecord>>(`/call-records${query({ limit: PAGE_SIZE, q, before: reset ? null : cursor })}`);
      if (!ctx.isActive() || gen !== generation) return;
      replace(error);
      if (reset) {
        table.body.replaceChildren();
        shown = 0;
      }
      table.body.append(...page.items.map(row));
      shown += page.items.length;
      cursor = page.nextCursor;
      more.hidden = !cursor;
      empty.hidden = shown > 0;
      empty.textContent = q ? `No call records match “${q}”.` : 'No call records yet.';
      const t = typeof page.total === 'number' ? page.total : shown;
      total.textContent = `Showing ${count(shown)} of ${count(t)}${q ? ' matching' : ''}`;
    } catch (err) {
      if (ctx.isActive()) replace(error, alertBox('error', `Could not load the call records: ${messageOf(err)}`));
    }
  }

  let debounce: number | undefined;
  search.addEventListener('input', () => {
    window.clearTimeout(debounce);
    debounce = window.setTimeout(() => void load(true), 300);
  });
  search.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      window.clearTimeout(debounce);
      void load(true);
    }
  });
  ctx.onCleanup(() => window.clearTimeout(debounce));
  refresh.addEventListener('click', () => void busy(refresh, () => load(true)));
  more.addEventListener('click', () => void busy(more, () => load(false)));
  void load(true);
};

function row(r: CallRecord): HTMLElement {
  const answered = !!r.answeredAt;
  return h('tr', { testid: 'records-row' },
    h('td', { class: 'nowrap' }, dateTime(r.startedAt)),
    h('td', null, directionLabel(r.direction)),
    h('td', null, mono(r.caller, 'mono uri')),
    h('td', null, mono(r.callee, 'mono uri')),
    h('td', null, `${dash(r.outsideTransport)} / ${dash(r.insideTransport)}`),
    h('td', { class: 'nowrap' }, answered ? between(r.answeredAt, r.endedAt ?? null) : h('span', { class: 'muted' }, 'not answered')),
    h('td', null, endLabel(r)),
    h('td', null, mono(r.callId, 'mono clip')));
}

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

function endLabel(r: CallRecord): string {
  if (!r.endedAt) return 'in progress';
  return r.endReason ? r.endReason : 'ended';
}
