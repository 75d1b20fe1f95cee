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
export { createSignIn, otpauthUri, SIGN_IN_SESSION_MS, SignInUsageError } from './conversation';
export {
  buildAuthorizeUrl,
  codeChallengeS256,
  createCodeVerifier,
  DEFAULT_CALLBACK_PATH,
  DEFAULT_CALLBACK_TIMEOUT_MS,
  discoverHostedUiDomain,
  exchangeCode,
  explainHostedUiFailure,
  HostedUiError,
  normalizeDomain,
  openLoopbackRedirect,
  postTokenEndpoint,
  signInWithHostedUi,
  TOKEN_ENDPOINT_OPERATION,
  tokenRequestAuth,
  type HostedUiSignInOptions,
} from './hostedUi';
export { callbackTimeoutError, createRedirectWaiter, readCallback, type CallbackReading, type RedirectWaiter, type RedirectWaiterOptions } from './redirect';
export { URI_CALLBACK_PATH, uriCallback, UriRedirects, type ReceivedUri, type UriDelivery, type UriWaitOptions } from './uriRedirects';
