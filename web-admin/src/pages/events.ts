// Security events (#/events): the stored events with filters (kept in the hash, so that a link can
// open a filtered list: #/events?source=203.0.113.7&kind=sip.), keyset paging, and one event
// (#/events/<id>) with its evidence and the SIP ladder of its call.
import { ApiError, eventsApi, messageOf } from '../api';
import { kindLabel } from '../attacks-model';
import { relativeTime } from '../bans-model';
import { h, replace } from '../dom';
import { dateTime } from '../format';
import {
  EVENT_LEVELS, FILTER_FIELDS, KNOWN_KINDS, MAX_Q, SEVERITIES, activeFilterCount, apiQuery, emptyText, eventHref, evidenceLine,
  filtersFromQuery, filtersHash, isoToLocalInput, levelLabel, localInputToIso, normalizeFilters, severityTone, sourceEventsHref,
  sourceText, splitFilterErrors, totalText, validateFilters, type EventFilters, type FilterErrors, type FilterField,
} from '../events-model';
import { ladderSvg } from '../ladder';
import { layoutLadder, readLadder } from '../ladder-model';
import type { StoredEvent } from '../types';
import {
  alertBox, badge, busy, card, dash, dataTable, emptyState, fieldError, mono, pageHeader, showFieldError, type PageContext, type PageRender,
} from '../ui';
import { zoneLabel } from './dashboard';

/** The list's address with the filters last used, for the way back from an event. */
let lastListHash = '#/events';

export const renderEvents: PageRender = (root, ctx) => {
  const id = ctx.params[0];
  if (id !== undefined) renderDetail(root, ctx, id);
  else renderList(root, ctx);
};

// ---------------------------------------------------------------- list

