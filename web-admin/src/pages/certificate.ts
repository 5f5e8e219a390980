// HTTPS certificate (#/certificate): what the admin plane presents to browsers, in plain words,
// and (administrators only) replacing it with an uploaded chain and key.
import { adminCertificate, ApiError, messageOf } from '../api';
import {
  describeChain, distributeFile, dnShortName, expiry, looksBinary, MAX_PEM_CHARS, namesHost, parseDn, sameFingerprint,
  uploadProblems, type UploadField,
} from '../cert-model';
import { splitErrors } from '../config-model';
import { h, replace, type Child } from '../dom';
import { dateTime } from '../format';
import type { AdminCertificate } from '../types';
import { alertBox, badge, busy, can, card, fieldError, pageHeader, showFieldError, type PageContext, type PageRender } from '../ui';

const FIELD_LABELS: Record<UploadField, string> = {
  certificatePem: 'Certificate chain',
  privateKeyPem: 'Private key',
};

export const renderCertificate: PageRender = (root, ctx) => {
  const admin = can(ctx.session, 'admin');
  const warning = h('div');
  const facts = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  root.append(
    pageHeader('HTTPS certificate', 'The certificate this appliance shows to browsers and scripts that open the admin interface.'),
    warning,
    facts);

  const show = (info: AdminCertificate) => {
    replace(warning, expiryWarning(info));
    replace(facts, certificateCards(info));
  };

  if (admin) {
    root.append(uploadCard(ctx, show));
  } else {
    root.append(alertBox('info', 'Only an administrator can replace the certificate.', 'cert-readonly'));
  }

  const load = async () => {
    try {
      const info = await adminCertificate.get();
      if (ctx.isActive()) show(info);
    } catch (err) {
      if (!ctx.isActive()) return;
      const retry = h('button', { class: 'btn btn-small', type: 'button', testid: 'cert-retry' }, 'Try again');
      retry.addEventListener('click', () => {
        replace(facts, h('p', { class: 'muted' }, 'Loading…'));
        void load();
      });
      replace(facts, alertBox('error', [
        h('div', null, h('strong', null, 'Could not load the certificate. '), problemText(err)),
        h('div', { class: 'alert-actions' }, retry),
      ], 'cert-load-error'));
    }
  };
  void load();
};

/** The problem's detail (or title) and the HTTP status, for an error box. */
function problemText(err: unknown): string {
  const msg = messageOf(err);
  return err instanceof ApiError && err.status > 0 ? `${msg} (HTTP ${err.status})` : msg;
}

// ---------------------------------------------------------------- the current certificate

function expiryWarning(info: AdminCertificate): HTMLElement | null {
  const e = expiry(info.notBefore, info.notAfter);
  const until = dateTime(info.notAfter);
  switch (e.state) {
    case 'expired':
      return alertBox('error', [h('strong', null, `The certificate expired on ${until}. `),
        'Browsers refuse it or show a warning on every visit. Upload a renewed certificate.'], 'cert-expiry-warning');
    case 'expiring':
      return alertBox('warn', [h('strong', null, `${e.text} (${until}). `),
        'Upload a renewed certificate before then; after that date browsers refuse it or show a warning.'], 'cert-expiry-warning');
    case 'not-yet-valid':
      return alertBox('warn', [h('strong', null, `The certificate is valid only from ${dateTime(info.notBefore)}. `),
        'Until then browsers show a warning. Check the appliance clock and that of this computer.'], 'cert-expiry-warning');
    default:
      return null;
  }
}

function fact(label: string, ...value: Child[]): HTMLElement[] {
  return [h('dt', null, label), h('dd', null, value)];
}

function dnList(dn: string, testid: string): HTMLElement {
  const parts = parseDn(dn);
  return h('div', { testid },
    parts.length
      ? h('ul', { class: 'dn-parts' }, parts.map((p) => h('li', null, h('span', { class: 'dn-label' }, `${p.label}: `), h('span', { class: 'dn-value' }, p.value))))
      : h('span', { class: 'muted' }, '(empty)'),
    h('div', { class: 'mono muted dn-raw', title: 'The name exactly as written in the certificate' }, dn));
}

