// The explanation catalog: every Cognito exception that GetTokensFromRefreshToken,
// InitiateAuth and RevokeToken can raise (per the installed SDK's model), the
// known NotAuthorizedException messages, transport failures and client-side
// failures. Written for a developer debugging a token refresh; the UI only
// displays what is here.
//
// Text rules: plain sentences, say what Cognito did, most likely cause first,
// steps a tired person can follow. Never include tokens or secrets.

import { DOCS } from './docs';
import type { CatalogEntry, ErrorKind, Retryable } from './types';

interface EntryText {
  readonly title: string;
  readonly whatHappened: string;
  readonly likelyCauses: readonly string[];
  readonly whatToDo: readonly string[];
  readonly docsUrl: string;
  readonly retryable: Retryable;
  /** See Explanation.quiet. */
  readonly quiet?: true;
}

function entry(id: string, name: string, kind: ErrorKind, text: EntryText): CatalogEntry {
  return Object.freeze({
    id,
    name,
    kind,
    title: text.title,
    whatHappened: text.whatHappened,
    likelyCauses: Object.freeze([...text.likelyCauses]) as string[],
    whatToDo: Object.freeze([...text.whatToDo]) as string[],
    docsUrl: text.docsUrl,
    retryable: text.retryable,
    ...(text.quiet ? { quiet: true } : {}),
  });
}

/** An SDK exception: id and name are the exception name. */
function service(name: string, text: EntryText): CatalogEntry {
  return entry(name, name, 'service', text);
}

/** A known message shape of an SDK exception: id is `<name>/<shape>`. */
function shape(name: string, slug: string, text: EntryText): CatalogEntry {
  return entry(`${name}/${slug}`, name, 'service', text);
}

/** "This endpoint does not implement the operation": the refresh service's fallback signal. */
export const UNSUPPORTED_OPERATION_ID = 'transport/unsupported-operation';
/** The session was removed while something (a refresh) was working on it. */
export const SESSION_REMOVED_ID = 'client/session-removed';
/** RefreshTokenReuseException on the extension's own retry after a lost response. */
export const OWN_RETRY_REUSE_ID = 'RefreshTokenReuseException/own-retry-after-lost-response';
/** A lost response the extension did not resend, because the grace period does not provably cover a retry. */
export const RESPONSE_LOST_NOT_RESENT_ID = 'transport/response-lost-not-resent';
/** The key set (JWKS) could not be fetched, so a signature could not be checked. */
export const JWKS_UNREACHABLE_ID = 'transport/jwks-unreachable';

const DESCRIBE_CLIENT = '`aws cognito-idp describe-user-pool-client --user-pool-id <pool id> --client-id <client id> --region <region>`';
const UPDATE_CLIENT_WARNING =
  'update-user-pool-client resets every setting you leave out to its default, so send the current settings (from describe-user-pool-client) together with the change.';

// ---------------------------------------------------------------------------
// SDK exceptions (base entries, used when the message is not a known shape)
// ---------------------------------------------------------------------------

