// The state file: what lets a sandbox be stopped and started again (a new
// process) with the same signing keys, pools, users, clients and refresh-token
// state (valid, rotated, revoked, grace deadlines, sign-in families).
//
// Refresh tokens are kept only as SHA-256 digests (refresh-store.ts); ID and
// access tokens are never kept at all. Passwords changed through
// NEW_PASSWORD_REQUIRED are kept as SRP salt + verifier, never as passwords
// (sign-in/runtime.ts); managed login's SSO session cookies as SHA-256 digests of
// their secrets (sessions/sso.ts); TOTP secrets set up through MFA_SETUP and device
// verifiers are kept as they are (sandbox-only values, like the keys). The file does hold the pools' private
// signing keys, the config's demo passwords and client secrets: sandbox-only
// values, written with mode 0600.
//
// Written atomically after every change: a temporary file beside the target,
// then rename(2), so a reader (or a crash) sees the old file or the new one.

import { randomBytes, type JsonWebKey } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { SandboxConfigError, validateConfig, type SandboxConfig } from './config';
import { exportPoolKeys, importPoolKeys, type PoolKeys, type StoredPoolKeys } from './keys';
import { RefreshTokenStore, type RefreshStoreSnapshot } from './refresh-store';
import { SSO_SESSION_ID_PATTERN, type SsoSnapshot } from './sessions/sso';
import type { SignInSnapshot } from './sign-in/runtime';
import type { RestoredState, SandboxState } from './state';
import { readPreTokenGeneration } from './triggers/pre-token-generation';
import type { OverridesSnapshot } from './triggers/runtime';

const FORMAT = 'cognito-sandbox-state';
const VERSION = 1;

/** A state file that exists but cannot be used; the message says why and what to do. */
export class SandboxStateError extends Error {
  constructor(readonly path: string, problem: string) {
    super(`sandbox state file ${path}: ${problem} (delete the file to start a fresh sandbox)`);
    this.name = 'SandboxStateError';
  }
}

interface StateFile {
  format: typeof FORMAT;
  version: typeof VERSION;
  sandboxId: string;
  /** The port the sandbox last listened on: tried first on the next start. */
  port: number;
  config: SandboxConfig;
  clockOffsetMs: number;
  keys: Record<string, StoredPoolKeys>;
  store: RefreshStoreSnapshot;
  /** Optional: files written before sign-in existed lack it. */
  signIn?: SignInSnapshot;
  /** Optional: triggers and groups changed through the control endpoint (absent in older files). */
  overrides?: OverridesSnapshot;
  /** Optional: managed login's SSO sessions, the cookie secrets as SHA-256 digests only (absent in older files). */
  sso?: SsoSnapshot;
}

export interface LoadedState {
  sandboxId: string;
  port: number;
  config: SandboxConfig;
  restored: RestoredState;
}

/** Reads a state file; undefined when there is none. Throws SandboxStateError for a file that is there but unusable. */
export function loadStateFile(path: string): LoadedState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SandboxStateError(path, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new SandboxStateError(path, 'is not JSON');
  }
  const fail = (what: string): never => {
    throw new SandboxStateError(path, what);
  };
  if (!isObject(raw) || raw.format !== FORMAT) return fail(`is not a sandbox state file (no "format": "${FORMAT}")`);
  if (raw.version !== VERSION) return fail(`has version ${String(raw.version)}; this sandbox reads version ${VERSION}`);
  if (typeof raw.sandboxId !== 'string' || raw.sandboxId === '') return fail('lacks sandboxId');
  if (typeof raw.port !== 'number' || !Number.isInteger(raw.port) || raw.port < 0 || raw.port > 65535) return fail('has no valid port');
  if (typeof raw.clockOffsetMs !== 'number' || !Number.isFinite(raw.clockOffsetMs) || raw.clockOffsetMs < 0) return fail('has no valid clockOffsetMs');
  let config: SandboxConfig;
  try {
    config = validateConfig(raw.config);
  } catch (e) {
    return fail(e instanceof SandboxConfigError ? `holds an invalid config: ${e.problems.join('; ')}` : String(e));
  }
  if (!isObject(raw.keys)) return fail('lacks keys');
  const keys = new Map<string, PoolKeys>();
  for (const pool of config.pools) {
    const k = raw.keys[pool.id];
    if (!isObject(k) || !isObject(k.idTokenKey) || !isObject(k.accessTokenKey)) return fail(`lacks the signing keys of pool ${pool.id}`);
    try {
      keys.set(pool.id, importPoolKeys({ idTokenKey: k.idTokenKey as JsonWebKey, accessTokenKey: k.accessTokenKey as JsonWebKey }));
    } catch (e) {
      return fail(`has an unusable signing key for pool ${pool.id}: ${(e as Error).message}`);
    }
  }
  const store = readStore(raw.store, fail);
  const signIn = raw.signIn === undefined ? undefined : readSignIn(raw.signIn, fail);
  const overrides = raw.overrides === undefined ? undefined : readOverrides(raw.overrides, config, fail);
  const sso = raw.sso === undefined ? undefined : readSso(raw.sso, config, fail);
  return {
    sandboxId: raw.sandboxId, port: raw.port, config,
    restored: {
      keys, store, clockOffsetMs: raw.clockOffsetMs, ...(signIn ? { signIn } : {}), ...(overrides ? { overrides } : {}), ...(sso ? { sso } : {}),
    },
  };
}

