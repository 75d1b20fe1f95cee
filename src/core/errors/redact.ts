// Removes tokens and secrets from error messages before they are shown or
// logged. Errors rarely carry them, but a proxy page, an emulator or a
// library may echo the request back.

const TOKEN_CHAR = 'A-Za-z0-9_-';

/** A JWS (3 parts) or JWE (5 parts): a base64url header starting with `eyJ` (`{"`), then dot-separated parts. */
const JWT = new RegExp(`(?<![${TOKEN_CHAR}])eyJ[${TOKEN_CHAR}]+(?:\\.[${TOKEN_CHAR}]*){1,4}`, 'g');

/** `Bearer <token>`, `Basic <credentials>` (16+ token characters, so prose like "Basic features" stays). */
const AUTH_SCHEME = /\b((?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]{16,}/g;

/** `key=value`, `key: value`, `"key":"value"` for keys that carry secrets. */
const SECRET_FIELD =
  /\b(SECRET_HASH|SecretHash|ClientSecret|client_secret|PASSWORD|Password|password|REFRESH_TOKEN|RefreshToken|refresh_token|AccessToken|access_token|IdToken|id_token|Token|Authorization)(["']?\s*[:=]\s*["']?)(?!\[redacted|Bearer\s|Basic\s)([^\s"',;&}]+)/g;

/**
 * A long run of base64 / base64url characters: client secrets, SECRET_HASH
 * values, AWS secret keys. Redacted only when it mixes upper case, lower case
 * and digits, so ids (client ids, pool ids, UUIDs, device keys) and paths stay.
 */
const LONG_BASE64 = /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{32,}={0,2}(?![A-Za-z0-9+/=_-])/g;

function looksRandom(s: string): boolean {
  return /[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s);
}

/** Strips JWT-looking strings, secret fields and long base64 from a message. */
export function redactMessage(message: string): string {
  if (typeof message !== 'string' || message.length === 0) return '';
  return message
    .replace(JWT, (match) => {
      // Give back sentence punctuation that the optional empty last part swallowed.
      const trailingDots = /\.+$/.exec(match)?.[0] ?? '';
      return `[redacted JWT]${trailingDots}`;
    })
    .replace(AUTH_SCHEME, '$1[redacted]')
    .replace(SECRET_FIELD, '$1$2[redacted]')
    .replace(LONG_BASE64, (match) => (looksRandom(match) ? '[redacted]' : match));
}