function certificateCards(info: AdminCertificate): HTMLElement[] {
  const sans = Array.isArray(info.subjectAltNames) ? info.subjectAltNames : [];
  const host = location.hostname;
  const covered = namesHost(sans, host);
  const e = expiry(info.notBefore, info.notAfter);

  const forWhom = card('Who it is for',
    h('dl', { class: 'facts' },
      fact('Subject', dnList(info.subject, 'cert-subject')),
      fact('Also valid for',
        sans.length
          ? h('ul', { class: 'san-list', testid: 'cert-san' }, sans.map((s) => h('li', { class: 'mono' }, s)))
          : h('span', { class: 'text-bad', testid: 'cert-san' }, 'No alternative names. Browsers reject a certificate without them.'),
        h('div', { class: 'help' }, 'Browsers accept the certificate only for these names and addresses.')),
      fact('This address',
        h('div', { testid: 'cert-host-check' },
          h('span', { class: 'mono' }, host), ' ',
          covered ? badge('named in the certificate', 'ok') : badge('not named in the certificate', 'warn')),
        covered ? null : h('div', { class: 'help' },
          'You opened this page at an address the certificate does not name: browsers warn about it even when they trust the issuer. ',
          'Use one of the names above, or install a certificate that names this address.'))));

  const issuer = card('Who issued it',
    h('dl', { class: 'facts' },
      fact('Issuer',
        h('div', { class: 'issuer-head' },
          info.selfSigned
            ? badge('Self-signed', 'warn', 'cert-self-signed')
            : badge('Issued by a certificate authority', 'ok', 'cert-self-signed'),
          info.selfSigned ? h('span', null, 'signed by the appliance itself') : h('strong', null, dnShortName(info.issuer))),
        info.selfSigned ? null : dnList(info.issuer, 'cert-issuer')),
      fact('What this means', info.selfSigned
        ? h('div', null,
          h('p', null, 'The appliance signed this certificate itself. It generates one like it when it starts for the first time, so that the admin interface is encrypted from the start.'),
          h('p', null, 'Browsers warn about a self-signed certificate ("Your connection is not private", "Potential security risk") because no certificate authority they know vouches for it. ',
            'The connection is still encrypted: before you accept the warning, check that the fingerprint the browser shows is the one below.'),
          h('p', { class: 'muted' }, 'To end the warnings, install a certificate from your organisation\'s certificate authority or a public one.'))
        : h('div', null,
          h('p', null, 'Browsers trust this certificate when they trust its issuer. Public certificate authorities are trusted everywhere; ',
            'your organisation\'s own authority must be installed on the computers of the staff.')))));

  const valid = card('How long it is valid',
    h('dl', { class: 'facts' },
      fact('Valid from', h('span', { testid: 'cert-not-before', title: info.notBefore }, dateTime(info.notBefore) || '—')),
      fact('Valid until',
        h('span', { class: `cert-until cert-until-${e.state}`, testid: 'cert-not-after', title: info.notAfter }, dateTime(info.notAfter) || '—'),
        ' ', badge(e.text, e.tone, 'cert-expiry'),
        h('div', { class: 'help' }, 'Times are in the time zone of this computer.'))));

  return [h('div', { class: 'grid-2 cert-grid' }, forWhom, issuer), valid, fingerprintCard(info.sha256Fingerprint)];
}

function fingerprintCard(fingerprint: string): HTMLElement {
  const value = fingerprintCode(fingerprint, 'cert-fingerprint');
  const copy = h('button', { class: 'btn btn-small', type: 'button', testid: 'cert-fingerprint-copy' }, 'Copy');
  copy.addEventListener('click', () => {
    selectText(value);
    const done = () => { copy.textContent = 'Copied'; };
    if (navigator.clipboard) void navigator.clipboard.writeText(fingerprint).then(done, () => undefined);
  });

  const compare = h('input', {
    id: 'cert-compare', type: 'text', spellcheck: 'false', autocomplete: 'off', testid: 'cert-compare',
    placeholder: 'Paste the fingerprint your browser shows', class: 'mono',
  });
  const result = h('div', { class: 'compare-result', testid: 'cert-compare-result', role: 'status' });
  compare.addEventListener('input', () => {
    const text = compare.value.trim();
    if (!text) replace(result);
    else if (sameFingerprint(text, fingerprint)) replace(result, badge('Same fingerprint: this is the appliance\'s certificate', 'ok'));
    else replace(result, badge('Different: the browser is not talking to this certificate', 'bad'));
  });

  return card('Fingerprint (SHA-256)',
    h('p', null, 'A fingerprint identifies the certificate exactly. Compare it with the one your browser shows; if they differ, ',
      'something between you and the appliance presents its own certificate.'),
    h('div', { class: 'fingerprint-row' }, value, copy),
    h('ul', { class: 'help-list' },
      h('li', null, h('strong', null, 'Chrome, Edge: '), 'click the icon left of the address → “Connection is secure” / “Not secure” → certificate details → SHA-256 fingerprint.'),
      h('li', null, h('strong', null, 'Firefox: '), 'click the padlock → “Connection secure” / “not secure” → More information → View Certificate → Fingerprints → SHA-256.')),
    h('p', { class: 'muted small' }, 'Browsers may write it with spaces instead of colons, or in lower case: the digits and letters are what count.'),
    h('div', { class: 'field compare-field' },
      h('label', { for: 'cert-compare' }, 'Compare'),
      compare,
      result));
}

