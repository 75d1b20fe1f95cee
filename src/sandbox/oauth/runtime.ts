// What managed login keeps in memory per sandbox: authorization codes (single
// use, 5 minutes) and sign-ins waiting for their MFA code (3 minutes, like an
// API sign-in's Session). Neither is written to the state file: a restarted
// sandbox has forgotten codes nobody redeemed, as a code is meant to be short-lived.

import { randomBytes } from 'node:crypto';
import type { SandboxState } from '../state';

/** Authorization codes last 5 minutes (Cognito's documented lifetime). */
export const CODE_LIFETIME_MS = 5 * 60 * 1000;
export const MFA_STEP_LIFETIME_MS = 3 * 60 * 1000;
export const MAX_MFA_ATTEMPTS = 5;

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  /** The granted scopes, in the order asked. */
  scopes: string[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
}

export interface IssuedCode {
  request: AuthorizeRequest;
  username: string;
  /** ms: when the user signed in (the auth_time of the tokens): for a silent reuse, the SSO session's fresh authentication. */
  authenticatedAt: number;
  /** The SSO session (sessions/sso.ts) the sign-in made or reused: the token session's OriginSessionId. */
  ssoSessionId?: string;
  expiresAt: number;
}

export interface PendingMfa {
  request: AuthorizeRequest;
  username: string;
  expiresAt: number;
  attempts: number;
}

export class OAuthRuntime {
  private readonly codes = new Map<string, IssuedCode>();
  private readonly pending = new Map<string, PendingMfa>();

  issueCode(entry: Omit<IssuedCode, 'expiresAt'>, now: number): string {
    this.sweep(now);
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, { ...entry, expiresAt: now + CODE_LIFETIME_MS });
    return code;
  }

  /** Takes a code out (single use, whatever happens next); undefined when unknown or expired. */
  redeem(code: string, now: number): IssuedCode | undefined {
    const entry = this.codes.get(code);
    this.codes.delete(code);
    return entry && now < entry.expiresAt ? entry : undefined;
  }

  startMfa(entry: Omit<PendingMfa, 'expiresAt' | 'attempts'>, now: number): string {
    this.sweep(now);
    const id = randomBytes(24).toString('base64url');
    this.pending.set(id, { ...entry, expiresAt: now + MFA_STEP_LIFETIME_MS, attempts: 0 });
    return id;
  }

  mfa(id: string, now: number): PendingMfa | undefined {
    const entry = this.pending.get(id);
    if (!entry || now >= entry.expiresAt) {
      this.pending.delete(id);
      return undefined;
    }
    return entry;
  }

  endMfa(id: string): void {
    this.pending.delete(id);
  }

  private sweep(now: number): void {
    for (const [k, v] of this.codes) if (now >= v.expiresAt) this.codes.delete(k);
    for (const [k, v] of this.pending) if (now >= v.expiresAt) this.pending.delete(k);
  }
}

const runtimes = new WeakMap<SandboxState, OAuthRuntime>();

export function oauthRuntime(state: SandboxState): OAuthRuntime {
  let r = runtimes.get(state);
  if (!r) {
    r = new OAuthRuntime();
    runtimes.set(state, r);
  }
  return r;
}
