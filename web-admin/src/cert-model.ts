// Pure logic behind the HTTPS certificate page: how soon the certificate expires, the parts of a
// distinguished name, whether the certificate names the address in the browser, the PEM text of an
// upload. No DOM here (unit-tested in test/cert-model.test.ts).

/** A certificate that ends within this many days is highlighted. */
export const EXPIRY_WARNING_DAYS = 30;
/** The server refuses larger PEM texts (PemCredentials.MAX_PEM_CHARS). */
export const MAX_PEM_CHARS = 64 * 1024;

const DAY_MS = 86_400_000;

// ---------------------------------------------------------------- validity

export type ExpiryState = 'valid' | 'expiring' | 'expired' | 'not-yet-valid' | 'unknown';

export interface Expiry {
  state: ExpiryState;
  /** Whole days until `notAfter` (0 within the last day); days since, negative, once expired; null if unknown. */
  days: number | null;
  /** In words: "Valid for 364 more days", "Expires in 12 days", "Expired 3 days ago". */
  text: string;
  tone: 'ok' | 'warn' | 'bad' | 'neutral';
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Where the certificate stands at `now`: expired, expiring within `warnDays`, valid, not yet valid. */
export function expiry(notBefore: string | null | undefined, notAfter: string | null | undefined,
  now: number = Date.now(), warnDays: number = EXPIRY_WARNING_DAYS): Expiry {
  const end = notAfter ? Date.parse(notAfter) : NaN;
  if (Number.isNaN(end)) return { state: 'unknown', days: null, text: 'The end of validity could not be read', tone: 'neutral' };
  const start = notBefore ? Date.parse(notBefore) : NaN;
  if (now > end) {
    const ago = Math.floor((now - end) / DAY_MS);
    return { state: 'expired', days: ago === 0 ? 0 : -ago, text: ago === 0 ? 'Expired today' : `Expired ${plural(ago, 'day', 'days')} ago`, tone: 'bad' };
  }
  const left = Math.floor((end - now) / DAY_MS);
  if (!Number.isNaN(start) && now < start) {
    return { state: 'not-yet-valid', days: left, text: 'Not valid yet', tone: 'bad' };
  }
  if (end - now <= warnDays * DAY_MS) {
    return { state: 'expiring', days: left, text: left === 0 ? 'Expires in less than a day' : `Expires in ${plural(left, 'day', 'days')}`, tone: 'warn' };
  }
  return { state: 'valid', days: left, text: `Valid for ${plural(left, 'more day', 'more days')}`, tone: 'ok' };
}

// ---------------------------------------------------------------- distinguished names

export interface DnPart {
  /** The attribute as the server wrote it, upper case: CN, O, 1.2.840.113549.1.9.1 */
  key: string;
  /** For people: "Name (CN)", "Organisation (O)", "Email". */
  label: string;
  value: string;
}

const DN_LABELS: Record<string, string> = {
  CN: 'Name (CN)',
  O: 'Organisation (O)',
  OU: 'Department (OU)',
  L: 'City (L)',
  ST: 'State or province (ST)',
  C: 'Country (C)',
  STREET: 'Street',
  DC: 'Domain part (DC)',
  UID: 'User id',
  SERIALNUMBER: 'Serial number',
  '2.5.4.5': 'Serial number',
  EMAILADDRESS: 'Email',
  E: 'Email',
  '1.2.840.113549.1.9.1': 'Email',
  '2.5.4.97': 'Organisation id',
};

/**
 * The attributes of a distinguished name as Java writes it (RFC 2253: `CN=a\,b,O=Example`,
 * unknown attributes as `OID=#<DER hex>`), in order. Lenient: spaces after commas and quoted
 * values are accepted too.
 */
export function parseDn(dn: string | null | undefined): DnPart[] {
  const parts: DnPart[] = [];
  if (!dn) return parts;
  for (const rdn of splitUnescaped(dn, [',', ';', '+'])) {
    const eq = indexUnescaped(rdn, '=');
    if (eq < 0) {
      if (rdn.trim()) parts.push({ key: '', label: 'Other', value: unescapeDnValue(rdn.trim()) });
      continue;
    }
    const key = rdn.slice(0, eq).trim().toUpperCase().replace(/^OID\./, '');
    const raw = rdn.slice(eq + 1).trim();
    const value = raw.startsWith('#') ? decodeDerString(raw.slice(1)) ?? raw : unescapeDnValue(raw);
    parts.push({ key, label: DN_LABELS[key] ?? key, value });
  }
  return parts;
}

/** The first value of an attribute (e.g. CN), or "". */
export function dnValue(dn: string | null | undefined, key: string): string {
  const k = key.toUpperCase();
  return parseDn(dn).find((p) => p.key === k)?.value ?? '';
}

/** A short name for a DN: its CN, else its organisation, else the whole text. */
export function dnShortName(dn: string | null | undefined): string {
  return dnValue(dn, 'CN') || dnValue(dn, 'O') || (dn ?? '');
}

function splitUnescaped(s: string, separators: string[]): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[i + 1];
      i++;
    } else if (c === '"') {
      quoted = !quoted;
      cur += c;
    } else if (!quoted && separators.includes(c)) {
      out.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  out.push(cur);
  return out.filter((p) => p.trim() !== '');
}

