// Policies (#/policies): the toll-fraud rules (io.bulwark.inspection.toll) and the method and URI
// policy per zone (io.bulwark.inspection.policy), as forms a network engineer reads: destinations,
// office calendar, limits for office hours and off-hours side by side, responses, escalation; a
// matrix of methods and schemes per zone. Both go through GET/PUT /config/{pid}; every value is
// checked here first as the inspector will read it (the config API checks only types and bounds).
// Everyone sees the page; only an administrator can change it.
import { api, ApiError, messageOf } from '../api';
import { splitErrors } from '../config-model';
import { append, h, replace, type Child } from '../dom';
import {
  LIMIT_ROWS, POLICY_PIDS, RULE_CHOICES, SIP_METHODS, URI_SCHEMES, ZONE_CHOICES, changedValues, choicesOf, displayList, extraItems,
  fieldsOf, formWarnings, hasItem, initialValues, joinList, numberBounds, prefixChips, specOf, storedForm, validateForm,
  type Choice, type FieldSpec, type PolicyForm, type ValueKind,
} from '../policy-model';
import type { ConfigDetail, ConfigProperty } from '../types';
import { alertBox, busy, can, card, fieldError, pageHeader, showFieldError, type PageContext, type PageRender } from '../ui';

const NUMERIC_TYPES = new Set(['LONG', 'INTEGER', 'SHORT', 'BYTE', 'DOUBLE', 'FLOAT']);

export const renderPolicies: PageRender = (root, ctx) => {
  const editable = can(ctx.session, 'admin');
  const tollBox = h('div');
  const policyBox = h('div');
  append(root, [
    pageHeader('Policies', 'Which calls and requests the appliance lets through. Changes apply at once, without a restart.'),
    editable ? null : alertBox('info', 'You can look at these policies, but only an administrator can change them.', 'policy-readonly'),
    card('Toll fraud: calls the PBX places to the trunk',
      h('p', { class: 'muted' },
        'A hijacked extension or PBX account is used to call expensive numbers, usually at night. The appliance checks every outbound call: ',
        'the destination, calls per minute, calls at once and international calls per hour, per extension and for the whole trunk, ',
        'with lower limits outside office hours. Emergency numbers always pass.'),
      tollBox),
    card('Methods and addresses per zone',
      h('p', { class: 'muted' },
        'What requests from each side may ask for. A method not allowed is answered 405, a URI scheme not allowed 416, a request to a domain not listed 404; ',
        'each is reported as a sip.policy event (never a ban).'),
      policyBox),
  ]);
  mountForm(tollBox, ctx, 'toll', editable, buildToll);
  mountForm(policyBox, ctx, 'policy', editable, buildPolicy);
};

// ---------------------------------------------------------------- the inputs of one form

interface Control {
  key: string;
  /** The value as the configuration stores it. */
  read(): string;
  error: HTMLElement;
  focus(): void;
}

/** Builds the inputs of one form. A key the appliance does not have gets no input (and is never sent). */
class Kit {
  readonly controls = new Map<string, Control>();
  readonly warnings = new Map<string, HTMLElement>();

  constructor(
    readonly form: PolicyForm,
    readonly props: Map<string, ConfigProperty>,
    readonly values: Record<string, string>,
    readonly editable: boolean,
    /** `committed`: a change event (leaving the field, a click), not a keystroke. */
    readonly onEdit: (key: string, committed: boolean) => void,
  ) {}

  has(key: string): boolean {
    return this.props.has(key);
  }

  id(key: string): string {
    return `pol-${this.form}-${key}`;
  }

  testid(key: string, item?: string): string {
    return `policy-${this.form}-${key}${item === undefined ? '' : `-${item}`}`;
  }

  private spec(key: string): FieldSpec {
    return specOf(this.form, key) ?? { key, kind: 'text' };
  }

  private listen(el: HTMLElement, key: string): void {
    el.addEventListener('input', () => this.onEdit(key, false));
    el.addEventListener('change', () => this.onEdit(key, true));
  }

