// Tiny DOM helpers: build elements from code, never from HTML strings (the CSP forbids inline
// styles and scripts, and building nodes keeps server data from ever being parsed as markup).

export type Child = Node | string | number | null | undefined | false | Child[];

type Handler = (ev: any) => void;
export interface Attrs {
  class?: string | undefined;
  /** Shortcut for data-testid. */
  testid?: string | undefined;
  [name: string]: string | number | boolean | null | undefined | Handler;
}

/** Properties set on the element object rather than as attributes. */
const PROPS = new Set(['value', 'checked', 'disabled', 'readOnly', 'required', 'hidden', 'selected', 'multiple', 'indeterminate']);

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  applyAttrs(el, attrs);
  append(el, children);
  return el;
}

function applyAttrs(el: Element, attrs: Attrs | null | undefined): void {
  if (!attrs) return;
  for (const [key, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (key === 'class') {
      if (v) el.setAttribute('class', String(v));
    } else if (key === 'testid') {
      el.setAttribute('data-testid', String(v));
    } else if (key.startsWith('on') && typeof v === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), v);
    } else if (PROPS.has(key)) {
      (el as unknown as Record<string, unknown>)[key] = v;
    } else if (v === true) {
      el.setAttribute(key, '');
    } else if (v !== false) {
      el.setAttribute(key, String(v));
    }
  }
}

export function append(parent: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(parent, c);
    else if (c instanceof Node) parent.appendChild(c);
    else parent.appendChild(document.createTextNode(String(c)));
  }
}

/** Replace all children of `el`. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg(tag: string, attrs?: Record<string, string | number | undefined> | null, ...children: Child[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}
