#!/usr/bin/env node
// Browser test driver for the Bulwark web admin, run against a real appliance.
//
//   node e2e/admin-ui.mjs <scenario>
//
// Environment: BULWARK_URL (https://127.0.0.1:18443), BULWARK_USER, BULWARK_PASSWORD,
// BULWARK_SETUP_TOKEN, SCREENSHOT_DIR (default: current folder), WAIT_MS (default 20000),
// TIMEOUT_MS (whole scenario, default 120000), CHROMIUM (default /usr/bin/chromium), and per
// scenario: EXPECT_TEXT, EXPECT_OUTSIDE_MEDIA (call-record: the trunk leg's media as the API writes it,
// e.g. AES_CM_128_HMAC_SHA1_80 or RTP), CONFIG_PID, CONFIG_KEY, CONFIG_VALUE, EXPECT_VALUE, EXPECT_FINGERPRINT,
// AUDITOR_USER, AUDITOR_PASSWORD, BAN_SCOPE, BAN_REASON, BAN_TTL, ALLOW_SCOPE, ALLOW_LABEL, ALLOW_RATE,
// EXPECT_SOURCE, EXPECT_KIND (a kind such as sip.scanner, or a family ending with a dot such as sip.),
// TOLL_KEY, TOLL_VALUE, BAD_KEY, BAD_VALUE (keys of io.bulwark.inspection.toll, e.g. denied.prefixes
// and office.hours; lists comma-separated, checkbox groups as the checked items, e.g. inside,outside;
// TOLL_VALUE and BAD_VALUE may be empty: the field is cleared), BULWARK_EXPECT_MEDIA_SESSIONS (at least
// this many media lines) and BULWARK_EXPECT_OUTSIDE_SUITE (an outside leg with this encryption, e.g.
// AES_CM_128_HMAC_SHA1_80 or RTP).
//
// Exit code 0 on success. On failure: the reason on stdout ("FAIL <scenario>: ..."), a screenshot
// failure-<scenario>.png in SCREENSHOT_DIR, exit code 1. Progress goes to stderr, so that stdout
// of `first-paint` is exactly one JSON line.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const env = process.env;
const BASE = (env.BULWARK_URL || 'https://127.0.0.1:8443').replace(/\/+$/, '');
const SHOTS = env.SCREENSHOT_DIR || '.';
const WAIT_MS = Number(env.WAIT_MS || 20000);
const TIMEOUT_MS = Number(env.TIMEOUT_MS || 120000);
const STEP_MS = 10000;

const log = (...args) => console.error('[admin-ui]', ...args);

function need(name) {
  const v = env[name];
  if (v === undefined || v === '') throw new Error(`environment variable ${name} is not set`);
  return v;
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// ---------------------------------------------------------------- browser

async function launch() {
  const browser = await chromium.launch({
    executablePath: env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-extensions',
      '--metrics-recording-only', '--no-default-browser-check'],
  });
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1366, height: 900 } });
  context.setDefaultTimeout(STEP_MS);
  const page = await context.newPage();
  // A CSP violation or an uncaught script error fails the scenario even if the page looked right.
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    log('browser console:', msg.text());
    if (/Content Security Policy/i.test(msg.text())) problems.push(`CSP violation: ${msg.text()}`);
  });
  page.on('pageerror', (err) => { log('page error:', err.message); problems.push(`script error: ${err.message}`); });
  return { browser, page, problems };
}

async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  const file = join(SHOTS, name);
  await page.evaluate(() => window.scrollTo(0, 0)).catch(() => undefined);
  await page.screenshot({ path: file, fullPage: true });
  log('screenshot', file);
}

const tid = (page, id) => page.getByTestId(id, { exact: true });

// ---------------------------------------------------------------- shared steps

async function login(page, user = need('BULWARK_USER'), password = need('BULWARK_PASSWORD')) {
  await page.goto(`${BASE}/#/dashboard`);
  await tid(page, 'login-username').fill(user);
  await tid(page, 'login-password').fill(password);
  await tid(page, 'login-submit').click();
  const outcome = await Promise.race([
    tid(page, 'current-user').waitFor().then(() => 'ok'),
    tid(page, 'login-error').waitFor().then(() => 'error'),
  ]);
  if (outcome === 'error') throw new Error(`login refused: ${await tid(page, 'login-error').innerText()}`);
  await expectUser(page, user);
  log('signed in as', user);
}

async function expectUser(page, user) {
  const shown = await tid(page, 'current-user').innerText();
  check(shown.includes(user), `header shows "${shown}", not the user ${user}`);
}

async function expectDashboard(page) {
  await tid(page, 'active-calls').waitFor();
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="active-calls"]');
    return el && /\d/.test(el.textContent || '');
  }, null, { timeout: STEP_MS });
  check(new URL(page.url()).hash === '#/dashboard', `expected the dashboard, at ${page.url()}`);
}

async function nav(page, id) {
  await tid(page, `nav-${id}`).click();
  await page.waitForFunction((h) => location.hash.startsWith(h), `#/${id}`);
}

