// The sign-in conversation with Cognito: InitiateAuth (USER_SRP_AUTH, USER_PASSWORD_AUTH,
// USER_AUTH) and RespondToAuthChallenge for every challenge on the way, the TOTP setup
// (AssociateSoftwareToken / VerifySoftwareToken), remembered devices (DEVICE_SRP_AUTH,
// ConfirmDevice). The UI asks what the steps need; this module holds the Session string and
// the SRP state between steps and drops them on cancel, on a final failure and when done.
//
// Typed secrets (passwords, codes) are used inside the one answer() call they arrive in and
// never kept, logged or put into an error. Everything Cognito answered is read defensively.

import { hostname } from 'node:os';
import type {
  AuthenticationResultType,
  ChallengeNameType,
  CognitoIdentityProviderClient,
  InitiateAuthCommandOutput,
  RespondToAuthChallengeCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  DEVICE_NOT_FOUND_ID,
  PASSKEY_IN_EDITOR_ID,
  SIGN_IN_NO_REFRESH_TOKEN_ID,
  SIGN_IN_SESSION_EXPIRED_ID,
  SIGN_IN_SESSION_INVALID_ID,
  SRP_PARAMETERS_ID,
  UNSUPPORTED_CHALLENGE_ID,
} from '../errors/catalog';
import { explain, toErrorInfo, type ErrorInfo, type ExplainContext } from '../errors';
import { loadSdk } from '../refresh/sdkClient';
import { secretHash } from '../refresh/secretHash';
import { sessionFromAuthenticationResult, type SessionRecord } from '../sessions';
import {
  cognitoTimestamp,
  createEphemeral,
  generateDeviceVerifier,
  parseHexParameter,
  passwordAuthenticationKey,
  passwordClaimSignature,
  poolNameOf,
  SrpError,
  srpAHex,
  type SrpEphemeral,
} from './srp';
import type { FirstFactor, SignInAnswer, SignInConversation, SignInOptions, SignInPrompt, SignInStep, SignInTarget } from './types';

/** How long Cognito accepts a sign-in Session string by default (AuthSessionValidity: 3 minutes). */
export const SIGN_IN_SESSION_MS = 3 * 60 * 1000;

const FIRST_FACTORS: readonly FirstFactor[] = ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];
/** First factors an editor cannot perform: passkeys need a browser's WebAuthn API. */
const UNAVAILABLE_IN_EDITOR: readonly FirstFactor[] = ['WEB_AUTHN'];
const NEW_PASSWORD_ATTRIBUTE_PREFIX = 'userAttributes.';
/** What Cognito will not take back in a NEW_PASSWORD_REQUIRED answer (read-only or verified-state attributes). */
const NOT_WRITABLE_ATTRIBUTES = new Set(['sub', 'email_verified', 'phone_number_verified', 'cognito:user_status', 'identities']);

type CodeChallenge = 'SMS_MFA' | 'EMAIL_OTP' | 'SOFTWARE_TOKEN_MFA' | 'SMS_OTP';
const CODE_RESPONSE_KEY: Readonly<Record<CodeChallenge, string>> = {
  SMS_MFA: 'SMS_MFA_CODE',
  EMAIL_OTP: 'EMAIL_OTP_CODE',
  SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA_CODE',
  SMS_OTP: 'SMS_OTP_CODE',
};

/** What the last prompt was, with what answering it needs. */
type Pending =
  | { readonly kind: 'none' }
  /** `factor`: USER_AUTH's PASSWORD or PASSWORD_SRP; `viaSelect`: answer the SELECT_CHALLENGE held in `session`. */
  | { readonly kind: 'password'; readonly factor?: 'PASSWORD' | 'PASSWORD_SRP'; readonly viaSelect?: boolean }
  | { readonly kind: 'new-password' }
  | { readonly kind: 'code'; readonly challenge: CodeChallenge }
  | { readonly kind: 'select-mfa'; readonly options: readonly string[] }
  | { readonly kind: 'select-challenge'; readonly options: readonly FirstFactor[] }
  | { readonly kind: 'totp-setup' }
  | { readonly kind: 'device-name'; readonly result: AuthenticationResultType };

