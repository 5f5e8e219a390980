// Pure logic behind the configuration form: which input a property gets, how an input's text maps
// to the API's string arrays, and which keys changed. No DOM here (unit-tested).
import type { ConfigProperty, FieldError } from './types';

export type FieldKind = 'checkbox' | 'select' | 'number' | 'password' | 'char' | 'text' | 'multi';

const INTEGER_TYPES = new Set(['LONG', 'INTEGER', 'SHORT', 'BYTE']);
const DECIMAL_TYPES = new Set(['DOUBLE', 'FLOAT']);

export function isMulti(p: ConfigProperty): boolean {
  return (p.cardinality ?? 0) !== 0;
}

export function fieldKind(p: ConfigProperty): FieldKind {
  if (isMulti(p)) return 'multi';
  if (p.type === 'BOOLEAN') return 'checkbox';
  if (p.options && p.options.length > 0) return 'select';
  if (p.type === 'PASSWORD') return 'password';
  if (INTEGER_TYPES.has(p.type) || DECIMAL_TYPES.has(p.type)) return 'number';
  if (p.type === 'CHAR') return 'char';
  return 'text';
}

/** The `step` of a number input: whole numbers for integer types, anything for decimals. */
export function numberStep(p: ConfigProperty): string {
  return DECIMAL_TYPES.has(p.type) ? 'any' : '1';
}

/** The value as the form shows it: one string; lines for multi-value properties. */
export function toInputText(p: ConfigProperty, values: string[] | null | undefined): string {
  const v = values ?? [];
  if (isMulti(p)) return v.join('\n');
  return v[0] ?? '';
}

/** The form's text back to the API's array of strings. Empty single values mean "no value". */
export function fromInputText(p: ConfigProperty, text: string): string[] {
  if (isMulti(p)) {
    return text.split(/\r?\n/).map((s) => s.trim()).filter((s) => s.length > 0);
  }
  const t = p.type === 'STRING' || p.type === 'PASSWORD' ? text : text.trim();
  return t === '' ? [] : [t];
}

/** Checkbox state from the API value (falling back to the default). */
export function isChecked(p: ConfigProperty): boolean {
  const v = (p.value && p.value.length > 0 ? p.value : p.defaultValue) ?? [];
  return (v[0] ?? '').toLowerCase() === 'true';
}

export function sameValues(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The `values` object of PUT /config/{pid}: only the keys whose value differs from what the
 * server sent. Passwords are never returned by the server, so a password is sent only when the
 * user typed one.
 */
export function changedValues(props: ConfigProperty[], current: Map<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of props) {
    const now = current.get(p.id);
    if (now === undefined) continue;
    if (p.type === 'PASSWORD') {
      if (now.length > 0) out[p.id] = now;
      continue;
    }
    const before = fieldKind(p) === 'checkbox' ? [isChecked(p) ? 'true' : 'false'] : fromInputText(p, toInputText(p, p.value));
    if (!sameValues(before, now)) out[p.id] = now;
  }
  return out;
}

/** A short hint about the allowed values: "1 to 65535", "at least 0", "one per line". */
export function rangeHint(p: ConfigProperty): string {
  const parts: string[] = [];
  const hasMin = p.min !== undefined && p.min !== null && p.min !== '';
  const hasMax = p.max !== undefined && p.max !== null && p.max !== '';
  if (hasMin && hasMax) parts.push(`${p.min} to ${p.max}`);
  else if (hasMin) parts.push(`at least ${p.min}`);
  else if (hasMax) parts.push(`at most ${p.max}`);
  if (isMulti(p)) parts.push('one value per line');
  return parts.join(', ');
}

/** The default, as people read it. */
export function defaultText(p: ConfigProperty): string {
  const d = p.defaultValue ?? [];
  if (d.length === 0) return '';
  if (p.type === 'PASSWORD') return '';
  if (p.options && p.options.length > 0) {
    return d.map((v) => p.options?.find((o) => o.value === v)?.label ?? v).join(', ');
  }
  if (p.type === 'BOOLEAN') return d[0] === 'true' ? 'on' : 'off';
  return d.join(', ');
}

/** Split server field errors into those the form can show at a field and the rest. */
export function splitErrors(errors: FieldError[], fieldIds: Set<string>): { byField: Map<string, string[]>; other: FieldError[] } {
  const byField = new Map<string, string[]>();
  const other: FieldError[] = [];
  for (const e of errors) {
    if (e.field && fieldIds.has(e.field)) {
      const list = byField.get(e.field) ?? [];
      list.push(e.message || e.rule || 'invalid value');
      byField.set(e.field, list);
    } else {
      other.push(e);
    }
  }
  return { byField, other };
}
