import { api, messageOf, query } from '../api';
import { h, replace } from '../dom';
import { dateTime } from '../format';
import type { AuditEntry, Page } from '../types';
import { alertBox, busy, dataTable, dash, emptyState, mono, pageHeader, type PageRender } from '../ui';

const PAGE_SIZE = 100;

const ACTIONS: Record<string, string> = {
  'setup': 'First administrator created',
  'login': 'Signed in',
  'login.failed': 'Failed sign-in',
  'logout': 'Signed out',
  'password.change': 'Changed own password',
  'token.create': 'Created API token',
  'token.delete': 'Deleted API token',
  'user.create': 'Created user',
  'user.update': 'Changed user',
  'user.delete': 'Deleted user',
  'config.update': 'Changed configuration',
  'ban.add': 'Banned an address',
  'ban.remove': 'Lifted a ban',
  'allow.add': 'Added to the allow-list',
  'allow.remove': 'Removed from the allow-list',
};

export function actionLabel(action: string): string {
  return ACTIONS[action] ?? action;
}

export const renderAudit: PageRender = (root, ctx) => {
  const table = dataTable('audit-table', ['Time', 'Who', 'What', 'Target', 'Old value', 'New value', 'From']);
  const more = h('button', { class: 'btn', type: 'button', testid: 'audit-more', hidden: true }, 'Load more');
  const refresh = h('button', { class: 'btn', type: 'button', testid: 'audit-refresh' }, 'Refresh');
  const summary = h('span', { class: 'muted', testid: 'audit-count' });
  const empty = emptyState('The audit log is empty.', 'audit-empty');
  const error = h('div');
  empty.hidden = true;

  root.append(
    pageHeader('Audit log', 'Who signed in and who changed what, newest first.'),
    h('div', { class: 'toolbar' }, refresh, summary),
    error, table.el, empty, h('div', { class: 'more' }, more));

  let cursor: string | null = null;
  let shown = 0;

  async function load(reset: boolean) {
    try {
      const page = await api.get<Page<AuditEntry>>(`/audit${query({ limit: PAGE_SIZE, before: reset ? null : cursor })}`);
      if (!ctx.isActive()) return;
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
      summary.textContent = `${shown} ${shown === 1 ? 'entry' : 'entries'} shown${cursor ? ', more available' : ''}`;
    } catch (err) {
      if (ctx.isActive()) replace(error, alertBox('error', `Could not load the audit log: ${messageOf(err)}`));
    }
  }

  more.addEventListener('click', () => void busy(more, () => load(false)));
  refresh.addEventListener('click', () => void busy(refresh, () => load(true)));
  void load(true);
};

function row(e: AuditEntry): HTMLElement {
  const failed = e.action === 'login.failed';
  return h('tr', { testid: 'audit-row', class: failed ? 'row-warn' : undefined },
    h('td', { class: 'nowrap' }, dateTime(e.time)),
    h('td', null, dash(e.actor)),
    h('td', null, h('div', null, actionLabel(e.action)), h('div', { class: 'muted small mono' }, e.action)),
    h('td', null, mono(dash(e.target), 'mono wrap')),
    h('td', null, mono(readableValue(e.oldValue), 'mono wrap')),
    h('td', null, mono(readableValue(e.newValue), 'mono wrap')),
    h('td', { class: 'mono' }, dash(e.source)));
}

/** `{"udp.port":"5062","tls":"on"}` → "udp.port = 5062\ntls = on"; anything else unchanged. */
export function readableValue(value: string | null | undefined): string {
  if (!value) return '';
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return Object.entries(parsed as Record<string, unknown>)
        .map(([k, v]) => `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join('\n');
    }
  } catch {
    /* not JSON: show as is */
  }
  return value;
}
