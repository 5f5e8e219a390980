// Users (admin only): create, change role, reset password, unlock, delete.
import { api, ApiError, messageOf } from '../api';
import { h, replace } from '../dom';
import { dateTime, roleLabel } from '../format';
import type { Role, User } from '../types';
import { alertBox, badge, busy, dataTable, fieldError, formField, pageHeader, showFieldError, type PageRender } from '../ui';
import { MAX_PASSWORD, MIN_PASSWORD } from './auth';

const ROLES: { value: Role; label: string; help: string }[] = [
  { value: 'admin', label: 'Administrator', help: 'can change everything, including users' },
  { value: 'operator', label: 'Operator', help: 'watches calls and acts on calls and bans; cannot change settings' },
  { value: 'auditor', label: 'Auditor', help: 'read-only, including the audit log' },
];

function roleSelect(attrs: Record<string, string | boolean | undefined>, value: Role): HTMLSelectElement {
  return h('select', attrs, ROLES.map((r) => h('option', { value: r.value, selected: r.value === value }, r.label)));
}

export function passwordProblem(pw: string): string | null {
  if (pw.length < MIN_PASSWORD) return `The password needs at least ${MIN_PASSWORD} characters.`;
  if (pw.length > MAX_PASSWORD) return `The password can have at most ${MAX_PASSWORD} characters.`;
  return null;
}