  private register(key: string, read: () => string, focusEl: HTMLElement): HTMLElement {
    const error = fieldError(`policy-error-${this.form}-${key}`);
    this.controls.set(key, { key, read, error, focus: () => focusEl.focus() });
    return error;
  }

  /** The key and the default under a field. */
  private meta(key: string): HTMLElement {
    const p = this.props.get(key);
    const d = p?.defaultValue?.[0] ?? '';
    const spec = this.spec(key);
    let def = d;
    if (spec.kind === 'bool') def = d === 'true' ? 'on' : 'off';
    else if (spec.kind === 'select') def = choicesOf(spec, p).find((c) => c.value === d)?.label ?? d;
    else if (d.includes(',')) def = displayList(d);
    return h('div', { class: 'help-meta' }, h('span', { class: 'mono' }, key), h('span', null, d === '' ? 'Default: empty' : `Default: ${def}`));
  }

  private field(key: string, label: string, input: HTMLElement, help: Child, error: HTMLElement, extra?: Child): HTMLElement {
    const warning = h('div', { class: 'field-warn', testid: `policy-warning-${this.form}-${key}`, hidden: true });
    this.warnings.set(key, warning);
    return h('div', { class: 'field' },
      h('label', { for: this.id(key) }, label),
      input,
      extra ?? null,
      h('div', { class: 'help' }, help ? h('div', null, help) : null, this.meta(key)),
      error,
      warning);
  }

  private common(key: string, label: string): Record<string, string | boolean> {
    return { id: this.id(key), name: key, testid: this.testid(key), disabled: !this.editable, spellcheck: 'false', 'aria-label': label };
  }

  /** A one-line text; lists are shown "a, b, c" and stored "a,b,c". */
  text(key: string, label: string, help: Child, opts: { placeholder?: string; list?: string; narrow?: boolean } = {}): HTMLElement | null {
    if (!this.has(key)) return null;
    const kind = this.spec(key).kind;
    const input = h('input', {
      ...this.common(key, label), type: 'text', autocomplete: 'off', placeholder: opts.placeholder, list: opts.list,
      class: opts.narrow ? 'input-narrow' : undefined,
    });
    input.value = listKind(kind) ? displayList(this.values[key] ?? '') : this.values[key] ?? '';
    this.listen(input, key);
    const error = this.register(key, () => storedForm(kind, input.value), input);
    return this.field(key, label, input, help, error);
  }

  /** A list in a text area (commas or lines), with chips of its items for prefix lists. */
  list(key: string, label: string, help: Child, opts: { placeholder?: string; chips?: boolean } = {}): HTMLElement | null {
    if (!this.has(key)) return null;
    const kind = this.spec(key).kind;
    const input = h('textarea', { ...this.common(key, label), rows: 2, placeholder: opts.placeholder });
    input.value = displayList(this.values[key] ?? '');
    this.listen(input, key);
    const error = this.register(key, () => storedForm(kind, input.value), input);
    let chips: HTMLElement | null = null;
    if (opts.chips) {
      const box = h('div', { class: 'chips', testid: `${this.testid(key)}-chips` });
      const draw = () => {
        const items = prefixChips(input.value);
        replace(box, items.length
          ? items.map((c) => h('span', { class: c.ok ? 'chip' : 'chip chip-bad', title: c.note || undefined }, c.text))
          : h('span', { class: 'muted small' }, 'none'));
      };
      input.addEventListener('input', draw);
      draw();
      chips = box;
    }
    return this.field(key, label, input, help, error, chips);
  }

  /** A number input with the metatype's bounds; `bare` leaves out label and help (table cells). */
  number(key: string, label: string, help: Child, bare = false): HTMLElement | null {
    if (!this.has(key)) return null;
    const { min, max } = numberBounds(this.spec(key), this.props.get(key));
    const input = h('input', {
      ...this.common(key, label), type: 'number', step: 1, inputmode: 'numeric',
      min: min ?? undefined, max: max ?? undefined, class: 'input-number',
    });
    input.value = this.values[key] ?? '';
    this.listen(input, key);
    const error = this.register(key, () => input.value.trim(), input);
    if (bare) {
      return h('div', { class: 'field field-cell' }, input,
        h('div', { class: 'help-meta' }, h('span', { class: 'mono' }, key), min !== null && max !== null ? h('span', null, `${min} to ${max}`) : null),
        error);
    }
    return this.field(key, label, input, [help, min !== null && max !== null ? ` (${min} to ${max})` : ''], error);
  }

