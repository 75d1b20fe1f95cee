// The one protocol between the extension host and the Token Inspector webview. Both sides
// import this file; it holds plain types, constants and validators (no `vscode`, no DOM, no
// node), so it compiles under the host's tsconfig and the webview's.
//
//   webview                                  host
//   ───────                                  ────
//   { type: 'ready', protocol }        ──►   marks the panel ready, flushes what it buffered
//                                      ◄──   { type: 'state', state }            (any time)
//   { type: 'request', id, command }   ──►   runs it (refresh, verify, openDocs)
//                                      ◄──   { type: 'reply', id, ok, error? }   (same id)
//
// The host posts nothing until `ready` (it buffers), and only the newest state matters.
// Requests: `refresh` and `verify` (the panel's session or token), `openDocs` (a documentation
// link the host offered), `reveal` (send the raw segments of one token for the raw view),
// `copyValue` (copy one claim or header value whole to the clipboard), `copyToken` (the token as
// it is, as an Authorization header or as a curl line: the host writes the clipboard, the webview
// never gets the token back), `verifyWithKey` (a pasted JWKS or PEM public key, bounded; a shared
// secret is never in a message: the host asks for it in its own password box) and `savedKey`
// (save the key that verified in SecretStorage, or forget it).
// `serverLoad` / `serverRevoke`: the Cognito side of a session panel (load a part, revoke another server-side session).
// Every message from the webview goes through `parseWebviewMessage` before anything reads it:
// exact shapes, known types and commands, bounded lengths; anything else is dropped and
// logged by shape only (`describeShape`), never by value.
//
// What the host sends is DECODED data: claims, header, times, verification results,
// fingerprints. The raw token's segments are sent only for the raw view, and only once the
// user opens it for that token; they never go to logs or to persisted state.
// The webview persists UI state only (`UiState`: tab, open sections, session id).

/** Bumped when a message shape changes incompatibly. */
export const PROTOCOL_VERSION = 1;

/** The view type of the inspector panel (also its `onWebviewPanel:` activation event). */
export const INSPECTOR_VIEW_TYPE = 'cognitoTokenDebugger.inspector';

// ───────────────────────────── the view model (host → webview) ─────────────────────────────

/** Which tab a token sits in. `token` is the single tab of a bare token. */
export type TokenSlot = 'id' | 'access' | 'refresh' | 'token';
export const TOKEN_SLOTS: readonly TokenSlot[] = ['id', 'access', 'refresh', 'token'];

/** The parts of a compact serialisation (same names as the core's `TokenPart`). */
export type SegmentPart = 'header' | 'payload' | 'signature' | 'encrypted-key' | 'iv' | 'ciphertext' | 'tag';

export interface SegmentView {
  part: SegmentPart;
  /** "Header", "Encrypted key", ... */
  label: string;
  /** Characters in this part. */
  length: number;
  /** The part itself: only once the user has opened the raw view of this token (`reveal`). */
  text?: string;
}

/** Where a claim's explanation comes from. */
export type ClaimSource = 'jwt' | 'oidc' | 'cognito' | 'header' | 'custom';

export interface ClaimRow {
  name: string;
  /** Display text: strings as they are, anything else as compact JSON (bounded length). */
  value: string;
  source: ClaimSource;
  /** One or two sentences; absent for claims nobody documents (custom claims). */
  explanation?: string;
  /** For NumericDate claims (exp, iat, nbf, auth_time): the webview shows local and relative time. */
  epochSeconds?: number;
  /**
   * Set when `value` was cut for display: the length of the whole value. The webview offers
   * to copy it whole (a `copyValue` request), since nobody reads a megabyte in a table cell.
   */
  fullLength?: number;
}

export type CheckStatusView = 'pass' | 'fail' | 'skip';

export interface CheckView {
  name: string;
  status: CheckStatusView;
  detail: string;
}

