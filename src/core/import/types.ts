// Public shapes of the "Add Session" paste parser.

/** What the paste turned out to be. */
export type PasteKind =
  /** One refresh token on its own (a Cognito JWE, or an opaque token of a Cognito-compatible endpoint). */
  | 'refresh-token'
  /** An `AuthenticationResult` object, an OAuth2 token response, or key/value lines with the same fields. */
  | 'authentication-result'
  /** `aws cognito-idp initiate-auth` / `admin-initiate-auth` output (or an SDK response) wrapping an `AuthenticationResult`. */
  | 'aws-cli-output'
  /** Amplify / amazon-cognito-identity-js `CognitoIdentityServiceProvider.*` keys. */
  | 'amplify-local-storage'
  /** Tokens found in other text: a log line, a HTTP trace, a .env file. */
  | 'tokens-in-text';

/** The session fields the user can be asked for. */
export type DraftField = 'region' | 'userPoolId' | 'clientId';

export type MissingField = DraftField | 'refreshToken';

export interface DraftSecrets {
  refreshToken: string;
  idToken?: string;
  accessToken?: string;
  /** Seconds, as Cognito's `ExpiresIn`. */
  expiresIn?: number;
}

export interface SuggestedEndpoint {
  /** The issuer without its trailing `/<poolId>`, e.g. `http://127.0.0.1:9229`. */
  url: string;
  /** Where it was read, for the confirmation: "the iss claim of the ID token (not verified)". */
  source: string;
}

export interface SessionDraft {
  kind: PasteKind;
  region?: string;
  userPoolId?: string;
  clientId?: string;
  /** Cognito's internal username: `cognito:username` (ID token), `username` (access token), else `sub`. */
  username?: string;
  /** A display label, e.g. `jdoe@example.com @ us-east-1_AbC123def`. */
  label?: string;
  /**
   * Where the session's refreshes go when it is not AWS. The parser never sets it: a token's
   * content is not verified, so it cannot choose a network destination. It is set only by
   * `chooseEndpoint` (the user confirmed a suggestion, or typed a URL). Undefined: the AWS
   * endpoint of `region` (`https://cognito-idp.<region>.amazonaws.com`).
   */
  endpoint?: string;
  /**
   * A non-AWS issuer (`iss` of an unverified token) names this endpoint. Nothing is sent there
   * unless the user confirms this exact URL (`chooseEndpoint(draft, { use: 'suggested' })`).
   */
  suggestedEndpoint?: SuggestedEndpoint;
  secrets: DraftSecrets;
  /** Amplify `deviceKey`, or `AuthenticationResult.NewDeviceMetadata.DeviceKey`. */
  deviceKey?: string;
  /** What the UI must ask for before the draft can become a session. Never includes 'refreshToken' in an `ok` result. */
  missing: MissingField[];
  /** Human notes for the user; never contain a token. */
  notes: string[];
  /**
   * Answers `applyAnswers` rejected, with the reason (field stays in `missing`).
   * Absent when every answer was accepted.
   */
  invalid?: Partial<Record<DraftField, string>>;
}

export type ParseResult =
  | { ok: true; draft: SessionDraft; alternatives?: SessionDraft[] }
  | {
      ok: false;
      /** What the parser did recognise, e.g. "an ID token but no refresh token". Never contains a token. */
      recognised: string;
      /** What it expected. */
      expected: string;
      /** One or two sentences for the user. Never contains a token. */
      message: string;
    };

export interface ParseOptions {
  /** Current time, ms since the epoch (default `Date.now()`); used when decoding tokens. */
  now?: number;
}

/** Largest paste accepted, in UTF-16 code units (1 MiB). Larger pastes are refused before any work. */
export const MAX_PASTE_LENGTH = 1024 * 1024;

/** Most alternatives returned (other users, other refresh tokens). */
export const MAX_ALTERNATIVES = 20;
