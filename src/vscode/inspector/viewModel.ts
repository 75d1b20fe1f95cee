// Builds what the inspector shows from what the core returns: decoded tokens, verification
// reports, history events and the catalog's explanation. Pure (no `vscode` import), so the
// view model is decided here and unit-tested in plain node; the panel only posts it.
import { explain, type Explanation } from '../../core/errors/index';
import { fingerprint, type HistoryEvent, type HistoryNote, type SessionRecord } from '../../core/sessions/index';
import { decodeToken, type DecodedToken, type TokenPart, type VerifyReport } from '../../core/token/index';
import { explainClaim, explainHeader, TIME_CLAIM_NAMES } from '../../shared/claims';
import {
  PROTOCOL_VERSION,
  type ClaimRow,
  type ExplanationView,
  type HistoryEntryView,
  type InspectorState,
  type InspectorTarget,
  type SegmentView,
  type SessionView,
  type TokenSlot,
  type TokenView,
  type VerificationView,
} from '../../shared/protocol';
import { revocationOf, type Revocation } from '../../shared/revocation';
import { cutAt, visible } from '../../shared/visible';
import { tokenTitle } from '../decode/renderDecoded';
import { describeTokenSize, tokenSize } from '../../core/token/size';
import { changesSummary } from '../server/render';
import { refreshTokenEndText } from '../../core/token/diff';

// Text from tokens goes out as text: the webview puts it in text nodes only (webview/dom.ts)
// and marks bidi, zero-width and control characters visibly there, so the view model keeps
// values as they are, bounded. Only what VS Code itself shows (the panel's tab title) is
// made visible here.

/** Longest claim value sent as is; longer ones are cut (the whole value can be copied). */
export const MAX_CLAIM_VALUE_LENGTH = 4000;
/** Longest fact (username, groups, issuer...) and title sent. */
export const MAX_FACT_LENGTH = 1000;
export const MAX_TITLE_LENGTH = 200;

/** Text bounded to `max` characters, with "…" when it was cut. */
function bounded(text: string, max: number): string {
  return text.length > max ? `${cutAt(text, max)}…` : text;
}

export interface ViewContext {
  /** ms since the epoch. */
  now: number;
  clockSkewSeconds: number;
  /** Verification results by token fingerprint: a result belongs to exactly one token. */
  verifications: ReadonlyMap<string, VerificationView>;
  /** The slots whose raw segments the user opened. */
  revealed: ReadonlySet<TokenSlot>;
  busy: { refresh: boolean; verify: boolean };
  notice?: InspectorState['notice'];
  focusSlot?: TokenSlot;
}

const SLOT_LABEL: Record<TokenSlot, string> = { id: 'ID token', access: 'Access token', refresh: 'Refresh token', token: 'Token' };

const PART_LABEL: Record<TokenPart, string> = {
  header: 'Header',
  payload: 'Payload',
  signature: 'Signature',
  'encrypted-key': 'Encrypted key',
  iv: 'Initialization vector',
  ciphertext: 'Ciphertext',
  tag: 'Authentication tag',
};
const JWS_PARTS: readonly TokenPart[] = ['header', 'payload', 'signature'];
const JWE_PARTS: readonly TokenPart[] = ['header', 'encrypted-key', 'iv', 'ciphertext', 'tag'];

/** A claim value whole, as text: strings as they are, anything else as compact JSON. */
export function fullValue(value: unknown): string {
  try {
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    try {
      return String(value);
    } catch {
      return '(unprintable)';
    }
  }
}

/** A claim value as display text, bounded (never cut inside a surrogate pair). */
export function displayValue(value: unknown): string {
  const text = fullValue(value);
  if (text.length <= MAX_CLAIM_VALUE_LENGTH) return text;
  const shown = cutAt(text, MAX_CLAIM_VALUE_LENGTH);
  return `${shown}… (${(text.length - shown.length).toLocaleString('en-US')} more characters)`;
}

