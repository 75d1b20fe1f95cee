// The built-in configuration: one pool, four app clients that cover the
// refresh behaviours worth trying, one user. Ids are fixed so demos and docs can
// name them; the secret and password are sandbox-only demo values.

import type { SandboxConfig } from './config';

export const DEMO_POOL_ID = 'us-east-1_SandBox01';
/**
 * A second pool whose tokens carry Cognito's real issuer
 * (https://cognito-idp.us-east-1.amazonaws.com/us-east-1_SandBoxAws), for
 * backend tests that verify with aws-jwt-verify's CognitoJwtVerifier. Its key
 * set is still served by the sandbox only.
 */
export const DEMO_AWS_ISSUER_POOL_ID = 'us-east-1_SandBoxAws';

export function demoConfig(): SandboxConfig {
  return {
    region: 'us-east-1',
    pools: [
      {
        id: DEMO_POOL_ID,
        name: 'cognito-token-debugger-sandbox',
        // Like a pool created with email as the username attribute: people sign
        // in with their email and cognito:username is the sub.
        signInAliases: ['email'],
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
    ],
  };
}