  /** A choice among the metatype's options. */
  select(key: string, label: string, help: Child): HTMLElement | null {
    if (!this.has(key)) return null;
    const value = this.values[key] ?? '';
    const choices = choicesOf(this.spec(key), this.props.get(key));
    const known = choices.some((c) => c.value === value);
    const input = h('select', this.common(key, label),
      known ? null : h('option', { value, selected: true }, value === '' ? '(not set)' : value),
      choices.map((c) => h('option', { value: c.value, selected: c.value === value }, c.label)));
    this.listen(input, key);
    const error = this.register(key, () => input.value, input);
    return this.field(key, label, input, help, error);
  }

  /** On / off. */
  toggle(key: string, label: string, help: Child): HTMLElement | null {
    if (!this.has(key)) return null;
    const input = h('input', { ...this.common(key, label), type: 'checkbox', checked: (this.values[key] ?? '').trim().toLowerCase() === 'true' });
    this.listen(input, key);
    const error = this.register(key, () => (input.checked ? 'true' : 'false'), input);
    return h('div', { class: 'field field-check' },
      h('div', { class: 'check-row' }, input, h('label', { for: this.id(key) }, label)),
      h('div', { class: 'help' }, help ? h('div', null, help) : null, this.meta(key)),
      error);
  }

  /** Checkboxes for a list of fixed choices (plus any other item the configuration has). */
  checks(key: string, label: string, help: Child, choices: readonly Choice[]): HTMLElement | null {
    if (!this.has(key)) return null;
    const kind = this.spec(key).kind;
    const value = this.values[key] ?? '';
    const all: Choice[] = [...choices, ...extraItems(kind, value, choices.map((c) => c.value)).map((x) => ({ value: x, label: `${x} (not offered here)` }))];
    const boxes = all.map((c) => {
      const input = h('input', {
        type: 'checkbox', id: `${this.id(key)}-${c.value}`, testid: this.testid(key, c.value), 'data-item': c.value,
        checked: hasItem(kind, value, c.value), disabled: !this.editable,
      });
      this.listen(input, key);
      return { c, input };
    });
    const first = boxes[0]?.input ?? h('input');
    const error = this.register(key, () => joinList(boxes.filter((b) => b.input.checked).map((b) => b.c.value)), first);
    return h('fieldset', { class: 'field check-group', testid: this.testid(key), 'data-key': key },
      h('legend', null, label),
      h('div', { class: 'check-list' }, boxes.map((b) =>
        h('label', { class: 'inline-check', for: b.input.id }, b.input, b.c.label))),
      h('div', { class: 'help' }, help ? h('div', null, help) : null, this.meta(key)),
      error);
  }