const SERVICE_ENTRIES: readonly CatalogEntry[] = [
  service('ForbiddenException', {
    title: 'Blocked by the user pool\'s AWS WAF web ACL',
    whatHappened:
      'Cognito refused the request before looking at it, because a rule in the AWS WAF web ACL associated with the user pool blocked it. Your tokens were not checked.',
    likelyCauses: [
      'A rate-based rule blocked this IP address after many requests, for example from a refresh loop or a load test.',
      'An IP set, geographic match or managed rule group matches this machine, its VPN or its proxy.',
      'A rule inspects headers such as User-Agent, and requests from Node.js or this extension do not look like what the rule allows.',
    ],
    whatToDo: [
      'Find the web ACL: `aws wafv2 get-web-acl-for-resource --resource-arn <user pool ARN> --region <region>`.',
      'In the AWS WAF console, open the web ACL\'s sampled requests or logs and find this request by time and IP address to see which rule blocked it.',
      'If a rate-based rule fired, stop retrying and wait for the rule\'s evaluation window to pass.',
    ],
    docsUrl: DOCS.waf,
    retryable: 'no',
  }),

  service('InternalErrorException', {
    title: 'Cognito internal error',
    whatHappened:
      'Cognito failed while handling the request (HTTP 500). The fault is on the service side, not in your request.',
    likelyCauses: [
      'A temporary problem inside Amazon Cognito in this Region.',
      'A local emulator or proxy returned HTTP 500 with this error type.',
    ],
    whatToDo: [
      'Retry a few times with exponential backoff and jitter, then stop.',
      'Keep the refresh token you sent: you did not receive a new one. If refresh token rotation is on and every retry fails, sign in again.',
      'If it lasts, check the AWS Health Dashboard for Amazon Cognito in this Region, and give the request ID to AWS Support.',
    ],
    docsUrl: DOCS.getTokensFromRefreshToken,
    retryable: 'with-backoff',
  }),

  service('InvalidLambdaResponseException', {
    title: 'A Lambda trigger returned a response Cognito could not use',
    whatHappened:
      'A Lambda trigger on the user pool ran, but its response was not in the shape Cognito expects, so Cognito stopped. On a token refresh the trigger involved is the pre token generation trigger.',
    likelyCauses: [
      'The pre token generation function returned a malformed event: no `response` object, claim values of the wrong type, or an override structure that does not match the trigger version (V1_0, V2_0 or V3_0).',
      'The handler returned nothing, for example an async handler that never returns the event.',
      'During InitiateAuth sign-in: another trigger (pre authentication, user migration, or a custom auth challenge trigger) returned an invalid response.',
    ],
    whatToDo: [
      'Open the function\'s CloudWatch Logs at the time of this request and look at what it returned.',
      'Return the event object the function received, changing only `event.response`.',
      'Check that the trigger version configured on the user pool matches the response format the code builds.',
    ],
    docsUrl: DOCS.preTokenGeneration,
    retryable: 'no',
  }),

  service('InvalidParameterException', {
    title: 'Cognito rejected a request parameter',
    whatHappened:
      'A parameter was missing, malformed or not allowed for this app client, so Cognito did not try the refresh. The message names the parameter.',
    likelyCauses: [
      'The refresh token string is empty, cut short, or has quotes, spaces or a newline around it (copied from a log or a .env file).',
      'For InitiateAuth: AuthParameters uses the wrong keys. REFRESH_TOKEN_AUTH needs REFRESH_TOKEN, plus SECRET_HASH and DEVICE_KEY when they apply.',
      'The auth flow is not enabled on the app client (Cognito reports "<FLOW> flow not enabled for this client" with this exception).',
      'ClientId is empty or not an app client id.',
    ],
    whatToDo: [
      'Read the message: Cognito names the parameter it rejected.',
      'Log the length and the first few characters of the token you send (never the whole token) to confirm it is complete.',
      'For InitiateAuth, send AuthFlow REFRESH_TOKEN_AUTH with AuthParameters { REFRESH_TOKEN, SECRET_HASH?, DEVICE_KEY? }.',
    ],
    docsUrl: DOCS.getTokensFromRefreshToken,
    retryable: 'no',
  }),

  service('NotAuthorizedException', {
    title: 'Cognito did not accept the credentials',
    whatHappened:
      'Cognito rejected the refresh token, the client secret or the user. Its message usually says which; this particular message is not one the catalog knows.',
    likelyCauses: [
      'The refresh token expired, was revoked, or was issued by a different app client or user pool.',
      'The app client has a client secret and the request did not prove it (missing or wrong ClientSecret or SECRET_HASH).',
      'The user was disabled or deleted after the token was issued.',
      'The auth flow is not enabled for the app client.',
    ],
    whatToDo: [
      'Read the exact message below.',
      'Check that ClientId is the app client that issued the refresh token, in the same user pool and Region.',
      'If nothing fits, sign in again to get a new refresh token and refresh once right away.',
    ],
    docsUrl: DOCS.refreshTokens,
    retryable: 'no',
  }),

  service('OperationNotEnabledException', {
    title: 'Operation not available for this user pool or Region',
    whatHappened:
      'Cognito says this operation is not available in the Region you called, or not with the user pool\'s current configuration. With multi-Region replication this happens when a secondary Region cannot serve the call.',
    likelyCauses: [
      'The request went to a secondary Region of a multi-Region user pool whose replica is not active; a replica handles sign-in and token refresh only when it is active.',
      'The Region or endpoint is not the one you meant to call.',
    ],
    whatToDo: [
      'Compare the Region in the endpoint with the user pool\'s primary Region.',
      'For a multi-Region user pool, check the replica\'s status (ACTIVE or INACTIVE) and send token requests to an active Region.',
    ],
    docsUrl: DOCS.multiRegion,
    retryable: 'no',
  }),

  service('RefreshTokenReuseException', {
    title: 'Refresh token already used (rotation)',
    whatHappened:
      'The app client rotates refresh tokens. This refresh token was already exchanged for a new one and its retry grace period is over, so Cognito refuses it.',
    likelyCauses: [
      'Two refreshes ran at the same time with the same refresh token (two windows, tabs or processes, or a retry racing the first call). One got the new token; the other was refused.',
      'The new refresh token from an earlier refresh was not saved (crash, failed write, lost response), and the old one was sent again.',
      'A retry after a timeout or dropped connection arrived after RetryGracePeriodSeconds (0 to 60 seconds; 0 means no grace period).',
      'A saved copy of the refresh token (test fixture, .env file, another device) is being replayed.',
    ],
    whatToDo: [
      'Do not retry with this refresh token: it will keep failing. Never retry it in a loop.',
      'Sign in again to get a new refresh token.',
      'Make refresh single-flight: one refresh per session at a time, with every caller awaiting the same result.',
      'Save the new refresh token before using the new access token, replacing the old one in one write.',
      'If retries after network errors are expected, set RetryGracePeriodSeconds on the app client (up to 60) and retry with the same token within that window.',
    ],
    docsUrl: DOCS.refreshTokenRotation,
    retryable: 'no',
  }),

  service('ResourceNotFoundException', {
    title: 'App client or user pool not found',
    whatHappened:
      'The app client or user pool in the request does not exist at this endpoint. Cognito resources belong to one Region, so an id that exists in one Region is unknown in another.',
    likelyCauses: [
      'The request went to a different Region than the user pool\'s: the prefix of the user pool id (for example eu-west-1_…) is the Region to call.',
      'The ClientId is mistyped, or the app client was deleted or recreated (a new app client gets a new id).',
      'The request went to a local emulator or another AWS account that does not have this app client.',
    ],
    whatToDo: [
      'Compare the Region setting with the prefix of the user pool id.',
      'List the app clients: `aws cognito-idp list-user-pool-clients --user-pool-id <pool id> --region <region>`.',
      'Check the endpoint URL: a local emulator has its own pools and app clients.',
    ],
    docsUrl: DOCS.endpoints,
    retryable: 'no',
  }),

  service('TooManyRequestsException', {
    title: 'Request rate limit reached',
    whatHappened:
      'Cognito throttled the request: the AWS account went over the request rate quota for this kind of operation in this Region. Sign-in and token refresh calls are counted per account and Region.',
    likelyCauses: [
      'A refresh loop: many clients refreshing at once, or code that refreshes on every request instead of shortly before the access token expires.',
      'Retries after another error without backoff.',
      'Load tests or batch jobs sharing the account\'s quota.',
    ],
    whatToDo: [
      'Back off exponentially with jitter before retrying.',
      'Refresh only when the access token is close to expiry, and share one refresh per session.',
      'Check usage in the Service Quotas console and request an increase if the traffic is real.',
    ],
    docsUrl: DOCS.quotas,
    retryable: 'with-backoff',
  }),

  service('UnexpectedLambdaException', {
    title: 'A Lambda trigger failed or could not be invoked',
    whatHappened:
      'Cognito tried to run a Lambda trigger on the user pool and the invocation failed: the function threw, timed out, or could not be called. On a token refresh this is the pre token generation trigger.',
    likelyCauses: [
      'The function threw an exception or did not answer in time (Cognito waits only a few seconds for a trigger).',
      'The function was deleted or renamed, or its resource policy no longer lets cognito-idp.amazonaws.com invoke it.',
      'Lambda throttled the function (reserved concurrency set to 0 or too low).',
    ],
    whatToDo: [
      'Open the function\'s CloudWatch Logs for this time; look for errors, timeouts and slow cold starts.',
      'Check the function\'s resource-based policy allows lambda:InvokeFunction for the principal cognito-idp.amazonaws.com with the user pool\'s ARN as source.',
      'If it was a timeout or throttle, retry with backoff.',
    ],
    docsUrl: DOCS.lambdaTriggers,
    retryable: 'with-backoff',
  }),

  service('UserLambdaValidationException', {
    title: 'A Lambda trigger rejected the request',
    whatHappened:
      'A Lambda trigger on the user pool threw an error, and Cognito passed the failure on. The message usually contains the trigger name and the text your function threw.',
    likelyCauses: [
      'Your pre token generation (or, during sign-in, pre authentication) function decided to deny this user, for example because of a flag in your own database.',
      'A bug in the function threw an exception for this user\'s attributes or groups.',
    ],
    whatToDo: [
      'Read the message: it carries the text your function threw.',
      'Check the function\'s CloudWatch Logs for this request.',
    ],
    docsUrl: DOCS.lambdaTriggers,
    retryable: 'no',
  }),

  service('UserNotFoundException', {
    title: 'The user does not exist',
    whatHappened:
      'Cognito could not find the user. For a refresh, the user who owns the refresh token was deleted; for a sign-in, the username is wrong.',
    likelyCauses: [
      'The user was deleted after the refresh token was issued (AdminDeleteUser, DeleteUser, or a test cleanup).',
      'During InitiateAuth sign-in: the username does not exist in this user pool (pools that do not hide user existence report it this way).',
      'The request went to a different user pool than the one that holds the user.',
    ],
    whatToDo: [
      'Look the user up: `aws cognito-idp admin-get-user --user-pool-id <pool id> --username <username or sub> --region <region>`.',
      'Drop the stored session and sign in again, or create the user again.',
    ],
    docsUrl: DOCS.getTokensFromRefreshToken,
    retryable: 'no',
  }),

  service('FeatureUnavailableInTierException', {
    title: 'Feature not in the user pool\'s feature plan',
    whatHappened:
      'The request uses a feature that the user pool\'s feature plan (Lite, Essentials or Plus) does not include.',
    likelyCauses: [
      'A sign-in flow that needs a higher plan, such as choice-based sign-in (USER_AUTH), which needs Essentials or higher.',
      'The user pool was moved to a lower plan after the app was built.',
    ],
    whatToDo: [
      'Check the plan: UserPoolTier in `aws cognito-idp describe-user-pool --user-pool-id <pool id>`, or the user pool\'s settings in the console.',
      'Upgrade the plan, or use a flow the current plan includes.',
    ],
    docsUrl: DOCS.featurePlans,
    retryable: 'no',
  }),

  service('InvalidEmailRoleAccessPolicyException', {
    title: 'Cognito may not send email with the configured identity',
    whatHappened:
      'Cognito had to send an email during sign-in (for example a one-time code) and was not allowed to use the Amazon SES identity in the user pool\'s email configuration. A plain token refresh sends no email.',
    likelyCauses: [
      'The SES identity\'s sending authorization policy does not allow Cognito to send from it.',
      'The SES identity in SourceArn was deleted, or is in another Region or account.',
    ],
    whatToDo: [
      'Read EmailConfiguration (SourceArn, EmailSendingAccount) from `aws cognito-idp describe-user-pool --user-pool-id <pool id>`.',
      'Check that the SES identity is verified and its authorization policy lets Cognito send.',
    ],
    docsUrl: DOCS.emailConfigurationType,
    retryable: 'no',
  }),

  service('InvalidSmsRoleAccessPolicyException', {
    title: 'The SMS role may not publish to Amazon SNS',
    whatHappened:
      'Cognito had to send an SMS during sign-in (for example an MFA code), and the IAM role in the user pool\'s SMS configuration may not publish with Amazon SNS. A plain token refresh sends no SMS.',
    likelyCauses: [
      'The role\'s permissions policy does not allow sns:Publish.',
      'The role was changed or replaced after the user pool was configured.',
    ],
    whatToDo: [
      'Find the role: SmsConfiguration.SnsCallerArn in `aws cognito-idp describe-user-pool --user-pool-id <pool id>`.',
      'Allow sns:Publish in the role\'s permissions policy.',
    ],
    docsUrl: DOCS.smsConfigurationType,
    retryable: 'no',
  }),

  service('InvalidSmsRoleTrustRelationshipException', {
    title: 'Cognito cannot assume the SMS role',
    whatHappened:
      'Cognito had to send an SMS during sign-in and could not assume the IAM role in the user pool\'s SMS configuration. A plain token refresh sends no SMS.',
    likelyCauses: [
      'The role\'s trust policy does not trust cognito-idp.amazonaws.com.',
      'The trust policy requires an external ID that differs from SmsConfiguration.ExternalId.',
    ],
    whatToDo: [
      'Compare the role\'s trust policy with SmsConfiguration.ExternalId from `aws cognito-idp describe-user-pool --user-pool-id <pool id>`.',
      'Let cognito-idp.amazonaws.com assume the role, with the matching external ID.',
    ],
    docsUrl: DOCS.smsConfigurationType,
    retryable: 'no',
  }),

  service('InvalidUserPoolConfigurationException', {
    title: 'The user pool configuration does not allow this sign-in',
    whatHappened:
      'Cognito found a problem in the user pool\'s settings while handling the sign-in, so it stopped.',
    likelyCauses: [
      'A sign-in step depends on something that is not set up, such as SMS or email delivery for an MFA or verification step.',
      'A setting was changed while users were signing in.',
    ],
    whatToDo: [
      'Read the message for the setting Cognito names.',
      'Review the MFA, SMS and email settings: `aws cognito-idp describe-user-pool --user-pool-id <pool id>`.',
    ],
    docsUrl: DOCS.initiateAuth,
    retryable: 'no',
  }),

  service('PasswordResetRequiredException', {
    title: 'The user must reset their password',
    whatHappened:
      'Cognito will not sign this user in until they reset their password. This comes from sign-in (InitiateAuth), not from a token refresh.',
    likelyCauses: [
      'An administrator reset the password (AdminResetUserPassword).',
      'The user was imported and has to set a new password first.',
    ],
    whatToDo: [
      'Run the forgot-password flow (ForgotPassword, then ConfirmForgotPassword with the code).',
      'Or, as an administrator: `aws cognito-idp admin-set-user-password --user-pool-id <pool id> --username <username> --password <new password> --permanent`.',
    ],
    docsUrl: DOCS.initiateAuth,
    retryable: 'no',
  }),

  service('UnsupportedOperationException', {
    title: 'Operation not enabled for this app client',
    whatHappened:
      'Cognito says the app client does not allow this operation. For RevokeToken this usually means token revocation is turned off for the app client.',
    likelyCauses: [
      'RevokeToken on an app client whose EnableTokenRevocation is false (it must be turned on for older app clients).',
      'For InitiateAuth: the auth flow is not allowed for this app client (some local emulators report that with this exception).',
    ],
    whatToDo: [
      `Check EnableTokenRevocation and ExplicitAuthFlows: ${DESCRIBE_CLIENT}.`,
      `Turn the setting on with update-user-pool-client. ${UPDATE_CLIENT_WARNING}`,
    ],
    docsUrl: DOCS.tokenRevocation,
    retryable: 'no',
  }),

  service('UserNotConfirmedException', {
    title: 'The user has not confirmed their account',
    whatHappened:
      'Cognito will not sign this user in until the account is confirmed. This comes from sign-in (InitiateAuth), not from a token refresh.',
    likelyCauses: [
      'The user signed up but never entered the confirmation code.',
      'The confirmation code expired or the message never arrived.',
    ],
    whatToDo: [
      'Send a new code with ResendConfirmationCode and confirm with ConfirmSignUp.',
      'Or, as an administrator: `aws cognito-idp admin-confirm-sign-up --user-pool-id <pool id> --username <username>`.',
    ],
    docsUrl: DOCS.signUpAndConfirm,
    retryable: 'no',
  }),

  service('UnauthorizedException', {
    title: 'RevokeToken was not authorized',
    whatHappened:
      'Cognito refused to revoke the token: the request did not prove it came from the app client that issued the token.',
    likelyCauses: [
      'ClientId is not the app client that issued the refresh token.',
      'The app client has a client secret and ClientSecret is missing or wrong.',
      'The token is not a refresh token this app client can revoke (already revoked, expired, or from another user pool).',
    ],
    whatToDo: [
      'Send the ClientId of the app client that issued the token, and its ClientSecret if it has one.',
      'Find that app client id in a token from the same sign-in: `aud` in the ID token, `client_id` in the access token.',
    ],
    docsUrl: DOCS.revokeToken,
    retryable: 'no',
  }),

  service('UnsupportedTokenTypeException', {
    title: 'RevokeToken accepts only refresh tokens',
    whatHappened: 'Cognito refused to revoke the token because it is not a refresh token.',
    likelyCauses: [
      'An access token or ID token was passed as Token.',
      'The token string is cut short or comes from another issuer.',
    ],
    whatToDo: [
      'Pass the refresh token (the encrypted one, with five dot-separated parts) as Token.',
      'To end every session of a user, use GlobalSignOut (with the access token) or AdminUserGlobalSignOut (with AWS credentials).',
    ],
    docsUrl: DOCS.revokeToken,
    retryable: 'no',
  }),
];

// ---------------------------------------------------------------------------
// Known message shapes (matched in rules.ts)
// ---------------------------------------------------------------------------

function authFlowNotEnabled(name: string): CatalogEntry {
  return shape(name, 'auth-flow-not-enabled', {
    title: 'Auth flow not enabled for this app client',
    whatHappened:
      'The app client does not allow the auth flow the request used, so Cognito did not check the credentials.',
    likelyCauses: [
      'The flow\'s ALLOW_ value is missing from the app client\'s ExplicitAuthFlows (USER_PASSWORD_AUTH needs ALLOW_USER_PASSWORD_AUTH, and so on).',
      'The request uses a different app client than the one you configured.',
    ],
    whatToDo: [
      `Check ExplicitAuthFlows: ${DESCRIBE_CLIENT}.`,
      'Add the ALLOW_ value in the console (user pool > App clients > Edit > Authentication flows) or with update-user-pool-client.',
      UPDATE_CLIENT_WARNING,
    ],
    docsUrl: DOCS.authFlows,
    retryable: 'no',
  });
}

