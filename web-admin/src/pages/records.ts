import { api, messageOf, query } from '../api';
import { h, replace } from '../dom';
import { between, count, dateTime } from '../format';
import { LEGS, clearTrunkNote, directionLabel, endLabel, recordMedia, type Leg, type LegMediaView } from '../records-model';
import type { CallRecord, Page } from '../types';
import { alertBox, badge, busy, dataTable, dash, emptyState, mono, pageHeader, type PageRender } from '../ui';

const PAGE_SIZE = 50;

export const renderRecords: PageRender = (root, ctx) => {
  const search = h('input', {
    type: 'search', class: 'search', placeholder: 'Search caller, callee or Call-ID', testid: 'records-search',
    'aria-label': 'Search call records',
  });
  const refresh = h('button', { class: 'btn', type: 'button', testid: 'records-refresh' }, 'Refresh');
  const table = dataTable('records-table', ['Started', 'Direction', 'Caller', 'Callee', 'Transport out / in', 'Media out / in', 'Talk time', 'Result', 'Call-ID']);
  const total = h('span', { class: 'muted', testid: 'records-total' });
  const more = h('button', { class: 'btn', type: 'button', testid: 'records-more', hidden: true }, 'Load more');
  const empty = emptyState('No call records.', 'records-empty');
  const error = h('div');
  const clearNote = h('div');
  empty.hidden = true;

  root.append(
    pageHeader('Call records', 'Every finished call, newest first.'),
    h('div', { class: 'toolbar' }, search, refresh, total),
    error,
    clearNote,
    table.el,
    empty,
    h('div', { class: 'more' }, more));

  let cursor: string | null = null;
  let shown: CallRecord[] = [];
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
        shown = [];
      }
      table.body.append(...page.items.map(row));
      shown = shown.concat(page.items);
      cursor = page.nextCursor;
      more.hidden = !cursor;
      empty.hidden = shown.length > 0;
      empty.textContent = q ? `No call records match “${q}”.` : 'No call records yet.';
      const t = typeof page.total === 'number' ? page.total : shown.length;
      total.textContent = `Showing ${count(shown.length)} of ${count(t)}${q ? ' matching' : ''}`;
      const note = clearTrunkNote(shown);
      replace(clearNote, note ? alertBox('warn', note, 'records-clear-note') : null);
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
  const media = recordMedia(r);
  const trunkClear = media.clearLegs.includes('outside');
  return h('tr', { testid: 'records-row', class: trunkClear ? 'records-row-clear' : undefined, 'data-clear': media.clearLegs.join(' ') },
    h('td', { class: 'nowrap' }, dateTime(r.startedAt)),
    h('td', null, directionLabel(r.direction)),
    h('td', null, mono(r.caller, 'mono uri')),
    h('td', null, mono(r.callee, 'mono uri')),
    h('td', null, `${dash(r.outsideTransport)} / ${dash(r.insideTransport)}`),
    h('td', { class: 'records-media' }, LEGS.map((leg) => legMediaLine(leg, media[leg], leg === 'outside' ? r.outsideMedia : r.insideMedia))),
    h('td', { class: 'nowrap' }, answered ? between(r.answeredAt, r.endedAt ?? null) : h('span', { class: 'muted' }, 'not answered')),
    h('td', null, endLabel(r)),
    h('td', null, mono(r.callId, 'mono clip')));
}

/** One leg of the media cell: which leg, the badge, and the SRTP suites; `data-media` is the API's value. */
function legMediaLine(leg: Leg, v: LegMediaView, raw: string | null | undefined): HTMLElement {
  return h('div', {
    class: `records-media-leg records-media-${v.protection}`, testid: `records-media-${leg}`, title: v.title,
    'data-protection': v.protection, 'data-media': raw ?? '',
  },
  h('span', { class: 'records-media-side' }, leg === 'outside' ? 'Out' : 'In'),
  badge(v.label, v.tone),
  v.detail ? h('span', { class: 'mono small records-media-suite' }, v.detail) : null);
}