  /**
   * A table of checkboxes: one row per item, one column per key (e.g. the methods of the outside
   * and the inside zone), the errors under each column.
   */
  matrix(caption: string, kind: ValueKind, items: readonly Choice[], columns: { key: string; label: string }[]): HTMLElement | null {
    const cols = columns.filter((c) => this.has(c.key));
    if (cols.length === 0) return null;
    const order = items.map((i) => i.value);
    const extras: string[] = [];
    for (const c of cols) {
      for (const x of extraItems(kind, this.values[c.key] ?? '', order)) if (!extras.includes(x)) extras.push(x);
    }
    const rows: Choice[] = [...items, ...extras.map((x) => ({ value: x, label: 'not offered here; from the configuration' }))];
    const boxes = new Map<string, HTMLInputElement[]>();
    const errors = cols.map((c) => {
      const list = rows.map((r) => {
        const input = h('input', {
          type: 'checkbox', id: `${this.id(c.key)}-${r.value}`, testid: this.testid(c.key, r.value), 'data-item': r.value,
          checked: hasItem(kind, this.values[c.key] ?? '', r.value), disabled: !this.editable, 'aria-label': `${r.value}, ${c.label}`,
        });
        this.listen(input, c.key);
        return input;
      });
      boxes.set(c.key, list);
      return this.register(c.key, () => joinList(rows.filter((_, i) => list[i]?.checked).map((r) => r.value)), list[0] ?? h('input'));
    });
    return h('div', { class: 'table-wrap matrix-wrap' },
      h('table', { class: 'data matrix', testid: `policy-${this.form}-${kind}-matrix` },
        h('caption', null, caption),
        h('thead', null, h('tr', null,
          h('th', null, kind === 'methods' ? 'Method' : 'Scheme'),
          h('th', null, 'What it is for'),
          cols.map((c) => h('th', { class: 'col-check' }, c.label, h('div', { class: 'mono small muted' }, c.key))))),
        h('tbody', null, rows.map((r, i) => h('tr', null,
          h('td', { class: 'mono' }, r.value),
          h('td', { class: 'muted' }, r.label),
          cols.map((c) => h('td', { class: 'col-check' }, boxes.get(c.key)?.[i] ?? null))))),
        h('tfoot', null, h('tr', null,
          h('td', { colspan: 2 }),
          cols.map((c, i) => {
            const warning = h('div', { class: 'field-warn', testid: `policy-warning-${this.form}-${c.key}`, hidden: true });
            this.warnings.set(c.key, warning);
            return h('td', { class: 'col-check' }, errors[i] ?? null, warning);
          })))));
  }

  /** Inputs for settings this page does not know (a newer appliance): by their metatype. */
  others(): HTMLElement[] {
    const known = new Set(fieldsOf(this.form).map((f) => f.key));
    const out: HTMLElement[] = [];
    for (const p of this.props.values()) {
      if (known.has(p.id) || p.type === 'PASSWORD' || (p.cardinality ?? 0) !== 0) continue;
      const label = p.name || p.id;
      const el = p.type === 'BOOLEAN' ? this.toggle(p.id, label, p.description ?? '')
        : p.options && p.options.length ? this.select(p.id, label, p.description ?? '')
          : NUMERIC_TYPES.has(p.type) ? this.number(p.id, label, p.description ?? '')
            : this.text(p.id, label, p.description ?? '');
      if (el) out.push(el);
    }
    return out;
  }
}

function listKind(kind: ValueKind): boolean {
  return ['days', 'hours', 'dates', 'prefixes', 'numbers', 'domains'].includes(kind);
}

function section(title: string, intro: Child, ...body: Child[]): HTMLElement | null {
  const content = body.flat(Infinity as 1).filter((c) => c !== null && c !== undefined && c !== false);
  if (content.length === 0) return null;
  return h('section', { class: 'policy-section' }, h('h3', null, title), intro ? h('p', { class: 'muted small' }, intro) : null, content);
}

// ---------------------------------------------------------------- load, check, save

