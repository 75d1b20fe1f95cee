// A user as GetUser and AdminGetUser describe it: attributes as the strings
// Cognito stores (sub first), and the MFA settings from the sign-in config
// (sign-in/config.ts: `mfa` methods, `status`).

import type { UserConfig } from '../config';

/** The sign-in settings read here (sign-in/config.ts), typed loosely so this file does not depend on their exact types. */
type WithSignIn = UserConfig & { mfa?: readonly string[]; status?: string };

/** UserMFASettingList values (SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP) for the sign-in config's method names. */
const MFA_NAMES: Record<string, string> = { sms: 'SMS_MFA', totp: 'SOFTWARE_TOKEN_MFA', email: 'EMAIL_OTP' };

export function userAttributes(user: UserConfig): { Name: string; Value: string }[] {
  const out = [{ Name: 'sub', Value: user.sub }];
  for (const [name, value] of Object.entries(user.attributes ?? {})) out.push({ Name: name, Value: String(value) });
  return out;
}

/**
 * PreferredMfaSetting and UserMFASettingList. The preferred method is the
 * first one configured (the config has no separate preference; assumption).
 * MFAOptions is the legacy SMS-only setting and is left out.
 */
export function userMfa(user: UserConfig): Record<string, unknown> {
  const list = ((user as WithSignIn).mfa ?? []).flatMap((m: string) => (MFA_NAMES[m] ? [MFA_NAMES[m]] : []));
  if (list.length === 0) return {};
  return { PreferredMfaSetting: list[0], UserMFASettingList: list };
}

export function userStatus(user: UserConfig): string {
  return (user as WithSignIn).status ?? 'CONFIRMED';
}
