// The sign-in command's argument `redirect` (src/vscode/auth/signInModel.ts, no vscode import):
// where managed login's redirect comes back, 'loopback' or 'uri-handler'; anything else is refused.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MANAGED_LOGIN_REDIRECTS, readSignInArgs } from '../../../src/vscode/auth/signInModel';

void describe('the sign-in argument "redirect"', () => {
  void it('takes loopback and uri-handler', () => {
    assert.deepEqual(MANAGED_LOGIN_REDIRECTS, ['loopback', 'uri-handler']);
    for (const redirect of MANAGED_LOGIN_REDIRECTS) {
      const r = readSignInArgs({ flow: 'HOSTED_UI', redirect });
      assert.ok('args' in r && r.args?.redirect === redirect, JSON.stringify(r));
    }
  });

  void it('is optional (the setting decides) and refuses anything else', () => {
    const none = readSignInArgs({ flow: 'HOSTED_UI' });
    assert.ok('args' in none && none.args?.redirect === undefined);
    for (const redirect of ['vscode', 'URI-HANDLER', 1, null]) {
      const r = readSignInArgs({ flow: 'HOSTED_UI', redirect });
      assert.ok('error' in r && r.error.includes('"redirect"'), `${String(redirect)}: ${JSON.stringify(r)}`);
    }
  });
});
