// The shapes of the error catalog. Plain data: no SDK, no VS Code.

/**
 * Where a failure comes from.
 * - `service`: Cognito (or something speaking its protocol) answered with an error.
 * - `transport`: no usable answer came back (DNS, refused, reset, timeout, TLS,
 *   an endpoint that does not implement the operation, a non-Cognito response).
 * - `client`: the request was never sent or was cancelled here (bad region,
 *   bad endpoint URL, aborted, SDK setup).
 * - `unknown`: anything else.
 */
export type ErrorKind = 'service' | 'transport' | 'client' | 'unknown';

/**
 * What a client may do after this error.
 * - `yes`: retrying as-is is safe and may succeed.
 * - `no`: retrying will fail the same way; fix something first.
 * - `with-backoff`: retry later, with exponential backoff and jitter.
 * - `same-token-within-grace`: the request may have reached Cognito and the
 *   response was lost. Retry once with the same refresh token, inside the app
 *   client's refresh-token-rotation grace period (RetryGracePeriodSeconds).
 */
export type Retryable = 'yes' | 'no' | 'with-backoff' | 'same-token-within-grace';

export interface Explanation {
  /** Stable: 'NotAuthorizedException', 'NotAuthorizedException/refresh-token-expired', 'transport/dns', ... */
  id: string;
  /** The SDK error name, or for transport and client failures the error code or class (ECONNRESET, TLS, ...). */
  name: string;
  kind: ErrorKind;
  /** Short, for a card heading or a tree item. */
  title: string;
  /** One or two plain sentences, in the context of a token refresh. */
  whatHappened: string;
  /** Most likely first. Context hints (see `hints`) come first when present. */
  likelyCauses: string[];
  /** Concrete steps: settings to check in the console or CLI, code to change. */
  whatToDo: string[];
  /** The AWS documentation page. */
  docsUrl: string;
  retryable: Retryable;
  /** The original error message, with JWTs and secrets removed. */
  message?: string;
  httpStatus?: number;
  requestId?: string;
  /** The operation that failed, when known (GetTokensFromRefreshToken, InitiateAuth, RevokeToken). */
  operation?: string;
  /**
   * Observations from the request context that point at the cause, such as a
   * user pool id from another Region. They are also the first entries of
   * `likelyCauses`; this field lets a UI highlight them.
   */
  hints?: string[];
  /**
   * Nothing went wrong that the user needs to hear about (the session was
   * removed while its refresh was in flight): say nothing, or the title alone,
   * never an error notification.
   */
  quiet?: boolean;
}

/** A catalog entry: an Explanation without the parts that come from one particular error. */
export type CatalogEntry = Omit<Explanation, 'message' | 'httpStatus' | 'requestId'>;

/** What the catalog reads from anything thrown by the SDK, fetch or node's net/tls/dns. */
export interface ErrorInfo {
  /** The SDK exception name (NotAuthorizedException), or the JavaScript error name (Error, TimeoutError, AbortError). */
  name: string;
  /** The error message, with JWTs and secrets removed. */
  message?: string;
  httpStatus?: number;
  requestId?: string;
  /** A node or undici error code: ECONNREFUSED, ENOTFOUND, DEPTH_ZERO_SELF_SIGNED_CERT, UND_ERR_SOCKET, ... */
  code?: string;
  operation?: string;
  /** The failed system call, for node errors (`connect`, `getaddrinfo`, `write`). */
  syscall?: string;
  /** The SDK's `$fault`: who it blames. */
  fault?: 'client' | 'server';
  /** The raw `__type` of the error response, e.g. `com.amazon.coral.service#UnknownOperationException`. */
  errorType?: string;
  /**
   * The catalog id of an earlier classification of this error (what a stored
   * last error should keep, see `storedErrorFields`). Used as is when the
   * catalog still has it, so a view re-explaining a stored error shows the
   * same entry as the notification did.
   */
  catalogId?: string;
}

/** What `explain` can use besides the error itself, to point at configuration mistakes. */
export interface ExplainContext {
  /** The operation that was called. */
  operation?: string;
  /** The endpoint URL the request went to, e.g. https://cognito-idp.eu-west-1.amazonaws.com or http://localhost:9229. */
  endpoint?: string;
  /** The configured AWS Region. */
  region?: string;
  /** The configured user pool id, e.g. eu-west-1_AbCdEf123. Its prefix is the pool's Region. */
  userPoolId?: string;
  /** The `iss` claim of an ID or access token from this session. */
  issuer?: string;
  /**
   * The attempts of the refresh that failed, oldest first (a session's history
   * events fit: only `outcome`, `errorName` and `notes` are read). They turn a
   * RefreshTokenReuseException after the extension's own retry of a lost
   * response into its own entry; see `explain`.
   */
  attempts?: readonly AttemptFacts[];
}

/** What the catalog reads from one attempt of a refresh (a HistoryEvent is one). */
export interface AttemptFacts {
  readonly outcome?: 'success' | 'error';
  readonly errorName?: string;
  /** History notes: 'response-lost', 'retry-within-grace', 'retry-outside-grace', 'retry-withheld', ... */
  readonly notes?: readonly string[];
}
