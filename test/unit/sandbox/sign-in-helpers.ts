// Client-side helpers for the sign-in tests: a config with a user per flow,
// an SRP client (amazon-cognito-identity-js's AuthenticationHelper, an
// independent implementation of Cognito's SRP, with the signature computed
// here), the test's own RFC 6238 TOTP, and the sandbox's mailbox and clock
// read through its control endpoint. Nothing here comes from src/sandbox
// except its public API.

import { createHmac } from 'node:crypto';
import { demoConfig, type SandboxConfig, type SandboxHandle } from '../../../src/sandbox/index';

export const SIGN_IN_POOL = 'us-east-1_SignIn01';
export const MFA_ON_POOL = 'us-east-1_SignIn02';
export const DEVICE_POOL = 'us-east-1_SignIn03';

export const CLIENTS = {
  public: 'signinpublicclient00000001',
  secret: 'signinsecretclient00000002',
  passwordOnly: 'signinpasswordonly00000003',
  mfaOn: 'signinmfaonclient000000004',
  devices: 'signindevicesclient0000005',
} as const;
export const CLIENT_SECRET = 'signInTestSecretValue000000000000';

/** A fixed TOTP secret (base32) for the TOTP users. */
export const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

export const USERS = {
  plain: { username: '1a000000-0000-4000-8000-000000000001', email: 'plain@example.com', password: 'Plain-Passw0rd!' },
  newPassword: { username: '1a000000-0000-4000-8000-000000000002', email: 'newpw@example.com', password: 'Temp-Passw0rd!' },
  totp: { username: '1a000000-0000-4000-8000-000000000003', email: 'totp@example.com', password: 'Totp-Passw0rd!' },
  sms: { username: '1a000000-0000-4000-8000-000000000004', email: 'sms@example.com', password: 'Sms-Passw0rd!', phone: '+15555550123' },
  emailMfa: { username: '1a000000-0000-4000-8000-000000000005', email: 'emailmfa@example.com', password: 'Email-Passw0rd!' },
  multi: { username: '1a000000-0000-4000-8000-000000000006', email: 'multi@example.com', password: 'Multi-Passw0rd!', phone: '+15555550199' },
  setup: { username: 'setup.user', email: 'setup@example.com', password: 'Setup-Passw0rd!' },
  device: { username: 'device.user', email: 'device@example.com', password: 'Device-Passw0rd!' },
  deviceTotp: { username: 'device.totp', email: 'devicetotp@example.com', password: 'DeviceTotp-Passw0rd!' },
} as const;

const FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] as const;

export function signInConfig(): SandboxConfig {
  const config = demoConfig();
  const sub = (u: { username: string }, n: number) => (u.username.includes('-') ? u.username : `2b000000-0000-4000-8000-00000000000${n}`);
  config.pools.push(
    {
      id: SIGN_IN_POOL,
      name: 'sign-in-tests',
      signInAliases: ['email'],
      mfaConfiguration: 'OPTIONAL',
      allowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'],
      requiredAttributes: ['name'],
      clients: [
        { name: 'sign-in-public', clientId: CLIENTS.public, clientSecret: null, explicitAuthFlows: [...FLOWS] },
        { name: 'sign-in-secret', clientId: CLIENTS.secret, clientSecret: CLIENT_SECRET, explicitAuthFlows: [...FLOWS] },
        { name: 'password-only', clientId: CLIENTS.passwordOnly, clientSecret: null, explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] },
      ],
      users: [
        { ...pick(USERS.plain), sub: USERS.plain.username, attributes: { email: USERS.plain.email, email_verified: true, name: 'Plain' } },
        { ...pick(USERS.newPassword), sub: USERS.newPassword.username, status: 'FORCE_CHANGE_PASSWORD', attributes: { email: USERS.newPassword.email } },
        { ...pick(USERS.totp), sub: USERS.totp.username, mfa: ['totp'], totpSecret: TOTP_SECRET, attributes: { email: USERS.totp.email } },
        { ...pick(USERS.sms), sub: USERS.sms.username, mfa: ['sms'], attributes: { email: USERS.sms.email, phone_number: USERS.sms.phone } },
        { ...pick(USERS.emailMfa), sub: USERS.emailMfa.username, mfa: ['email'], attributes: { email: USERS.emailMfa.email } },
        {
          ...pick(USERS.multi), sub: USERS.multi.username, mfa: ['sms', 'totp'], totpSecret: TOTP_SECRET,
          attributes: { email: USERS.multi.email, phone_number: USERS.multi.phone },
        },
      ],
    },
    {
      id: MFA_ON_POOL,
      name: 'mfa-required',
      mfaConfiguration: 'ON',
      clients: [{ name: 'mfa-on', clientId: CLIENTS.mfaOn, clientSecret: null, explicitAuthFlows: [...FLOWS] }],
      users: [{ ...pick(USERS.setup), sub: sub(USERS.setup, 1), attributes: { email: USERS.setup.email } }],
    },
    {
      id: DEVICE_POOL,
      name: 'device-tracking',
      mfaConfiguration: 'OPTIONAL',
      deviceConfiguration: { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: true },
      clients: [{ name: 'devices', clientId: CLIENTS.devices, clientSecret: null, explicitAuthFlows: [...FLOWS] }],
      users: [
        { ...pick(USERS.device), sub: sub(USERS.device, 2), attributes: { email: USERS.device.email } },
        { ...pick(USERS.deviceTotp), sub: sub(USERS.deviceTotp, 3), mfa: ['totp'], totpSecret: TOTP_SECRET, attributes: { email: USERS.deviceTotp.email } },
      ],
    },
  );
  return config;
}