function mountForm(box: HTMLElement, ctx: PageContext, form: PolicyForm, editable: boolean, build: (kit: Kit) => Child[]): void {
  const pid = POLICY_PIDS[form];
  const body = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  const status = h('div', { class: 'form-status' });
  const save = h('button', { class: 'btn btn-primary', type: 'submit', testid: `policy-save-${form}` }, 'Save changes');
  const reset = h('button', { class: 'btn', type: 'button', testid: `policy-reset-${form}` }, 'Undo changes');
  const actions = h('div', { class: 'form-actions', hidden: true }, save, reset);
  const formEl = h('form', { class: 'policy-form', novalidate: true, testid: `policy-form-${form}`, 'data-pid': pid }, body, status, editable ? actions : null);
  box.append(formEl);

  let detail: ConfigDetail | null = null;
  let kit: Kit | null = null;
  let touched = new Set<string>();

  const load = async () => {
    try {
      const d = await api.get<ConfigDetail>(`/config/${encodeURIComponent(pid)}`);
      if (ctx.isActive()) show(d);
    } catch (err) {
      if (!ctx.isActive()) return;
      const retry = h('button', { class: 'btn btn-small', type: 'button', onclick: () => void load() }, 'Try again');
      replace(body, alertBox(err instanceof ApiError && err.status === 404 ? 'warn' : 'error', [
        err instanceof ApiError && err.status === 404
          ? `This appliance has no ${pid} component (the SIP inspection bundle is not installed or not running).`
          : `Could not load ${pid}: ${messageOf(err)}`,
        h('div', { class: 'alert-actions' }, retry),
      ], `policy-load-error-${form}`));
    }
  };

  function show(d: ConfigDetail) {
    detail = d;
    touched = new Set();
    kit = new Kit(form, new Map(d.properties.map((p) => [p.id, p])), initialValues(d.properties), editable, edited);
    const others = kit.others();
    replace(body, build(kit), section('Other settings', 'Settings of this version of the appliance that this page does not describe.', others));
    actions.hidden = false;
    check(false);
  }

  function current(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const c of kit?.controls.values() ?? []) out[c.key] = c.read();
    return out;
  }

  function edited(key: string, committed: boolean) {
    if (committed) touched.add(key);
    check(false);
  }

  /** Show the problems of the fields changed so far (all of them when saving), and the advice. */
  function check(all: boolean): Record<string, string> {
    if (!kit || !detail) return {};
    const values = current();
    const errors = validateForm(form, values, detail.properties);
    for (const c of kit.controls.values()) {
      const showing = !c.error.hidden;
      if (all || touched.has(c.key) || showing) showFieldError(c.error, errors[c.key] ?? null);
    }
    const warnings = formWarnings(form, values);
    for (const [key, el] of kit.warnings) {
      el.textContent = warnings[key] ?? '';
      el.hidden = !warnings[key];
    }
    return errors;
  }

  const names = () => new Map((detail?.properties ?? []).map((p) => [p.id, p.name || p.id]));

  async function submit() {
    if (!kit || !detail) return;
    replace(status);
    const errors = check(true);
    // In the order of the page.
    const bad = [...kit.controls.keys()].filter((k) => errors[k]);
    if (bad.length > 0) {
      const n = names();
      replace(status, alertBox('error', [
        h('strong', null, 'Nothing was saved. '),
        `${bad.length === 1 ? '1 value needs' : `${bad.length} values need`} attention:`,
        h('ul', { class: 'error-list' }, bad.map((k) => h('li', null, `${n.get(k) ?? k}: ${errors[k]}`))),
      ], `policy-error-summary-${form}`));
      kit.controls.get(bad[0] ?? '')?.focus();
      return;
    }
    const changed = changedValues(form, kit.values, current());
    const count = Object.keys(changed).length;
    if (count === 0) {
      replace(status, alertBox('info', 'Nothing was changed.', `policy-unchanged-${form}`));
      return;
    }
    try {
      const updated = await api.put<ConfigDetail>(`/config/${encodeURIComponent(pid)}`, { values: changed });
      if (!ctx.isActive()) return;
      show(updated && Array.isArray(updated.properties) ? updated : await api.get<ConfigDetail>(`/config/${encodeURIComponent(pid)}`));
      replace(status, alertBox('success', `Saved ${count} ${count === 1 ? 'change' : 'changes'}. The inspector applies ${count === 1 ? 'it' : 'them'} now.`, `policy-saved-${form}`));
    } catch (err) {
      if (!ctx.isActive()) return;
      const fieldErrors = err instanceof ApiError ? err.fieldErrors : [];
      const { byField } = splitErrors(fieldErrors, new Set(kit.controls.keys()));
      for (const c of kit.controls.values()) showFieldError(c.error, byField.get(c.key) ?? null);
      const n = names();
      replace(status, alertBox('error', [
        h('strong', null, 'Nothing was saved. '),
        messageOf(err),
        fieldErrors.length ? h('ul', { class: 'error-list' }, fieldErrors.map((e) => h('li', null, `${n.get(e.field) ?? e.field}: ${e.message}`))) : null,
      ], `policy-error-summary-${form}`));
      const first = fieldErrors.map((e) => kit?.controls.get(e.field)).find((c) => c);
      first?.focus();
    }
  }

  formEl.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (editable) void busy(save, submit);
  });
  reset.addEventListener('click', () => {
    if (detail) show(detail);
    replace(status);
  });
  void load();
}

