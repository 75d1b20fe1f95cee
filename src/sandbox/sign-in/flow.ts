// The sign-in state machine shared by InitiateAuth and RespondToAuthChallenge:
// after the first factor (a password, an SRP proof or a one-time code) the
// sandbox asks, in Cognito's order, for a new password (FORCE_CHANGE_PASSWORD),
// then MFA (SMS_MFA, EMAIL_OTP, SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE or
// MFA_SETUP), then device SRP for a remembered device, and finally issues
// tokens (with NewDeviceMetadata when the pool tracks devices).
//
// Messages are Cognito's where known; the ones marked "assumed" are not
// documented and were chosen to read like Cognito's.

import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { requireSecretHash } from '../client-auth';
import type { PoolConfig, UserConfig } from '../config';
import { CognitoError } from '../errors';
import type { ClientRuntime, SandboxState } from '../state';
import { claimSignature, parseCognitoTimestamp, parseHex, serverKey, serverStart } from './srp';
import { MAX_CODE_ATTEMPTS as MAX_SIMULATED_CODE_ATTEMPTS, newCode, poolNameOf, type ChallengeRecord, type Credential, type SignInProgress } from './runtime';

export const signInMessages = {
  sessionExpired: 'Invalid session for the user, session is expired.',
  invalidSession: 'Invalid session for the user.',
  incorrectCredentials: 'Incorrect username or password.',
  codeMismatch: 'Invalid code or auth state for the user.',
  deviceNotFound: 'Device does not exist.',
  // Assumed texts:
  invalidSrpA: 'SRP_A is not a valid SRP value.',
  invalidTimestamp: 'TIMESTAMP is not in the format "EEE MMM d HH:mm:ss z yyyy".',
  missing: (name: string) => `Missing required parameter ${name}`,
} as const;

export type AuthResponse = Record<string, unknown>;

/** A challenge answer: ChallengeName, Session and ChallengeParameters (USERNAME and USER_ID_FOR_SRP always). */
export function challengeResponse(record: ChallengeRecord, params: Record<string, string>, opts: { withSession?: boolean } = {}): AuthResponse {
  return {
    ChallengeName: record.name,
    ...(opts.withSession === false ? {} : { Session: record.session }),
    ChallengeParameters: { USER_ID_FOR_SRP: record.progress.username, USERNAME: record.progress.username, ...params },
  };
}

export function requireParam(params: Record<string, string>, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw new CognitoError('InvalidParameterException', signInMessages.missing(name));
  return value;
}

/** The user a sign-in name refers to, or the exception Cognito gives for an unknown one. */
export function findUser(client: ClientRuntime, name: string): UserConfig {
  const user = client.pool.userForSignIn(name);
  if (user) return user;
  // PreventUserExistenceErrors is ENABLED for new clients: an unknown user looks like a wrong password.
  if (client.config.preventUserExistenceErrors === false) throw new CognitoError('UserNotFoundException', 'User does not exist.');
  throw new CognitoError('NotAuthorizedException', signInMessages.incorrectCredentials);
}

/** Checks a DEVICE_KEY sent at sign-in: it must name a confirmed device of this user. */
export function checkDeviceKey(state: SandboxState, pool: PoolConfig, user: UserConfig, deviceKey: string | undefined): void {
  if (deviceKey === undefined) return;
  const device = state.signIn.devices.get(deviceKey);
  if (!device || !device.confirmed || device.poolId !== pool.id || device.username !== user.username) {
    // amazon-cognito-identity-js and Amplify look for "device" in a ResourceNotFoundException and retry without the key.
    throw new CognitoError('ResourceNotFoundException', signInMessages.deviceNotFound);
  }
}

/** Starts SRP for a user: the PASSWORD_VERIFIER challenge (SALT, SRP_B, SECRET_BLOCK). */
export function startPasswordSrp(state: SandboxState, progress: SignInProgress, srpA: string, credential: Credential): ChallengeRecord {
  const A = parseHex(srpA);
  if (A === undefined || A === 0n) throw new CognitoError('InvalidParameterException', signInMessages.invalidSrpA);
  const exchange = serverStart(credential.verifier);
  // Opaque to the client; the sandbox finds the exchange by it (Cognito's is an encrypted blob).
  const secretBlock = randomBytes(96).toString('base64');
  return state.signIn.newChallenge('PASSWORD_VERIFIER', progress, state.now(), { srp: { A, exchange, secretBlock, credential, kind: 'user' } });
}

/**
 * USER_SRP_AUTH for a name no user has, on a client with PreventUserExistenceErrors ENABLED: a
 * PASSWORD_VERIFIER shaped like a real one (developer guide, "Managing user existence error
 * responses": a simulated first step, RFC 5054), whose answer is refused as a wrong password.
 */
