import { api, messageOf } from '../api';
import { h, replace } from '../dom';
import { between, callStateLabel, count, dateTime, stateTone } from '../format';
import type { LiveCall } from '../types';
import { alertBox, badge, dataTable, emptyState, mono, pageHeader, poll, type PageRender } from '../ui';
import { zoneLabel } from './dashboard';

export const renderCalls: PageRender = (root, ctx) => {
  const table = dataTable('calls-table', ['State', 'From', 'Other side', 'Transport', 'Started', 'Duration', 'Call-ID']);
  const empty = emptyState('No calls right now. Calls appear here as soon as they start.', 'calls-empty');
  const error = h('div');
  const summary = h('span', { class: 'muted small', testid: 'calls-count' });
  empty.hidden = true;

  root.append(
    pageHeader('Calls', 'Calls in progress through the appliance. Updates every 2 seconds.', summary),
    error,
    table.el,
    empty);

  poll(ctx, 2000, async () => {
    try {
      const calls = await api.get<LiveCall[]>('/calls');
      if (!ctx.isActive()) return;
      replace(error);
      calls.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
      replace(table.body, calls.map(row));
      empty.hidden = calls.length > 0;
      table.el.hidden = calls.length === 0;
      summary.textContent = calls.length === 1 ? '1 call in progress' : `${count(calls.length)} calls in progress`;
    } catch (err) {
      if (ctx.isActive()) replace(error, alertBox('error', `Could not load the calls: ${messageOf(err)}`));
    }
  });
};

function row(c: LiveCall): HTMLElement {
  return h('tr', { testid: 'calls-row' },
    h('td', null, badge(callStateLabel(c.state), stateTone(c.state)), h('div', { class: 'muted small' }, c.state)),
    h('td', null, zoneLabel(c.callerZone)),
    h('td', { class: 'mono' }, c.peer),
    h('td', null, c.transport),
    h('td', { class: 'nowrap' }, dateTime(c.createdAt)),
    h('td', { class: 'nowrap' }, between(c.createdAt)),
    h('td', null, mono(c.callId, 'mono clip')));
}
