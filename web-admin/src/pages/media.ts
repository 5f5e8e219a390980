// Media (#/media): the media lines the relay anchors (GET /media/sessions, every 3 s), both legs of
// each side by side with their encryption, addresses and packet figures; and the encryption settings
// of the relay (io.bulwark.media through GET/PUT /config/{pid}): per zone its encryption policy and
// the key exchange offered (choices and their explanations from the metatype), and SRTP pass-through.
// Everyone sees the page; only an administrator can change the settings.
import { api, ApiError, mediaApi, messageOf } from '../api';
import { splitErrors } from '../config-model';
import { h, replace } from '../dom';
import { between, count, dateTime } from '../format';
import {
  MEDIA_KEYS, MEDIA_PID, MEDIA_REFRESH_MS, PASSTHROUGH_KEY, SIP_PROXY_PID, ZONES, ZONE_SETTING_TITLES, activityText,
  changeSummary, changedPolicies, choiceTitle, droppedTone, isOn, lineText, mediaRows, policyChoices, sessionsProblem, settingValue,
  settingWarning, summaryText, valueText, zoneOfKey, zoneSettingOf, type LegRow, type MediaRow, type Zone,
} from '../media-model';
import type { ConfigDetail, ConfigProperty } from '../types';
import { alertBox, busy, can, card, dataTable, fieldError, pageHeader, poll, showFieldError, type PageContext, type PageRender } from '../ui';
import { configHref } from './config';
import { zoneLabel } from './dashboard';

export const renderMedia: PageRender = (root, ctx) => {
  const updated = h('span', { class: 'muted small', testid: 'media-updated' });
  const summary = h('span', { class: 'muted', testid: 'media-count' });
  const status = h('div');
  const loading = h('p', { class: 'muted' }, 'Loading…');
  const table = dataTable('media-table', ['Media line', ...ZONES.map((z) => zoneLabel(z)), 'Activity']);
  table.el.classList.add('media-table-wrap');
  table.el.hidden = true;
  const empty = h('div', { class: 'empty media-empty', testid: 'media-empty', hidden: true },
    h('div', { class: 'empty-title' }, 'No media is anchored'),
    h('p', null,
      'Media lines show here, one row per stream of a call, while the appliance relays them. The SIP proxy hands calls to the media relay only when ',
      h('code', null, 'media.anchoring'), ' is switched on in its configuration (',
      h('a', { href: configHref(SIP_PROXY_PID), testid: 'media-anchoring-link' }, SIP_PROXY_PID), ').'));
  const legend = h('p', { class: 'muted small media-legend', hidden: true },
    'In: packets the party sent (authenticated, for SRTP); out: packets sent to it. Lost: packets of the party’s stream that never arrived, ',
    'and their share of those expected. Foreign: packets from other addresses, dropped (an injection attempt, or a party whose address changed). ',
    'SRTP failures: packets that failed authentication or the replay check, dropped.');
  const policyBox = h('div');

  root.append(
    pageHeader('Media', 'The voice and video streams the appliance relays for calls: each side’s encryption, addresses and packets. Updates every 3 seconds.', updated),
    status,
    h('div', { class: 'toolbar' }, summary),
    loading,
    table.el,
    empty,
    legend,
    card('Encryption policy per zone',
      h('p', { class: 'muted' },
        'What the media relay asks of the media on each side, how it keys the SRTP it offers there, and whether SDES SRTP may pass end to end. A change applies to the next call offers; media lines already open keep their encryption.'),
      policyBox));

  const rows = new Map<string, RowView>();

  poll(ctx, MEDIA_REFRESH_MS, async () => {
    try {
      const list = mediaRows(await mediaApi.sessions());
      if (!ctx.isActive()) return;
      const now = Date.now();
      replace(status);
      loading.hidden = true;
      syncRows(table.body, rows, list, now);
      table.el.hidden = list.length === 0;
      legend.hidden = list.length === 0;
      empty.hidden = list.length > 0;
      const clear = list.some((r) => r.clearZones.length > 0);
      summary.textContent = summaryText(list);
      summary.className = clear ? 'text-bad media-count' : 'muted media-count';
      updated.textContent = `Updated ${dateTime(new Date(now).toISOString()).slice(11)}`;
    } catch (err) {
      if (!ctx.isActive()) return;
      const code = err instanceof ApiError ? err.status : 0;
      const problem = sessionsProblem(code, messageOf(err));
      replace(status, alertBox(problem.tone, problem.text, 'media-error'));
      loading.hidden = true;
      if (code === 503 || rows.size === 0) {
        // Without the relay there are no sessions: show none rather than the last ones.
        syncRows(table.body, rows, [], Date.now());
        table.el.hidden = true;
        legend.hidden = true;
        empty.hidden = true;
        summary.textContent = '';
      }
      // Other failures (a dropped connection) keep the last rows; "Updated" says how old they are.
    }
  });

  mountPolicy(policyBox, ctx, can(ctx.session, 'admin'));
};

