// Configuration: the list of components (#/config) and a form per component (#/config/<pid>),
// generated from the metatype the API returns.
import { api, ApiError, messageOf } from '../api';
import {
  changedValues, defaultText, fieldKind, fromInputText, isChecked, numberStep, rangeHint, splitErrors, toInputText,
} from '../config-model';
import { h, replace } from '../dom';
import type { ConfigDetail, ConfigProperty, ConfigSummary } from '../types';
import { alertBox, badge, busy, can, emptyState, fieldError, pageHeader, showFieldError, type PageContext, type PageRender } from '../ui';

export const renderConfig: PageRender = (root, ctx) => {
  const pid = ctx.params[0];
  if (pid) renderForm(root, ctx, pid);
  else renderList(root, ctx);
};

export function configHref(pid: string): string {
  return `#/config/${encodeURIComponent(pid)}`;
}

function renderList(root: HTMLElement, ctx: PageContext): void {
  const list = h('ul', { class: 'config-list', testid: 'config-list' }, h('li', { class: 'muted' }, 'Loading…'));
  root.append(pageHeader('Configuration', 'Settings of each part of the appliance. Changes apply at once, without a restart.'), list);

  void (async () => {
    try {
      const items = await api.get<ConfigSummary[]>('/config');
      if (!ctx.isActive()) return;
      items.sort((a, b) => (a.name || a.pid).localeCompare(b.name || b.pid) || a.pid.localeCompare(b.pid));
      replace(list, items.length
        ? items.map((c) => h('li', null,
          h('a', { class: 'config-item', href: configHref(c.pid), testid: `config-item-${c.pid}` },
            h('div', { class: 'config-item-head' },
              h('span', { class: 'config-name' }, c.name || c.pid),
              c.factoryPid ? badge(instanceName(c), 'info') : null),
            c.description ? h('div', { class: 'config-desc' }, c.description) : null,
            h('div', { class: 'config-pid mono' }, c.pid))))
        : h('li', null, emptyState('Nothing can be configured here.')));
    } catch (err) {
      if (ctx.isActive()) replace(list, h('li', null, alertBox('error', `Could not load the configuration list: ${messageOf(err)}`)));
    }
  })();
}

/** "outside" for the factory configuration io.bulwark.transport.listener~outside. */
function instanceName(c: ConfigSummary): string {
  const i = c.pid.indexOf('~');
  return i >= 0 ? c.pid.slice(i + 1) : c.pid;
}

interface FieldControl {
  prop: ConfigProperty;
  input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  error: HTMLElement;
  /** The value as the API wants it. */
  read(): string[];
}

function renderForm(root: HTMLElement, ctx: PageContext, pid: string): void {
  const editable = can(ctx.session, 'admin');
  const header = h('div');
  const status = h('div', { class: 'form-status' });
  const body = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  root.append(h('a', { class: 'back', href: '#/config' }, '← All components'), header, status, body);

  let controls: FieldControl[] = [];
  let current: ConfigDetail | null = null;

  void (async () => {
    try {
      const detail = await api.get<ConfigDetail>(`/config/${encodeURIComponent(pid)}`);
      if (ctx.isActive()) show(detail);
    } catch (err) {
      if (!ctx.isActive()) return;
      replace(header, pageHeader(pid));
      replace(body, alertBox('error', err instanceof ApiError && err.status === 404
        ? 'There is no component with this name.'
        : `Could not load the configuration: ${messageOf(err)}`));
    }
  })();

  function show(detail: ConfigDetail) {
    current = detail;
    replace(header, pageHeader(detail.name || detail.pid,
      [detail.description || '', detail.description ? ' ' : '', h('span', { class: 'mono muted' }, detail.pid)]));
    controls = detail.properties.map((p) => control(p, editable));

    const save = editable
      ? h('button', { class: 'btn btn-primary', type: 'submit', testid: 'config-save' }, 'Save changes')
      : null;
    const reset = editable
      ? h('button', { class: 'btn', type: 'button', testid: 'config-reset', onclick: () => current && show(current) }, 'Undo changes')
      : null;

    const form = h('form', { class: 'form config-form', novalidate: true, testid: 'config-form' },
      editable ? null : alertBox('info', 'You can look at these settings, but only an administrator can change them.', 'config-readonly'),
      controls.length ? controls.map(fieldRow) : emptyState('This component has no settings.'),
      editable ? h('div', { class: 'form-actions' }, save, reset) : null);

    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (!editable || !save || !current) return;
      void busy(save, () => submit(current as ConfigDetail));
    });
    replace(body, form);
  }

  async function submit(detail: ConfigDetail) {
    const values = new Map<string, string[]>();
    for (const c of controls) values.set(c.prop.id, c.read());
    const changed = changedValues(detail.properties, values);
    clearErrors();
    if (Object.keys(changed).length === 0) {
      replace(status, alertBox('info', 'Nothing was changed.', 'config-unchanged'));
      return;
    }
    try {
      const updated = await api.put<ConfigDetail>(`/config/${encodeURIComponent(pid)}`, { values: changed });
      if (!ctx.isActive()) return;
      show(updated && Array.isArray(updated.properties) ? updated : await api.get<ConfigDetail>(`/config/${encodeURIComponent(pid)}`));
      const n = Object.keys(changed).length;
      replace(status, alertBox('success', `Saved ${n} ${n === 1 ? 'change' : 'changes'}. The new values apply now.`, 'config-saved'));
    } catch (err) {
      if (!ctx.isActive()) return;
      showErrors(err);
    }
  }

  function clearErrors() {
    replace(status);
    for (const c of controls) showFieldError(c.error, null);
  }

  function showErrors(err: unknown) {
    const errors = err instanceof ApiError ? err.fieldErrors : [];
    const { byField, other } = splitErrors(errors, new Set(controls.map((c) => c.prop.id)));
    let first: FieldControl | undefined;
    for (const c of controls) {
      const msgs = byField.get(c.prop.id);
      if (msgs) {
        showFieldError(c.error, msgs);
        first ??= c;
      }
    }
    const names = new Map(controls.map((c) => [c.prop.id, c.prop.name || c.prop.id]));
    replace(status, alertBox('error', [
      h('strong', null, 'Nothing was saved. '),
      messageOf(err),
      errors.length ? h('ul', { class: 'error-list' },
        errors.map((e) => h('li', null, `${names.get(e.field) ?? e.field}: ${e.message}`))) : null,
    ], 'config-error'));
    if (other.length === 0 && first) first.input.focus();
  }
}

