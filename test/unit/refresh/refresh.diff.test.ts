// Every successful refresh keeps, in its history event, the claim diff of the new ID and access
// tokens against the previous ones (issue 11, item 3): claim names and short summaries, never
// tokens. Real sandbox (its clock moved, a user's groups changed on the server side), real SDK.
import assert from 'node:assert/strict';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { after, before, describe, it } from 'node:test';
import { RefreshService, signInWithPassword } from '../../../src/core/refresh';
import { InMemorySessionStore, parseHistory, type HistoryEvent, type SessionRecord } from '../../../src/core/sessions';
import { describeClaimChange } from '../../../src/core/token/diff';
import { historyView } from '../../../src/vscode/inspector/viewModel';
import { demoConfig, type UserConfig } from '../../../src/sandbox';
import { createSandboxServer, type RunningSandbox } from '../../../src/sandbox/server';

let sandbox: RunningSandbox;
let signInClient: CognitoIdentityProviderClient;
const store = new InMemorySessionStore();
let service: RefreshService;

before(async () => {
  sandbox = await createSandboxServer({ config: demoConfig() });
  signInClient = new CognitoIdentityProviderClient({ region: sandbox.info.region, endpoint: sandbox.endpoint, maxAttempts: 1 });
  service = new RefreshService({ store, requestTimeoutMs: 5_000, connectionTimeoutMs: 2_000 });
});
after(async () => {
  service.dispose();
  signInClient.destroy();
  await sandbox.close();
});

async function signIn(clientName: string): Promise<SessionRecord> {
  const c = sandbox.info.clients.find((x) => x.name === clientName)!;
  const outcome = await signInWithPassword(
    signInClient,
    {
      label: clientName,
      region: sandbox.info.region,
      userPoolId: sandbox.info.userPoolId,
      clientId: c.clientId,
      endpoint: sandbox.endpoint,
      username: sandbox.info.user.username,
      password: sandbox.info.user.password,
      rotationHint: { enabled: c.rotation, graceSeconds: c.graceSeconds },
    },
    Date.now(),
  );
  assert.ok(outcome.ok);
  await store.put(outcome.record);
  return outcome.record;
}

async function lastEvent(id: string): Promise<HistoryEvent> {
  const loaded = await store.load(id);
  assert.ok(loaded.kind === 'found');
  const e = loaded.record.history.at(-1);
  assert.ok(e);
  return e;
}

function lines(e: HistoryEvent, kind: 'id' | 'access'): string[] {
  return (e.changes?.[kind]?.changes ?? []).map(describeClaimChange);
}

