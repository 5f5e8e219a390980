// Bans (#/bans): whether the kernel drops banned sources, who is banned and why, banning and
// unbanning by hand (admin, operator), and the allow-list of sources never banned (admin changes).
import { ApiError, bansApi, messageOf } from '../api';
import {
  CUSTOM_DURATION, DEFAULT_DURATION, DURATION_CHOICES, MAX_SCOPE, MAX_TEXT, RemovalFilter, describeScope, enforcementView,
  isVeryLarge, offenceText, originExplanation, originLabel, originTone, rateText, readRate, readTtl, relativeTime,
  roughDuration, scopeProblem, textProblem, untilText, type EnforcementView,
} from '../bans-model';
import { h, replace, type Child } from '../dom';
import { count, dateTime } from '../format';
import type { AllowEntry, Ban } from '../types';
import {
  alertBox, badge, busy, can, card, dataTable, emptyState, fieldError, formField, pageHeader, poll, showFieldError,
  type PageRender,
} from '../ui';

const REFRESH_MS = 5000;

interface KeyedRow<T> {
  tr: HTMLTableRowElement;
  update(item: T, now: number): void;
}

/**
 * Bring the table body in line with `items` (keyed by scope), keeping the rows that stay: an
 * inline confirmation in progress, and the focus, survive the refresh every 5 seconds.
 */
function syncRows<T extends { scope: string }>(
  body: HTMLTableSectionElement, rows: Map<string, KeyedRow<T>>, items: T[], create: (item: T) => KeyedRow<T>, now: number,
): void {
  const keep = new Set<string>();
  let ref: ChildNode | null = body.firstChild;
  for (const item of items) {
    if (keep.has(item.scope)) continue;
    keep.add(item.scope);
    let row = rows.get(item.scope);
    if (!row) {
      row = create(item);
      rows.set(item.scope, row);
    }
    row.update(item, now);
    if (row.tr === ref) ref = ref.nextSibling;
    else body.insertBefore(row.tr, ref);
  }
  for (const [scope, row] of rows) {
    if (!keep.has(scope)) {
      row.tr.remove();
      rows.delete(scope);
    }
  }
}

/** Drop one row at once (after a successful DELETE). */
function dropRow<T>(rows: Map<string, KeyedRow<T>>, scope: string): void {
  rows.get(scope)?.tr.remove();
  rows.delete(scope);
}

/**
 * A button that asks for confirmation in place (no browser dialog, so it works headless):
 * [label] → "question" [confirmLabel] [Cancel]. `run` throws to show an error under it.
 */
function inlineConfirm(opts: {
  label: string;
  testid: string;
  question: string;
  confirmLabel: string;
  confirmTestid: string;
  cancelTestid: string;
  message: HTMLElement;
  run: () => Promise<void>;
}): HTMLElement {
  const box = h('div', { class: 'actions' });
  const idle = () => {
    const b = h('button', { class: 'btn btn-small btn-danger', type: 'button', testid: opts.testid }, opts.label);
    b.addEventListener('click', () => ask());
    replace(box, b);
    return b;
  };
  const ask = () => {
    replace(opts.message);
    const yes = h('button', { class: 'btn btn-small btn-danger', type: 'button', testid: opts.confirmTestid }, opts.confirmLabel);
    const no = h('button', { class: 'btn btn-small', type: 'button', testid: opts.cancelTestid }, 'Cancel');
    no.addEventListener('click', () => idle().focus());
    yes.addEventListener('click', () => {
      no.disabled = true;
      void busy(yes, async () => {
        try {
          await opts.run();
        } catch (err) {
          idle();
          replace(opts.message, alertBox('error', messageOf(err)));
        }
      });
    });
    replace(box, h('span', { class: 'confirm-question' }, opts.question), yes, no);
    yes.focus();
  };
  idle();
  return box;
}

function withClass<E extends HTMLElement>(cls: string, el: E): E {
  el.classList.add(cls);
  return el;
}

/** A badge-like span with a tooltip. */
function tag(text: string, tone: string, title: string): HTMLElement {
  return h('span', { class: `badge badge-${tone}`, title: title || undefined }, text);
}