function control(p: ConfigProperty, editable: boolean): FieldControl {
  const id = `cfg-${p.id}`;
  const common = { id, name: p.id, testid: `config-field-${p.id}`, disabled: !editable, 'aria-describedby': `${id}-help` };
  const error = fieldError(`config-error-${p.id}`);
  const kind = fieldKind(p);
  switch (kind) {
    case 'checkbox': {
      const input = h('input', { ...common, type: 'checkbox', checked: isChecked(p) });
      return { prop: p, input, error, read: () => [input.checked ? 'true' : 'false'] };
    }
    case 'select': {
      const value = toInputText(p, p.value);
      const options = (p.options ?? []).map((o) => h('option', { value: o.value, selected: o.value === value }, o.label || o.value));
      const known = (p.options ?? []).some((o) => o.value === value);
      const input = h('select', common,
        !known ? h('option', { value, selected: true }, value === '' ? '(not set)' : value) : null,
        options);
      return { prop: p, input, error, read: () => fromInputText(p, input.value) };
    }
    case 'multi': {
      const input = h('textarea', { ...common, rows: Math.min(8, Math.max(3, (p.value?.length ?? 0) + 1)), spellcheck: 'false' });
      input.value = toInputText(p, p.value);
      return { prop: p, input, error, read: () => fromInputText(p, input.value) };
    }
    case 'number': {
      const input = h('input', {
        ...common, type: 'number', step: numberStep(p), min: p.min ?? undefined, max: p.max ?? undefined,
        value: toInputText(p, p.value), inputmode: numberStep(p) === '1' ? 'numeric' : 'decimal',
      });
      return { prop: p, input, error, read: () => fromInputText(p, input.value) };
    }
    case 'password': {
      const input = h('input', { ...common, type: 'password', autocomplete: 'new-password', placeholder: 'unchanged — type to set a new one' });
      return { prop: p, input, error, read: () => fromInputText(p, input.value) };
    }
    default: {
      const input = h('input', { ...common, type: 'text', value: toInputText(p, p.value), spellcheck: 'false', maxlength: kind === 'char' ? 1 : undefined });
      return { prop: p, input, error, read: () => fromInputText(p, input.value) };
    }
  }
}

function fieldRow(c: FieldControl): HTMLElement {
  const p = c.prop;
  const def = defaultText(p);
  const hint = rangeHint(p);
  const help = h('div', { class: 'help', id: `cfg-${p.id}-help` },
    p.description ? h('div', null, p.description) : null,
    h('div', { class: 'help-meta' },
      h('span', { class: 'mono' }, p.id),
      def ? h('span', null, `Default: ${def}`) : null,
      hint ? h('span', null, hint) : null));
  const label = h('label', { for: `cfg-${p.id}` }, p.name || p.id, p.required ? h('span', { class: 'req', title: 'required' }, ' *') : null);
  if (fieldKind(p) === 'checkbox') {
    return h('div', { class: 'field field-check' }, h('div', { class: 'check-row' }, c.input, label), help, c.error);
  }
  return h('div', { class: 'field' }, label, c.input, help, c.error);
}