function renderList(root: HTMLElement, ctx: PageContext): void {
  let filters: EventFilters = filtersFromQuery(ctx.query);
  lastListHash = filtersHash(filters);

  const input = (field: FilterField, attrs: Record<string, string | number>) =>
    h('input', { id: `ev-${field}`, name: field, testid: `events-filter-${field}`, spellcheck: 'false', ...attrs });
  const level = h('select', { id: 'ev-level', name: 'level', testid: 'events-filter-level' },
    h('option', { value: '' }, 'Any level'),
    EVENT_LEVELS.map((l) => h('option', { value: l.value }, l.label)));
  const severity = h('select', { id: 'ev-severity', name: 'severity', testid: 'events-filter-severity' },
    h('option', { value: '' }, 'Any severity'),
    SEVERITIES.map((s, i) => h('option', { value: s }, i === SEVERITIES.length - 1 ? s : `${s} or worse`)));
  const kind = input('kind', { type: 'text', list: 'ev-kinds', placeholder: 'e.g. sip.scanner, or sip. for all SIP', autocomplete: 'off' });
  const source = input('source', { type: 'text', placeholder: 'e.g. 203.0.113.7', autocomplete: 'off' });
  const q = input('q', { type: 'search', placeholder: 'text in the evidence or target', maxlength: MAX_Q });
  const since = input('since', { type: 'datetime-local' });
  const until = input('until', { type: 'datetime-local' });
  const inputs: Record<FilterField, HTMLInputElement | HTMLSelectElement> = { level, kind, severity, source, q, since, until };
  const errors = Object.fromEntries(FILTER_FIELDS.map((f) => [f, fieldError(`events-filter-error-${f}`)])) as Record<FilterField, HTMLElement>;
  const field = (f: FilterField, label: string) => h('div', { class: 'field' }, h('label', { for: `ev-${f}` }, label), inputs[f], errors[f]);

  const apply = h('button', { class: 'btn btn-primary', type: 'submit', testid: 'events-apply' }, 'Apply filters');
  const clear = h('button', { class: 'btn', type: 'button', testid: 'events-clear' }, 'Clear');
  const form = h('form', { class: 'events-filters form-inline-grid', novalidate: true, testid: 'events-filters' },
    field('level', 'Level'),
    field('kind', 'Kind'),
    field('severity', 'Severity at least'),
    field('source', 'Source address'),
    field('q', 'Text'),
    field('since', 'From (your local time)'),
    field('until', 'Until (your local time)'),
    h('div', { class: 'form-actions' }, apply, clear),
    h('datalist', { id: 'ev-kinds' }, KNOWN_KINDS.map((k) => h('option', { value: k }))));

  const refresh = h('button', { class: 'btn', type: 'button', testid: 'events-refresh' }, 'Refresh');
  const status = h('div');
  const total = h('span', { class: 'muted', testid: 'events-total' });
  const table = dataTable('events-table', ['Time', 'Level', 'Severity', 'Kind', 'Source', 'Transport', 'Zone', 'Target', 'Evidence']);
  const empty = emptyState('No security events stored yet.', 'events-empty');
  empty.hidden = true;
  const more = h('button', { class: 'btn', type: 'button', testid: 'events-more', hidden: true }, 'More');

  root.append(
    pageHeader('Security events', 'What the detectors reported, newest first: floods, scans, malformed or forged SIP, toll fraud. Open an event for its evidence and message trace.', refresh),
    card(null, form),
    status,
    h('div', { class: 'toolbar' }, total),
    table.el,
    empty,
    h('div', { class: 'more' }, more));

  let cursor: string | null = null;
  let shown = 0;
  let generation = 0;

  const fillForm = (f: EventFilters) => {
    level.value = f.level;
    if (level.value !== f.level) level.value = '';
    severity.value = f.severity;
    if (severity.value !== f.severity) severity.value = '';
    kind.value = f.kind;
    source.value = f.source;
    q.value = f.q;
    since.value = isoToLocalInput(f.since);
    until.value = isoToLocalInput(f.until);
  };

  const showErrors = (byField: FilterErrors) => {
    for (const f of FILTER_FIELDS) showFieldError(errors[f], byField[f] ?? null);
  };

  /** The filters in the form, and what is wrong with them. */
  const readForm = (): { f: EventFilters; problems: FilterErrors } => {
    const problems: FilterErrors = {};
    const times: Partial<Record<'since' | 'until', string>> = {};
    for (const [name, el] of [['since', since], ['until', until]] as const) {
      const iso = localInputToIso(el.value);
      if (el.validity.badInput || iso === null) problems[name] = 'Complete the date and time, or clear the field.';
      else times[name] = iso;
    }
    const f = normalizeFilters({
      level: level.value, kind: kind.value, severity: severity.value, source: source.value, q: q.value,
      since: times.since ?? '', until: times.until ?? '',
    });
    return { f, problems: { ...validateFilters(f), ...problems } };
  };

  async function load(reset: boolean) {
    const gen = reset ? ++generation : generation;
    try {
      const page = await eventsApi.list(apiQuery(filters, reset ? null : cursor));
      if (!ctx.isActive() || gen !== generation) return;
      replace(status);
      if (reset) {
        table.body.replaceChildren();
        shown = 0;
      }
      table.body.append(...page.items.map(row));
      shown += page.items.length;
      cursor = page.nextCursor;
      more.hidden = !cursor;
      empty.hidden = shown > 0;
      empty.textContent = emptyText(filters);
      total.textContent = totalText(shown, page.total, activeFilterCount(filters) > 0);
    } catch (err) {
      if (!ctx.isActive() || gen !== generation) return;
      if (err instanceof ApiError && err.status === 400) {
        const { byField, other } = splitFilterErrors(err.fieldErrors);
        showErrors(byField);
        replace(status, alertBox('error', ['The appliance did not accept the filters: ', messageOf(err), other.length ? ` (${other.join('; ')})` : ''], 'events-error'));
      } else if (err instanceof ApiError && err.status === 503) {
        replace(status, alertBox('warn', 'The event store is not running right now, so no stored events can be shown (HTTP 503). The dashboard still counts attacks.', 'events-error'));
      } else {
        replace(status, alertBox('error', `Could not load the events: ${messageOf(err)}`, 'events-error'));
      }
    }
  }

  /** Read the form; if it is fine, put the filters into the address and load the first page. */
  const applyForm = async () => {
    const { f, problems } = readForm();
    showErrors(problems);
    if (Object.keys(problems).length > 0) {
      replace(status, alertBox('error', 'Correct the marked filters; nothing was searched.', 'events-error'));
      return;
    }
    filters = f;
    const hash = filtersHash(f);
    lastListHash = hash;
    // The same page with other filters: replace the address without routing again.
    if (location.hash !== hash) history.replaceState(null, '', hash);
    await load(true);
  };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void busy(apply, applyForm);
  });
  for (const sel of [level, severity]) sel.addEventListener('change', () => void busy(apply, applyForm));
  clear.addEventListener('click', () => {
    fillForm(normalizeFilters({}));
    void busy(apply, applyForm);
  });
  refresh.addEventListener('click', () => void busy(refresh, applyForm));
  more.addEventListener('click', () => void busy(more, () => load(false)));

  fillForm(filters);
  const initial = validateFilters(filters);
  if (Object.keys(initial).length > 0) {
    // A link with bad filters: say what is wrong, search nothing.
    showErrors(initial);
    replace(status, alertBox('error', 'The filters in this address are not valid; correct them and apply.', 'events-error'));
  } else {
    void load(true);
  }
}