// ---------------------------------------------------------------- the table

interface RowView {
  tr: HTMLTableRowElement;
  update(row: MediaRow, now: number): void;
}

/**
 * Bring the table body in line with `list` (keyed by id, in its order), updating the rows that stay
 * in place: no flicker, and a text selection survives the refresh.
 */
function syncRows(body: HTMLTableSectionElement, rows: Map<string, RowView>, list: MediaRow[], now: number): void {
  const keep = new Set<string>();
  let ref: ChildNode | null = body.firstChild;
  for (const item of list) {
    keep.add(item.id);
    let view = rows.get(item.id);
    if (!view) {
      view = rowView(item.id);
      rows.set(item.id, view);
    }
    view.update(item, now);
    if (view.tr === ref) ref = ref.nextSibling;
    else body.insertBefore(view.tr, ref);
  }
  for (const [id, view] of rows) {
    if (!keep.has(id)) {
      view.tr.remove();
      rows.delete(id);
    }
  }
}

/** Set a text only when it changed (keeps selections and avoids needless layout). */
function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

function setAttr(el: HTMLElement, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

function rowView(id: string): RowView {
  const callId = h('span', { class: 'mono clip', testid: 'media-call-id' });
  const line = h('div', { class: 'small', testid: 'media-line' });
  const opened = h('div', { class: 'muted small nowrap', testid: 'media-opened' });
  const activity = h('div', { class: 'nowrap', testid: 'media-activity' });
  const legs = Object.fromEntries(ZONES.map((z) => [z, legView(z)])) as Record<Zone, LegView>;
  const tr = h('tr', { testid: 'media-row', 'data-id': id },
    h('td', { class: 'media-line-cell' }, callId, line, opened),
    ZONES.map((z) => legs[z].td),
    h('td', null, activity));
  return {
    tr,
    update(row, now) {
      setText(callId, row.callId);
      setAttr(callId, 'title', `Call-ID ${row.callId} (media line ${row.id})`);
      setText(line, lineText(row.offer, row.line));
      setText(opened, `opened ${dateTime(row.createdAt).slice(11)}, ${between(row.createdAt, null, now)} ago`);
      setText(activity, activityText(row, now));
      setAttr(activity, 'title', row.lastActivity ? `Last packet at ${dateTime(row.lastActivity)}` : '');
      setAttr(tr, 'data-clear', row.clearZones.join(' '));
      for (const z of ZONES) legs[z].update(row[z]);
    },
  };
}

interface LegView {
  td: HTMLTableCellElement;
  update(leg: LegRow): void;
}

function legView(zone: Zone): LegView {
  const badgeEl = h('span', { class: 'badge', testid: 'media-encryption' });
  const suite = h('span', { class: 'mono small media-suite', testid: 'media-suite' });
  const local = h('span', { class: 'mono', testid: 'media-local' });
  const peer = h('span', { class: 'mono', testid: 'media-peer' });
  const counter = (testid: string) => h('dd', { testid });
  const inEl = counter('media-packets-in');
  const outEl = counter('media-packets-out');
  const lostEl = counter('media-lost');
  const foreignEl = counter('media-foreign');
  const srtpEl = counter('media-srtp-failures');
  const item = (label: string, title: string, dd: HTMLElement) => h('div', { title }, h('dt', null, label), dd);
  const td = h('td', { class: 'media-leg', testid: `media-leg-${zone}`, 'data-zone': zone },
    h('div', { class: 'media-enc' }, badgeEl, suite),
    h('div', { class: 'media-addr' }, h('span', { class: 'media-addr-label' }, 'appliance'), local),
    h('div', { class: 'media-addr' }, h('span', { class: 'media-addr-label' }, 'party'), peer),
    h('dl', { class: 'media-counters' },
      item('In', 'Packets the party sent (authenticated, for SRTP)', inEl),
      item('Out', 'Packets sent to the party', outEl),
      item('Lost', 'Packets of the party’s stream that never arrived, and their share of those expected', lostEl),
      item('Foreign', 'Packets from other addresses, dropped', foreignEl),
      item('SRTP failures', 'Packets that failed SRTP authentication or the replay check, dropped', srtpEl)));

  const tone = (el: HTMLElement, t: 'neutral' | 'warn' | 'bad') => {
    const cls = t === 'neutral' ? '' : `count-${t}`;
    if (el.className !== cls) el.className = cls;
  };

  return {
    td,
    update(leg) {
      const v = leg.view;
      setText(badgeEl, v.label);
      const badgeClass = `badge badge-${v.tone}`;
      if (badgeEl.className !== badgeClass) badgeEl.className = badgeClass;
      setAttr(badgeEl, 'title', v.title);
      setText(suite, v.suite);
      setAttr(suite, 'title', v.title);
      setAttr(td, 'data-encryption', leg.encryption);
      setAttr(td, 'data-protection', v.protection);
      td.classList.toggle('media-leg-clear', v.protection === 'clear');
      setText(local, leg.local || '—');
      setText(peer, leg.peer ?? 'no packet yet');
      peer.classList.toggle('muted', leg.peer === null);
      setText(inEl, count(leg.packetsIn));
      setText(outEl, count(leg.packetsOut));
      setText(lostEl, leg.lossText);
      tone(lostEl, leg.lossTone);
      setText(foreignEl, count(leg.foreignDropped));
      tone(foreignEl, droppedTone(leg.foreignDropped, 'foreign'));
      setText(srtpEl, count(leg.srtpFailures));
      tone(srtpEl, droppedTone(leg.srtpFailures, 'srtp'));
    },
  };
}

// ---------------------------------------------------------------- the encryption policy

interface PolicyControl {
  key: string;
  /** The value as sent: the checked choice, the text, "true"/"false" for the checkbox. */
  read(): string;
  error: HTMLElement;
  warning: HTMLElement;
  focus(): void;
}

function mountPolicy(box: HTMLElement, ctx: PageContext, editable: boolean): void {
  const body = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  const status = h('div', { class: 'form-status' });
  const save = h('button', { class: 'btn btn-primary', type: 'submit', testid: 'media-policy-save' }, 'Save');
  const reset = h('button', { class: 'btn', type: 'button', testid: 'media-policy-reset' }, 'Undo changes');
  const actions = h('div', { class: 'form-actions', hidden: true }, save, reset);
  const form = h('form', { class: 'policy-form media-policy-form', novalidate: true, testid: 'media-policy-form', 'data-pid': MEDIA_PID },
    body, status, editable ? actions : null);
  if (!editable) box.append(alertBox('info', 'You can look at the encryption settings, but only an administrator can change them.', 'media-policy-readonly'));
  box.append(form);

  let detail: ConfigDetail | null = null;
  let controls = new Map<string, PolicyControl>();

  const load = async () => {
    try {
      const d = await api.get<ConfigDetail>(`/config/${encodeURIComponent(MEDIA_PID)}`);
      if (ctx.isActive()) show(d);
    } catch (err) {
      if (!ctx.isActive()) return;
      const missing = err instanceof ApiError && err.status === 404;
      const retry = h('button', { class: 'btn btn-small', type: 'button', onclick: () => void load() }, 'Try again');
      replace(body, alertBox(missing ? 'warn' : 'error', [
        missing
          ? `This appliance has no ${MEDIA_PID} component: the media relay (bundle bulwark-srtp-media) is not installed or not running.`
          : `Could not load the encryption policy (${MEDIA_PID}): ${messageOf(err)}`,
        h('div', { class: 'alert-actions' }, retry),
      ], 'media-policy-load-error'));
    }
  };

  function show(d: ConfigDetail) {
    detail = d;
    controls = new Map();
    const props = new Map(d.properties.map((p) => [p.id, p]));
    replace(body,
      h('div', { class: 'form-row media-policy-zones' }, ZONES.map((zone) =>
        h('fieldset', { class: 'check-group media-policy-zone-group', testid: `media-policy-zone-${zone}`, 'data-zone': zone },
          h('legend', null, zoneLabel(zone)),
          MEDIA_KEYS.filter((k) => zoneOfKey(k) === zone).map((key) => zoneField(key, props.get(key)))))),
      passthroughField(props.get(PASSTHROUGH_KEY)));
    actions.hidden = controls.size === 0;
    refreshWarnings();
  }

  const edited = (error: HTMLElement) => () => {
    showFieldError(error, null);
    refreshWarnings();
  };

  function missingSetting(key: string, title: string): HTMLElement {
    return h('div', { class: 'field' }, h('div', { class: 'field-title' }, title),
      alertBox('warn', `This appliance’s media relay has no setting ${key}.`, `media-policy-missing-${key}`));
  }

  function helpFor(key: string, prop: ConfigProperty, def: string): HTMLElement {
    return h('div', { class: 'help', id: `mp-${key}-help` },
      prop.description ? h('div', null, prop.description) : null,
      h('div', { class: 'help-meta' }, h('span', { class: 'mono' }, key), def ? h('span', null, `Default: ${def}`) : null));
  }

  /** One setting of a zone: radio buttons with the metatype's options, a text input when it has none. */
  function zoneField(key: string, prop: ConfigProperty | undefined): HTMLElement {
    const zs = zoneSettingOf(key);
    const title = zs ? ZONE_SETTING_TITLES[zs.kind] : key;
    if (!prop) return missingSetting(key, title);
    const value = settingValue(prop);
    const error = fieldError(`media-policy-error-${key}`);
    const warning = h('div', { class: 'field-warn', testid: `media-policy-warning-${key}`, role: 'status', hidden: true });
    const def = prop.defaultValue?.[0] ?? '';
    const help = helpFor(key, prop, def ? choiceTitle(prop, def) : '');
    const choices = policyChoices(prop);
    const onEdit = edited(error);

    if (choices.length === 0) {
      // The metatype lists no options: the appliance checks what is typed.
      const input = h('input', {
        type: 'text', id: `mp-${key}`, name: key, testid: `media-policy-${key}`, value, disabled: !editable, spellcheck: 'false', autocomplete: 'off',
        'aria-describedby': `mp-${key}-help`,
      });
      input.addEventListener('input', onEdit);
      controls.set(key, { key, read: () => input.value.trim(), error, warning, focus: () => input.focus() });
      return h('div', { class: 'field' }, h('label', { for: `mp-${key}` }, title), input, help, error, warning);
    }

    const all = choices.some((c) => c.value === value) || value === ''
      ? choices
      : [...choices, { value, title: value, detail: 'set in the configuration, not offered by this appliance' }];
    const radios = all.map((c) => {
      const input = h('input', {
        type: 'radio', name: `mp-${key}`, id: `mp-${key}-${c.value}`, value: c.value, testid: `media-policy-${key}-${c.value}`,
        'data-value': c.value, checked: c.value === value, disabled: !editable,
      });
      input.addEventListener('change', onEdit);
      return { c, input };
    });
    const read = () => radios.find((r) => r.input.checked)?.c.value ?? '';
    controls.set(key, {
      key, read, error, warning,
      focus: () => (radios.find((r) => r.input.checked) ?? radios[0])?.input.focus(),
    });
    return h('fieldset', {
      class: 'field check-group media-policy-zone', testid: `media-policy-${key}`, 'data-key': key, 'data-zone': zs?.zone ?? '',
      'aria-describedby': `mp-${key}-help`,
    },
      h('legend', null, title),
      h('div', { class: 'radio-list' }, radios.map(({ c, input }) =>
        h('label', { class: 'radio-choice', for: input.id }, input,
          h('span', { class: 'radio-text' },
            h('span', { class: 'radio-title' }, c.title),
            c.detail ? h('span', { class: 'radio-detail' }, c.detail) : null,
            h('span', { class: 'mono small muted radio-value' }, c.value))))),
      help, error, warning);
  }

  /** SRTP pass-through: a checkbox ("true"/"false"), its description as help. */
  function passthroughField(prop: ConfigProperty | undefined): HTMLElement {
    const key = PASSTHROUGH_KEY;
    const title = prop?.name || 'SRTP pass-through';
    if (!prop) return missingSetting(key, title);
    const error = fieldError(`media-policy-error-${key}`);
    const warning = h('div', { class: 'field-warn', testid: `media-policy-warning-${key}`, role: 'status', hidden: true });
    const def = prop.defaultValue?.[0];
    const help = helpFor(key, prop, def === undefined ? '' : valueText(prop, def));
    const input = h('input', {
      type: 'checkbox', id: `mp-${key}`, name: key, testid: `media-policy-${key}`, checked: isOn(prop), disabled: !editable,
      'aria-describedby': `mp-${key}-help`,
    });
    input.addEventListener('change', edited(error));
    controls.set(key, { key, read: () => String(input.checked), error, warning, focus: () => input.focus() });
    return h('div', { class: 'field field-check media-policy-passthrough' },
      h('div', { class: 'check-row' }, input, h('label', { for: `mp-${key}` }, title)),
      help, error, warning);
  }

  function current(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const c of controls.values()) out[c.key] = c.read();
    return out;
  }

  function refreshWarnings() {
    const now = current();
    for (const c of controls.values()) {
      const w = settingWarning(c.key, now);
      c.warning.textContent = w ?? '';
      c.warning.hidden = w === null;
    }
  }

  const names = () => new Map((detail?.properties ?? []).map((p) => [p.id, p.name || p.id]));

  async function submit() {
    if (!detail) return;
    replace(status);
    for (const c of controls.values()) showFieldError(c.error, null);
    const before = detail.properties;
    const changed = changedPolicies(before, current());
    const n = Object.keys(changed).length;
    if (n === 0) {
      replace(status, alertBox('info', 'Nothing was changed.', 'media-policy-unchanged'));
      return;
    }
    try {
      const updated = await api.put<ConfigDetail>(`/config/${encodeURIComponent(MEDIA_PID)}`, { values: changed });
      if (!ctx.isActive()) return;
      show(updated && Array.isArray(updated.properties) ? updated : await api.get<ConfigDetail>(`/config/${encodeURIComponent(MEDIA_PID)}`));
      replace(status, alertBox('success', [
        `Saved (${changeSummary(before, changed).join('; ')}). `,
        'The relay applies it to the next call offers.',
      ], 'media-policy-saved'));
    } catch (err) {
      if (!ctx.isActive()) return;
      const fieldErrors = err instanceof ApiError ? err.fieldErrors : [];
      const { byField } = splitErrors(fieldErrors, new Set(controls.keys()));
      for (const c of controls.values()) showFieldError(c.error, byField.get(c.key) ?? null);
      const labels = names();
      replace(status, alertBox('error', [
        h('strong', null, 'Nothing was saved. '),
        messageOf(err),
        fieldErrors.length
          ? h('ul', { class: 'error-list' }, fieldErrors.map((e) => h('li', null, `${labels.get(e.field) ?? e.field}: ${e.message}`)))
          : null,
      ], 'media-policy-error'));
      fieldErrors.map((e) => controls.get(e.field)).find((c) => c)?.focus();
    }
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (editable) void busy(save, submit);
  });
  reset.addEventListener('click', () => {
    if (detail) show(detail);
    replace(status);
  });
  void load();
}