export interface VerificationView {
  /** ms since the epoch, when the host finished verifying. */
  at: number;
  ok: boolean;
  /** `unchecked`: the signature could not be checked (keys unreachable, encrypted): not evidence against the token. */
  status?: 'verified' | 'failed' | 'unchecked' | 'needs-confirmation';
  checks: CheckView[];
  jwksUri?: string;
  kid?: string;
  alg?: string;
  /** Why verification could not complete (as opposed to a check that failed). */
  error?: { code: string; message: string; cause?: string };
}

/** How the user gave a key to verify with: a JWKS or PEM pasted in the panel, a secret typed in the host's password box, or the saved one. */
export type KeyKind = 'jwks' | 'pem' | 'secret';
export const KEY_KINDS: readonly KeyKind[] = ['jwks', 'pem', 'secret'];
export type KeySource = KeyKind | 'saved';
export const KEY_SOURCES: readonly KeySource[] = ['jwks', 'pem', 'secret', 'saved'];

/** A check with a key the user gave (src/core/token/verify-with-key.ts): never the key itself. */
export interface KeyCheckView {
  /** ms since the epoch. */
  at: number;
  ok: boolean;
  /** `error`: nothing was checked (see `error`). */
  signature: 'valid' | 'invalid' | 'error';
  checks: CheckView[];
  alg?: string;
  kid?: string;
  /** "RSA public key (PEM, 2048 bits)", "key kid-1 (RSA) of a JWKS with 2 keys", "HS256 shared secret (32 bytes)". */
  keyDescription: string;
  keyKind: KeyKind;
  /** The key came from SecretStorage (saved earlier). */
  fromSaved: boolean;
  error?: { code: string; message: string };
}

/** The key the panel holds in memory (for its lifetime only): what it is, never what it is. */
export interface PastedKeyView {
  kind: KeyKind;
  description: string;
}

/** `revoked`: the session's history says the token was revoked after it was received (see src/shared/revocation.ts). */
export type ValidityStateView = 'valid' | 'expired' | 'not-yet-valid' | 'no-expiry' | 'unknown' | 'revoked';

export interface ValidityView {
  state: ValidityStateView;
  /** ms since the epoch. */
  expiresAt?: number;
  /** ms since the epoch. */
  validFrom?: number;
  withinSkew: boolean;
  clockSkewSeconds: number;
  /** For `revoked`: when (ISO-8601) and one sentence saying how it is known. */
  revoked?: { at: string; text: string };
}

export interface TokenView {
  slot: TokenSlot;
  /** "ID token", "Access token", "Refresh token", "Token". */
  label: string;
  /** False when the session holds no token for this slot. */
  present: boolean;
  /** Why the token could not be decoded (the core's message; never the token). */
  error?: string;
  format?: 'jws' | 'jwe';
  /** id / access / refresh / unknown, from the core's classification. */
  kind?: 'id' | 'access' | 'refresh' | 'unknown';
  isCognito?: boolean;
  encrypted: boolean;
  /** `alg: none`: nothing vouches for the claims. */
  unsigned: boolean;
  /** Facts for the top of the tab: user pool, client, username, groups, scopes. */
  facts: { label: string; value: string }[];
  header: ClaimRow[];
  /** Empty for JWE (only the recipient can decrypt the payload). */
  claims: ClaimRow[];
  /**
   * The raw token's parts, for the raw view. Their text is sent only after the user opened that
   * view (a `reveal` request), so the webview holds no raw token the user did not ask to see.
   */
  segments: SegmentView[];
  /** True once the segments carry their text. */
  revealed: boolean;
  /** Characters in the raw token. */
  length: number;
  /** A short one-way label for the token (the same one the history shows). */
  fingerprint?: string;
  validity?: ValidityView;
  /** The last verification of exactly this token, if any. */
  verification?: VerificationView;
  /** The last check of exactly this token with a key the user pasted (`verifyWithKey`), if any. */
  keyCheck?: KeyCheckView;
  /** A key the user saved (SecretStorage) for this token's issuer: true/false once looked up, absent before. */
  savedKey?: boolean;
  /** Why this token cannot be verified here (encrypted refresh token, unsigned token). */
  verifyNote?: string;
  /** Plain sentences worth knowing about this token. */
  notes: string[];
}

