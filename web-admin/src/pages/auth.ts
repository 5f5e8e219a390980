// The two screens shown without a session: first-start setup and sign-in.
import { api, ApiError, messageOf } from '../api';
import { h, replace } from '../dom';
import type { Session } from '../types';
import { alertBox, busy, fieldError, formField, showFieldError } from '../ui';

export const MIN_PASSWORD = 12;
export const MAX_PASSWORD = 256;

function authFrame(title: string, intro: string, form: HTMLElement): HTMLElement {
  return h('div', { class: 'auth-page' },
    h('div', { class: 'auth-card' },
      h('div', { class: 'brand brand-large' }, h('span', { class: 'brand-mark' }), 'Bulwark'),
      h('h1', null, title),
      h('p', { class: 'muted' }, intro),
      form));
}

export function renderLogin(root: HTMLElement, onSignedIn: (s: Session) => void, notice?: string): void {
  document.title = 'Sign in · Bulwark';
  const username = h('input', { id: 'login-username', name: 'username', type: 'text', autocomplete: 'username', required: true, testid: 'login-username', autofocus: true });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true, testid: 'login-password' });
  const error = h('div', { class: 'alert alert-error', role: 'alert', testid: 'login-error', hidden: true });
  const submit = h('button', { class: 'btn btn-primary btn-block', type: 'submit', testid: 'login-submit' }, 'Sign in');

  const form = h('form', { class: 'form', novalidate: true },
    notice ? alertBox('info', notice, 'login-notice') : null,
    error,
    formField({ id: 'login-username', label: 'Username', input: username }),
    formField({ id: 'login-password', label: 'Password', input: password }),
    submit);

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    error.hidden = true;
    if (!username.value.trim() || !password.value) {
      showError('Enter your username and password.');
      return;
    }
    void busy(submit, async () => {
      try {
        const s = await api.post<Session>('/session', { username: username.value.trim(), password: password.value }, { allow401: true });
        onSignedIn(s);
      } catch (err) {
        password.value = '';
        showError(loginMessage(err));
        password.focus();
      }
    });
  });

  function showError(text: string) {
    error.textContent = text;
    error.hidden = false;
  }

  replace(root, authFrame('Sign in', 'Administration of this appliance.', form));
  username.focus();
}

export function loginMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 401) return err.problem.detail || 'Wrong username or password.';
    if (err.status === 429) {
      const base = err.problem.detail || 'Too many failed sign-in attempts; the account is locked for a while.';
      return err.retryAfter !== null ? `${base} Try again in ${err.retryAfter} seconds.` : base;
    }
  }
  return messageOf(err);
}

export function renderSetup(root: HTMLElement, onSignedIn: (s: Session) => void): void {
  document.title = 'First start · Bulwark';
  const token = h('input', { id: 'setup-token', type: 'text', autocomplete: 'off', spellcheck: 'false', required: true, testid: 'setup-token', autofocus: true });
  const username = h('input', { id: 'setup-username', type: 'text', autocomplete: 'username', required: true, value: 'admin', maxlength: 64, testid: 'setup-username' });
  const password = h('input', { id: 'setup-password', type: 'password', autocomplete: 'new-password', required: true, minlength: MIN_PASSWORD, maxlength: MAX_PASSWORD, testid: 'setup-password' });
  const password2 = h('input', { id: 'setup-password2', type: 'password', autocomplete: 'new-password', required: true, testid: 'setup-password2' });
  const errors = {
    token: fieldError('setup-error-token'),
    username: fieldError('setup-error-username'),
    password: fieldError('setup-error-password'),
    password2: fieldError('setup-error-password2'),
  };
  const summary = h('div', { class: 'alert alert-error', role: 'alert', testid: 'setup-error', hidden: true });
  const submit = h('button', { class: 'btn btn-primary btn-block', type: 'submit', testid: 'setup-submit' }, 'Create administrator and sign in');

  const form = h('form', { class: 'form', novalidate: true },
    summary,
    formField({ id: 'setup-token', label: 'Setup token', input: token, error: errors.token, required: true,
      help: 'Printed once on the appliance console and in its log at first start.' }),
    formField({ id: 'setup-username', label: 'Administrator username', input: username, error: errors.username, required: true,
      help: 'Letters, digits, dot, dash and underscore; up to 64 characters.' }),
    formField({ id: 'setup-password', label: 'Password', input: password, error: errors.password, required: true,
      help: `At least ${MIN_PASSWORD} characters.` }),
    formField({ id: 'setup-password2', label: 'Password again', input: password2, error: errors.password2, required: true }),
    submit);

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    for (const e of Object.values(errors)) showFieldError(e, null);
    summary.hidden = true;
    const problems = validateSetup(token.value, username.value, password.value, password2.value);
    for (const [field, msg] of Object.entries(problems)) showFieldError(errors[field as keyof typeof errors], msg);
    if (Object.keys(problems).length > 0) return;

    void busy(submit, async () => {
      const body = { token: token.value.trim(), username: username.value.trim(), password: password.value };
      try {
        await api.post('/setup', body, { allow401: true });
      } catch (err) {
        if (err instanceof ApiError) {
          for (const fe of err.fieldErrors) {
            const el = errors[fe.field as keyof typeof errors];
            if (el) showFieldError(el, fe.message);
          }
          if (err.status === 403) showFieldError(errors.token, err.problem.detail || 'The setup token is wrong or was already used.');
        }
        summary.textContent = messageOf(err);
        summary.hidden = false;
        return;
      }
      try {
        onSignedIn(await api.post<Session>('/session', { username: body.username, password: body.password }, { allow401: true }));
      } catch (err) {
        renderLogin(root, onSignedIn, `The administrator was created, but signing in failed: ${loginMessage(err)}`);
      }
    });
  });

  replace(root, authFrame('Welcome to Bulwark',
    'This appliance has no users yet. Create the first administrator with the setup token.', form));
  token.focus();
}

/** Client-side checks of the setup form; the server checks again. Keys are the form's fields. */
export function validateSetup(token: string, username: string, password: string, password2: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!token.trim()) out['token'] = 'Enter the setup token.';
  const u = username.trim();
  if (!u) out['username'] = 'Enter a username.';
  else if (!/^[A-Za-z0-9._-]{1,64}$/.test(u)) out['username'] = 'Use 1 to 64 letters, digits, dots, dashes or underscores.';
  if (password.length < MIN_PASSWORD) out['password'] = `The password needs at least ${MIN_PASSWORD} characters.`;
  else if (password.length > MAX_PASSWORD) out['password'] = `The password can have at most ${MAX_PASSWORD} characters.`;
  if (password2 !== password) out['password2'] = 'The two passwords are not the same.';
  return out;
}
