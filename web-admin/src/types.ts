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
  /**
   * How the trunk leg's media travelled: the SRTP suite ("AES_CM_128_HMAC_SHA1_80"), "RTP" for clear
   * text, several comma-separated when the call's media lines differ; null when the appliance did not
   * anchor the media (absent from appliances before the field existed).
   */
  outsideMedia?: string | null;
  /** The same for the PBX leg. */
  insideMedia?: string | null;
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

/** Who decided a ban: a detector of the appliance, a person, or an outside system. */
export type BanOrigin = 'DETECTOR' | 'ADMIN' | 'CLOUD';

/** GET /bans: a source whose traffic is dropped until `expiresAt`. */
export interface Ban {
  /** CIDR text as the appliance writes it, e.g. "203.0.113.7/32". */
  scope: string;
  origin: BanOrigin | string;
  /** Which detector (e.g. "network.flood"), user or cloud source decided it. */
  originName: string;
  reason: string;
  createdAt: string;
  expiresAt: string;
  /** How often a detector banned this scope recently, this ban included (1 = first time). */
  offenceCount: number;
}

/** Body of POST /bans. */
export interface NewBan {
  scope: string;
  ttlSeconds: number;
  reason: string;
}

/** GET /allow-list: a source that is never banned, only rate-limited. */
export interface AllowEntry {
  scope: string;
  label: string;
  /** Its own limit in packets per second; 0 = the default limit for allow-listed sources. */
  ratePerSecond: number;
  addedBy: string;
  addedAt: string;
}

/** Body of POST /allow-list. */
export interface NewAllowEntry {
  scope: string;
  label: string;
  ratePerSecond: number;
}

export type EnforcementState = 'STARTING' | 'ENFORCING' | 'DEGRADED';

/** GET /enforcement (503 when no kernel enforcer runs). */
export interface EnforcementHealth {
  state: EnforcementState | string;
  /** What enforces, e.g. "nftables". */
  mechanism: string;
  detail: string;
  since: string;
  lastSync: string | null;
  kernelElements: number;
}

/** GET /events/summary: one bucket (a minute) of security events, counted per level. */
export interface EventPoint {
  time: string;
  network: number;
  application: number;
  content: number;
}

/** A source that caused the most events since the admin bundle started. */
export interface EventSource {
  source: string;
  events: number;
  /** The detector kind of its latest event, e.g. "network.flood". */
  lastKind: string;
  lastSeen: string;
}

export type EventLevel = 'NETWORK' | 'APPLICATION' | 'CONTENT';

export interface SecurityEvent {
  time: string;
  level: EventLevel | string;
  kind: string;
  severity: string;
  source: string;
  evidence: string;
}

/** GET /events/summary?minutes=60: points oldest first, one per bucket, ending with the current one. */
export interface EventSummary {
  bucketSeconds: number;
  points: EventPoint[];
  topSources: EventSource[];
  recent: SecurityEvent[];
}

/** GET /events (items) and GET /events/{id}: one stored security event. */
export interface StoredEvent {
  id: number;
  time: string;
  level: EventLevel | string;
  kind: string;
  /** INFO, LOW, MEDIUM, HIGH or CRITICAL. */
  severity: string;
  /** The offending address; null for events about the appliance itself. */
  source: string | null;
  /** 0 when unknown. */
  sourcePort: number;
  transport: string | null;
  zone: string | null;
  target: string | null;
  /** What was seen (already redacted), often a SIP message. */
  evidence: string;
  callId: string | null;
}

/** One column of a SIP ladder: an address, or the appliance itself ("bulwark"). */
export interface LadderParty {
  id: string;
  label: string;
  zone: string | null;
}

/** One SIP message between two parties. */
export interface LadderMessage {
  time: string;
  from: string;
  to: string;
  transport: string | null;
  /** The start line, e.g. "INVITE sip:1001@example.com SIP/2.0" or "SIP/2.0 403 Forbidden". */
  summary: string;
  cseq: string | null;
  /** The message the event's evidence quotes. */
  evidence: boolean;
}

/**
 * GET /events/{id}/ladder: the messages of the event's call, as the appliance still holds them;
 * `complete` false when only the evidence message is left (restart, evicted). 404: no trace.
 */
export interface Ladder {
  eventId: number;
  callId: string | null;
  complete: boolean;
  parties: LadderParty[];
  messages: LadderMessage[];
}

/** One leg (side) of an anchored media line: the appliance towards one party. */
export interface MediaLeg {
  /** "outside" (the trunk side) or "inside" (the PBX side). */
  zone: string;
  /** The appliance's address and port on this side, e.g. "203.0.113.1:30000". */
  local: string;
  /** The party the leg latched onto; null until its first packet. */
  peer: string | null;
  /** The SRTP suite of this leg (e.g. "AES_CM_128_HMAC_SHA1_80"), or "RTP" when plain (clear text). */
  encryption: string;
  /** Packets from the party (authenticated, for SRTP). */
  packetsIn: number;
  /** Packets to the party. */
  packetsOut: number;
  /** Packets of the party's stream that never arrived. */
  lost: number;
  /** Packets from other sources, dropped. */
  foreignDropped: number;
  /** SRTP packets failing authentication or replay checks, dropped. */
  srtpFailures: number;
}

/** GET /media/sessions (newest first): one media line the relay anchors, both legs. 503 without the relay. */
export interface MediaSession {
  /** "<dialog>/<offer>/<line>": the call's Call-ID, the offer (0 = first) and the m= line (0 = first). */
  id: string;
  createdAt: string;
  /** When either party last sent a packet. */
  lastActivity: string;
  outside: MediaLeg;
  inside: MediaLeg;
}