export function startSimulatedSrp(state: SandboxState, client: ClientRuntime, signInName: string, srpA: string): ChallengeRecord {
  const pool = client.pool.config;
  const { userId, credential } = state.signIn.simulatedUser(pool, signInName);
  const record = startPasswordSrp(state, { poolId: pool.id, clientId: client.config.clientId, username: userId, signInName }, srpA, credential);
  record.simulated = true;
  return record;
}

/**
 * The answer to a simulated challenge (a user that does not exist): the checks a real one gets,
 * then what a wrong answer gets. PASSWORD_VERIFIER (USER_SRP_AUTH, or USER_AUTH with
 * PASSWORD_SRP) and PASSWORD (USER_AUTH): NotAuthorizedException "Incorrect username or
 * password."; EMAIL_OTP / SMS_OTP (USER_AUTH): CodeMismatchException, the session gone after
 * MAX_CODE_ATTEMPTS. (The name stays: RespondToAuthChallenge calls it for every simulated record.)
 */
export function refuseSimulatedSrp(state: SandboxState, client: ClientRuntime, record: ChallengeRecord, responses: Record<string, string>): never {
  if (record.name === 'PASSWORD_VERIFIER') {
    checkChallengeUser(client, record, responses, true);
    try {
      verifySrpClaim(record, responses, poolNameOf(client.pool.config.id), record.progress.username);
    } finally {
      state.signIn.consume(record);
    }
    throw new CognitoError('NotAuthorizedException', signInMessages.incorrectCredentials);
  }
  // The name the client signed in with, or the USERNAME the challenge named, as for a real user.
  const username = requireParam(responses, 'USERNAME');
  if (username !== record.progress.username && username !== record.progress.signInName) throw new CognitoError('NotAuthorizedException', signInMessages.incorrectCredentials);
  requireSecretHash(client.config, responses.SECRET_HASH, [username]);
  if (record.name === 'PASSWORD') {
    requireParam(responses, 'PASSWORD');
    state.signIn.consume(record);
    throw new CognitoError('NotAuthorizedException', signInMessages.incorrectCredentials);
  }
  if (record.name === 'EMAIL_OTP' || record.name === 'SMS_OTP') {
    requireParam(responses, `${record.name}_CODE`);
    codeMismatch(state, record, MAX_SIMULATED_CODE_ATTEMPTS);
  }
  state.signIn.consume(record);
  throw new CognitoError('NotAuthorizedException', signInMessages.invalidSession);
}

export function srpParams(record: ChallengeRecord): Record<string, string> {
  const srp = record.srp;
  if (!srp) throw new Error('not an SRP challenge');
  return { SALT: srp.credential.salt.toString(16), SRP_B: srp.exchange.B.toString(16), SECRET_BLOCK: srp.secretBlock };
}

/**
 * Checks PASSWORD_CLAIM_SIGNATURE for an SRP challenge (user or device).
 * `poolName` / `userId` are what the client hashed: the pool name and the
 * internal user name, or the device group key and the device key.
 */
