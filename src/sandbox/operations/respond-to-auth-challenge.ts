// RespondToAuthChallenge: answers to the challenges InitiateAuth (or an
// earlier answer) returned. Each Session is single use and expires after 3
// minutes; the next step gets a new one (sign-in/flow.ts has the order).

import type { UserConfig } from '../config';
import { CognitoError } from '../errors';
import { CLIENT_ID_FIELD, validateRequest } from '../request-validation';
import {
  challengeFor, checkChallengeUser, checkDeviceKey, codeMismatch, continueSignIn, mfaChallenge, requireParam, sameText, signInMessages,
  refuseSimulatedSrp, startDeviceSrp, verifySrpClaim,
} from '../sign-in/flow';
import { MAX_CODE_ATTEMPTS, poolNameOf, type ChallengeRecord } from '../sign-in/runtime';
import { totpMatches } from '../sign-in/totp';
import { startFirstFactor } from '../sign-in/user-auth';
import type { ClientRuntime, SandboxState } from '../state';
import type { OperationHandler } from './types';

/** ChallengeNameType (SDK: dist-types/models/enums.d.ts). */
export const CHALLENGE_NAMES = [
  'ADMIN_NO_SRP_AUTH', 'CUSTOM_CHALLENGE', 'DEVICE_PASSWORD_VERIFIER', 'DEVICE_SRP_AUTH', 'EMAIL_OTP', 'MFA_SETUP', 'NEW_PASSWORD_REQUIRED',
  'PASSWORD', 'PASSWORD_SRP', 'PASSWORD_VERIFIER', 'SELECT_CHALLENGE', 'SELECT_MFA_TYPE', 'SMS_MFA', 'SMS_OTP', 'SOFTWARE_TOKEN_MFA', 'WEB_AUTHN',
] as const;

const SPEC = {
  ClientId: CLIENT_ID_FIELD,
  ChallengeName: { kind: 'string', required: true, enum: CHALLENGE_NAMES },
  // SessionType: length 20..2048.
  Session: { kind: 'string', minLength: 20, maxLength: 2048 },
  ChallengeResponses: { kind: 'stringMap' },
  ClientMetadata: { kind: 'stringMap' },
  AnalyticsMetadata: { kind: 'any' },
  UserContextData: { kind: 'any' },
} as const;

const CODE_PARAMETER: Record<string, string> = {
  SMS_MFA: 'SMS_MFA_CODE', EMAIL_OTP: 'EMAIL_OTP_CODE', SMS_OTP: 'SMS_OTP_CODE', SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA_CODE',
};
const SRP_STEPS = new Set(['PASSWORD_VERIFIER', 'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER']);

/** Cognito's default password policy: at least 8 characters (the sandbox checks the length only). */
const MIN_PASSWORD_LENGTH = 8;

export const respondToAuthChallenge: OperationHandler = (body, state) => {
  const input = validateRequest(body, SPEC);
  const client = state.client(input.ClientId);
  if (!client) throw new CognitoError('ResourceNotFoundException', `User pool client ${input.ClientId} does not exist.`);
  const name = input.ChallengeName;
  if (name === 'ADMIN_NO_SRP_AUTH' || name === 'CUSTOM_CHALLENGE') {
    throw new CognitoError('InvalidParameterException', `The Cognito sandbox does not answer ${name} through RespondToAuthChallenge.`);
  }
  const responses = input.ChallengeResponses ?? {};
  const record = challengeFor(state, client, name, input.Session, responses);
  if (record.simulated) refuseSimulatedSrp(state, client, record, responses);
  const user = client.pool.user(record.progress.username);
  if (!user) throw new CognitoError('NotAuthorizedException', signInMessages.invalidSession);
  checkChallengeUser(client, record, responses, SRP_STEPS.has(record.name));
  return answer(state, client, user, record, name, responses);
};