function claimRows(obj: Record<string, unknown>, explainer: (name: string) => ReturnType<typeof explainClaim>): ClaimRow[] {
  return Object.entries(obj).map(([name, value]) => {
    const info = explainer(name);
    const full = fullValue(value);
    const row: ClaimRow = { name: bounded(name, MAX_FACT_LENGTH), value: displayValue(value), source: info?.source ?? 'custom' };
    if (full.length > MAX_CLAIM_VALUE_LENGTH) row.fullLength = full.length;
    if (info) row.explanation = info.text;
    if (TIME_CLAIM_NAMES.includes(name) && typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < 8.64e12) {
      row.epochSeconds = value;
    }
    return row;
  });
}

function facts(token: DecodedToken): { label: string; value: string }[] {
  const c = token.cognito;
  const out: { label: string; value: string }[] = [{ label: 'Kind', value: tokenTitle(token) }];
  if (c.userPoolId) out.push({ label: 'User pool', value: c.region ? `${c.userPoolId} (${c.region})` : c.userPoolId });
  if (c.clientId) out.push({ label: 'App client', value: c.clientId });
  if (c.username) out.push({ label: 'Username', value: c.username });
  if (c.sub && c.sub !== c.username) out.push({ label: 'Subject', value: c.sub });
  if (c.groups?.length) out.push({ label: 'Groups', value: c.groups.join(', ') });
  if (c.scopes?.length) out.push({ label: 'Scopes', value: c.scopes.join(' ') });
  if (c.issuer) out.push({ label: 'Issuer', value: c.issuerKind === 'compatible' ? `${c.issuer} (Cognito-compatible endpoint, not AWS)` : c.issuer });
  const alg = typeof token.header.alg === 'string' ? token.header.alg : '?';
  out.push({ label: 'Algorithm', value: typeof token.header.enc === 'string' ? `${alg}, ${token.header.enc}` : alg });
  return out.map((f) => ({ label: f.label, value: bounded(f.value, MAX_FACT_LENGTH) }));
}

function notes(token: DecodedToken): string[] {
  const out: string[] = [];
  if (token.format === 'jwe') {
    out.push(
      token.cognito.kind === 'refresh'
        ? 'Encrypted (JWE): a Cognito refresh token is encrypted for Cognito, so nobody else can read its claims. That is by design; its header is all there is to see.'
        : 'Encrypted (JWE): only its recipient can decrypt the claims.',
    );
  }
  if (token.unsigned) out.push('Unsigned (alg "none"): nothing vouches for these claims. Never accept such a token.');
  if (token.format === 'jws' && !token.cognito.isCognito) out.push('Not recognised as a Cognito user-pool token: its iss does not name a user pool.');
  if (token.validity.withinSkew) {
    out.push(`Its validity was decided within the ${token.validity.clockSkewSeconds} s clock-skew tolerance: check the clocks involved.`);
  }
  return out;
}

/** The view of one token (or of a slot the session has no token for). */
export function tokenView(slot: TokenSlot, raw: string | undefined, ctx: ViewContext, revocation?: Revocation): TokenView {
  const base = { slot, label: SLOT_LABEL[slot], encrypted: false, unsigned: false, facts: [], header: [], claims: [], segments: [], revealed: false, length: 0, notes: [] };
  if (raw === undefined || raw.length === 0) return { ...base, present: false };
  const fp = fingerprint(raw);
  const decoded = decodeToken(raw, { now: ctx.now, clockSkewSeconds: ctx.clockSkewSeconds });
  if (!decoded.ok) {
    // Not a JWT (an opaque refresh token from another issuer, say): nothing to show but its size.
    return { ...base, present: true, length: raw.length, fingerprint: fp, error: decoded.error.message };
  }
  const token = decoded.token;
  const revealed = ctx.revealed.has(slot);
  const parts = token.format === 'jwe' ? JWE_PARTS : JWS_PARTS;
  const segments: SegmentView[] = token.segments.map((text, i) => {
    const part = parts[i] ?? 'payload';
    const seg: SegmentView = { part, label: PART_LABEL[part], length: text.length };
    if (revealed) seg.text = text;
    return seg;
  });
  const kind = token.cognito.kind;
  const view: TokenView = {
    ...base,
    present: true,
    format: token.format,
    kind,
    isCognito: token.cognito.isCognito,
    encrypted: token.format === 'jwe',
    unsigned: token.unsigned,
    facts: facts(token),
    header: claimRows(token.header, explainHeader),
    claims: token.payload ? claimRows(token.payload, (n) => explainClaim(n, kind)) : [],
    segments,
    revealed,
    length: token.raw.length,
    fingerprint: fp,
    validity: {
      state: token.validity.state,
      withinSkew: token.validity.withinSkew,
      clockSkewSeconds: token.validity.clockSkewSeconds,
      ...(token.validity.expiresAt !== undefined ? { expiresAt: token.validity.expiresAt } : {}),
      ...(token.validity.validFrom !== undefined ? { validFrom: token.validity.validFrom } : {}),
    },
    notes: notes(token),
  };
  // Sent in a header (ID and access tokens): say when it nears or passes the common header limits.
  if (token.format === 'jws') {
    const size = tokenSize(raw);
    if (size.level !== 'ok') view.notes.push(`Too large for some request headers: ${describeTokenSize(size)}.`);
  }
  if (revocation && view.validity) {
    // Revoked outranks "valid · expires in 47 min": the token no longer works, whatever its exp says.
    view.validity.state = 'revoked';
    view.validity.revoked = { at: revocation.at, text: revocation.text };
    view.notes.unshift(revocation.text);
  }
  if (token.format === 'jwe') {
    view.verifyNote = 'An encrypted token has no signature to check here: only Cognito can decrypt a refresh token, and it checks it on every refresh.';
  } else if (token.unsigned) {
    view.verifyNote = 'This token is unsigned (alg "none"): there is no signature to check.';
  }
  const verification = ctx.verifications.get(fp);
  if (verification) view.verification = verification;
  return view;
}