// ---------------------------------------------------------------- the toll-fraud form

function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf ? ['UTC', ...intl.supportedValuesOf('timeZone')] : ['UTC'];
  } catch {
    return ['UTC'];
  }
}

function buildToll(k: Kit): Child[] {
  const responseHelp = h('ul', { class: 'help-list' },
    h('li', null, h('strong', null, 'Alert'), ': the call goes on; an event is raised.'),
    h('li', null, h('strong', null, 'National calls only'), ': for the restriction time, the extension (or the trunk, for a trunk limit) may place national calls only; this call is refused with 403 if it is international.'),
    h('li', null, h('strong', null, 'Reject (403)'), ': this call is refused.'),
    h('li', null, h('strong', null, 'Suspend'), ': every call of the extension (or the trunk) is refused with 403 for the suspension time. Emergency numbers still pass.'));

  const limitRows = LIMIT_ROWS.filter((r) => k.has(r.office) || k.has(r.offHours));
  const limits = limitRows.length ? h('div', { class: 'table-wrap' },
    h('table', { class: 'data limits', testid: 'policy-toll-limits' },
      h('thead', null, h('tr', null, h('th', null, 'Limit'), h('th', null, 'Office hours'), h('th', null, 'Off-hours (nights, weekends, holidays)'))),
      h('tbody', null, limitRows.map((r) => h('tr', null,
        h('td', null, h('div', null, r.label), h('div', { class: 'muted small' }, r.help)),
        h('td', null, k.number(r.office, `${r.label}, office hours`, '', true) ?? '—'),
        h('td', null, k.number(r.offHours, `${r.label}, off-hours`, '', true) ?? '—')))))) : null;

  return [
    section('Protection', null,
      k.toggle('enabled', 'Police outbound calls', 'Off: no toll-fraud checks at all.'),
      k.checks('zones', 'Outbound calls come from', 'The side of the PBX: its INVITEs are the calls to police. Usually Inside.', ZONE_CHOICES)),
    section('Destinations',
      'Numbers are compared in their E.164 form: country code first, no + (0301234567 dialed in Germany is 49301234567). Prefixes are digits; a leading + and the separators - . ( ) and spaces are ignored.',
      k.list('denied.prefixes', 'Denied prefixes', 'Destinations that may not be dialed: premium-rate and high-risk ranges. Point at a prefix for what it is.', { chips: true, placeholder: 'e.g. 870, 881, 882' }),
      k.list('allowed.prefixes', 'Allowed prefixes', 'Empty: whatever is not denied. Otherwise only numbers matching one may be dialed; the longest matching prefix of both lists decides (allow 49, 43 with 49900 denied: Germany and Austria, but not German premium numbers). A prefix may not be in both lists.', { chips: true, placeholder: 'empty: every destination that is not denied' }),
      k.text('emergency.numbers', 'Emergency numbers', 'Numbers, as dialed (digits only), that always pass uncounted, whatever the limits, suspensions and prefixes.', { placeholder: 'e.g. 110, 112, 911' }),
      h('div', { class: 'form-row' },
        k.text('country.code', 'Country code', 'Of the country the PBX is in: 49 Germany, 1 North America.', { narrow: true }),
        k.text('national.prefix', 'National prefix', '0 in most of Europe, 1 in North America; may be empty.', { narrow: true }),
        k.text('international.prefix', 'International prefix', '00 in most of the world, 011 in North America. + always counts as one.', { narrow: true }))),
    section('Office calendar', 'Outside office hours (nights, weekends, holidays) the off-hours limits apply: that is when nobody notices a hijacked extension.',
      k.text('time.zone', 'Time zone', 'An IANA id such as Europe/Berlin or America/New_York, or UTC.', { list: 'pol-time-zones', placeholder: 'e.g. Europe/Berlin' }),
      h('datalist', { id: 'pol-time-zones' }, timeZones().map((z) => h('option', { value: z }))),
      k.text('office.days', 'Office days', 'Days and ranges in English: MON-FRI, or MON,TUE,THU (FRI-MON wraps). Empty: every day is off-hours.', { placeholder: 'e.g. MON-FRI' }),
      k.text('office.hours', 'Office hours', 'HH:MM-HH:MM ranges within a day, e.g. 08:00-12:00, 13:00-18:00 (the end may be 24:00). Any other time is off-hours.', { placeholder: 'e.g. 08:00-18:00' }),
      k.text('holidays', 'Holidays', 'Dates that are off-hours all day: YYYY-MM-DD once, MM-DD every year (e.g. 01-01, 12-25, 2026-04-06).', { placeholder: 'e.g. 01-01, 12-25, 12-26' })),
    section('Limits', 'Per extension, and for all extensions together (the trunk). 0 allows none. The call beyond a limit fires its rule; the longest-call limit ends a call by sending BYE to both sides.',
      limits),
    section('Responses', responseHelp,
      h('div', { class: 'form-inline-grid' },
        k.select('response.destination', 'Denied destination', 'A denied (or not allowed) prefix.'),
        k.select('response.rate', 'Too many calls per minute', ''),
        k.select('response.concurrent', 'Too many calls at once', ''),
        k.select('response.international', 'Too many international calls', 'Per hour.'))),
    section('Escalation and timers', 'Repeat offences of one extension turn into a suspension. Trunk limits never escalate.',
      k.checks('escalate.rules', 'Rules that escalate', 'Empty: never escalate.', RULE_CHOICES),
      h('div', { class: 'form-inline-grid' },
        k.number('escalate.offences', 'Suspend from offence number', 'Within the escalation window'),
        k.number('escalate.minutes', 'Escalation window (minutes)', ''),
        k.number('restrict.minutes', 'National-only restriction (minutes)', ''),
        k.number('suspend.minutes', 'Suspension (minutes)', ''),
        k.number('setup.seconds', 'Unanswered call counts (seconds)', 'How long a call without a final answer counts as active'))),
  ];
}