/** Wait until `locator` has at least one element, clicking `refresh` (if any) between looks. */
async function waitForRows(page, locator, what, refreshId) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    if (await locator.count() > 0) return;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${WAIT_MS} ms`);
    await page.waitForTimeout(1000);
    if (refreshId && await tid(page, refreshId).isVisible()) await tid(page, refreshId).click();
  }
}

async function openConfig(page, pid) {
  await nav(page, 'config');
  await tid(page, `config-item-${pid}`).click();
  await tid(page, 'config-form').waitFor();
}

/** Set a configuration field to a value, whatever input it is. */
async function setField(page, key, value) {
  const field = tid(page, `config-field-${key}`);
  await field.waitFor();
  const kind = await field.evaluate((el) => `${el.tagName.toLowerCase()}:${el.getAttribute('type') || ''}`);
  if (kind.startsWith('select')) await field.selectOption(value);
  else if (kind === 'input:checkbox') await field.setChecked(value === 'true');
  else if (kind.startsWith('textarea')) await field.fill(value.split(',').join('\n'));
  else await field.fill(value);
}

async function fieldValue(page, key) {
  const field = tid(page, `config-field-${key}`);
  await field.waitFor();
  return field.evaluate((el) => (el instanceof HTMLInputElement && el.type === 'checkbox' ? String(el.checked) : el.value));
}

// ---------------------------------------------------------------- bans page

/**
 * The scopes the Bans page may show for what was typed: the text itself, and with /32 (IPv4) or
 * /128 (IPv6) added when it has no prefix length (the appliance writes every scope as CIDR).
 */
function scopeCandidates(scope) {
  const s = scope.trim();
  return s.includes('/') ? [s] : [s, `${s}/${s.includes(':') ? 128 : 32}`];
}

/** The data-scope of the first `rowId` row matching one of `candidates`, or null. */
async function rowScope(page, rowId, candidates) {
  const scopes = await page.locator(`[data-testid="${rowId}"]`).evaluateAll((els) => els.map((el) => el.getAttribute('data-scope')));
  return candidates.find((c) => scopes.includes(c)) ?? null;
}

const rowOf = (page, rowId, scope) => page.locator(`[data-testid="${rowId}"][data-scope=${JSON.stringify(scope)}]`);

/** Wait (WAIT_MS; the page refreshes itself every 5 s) for a row of one of the candidate scopes; returns its scope. */
async function waitForScope(page, rowId, candidates) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const found = await rowScope(page, rowId, candidates);
    if (found) return found;
    if (Date.now() > deadline) {
      const shown = await page.locator(`[data-testid="${rowId}"]`).evaluateAll((els) => els.map((el) => el.getAttribute('data-scope')));
      throw new Error(`no ${rowId} for ${candidates.join(' or ')} within ${WAIT_MS} ms (shown: ${shown.join(', ') || 'none'})`);
    }
    await page.waitForTimeout(500);
  }
}

/** Click "<prefix><scope>", then "<prefix>confirm-<scope>", and wait until the row is gone (or its error shows). */
async function removeWithConfirm(page, rowId, scope, prefix) {
  await tid(page, `${prefix}${scope}`).click();
  await tid(page, `${prefix}confirm-${scope}`).click();
  const deadline = Date.now() + STEP_MS;
  for (;;) {
    const row = rowOf(page, rowId, scope);
    if (await row.count() === 0) return;
    const error = row.locator('.row-msg .alert-error');
    if (await error.count() > 0) throw new Error(`${prefix}${scope} refused: ${(await error.first().innerText()).trim()}`);
    if (Date.now() > deadline) throw new Error(`the ${rowId} of ${scope} is still there ${STEP_MS} ms after confirming`);
    await page.waitForTimeout(200);
  }
}

/** Wait until the Bans page has loaded its lists once ("Updated hh:mm:ss" is shown). */
async function bansLoaded(page) {
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="bans-updated"]');
    return el && (el.textContent || '').trim() !== '';
  }, null, { timeout: STEP_MS });
}

/** Reload the Bans page and wait until its lists have loaded. */
async function reloadBans(page) {
  await page.reload();
  await bansLoaded(page);
}

/** Submit a form and wait for its success box or one of its errors (summary or at a field). */
async function submitForm(page, submitId, okId, errorPrefix) {
  await tid(page, submitId).click();
  const errors = page.locator(`[data-testid^="${errorPrefix}"]:visible`);
  const outcome = await Promise.race([
    tid(page, okId).waitFor().then(() => 'ok'),
    errors.first().waitFor().then(() => 'error'),
  ]);
  if (outcome === 'error') {
    const texts = await errors.evaluateAll((els) => els.map((el) => `${el.getAttribute('data-testid')}: ${el.innerText.trim().replace(/\s*\n\s*/g, ' ')}`));
    throw new Error(`refused: ${texts.join('; ')}`);
  }
  return tid(page, okId).getAttribute('data-scope');
}

/** Which of the named locators shows up first (within STEP_MS); 'timeout' when none does. */
async function firstOf(locators) {
  const entries = Object.entries(locators);
  let failed = 0;
  return new Promise((resolve) => {
    for (const [name, locator] of entries) {
      locator.waitFor().then(() => resolve(name), () => {
        failed += 1;
        if (failed === entries.length) resolve('timeout');
      });
    }
  });
}

/** Wait (WAIT_MS; the dashboard refreshes itself every 5 s) for the top-sources-row of `source`. */
async function waitForTopSource(page, source) {
  const deadline = Date.now() + WAIT_MS;
  const row = tid(page, 'top-sources-row').filter({ hasText: source });
  for (;;) {
    if (await row.count() > 0) return row.first();
    if (Date.now() > deadline) {
      const note = tid(page, 'top-sources-error');
      const why = await note.count() > 0 ? `: ${(await note.innerText()).trim()}` : '';
      const shown = await tid(page, 'top-sources-row').evaluateAll((els) => els.map((el) => el.getAttribute('data-source')));
      throw new Error(`no top-sources-row for ${source} within ${WAIT_MS} ms (shown: ${shown.join(', ') || 'none'})${why}`);
    }
    await page.waitForTimeout(500);
  }
}

// ---------------------------------------------------------------- events and policies pages

/** The events-row elements of a kind, or of a family of kinds ("sip." matches sip.scanner). */
function eventRows(page, kind) {
  const op = kind.endsWith('.') ? '^=' : '=';
  return page.locator(`[data-testid="events-row"][data-kind${op}${JSON.stringify(kind)}]`);
}

/** Wait (WAIT_MS, clicking Refresh each second: events reach the store in batches) for rows of the kind. */
async function waitForEvents(page, kind) {
  const deadline = Date.now() + WAIT_MS;
  const rows = eventRows(page, kind);
  for (;;) {
    if (await rows.count() > 0) return rows;
    if (Date.now() > deadline) {
      const error = tid(page, 'events-error');
      const why = await error.count() > 0 ? `: ${(await error.innerText()).trim()}` : '';
      const shown = await tid(page, 'events-row').evaluateAll((els) => els.map((el) => el.getAttribute('data-kind')));
      throw new Error(`no events-row of kind ${kind} within ${WAIT_MS} ms (shown: ${[...new Set(shown)].join(', ') || 'none'})${why}`);
    }
    await page.waitForTimeout(1000);
    await tid(page, 'events-refresh').click();
  }
}

/** Open the Policies page (or reload it) and wait until the toll-fraud form has loaded. */
async function policiesLoaded(page) {
  const outcome = await firstOf({
    ok: page.locator('[data-testid="policy-form-toll"] [data-testid^="policy-toll-"]').first(),
    error: tid(page, 'policy-load-error-toll'),
  });
  if (outcome === 'error') throw new Error(`the toll-fraud settings did not load: ${(await tid(page, 'policy-load-error-toll').innerText()).trim()}`);
  if (outcome === 'timeout') throw new Error(`the toll-fraud settings did not load within ${STEP_MS} ms`);
}

/** The checkboxes of a checkbox list (a fieldset, or a column of the methods/schemes matrix). */
const policyBoxes = (page, form, key) => page.locator(`[data-testid^="policy-${form}-${key}-"][data-item]`);

/** Set a policy field to a value, whatever input it is (lists comma-separated). */
async function setPolicy(page, form, key, value) {
  const field = tid(page, `policy-${form}-${key}`);
  const kind = await field.count() > 0
    ? await field.evaluate((el) => `${el.tagName.toLowerCase()}:${el.getAttribute('type') || ''}`)
    : 'checks';
  if (kind.startsWith('select')) await field.selectOption(value);
  else if (kind === 'input:checkbox') await field.setChecked(value === 'true');
  else if (kind.startsWith('fieldset') || kind === 'checks') {
    const want = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const boxes = policyBoxes(page, form, key);
    const n = await boxes.count();
    check(n > 0, `no input policy-${form}-${key}`);
    for (let i = 0; i < n; i++) await boxes.nth(i).setChecked(want.includes(await boxes.nth(i).getAttribute('data-item')));
  } else {
    await field.fill(value);
    await field.dispatchEvent('change');
  }
}

/** What a policy field shows: its text, true/false, or the checked items joined with commas. */
async function policyValue(page, form, key) {
  const field = tid(page, `policy-${form}-${key}`);
  const tag = await field.count() > 0 ? await field.evaluate((el) => el.tagName.toLowerCase()) : 'checks';
  if (tag === 'fieldset' || tag === 'checks') {
    return policyBoxes(page, form, key).evaluateAll((els) => els.filter((el) => el.checked).map((el) => el.getAttribute('data-item')).join(','));
  }
  return field.evaluate((el) => (el instanceof HTMLInputElement && el.type === 'checkbox' ? String(el.checked) : el.value));
}

/** A list value without spaces and blanks, to compare what was typed with what is shown. */
const sameList = (a, b) => {
  const norm = (s) => s.split(/[,\n]/).map((x) => x.trim()).filter((x) => x !== '').join(',');
  return norm(a) === norm(b);
};

// ---------------------------------------------------------------- media page

/** Wait until the Media page has loaded the sessions once; fails with the page's note when it could not. */
async function mediaLoaded(page) {
  const state = await page.waitForFunction(() => {
    if (document.querySelector('[data-testid="media-error"]')) return 'error';
    const el = document.querySelector('[data-testid="media-updated"]');
    return el && (el.textContent || '').trim() !== '' ? 'ok' : null;
  }, null, { timeout: STEP_MS });
  if (await state.jsonValue() === 'error') {
    throw new Error(`the media sessions did not load: ${(await tid(page, 'media-error').innerText()).trim()}`);
  }
}

/** The data-encryption of the outside leg of every media-row. */
const outsideSuites = (page) => page.locator('[data-testid="media-row"] [data-testid="media-leg-outside"]')
  .evaluateAll((els) => els.map((el) => el.getAttribute('data-encryption')));

/** Wait (WAIT_MS; the page refreshes itself every 3 s) for at least `n` media-row, one with `suite` on its outside leg if given. */
async function waitForMedia(page, n, suite) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const rows = await tid(page, 'media-row').count();
    const suites = await outsideSuites(page);
    if (rows >= n && (!suite || suites.includes(suite))) return rows;
    if (Date.now() > deadline) {
      const error = tid(page, 'media-error');
      const why = await error.count() > 0 ? `: ${(await error.innerText()).trim()}` : '';
      throw new Error(rows < n
        ? `${rows} media-row(s) within ${WAIT_MS} ms, expected at least ${n}${why}`
        : `no media-row whose outside leg is ${suite} within ${WAIT_MS} ms (outside legs: ${suites.join(', ') || 'none'})${why}`);
    }
    await page.waitForTimeout(500);
  }
}

/** Wait until the encryption policy form has loaded (fails with its note when it could not). */
async function mediaPolicyLoaded(page, key) {
  const outcome = await firstOf({
    ok: tid(page, `media-policy-${key}`),
    error: tid(page, 'media-policy-load-error'),
    missing: tid(page, `media-policy-missing-${key}`),
  });
  if (outcome === 'ok') return;
  if (outcome === 'timeout') throw new Error(`the encryption policy did not load within ${STEP_MS} ms`);
  const id = outcome === 'error' ? 'media-policy-load-error' : `media-policy-missing-${key}`;
  throw new Error(`no encryption policy ${key}: ${(await tid(page, id).innerText()).trim()}`);
}

/** How a media setting is edited: 'radio' (a fieldset of choices), 'checkbox' (a Boolean) or 'text'. */
const mediaFieldKind = (field) => field.evaluate((el) => (el.tagName.toLowerCase() === 'fieldset' ? 'radio'
  : el instanceof HTMLInputElement && el.type === 'checkbox' ? 'checkbox' : 'text'));

/** The value a setting shows: the checked choice (radio buttons), "true"/"false" (checkbox), or the text (no options in the metatype). */
async function mediaPolicyValue(page, key) {
  const field = tid(page, `media-policy-${key}`);
  const kind = await mediaFieldKind(field);
  if (kind === 'checkbox') return String(await field.isChecked());
  if (kind === 'text') return field.inputValue();
  return field.locator('input[type="radio"]').evaluateAll((els) => els.find((el) => el.checked)?.value ?? '');
}

async function setMediaPolicy(page, key, value) {
  const field = tid(page, `media-policy-${key}`);
  const kind = await mediaFieldKind(field);
  if (kind === 'checkbox') {
    check(value === 'true' || value === 'false', `${key} is a checkbox: true or false, not "${value}"`);
    await field.setChecked(value === 'true');
    return;
  }
  if (kind === 'text') {
    await field.fill(value);
    return;
  }
  const choice = tid(page, `media-policy-${key}-${value}`);
  if (await choice.count() === 0) {
    const offered = await field.locator('input[type="radio"]').evaluateAll((els) => els.map((el) => el.value));
    throw new Error(`${key} offers no ${value} (offered: ${offered.join(', ') || 'nothing'})`);
  }
  await choice.check();
}

/** Save the policy form; 'saved' or 'unchanged', else throws with what the page says. */
async function saveMediaPolicy(page) {
  await tid(page, 'media-policy-save').click();
  const outcome = await firstOf({
    saved: tid(page, 'media-policy-saved'), unchanged: tid(page, 'media-policy-unchanged'), error: tid(page, 'media-policy-error'),
  });
  if (outcome === 'error') throw new Error(`save refused: ${(await tid(page, 'media-policy-error').innerText()).trim().replace(/\s*\n\s*/g, ' ')}`);
  if (outcome === 'timeout') throw new Error(`no answer to saving the encryption policy within ${STEP_MS} ms`);
  return outcome;
}

/** Set a policy, save, reload the page and check that it shows the value. */
async function changeMediaPolicy(page, key, value) {
  await setMediaPolicy(page, key, value);
  const outcome = await saveMediaPolicy(page);
  log(outcome === 'unchanged' ? `${key} already was ${value}` : `${key} saved as ${value}`);
  await page.reload();
  await mediaPolicyLoaded(page, key);
  const now = await mediaPolicyValue(page, key);
  check(now === value, `after reload, ${key} shows "${now}", not "${value}"`);
}

/**
 * Set several media settings at once ({ key: value }), save them in one go, reload the page and check
 * that each shows its value. `saved` (optional) lists texts the success message must hold.
 */
async function changeMediaSettings(page, values, saved = []) {
  const keys = Object.keys(values);
  for (const key of keys) await setMediaPolicy(page, key, values[key]);
  const what = keys.map((k) => `${k} = ${values[k]}`).join(', ');
  const outcome = await saveMediaPolicy(page);
  if (outcome === 'unchanged') {
    log(`${what}: already so`);
  } else {
    const message = (await tid(page, 'media-policy-saved').innerText()).trim().replace(/\s+/g, ' ');
    for (const text of saved) check(message.includes(text), `the saved message does not name "${text}": ${message}`);
    log(`saved ${what}: ${message}`);
  }
  await page.reload();
  for (const key of keys) {
    await mediaPolicyLoaded(page, key);
    const now = await mediaPolicyValue(page, key);
    check(now === values[key], `after reload, ${key} shows "${now}", not "${values[key]}"`);
  }
}

// ---------------------------------------------------------------- scenarios

const scenarios = {
  async setup(page) {
    await page.goto(`${BASE}/`);
    await tid(page, 'setup-token').fill(need('BULWARK_SETUP_TOKEN'));
    await tid(page, 'setup-username').fill(need('BULWARK_USER'));
    await tid(page, 'setup-password').fill(need('BULWARK_PASSWORD'));
    await tid(page, 'setup-password2').fill(need('BULWARK_PASSWORD'));
    await tid(page, 'setup-submit').click();
    await tid(page, 'current-user').waitFor();
    await expectUser(page, need('BULWARK_USER'));
    await expectDashboard(page);
    await screenshot(page, 'dashboard.png');
  },

  async login(page) {
    await login(page);
    await expectDashboard(page);
  },

  async 'live-call'(page) {
    await login(page);
    await nav(page, 'calls');
    await tid(page, 'calls-table').waitFor({ state: 'attached' });
    await waitForRows(page, tid(page, 'calls-row'), 'live call');
    await screenshot(page, 'calls.png');
  },

  async 'call-record'(page) {
    const text = need('EXPECT_TEXT');
    await login(page);
    await nav(page, 'records');
    await waitForRows(page, tid(page, 'records-row').filter({ hasText: text }), `call record containing "${text}"`, 'records-refresh');
    const media = env.EXPECT_OUTSIDE_MEDIA;
    if (media) {
      // The media is recorded when the call is answered, so the row may show up before it carries it.
      const leg = page.locator(`[data-testid="records-media-outside"][data-media=${JSON.stringify(media)}]`);
      await waitForRows(page, tid(page, 'records-row').filter({ hasText: text }).filter({ has: leg }),
        `call record containing "${text}" with outside media ${media}`, 'records-refresh');
    }
    await screenshot(page, 'records.png');
  },

  async 'change-port'(page) {
    const [pid, key, value] = [need('CONFIG_PID'), need('CONFIG_KEY'), need('CONFIG_VALUE')];
    await login(page);
    await openConfig(page, pid);
    await setField(page, key, value);
    await tid(page, 'config-save').click();
    const outcome = await Promise.race([
      tid(page, 'config-saved').waitFor().then(() => 'saved'),
      tid(page, 'config-error').waitFor().then(() => 'error'),
    ]);
    if (outcome === 'error') throw new Error(`save refused: ${await tid(page, 'config-error').innerText()}`);
    const now = await fieldValue(page, key);
    check(now === value, `after saving, ${key} shows "${now}", not "${value}"`);
    await screenshot(page, 'config.png');
  },

  async 'bad-value'(page) {
    const [pid, key, value, expected] = [need('CONFIG_PID'), need('CONFIG_KEY'), need('CONFIG_VALUE'), need('EXPECT_VALUE')];
    await login(page);
    await openConfig(page, pid);
    await setField(page, key, value);
    await tid(page, 'config-save').click();
    const error = tid(page, `config-error-${key}`);
    await error.waitFor();
    const message = (await error.innerText()).trim();
    check(message.length > 0, `the error of ${key} is empty`);
    check(await tid(page, 'config-saved').count() === 0, 'the page says saved although an error was shown');
    log(`error shown at ${key}: ${message}`);
    await screenshot(page, 'config-error.png');
    await page.reload();
    await tid(page, 'config-form').waitFor();
    const now = await fieldValue(page, key);
    check(now === expected, `after reload, ${key} shows "${now}", expected "${expected}"`);
  },

  async auditor(page) {
    const text = need('EXPECT_TEXT');
    const pid = need('CONFIG_PID');
    await login(page, env.AUDITOR_USER || need('BULWARK_USER'), env.AUDITOR_PASSWORD || need('BULWARK_PASSWORD'));
    check(await tid(page, 'nav-users').count() === 0, 'the Users entry is shown to an auditor');
    await nav(page, 'audit');
    await waitForRows(page, tid(page, 'audit-row').filter({ hasText: text }), `audit entry containing "${text}"`, 'audit-refresh');
    await screenshot(page, 'audit-as-auditor.png');
    await openConfig(page, pid);
    await tid(page, 'config-readonly').waitFor();
    check(await tid(page, 'config-save').count() === 0, 'an auditor sees a save button');
    const inputs = page.locator('[data-testid="config-form"] :is(input, select, textarea)');
    const n = await inputs.count();
    check(n > 0, `the configuration form of ${pid} has no fields`);
    for (let i = 0; i < n; i++) {
      check(await inputs.nth(i).isDisabled(), `field ${await inputs.nth(i).getAttribute('data-testid')} is editable for an auditor`);
    }
    // Bans: read-only, no ban, unban or allow-list controls.
    await nav(page, 'bans');
    await tid(page, 'bans-readonly').waitFor();
    await bansLoaded(page);
    await tid(page, 'allow-readonly').waitFor();
    for (const id of ['ban-form', 'ban-submit', 'allow-form', 'allow-submit']) {
      check(await tid(page, id).count() === 0, `an auditor sees ${id}`);
    }
    check(await page.locator('[data-testid^="unban-"], [data-testid^="allow-remove-"]').count() === 0,
      'an auditor sees unban or allow-list remove buttons');
  },

  async unban(page) {
    const candidates = scopeCandidates(need('BAN_SCOPE'));
    await login(page);
    await nav(page, 'bans');
    await tid(page, 'enforcement-state').waitFor();
    const scope = await waitForScope(page, 'bans-row', candidates);
    log(`ban of ${scope} shown`);
    await screenshot(page, 'bans.png');
    await removeWithConfirm(page, 'bans-row', scope, 'unban-');
    log(`ban of ${scope} lifted`);
    // Still gone after the page's next refresh, and after loading the page again.
    const before = await tid(page, 'bans-updated').innerText();
    await page.waitForFunction((prev) => {
      const el = document.querySelector('[data-testid="bans-updated"]');
      return el && el.textContent !== prev;
    }, before, { timeout: STEP_MS });
    check(await rowOf(page, 'bans-row', scope).count() === 0, `${scope} is back in the list after a refresh`);
    await reloadBans(page);
    check(await rowOf(page, 'bans-row', scope).count() === 0, `${scope} is back in the list after reloading the page`);
  },

  async ban(page) {
    const typed = need('BAN_SCOPE');
    const reason = env.BAN_REASON || 'test';
    await login(page);
    await nav(page, 'bans');
    await tid(page, 'ban-scope').fill(typed);
    if (env.BAN_TTL) {
      const presets = await tid(page, 'ban-ttl').evaluate((el) => Array.from(el.options, (o) => o.value));
      const choice = presets.includes(env.BAN_TTL) ? env.BAN_TTL : 'custom';
      await tid(page, 'ban-ttl').selectOption(choice);
      if (choice === 'custom') await tid(page, 'ban-ttl-custom').fill(env.BAN_TTL);
    }
    await tid(page, 'ban-reason').fill(reason);
    const added = await submitForm(page, 'ban-submit', 'ban-added', 'ban-error');
    const scope = await waitForScope(page, 'bans-row', added ? [added] : scopeCandidates(typed));
    const text = await rowOf(page, 'bans-row', scope).innerText();
    check(text.includes(reason), `the ban of ${scope} does not show the reason "${reason}": ${text}`);
    log(`banned ${scope}`);
    await screenshot(page, 'ban.png');
  },

  async allow(page) {
    const typed = need('ALLOW_SCOPE');
    const label = env.ALLOW_LABEL || 'test';
    await login(page);
    await nav(page, 'bans');
    await tid(page, 'enforcement-state').waitFor();
    if (await tid(page, 'allow-readonly').count() > 0) throw new Error(`${need('BULWARK_USER')} is not an administrator: no allow-list form`);
    await tid(page, 'allow-scope').fill(typed);
    await tid(page, 'allow-label').fill(label);
    if (env.ALLOW_RATE) await tid(page, 'allow-rate').fill(env.ALLOW_RATE);
    const added = await submitForm(page, 'allow-submit', 'allow-added', 'allow-error');
    const scope = await waitForScope(page, 'allow-row', added ? [added] : scopeCandidates(typed));
    const text = await rowOf(page, 'allow-row', scope).innerText();
    check(text.includes(label), `the allow-list entry ${scope} does not show the label "${label}": ${text}`);
    log(`allow-listed ${scope}`);
    await screenshot(page, 'allow.png');
  },

  async attacks(page) {
    const source = need('EXPECT_SOURCE');
    await login(page);
    await expectDashboard(page);
    await tid(page, 'attacks-chart').waitFor();
    // The dashboard refreshes itself every 5 s; a failed summary shows a note instead of the rows.
    const row = await waitForTopSource(page, source);
    check(await row.locator('a[href="#/bans"]').count() > 0, `the source ${source} does not link to the Bans page`);
    log(`top source ${source}: ${(await row.innerText()).trim().replace(/\s+/g, ' ')}`);
    await screenshot(page, 'attacks.png');
  },

  async events(page) {
    const source = need('EXPECT_SOURCE');
    const kind = need('EXPECT_KIND');
    await login(page);
    await expectDashboard(page);
    await waitForTopSource(page, source);
    await screenshot(page, 'dashboard-attack.png');
    // Follow the source's event count to the Events page filtered by it. The dashboard refreshes
    // every 5 s and replaces its rows, so look the row up again right before clicking.
    const link = tid(page, 'top-sources-row').filter({ hasText: source }).first().getByTestId('top-sources-events');
    if (await link.count() > 0) await link.click();
    else await page.goto(`${BASE}/#/events?source=${encodeURIComponent(source)}`);
    await page.waitForFunction(() => location.hash.startsWith('#/events?'));
    await tid(page, 'events-table').waitFor();
    const filter = await tid(page, 'events-filter-source').inputValue();
    check(filter === source, `the Events page is filtered by "${filter}", not by ${source}`);
    const rows = await waitForEvents(page, kind);
    const first = rows.first();
    const id = await first.getAttribute('data-event-id');
    log(`${await rows.count()} event(s) of ${kind} from ${source}; first: ${(await first.innerText()).trim().replace(/\s+/g, ' ').slice(0, 160)}`);
    await screenshot(page, 'events.png');
    await first.click();
    await page.waitForFunction((h) => location.hash === h, `#/events/${id}`);
    await tid(page, 'event-detail').waitFor();
    const evidence = await tid(page, 'event-evidence').evaluate((el) => (el.textContent || '').trim());
    check(evidence.length > 0, `the evidence of event ${id} is empty`);
    const outcome = await firstOf({ ladder: tid(page, 'event-ladder'), missing: tid(page, 'ladder-missing'), error: tid(page, 'ladder-error') });
    if (outcome !== 'ladder') {
      const why = outcome === 'timeout' ? `nothing within ${STEP_MS} ms` : (await tid(page, `ladder-${outcome}`).innerText()).trim();
      throw new Error(`event ${id} shows no ladder (${outcome}): ${why}`);
    }
    const arrows = await page.locator('[data-testid="event-ladder"] [data-testid="ladder-arrow"]').count();
    check(arrows > 0, `the ladder of event ${id} has no ladder-arrow`);
    const evidenceArrows = await page.locator('[data-testid="event-ladder"] [data-testid="ladder-arrow"][data-evidence="true"]').count();
    const partial = await tid(page, 'ladder-partial').count() > 0;
    log(`event ${id}: ${arrows} message(s) in the ladder, ${evidenceArrows} marked as evidence${partial ? ', partial trace' : ''}`);
    await screenshot(page, 'event-ladder.png');
  },

  async 'toll-rule'(page) {
    const key = need('TOLL_KEY');
    // May be empty (set but blank): the list is emptied.
    const value = env.TOLL_VALUE ?? need('TOLL_VALUE');
    await login(page);
    await nav(page, 'policies');
    await policiesLoaded(page);
    if (await tid(page, 'policy-readonly').count() > 0) throw new Error(`${need('BULWARK_USER')} is not an administrator: the policies are read-only`);
    if (env.BAD_KEY) {
      // A bad value is refused at its field, before anything is sent.
      const [badKey, badValue] = [env.BAD_KEY, env.BAD_VALUE ?? ''];
      const before = await policyValue(page, 'toll', badKey);
      await setPolicy(page, 'toll', badKey, badValue);
      await tid(page, 'policy-save-toll').click();
      const error = tid(page, `policy-error-toll-${badKey}`);
      const refused = await firstOf({ error, saved: tid(page, 'policy-saved-toll'), unchanged: tid(page, 'policy-unchanged-toll') });
      if (refused !== 'error') {
        const other = await page.locator('[data-testid^="policy-error-toll-"]:visible').evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')));
        throw new Error(`${badKey} = "${badValue}" was not refused at the field (${refused}${other.length ? `; errors shown: ${other.join(', ')}` : ''})`);
      }
      const message = (await error.innerText()).trim();
      check(message.length > 0, `the error of ${badKey} is empty`);
      await page.waitForTimeout(500);
      check(await tid(page, 'policy-saved-toll').count() === 0, `the page says saved although ${badKey} = ${badValue} was refused`);
      log(`error shown at ${badKey}: ${message}`);
      await screenshot(page, 'policies-error.png');
      await setPolicy(page, 'toll', badKey, before);
    }
    await setPolicy(page, 'toll', key, value);
    await tid(page, 'policy-save-toll').click();
    const outcome = await firstOf({ saved: tid(page, 'policy-saved-toll'), error: tid(page, 'policy-error-summary-toll'), unchanged: tid(page, 'policy-unchanged-toll') });
    if (outcome === 'error') throw new Error(`save refused: ${(await tid(page, 'policy-error-summary-toll').innerText()).trim().replace(/\s*\n\s*/g, ' ')}`);
    if (outcome === 'unchanged') log(`${key} already was ${value}`);
    else if (outcome !== 'saved') throw new Error(`no answer to saving within ${STEP_MS} ms`);
    await page.reload();
    await policiesLoaded(page);
    const now = await policyValue(page, 'toll', key);
    check(sameList(now, value), `after reload, ${key} shows "${now}", not "${value}"`);
    await screenshot(page, 'policies.png');
  },

  async media(page) {
    const wanted = env.BULWARK_EXPECT_MEDIA_SESSIONS ?? '';
    check(wanted === '' || /^\d+$/.test(wanted), `BULWARK_EXPECT_MEDIA_SESSIONS must be a number, not "${wanted}"`);
    const suite = env.BULWARK_EXPECT_OUTSIDE_SUITE || '';
    // A suite to look for needs a row to look at.
    const rowsWanted = Math.max(Number(wanted || 0), suite ? 1 : 0);
    await login(page);
    await nav(page, 'media');
    await mediaLoaded(page);
    if (rowsWanted > 0) await waitForMedia(page, rowsWanted, suite);
    const rows = await tid(page, 'media-row').count();
    if (rows === 0) {
      check(await tid(page, 'media-empty').isVisible(), 'no media-row and no media-empty note');
    } else {
      check(await tid(page, 'media-table').isVisible(), `${rows} media-row(s) but the media-table is hidden`);
      if (suite) {
        const leg = page.locator(`[data-testid="media-row"] [data-testid="media-leg-outside"][data-encryption=${JSON.stringify(suite)}]`).first();
        const text = (await leg.innerText()).trim();
        check(text.includes(suite), `the outside leg of ${suite} does not show it: ${text.replace(/\s+/g, ' ')}`);
      }
    }
    log(`${rows} media line(s) shown; outside legs: ${(await outsideSuites(page)).join(', ') || 'none'}`);
    await screenshot(page, 'media.png');

    // The outside policy: srtp-required, saved, still there after a reload; then back to what it was.
    const key = 'outside.policy';
    const target = 'srtp-required';
    await mediaPolicyLoaded(page, key);
    if (await tid(page, 'media-policy-readonly').count() > 0) throw new Error(`${need('BULWARK_USER')} is not an administrator: the encryption policy is read-only`);
    const before = await mediaPolicyValue(page, key);
    log(`${key} is ${before || '(not set)'}`);
    let failure = null;
    try {
      await changeMediaPolicy(page, key, target);
      await screenshot(page, 'media-policy.png');
    } catch (err) {
      failure = err;
    }
    if (before !== '' && before !== target) {
      try {
        await page.reload();
        await mediaPolicyLoaded(page, key);
        await changeMediaPolicy(page, key, before);
      } catch (err) {
        if (!failure) throw new Error(`could not set ${key} back to ${before}: ${err.message}`);
        log(`could not set ${key} back to ${before}:`, err.message);
      }
    }
    if (failure) throw failure;

    // The trunk's key exchange (DTLS-SRTP) and SRTP pass-through (on), saved together, still there
    // after a reload; then both back to what they were.
    const keying = 'outside.keying';
    const pass = 'srtp.passthrough';
    await page.reload();
    await mediaPolicyLoaded(page, keying);
    await mediaPolicyLoaded(page, pass);
    // The key exchange sits in the trunk's group next to its policy; the checkbox has its label and help.
    const zone = tid(page, 'media-policy-zone-outside');
    check(await zone.getByTestId(`media-policy-${keying}`, { exact: true }).count() === 1, `${keying} is not in the outside zone's group`);
    check(await zone.getByTestId(`media-policy-${key}`, { exact: true }).count() === 1, `${key} is not in the outside zone's group`);
    const box = tid(page, `media-policy-${pass}`);
    const labelled = await box.evaluate((el) => Array.from(el.labels ?? []).map((l) => (l.textContent || '').trim()).join(' '));
    check(labelled !== '', `the ${pass} checkbox has no label`);
    const help = await box.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby') || '')?.textContent || '');
    check(help.trim() !== '', `the ${pass} checkbox has no help text`);
    const wanted2 = { [keying]: 'dtls', [pass]: 'true' };
    const before2 = { [keying]: await mediaPolicyValue(page, keying), [pass]: await mediaPolicyValue(page, pass) };
    log(`${keying} is ${before2[keying] || '(not set)'}, ${pass} is ${before2[pass]}`);
    let failure2 = null;
    try {
      await setMediaPolicy(page, keying, 'dtls');
      const warning = tid(page, `media-policy-warning-${keying}`);
      check(await warning.isVisible(), `no warning next to ${keying} = dtls`);
      log(`warning at ${keying}: ${(await warning.innerText()).trim()}`);
      await changeMediaSettings(page, wanted2, ['key exchange: DTLS-SRTP', 'pass-through: on']);
      await screenshot(page, 'media-keying.png');
    } catch (err) {
      failure2 = err;
    }
    const back = Object.fromEntries(Object.entries(before2).filter(([k, v]) => v !== '' && v !== wanted2[k]));
    if (Object.keys(back).length > 0) {
      try {
        await page.reload();
        for (const k of Object.keys(back)) await mediaPolicyLoaded(page, k);
        await changeMediaSettings(page, back);
      } catch (err) {
        if (!failure2) throw new Error(`could not set ${Object.keys(back).join(' and ')} back: ${err.message}`);
        log('could not set them back:', err.message);
      }
    }
    if (failure2) throw failure2;
  },

  async certificate(page) {
    // As AUDITOR_USER when set (then there must be no upload form), else as BULWARK_USER.
    const asAuditor = Boolean(env.AUDITOR_USER);
    if (asAuditor) await login(page, env.AUDITOR_USER, env.AUDITOR_PASSWORD || need('BULWARK_PASSWORD'));
    else await login(page);
    await nav(page, 'certificate');
    const outcome = await Promise.race([
      tid(page, 'cert-fingerprint').waitFor().then(() => 'ok'),
      tid(page, 'cert-load-error').waitFor().then(() => 'error'),
    ]);
    if (outcome === 'error') throw new Error(`certificate not shown: ${await tid(page, 'cert-load-error').innerText()}`);
    const fingerprint = (await tid(page, 'cert-fingerprint').innerText()).trim();
    check(fingerprint.length > 0, 'the fingerprint is empty');
    const hex = (s) => s.toUpperCase().replace(/[^0-9A-F]/g, '');
    if (env.EXPECT_FINGERPRINT) {
      check(hex(fingerprint) === hex(env.EXPECT_FINGERPRINT),
        `the page shows the fingerprint ${fingerprint}, expected ${env.EXPECT_FINGERPRINT}`);
    }
    check((await tid(page, 'cert-subject').innerText()).trim().length > 0, 'the subject is empty');
    check((await tid(page, 'cert-not-after').innerText()).trim().length > 0, 'the end of validity is empty');
    log(`fingerprint shown: ${fingerprint}`);
    const admin = (await tid(page, 'current-user').innerText()).includes('Administrator');
    if (asAuditor || !admin) {
      check(await tid(page, 'cert-upload').count() === 0, 'a non-administrator sees the certificate upload');
      check(await tid(page, 'cert-pem').count() === 0, 'a non-administrator sees the certificate field');
    } else {
      await tid(page, 'cert-upload').waitFor();
    }
    await screenshot(page, 'certificate.png');
  },

  async screenshots(page) {
    await login(page);
    await expectDashboard(page);
    const ids = await page.locator('[data-testid^="nav-"]').evaluateAll((els) =>
      els.map((el) => el.getAttribute('data-testid').slice(4)));
    for (const id of ids) {
      await nav(page, id);
      await page.waitForLoadState('networkidle').catch(() => undefined);
      await page.waitForTimeout(500);
      await screenshot(page, `${id}.png`);
      if (id === 'events') {
        const first = tid(page, 'events-row').first();
        if (await first.count() > 0) {
          await first.click();
          await tid(page, 'event-detail').waitFor();
          await page.waitForLoadState('networkidle').catch(() => undefined);
          await screenshot(page, 'event-detail.png');
        }
      }
      if (id === 'config') {
        const first = page.locator('[data-testid^="config-item-"]').first();
        if (await first.count() > 0) {
          await first.click();
          await tid(page, 'config-form').waitFor();
          await screenshot(page, 'config-detail.png');
        }
      }
    }
  },

  async 'first-paint'(page) {
    await login(page);
    await expectDashboard(page);
    // A fresh document load of the dashboard with the session cookie set.
    await page.reload();
    await expectDashboard(page);
    const fcp = await page.waitForFunction(() => {
      const e = performance.getEntriesByName('first-contentful-paint')[0];
      return e ? e.startTime : null;
    }, null, { timeout: STEP_MS });
    console.log(JSON.stringify({ firstContentfulPaintMs: Math.round((await fcp.jsonValue()) * 10) / 10 }));
  },
};

// ---------------------------------------------------------------- main

async function main() {
  const name = process.argv[2];
  if (!name || !scenarios[name]) {
    console.log(`usage: node e2e/admin-ui.mjs <${Object.keys(scenarios).join('|')}>`);
    return 2;
  }
  const { browser, page, problems } = await launch();
  let timer;
  try {
    await Promise.race([
      scenarios[name](page),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`scenario took longer than ${TIMEOUT_MS} ms`)), TIMEOUT_MS); }),
    ]);
    check(problems.length === 0, problems.join('; '));
    log(`PASS ${name}`);
    return 0;
  } catch (err) {
    console.log(`FAIL ${name}: ${err && err.message ? err.message.split('\n')[0] : err}`);
    log(err && err.stack ? err.stack : err);
    log('at', page.url());
    await screenshot(page, `failure-${name}.png`).catch((e) => log('no screenshot:', e.message));
    return 1;
  } finally {
    clearTimeout(timer);
    await browser.close().catch(() => undefined);
  }
}

process.exitCode = await main();
