// The signed-in user's own account: password change and API tokens for scripts.
import { api, ApiError, messageOf, sessionEnded } from '../api';
import { h, replace } from '../dom';
import { dateTime, roleLabel } from '../format';
import type { ApiToken, NewApiToken } from '../types';
import { alertBox, busy, card, dataTable, emptyState, fieldError, formField, pageHeader, showFieldError, type PageRender } from '../ui';
import { MIN_PASSWORD } from './auth';
import { passwordProblem } from './users';

export const renderTokens: PageRender = (root, ctx) => {
  const s = ctx.session;
  root.append(pageHeader('My account & API tokens', `Signed in as ${s.username} (${roleLabel(s.role)}).`));
  root.append(tokensCard(ctx.isActive), passwordCard());
};

function tokensCard(isActive: () => boolean): HTMLElement {
  const table = dataTable('tokens-table', ['Name', 'Created', 'Expires', ['', 'col-actions']]);
  const empty = emptyState('You have no API tokens.', 'tokens-empty');
  const status = h('div');
  const created = h('div');
  const name = h('input', { id: 'token-name', type: 'text', maxlength: 100, placeholder: 'e.g. backup-script', testid: 'token-name' });
  const days = h('input', { id: 'token-days', type: 'number', min: 1, max: 3650, step: 1, value: '90', testid: 'token-days' });
  const nameErr = fieldError('token-error-name');
  const daysErr = fieldError('token-error-validDays');
  const submit = h('button', { class: 'btn btn-primary', type: 'submit', testid: 'token-create' }, 'Create token');
  const form = h('form', { class: 'form form-inline-grid', novalidate: true },
    formField({ id: 'token-name', label: 'Name', input: name, error: nameErr, help: 'What the token is for, so you recognise it later.' }),
    formField({ id: 'token-days', label: 'Valid for (days)', input: days, error: daysErr }),
    h('div', { class: 'form-actions' }, submit));
  empty.hidden = true;

  async function load() {
    try {
      const tokens = await api.get<ApiToken[]>('/tokens');
      if (!isActive()) return;
      replace(status);
      replace(table.body, tokens.map((t) => {
        const del = h('button', { class: 'btn btn-small btn-danger', type: 'button', testid: 'token-delete' }, 'Delete');
        del.addEventListener('click', () => void busy(del, async () => {
          try {
            await api.del(`/tokens/${encodeURIComponent(t.id)}`);
            await load();
          } catch (err) {
            replace(status, alertBox('error', messageOf(err)));
          }
        }));
        const expired = Date.parse(t.expiresAt) < Date.now();
        return h('tr', { testid: 'tokens-row' },
          h('td', null, t.name),
          h('td', { class: 'nowrap' }, dateTime(t.createdAt)),
          h('td', { class: expired ? 'nowrap text-bad' : 'nowrap' }, dateTime(t.expiresAt), expired ? ' (expired)' : ''),
          h('td', { class: 'actions-cell' }, del));
      }));
      empty.hidden = tokens.length > 0;
      table.el.hidden = tokens.length === 0;
    } catch (err) {
      if (isActive()) replace(status, alertBox('error', `Could not load your tokens: ${messageOf(err)}`));
    }
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    showFieldError(nameErr, null);
    showFieldError(daysErr, null);
    replace(created);
    const validDays = Number(days.value);
    if (!name.value.trim()) {
      showFieldError(nameErr, 'Give the token a name.');
      return;
    }
    if (!Number.isInteger(validDays) || validDays < 1) {
      showFieldError(daysErr, 'Enter a whole number of days, 1 or more.');
      return;
    }
    void busy(submit, async () => {
      try {
        const t = await api.post<NewApiToken>('/tokens', { name: name.value.trim(), validDays });
        name.value = '';
        replace(created, newTokenBox(t));
        await load();
      } catch (err) {
        let shown = false;
        if (err instanceof ApiError) {
          for (const fe of err.fieldErrors) {
            if (fe.field === 'name') { showFieldError(nameErr, fe.message); shown = true; }
            if (fe.field === 'validDays') { showFieldError(daysErr, fe.message); shown = true; }
          }
        }
        if (!shown) replace(created, alertBox('error', messageOf(err)));
      }
    });
  });

  void load();
  return card('API tokens',
    h('p', { class: 'muted' }, 'Scripts use a token instead of a password: send the header ',
      h('code', null, 'Authorization: Bearer <token>'), '. A token has the same role as you.'),
    status, created, table.el, empty, h('h3', null, 'New token'), form);
}

