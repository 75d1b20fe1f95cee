// The sign-in contract between src/core/auth (the conversation with Cognito) and
// src/vscode/auth (the UI that asks the user). Plain types: no SDK values, no VS Code.
// Changes are additive only (announced by a commit message starting "auth contract:").

import type { ErrorInfo, Explanation } from '../errors';
import type { SessionRecord } from '../sessions';

export interface SignInTarget {
  readonly region: string;
  readonly userPoolId: string;
  readonly clientId: string;
  /** Endpoint override (sandbox / emulator); the regional AWS endpoint when absent. */
  readonly endpoint?: string;
  readonly clientSecret?: string;
  readonly label?: string;
  /**
   * A remembered device (from an earlier sign-in's ConfirmDevice): with all three, the
   * DEVICE_SRP_AUTH challenge is answered and a remembered device skips MFA.
   */
  readonly deviceKey?: string;
  readonly deviceGroupKey?: string;
  readonly devicePassword?: string;
}

export type SignInFlow = 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' | 'USER_AUTH';
export type FirstFactor = 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';

/** What the flow needs from the user next. Secrets typed into answers are never stored or logged. */
export type SignInPrompt =
  | { readonly kind: 'password' }
  | {
      readonly kind: 'new-password';
      readonly requiredAttributes: readonly string[];
      readonly currentAttributes: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'code';
      readonly challenge: 'SMS_MFA' | 'EMAIL_OTP' | 'SOFTWARE_TOKEN_MFA' | 'SMS_OTP';
      readonly destination?: string;
      readonly medium?: string;
    }
  | { readonly kind: 'select-mfa'; readonly options: readonly string[] }
  | { readonly kind: 'select-challenge'; readonly options: readonly FirstFactor[]; readonly unavailableInEditor: readonly FirstFactor[] }
  | { readonly kind: 'totp-setup'; readonly secretCode: string; readonly otpauthUri: string }
  | { readonly kind: 'device-name'; readonly suggested: string };

export type SignInAnswer =
  | { readonly kind: 'password'; readonly password: string }
  | { readonly kind: 'new-password'; readonly password: string; readonly attributes: Readonly<Record<string, string>> }
  | { readonly kind: 'code'; readonly code: string }
  | { readonly kind: 'select'; readonly option: string }
  /** `name: undefined` = do not remember this device. */
  | { readonly kind: 'device-name'; readonly name: string | undefined };

export type SignInStep =
  | {
      readonly kind: 'prompt';
      readonly prompt: SignInPrompt;
      /** ms epoch: when Cognito's Session string for this step expires (3 min). */
      readonly expiresAt?: number;
    }
  | { readonly kind: 'done'; readonly record: SessionRecord /* ready to store */ }
  | {
      readonly kind: 'failed';
      readonly error: ErrorInfo;
      readonly explanation: Explanation;
      /** true when the prompt can be answered again (wrong code). */
      readonly retryable: boolean;
    }
  | { readonly kind: 'cancelled' };

export interface SignInConversation {
  /** The first step (usually a password prompt, or a challenge for USER_AUTH). */
  start(): Promise<SignInStep>;
  /** Answer the last prompt; returns the next step. */
  answer(answer: SignInAnswer): Promise<SignInStep>;
  /** Drops everything held in memory (the Session string, SRP state, typed answers). */
  cancel(): void;
}

export interface SignInOptions {
  readonly username: string;
  readonly flow: SignInFlow;
  readonly preferred?: FirstFactor;
  readonly now?: () => number;
  readonly signal?: AbortSignal;
}

// Managed login (hosted UI), authorization code + PKCE:
export interface HostedUiTarget extends SignInTarget {
  /** https://<prefix>.auth.<region>.amazoncognito.com, a custom domain, or the sandbox origin. */
  readonly domain: string;
  readonly scopes: readonly string[];
  readonly clientAuth?: 'client_secret_basic' | 'client_secret_post';
}

export interface LoopbackRedirect {
  readonly redirectUri: string;
  /** Resolves with the code or rejects. */
  readonly result: Promise<{ code: string; state: string }>;
  close(): void;
  /**
   * From now on, a callback with another state is answered 400 and ignored (the listener keeps
   * waiting; if no valid one follows, the timeout says "state mismatch"). openLoopbackRedirect
   * always provides it.
   */
  expectState?(state: string): void;
}

export interface LoopbackOptions {
  readonly port?: number;
  readonly path?: string;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** When given, a callback whose state differs is rejected (answered 400) and the listener keeps waiting. */
  readonly expectedState?: string;
}

export interface AuthorizeRequest {
  readonly url: string;
  readonly state: string;
  readonly codeVerifier: string;
}

export interface CodeExchangeInput {
  readonly code: string;
  readonly redirectUri: string;
  readonly codeVerifier: string;
}
