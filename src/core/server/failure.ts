/**
 * Failures of the server-view operations explained through the catalog: an expired or revoked
 * access token, a missing IAM permission (with the exact action and resource, parsed from the
 * message without a regular expression), missing or refused AWS credentials. Never throws and
 * never keeps a token: the message is redacted by `toErrorInfo`.
 */
import {
  CATALOG,
  SERVER_ACCESS_DENIED_ID,
  SERVER_ACCESS_TOKEN_EXPIRED_ID,
  SERVER_INVALID_ACCESS_TOKEN_ID,
  SERVER_INVALID_CREDENTIALS_ID,
  SERVER_NO_CREDENTIALS_ID,
} from '../errors/catalog';
import { explain, toErrorInfo, type ErrorInfo, type ExplainContext, type Explanation } from '../errors';
import type { ServerOperation } from './types';

/** What a failed server operation gives back: the explanation, and for AccessDenied the permission to add. */
export interface ServerFailure {
  readonly operation: ServerOperation;
  readonly explanation: Explanation;
  /** Parsed from an AccessDeniedException message: allow `action` on `resource`. */
  readonly missingPermission?: { readonly action: string; readonly resource?: string };
}

const INVALID_CREDENTIAL_NAMES: ReadonlySet<string> = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
]);

const ACCESS_DENIED_NAMES: ReadonlySet<string> = new Set(['AccessDeniedException', 'AccessDenied']);

/** "Access Token has expired" (Cognito's wording), compared case-insensitively without a regex. */
function isAccessTokenExpired(info: ErrorInfo): boolean {
  return info.name === 'NotAuthorizedException' && (info.message ?? '').toLowerCase().includes('access token has expired');
}

/** "Invalid Access Token" (Cognito's wording for a token it cannot use). */
function isInvalidAccessToken(info: ErrorInfo): boolean {
  return info.name === 'NotAuthorizedException' && (info.message ?? '').toLowerCase().includes('invalid access token');
}

/** Operations that take the user's access token. */
const ACCESS_TOKEN_OPERATIONS: ReadonlySet<ServerOperation> = new Set(['ListUserSessions', 'RevokeUserSession', 'GlobalSignOut', 'GetUser']);

/** What the operation itself tells about an error (first among the likely causes). */
function operationHints(info: ErrorInfo, operation: ServerOperation): string[] {
  const validation = (info.message ?? '').toLowerCase().startsWith('1 validation error');
  if (operation === 'RevokeUserSession' && info.name === 'InvalidParameterException' && !validation) {
    return [
      'Cognito does not revoke the session of the access token that asks (this session itself). To end this session, revoke its refresh token, or sign out everywhere.',
    ];
  }
  if (operation === 'RevokeUserSession' && info.name === 'ResourceNotFoundException') {
    return ['The session no longer exists: it was revoked, signed out or evicted (the pool keeps at most MaxPerUser sessions per user), or session tracking is off for the pool.'];
  }
  if ((operation === 'AdminGetUser' || operation === 'AdminListUserSessions') && info.name === 'UserNotFoundException') {
    return ['The user name is not in this pool. Pass the user name (cognito:username, the sub in pools that sign in by email), not the email.'];
  }
  return [];
}

function isNoCredentials(info: ErrorInfo): boolean {
  if (info.name === 'CredentialsProviderError') return true;
  const m = (info.message ?? '').toLowerCase();
  return m.includes('could not load credentials from any providers') || m.includes('credential is missing');
}

/** A maximal run of characters that are not whitespace, from `start`. */
function wordAt(s: string, start: number): string {
  let end = start;
  while (end < s.length) {
    const c = s.charCodeAt(end);
    if (c === 32 || c === 9 || c === 10 || c === 13) break;
    end++;
  }
  return s.slice(start, end);
}

function trimPunctuation(s: string): string {
  let end = s.length;
  while (end > 0 && '.,;)"\''.includes(s.charAt(end - 1))) end--;
  return s.slice(0, end);
}

/**
 * From AWS's AccessDenied wording, "User: arn:... is not authorized to perform:
 * cognito-idp:DescribeUserPoolClient on resource: arn:aws:cognito-idp:...:userpool/... because ...",
 * the action and the resource. Two `indexOf` scans and two word reads: linear.
 */
