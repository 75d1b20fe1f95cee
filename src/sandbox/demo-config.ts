// The built-in configuration: one pool, four app clients that cover the
// refresh behaviours worth trying, one user. Ids are fixed so demos and docs can
// name them; the secret and password are sandbox-only demo values.

import type { SandboxConfig, UserConfig } from './config';
import { demoIamCredentials, managedLoginDemoClients } from './oauth/demo';

export const DEMO_POOL_ID = 'us-east-1_SandBox01';
/**
 * A second pool whose tokens carry Cognito's real issuer
 * (https://cognito-idp.us-east-1.amazonaws.com/us-east-1_SandBoxAws), for
 * backend tests that verify with aws-jwt-verify's CognitoJwtVerifier. Its key
 * set is still served by the sandbox only.
 */
export const DEMO_AWS_ISSUER_POOL_ID = 'us-east-1_SandBoxAws';
/**
 * A pool for trying every sign-in flow (USER_SRP_AUTH, USER_PASSWORD_AUTH,
 * USER_AUTH) and challenge: optional MFA, a user per challenge (see
 * DEMO_SIGN_IN_USERS), email and SMS codes in GET /__sandbox/messages.
 */
export const DEMO_SIGN_IN_POOL_ID = 'us-east-1_SandBoxSgn';
/** A pool that tracks devices (NewDeviceMetadata, ConfirmDevice, device SRP). */
export const DEMO_DEVICE_POOL_ID = 'us-east-1_SandBoxDev';
/** The TOTP secret of the demo TOTP users (base32; add it to an authenticator app, or compute codes with RFC 6238). */
export const DEMO_TOTP_SECRET = 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF';

const SIGN_IN_FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] as const;

/** The demo sign-in users, by what they show (all with the demo password). */
export const DEMO_SIGN_IN_USERS = {
  /** No challenge: SRP or password sign-in straight to tokens. */
  srp: 'srp.user@example.com',
  /** SOFTWARE_TOKEN_MFA with DEMO_TOTP_SECRET. */
  totp: 'totp.demo@example.com',
  /** FORCE_CHANGE_PASSWORD: NEW_PASSWORD_REQUIRED, and the attribute "name" is required. Once per sandbox (state file: once). */
  newPassword: 'new.password@example.com',
  /** EMAIL_OTP as MFA (the code in the mailbox); with USER_AUTH, EMAIL_OTP also works as the first factor. */
  emailOtp: 'email.otp@example.com',
  /** SMS_MFA (the code in the mailbox). */
  sms: 'sms.user@example.com',
  /** SMS and TOTP: SELECT_MFA_TYPE. */
  selectMfa: 'select.mfa@example.com',
  /** In the device-tracking pool: TOTP on a new device, device SRP once it is remembered. */
  device: 'device.user@example.com',
} as const;

