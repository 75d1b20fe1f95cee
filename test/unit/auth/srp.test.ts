// The SRP-6a math of src/core/auth/srp.ts against two independent implementations:
// amazon-cognito-identity-js's AuthenticationHelper / CognitoUser (the AWS client under
// Amplify v5; its private random `a` set to ours, everything compared byte for byte) and a
// test-only server half (srpServer.ts) that derives the key from the verifier instead.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { describe, it, mock } from 'node:test';
import { CognitoUser, CognitoUserPool, AuthenticationDetails } from 'amazon-cognito-identity-js';
import {
  cognitoTimestamp,
  computeU,
  createEphemeral,
  generateDeviceVerifier,
  padHex,
  parseHexParameter,
  passwordAuthenticationKey,
  passwordClaimSignature,
  poolNameOf,
  SRP_K,
  SRP_N,
  SrpError,
  srpAHex,
} from '../../../src/core/auth/srp';
import { makeVerifier, serverChallenge, verifierFromConfig } from './srpServer';

const require = createRequire(import.meta.url);
const Helper = require('amazon-cognito-identity-js/lib/AuthenticationHelper').default as new (pool: string) => LibHelper;
const LibBigInteger = require('amazon-cognito-identity-js/lib/BigInteger').default as new (hex: string, radix: number) => LibBig;
const LibDateHelper = require('amazon-cognito-identity-js/lib/DateHelper').default as new () => { getNowString(): string };

interface LibBig { toString(radix: number): string }
interface LibHelper {
  smallAValue: LibBig;
  largeAValue: LibBig | undefined;
  UValue: LibBig;
  k: LibBig;
  padHex(n: LibBig): string;
  getLargeAValue(cb: (err: unknown, A: LibBig) => void): void;
  getPasswordAuthenticationKey(user: string, password: string, B: LibBig, salt: LibBig, cb: (err: unknown, key: Buffer) => void): void;
  generateHashDevice(groupKey: string, deviceKey: string, cb: (err: unknown) => void): void;
  getRandomPassword(): string;
  getSaltDevices(): string;
  getVerifierDevices(): string;
}

const big = (n: bigint): LibBig => new LibBigInteger(n.toString(16), 16);
const fromLib = (n: LibBig): bigint => BigInt('0x' + n.toString(16));
const randomA = (): bigint => BigInt('0x' + randomBytes(128).toString('hex'));

function libWithA(poolName: string, a: bigint): LibHelper {
  const helper = new Helper(poolName);
  helper.smallAValue = big(a);
  helper.largeAValue = undefined;
  helper.getLargeAValue(() => undefined);
  return helper;
}

function libKey(helper: LibHelper, user: string, password: string, B: bigint, salt: bigint): Buffer {
  let out: Buffer | undefined;
  helper.getPasswordAuthenticationKey(user, password, big(B), big(salt), (err, key) => {
    if (err) throw err;
    out = Buffer.from(key);
  });
  assert.ok(out, 'the library computes the key synchronously');
  return out;
}

