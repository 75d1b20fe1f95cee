// One RevokeToken call for a session, with its history event. RevokeToken
// takes `{ Token, ClientId, ClientSecret? }` and revokes the refresh token and
// the access tokens issued from it. The session stays stored: refreshing it
// afterwards fails with "Refresh Token has been revoked", which is the point
// of trying it in a debugger. A session refreshing through the token endpoint revokes through
// `<oauthDomain>/oauth2/revoke` (the same effect; recorded as RevokeToken in the history).

import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { fingerprint, type HistoryEvent, type SessionRecord, type SessionStore } from '../sessions';
import { readFailure, sessionContext, type FailureFacts } from './failure';
import { revokeToken } from './operations';
import type { RefreshWarning, RevokeOutcome } from './outcome';
import { tokenEndpointRevoke, type TokenEndpointCallOptions } from './tokenEndpoint';

export interface RevokeRunContext {
  readonly store: SessionStore;
  readonly client: CognitoIdentityProviderClient;
  readonly now: () => number;
  readonly historyLimit: number;
  readonly record: SessionRecord;
  readonly signal?: AbortSignal;
  /** For sessions refreshing through the token endpoint: request timeout and fetch. */
  readonly oauth?: Omit<TokenEndpointCallOptions, 'signal'>;
  /**
   * RevokeToken's RevokeAssociatedSessions (default NONE). LINKED also revokes the SSO session the
   * token session came through. `/oauth2/revoke` has no such option: a token-endpoint session
   * revokes its token only, and its history event carries no 'revoke-linked' note.
   */
  readonly associated?: 'NONE' | 'LINKED';
}

export async function runRevoke(ctx: RevokeRunContext): Promise<RevokeOutcome> {
  const { session, secrets } = ctx.record;
  const sentAt = ctx.now();
  const linked = ctx.associated === 'LINKED' && session.refreshMethod !== 'TokenEndpoint';
  let failure: FailureFacts | undefined;
  try {
    if (session.refreshMethod === 'TokenEndpoint') {
      await tokenEndpointRevoke(
        {
          oauthDomain: session.oauthDomain,
          clientId: session.clientId,
          ...(secrets.clientSecret !== undefined ? { clientSecret: secrets.clientSecret } : {}),
          ...(session.oauthClientAuth !== undefined ? { clientAuth: session.oauthClientAuth } : {}),
        },
        secrets.refreshToken,
        { ...ctx.oauth, ...(ctx.signal ? { signal: ctx.signal } : {}) },
      );
    } else {
      await revokeToken(
        ctx.client,
        {
          token: secrets.refreshToken,
          clientId: session.clientId,
          ...(secrets.clientSecret !== undefined ? { clientSecret: secrets.clientSecret } : {}),
          ...(linked ? { associated: 'LINKED' as const } : {}),
        },
        ctx.signal ? { abortSignal: ctx.signal } : {},
      );
    }
  } catch (err) {
    failure = readFailure(err, 'RevokeToken', ctx.signal, sessionContext(session));
  }
  const latencyMs = ctx.now() - sentAt;

  const event: HistoryEvent = {
    at: new Date(sentAt).toISOString(),
    operation: 'RevokeToken',
    outcome: failure ? 'error' : 'success',
    rotated: false,
    oldFingerprint: fingerprint(secrets.refreshToken),
    latencyMs,
    ...(failure
      ? {
          errorName: failure.info.name,
          ...(failure.safeMessage ? { errorMessage: failure.safeMessage } : {}),
          ...(failure.info.httpStatus !== undefined ? { httpStatus: failure.info.httpStatus } : {}),
          ...(failure.info.requestId !== undefined ? { requestId: failure.info.requestId } : {}),
          ...(failure.cancelled ? { notes: ['cancelled' as const] } : {}),
        }
      : linked
        ? { notes: ['revoke-linked' as const] }
        : {}),
  };
  const at = new Date(ctx.now()).toISOString();
  const warnings: RefreshWarning[] = [];
  try {
    await ctx.store.recordAttempts(session.id, {
      events: [event],
      historyLimit: ctx.historyLimit,
      lastError: failure ? { name: failure.info.name, message: failure.safeMessage, at, operation: 'RevokeToken' } : null,
      at,
    });
  } catch {
    warnings.push('history-not-saved');
  }

  if (!failure) return { ok: true, sessionId: session.id, latencyMs, warnings };
  const reason = failure.cancelled ? 'cancelled' : failure.transport ? 'transport' : 'cognito';
  return { ok: false, sessionId: session.id, reason, error: failure.info, explanation: failure.explanation, latencyMs, warnings };
}