describe('the claim diff kept with each refresh', () => {
  it('a refresh an hour later: new exp and iat with their shift, the sign-in\'s auth_time and origin_jti kept, in both tokens', async () => {
    const rec = await signIn('rotating-grace-10s');
    assert.equal(sandbox.state.advanceClock(3_600_000), undefined);
    const outcome = await service.refresh(rec.session.id);
    assert.ok(outcome.ok, JSON.stringify(outcome));
    const e = await lastEvent(rec.session.id);
    assert.equal(e.outcome, 'success');
    for (const kind of ['id', 'access'] as const) {
      const text = lines(e, kind).join('\n');
      assert.match(text, /^new exp \S+Z \(\+(60 min|1 h)\)$/m, `${kind}: ${text}`);
      assert.match(text, /^auth_time kept \(/m, `${kind}: ${text}`);
      assert.match(text, /^origin_jti kept \(/m, `${kind}: ${text}`);
      assert.doesNotMatch(text, /\bjti\b(?! kept)/, 'jti changes on every issue and is left out');
    }
  });

  it('a group added on the server side shows as "cognito:groups +admins" after the refresh', async () => {
    const rec = await signIn('no-rotation');
    const user = sandbox.state.pool(sandbox.info.userPoolId)!.userForSignIn(sandbox.info.user.username)! as UserConfig & { groups?: string[] };
    const groupsBefore = user.groups;
    try {
      user.groups = [...(groupsBefore ?? []), 'admins-h7-test'];
      const outcome = await service.refresh(rec.session.id);
      assert.ok(outcome.ok, JSON.stringify(outcome));
      const text = lines(await lastEvent(rec.session.id), 'id');
      assert.ok(text.some((l) => /^(cognito:groups \+admins-h7-test|added cognito:groups = \+admins-h7-test)$/.test(l)), text.join('\n'));
    } finally {
      user.groups = groupsBefore;
    }
  });

  it('holds names and short summaries only: no token, whole or in part, in the stored history', async () => {
    const rec = await signIn('rotating-no-grace');
    const outcome = await service.refresh(rec.session.id);
    assert.ok(outcome.ok);
    const loaded = await store.load(rec.session.id);
    assert.ok(loaded.kind === 'found');
    const raw = store.raw.values.get(store.historyKey(rec.session.id))!;
    const secrets = [rec.secrets.idToken!, rec.secrets.accessToken!, rec.secrets.refreshToken, loaded.record.secrets.idToken!, loaded.record.secrets.accessToken!, loaded.record.secrets.refreshToken];
    for (const t of secrets) {
      for (const part of t.split('.')) if (part.length >= 16) assert.ok(!raw.includes(part), 'a token segment is in the history');
    }
    assert.ok(!/eyJ[A-Za-z0-9_-]{20}/.test(raw), 'nothing that looks like a JWT');
    const parsed = parseHistory(raw);
    assert.ok(parsed.ok, 'the stored diff passes validation');
    assert.ok((parsed.events.at(-1)!.changes?.id?.changes.length ?? 0) > 0, 'a diff is there to check');
    for (const c of parsed.events.at(-1)!.changes?.id?.changes ?? []) assert.ok((c.before ?? '').length <= 40 + 20 && (c.after ?? '').length <= 40 + 20);
  });

  it('a failed refresh keeps no diff', async () => {
    const rec = await signIn('no-rotation');
    sandbox.injectFault({ operation: 'GetTokensFromRefreshToken', error: { name: 'InternalErrorException' } });
    const outcome = await service.refresh(rec.session.id);
    assert.equal(outcome.ok, false);
    assert.equal((await lastEvent(rec.session.id)).changes, undefined);
  });
});

describe("the refresh token's absolute end kept with each refresh", () => {
  /** The sandbox's own refresh token validity for a demo client (Cognito's 30-day default when not configured). */
  function sandboxValidity(clientName: string): number {
    const c = sandbox.info.clients.find((x) => x.name === clientName)!;
    return sandbox.state.client(c.clientId)!.config.tokenValidity?.refreshTokenSeconds ?? 30 * 86400;
  }

  async function withValidity(rec: SessionRecord, seconds: number): Promise<SessionRecord> {
    const next: SessionRecord = { ...rec, session: { ...rec.session, refreshTokenValidity: { seconds, source: 'sandbox' } } };
    await store.put(next);
    return next;
  }

  function authTimeOf(rec: SessionRecord): number {
    const payload = JSON.parse(Buffer.from(rec.secrets.idToken!.split('.')[1]!, 'base64url').toString('utf8')) as { auth_time: number };
    return payload.auth_time;
  }

  it('sign-in (auth_time) + the known validity, the same end after every rotation, and the sandbox ends the token then', async () => {
    const validity = sandboxValidity('rotating-grace-10s');
    const rec = await withValidity(await signIn('rotating-grace-10s'), validity);
    const expectedEnd = new Date((authTimeOf(rec) + validity) * 1000).toISOString().replace('.000Z', 'Z');
    const ends: string[] = [];
    for (let i = 0; i < 2; i++) {
      assert.equal(sandbox.state.advanceClock(3_600_000), undefined);
      const outcome = await service.refresh(rec.session.id);
      assert.ok(outcome.ok && outcome.rotated, JSON.stringify(outcome));
      const end = (await lastEvent(rec.session.id)).changes?.refreshToken;
      assert.ok(end, 'the event keeps the refresh token end');
      assert.equal(end.validitySeconds, validity);
      assert.equal(end.validitySource, 'sandbox');
      assert.equal(end.signInAt, new Date(authTimeOf(rec) * 1000).toISOString().replace('.000Z', 'Z'));
      ends.push(end.endsAt!);
    }
    assert.deepEqual(ends, [expectedEnd, expectedEnd], 'rotation does not move the end');
    // The sandbox agrees: a refresh a minute before the end works, one after it is refused as expired.
    assert.equal(sandbox.state.advanceClock(Date.parse(expectedEnd) - 60_000 - sandbox.state.now()), undefined);
    const before = await service.refresh(rec.session.id);
    assert.ok(before.ok, JSON.stringify(before));
    assert.equal(sandbox.state.advanceClock(2 * 60_000), undefined);
    const afterEnd = await service.refresh(rec.session.id);
    assert.equal(afterEnd.ok, false);
    assert.ok(!afterEnd.ok && 'error' in afterEnd && afterEnd.error.name === 'NotAuthorizedException', JSON.stringify(afterEnd));
  });

  it("the inspector's timeline tells it: when the refresh token ends, from what, local time with UTC", async () => {
    const validity = sandboxValidity('no-rotation');
    const rec = await withValidity(await signIn('no-rotation'), validity);
    const outcome = await service.refresh(rec.session.id);
    assert.ok(outcome.ok);
    const loaded = await store.load(rec.session.id);
    assert.ok(loaded.kind === 'found');
    const oneDayLater = (authTimeOf(rec) + 86400) * 1000;
    const note = historyView(loaded.record.history, oneDayLater)[0]!.notes.find((n) => n.code === 'refresh-token-end');
    assert.ok(note, 'the newest entry has the refresh token end');
    assert.equal(validity, 30 * 86400, 'the demo client keeps the 30-day default');
    assert.match(note.text, /^Refresh token ends in about 29 days \(sign-in 1 day ago \+ 30 days validity, from the sandbox's client configuration\): \d{4}-\d\d-\d\d \d\d:\d\d:\d\d.* UTC$/);
  });

  it('without a known validity: the sign-in only, and no end', async () => {
    const rec = await signIn('no-rotation');
    const outcome = await service.refresh(rec.session.id);
    assert.ok(outcome.ok);
    const end = (await lastEvent(rec.session.id)).changes?.refreshToken;
    assert.deepEqual(end, { signInAt: new Date(authTimeOf(rec) * 1000).toISOString().replace('.000Z', 'Z') });
  });
});
