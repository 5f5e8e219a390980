import { h } from '../dom';
import { pageHeader, type PageRender } from '../ui';

export function laterPage(label: string, what: string): PageRender {
  return (root) => {
    root.append(
      pageHeader(label),
      h('div', { class: 'placeholder', testid: 'coming-later' },
        h('div', { class: 'placeholder-title' }, 'Coming in a later release'),
        h('p', null, what),
        h('p', { class: 'muted' }, 'This page is a preview of what the appliance will show here. Nothing needs to be set up yet.')));
  };
}

export function renderNotFound(root: HTMLElement): void {
  root.append(pageHeader('Page not found'),
    h('p', null, 'There is no page at this address. ', h('a', { href: '#/dashboard' }, 'Go to the dashboard'), '.'));
}

export function renderForbidden(root: HTMLElement, label: string): void {
  root.append(pageHeader(label),
    h('div', { class: 'alert alert-warn', testid: 'forbidden' }, 'Your role does not give access to this page. Ask an administrator if you need it.'));
}
