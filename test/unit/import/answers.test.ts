import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyAnswers, parseSessionPaste, validateClientId, validateRegion, validateUserPoolId, type SessionDraft } from '../../../src/core/import';
import { expectOk, FIXED_NOW_MS, makeTokens, type Tokens } from './fixtures';

const now = FIXED_NOW_MS;
let t: Tokens;
let bare: SessionDraft;
before(async () => {
  t = await makeTokens();
  bare = expectOk(parseSessionPaste(t.refreshToken, { now })).draft;
});

void describe('applyAnswers', () => {
  void it('fills the missing fields and recomputes missing', () => {
    const step1 = applyAnswers(bare, { clientId: ' abcdefghijklmnopqrstuvwxyz ' });
    assert.equal(step1.clientId, 'abcdefghijklmnopqrstuvwxyz');
    assert.deepEqual(step1.missing, ['region', 'userPoolId']);
    const step2 = applyAnswers(step1, { region: 'eu-west-1', userPoolId: 'eu-west-1_Abc123' });
    assert.deepEqual(step2.missing, []);
    assert.equal(step2.region, 'eu-west-1');
    assert.equal(step2.userPoolId, 'eu-west-1_Abc123');
    assert.equal(step2.label, 'eu-west-1_Abc123');
    assert.equal(step2.invalid, undefined);
    assert.equal(step2.secrets.refreshToken, t.refreshToken);
  });

  void it('does not change the draft it is given', () => {
    const copy = structuredClone(bare);
    applyAnswers(bare, { region: 'us-east-1', userPoolId: 'us-east-1_X1', clientId: 'c' });
    assert.deepEqual(bare, copy);
  });

  void it('takes the region from the user pool id', () => {
    const d = applyAnswers(bare, { userPoolId: 'ap-southeast-2_Q9' });
    assert.equal(d.region, 'ap-southeast-2');
    assert.deepEqual(d.missing, ['clientId']);
    assert.ok(d.notes.some((n) => n.includes('taken from the user pool id')));
  });

  void it('rejects invalid answers, keeps them missing and says why', () => {
    const d = applyAnswers(bare, { region: 'US East', userPoolId: 'not a pool', clientId: 'bad client!' });
    assert.deepEqual(d.missing, ['region', 'userPoolId', 'clientId']);
    assert.equal(d.region, undefined);
    assert.match(d.invalid?.region ?? '', /us-east-1/);
    assert.match(d.invalid?.userPoolId ?? '', /user pool id/);
    assert.match(d.invalid?.clientId ?? '', /app client id/);
    // A later valid answer clears the complaints.
    const fixed = applyAnswers(d, { region: 'us-east-1', userPoolId: 'us-east-1_Ok1', clientId: 'good' });
    assert.equal(fixed.invalid, undefined);
    assert.deepEqual(fixed.missing, []);
  });

  void it('rejects a user pool id from another region', () => {
    const d = applyAnswers(bare, { region: 'us-east-1', userPoolId: 'eu-west-1_Abc' });
    assert.equal(d.region, 'us-east-1');
    assert.equal(d.userPoolId, undefined);
    assert.match(d.invalid?.userPoolId ?? '', /Region eu-west-1, but the session's Region is us-east-1/);
  });

  void it('ignores empty answers and notes a changed value', () => {
    const full = expectOk(parseSessionPaste(JSON.stringify({ IdToken: t.idToken, RefreshToken: t.refreshToken }), { now })).draft;
    assert.deepEqual(applyAnswers(full, { clientId: '  ' }).clientId, full.clientId);
    const changed = applyAnswers(full, { clientId: 'another' });
    assert.equal(changed.clientId, 'another');
    assert.ok(changed.notes.some((n) => n.startsWith('The app client id was changed from')));
  });

  void it('local endpoints accept the emulator\'s pool prefix as the region', () => {
    const local: SessionDraft = { ...bare, endpoint: 'http://127.0.0.1:9229' };
    const d = applyAnswers(local, { userPoolId: 'local_5FhPz2aB' });
    assert.equal(d.userPoolId, 'local_5FhPz2aB');
    assert.equal(d.region, 'local');
    assert.equal(d.invalid, undefined);
  });
});

void describe('validators for input boxes', () => {
  void it('regions', () => {
    for (const ok of ['us-east-1', 'eu-central-1', 'ap-southeast-2', 'us-gov-west-1', 'cn-north-1']) assert.equal(validateRegion(ok), undefined, ok);
    for (const bad of ['', 'us-east', 'US-EAST-1', 'local', 'us_east_1']) assert.notEqual(validateRegion(bad), undefined, bad);
    assert.equal(validateRegion('local', { endpoint: 'http://localhost:9229' }), undefined);
  });

  void it('user pool ids', () => {
    assert.equal(validateUserPoolId('us-east-1_AbC123def'), undefined);
    assert.notEqual(validateUserPoolId('us-east-1-AbC123def'), undefined);
    assert.notEqual(validateUserPoolId('us-east-1_Ab-C'), undefined);
    assert.notEqual(validateUserPoolId('local_abc'), undefined);
    assert.equal(validateUserPoolId('local_abc', { endpoint: 'http://localhost:9229' }), undefined);
  });

  void it('client ids', () => {
    assert.equal(validateClientId('1example23456789abcdefghij'), undefined);
    assert.equal(validateClientId('a+b_C'), undefined);
    assert.equal(validateClientId('x'.repeat(128)), undefined);
    assert.notEqual(validateClientId('x'.repeat(129)), undefined);
    assert.notEqual(validateClientId('a-b'), undefined);
    assert.notEqual(validateClientId(''), undefined);
  });
});