function refreshTokenAuthNotAllowed(name: string): CatalogEntry {
  return shape(name, 'refresh-token-auth-not-allowed', {
    title: 'REFRESH_TOKEN_AUTH not allowed for this app client',
    whatHappened:
      'The request refreshed through InitiateAuth with REFRESH_TOKEN_AUTH, and the app client does not allow that flow. App clients with refresh token rotation must refresh through GetTokensFromRefreshToken.',
    likelyCauses: [
      'Refresh token rotation is on for the app client. Rotation requires turning REFRESH_TOKEN_AUTH off, so older refresh code (custom InitiateAuth code, older Amplify versions) stops working.',
      'ALLOW_REFRESH_TOKEN_AUTH was removed from the app client\'s ExplicitAuthFlows.',
    ],
    whatToDo: [
      'Refresh with GetTokensFromRefreshToken (ClientId, RefreshToken, ClientSecret if the client has one, DeviceKey if devices are remembered). It works with rotation on or off.',
      'With rotation on, save the new refresh token it returns, replacing the old one.',
      `Check RefreshTokenRotation and ExplicitAuthFlows: ${DESCRIBE_CLIENT}.`,
    ],
    docsUrl: DOCS.refreshTokenRotation,
    retryable: 'no',
  });
}

const SHAPE_ENTRIES: readonly CatalogEntry[] = [
  // Chosen by `explain` from the attempts (history notes), not from the message.
  entry(OWN_RETRY_REUSE_ID, 'RefreshTokenReuseException', 'service', {
    title: 'The retry after a lost response reused a rotated-out refresh token',
    whatHappened:
      'The first refresh request most likely reached Cognito, which rotated the refresh token, but the response carrying the new refresh token was lost (the connection was reset or timed out). The extension then retried with the same refresh token; the app client\'s retry grace period did not cover that retry, so Cognito refused the token as already used. The only copy of the new refresh token was in the lost response, so this session cannot be recovered.',
    likelyCauses: [
      'The answer to the first request was lost on the way back: a proxy, VPN or network change cut the connection, or the answer took longer than the request timeout.',
      'The app client rotates refresh tokens with a retry grace period of 0 seconds, or one shorter than the time the retry took, so the old token stopped working as soon as Cognito issued the new one.',
      'Less likely: another window or device refreshed the same session at the same moment and received the new token.',
    ],
    whatToDo: [
      'Sign in again to get a new refresh token. This session cannot be recovered.',
      'The extension will not send this refresh token again: a resend cannot succeed, and Cognito treats reuse of an invalidated refresh token as possible theft.',
      'To make lost responses recoverable, set RetryGracePeriodSeconds on the app client (up to 60 seconds): a retry with the same token within that window gets new tokens. ' + UPDATE_CLIENT_WARNING,
      'If responses are lost often, find what cuts the connection (proxy, VPN, sleep), or raise the request timeout.',
    ],
    docsUrl: DOCS.refreshTokenRotation,
    retryable: 'no',
  }),

  shape('NotAuthorizedException', 'refresh-token-expired', {
    title: 'Refresh token expired',
    whatHappened:
      'The refresh token is past its expiry, so Cognito will not issue new tokens from it. Rotation does not extend it: a rotated refresh token keeps the time left on the one it replaced.',
    likelyCauses: [
      'The session is older than the app client\'s refresh token expiration (30 days by default; it can be set from 60 minutes to 10 years).',
      'A refresh token saved long ago (test fixture, .env file, stored session) is being used.',
    ],
    whatToDo: [
      'Sign in again: an expired refresh token cannot be renewed.',
      'In the app, send the user to sign-in when this message comes back, instead of retrying.',
      'If sessions should last longer, raise the app client\'s refresh token expiration (RefreshTokenValidity and TokenValidityUnits).',
    ],
    docsUrl: DOCS.refreshTokens,
    retryable: 'no',
  }),

  shape('NotAuthorizedException', 'refresh-token-revoked', {
    title: 'Refresh token revoked',
    whatHappened:
      'The refresh token was revoked, so Cognito will not use it again. Revoking it also invalidated the access tokens issued from it.',
    likelyCauses: [
      'The user signed out and the app revoked the token (RevokeToken or the revoke endpoint; Amplify does this on signOut).',
      'GlobalSignOut or AdminUserGlobalSignOut ended all of the user\'s sessions.',
      'Another session of the user revoked this one (RevokeUserSession or AdminRevokeUserSession: "Revoke Server Session…" here), or revoked a session linked to it (LINKED).',
      'An administrator disabled the user. Enabling the user again does not bring revoked tokens back.',
    ],
    whatToDo: [
      'Sign in again: a revoked token cannot be restored.',
      'If another window or device signed out, treat this as a sign-out here too.',
    ],
    docsUrl: DOCS.tokenRevocation,
    retryable: 'no',
  }),

  shape('NotAuthorizedException', 'access-token-revoked', {
    title: 'Access token revoked',
    whatHappened:
      'Cognito refused an access token that was revoked. A revoked access token still passes an offline signature and expiry check; only Cognito knows it was revoked.',
    likelyCauses: [
      'The refresh token it was issued from was revoked (RevokeToken, the revoke endpoint, sign-out).',
      'GlobalSignOut or AdminUserGlobalSignOut ended all of the user\'s sessions.',
    ],
    whatToDo: [
      'Refresh: if the refresh token is still valid you get a new access token; if it was revoked too, sign in again.',
      'Where revocation matters, do not rely only on offline JWT checks; ask Cognito (for example with GetUser).',
    ],
    docsUrl: DOCS.tokenRevocation,
    retryable: 'no',
  }),

  shape('NotAuthorizedException', 'invalid-refresh-token', {
    title: 'Cognito does not accept this refresh token',
    whatHappened:
      'Cognito could not match the refresh token to a session of this app client. It gives the same message for several unrelated causes, so check them in order.',
    likelyCauses: [
      'ClientId is not the app client that issued the refresh token; a refresh token only works with the app client that issued it.',
      'The user pool remembers devices and the request lacks the device key: send DeviceKey (GetTokensFromRefreshToken) or DEVICE_KEY (InitiateAuth) from the sign-in that produced this token.',
      'The token came from AdminInitiateAuth with ADMIN_NO_SRP_AUTH and was sent to GetTokensFromRefreshToken on an app client with rotation (reported in aws/aws-sdk-js-v3#7162).',
      'The token belongs to another user pool, Region or endpoint, for example a token from a local emulator sent to AWS, or the reverse.',
      'The token string was damaged: cut short, URL-encoded, wrapped in quotes, or with a trailing newline.',
    ],
    whatToDo: [
      'Decode the ID or access token from the same sign-in: compare `aud` / `client_id` with the ClientId you send, and `iss` with your user pool and Region.',
      'If the user pool remembers devices, store NewDeviceMetadata.DeviceKey from sign-in and send it with every refresh.',
      'Check the token\'s shape: a Cognito refresh token is an encrypted JWT with five dot-separated parts.',
      'If it still fails, sign in again with the same app client and refresh right away to narrow it down.',
    ],
    docsUrl: DOCS.refreshTokens,
    retryable: 'no',
  }),

  shape('NotAuthorizedException', 'client-secret-missing', {
    title: 'The app client has a secret, but none was sent',
    whatHappened:
      'The app client is configured with a client secret and the request did not include proof of it, so Cognito refused the request.',
    likelyCauses: [
      'GetTokensFromRefreshToken was called without ClientSecret, or InitiateAuth without SECRET_HASH in AuthParameters.',
      'The code uses a different app client than intended: one with a secret instead of a public client.',
      'A browser or mobile library (Amplify, amazon-cognito-identity-js) is used with an app client that has a secret; those libraries do not send one.',
    ],
    whatToDo: [
      'GetTokensFromRefreshToken: send the client secret itself as ClientSecret.',
      'InitiateAuth REFRESH_TOKEN_AUTH: send SECRET_HASH = Base64(HMAC-SHA256(key = client secret, message = username + client id)).',
      'For code that runs on users\' devices, use a public app client without a secret.',
    ],
    docsUrl: DOCS.secretHash,
    retryable: 'no',
  }),

  shape('NotAuthorizedException', 'secret-hash-mismatch', {
    title: 'Client secret or SECRET_HASH does not match',
    whatHappened:
      'Cognito checked the secret proof in the request against the app client\'s secret, and it does not match.',
    likelyCauses: [
      'InitiateAuth REFRESH_TOKEN_AUTH: SECRET_HASH was computed with the email or alias the user typed. For refresh it must use Cognito\'s internal username, the `cognito:username` claim of the ID token (a UUID equal to `sub` when users sign in with email or phone).',
      'The client secret is wrong or belongs to another app client (each app client has its own secret).',
      'GetTokensFromRefreshToken: a SECRET_HASH was sent as ClientSecret; this operation takes the secret itself.',
      'The HMAC was built wrong: the message must be username + client id, the key the client secret, the output Base64 (not hex).',
    ],
    whatToDo: [
      'Take the username from the ID token\'s `cognito:username` claim and compute SECRET_HASH again.',
      `Check the secret: ${DESCRIBE_CLIENT} shows ClientSecret.`,
    ],
    docsUrl: DOCS.secretHash,
    retryable: 'no',
  }),

  authFlowNotEnabled('NotAuthorizedException'),
  authFlowNotEnabled('InvalidParameterException'),
  refreshTokenAuthNotAllowed('NotAuthorizedException'),
  refreshTokenAuthNotAllowed('InvalidParameterException'),

  shape('NotAuthorizedException', 'incorrect-username-or-password', {
    title: 'Incorrect username or password',
    whatHappened:
      'Cognito rejected a sign-in. When the user pool hides whether users exist, it uses this same message for an unknown user and for a wrong password.',
    likelyCauses: [
      'The password or the username is wrong.',
      'The user signs in with an email or phone number that the user pool does not accept as a sign-in name.',
      'The user exists in another user pool or Region.',
    ],
    whatToDo: [
      'Check the username and the user pool\'s sign-in attributes (UsernameAttributes, AliasAttributes).',
      'Reset the password if needed; repeated failures block sign-in for a while.',
    ],
    docsUrl: DOCS.initiateAuth,
    retryable: 'no',
  }),

  shape('NotAuthorizedException', 'user-disabled', {
    title: 'User is disabled',
    whatHappened:
      'An administrator disabled this user. Cognito refuses their sign-in and their refresh tokens; disabling also revoked the tokens already issued.',
    likelyCauses: [
      'AdminDisableUser was called, from the console or a script.',
      'An automated process (offboarding, abuse detection) disabled the account.',
    ],
    whatToDo: [
      'Enable the user: `aws cognito-idp admin-enable-user --user-pool-id <pool id> --username <username>`.',
      'Then sign in again: tokens revoked by disabling stay revoked after the user is enabled.',
    ],
    docsUrl: DOCS.adminEnableUser,
    retryable: 'no',
  }),

  shape('NotAuthorizedException', 'password-attempts-exceeded', {
    title: 'Too many failed sign-in attempts',
    whatHappened: 'Cognito is blocking sign-in for this user for a while after repeated wrong passwords.',
    likelyCauses: ['Repeated wrong passwords, from the user or from a script or test.'],
    whatToDo: [
      'Wait before trying again; each further failure makes the wait longer.',
      'Reset the password if it is forgotten.',
    ],
    docsUrl: DOCS.initiateAuth,
    retryable: 'with-backoff',
  }),

  shape('ResourceNotFoundException', 'app-client-not-found', {
    title: 'App client not found at this endpoint',
    whatHappened:
      'Cognito has no app client with this id in the Region (and account) you called. An app client belongs to one user pool in one Region.',
    likelyCauses: [
      'The Region is wrong: the prefix of the user pool id (for example eu-west-1_…) is the Region to call.',
      'The ClientId is mistyped, or the app client was deleted or recreated with a new id.',
      'The request went to a local emulator or another AWS account that does not have this app client.',
    ],
    whatToDo: [
      'Compare the Region setting and the endpoint with the prefix of the user pool id.',
      'List the app clients: `aws cognito-idp list-user-pool-clients --user-pool-id <pool id> --region <region>`.',
      'Check the endpoint URL: a local emulator has its own pools and app clients.',
    ],
    docsUrl: DOCS.endpoints,
    retryable: 'no',
  }),

  shape('ResourceNotFoundException', 'user-pool-not-found', {
    title: 'User pool not found at this endpoint',
    whatHappened: 'Cognito has no user pool with this id in the Region (and account) you called.',
    likelyCauses: [
      'The Region is wrong: the prefix of the user pool id is the Region to call.',
      'The user pool was deleted, or the id is mistyped.',
      'The request went to a local emulator or another AWS account.',
    ],
    whatToDo: [
      'Compare the Region setting and the endpoint with the prefix of the user pool id.',
      'List the user pools: `aws cognito-idp list-user-pools --max-results 60 --region <region>`.',
    ],
    docsUrl: DOCS.endpoints,
    retryable: 'no',
  }),
];

