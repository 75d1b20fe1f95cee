// The output channel's redactor (src/vscode/log.ts re-exports it from
// src/core/errors/redact.ts, which has no vscode import). Issue 8 items 4
// (quadratic backtracking) and 9 (over-redaction of identifiers).

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { REDACT_SHAPES } from '../../fixtures/adversarial';
import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { CATALOG } from '../../../src/core/errors';
import { redact } from '../../../src/core/errors/redact';

const LONG = process.env['CTD_LONG'] === '1';
const b64url = (v: string | Buffer): string => Buffer.from(v).toString('base64url');

function jws(payload: object = { sub: randomUUID(), token_use: 'access' }): string {
  return `${b64url(JSON.stringify({ kid: 'k1', alg: 'RS256' }))}.${b64url(JSON.stringify(payload))}.${b64url(randomBytes(256))}`;
}
function jwe(): string {
  const h = b64url(JSON.stringify({ cty: 'JWT', enc: 'A256GCM', alg: 'RSA-OAEP' }));
  return [h, b64url(randomBytes(256)), b64url(randomBytes(12)), b64url(randomBytes(300)), b64url(randomBytes(16))].join('.');
}

void describe('redact: what goes', () => {
  void it('ID, access and refresh tokens, in prose and JSON', () => {
    const a = jws();
    const r = jwe();
    const out = redact(`refresh ok {"AccessToken":"${a}","RefreshToken":"${r}"} then ${a}.`);
    assert.ok(!out.includes(a) && !out.includes(r) && !out.includes('eyJ'), out);
    assert.ok(out.endsWith('[redacted JWT].'), out);
  });

  void it('secret field values, whatever they look like', () => {
    for (const [text, secret] of [
      ['ClientSecret=k3a9Zq8sLmN2bVx7cR4tY6uI1oP0wE5dF3gH8jK2lQ9', 'k3a9Zq8sLmN2bVx7cR4tY6uI1oP0wE5dF3gH8jK2lQ9'],
      ['"password": "hunter2"', 'hunter2'],
      ['COGNITO_CLIENT_SECRET=abcdefgh', 'abcdefgh'],
      ['refresh_token=abc.def', 'abc.def'],
      ['Authorization: Bearer abc123.def456.ghi789', 'abc123.def456.ghi789'],
      ['Authorization: Basic dXNlcjpwYXNzd29yZA==', 'dXNlcjpwYXNzd29yZA=='],
      ["'SECRET_HASH':'q1W2e3R4t5Y6u7I8o9P0'", 'q1W2e3R4t5Y6u7I8o9P0'],
    ] as const) {
      const out = redact(`request ${text} rejected`);
      assert.ok(!out.includes(secret), `${text} -> ${out}`);
      assert.match(out, /\[redacted\]/);
    }
  });

  void it('long opaque strings: a Cognito client secret (lower case and digits), a SECRET_HASH, an AWS secret key, a hex hash', () => {
    for (const secret of [
      '1q2w3e4r5t6y7u8i9o0p1a2s3d4f5g6h7j8k9l0z1x2c3v4b5n6',
      randomBytes(32).toString('base64'),
      'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      randomBytes(32).toString('hex'),
    ]) {
      assert.equal(redact(`value ${secret} here`), 'value [redacted] here', secret);
    }
  });
});

void describe('redact: what stays (issue 8 item 9, over-redaction)', () => {
  void it('every catalog id, alone and in brackets', () => {
    for (const id of CATALOG.keys()) {
      for (const text of [`explained as ${id}`, `[${id}]`, `card=${id};`]) assert.equal(redact(text), text);
    }
    assert.equal(redact('[refresh-token-reuse]'), '[refresh-token-reuse]');
  });

  void it('UUIDs, session ids, client ids, pool ids, device keys, fingerprints, paths, ARNs', () => {
    for (const text of [
      `refresh of ${randomUUID()} failed`,
      `session ${randomUUID().toUpperCase()} removed`,
      'client 60c14ln0t3saa1jg2e0q13oj2v in us-east-1_AbCdEf123',
      'device us-east-1_2b0b2d5e-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
      'rotated 1a2b3c4d -> 5e6f7a8b',
      'wrote /home/user/project/.vscode-test/user-data/logs/window1/output.log',
      'arn:aws:iam::123456789012:role/service-role/CognitoSmsRole',
      'InvalidParameterException/refresh-token-auth-not-allowed',
      'token: expired',
      'client-with-secret=demo',
      'Basic features are enough',
      'getaddrinfo ENOTFOUND cognito-idp.us-east-1.amazonaws.com',
    ]) {
      assert.equal(redact(text), text);
    }
  });

  void it('total: empty and non-string input', () => {
    assert.equal(redact(''), '');
    assert.equal(redact(undefined as unknown as string), '');
  });
});

