import { api, messageOf } from '../api';
import { h, replace } from '../dom';
import { count, stateTone } from '../format';
import type { BundleInfo } from '../types';
import { alertBox, badge, busy, dataTable, emptyState, pageHeader, type PageRender } from '../ui';

export const renderBundles: PageRender = (root, ctx) => {
  const filter = h('input', { type: 'search', class: 'search', placeholder: 'Filter by name, version or state', testid: 'bundles-filter', 'aria-label': 'Filter bundles' });
  const onlyBulwark = h('input', { type: 'checkbox', id: 'bundles-only-bulwark', testid: 'bundles-only-bulwark' });
  const refresh = h('button', { class: 'btn', type: 'button', testid: 'bundles-refresh' }, 'Refresh');
  const summary = h('span', { class: 'muted', testid: 'bundles-count' });
  const table = dataTable('bundles-table', [['ID', 'num'], 'Symbolic name', 'Name', 'Version', 'State']);
  const empty = emptyState('No bundle matches the filter.', 'bundles-empty');
  const error = h('div');
  empty.hidden = true;

  root.append(
    pageHeader('Bundles', 'Every software module (OSGi bundle) running on the appliance. All should be Active.'),
    h('div', { class: 'toolbar' }, filter,
      h('label', { class: 'inline-check', for: 'bundles-only-bulwark' }, onlyBulwark, 'Bulwark only'),
      refresh, summary),
    error, table.el, empty);

  let all: BundleInfo[] = [];

  function render() {
    const words = filter.value.trim().toLowerCase().split(/\s+/).filter((w) => w);
    const shown = all.filter((b) => (!onlyBulwark.checked || b.bulwark)
      && words.every((w) => `${b.id} ${b.symbolicName} ${b.name} ${b.version} ${b.state}`.toLowerCase().includes(w)));
    replace(table.body, shown.map((b) => h('tr', { testid: 'bundles-row', class: b.bulwark ? 'row-strong' : undefined },
      h('td', { class: 'num' }, String(b.id)),
      h('td', { class: 'mono' }, b.symbolicName),
      h('td', null, b.name || ''),
      h('td', { class: 'mono' }, b.version),
      h('td', null, badge(b.state, stateTone(b.state))))));
    empty.hidden = shown.length > 0 || all.length === 0;
    const notActive = all.filter((b) => b.state !== 'ACTIVE' && b.state !== 'RESOLVED').length;
    summary.textContent = `${count(shown.length)} of ${count(all.length)} bundles${notActive ? `, ${notActive} not active` : ''}`;
  }

  async function load() {
    try {
      all = await api.get<BundleInfo[]>('/bundles');
      if (!ctx.isActive()) return;
      all.sort((a, b) => a.id - b.id);
      replace(error);
      render();
    } catch (err) {
      if (ctx.isActive()) replace(error, alertBox('error', `Could not load the bundles: ${messageOf(err)}`));
    }
  }

  filter.addEventListener('input', render);
  onlyBulwark.addEventListener('change', render);
  refresh.addEventListener('click', () => void busy(refresh, load));
  void load();
};
