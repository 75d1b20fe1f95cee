// Node / undici error codes named inside a message: `connect ECONNREFUSED
// 127.0.0.1:9229`, `getaddrinfo ENOTFOUND host`, `read ECONNRESET`.

/**
 * Linear: each alternative starts with a fixed prefix and is followed by one
 * character class run and a word boundary, which a failed attempt cannot
 * re-enter from inside the same run (the leading `\b` needs a non-word
 * character before it).
 */
const CODE_IN_MESSAGE =
  /\b(E[A-Z]{3,}|UND_ERR_[A-Z_]+|ERR_TLS_[A-Z_]+|ERR_SSL_[A-Z_]+|CERT_[A-Z_]+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_[A-Z_]+)\b/;

/** The first error code named in a message, if any. */
export function codeInMessage(message: string): string | undefined {
  return CODE_IN_MESSAGE.exec(message)?.[1];
}
