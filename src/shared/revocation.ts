// Whether a session's tokens were revoked: one rule for the inspector, the sessions tree and
// the status bar, so they never disagree ("Valid · expires in 47 min" on one, "revoked" on
// another). Pure and structural (it takes the shapes of the core's HistoryEvent and
// LastError, without importing the core), so any presenter can use it.
//
// RevokeToken revokes the refresh token and every ID and access token issued from it
// (Cognito developer guide, "Revoking tokens"; the origin_jti claim ties them together). So
// the tokens a session holds are revoked when, after they were received:
// - a RevokeToken attempt succeeded, and no refresh has succeeded since; or
// - the last error says a token was revoked (NotAuthorizedException "Refresh Token has been
//   revoked" / "Access Token has been revoked", as Cognito words it).
// - a GlobalSignOut from this extension succeeded (every refresh token of the user revoked).
// Tokens received after that moment (a new sign-in, a refresh that somehow succeeded) are not.

export interface RevocationHistoryEvent {
  /** ISO-8601. */
  readonly at: string;
  readonly operation: string;
  readonly outcome: 'success' | 'error';
}

export interface RevocationLastError {
  readonly name: string;
  readonly message: string;
  /** ISO-8601. */
  readonly at: string;
}

export interface Revocation {
  /** ISO-8601: the successful RevokeToken, or the error that reported the revocation. */
  readonly at: string;
  /** `revoke`: this extension revoked it. `reported`: Cognito said so in an error. */
  readonly source: 'revoke' | 'reported';
  /** One sentence for a card or tooltip. */
  readonly text: string;
}

/** One word, case-insensitive: linear on any message. */
const REVOKED_WORD = /\brevoked\b/i;

function time(iso: string | undefined): number {
  if (iso === undefined) return Number.NaN;
  return Date.parse(iso);
}

/**
 * The revocation that applies to the tokens received at `tokensReceivedAt` (ISO-8601; when
 * unknown, any revocation not followed by a successful refresh applies), or undefined.
 */
export function revocationOf(
  history: readonly RevocationHistoryEvent[],
  lastError: RevocationLastError | undefined,
  tokensReceivedAt: string | undefined,
): Revocation | undefined {
  const received = time(tokensReceivedAt);
  const after = (at: number) => Number.isFinite(at) && (!Number.isFinite(received) || at >= received);
  let found: Revocation | undefined;
  let foundAt = Number.NEGATIVE_INFINITY;
  // The newest successful RevokeToken, unless a refresh succeeded after it.
  for (const e of history) {
    const at = time(e.at);
    if (!Number.isFinite(at) || e.outcome !== 'success') continue;
    if (e.operation === 'RevokeToken' || e.operation === 'GlobalSignOut') {
      if (after(at) && at >= foundAt) {
        found = {
          at: e.at,
          source: 'revoke',
          text:
            e.operation === 'RevokeToken'
              ? 'The refresh token was revoked (RevokeToken), and with it every ID and access token issued from it.'
              : 'Signed out everywhere (GlobalSignOut): every refresh token of the user is revoked; access tokens no longer work with Cognito.',
        };
        foundAt = at;
      }
    } else if (found && at > foundAt) {
      found = undefined;
      foundAt = Number.NEGATIVE_INFINITY;
    }
  }
  if (lastError && lastError.name === 'NotAuthorizedException' && REVOKED_WORD.test(lastError.message)) {
    const at = time(lastError.at);
    if (after(at) && at >= foundAt) {
      found = { at: lastError.at, source: 'reported', text: 'Cognito reported the token as revoked: the refresh token and every token issued from it no longer work.' };
    }
  }
  return found;
}