export interface HistoryNoteView {
  code: string;
  text: string;
}

export interface HistoryEntryView {
  /** ISO-8601. */
  at: string;
  operation: string;
  outcome: 'success' | 'error';
  rotated: boolean;
  oldFingerprint: string;
  newFingerprint?: string;
  latencyMs: number;
  errorName?: string;
  /** The catalog's title for the error, when there is one. */
  errorTitle?: string;
  /** Redacted by the core. */
  errorMessage?: string;
  httpStatus?: number;
  requestId?: string;
  notes: HistoryNoteView[];
}

export interface ExplanationView {
  id: string;
  name: string;
  kind: string;
  title: string;
  whatHappened: string;
  likelyCauses: string[];
  whatToDo: string[];
  /** An https://docs.aws.amazon.com/ URL (the webview asks the host to open it). */
  docsUrl: string;
  retryable: string;
  /** A sentence for `retryable`. */
  retryAdvice: string;
  /** Redacted by the core. */
  message?: string;
  httpStatus?: number;
  requestId?: string;
  operation?: string;
  /** ISO-8601, when the failure happened. */
  at?: string;
  hints: string[];
}

export interface SessionView {
  id: string;
  label: string;
  region: string;
  userPoolId: string;
  clientId: string;
  endpoint?: string;
  refreshMethod: string;
  effectiveMethod?: string;
  username?: string;
  /** "Rotation on, 10 s grace" / "Rotation observed" / "Unknown". */
  rotation: string;
  hasClientSecret: boolean;
  /** ISO-8601. */
  updatedAt: string;
}

// ─────────────── the Cognito side: the server view inside a session panel ───────────────
//
// Loaded only when the user asks (`serverLoad`), with the session's own access token sent only
// to the session's endpoint; AWS credentials (never stored) for `config`. Everything here came
// from Cognito (untrusted text: the webview shows it as text), built by the host
// (src/vscode/server/sideView.ts). No token, no secret: a client secret is "present" or not.

/**
 * `user`: ListUserSessions (every page) and GetUser; `config`: the app client's and pool's configuration (AWS credentials);
 * `credentials`: ask again which AWS credentials the session uses, then load `config`.
 */
export type ServerLoadPart = 'user' | 'config' | 'credentials';
export const SERVER_LOAD_PARTS: readonly ServerLoadPart[] = ['user', 'config', 'credentials'];

/** RevokeUserSession's RevokeAssociatedSessions. */
export type RevokeAssociated = 'NONE' | 'LINKED';
export const REVOKE_ASSOCIATED: readonly RevokeAssociated[] = ['NONE', 'LINKED'];

/** A server-side session id as a `serverRevoke` may name it: `tkn…` / `sso…` in Cognito, bounded visible ASCII here. */
export const MAX_SERVER_SESSION_ID_LENGTH = 128;

export interface ServerFactView {
  /** Stable (tests, data-fact): `rotation`, `hasSecret`, `tracking`, ... */
  key: string;
  label: string;
  value: string;
}

/** A failed server operation, explained by the catalog. */
export interface ServerFailureView {
  operation: string;
  /** The catalog id (`NotAuthorizedException/access-token-expired`, `service/access-denied`, ...). */
  id: string;
  title: string;
  whatHappened: string;
  whatToDo: string[];
  /** For AccessDenied: the action to allow, on which resource, and the policy statement to add. */
  missingPermission?: { action: string; resource?: string; statement: string };
  /** The access token is expired or revoked: refreshing the session (or signing in again) is the fix. */
  refreshFirst?: boolean;
}

export interface ServerSessionRowView {
  sessionId: string;
  type: 'TOKEN' | 'SSO' | 'unknown';
  clientId?: string;
  /** The app client is this session's own. */
  sameClient: boolean;
  /** ISO-8601. */
  createdAt?: string;
  /** ISO-8601. */
  lastActiveAt?: string;
  deviceType?: string;
  lastIpAddress?: string;
  location?: string;
  originSessionId?: string;
  /** This panel's session's own server-side session (Cognito said so, or its app client and sign-in time match). */
  isCurrent: boolean;
  currentBy?: 'cognito' | 'sign-in-time';
}

