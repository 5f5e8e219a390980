import { describe, expect, it } from 'vitest';
import {
  canonicalIp, describeChain, distributeFile, dnShortName, dnValue, expiry, looksBinary, namesHost, normalizeFingerprint,
  parseDn, pemBlocks, sameFingerprint, uploadProblems,
} from '../src/cert-model';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

const CERT = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----';
const CA = '-----BEGIN CERTIFICATE-----\nMIIBtDCCAVqgAwIBAgIV\n-----END CERTIFICATE-----';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49\n-----END PRIVATE KEY-----';
const RSA_KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----';
const ENC_KEY = '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG\n-----END ENCRYPTED PRIVATE KEY-----';
const LEGACY_ENC_KEY = '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,AB12\n\nMIIE\n-----END RSA PRIVATE KEY-----';

describe('expiry', () => {
  const from = iso(NOW - 100 * DAY);

  it('is valid with more than 30 days left', () => {
    const e = expiry(from, iso(NOW + 200 * DAY + 3600_000), NOW);
    expect(e).toMatchObject({ state: 'valid', days: 200, tone: 'ok', text: 'Valid for 200 more days' });
  });

  it('warns within 30 days, including the 30th', () => {
    expect(expiry(from, iso(NOW + 30 * DAY), NOW)).toMatchObject({ state: 'expiring', days: 30, tone: 'warn', text: 'Expires in 30 days' });
    expect(expiry(from, iso(NOW + 30 * DAY + 1000), NOW).state).toBe('valid');
    expect(expiry(from, iso(NOW + DAY + 5), NOW).text).toBe('Expires in 1 day');
    expect(expiry(from, iso(NOW + 3600_000), NOW)).toMatchObject({ state: 'expiring', days: 0, text: 'Expires in less than a day' });
  });

  it('says how long ago it expired', () => {
    expect(expiry(from, iso(NOW - 1000), NOW)).toMatchObject({ state: 'expired', days: 0, tone: 'bad', text: 'Expired today' });
    expect(expiry(from, iso(NOW - 3 * DAY - 1000), NOW)).toMatchObject({ state: 'expired', days: -3, text: 'Expired 3 days ago' });
  });

  it('knows a certificate that is not valid yet', () => {
    expect(expiry(iso(NOW + DAY), iso(NOW + 400 * DAY), NOW)).toMatchObject({ state: 'not-yet-valid', tone: 'bad' });
  });

  it('copes with missing or unreadable dates', () => {
    expect(expiry(null, 'soon', NOW)).toMatchObject({ state: 'unknown', days: null, tone: 'neutral' });
    expect(expiry(undefined, iso(NOW + 90 * DAY), NOW).state).toBe('valid');
  });

  it('takes a custom warning period', () => {
    expect(expiry(from, iso(NOW + 50 * DAY), NOW, 60).state).toBe('expiring');
  });
});

describe('distinguished names', () => {
  it('splits an RFC 2253 name and labels the parts', () => {
    expect(parseDn('CN=bulwark.example.com,OU=Voice,O=Example Corp,C=DE')).toEqual([
      { key: 'CN', label: 'Name (CN)', value: 'bulwark.example.com' },
      { key: 'OU', label: 'Department (OU)', value: 'Voice' },
      { key: 'O', label: 'Organisation (O)', value: 'Example Corp' },
      { key: 'C', label: 'Country (C)', value: 'DE' },
    ]);
  });

  it('unescapes commas, plus signs, quotes and hex bytes', () => {
    expect(parseDn('CN=Smith\\, John,O=A\\+B').map((p) => p.value)).toEqual(['Smith, John', 'A+B']);
    expect(parseDn('O="Quoted, Inc", CN=x').map((p) => p.value)).toEqual(['Quoted, Inc', 'x']);
    expect(dnValue('CN=M\\C3\\BCller', 'cn')).toBe('Müller');
  });

  it('decodes DER strings of attributes Java writes as hex', () => {
    // emailAddress = IA5String "a@b.c"
    const parts = parseDn('1.2.840.113549.1.9.1=#16056140622e63,CN=x');
    expect(parts[0]).toEqual({ key: '1.2.840.113549.1.9.1', label: 'Email', value: 'a@b.c' });
    expect(parseDn('2.5.4.45=#0302abcd')[0]?.value).toBe('#0302abcd');
  });

  it('gives a short name', () => {
    expect(dnShortName('CN=Example Issuing CA 1,O=Example')).toBe('Example Issuing CA 1');
    expect(dnShortName('O=Example,C=DE')).toBe('Example');
    expect(dnShortName('')).toBe('');
    expect(parseDn(null)).toEqual([]);
  });
});