function row(e: StoredEvent): HTMLElement {
  const open = () => {
    location.hash = eventHref(e.id);
  };
  const tr = h('tr', {
    class: 'row-link', testid: 'events-row', 'data-event-id': e.id, 'data-kind': e.kind, 'data-source': e.source ?? '',
    title: 'Open the event',
  },
  h('td', { class: 'nowrap' }, h('a', { href: eventHref(e.id), title: relativeTime(e.time) }, dateTime(e.time))),
  h('td', null, levelLabel(e.level)),
  h('td', null, badge(e.severity, severityTone(e.severity))),
  h('td', null, h('span', { class: 'mono', title: kindLabel(e.kind) }, e.kind)),
  h('td', null, e.source ? mono(sourceText(e.source, e.sourcePort)) : h('span', { class: 'muted' }, 'the appliance')),
  h('td', null, dash(e.transport)),
  h('td', { class: 'nowrap' }, e.zone ? zoneLabel(e.zone) : '—'),
  h('td', null, e.target ? mono(e.target, 'mono clip') : '—'),
  h('td', null, h('span', { class: 'mono clip clip-wide', title: e.evidence }, evidenceLine(e.evidence))));
  tr.addEventListener('click', (ev) => {
    // The time is a link already; anywhere else on the row opens the event too.
    if (!(ev.target instanceof Element && ev.target.closest('a'))) open();
  });
  return tr;
}

// ---------------------------------------------------------------- one event

