// Navigation entries and the pages behind them. The id is the hash route (#/<id>) and the
// test id of the navigation link (nav-<id>).
import { renderAudit } from './pages/audit';
import { renderBans } from './pages/bans';
import { renderBundles } from './pages/bundles';
import { renderCalls } from './pages/calls';
import { renderCertificate } from './pages/certificate';
import { renderConfig } from './pages/config';
import { renderDashboard } from './pages/dashboard';
import { renderEvents } from './pages/events';
import { renderMedia } from './pages/media';
import { laterPage } from './pages/placeholder';
import { renderPolicies } from './pages/policies';
import { renderRecords } from './pages/records';
import { renderTokens } from './pages/tokens';
import { renderUsers } from './pages/users';
import type { Role } from './types';
import type { PageRender } from './ui';

export interface NavEntry {
  id: string;
  label: string;
  group: 'monitor' | 'protect' | 'manage' | 'later' | 'account';
  render: PageRender;
  /** Roles that see the entry; all when absent. */
  roles?: Role[];
  /** Greyed placeholder for a later release. */
  later?: boolean;
  /** Reachable by URL but not listed in the sidebar. */
  hidden?: boolean;
}

const later = (id: string, label: string, what: string): NavEntry => ({
  id, label, group: 'later', later: true, render: laterPage(label, what),
});

export const NAV: NavEntry[] = [
  { id: 'dashboard', label: 'Dashboard', group: 'monitor', render: renderDashboard },
  { id: 'calls', label: 'Calls', group: 'monitor', render: renderCalls },
  { id: 'records', label: 'Call records', group: 'monitor', render: renderRecords },
  { id: 'media', label: 'Media', group: 'monitor', render: renderMedia },
  { id: 'events', label: 'Events', group: 'protect', render: renderEvents },
  { id: 'bans', label: 'Bans', group: 'protect', render: renderBans },
  { id: 'policies', label: 'Policies', group: 'protect', render: renderPolicies },
  { id: 'config', label: 'Configuration', group: 'manage', render: renderConfig },
  { id: 'bundles', label: 'Bundles', group: 'manage', render: renderBundles },
  { id: 'certificate', label: 'HTTPS certificate', group: 'manage', render: renderCertificate },
  { id: 'users', label: 'Users', group: 'manage', roles: ['admin'], render: renderUsers },
  { id: 'audit', label: 'Audit log', group: 'manage', roles: ['admin', 'auditor'], render: renderAudit },
  later('cloud', 'Cloud', 'Connection to central management and shared threat information.'),
  later('updates', 'Updates', 'Firmware and component updates for this appliance.'),
  later('reports', 'Reports', 'Summaries of calls and security events, to print or export.'),
  { id: 'tokens', label: 'My account & API tokens', group: 'account', hidden: true, render: renderTokens },
];

export function findRoute(id: string): NavEntry | undefined {
  return NAV.find((e) => e.id === id);
}