export function demoConfig(): SandboxConfig {
  return {
    region: 'us-east-1',
    // Access keys the IAM operations (DescribeUserPoolClient, ...) accept: one allowed everything, one only DescribeUserPool.
    iamCredentials: demoIamCredentials(),
    pools: [
      {
        id: DEMO_POOL_ID,
        name: 'cognito-token-debugger-sandbox',
        // Like a pool created with email as the username attribute: people sign
        // in with their email and cognito:username is the sub.
        signInAliases: ['email'],
        userSessionTracking: 'ENABLED',
        clients: [
          {
            name: 'rotating-grace-10s',
            clientId: 'sbxrotate10graceclient0001',
            clientSecret: null,
            explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
            refreshTokenRotation: { feature: 'ENABLED', retryGracePeriodSeconds: 10 },
          },
          {
            name: 'rotating-no-grace',
            clientId: 'sbxrotate0graceclient00002',
            clientSecret: null,
            explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
            refreshTokenRotation: { feature: 'ENABLED', retryGracePeriodSeconds: 0 },
          },
          {
            name: 'no-rotation',
            clientId: 'sbxnorotationclient0000003',
            clientSecret: null,
            explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
            refreshTokenRotation: { feature: 'DISABLED' },
          },
          {
            name: 'confidential-with-secret',
            clientId: 'sbxsecretclient00000000004',
            clientSecret: 'sandboxDemoSecretNotForProduction0000000000000000',
            explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
            refreshTokenRotation: { feature: 'DISABLED' },
          },
        ],
        users: [
          {
            username: '5e7c0a39-2d4b-4f61-9a8e-d3b2c1f0a001',
            sub: '5e7c0a39-2d4b-4f61-9a8e-d3b2c1f0a001',
            password: 'Sandbox-Demo-Passw0rd!',
            attributes: {
              email: 'demo.user@example.com',
              email_verified: true,
              name: 'Demo User',
              'custom:tenant': 'acme',
            },
            groups: ['admins', 'beta-testers'],
          },
        ],
      },
      {
        id: DEMO_AWS_ISSUER_POOL_ID,
        name: 'cognito-token-debugger-sandbox-aws-issuer',
        issuer: 'aws',
        clients: [
          {
            name: 'aws-issuer-no-rotation',
            clientId: 'sbxawsissuerclient00000005',
            clientSecret: null,
            explicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
            refreshTokenRotation: { feature: 'DISABLED' },
          },
        ],
        users: [
          {
            username: 'backend.tester',
            sub: '8a1d6e52-7c3f-4b90-a2e4-f5c6d7b8a002',
            password: 'Sandbox-Demo-Passw0rd!',
            attributes: { email: 'backend.tester@example.com', email_verified: true },
          },
        ],
      },
      {
        id: DEMO_SIGN_IN_POOL_ID,
        name: 'cognito-token-debugger-sandbox-sign-in',
        signInAliases: ['email'],
        mfaConfiguration: 'OPTIONAL',
        allowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'],
        requiredAttributes: ['name'],
        // Session tracking on: ListUserSessions lists this pool's sign-ins (the server view).
        userSessionTracking: 'ENABLED',
        clients: [
          { name: 'sign-in-public', clientId: 'sbxsignindemopublic0000006', clientSecret: null, explicitAuthFlows: [...SIGN_IN_FLOWS], refreshTokenRotation: { feature: 'DISABLED' } },
          // Managed login (authorization code + PKCE) on the sandbox's own origin, callback on a fixed loopback port.
          ...managedLoginDemoClients(),
          {
            name: 'sign-in-with-secret', clientId: 'sbxsignindemosecret0000007', clientSecret: 'sandboxSignInDemoSecretNotForProduction00000000',
            explicitAuthFlows: [...SIGN_IN_FLOWS], refreshTokenRotation: { feature: 'DISABLED' },
          },
        ],
        users: [
          demoUser('6c1e4a20-0000-4000-8000-00000000a101', DEMO_SIGN_IN_USERS.srp, { attributes: { name: 'SRP User' } }),
          demoUser('6c1e4a20-0000-4000-8000-00000000a102', DEMO_SIGN_IN_USERS.totp, { mfa: ['totp'], totpSecret: DEMO_TOTP_SECRET }),
          demoUser('6c1e4a20-0000-4000-8000-00000000a103', DEMO_SIGN_IN_USERS.newPassword, { status: 'FORCE_CHANGE_PASSWORD' }),
          demoUser('6c1e4a20-0000-4000-8000-00000000a104', DEMO_SIGN_IN_USERS.emailOtp, { mfa: ['email'] }),
          demoUser('6c1e4a20-0000-4000-8000-00000000a105', DEMO_SIGN_IN_USERS.sms, { mfa: ['sms'], attributes: { phone_number: '+15555550105' } }),
          demoUser('6c1e4a20-0000-4000-8000-00000000a106', DEMO_SIGN_IN_USERS.selectMfa, {
            mfa: ['sms', 'totp'], totpSecret: DEMO_TOTP_SECRET, attributes: { phone_number: '+15555550106' },
          }),
        ],
      },
      {
        id: DEMO_DEVICE_POOL_ID,
        name: 'cognito-token-debugger-sandbox-devices',
        signInAliases: ['email'],
        mfaConfiguration: 'OPTIONAL',
        deviceConfiguration: { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: false },
        clients: [
          { name: 'devices-public', clientId: 'sbxdevicesdemopublic000008', clientSecret: null, explicitAuthFlows: [...SIGN_IN_FLOWS], refreshTokenRotation: { feature: 'DISABLED' } },
        ],
        users: [
          demoUser('6c1e4a20-0000-4000-8000-00000000a201', DEMO_SIGN_IN_USERS.device, { mfa: ['totp'], totpSecret: DEMO_TOTP_SECRET }),
        ],
      },
    ],
  };
}

function demoUser(id: string, email: string, extra: Partial<UserConfig> & { attributes?: Record<string, string | boolean> }): UserConfig {
  return {
    username: id,
    sub: id,
    password: 'Sandbox-Demo-Passw0rd!',
    ...extra,
    attributes: { email, email_verified: true, ...extra.attributes },
  };
}
