// Shared set-up for the refresh tests: a real sandbox on 127.0.0.1, a real SDK
// client over HTTP, a real store. Nothing here mocks the SDK.

import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { RefreshService, signInWithPassword, type RefreshServiceOptions } from '../../../src/core/refresh';
import {
  InMemorySessionStore,
  type AttemptsRecord,
  type CommitChange,
  type CommitResult,
  type RefreshMethod,
  type SessionRecord,
  type SessionStore,
  type SettingsPatch,
  type TokenUpdate,
} from '../../../src/core/sessions';
import { startSandbox, type SandboxHandle, type StartSandboxOptions } from '../../../src/sandbox';

/** The demo config's app clients, by name. */
export type DemoClient = 'rotating-grace-10s' | 'rotating-no-grace' | 'no-rotation' | 'confidential-with-secret';

export interface Harness {
  readonly sandbox: SandboxHandle;
  readonly store: InMemorySessionStore;
  /** A service over `store` (or over `options.store`), disposed by `close`. */
  service(options?: Partial<RefreshServiceOptions>): RefreshService;
  /** Signs the demo user in on `client` with USER_PASSWORD_AUTH and stores a session. */
  newSession(client: DemoClient, overrides?: { refreshMethod?: RefreshMethod; username?: string }, store?: SessionStore): Promise<SessionRecord>;
  load(id: string): Promise<SessionRecord>;
  /** Calls the sandbox received for an operation, excluding sign-ins. */
  calls(operation: 'GetTokensFromRefreshToken' | 'InitiateAuth' | 'RevokeToken'): number;
  close(): Promise<void>;
}

export async function startHarness(options: StartSandboxOptions = {}): Promise<Harness> {
  const sandbox = await startSandbox(options);
  const store = new InMemorySessionStore();
  const services: RefreshService[] = [];
  const signInClient = new CognitoIdentityProviderClient({ region: sandbox.info.region, endpoint: sandbox.endpoint, maxAttempts: 1 });
  let signIns = 0;

  const clientInfo = (name: DemoClient) => {
    const c = sandbox.info.clients.find((x) => x.name === name);
    if (!c) throw new Error(`demo client ${name} missing`);
    return c;
  };

  return {
    sandbox,
    store,
    service(opts = {}) {
      const s = new RefreshService({ store, requestTimeoutMs: 5_000, connectionTimeoutMs: 2_000, ...opts });
      services.push(s);
      return s;
    },
    async newSession(name, overrides = {}, target = store) {
      const c = clientInfo(name);
      const outcome = await signInWithPassword(
        signInClient,
        {
          label: name,
          region: sandbox.info.region,
          userPoolId: sandbox.info.userPoolId,
          clientId: c.clientId,
          endpoint: sandbox.endpoint,
          ...(c.clientSecret ? { clientSecret: c.clientSecret } : {}),
          username: sandbox.info.user.username,
          password: sandbox.info.user.password,
          rotationHint: { enabled: c.rotation, graceSeconds: c.graceSeconds },
          ...(overrides.refreshMethod ? { refreshMethod: overrides.refreshMethod } : {}),
        },
        Date.now(),
      );
      signIns++;
      if (!outcome.ok) throw new Error(`sign-in failed: ${outcome.reason}`);
      const record = overrides.username ? { ...outcome.record, session: { ...outcome.record.session, username: overrides.username } } : outcome.record;
      await target.put(record);
      return record;
    },
    async load(id) {
      const loaded = await store.load(id);
      if (loaded.kind !== 'found') throw new Error(`session ${id} is ${loaded.kind}`);
      return loaded.record;
    },
    calls(operation) {
      const n = sandbox.calls(operation).length;
      return operation === 'InitiateAuth' ? n - signIns : n;
    },
    async close() {
      for (const s of services) s.dispose();
      signInClient.destroy();
      await sandbox.close();
    },
  };
}

/** A store that delegates to another and lets a test observe or fail individual writes. */
export class ObservedStore implements SessionStore {
  /** Method names in call order. */
  readonly log: string[] = [];
  /** Record writes carrying tokens to refuse (as a full disk or a locked keychain would). */
  failSaveTokens = 0;
  /** History appends to refuse (the record write still happens). */
  failRecordAttempts = 0;
  onSaveTokens?: (tokens: TokenUpdate) => void;

  constructor(readonly inner: SessionStore) {}

  load(id: string, options?: { history?: boolean }) {
    this.log.push('load');
    return this.inner.load(id, options);
  }
  async commit(id: string, change: CommitChange): Promise<CommitResult> {
    this.log.push('commit');
    if (change.tokens) this.onSaveTokens?.(change.tokens);
    if (change.tokens && this.failSaveTokens > 0) {
      this.failSaveTokens--;
      throw new Error('disk full (simulated)');
    }
    if (change.events.length > 0 && this.failRecordAttempts > 0) {
      this.failRecordAttempts--;
      const result = await this.inner.commit(id, { ...change, events: [] });
      return { ...result, historySaved: false };
    }
    return this.inner.commit(id, change);
  }
  list() {
    return this.inner.list();
  }
  put(record: SessionRecord) {
    return this.inner.put(record);
  }
  delete(id: string) {
    return this.inner.delete(id);
  }
  async saveTokens(id: string, tokens: TokenUpdate) {
    this.log.push('saveTokens');
    this.onSaveTokens?.(tokens);
    if (this.failSaveTokens > 0) {
      this.failSaveTokens--;
      throw new Error('disk full (simulated)');
    }
    await this.inner.saveTokens(id, tokens);
  }
  async recordAttempts(id: string, record: AttemptsRecord) {
    this.log.push('recordAttempts');
    if (this.failRecordAttempts > 0) {
      this.failRecordAttempts--;
      throw new Error('keychain locked (simulated)');
    }
    await this.inner.recordAttempts(id, record);
  }
  updateSettings(id: string, patch: SettingsPatch) {
    return this.inner.updateSettings(id, patch);
  }
}