export function verifySrpClaim(record: ChallengeRecord, responses: Record<string, string>, poolName: string, userId: string): void {
  const srp = record.srp;
  if (!srp) throw new CognitoError('NotAuthorizedException', signInMessages.invalidSession);
  const signature = requireParam(responses, 'PASSWORD_CLAIM_SIGNATURE');
  const block = requireParam(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
  const timestamp = requireParam(responses, 'TIMESTAMP');
  // Unverified whether Cognito also refuses a timestamp far from its clock; the sandbox checks the form only.
  if (parseCognitoTimestamp(timestamp) === undefined) throw new CognitoError('InvalidParameterException', signInMessages.invalidTimestamp);
  if (block !== srp.secretBlock) throw new CognitoError('NotAuthorizedException', signInMessages.invalidSession);
  const key = serverKey(srp.A, srp.exchange, srp.credential.verifier);
  const expected = key && claimSignature(key, poolName, userId, srp.secretBlock, timestamp);
  if (!expected || !sameText(expected, signature)) throw new CognitoError('NotAuthorizedException', signInMessages.incorrectCredentials);
}

/**
 * The challenge record a RespondToAuthChallenge call continues: by Session,
 * or (PASSWORD_VERIFIER after USER_SRP_AUTH, which returns no Session) by the
 * secret block. Expired and unknown sessions get Cognito's answers.
 */
export function challengeFor(state: SandboxState, client: ClientRuntime, name: string, session: string | undefined, responses: Record<string, string>): ChallengeRecord {
  let record = session === undefined ? undefined : state.signIn.challenge(session);
  if (!record && (name === 'PASSWORD_VERIFIER' || name === 'DEVICE_PASSWORD_VERIFIER') && responses.PASSWORD_CLAIM_SECRET_BLOCK !== undefined) {
    record = state.signIn.challengeBySecretBlock(responses.PASSWORD_CLAIM_SECRET_BLOCK);
  }
  if (!record || record.progress.clientId !== client.config.clientId) throw new CognitoError('NotAuthorizedException', signInMessages.invalidSession);
  if (state.now() >= record.expiresAt) {
    state.signIn.consume(record);
    throw new CognitoError('NotAuthorizedException', signInMessages.sessionExpired);
  }
  // Answering another challenge than the one asked (assumed answer).
  const selectable = record.name === 'SELECT_CHALLENGE' && (record.choices ?? []).includes(name);
  // A PASSWORD challenge answered as a selection of it (SELECT_CHALLENGE, ANSWER=PASSWORD): how Amplify answers one.
  const selectedPassword = record.name === 'PASSWORD' && name === 'SELECT_CHALLENGE' && responses.ANSWER === 'PASSWORD';
  if (record.name !== name && !selectable && !selectedPassword) throw new CognitoError('NotAuthorizedException', signInMessages.invalidSession);
  return record;
}

/**
 * USERNAME and SECRET_HASH of a challenge answer. SRP steps need the internal
 * user name the challenge returned (USER_ID_FOR_SRP); other steps also take
 * the name the user signed in with. SECRET_HASH must be over the USERNAME sent.
 */
export function checkChallengeUser(client: ClientRuntime, record: ChallengeRecord, responses: Record<string, string>, srpStep: boolean): void {
  const username = requireParam(responses, 'USERNAME');
  const { progress } = record;
  const sameUser = username === progress.username || (!srpStep && client.pool.userForSignIn(username)?.username === progress.username);
  if (!sameUser) throw new CognitoError('NotAuthorizedException', signInMessages.incorrectCredentials);
  requireSecretHash(client.config, responses.SECRET_HASH, [username]);
}

/** A wrong code: CodeMismatchException, and after MAX_CODE_ATTEMPTS the session is gone. */
export function codeMismatch(state: SandboxState, record: ChallengeRecord, maxAttempts: number): never {
  record.failures += 1;
  if (record.failures >= maxAttempts) state.signIn.consume(record);
  throw new CognitoError('CodeMismatchException', signInMessages.codeMismatch);
}

export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  return `${email[0]}***@${domain[0] ?? ''}***${dot > 0 ? domain.slice(dot) : ''}`;
}

function maskPhone(phone: string): string {
  return `+${'*'.repeat(Math.max(0, phone.length - 5))}${phone.slice(-4)}`;
}

/** Sends a code by SMS or email (into the sandbox's mailbox) and returns the challenge asking for it. */
export function codeChallenge(state: SandboxState, progress: SignInProgress, name: 'SMS_MFA' | 'EMAIL_OTP' | 'SMS_OTP', user: UserConfig, digits: number): AuthResponse {
  const sms = name !== 'EMAIL_OTP';
  const destination = String(sms ? user.attributes?.phone_number : user.attributes?.email);
  const code = newCode(digits);
  const record = state.signIn.newChallenge(name, progress, state.now(), { code });
  state.signIn.sendMessage({
    at: state.now(), poolId: progress.poolId, username: user.username, channel: sms ? 'SMS' : 'EMAIL', destination, purpose: name, code,
  });
  return challengeResponse(record, {
    CODE_DELIVERY_DELIVERY_MEDIUM: sms ? 'SMS' : 'EMAIL',
    CODE_DELIVERY_DESTINATION: sms ? maskPhone(destination) : maskEmail(destination),
  });
}

const MFA_CHALLENGE = { sms: 'SMS_MFA', email: 'EMAIL_OTP', totp: 'SOFTWARE_TOKEN_MFA' } as const;

/** The MFA challenge for one method. */
export function mfaChallenge(state: SandboxState, progress: SignInProgress, user: UserConfig, method: 'sms' | 'email' | 'totp'): AuthResponse {
  if (method === 'totp') {
    const record = state.signIn.newChallenge('SOFTWARE_TOKEN_MFA', progress, state.now());
    return challengeResponse(record, {});
  }
  return codeChallenge(state, progress, MFA_CHALLENGE[method], user, 6);
}

export function mfaChallengeName(method: 'sms' | 'email' | 'totp'): string {
  return MFA_CHALLENGE[method];
}

/**
 * Continues a sign-in whose first factor passed: the next challenge, or the
 * tokens. Each challenge record carries `progress`, so answering it continues here.
 */