export interface ServerSessionsListView {
  /** ms since the epoch, when the list was read. */
  at: number;
  tracking: 'ENABLED' | 'DISABLED' | 'unknown';
  /** One sentence on the tracking state, shown beside the list. */
  trackingText: string;
  /** Shown when an empty list could mislead (tracking off or unknown). */
  note?: string;
  truncated: boolean;
  rows: ServerSessionRowView[];
}

export interface ServerUserPartView {
  at: number;
  username: string;
  /** Status (AdminGetUser, with credentials), preferred MFA, MFA enabled. */
  facts: ServerFactView[];
  attributes: { name: string; value?: string }[];
}

export interface ServerConfigSectionView {
  key: 'client' | 'pool' | 'poolSessions' | 'clientSessions';
  /** "App client (DescribeUserPoolClient)". */
  title: string;
  facts?: ServerFactView[];
  failure?: ServerFailureView;
}

export interface ServerFindingView {
  id: string;
  severity: 'cause' | 'warning' | 'info';
  text: string;
}

export interface ServerConfigPartView {
  at: number;
  /** "the AWS profile \"dev\"", "the SDK's default credential chain". */
  credentials: string;
  sections: ServerConfigSectionView[];
  /** The session's last failure, one line, when it has one. */
  lastFailure?: string;
  /** configExplain's findings: the last failure read against this configuration, and disagreements. */
  findings: ServerFindingView[];
}

export interface CognitoSideView {
  busy: { user: boolean; config: boolean; /** The server session being revoked. */ revoking?: string };
  /** Where the access token goes: "https://cognito-idp.us-east-1.amazonaws.com/" or the session's endpoint. */
  destination: string;
  sessions?: ServerSessionsListView;
  sessionsFailure?: ServerFailureView;
  user?: ServerUserPartView;
  userFailure?: ServerFailureView;
  /** AdminGetUser failed (the rest of the user was read). */
  userStatusFailure?: ServerFailureView;
  config?: ServerConfigPartView;
  /** Failed before any operation ran (no credentials chosen, no access token). */
  configFailure?: ServerFailureView;
  /** The credentials chosen for this session, described; absent when none were chosen yet. */
  credentials?: string;
  /** What NONE and LINKED revoke, for the confirmation. */
  revokeText: Record<RevokeAssociated, string>;
  /** The outcome of the last revoke, one line. */
  message?: { severity: 'info' | 'warning' | 'error'; text: string };
  /** The last revoke failed: why, from the catalog. */
  revokeFailure?: ServerFailureView;
}


export type InspectorTarget =
  | { kind: 'session'; sessionId: string }
  | { kind: 'token' }
  /** The panel was restored (or the session removed) and the session is gone. */
  | { kind: 'missing-session'; sessionId: string }
  /** A bare-token panel restored after a reload: tokens are never persisted, so it has nothing to show. */
  | { kind: 'lost-token' };

export interface InspectorState {
  protocol: typeof PROTOCOL_VERSION;
  target: InspectorTarget;
  title: string;
  session?: SessionView;
  tokens: TokenView[];
  /** Newest first. */
  history: HistoryEntryView[];
  lastError?: ExplanationView;
  busy: { refresh: boolean; verify: boolean };
  /** A one-line message for the top of the panel (a failed verify, a removed session). */
  notice?: { severity: 'info' | 'warning' | 'error'; text: string };
  /** The tab the host wants shown (e.g. opened from a tree item); the webview's own choice wins after that. */
  focusSlot?: TokenSlot;
  /** ms since the epoch, when the host built this state. */
  generatedAt: number;
  /** Session panels: the Cognito side (server sessions, user, client configuration), loaded on demand. */
  server?: CognitoSideView;
  /** The key the user gave this panel to verify with (kept in host memory until the panel closes). */
  pastedKey?: PastedKeyView;
}

// ───────────────────────────────────────── messages ─────────────────────────────────────────