export const renderBans: PageRender = (root, ctx) => {
  const canBan = can(ctx.session, 'admin', 'operator');
  const isAdmin = can(ctx.session, 'admin');
  const banFilter = new RemovalFilter();
  const allowFilter = new RemovalFilter();
  let refresh: () => void = () => undefined;
  let justAdded: string | null = null;

  const updated = h('span', { class: 'muted small', testid: 'bans-updated' });

  // ---------------------------------------------------------------- enforcement strip
  const strip = h('div', { class: 'enforcement enforcement-neutral', testid: 'enforcement-state', 'data-state': 'LOADING' },
    h('span', { class: 'muted' }, 'Checking how bans are enforced…'));
  const stripFacts = h('div', { class: 'enforcement-facts muted small' });
  let stripShown = '';

  const showEnforcement = (v: EnforcementView) => {
    stripFacts.textContent = v.facts.join(' · ');
    stripFacts.hidden = v.facts.length === 0;
    // Rebuilt only when the state or its words change, so that screen readers announce changes, not every refresh.
    const shown = [v.kind, v.title, v.text, v.detail].join('\n');
    if (shown === stripShown) return;
    stripShown = shown;
    strip.className = `enforcement enforcement-${v.tone}`;
    strip.setAttribute('data-state', v.kind);
    replace(strip,
      h('div', { class: 'enforcement-head' },
        h('span', { class: 'enforcement-label' }, 'Kernel enforcement'),
        badge(v.title, v.tone)),
      h('div', { class: 'enforcement-body' },
        h('div', { class: 'enforcement-text', role: v.tone === 'bad' ? 'alert' : 'status' }, v.text),
        v.detail ? h('div', { class: 'enforcement-detail' }, h('span', { class: 'muted' }, 'The appliance says: '), v.detail) : null,
        stripFacts));
  };

  // ---------------------------------------------------------------- bans
  const banCols: (string | [string, string])[] = ['Address or network', 'Why', 'Decided by', 'Since', 'Until', 'Repeat offences'];
  if (canBan) banCols.push(['', 'col-actions']);
  const bansTable = dataTable('bans-table', banCols);
  const bansEmpty = emptyState('Nothing is banned right now. Sources the detectors catch, and those banned by hand, appear here.', 'bans-empty');
  const bansStatus = h('div');
  const bansMessage = h('div');
  const bansCount = h('span', { class: 'muted small', testid: 'bans-count' });
  const banRows = new Map<string, KeyedRow<Ban>>();
  bansEmpty.hidden = true;
  bansTable.el.hidden = true;

  const banRow = (first: Ban): KeyedRow<Ban> => {
    const scope = first.scope;
    const cells = {
      scope: h('td'),
      reason: h('td'),
      origin: h('td'),
      since: h('td', { class: 'nowrap' }),
      until: h('td', { class: 'nowrap' }),
      offences: h('td', { class: 'nowrap' }),
    };
    const tr = h('tr', { testid: 'bans-row', 'data-scope': scope, class: scope === justAdded ? 'row-new' : undefined },
      Object.values(cells));
    if (canBan) {
      const msg = h('div', { class: 'row-msg' });
      tr.append(h('td', { class: 'actions-cell' }, inlineConfirm({
        label: 'Unban',
        testid: `unban-${scope}`,
        question: `Unban ${scope}?`,
        confirmLabel: 'Confirm unban',
        confirmTestid: `unban-confirm-${scope}`,
        cancelTestid: `unban-cancel-${scope}`,
        message: msg,
        run: async () => {
          let note: string;
          try {
            await bansApi.remove(scope);
            note = `${scope} is no longer banned. Its traffic is accepted again (the kernel follows within milliseconds).`;
          } catch (err) {
            if (!(err instanceof ApiError && err.status === 404)) throw err;
            note = `${scope} was no longer banned: the ban had probably just ended.`;
          }
          if (!ctx.isActive()) return;
          banFilter.removedNow(scope);
          dropRow(banRows, scope);
          showBanCount(banRows.size);
          replace(bansMessage, alertBox('success', note, 'unbanned'));
          refresh();
        },
      }), msg));
    }
    return {
      tr,
      update(b, now) {
        replace(cells.scope, h('strong', { class: 'mono scope' }, b.scope), h('div', { class: 'muted small' }, describeScope(b.scope)));
        replace(cells.reason, h('span', { class: 'wrap' }, b.reason || '—'));
        replace(cells.origin, tag(originLabel(b.origin, b.originName), originTone(b.origin), originExplanation(b.origin)));
        replace(cells.since, h('div', null, dateTime(b.createdAt)), h('div', { class: 'muted small' }, relativeTime(b.createdAt, now)));
        const left = Date.parse(b.expiresAt) - now;
        replace(cells.until,
          h('div', null, dateTime(b.expiresAt)),
          h('div', { class: left < 60_000 ? 'small text-warn' : 'small', testid: 'ban-until' }, untilText(b.expiresAt, now)));
        const n = b.offenceCount;
        replace(cells.offences, n > 1
          ? tag(offenceText(n), 'warn', 'How often a detector banned this source recently, this ban included. Each repeat bans it for longer.')
          : h('span', { class: 'muted' }, offenceText(n)));
      },
    };
  };

  const showBanCount = (n: number) => {
    bansCount.textContent = n === 0 ? 'No source banned' : n === 1 ? '1 source banned' : `${count(n)} sources banned`;
    bansEmpty.hidden = n > 0;
    bansTable.el.hidden = n === 0;
  };

  const showBans = (list: Ban[], now: number) => {
    syncRows(bansTable.body, banRows, list, banRow, now);
    showBanCount(banRows.size);
  };

  // ---------------------------------------------------------------- allow-list
  const allowCols: (string | [string, string])[] = ['Address or network', 'What it is', 'Rate limit', 'Added by', 'Added'];
  if (isAdmin) allowCols.push(['', 'col-actions']);
  const allowTable = dataTable('allow-table', allowCols);
  const allowEmpty = emptyState('Nothing is on the allow-list. Add your SIP trunk provider and your PBX, so that they are never banned by mistake.', 'allow-empty');
  const allowStatus = h('div');
  const allowMessage = h('div');
  const allowRows = new Map<string, KeyedRow<AllowEntry>>();
  allowEmpty.hidden = true;
  allowTable.el.hidden = true;

  const allowRow = (first: AllowEntry): KeyedRow<AllowEntry> => {
    const scope = first.scope;
    const cells = { scope: h('td'), label: h('td'), rate: h('td', { class: 'nowrap' }), by: h('td'), at: h('td', { class: 'nowrap' }) };
    const tr = h('tr', { testid: 'allow-row', 'data-scope': scope, class: scope === justAdded ? 'row-new' : undefined }, Object.values(cells));
    if (isAdmin) {
      const msg = h('div', { class: 'row-msg' });
      tr.append(h('td', { class: 'actions-cell' }, inlineConfirm({
        label: 'Remove',
        testid: `allow-remove-${scope}`,
        question: `Remove ${scope} from the allow-list? It can then be banned like any other source.`,
        confirmLabel: 'Confirm remove',
        confirmTestid: `allow-remove-confirm-${scope}`,
        cancelTestid: `allow-remove-cancel-${scope}`,
        message: msg,
        run: async () => {
          let note: string;
          try {
            await bansApi.disallow(scope);
            note = `${scope} is no longer on the allow-list.`;
          } catch (err) {
            if (!(err instanceof ApiError && err.status === 404)) throw err;
            note = `${scope} was not on the allow-list any more.`;
          }
          if (!ctx.isActive()) return;
          allowFilter.removedNow(scope);
          dropRow(allowRows, scope);
          showAllowCount(allowRows.size);
          replace(allowMessage, alertBox('success', note, 'allow-removed'));
          refresh();
        },
      }), msg));
    }
    return {
      tr,
      update(a, now) {
        replace(cells.scope, h('strong', { class: 'mono scope' }, a.scope), h('div', { class: 'muted small' }, describeScope(a.scope)));
        replace(cells.label, h('span', { class: 'wrap' }, a.label));
        replace(cells.rate, a.ratePerSecond > 0 ? rateText(a.ratePerSecond) : h('span', { class: 'muted' }, rateText(0)));
        replace(cells.by, a.addedBy === 'config' ? h('span', { class: 'muted' }, 'configuration') : a.addedBy);
        replace(cells.at, h('div', null, dateTime(a.addedAt)), h('div', { class: 'muted small' }, relativeTime(a.addedAt, now)));
      },
    };
  };

  const showAllowCount = (n: number) => {
    allowEmpty.hidden = n > 0;
    allowTable.el.hidden = n === 0;
  };

  const showAllow = (list: AllowEntry[], now: number) => {
    syncRows(allowTable.body, allowRows, list, allowRow, now);
    showAllowCount(allowRows.size);
  };

  // ---------------------------------------------------------------- page
  root.append(
    pageHeader('Bans', 'Sources whose traffic the appliance drops, and sources it never bans. Updates every 5 seconds.', updated),
    strip,
    card(h('span', { class: 'card-title-row' }, 'Banned now', bansCount),
      h('p', { class: 'muted' }, 'Traffic from these addresses and networks is dropped before it reaches the phone system. ',
        'A ban ends by itself at the time shown under “Until”.'),
      bansStatus, bansMessage, bansTable.el, bansEmpty),
    canBan
      ? banFormCard()
      : alertBox('info', 'You can see the bans. Banning and unbanning needs the Operator or Administrator role.', 'bans-readonly'),
    withClass('allow-card', card('Allow-list',
      h('p', null, h('strong', null, 'Never banned, only rate-limited: '),
        'your SIP trunk provider, the PBX, branch offices behind NAT. ',
        'Traffic from these sources is still limited (with their own, higher limit), so a misbehaving trunk cannot overload the appliance, ',
        'but a detector never bans them, even when many calls come from one address.'),
      allowStatus, allowMessage, allowTable.el, allowEmpty,
      isAdmin
        ? allowForm()
        : alertBox('info', 'Only an administrator can change the allow-list.', 'allow-readonly'))));

  refresh = poll(ctx, REFRESH_MS, async () => {
    const banGen = banFilter.begin();
    const allowGen = allowFilter.begin();
    const [b, a, e] = await Promise.allSettled([bansApi.list(), bansApi.allowList(), bansApi.enforcement()]);
    if (!ctx.isActive()) return;
    const now = Date.now();
    if (b.status === 'fulfilled') {
      replace(bansStatus);
      showBans(banFilter.apply(Array.isArray(b.value) ? b.value : [], banGen), now);
    } else {
      replace(bansStatus, alertBox('error', `Could not load the bans: ${messageOf(b.reason)}`, 'bans-load-error'));
    }
    if (a.status === 'fulfilled') {
      replace(allowStatus);
      showAllow(allowFilter.apply(Array.isArray(a.value) ? a.value : [], allowGen), now);
    } else {
      replace(allowStatus, alertBox('error', `Could not load the allow-list: ${messageOf(a.reason)}`, 'allow-load-error'));
    }
    if (e.status === 'fulfilled') {
      showEnforcement(enforcementView({ health: e.value }, now, dateTime));
    } else if (e.reason instanceof ApiError && e.reason.status === 503) {
      showEnforcement(enforcementView({ unavailable: e.reason.problem.detail || '' }, now, dateTime));
    } else {
      showEnforcement(enforcementView({ error: messageOf(e.reason) }, now, dateTime));
    }
    updated.textContent = `Updated ${dateTime(new Date(now).toISOString()).slice(11)}`;
  });

  // ---------------------------------------------------------------- ban form (admin, operator)
  function banFormCard(): HTMLElement {
    const scope = h('input', {
      id: 'ban-scope', type: 'text', testid: 'ban-scope', autocomplete: 'off', spellcheck: 'false', maxlength: MAX_SCOPE,
      placeholder: '203.0.113.7 or 198.51.100.0/24', class: 'mono',
    });
    const scopeHelp = h('span', null, 'An IPv4 or IPv6 address, or a network as address/prefix length.');
    const ttl = h('select', { id: 'ban-ttl', testid: 'ban-ttl' },
      DURATION_CHOICES.map((c) => h('option', { value: c.value, selected: c.value === DEFAULT_DURATION }, c.label)));
    const custom = h('input', {
      id: 'ban-ttl-custom', type: 'text', inputmode: 'numeric', testid: 'ban-ttl-custom', autocomplete: 'off',
      placeholder: 'seconds, e.g. 600', 'aria-label': 'Ban duration in seconds', class: 'ttl-custom', hidden: true,
    });
    const ttlHelp = h('span', null, 'The ban ends by itself after this time.');
    const reason = h('input', {
      id: 'ban-reason', type: 'text', testid: 'ban-reason', autocomplete: 'off', maxlength: MAX_TEXT,
      placeholder: 'e.g. SIP scanner seen in the PBX log',
    });
    const errs = {
      scope: fieldError('ban-error-scope'),
      ttlSeconds: fieldError('ban-error-ttlSeconds'),
      reason: fieldError('ban-error-reason'),
    };
    const status = h('div', { class: 'form-status' });
    const submit = h('button', { class: 'btn btn-primary', type: 'submit', testid: 'ban-submit' }, 'Ban');

    const describe = () => {
      const text = scope.value.trim();
      const what = text && !scopeProblem(text) ? describeScope(text) : '';
      replace(scopeHelp, what
        ? [`Bans ${what}.`, isVeryLarge(text) ? h('strong', { class: 'text-bad' }, ' That is a very large network: check the prefix length.') : null]
        : 'An IPv4 or IPv6 address, or a network as address/prefix length.');
    };
    const describeTtl = () => {
      custom.hidden = ttl.value !== CUSTOM_DURATION;
      if (ttl.value !== CUSTOM_DURATION) {
        replace(ttlHelp, 'The ban ends by itself after this time.');
        return;
      }
      const r = readTtl(ttl.value, custom.value);
      replace(ttlHelp, 'seconds' in r ? `= ${roughDuration(r.seconds)}. The ban ends by itself after this time.` : 'At most 366 days. The ban ends by itself after this time.');
    };
    scope.addEventListener('input', describe);
    ttl.addEventListener('change', () => {
      describeTtl();
      if (!custom.hidden) custom.focus();
    });
    custom.addEventListener('input', describeTtl);

    const form = h('form', { class: 'form form-inline-grid ban-form', novalidate: true, testid: 'ban-form' },
      formField({ id: 'ban-scope', label: 'Address or network', input: scope, error: errs.scope, help: scopeHelp, required: true }),
      h('div', { class: 'field' },
        h('label', { for: 'ban-ttl' }, 'For how long'),
        h('div', { class: 'ttl-row' }, ttl, custom),
        h('div', { class: 'help' }, ttlHelp),
        errs.ttlSeconds),
      formField({ id: 'ban-reason', label: 'Why', input: reason, error: errs.reason, help: 'Shown to other staff in this list and in the audit log. Optional.' }),
      h('div', { class: 'form-actions' }, submit));

    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      replace(status);
      for (const e of Object.values(errs)) showFieldError(e, null);
      const scopeText = scope.value.trim();
      const scopeBad = scopeProblem(scopeText);
      const t = readTtl(ttl.value, custom.value);
      const reasonBad = textProblem(reason.value, true);
      if (scopeBad) showFieldError(errs.scope, scopeBad);
      if ('problem' in t) showFieldError(errs.ttlSeconds, t.problem);
      if (reasonBad) showFieldError(errs.reason, reasonBad);
      if (scopeBad) scope.focus();
      else if ('problem' in t) (custom.hidden ? ttl : custom).focus();
      else if (reasonBad) reason.focus();
      if (scopeBad || 'problem' in t || reasonBad) return;

      void busy(submit, async () => {
        try {
          const ban = await bansApi.add({ scope: scopeText, ttlSeconds: t.seconds, reason: reason.value.trim() });
          if (!ctx.isActive()) return;
          scope.value = '';
          reason.value = '';
          describe();
          justAdded = ban.scope;
          replace(status, alertBox('success', [
            h('strong', null, `${ban.scope} is banned`),
            ` until ${dateTime(ban.expiresAt)} (${untilText(ban.expiresAt)}). Its traffic is dropped from now on.`,
          ], 'ban-added'));
          status.querySelector('[data-testid="ban-added"]')?.setAttribute('data-scope', ban.scope);
          refresh();
        } catch (err) {
          if (!ctx.isActive()) return;
          showFormError(err, errs, status, 'ban-error', (e) => (e.status === 409
            ? [h('strong', null, `${scopeText} is not banned. `), messageOf(e),
              h('div', null, 'Addresses on the allow-list are never banned, only rate-limited. To ban it anyway, an administrator must first remove it from the allow-list below.')]
            : null));
        }
      });
    });

    return card('Ban an address', status, form);
  }

  // ---------------------------------------------------------------- allow-list form (admin)
  function allowForm(): HTMLElement {
    const scope = h('input', {
      id: 'allow-scope', type: 'text', testid: 'allow-scope', autocomplete: 'off', spellcheck: 'false', maxlength: MAX_SCOPE,
      placeholder: '198.51.100.0/24', class: 'mono',
    });
    const scopeHelp = h('span', null, 'The address or network of the trunk, PBX or site.');
    const label = h('input', { id: 'allow-label', type: 'text', testid: 'allow-label', autocomplete: 'off', maxlength: MAX_TEXT, placeholder: 'e.g. SIP trunk provider' });
    const rate = h('input', { id: 'allow-rate', type: 'text', inputmode: 'numeric', testid: 'allow-rate', autocomplete: 'off', value: '0' });
    const errs = {
      scope: fieldError('allow-error-scope'),
      label: fieldError('allow-error-label'),
      ratePerSecond: fieldError('allow-error-ratePerSecond'),
    };
    const status = h('div', { class: 'form-status' });
    const submit = h('button', { class: 'btn btn-primary', type: 'submit', testid: 'allow-submit' }, 'Add to allow-list');

    scope.addEventListener('input', () => {
      const text = scope.value.trim();
      const what = text && !scopeProblem(text) ? describeScope(text) : '';
      replace(scopeHelp, what ? `Covers ${what}.` : 'The address or network of the trunk, PBX or site.');
    });

    const form = h('form', { class: 'form form-inline-grid', novalidate: true, testid: 'allow-form' },
      formField({ id: 'allow-scope', label: 'Address or network', input: scope, error: errs.scope, help: scopeHelp, required: true }),
      formField({ id: 'allow-label', label: 'What it is', input: label, error: errs.label, help: 'So that others know why it is here.', required: true }),
      formField({ id: 'allow-rate', label: 'Rate limit (packets per second)', input: rate, error: errs.ratePerSecond,
        help: '0 = the default limit for allow-listed sources. Raise it for a busy trunk.' }),
      h('div', { class: 'form-actions' }, submit));

    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      replace(status);
      for (const e of Object.values(errs)) showFieldError(e, null);
      const scopeText = scope.value.trim();
      const scopeBad = scopeProblem(scopeText);
      const labelBad = textProblem(label.value, false);
      const r = readRate(rate.value);
      if (scopeBad) showFieldError(errs.scope, scopeBad);
      if (labelBad) showFieldError(errs.label, labelBad);
      if ('problem' in r) showFieldError(errs.ratePerSecond, r.problem);
      if (scopeBad) scope.focus();
      else if (labelBad) label.focus();
      else if ('problem' in r) rate.focus();
      if (scopeBad || labelBad || 'problem' in r) return;

      void busy(submit, async () => {
        try {
          const entry = await bansApi.allow({ scope: scopeText, label: label.value.trim(), ratePerSecond: r.rate });
          if (!ctx.isActive()) return;
          scope.value = '';
          label.value = '';
          rate.value = '0';
          scope.dispatchEvent(new Event('input'));
          justAdded = entry.scope;
          replace(status, alertBox('success', [
            h('strong', null, `${entry.scope} is on the allow-list. `),
            'It is never banned from now on, and any ban it covered was lifted.',
          ], 'allow-added'));
          status.querySelector('[data-testid="allow-added"]')?.setAttribute('data-scope', entry.scope);
          refresh();
        } catch (err) {
          if (!ctx.isActive()) return;
          showFormError(err, errs, status, 'allow-error', () => null);
        }
      });
    });

    return h('div', { class: 'subsection' }, h('h3', null, 'Add to allow-list'), status, form);
  }
};