// ---------------------------------------------------------------- the method and URI policy form

function buildPolicy(k: Kit): Child[] {
  const zones = [{ key: 'outside', label: 'Outside (trunk)' }, { key: 'inside', label: 'Inside (PBX)' }];
  return [
    section('Protection', null, k.toggle('enabled', 'Enforce the policy', 'Off: every method, scheme and domain passes.')),
    section('Methods', 'Methods are case-sensitive and matched exactly. A zone that allows INVITE must allow ACK; leave CANCEL in, or callers cannot hang up before the answer.',
      k.matrix('Allowed SIP methods per zone', 'methods', SIP_METHODS, zones.map((z) => ({ key: `${z.key}.methods`, label: z.label })))),
    section('URI schemes', 'The schemes a Request-URI may have (the appliance understands only sip, sips and tel; these narrow it).',
      k.matrix('Allowed Request-URI schemes per zone', 'schemes', URI_SCHEMES, zones.map((z) => ({ key: `${z.key}.schemes`, label: z.label })))),
    section('Domains', 'Which hosts a request outside a dialog may address: host names (any case), IP addresses and networks. Empty allows any. Requests inside a dialog and tel URIs skip this list.',
      h('div', { class: 'form-row' }, zones.map((z) =>
        k.text(`${z.key}.domains`, `${z.label}: domains`, z.key === 'outside'
          ? 'List the names and addresses the trunk sends to, e.g. pbx.example.com, 192.0.2.10.'
          : 'e.g. pbx.example.com, 192.0.2.0/24, 2001:db8::/32.', { placeholder: 'empty: any' })))),
  ];
}