export type RequestCommand = 'refresh' | 'verify' | 'openDocs' | 'reveal' | 'copyValue' | 'server' | 'serverLoad' | 'serverRevoke' | 'copyToken' | 'verifyWithKey' | 'savedKey';
export const REQUEST_COMMANDS: readonly RequestCommand[] = ['refresh', 'verify', 'openDocs', 'reveal', 'copyValue', 'server', 'serverLoad', 'serverRevoke', 'copyToken', 'verifyWithKey', 'savedKey'];
/** How `copyToken` puts a token on the clipboard: as it is, as an `Authorization: Bearer` header line, or as a curl command. */
export type CopyFormat = 'raw' | 'bearer' | 'curl';
export const COPY_FORMATS: readonly CopyFormat[] = ['raw', 'bearer', 'curl'];

/** `savedKey`: store the panel's pasted key in SecretStorage for the token's issuer, or delete the saved one. */
export type SavedKeyOp = 'save' | 'forget';
export const SAVED_KEY_OPS: readonly SavedKeyOp[] = ['save', 'forget'];

/**
 * Longest JWKS or PEM text a `verifyWithKey` message may carry (the core's MAX_KEY_TEXT_LENGTH).
 * Public keys only: a shared secret never travels through the webview (see the panel's verifyWithKey).
 */
export const MAX_PASTED_KEY_LENGTH = 64 * 1024;

/** The server view's actions a session panel offers (each runs the command of that name on the panel's session). */
export type ServerAction = 'sessions' | 'user' | 'config' | 'compare';
export const SERVER_ACTIONS: readonly ServerAction[] = ['sessions', 'user', 'config', 'compare'];

/** Which table a copied value comes from. */
export type ValuePart = 'claim' | 'header';
export const VALUE_PARTS: readonly ValuePart[] = ['claim', 'header'];

export type WebviewMessage =
  | { type: 'ready'; protocol: number }
  | { type: 'request'; id: number; command: 'refresh' }
  | { type: 'request'; id: number; command: 'verify' }
  | { type: 'request'; id: number; command: 'openDocs'; url: string }
  | { type: 'request'; id: number; command: 'reveal'; slot: TokenSlot }
  | { type: 'request'; id: number; command: 'copyValue'; slot: TokenSlot; part: ValuePart; name: string }
  | { type: 'request'; id: number; command: 'server'; action: ServerAction }
  | { type: 'request'; id: number; command: 'serverLoad'; part: ServerLoadPart }
  /** Sent only after the webview's own confirmation; the host revokes only a session it listed as another one. */
  | { type: 'request'; id: number; command: 'serverRevoke'; serverSessionId: string; associated: RevokeAssociated }
  /** The host writes the token to the clipboard; the webview never receives it. */
  | { type: 'request'; id: number; command: 'copyToken'; slot: TokenSlot; format: CopyFormat }
  /** A public key set or PEM public key pasted in the panel (bounded), checked by the host. */
  | { type: 'request'; id: number; command: 'verifyWithKey'; slot: TokenSlot; source: 'jwks' | 'pem'; key: string }
  /** `secret`: the host asks for it in a password box of its own; `saved`: the key saved for the token's issuer. */
  | { type: 'request'; id: number; command: 'verifyWithKey'; slot: TokenSlot; source: 'secret' | 'saved' }
  | { type: 'request'; id: number; command: 'savedKey'; slot: TokenSlot; op: SavedKeyOp };

export type WebviewRequest = Extract<WebviewMessage, { type: 'request' }>;

export type HostMessage =
  | { type: 'state'; state: InspectorState }
  | { type: 'reply'; id: number; ok: true }
  | { type: 'reply'; id: number; ok: false; error: string };

// ─────────────────────────────────────── validation ────────────────────────────────────────

/** Largest request id (ids are positive integers chosen by the webview). */
export const MAX_REQUEST_ID = 2 ** 31 - 1;
export const MAX_URL_LENGTH = 2048;
export const MAX_SESSION_ID_LENGTH = 200;
/** Longest claim or header name a `copyValue` request may name. */
export const MAX_CLAIM_NAME_LENGTH = 256;
const MAX_SECTIONS = 64;
const MAX_SECTION_KEY_LENGTH = 80;

