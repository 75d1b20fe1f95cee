// The sign-in settings of the sandbox config: per pool (MFA, device tracking,
// choice-based first factors, attributes a new password must come with) and
// per user (status, MFA methods, TOTP secret). Read by config.ts, which calls
// the two readers below from its own pool and user readers.

import { base32Decode } from './totp';

export const MFA_CONFIGURATIONS = ['OFF', 'ON', 'OPTIONAL'] as const;
export type MfaConfiguration = (typeof MFA_CONFIGURATIONS)[number];
/** SignInPolicyType.AllowedFirstAuthFactors (AuthFactorType without SOFTWARE_TOKEN, which is never a first factor). */
export const FIRST_AUTH_FACTORS = ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] as const;
export type FirstAuthFactor = (typeof FIRST_AUTH_FACTORS)[number];
export const USER_MFA_METHODS = ['sms', 'email', 'totp'] as const;
export type UserMfaMethod = (typeof USER_MFA_METHODS)[number];
export const USER_STATUSES = ['CONFIRMED', 'FORCE_CHANGE_PASSWORD'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** DeviceConfigurationType; present = the pool tracks devices. */
export interface DeviceConfig {
  /** Remembered devices skip MFA only when true (Cognito: "challenge required on new device"). */
  challengeRequiredOnNewDevice: boolean;
  /** true: ConfirmDevice answers UserConfirmationNecessary and the user must remember the device (UpdateDeviceStatus); false: always remembered. */
  deviceOnlyRememberedOnUserPrompt: boolean;
}

export interface PoolSignInConfig {
  /** UserPoolType.MfaConfiguration. Default OFF. */
  mfaConfiguration?: MfaConfiguration;
  deviceConfiguration?: DeviceConfig;
  /** Choice-based sign-in (USER_AUTH) first factors. Default ["PASSWORD"]. */
  allowedFirstAuthFactors?: FirstAuthFactor[];
  /** Attributes a NEW_PASSWORD_REQUIRED answer must set when the user lacks them (e.g. ["name"]). */
  requiredAttributes?: string[];
}

export interface UserSignInConfig {
  /** Default CONFIRMED. FORCE_CHANGE_PASSWORD: the password is temporary (NEW_PASSWORD_REQUIRED). */
  status?: UserStatus;
  /** The MFA methods the user has set up (several: SELECT_MFA_TYPE). SMS needs phone_number, email needs email. */
  mfa?: UserMfaMethod[];
  /** Base32 TOTP secret of a user whose mfa includes "totp". */
  totpSecret?: string;
}

export const POOL_SIGN_IN_KEYS = ['mfaConfiguration', 'deviceConfiguration', 'allowedFirstAuthFactors', 'requiredAttributes'];
export const USER_SIGN_IN_KEYS = ['status', 'mfa', 'totpSecret'];

type Raw = Record<string, unknown>;

function enumList<T extends string>(problems: string[], value: unknown, path: string, allowed: readonly T[]): T[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    problems.push(`${path}: must be an array`);
    return undefined;
  }
  const out: T[] = [];
  value.forEach((item, i) => {
    if (typeof item === 'string' && (allowed as readonly string[]).includes(item)) {
      if (!out.includes(item as T)) out.push(item as T);
    } else problems.push(`${path}[${i}]: must be one of ${allowed.join(', ')}`);
  });
  return out;
}

export function readPoolSignIn(problems: string[], o: Raw, path: string): PoolSignInConfig {
  const out: PoolSignInConfig = {};
  if (o.mfaConfiguration !== undefined) {
    if ((MFA_CONFIGURATIONS as readonly unknown[]).includes(o.mfaConfiguration)) out.mfaConfiguration = o.mfaConfiguration as MfaConfiguration;
    else problems.push(`${path}.mfaConfiguration: must be one of ${MFA_CONFIGURATIONS.join(', ')}`);
  }
  if (o.deviceConfiguration !== undefined) {
    const d = o.deviceConfiguration;
    if (typeof d !== 'object' || d === null || Array.isArray(d)) problems.push(`${path}.deviceConfiguration: must be an object`);
    else {
      const r = d as Raw;
      const flag = (key: string): boolean => {
        if (r[key] === undefined) return false;
        if (typeof r[key] === 'boolean') return r[key];
        problems.push(`${path}.deviceConfiguration.${key}: must be true or false`);
        return false;
      };
      for (const key of Object.keys(r)) {
        if (key !== 'challengeRequiredOnNewDevice' && key !== 'deviceOnlyRememberedOnUserPrompt') {
          problems.push(`${path}.deviceConfiguration.${key}: unknown setting (known: challengeRequiredOnNewDevice, deviceOnlyRememberedOnUserPrompt)`);
        }
      }
      out.deviceConfiguration = { challengeRequiredOnNewDevice: flag('challengeRequiredOnNewDevice'), deviceOnlyRememberedOnUserPrompt: flag('deviceOnlyRememberedOnUserPrompt') };
    }
  }
  const factors = enumList(problems, o.allowedFirstAuthFactors, `${path}.allowedFirstAuthFactors`, FIRST_AUTH_FACTORS);
  if (factors) {
    // Cognito requires PASSWORD among the allowed first factors.
    if (!factors.includes('PASSWORD')) problems.push(`${path}.allowedFirstAuthFactors: must include PASSWORD (Cognito requires it)`);
    out.allowedFirstAuthFactors = factors;
  }
  if (o.requiredAttributes !== undefined) {
    if (!Array.isArray(o.requiredAttributes) || !o.requiredAttributes.every((a) => typeof a === 'string' && a.length > 0)) {
      problems.push(`${path}.requiredAttributes: must be an array of attribute names`);
    } else out.requiredAttributes = [...o.requiredAttributes] as string[];
  }
  return out;
}

export function readUserSignIn(problems: string[], o: Raw, path: string, attributes: Record<string, string | boolean> | undefined): UserSignInConfig {
  const out: UserSignInConfig = {};
  if (o.status !== undefined) {
    if ((USER_STATUSES as readonly unknown[]).includes(o.status)) out.status = o.status as UserStatus;
    else problems.push(`${path}.status: must be one of ${USER_STATUSES.join(', ')}`);
  }
  const mfa = enumList(problems, o.mfa, `${path}.mfa`, USER_MFA_METHODS);
  if (mfa) out.mfa = mfa;
  if (o.totpSecret !== undefined) {
    const decoded = typeof o.totpSecret === 'string' ? base32Decode(o.totpSecret) : undefined;
    if (!decoded || decoded.length < 10) problems.push(`${path}.totpSecret: must be a base32 secret of at least 16 characters`);
    else out.totpSecret = o.totpSecret as string;
  }
  if (mfa?.includes('totp') && out.totpSecret === undefined) problems.push(`${path}.mfa: "totp" needs a totpSecret`);
  if (mfa?.includes('sms') && typeof attributes?.phone_number !== 'string') problems.push(`${path}.mfa: "sms" needs a phone_number attribute`);
  if (mfa?.includes('email') && typeof attributes?.email !== 'string') problems.push(`${path}.mfa: "email" needs an email attribute`);
  return out;
}
