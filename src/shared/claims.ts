// What each claim and header parameter of a Cognito user-pool token means, in a sentence or
// two. Plain data: the inspector's host builds its claim rows with it, and any other
// presenter (a hover) may use it too. Sources: RFC 7519 (JWT), RFC 7515/7516 (JOSE headers),
// OpenID Connect Core 1.0 §2 and §5.1, and the Cognito developer guide's pages on the ID,
// access and refresh tokens.

import type { ClaimSource } from './protocol';

export interface ClaimInfo {
  source: ClaimSource;
  text: string;
}

type Kind = 'id' | 'access' | 'refresh' | 'unknown';

const JWT: Record<string, string> = {
  iss: 'Issuer: who issued the token. For Cognito, https://cognito-idp.<region>.amazonaws.com/<user pool id>; the signing keys are at that URL + /.well-known/jwks.json.',
  sub: "Subject: the user's unique, never-reused id in the user pool (a UUID). Use it, not the username or email, as the stable key for the user.",
  exp: 'Expiration time: the token is accepted only before this moment. Cognito ID and access tokens last 5 minutes to 1 day (1 hour by default), set per app client.',
  nbf: 'Not before: the token is not accepted before this moment.',
  iat: 'Issued at: when Cognito issued this token. A refresh issues new tokens with a new iat.',
  jti: 'JWT ID: a unique identifier of this token.',
};

const OIDC: Record<string, string> = {
  auth_time: 'Authentication time: when the user signed in. Refreshing keeps it, so it tells you how old the sign-in behind this token is.',
  nonce: 'The nonce the client sent to the authorization endpoint, echoed back so the client can detect a replayed ID token (hosted UI / OAuth flows only).',
  at_hash: 'Access token hash: half of the SHA-256 of the access token issued with this ID token, so a client can check the two belong together.',
  email: "The user's email address attribute.",
  email_verified: 'Whether the email address has been verified.',
  phone_number: "The user's phone number attribute.",
  phone_number_verified: 'Whether the phone number has been verified.',
  name: "The user's full name attribute.",
  given_name: "The user's given name attribute.",
  family_name: "The user's family name attribute.",
  middle_name: "The user's middle name attribute.",
  nickname: "The user's nickname attribute.",
  preferred_username: "The user's preferred username attribute (it may change; it is not the sign-in username).",
  profile: "URL of the user's profile page attribute.",
  picture: "URL of the user's picture attribute.",
  website: "The user's website attribute.",
  gender: "The user's gender attribute.",
  birthdate: "The user's birth date attribute.",
  zoneinfo: "The user's time zone attribute.",
  locale: "The user's locale attribute.",
  address: "The user's postal address attribute.",
  updated_at: "When the user's attributes were last updated (seconds since the epoch).",
  azp: 'Authorized party: the client the ID token was issued to.',
  amr: 'Authentication methods used to sign in.',
  acr: 'Authentication context class reference.',
};

const COGNITO: Record<string, string> = {
  token_use: 'Which Cognito token this is: "id" (who the user is, for your app) or "access" (what the bearer may call). Verifiers must check it: an ID token is not an access token.',
  'cognito:username': "The user's username in the pool. In pools that sign in by email or phone this is the internal username (often the sub), and it is the USERNAME that SECRET_HASH and REFRESH_TOKEN_AUTH need.",
  username: "The user's username in the pool (the access token's name for cognito:username).",
  'cognito:groups': 'The user pool groups the user belongs to, highest precedence first. Your API can authorize on them.',
  'cognito:roles': "The IAM role ARNs of the user's groups (used with identity pools).",
  'cognito:preferred_role': "The IAM role of the user's highest-precedence group that has one.",
  origin_jti: 'Token-revocation id: every token issued from the same refresh token shares it, and RevokeToken invalidates all of them at once.',
  event_id: 'The id of the sign-in event. Tokens from the same sign-in, and their refreshes, carry the same event_id.',
  client_id: 'The app client that requested the token. Access tokens carry the client here; ID tokens carry it in aud.',
  scope: 'The OAuth scopes granted, space separated. aws.cognito.signin.user.admin allows the user-pool APIs for this user (GetUser, UpdateUserAttributes, ...); resource-server scopes look like <server id>/<scope>.',
  version: 'The access token format version.',
  device_key: 'The remembered device this session is bound to (device tracking). Send it as DEVICE_KEY / DeviceKey when refreshing, or refreshes fail.',
  identities: 'The external identity providers (SAML, OIDC, social) linked to this user.',
  'cognito:mfa_enabled': 'Whether multi-factor authentication is enabled for the user.',
};

const HEADER: Record<string, string> = {
  alg: 'Algorithm. For a signed token: how it was signed (Cognito signs ID and access tokens with RS256, "none" means unsigned). For an encrypted token: how the content key was encrypted (RSA-OAEP for Cognito refresh tokens).',
  kid: "Key id: which key of the pool's JSON Web Key Set signed the token. A verifier looks it up in the JWKS.",
  typ: 'Media type of the whole token (usually JWT).',
  cty: 'Content type: "JWT" means a JWT is nested inside (a Cognito refresh token is an encrypted JWT).',
  enc: 'Content encryption algorithm (A256GCM for Cognito refresh tokens).',
  zip: 'Compression applied before encryption (DEF = DEFLATE).',
  jku: 'URL of the key set that holds the signing key.',
  x5t: 'Thumbprint of the signing certificate.',
  'x5t#S256': 'SHA-256 thumbprint of the signing certificate.',
  crit: 'Header parameters the recipient must understand.',
  epk: 'Ephemeral public key used for key agreement.',
  iv: 'Initialization vector for key wrapping.',
  tag: 'Authentication tag for key wrapping.',
};

/** What a payload claim means, or undefined for claims nobody documents. */
export function explainClaim(name: string, kind: Kind = 'unknown'): ClaimInfo | undefined {
  if (name === 'aud') {
    return {
      source: 'jwt',
      text:
        kind === 'id'
          ? 'Audience: the app client id this ID token was issued for. Check it equals your app client id.'
          : 'Audience: who the token is meant for.',
    };
  }
  const own = (table: Record<string, string>) => (Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined);
  const jwt = own(JWT);
  if (jwt) return { source: 'jwt', text: jwt };
  const cognito = own(COGNITO);
  if (cognito) return { source: 'cognito', text: cognito };
  const oidc = own(OIDC);
  if (oidc) return { source: 'oidc', text: oidc };
  if (name.startsWith('custom:')) return { source: 'cognito', text: 'A custom attribute defined on the user pool.' };
  if (name.startsWith('dev:')) return { source: 'cognito', text: 'A developer-only attribute: your app can read it, users cannot change it.' };
  if (name.startsWith('cognito:')) return { source: 'cognito', text: 'A Cognito claim.' };
  return undefined;
}

/** What a JOSE header parameter means. */
export function explainHeader(name: string): ClaimInfo | undefined {
  return Object.prototype.hasOwnProperty.call(HEADER, name) ? { source: 'header', text: HEADER[name] as string } : undefined;
}

/** Claims whose value is a NumericDate (seconds since the epoch). */
export const TIME_CLAIM_NAMES: readonly string[] = ['exp', 'iat', 'nbf', 'auth_time', 'updated_at'];