// ---------------------------------------------------------------------------
// Transport failures
// ---------------------------------------------------------------------------

const LOST_RESPONSE_STEPS: readonly string[] = [
  'Retry once with the same refresh token, within the app client\'s retry grace period (RetryGracePeriodSeconds, at most 60 seconds).',
  'If that retry fails with RefreshTokenReuseException, the lost response did rotate the token: sign in again.',
  'If the app client does not rotate refresh tokens, retrying with the same token is safe at any time.',
];

const TRANSPORT_ENTRIES: readonly CatalogEntry[] = [
  entry('transport/dns', 'DNS', 'transport', {
    title: 'Could not resolve the endpoint\'s host name',
    whatHappened:
      'The DNS lookup for the endpoint\'s host name failed, so the request never left this machine. No token was used.',
    likelyCauses: [
      'No network or no DNS right now: offline, VPN reconnecting, captive portal. EAI_AGAIN is usually temporary.',
      'A typo in the endpoint URL or the Region, so the host name does not exist (Regions look like us-east-1, with dashes).',
      'An emulator host name, such as a Docker service name, that only resolves inside its own network.',
    ],
    whatToDo: [
      'Check the host name resolves: `nslookup cognito-idp.<region>.amazonaws.com`.',
      'Check the Region and endpoint settings for typos.',
      'For an emulator, use an address this machine can reach, such as http://localhost:9229.',
    ],
    docsUrl: DOCS.endpoints,
    retryable: 'with-backoff',
  }),

  entry('transport/connection-refused', 'ECONNREFUSED', 'transport', {
    title: 'Connection refused',
    whatHappened:
      'The host was reached, but nothing accepted connections on that port. The request never reached a server, so no token was used.',
    likelyCauses: [
      'A local emulator (cognito-local, moto, LocalStack) is not running, or listens on another port.',
      'The endpoint URL has the wrong port.',
      'A firewall or proxy rejects the connection.',
    ],
    whatToDo: [
      'Start the emulator and check its port (cognito-local uses 9229 by default, LocalStack 4566).',
      'Check the port in the endpoint setting.',
    ],
    docsUrl: DOCS.endpoints,
    retryable: 'with-backoff',
  }),

  entry('transport/network-unreachable', 'EHOSTUNREACH', 'transport', {
    title: 'Network unreachable',
    whatHappened: 'This machine has no route to the endpoint, so the request was not sent. No token was used.',
    likelyCauses: [
      'The machine is offline, or a VPN changed the routes.',
      'The network only allows traffic through an HTTP proxy.',
      'The host name resolves to an address family (IPv6 or IPv4) this network cannot reach.',
    ],
    whatToDo: [
      'Check connectivity: `curl -v https://cognito-idp.<region>.amazonaws.com/`.',
      'If the network needs a proxy, set VS Code\'s http.proxy setting or give the SDK an agent that uses the proxy.',
    ],
    docsUrl: DOCS.jsProxies,
    retryable: 'with-backoff',
  }),

  entry('transport/connect-timeout', 'ConnectTimeout', 'transport', {
    title: 'Timed out connecting to the endpoint',
    whatHappened:
      'No connection to the endpoint could be opened in time, so the request was not sent. No token was used.',
    likelyCauses: [
      'A firewall or network that silently drops outgoing HTTPS.',
      'A corporate network that requires an HTTP proxy.',
      'A wrong endpoint host that points at an address that never answers.',
    ],
    whatToDo: [
      'Try the same endpoint from this machine: `curl -v https://cognito-idp.<region>.amazonaws.com/`.',
      'If the network needs a proxy, set VS Code\'s http.proxy setting or give the SDK an agent that uses the proxy.',
      'Check the endpoint host and port.',
    ],
    docsUrl: DOCS.jsProxies,
    retryable: 'with-backoff',
  }),

  entry('transport/timeout', 'Timeout', 'transport', {
    title: 'Timed out after the request was sent',
    whatHappened:
      'The request was sent, but no complete response arrived in time. Cognito may have processed it: with refresh token rotation on, a new refresh token may have been issued and lost with the response.',
    likelyCauses: [
      'A slow or unstable network (mobile hotspot, VPN).',
      'A proxy or load balancer holding the request.',
      'A request timeout set too short for this network.',
      'A slow pre token generation Lambda trigger.',
    ],
    whatToDo: [...LOST_RESPONSE_STEPS, 'If the request timeout is below a few seconds, raise it.'],
    docsUrl: DOCS.refreshTokenRotationType,
    retryable: 'same-token-within-grace',
  }),

  entry('transport/connection-reset', 'ECONNRESET', 'transport', {
    title: 'Connection dropped before the response arrived',
    whatHappened:
      'The connection was closed (reset or hung up) after the request may have been sent. Cognito may have processed it: with refresh token rotation on, a new refresh token may have been issued and lost with the response.',
    likelyCauses: [
      'A proxy, VPN or firewall that cuts connections.',
      'A reused keep-alive connection that the server had already closed.',
      'A local emulator that crashed or restarted while handling the request.',
      'A network change: Wi-Fi switch, laptop sleep.',
    ],
    whatToDo: [...LOST_RESPONSE_STEPS, 'For a local emulator, check its log for a crash at this time.'],
    docsUrl: DOCS.refreshTokenRotationType,
    retryable: 'same-token-within-grace',
  }),

  entry('transport/tls', 'TLS', 'transport', {
    title: 'TLS certificate or handshake failed',
    whatHappened:
      'The secure connection to the endpoint could not be set up, so the request was not sent. No token was used.',
    likelyCauses: [
      'A corporate proxy or antivirus intercepts HTTPS with its own certificate authority (SELF_SIGNED_CERT_IN_CHAIN, UNABLE_TO_GET_ISSUER_CERT_LOCALLY).',
      'The endpoint URL uses https:// for a server that speaks plain HTTP, such as a local emulator (EPROTO, "wrong version number").',
      'A local emulator uses a self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT).',
      'The machine\'s clock is wrong, so valid certificates look expired or not yet valid (CERT_HAS_EXPIRED, CERT_NOT_YET_VALID).',
      'The host name does not match the certificate (ERR_TLS_CERT_ALTNAME_INVALID), often with a custom endpoint URL.',
    ],
    whatToDo: [
      'For a local emulator, use http:// unless the emulator is set up for HTTPS.',
      'Behind an intercepting proxy, trust its CA certificate: keep VS Code\'s http.systemCertificates setting on, or set NODE_EXTRA_CA_CERTS to the CA file before starting VS Code.',
      'Check the system clock.',
      'Do not turn certificate checks off to get past this.',
    ],
    docsUrl: DOCS.jsCertificates,
    retryable: 'no',
  }),

  // Chosen by `explain` from the attempts (a lost response the refresh service did not resend).
  entry(RESPONSE_LOST_NOT_RESENT_ID, 'ResponseLost', 'transport', {
    title: 'Response lost; the refresh token was not sent again',
    whatHappened:
      'The refresh request may have reached Cognito, but no answer came back (the connection was reset or timed out). The extension did not resend the refresh token, because the app client\'s retry grace period does not provably cover a retry (rotation with a 0-second grace period, or rotation and grace period unknown). If Cognito did process the request, it has already replaced the refresh token, and the new one was lost with the answer.',
    likelyCauses: [
      'A proxy, VPN or firewall that cuts connections, or a network change (Wi-Fi switch, sleep).',
      'An answer slower than the request timeout: a slow network or a slow pre token generation Lambda trigger.',
      'A local emulator that crashed or restarted while handling the request.',
    ],
    whatToDo: [
      'Sign in again: it is the safe way to a working session.',
      'Until then, treat this refresh token as possibly rotated out: if Cognito received the request, the next refresh with it (this extension\'s or your app\'s, if the app holds the same token) fails with RefreshTokenReuseException. If Cognito never received it, the token still works.',
      'Why no resend: if the token was rotated out, a resend cannot succeed, and Cognito treats reuse of an invalidated refresh token as possible theft.',
      'If the app client rotates with a grace period, set the session\'s rotation setting (rotation on, with its RetryGracePeriodSeconds), so the extension knows when a retry is covered.',
    ],
    docsUrl: DOCS.refreshTokenRotation,
    retryable: 'no',
  }),

  // Used by `explainKeySetUnreachable`: the title there names the URL.
  entry(JWKS_UNREACHABLE_ID, 'KeySetUnreachable', 'transport', {
    title: 'Could not check: keys unreachable',
    whatHappened:
      'The signature could not be checked, because the key set (JWKS) that holds the user pool\'s public keys could not be fetched. This says nothing about the token: it is neither verified nor shown to be forged.',
    likelyCauses: [
      'No network, a DNS failure, or a proxy or firewall blocking the request.',
      'A local endpoint (the sandbox or an emulator) that is not running.',
      'The key set URL is wrong: the session\'s endpoint or the token\'s issuer points at a server without /.well-known/jwks.json.',
    ],
    whatToDo: [
      'Open the key set URL with curl or a browser to see what answers.',
      'Reconnect, or start the sandbox or emulator, and verify again.',
      'Check the session\'s endpoint and the token\'s `iss` claim.',
    ],
    docsUrl: DOCS.verifyingTokens,
    retryable: 'with-backoff',
  }),

  entry(UNSUPPORTED_OPERATION_ID, 'UnknownOperation', 'transport', {
    title: 'This endpoint does not support the operation',
    whatHappened:
      'The server at this endpoint answered, but not with a Cognito API answer to this operation: it said the operation is unknown or not implemented, or it sent something else (an HTML page, plain text, or an error without a Cognito error type). Local emulators do this for operations they lack, such as GetTokensFromRefreshToken, which Cognito added in April 2025. Nothing was refreshed and the refresh token was not used up.',
    likelyCauses: [
      'A local emulator such as cognito-local or moto that does not implement GetTokensFromRefreshToken (moto answers it with an HTML error page and HTTP 500).',
      'The endpoint URL points at something that is not the Cognito user pools API: wrong host, port or path, the hosted UI or managed login domain, or the identity pools endpoint (cognito-identity) instead of cognito-idp.',
      'A proxy, captive portal or gateway that answers with its own page, or forwards only some operations.',
    ],
    whatToDo: [
      'Use the older refresh path: InitiateAuth with AuthFlow REFRESH_TOKEN_AUTH and AuthParameters { REFRESH_TOKEN } (plus SECRET_HASH and DEVICE_KEY when needed). With the refresh method "automatic", the extension does this itself; emulators usually support it, and it never returns a new refresh token.',
      'Or upgrade to an emulator version that implements the operation.',
      'Check that the endpoint URL is the Cognito user pools API (cognito-idp) with no path: for AWS, https://cognito-idp.<region>.amazonaws.com. Request it with curl to see what answers.',
    ],
    docsUrl: DOCS.refreshTokens,
    retryable: 'no',
  }),

  entry('transport/gateway-error', 'Gateway', 'transport', {
    title: 'A proxy or gateway answered with an error',
    whatHappened:
      'An HTTP 502, 503 or 504 came back without a Cognito error body, so it came from something between this machine and Cognito (a proxy, load balancer or emulator front end). The request may or may not have reached Cognito.',
    likelyCauses: [
      'A corporate proxy that could not reach AWS, or gave up waiting.',
      'A reverse proxy in front of a local emulator whose backend is down.',
      'A temporary outage.',
    ],
    whatToDo: [
      'Retry after a short wait, with the same refresh token (within the retry grace period if the app client rotates refresh tokens).',
      'Check the proxy\'s logs, or compare with a request that bypasses the proxy.',
    ],
    docsUrl: DOCS.jsProxies,
    retryable: 'same-token-within-grace',
  }),

];