function indexUnescaped(s: string, ch: string): number {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === ch) return i;
  }
  return -1;
}

function unescapeDnValue(v: string): string {
  let s = v;
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) s = s.slice(1, -1);
  const bytes: number[] = [];
  let out = '';
  const flush = () => {
    if (bytes.length) out += new TextDecoder().decode(new Uint8Array(bytes.splice(0)));
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '\\' && i + 1 < s.length) {
      const pair = s.slice(i + 1, i + 3);
      if (/^[0-9a-fA-F]{2}$/.test(pair)) {
        bytes.push(parseInt(pair, 16));
        i += 2;
        continue;
      }
      flush();
      out += s[i + 1];
      i++;
      continue;
    }
    flush();
    out += c;
  }
  flush();
  return out;
}

/** A DER-encoded string (UTF8String, PrintableString, IA5String, ...) from hex; null if it is none. */
function decodeDerString(hex: string): string | null {
  if (!/^([0-9a-fA-F]{2})+$/.test(hex)) return null;
  const b = new Uint8Array(hex.length / 2);
  for (let i = 0; i < b.length; i++) b[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  const tag = b[0];
  if (tag === undefined || ![0x0c, 0x12, 0x13, 0x14, 0x16, 0x1a].includes(tag) || b.length < 2) return null;
  let len = b[1] as number;
  let off = 2;
  if (len === 0x81 && b.length >= 3) {
    len = b[2] as number;
    off = 3;
  } else if (len > 0x7f) {
    return null;
  }
  if (off + len !== b.length) return null;
  return new TextDecoder().decode(b.subarray(off));
}

// ---------------------------------------------------------------- does it name this address?

/** An IP address in one canonical text form (IPv6: eight lower-case groups), or null if `s` is none. */
export function canonicalIp(s: string): string | null {
  let t = s.trim().toLowerCase();
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  const pct = t.indexOf('%');
  if (pct >= 0) t = t.slice(0, pct);
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(t)) {
    const octets = t.split('.').map(Number);
    return octets.every((o) => o <= 255) ? octets.join('.') : null;
  }
  if (!t.includes(':') || !/^[0-9a-f:.]+$/.test(t)) return null;
  // An IPv4 tail (::ffff:192.0.2.1) becomes two groups.
  const v4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(t);
  if (v4) {
    const ip4 = canonicalIp(v4[1] as string);
    if (!ip4) return null;
    const [a, b, c, d] = ip4.split('.').map(Number) as [number, number, number, number];
    t = t.slice(0, v4.index) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16);
  }
  const halves = t.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  let groups: string[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return null;
    groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  } else {
    groups = head;
  }
  if (groups.length !== 8 || !groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => parseInt(g, 16).toString(16)).join(':');
}

/**
 * Whether a certificate with these subject alternative names is valid for `host` (as in
 * `location.hostname`). Browsers look only at the alternative names, not at the CN. A wildcard
 * `*.example.com` stands for exactly one label.
 */
export function namesHost(subjectAltNames: string[], host: string): boolean {
  const ip = canonicalIp(host);
  const name = host.trim().toLowerCase().replace(/\.$/, '');
  if (!name) return false;
  for (const rawSan of subjectAltNames) {
    const san = rawSan.trim().toLowerCase().replace(/^(dns|ip|ip address):\s*/, '').replace(/\.$/, '');
    if (ip !== null) {
      if (canonicalIp(san) === ip) return true;
      continue;
    }
    if (san === name) return true;
    if (san.startsWith('*.')) {
      const rest = san.slice(1); // ".example.com"
      const dot = name.indexOf('.');
      if (dot > 0 && name.slice(dot) === rest && rest.length > 1) return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------- fingerprints

/** Only the hex digits, upper case: "ab cd:EF" → "ABCDEF". */
export function normalizeFingerprint(s: string): string {
  return s.toUpperCase().replace(/[^0-9A-F]/g, '');
}

/** Whether two fingerprints are the same, however they are written (colons, spaces, case). */
export function sameFingerprint(a: string, b: string): boolean {
  const x = normalizeFingerprint(a);
  return x.length > 0 && x === normalizeFingerprint(b);
}

// ---------------------------------------------------------------- PEM text

export interface PemBlock {
  /** What follows "-----BEGIN ": CERTIFICATE, PRIVATE KEY, RSA PRIVATE KEY, ... */
  label: string;
  text: string;
}

/** The PEM blocks in a text, in order; anything between them is ignored. */
export function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ label: m[1] as string, text: m[0] });
  return out;
}