export function parseAccessDenied(message: string | undefined): { action: string; resource?: string } | undefined {
  if (typeof message !== 'string' || message.length === 0) return undefined;
  const lower = message.toLowerCase();
  const performKey = 'to perform: ';
  const at = lower.indexOf(performKey);
  if (at === -1) return undefined;
  const action = trimPunctuation(wordAt(message, at + performKey.length));
  if (action.length === 0 || action.length > 128) return undefined;
  const resourceKey = 'on resource: ';
  const rAt = lower.indexOf(resourceKey, at + performKey.length);
  const resource = rAt === -1 ? undefined : trimPunctuation(wordAt(message, rAt + resourceKey.length));
  return resource !== undefined && resource.length > 0 && resource.length <= 512 ? { action, resource } : { action };
}

/** The pool's ARN when the account is unknown: "arn:aws:cognito-idp:<region>:<account id>:userpool/<pool id>". */
export function poolArnPattern(region: string | undefined, userPoolId: string | undefined): string {
  return `arn:aws:cognito-idp:${region || '<region>'}:<account id>:userpool/${userPoolId || '<pool id>'}`;
}

function fromEntry(id: string, info: ErrorInfo, operation: ServerOperation): Explanation {
  const entry = CATALOG.get(id);
  if (entry === undefined) return explain(info, { operation });
  const out: Explanation = {
    id: entry.id,
    name: info.name !== 'Error' && info.name !== '' ? info.name : entry.name,
    kind: entry.kind,
    title: entry.title,
    whatHappened: entry.whatHappened,
    likelyCauses: [...entry.likelyCauses],
    whatToDo: [...entry.whatToDo],
    docsUrl: entry.docsUrl,
    retryable: entry.retryable,
    operation,
  };
  if (info.message !== undefined) out.message = info.message;
  if (info.httpStatus !== undefined) out.httpStatus = info.httpStatus;
  if (info.requestId !== undefined) out.requestId = info.requestId;
  return out;
}

export interface FailureContext extends ExplainContext {
  /** For the "allow cognito-idp:<Action> on <pool ARN>" wording when the message names no resource. */
  readonly userPoolId?: string;
  readonly region?: string;
}

/** Explain anything a server operation threw. Never throws. */
export function explainServerFailure(err: unknown, operation: ServerOperation, context: FailureContext = {}): ServerFailure {
  try {
    const info = toErrorInfo(err, operation);
    if (ACCESS_DENIED_NAMES.has(info.name)) {
      const parsed = parseAccessDenied(info.message);
      const action = parsed?.action ?? `cognito-idp:${operation}`;
      const resource = parsed?.resource ?? poolArnPattern(context.region, context.userPoolId);
      const explanation = fromEntry(SERVER_ACCESS_DENIED_ID, info, operation);
      explanation.title = `Missing IAM permission: allow ${action} on ${resource}`;
      explanation.whatToDo = [
        `Add to the identity's policy: {"Effect":"Allow","Action":"${action}","Resource":"${resource}"}.`,
        ...explanation.whatToDo.slice(1),
      ];
      return { operation, explanation, missingPermission: { action, resource } };
    }
    if (isNoCredentials(info)) return { operation, explanation: fromEntry(SERVER_NO_CREDENTIALS_ID, info, operation) };
    if (INVALID_CREDENTIAL_NAMES.has(info.name)) {
      return { operation, explanation: fromEntry(SERVER_INVALID_CREDENTIALS_ID, info, operation) };
    }
    if (isAccessTokenExpired(info)) return { operation, explanation: fromEntry(SERVER_ACCESS_TOKEN_EXPIRED_ID, info, operation) };
    if (isInvalidAccessToken(info) && ACCESS_TOKEN_OPERATIONS.has(operation)) {
      return { operation, explanation: fromEntry(SERVER_INVALID_ACCESS_TOKEN_ID, info, operation) };
    }
    const explanation = explain(info, { ...context, operation });
    const hints = operationHints(info, operation);
    if (hints.length > 0) {
      explanation.hints = [...hints, ...(explanation.hints ?? [])];
      explanation.likelyCauses = [...hints, ...explanation.likelyCauses];
    }
    return { operation, explanation };
  } catch {
    return { operation, explanation: explain(err, { operation }) };
  }
}
