// Issue 8 item 4 for the catalog: every regular expression in src/core/errors
// (message rules, code-in-message, explain's Region/issuer patterns, the
// redactor) runs on adversarial messages of 10k, 100k and 1M characters,
// completes, and gives the right class. And issue 7 item 12: a key set that
// cannot be fetched is "could not check", not a failed signature.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { catalogId, explain, explainKeySetUnreachable, JWKS_UNREACHABLE_ID, toErrorInfo } from '../../../src/core/errors';
import { closedPort } from './support';
import { CLASSIFY_SHAPES } from '../../fixtures/adversarial';

// Linear in the message: timed by `npm run bench` (the classification linearity row); here the
// right class for each shape at 10k, 100k and 1M characters.
void describe('classification of adversarial messages of 10k, 100k and 1M characters (timed by npm run bench)', () => {
  for (const [label, name, make, id] of CLASSIFY_SHAPES) {
    void it(label, () => {
      // catalogId classifies the whole message; explain (through toErrorInfo) first cuts it to 2,000 characters.
      for (const n of [10_000, 100_000, 1_000_000]) assert.equal(catalogId({ name, message: make(n) }), id, `${label} at ${n}`);
      const big = make(1_000_000);
      assert.ok(explain({ name, message: big }).id.length > 0);
    });
  }

  void it('toErrorInfo on a 1M-character thrown message (code in message, redaction, truncation)', () => {
    const err = new Error(`connect ECONNREFUSED ${'eyJ-'.repeat(250_000)}`);
    const info = toErrorInfo(err);
    assert.equal(info.code, 'ECONNREFUSED');
    assert.ok((info.message ?? '').length <= 2000);
    assert.equal(explain(err).id, 'transport/connection-refused');
  });

  void it('explain\'s issuer and endpoint patterns on a 1M-character issuer', () => {
    const issuer = `https://cognito-idp.us-east-1.amazonaws.com/${'us-east-1-'.repeat(100_000)}`;
    const e = explain({ name: 'NotAuthorizedException', message: 'Invalid Refresh Token.' }, { issuer, endpoint: 'https://cognito-idp.us-east-1.amazonaws.com', region: 'us-east-1' });
    assert.equal(e.id, 'NotAuthorizedException/invalid-refresh-token');
  });
});

void describe('key set unreachable (issue 7 item 12)', () => {
  void it('a fetch of the JWKS from a closed port: "could not check: keys unreachable at <url>", not a failed signature', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/us-east-1_Example/.well-known/jwks.json`;
    const err = await fetch(url).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err);
    const e = explainKeySetUnreachable(url, err);
    assert.equal(e.id, JWKS_UNREACHABLE_ID);
    assert.equal(e.title, `Could not check: keys unreachable at ${url}`);
    assert.equal(e.name, 'ECONNREFUSED');
    assert.match(e.whatHappened, /neither verified nor shown to be forged/);
    assert.match(e.hints?.[0] ?? '', /connection refused/i);
    assert.notEqual(e.kind, 'service');
  });

  void it('without a cause, and with an HTTP status', () => {
    assert.equal(explainKeySetUnreachable('https://example.test/jwks.json').title, 'Could not check: keys unreachable at https://example.test/jwks.json');
    assert.equal(explainKeySetUnreachable('https://example.test/jwks.json', { name: 'Error', message: 'HTTP 503', httpStatus: 503 }).name, 'HTTP 503');
  });
});
