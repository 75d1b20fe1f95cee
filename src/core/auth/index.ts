// Signing in to a Cognito user pool from the editor: the InitiateAuth /
// RespondToAuthChallenge conversation (SRP, password, USER_AUTH, every challenge,
// device remembering) and managed login (authorization code + PKCE, loopback redirect).

export type {
  AuthorizeRequest,
  CodeExchangeInput,
  FirstFactor,
  HostedUiTarget,
  LoopbackOptions,
  LoopbackRedirect,
  SignInAnswer,
  SignInConversation,
  SignInFlow,
  SignInOptions,
  SignInPrompt,
  SignInStep,
  SignInTarget,
} from './types';
export { createSignIn } from './conversation';
export { buildAuthorizeUrl, discoverHostedUiDomain, exchangeCode, openLoopbackRedirect } from './hostedUi';
