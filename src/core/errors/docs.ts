// AWS documentation pages the catalog links to, in one place. Every URL was
// checked to be a published page (API reference, developer guide, general
// reference, SDK for JavaScript v3 guide).

const API = 'https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference';
const GUIDE = 'https://docs.aws.amazon.com/cognito/latest/developerguide';
const JS_SDK = 'https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide';

export const DOCS = {
  getTokensFromRefreshToken: `${API}/API_GetTokensFromRefreshToken.html`,
  initiateAuth: `${API}/API_InitiateAuth.html`,
  revokeToken: `${API}/API_RevokeToken.html`,
  refreshTokenRotationType: `${API}/API_RefreshTokenRotationType.html`,
  smsConfigurationType: `${API}/API_SmsConfigurationType.html`,
  emailConfigurationType: `${API}/API_EmailConfigurationType.html`,
  adminEnableUser: `${API}/API_AdminEnableUser.html`,

  refreshTokens: `${GUIDE}/amazon-cognito-user-pools-using-the-refresh-token.html`,
  refreshTokenRotation: `${GUIDE}/amazon-cognito-user-pools-using-the-refresh-token.html#using-the-refresh-token-rotation`,
  tokenRevocation: `${GUIDE}/token-revocation.html`,
  verifyingTokens: `${GUIDE}/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html`,
  secretHash: `${GUIDE}/signing-up-users-in-your-app.html#cognito-user-pools-computing-secret-hash`,
  signUpAndConfirm: `${GUIDE}/signing-up-users-in-your-app.html`,
  deviceTracking: `${GUIDE}/amazon-cognito-user-pools-device-tracking.html`,
  authFlows: `${GUIDE}/authentication-implement.html`,
  appClients: `${GUIDE}/user-pool-settings-client-apps.html`,
  waf: `${GUIDE}/user-pool-waf.html`,
  lambdaTriggers: `${GUIDE}/cognito-user-pools-working-with-lambda-triggers.html`,
  preTokenGeneration: `${GUIDE}/user-pool-lambda-pre-token-generation.html`,
  quotas: `${GUIDE}/quotas.html`,
  featurePlans: `${GUIDE}/cognito-sign-in-feature-plans.html`,
  multiRegion: `${GUIDE}/user-pool-multi-region.html`,

  endpoints: 'https://docs.aws.amazon.com/general/latest/gr/cognito.html',

  jsProxies: `${JS_SDK}/node-configuring-proxies.html`,
  jsCertificates: `${JS_SDK}/node-registering-certs.html`,
} as const;
