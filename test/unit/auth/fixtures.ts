// A sandbox config with a user per sign-in path, a controllable clock shared by the sandbox and
// the conversation, the test's own RFC 6238 TOTP, and the sandbox mailbox. Only the sandbox's
// public API is used.

import { createHmac } from 'node:crypto';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { demoConfig, type SandboxConfig, type SandboxHandle } from '../../../src/sandbox/index';
import type { SignInTarget } from '../../../src/core/auth';

export const POOL = 'us-east-1_AuthCore1';
export const MFA_POOL = 'us-east-1_AuthCore2';
export const DEVICE_POOL = 'us-east-1_AuthCore3';
export const CLIENTS = {
  public: 'authcorepublicclient000001',
  secret: 'authcoresecretclient000002',
  passwordOnly: 'authcorepasswordonly000003',
  mfa: 'authcoremfaclient000000004',
  devices: 'authcoredevicesclient00005',
  hosted: 'authcorehostedclient000006',
  hostedSecret: 'authcorehostedsecret000007',
} as const;
export const HOSTED_SCOPES = ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'];
export const SECRET = 'authCoreClientSecret0000000000000000';
export const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

export const USERS = {
  plain: { sub: '3c000000-0000-4000-8000-000000000001', email: 'plain@auth.example', password: 'Plain-Passw0rd!' },
  force: { sub: '3c000000-0000-4000-8000-000000000002', email: 'force@auth.example', password: 'Temp-Passw0rd!' },
  totp: { sub: '3c000000-0000-4000-8000-000000000003', email: 'totp@auth.example', password: 'Totp-Passw0rd!' },
  sms: { sub: '3c000000-0000-4000-8000-000000000004', email: 'sms@auth.example', password: 'Sms-Passw0rd!', phone: '+15555550123' },
  emailMfa: { sub: '3c000000-0000-4000-8000-000000000005', email: 'mail@auth.example', password: 'Mail-Passw0rd!' },
  multi: { sub: '3c000000-0000-4000-8000-000000000006', email: 'multi@auth.example', password: 'Multi-Passw0rd!', phone: '+15555550199' },
  setup: { sub: '3c000000-0000-4000-8000-000000000007', username: 'setup.user', email: 'setup@auth.example', password: 'Setup-Passw0rd!' },
  device: { sub: '3c000000-0000-4000-8000-000000000008', username: 'device.user', email: 'device@auth.example', password: 'Device-Passw0rd!' },
  deviceTotp: { sub: '3c000000-0000-4000-8000-000000000009', username: 'device.totp', email: 'dtotp@auth.example', password: 'DTotp-Passw0rd!' },
} as const;

const FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] as const;

/** `callbackURLs`: the loopback redirect URIs the managed-login clients accept (matched exactly). */
export function authConfig(callbackURLs: string[] = ['http://127.0.0.1/callback']): SandboxConfig {
  const config = demoConfig();
  const u = (x: { sub: string; password: string; username?: string }) => ({ username: x.username ?? x.sub, sub: x.sub, password: x.password });
  config.pools.push(
    {
      id: POOL,
      name: 'auth-core',
      signInAliases: ['email'],
      mfaConfiguration: 'OPTIONAL',
      allowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'],
      requiredAttributes: ['name'],
      clients: [
        { name: 'public', clientId: CLIENTS.public, clientSecret: null, explicitAuthFlows: [...FLOWS] },
        { name: 'secret', clientId: CLIENTS.secret, clientSecret: SECRET, explicitAuthFlows: [...FLOWS] },
        { name: 'password-only', clientId: CLIENTS.passwordOnly, clientSecret: null, explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
        ...(['hosted', 'hostedSecret'] as const).map((k) => ({
          name: k,
          clientId: CLIENTS[k],
          clientSecret: k === 'hostedSecret' ? SECRET : null,
          explicitAuthFlows: ['ALLOW_USER_SRP_AUTH' as const, 'ALLOW_REFRESH_TOKEN_AUTH' as const],
          callbackURLs,
          allowedOAuthFlows: ['code' as const],
          allowedOAuthScopes: HOSTED_SCOPES,
          allowedOAuthFlowsUserPoolClient: true,
        })),
      ],
      users: [
        { ...u(USERS.plain), attributes: { email: USERS.plain.email, email_verified: true, name: 'Plain', phone_number: '+15555550111' } },
        { ...u(USERS.force), status: 'FORCE_CHANGE_PASSWORD', attributes: { email: USERS.force.email } },
        { ...u(USERS.totp), mfa: ['totp'], totpSecret: TOTP_SECRET, attributes: { email: USERS.totp.email } },
        { ...u(USERS.sms), mfa: ['sms'], attributes: { email: USERS.sms.email, phone_number: USERS.sms.phone } },
        { ...u(USERS.emailMfa), mfa: ['email'], attributes: { email: USERS.emailMfa.email } },
        { ...u(USERS.multi), mfa: ['sms', 'totp'], totpSecret: TOTP_SECRET, attributes: { email: USERS.multi.email, phone_number: USERS.multi.phone } },
      ],
    },
    {
      id: MFA_POOL,
      name: 'auth-core-mfa-on',
      mfaConfiguration: 'ON',
      clients: [{ name: 'mfa', clientId: CLIENTS.mfa, clientSecret: SECRET, explicitAuthFlows: [...FLOWS] }],
      users: [{ ...u(USERS.setup), attributes: { email: USERS.setup.email } }],
    },
    {
      id: DEVICE_POOL,
      name: 'auth-core-devices',
      mfaConfiguration: 'OPTIONAL',
      deviceConfiguration: { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: true },
      clients: [{ name: 'devices', clientId: CLIENTS.devices, clientSecret: null, explicitAuthFlows: [...FLOWS] }],
      users: [
        { ...u(USERS.device), attributes: { email: USERS.device.email } },
        { ...u(USERS.deviceTotp), mfa: ['totp'], totpSecret: TOTP_SECRET, attributes: { email: USERS.deviceTotp.email } },
      ],
    },
  );
  return config;
}

/** A clock the test moves; starts at the real time so token checks agree. */
export class Clock {
  private t = Date.now();
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export function sdk(sandbox: SandboxHandle): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({ endpoint: sandbox.endpoint, region: 'us-east-1', maxAttempts: 1 });
}

export function target(sandbox: SandboxHandle, userPoolId: string, clientId: string, extra: Partial<SignInTarget> = {}): SignInTarget {
  return { region: 'us-east-1', userPoolId, clientId, endpoint: sandbox.endpoint, ...extra };
}

function base32(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of text.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** RFC 6238 (SHA-1, 30 s, 6 digits), the test's own. */
export function totp(secret: string, atMs: number, stepOffset = 0): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 30000) + stepOffset));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const o = (mac[19] ?? 0) & 0xf;
  return String((mac.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

export interface Message { username: string; channel: string; destination: string; purpose: string; code: string }

export async function lastCode(sandbox: SandboxHandle, username: string): Promise<Message> {
  const res = await fetch(`${sandbox.endpoint}/__sandbox/messages?username=${encodeURIComponent(username)}`);
  if (res.status !== 200) throw new Error(`messages: HTTP ${res.status}`);
  const list = (await res.json()) as Message[];
  const last = list.at(-1);
  if (!last) throw new Error(`no message for ${username}`);
  return last;
}

export function jwtClaims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}
