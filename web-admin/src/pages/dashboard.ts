import { api, ApiError, eventsApi, messageOf } from '../api';
import { kindLabel, levelTotals, summaryProblem, totalsLine } from '../attacks-model';
import { relativeTime } from '../bans-model';
import { attacksChart, callRateChart } from '../chart';
import { h, replace } from '../dom';
import { sourceEventsHref } from '../events-model';
import { between, count, dateTime, hostPort, stateTone } from '../format';
import type { CallRate, EventSummary, Status } from '../types';
import { alertBox, badge, card, dataTable, emptyState, pageHeader, poll, type PageRender } from '../ui';

/** The attack chart covers this many minutes. */
const ATTACK_MINUTES = 60;

export const renderDashboard: PageRender = (root, ctx) => {
  const activeCalls = h('div', { class: 'stat-value', testid: 'active-calls' }, '…');
  const health = h('div', { class: 'stat-value' }, h('span', { class: 'badge badge-neutral', testid: 'health' }, '…'));
  const healthNote = h('div', { class: 'stat-note' });
  const version = h('div', { class: 'stat-value stat-small' }, '…');
  const uptime = h('div', { class: 'stat-note' });
  const chartBox = h('div', { class: 'chart-box', testid: 'call-rate-chart' }, h('div', { class: 'chart-empty' }, 'Loading…'));
  const error = h('div');
  const updated = h('span', { class: 'muted small', testid: 'dashboard-updated' });

  const bundles = dataTable('dashboard-bundles-table', ['Component', 'Version', 'State']);
  const listeners = dataTable('listeners-table', ['Zone', 'Protocol', 'Address', ['Connections', 'num']]);

  // Attacks (GET /events/summary): loaded next to the status, but a failure only shows a note here.
  const attacksBox = h('div', { class: 'chart-box', testid: 'attacks-chart' }, h('div', { class: 'chart-empty' }, 'Loading…'));
  const attacksTotals = h('div', { class: 'card-note', testid: 'attacks-totals' });
  const sources = dataTable('top-sources', ['Source', ['Events', 'num'], 'Last attack', 'Last seen']);

  root.append(
    pageHeader('Dashboard', 'How the appliance is doing right now. Updates every 5 seconds.', updated),
    error,
    h('div', { class: 'stats' },
      h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, 'Calls now'), activeCalls, h('div', { class: 'stat-note' }, 'calls in progress')),
      h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, 'Health'), health, healthNote),
      h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, 'Software version'), version, uptime)),
    card('Call rate, last hour', chartBox),
    card('Attacks, last hour', attacksBox, attacksTotals,
      h('div', { class: 'card-note' }, h('a', { href: '#/events', testid: 'attacks-events-link' }, 'All security events, with their evidence →'))),
    card('Top offending sources',
      h('p', { class: 'muted small' }, 'Since the appliance started. Open a source to ban or unban it on the Bans page, or its number of events to see them.'),
      sources.el),
    h('div', { class: 'grid-2' },
      card('Bulwark components', bundles.el),
      card('Listeners (where the appliance accepts SIP)', listeners.el)));

  poll(ctx, 5000, async () => {
    await Promise.all([loadStatus(), loadAttacks()]);
  });

  async function loadStatus() {
    try {
      const [status, rate] = await Promise.all([api.get<Status>('/status'), api.get<CallRate>('/metrics/calls')]);
      if (!ctx.isActive()) return;
      replace(error);
      showStatus(status);
      replace(chartBox, callRateChart(rate));
      updated.textContent = `Updated ${dateTime(new Date().toISOString()).slice(11)}`;
    } catch (err) {
      if (ctx.isActive()) replace(error, alertBox('error', `Could not load the status: ${messageOf(err)}`));
    }
  }

  async function loadAttacks() {
    try {
      const summary = await eventsApi.summary(ATTACK_MINUTES);
      if (ctx.isActive()) showAttacks(summary);
    } catch (err) {
      if (!ctx.isActive()) return;
      const note = summaryProblem(err instanceof ApiError ? err.status : 0, messageOf(err));
      replace(attacksBox, h('div', { class: 'chart-empty', testid: 'attacks-error' }, note));
      attacksTotals.textContent = '';
      replace(sources.body, h('tr', null, h('td', { colspan: 4 }, h('div', { class: 'empty', testid: 'top-sources-error' }, note))));
    }
  }

  function showAttacks(summary: EventSummary) {
    replace(attacksBox, attacksChart(summary));
    attacksTotals.textContent = totalsLine(levelTotals(summary.points), ATTACK_MINUTES);

    const top = summary.topSources ?? [];
    replace(sources.body, top.length
      ? top.map((src) => h('tr', { testid: 'top-sources-row', 'data-source': src.source },
        h('td', null, h('a', { href: '#/bans', class: 'mono', title: 'Open Bans to ban or unban this source' }, src.source)),
        h('td', { class: 'num' }, h('a', {
          href: sourceEventsHref(src.source), testid: 'top-sources-events', title: `Show the stored events of ${src.source}`,
        }, count(src.events))),
        h('td', { title: src.lastKind }, kindLabel(src.lastKind)),
        h('td', { title: dateTime(src.lastSeen) }, relativeTime(src.lastSeen))))
      : h('tr', null, h('td', { colspan: 4 }, emptyState('No attacks seen since the appliance started', 'top-sources-empty'))));
  }

  function showStatus(s: Status) {
    activeCalls.textContent = count(s.activeCalls);
    const ok = s.health === 'OK';
    replace(health, badge(ok ? 'OK' : s.health, ok ? 'ok' : 'warn', 'health'));
    healthNote.textContent = ok
      ? 'All components are running and listening.'
      : 'Something needs attention: a component is not running or no listener is open.';
    version.textContent = s.version;
    uptime.textContent = s.startedAt ? `running for ${between(s.startedAt)} (since ${dateTime(s.startedAt)})` : '';

    const bulwarkBundles = s.bundles.filter((b) => b.bulwark !== false);
    replace(bundles.body, bulwarkBundles.length
      ? bulwarkBundles.map((b) => h('tr', { testid: 'dashboard-bundle-row' },
        h('td', null, h('div', null, b.name || b.symbolicName), h('div', { class: 'muted small' }, b.symbolicName)),
        h('td', null, b.version),
        h('td', null, badge(b.state, stateTone(b.state)))))
      : h('tr', null, h('td', { colspan: 3 }, emptyState('No Bulwark components found.'))));

    replace(listeners.body, s.listeners.length
      ? s.listeners.map((l) => h('tr', { testid: 'listener-row' },
        h('td', null, zoneLabel(l.zone)),
        h('td', null, l.protocol),
        h('td', { class: 'mono' }, hostPort(l.address, l.port)),
        h('td', { class: 'num' }, count(l.connections))))
      : h('tr', null, h('td', { colspan: 4 }, emptyState('No listener is open: the appliance cannot receive calls.'))));
  }
};

/** Zones in plain words: outside = trunk / Internet side, inside = the phone system (PBX). */
export function zoneLabel(zone: string): string {
  if (zone === 'outside') return 'Outside (trunk)';
  if (zone === 'inside') return 'Inside (PBX)';
  return zone;
}