// ---------------------------------------------------------------------------
// Client-side failures (nothing sent, or cancelled here)
// ---------------------------------------------------------------------------

const CLIENT_ENTRIES: readonly CatalogEntry[] = [
  entry('client/region', 'Region', 'client', {
    title: 'Region missing or not valid',
    whatHappened:
      'The SDK could not build the endpoint because the Region is missing or is not a valid Region name. Nothing was sent.',
    likelyCauses: [
      'No Region in the settings, and none in AWS_REGION or the AWS config file.',
      'A Region with a typo or spaces; valid names look like us-east-1.',
    ],
    whatToDo: ['Set the Region to the prefix of your user pool id (the part before the underscore).'],
    docsUrl: DOCS.endpoints,
    retryable: 'no',
  }),

  entry('client/invalid-endpoint', 'InvalidURL', 'client', {
    title: 'The endpoint URL is not valid',
    whatHappened: 'The endpoint setting is not a valid URL, so nothing was sent.',
    likelyCauses: [
      'The scheme is missing: write http://localhost:9229, not localhost:9229.',
      'Spaces or quotes around the URL.',
    ],
    whatToDo: [
      'Use a full URL with scheme, host and port, and no path: https://cognito-idp.<region>.amazonaws.com or http://localhost:9229.',
    ],
    docsUrl: DOCS.endpoints,
    retryable: 'no',
  }),

  entry('client/credentials', 'CredentialsProviderError', 'client', {
    title: 'The SDK looked for AWS credentials it does not need',
    whatHappened:
      'The SDK tried to sign the request and found no AWS credentials. GetTokensFromRefreshToken, InitiateAuth and RevokeToken need no AWS credentials, so the problem is the SDK setup, not your token.',
    likelyCauses: [
      'SDK version 3.794.0 of @aws-sdk/client-cognito-identity-provider signed GetTokensFromRefreshToken by mistake (aws/aws-sdk-js-v3#7030).',
      'Custom middleware or client configuration that forces request signing.',
    ],
    whatToDo: [
      'Update @aws-sdk/client-cognito-identity-provider.',
      'Remove custom signing configuration for these operations.',
    ],
    docsUrl: DOCS.getTokensFromRefreshToken,
    retryable: 'no',
  }),

  entry('client/aborted', 'AbortError', 'client', {
    title: 'Request cancelled',
    whatHappened:
      'The request was cancelled before a response arrived. If it had already been sent, Cognito may have processed it; with refresh token rotation on, a new refresh token may have been issued.',
    likelyCauses: [
      'The operation was cancelled from the UI, or the window was closed.',
      'An AbortSignal timeout in the calling code fired.',
    ],
    whatToDo: [
      'Refresh again with the same refresh token; with rotation on, do it within the retry grace period.',
      'If that fails with RefreshTokenReuseException, sign in again.',
    ],
    docsUrl: DOCS.refreshTokenRotationType,
    retryable: 'same-token-within-grace',
  }),

  // SessionNotFoundError from src/core/sessions/store.ts: removed while a refresh was in flight.
  entry(SESSION_REMOVED_ID, 'SessionNotFoundError', 'client', {
    title: 'The session was removed',
    whatHappened:
      'The session was removed while this operation was working on it, so there was nothing left to update. Nothing else went wrong.',
    likelyCauses: ['The session was removed, in this window or another one, while its refresh was in flight.'],
    whatToDo: ['Nothing. If it was removed by mistake, add it again: what the refresh received was discarded with the session.'],
    docsUrl: DOCS.refreshTokens,
    retryable: 'no',
    quiet: true,
  }),

  // Thrown by src/core/refresh/operations.ts.
  entry('client/missing-username', 'MissingUsernameError', 'client', {
    title: 'SECRET_HASH needs the internal username',
    whatHappened:
      'The app client has a secret, so InitiateAuth REFRESH_TOKEN_AUTH needs a SECRET_HASH, which is computed over the user\'s internal username. The session does not know it, so nothing was sent.',
    likelyCauses: [
      'The session was created from a refresh token alone, without an ID token or username.',
    ],
    whatToDo: [
      'Set the session\'s username to the ID token\'s `cognito:username` claim (not the email the user typed), or keep the ID token in the session.',
      'Or refresh with GetTokensFromRefreshToken, which takes the client secret itself and needs no username.',
    ],
    docsUrl: DOCS.secretHash,
    retryable: 'no',
  }),

  // Thrown by src/core/refresh/operations.ts.
  entry('client/no-authentication-result', 'UnexpectedResponseError', 'client', {
    title: 'Cognito answered without tokens',
    whatHappened:
      'The call succeeded but the response had no AuthenticationResult, so there were no tokens to store.',
    likelyCauses: [
      'Cognito answered with a challenge (ChallengeName) instead of tokens, which refresh flows do not expect.',
      'A local emulator returned an incomplete response.',
    ],
    whatToDo: [
      'Check the output channel for the response shape (tokens are never logged).',
      'With an emulator, compare its response with the API reference.',
    ],
    docsUrl: DOCS.getTokensFromRefreshToken,
    retryable: 'no',
  }),
];

// ---------------------------------------------------------------------------
// Fallbacks
// ---------------------------------------------------------------------------

export const UNRECOGNIZED_SERVICE_ID = 'service/unrecognized';
export const SERVICE_UNAVAILABLE_ID = 'service/unavailable';
export const UNKNOWN_ID = 'unknown';

const FALLBACK_ENTRIES: readonly CatalogEntry[] = [
  entry(SERVICE_UNAVAILABLE_ID, 'ServiceUnavailable', 'service', {
    title: 'Service temporarily unavailable',
    whatHappened:
      'The endpoint answered HTTP 503 (ServiceUnavailable): it could not take the request right now, so the request was not processed.',
    likelyCauses: [
      'A temporary problem or overload of Amazon Cognito in this Region.',
      'A local emulator that is starting or restarting.',
    ],
    whatToDo: [
      'Retry a few times with exponential backoff and jitter, then stop.',
      'If it lasts, check the AWS Health Dashboard for Amazon Cognito in this Region.',
    ],
    docsUrl: DOCS.endpoints,
    retryable: 'with-backoff',
  }),

  entry(UNRECOGNIZED_SERVICE_ID, 'Unrecognized', 'service', {
    title: 'Unrecognized service error',
    whatHappened:
      'The endpoint answered with an error this catalog does not know. The name and message below are exactly what it sent.',
    likelyCauses: [
      'An exception added to Cognito after this version of the extension.',
      'A local emulator or proxy with its own error names.',
    ],
    whatToDo: [
      'Read the name and message below.',
      'Look the name up in the Cognito API reference; give the request ID to AWS Support if you contact them.',
    ],
    docsUrl: DOCS.getTokensFromRefreshToken,
    retryable: 'no',
  }),

  entry(UNKNOWN_ID, 'Error', 'unknown', {
    title: 'Unexpected error',
    whatHappened:
      'Something failed that is neither a Cognito answer nor a known network error. The name and message below are what was thrown.',
    likelyCauses: ['A bug in the calling code or in a library.', 'A problem in the environment, such as memory or file access.'],
    whatToDo: [
      'Read the name and message below; the output channel has more detail.',
      'Report it with the steps that led to it.',
    ],
    docsUrl: DOCS.getTokensFromRefreshToken,
    retryable: 'no',
  }),
];

// ---------------------------------------------------------------------------
// The server view (src/core/server): ListUserSessions, GetUser, DescribeUserPoolClient, ...
// Chosen by src/core/server/failure.ts, which fills in the action and resource it parsed.
// ---------------------------------------------------------------------------

/** AccessDeniedException: the AWS credentials lack an IAM permission. */
export const SERVER_ACCESS_DENIED_ID = 'service/access-denied';
/** No AWS credentials found for an operation that needs them. */
export const SERVER_NO_CREDENTIALS_ID = 'client/no-aws-credentials';
/** The AWS credentials were refused (unknown key, bad signature, expired session). */
export const SERVER_INVALID_CREDENTIALS_ID = 'service/invalid-aws-credentials';
/** The access token sent to ListUserSessions, GetUser, ... is not one Cognito accepts ("Invalid Access Token"). */
export const SERVER_INVALID_ACCESS_TOKEN_ID = 'NotAuthorizedException/invalid-access-token';
/** The access token sent to ListUserSessions, GetUser, ... has expired. */
export const SERVER_ACCESS_TOKEN_EXPIRED_ID = 'NotAuthorizedException/access-token-expired';

const IAM_DOCS = 'https://docs.aws.amazon.com/cognito/latest/developerguide/security-iam.html';
const CREDENTIALS_DOCS = 'https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/setting-credentials-node.html';