type ChallengeOutput = Pick<InitiateAuthCommandOutput, 'ChallengeName' | 'ChallengeParameters' | 'Session' | 'AuthenticationResult'> & {
  readonly AvailableChallenges?: readonly string[] | undefined;
};

/** A mistake of the caller (answering the wrong prompt, answering after the end): thrown, not a step. */
export class SignInUsageError extends Error {
  override readonly name = 'SignInUsageError';
}

/** A failure this module decides on itself (not an error Cognito sent). */
class SignInStop extends Error {
  constructor(
    readonly catalogId: string,
    name: string,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = name;
  }
}

const SESSION_EXPIRED = /\bsession is expired\b/i;
const SESSION_INVALID = /\binvalid session for the user\b/i;
const DEVICE_WORD = /\bdevice\b/i;

export function createSignIn(client: CognitoIdentityProviderClient, target: SignInTarget, options: SignInOptions): SignInConversation {
  return new Conversation(client, target, options);
}

class Conversation implements SignInConversation {
  private pending: Pending = { kind: 'none' };
  /** Cognito's Session string for the next RespondToAuthChallenge / VerifySoftwareToken. */
  private session: string | undefined;
  private sessionAt = 0;
  /** The username challenge answers carry: what was typed, then the USERNAME Cognito returned. */
  private username: string;
  /** Finished (done or a final failure): no more answers. */
  private ended = false;
  private cancelled = false;
  private busy = false;
  /** Cognito no longer knows the target's device: this sign-in goes on without it. */
  private deviceForgotten = false;
  private readonly abort = new AbortController();
  private readonly now: () => number;

  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly target: SignInTarget,
    private readonly options: SignInOptions,
  ) {
    this.username = options.username;
    this.now = options.now ?? Date.now;
    if (options.signal) {
      if (options.signal.aborted) this.cancel();
      else options.signal.addEventListener('abort', () => this.cancel(), { once: true });
    }
  }

  start(): Promise<SignInStep> {
    return this.run(async () => {
      if (this.pending.kind !== 'none') throw new SignInUsageError('start() was already called.');
      const { flow, preferred } = this.options;
      if (flow === 'USER_PASSWORD_AUTH' || flow === 'USER_SRP_AUTH') return this.prompt({ kind: 'password' }, { kind: 'password' });
      if (preferred === 'WEB_AUTHN') throw new SignInStop(PASSKEY_IN_EDITOR_ID, 'WebAuthnUnavailable', 'Passkeys (WEB_AUTHN) cannot be used in the editor.');
      if (preferred === 'PASSWORD' || preferred === 'PASSWORD_SRP') return this.prompt({ kind: 'password' }, { kind: 'password', factor: preferred });
      const params: Record<string, string> = { USERNAME: this.options.username };
      if (preferred !== undefined) params['PREFERRED_CHALLENGE'] = preferred;
      return this.handle(await this.initiate('USER_AUTH', params));
    });
  }

  answer(answer: SignInAnswer): Promise<SignInStep> {
    return this.run(async () => {
      const pending = this.pending;
      switch (pending.kind) {
        case 'password':
          return this.answerPassword(pending, expect(answer, 'password').password);
        case 'new-password':
          return this.answerNewPassword(expect(answer, 'new-password'));
        case 'code':
          return this.answerCode(pending.challenge, expect(answer, 'code').code);
        case 'select-mfa': {
          const option = expect(answer, 'select').option;
          if (!pending.options.includes(option)) throw new SignInUsageError(`"${option}" is not one of the MFA options.`);
          return this.handle(await this.respond('SELECT_MFA_TYPE', { ANSWER: option }));
        }
        case 'select-challenge':
          return this.answerSelectChallenge(pending.options, expect(answer, 'select').option);
        case 'totp-setup':
          return this.answerTotpSetup(expect(answer, 'code').code);
        case 'device-name':
          return this.answerDeviceName(pending.result, expect(answer, 'device-name').name);
        case 'none':
          throw new SignInUsageError(this.ended ? 'The sign-in has ended.' : 'Call start() first.');
      }
    });
  }

  cancel(): void {
    this.cancelled = true;
    this.ended = true;
    this.clear();
    this.abort.abort();
  }

  // ---------------------------------------------------------------------------

  /** One step at a time; a failure becomes a `failed` step, a cancel a `cancelled` one. */
  private async run(step: () => Promise<SignInStep>): Promise<SignInStep> {
    if (this.cancelled) return { kind: 'cancelled' };
    if (this.busy) throw new SignInUsageError('A sign-in step is still in progress.');
    this.busy = true;
    const before = this.pending;
    try {
      const next = await step();
      if (this.cancelled) return { kind: 'cancelled' };
      return next;
    } catch (err) {
      if (this.cancelled || this.abort.signal.aborted) {
        this.cancel();
        return { kind: 'cancelled' };
      }
      if (err instanceof SignInUsageError) throw err;
      return this.failed(err, before);
    } finally {
      this.busy = false;
    }
  }

  private failed(err: unknown, before: Pending): SignInStep {
    const info = this.errorInfo(err);
    const explanation = explain(info, this.context(info.operation));
    const retryable = this.retryable(info, explanation.id, err, before);
    if (retryable) {
      // The same prompt can be answered again. A wrong password restarts the flow (its
      // Session, if any, is spent); codes keep the Session.
      this.pending = before.kind === 'password' ? { kind: 'password', ...(before.factor ? { factor: before.factor } : {}) } : before;
    } else {
      this.ended = true;
      this.clear();
    }
    return { kind: 'failed', error: info, explanation, retryable };
  }

  private errorInfo(err: unknown): ErrorInfo {
    if (err instanceof SignInStop) return { name: err.name, message: err.message, catalogId: err.catalogId };
    if (err instanceof SrpError) return { name: 'SrpError', message: err.message, catalogId: SRP_PARAMETERS_ID };
    const operation = (err as { operation?: unknown } | null)?.operation;
    const info = toErrorInfo(err, typeof operation === 'string' ? operation : undefined);
    const message = info.message ?? '';
    if (info.name === 'NotAuthorizedException' && SESSION_EXPIRED.test(message)) info.catalogId = SIGN_IN_SESSION_EXPIRED_ID;
    else if (info.name === 'NotAuthorizedException' && SESSION_INVALID.test(message)) info.catalogId = SIGN_IN_SESSION_INVALID_ID;
    else if (info.name === 'ResourceNotFoundException' && DEVICE_WORD.test(message)) info.catalogId = DEVICE_NOT_FOUND_ID;
    return info;
  }

  private retryable(info: ErrorInfo, id: string, err: unknown, before: Pending): boolean {
    if (err instanceof SignInStop) return err.retryable;
    switch (before.kind) {
      case 'password':
        return id === 'NotAuthorizedException/incorrect-username-or-password';
      case 'code':
      case 'totp-setup':
        return info.name === 'CodeMismatchException' || info.name === 'EnableSoftwareTokenMFAException';
      case 'new-password':
        return info.name === 'InvalidPasswordException' || info.name === 'PasswordHistoryPolicyViolationException' || info.name === 'InvalidParameterException';
      case 'device-name':
        // The tokens are fine; ConfirmDevice can be tried again, or skipped.
        return info.name !== 'NotAuthorizedException';
      default:
        return false;
    }
  }

  private context(operation: string | undefined): ExplainContext {
    return {
      region: this.target.region,
      userPoolId: this.target.userPoolId,
      ...(this.target.endpoint !== undefined ? { endpoint: this.target.endpoint } : {}),
      ...(operation !== undefined ? { operation } : {}),
    };
  }

  private clear(): void {
    this.pending = { kind: 'none' };
    this.session = undefined;
    this.sessionAt = 0;
  }

  private prompt(prompt: SignInPrompt, pending: Pending): SignInStep {
    this.pending = pending;
    return this.session !== undefined ? { kind: 'prompt', prompt, expiresAt: this.sessionAt + SIGN_IN_SESSION_MS } : { kind: 'prompt', prompt };
  }

  // ---------------------------------------------------------------------------
  // Answers

  private async answerPassword(pending: Extract<Pending, { kind: 'password' }>, password: string): Promise<SignInStep> {
    try {
      return await this.passwordSignIn(pending, password);
    } catch (err) {
      // A remembered device Cognito no longer knows ("Device does not exist."): sign in without
      // it, as amazon-cognito-identity-js and Amplify do, and offer to remember this one anew.
      if (this.target.deviceKey === undefined || this.deviceForgotten || this.errorInfo(err).catalogId !== DEVICE_NOT_FOUND_ID) throw err;
      this.deviceForgotten = true;
      this.session = undefined;
      return this.passwordSignIn({ kind: 'password', ...(pending.factor ? { factor: pending.factor } : {}) }, password);
    }
  }

  private async passwordSignIn(pending: Extract<Pending, { kind: 'password' }>, password: string): Promise<SignInStep> {
    const flow = this.options.flow;
    const srp = flow === 'USER_SRP_AUTH' || pending.factor === 'PASSWORD_SRP';
    const ephemeral = srp ? createEphemeral() : undefined;
    let out: ChallengeOutput;
    if (pending.viaSelect && this.session !== undefined) {
      const answer: Record<string, string> = { ANSWER: pending.factor ?? 'PASSWORD' };
      if (ephemeral) answer['SRP_A'] = srpAHex(ephemeral);
      else answer['PASSWORD'] = password;
      out = await this.respond('SELECT_CHALLENGE', answer);
    } else {
      this.session = undefined;
      const params: Record<string, string> = { USERNAME: this.options.username };
      if (ephemeral) params['SRP_A'] = srpAHex(ephemeral);
      else params['PASSWORD'] = password;
      if (flow === 'USER_AUTH') params['PREFERRED_CHALLENGE'] = pending.factor ?? 'PASSWORD';
      this.username = this.options.username;
      out = await this.initiate(flow === 'USER_AUTH' ? 'USER_AUTH' : flow, params);
    }
    if (ephemeral && out.ChallengeName === 'PASSWORD_VERIFIER') out = await this.passwordVerifier(out, ephemeral, password);
    return this.handle(out);
  }

  /** PASSWORD_VERIFIER: prove the password with SRP. */
  private async passwordVerifier(out: ChallengeOutput, ephemeral: SrpEphemeral, password: string): Promise<ChallengeOutput> {
    this.takeSession(out);
    const p = out.ChallengeParameters ?? {};
    const userIdForSrp = p['USER_ID_FOR_SRP'] ?? this.username;
    const poolName = poolNameOf(this.target.userPoolId);
    const key = passwordAuthenticationKey({
      poolName,
      userId: userIdForSrp,
      password,
      ephemeral,
      B: parseHexParameter('SRP_B', p['SRP_B']),
      salt: parseHexParameter('SALT', p['SALT']),
    });
    const secretBlock = p['SECRET_BLOCK'];
    if (secretBlock === undefined || secretBlock.length === 0) throw new SrpError("Cognito's PASSWORD_VERIFIER challenge has no SECRET_BLOCK.");
    // The USERNAME Cognito returned (the internal one) answers the challenge and keys SECRET_HASH from here on.
    this.username = p['USERNAME'] ?? userIdForSrp;
    const timestamp = cognitoTimestamp(new Date(this.now()));
    return this.respond('PASSWORD_VERIFIER', {
      PASSWORD_CLAIM_SECRET_BLOCK: secretBlock,
      TIMESTAMP: timestamp,
      PASSWORD_CLAIM_SIGNATURE: passwordClaimSignature(key, poolName, userIdForSrp, secretBlock, timestamp),
    });
  }

  private async answerNewPassword(answer: Extract<SignInAnswer, { kind: 'new-password' }>): Promise<SignInStep> {
    const responses: Record<string, string> = { NEW_PASSWORD: answer.password };
    for (const [name, value] of Object.entries(answer.attributes)) {
      if (!NOT_WRITABLE_ATTRIBUTES.has(name)) responses[`${NEW_PASSWORD_ATTRIBUTE_PREFIX}${name}`] = value;
    }
    return this.handle(await this.respond('NEW_PASSWORD_REQUIRED', responses));
  }

  private async answerCode(challenge: CodeChallenge, code: string): Promise<SignInStep> {
    return this.handle(await this.respond(challenge, { [CODE_RESPONSE_KEY[challenge]]: code.trim() }));
  }

  private async answerSelectChallenge(options: readonly FirstFactor[], option: string): Promise<SignInStep> {
    const factor = FIRST_FACTORS.find((f) => f === option);
    if (factor === undefined || !options.includes(factor)) throw new SignInUsageError(`"${option}" is not one of the offered challenges.`);
    if (UNAVAILABLE_IN_EDITOR.includes(factor)) {
      throw new SignInStop(PASSKEY_IN_EDITOR_ID, 'WebAuthnUnavailable', 'Passkeys (WEB_AUTHN) cannot be used in the editor.', true);
    }
    if (factor === 'PASSWORD' || factor === 'PASSWORD_SRP') {
      return this.prompt({ kind: 'password' }, { kind: 'password', factor, viaSelect: true });
    }
    return this.handle(await this.respond('SELECT_CHALLENGE', { ANSWER: factor }));
  }

  private async answerTotpSetup(code: string): Promise<SignInStep> {
    const { VerifySoftwareTokenCommand } = await loadSdk();
    const verified = await this.send('VerifySoftwareToken', () =>
      this.client.send(
        new VerifySoftwareTokenCommand({ Session: this.session, UserCode: code.trim(), FriendlyDeviceName: 'Cognito Token Debugger' }),
        { abortSignal: this.abort.signal },
      ),
    );
    if (verified.Status !== 'SUCCESS') {
      throw new SignInStop('EnableSoftwareTokenMFAException', 'EnableSoftwareTokenMFAException', 'VerifySoftwareToken did not accept the code.', true);
    }
    this.takeSession(verified);
    return this.handle(await this.respond('MFA_SETUP', {}));
  }

  private async answerDeviceName(result: AuthenticationResultType, name: string | undefined): Promise<SignInStep> {
    const metadata = result.NewDeviceMetadata;
    const deviceKey = metadata?.DeviceKey;
    const groupKey = metadata?.DeviceGroupKey;
    const accessToken = result.AccessToken;
    if (deviceKey === undefined || groupKey === undefined || accessToken === undefined) return this.done(result, {});
    const verifier = generateDeviceVerifier(groupKey, deviceKey);
    const sdk = await loadSdk();
    // A tracked device is confirmed either way (a refresh must then send its key); "do not
    // remember" marks it not remembered, so it never skips MFA.
    const confirmed = await this.send('ConfirmDevice', () =>
      this.client.send(
        new sdk.ConfirmDeviceCommand({
          AccessToken: accessToken,
          DeviceKey: deviceKey,
          DeviceName: name ?? defaultDeviceName(),
          DeviceSecretVerifierConfig: { PasswordVerifier: verifier.passwordVerifier, Salt: verifier.salt },
        }),
        { abortSignal: this.abort.signal },
      ),
    );
    const remember = name !== undefined;
    // Pools that remember devices only on the user's word answer UserConfirmationNecessary: the
    // device is remembered only after UpdateDeviceStatus; the others remember it at once.
    const rememberedNow = confirmed.UserConfirmationNecessary !== true;
    if (remember !== rememberedNow) {
      await this.send('UpdateDeviceStatus', () =>
        this.client.send(
          new sdk.UpdateDeviceStatusCommand({ AccessToken: accessToken, DeviceKey: deviceKey, DeviceRememberedStatus: remember ? 'remembered' : 'not_remembered' }),
          { abortSignal: this.abort.signal },
        ),
      );
    }
    return this.done(result, remember ? { deviceKey, deviceGroupKey: groupKey, devicePassword: verifier.devicePassword } : { deviceKey });
  }

  // ---------------------------------------------------------------------------
  // What Cognito answered

  private async handle(out: ChallengeOutput): Promise<SignInStep> {
    if (out.AuthenticationResult) {
      this.session = undefined;
      if (out.AuthenticationResult.NewDeviceMetadata?.DeviceKey !== undefined) {
        return this.prompt({ kind: 'device-name', suggested: defaultDeviceName() }, { kind: 'device-name', result: out.AuthenticationResult });
      }
      return this.done(out.AuthenticationResult, {});
    }
    this.takeSession(out);
    const name = out.ChallengeName;
    const p = out.ChallengeParameters ?? {};
    switch (name) {
      case 'NEW_PASSWORD_REQUIRED': {
        const current = parseJsonObject(p['userAttributes']);
        const required = parseJsonStrings(p['requiredAttributes']).map((a) => (a.startsWith(NEW_PASSWORD_ATTRIBUTE_PREFIX) ? a.slice(NEW_PASSWORD_ATTRIBUTE_PREFIX.length) : a));
        const currentAttributes: Record<string, string> = {};
        for (const [k, v] of Object.entries(current)) if (typeof v === 'string' && !NOT_WRITABLE_ATTRIBUTES.has(k)) currentAttributes[k] = v;
        return this.prompt({ kind: 'new-password', requiredAttributes: required, currentAttributes }, { kind: 'new-password' });
      }
      case 'SMS_MFA':
      case 'EMAIL_OTP':
      case 'SMS_OTP':
      case 'SOFTWARE_TOKEN_MFA': {
        const destination = p['CODE_DELIVERY_DESTINATION'];
        const medium = p['CODE_DELIVERY_DELIVERY_MEDIUM'];
        return this.prompt(
          { kind: 'code', challenge: name, ...(destination ? { destination } : {}), ...(medium ? { medium } : {}) },
          { kind: 'code', challenge: name },
        );
      }
      case 'SELECT_MFA_TYPE': {
        const options = parseJsonStrings(p['MFAS_CAN_CHOOSE']);
        return this.prompt({ kind: 'select-mfa', options }, { kind: 'select-mfa', options });
      }
      case 'SELECT_CHALLENGE': {
        const offered = out.AvailableChallenges ?? parseJsonStrings(p['AVAILABLE_CHALLENGES']);
        const options = FIRST_FACTORS.filter((f) => offered.includes(f));
        return this.prompt(
          { kind: 'select-challenge', options, unavailableInEditor: options.filter((f) => UNAVAILABLE_IN_EDITOR.includes(f)) },
          { kind: 'select-challenge', options },
        );
      }
      case 'MFA_SETUP':
        return this.mfaSetup(parseJsonStrings(p['MFAS_CAN_SETUP']));
      case 'DEVICE_SRP_AUTH':
        return this.handle(await this.deviceSrp());
      default:
        throw new SignInStop(
          UNSUPPORTED_CHALLENGE_ID,
          'UnsupportedChallenge',
          name === undefined ? 'Cognito answered with neither tokens nor a challenge.' : `Cognito asked for the ${name} challenge, which the editor cannot answer.`,
        );
    }
  }

  private async mfaSetup(canSetUp: readonly string[]): Promise<SignInStep> {
    if (canSetUp.length > 0 && !canSetUp.includes('SOFTWARE_TOKEN_MFA')) {
      throw new SignInStop(
        UNSUPPORTED_CHALLENGE_ID,
        'UnsupportedChallenge',
        `The user must set up MFA (${canSetUp.join(', ')}); for SMS or email MFA, give the user a phone_number or email attribute and sign in again.`,
      );
    }
    const { AssociateSoftwareTokenCommand } = await loadSdk();
    const associated = await this.send('AssociateSoftwareToken', () =>
      this.client.send(new AssociateSoftwareTokenCommand({ Session: this.session }), { abortSignal: this.abort.signal }),
    );
    const secretCode = associated.SecretCode;
    if (secretCode === undefined || secretCode.length === 0) {
      throw new SignInStop(UNSUPPORTED_CHALLENGE_ID, 'UnsupportedChallenge', 'AssociateSoftwareToken returned no secret.');
    }
    this.takeSession(associated);
    return this.prompt(
      { kind: 'totp-setup', secretCode, otpauthUri: otpauthUri(this.target.userPoolId, this.options.username, secretCode) },
      { kind: 'totp-setup' },
    );
  }

  /** DEVICE_SRP_AUTH then DEVICE_PASSWORD_VERIFIER, with the remembered device's secrets. */
  private async deviceSrp(): Promise<ChallengeOutput> {
    const { deviceKey, deviceGroupKey, devicePassword } = this.target;
    if (this.deviceForgotten || deviceKey === undefined || deviceGroupKey === undefined || devicePassword === undefined) {
      throw new SignInStop(
        UNSUPPORTED_CHALLENGE_ID,
        'UnsupportedChallenge',
        'Cognito asked for the remembered device (DEVICE_SRP_AUTH), but this sign-in has no device group key and password for it.',
      );
    }
    const ephemeral = createEphemeral();
    const first = await this.respond('DEVICE_SRP_AUTH', { SRP_A: srpAHex(ephemeral) });
    if (first.ChallengeName !== 'DEVICE_PASSWORD_VERIFIER') return first;
    this.takeSession(first);
    const p = first.ChallengeParameters ?? {};
    const key = passwordAuthenticationKey({
      poolName: deviceGroupKey,
      userId: deviceKey,
      password: devicePassword,
      ephemeral,
      B: parseHexParameter('SRP_B', p['SRP_B']),
      salt: parseHexParameter('SALT', p['SALT']),
    });
    const secretBlock = p['SECRET_BLOCK'];
    if (secretBlock === undefined || secretBlock.length === 0) throw new SrpError("Cognito's DEVICE_PASSWORD_VERIFIER challenge has no SECRET_BLOCK.");
    if (p['USERNAME']) this.username = p['USERNAME'];
    const timestamp = cognitoTimestamp(new Date(this.now()));
    return this.respond('DEVICE_PASSWORD_VERIFIER', {
      PASSWORD_CLAIM_SECRET_BLOCK: secretBlock,
      TIMESTAMP: timestamp,
      PASSWORD_CLAIM_SIGNATURE: passwordClaimSignature(key, deviceGroupKey, deviceKey, secretBlock, timestamp),
    });
  }

  private done(result: AuthenticationResultType, device: { deviceKey?: string; deviceGroupKey?: string; devicePassword?: string }): SignInStep {
    const { target } = this;
    const created = sessionFromAuthenticationResult({
      label: target.label ?? `${this.options.username} (${target.userPoolId})`,
      region: target.region,
      userPoolId: target.userPoolId,
      clientId: target.clientId,
      ...(target.endpoint !== undefined ? { endpoint: target.endpoint } : {}),
      ...(target.clientSecret !== undefined ? { clientSecret: target.clientSecret } : {}),
      ...(device.deviceKey !== undefined ? { deviceKey: device.deviceKey } : this.device()['DEVICE_KEY'] !== undefined ? { deviceKey: this.device()['DEVICE_KEY'] } : {}),
      authenticationResult: result,
      now: this.now(),
    });
    if (!created.ok) throw new SignInStop(SIGN_IN_NO_REFRESH_TOKEN_ID, 'NoRefreshToken', created.message);
    const record = withDeviceSecrets(created.record, device.deviceGroupKey !== undefined ? device : this.deviceForgotten ? {} : remembered(target, device.deviceKey));
    this.ended = true;
    this.clear();
    return { kind: 'done', record };
  }

  // ---------------------------------------------------------------------------
  // Requests

  private takeSession(out: { readonly Session?: string | undefined }): void {
    if (out.Session !== undefined) {
      this.session = out.Session;
      this.sessionAt = this.now();
    }
  }

  private hash(username: string): Record<string, string> {
    return this.target.clientSecret !== undefined ? { SECRET_HASH: secretHash(this.target.clientSecret, username, this.target.clientId) } : {};
  }

  private device(): Record<string, string> {
    return this.target.deviceKey !== undefined && !this.deviceForgotten ? { DEVICE_KEY: this.target.deviceKey } : {};
  }

  private async initiate(flow: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' | 'USER_AUTH', params: Record<string, string>): Promise<ChallengeOutput> {
    const { InitiateAuthCommand } = await loadSdk();
    const AuthParameters = { ...params, ...this.hash(this.options.username), ...this.device() };
    const out = await this.send('InitiateAuth', () =>
      this.client.send(new InitiateAuthCommand({ AuthFlow: flow, ClientId: this.target.clientId, AuthParameters }), { abortSignal: this.abort.signal }),
    );
    this.takeUsername(out);
    return out;
  }

  private async respond(challenge: string, responses: Record<string, string>): Promise<ChallengeOutput> {
    const { RespondToAuthChallengeCommand } = await loadSdk();
    const ChallengeResponses = { USERNAME: this.username, ...responses, ...this.hash(this.username), ...this.device() };
    const out: RespondToAuthChallengeCommandOutput = await this.send('RespondToAuthChallenge', () =>
      this.client.send(
        new RespondToAuthChallengeCommand({
          ClientId: this.target.clientId,
          ChallengeName: challenge as ChallengeNameType,
          ChallengeResponses,
          ...(this.session !== undefined ? { Session: this.session } : {}),
        }),
        { abortSignal: this.abort.signal },
      ),
    );
    this.takeUsername(out);
    return out;
  }

  /** Challenges name the user as Cognito knows them (the internal username); later answers use it. */
  private takeUsername(out: ChallengeOutput): void {
    const name = out.ChallengeParameters?.['USERNAME'];
    if (typeof name === 'string' && name.length > 0) this.username = name;
  }

  /** Sends, and tags a failure with the operation for the explanation. */
  private async send<T>(operation: string, call: () => Promise<T>): Promise<T> {
    if (this.abort.signal.aborted) throw abortError();
    try {
      return await call();
    } catch (err) {
      if (err !== null && typeof err === 'object') {
        try {
          (err as { operation?: string }).operation = operation;
        } catch {
          // a frozen error keeps its own fields
        }
      }
      throw err;
    }
  }
}

