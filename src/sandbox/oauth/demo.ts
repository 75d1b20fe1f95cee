// Demo pieces for managed login, session tracking and the IAM operations, for
// demo-config.ts to include (ids fixed so docs and tests can name them; the
// secrets are sandbox-only demo values).
//
// Cognito matches callback URLs exactly, so the demo clients register one
// fixed loopback port: a sign-in must listen on DEMO_MANAGED_LOGIN_CALLBACK.

import type { AppClientConfig } from '../config';
import type { IamCredentialConfig } from '../sessions/config';

export const DEMO_MANAGED_LOGIN_CALLBACK_PORT = 53682;
export const DEMO_MANAGED_LOGIN_CALLBACK = `http://127.0.0.1:${DEMO_MANAGED_LOGIN_CALLBACK_PORT}/callback`;
export const DEMO_MANAGED_LOGIN_PUBLIC_CLIENT_ID = 'sbxmanagedloginpublic00020';
export const DEMO_MANAGED_LOGIN_CONFIDENTIAL_CLIENT_ID = 'sbxmanagedloginsecret00021';
export const DEMO_MANAGED_LOGIN_URI_HANDLER_CLIENT_ID = 'sbxmanagedloginurihandl022';
/**
 * The editor's URI-handler callbacks (`<uriScheme>://<publisher>.<name>/callback`) of desktop VS Code,
 * VS Code Insiders and Code - OSS. In code-server and VS Code for the Web the workbench makes an
 * http(s) URL of its own for each sign-in instead, which no fixed list can hold.
 */
export const DEMO_URI_HANDLER_CALLBACKS = ['vscode', 'vscode-insiders', 'code-oss'].map((scheme) => `${scheme}://cognito-token-debugger.cognito-token-debugger/callback`);

/** Allowed every action. */
export const DEMO_IAM_ACCESS_KEY = { accessKeyId: 'AKIASANDBOXDEMO00001', secretAccessKey: 'sandbox-demo-secret-access-key-not-for-aws' } as const;
/** Allowed DescribeUserPool only: shows the "missing IAM permission" explanation for everything else. */
export const DEMO_IAM_NARROW_ACCESS_KEY = { accessKeyId: 'AKIASANDBOXNARROW001', secretAccessKey: 'sandbox-narrow-secret-access-key-not-for-aws' } as const;

/**
 * Three managed-login clients: a public one with PKCE and rotation, a confidential one
 * (client_secret_basic or _post), both with the loopback callback, and a public one whose
 * callbacks are the editor's URI handler (setting cognitoTokenDebugger.managedLogin.redirect).
 */
export function managedLoginDemoClients(): AppClientConfig[] {
  const common = {
    callbackURLs: [DEMO_MANAGED_LOGIN_CALLBACK],
    logoutURLs: [`http://127.0.0.1:${DEMO_MANAGED_LOGIN_CALLBACK_PORT}/signed-out`],
    allowedOAuthFlows: ['code' as const],
    allowedOAuthFlowsUserPoolClient: true,
    allowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
    supportedIdentityProviders: ['COGNITO'],
  };
  return [
    {
      name: 'managed-login-public', clientId: DEMO_MANAGED_LOGIN_PUBLIC_CLIENT_ID, clientSecret: null,
      explicitAuthFlows: ['ALLOW_USER_SRP_AUTH'], refreshTokenRotation: { feature: 'ENABLED', retryGracePeriodSeconds: 10 }, ...common,
    },
    {
      name: 'managed-login-confidential', clientId: DEMO_MANAGED_LOGIN_CONFIDENTIAL_CLIENT_ID,
      clientSecret: 'sandboxManagedLoginSecretNotForProduction000000',
      explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], refreshTokenRotation: { feature: 'DISABLED' }, ...common,
    },
    {
      name: 'managed-login-uri-handler', clientId: DEMO_MANAGED_LOGIN_URI_HANDLER_CLIENT_ID, clientSecret: null,
      explicitAuthFlows: ['ALLOW_USER_SRP_AUTH'], refreshTokenRotation: { feature: 'ENABLED', retryGracePeriodSeconds: 10 },
      ...common, callbackURLs: [...DEMO_URI_HANDLER_CALLBACKS], logoutURLs: [],
    },
  ];
}

export function demoIamCredentials(): IamCredentialConfig[] {
  return [
    { ...DEMO_IAM_ACCESS_KEY, principalArn: 'arn:aws:iam::123456789012:user/sandbox-admin' },
    { ...DEMO_IAM_NARROW_ACCESS_KEY, principalArn: 'arn:aws:iam::123456789012:user/sandbox-narrow', allow: ['cognito-idp:DescribeUserPool'] },
  ];
}