export function verificationView(report: VerifyReport, at: number): VerificationView {
  const view: VerificationView = {
    at,
    ok: report.ok,
    status: report.status,
    checks: report.checks.map((c) => ({ name: c.name, status: c.status, detail: c.detail })),
  };
  if (report.jwksUri) view.jwksUri = report.jwksUri;
  if (report.kid) view.kid = report.kid;
  if (report.alg) view.alg = report.alg;
  if (report.error) {
    const cause = 'cause' in report.error ? report.error.cause : undefined;
    view.error = cause ? { code: report.error.code, message: report.error.message, cause } : { code: report.error.code, message: report.error.message };
  }
  return view;
}

const NOTE_TEXT: Record<HistoryNote, string> = {
  fallback: 'Fell back to InitiateAuth: the endpoint does not implement GetTokensFromRefreshToken',
  'unsupported-operation': 'The endpoint does not implement this operation',
  'remembered-fallback': 'InitiateAuth, because an earlier fallback was remembered',
  'retry-within-grace': 'Retried with the same refresh token after a lost response, within the rotation grace period',
  'retry-outside-grace': 'Retried with the same refresh token after a lost response; the grace period may not cover it',
  'response-lost': 'The request may have reached Cognito, but no answer came back',
  cancelled: 'Cancelled',
  'not-persisted': 'Cognito answered, but saving the new tokens failed',
  'new-device': 'Cognito issued a new device key',
  'retry-withheld': 'The response was lost and the refresh token was not sent again: the rotation grace period does not provably cover a retry',
  'token-from-another-window': 'Sent with the refresh token another window had stored meanwhile',
  'revoke-linked': 'RevokeAssociatedSessions LINKED: the SSO session this sign-in came through was revoked too',
};

type ClaimChangeLike = { claim: string; kind: string; before?: string; after?: string };

/** The changed claims of a stored diff (a TokenDiff, or a plain list), without the ones kept the same. */
export function claimChanges(diff: unknown): ClaimChangeLike[] {
  const list: unknown = Array.isArray(diff) ? diff : diff && typeof diff === 'object' ? (diff as { changes?: unknown }).changes : undefined;
  if (!Array.isArray(list)) return [];
  return (list as unknown[]).filter(
    (c): c is ClaimChangeLike => !!c && typeof c === 'object' && typeof (c as ClaimChangeLike).claim === 'string' && typeof (c as ClaimChangeLike).kind === 'string' && (c as ClaimChangeLike).kind !== 'kept',
  );
}

