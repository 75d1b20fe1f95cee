// GET /<poolId>/.well-known/jwks.json and /<poolId>/.well-known/openid-configuration,
// so that `<iss>/.well-known/jwks.json` works for a verifier as it does against
// https://cognito-idp.<region>.amazonaws.com/<poolId>.

import { oauthEndpoints } from './oauth/router';
import type { PoolRuntime } from './state';

const WELL_KNOWN = /^\/([\w-]+_[0-9a-zA-Z]+)\/\.well-known\/(jwks\.json|openid-configuration)$/;

export function matchWellKnown(path: string): { poolId: string; document: 'jwks.json' | 'openid-configuration' } | undefined {
  const m = WELL_KNOWN.exec(path);
  return m ? { poolId: m[1], document: m[2] as 'jwks.json' | 'openid-configuration' } : undefined;
}

export function wellKnownDocument(pool: PoolRuntime, document: 'jwks.json' | 'openid-configuration'): unknown {
  if (document === 'jwks.json') return pool.keys.jwks;
  // Cognito's discovery document; the managed-login endpoints are on this
  // sandbox's own origin (Cognito's are on the user pool domain).
  return {
    issuer: pool.issuer,
    ...oauthEndpoints(new URL(pool.jwksUri).origin),
    // Always this sandbox's own key set, also for a pool whose tokens name AWS.
    jwks_uri: pool.jwksUri,
    response_types_supported: ['code', 'token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'email', 'phone', 'profile'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
  };
}
