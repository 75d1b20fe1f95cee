// Config validation and the built-in demo config.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuthFlowType, ExplicitAuthFlowsType } from '@aws-sdk/client-cognito-identity-provider';
import { demoConfig, SandboxConfigError, startSandbox, validateConfig } from '../../../src/sandbox/index';
import { EXPLICIT_AUTH_FLOWS } from '../../../src/sandbox/config';
import { AUTH_FLOWS } from '../../../src/sandbox/operations/initiate-auth';

function problemsOf(raw: unknown): string[] {
  try {
    validateConfig(raw);
  } catch (e) {
    assert.ok(e instanceof SandboxConfigError, String(e));
    return e.problems;
  }
  assert.fail('the config was accepted');
}

const minimalPool = () => ({
  id: 'us-east-1_Pool1',
  name: 'p',
  clients: [{ name: 'c', clientId: 'client1', clientSecret: null, explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }],
  users: [{ username: 'u', password: 'p', sub: 's' }],
});

void describe('config', () => {
  void it('accepts the demo config, which covers the cases the brief asks for', () => {
    const config = validateConfig(demoConfig());
    const clients = config.pools[0].clients;
    const rotation = (c: (typeof clients)[number]) => c.refreshTokenRotation?.feature === 'ENABLED';
    assert.ok(clients.some((c) => rotation(c) && (c.refreshTokenRotation?.retryGracePeriodSeconds ?? 0) > 0));
    assert.ok(clients.some((c) => rotation(c) && (c.refreshTokenRotation?.retryGracePeriodSeconds ?? 0) === 0));
    assert.ok(clients.some((c) => !rotation(c)));
    assert.ok(clients.some((c) => c.clientSecret !== null));
    const user = config.pools[0].users[0];
    assert.equal(typeof user.attributes?.email, 'string');
    assert.ok((user.groups ?? []).length > 0);
  });

  void it('uses the SDK\'s enum values for flows', () => {
    assert.deepEqual([...EXPLICIT_AUTH_FLOWS].sort(), Object.values(ExplicitAuthFlowsType).sort());
    assert.deepEqual([...AUTH_FLOWS].sort(), Object.values(AuthFlowType).sort());
  });

  void it('accepts a minimal config', () => {
    const config = validateConfig({ region: 'us-east-1', pools: [minimalPool()] });
    assert.equal(config.pools[0].clients[0].clientId, 'client1');
  });

  void it('lists every problem with its path', () => {
    const pool = minimalPool() as Record<string, unknown>;
    pool.id = 'eu-west-1_Pool1';
    pool.clients = [{
      name: 'c', clientId: 'bad id!', clientSecret: 'short', explicitAuthFlows: ['ALLOW_MAGIC'],
      refreshTokenRotation: { feature: 'ON', retryGracePeriodSeconds: 61 }, colour: 'blue',
    }];
    const problems = problemsOf({ region: 'us-east-1', pools: [pool], unsupportedOperations: ['Get Tokens'], faults: [{ operation: 'X', drop: 'never' }] });
    const expected = [
      /^pools\[0\]\.id: must start with the region "us-east-1_"$/,
      /^pools\[0\]\.clients\[0\]\.clientId: /,
      /^pools\[0\]\.clients\[0\]\.clientSecret: must be null, or 24 to 64/,
      /^pools\[0\]\.clients\[0\]\.explicitAuthFlows\[0\]: must be one of /,
      /^pools\[0\]\.clients\[0\]\.refreshTokenRotation\.feature: /,
      /^pools\[0\]\.clients\[0\]\.refreshTokenRotation\.retryGracePeriodSeconds: must be an integer from 0 to 60$/,
      /^pools\[0\]\.clients\[0\]\.colour: unknown setting/,
      /^unsupportedOperations\[0\]: /,
      /^faults\[0\]: drop must be /,
    ];
    for (const pattern of expected) assert.ok(problems.some((p) => pattern.test(p)), `${pattern} not in\n${problems.join('\n')}`);
    assert.equal(problems.length, expected.length, problems.join('\n'));
  });

  void it('refuses rotation together with ALLOW_REFRESH_TOKEN_AUTH, as Cognito does', () => {
    const pool = minimalPool();
    pool.clients[0] = { ...pool.clients[0], explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], refreshTokenRotation: { feature: 'ENABLED' } } as never;
    assert.match(problemsOf({ region: 'us-east-1', pools: [pool] }).join('\n'), /rotation cannot be ENABLED together with ALLOW_REFRESH_TOKEN_AUTH/);
  });

  void it('refuses mixing legacy and ALLOW_ flows, duplicates and missing parts', () => {
    const pool = minimalPool();
    pool.clients.push({ ...pool.clients[0], explicitAuthFlows: ['USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    pool.users.push({ username: 'u', password: 'x', sub: 's' });
    const problems = problemsOf({ region: 'us-east-1', pools: [pool, { id: 'us-east-1_Two', name: 'two', clients: [], users: [] }] });
    assert.ok(problems.some((p) => /do not mix ALLOW_\* values with legacy values/.test(p)));
    assert.ok(problems.includes('duplicate clientId: "client1"'));
    assert.ok(problems.some((p) => p.startsWith('duplicate user name')));
    assert.ok(problems.some((p) => p.startsWith('duplicate user sub')));
    assert.ok(problems.includes('pools[1].clients: needs at least one app client'));
    assert.ok(problems.includes('pools[1].users: needs at least one user'));
  });

  void it('refuses things that are not a config at all', () => {
    assert.deepEqual(problemsOf(null), ['config: must be an object']);
    assert.deepEqual(problemsOf({ region: 'moon', pools: 'none' }), ['region: must be a region such as us-east-1', 'pools: must be an array']);
  });

  void it('makes startSandbox reject a bad config', async () => {
    await assert.rejects(startSandbox({ config: { region: 'us-east-1', pools: [] } }), SandboxConfigError);
  });
});