function answer(state: SandboxState, client: ClientRuntime, user: UserConfig, record: ChallengeRecord, name: string, responses: Record<string, string>): Record<string, unknown> {
  const pool = client.pool.config;
  const rt = state.signIn;
  const progress = record.progress;
  switch (record.name) {
    case 'PASSWORD_VERIFIER': {
      // Checked before the exchange is used up: the reference clients retry the same answer without the key.
      checkDeviceKey(state, pool, user, responses.DEVICE_KEY);
      try {
        verifySrpClaim(record, responses, poolNameOf(pool.id), user.username);
      } finally {
        rt.consume(record);
      }
      return continueSignIn(state, client, user, { ...progress, deviceKey: responses.DEVICE_KEY });
    }
    case 'DEVICE_SRP_AUTH':
      return startDeviceSrp(state, record, responses);
    case 'DEVICE_PASSWORD_VERIFIER': {
      const device = progress.deviceKey === undefined ? undefined : rt.devices.get(progress.deviceKey);
      if (!device) throw new CognitoError('ResourceNotFoundException', signInMessages.deviceNotFound);
      try {
        verifySrpClaim(record, responses, device.groupKey, device.deviceKey);
      } finally {
        rt.consume(record);
      }
      return continueSignIn(state, client, user, { ...progress, deviceDone: true, mfaDone: true });
    }
    case 'NEW_PASSWORD_REQUIRED': {
      const password = requireParam(responses, 'NEW_PASSWORD');
      if (password.length < MIN_PASSWORD_LENGTH) {
        throw new CognitoError('InvalidPasswordException', 'Password does not conform to policy: Password not long enough');
      }
      const attributes: Record<string, string> = {};
      for (const [key, value] of Object.entries(responses)) {
        if (key.startsWith('userAttributes.')) attributes[key.slice('userAttributes.'.length)] = value;
      }
      for (const required of pool.requiredAttributes ?? []) {
        if (user.attributes?.[required] === undefined && attributes[required] === undefined) {
          throw new CognitoError('InvalidParameterException', `Invalid attributes given, ${required} is missing`);
        }
      }
      rt.consume(record);
      rt.setPassword(pool, user, password);
      rt.setStatus(pool, user, 'CONFIRMED');
      return continueSignIn(state, client, user, {
        ...progress, newPasswordDone: true, ...(Object.keys(attributes).length > 0 ? { attributes: { ...progress.attributes, ...attributes } } : {}),
      });
    }
    case 'SMS_MFA':
    case 'EMAIL_OTP':
    case 'SMS_OTP':
    case 'SOFTWARE_TOKEN_MFA': {
      const code = requireParam(responses, CODE_PARAMETER[record.name]);
      const ok = record.name === 'SOFTWARE_TOKEN_MFA'
        ? totpMatches(rt.totpSecret(pool, user) ?? '', code, state.now())
        : record.code !== undefined && sameText(record.code, code);
      if (!ok) codeMismatch(state, record, MAX_CODE_ATTEMPTS);
      rt.consume(record);
      return continueSignIn(state, client, user, { ...progress, firstFactorCode: false, mfaDone: true });
    }
    case 'SELECT_MFA_TYPE': {
      const choice = requireParam(responses, 'ANSWER');
      const method = ({ SMS_MFA: 'sms', EMAIL_OTP: 'email', SOFTWARE_TOKEN_MFA: 'totp' } as const)[choice as 'SMS_MFA'];
      if (!method || !(record.choices ?? []).includes(choice)) {
        // Assumed answer: Cognito's text for an MFA type the user cannot choose is undocumented.
        throw new CognitoError('InvalidParameterException', `ANSWER must be one of ${(record.choices ?? []).join(', ')}`);
      }
      rt.consume(record);
      return mfaChallenge(state, progress, user, method);
    }
    case 'MFA_SETUP': {
      if (!record.totpVerified || record.totpSecret === undefined) {
        throw new CognitoError('SoftwareTokenMFANotFoundException', 'Software Token MFA has not been enabled by the user.');
      }
      rt.consume(record);
      rt.setTotpSecret(pool, user, record.totpSecret);
      return continueSignIn(state, client, user, { ...progress, mfaDone: true });
    }
    case 'SELECT_CHALLENGE': {
      const choice = name === 'SELECT_CHALLENGE' ? requireParam(responses, 'ANSWER') : name;
      if (!(record.choices ?? []).includes(choice)) {
        // WEB_AUTHN for a user without a passkey lands here too (assumed answer).
        throw new CognitoError('InvalidParameterException', `${choice} is not an available challenge for this user.`);
      }
      const param = choice === 'PASSWORD' ? 'PASSWORD' : choice === 'PASSWORD_SRP' ? 'SRP_A' : undefined;
      if (param) requireParam(responses, param);
      rt.consume(record);
      const next = startFirstFactor(state, client, user, { ...progress, deviceKey: responses.DEVICE_KEY ?? progress.deviceKey }, choice, responses);
      if (!next) throw new CognitoError('InvalidParameterException', signInMessages.missing(param ?? 'ANSWER'));
      return next;
    }
    default:
      throw new CognitoError('NotAuthorizedException', signInMessages.invalidSession);
  }
}