export function continueSignIn(state: SandboxState, client: ClientRuntime, user: UserConfig, progress: SignInProgress): AuthResponse {
  const pool = client.pool.config;
  const rt = state.signIn;
  const now = state.now();

  if (!progress.newPasswordDone && rt.status(pool, user) === 'FORCE_CHANGE_PASSWORD') {
    const record = rt.newChallenge('NEW_PASSWORD_REQUIRED', progress, now);
    const attributes: Record<string, string> = {};
    for (const [k, v] of Object.entries(user.attributes ?? {})) attributes[k] = String(v);
    const missing = (pool.requiredAttributes ?? []).filter((a) => attributes[a] === undefined).map((a) => `userAttributes.${a}`);
    return challengeResponse(record, { requiredAttributes: JSON.stringify(missing), userAttributes: JSON.stringify(attributes) });
  }

  const device = progress.deviceKey === undefined ? undefined : rt.devices.get(progress.deviceKey);
  const knownDevice = device !== undefined && device.confirmed && device.username === user.username && device.poolId === pool.id;

  if (!progress.mfaDone && (pool.mfaConfiguration ?? 'OFF') !== 'OFF') {
    const skip = knownDevice && device.remembered && pool.deviceConfiguration?.challengeRequiredOnNewDevice === true;
    if (!skip) {
      const methods = rt.mfaMethods(pool, user);
      if (methods.length === 1) return mfaChallenge(state, progress, user, methods[0]);
      if (methods.length > 1) {
        const choices = methods.map(mfaChallengeName);
        const record = rt.newChallenge('SELECT_MFA_TYPE', progress, now, { choices });
        return challengeResponse(record, { MFAS_CAN_CHOOSE: JSON.stringify(choices) });
      }
      if (pool.mfaConfiguration === 'ON') {
        // The sandbox sets up TOTP only; SMS and email MFA need an attribute set outside sign-in.
        const record = rt.newChallenge('MFA_SETUP', progress, now);
        return challengeResponse(record, { MFAS_CAN_SETUP: JSON.stringify(['SOFTWARE_TOKEN_MFA']) });
      }
    }
  }

  if (!progress.deviceDone && knownDevice) {
    const record = rt.newChallenge('DEVICE_SRP_AUTH', progress, now);
    return challengeResponse(record, {});
  }

  return issueSignInTokens(state, client, user, progress, knownDevice ? progress.deviceKey : undefined);
}

/** Tokens for a finished sign-in; a new device (NewDeviceMetadata) when the pool tracks devices and none was used. */
export function issueSignInTokens(state: SandboxState, client: ClientRuntime, user: UserConfig, progress: SignInProgress, deviceKey: string | undefined): AuthResponse {
  const pool = client.pool.config;
  let newDevice: { DeviceKey: string; DeviceGroupKey: string } | undefined;
  let key = deviceKey;
  if (key === undefined && pool.deviceConfiguration) {
    key = `${state.config.region}_${randomUUID()}`;
    const groupKey = `-${randomBytes(6).toString('base64url').replace(/[-_]/g, 'x')}`;
    state.signIn.devices.set(key, { deviceKey: key, groupKey, poolId: pool.id, username: user.username, createdAt: state.now(), confirmed: false, remembered: false });
    newDevice = { DeviceKey: key, DeviceGroupKey: groupKey };
  }
  if (key !== undefined) {
    const device = state.signIn.devices.get(key);
    if (device) device.lastAuthenticatedAt = state.now();
    state.signIn.devicesChanged();
  }
  const tokenUser = progress.attributes ? { ...user, attributes: { ...user.attributes, ...progress.attributes } } : user;
  const { session, refreshToken } = state.startSession(client, user, key === undefined ? {} : { deviceKey: key });
  return {
    AuthenticationResult: {
      ...state.issueTokens(client, session, tokenUser),
      RefreshToken: refreshToken,
      ...(newDevice ? { NewDeviceMetadata: newDevice } : {}),
    },
    ChallengeParameters: {},
  };
}

/** Starts the device SRP exchange (DEVICE_SRP_AUTH answered): DEVICE_PASSWORD_VERIFIER. */
export function startDeviceSrp(state: SandboxState, record: ChallengeRecord, responses: Record<string, string>): AuthResponse {
  const deviceKey = requireParam(responses, 'DEVICE_KEY');
  const device = state.signIn.devices.get(deviceKey);
  if (!device || !device.credential || device.username !== record.progress.username || deviceKey !== record.progress.deviceKey) {
    throw new CognitoError('ResourceNotFoundException', signInMessages.deviceNotFound);
  }
  const A = parseHex(requireParam(responses, 'SRP_A'));
  if (A === undefined || A === 0n) throw new CognitoError('InvalidParameterException', signInMessages.invalidSrpA);
  state.signIn.consume(record);
  const exchange = serverStart(device.credential.verifier);
  const secretBlock = randomBytes(96).toString('base64');
  const next = state.signIn.newChallenge('DEVICE_PASSWORD_VERIFIER', record.progress, state.now(), {
    srp: { A, exchange, secretBlock, credential: device.credential, kind: 'device' },
  });
  return challengeResponse(next, srpParams(next));
}

export { poolNameOf };