function renderDetail(root: HTMLElement, ctx: PageContext, idText: string): void {
  const back = h('a', { class: 'back', href: lastListHash, testid: 'event-back' }, '← Security events');
  const header = h('div', null, pageHeader(`Event ${idText}`));
  const body = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  root.append(back, header, body);

  if (!/^\d{1,18}$/.test(idText) || Number(idText) <= 0) {
    replace(body, alertBox('warn', 'There is no event with this number.', 'event-missing'));
    return;
  }
  const id = Number(idText);

  const ladderBox = h('div', { class: 'ladder-box' }, h('p', { class: 'muted' }, 'Loading the message trace…'));
  void (async () => {
    try {
      const e = await eventsApi.get(id);
      if (!ctx.isActive()) return;
      showEvent(e);
      void loadLadder();
    } catch (err) {
      if (!ctx.isActive()) return;
      replace(body, err instanceof ApiError && err.status === 404
        ? alertBox('warn', `No stored event ${id}: it was never stored, or has been removed by retention.`, 'event-missing')
        : alertBox('error', `Could not load the event: ${messageOf(err)}`, 'event-error'));
    }
  })();

  function showEvent(e: StoredEvent) {
    replace(header, pageHeader(`${kindLabel(e.kind)} from ${sourceText(e.source, e.sourcePort)}`,
      [dateTime(e.time), ' · ', relativeTime(e.time)], badge(e.severity, severityTone(e.severity), 'event-severity')));
    const fact = (label: string, testid: string, ...value: (Node | string)[]) => [h('dt', null, label), h('dd', { testid }, value)];
    const evidence = h('pre', { class: 'evidence', testid: 'event-evidence' }, e.evidence ?? '');
    evidence.hidden = !e.evidence;
    replace(body, h('div', { testid: 'event-detail', 'data-event-id': e.id },
      card('What happened',
        h('dl', { class: 'facts', testid: 'event-facts' },
          fact('Time', 'event-time', dateTime(e.time), h('span', { class: 'muted' }, ` (${relativeTime(e.time)}, ${e.time})`)),
          fact('Kind', 'event-kind', h('span', { class: 'mono' }, e.kind), kindLabel(e.kind) !== e.kind ? ` — ${kindLabel(e.kind)}` : ''),
          fact('Level', 'event-level', levelLabel(e.level)),
          fact('Severity', 'event-severity-text', e.severity),
          fact('Source', 'event-source',
            e.source ? mono(sourceText(e.source, e.sourcePort)) : 'the appliance itself',
            ...(e.source ? [
              h('div', { class: 'fact-links' },
                h('a', { href: sourceEventsHref(e.source), testid: 'event-source-events' }, 'All events from this source'),
                h('a', { href: '#/bans', testid: 'event-source-bans' }, 'Ban or unban it (Bans)')),
            ] : [])),
          fact('Transport', 'event-transport', dash(e.transport)),
          fact('Zone', 'event-zone', e.zone ? zoneLabel(e.zone) : '—'),
          fact('Target', 'event-target', e.target ? mono(e.target, 'mono wrap') : '—'),
          fact('Call-ID', 'event-call-id', e.callId ? mono(e.callId, 'mono wrap') : '—'),
          fact('Event number', 'event-id', String(e.id)))),
      card('Evidence',
        h('p', { class: 'muted small' }, 'What the detector saw, as stored (secrets such as passwords are removed).'),
        evidence,
        e.evidence ? null : h('p', { class: 'muted', testid: 'event-no-evidence' }, 'No evidence was recorded for this event.')),
      card('Message ladder', ladderBox)));
  }

  async function loadLadder() {
    try {
      const ladder = readLadder(await eventsApi.ladder(id));
      if (!ctx.isActive()) return;
      if (!ladder || ladder.messages.length === 0) {
        replace(ladderBox, noTrace());
        return;
      }
      const layout = layoutLadder(ladder);
      replace(ladderBox,
        layout.complete ? null : alertBox('info',
          'Only the message this event quotes is left: the appliance no longer holds the rest of the call’s messages (it was restarted, or the trace was dropped to make room).',
          'ladder-partial'),
        h('p', { class: 'muted small' },
          `Time runs downwards; each arrow is one SIP message${ladder.callId ? ` of the call ${ladder.callId}` : ''}. `,
          'The highlighted one is the message the event quotes. Point at an arrow for its full first line.'),
        h('div', { class: 'ladder-wrap' }, ladderSvg(layout, zoneLabel)));
    } catch (err) {
      if (!ctx.isActive()) return;
      replace(ladderBox, err instanceof ApiError && err.status === 404
        ? noTrace()
        : alertBox('error', `Could not load the message trace: ${messageOf(err)}`, 'ladder-error'));
    }
  }
}

function noTrace(): HTMLElement {
  return h('div', { class: 'empty', testid: 'ladder-missing' },
    'There is no message trace for this event: the appliance keeps the messages of recent calls only. The evidence above shows what was seen.');
}
