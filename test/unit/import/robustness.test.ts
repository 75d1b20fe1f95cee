import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_PASTE_LENGTH, parseSessionPaste } from '../../../src/core/import';
import { pastePathological } from '../../fixtures/adversarial';
import { jsonParses } from '../../fixtures/countParses';
import { assertNoSecretsIn, expectFail, expectOk, FIXED_NOW_MS, makeTokens, textsOf, type Tokens } from './fixtures';

const now = FIXED_NOW_MS;
let t: Tokens;
before(async () => {
  t = await makeTokens();
});

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
    const result = parseSessionPaste(huge, { now });
    const f = expectFail(result);
    assert.match(f.recognised, /^1 MB of text, more than the 1 MB limit$/);
    assertNoSecretsIn(result, [t.refreshToken]);
  });

  void it('non-string input', () => {
    for (const bad of [undefined, null, 42, {}, []]) {
      const result = parseSessionPaste(bad as unknown as string, { now });
      assert.equal(result.ok, false);
    }
  });

  // Their time is measured by `npm run bench` (the paste import linearity row, the same shapes).
  void it('pathological inputs just under the limit: an answer, never a throw', () => {
    for (const [label, input] of pastePathological(MAX_PASTE_LENGTH - 16, t.idToken)) {
      const result = parseSessionPaste(input, { now });
      assert.equal(typeof result.ok, 'boolean', label);
    }
  });

  void it('nesting no paste has (a million [) is not handed to JSON.parse, whose cost grows faster than the text there; nesting a paste has still reads', async () => {
    const parses = await jsonParses(() => true, () => assert.equal(typeof parseSessionPaste('['.repeat(MAX_PASTE_LENGTH - 16), { now }).ok, 'boolean'));
    assert.equal(parses, 0);
    const deep = `${'['.repeat(500)}0${']'.repeat(500)}`;
    const result = parseSessionPaste(`{"AuthenticationResult": {"RefreshToken": "${t.refreshToken}", "IdToken": "${t.idToken}"}, "deep": ${deep}}`, { now });
    assert.equal(expectOk(result).draft.secrets.refreshToken, t.refreshToken);
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
