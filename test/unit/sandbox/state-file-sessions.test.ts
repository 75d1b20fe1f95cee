// A state file whose sign-in sessions carry corrupt session-tracking or
// managed-login fields (edited by hand, or written by a broken tool) is refused
// at start with a message naming the field, instead of loading and failing
// later (a 500 at the token endpoint, a ListUserSessions answer the SDK cannot read).

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ListUserSessionsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { demoConfig, SandboxStateError, startSandbox } from '../../../src/sandbox/index';
import { sdkClient, signIn } from './helpers';

const dirs: string[] = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const NO_ROTATION = 'sbxnorotationclient0000003';

/** What starting on `file` rejects with; a sandbox that starts anyway is closed (so the run ends) and undefined returned. */
async function refusal(file: string): Promise<unknown> {
  try {
    await (await startSandbox({ stateFile: file })).close();
    return undefined;
  } catch (e) {
    return e;
  }
}

function config() {
  const c = demoConfig();
  c.pools[0].userSessionTracking = 'ENABLED';
  return c;
}

void describe('state file: sign-in session fields', () => {
  void it('refuses a corrupt session-tracking or managed-login field with a message naming it, and loads a good file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sbx-sessions-'));
    dirs.push(dir);
    const file = join(dir, 'state.json');
    const first = await startSandbox({ stateFile: file, config: config() });
    const cognito = sdkClient(first);
    const t = await signIn(cognito, NO_ROTATION, first.info.user.username, first.info.user.password);
    cognito.destroy();
    await first.close();
    const good = readFileSync(file, 'utf8');
    const session = (JSON.parse(good) as { store: { sessions: Record<string, unknown>[] } }).store.sessions[0];
    assert.equal(typeof session.lastActiveAt, 'number', 'session tracking recorded the sign-in');
    assert.equal(typeof session.deviceType, 'string');

    const corrupt: [string, unknown][] = [
      ['lastActiveAt', 'yesterday'], ['lastActiveAt', 1.5], ['lastActiveAt', -1], ['lastIpAddress', 42], ['lastIpAddress', 'x'.repeat(129)],
      ['deviceType', { name: 'Chrome' }], ['deviceType', ''], ['scope', 42], ['scope', ['openid']], ['deviceKey', 7], ['deviceKey', ''],
      ['authTime', 1.5],
    ];
    for (const [field, value] of corrupt) {
      const state = JSON.parse(good) as { store: { sessions: Record<string, unknown>[] } };
      state.store.sessions[0][field] = value;
      writeFileSync(file, JSON.stringify(state));
      const e = await refusal(file);
      assert.ok(e instanceof SandboxStateError, `${field}=${JSON.stringify(value)} must be refused: ${String(e)}`);
      assert.match(e.message, new RegExp(`malformed sign-in session \\(store\\.sessions\\[0\\]\\.${field}`), `${field}=${JSON.stringify(value)}: ${e.message}`);
      assert.match(e.message, /delete the file/);
    }

    const twice = JSON.parse(good) as { store: { sessions: Record<string, unknown>[] } };
    twice.store.sessions.push({ ...twice.store.sessions[0] });
    writeFileSync(file, JSON.stringify(twice));
    assert.match(String(await refusal(file)), /two sign-in sessions with the id/);

    // The untouched file still loads, and its session is listed as before.
    writeFileSync(file, good);
    const again = await startSandbox({ stateFile: file });
    const client = sdkClient(again);
    try {
      const listed = (await client.send(new ListUserSessionsCommand({ AccessToken: t.AccessToken }))).Sessions ?? [];
      assert.equal(listed.length, 1);
      assert.equal(listed[0].DeviceType, session.deviceType);
    } finally {
      client.destroy();
      await again.close();
    }
  });
});
