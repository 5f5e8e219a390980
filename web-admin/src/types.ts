// JSON shapes of the admin REST API v1 (bundles/admin/REST-API.md).

export type Role = 'admin' | 'operator' | 'auditor';

export interface Session {
  username: string;
  role: Role;
  csrfToken: string;
}

export interface SetupState {
  required: boolean;
}

export interface FieldError {
  field: string;
  rule?: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: FieldError[];
}

export interface BundleInfo {
  id: number;
  symbolicName: string;
  name: string;
  version: string;
  state: string;
  bulwark: boolean;
}

export interface ListenerInfo {
  zone: string;
  protocol: string;
  address: string;
  port: number;
  connections: number;
}

export interface Status {
  version: string;
  startedAt: string;
  health: 'OK' | 'DEGRADED' | string;
  activeCalls: number;
  bundles: BundleInfo[];
  listeners: ListenerInfo[];
}

export interface CallRatePoint {
  time: string;
  callsStarted: number;
  activeCalls: number;
}

export interface CallRate {
  intervalSeconds: number;
  points: CallRatePoint[];
}

export interface LiveCall {
  callId: string;
  callerZone: string;
  state: string;
  peer: string;
  transport: string;
  createdAt: string;
}

export interface CallRecord {
  callId: string;
  direction: string;
  caller: string;
  callee: string;
  outsideTransport: string;
  insideTransport: string;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  endReason: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

export interface ConfigSummary {
  pid: string;
  factoryPid: string | null;
  name: string;
  description: string;
}

export type PropertyType =
  | 'STRING' | 'LONG' | 'INTEGER' | 'SHORT' | 'CHAR' | 'BYTE'
  | 'DOUBLE' | 'FLOAT' | 'BOOLEAN' | 'PASSWORD';

export interface ConfigOption {
  label: string;
  value: string;
}

export interface ConfigProperty {
  id: string;
  name: string;
  description?: string;
  type: PropertyType;
  cardinality: number;
  required?: boolean;
  defaultValue?: string[] | null;
  options?: ConfigOption[] | null;
  min?: string | null;
  max?: string | null;
  value?: string[] | null;
}

export interface ConfigDetail extends ConfigSummary {
  properties: ConfigProperty[];
}

export interface User {
  username: string;
  role: Role;
  createdAt: string;
  lastLoginAt: string | null;
  lockedUntil: string | null;
}

export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string;
}

export interface NewApiToken extends ApiToken {
  token: string;
}

export interface AuditEntry {
  id: number;
  time: string;
  actor: string;
  action: string;
  target: string | null;
  oldValue: string | null;
  newValue: string | null;
  source: string | null;
}

/** GET/PUT /admin-certificate: the certificate the admin plane presents over HTTPS. */
export interface AdminCertificate {
  /** Subject DN (RFC 2253), e.g. "CN=bulwark.example.com,O=Example". */
  subject: string;
  issuer: string;
  /** DNS names and IP addresses the certificate is valid for. */
  subjectAltNames: string[];
  /** ISO-8601 instants. */
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the DER certificate, "AB:CD:..." */
  sha256Fingerprint: string;
  selfSigned: boolean;
}

/** Body of PUT /admin-certificate. */
export interface CertificateUpload {
  /** The chain, PEM, the appliance's certificate first. */
  certificatePem: string;
  /** Its unencrypted private key, PEM. */
  privateKeyPem: string;
}