/** Newest first. `now` (ms): what the refresh token's end is told relative to. */
export function historyView(events: readonly HistoryEvent[], now: number = Date.now()): HistoryEntryView[] {
  return [...events].reverse().map((e) => {
    const entry: HistoryEntryView = {
      at: e.at,
      operation: e.operation,
      outcome: e.outcome,
      rotated: e.rotated,
      oldFingerprint: e.oldFingerprint,
      latencyMs: e.latencyMs,
      notes: (e.notes ?? []).map((code) => ({ code, text: NOTE_TEXT[code] ?? code })),
    };
    if (e.newFingerprint) entry.newFingerprint = e.newFingerprint;
    if (e.errorName) {
      entry.errorName = e.errorName;
      entry.errorTitle = explain({ name: e.errorName, message: e.errorMessage, httpStatus: e.httpStatus, operation: e.operation }).title;
    }
    if (e.errorMessage) entry.errorMessage = e.errorMessage;
    if (e.httpStatus !== undefined) entry.httpStatus = e.httpStatus;
    if (e.requestId) entry.requestId = e.requestId;
    // What the refresh changed in the tokens (claim names and short summaries, never values in full).
    const id = claimChanges(e.changes?.id);
    if (id.length) entry.notes.push({ code: 'claims-id', text: `ID token claims: ${changesSummary(id, 6)}` });
    const access = claimChanges(e.changes?.access);
    if (access.length) entry.notes.push({ code: 'claims-access', text: `Access token claims: ${changesSummary(access, 6)}` });
    // When the refresh token ends: the sign-in (auth_time) + the app client's validity, when known.
    const end = e.changes?.refreshToken;
    if (end) entry.notes.push({ code: 'refresh-token-end', text: refreshTokenEndText(end, now) });
    return entry;
  });
}

const RETRY_ADVICE: Record<Explanation['retryable'], string> = {
  yes: 'Retrying as it is may succeed.',
  no: 'Retrying will fail the same way: fix the cause first.',
  'with-backoff': 'Retry later, with backoff.',
  'same-token-within-grace': "Retry once with the same refresh token, within the app client's rotation grace period.",
};

export function explanationView(e: Explanation, at?: string): ExplanationView {
  const view: ExplanationView = {
    id: e.id,
    name: e.name,
    kind: e.kind,
    title: e.title,
    whatHappened: e.whatHappened,
    likelyCauses: [...e.likelyCauses],
    whatToDo: [...e.whatToDo],
    docsUrl: e.docsUrl,
    retryable: e.retryable,
    retryAdvice: RETRY_ADVICE[e.retryable] ?? '',
    hints: [...(e.hints ?? [])],
  };
  if (e.message) view.message = e.message;
  if (e.httpStatus !== undefined) view.httpStatus = e.httpStatus;
  if (e.requestId) view.requestId = e.requestId;
  if (e.operation) view.operation = e.operation;
  if (at) view.at = at;
  return view;
}

/** The catalog's explanation of the session's last failure, with hints from its settings. */
export function lastErrorView(record: SessionRecord, issuer: string | undefined): ExplanationView | undefined {
  const last = record.lastError;
  if (!last) return undefined;
  // The history event of that failure has the HTTP status the stored error lacks.
  const event = [...record.history].reverse().find((h) => h.outcome === 'error' && h.at <= last.at && h.errorName === last.name);
  const s = record.session;
  const explanation = explain(
    {
      name: last.name,
      message: last.message,
      operation: last.operation,
      ...(last.requestId ? { requestId: last.requestId } : {}),
      ...(event?.httpStatus !== undefined ? { httpStatus: event.httpStatus } : {}),
    },
    { operation: last.operation, region: s.region, userPoolId: s.userPoolId, ...(s.endpoint ? { endpoint: s.endpoint } : {}), ...(issuer ? { issuer } : {}) },
  );
  return explanationView(explanation, last.at);
}