export const renderUsers: PageRender = (root, ctx) => {
  const me = ctx.session.username;
  const status = h('div');
  const table = dataTable('users-table', ['Username', 'Role', 'Last sign-in', 'Created', 'Status', ['Actions', 'col-actions']]);

  // ---- create form
  const cUser = h('input', { id: 'user-create-username', type: 'text', autocomplete: 'off', maxlength: 64, testid: 'user-create-username' });
  const cRole = roleSelect({ id: 'user-create-role', testid: 'user-create-role' }, 'operator');
  const cPass = h('input', { id: 'user-create-password', type: 'password', autocomplete: 'new-password', testid: 'user-create-password' });
  const cErr = {
    username: fieldError('user-create-error-username'),
    role: fieldError('user-create-error-role'),
    password: fieldError('user-create-error-password'),
  };
  const cSubmit = h('button', { class: 'btn btn-primary', type: 'submit', testid: 'user-create' }, 'Create user');
  const cStatus = h('div');
  const createForm = h('form', { class: 'form form-inline-grid', novalidate: true, testid: 'user-create-form' },
    formField({ id: 'user-create-username', label: 'Username', input: cUser, error: cErr.username, help: 'Letters, digits, . _ - (up to 64)' }),
    formField({ id: 'user-create-role', label: 'Role', input: cRole, error: cErr.role, help: ROLES.map((r) => `${r.label}: ${r.help}`).join('. ') + '.' }),
    formField({ id: 'user-create-password', label: 'Password', input: cPass, error: cErr.password, help: `At least ${MIN_PASSWORD} characters. Tell the user to change it.` }),
    h('div', { class: 'form-actions' }, cSubmit));

  root.append(
    pageHeader('Users', 'People who can sign in to this page, and what they may do.'),
    status,
    table.el,
    h('section', { class: 'card' }, h('h2', { class: 'card-title' }, 'Add a user'), cStatus, createForm));

  createForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    for (const e of Object.values(cErr)) showFieldError(e, null);
    replace(cStatus);
    const username = cUser.value.trim();
    let bad = false;
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(username)) {
      showFieldError(cErr.username, 'Use 1 to 64 letters, digits, dots, dashes or underscores.');
      bad = true;
    }
    const pwProblem = passwordProblem(cPass.value);
    if (pwProblem) {
      showFieldError(cErr.password, pwProblem);
      bad = true;
    }
    if (bad) return;
    void busy(cSubmit, async () => {
      try {
        await api.post('/users', { username, password: cPass.value, role: cRole.value });
        cUser.value = '';
        cPass.value = '';
        replace(cStatus, alertBox('success', `User ${username} was created.`, 'user-created'));
        await load();
      } catch (err) {
        const shown = showErrorsAt(err, cErr);
        if (err instanceof ApiError && err.status === 409) showFieldError(cErr.username, messageOf(err));
        else if (!shown) replace(cStatus, alertBox('error', messageOf(err)));
      }
    });
  });

  // ---- list
  async function load() {
    try {
      const users = await api.get<User[]>('/users');
      if (!ctx.isActive()) return;
      users.sort((a, b) => a.username.localeCompare(b.username));
      replace(status);
      replace(table.body, users.flatMap(userRows));
    } catch (err) {
      if (ctx.isActive()) replace(status, alertBox('error', `Could not load the users: ${messageOf(err)}`));
    }
  }

  function userRows(u: User): HTMLElement[] {
    const locked = !!u.lockedUntil && Date.parse(u.lockedUntil) > Date.now();
    const rowMsg = h('div', { class: 'row-msg', testid: 'user-row-message' });
    const panel = h('tr', { class: 'panel-row', hidden: true }, h('td', { colspan: 6 }));
    const panelCell = panel.firstElementChild as HTMLElement;

    const role = roleSelect({ 'aria-label': `Role of ${u.username}`, testid: `user-role-${u.username}` }, u.role);
    role.addEventListener('change', () => {
      const previous = u.role;
      role.disabled = true;
      void api.put<User>(`/users/${encodeURIComponent(u.username)}`, { role: role.value })
        .then(() => {
          u.role = role.value as Role;
          replace(rowMsg, alertBox('success', `${u.username} is now ${roleLabel(u.role)}.`));
        })
        .catch((err) => {
          role.value = previous;
          replace(rowMsg, alertBox('error', messageOf(err)));
        })
        .finally(() => {
          role.disabled = false;
        });
    });

    const resetBtn = h('button', { class: 'btn btn-small', type: 'button', testid: `user-reset-${u.username}` }, 'Reset password');
    resetBtn.addEventListener('click', () => {
      if (!panel.hidden) {
        panel.hidden = true;
        return;
      }
      replace(panelCell, resetForm(u, () => {
        panel.hidden = true;
        replace(rowMsg, alertBox('success', `New password set for ${u.username}.`));
      }, () => {
        panel.hidden = true;
      }));
      panel.hidden = false;
      panelCell.querySelector('input')?.focus();
    });

    const unlockBtn = locked
      ? h('button', { class: 'btn btn-small', type: 'button', testid: `user-unlock-${u.username}` }, 'Unlock')
      : null;
    unlockBtn?.addEventListener('click', () => void busy(unlockBtn, async () => {
      try {
        await api.put(`/users/${encodeURIComponent(u.username)}`, { unlock: true });
        await load();
      } catch (err) {
        replace(rowMsg, alertBox('error', messageOf(err)));
      }
    }));

    const deleteBtn = h('button', { class: 'btn btn-small btn-danger', type: 'button', testid: `user-delete-${u.username}` }, 'Delete');
    const actions = h('div', { class: 'actions' }, resetBtn, unlockBtn, deleteBtn);
    deleteBtn.addEventListener('click', () => {
      // Two steps, without a browser dialog: "Delete" → "Delete <name>?" [Yes, delete] [Cancel].
      const yes = h('button', { class: 'btn btn-small btn-danger', type: 'button', testid: `user-delete-confirm-${u.username}` }, 'Yes, delete');
      const no = h('button', { class: 'btn btn-small', type: 'button' }, 'Cancel');
      const confirmBox = h('div', { class: 'actions confirm' }, h('span', null, `Delete ${u.username}?`), yes, no);
      actions.replaceWith(confirmBox);
      no.addEventListener('click', () => confirmBox.replaceWith(actions));
      yes.addEventListener('click', () => void busy(yes, async () => {
        try {
          await api.del(`/users/${encodeURIComponent(u.username)}`);
          await load();
        } catch (err) {
          confirmBox.replaceWith(actions);
          replace(rowMsg, alertBox('error', messageOf(err)));
        }
      }));
    });

    const row = h('tr', { testid: 'users-row' },
      h('td', null, h('strong', null, u.username), u.username === me ? h('span', { class: 'muted small' }, ' (you)') : null),
      h('td', null, role),
      h('td', { class: 'nowrap' }, u.lastLoginAt ? dateTime(u.lastLoginAt) : h('span', { class: 'muted' }, 'never')),
      h('td', { class: 'nowrap' }, dateTime(u.createdAt)),
      h('td', null, locked ? badge(`Locked until ${dateTime(u.lockedUntil).slice(11)}`, 'bad') : badge('Can sign in', 'ok')),
      h('td', { class: 'actions-cell' }, actions, rowMsg));
    return [row, panel];
  }

  function resetForm(u: User, done: () => void, cancel: () => void): HTMLElement {
    const pw = h('input', { id: `reset-${u.username}`, type: 'password', autocomplete: 'new-password', testid: 'user-reset-password' });
    const err = fieldError('user-reset-error-password');
    const ok = h('button', { class: 'btn btn-primary btn-small', type: 'submit', testid: 'user-reset-submit' }, 'Set password');
    const form = h('form', { class: 'form form-row', novalidate: true },
      formField({ id: `reset-${u.username}`, label: `New password for ${u.username}`, input: pw, error: err, help: `At least ${MIN_PASSWORD} characters.` }),
      h('div', { class: 'form-actions' }, ok, h('button', { class: 'btn btn-small', type: 'button', onclick: cancel }, 'Cancel')));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      showFieldError(err, null);
      const problem = passwordProblem(pw.value);
      if (problem) {
        showFieldError(err, problem);
        return;
      }
      void busy(ok, async () => {
        try {
          await api.put(`/users/${encodeURIComponent(u.username)}`, { password: pw.value });
          done();
        } catch (e) {
          showFieldError(err, (e instanceof ApiError && e.fieldErrors.map((f) => f.message).join('; ')) || messageOf(e));
        }
      });
    });
    return form;
  }

  void load();
};

/** Show server field errors at the matching fields; true if any was shown. */
function showErrorsAt(err: unknown, fields: Record<string, HTMLElement>): boolean {
  if (!(err instanceof ApiError)) return false;
  let shown = false;
  for (const fe of err.fieldErrors) {
    const el = fields[fe.field];
    if (el) {
      showFieldError(el, fe.message);
      shown = true;
    }
  }
  return shown;
}
