/**
 * The token engine: find JWTs in text, decode and classify them (Cognito ID,
 * access and refresh tokens), read their time claims, verify signatures
 * against the user pool's JWKS. Plain TypeScript on jose; no VS Code API.
 */
export type {
  CognitoClassification,
  CognitoEvidence,
  DecodedToken,
  DecodeOptions,
  DecodeResult,
  FindTokenAtOptions,
  FindTokensOptions,
  FoundToken,
  ScanResult,
  TimeClaim,
  TimeClaimName,
  TokenError,
  TokenErrorCode,
  TokenFormat,
  TokenKind,
  TokenPart,
  Validity,
  ValidityState,
} from './types';
export { findTokens, findTokenAt, scanTokens } from './scan';
export { decodeToken } from './decode';
export { classifyToken, hasCognitoRefreshHeader, parseUserPoolIssuer, type UserPoolIssuer } from './classify';
export { formatDuration, formatRelative } from './time';
export { verifyToken } from './verify';
export {
  awsJwksUriForIssuer,
  chooseKeySet,
  isAwsRegion,
  isAwsUserPoolId,
  jwksUriForSession,
  type KeySetChoice,
  type SessionKeySource,
} from './jwks-uri';
export {
  CHECK_NAMES,
  type CheckName,
  type CheckStatus,
  type VerifyCheck,
  type VerifyError,
  type VerifyErrorCode,
  type VerifyOptions,
  type VerifyReport,
  type VerifyStatus,
} from './verify-types';
export { JwksCache, type JwksCacheOptions, type JwksError, type JwksLookup, type JwksRequest } from './jwks-cache';
export { DEFAULT_CLOCK_SKEW_SECONDS, DEFAULT_MAX_TOKENS, MAX_TOKEN_LENGTH } from './limits';
export {
  describeClaimChange,
  diffClaims,
  diffTokens,
  KEPT_CLAIMS,
  MAX_CHANGES,
  SUMMARY_MAX,
  type ClaimChange,
  type ClaimChangeKind,
  type TokenDiff,
} from './diff';
export {
  describeTokenSize,
  HEADER_LIMITS,
  tokenSize,
  type HeaderLimit,
  type LimitCheck,
  type SizeLevel,
  type TokenSize,
  type TokenSizeOptions,
} from './size';
