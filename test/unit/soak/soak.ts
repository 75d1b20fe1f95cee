// The fault soak's engine (issue 8, "Fault soak"): runs seeded schedules against one
// in-process sandbox through the real refresh service, the real AWS SDK over real HTTP, a
// real store over a SecretStorage look-alike, and a real lease folder, and checks invariants
// after every step. Nothing here mocks the SDK: a middleware on the real client only watches
// which refresh token each request carries and which one each answer brings.
//
// Ground truth for "does the sandbox still accept this refresh token" is the sandbox's own
// refresh-token store, asked with `lookup` (a read: nothing is rotated by checking).

import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { FileCoordinator, RefreshService, sdkClientFactory, signInWithPassword, type CognitoClientFactory, type RefreshOutcome } from '../../../src/core/refresh';
import { fingerprint, KeyValueSessionStore, MapSecretBackend, type SecretBackend, type SessionRecord } from '../../../src/core/sessions';
import { demoConfig, type AppClientConfig, type FaultSpec, type SandboxConfig } from '../../../src/sandbox';
import { createSandboxServer, type RunningSandbox } from '../../../src/sandbox/server';
import type { Fault, Schedule, SoakClient, Step, Who } from './schedule';

/** The four app clients of the soak's pool, by schedule name. */
export const SOAK_CLIENT_CONFIG: Readonly<Record<SoakClient, AppClientConfig>> = {
  'rotation-grace-10s': {
    name: 'rotation-grace-10s',
    clientId: 'soakrotategrace10client001',
    clientSecret: null,
    explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
    refreshTokenRotation: { feature: 'ENABLED', retryGracePeriodSeconds: 10 },
  },
  'rotation-no-grace': {
    name: 'rotation-no-grace',
    clientId: 'soakrotatenograceclient002',
    clientSecret: null,
    explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
    refreshTokenRotation: { feature: 'ENABLED', retryGracePeriodSeconds: 0 },
  },
  'no-rotation': {
    name: 'no-rotation',
    clientId: 'soaknorotationclient000003',
    clientSecret: null,
    explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    refreshTokenRotation: { feature: 'DISABLED' },
  },
  'rotation-no-grace-family': {
    name: 'rotation-no-grace-family',
    clientId: 'soakrotatefamilyclient0004',
    clientSecret: null,
    explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
    refreshTokenRotation: { feature: 'ENABLED', retryGracePeriodSeconds: 0 },
    revokeFamilyOnReuse: true,
  },
};

export function soakConfig(): SandboxConfig {
  const demo = demoConfig();
  const pool = demo.pools[0]!;
  return { region: demo.region, pools: [{ ...pool, clients: Object.values(SOAK_CLIENT_CONFIG) }] };
}

const rotates = (c: AppClientConfig) => c.refreshTokenRotation?.feature === 'ENABLED';
const graceOf = (c: AppClientConfig) => (rotates(c) ? (c.refreshTokenRotation?.retryGracePeriodSeconds ?? 0) : 0);

/** A SecretStorage look-alike whose `store` rejects the next `failures` writes (a locked keychain, a full disk). */
export class FlakyBackend implements SecretBackend {
  failures = 0;
  rejected = 0;
  historyRejected = 0;
  onReject: ((key: string) => void) | undefined;

  constructor(readonly inner: MapSecretBackend) {}

  get(key: string): Promise<string | undefined> {
    return this.inner.get(key);
  }

  store(key: string, value: string): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      this.rejected++;
      if (key.includes('.history.')) this.historyRejected++;
      this.onReject?.(key);
      return Promise.reject(new Error('The secret store refused the write (simulated).'));
    }
    return this.inner.store(key, value);
  }

  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }
}

/** What the sandbox says about a refresh token right now. */
interface Verdict {
  readonly kind: 'invalid' | 'revoked' | 'expired' | 'reused' | 'valid';
  /** Rotated out and its grace period is over (whatever else happened to it). */
  readonly afterGrace: boolean;
}

/** One request the refresh service sent, as the middleware saw it. */
interface Send {
  readonly token: string;
  readonly operation: string;
  readonly verdict: Verdict;
  /** An earlier request with this token lost its answer (no HTTP response came back). */
  readonly afterLostResponse: boolean;
}

export interface Violation {
  readonly schedule: number;
  readonly step: number;
  readonly invariant: 'a' | 'b' | 'c' | 'd' | 'run';
  /** A short label, to count violations by what went wrong. */
  readonly kind: string;
  readonly message: string;
}