function newTokenBox(t: NewApiToken): HTMLElement {
  const value = h('input', { type: 'text', readOnly: true, value: t.token, class: 'mono token-value', testid: 'token-new-value', 'aria-label': 'New token' });
  const copy = h('button', { class: 'btn btn-small', type: 'button', testid: 'token-copy' }, 'Copy');
  copy.addEventListener('click', () => {
    value.select();
    const done = () => { copy.textContent = 'Copied'; };
    if (navigator.clipboard) void navigator.clipboard.writeText(t.token).then(done, () => undefined);
  });
  return alertBox('success', [
    h('div', null, h('strong', null, `Token “${t.name}” created. `), 'Copy it now: it is shown only this once.'),
    h('div', { class: 'token-row' }, value, copy),
    h('div', { class: 'small' }, `Valid until ${dateTime(t.expiresAt)}.`),
  ], 'token-created');
}

function passwordCard(): HTMLElement {
  const current = h('input', { id: 'pw-current', type: 'password', autocomplete: 'current-password', testid: 'password-current' });
  const next = h('input', { id: 'pw-new', type: 'password', autocomplete: 'new-password', testid: 'password-new' });
  const next2 = h('input', { id: 'pw-new2', type: 'password', autocomplete: 'new-password', testid: 'password-new2' });
  const errs = { currentPassword: fieldError('password-error-current'), newPassword: fieldError('password-error-new'), again: fieldError('password-error-new2') };
  const status = h('div');
  const submit = h('button', { class: 'btn btn-primary', type: 'submit', testid: 'password-submit' }, 'Change password');
  const form = h('form', { class: 'form form-inline-grid', novalidate: true },
    formField({ id: 'pw-current', label: 'Current password', input: current, error: errs.currentPassword }),
    formField({ id: 'pw-new', label: 'New password', input: next, error: errs.newPassword, help: `At least ${MIN_PASSWORD} characters.` }),
    formField({ id: 'pw-new2', label: 'New password again', input: next2, error: errs.again }),
    h('div', { class: 'form-actions' }, submit));

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    for (const e of Object.values(errs)) showFieldError(e, null);
    replace(status);
    let bad = false;
    if (!current.value) { showFieldError(errs.currentPassword, 'Enter your current password.'); bad = true; }
    const p = passwordProblem(next.value);
    if (p) { showFieldError(errs.newPassword, p); bad = true; }
    if (next.value !== next2.value) { showFieldError(errs.again, 'The two passwords are not the same.'); bad = true; }
    if (bad) return;
    void busy(submit, async () => {
      try {
        // A wrong current password may come back as 401: show it here rather than signing out.
        await api.put('/session/password', { currentPassword: current.value, newPassword: next.value }, { allow401: true });
        current.value = next.value = next2.value = '';
        // The appliance ends every session of the account when its password changes.
        sessionEnded('Your password was changed. Please sign in with the new password.');
      } catch (err) {
        let shown = false;
        if (err instanceof ApiError) {
          for (const fe of err.fieldErrors) {
            const el = errs[fe.field as 'currentPassword' | 'newPassword'];
            if (el) { showFieldError(el, fe.message); shown = true; }
          }
        }
        if (!shown && err instanceof ApiError && err.status === 401) {
          showFieldError(errs.currentPassword, err.problem.detail || 'The current password is not right.');
          shown = true;
        }
        if (!shown) replace(status, alertBox('error', messageOf(err)));
      }
    });
  });
  return card('Change my password', status, form);
}
