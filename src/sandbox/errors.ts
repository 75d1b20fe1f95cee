// Cognito service exceptions as the sandbox raises them.

/** A modeled Cognito exception: serialised as `{"__type": name, "message": message}`. */
export class CognitoError extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
    this.name = type;
  }
}

/**
 * The HTTP status Cognito puts on an exception.
 *
 * The SDK model carries `httpError` traits (403 for NotAuthorizedException, 404
 * for ResourceNotFoundException, 429 for TooManyRequestsException), but awsJson1_1
 * services do not send those: the API Reference lists "HTTP Status Code: 400" for
 * every client exception and 500 for InternalErrorException (see the Errors
 * section of API_RevokeToken / API_InitiateAuth), and captures agree
 * (`400 Bad Request` with NotAuthorizedException in ellaisys/aws-cognito#94,
 * TooManyRequestsException with 400 in boto/botocore#1732).
 * ServiceUnavailableException is not a Cognito shape; it is the 503 an AWS front
 * end can answer with, useful to inject.
 */
export function httpStatusFor(errorName: string): number {
  if (errorName === 'InternalErrorException' || errorName === 'InternalServerException') return 500;
  if (errorName === 'ServiceUnavailableException') return 503;
  return 400;
}

// Messages for injected faults when the spec gives none. Where Cognito's text
// is known it is used; the rest say plainly that the sandbox injected them.
const DEFAULT_MESSAGES: Record<string, string> = {
  InternalErrorException: 'Internal server error.',
  TooManyRequestsException: 'Rate exceeded',
  NotAuthorizedException: 'Invalid Refresh Token.',
  ForbiddenException: 'Request blocked by AWS WAF.',
  RefreshTokenReuseException: 'Refresh Token has already been rotated.',
  ResourceNotFoundException: 'User pool client does not exist.',
  UserNotFoundException: 'User does not exist.',
};

export function defaultMessageFor(errorName: string): string {
  return DEFAULT_MESSAGES[errorName] ?? `${errorName} (injected by the Cognito sandbox)`;
}

// Cognito's own messages for the cases the sandbox decides itself. Kept in one
// place so a reader can compare them with what Cognito is known to say.
export const messages = {
  clientNotFound: (clientId: string) => `User pool client ${clientId} does not exist.`,
  flowNotEnabled: (flow: string) => `${flow} flow not enabled for this client`,
  secretNotReceived: (clientId: string) => `Client ${clientId} is configured for secret but secret was not received`,
  secretMismatch: (clientId: string) => `Unable to verify secret hash for client ${clientId}`,
  missingAuthParameter: (name: string) => `Missing required parameter ${name}`,
  incorrectCredentials: 'Incorrect username or password.',
  userNotFound: 'User does not exist.',
  invalidRefreshToken: 'Invalid Refresh Token.',
  refreshTokenExpired: 'Refresh Token has expired',
  refreshTokenRevoked: 'Refresh Token has been revoked',
  // Unverified: Cognito's text for RefreshTokenReuseException is not documented.
  refreshTokenReused: 'Refresh Token has already been rotated.',
} as const;