const SERVER_ENTRIES: readonly CatalogEntry[] = [
  entry(SERVER_ACCESS_DENIED_ID, 'AccessDeniedException', 'service', {
    title: 'Missing IAM permission',
    whatHappened:
      'Cognito refused the request because the AWS identity that signed it is not allowed to call this operation on this user pool. Your tokens are not involved: this is about the AWS credentials.',
    likelyCauses: [
      'The IAM user or role has no policy that allows this cognito-idp action on the user pool\'s ARN.',
      'A permissions boundary, a service control policy or an explicit Deny blocks it.',
      'The credentials belong to another AWS account or profile than the one that owns the user pool.',
    ],
    whatToDo: [
      'Add a policy statement that allows the action on the user pool ARN, for example {"Effect":"Allow","Action":["cognito-idp:DescribeUserPoolClient"],"Resource":"arn:aws:cognito-idp:<region>:<account>:userpool/<pool id>"}.',
      'Check which identity is used: `aws sts get-caller-identity --profile <profile>`.',
      'The optional read-only actions this view uses: DescribeUserPool, DescribeUserPoolClient, GetUserPoolSessionConfiguration, GetUserPoolClientSessionConfiguration, AdminListUserSessions, AdminGetUser.',
    ],
    docsUrl: IAM_DOCS,
    retryable: 'no',
  }),

  entry(SERVER_NO_CREDENTIALS_ID, 'CredentialsProviderError', 'client', {
    title: 'No AWS credentials for the client configuration',
    whatHappened:
      'Reading the app client\'s and the user pool\'s configuration needs AWS credentials (IAM), and the SDK found none. Everything that works with the user\'s own tokens keeps working; only the configuration is not shown.',
    likelyCauses: [
      'No default credentials on this machine: no AWS_PROFILE or AWS_ACCESS_KEY_ID environment variables, no [default] profile in ~/.aws/credentials or ~/.aws/config.',
      'The named profile chosen for this session does not exist, or its SSO login has expired.',
    ],
    whatToDo: [
      'Choose a named profile for the session (Edit Session), or set AWS_PROFILE before starting VS Code.',
      'For an SSO profile, run `aws sso login --profile <profile>` and try again.',
      'The extension never stores AWS credentials; it uses the SDK\'s default credential chain or the profile you name.',
    ],
    docsUrl: CREDENTIALS_DOCS,
    retryable: 'no',
  }),

  entry(SERVER_INVALID_CREDENTIALS_ID, 'UnrecognizedClientException', 'service', {
    title: 'The AWS credentials were refused',
    whatHappened:
      'The request was signed, but AWS did not accept the credentials: the access key is unknown, the signature did not match, or the temporary credentials have expired.',
    likelyCauses: [
      'Temporary credentials (SSO, an assumed role, a session token) have expired.',
      'The access key was deleted or deactivated, or the secret key does not belong to it.',
      'The machine\'s clock is far off, so the signature\'s time is outside what AWS accepts.',
    ],
    whatToDo: [
      'Refresh the credentials: `aws sso login --profile <profile>`, or get new keys for the profile.',
      'Check them with `aws sts get-caller-identity --profile <profile>`.',
    ],
    docsUrl: CREDENTIALS_DOCS,
    retryable: 'no',
  }),

  entry(SERVER_INVALID_ACCESS_TOKEN_ID, 'NotAuthorizedException', 'service', {
    title: 'Cognito does not accept this access token',
    whatHappened:
      'Cognito could not use the access token sent to list sessions or read the user: it is not an access token this user pool issued, or it was changed.',
    likelyCauses: [
      'An ID token was sent where an access token belongs.',
      'The token comes from another user pool, Region or endpoint than the one the request went to (for example a sandbox that was restarted with new keys).',
      'The token was edited or cut off, so its signature no longer matches.',
    ],
    whatToDo: [
      'Refresh the session to get a new access token, then try again.',
      'Check that the session\'s Region and endpoint are the ones that issued its tokens (the iss claim).',
    ],
    docsUrl: DOCS.verifyingTokens,
    retryable: 'no',
  }),

  entry(SERVER_ACCESS_TOKEN_EXPIRED_ID, 'NotAuthorizedException', 'service', {
    title: 'Access token expired',
    whatHappened:
      'The access token sent to Cognito is past its expiry, so Cognito would not list the user\'s sessions or read the user with it.',
    likelyCauses: ['The session has not been refreshed since the access token expired (1 hour by default).'],
    whatToDo: ['Refresh the session to get a new access token, then try again.'],
    docsUrl: DOCS.tokenRevocation,
    retryable: 'no',
  }),
];

// ---------------------------------------------------------------------------
// Signing in (src/core/auth): RespondToAuthChallenge, AssociateSoftwareToken,
// VerifySoftwareToken, ConfirmDevice, and the managed-login (OAuth 2.0) endpoints.
// ---------------------------------------------------------------------------

const SIGN_IN_API = 'https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference';
const SIGN_IN_GUIDE = 'https://docs.aws.amazon.com/cognito/latest/developerguide';
const SIGN_IN_DOCS = {
  respondToAuthChallenge: `${SIGN_IN_API}/API_RespondToAuthChallenge.html`,
  associateSoftwareToken: `${SIGN_IN_API}/API_AssociateSoftwareToken.html`,
  verifySoftwareToken: `${SIGN_IN_API}/API_VerifySoftwareToken.html`,
  confirmDevice: `${SIGN_IN_API}/API_ConfirmDevice.html`,
  authFlows: `${SIGN_IN_GUIDE}/amazon-cognito-user-pools-authentication-flow-methods.html`,
  mfa: `${SIGN_IN_GUIDE}/user-pool-settings-mfa.html`,
  totp: `${SIGN_IN_GUIDE}/user-pool-settings-mfa-totp.html`,
  passwords: `${SIGN_IN_GUIDE}/user-pool-settings-policies.html`,
  tokenEndpoint: `${SIGN_IN_GUIDE}/token-endpoint.html`,
  authorizeEndpoint: `${SIGN_IN_GUIDE}/authorization-endpoint.html`,
  revokeEndpoint: `${SIGN_IN_GUIDE}/revocation-endpoint.html`,
  managedLogin: `${SIGN_IN_GUIDE}/cognito-user-pools-managed-login.html`,
  pkce: `${SIGN_IN_GUIDE}/using-pkce-in-authorization-code.html`,
} as const;

/** NotAuthorizedException "Invalid session for the user, session is expired.": the 3-minute sign-in Session string ran out. */
export const SIGN_IN_SESSION_EXPIRED_ID = 'NotAuthorizedException/sign-in-session-expired';
/** NotAuthorizedException "Invalid session for the user." (a Session string used twice, or from another sign-in). */
export const SIGN_IN_SESSION_INVALID_ID = 'NotAuthorizedException/sign-in-session-invalid';
/** ResourceNotFoundException "Device does not exist.": a remembered device key Cognito no longer knows. */
export const DEVICE_NOT_FOUND_ID = 'ResourceNotFoundException/device-not-found';
/** Cognito asked for a challenge the editor cannot answer (CUSTOM_CHALLENGE, WEB_AUTHN, an unknown one). */
export const UNSUPPORTED_CHALLENGE_ID = 'client/unsupported-challenge';
/** The user chose WEB_AUTHN (passkeys), which needs a browser's WebAuthn API. */
export const PASSKEY_IN_EDITOR_ID = 'client/passkey-in-editor';
/** The SRP parameters Cognito sent were unusable (not hex, B = 0 mod N). */
export const SRP_PARAMETERS_ID = 'client/srp-parameters';
/** The sign-in completed without a refresh token. */
export const SIGN_IN_NO_REFRESH_TOKEN_ID = 'client/sign-in-no-refresh-token';
/** Managed login: the redirect came back with another `state` than the one sent. */
export const OAUTH_STATE_MISMATCH_ID = 'client/oauth-state-mismatch';
/** Managed login: no redirect reached the loopback listener in time. */
export const OAUTH_CALLBACK_TIMEOUT_ID = 'client/oauth-callback-timeout';
/** Managed login: the fixed loopback port is taken. */
export const OAUTH_PORT_IN_USE_ID = 'client/oauth-port-in-use';
/** The token endpoint answered with something that is not an OAuth token or error response. */
export const OAUTH_NOT_TOKEN_RESPONSE_ID = 'transport/oauth-not-token-response';
/** Base entry for OAuth 2.0 errors: an `error` code this catalog does not know. */
export const OAUTH_ERROR_BASE_ID = 'oauth';

/** The OAuth 2.0 `error` codes with their own entry (RFC 6749 4.1.2.1 and 5.2, RFC 7009 2.2.1, Cognito's docs). */
export const OAUTH_ERROR_CODES: readonly string[] = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'access_denied',
  'unsupported_response_type',
  'server_error',
  'temporarily_unavailable',
  'unsupported_token_type',
  'invalid_token',
];

/**
 * The catalog id for an OAuth `error` code: `oauth/<error>` for a known code, else the `oauth`
 * base entry. Put it in ErrorInfo.catalogId (with `name` the code) and `explain` uses it.
 */
export function oauthErrorId(error: string): string {
  return OAUTH_ERROR_CODES.includes(error) ? `${OAUTH_ERROR_BASE_ID}/${error}` : OAUTH_ERROR_BASE_ID;
}

const SIGN_IN_AGAIN = 'Start the sign-in again from the beginning.';

