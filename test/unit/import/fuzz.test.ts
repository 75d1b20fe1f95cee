// Fuzz of every entry point in src/core/import that takes user text (issue 8, "Fuzz"):
// parseSessionPaste, applyAnswers and the validators, unflattenEnv, chooseEndpoint. Properties:
// never throws; never puts a token (or a long part of one) into a message, a note, a label or
// an "invalid" reason; a flattened .env is only split, never changed. Adversarial shapes of
// 10k, 100k and 1M characters must complete (the runner's timeout catches a hang; no timing
// assertions here: performance belongs to `npm run bench`).
// A short seeded run by default; CTD_LONG=1 runs 100,000 cases per property. The total number
// of cases is printed at the end. CTD_SEED=<n> replays another seed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  applyAnswers,
  chooseEndpoint,
  parseSessionPaste,
  validateClientId,
  validateRegion,
  validateUserPoolId,
  type ParseResult,
} from '../../../src/core/import';
import { unflattenEnv } from '../../../src/core/import/flatEnv';
import { signToken, idTokenClaims } from '../../fixtures/tokens/factory';
import { assertNoSecretsIn, FIXED_NOW_MS, makeTokens, textsOf, type Tokens } from './fixtures';

const LONG = process.env.CTD_LONG === '1';
const RUNS = LONG ? 100_000 : 1_000;
const SEED = Number(process.env.CTD_SEED ?? 20260107);
const now = FIXED_NOW_MS;

let cases = 0;
let t: Tokens;
let other: Tokens;
let localId = '';
let secrets: string[] = [];

before(async () => {
  t = await makeTokens();
  other = await makeTokens({ clientId: 'otherclient0000000000000000' });
  localId = await signToken(t.key, idTokenClaims({ issuer: 'http://127.0.0.1:9999/us-east-1_Local1' }));
  secrets = [t.idToken, t.accessToken, t.refreshToken, other.idToken, other.accessToken, other.refreshToken, localId];
});
after(() => {
  console.log(`import fuzz: ${cases.toLocaleString('en-US')} cases (seed ${SEED}${LONG ? ', long run' : ''})`);
});

/** Pieces a paste is made of: real tokens, their fragments, and the syntax around them. */
function pieces(): fc.Arbitrary<string> {
  const token = fc.constantFrom(0, 1, 2, 3, 4, 5, 6).map((i) => secrets[i] ?? '');
  const slice = fc.tuple(token, fc.nat(), fc.nat()).map(([s, a, b]) => s.slice(Math.min(a, b) % (s.length + 1), Math.max(a, b) % (s.length + 1)));
  const syntax = fc.constantFrom(
    'REFRESH_TOKEN=', 'ID_TOKEN=', 'ACCESS_TOKEN=', 'CLIENT_ID=', 'AWS_REGION=us-east-1', 'VITE_USER_POOL_ID=', '"IdToken": "', '"RefreshToken":"',
    '"AccessToken": "', 'refresh_token=', '{', '}', '[', ']', ',', '\n', '\r\n', ' ', '\t', '=', ':', '"', "'", '\\', '#', 'export ',
    'AuthenticationResult', 'AuthenticationResult:\n  ', 'CognitoIdentityServiceProvider.', '1example23456789abcdefghij', '.jdoe.',
    '.refreshToken', '.idToken', '.LastAuthUser', 'eyJ', '.', 'Bearer ', 'us-east-1_AbC123def', 'local_abc', '--client-id ', 'ChallengeName',
    '\u202e', '\u200b', '\uFEFF', 'null', '3600',
  );
  return fc.oneof({ weight: 2, arbitrary: token }, { weight: 2, arbitrary: slice }, { weight: 6, arbitrary: syntax }, { weight: 1, arbitrary: fc.string({ maxLength: 40 }) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) });
}
const paste = fc.array(pieces(), { maxLength: 24 }).map((p) => p.join(''));

function parse(text: string): ParseResult {
  cases++;
  return parseSessionPaste(text, { now });
}

