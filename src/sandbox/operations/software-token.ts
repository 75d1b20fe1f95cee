// AssociateSoftwareToken and VerifySoftwareToken: TOTP MFA set-up, either in
// the middle of a sign-in (MFA_SETUP: with the challenge Session, each call
// answers a new Session) or for a signed-in user (with the AccessToken).

import { CognitoError } from '../errors';
import { TOKEN_FIELD, validateRequest } from '../request-validation';
import { requireAccessToken } from '../sign-in/access-token';
import { signInMessages } from '../sign-in/flow';
import { MAX_CODE_ATTEMPTS, type ChallengeRecord } from '../sign-in/runtime';
import { newTotpSecret, totpMatches } from '../sign-in/totp';
import type { SandboxState } from '../state';
import type { OperationHandler } from './types';

const SESSION_FIELD = { kind: 'string', minLength: 20, maxLength: 2048 } as const;
const ACCESS_TOKEN_FIELD = { ...TOKEN_FIELD, required: false } as const;

const ASSOCIATE_SPEC = { AccessToken: ACCESS_TOKEN_FIELD, Session: SESSION_FIELD } as const;
const VERIFY_SPEC = {
  AccessToken: ACCESS_TOKEN_FIELD,
  Session: SESSION_FIELD,
  // SoftwareTokenMFAUserCodeType: 6 digits.
  UserCode: { kind: 'string', required: true, minLength: 6, maxLength: 6, pattern: /^[0-9]+$/, patternText: '[0-9]+' },
  FriendlyDeviceName: { kind: 'string' },
} as const;

/** Assumed text: Cognito's answer when neither is sent is undocumented. */
const NEITHER = 'Either AccessToken or Session must be provided.';
/** Cognito's well-known answer to a wrong first TOTP code. */
const VERIFY_MISMATCH = 'Code mismatch and fail enable Software Token MFA mfa';

/** Secrets handed to signed-in users by AssociateSoftwareToken, waiting for VerifySoftwareToken (pool + user name -> secret). */
const pendingByState = new WeakMap<SandboxState, Map<string, string>>();
function pending(state: SandboxState): Map<string, string> {
  let map = pendingByState.get(state);
  if (!map) {
    map = new Map();
    pendingByState.set(state, map);
  }
  return map;
}

function setupSession(state: SandboxState, session: string): ChallengeRecord {
  const record = state.signIn.challenge(session);
  if (!record || record.name !== 'MFA_SETUP') throw new CognitoError('NotAuthorizedException', signInMessages.invalidSession);
  if (state.now() >= record.expiresAt) {
    state.signIn.consume(record);
    throw new CognitoError('NotAuthorizedException', signInMessages.sessionExpired);
  }
  return record;
}

export const associateSoftwareToken: OperationHandler = (body, state) => {
  const input = validateRequest(body, ASSOCIATE_SPEC);
  const secret = newTotpSecret();
  if (input.Session !== undefined) {
    const record = setupSession(state, input.Session);
    state.signIn.consume(record);
    const next = state.signIn.newChallenge('MFA_SETUP', record.progress, state.now(), { totpSecret: secret });
    return { SecretCode: secret, Session: next.session };
  }
  if (input.AccessToken === undefined) throw new CognitoError('InvalidParameterException', NEITHER);
  const owner = requireAccessToken(state, input.AccessToken);
  pending(state).set(`${owner.pool.config.id}\u0000${owner.user.username}`, secret);
  return { SecretCode: secret };
};

export const verifySoftwareToken: OperationHandler = (body, state) => {
  const input = validateRequest(body, VERIFY_SPEC);
  if (input.Session !== undefined) {
    const record = setupSession(state, input.Session);
    if (record.totpSecret === undefined) throw new CognitoError('SoftwareTokenMFANotFoundException', 'Software Token MFA has not been associated with the user.');
    if (!totpMatches(record.totpSecret, input.UserCode, state.now())) {
      record.failures += 1;
      if (record.failures >= MAX_CODE_ATTEMPTS) state.signIn.consume(record);
      throw new CognitoError('EnableSoftwareTokenMFAException', VERIFY_MISMATCH);
    }
    state.signIn.consume(record);
    const next = state.signIn.newChallenge('MFA_SETUP', record.progress, state.now(), { totpSecret: record.totpSecret, totpVerified: true });
    return { Status: 'SUCCESS', Session: next.session };
  }
  if (input.AccessToken === undefined) throw new CognitoError('InvalidParameterException', NEITHER);
  const owner = requireAccessToken(state, input.AccessToken);
  const key = `${owner.pool.config.id}\u0000${owner.user.username}`;
  const secret = pending(state).get(key);
  if (secret === undefined) throw new CognitoError('SoftwareTokenMFANotFoundException', 'Software Token MFA has not been associated with the user.');
  if (!totpMatches(secret, input.UserCode, state.now())) throw new CognitoError('EnableSoftwareTokenMFAException', VERIFY_MISMATCH);
  pending(state).delete(key);
  state.signIn.setTotpSecret(owner.pool.config, owner.user, secret);
  return { Status: 'SUCCESS' };
};