export interface SoakTotals {
  schedules: number;
  refreshes: number;
  attempts: number;
  steps: number;
  sessionsLost: number;
  /** The one allowed loss: a crash while the secret store refused writes and the new token was only in memory. */
  lostToCrash: number;
  /** Sign-ins the sandbox ended (family revoked on reuse), the session saying why. */
  endedByServer: number;
  /** The network ate a rotated token on a client whose grace period could not cover a retry. */
  endedByLostResponse: number;
  /** A possibly rotated-out token sent again by a later refresh after a lost response had been reported. */
  resentAfterLostResponse: number;
  /** Refreshes refused (busy-elsewhere, held unsaved) because another window held tokens it could not save. */
  refusedForUnsaved: number;
  faults: number;
  storeRejections: number;
  crashes: number;
  violations: Violation[];
}

export function emptyTotals(): SoakTotals {
  return {
    schedules: 0,
    refreshes: 0,
    attempts: 0,
    steps: 0,
    sessionsLost: 0,
    lostToCrash: 0,
    endedByServer: 0,
    endedByLostResponse: 0,
    resentAfterLostResponse: 0,
    refusedForUnsaved: 0,
    faults: 0,
    storeRejections: 0,
    crashes: 0,
    violations: [],
  };
}

export interface SoakRig {
  readonly sandbox: RunningSandbox;
  /** The lease folder every window of every schedule shares. */
  readonly dir: string;
  readonly signInClient: CognitoIdentityProviderClient;
  /** Unhandled rejections seen since the watch started (process-wide, shared by every rig). */
  readonly unhandled: unknown[];
  close(): Promise<void>;
}

/** Collects the process's unhandled rejections until `stop`. */
export function watchUnhandledRejections(): { readonly seen: unknown[]; stop(): void } {
  const seen: unknown[] = [];
  const onUnhandled = (reason: unknown) => void seen.push(reason);
  process.on('unhandledRejection', onUnhandled);
  return { seen, stop: () => void process.off('unhandledRejection', onUnhandled) };
}

/** One sandbox (the soak's four clients) and a sign-in client for it. */
export async function startRig(dir: string, unhandled: unknown[]): Promise<SoakRig> {
  const sandbox = await createSandboxServer({ config: soakConfig() });
  const signInClient = new CognitoIdentityProviderClient({ region: sandbox.info.region, endpoint: sandbox.endpoint, maxAttempts: 1 });
  return {
    sandbox,
    dir,
    signInClient,
    unhandled,
    async close() {
      signInClient.destroy();
      await sandbox.close();
    },
  };
}

function faultSpec(f: Fault): FaultSpec {
  const operation = 'GetTokensFromRefreshToken';
  switch (f.kind) {
    case 'error':
      return { operation, count: f.count, error: { name: f.name } };
    case 'latency':
      return { operation, count: f.count, latencyMs: f.latencyMs };
    case 'drop':
      return { operation, count: f.count, drop: f.drop, ...(f.latencyMs !== undefined ? { latencyMs: f.latencyMs } : {}) };
  }
}

/** An outcome in one line, fingerprints only. */
function describeOutcome(o: RefreshOutcome): string {
  if (o.ok) return `ok rotated=${o.rotated} now ${o.refreshTokenFingerprint} attempts ${o.attempts}${o.warnings.length ? ` warnings ${o.warnings.join(',')}` : ''}`;
  if ('error' in o) return `${o.reason} ${o.error.name}${'warnings' in o && o.warnings.length ? ` warnings ${o.warnings.join(',')}` : ''}${'retryWithheld' in o && o.retryWithheld ? ' retry-withheld' : ''}`;
  return o.reason;
}

/**
 * Runs one schedule; adds its figures and violations to `totals`. Never throws for a violation.
 * `trace` (CTD_SOAK_TRACE=1 in the test) prints each request and outcome, with fingerprints only.
 */