void describe('paste importer fuzz', () => {
  void it('parseSessionPaste: never throws, and no token reaches a message, note or label', () => {
    fc.assert(
      fc.property(paste, (text) => {
        const result = parse(text);
        assert.equal(typeof result.ok, 'boolean');
        assertNoSecretsIn(result, secrets);
        if (result.ok) {
          // Never a network destination from the paste: at most a suggestion.
          assert.equal(result.draft.endpoint, undefined);
          for (const d of result.alternatives ?? []) assert.equal(d.endpoint, undefined);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  void it('one-line pastes (a .env through a one-line box): the same, and unflattenEnv only splits', () => {
    fc.assert(
      fc.property(paste, fc.constantFrom('', ' ', '\t'), (text, sep) => {
        const line = text.replace(/[\r\n]+/g, sep);
        const result = parse(line);
        assertNoSecretsIn(result, secrets);
        const split = unflattenEnv(line);
        if (split !== undefined) assert.equal(split.replace(/\s+/g, ''), line.replace(/\s+/g, ''));
      }),
      { numRuns: RUNS, seed: SEED + 1 },
    );
  });

  void it('applyAnswers, the validators and chooseEndpoint: never throw, never echo a token', () => {
    const answer = fc.oneof(fc.string({ maxLength: 60 }), pieces(), fc.constantFrom('us-east-1', 'local', 'us-east-1_AbC123def', 'eu-west-1_X', ''));
    fc.assert(
      fc.property(paste, answer, answer, answer, fc.constantFrom<'suggested' | 'aws' | 'url'>('suggested', 'aws', 'url'), (text, region, userPoolId, clientId, use) => {
        cases++;
        for (const v of [region, userPoolId, clientId]) {
          for (const problem of [validateRegion(v), validateUserPoolId(v), validateUserPoolId(v, { endpoint: 'http://x' }), validateClientId(v)]) {
            if (problem !== undefined) for (const s of secrets) assert.ok(!problem.includes(s));
          }
        }
        const result = parseSessionPaste(text, { now });
        if (!result.ok) return;
        const chosen = chooseEndpoint(result.draft, use === 'url' ? { use, url: 'http://127.0.0.1:1' } : { use });
        const answered = applyAnswers(chosen, { region, userPoolId, clientId });
        const texts = [...answered.notes, answered.label ?? '', ...Object.values(answered.invalid ?? {})];
        for (const s of secrets) for (const x of texts) assert.ok(!x.includes(s), `a token in: ${x.slice(0, 60)}`);
      }),
      { numRuns: RUNS, seed: SEED + 2 },
    );
  });
});

void describe('adversarial shapes at 10k, 100k and 1M characters complete', () => {
  const shapes: [string, (n: number) => string][] = [
    ['=', (n) => '='.repeat(n)],
    ['glued names', (n) => 'A_ID_TOKEN='.repeat(Math.ceil(n / 11))],
    ['upper run before =', (n) => `${'A'.repeat(n - 1)}=`],
    ['name runs', (n) => `${'a'.repeat(95)}=`.repeat(Math.ceil(n / 96))],
    ['prefix words', (n) => `${'VITE_'.repeat(Math.ceil(n / 5))}REFRESH_TOKEN=x ID_TOKEN=y`],
    ['spaces and =', (n) => ' a='.repeat(Math.ceil(n / 3))],
    ['json keys', (n) => '"IdToken":"'.repeat(Math.ceil(n / 11))],
    ['yaml', (n) => '  RefreshToken: eyJ\n'.repeat(Math.ceil(n / 20))],
    ['amplify keys', (n) => 'CognitoIdentityServiceProvider.'.repeat(Math.ceil(n / 31))],
    ['eyJ dots', (n) => 'eyJ.'.repeat(Math.ceil(n / 4))],
    ['backslashes', (n) => `"${'\\'.repeat(n)}"`],
    ['brackets', (n) => '{['.repeat(Math.ceil(n / 2))],
    ['refresh labels', (n) => 'refresh_token='.repeat(Math.ceil(n / 14))],
    ['bidi and zero-width', (n) => '\u202e\u200b='.repeat(Math.ceil(n / 3))],
  ];
  for (const size of [10_000, 100_000, 1_000_000]) {
    void it(`${size.toLocaleString('en-US')} characters`, () => {
      for (const [name, make] of shapes) {
        const text = make(size).slice(0, size);
        const result = parse(text);
        assert.equal(typeof result.ok, 'boolean', name);
        assert.ok(unflattenEnv(text) === undefined || typeof unflattenEnv(text) === 'string', name);
        cases++;
        const flat = parse(`REFRESH_TOKEN=${t.refreshToken}${text.replace(/[\r\n]/g, '')}ID_TOKEN=${t.idToken}`.slice(0, 1024 * 1024));
        assertNoSecretsIn(flat, secrets);
      }
    });
  }
});

void describe('the fuzz checks can fail', () => {
  void it('assertNoSecretsIn catches a token in a note', () => {
    const leaky: ParseResult = { ok: false, recognised: `x ${t.refreshToken.split('.')[1] ?? ''}`, expected: '', message: '' };
    assert.throws(() => assertNoSecretsIn(leaky, secrets));
    assert.ok(textsOf(leaky).length > 0);
  });
});
