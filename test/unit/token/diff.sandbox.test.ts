// diffTokens and compareTokens on real tokens: a sandbox sign-in and its refresh ten minutes later
// (real SDK over real HTTP), and a second sign-in.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CognitoIdentityProviderClient,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { demoConfig, startSandbox, type SandboxHandle } from '../../../src/sandbox/index';
import { describeClaimChange, diffTokens } from '../../../src/core/token/diff';
import { compareTokens } from '../../../src/core/server/compare';

void describe('diffTokens on sandbox tokens', () => {
  let sandbox: SandboxHandle;
  let cognito: CognitoIdentityProviderClient;
  let t = Date.now();
  const clientId = (name: string): string => sandbox.info.clients.find((c) => c.name === name)?.clientId ?? assert.fail(name);

  before(async () => {
    sandbox = await startSandbox({ config: demoConfig(), now: () => t });
    cognito = new CognitoIdentityProviderClient({ endpoint: sandbox.endpoint, region: sandbox.info.region, maxAttempts: 1 });
  });
  after(async () => {
    cognito.destroy();
    await sandbox.close();
  });

  const signIn = async () => {
    const out = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: clientId('rotating-grace-10s'),
        AuthParameters: { USERNAME: sandbox.info.user.username, PASSWORD: sandbox.info.user.password },
      }),
    );
    const r = out.AuthenticationResult;
    assert.ok(r?.IdToken && r.AccessToken && r.RefreshToken);
    return { id: r.IdToken, access: r.AccessToken, refresh: r.RefreshToken };
  };

  void it('a refresh ten minutes later: new exp (+10 min), sign-in claims kept', async () => {
    const first = await signIn();
    t += 10 * 60_000;
    const out = await cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId('rotating-grace-10s'), RefreshToken: first.refresh }));
    const next = out.AuthenticationResult;
    assert.ok(next?.IdToken && next.AccessToken);
    for (const [before, after] of [
      [first.id, next.IdToken],
      [first.access, next.AccessToken],
    ] as const) {
      const diff = diffTokens(before, after);
      const exp = diff.changes.find((c) => c.claim === 'exp');
      assert.equal(exp?.kind, 'changed');
      assert.match(describeClaimChange(exp!), /^new exp \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(\+10 min\)$/);
      assert.equal(diff.changes.find((c) => c.claim === 'auth_time')?.kind, 'kept');
      assert.equal(diff.changes.find((c) => c.claim === 'sub')?.kind, 'kept');
      assert.equal(diff.changes.find((c) => c.claim === 'origin_jti')?.kind, 'kept');
      assert.ok(!JSON.stringify(diff).includes(after.slice(0, 40)));
    }
    const cmp = compareTokens(first.id, next.IdToken);
    assert.ok(!cmp.findings.some((f) => f.id === 'auth-time-changed'), 'a refresh keeps auth_time');
    assert.ok(cmp.findings.some((f) => f.id === 'same-sign-in'));
    assert.ok(cmp.findings.some((f) => f.id === 'newer' && f.text.includes('10 min later')));
  });

  void it('a second sign-in later: auth_time changed, explained as a new sign-in', async () => {
    const a = await signIn();
    t += 60_000;
    const b = await signIn();
    const cmp = compareTokens(a.id, b.id);
    assert.ok(cmp.findings.some((f) => f.id === 'auth-time-changed'));
    assert.ok(cmp.findings.some((f) => f.id === 'different-sign-in'));
  });
});
