// Authorizing the IAM (admin) operations: DescribeUserPoolClient,
// DescribeUserPool, the session configurations, AdminListUserSessions,
// AdminGetUser.
//
// The sandbox does NOT verify SigV4 signatures. It reads the access key id and
// the credential scope from the `Authorization` header an SDK sends
// (`AWS4-HMAC-SHA256 Credential=<AKID>/<date>/<region>/cognito-idp/aws4_request, ...`),
// looks the key up in the config's `iamCredentials`, and checks the action
// against that entry's `allow` list, so that "missing IAM permission" answers
// can be produced and tested. The errors are the ones AWS's front end gives
// (names from the SDK where modeled: AccessDeniedException; the others are
// AWS-wide: UnrecognizedClientException, MissingAuthenticationTokenException,
// IncompleteSignatureException, InvalidSignatureException). Which of them an
// unsigned call to Cognito gets is unverified; MissingAuthenticationTokenException
// is assumed.

import { CognitoError } from '../errors';
import type { SandboxState } from '../state';

export const DEFAULT_ACCOUNT = '123456789012';
const DEFAULT_PRINCIPAL = `arn:aws:iam::${DEFAULT_ACCOUNT}:user/sandbox`;

// Anchored, one pass over character classes: linear.
const CREDENTIAL = /^AWS4-HMAC-SHA256 +Credential=([A-Za-z0-9]{1,128})\/(\d{8})\/([a-z0-9-]{1,30})\/([a-z0-9-]{1,30})\/aws4_request[, ]/;

export function poolArn(state: SandboxState, poolId: string): string {
  return `arn:aws:cognito-idp:${state.config.region}:${DEFAULT_ACCOUNT}:userpool/${poolId}`;
}

/** Throws unless the request carries a configured access key allowed `cognito-idp:<action>`. */
export function requireIamPermission(state: SandboxState, action: string, resourceArn: string): void {
  const authorization = state.request?.authorization;
  if (authorization === undefined || authorization === '') {
    throw new CognitoError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  }
  const m = CREDENTIAL.exec(authorization.slice(0, 1000));
  if (!m) {
    throw new CognitoError('IncompleteSignatureException', "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters (AWS4-HMAC-SHA256).");
  }
  const [, accessKeyId, , region, service] = m;
  const credential = state.config.iamCredentials?.find((c) => c.accessKeyId === accessKeyId);
  if (!credential) throw new CognitoError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  if (service !== 'cognito-idp') throw new CognitoError('InvalidSignatureException', `Credential should be scoped to correct service: 'cognito-idp'.`);
  if (region !== state.config.region) throw new CognitoError('InvalidSignatureException', `Credential should be scoped to a valid region, not '${region}'.`);
  const wanted = `cognito-idp:${action}`;
  const allowed = credential.allow === undefined || credential.allow.some((a) => a === wanted || (a.endsWith('*') && wanted.startsWith(a.slice(0, -1))));
  if (!allowed) {
    const principal = credential.principalArn ?? DEFAULT_PRINCIPAL;
    throw new CognitoError('AccessDeniedException',
      `User: ${principal} is not authorized to perform: ${wanted} on resource: ${resourceArn} because no identity-based policy allows the ${wanted} action`);
  }
}