/** The fingerprint, allowed to wrap only between bytes (its text stays exactly as sent). */
function fingerprintCode(fingerprint: string, testid: string): HTMLElement {
  const bytes = fingerprint.split(':');
  return h('code', { class: 'fingerprint', testid },
    bytes.map((b, i) => (i < bytes.length - 1 ? [`${b}:`, h('wbr')] : b)));
}

function selectText(el: HTMLElement): void {
  const sel = window.getSelection();
  if (!sel) return;
  const range = document.createRange();
  range.selectNodeContents(el);
  sel.removeAllRanges();
  sel.addRange(range);
}

// ---------------------------------------------------------------- upload (admin)

interface PemField {
  name: UploadField;
  textarea: HTMLTextAreaElement;
  error: HTMLElement;
  row: HTMLElement;
}

function uploadCard(ctx: PageContext, show: (info: AdminCertificate) => void): HTMLElement {
  const status = h('div', { class: 'form-status' });
  const chainHint = h('div', { class: 'help', testid: 'cert-chain-hint' });
  const fields = {} as Record<UploadField, PemField>;

  const setValue = (name: UploadField, text: string) => {
    const f = fields[name];
    f.textarea.value = text;
    f.textarea.dispatchEvent(new Event('input'));
  };

  const pemField = (name: UploadField, id: string, testid: string, label: string, placeholder: string, accept: string, help: Child): PemField => {
    const textarea = h('textarea', {
      id, name, testid, rows: 10, spellcheck: 'false', autocomplete: 'off', autocapitalize: 'off', wrap: 'off',
      placeholder, 'aria-describedby': `${id}-help`,
    });
    const error = fieldError(`cert-error-${name}`);
    const file = h('input', { type: 'file', accept, hidden: true, testid: `${testid}-file`, 'aria-hidden': 'true', tabindex: '-1' });
    const pick = h('button', { class: 'btn btn-small', type: 'button', testid: `${testid}-choose` }, 'Choose file…');
    pick.addEventListener('click', () => file.click());
    file.addEventListener('change', () => {
      const chosen = file.files?.[0];
      file.value = '';
      if (chosen) readInto(chosen, name);
    });
    const row = h('div', { class: 'field pem-field' },
      h('div', { class: 'pem-label-row' }, h('label', { for: id }, label, h('span', { class: 'req', title: 'required' }, ' *')), pick, file),
      textarea,
      h('div', { class: 'help', id: `${id}-help` }, help),
      error);
    return { name, textarea, error, row };
  };

  /** Read a chosen file in the browser (it goes nowhere but the field). */
  const readInto = (file: File, target: UploadField) => {
    showFieldError(fields[target].error, null);
    if (file.size > MAX_PEM_CHARS) {
      showFieldError(fields[target].error, `The file ${file.name} is too large (${Math.ceil(file.size / 1024)} KiB): the appliance accepts PEM text of at most 64 KiB.`);
      return;
    }
    const reader = new FileReader();
    reader.addEventListener('load', () => {
      if (!ctx.isActive()) return;
      const text = typeof reader.result === 'string' ? reader.result : '';
      if (looksBinary(text)) {
        showFieldError(fields[target].error, `The file ${file.name} is not PEM text (it is probably binary DER or PKCS#12). `
          + 'Convert it first, e.g. with: openssl x509 -inform der -in cert.crt -out cert.pem');
        return;
      }
      const parts = distributeFile(text, target);
      for (const [name, value] of Object.entries(parts) as [UploadField, string][]) {
        setValue(name, value);
        showFieldError(fields[name].error, null);
      }
      if (parts.certificatePem !== undefined && parts.privateKeyPem !== undefined) {
        replace(status, alertBox('info', `The file ${file.name} holds the certificates and the key: both fields are filled in.`));
      }
    });
    reader.addEventListener('error', () => {
      if (ctx.isActive()) showFieldError(fields[target].error, `The file ${file.name} could not be read.`);
    });
    reader.readAsText(file);
  };

  fields.certificatePem = pemField('certificatePem', 'cert-pem', 'cert-pem', 'Certificate chain (PEM)',
    '-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----', '.pem,.crt,.cer,.cert,.txt,application/x-pem-file',
    [h('div', null, 'The appliance\'s certificate first, then any intermediate certificates of the issuer. File types .pem, .crt.'), chainHint]);
  fields.privateKeyPem = pemField('privateKeyPem', 'cert-key', 'cert-key', 'Private key (PEM)',
    '-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----', '.pem,.key,.txt,application/x-pem-file',
    'The key of that certificate, without a password (BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY). File types .pem, .key. '
    + 'It is sent only to this appliance, over this encrypted connection, and never shown again.');

  fields.certificatePem.textarea.addEventListener('input', () => {
    chainHint.textContent = describeChain(fields.certificatePem.textarea.value);
  });

  const submit = h('button', { class: 'btn btn-primary', type: 'submit', testid: 'cert-upload' }, 'Install certificate');
  const clear = h('button', { class: 'btn', type: 'button', testid: 'cert-clear' }, 'Clear');
  clear.addEventListener('click', () => {
    setValue('certificatePem', '');
    setValue('privateKeyPem', '');
    clearErrors();
  });

  const form = h('form', { class: 'form cert-form', novalidate: true, testid: 'cert-form' },
    fields.certificatePem.row,
    fields.privateKeyPem.row,
    h('div', { class: 'form-actions' }, submit, clear));

  const clearErrors = () => {
    replace(status);
    for (const f of Object.values(fields)) showFieldError(f.error, null);
  };

  const showErrors = (byField: Map<string, string[]>, summary: Child, other: string[]) => {
    let first: PemField | undefined;
    for (const f of [fields.certificatePem, fields.privateKeyPem]) {
      const msgs = byField.get(f.name);
      if (msgs) {
        showFieldError(f.error, msgs);
        first ??= f;
      }
    }
    const items: HTMLElement[] = [];
    for (const [name, msgs] of byField) items.push(h('li', null, `${FIELD_LABELS[name as UploadField] ?? name}: ${msgs.join('; ')}`));
    for (const o of other) items.push(h('li', null, o));
    replace(status, alertBox('error', [
      h('strong', null, 'The certificate was not installed. '),
      summary,
      items.length ? h('ul', { class: 'error-list' }, items) : null,
    ], 'cert-error'));
    if (first) first.textarea.focus();
    else status.scrollIntoView({ block: 'nearest' });
  };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    clearErrors();
    const certificatePem = fields.certificatePem.textarea.value;
    const privateKeyPem = fields.privateKeyPem.textarea.value;
    const problems = uploadProblems(certificatePem, privateKeyPem);
    if (Object.keys(problems).length > 0) {
      showErrors(new Map(Object.entries(problems).map(([k, v]) => [k, [v]])), 'Please correct the marked fields.', []);
      return;
    }
    void busy(submit, async () => {
      try {
        const info = await adminCertificate.install({ certificatePem, privateKeyPem });
        if (!ctx.isActive()) return;
        setValue('certificatePem', '');
        setValue('privateKeyPem', '');
        show(info);
        replace(status, installedBox(info));
        status.scrollIntoView({ block: 'nearest' });
      } catch (err) {
        if (!ctx.isActive()) return;
        if (err instanceof ApiError && err.status === 0) {
          // The listener may have restarted before the answer arrived.
          replace(status, alertBox('warn', [
            h('strong', null, 'The appliance did not answer. '),
            'It may already present the new certificate and have restarted its HTTPS listener. Reload the page and compare the fingerprint on this page with the one your browser shows.',
            h('div', { class: 'alert-actions' }, reloadButton()),
          ], 'cert-no-answer'));
          return;
        }
        const errors = err instanceof ApiError ? err.fieldErrors : [];
        const { byField, other } = splitErrors(errors, new Set<string>(['certificatePem', 'privateKeyPem']));
        showErrors(byField, problemText(err), other.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)));
      }
    });
  });

  return card('Replace the certificate',
    h('p', null, 'Install a certificate that names the address staff use to reach this appliance (its DNS name or IP address), ',
      'together with its private key. The appliance checks that both can be read, that the key belongs to the certificate and that the certificate is valid now; ',
      'only then does it switch.'),
    status,
    form);
}

function reloadButton(): HTMLElement {
  const b = h('button', { class: 'btn btn-small', type: 'button', testid: 'cert-reload' }, 'Reload the page');
  b.addEventListener('click', () => location.reload());
  return b;
}

function installedBox(info: AdminCertificate): HTMLElement {
  return alertBox('success', [
    h('div', null, h('strong', null, 'Certificate installed. '),
      'The appliance now presents the new certificate; reload the page. ',
      'If your browser does not trust it yet, it shows a certificate warning (and the next request may fail once while the HTTPS listener restarts): ',
      'before you continue, check that the browser shows this fingerprint.'),
    fingerprintCode(info.sha256Fingerprint, 'cert-installed-fingerprint'),
    h('div', { class: 'alert-actions' }, reloadButton()),
  ], 'cert-installed');
}