export type RejectReason =
  | 'not-an-object'
  | 'unknown-type'
  | 'unknown-command'
  | 'unexpected-field'
  | 'missing-field'
  | 'bad-field'
  | 'protocol-mismatch'
  | 'url-not-allowed';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: RejectReason; field?: string };

const fail = (reason: RejectReason, field?: string): { ok: false; reason: RejectReason; field?: string } =>
  field === undefined ? { ok: false, reason } : { ok: false, reason, field };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The object's own keys are exactly `allowed` (all present, none extra), or the first problem. */
function exactKeys(obj: Record<string, unknown>, allowed: readonly string[]): { ok: true } | { ok: false; reason: RejectReason; field?: string } {
  const keys = Object.keys(obj);
  for (const k of keys) if (!allowed.includes(k)) return fail('unexpected-field', safeKey(k));
  for (const k of allowed) if (!Object.prototype.hasOwnProperty.call(obj, k)) return fail('missing-field', k);
  return { ok: true };
}

function isRequestId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_REQUEST_ID;
}

/**
 * True for the only links the inspector opens: https pages on docs.aws.amazon.com, with no
 * credentials and no port. (The host also checks the link is one it offered.)
 */
export function isAllowedDocsUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_URL_LENGTH) return false;
  // Visible ASCII only: no whitespace or control characters (a URL parser would quietly strip
  // some), no look-alike Unicode.
  if (!/^[\x21-\x7e]+$/.test(value)) return false;
  const m = /^https:\/\/docs\.aws\.amazon\.com(\/[^?#]*)?(\?[^#]*)?(#.*)?$/.exec(value);
  if (!m) return false;
  // Reject dot segments and backslashes: the path must be the one shown.
  const path = m[1] ?? '/';
  return !path.includes('\\') && !/(^|\/)\.\.?(\/|$)/.test(path);
}

function isSlot(value: unknown): value is TokenSlot {
  return typeof value === 'string' && (TOKEN_SLOTS as readonly string[]).includes(value);
}

/** The fields beside type, id and command of the inspector's token tools (copy, verify with a key, saved keys). */
function toolFields(command: string, value: Record<string, unknown>): string[] {
  switch (command) {
    case 'copyToken':
      return ['slot', 'format'];
    case 'verifyWithKey':
      // A key travels only with a public-key source; a secret or saved-key request carries none.
      return value.source === 'jwks' || value.source === 'pem' ? ['slot', 'source', 'key'] : ['slot', 'source'];
    case 'savedKey':
      return ['slot', 'op'];
    default:
      return [];
  }
}

/** Validates a message from the webview. Never throws. */
export function parseWebviewMessage(value: unknown): ParseResult<WebviewMessage> {
  try {
    if (!isPlainObject(value)) return fail('not-an-object');
    const type = value.type;
    if (type === 'ready') {
      const keys = exactKeys(value, ['type', 'protocol']);
      if (!keys.ok) return keys;
      if (typeof value.protocol !== 'number' || !Number.isInteger(value.protocol)) return fail('bad-field', 'protocol');
      if (value.protocol !== PROTOCOL_VERSION) return fail('protocol-mismatch', 'protocol');
      return { ok: true, value: { type: 'ready', protocol: value.protocol } };
    }
    if (type === 'request') {
      const command = value.command;
      if (typeof command !== 'string' || !(REQUEST_COMMANDS as readonly string[]).includes(command)) {
        return fail(Object.prototype.hasOwnProperty.call(value, 'command') ? 'unknown-command' : 'missing-field', 'command');
      }
      const extra = command === 'openDocs' ? ['url'] : command === 'reveal' ? ['slot'] : command === 'copyValue' ? ['slot', 'part', 'name'] : command === 'server' ? ['action'] : command === 'serverLoad' ? ['part'] : command === 'serverRevoke' ? ['serverSessionId', 'associated'] : toolFields(command, value);
      const keys = exactKeys(value, ['type', 'id', 'command', ...extra]);
      if (!keys.ok) return keys;
      if (!isRequestId(value.id)) return fail('bad-field', 'id');
      const id = value.id;
      switch (command as RequestCommand) {
        case 'openDocs':
          if (typeof value.url !== 'string' || value.url.length > MAX_URL_LENGTH) return fail('bad-field', 'url');
          if (!isAllowedDocsUrl(value.url)) return fail('url-not-allowed', 'url');
          return { ok: true, value: { type: 'request', id, command: 'openDocs', url: value.url } };
        case 'reveal':
          if (typeof value.slot !== 'string' || !(TOKEN_SLOTS as readonly string[]).includes(value.slot)) return fail('bad-field', 'slot');
          return { ok: true, value: { type: 'request', id, command: 'reveal', slot: value.slot as TokenSlot } };
        case 'copyValue':
          if (typeof value.slot !== 'string' || !(TOKEN_SLOTS as readonly string[]).includes(value.slot)) return fail('bad-field', 'slot');
          if (typeof value.part !== 'string' || !(VALUE_PARTS as readonly string[]).includes(value.part)) return fail('bad-field', 'part');
          if (typeof value.name !== 'string' || value.name.length === 0 || value.name.length > MAX_CLAIM_NAME_LENGTH) return fail('bad-field', 'name');
          return { ok: true, value: { type: 'request', id, command: 'copyValue', slot: value.slot as TokenSlot, part: value.part as ValuePart, name: value.name } };
        case 'refresh':
          return { ok: true, value: { type: 'request', id, command: 'refresh' } };
        case 'verify':
          return { ok: true, value: { type: 'request', id, command: 'verify' } };
        case 'copyToken':
          if (!isSlot(value.slot)) return fail('bad-field', 'slot');
          if (typeof value.format !== 'string' || !(COPY_FORMATS as readonly string[]).includes(value.format)) return fail('bad-field', 'format');
          return { ok: true, value: { type: 'request', id, command: 'copyToken', slot: value.slot, format: value.format as CopyFormat } };
        case 'verifyWithKey': {
          if (!isSlot(value.slot)) return fail('bad-field', 'slot');
          const source = value.source;
          if (source === 'jwks' || source === 'pem') {
            if (typeof value.key !== 'string' || value.key.length === 0 || value.key.length > MAX_PASTED_KEY_LENGTH) return fail('bad-field', 'key');
            return { ok: true, value: { type: 'request', id, command: 'verifyWithKey', slot: value.slot, source, key: value.key } };
          }
          if (source === 'secret' || source === 'saved') return { ok: true, value: { type: 'request', id, command: 'verifyWithKey', slot: value.slot, source } };
          return fail('bad-field', 'source');
        }
        case 'savedKey':
          if (!isSlot(value.slot)) return fail('bad-field', 'slot');
          if (typeof value.op !== 'string' || !(SAVED_KEY_OPS as readonly string[]).includes(value.op)) return fail('bad-field', 'op');
          return { ok: true, value: { type: 'request', id, command: 'savedKey', slot: value.slot, op: value.op as SavedKeyOp } };
        case 'server':
          if (typeof value.action !== 'string' || !(SERVER_ACTIONS as readonly string[]).includes(value.action)) return fail('bad-field', 'action');
          return { ok: true, value: { type: 'request', id, command: 'server', action: value.action as ServerAction } };
        case 'serverLoad':
          if (typeof value.part !== 'string' || !(SERVER_LOAD_PARTS as readonly string[]).includes(value.part)) return fail('bad-field', 'part');
          return { ok: true, value: { type: 'request', id, command: 'serverLoad', part: value.part as ServerLoadPart } };
        case 'serverRevoke':
          if (!isServerSessionId(value.serverSessionId)) return fail('bad-field', 'serverSessionId');
          if (typeof value.associated !== 'string' || !(REVOKE_ASSOCIATED as readonly string[]).includes(value.associated)) return fail('bad-field', 'associated');
          return {
            ok: true,
            value: { type: 'request', id, command: 'serverRevoke', serverSessionId: value.serverSessionId, associated: value.associated as RevokeAssociated },
          };
      }
    }
    return fail(Object.prototype.hasOwnProperty.call(value, 'type') ? 'unknown-type' : 'missing-field', 'type');
  } catch {
    // A getter or proxy that throws: not a message we sent.
    return fail('not-an-object');
  }
}

// ──────────────────────────────────── persisted UI state ────────────────────────────────────

/**
 * What the webview keeps with `setState` and what VS Code hands back to the panel serializer
 * after a reload. UI state only: never a token, a claim value or a secret.
 */
export interface UiState {
  v: 1;
  target: 'session' | 'token';
  /** For `session` panels: which session to re-open. */
  sessionId?: string;
  /** The selected tab. */
  tab?: TokenSlot;
  /** Keys of sections the user opened (`<slot>:<section>`, e.g. `id:raw`). */
  open?: string[];
  /** Keys of sections the user closed (sections not listed keep their default). */
  closed?: string[];
}

export function isSessionId(value: unknown): value is string {
  // Printable ASCII, no spaces: ids are UUIDs in practice; anything odder is not ours.
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_SESSION_ID_LENGTH && /^[\x21-\x7e]+$/.test(value);
}

/** A server-side session id a `serverRevoke` may carry: visible ASCII, bounded (the host also checks it listed it). */
export function isServerSessionId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_SERVER_SESSION_ID_LENGTH && /^[\x21-\x7e]+$/.test(value);
}

