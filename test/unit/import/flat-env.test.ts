// Issue 8 item 9: a multi-line .env pasted into the one-line Add Session box loses its line
// breaks (Chromium drops them, Firefox turns them into spaces) and was then read as "an ID
// token but no refresh token". The parser reads such a line as the lines it was.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSessionPaste } from '../../../src/core/import';
import { unflattenEnv } from '../../../src/core/import/flatEnv';
import { AWS_POOL_ID, CLIENT_ID, expectOk, FIXED_NOW_MS, makeTokens, type Tokens } from './fixtures';

const now = FIXED_NOW_MS;
let t: Tokens;
before(async () => {
  t = await makeTokens();
});

const OPAQUE = 'a1b2c3d4-e5f6-4789-abcd-0123456789ab';

void describe('a .env that lost its line breaks', () => {
  void it('the reported paste: REFRESH_TOKEN before ID_TOKEN, line breaks dropped', () => {
    const lines = ['# staging', `REFRESH_TOKEN=${t.refreshToken}`, `ID_TOKEN=${t.idToken}`];
    const { draft } = expectOk(parseSessionPaste(lines.join(''), { now }));
    assert.equal(draft.secrets.refreshToken, t.refreshToken);
    assert.equal(draft.secrets.idToken, t.idToken);
    assert.ok(draft.notes.some((n) => n.includes('line breaks were lost')));
  });

  void it('every order, with the breaks dropped or turned into spaces or tabs, gives exactly the tokens', () => {
    const lines = [`AWS_REGION=us-east-1`, `REFRESH_TOKEN=${t.refreshToken}`, `VITE_USER_POOL_ID=${AWS_POOL_ID}`, `COGNITO_CLIENT_ID=${CLIENT_ID}`, `ID_TOKEN=${t.idToken}`, `ACCESS_TOKEN=${t.accessToken}`];
    const orders = [lines, [...lines].reverse(), [lines[4], lines[1], lines[0], lines[5], lines[3], lines[2]]];
    for (const order of orders) {
      for (const sep of ['', ' ', '\t', '  ']) {
        const what = `${JSON.stringify(sep)} ${order.map((l) => l?.split('=')[0]).join(',')}`;
        const { draft } = expectOk(parseSessionPaste(order.join(sep), { now }));
        assert.equal(draft.secrets.refreshToken, t.refreshToken, what);
        assert.equal(draft.secrets.idToken, t.idToken, what);
        assert.equal(draft.secrets.accessToken, t.accessToken, what);
        assert.equal(draft.clientId, CLIENT_ID, what);
        assert.equal(draft.userPoolId, AWS_POOL_ID, what);
      }
    }
  });

  void it('an opaque refresh token (moto) next to other entries', () => {
    for (const sep of ['', ' ']) {
      const { draft } = expectOk(parseSessionPaste([`REFRESH_TOKEN=${OPAQUE}`, `ID_TOKEN=${t.idToken}`].join(sep), { now }));
      assert.equal(draft.secrets.refreshToken, OPAQUE, JSON.stringify(sep));
    }
  });

  void it('unflattenEnv leaves other one-line text alone', () => {
    assert.equal(unflattenEnv(`REFRESH_TOKEN=${t.refreshToken}`), undefined, 'one assignment');
    assert.equal(unflattenEnv('a=1 b=2 c=3'), undefined, 'no token variable');
    assert.equal(unflattenEnv(`REFRESH_TOKEN=x\nID_TOKEN=y`), undefined, 'has line breaks');
    assert.equal(unflattenEnv('LABEL=my app REFRESH_TOKEN=abc'), 'LABEL=my app\nREFRESH_TOKEN=abc');
  });
});
