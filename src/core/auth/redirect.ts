// The managed-login redirect, whichever way it comes back: the query of the callback read once
// (code, state, or an OAuth error), and a one-shot waiter that takes the first usable callback,
// refuses another sign-in's state, times out naming the URL it waited on, and ends on abort.
// The loopback listener (hostedUi.ts) and the editor's URI handler (src/vscode/auth/uriRedirect.ts)
// both deliver their callbacks here, so both paths check the same things the same way.
//
// Nothing here logs; the code is handed to the caller only, and error descriptions from the query
// are bounded and redacted before they reach an error.

import { OAUTH_CALLBACK_TIMEOUT_ID, OAUTH_STATE_MISMATCH_ID, oauthErrorId } from '../errors/catalog';
import { redactMessage } from '../errors';
import { abortError, HostedUiError, hostedUiError } from './hostedUiError';

/** How long a redirect is waited for by default. */
export const DEFAULT_CALLBACK_TIMEOUT_MS = 5 * 60 * 1000;

/** What one callback's query says. */
export type CallbackReading =
  | { readonly kind: 'code'; readonly code: string; readonly state: string }
  /** The authorization server sent the browser back with `error` (access_denied, invalid_scope, ...). */
  | { readonly kind: 'error'; readonly error: HostedUiError }
  /** Another state than the sign-in in progress sent: another sign-in's (an old tab) or a forged link. */
  | { readonly kind: 'wrong-state' }
  /** Neither a code nor an error. */
  | { readonly kind: 'no-code' }
  /** The waiter had already settled (one-shot): nothing was taken. */
  | { readonly kind: 'closed' };

/**
 * Reads a callback's query. The state is checked first: a redirect that does not carry the
 * expected state is not this sign-in's, so even its error is not believed.
 */
export function readCallback(query: URLSearchParams, expectedState: string | undefined): Exclude<CallbackReading, { kind: 'closed' }> {
  const state = query.get('state') ?? '';
  if (expectedState !== undefined && state !== expectedState) return { kind: 'wrong-state' };
  const error = query.get('error');
  if (error !== null) {
    const raw = query.get('error_description');
    const description = raw ? redactMessage(raw.slice(0, 500)) : undefined;
    return {
      kind: 'error',
      error: new HostedUiError({ name: error.slice(0, 100), ...(description ? { message: description } : {}), catalogId: oauthErrorId(error), operation: 'authorize' }),
    };
  }
  const code = query.get('code');
  if (code === null || code.length === 0) return { kind: 'no-code' };
  return { kind: 'code', code, state };
}

export interface RedirectWaiterOptions {
  /** The redirect URI the sign-in sends (named by the timeout). */
  readonly redirectUri: string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly expectedState?: string;
  /** Called once when the waiter settles (result, error, timeout, abort or close). */
  readonly onSettled?: () => void;
  /**
   * Only one redirect can ever arrive (VS Code for the Web delivers one callback per URL it made):
   * a wrong state or a redirect without a code ends the wait at once instead of waiting for another.
   */
  readonly singleDelivery?: boolean;
}

export interface RedirectWaiter {
  readonly redirectUri: string;
  /** Resolves with the first callback carrying a code (and the expected state), or rejects. */
  readonly result: Promise<{ code: string; state: string }>;
  /** From now on a callback with another state is refused (and the timeout says "state mismatch"). */
  expectState(state: string): void;
  /** One callback's query: what it said, and whether it settled the wait. */
  deliver(query: URLSearchParams): CallbackReading;
  /** Ends the wait (rejects with AbortError unless already settled). */
  close(): void;
  readonly settled: boolean;
}

/** The timeout's error: which URL was expected, and whether only a foreign state came. */
export function callbackTimeoutError(redirectUri: string, timeoutMs: number, sawWrongState: boolean): HostedUiError {
  return sawWrongState
    ? hostedUiError(OAUTH_STATE_MISMATCH_ID, 'StateMismatch', `A redirect reached ${redirectUri} with a state that does not belong to this sign-in, and no valid one followed.`)
    : hostedUiError(OAUTH_CALLBACK_TIMEOUT_ID, 'CallbackTimeout', `No redirect reached ${redirectUri} within ${Math.round(timeoutMs / 1000)} s. That URL must be one of the app client's callback URLs, exactly.`);
}

/**
 * A one-shot wait for the redirect. A wrong state is refused and the wait goes on (an old tab
 * must not end this sign-in); an error redirect with the right state rejects with its catalog
 * entry; the first code with the right state resolves; after that every delivery is 'closed'.
 */
export function createRedirectWaiter(options: RedirectWaiterOptions): RedirectWaiter {
  if (options.signal?.aborted) throw abortError();
  let expected = options.expectedState;
  let sawWrongState = false;
  let settled = false;
  let settle: { resolve(v: { code: string; state: string }): void; reject(e: unknown): void } | undefined;
  const result = new Promise<{ code: string; state: string }>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // A caller that never awaits the result must not see an unhandled rejection.
  result.catch(() => undefined);
  const timeoutMs = options.timeoutMs ?? DEFAULT_CALLBACK_TIMEOUT_MS;

  const finish = (outcome: { code: string; state: string } | Error): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    if (outcome instanceof Error) settle?.reject(outcome);
    else settle?.resolve(outcome);
    options.onSettled?.();
  };
  const onAbort = (): void => finish(abortError());
  // Not unref'd: whoever awaits the result is kept alive until it settles (at the latest, this timeout).
  const timer = setTimeout(() => finish(callbackTimeoutError(options.redirectUri, timeoutMs, sawWrongState)), timeoutMs);
  options.signal?.addEventListener('abort', onAbort, { once: true });

  return {
    redirectUri: options.redirectUri,
    result,
    expectState: (state: string) => {
      expected = state;
    },
    deliver: (query: URLSearchParams): CallbackReading => {
      if (settled) return { kind: 'closed' };
      const reading = readCallback(query, expected);
      if (reading.kind === 'wrong-state') {
        sawWrongState = true;
        if (options.singleDelivery === true) {
          finish(hostedUiError(OAUTH_STATE_MISMATCH_ID, 'StateMismatch', `The redirect to ${options.redirectUri} carried a state that does not belong to this sign-in, and no other redirect can come to that URL.`));
        }
      } else if (reading.kind === 'no-code' && options.singleDelivery === true) {
        finish(hostedUiError(OAUTH_CALLBACK_TIMEOUT_ID, 'NoCode', `The redirect to ${options.redirectUri} carried no authorization code, and no other redirect can come to that URL.`));
      } else if (reading.kind === 'error') finish(reading.error);
      else if (reading.kind === 'code') finish({ code: reading.code, state: reading.state });
      return reading;
    },
    close: () => finish(abortError()),
    get settled() {
      return settled;
    },
  };
}