const SECTION_KEY = /^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$/;

/**
 * Validates persisted UI state (from `getState` or the serializer). Never throws; drops what
 * it does not recognise instead of rejecting the whole state, except a malformed target.
 */
export function parseUiState(value: unknown): UiState | undefined {
  try {
    if (!isPlainObject(value) || value.v !== 1) return undefined;
    const target = value.target;
    if (target !== 'session' && target !== 'token') return undefined;
    const state: UiState = { v: 1, target };
    if (target === 'session') {
      if (!isSessionId(value.sessionId)) return undefined;
      state.sessionId = value.sessionId;
    }
    if (typeof value.tab === 'string' && (TOKEN_SLOTS as readonly string[]).includes(value.tab)) state.tab = value.tab as TokenSlot;
    const keys = (list: unknown): string[] | undefined =>
      Array.isArray(list)
        ? [...new Set(list.filter((k): k is string => typeof k === 'string' && k.length <= MAX_SECTION_KEY_LENGTH && SECTION_KEY.test(k)))].slice(0, MAX_SECTIONS)
        : undefined;
    const open = keys(value.open);
    const closed = keys(value.closed);
    if (open) state.open = open;
    if (closed) state.closed = closed;
    return state;
  } catch {
    return undefined;
  }
}

// ──────────────────────────────────── safe descriptions ────────────────────────────────────

function safeKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]{0,23}$/.test(key) ? key : '<key>';
}

/**
 * The shape of an untrusted value, for a log line: types and lengths, never values (keys are
 * shown only when they look like identifiers). `{type: string(7), id: number, url: string(812)}`.
 */
export function describeShape(value: unknown, depth = 0): string {
  try {
    if (value === null) return 'null';
    if (Array.isArray(value)) return `array(${value.length})`;
    switch (typeof value) {
      case 'string':
        return `string(${value.length})`;
      case 'number':
      case 'boolean':
      case 'undefined':
      case 'bigint':
      case 'symbol':
      case 'function':
        return typeof value;
      case 'object': {
        if (depth >= 1) return 'object';
        const keys = Object.keys(value);
        const shown = keys.slice(0, 8).map((k) => `${safeKey(k)}: ${describeShape((value as Record<string, unknown>)[k], depth + 1)}`);
        if (keys.length > 8) shown.push(`… ${keys.length - 8} more`);
        return `{${shown.join(', ')}}`;
      }
    }
  } catch {
    return 'unreadable';
  }
  return 'unknown';
}