export async function runSchedule(rig: SoakRig, schedule: Schedule, totals: SoakTotals, trace?: (line: string) => void): Promise<void> {
  const { sandbox } = rig;
  const clientConfig = SOAK_CLIENT_CONFIG[schedule.client];
  const grace = graceOf(clientConfig);
  const violations: Violation[] = [];
  const violate = (step: number, invariant: Violation['invariant'], kind: string, message: string) => {
    violations.push({ schedule: schedule.index, step, invariant, kind, message });
    trace?.(`  VIOLATION (${invariant}): ${message}`);
  };
  let unhandledSeen = rig.unhandled.length;
  sandbox.clearFaults();

  const verdictOf = (token: string): Verdict => {
    const now = sandbox.state.now();
    const found = sandbox.state.store.lookup(token, clientConfig.clientId, now, grace);
    if (found.kind === 'invalid') return { kind: 'invalid', afterGrace: false };
    const rotatedAt = found.record.rotatedAt;
    return { kind: found.kind, afterGrace: rotatedAt !== undefined && now >= rotatedAt + grace * 1000 };
  };

  // What the refresh service sends and receives, seen on the real SDK client.
  const sends: Send[] = [];
  const received = new Set<string>();
  const lostResponse = new Set<string>();
  const base = sdkClientFactory({ requestTimeoutMs: 5_000, connectionTimeoutMs: 2_000 });
  const observed: CognitoClientFactory = async (target) => {
    const client = await base(target);
    client.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { RefreshToken?: unknown; AuthParameters?: Record<string, unknown> };
        const token = typeof input.RefreshToken === 'string' ? input.RefreshToken : input.AuthParameters?.['REFRESH_TOKEN'];
        if (typeof token !== 'string') return next(args);
        const send: Send = { token, operation: input.RefreshToken !== undefined ? 'GetTokensFromRefreshToken' : 'InitiateAuth', verdict: verdictOf(token), afterLostResponse: lostResponse.has(token) };
        sends.push(send);
        if (trace) trace(`    send ${send.operation} ${fingerprint(token)} (sandbox: ${send.verdict.kind}${send.verdict.afterGrace ? ', after grace' : ''})`);
        try {
          const result = await next(args);
          const out = result.output as { AuthenticationResult?: { RefreshToken?: string } };
          if (out.AuthenticationResult?.RefreshToken !== undefined) received.add(out.AuthenticationResult.RefreshToken);
          if (trace) trace(`    answer for ${fingerprint(token)}: ok${out.AuthenticationResult?.RefreshToken !== undefined ? `, new ${fingerprint(out.AuthenticationResult.RefreshToken)}` : ''}`);
          return result;
        } catch (err) {
          const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
          if (status === undefined) lostResponse.add(token);
          if (trace) trace(`    answer for ${fingerprint(token)}: ${status ?? 'none'} ${(err as Error).name}`);
          throw err;
        }
      },
      { step: 'initialize', name: 'soakObserver' },
    );
    return client;
  };

  // One shared SecretStorage (two windows of one profile), one lease folder.
  const inner = new MapSecretBackend();
  const flaky = new FlakyBackend(inner);
  const reader = new KeyValueSessionStore(inner);
  if (trace) flaky.onReject = (key) => trace(`    secret store refused a write of ${key.includes('.history.') ? 'the history' : key.includes('.session.') ? 'the record' : key}`);
  const makeWindow = () =>
    new RefreshService({
      store: new KeyValueSessionStore(flaky),
      coordinator: new FileCoordinator(rig.dir),
      clientFactory: observed,
      historyLimit: 10_000,
      // The background save retry never fires within a schedule (steps take milliseconds), so a
      // schedule replays the same way from its seed: held tokens are saved again by the next
      // refresh (which tries first) and at the end of the schedule (saveUnsavedTokens).
      unsavedRetryMs: 60_000,
      // Every other schedule as the extension runs it: the history appended after the outcome.
      historyInBackground: schedule.index % 2 === 1,
    });
  const windows: RefreshService[] = [makeWindow(), makeWindow()];

  // A fresh sign-in on the drawn client: the set-up, not what is under test, so a sign-in that
  // timed out on a loaded machine (seen once beside CPU hogs: "sign-in failed: transport") is
  // tried again; a sign-in sends no refresh token, so a retry cannot be reuse.
  const signInOnce = () => signInWithPassword(
    rig.signInClient,
    {
      label: `soak ${schedule.index}`,
      region: sandbox.info.region,
      userPoolId: sandbox.info.userPoolId,
      clientId: clientConfig.clientId,
      endpoint: sandbox.endpoint,
      username: sandbox.info.user.username,
      password: sandbox.info.user.password,
      ...(schedule.hint ? { rotationHint: { enabled: rotates(clientConfig), graceSeconds: grace } } : {}),
    },
    Date.now(),
  );
  let signIn = await signInOnce();
  for (let tries = 1; !signIn.ok && signIn.reason === 'transport' && tries < 3; tries++) signIn = await signInOnce();
  if (!signIn.ok) {
    violate(-1, 'run', 'sign-in-failed', `sign-in failed: ${signIn.reason}`);
    totals.violations.push(...violations);
    return;
  }
  const id = signIn.record.session.id;
  if (trace) trace(`schedule ${schedule.index}: ${schedule.client}, hint ${schedule.hint}, signed in with ${fingerprint(signIn.record.secrets.refreshToken)}`);
  await reader.put(signIn.record);
  received.add(signIn.record.secrets.refreshToken);

  let historyCompromised = false;
  /** A window died holding unsaved tokens: its lease stays marked until it expires (LEASE_TTL_MS, longer than a schedule). */
  let crashedHolder = false;
  /** A crash dropped tokens held in memory; cleared once the store is seen holding a working token. */
  let crashLostUnsaved = false;
  let crashLostHistory = false;
  /** A crash dropped a failed refresh's error held in memory (the store had refused it). */
  let crashLostError = false;
  let checkedSends = 0;
  let historyMismatchReported = false;
  let ended = false;

  const refresh = async (step: number, who: Who): Promise<void> => {
    const targets = who === 'both' ? [windows[0]!, windows[1]!] : [windows[who]!];
    totals.refreshes += targets.length;
    const heldBefore = windows.map((w) => w.hasUnsavedTokens(id));
    const settled = await Promise.allSettled(targets.map((w) => w.refresh(id)));
    for (const [n, s] of settled.entries()) {
      if (trace) trace(`  step ${step} ${who}: ${s.status === 'fulfilled' ? describeOutcome(s.value) : `rejected ${String(s.reason)}`}`);
      if (s.status === 'rejected') {
        violate(step, 'run', 'refresh-rejected', `refresh() rejected: ${String(s.reason)}`);
        continue;
      }
      const o: RefreshOutcome = s.value;
      if ('warnings' in o && o.warnings.includes('history-not-saved')) historyCompromised = true;
      if (!o.ok && o.reason === 'busy-elsewhere' && o.heldUnsaved) {
        // Refusing is right while the other window holds tokens it could not save (sending the
        // stored token could burn the sign-in), and only then.
        const other = windows.findIndex((w) => w !== targets[n]);
        if (heldBefore[other] || windows[other]?.hasUnsavedTokens(id) || crashedHolder) totals.refusedForUnsaved++;
        else violate(step, 'run', 'busy-without-unsaved-holder', 'busy-elsewhere (held unsaved) although no other window holds unsaved tokens');
        continue;
      }
      if (!o.ok && ['session-missing', 'session-broken', 'stale-store', 'busy-elsewhere', 'cancelled'].includes(o.reason)) {
        violate(step, 'run', 'unexpected-outcome', `unexpected outcome ${o.reason} (one shared store, nothing removed or cancelled)`);
      }
    }
  };

  const check = async (step: number): Promise<void> => {
    // What the refreshes left running (history appends with historyInBackground) ends before the store is read.
    await Promise.all(windows.map((w) => w.settled()));
    // (d) no unhandled rejection.
    for (; unhandledSeen < rig.unhandled.length; unhandledSeen++) {
      violate(step, 'd', 'unhandled-rejection', `unhandled rejection: ${String(rig.unhandled[unhandledSeen])}`);
    }
    // (b) no refresh token sent after its grace period.
    for (; checkedSends < sends.length; checkedSends++) {
      const s = sends[checkedSends]!;
      if (!s.verdict.afterGrace) continue;
      // A token whose answer was lost is sent again only when the user says so (resend-unconfirmed);
      // the soak never does, so any such send after the grace period is a violation too.
      if (s.afterLostResponse) totals.resentAfterLostResponse++;
      violate(step, 'b', 'dead-token-sent', `${s.operation} sent refresh token ${fingerprint(s.token)} after its grace period (${grace} s) had ended (the sandbox says ${s.verdict.kind})`);
    }
    const unsaved = windows.some((w) => w.hasUnsavedChanges(id));
    if (unsaved) return; // (a) and (c) wait until the service saved what it holds (tokens, or a failure's history and error), or a crash lost it.
    const loaded = await reader.load(id);
    if (loaded.kind !== 'found') {
      violate(step, 'a', 'session-unreadable', `the stored session is ${loaded.kind}`);
      ended = true;
      return;
    }
    const record: SessionRecord = loaded.record;
    if (trace) trace(`  check ${step}: stored ${fingerprint(record.secrets.refreshToken)} rev ${record.rev}, lastError ${record.lastError?.name ?? '-'}, history [${record.history.map((e) => e.oldFingerprint).join(' ')}]`);
    // (c) every attempt has a history event (fingerprints, as a multiset).
    const sentPrints = sends.map((s) => fingerprint(s.token)).sort();
    const historyPrints = record.history.map((e) => e.oldFingerprint).sort();
    if (historyCompromised || flaky.historyRejected > 0 || crashLostHistory || historyMismatchReported) {
      const left = [...sentPrints];
      for (const p of historyPrints) {
        const at = left.indexOf(p);
        if (at < 0) violate(step, 'c', 'history-event-without-request', `a history event for token ${p} that no request sent`);
        else left.splice(at, 1);
      }
    } else if (sentPrints.join() !== historyPrints.join()) {
      historyMismatchReported = true;
      violate(step, 'c', 'attempt-without-history-event', `${sends.length} requests sent but ${record.history.length} history events (no history write failed): sent [${sentPrints.join(' ')}], history [${historyPrints.join(' ')}]`);
    }
    // (a) the store holds a refresh token the sandbox still accepts, or the session says why it ended.
    const stored = record.secrets.refreshToken;
    const v = verdictOf(stored);
    if (v.kind === 'valid') {
      crashLostUnsaved = false;
      return;
    }
    ended = true;
    const why = record.lastError ? `lastError ${record.lastError.name}` : 'no lastError';
    if (crashLostUnsaved || (crashLostError && !record.lastError)) {
      totals.lostToCrash++;
      return;
    }
    const liveReceived = [...received].find((t) => t !== stored && verdictOf(t).kind === 'valid');
    if (liveReceived !== undefined) {
      totals.sessionsLost++;
      violate(step, 'a', 'session-lost-live-token-dropped', `session lost: the store holds ${fingerprint(stored)} (${v.kind}) while the service had received ${fingerprint(liveReceived)}, which the sandbox still accepts (${why})`);
      return;
    }
    // The network ate the rotated token (an answer lost after the sandbox rotated, on a client whose
    // grace period cannot cover a retry); a later send of the old token may then have made the
    // sandbox revoke the sign-in too.
    if ((v.afterGrace || v.kind === 'revoked') && lostResponse.has(stored)) {
      if (record.lastError) totals.endedByLostResponse++;
      else violate(step, 'a', 'ended-without-error-shown', `the network ate the rotated token of ${fingerprint(stored)} but the session shows no error`);
      return;
    }
    if (v.kind === 'revoked') {
      if (record.lastError?.name === 'NotAuthorizedException' || record.lastError?.name === 'RefreshTokenReuseException') totals.endedByServer++;
      else violate(step, 'a', 'revoked-without-reason-shown', `the sandbox revoked the sign-in but the session does not say so (${why})`);
      return;
    }
    totals.sessionsLost++;
    violate(step, 'a', 'session-lost-unexplained', `session lost: the stored refresh token ${fingerprint(stored)} is ${v.kind}${v.afterGrace ? ' (after its grace period)' : ''} and no lost response or server revocation explains it (${why})`);
  };

  const runStep = async (i: number, step: Step): Promise<void> => {
    if (trace) trace(`step ${i}: ${JSON.stringify(step)}`);
    switch (step.kind) {
      case 'refresh':
        return refresh(i, step.who);
      case 'fault':
        totals.faults++;
        sandbox.injectFault(faultSpec(step.fault));
        return refresh(i, step.who);
      case 'store-failure':
        flaky.failures += step.rejections;
        return refresh(i, step.who);
      case 'crash': {
        totals.crashes++;
        const w = windows[step.window]!;
        if (w.hasUnsavedTokens(id)) crashLostUnsaved = crashLostHistory = crashedHolder = true;
        if (w.hasUnsavedChanges(id)) crashLostHistory = crashLostError = true;
        w.dispose();
        windows[step.window] = makeWindow();
        return;
      }
    }
  };

  try {
    for (let i = 0; i < schedule.steps.length && !ended; i++) {
      totals.steps++;
      await runStep(i, schedule.steps[i]!);
      await check(i);
    }
    if (!ended) {
      // The store accepts writes again: whatever a window holds in memory must now be saved.
      flaky.failures = 0;
      for (const w of windows) {
        if (!(await w.saveUnsavedTokens(id)) || w.hasUnsavedChanges(id)) violate(schedule.steps.length, 'a', 'unsaved-after-store-recovered', 'tokens or bookkeeping still unsaved once the secret store accepted writes again');
      }
      await check(schedule.steps.length);
    }
  } catch (err) {
    violate(-1, 'run', 'schedule-threw', `the schedule threw: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  } finally {
    for (const w of windows) w.dispose();
    sandbox.clearFaults();
    totals.schedules++;
    totals.attempts += sends.length;
    totals.storeRejections += flaky.rejected;
    totals.violations.push(...violations);
  }
}