void describe('SRP-6a (Cognito) against amazon-cognito-identity-js and an independent server half', () => {
  void it('PAD matches the library on edge values and random ones', () => {
    const helper = new Helper('pool');
    const values = [0n, 1n, 0x14n, 0x7fn, 0x80n, 0xecn, 0xffn, 0x100n, 0x8000n, SRP_N, SRP_N - 1n];
    for (let i = 0; i < 50; i++) values.push(BigInt('0x' + randomBytes(1 + (i % 40)).toString('hex')));
    for (const v of values) assert.equal(padHex(v), helper.padHex(big(v)), `PAD(${v.toString(16)})`);
    assert.equal(padHex(0xecn), '00ec');
    assert.equal(padHex(0x14n), '14');
  });

  void it('k = H(PAD(N) | PAD(g)) is the library\'s k', () => {
    assert.equal(SRP_K, fromLib(new Helper('pool').k));
  });

  void it('A, u and the HKDF key equal the library\'s for the same a (8 random users, passwords, salts)', () => {
    for (let i = 0; i < 8; i++) {
      const a = randomA();
      const poolName = `Pool${i}x`;
      const userId = i % 2 ? `user-${i}` : randomBytes(8).toString('hex');
      const password = i % 3 === 0 ? `pässwörd-✓-${i}` : randomBytes(12).toString('base64');
      // Salts with the top bit set (PAD adds 00) and with a leading zero byte (PAD drops it).
      const saltBytes = i % 4 === 0 ? Buffer.concat([Buffer.from([0x00]), randomBytes(15)]) : i % 4 === 1 ? Buffer.concat([Buffer.from([0xf0]), randomBytes(15)]) : randomBytes(16);
      const verifier = makeVerifier(poolName, userId, password, saltBytes);
      const server = serverChallenge(verifier);

      const helper = libWithA(poolName, a);
      const mine = createEphemeral(a);
      assert.equal(mine.A, fromLib(helper.largeAValue!), 'A');
      assert.equal(srpAHex(mine), helper.largeAValue!.toString(16), 'SRP_A as sent');

      const key = passwordAuthenticationKey({ poolName, userId, password, ephemeral: mine, B: server.B, salt: verifier.salt });
      const theirs = libKey(helper, userId, password, server.B, verifier.salt);
      assert.equal(computeU(mine.A, server.B), fromLib(helper.UValue), 'u');
      assert.equal(key.toString('hex'), theirs.toString('hex'), 'HKDF key, byte for byte');
      assert.equal(key.length, 16);
      assert.equal(key.toString('hex'), server.keyFor(mine.A).toString('hex'), 'the server half derives the same key from the verifier');
    }
  });

  void it('a fixed vector (computed once with amazon-cognito-identity-js): A, the key and the signature', () => {
    // Inputs derived from SHA-512 of fixed strings; the expected values are the library's output.
    const a = BigInt('0xccdb850870a6726f22e493d474e3cc7301cee649ccdd983d82d2c077d5bdc4eef75d1424ba34a8a7f930452b042fddba63404cac0c9e3bda34a0746fc4e19435ccdb850870a6726f22e493d474e3cc7301cee649ccdd983d82d2c077d5bdc4eef75d1424ba34a8a7f930452b042fddba63404cac0c9e3bda34a0746fc4e19435');
    const B = BigInt('0x1104fda02f269dbad4e4b9771fc95e8690986aec39076f4d2258e91f711675606b211e48720f211ebb32d3865ead7f07e3ddc1110b84959b3ef5116c45e8836d3104fda02f269dbad4e4b9771fc95e8690986aec39076f4d2258e91f711675606b211e48720f211ebb32d3865ead7f07e3ddc1110b84959b3ef5116c45e8836d3104fda02f269dbad4e4b9771fc95e8690986aec39076f4d2258e91f711675606b211e48720f211ebb32d3865ead7f07e3ddc1110b84959b3ef5116c45e8836d3104fda02f269dbad4e4b9771fc95e8690986aec39076f4d2258e91f711675606b211e48720f211ebb32d3865ead7f07e3ddc1110b84959b3ef5116c45e8836d3104fda02f269dbad4e4b9771fc95e8690986aec39076f4d2258e91f711675606b211e48720f211ebb32d3865ead7f07e3ddc1110b84959b3ef5116c45e8836d3104fda02f269dbad4e4b9771fc95e8690986aec39076f4d2258e91f711675606b211e48720f211ebb32d3865ead7f07e3ddc1110b84959b3ef5116c45e8836d');
    const eph = createEphemeral(a);
    assert.ok(srpAHex(eph).startsWith('6fcc62f77267fc571082a2162ae33e43'));
    const key = passwordAuthenticationKey({ poolName: 'VectorPool', userId: 'vector-user', password: 'Vector-Passw0rd!', ephemeral: eph, B, salt: 0xf0e1d2c3b4a5968778695a4b3c2d1e0fn });
    assert.equal(key.toString('hex'), '4a5b332d51df7b66eeb81c33feda1197');
    assert.equal(passwordClaimSignature(key, 'VectorPool', 'vector-user', 'c2VjcmV0LWJsb2NrLXZlY3Rvcg==', 'Tue Dec 1 23:05:09 UTC 2026'), 'WOGZb64ma+vU3NFKc5LuqtQ6HmqZkUrAr5znZPpxEUU=');
  });

  void it('a wrong password gives a key the server does not share', () => {
    const verifier = makeVerifier('Pool', 'alice', 'right');
    const server = serverChallenge(verifier);
    const eph = createEphemeral();
    const key = passwordAuthenticationKey({ poolName: 'Pool', userId: 'alice', password: 'wrong', ephemeral: eph, B: server.B, salt: verifier.salt });
    assert.notEqual(key.toString('hex'), server.keyFor(eph.A).toString('hex'));
  });

  void it('PASSWORD_CLAIM_SIGNATURE and TIMESTAMP equal what CognitoUser.authenticateUser sends (same a)', async () => {
    const userPoolId = 'eu-west-1_AbCdEf123';
    const poolName = poolNameOf(userPoolId);
    assert.equal(poolName, 'AbCdEf123');
    const userIdForSrp = '7f0c3f5e-1111-4222-8333-944445555666';
    const password = 'Corr3ct-Horse!';
    const verifier = makeVerifier(poolName, userIdForSrp, password);
    const server = serverChallenge(verifier);
    const a = randomA();

    const pool = new CognitoUserPool({ UserPoolId: userPoolId, ClientId: 'client123' });
    const sent: Record<string, Record<string, string>> = {};
    (pool as unknown as { client: unknown }).client = {
      request(operation: string, params: { AuthParameters?: Record<string, string>; ChallengeResponses?: Record<string, string> }, cb: (err: unknown, data?: unknown) => void) {
        if (operation === 'InitiateAuth') {
          sent['InitiateAuth'] = params.AuthParameters!;
          cb(null, {
            ChallengeName: 'PASSWORD_VERIFIER',
            Session: 'sess',
            ChallengeParameters: { USER_ID_FOR_SRP: userIdForSrp, SRP_B: server.B.toString(16), SALT: verifier.salt.toString(16), SECRET_BLOCK: server.secretBlock },
          });
        } else {
          sent[operation] = params.ChallengeResponses!;
          cb({ code: 'Stop', name: 'Stop', message: 'captured' });
        }
      },
    };
    const proto = (Helper as unknown as { prototype: { generateRandomSmallA(): LibBig } }).prototype;
    const original = proto.generateRandomSmallA;
    proto.generateRandomSmallA = () => big(a);
    try {
      const user = new CognitoUser({ Username: 'alice@example.com', Pool: pool });
      await new Promise<void>((resolve) => {
        user.authenticateUser(new AuthenticationDetails({ Username: 'alice@example.com', Password: password }), {
          onSuccess: () => resolve(),
          onFailure: () => resolve(),
        });
      });
    } finally {
      proto.generateRandomSmallA = original;
    }
    const initiated = sent['InitiateAuth']!;
    const responses = sent['RespondToAuthChallenge']!;
    const eph = createEphemeral(a);
    assert.equal(initiated['SRP_A'], srpAHex(eph));
    const timestamp = responses['TIMESTAMP']!;
    assert.equal(cognitoTimestamp(new Date(Date.parse(timestamp.replace(' UTC', '') + ' UTC'))), timestamp, 'our timestamp format reads back identically');
    const key = passwordAuthenticationKey({
      poolName,
      userId: userIdForSrp,
      password,
      ephemeral: eph,
      B: parseHexParameter('SRP_B', server.B.toString(16)),
      salt: parseHexParameter('SALT', verifier.salt.toString(16)),
    });
    const signature = passwordClaimSignature(key, poolName, userIdForSrp, server.secretBlock, timestamp);
    assert.equal(signature, responses['PASSWORD_CLAIM_SIGNATURE'], 'the same signature, byte for byte');
    assert.equal(responses['USERNAME'], userIdForSrp, 'the library answers with USER_ID_FOR_SRP');
    assert.ok(server.verify(eph.A, poolName, userIdForSrp, timestamp, signature), 'the server half accepts it');
    assert.equal(server.verify(eph.A, poolName, userIdForSrp, `${timestamp} `, signature), false, 'and refuses it for another timestamp');
  });

  void it('TIMESTAMP: "ddd MMM D HH:mm:ss UTC yyyy", no zero padding of the day, as the library formats it', () => {
    assert.equal(cognitoTimestamp(new Date('2026-03-05T04:05:06Z')), 'Thu Mar 5 04:05:06 UTC 2026');
    assert.equal(cognitoTimestamp(new Date('2026-12-31T23:59:59Z')), 'Thu Dec 31 23:59:59 UTC 2026');
    assert.equal(cognitoTimestamp(new Date('2027-01-01T00:00:00Z')), 'Fri Jan 1 00:00:00 UTC 2027');
    const dates = ['2026-03-05T04:05:06Z', '2024-02-29T12:00:09Z', '2026-10-10T10:10:10Z', '2030-07-01T00:00:00Z'];
    mock.timers.enable({ apis: ['Date'], now: 0 });
    try {
      for (const d of dates) {
        mock.timers.setTime(Date.parse(d));
        assert.equal(cognitoTimestamp(new Date(Date.parse(d))), new LibDateHelper().getNowString(), d);
      }
    } finally {
      mock.timers.reset();
    }
  });

  void it('device verifier: the library\'s generateHashDevice gives the same salt and verifier from the same random bytes', () => {
    for (let i = 0; i < 5; i++) {
      const helper = new Helper('ignored');
      const groupKey = `-${randomBytes(6).toString('hex')}`;
      const deviceKey = `eu-west-1_${randomBytes(16).toString('hex')}`;
      helper.generateHashDevice(groupKey, deviceKey, (err) => assert.ifError(err));
      const password = Buffer.from(helper.getRandomPassword(), 'base64');
      assert.equal(password.length, 40);
      const mine = generateDeviceVerifier(groupKey, deviceKey, { password, salt: Buffer.from(helper.getSaltDevices(), 'hex') });
      assert.equal(mine.devicePassword, helper.getRandomPassword());
      assert.equal(mine.salt, Buffer.from(helper.getSaltDevices(), 'hex').toString('base64'));
      assert.equal(mine.passwordVerifier, Buffer.from(helper.getVerifierDevices(), 'hex').toString('base64'));
    }
  });

  void it('device SRP: a fresh verifier lets the device prove its password (server half; the library\'s device key agrees)', () => {
    const groupKey = '-abcDEF123';
    const deviceKey = 'us-east-1_0f9e8d7c-6b5a-4321-8765-0123456789ab';
    // Salt bytes with the top bit set and with a leading zero: the salt sent must be PAD(salt).
    for (const first of [0x80, 0x00, 0x7f]) {
      const salted = generateDeviceVerifier(groupKey, deviceKey, { salt: Buffer.concat([Buffer.from([first]), randomBytes(15)]) });
      const srv = serverChallenge(verifierFromConfig(salted.salt, salted.passwordVerifier));
      const e = createEphemeral();
      const s = BigInt('0x' + Buffer.from(salted.salt, 'base64').toString('hex'));
      const k = passwordAuthenticationKey({ poolName: groupKey, userId: deviceKey, password: salted.devicePassword, ephemeral: e, B: srv.B, salt: s });
      assert.equal(k.toString('hex'), srv.keyFor(e.A).toString('hex'), `salt starting ${first.toString(16)}`);
    }
    const device = generateDeviceVerifier(groupKey, deviceKey);
    assert.equal(Buffer.from(device.devicePassword, 'base64').length, 40);
    const server = serverChallenge(verifierFromConfig(device.salt, device.passwordVerifier));
    const a = randomA();
    const eph = createEphemeral(a);
    const salt = BigInt('0x' + Buffer.from(device.salt, 'base64').toString('hex'));
    const key = passwordAuthenticationKey({ poolName: groupKey, userId: deviceKey, password: device.devicePassword, ephemeral: eph, B: server.B, salt });
    assert.equal(key.toString('hex'), server.keyFor(eph.A).toString('hex'));
    const theirs = libKey(libWithA(groupKey, a), deviceKey, device.devicePassword, server.B, salt);
    assert.equal(key.toString('hex'), theirs.toString('hex'));
    const ts = cognitoTimestamp(new Date());
    assert.ok(server.verify(eph.A, groupKey, deviceKey, ts, passwordClaimSignature(key, groupKey, deviceKey, server.secretBlock, ts)));
  });

  void it('refuses B = 0 mod N and parameters that are not hex', () => {
    const eph = createEphemeral();
    for (const B of [0n, SRP_N, 2n * SRP_N]) {
      assert.throws(() => passwordAuthenticationKey({ poolName: 'p', userId: 'u', password: 'x', ephemeral: eph, B, salt: 1n }), SrpError);
    }
    for (const bad of ['', 'xyz', '12 34', '0x12', undefined, 'a'.repeat(5000)]) {
      assert.throws(() => parseHexParameter('SRP_B', bad), SrpError, String(bad));
    }
    assert.equal(parseHexParameter('SALT', 'Ff01'), 0xff01n);
  });
});