export function isCertificate(b: PemBlock): boolean {
  return b.label === 'CERTIFICATE';
}

export function isPrivateKey(b: PemBlock): boolean {
  return /(^|\s)PRIVATE KEY$/.test(b.label);
}

/** A key protected by a password: PKCS#8 "ENCRYPTED PRIVATE KEY" or an OpenSSL "Proc-Type: 4,ENCRYPTED" header. */
export function isEncryptedKey(b: PemBlock): boolean {
  return b.label === 'ENCRYPTED PRIVATE KEY' || (isPrivateKey(b) && /Proc-Type:\s*4,ENCRYPTED/i.test(b.text));
}

/** "2 certificates" etc.: what the certificate field holds, for a hint under it. */
export function describeChain(text: string): string {
  const n = pemBlocks(text).filter(isCertificate).length;
  if (n === 0) return '';
  if (n === 1) return '1 certificate. If a certificate authority issued it, add its intermediate certificates below it.';
  return `${n} certificates: the appliance's own first, then the intermediate certificates.`;
}

export type UploadField = 'certificatePem' | 'privateKeyPem';

/**
 * Obvious mistakes, found before sending: an empty field, a key in the certificate field or the
 * other way round, a password-protected key. The appliance checks everything else (that the PEM
 * parses, the key belongs to the certificate, the certificate is valid now).
 */
export function uploadProblems(certificatePem: string, privateKeyPem: string): Partial<Record<UploadField, string>> {
  const out: Partial<Record<UploadField, string>> = {};
  const cert = certificatePem.trim();
  const key = privateKeyPem.trim();

  const cBlocks = pemBlocks(cert);
  if (!cert) {
    out.certificatePem = 'Paste the certificate chain or choose its file.';
  } else if (cert.length > MAX_PEM_CHARS) {
    out.certificatePem = 'This is too long: the appliance accepts at most 64 KiB.';
  } else if (cBlocks.some(isPrivateKey) || cBlocks.some(isEncryptedKey)) {
    out.certificatePem = 'This contains a private key. Put only certificates here, and the key in the field below.';
  } else if (!cBlocks.some(isCertificate)) {
    out.certificatePem = 'No certificate found: a certificate starts with -----BEGIN CERTIFICATE-----.';
  }

  const kBlocks = pemBlocks(key);
  const keys = kBlocks.filter(isPrivateKey);
  if (!key) {
    out.privateKeyPem = 'Paste the private key or choose its file.';
  } else if (key.length > MAX_PEM_CHARS) {
    out.privateKeyPem = 'This is too long: the appliance accepts at most 64 KiB.';
  } else if (kBlocks.some(isEncryptedKey)) {
    out.privateKeyPem = 'This key is protected by a password. The appliance needs it without one: '
      + 'openssl pkey -in key.pem -out key-plain.pem (asks for the password) writes such a copy.';
  } else if (keys.length === 0) {
    out.privateKeyPem = kBlocks.some(isCertificate)
      ? 'This is a certificate, not a private key. The key starts with -----BEGIN PRIVATE KEY----- (or RSA / EC PRIVATE KEY).'
      : 'No private key found: it starts with -----BEGIN PRIVATE KEY----- (or RSA / EC PRIVATE KEY).';
  } else if (keys.length > 1) {
    out.privateKeyPem = 'This contains more than one private key. Keep only the key of this certificate.';
  }
  return out;
}

/**
 * Where the text of a chosen file goes. A file holding both certificates and a key (as some
 * servers keep them) is split between the two fields; any other file goes to the field whose
 * button was used.
 */
export function distributeFile(text: string, target: UploadField): Partial<Record<UploadField, string>> {
  const blocks = pemBlocks(text);
  const certs = blocks.filter(isCertificate);
  const keys = blocks.filter((b) => isPrivateKey(b) || isEncryptedKey(b));
  if (certs.length > 0 && keys.length > 0) {
    return {
      certificatePem: certs.map((b) => b.text).join('\n') + '\n',
      privateKeyPem: keys.map((b) => b.text).join('\n') + '\n',
    };
  }
  return { [target]: text };
}

/** True for the text of a binary file (a DER certificate, a PKCS#12 bundle) read as text. */
export function looksBinary(text: string): boolean {
  if (text.includes('-----BEGIN ')) return false;
  let odd = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffd) odd++;
  }
  return odd > 0 && odd >= Math.min(4, text.length / 20);
}