function expect<K extends SignInAnswer['kind']>(answer: SignInAnswer, kind: K): Extract<SignInAnswer, { kind: K }> {
  if (answer.kind !== kind) throw new SignInUsageError(`The answer is a ${answer.kind}, but the prompt asks for a ${kind}.`);
  return answer as Extract<SignInAnswer, { kind: K }>;
}

function abortError(): Error {
  const err = new Error('The sign-in was cancelled.');
  err.name = 'AbortError';
  return err;
}

function remembered(target: SignInTarget, deviceKey: string | undefined): { deviceGroupKey?: string; devicePassword?: string } {
  // Signed in through the remembered device: its secrets stay with the new session.
  if (deviceKey !== undefined || target.deviceKey === undefined) return {};
  return {
    ...(target.deviceGroupKey !== undefined ? { deviceGroupKey: target.deviceGroupKey } : {}),
    ...(target.devicePassword !== undefined ? { devicePassword: target.devicePassword } : {}),
  };
}

function withDeviceSecrets(record: SessionRecord, device: { deviceGroupKey?: string; devicePassword?: string }): SessionRecord {
  if (device.deviceGroupKey === undefined || device.devicePassword === undefined) return record;
  return { ...record, secrets: { ...record.secrets, deviceGroupKey: device.deviceGroupKey, devicePassword: device.devicePassword } };
}

function defaultDeviceName(): string {
  let host = 'this machine';
  try {
    host = hostname() || host;
  } catch {
    // keep the generic name
  }
  return `Cognito Token Debugger on ${host}`.slice(0, 256);
}

/** otpauth://totp/<issuer>:<user>?secret=<base32>&issuer=<issuer> (the Key Uri Format authenticator apps read). */
export function otpauthUri(issuer: string, user: string, secret: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(user)}`;
  return `otpauth://totp/${label}?secret=${encodeURIComponent(secret)}&issuer=${encodeURIComponent(issuer)}`;
}

function parseJsonStrings(value: string | undefined): string[] {
  if (value === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function parseJsonObject(value: string | undefined): Record<string, unknown> {
  if (value === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