function readStore(raw: unknown, fail: (what: string) => never): RefreshTokenStore {
  if (!isObject(raw) || !Array.isArray(raw.sessions) || !Array.isArray(raw.refreshTokens) || !Array.isArray(raw.revokedOriginJtis)) {
    return fail('lacks the refresh-token store');
  }
  const str = (v: unknown) => typeof v === 'string' && v !== '';
  const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const ids = new Set<string>();
  for (const [i, s] of raw.sessions.entries()) {
    if (!isObject(s) || !str(s.id) || !str(s.clientId) || !str(s.username) || !num(s.authTime) || !str(s.originJti) || !str(s.eventId)
      || !num(s.expiresAt) || !(s.revokedAt === undefined || num(s.revokedAt))) return fail('has a malformed sign-in session');
    // The session-tracking and managed-login fields: each read later without a second look (sessions/tracking.ts, oauth/).
    const bad = sessionFieldProblem(s);
    if (bad) return fail(`has a malformed sign-in session (store.sessions[${i}].${bad})`);
    const id = s.id as string;
    if (ids.has(id)) return fail(`has two sign-in sessions with the id ${JSON.stringify(id.slice(0, 60))}`);
    ids.add(id);
  }
  for (const t of raw.refreshTokens) {
    if (!isObject(t) || !str(t.hash) || !str(t.sessionId) || !num(t.issuedAt) || !(t.rotatedAt === undefined || num(t.rotatedAt))) {
      return fail('has a malformed refresh-token entry');
    }
  }
  if (!raw.revokedOriginJtis.every(str)) return fail('has a malformed revoked origin_jti');
  try {
    return RefreshTokenStore.restore(raw as unknown as RefreshStoreSnapshot);
  } catch (e) {
    return fail((e as Error).message);
  }
}

/** SessionDescriptionType limits: DeviceType at most 1,024 characters, LastIPAddress at most 128. */
const SESSION_FIELDS: Record<string, (v: unknown) => boolean> = {
  deviceKey: (v) => typeof v === 'string' && v !== '' && v.length <= 256,
  lastActiveAt: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0,
  lastIpAddress: (v) => typeof v === 'string' && v !== '' && v.length <= 128,
  deviceType: (v) => typeof v === 'string' && v !== '' && v.length <= 1024,
  scope: (v) => typeof v === 'string' && v.length <= 8192,
  originSsoSessionId: (v) => typeof v === 'string' && SSO_SESSION_ID_PATTERN.test(v),
  createdAt: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0,
};

/** The first optional session field that is not what the sandbox writes ("<name>: why"); undefined when all are fine. */
function sessionFieldProblem(s: Record<string, unknown>): string | undefined {
  for (const [name, ok] of Object.entries(SESSION_FIELDS)) {
    if (s[name] !== undefined && !ok(s[name])) return `${name}: ${describeValue(s[name])} is not a valid value`;
  }
  // auth_time and CreateDate are whole seconds; a fraction would be refused when a token is signed.
  if (!Number.isSafeInteger(s.authTime) || (s.authTime as number) < 0) return 'authTime: must be whole seconds';
  return undefined;
}

function describeValue(v: unknown): string {
  if (typeof v === 'string') return `a string of ${v.length} characters`;
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `${typeof v} ${String(v).slice(0, 30)}`;
}

/** The SSO sessions (sessions/sso.ts): each field as the sandbox writes it, each pool one of the config's. */
function readSso(raw: unknown, config: SandboxConfig, fail: (what: string) => never): SsoSnapshot {
  if (!isObject(raw) || !Array.isArray(raw.sessions)) return fail('has malformed SSO sessions');
  const pools = new Set(config.pools.map((p) => p.id));
  const ms = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  const str = (v: unknown, max: number) => typeof v === 'string' && v !== '' && v.length <= max;
  const ids = new Set<string>();
  for (const [i, s] of raw.sessions.entries()) {
    if (!isObject(s) || typeof s.id !== 'string' || !SSO_SESSION_ID_PATTERN.test(s.id) || typeof s.poolId !== 'string' || !pools.has(s.poolId)
      || !str(s.clientId, 128) || !str(s.username, 128) || typeof s.secretHash !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(s.secretHash)
      || !ms(s.createdAt) || !ms(s.lastActiveAt) || !(s.revokedAt === undefined || ms(s.revokedAt))
      || !(s.lastIpAddress === undefined || str(s.lastIpAddress, 128)) || !(s.deviceType === undefined || str(s.deviceType, 1024))) {
      return fail(`has a malformed SSO session (sso.sessions[${i}])`);
    }
    if (ids.has(s.id)) return fail(`has two SSO sessions with the id ${s.id}`);
    ids.add(s.id);
  }
  return raw as unknown as SsoSnapshot;
}