/** Exceptions of the sign-in operations that the refresh operations do not raise (names from the SDK model). */
const SIGN_IN_SERVICE_ENTRIES: readonly CatalogEntry[] = [
  service('CodeMismatchException', {
    title: 'Wrong code',
    whatHappened: 'Cognito did not accept the code: it is not the one it sent or the authenticator app shows right now. Nothing else changed; the same step can be answered again.',
    likelyCauses: [
      'A typo, or a code from an older message.',
      'For an authenticator app (TOTP): the code of another account in the app, or this machine\'s or the phone\'s clock is off by more than 30 seconds.',
    ],
    whatToDo: [
      'Enter the code again, carefully; for TOTP wait for the next code.',
      'Check that the phone\'s clock is set automatically.',
      'After several wrong codes Cognito stops the sign-in; then start again.',
    ],
    docsUrl: SIGN_IN_DOCS.mfa,
    retryable: 'yes',
  }),

  service('ExpiredCodeException', {
    title: 'The code has expired',
    whatHappened: 'The code was right once but is no longer valid, so Cognito did not accept it.',
    likelyCauses: ['The email or SMS message is older than the code\'s lifetime (a few minutes).', 'A newer code was sent since, which replaced it.'],
    whatToDo: [SIGN_IN_AGAIN + ' Cognito sends a new code.', 'Use the newest message only.'],
    docsUrl: SIGN_IN_DOCS.mfa,
    retryable: 'no',
  }),

  service('InvalidPasswordException', {
    title: 'The new password does not meet the pool\'s password policy',
    whatHappened: 'Cognito refused the new password because it breaks the user pool\'s password policy. The message says which rule.',
    likelyCauses: [
      'Too short, or missing a required character class (lowercase, uppercase, digit, symbol).',
      'For ConfirmDevice: the device verifier was not accepted.',
    ],
    whatToDo: ['Choose a password that meets every rule in the message.', 'See the policy in the console: the user pool\'s Authentication methods, Password policy.'],
    docsUrl: SIGN_IN_DOCS.passwords,
    retryable: 'yes',
  }),

  service('PasswordHistoryPolicyViolationException', {
    title: 'The new password was used before',
    whatHappened: 'The user pool\'s password history policy forbids reusing one of the user\'s recent passwords.',
    likelyCauses: ['The new password is one of the last passwords of this user (the pool keeps up to 24).'],
    whatToDo: ['Choose a password this user has not used before.'],
    docsUrl: SIGN_IN_DOCS.passwords,
    retryable: 'yes',
  }),

  service('AliasExistsException', {
    title: 'Another user already has this email or phone number',
    whatHappened: 'An attribute given with the new password (an email or phone number used as an alias) already belongs to another user of the pool.',
    likelyCauses: ['The email or phone number typed for a required attribute is another account\'s sign-in alias.'],
    whatToDo: ['Use another email or phone number, or sign in as the user who owns it.'],
    docsUrl: SIGN_IN_DOCS.respondToAuthChallenge,
    retryable: 'no',
  }),

  service('MFAMethodNotFoundException', {
    title: 'The chosen MFA method is not set up',
    whatHappened: 'Cognito could not find the MFA method the sign-in needs for this user.',
    likelyCauses: ['The user chose SMS or email MFA but has no verified phone number or email.', 'The MFA method was removed from the user while signing in.'],
    whatToDo: ['Choose another MFA method, or add and verify the phone number or email for the user.', SIGN_IN_AGAIN],
    docsUrl: SIGN_IN_DOCS.mfa,
    retryable: 'no',
  }),

  service('SoftwareTokenMFANotFoundException', {
    title: 'No authenticator app is set up for this user',
    whatHappened: 'Cognito asked for, or was given, an authenticator-app (TOTP) code, but the user has no verified software token.',
    likelyCauses: ['The TOTP setup (AssociateSoftwareToken, VerifySoftwareToken) was not finished.', 'The pool does not allow TOTP MFA.'],
    whatToDo: [SIGN_IN_AGAIN + ' When asked to set up MFA, add the secret to an authenticator app and enter its code.', 'Check that the user pool allows authenticator apps (MFA settings).'],
    docsUrl: SIGN_IN_DOCS.totp,
    retryable: 'no',
  }),

  service('EnableSoftwareTokenMFAException', {
    title: 'The authenticator app could not be enabled',
    whatHappened: 'VerifySoftwareToken did not accept the code, so the authenticator app was not set up.',
    likelyCauses: ['A wrong code, or a code from another account in the app.', 'The phone\'s clock is off by more than 30 seconds.'],
    whatToDo: ['Enter the current code from the app again.', 'If it keeps failing, remove the account from the app and add the secret again.'],
    docsUrl: SIGN_IN_DOCS.verifySoftwareToken,
    retryable: 'yes',
  }),

  service('ConcurrentModificationException', {
    title: 'Another change to the same user was in progress',
    whatHappened: 'Cognito refused the request because another request changed the same user at the same moment.',
    likelyCauses: ['Two sign-ins or MFA setups for the same user at once (another window, an app).'],
    whatToDo: ['Try again in a moment.'],
    docsUrl: SIGN_IN_DOCS.associateSoftwareToken,
    retryable: 'with-backoff',
  }),

  service('DeviceKeyExistsException', {
    title: 'The device is already confirmed',
    whatHappened: 'ConfirmDevice was sent for a device key Cognito has already confirmed.',
    likelyCauses: ['The device was confirmed by an earlier sign-in or in another window.'],
    whatToDo: ['Nothing is needed for the session; sign in again if the device should be remembered with a new key.'],
    docsUrl: SIGN_IN_DOCS.confirmDevice,
    retryable: 'no',
  }),

  service('UsernameExistsException', {
    title: 'The username already exists',
    whatHappened: 'Cognito refused the request because a user with this name already exists in the pool.',
    likelyCauses: ['An attribute or device name change collided with another user.'],
    whatToDo: ['Use another value, or sign in as the existing user.'],
    docsUrl: SIGN_IN_DOCS.confirmDevice,
    retryable: 'no',
  }),
];

