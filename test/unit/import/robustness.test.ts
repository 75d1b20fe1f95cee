import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_PASTE_LENGTH, parseSessionPaste, type ParseResult } from '../../../src/core/import';
import { assertNoSecretsIn, expectFail, FIXED_NOW_MS, makeTokens, textsOf, type Tokens } from './fixtures';

const now = FIXED_NOW_MS;
let t: Tokens;
before(async () => {
  t = await makeTokens();
});

function timed(input: string): { result: ParseResult; ms: number } {
  const start = performance.now();
  const result = parseSessionPaste(input, { now });
  return { result, ms: performance.now() - start };
}

/** A small deterministic PRNG, so a failure can be reproduced. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

void describe('any input, bounded work, never throws', () => {
  void it('refuses a paste over the limit before doing any work', () => {
    const huge = `{"RefreshToken": "${t.refreshToken}", "x": "${'a'.repeat(MAX_PASTE_LENGTH)}"}`;
    const { result, ms } = timed(huge);
    const f = expectFail(result);
    assert.match(f.recognised, /^1 MB of text, more than the 1 MB limit$/);
    assert.ok(ms < 200, `took ${ms} ms`);
    assertNoSecretsIn(result, [t.refreshToken]);
  });

  void it('non-string input', () => {
    for (const bad of [undefined, null, 42, {}, []]) {
      const result = parseSessionPaste(bad as unknown as string, { now });
      assert.equal(result.ok, false);
    }
  });

  void it('pathological inputs just under the limit finish quickly', () => {
    const n = MAX_PASTE_LENGTH - 16;
    const inputs = [
      '['.repeat(n),
      '{'.repeat(n),
      '{"a":'.repeat(n / 5),
      `"${'\\'.repeat(n - 2)}"`,
      'ey'.repeat(n / 2),
      'eyJ.'.repeat(n / 4),
      'refresh_token='.repeat(n / 14),
      'a=b\n'.repeat(n / 4),
      `${'CognitoIdentityServiceProvider.c.u'.repeat(2)}.refreshToken=x\n`.repeat(n / 80),
      ' '.repeat(n),
      `{${'"k":1,'.repeat(n / 6 - 1)}"k":1}`,
      `--client-id ${' '.repeat(n - 40)}x`,
      `${t.idToken}\n`.repeat(Math.floor(n / (t.idToken.length + 1))),
    ];
    for (const whole of inputs) {
      const input = whole.slice(0, n);
      const { result, ms } = timed(input);
      assert.equal(typeof result.ok, 'boolean');
      assert.ok(ms < 5000, `took ${ms} ms on input starting ${JSON.stringify(input.slice(0, 20))}`);
    }
  });

  void it('random garbage never throws and never echoes the paste', () => {
    const next = rng(1234);
    const alphabet = 'eyJ{}[]"\':=,.;\t\n\\ abcXYZ019_-+/CognitoIdentityServiceProvider.refreshToken';
    for (let i = 0; i < 400; i++) {
      const length = Math.floor(next() * 300);
      let s = '';
      for (let j = 0; j < length; j++) s += alphabet[Math.floor(next() * alphabet.length)] ?? '';
      const result = parseSessionPaste(s, { now });
      assert.equal(typeof result.ok, 'boolean');
    }
  });

  void it('mangled versions of real pastes never throw', () => {
    const real = JSON.stringify({ ChallengeParameters: {}, AuthenticationResult: { AccessToken: t.accessToken, IdToken: t.idToken, RefreshToken: t.refreshToken, ExpiresIn: 3600 } });
    const next = rng(99);
    for (let i = 0; i < 300; i++) {
      const at = Math.floor(next() * real.length);
      const cut = Math.floor(next() * 40);
      const mangled = real.slice(0, at) + (next() < 0.5 ? '' : '"{[,') + real.slice(at + cut);
      const result = parseSessionPaste(mangled, { now });
      assert.equal(typeof result.ok, 'boolean');
      if (!result.ok) assertNoSecretsIn(result, [t.idToken, t.accessToken, t.refreshToken]);
    }
  });
});

void describe('no token in any message', () => {
  void it('failures and notes never contain a token or a part of one', async () => {
    const other = await makeTokens({ clientId: 'otherclient' });
    const all = [t.idToken, t.accessToken, t.refreshToken, other.idToken, other.accessToken, other.refreshToken];
    const P = 'CognitoIdentityServiceProvider';
    const pastes = [
      t.idToken,
      t.accessToken,
      t.refreshToken.slice(0, 200),
      `${t.idToken} ${t.accessToken}`,
      JSON.stringify({ IdToken: t.idToken, AccessToken: other.accessToken, RefreshToken: t.refreshToken }),
      JSON.stringify({ RefreshToken: t.idToken }),
      JSON.stringify({ [t.idToken]: 1, [t.refreshToken]: 2 }),
      JSON.stringify({ [`${P}.${t.refreshToken}.x.idToken`]: t.idToken }),
      JSON.stringify({ [`${P}.c.${t.accessToken}.refreshToken`]: t.refreshToken, [`${P}.c.LastAuthUser`]: t.accessToken }),
      JSON.stringify({ [`${P}.c.${t.accessToken}.refreshToken`]: t.refreshToken, [`${P}.c.${other.idToken}.refreshToken`]: other.refreshToken }),
      JSON.stringify({ ChallengeName: t.idToken }),
      JSON.stringify({ [t.idToken.slice(0, 100)]: 1, [t.refreshToken.slice(0, 120)]: 2 }),
      JSON.stringify({ [t.idToken.slice(0, 30)]: 1 }),
      `${P}.c.u.refreshToken=${t.idToken}`,
    ];
    let checked = 0;
    for (const p of pastes) {
      const result = parseSessionPaste(p, { now });
      assertNoSecretsIn(result, all);
      checked += textsOf(result).length;
    }
    assert.ok(checked > pastes.length, 'the check looked at some messages');
  });
});
