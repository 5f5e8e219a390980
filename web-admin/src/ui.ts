// Small building blocks shared by the pages.
import { h, type Child } from './dom';
import type { Role, Session } from './types';

export interface PageContext {
  session: Session;
  /** Route parameters after the page name, already URI-decoded: #/config/<pid> → [pid]. */
  params: string[];
  /** The query after the route, #/events?source=203.0.113.7 → source=203.0.113.7 (filters of a list). */
  query: URLSearchParams;
  /** Run `fn` when the user leaves the page (stop timers, etc.). */
  onCleanup(fn: () => void): void;
  /** False once the user has left the page. */
  isActive(): boolean;
}

export type PageRender = (root: HTMLElement, ctx: PageContext) => void;

export function can(session: Session, ...roles: Role[]): boolean {
  return roles.includes(session.role);
}

export function pageHeader(title: string, subtitle?: Child, ...actions: Child[]): HTMLElement {
  return h('div', { class: 'page-header' },
    h('div', null, h('h1', null, title), subtitle ? h('p', { class: 'subtitle' }, subtitle) : null),
    actions.length ? h('div', { class: 'page-actions' }, actions) : null);
}

export type Tone = 'ok' | 'warn' | 'bad' | 'neutral' | 'info';

export function badge(text: string, tone: Tone, testid?: string): HTMLElement {
  return h('span', { class: `badge badge-${tone}`, testid }, text);
}

/** A message box; `role=alert` for errors so screen readers announce it. */
export function alertBox(tone: 'error' | 'success' | 'info' | 'warn', message: Child, testid?: string): HTMLElement {
  return h('div', { class: `alert alert-${tone}`, role: tone === 'error' ? 'alert' : 'status', testid }, message);
}

export function emptyState(text: string, testid?: string): HTMLElement {
  return h('div', { class: 'empty', testid }, text);
}

export function card(title: Child, ...body: Child[]): HTMLElement {
  return h('section', { class: 'card' }, title ? h('h2', { class: 'card-title' }, title) : null, body);
}

/** A table with a fixed header; fill it with `setRows`. */
export function dataTable(testid: string, columns: (string | [string, string])[]): { el: HTMLElement; table: HTMLTableElement; body: HTMLTableSectionElement } {
  const body = h('tbody');
  const table = h('table', { class: 'data', testid },
    h('thead', null, h('tr', null, columns.map((c) => (Array.isArray(c) ? h('th', { class: c[1] }, c[0]) : h('th', null, c))))),
    body);
  return { el: h('div', { class: 'table-wrap' }, table), table, body };
}

/** A labelled form field with help text and a place for the error. */
export function formField(opts: {
  id: string;
  label: string;
  input: HTMLElement;
  help?: Child;
  error?: HTMLElement;
  required?: boolean;
}): HTMLElement {
  return h('div', { class: 'field' },
    h('label', { for: opts.id }, opts.label, opts.required ? h('span', { class: 'req', title: 'required' }, ' *') : null),
    opts.input,
    opts.help ? h('div', { class: 'help' }, opts.help) : null,
    opts.error ?? null);
}

/** An element that shows a field's error (hidden while empty). */
export function fieldError(testid: string): HTMLElement {
  return h('div', { class: 'field-error', testid, role: 'alert', hidden: true });
}

export function showFieldError(el: HTMLElement, messages: string[] | string | null): void {
  const text = Array.isArray(messages) ? messages.join('; ') : messages ?? '';
  el.textContent = text;
  el.hidden = text === '';
  const field = el.closest('.field');
  if (field) field.classList.toggle('has-error', text !== '');
}

/** Mark a button busy while `work` runs. */
export async function busy<T>(button: HTMLButtonElement, work: () => Promise<T>): Promise<T> {
  button.disabled = true;
  button.classList.add('busy');
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.classList.remove('busy');
  }
}

/**
 * Call `fn` now and then every `ms` after each call finishes, until the page is left. Skips
 * ticks while the browser tab is hidden. Returns a function that refreshes at once.
 */
export function poll(ctx: PageContext, ms: number, fn: () => Promise<void>): () => void {
  let timer: number | undefined;
  let running = false;
  let again = false;
  const schedule = () => {
    if (timer !== undefined) window.clearTimeout(timer);
    timer = ctx.isActive() ? window.setTimeout(() => void tick(false), ms) : undefined;
  };
  const tick = async (forced: boolean) => {
    if (!ctx.isActive()) return;
    if (running) {
      again = true;
      return;
    }
    if (document.hidden && !forced) {
      schedule();
      return;
    }
    running = true;
    try {
      await fn();
    } catch {
      /* fn shows its own errors */
    } finally {
      running = false;
    }
    if (again) {
      again = false;
      void tick(true);
    } else {
      schedule();
    }
  };
  ctx.onCleanup(() => {
    if (timer !== undefined) window.clearTimeout(timer);
  });
  void tick(true);
  return () => {
    if (timer !== undefined) window.clearTimeout(timer);
    void tick(true);
  };
}

/** A text cell that may be long (Call-IDs, JSON): monospace, wraps, full text as tooltip. */
export function mono(text: string | null | undefined, cls = 'mono'): HTMLElement {
  return h('span', { class: cls, title: text ?? '' }, text ?? '');
}

export function dash(text: string | null | undefined): string {
  return text === null || text === undefined || text === '' ? '—' : text;
}