function sessionView(record: SessionRecord): SessionView {
  const s = record.session;
  const rotation = s.rotationHint
    ? s.rotationHint.enabled
      ? `Rotation on, ${s.rotationHint.graceSeconds} s grace period`
      : 'Rotation off'
    : s.observedRotation === true
      ? 'Rotation observed (refreshes return a new refresh token)'
      : s.observedRotation === false
        ? 'No rotation observed (refreshes keep the refresh token)'
        : 'Not known yet';
  const view: SessionView = {
    id: s.id,
    label: s.label,
    region: s.region,
    userPoolId: s.userPoolId,
    clientId: s.clientId,
    refreshMethod: s.refreshMethod,
    rotation,
    hasClientSecret: Boolean(record.secrets.clientSecret),
    updatedAt: s.updatedAt,
  };
  if (s.endpoint) view.endpoint = s.endpoint;
  if (s.effectiveMethod) view.effectiveMethod = s.effectiveMethod;
  if (s.username) view.username = s.username;
  return view;
}

function envelope(target: InspectorTarget, title: string, ctx: ViewContext): InspectorState {
  const state: InspectorState = { protocol: PROTOCOL_VERSION, target, title, tokens: [], history: [], busy: { ...ctx.busy }, generatedAt: ctx.now };
  if (ctx.notice) state.notice = ctx.notice;
  if (ctx.focusSlot) state.focusSlot = ctx.focusSlot;
  return state;
}

export function sessionState(record: SessionRecord, ctx: ViewContext): InspectorState {
  const s = record.session;
  const state = envelope({ kind: 'session', sessionId: s.id }, bounded(s.label, MAX_TITLE_LENGTH), ctx);
  state.session = sessionView(record);
  const revocation = revocationOf(record.history, record.lastError, record.secrets.tokensReceivedAt);
  state.tokens = [
    tokenView('id', record.secrets.idToken, ctx, revocation),
    tokenView('access', record.secrets.accessToken, ctx, revocation),
    tokenView('refresh', record.secrets.refreshToken, ctx, revocation),
  ];
  state.history = historyView(record.history, ctx.now);
  const issuerRow = state.tokens.find((t) => t.slot === 'id')?.claims.find((c) => c.name === 'iss') ?? state.tokens.find((t) => t.slot === 'access')?.claims.find((c) => c.name === 'iss');
  const lastError = lastErrorView(record, issuerRow?.value);
  if (lastError) state.lastError = lastError;
  return state;
}

export function tokenState(raw: string, ctx: ViewContext): InspectorState {
  const view = tokenView('token', raw, ctx);
  const kind = view.facts.find((f) => f.label === 'Kind')?.value ?? 'Token';
  const user = view.facts.find((f) => f.label === 'Username')?.value;
  const state = envelope({ kind: 'token' }, bounded(user ? `${kind} (${user})` : kind, MAX_TITLE_LENGTH), ctx);
  state.tokens = [view];
  return state;
}

export function missingSessionState(sessionId: string, ctx: ViewContext): InspectorState {
  const state = envelope({ kind: 'missing-session', sessionId }, 'Session not found', ctx);
  state.notice = { severity: 'warning', text: 'This session no longer exists: it was removed, or this window cannot read it. Add it again to inspect it.' };
  return state;
}

export function lostTokenState(ctx: ViewContext): InspectorState {
  const state = envelope({ kind: 'lost-token' }, 'Token', ctx);
  state.notice = {
    severity: 'info',
    text: 'Tokens opened on their own are never stored, so this panel has nothing to show after a reload. Open the token again (Cognito: Open Token Inspector).',
  };
  return state;
}

/** Every documentation link the state offers (the only ones the panel will open). */
export function offeredLinks(state: InspectorState): Set<string> {
  const links = new Set<string>();
  if (state.lastError) links.add(state.lastError.docsUrl);
  return links;
}

/** Short titles for panels: VS Code shows them as plain text, so hidden characters are escaped here. */
export function panelTitle(state: InspectorState): string {
  const title = bounded(visible(state.title), 80);
  return state.target.kind === 'session' ? `Inspector: ${title}` : title;
}

/** The whole value of one claim or header parameter of a token, for `copyValue` (undefined if there is none). */
export function valueToCopy(raw: string | undefined, part: 'claim' | 'header', name: string): string | undefined {
  if (raw === undefined || raw.length === 0) return undefined;
  const decoded = decodeToken(raw);
  if (!decoded.ok) return undefined;
  const obj = part === 'header' ? decoded.token.header : decoded.token.payload;
  if (!obj || !Object.prototype.hasOwnProperty.call(obj, name)) return undefined;
  return fullValue(obj[name]);
}

export { revocationOf };
