// Its own small file: the first refresh failure asks it (for "Sign In Again"), and that must not
// load the sign-in chunk (src/vscode/auth, ~100 KB) just to answer.

/**
 * Catalog ids whose meaning is "this refresh token will never work again": the session needs a
 * new sign-in ("Sign In Again" on the failure notification).
 */
export function refreshTokenIsDead(catalogId: string): boolean {
  return (
    catalogId === 'RefreshTokenReuseException' ||
    catalogId.startsWith('RefreshTokenReuseException/') ||
    catalogId === 'NotAuthorizedException/refresh-token-expired' ||
    catalogId === 'NotAuthorizedException/refresh-token-revoked' ||
    catalogId === 'NotAuthorizedException/invalid-refresh-token' ||
    catalogId === 'oauth/invalid_grant'
  );
}
