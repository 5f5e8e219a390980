// Hash routes with a query: #/events?source=203.0.113.7&kind=sip. (filters of a list, so that a link
// from another page can open it pre-filtered). Pure functions (unit-tested in test/events-model.test.ts).

/** The route part of a hash and its query (after the first "?"). */
export function splitHash(hash: string): { path: string; query: URLSearchParams } {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  return q < 0
    ? { path: raw, query: new URLSearchParams() }
    : { path: raw.slice(0, q), query: new URLSearchParams(raw.slice(q + 1)) };
}

/**
 * `#/<path>?k=v&...` from the non-empty values, in the order given. Values are URI-encoded, but
 * colons and slashes stay readable (`source=2001:db8::7`); URLSearchParams reads them back as is.
 */
export function hashWith(path: string, params: [string, string][]): string {
  const parts = params
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v).replace(/%3A/gi, ':').replace(/%2F/gi, '/')}`);
  return `#/${path}${parts.length ? `?${parts.join('&')}` : ''}`;
}