describe('names this address', () => {
  it('normalises IP addresses', () => {
    expect(canonicalIp('0:0:0:0:0:0:0:1')).toBe('0:0:0:0:0:0:0:1');
    expect(canonicalIp('[::1]')).toBe('0:0:0:0:0:0:0:1');
    expect(canonicalIp('2001:DB8::0001')).toBe('2001:db8:0:0:0:0:0:1');
    expect(canonicalIp('::ffff:192.0.2.1')).toBe('0:0:0:0:0:ffff:c000:201');
    expect(canonicalIp('192.0.2.10')).toBe('192.0.2.10');
    expect(canonicalIp('256.1.1.1')).toBeNull();
    expect(canonicalIp('bulwark.example')).toBeNull();
    expect(canonicalIp('1::2::3')).toBeNull();
  });

  it('matches DNS names, wildcards and IPs as browsers do', () => {
    const sans = ['bulwark.example.com', '*.voice.example.com', '192.0.2.10', '0:0:0:0:0:0:0:1'];
    expect(namesHost(sans, 'Bulwark.Example.com')).toBe(true);
    expect(namesHost(sans, 'sbc1.voice.example.com')).toBe(true);
    expect(namesHost(sans, 'a.sbc1.voice.example.com')).toBe(false);
    expect(namesHost(sans, 'voice.example.com')).toBe(false);
    expect(namesHost(sans, '192.0.2.10')).toBe(true);
    expect(namesHost(sans, '192.0.2.11')).toBe(false);
    expect(namesHost(sans, '[::1]')).toBe(true);
    expect(namesHost(['DNS:bulwark.local'], 'bulwark.local')).toBe(true);
    expect(namesHost([], 'bulwark.local')).toBe(false);
    expect(namesHost(['*.192.0.2'], '10.192.0.2')).toBe(false);
  });
});

describe('fingerprints', () => {
  it('compares however they are written', () => {
    expect(normalizeFingerprint('ab:cd ef')).toBe('ABCDEF');
    expect(sameFingerprint('AB:CD:EF', 'ab cd ef')).toBe(true);
    expect(sameFingerprint('AB:CD:EF', 'ABCDEE')).toBe(false);
    expect(sameFingerprint('', '')).toBe(false);
  });
});

describe('PEM upload', () => {
  it('finds the blocks', () => {
    expect(pemBlocks(`Bag Attributes\n${CERT}\n${CA}\n${KEY}`).map((b) => b.label)).toEqual(['CERTIFICATE', 'CERTIFICATE', 'PRIVATE KEY']);
    expect(describeChain(`${CERT}\n${CA}`)).toMatch(/^2 certificates/);
    expect(describeChain(CERT)).toMatch(/^1 certificate\./);
    expect(describeChain('')).toBe('');
  });

  it('accepts a chain and a key', () => {
    expect(uploadProblems(`${CERT}\n${CA}\n`, KEY)).toEqual({});
    expect(uploadProblems(CERT, RSA_KEY)).toEqual({});
  });

  it('wants both fields', () => {
    expect(Object.keys(uploadProblems('  ', ''))).toEqual(['certificatePem', 'privateKeyPem']);
  });

  it('spots swapped fields and combined files', () => {
    const swapped = uploadProblems(KEY, CERT);
    expect(swapped.certificatePem).toMatch(/private key/);
    expect(swapped.privateKeyPem).toMatch(/is a certificate/);
    expect(uploadProblems(`${CERT}\n${KEY}`, KEY).certificatePem).toMatch(/private key/);
    expect(uploadProblems('hello', 'world')).toEqual({
      certificatePem: expect.stringMatching(/No certificate/), privateKeyPem: expect.stringMatching(/No private key/),
    });
  });

  it('refuses password-protected keys, several keys and too much text', () => {
    expect(uploadProblems(CERT, ENC_KEY).privateKeyPem).toMatch(/password/);
    expect(uploadProblems(CERT, LEGACY_ENC_KEY).privateKeyPem).toMatch(/password/);
    expect(uploadProblems(CERT, `${KEY}\n${RSA_KEY}`).privateKeyPem).toMatch(/more than one/);
    expect(uploadProblems(CERT + 'x'.repeat(70_000), KEY).certificatePem).toMatch(/64 KiB/);
  });

  it('splits a file holding certificates and key', () => {
    expect(distributeFile(`${CERT}\n${CA}\n${KEY}\n`, 'certificatePem')).toEqual({
      certificatePem: `${CERT}\n${CA}\n`, privateKeyPem: `${KEY}\n`,
    });
    expect(distributeFile(KEY, 'privateKeyPem')).toEqual({ privateKeyPem: KEY });
    expect(distributeFile(CERT, 'privateKeyPem')).toEqual({ privateKeyPem: CERT });
  });

  it('recognises binary files read as text', () => {
    expect(looksBinary('0\u0082\u0003\u0001\u0002\u0000\u0004\u0005\ufffd')).toBe(true);
    expect(looksBinary(CERT)).toBe(false);
    expect(looksBinary('just some text\n')).toBe(false);
  });
});