// Linear in the input: timed by `npm run bench` (the redact linearity row, the same shapes at
// 100k and 1M characters); here the right output on each shape at 1M characters.
void describe('redact on adversarial shapes of 10k, 100k and 1M characters (timed by npm run bench)', () => {
  for (const [label, make] of REDACT_SHAPES) {
    void it(label, () => {
      for (const n of [10_000, 100_000, 1_000_000]) {
        const input = make(n);
        const out = redact(input);
        // Right output: no token shape left, never longer than the input plus markers.
        assert.ok(!/eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\./.test(out.slice(0, 10_000)), `${label} at ${n}`);
        assert.ok(out.length <= input.length + 16 * Math.ceil(input.length / 4), `${label} at ${n}`);
      }
    });
  }
});

const NON_TOKEN_SEPARATORS = [' ', '\n', '\t', '"', "'", '=', ':', ',', ';', '(', ')', '<', '>', '[', ']', '{', '}', '&', '|', '!', '#', '*', '\u00a0', 'é', '→'];

const b64urlArb = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max }).map((a) => Buffer.from(a).toString('base64url'));
const jsonObjectArb = fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean()), { maxKeys: 5 });
/** A JOSE header names its algorithm; other keys may come first (digit keys give `eyI`). */
const headerArb = fc
  .tuple(fc.constantFrom('RS256', 'none', 'RSA-OAEP', 'dir'), jsonObjectArb, fc.constantFrom(undefined, 1, 2))
  .map(([alg, rest, indent]) => JSON.stringify({ alg, ...rest }, null, indent));
const tokenArb = fc.oneof(
  fc.tuple(headerArb, jsonObjectArb, b64urlArb(0, 300)).map(([h, p, s]) => `${b64url(h)}.${b64url(JSON.stringify(p))}.${s}`),
  fc
    .tuple(headerArb, b64urlArb(0, 300), b64urlArb(0, 16), b64urlArb(1, 400), b64urlArb(0, 16))
    .map(([h, k, iv, c, t]) => [b64url(h), k, iv, c, t].join('.')),
);
const sepArb = fc.constantFrom(...NON_TOKEN_SEPARATORS);

void describe('redact fuzz (fast-check)', () => {
  const numRuns = LONG ? 100_000 : 300;

  void it(`no token delimited by non-token characters survives (${numRuns} cases)`, () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 30 }), sepArb, tokenArb, sepArb), { minLength: 1, maxLength: 4 }), fc.string({ maxLength: 30 }), (parts, tail) => {
        const text = parts.map(([before, s1, token, s2]) => `${before}${s1}${token}${s2}`).join('') + tail;
        const out = redact(text);
        for (const [, , token] of parts) {
          assert.ok(!out.includes(token), `token survived in ${JSON.stringify(out.slice(0, 200))}`);
          const [header, second] = token.split('.');
          assert.ok(header && !out.includes(`${header}.`), 'the header survived');
          if (second && second.length >= 16) assert.ok(!out.includes(second), 'the second part survived');
        }
      }),
      { numRuns },
    );
  });

  void it(`secret field values never survive (${numRuns} cases)`, () => {
    const keyArb = fc.constantFrom('password', 'Password', 'PASSWORD', 'ClientSecret', 'client_secret', 'SECRET_HASH', 'RefreshToken', 'refresh_token', 'AccessToken', 'IdToken', 'Authorization', 'COGNITO_CLIENT_SECRET', 'Token');
    const valueArb = fc.stringMatching(/^[A-Za-z0-9+/._~-]{8,60}$/).filter((v) => !v.startsWith('Bearer') && !v.startsWith('Basic'));
    fc.assert(
      fc.property(keyArb, fc.constantFrom('=', ': ', '":"', "'='", ' = '), valueArb, fc.constantFrom(' ', '"', ',', '\n', ''), (key, sep, value, end) => {
        const out = redact(`x ${key}${sep}${value}${end}y`);
        assert.ok(!out.includes(value), `${key}${sep}${value} -> ${out}`);
      }),
      { numRuns },
    );
  });

  void it(`identifiers survive unchanged (${numRuns} cases)`, () => {
    const ids = [...CATALOG.keys()];
    const idArb = fc.oneof(
      fc.uuid(),
      fc.constantFrom(...ids),
      fc.stringMatching(/^[a-z0-9]{26}$/),
      fc.stringMatching(/^[a-f0-9]{8}$/),
      fc.stringMatching(/^(us|eu|ap)-(east|west|central)-[1-3]_[A-Za-z0-9]{9}$/),
    );
    fc.assert(
      fc.property(fc.array(idArb, { minLength: 1, maxLength: 5 }), (list) => {
        const text = `ids: ${list.join(' ')}.`;
        assert.equal(redact(text), text);
      }),
      { numRuns },
    );
  });

  void it(`output stays linear on random long inputs (${LONG ? 2_000 : 20} cases)`, () => {
    const alphabet = fc.constantFrom('e', 'y', 'J', '.', '-', '_', 'A', 'a', '1', '=', ':', ' ', '/', '+', 'password', 'Bearer ', 'eyJ');
    fc.assert(
      fc.property(fc.array(alphabet, { minLength: 1, maxLength: 64 }), (unit) => {
        const base = unit.join('');
        const big = base.repeat(Math.ceil(200_000 / base.length));
        const out = redact(big);
        assert.equal(typeof out, 'string');
      }),
      { numRuns: LONG ? 2_000 : 20 },
    );
  });
});