const SIGN_IN_ENTRIES: readonly CatalogEntry[] = [
  shape('NotAuthorizedException', 'sign-in-session-expired', {
    title: 'The sign-in took too long',
    whatHappened:
      'Each step of a sign-in carries a Session string that Cognito accepts for 3 minutes only (the app client\'s AuthSessionValidity, 3 to 15 minutes). It ran out before this answer arrived, so the steps so far are void.',
    likelyCauses: ['More than 3 minutes passed between two steps (fetching a code, finding the authenticator app).', 'The machine slept during the sign-in.'],
    whatToDo: [SIGN_IN_AGAIN + ' Have the code or the app at hand before you start.', 'To allow more time, raise the app client\'s AuthSessionValidity (up to 15 minutes).'],
    docsUrl: SIGN_IN_DOCS.respondToAuthChallenge,
    retryable: 'no',
  }),

  shape('NotAuthorizedException', 'sign-in-session-invalid', {
    title: 'The sign-in session is no longer valid',
    whatHappened: 'Cognito did not accept the Session string of this step: it was already used, or belongs to another sign-in or app client.',
    likelyCauses: ['The step was answered twice (a retry after a slow answer).', 'Too many wrong answers ended the sign-in.'],
    whatToDo: [SIGN_IN_AGAIN],
    docsUrl: SIGN_IN_DOCS.respondToAuthChallenge,
    retryable: 'no',
  }),

  shape('ResourceNotFoundException', 'device-not-found', {
    title: 'Cognito does not know the remembered device',
    whatHappened: 'The device key sent with the sign-in is not a device of this user any more, so the device could not be used to skip MFA.',
    likelyCauses: ['The device was forgotten (ForgetDevice, AdminForgetDevice) or the user was recreated.', 'The device key belongs to another user pool or user.'],
    whatToDo: ['Sign in again without the device; you can remember this device again at the end.'],
    docsUrl: DOCS.deviceTracking,
    retryable: 'no',
  }),

  entry(UNSUPPORTED_CHALLENGE_ID, 'UnsupportedChallenge', 'client', {
    title: 'A sign-in step the editor cannot answer',
    whatHappened: 'Cognito asked for a challenge that this extension cannot answer, so the sign-in stopped. Nothing was stored.',
    likelyCauses: [
      'CUSTOM_CHALLENGE: the pool uses custom authentication Lambda triggers, whose questions only your app knows.',
      'WEB_AUTHN: passkeys need a browser.',
      'A challenge added to Cognito after this version of the extension.',
    ],
    whatToDo: ['Sign in with your app or through managed login (the hosted UI), then add the session by pasting its tokens.', 'Or use an app client whose flows end without that challenge.'],
    docsUrl: SIGN_IN_DOCS.authFlows,
    retryable: 'no',
  }),

  entry(PASSKEY_IN_EDITOR_ID, 'WebAuthnUnavailable', 'client', {
    title: 'Passkeys cannot be used in the editor',
    whatHappened: 'Signing in with a passkey (WEB_AUTHN) needs the browser\'s WebAuthn API and the site\'s relying party, which an editor does not have. Nothing was sent.',
    likelyCauses: ['WEB_AUTHN was chosen as the first factor.'],
    whatToDo: ['Choose another first factor (password, email or SMS code).', 'Or sign in through managed login in the browser, which can use the passkey.'],
    docsUrl: SIGN_IN_DOCS.authFlows,
    retryable: 'yes',
  }),

  entry(SRP_PARAMETERS_ID, 'SrpError', 'client', {
    title: 'The SRP answer from the endpoint was unusable',
    whatHappened: 'The PASSWORD_VERIFIER challenge held SRP values that cannot be used safely (not a number, or a public value of 0), so the password proof was not computed and nothing more was sent.',
    likelyCauses: ['A local emulator with an incomplete SRP implementation.', 'A proxy that altered the response.'],
    whatToDo: ['Use USER_PASSWORD_AUTH with this endpoint, or fix its SRP support.'],
    docsUrl: SIGN_IN_DOCS.authFlows,
    retryable: 'no',
  }),

  entry(SIGN_IN_NO_REFRESH_TOKEN_ID, 'NoRefreshToken', 'client', {
    title: 'The sign-in returned no refresh token',
    whatHappened: 'Cognito signed the user in but sent no refresh token, so there is no session to keep and refresh. Nothing was stored.',
    likelyCauses: ['The app client does not allow ALLOW_REFRESH_TOKEN_AUTH.', 'Managed login without the scope or grant that issues refresh tokens, or a local emulator that issues none.'],
    whatToDo: [`Check ExplicitAuthFlows of the app client: ${DESCRIBE_CLIENT}.`],
    docsUrl: DOCS.refreshTokens,
    retryable: 'no',
  }),

  entry(OAUTH_STATE_MISMATCH_ID, 'StateMismatch', 'client', {
    title: 'The sign-in redirect did not come from this sign-in',
    whatHappened: 'The browser came back to the loopback address with a `state` other than the one this sign-in sent, so its code was not used. This protects against a forged redirect (login CSRF).',
    likelyCauses: ['An older sign-in tab finished in the browser.', 'Another program sent a request to the loopback address.'],
    whatToDo: ['Close old sign-in tabs and start the sign-in again.'],
    docsUrl: SIGN_IN_DOCS.authorizeEndpoint,
    retryable: 'no',
  }),

  entry(OAUTH_CALLBACK_TIMEOUT_ID, 'CallbackTimeout', 'client', {
    title: 'The browser never came back',
    whatHappened: 'No redirect reached the loopback address in time, so the sign-in was given up. Nothing was stored.',
    likelyCauses: [
      'The callback URL registered on the app client is not exactly the one this sign-in waited on (Cognito matches callback URLs exactly, port and path included), so managed login showed an error instead of redirecting.',
      'The sign-in page was left open or closed without signing in.',
      'The browser runs on another machine (remote development), where 127.0.0.1 is not this machine.',
    ],
    whatToDo: ['Register the callback URL shown before the browser opened on the app client (Allowed callback URLs), or choose a fixed port that is registered.', 'Start the sign-in again and finish it in the browser.'],
    docsUrl: SIGN_IN_DOCS.authorizeEndpoint,
    retryable: 'no',
  }),

  entry(OAUTH_PORT_IN_USE_ID, 'EADDRINUSE', 'client', {
    title: 'The callback port is taken',
    whatHappened: 'The fixed loopback port for the sign-in redirect is used by another program, so the sign-in could not wait for the browser.',
    likelyCauses: ['Another sign-in is waiting on the same port (another window).', 'A development server uses that port.'],
    whatToDo: ['Finish or cancel the other sign-in, or stop the program on that port.', 'Or use another port and register its callback URL on the app client.'],
    docsUrl: SIGN_IN_DOCS.authorizeEndpoint,
    retryable: 'yes',
  }),

  entry(OAUTH_NOT_TOKEN_RESPONSE_ID, 'NotATokenResponse', 'transport', {
    title: 'The domain did not answer as a Cognito token endpoint',
    whatHappened: 'The request to <domain>/oauth2/token got an answer that is neither tokens nor an OAuth error (an HTML page, or JSON of another shape).',
    likelyCauses: ['The domain is not the user pool\'s managed-login domain (a typo, the app\'s own site, the API endpoint instead of the auth domain).', 'A proxy or captive portal answered instead.'],
    whatToDo: ['Use the domain shown in the console under the user pool\'s Domain (https://<prefix>.auth.<region>.amazoncognito.com or your custom domain).'],
    docsUrl: SIGN_IN_DOCS.tokenEndpoint,
    retryable: 'no',
  }),

  entry(OAUTH_ERROR_BASE_ID, 'oauth', 'service', {
    title: 'The token endpoint refused the request',
    whatHappened: 'Managed login\'s OAuth 2.0 endpoint answered with an error code this catalog does not know. The code and description below are what it sent.',
    likelyCauses: ['An error code added after this version of the extension, or one from a proxy or emulator.'],
    whatToDo: ['Read the code and description below and look them up in the token endpoint documentation.'],
    docsUrl: SIGN_IN_DOCS.tokenEndpoint,
    retryable: 'no',
  }),

  entry('oauth/invalid_request', 'oauth', 'service', {
    title: 'The OAuth request was malformed',
    whatHappened: 'Cognito\'s OAuth endpoint refused the request as malformed: a parameter is missing, repeated or not accepted.',
    likelyCauses: [
      'For an authorization code: the code_verifier is missing while the authorization used PKCE, or the redirect_uri differs from the one in the authorize request.',
      'For a refresh: refresh_token or client_id is missing.',
      'The client secret was sent both in the Authorization header and in the body.',
    ],
    whatToDo: ['Start the sign-in again.', 'Check that the callback URL is the same in the authorize request and the token request.'],
    docsUrl: SIGN_IN_DOCS.tokenEndpoint,
    retryable: 'no',
  }),

  entry('oauth/invalid_client', 'oauth', 'service', {
    title: 'Cognito did not accept the app client\'s credentials',
    whatHappened: 'The token endpoint could not authenticate the app client: the client id is unknown, or its secret is missing or wrong.',
    likelyCauses: [
      'The client secret is wrong, was rotated (a deleted secret stops working) or belongs to another app client.',
      'The app client has a secret but none was sent, or the secret was sent in the body while the client expects HTTP Basic (client_secret_basic) or the other way round.',
      'The client id belongs to another user pool than this domain.',
    ],
    whatToDo: [
      `Compare the secret with the app client's: ${DESCRIBE_CLIENT}.`,
      'Switch the session between client_secret_basic and client_secret_post.',
    ],
    docsUrl: SIGN_IN_DOCS.tokenEndpoint,
    retryable: 'no',
  }),

  entry('oauth/invalid_grant', 'oauth', 'service', {
    title: 'The code or refresh token is not valid (any more)',
    whatHappened:
      'Cognito refused the grant. For an authorization code: the code is expired, already used, or does not match the PKCE code verifier or the redirect URI. On a refresh: the refresh token is revoked, expired, already rotated out (reused outside the grace period), or was issued to another app client.',
    likelyCauses: [
      'On refresh: the user signed out or the token was revoked (/oauth2/revoke, RevokeToken, global sign-out).',
      'On refresh: the refresh token is past the app client\'s refresh token expiration.',
      'On refresh with rotation: this refresh token was already exchanged for a new one, and the retry grace period is over.',
      'For a code: it was used already (a code works once), it is older than 5 minutes, or the code_verifier is not the one whose challenge went to /oauth2/authorize.',
    ],
    whatToDo: ['Sign in again: a refused refresh token or code cannot be made valid.', 'For a code: start the managed-login sign-in again and finish it within 5 minutes.'],
    docsUrl: SIGN_IN_DOCS.tokenEndpoint,
    retryable: 'no',
  }),

  entry('oauth/unauthorized_client', 'oauth', 'service', {
    title: 'The app client may not use this grant',
    whatHappened: 'The app client is not allowed the OAuth flow or grant type used, or refresh tokens for it.',
    likelyCauses: [
      'The app client\'s AllowedOAuthFlows does not include "code", or AllowedOAuthFlowsUserPoolClient is false.',
      'Refresh through the token endpoint: the app client lacks ALLOW_REFRESH_TOKEN_AUTH.',
    ],
    whatToDo: [`Check AllowedOAuthFlows and ExplicitAuthFlows: ${DESCRIBE_CLIENT}.`, UPDATE_CLIENT_WARNING],
    docsUrl: SIGN_IN_DOCS.tokenEndpoint,
    retryable: 'no',
  }),

  entry('oauth/unsupported_grant_type', 'oauth', 'service', {
    title: 'Grant type not supported',
    whatHappened: 'The token endpoint does not support the grant_type sent.',
    likelyCauses: ['A grant_type other than authorization_code, refresh_token or client_credentials.', 'An emulator that implements only some grants.'],
    whatToDo: ['Use grant_type=authorization_code to sign in and grant_type=refresh_token to refresh.'],
    docsUrl: SIGN_IN_DOCS.tokenEndpoint,
    retryable: 'no',
  }),

  entry('oauth/invalid_scope', 'oauth', 'service', {
    title: 'A requested scope is not allowed',
    whatHappened: 'A scope in the request is unknown, or not among the app client\'s allowed OAuth scopes.',
    likelyCauses: ['A scope such as "openid", "email" or a resource-server scope is not in the app client\'s AllowedOAuthScopes.', 'A typo in a custom scope (<resource server id>/<scope>).'],
    whatToDo: [`Request only scopes listed in AllowedOAuthScopes: ${DESCRIBE_CLIENT}.`],
    docsUrl: SIGN_IN_DOCS.authorizeEndpoint,
    retryable: 'no',
  }),

  entry('oauth/access_denied', 'oauth', 'service', {
    title: 'The sign-in was refused or cancelled in the browser',
    whatHappened: 'Managed login redirected back with access_denied: the user cancelled, or the identity provider or a Lambda trigger refused the sign-in.',
    likelyCauses: ['The sign-in was cancelled on the login page or at the identity provider.', 'A pre-authentication Lambda trigger refused the user.'],
    whatToDo: ['Start the sign-in again and complete it.'],
    docsUrl: SIGN_IN_DOCS.authorizeEndpoint,
    retryable: 'no',
  }),

  entry('oauth/unsupported_response_type', 'oauth', 'service', {
    title: 'Response type not allowed for this app client',
    whatHappened: 'The authorize endpoint refused response_type=code for this app client.',
    likelyCauses: ['The app client\'s AllowedOAuthFlows does not include "code" (only "implicit", for example).'],
    whatToDo: [`Allow the authorization code grant on the app client: ${DESCRIBE_CLIENT}.`, UPDATE_CLIENT_WARNING],
    docsUrl: SIGN_IN_DOCS.authorizeEndpoint,
    retryable: 'no',
  }),

  entry('oauth/server_error', 'oauth', 'service', {
    title: 'Managed login failed on the server',
    whatHappened: 'The OAuth endpoint reported an internal error.',
    likelyCauses: ['A Lambda trigger failed or timed out.', 'A temporary problem in Cognito.'],
    whatToDo: ['Try again in a moment.', 'Check the CloudWatch logs of the pool\'s Lambda triggers.'],
    docsUrl: SIGN_IN_DOCS.tokenEndpoint,
    retryable: 'with-backoff',
  }),

  entry('oauth/temporarily_unavailable', 'oauth', 'service', {
    title: 'Managed login is temporarily unavailable',
    whatHappened: 'The OAuth endpoint could not handle the request right now.',
    likelyCauses: ['Overload or maintenance.'],
    whatToDo: ['Try again later, with backoff.'],
    docsUrl: SIGN_IN_DOCS.tokenEndpoint,
    retryable: 'with-backoff',
  }),

  entry('oauth/unsupported_token_type', 'oauth', 'service', {
    title: 'This token cannot be revoked here',
    whatHappened: 'The revoke endpoint takes refresh tokens only; it refused the token sent.',
    likelyCauses: ['An access or ID token was sent to /oauth2/revoke.'],
    whatToDo: ['Revoke the refresh token: that also ends the access tokens issued from it.'],
    docsUrl: SIGN_IN_DOCS.revokeEndpoint,
    retryable: 'no',
  }),

  entry('oauth/invalid_token', 'oauth', 'service', {
    title: 'The access token was refused',
    whatHappened: 'The endpoint did not accept the access token: it is expired, revoked, or not from this user pool.',
    likelyCauses: ['The access token expired (1 hour by default).', 'The session was signed out or revoked.'],
    whatToDo: ['Refresh the session, then try again; if refreshing fails too, sign in again.'],
    docsUrl: SIGN_IN_DOCS.tokenEndpoint,
    retryable: 'no',
  }),
];

/** A session refreshing through the token endpoint without a usable managed-login domain (refresh core). */
export const OAUTH_DOMAIN_MISSING_ID = 'client/oauth-domain-missing';

const REFRESH_ENDPOINT_ENTRIES: readonly CatalogEntry[] = [
  entry(OAUTH_DOMAIN_MISSING_ID, 'MissingOAuthDomainError', 'client', {
    title: 'No managed-login domain for the token endpoint',
    whatHappened: 'The session refreshes through the OAuth 2.0 token endpoint (<domain>/oauth2/token), but it has no managed-login domain stored, so nothing was sent. The refresh token is sent only to the domain stored with the session, never to one read from a token.',
    likelyCauses: ['The session was added or edited without its domain.', 'The stored domain is not an http(s) origin (it has a path, a query or credentials).'],
    whatToDo: [
      'Edit the session and set its domain: https://<prefix>.auth.<region>.amazoncognito.com or your custom domain, origin only.',
      'Or choose GetTokensFromRefreshToken as the refresh method: the same refresh token works there.',
    ],
    docsUrl: SIGN_IN_DOCS.tokenEndpoint,
    retryable: 'no',
  }),
];

function toMap(entries: readonly CatalogEntry[]): ReadonlyMap<string, CatalogEntry> {
  const map = new Map<string, CatalogEntry>();
  for (const e of entries) {
    if (map.has(e.id)) throw new Error(`Duplicate catalog id: ${e.id}`);
    map.set(e.id, e);
  }
  return map;
}

/** Every entry, keyed by id. Entries are frozen; `explain` returns copies. */
export const CATALOG: ReadonlyMap<string, CatalogEntry> = toMap([
  ...SERVICE_ENTRIES,
  ...SHAPE_ENTRIES,
  ...TRANSPORT_ENTRIES,
  ...CLIENT_ENTRIES,
  ...FALLBACK_ENTRIES,
  ...SIGN_IN_SERVICE_ENTRIES,
  ...SIGN_IN_ENTRIES,
  ...SERVER_ENTRIES,
  ...REFRESH_ENDPOINT_ENTRIES,
]);

/** Names of the SDK exceptions that have a base entry. */
export const KNOWN_SERVICE_NAMES: ReadonlySet<string> = new Set([...SERVICE_ENTRIES, ...SIGN_IN_SERVICE_ENTRIES].map((e) => e.name));
