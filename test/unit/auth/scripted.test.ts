// createSignIn against a scripted endpoint speaking the AWS JSON 1.1 protocol over real HTTP
// (the real SDK sends, nothing is mocked): answers the sandbox never gives (WEB_AUTHN offered,
// CUSTOM_CHALLENGE, unusable SRP values, DEVICE_SRP_AUTH without device secrets) and the exact
// USERNAME / SECRET_HASH / DEVICE_KEY of every request.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { createSignIn, type SignInStep } from '../../../src/core/auth';
import { makeVerifier, serverChallenge } from './srpServer';

interface Call { readonly op: string; readonly body: Record<string, unknown> }
type Script = (op: string, body: Record<string, unknown>) => { status?: number; body: unknown };

const hash = (secret: string, user: string, client: string) => createHmac('sha256', secret).update(user + client).digest('base64');

void describe('createSignIn against a scripted endpoint', () => {
  let server: Server;
  let endpoint: string;
  let script: Script = () => ({ body: {} });
  const calls: Call[] = [];

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const op = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        calls.push({ op, body });
        const out = script(op, body);
        res.writeHead(out.status ?? 200, { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-RequestId': 'req-1' });
        res.end(JSON.stringify(out.body));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });

  const client = () => new CognitoIdentityProviderClient({ endpoint, region: 'eu-west-1', maxAttempts: 1 });
  const target = (extra: object = {}) => ({ region: 'eu-west-1', userPoolId: 'eu-west-1_Scripted1', clientId: 'scriptedclient', endpoint, ...extra });

  void it('USER_AUTH: WEB_AUTHN offered is listed as unavailable in the editor, and choosing it asks again', async () => {
    calls.length = 0;
    script = (op) =>
      op === 'InitiateAuth'
        ? { body: { ChallengeName: 'SELECT_CHALLENGE', Session: 'S1', AvailableChallenges: ['WEB_AUTHN', 'PASSWORD', 'EMAIL_OTP'], ChallengeParameters: { USERNAME: 'internal-1' } } }
        : { body: { ChallengeName: 'EMAIL_OTP', Session: 'S2', ChallengeParameters: { CODE_DELIVERY_DESTINATION: 'a***@e***', CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', USERNAME: 'internal-1' } } };
    const c = createSignIn(client(), target(), { username: 'alice@example.com', flow: 'USER_AUTH' });
    const first = await c.start();
    assert.deepEqual(first.kind === 'prompt' && first.prompt, { kind: 'select-challenge', options: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'], unavailableInEditor: ['WEB_AUTHN'] });
    const passkey = await c.answer({ kind: 'select', option: 'WEB_AUTHN' });
    assert.equal(passkey.kind === 'failed' && passkey.explanation.id, 'client/passkey-in-editor');
    assert.equal(passkey.kind === 'failed' && passkey.retryable, true);
    assert.equal(calls.length, 1, 'nothing sent for WEB_AUTHN');
    const code = await c.answer({ kind: 'select', option: 'EMAIL_OTP' });
    assert.deepEqual(code.kind === 'prompt' && code.prompt, { kind: 'code', challenge: 'EMAIL_OTP', destination: 'a***@e***', medium: 'EMAIL' });
    assert.deepEqual(calls[1]?.body['ChallengeResponses'], { USERNAME: 'internal-1', ANSWER: 'EMAIL_OTP' });
    assert.equal(calls[1]?.body['Session'], 'S1');
    c.cancel();
  });

  void it('SRP with a secret: SECRET_HASH over the typed name, then over the USERNAME Cognito returned; DEVICE_KEY on every request', async () => {
    calls.length = 0;
    const poolName = 'Scripted1';
    const v = makeVerifier(poolName, 'srp-id-1', 'pw');
    const srv = serverChallenge(v);
    script = (op, body) => {
      if (op === 'InitiateAuth') {
        return {
          body: {
            ChallengeName: 'PASSWORD_VERIFIER',
            ChallengeParameters: { USER_ID_FOR_SRP: 'srp-id-1', USERNAME: 'internal-1', SRP_B: srv.B.toString(16), SALT: v.salt.toString(16), SECRET_BLOCK: srv.secretBlock },
          },
        };
      }
      const r = body['ChallengeResponses'] as Record<string, string>;
      const A = BigInt('0x' + String((calls[0]?.body['AuthParameters'] as Record<string, string>)['SRP_A']));
      if (!srv.verify(A, poolName, 'srp-id-1', r['TIMESTAMP'] ?? '', r['PASSWORD_CLAIM_SIGNATURE'] ?? '')) {
        return { status: 400, body: { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' } };
      }
      return { body: { ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 'S2', ChallengeParameters: { USERNAME: 'internal-1' } } };
    };
    const c = createSignIn(client(), target({ clientSecret: 'sec', deviceKey: 'eu-west-1_dev' }), { username: 'alice@example.com', flow: 'USER_SRP_AUTH' });
    await c.start();
    const step = await c.answer({ kind: 'password', password: 'pw' });
    assert.equal(step.kind, 'prompt', JSON.stringify(step));
    const init = calls[0]?.body['AuthParameters'] as Record<string, string>;
    assert.equal(init['USERNAME'], 'alice@example.com');
    assert.equal(init['SECRET_HASH'], hash('sec', 'alice@example.com', 'scriptedclient'));
    assert.equal(init['DEVICE_KEY'], 'eu-west-1_dev');
    assert.equal(init['PASSWORD'], undefined, 'SRP never sends the password');
    const verifier = calls[1]?.body['ChallengeResponses'] as Record<string, string>;
    assert.equal(verifier['USERNAME'], 'internal-1');
    assert.equal(verifier['SECRET_HASH'], hash('sec', 'internal-1', 'scriptedclient'));
    assert.equal(verifier['DEVICE_KEY'], 'eu-west-1_dev');
    assert.match(verifier['TIMESTAMP'] ?? '', /^[A-Z][a-z]{2} [A-Z][a-z]{2} [1-9]\d? \d\d:\d\d:\d\d UTC \d{4}$/);
    assert.ok(!JSON.stringify(calls).includes('"pw"'), 'the password never went on the wire');
    await c.answer({ kind: 'code', code: ' 123456 ' });
    const mfa = calls[2]?.body['ChallengeResponses'] as Record<string, string>;
    assert.deepEqual(mfa, { USERNAME: 'internal-1', SOFTWARE_TOKEN_MFA_CODE: '123456', SECRET_HASH: hash('sec', 'internal-1', 'scriptedclient'), DEVICE_KEY: 'eu-west-1_dev' });
    assert.equal(calls[2]?.body['Session'], 'S2');
  });

  const stops: [string, Script, string][] = [
    ['CUSTOM_CHALLENGE', () => ({ body: { ChallengeName: 'CUSTOM_CHALLENGE', Session: 'S', ChallengeParameters: {} } }), 'client/unsupported-challenge'],
    ['DEVICE_SRP_AUTH without the device secrets', () => ({ body: { ChallengeName: 'DEVICE_SRP_AUTH', Session: 'S', ChallengeParameters: {} } }), 'client/unsupported-challenge'],
    ['MFA_SETUP for SMS only', () => ({ body: { ChallengeName: 'MFA_SETUP', Session: 'S', ChallengeParameters: { MFAS_CAN_SETUP: '["SMS_MFA"]' } } }), 'client/unsupported-challenge'],
    ['neither tokens nor a challenge', () => ({ body: {} }), 'client/unsupported-challenge'],
    ['tokens without a refresh token', () => ({ body: { AuthenticationResult: { AccessToken: 'a.b.c', ExpiresIn: 3600 } } }), 'client/sign-in-no-refresh-token'],
  ];
  for (const [name, s, id] of stops) {
    void it(`${name}: explained (${id}), not retryable, nothing held`, async () => {
      script = s;
      const c = createSignIn(client(), target(), { username: 'bob', flow: 'USER_PASSWORD_AUTH' });
      await c.start();
      const step: SignInStep = await c.answer({ kind: 'password', password: 'pw' });
      assert.equal(step.kind === 'failed' && step.explanation.id, id, JSON.stringify(step));
      assert.equal(step.kind === 'failed' && step.retryable, false);
      assert.equal((c as unknown as { session?: string }).session, undefined);
    });
  }

  for (const [what, params] of [
    ['SRP_B of 0', { SRP_B: '0', SALT: 'ab', SECRET_BLOCK: 'AAAA', USER_ID_FOR_SRP: 'u' }],
    ['SRP_B = N', { SRP_B: 'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF', SALT: 'ab', SECRET_BLOCK: 'AAAA', USER_ID_FOR_SRP: 'u' }],
    ['a SALT that is not hex', { SRP_B: '1234', SALT: 'zz', SECRET_BLOCK: 'AAAA', USER_ID_FOR_SRP: 'u' }],
    ['no SECRET_BLOCK', { SRP_B: '1234', SALT: 'ab', USER_ID_FOR_SRP: 'u' }],
  ] as const) {
    void it(`PASSWORD_VERIFIER with ${what}: nothing more sent, explained`, async () => {
      calls.length = 0;
      script = () => ({ body: { ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: params } });
      const c = createSignIn(client(), target(), { username: 'bob', flow: 'USER_SRP_AUTH' });
      await c.start();
      const step = await c.answer({ kind: 'password', password: 'pw' });
      assert.equal(step.kind === 'failed' && step.explanation.id, 'client/srp-parameters', JSON.stringify(step));
      assert.equal(calls.length, 1);
    });
  }

  void it('a caller answering the wrong prompt gets an exception, not a step', async () => {
    script = () => ({ body: {} });
    const c = createSignIn(client(), target(), { username: 'bob', flow: 'USER_PASSWORD_AUTH' });
    await c.start();
    await assert.rejects(c.answer({ kind: 'code', code: '1' }), { name: 'SignInUsageError' });
    await assert.rejects(c.start(), { name: 'SignInUsageError' });
  });
});
