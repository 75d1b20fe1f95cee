// What the sandbox remembers about sign-ins in progress and about users beyond
// their config: SRP verifiers (never passwords), passwords changed through
// NEW_PASSWORD_REQUIRED, TOTP secrets registered through MFA_SETUP, devices,
// the challenge `Session` strings, and the OTP messages "sent" to users.
//
// A state file keeps what outlives a sign-in (snapshot()/restore()): passwords
// changed through NEW_PASSWORD_REQUIRED as salt + verifier (never the
// password), statuses, TOTP secrets set up through MFA_SETUP, and devices.
// Challenges in progress and the mailbox stay in memory: after a restart their
// sessions are unknown ("Invalid session for the user.").

import { createHmac, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { PoolConfig, UserConfig } from '../config';
import { makeVerifier, modPow, g, N, privateKeyX, type ServerSrp } from './srp';
import type { UserStatus } from './config';

/** Cognito's challenge Session lives 3 minutes (developer guide, "Authentication session"). */
export const CHALLENGE_SESSION_MS = 3 * 60 * 1000;
/** Wrong codes accepted on one challenge session before it is dropped (assumed: Cognito's number is undocumented). */
export const MAX_CODE_ATTEMPTS = 3;

export interface Credential {
  salt: bigint;
  verifier: bigint;
}

export interface DeviceRecord {
  readonly deviceKey: string;
  readonly groupKey: string;
  readonly poolId: string;
  readonly username: string;
  readonly createdAt: number;
  confirmed: boolean;
  remembered: boolean;
  name?: string;
  credential?: Credential;
  lastAuthenticatedAt?: number;
}

/** How far a sign-in got; carried from one challenge to the next. */
export interface SignInProgress {
  poolId: string;
  clientId: string;
  username: string;
  /** The name the user signed in with (an email, in an email pool). */
  signInName: string;
  /** DEVICE_KEY sent at the start, if any. */
  deviceKey?: string;
  /** The current challenge is a passwordless first factor (EMAIL_OTP / SMS_OTP of USER_AUTH), not MFA. */
  firstFactorCode?: boolean;
  newPasswordDone?: boolean;
  mfaDone?: boolean;
  deviceDone?: boolean;
  /** Attributes set in a NEW_PASSWORD_REQUIRED answer, for this sign-in's ID token. */
  attributes?: Record<string, string>;
}

export interface ChallengeRecord {
  readonly session: string;
  readonly name: string;
  readonly expiresAt: number;
  readonly progress: SignInProgress;
  /** Challenge-specific server data. */
  code?: string;
  srp?: { A: bigint; exchange: ServerSrp; secretBlock: string; credential: Credential; kind: 'user' | 'device' };
  /** MFA_SETUP: the secret AssociateSoftwareToken handed out, and whether VerifySoftwareToken accepted a code for it. */
  totpSecret?: string;
  totpVerified?: boolean;
  /** SELECT_CHALLENGE / SELECT_MFA_TYPE: what may be chosen. */
  choices?: string[];
  /**
   * A challenge for a user that does not exist (USER_SRP_AUTH's PASSWORD_VERIFIER with
   * PreventUserExistenceErrors ENABLED; USER_AUTH's PASSWORD, EMAIL_OTP or SMS_OTP): every answer fails.
   */
  simulated?: boolean;
  failures: number;
}

export interface SandboxMessage {
  id: string;
  /** Sandbox clock, ms since the epoch. */
  at: number;
  poolId: string;
  username: string;
  channel: 'SMS' | 'EMAIL';
  /** The phone number or email address, unmasked (the sandbox's own mailbox). */
  destination: string;
  /** SMS_MFA, EMAIL_OTP (MFA), SMS_OTP / EMAIL_OTP (choice-based first factor). */
  purpose: string;
  code: string;
}

const MAX_MESSAGES = 1000;

/** What a state file keeps (numbers as hex). Shape-checked by persistence.ts. */
export interface SignInSnapshot {
  passwords: { poolId: string; username: string; salt: string; verifier: string }[];
  statuses: { poolId: string; username: string; status: UserStatus }[];
  totpSecrets: { poolId: string; username: string; secret: string }[];
  devices: {
    deviceKey: string; groupKey: string; poolId: string; username: string; createdAt: number; confirmed: boolean; remembered: boolean;
    name?: string; salt?: string; verifier?: string; lastAuthenticatedAt?: number;
  }[];
}

export class SignInRuntime {
  /** Bumped by every change a state file keeps (see SandboxState.revision). */
  revision = 0;
  private readonly credentials = new Map<string, Credential>();
  /** Keys of credentials set through the API (the others are derived from the config and not saved). */
  private readonly changedPasswords = new Set<string>();
  private readonly statuses = new Map<string, UserStatus>();
  private readonly totpSecrets = new Map<string, string>();
  readonly devices = new Map<string, DeviceRecord>();
  private readonly challenges = new Map<string, ChallengeRecord>();
  private readonly bySecretBlock = new Map<string, ChallengeRecord>();
  private messageList: SandboxMessage[] = [];
  /** Keys the simulated SRP answers for unknown users (see simulatedUser); new for every sandbox process. */
  private readonly simulationKey = randomBytes(32);

  private static key(pool: PoolConfig, user: UserConfig): string {
    return `${pool.id}\u0000${user.username}`;
  }

  /** The user's SRP verifier, derived from the config's password the first time it is needed. */
  credential(pool: PoolConfig, user: UserConfig): Credential {
    const key = SignInRuntime.key(pool, user);
    let c = this.credentials.get(key);
    if (!c) {
      c = makeVerifier(poolNameOf(pool.id), user.username, user.password);
      this.credentials.set(key, c);
    }
    return c;
  }

  /**
   * What USER_SRP_AUTH answers for a user name that does not exist: an internal user id (a UUID)
   * and a salt, the same for the same name and pool (developer guide, "Managing user existence
   * error responses"), with a verifier no password matches.
   */
  simulatedUser(pool: PoolConfig, name: string): { userId: string; credential: Credential } {
    const digest = (label: string) => createHmac('sha256', this.simulationKey).update(`${label}\u0000${pool.id}\u0000${name}`).digest();
    const id = digest('user-id').subarray(0, 16);
    id[6] = (id[6] & 0x0f) | 0x40; // version 4
    id[8] = (id[8] & 0x3f) | 0x80; // RFC 4122 variant
    const hex = id.toString('hex');
    const userId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    const salt = BigInt(`0x${digest('salt').subarray(0, 16).toString('hex')}`);
    return { userId, credential: makeVerifier(poolNameOf(pool.id), userId, randomBytes(32).toString('base64'), salt) };
  }

  /**
   * A number in 0..n-1 that stays the same for the same name and pool (and this sandbox process),
   * and varies between names: how a simulated answer for an unknown user "randomly" picks.
   */
  simulatedPick(pool: PoolConfig, name: string, n: number): number {
    if (n <= 1) return 0;
    return createHmac('sha256', this.simulationKey).update(`pick\u0000${pool.id}\u0000${name}`).digest().readUInt32BE(0) % n;
  }

  passwordMatches(pool: PoolConfig, user: UserConfig, password: string): boolean {
    const c = this.credential(pool, user);
    return modPow(g, privateKeyX(poolNameOf(pool.id), user.username, password, c.salt), N) === c.verifier;
  }

  setPassword(pool: PoolConfig, user: UserConfig, password: string): void {
    const key = SignInRuntime.key(pool, user);
    this.credentials.set(key, makeVerifier(poolNameOf(pool.id), user.username, password));
    this.changedPasswords.add(key);
    this.revision += 1;
  }

  status(pool: PoolConfig, user: UserConfig): UserStatus {
    return this.statuses.get(SignInRuntime.key(pool, user)) ?? user.status ?? 'CONFIRMED';
  }

  setStatus(pool: PoolConfig, user: UserConfig, status: UserStatus): void {
    this.statuses.set(SignInRuntime.key(pool, user), status);
    this.revision += 1;
  }

  totpSecret(pool: PoolConfig, user: UserConfig): string | undefined {
    return this.totpSecrets.get(SignInRuntime.key(pool, user)) ?? (user.mfa?.includes('totp') ? user.totpSecret : undefined);
  }

  setTotpSecret(pool: PoolConfig, user: UserConfig, secret: string): void {
    this.totpSecrets.set(SignInRuntime.key(pool, user), secret);
    this.revision += 1;
  }

  /** Call after changing a device record (created, confirmed, remembered, used). */
  devicesChanged(): void {
    this.revision += 1;
  }

  snapshot(): SignInSnapshot {
    const split = (key: string) => {
      const i = key.indexOf('\u0000');
      return { poolId: key.slice(0, i), username: key.slice(i + 1) };
    };
    return {
      passwords: [...this.changedPasswords].flatMap((key) => {
        const c = this.credentials.get(key);
        return c ? [{ ...split(key), salt: c.salt.toString(16), verifier: c.verifier.toString(16) }] : [];
      }),
      statuses: [...this.statuses].map(([key, status]) => ({ ...split(key), status })),
      totpSecrets: [...this.totpSecrets].map(([key, secret]) => ({ ...split(key), secret })),
      devices: [...this.devices.values()].map((d) => ({
        deviceKey: d.deviceKey, groupKey: d.groupKey, poolId: d.poolId, username: d.username, createdAt: d.createdAt,
        confirmed: d.confirmed, remembered: d.remembered,
        ...(d.name === undefined ? {} : { name: d.name }),
        ...(d.credential ? { salt: d.credential.salt.toString(16), verifier: d.credential.verifier.toString(16) } : {}),
        ...(d.lastAuthenticatedAt === undefined ? {} : { lastAuthenticatedAt: d.lastAuthenticatedAt }),
      })),
    };
  }

  /** Rebuilds the runtime from a snapshot that persistence.ts has shape-checked. */
  static restore(snapshot: SignInSnapshot | undefined): SignInRuntime {
    const rt = new SignInRuntime();
    if (!snapshot) return rt;
    const key = (e: { poolId: string; username: string }) => `${e.poolId}\u0000${e.username}`;
    for (const p of snapshot.passwords) {
      rt.credentials.set(key(p), { salt: BigInt(`0x${p.salt}`), verifier: BigInt(`0x${p.verifier}`) });
      rt.changedPasswords.add(key(p));
    }
    for (const s of snapshot.statuses) rt.statuses.set(key(s), s.status);
    for (const t of snapshot.totpSecrets) rt.totpSecrets.set(key(t), t.secret);
    for (const d of snapshot.devices) {
      rt.devices.set(d.deviceKey, {
        deviceKey: d.deviceKey, groupKey: d.groupKey, poolId: d.poolId, username: d.username, createdAt: d.createdAt,
        confirmed: d.confirmed, remembered: d.remembered,
        ...(d.name === undefined ? {} : { name: d.name }),
        ...(d.salt !== undefined && d.verifier !== undefined ? { credential: { salt: BigInt(`0x${d.salt}`), verifier: BigInt(`0x${d.verifier}`) } } : {}),
        ...(d.lastAuthenticatedAt === undefined ? {} : { lastAuthenticatedAt: d.lastAuthenticatedAt }),
      });
    }
    return rt;
  }

  /** The user's MFA methods: the config's, plus TOTP once registered here. */
  mfaMethods(pool: PoolConfig, user: UserConfig): ('sms' | 'email' | 'totp')[] {
    const methods = new Set(user.mfa ?? []);
    if (this.totpSecrets.has(SignInRuntime.key(pool, user))) methods.add('totp');
    return (['sms', 'email', 'totp'] as const).filter((m) => methods.has(m));
  }

  newChallenge(name: string, progress: SignInProgress, now: number, extra: Partial<ChallengeRecord> = {}): ChallengeRecord {
    // Opaque and long like Cognito's (which are ~900 characters of base64); 20..2048 per SessionType.
    const session = randomBytes(192).toString('base64');
    const record: ChallengeRecord = { ...extra, session, name, expiresAt: now + CHALLENGE_SESSION_MS, progress, failures: 0 };
    this.challenges.set(session, record);
    if (record.srp) this.bySecretBlock.set(record.srp.secretBlock, record);
    this.sweep(now);
    return record;
  }

  challenge(session: string): ChallengeRecord | undefined {
    return this.challenges.get(session);
  }

  challengeBySecretBlock(block: string): ChallengeRecord | undefined {
    return this.bySecretBlock.get(block);
  }

  /** Drops a challenge session: sessions are single use. */
  consume(record: ChallengeRecord): void {
    this.challenges.delete(record.session);
    if (record.srp) this.bySecretBlock.delete(record.srp.secretBlock);
  }

  sendMessage(m: Omit<SandboxMessage, 'id'>): SandboxMessage {
    const message = { ...m, id: randomUUID() };
    this.messageList.push(message);
    if (this.messageList.length > MAX_MESSAGES) this.messageList = this.messageList.slice(-MAX_MESSAGES);
    return message;
  }

  messages(filter: { username?: string } = {}): SandboxMessage[] {
    return this.messageList.filter((m) => filter.username === undefined || m.username === filter.username).map((m) => ({ ...m }));
  }

  clearMessages(): void {
    this.messageList = [];
  }

  private sweep(now: number): void {
    // Expired sessions are forgotten once they are well past their expiry, so the maps stay small.
    if (this.challenges.size < 1000) return;
    for (const record of this.challenges.values()) if (record.expiresAt + CHALLENGE_SESSION_MS < now) this.consume(record);
  }
}

/** The part of a pool id after "_": the "pool name" SRP hashes. */
export function poolNameOf(poolId: string): string {
  return poolId.slice(poolId.indexOf('_') + 1);
}

/** A random numeric code of `digits` digits. */
export function newCode(digits: number): string {
  return String(randomInt(0, 10 ** digits)).padStart(digits, '0');
}