function pick(u: { username: string; password: string }): { username: string; password: string } {
  return { username: u.username, password: u.password };
}

// ---- SRP, client side, through amazon-cognito-identity-js's AuthenticationHelper ----

interface LibBigInteger { toString(radix: number): string }
interface LibHelper {
  getLargeAValue(cb: (err: Error | null, a: LibBigInteger) => void): void;
  getPasswordAuthenticationKey(user: string, password: string, B: LibBigInteger, salt: LibBigInteger, cb: (err: Error | null, key: Buffer) => void): void;
  generateHashDevice(groupKey: string, deviceKey: string, cb: (err: Error | null) => void): void;
  getSaltDevices(): string;
  getVerifierDevices(): string;
  getRandomPassword(): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = require('amazon-cognito-identity-js') as { AuthenticationHelper: new (poolName: string) => LibHelper };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const BigInteger = (require('amazon-cognito-identity-js/lib/BigInteger') as { default: new (hex: string, radix: number) => LibBigInteger }).default;

export interface SrpClient {
  helper: LibHelper;
  srpA: string;
  /** "pool name" the password is hashed with: the part of the pool id after "_", or the device group key. */
  poolName: string;
}

export async function srpClient(poolName: string): Promise<SrpClient> {
  const helper = new lib.AuthenticationHelper(poolName);
  const A = await new Promise<LibBigInteger>((resolve, reject) => helper.getLargeAValue((e, a) => (e ? reject(e) : resolve(a))));
  return { helper, srpA: A.toString(16), poolName };
}

/** Cognito's TIMESTAMP format, written by the test: "Tue Dec 1 22:59:01 UTC 2026". */
export function cognitoTimestamp(date = new Date()): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${days[date.getUTCDay()]} ${months[date.getUTCMonth()]} ${date.getUTCDate()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`;
}

/** The PASSWORD_VERIFIER (or DEVICE_PASSWORD_VERIFIER) answer for challenge parameters. */
export async function srpAnswer(
  client: SrpClient, userId: string, password: string, params: Record<string, string>, timestamp = cognitoTimestamp(),
): Promise<Record<string, string>> {
  const key = await new Promise<Buffer>((resolve, reject) => client.helper.getPasswordAuthenticationKey(
    userId, password, new BigInteger(params.SRP_B, 16), new BigInteger(params.SALT, 16), (e, k) => (e ? reject(e) : resolve(k)),
  ));
  const signature = createHmac('sha256', key)
    .update(Buffer.concat([Buffer.from(client.poolName, 'utf8'), Buffer.from(userId, 'utf8'), Buffer.from(params.SECRET_BLOCK, 'base64'), Buffer.from(timestamp, 'utf8')]))
    .digest('base64');
  return { USERNAME: userId, PASSWORD_CLAIM_SECRET_BLOCK: params.SECRET_BLOCK, PASSWORD_CLAIM_SIGNATURE: signature, TIMESTAMP: timestamp };
}

/** A device's SRP secret as amazon-cognito-identity-js makes it before ConfirmDevice. */
export async function deviceSecret(groupKey: string, deviceKey: string): Promise<{ password: string; config: { Salt: string; PasswordVerifier: string } }> {
  const helper = new lib.AuthenticationHelper(groupKey);
  await new Promise<void>((resolve, reject) => helper.generateHashDevice(groupKey, deviceKey, (e) => (e ? reject(e) : resolve())));
  return {
    password: helper.getRandomPassword(),
    config: { Salt: Buffer.from(helper.getSaltDevices(), 'hex').toString('base64'), PasswordVerifier: Buffer.from(helper.getVerifierDevices(), 'hex').toString('base64') },
  };
}

// ---- TOTP, the test's own RFC 6238 ----

function base32(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of text.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

export function totp(secret: string, atMs = Date.now(), stepOffset = 0): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 30000) + stepOffset));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const o = mac[19] & 0xf;
  return String((mac.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

// ---- control endpoint ----

export interface Message { username: string; channel: string; destination: string; purpose: string; code: string }

export async function messages(sandbox: SandboxHandle, username?: string): Promise<Message[]> {
  const q = username === undefined ? '' : `?username=${encodeURIComponent(username)}`;
  const res = await fetch(`${sandbox.endpoint}/__sandbox/messages${q}`);
  if (res.status !== 200) throw new Error(`messages: HTTP ${res.status}`);
  return (await res.json()) as Message[];
}

export async function lastCode(sandbox: SandboxHandle, username: string): Promise<Message> {
  const list = await messages(sandbox, username);
  const last = list.at(-1);
  if (!last) throw new Error(`no message for ${username}`);
  return last;
}

export async function advanceClock(sandbox: SandboxHandle, seconds: number): Promise<void> {
  const res = await fetch(`${sandbox.endpoint}/__sandbox/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: seconds }) });
  if (res.status !== 200) throw new Error(`clock: HTTP ${res.status}`);
}