/**
 * A failed POST: the `errors[]` at their fields, anything else (a conflict, a missing right, no
 * connection, a field the form does not have) in the form's summary `summaryId`.
 */
function showFormError(
  err: unknown,
  fields: Record<string, HTMLElement>,
  status: HTMLElement,
  summaryId: string,
  special: (e: ApiError) => Child | null,
): void {
  const other: string[] = [];
  let first: HTMLElement | null = null;
  if (err instanceof ApiError) {
    const byField = new Map<string, string[]>();
    for (const fe of err.fieldErrors) {
      if (fe.field && fields[fe.field]) {
        byField.set(fe.field, [...(byField.get(fe.field) ?? []), fe.message || fe.rule || 'invalid value']);
      } else {
        other.push(fe.field ? `${fe.field}: ${fe.message}` : fe.message);
      }
    }
    for (const [field, msgs] of byField) {
      const el = fields[field];
      if (!el) continue;
      showFieldError(el, msgs);
      first ??= el;
    }
    const custom = special(err);
    if (custom) {
      replace(status, alertBox('error', custom, summaryId));
      return;
    }
    if (first && other.length === 0) {
      first.closest('.field')?.querySelector<HTMLElement>('input, select')?.focus();
      return;
    }
  }
  replace(status, alertBox('error', [
    messageOf(err),
    other.length ? h('ul', { class: 'error-list' }, other.map((o) => h('li', null, o))) : null,
  ], summaryId));
}
