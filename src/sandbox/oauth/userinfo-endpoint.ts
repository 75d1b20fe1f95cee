// GET (or POST) /oauth2/userInfo with `Authorization: Bearer <access token>`:
// the user's attributes within the token's scopes (developer guide, "The user
// attributes endpoint"): `openid` alone returns every attribute; with
// `profile`, `email` or `phone` only those groups. The token must come from the
// token endpoint (an API access token has no openid scope and is refused).
// Failures are 401 with `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750 §3).

import { CognitoError } from '../errors';
import { authenticateAccessToken } from '../sessions/access-token';
import type { SandboxState } from '../state';
import { jsonAnswer, type HttpAnswer } from './http';

const PROFILE = ['name', 'family_name', 'given_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture', 'website',
  'gender', 'birthdate', 'zoneinfo', 'locale', 'updated_at'];
const EMAIL = ['email', 'email_verified'];
const PHONE = ['phone_number', 'phone_number_verified'];

export function userInfoEndpoint(state: SandboxState, authorization: string | undefined): HttpAnswer {
  const m = authorization === undefined ? null : /^Bearer +([A-Za-z0-9._~+/=-]{1,20000})$/.exec(authorization.trim());
  if (!m) {
    return jsonAnswer(401, { error: 'invalid_request', error_description: 'send the access token as Authorization: Bearer <token>' }, { 'WWW-Authenticate': 'Bearer' });
  }
  let caller;
  try {
    caller = authenticateAccessToken(state, m[1], { requireAdminScope: false, requireScope: 'openid' });
  } catch (e) {
    if (!(e instanceof CognitoError)) throw e;
    const description = e.message;
    return jsonAnswer(401, { error: 'invalid_token', error_description: description },
      { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description.replace(/"/g, "'")}"` });
  }
  const scopes = String(caller.claims.scope ?? '').split(' ');
  const groups = [scopes.includes('profile') ? PROFILE : [], scopes.includes('email') ? EMAIL : [], scopes.includes('phone') ? PHONE : []].flat();
  const everything = groups.length === 0;
  const out: Record<string, string> = { sub: caller.user.sub };
  for (const [name, value] of Object.entries(caller.user.attributes ?? {})) {
    if (everything || groups.includes(name) || (scopes.includes('profile') && name.startsWith('custom:'))) out[name] = String(value);
  }
  out.username = caller.user.username;
  return jsonAnswer(200, out);
}
