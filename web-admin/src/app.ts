// Start-up, session handling, layout and hash routing.
import { api, ApiError, messageOf, setSession, setUnauthorizedHandler } from './api';
import { h, replace } from './dom';
import { roleLabel } from './format';
import { splitHash } from './hash';
import { NAV, findRoute, type NavEntry } from './routes';
import { renderLogin, renderSetup } from './pages/auth';
import { renderForbidden, renderNotFound } from './pages/placeholder';
import type { Session, SetupState } from './types';
import { alertBox, type PageContext } from './ui';

const DEFAULT_ROUTE = '#/dashboard';

let root: HTMLElement;
let session: Session | null = null;
let main: HTMLElement | null = null;
let navLinks = new Map<string, HTMLAnchorElement>();
let leaveCurrentPage: (() => void) | null = null;

export function start(el: HTMLElement): void {
  root = el;
  setUnauthorizedHandler((message) => {
    if (session) signedOut(message ?? 'Your session has ended. Please sign in again.');
  });
  window.addEventListener('hashchange', () => {
    if (session) route();
  });
  void boot();
}

async function boot(): Promise<void> {
  replace(root, h('div', { class: 'boot' }, 'Loading…'));
  try {
    const setup = await api.get<SetupState>('/setup', { allow401: true });
    if (setup.required) {
      renderSetup(root, signedIn);
      return;
    }
  } catch (err) {
    showBootError(err);
    return;
  }
  try {
    signedIn(await api.get<Session>('/session', { allow401: true }));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) renderLogin(root, signedIn);
    else showBootError(err);
  }
}

function showBootError(err: unknown): void {
  replace(root, h('div', { class: 'auth-page' },
    h('div', { class: 'auth-card' },
      h('div', { class: 'brand brand-large' }, h('span', { class: 'brand-mark' }), 'Bulwark'),
      alertBox('error', ['The admin interface could not start: ', messageOf(err)], 'boot-error'),
      h('button', { class: 'btn btn-primary', type: 'button', onclick: () => void boot() }, 'Try again'))));
}

function signedIn(s: Session): void {
  session = s;
  setSession(s);
  if (!location.hash || location.hash === '#' || location.hash === '#/') history.replaceState(null, '', DEFAULT_ROUTE);
  renderLayout(s);
  route();
}

function signedOut(message?: string): void {
  leavePage();
  session = null;
  setSession(null);
  main = null;
  renderLogin(root, signedIn, message);
}

async function logout(): Promise<void> {
  try {
    await api.del('/session');
  } catch {
    /* signed out either way */
  }
  history.replaceState(null, '', DEFAULT_ROUTE);
  signedOut('You have signed out.');
}

function visibleNav(s: Session): NavEntry[] {
  return NAV.filter((e) => !e.roles || e.roles.includes(s.role));
}

function renderLayout(s: Session): void {
  navLinks = new Map();
  const link = (e: NavEntry) => {
    const a = h('a', { href: `#/${e.id}`, testid: `nav-${e.id}`, class: e.later ? 'nav-link nav-later' : 'nav-link' },
      h('span', { class: 'nav-label' }, e.label),
      e.later ? h('span', { class: 'nav-tag', title: 'coming in a later release' }, 'later') : null);
    navLinks.set(e.id, a);
    return a;
  };
  const entries = visibleNav(s).filter((e) => !e.hidden);
  const groups: [string, NavEntry[]][] = [
    ['Monitor', entries.filter((e) => e.group === 'monitor')],
    ['Protect', entries.filter((e) => e.group === 'protect')],
    ['Manage', entries.filter((e) => e.group === 'manage')],
    ['Coming later', entries.filter((e) => e.group === 'later')],
  ];
  const tokensLink = h('a', { href: '#/tokens', class: 'top-link', testid: 'nav-tokens' }, 'My account & API tokens');
  navLinks.set('tokens', tokensLink);
  main = h('main', { class: 'content', id: 'main', tabindex: '-1' });
  replace(root, h('div', { class: 'shell' },
    h('header', { class: 'topbar' },
      h('a', { class: 'brand', href: DEFAULT_ROUTE }, h('span', { class: 'brand-mark' }), 'Bulwark', h('span', { class: 'brand-sub' }, 'Admin')),
      h('div', { class: 'topbar-right' },
        h('span', { class: 'user-chip', testid: 'current-user', title: `Signed in as ${s.username} (${roleLabel(s.role)})` },
          h('span', { class: 'user-name' }, s.username),
          h('span', { class: `role role-${s.role}` }, roleLabel(s.role))),
        tokensLink,
        h('button', { class: 'btn btn-ghost', type: 'button', testid: 'logout', onclick: () => void logout() }, 'Sign out'))),
    h('nav', { class: 'sidebar', 'aria-label': 'Main' },
      groups.filter(([, list]) => list.length > 0).map(([title, list]) =>
        h('div', { class: 'nav-group' }, h('div', { class: 'nav-group-title' }, title), list.map(link)))),
    main));
}

function leavePage(): void {
  if (leaveCurrentPage) {
    const leave = leaveCurrentPage;
    leaveCurrentPage = null;
    leave();
  }
}

function route(): void {
  if (!session || !main) return;
  const s = session;
  const target = main;
  leavePage();

  // #/events/4711 → ['events', '4711']; #/events?source=203.0.113.7 → ['events'] and the query.
  const { path, query } = splitHash(location.hash);
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.length === 0) {
    location.hash = DEFAULT_ROUTE;
    return;
  }
  const entry = findRoute(parts[0] ?? '');
  const params = parts.slice(1).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });

  for (const [id, a] of navLinks) {
    if (entry && id === entry.id) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }

  let active = true;
  const cleanups: (() => void)[] = [];
  leaveCurrentPage = () => {
    active = false;
    for (const fn of cleanups) fn();
  };
  const ctx: PageContext = {
    session: s,
    params,
    query,
    onCleanup: (fn) => cleanups.push(fn),
    isActive: () => active,
  };

  target.replaceChildren();
  target.className = `content page-${entry ? entry.id : 'unknown'}`;
  if (!entry) {
    document.title = 'Not found · Bulwark';
    renderNotFound(target);
  } else if (entry.roles && !entry.roles.includes(s.role)) {
    document.title = `${entry.label} · Bulwark`;
    renderForbidden(target, entry.label);
  } else {
    document.title = `${entry.label} · Bulwark`;
    entry.render(target, ctx);
  }
  target.scrollTop = 0;
  window.scrollTo(0, 0);
}
