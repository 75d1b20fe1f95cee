// Managed login's redirect through the editor's own URI handler
// (`<uriScheme>://<publisher>.<name>/callback?code=...&state=...`): the pure part. At most one
// sign-in waits at a time; the URI handler hands every URI it receives to `deliver`, which gives
// it to that sign-in's redirect waiter (the same one-shot wait, state check and timeout as the
// loopback listener's, redirect.ts) or says why it was not taken. No `vscode` import.
//
// Anyone can open a vscode:// link (a web page, another program), so a URI is taken only while a
// sign-in waits, only on the callback path, and only with that sign-in's state; the code is
// never logged.

import { createRedirectWaiter, type CallbackReading, type RedirectWaiter } from './redirect';

/** The path the URI handler receives managed-login redirects on. */
export const URI_CALLBACK_PATH = '/callback';

/** The URI the editor routes to this extension's handler: `<scheme>://<extensionId>/callback`. */
export function uriCallback(uriScheme: string, extensionId: string): string {
  if (!/^[a-z][a-z0-9+.-]*$/i.test(uriScheme)) throw new TypeError(`not a URI scheme: ${uriScheme.slice(0, 40)}`);
  if (!/^[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$/i.test(extensionId)) throw new TypeError(`not an extension id: ${extensionId.slice(0, 80)}`);
  return `${uriScheme}://${extensionId.toLowerCase()}${URI_CALLBACK_PATH}`;
}

/** The parts of a URI the handler looks at (vscode.Uri has them; `query` without the "?"). */
export interface ReceivedUri {
  readonly path: string;
  readonly query: string;
}

export type UriDelivery =
  | CallbackReading
  /** No sign-in waits for a redirect through the URI handler. */
  | { readonly kind: 'no-sign-in' }
  /** Not the callback path: not a managed-login redirect. */
  | { readonly kind: 'other-path' };

export interface UriWaitOptions {
  /** The redirect URI the authorize request names: the callback URI, or what the editor made of it for the browser (VS Code for the Web). */
  readonly redirectUri: string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Only one redirect can arrive at redirectUri (VS Code for the Web: its callback page delivers once per URL it made). */
  readonly singleDelivery?: boolean;
}

/** The sign-in waiting on the URI handler, if any. */
export class UriRedirects {
  private current: RedirectWaiter | undefined;

  /** A new wait; one that was still waiting ends (its result rejects with AbortError). */
  begin(options: UriWaitOptions): RedirectWaiter {
    this.current?.close();
    const waiter = createRedirectWaiter({
      redirectUri: options.redirectUri,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
      ...(options.singleDelivery !== undefined ? { singleDelivery: options.singleDelivery } : {}),
      onSettled: () => {
        if (this.current === waiter) this.current = undefined;
      },
    });
    this.current = waiter;
    return waiter;
  }

  /** Whether a sign-in waits now. */
  get waiting(): boolean {
    return this.current !== undefined;
  }

  /** One URI the handler received. */
  deliver(uri: ReceivedUri): UriDelivery {
    if (uri.path !== URI_CALLBACK_PATH) return { kind: 'other-path' };
    const waiter = this.current;
    if (waiter === undefined) return { kind: 'no-sign-in' };
    // Cognito's code and our state are URL-safe; a query the editor decoded once more still reads the same.
    return waiter.deliver(new URLSearchParams(uri.query));
  }
}