function readOverrides(raw: unknown, config: SandboxConfig, fail: (what: string) => never): OverridesSnapshot {
  if (!isObject(raw) || !Array.isArray(raw.preTokenGeneration) || !Array.isArray(raw.groups)) return fail('has malformed overrides');
  const pools = new Map(config.pools.map((p) => [p.id, p]));
  const preTokenGeneration: OverridesSnapshot['preTokenGeneration'] = [];
  for (const [i, t] of raw.preTokenGeneration.entries()) {
    const pool = isObject(t) && typeof t.poolId === 'string' ? pools.get(t.poolId) : undefined;
    if (!pool || !isObject(t)) return fail(`has a malformed overrides.preTokenGeneration[${i}] (no pool of the config)`);
    if (t.config === null) {
      preTokenGeneration.push({ poolId: pool.id, config: null });
      continue;
    }
    const problems: string[] = [];
    const trigger = readPreTokenGeneration(problems, t.config, `overrides.preTokenGeneration[${i}].config`, pool.clients.map((c) => c.clientId));
    if (!trigger) return fail(`has an invalid pre token generation trigger: ${problems.join('; ')}`);
    preTokenGeneration.push({ poolId: pool.id, config: trigger });
  }
  const groups: OverridesSnapshot['groups'] = [];
  for (const [i, g] of raw.groups.entries()) {
    const pool = isObject(g) && typeof g.poolId === 'string' ? pools.get(g.poolId) : undefined;
    if (!pool || !isObject(g) || typeof g.username !== 'string' || !pool.users.some((u) => u.username === g.username)
      || !Array.isArray(g.groups) || !g.groups.every((n) => typeof n === 'string' && n !== '' && n.length <= 128)) {
      return fail(`has a malformed overrides.groups[${i}]`);
    }
    groups.push({ poolId: pool.id, username: g.username, groups: g.groups as string[] });
  }
  return { preTokenGeneration, groups };
}

function readSignIn(raw: unknown, fail: (what: string) => never): SignInSnapshot {
  const str = (v: unknown) => typeof v === 'string' && v !== '';
  const hex = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 2048 && [...v].every((c) => '0123456789abcdef'.includes(c));
  const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const list = (v: unknown, ok: (e: Record<string, unknown>) => boolean) => Array.isArray(v) && v.every((e) => isObject(e) && ok(e));
  const owner = (e: Record<string, unknown>) => str(e.poolId) && str(e.username);
  if (!isObject(raw)
    || !list(raw.passwords, (e) => owner(e) && hex(e.salt) && hex(e.verifier))
    || !list(raw.statuses, (e) => owner(e) && (e.status === 'CONFIRMED' || e.status === 'FORCE_CHANGE_PASSWORD'))
    || !list(raw.totpSecrets, (e) => owner(e) && str(e.secret))
    || !list(raw.devices, (e) => owner(e) && str(e.deviceKey) && str(e.groupKey) && num(e.createdAt) && typeof e.confirmed === 'boolean'
      && typeof e.remembered === 'boolean' && (e.name === undefined || typeof e.name === 'string')
      && (e.salt === undefined || hex(e.salt)) && (e.verifier === undefined || hex(e.verifier))
      && (e.lastAuthenticatedAt === undefined || num(e.lastAuthenticatedAt)))) {
    return fail('has malformed sign-in state');
  }
  return raw as unknown as SignInSnapshot;
}

/** Everything a restart needs, as the JSON a state file holds. */
export function stateFileContents(state: SandboxState, sandboxId: string, port: number): string {
  const file: StateFile = {
    format: FORMAT,
    version: VERSION,
    sandboxId,
    port,
    config: state.config,
    clockOffsetMs: state.clockOffset,
    keys: Object.fromEntries(state.pools.map((p) => [p.config.id, exportPoolKeys(p.keys)])),
    store: state.store.snapshot(),
    signIn: state.signIn.snapshot(),
    overrides: state.overrides.snapshot(),
    sso: state.sso.snapshot(),
  };
  return `${JSON.stringify(file, null, 1)}\n`;
}

/** Writes `contents` to `path` through a temporary file and a rename, mode 0600. */
export function writeFileAtomic(path: string, contents: string): void {
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, contents, { mode: 0o600, flush: true });
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
