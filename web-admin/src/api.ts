// The one place that talks HTTP. Relative URLs, the session cookie (same-origin), the CSRF
// header on every change, problem+json errors turned into ApiError.
import type {
  AdminCertificate, AllowEntry, Ban, CertificateUpload, EnforcementHealth, EventSummary, FieldError, Ladder, MediaSession, NewAllowEntry,
  NewBan, Page, Problem, Session, StoredEvent,
} from './types';

const BASE = '/api/v1';

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** Seconds from the Retry-After header (429), if any. */
  readonly retryAfter: number | null;

  constructor(status: number, problem: Problem, retryAfter: number | null) {
    super(problem.detail || problem.title || `Request failed (HTTP ${status})`);
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  get fieldErrors(): FieldError[] {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

let csrfToken: string | null = null;
let onUnauthorized: ((message?: string) => void) | null = null;

export function setSession(session: Session | null): void {
  csrfToken = session ? session.csrfToken : null;
}

/** Called when any request (other than logging in or checking the session) gets a 401. */
export function setUnauthorizedHandler(handler: (message?: string) => void): void {
  onUnauthorized = handler;
}

/** The server ended the session on purpose (e.g. after a password change): back to sign-in. */
export function sessionEnded(message: string): void {
  if (onUnauthorized) onUnauthorized(message);
}

export interface RequestOptions {
  /** Don't run the global 401 handler (login form, session probe). */
  allow401?: boolean;
}

export async function request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(BASE + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, { title: 'No connection', detail: 'The appliance could not be reached. Check the network and try again.' }, null);
  }

  if (!res.ok) {
    const problem = await readProblem(res);
    const retry = res.headers.get('Retry-After');
    const err = new ApiError(res.status, problem, retry !== null && /^\d+$/.test(retry.trim()) ? Number(retry) : null);
    if (res.status === 401 && !opts.allow401 && onUnauthorized) onUnauthorized();
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function readProblem(res: Response): Promise<Problem> {
  const fallback: Problem = { status: res.status, title: defaultTitle(res.status) };
  try {
    const text = await res.text();
    if (!text) return fallback;
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') return { ...fallback, ...(parsed as Problem) };
  } catch {
    /* not JSON: keep the fallback */
  }
  return fallback;
}

function defaultTitle(status: number): string {
  switch (status) {
    case 400: return 'Some values are not valid';
    case 401: return 'Please sign in';
    case 403: return 'You are not allowed to do this';
    case 404: return 'Not found';
    case 409: return 'Conflict';
    case 429: return 'Too many attempts';
    default: return status >= 500 ? 'The appliance reported an internal error' : `Request failed (HTTP ${status})`;
  }
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, undefined, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, body ?? {}, opts),
  put: <T>(path: string, body: unknown, opts?: RequestOptions) => request<T>('PUT', path, body, opts),
  del: (path: string) => request<void>('DELETE', path),
};

/** The admin plane's HTTPS certificate. After `install` the HTTPS listener restarts with the new one. */
export const adminCertificate = {
  get: () => api.get<AdminCertificate>('/admin-certificate'),
  install: (upload: CertificateUpload) => api.put<AdminCertificate>('/admin-certificate', upload),
};

/**
 * Bans, the allow-list and kernel enforcement. Scopes go into the query string URL-encoded
 * (`?scope=203.0.113.7%2F32`). `enforcement` fails with 503 when no kernel enforcer runs.
 */
export const bansApi = {
  list: () => api.get<Ban[]>('/bans'),
  add: (ban: NewBan) => api.post<Ban>('/bans', ban),
  remove: (scope: string) => api.del(`/bans${query({ scope })}`),
  allowList: () => api.get<AllowEntry[]>('/allow-list'),
  allow: (entry: NewAllowEntry) => api.post<AllowEntry>('/allow-list', entry),
  disallow: (scope: string) => api.del(`/allow-list${query({ scope })}`),
  enforcement: () => api.get<EnforcementHealth>('/enforcement'),
};

/**
 * Security events (any role): the counts since the admin bundle started (`summary`), and the stored
 * events: `list` takes the query string built by events-model (`?source=...&limit=50`).
 */
export const eventsApi = {
  summary: (minutes = 60) => api.get<EventSummary>(`/events/summary${query({ minutes })}`),
  list: (queryString: string) => api.get<Page<StoredEvent>>(`/events${queryString}`),
  get: (id: number) => api.get<StoredEvent>(`/events/${encodeURIComponent(String(id))}`),
  /** 404 when the appliance holds no message trace for the event (or does not offer ladders yet). */
  ladder: (id: number) => api.get<Ladder>(`/events/${encodeURIComponent(String(id))}/ladder`),
};

/** The media lines the relay anchors (any role), newest first; 503 while the media relay is not running. */
export const mediaApi = {
  sessions: () => api.get<MediaSession[]>('/media/sessions'),
};

/** Build a query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A message for people, from any error. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) {
    const p = err.problem;
    if (p.detail) return p.detail;
    if (p.title) return p.title;
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
