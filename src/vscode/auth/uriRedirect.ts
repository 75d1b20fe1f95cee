// Managed login's redirect through the extension's URI handler: the handler registered in
// extension.ts (vscode.window.registerUriHandler) hands each URI here, and a sign-in that chose
// the URI handler (setting cognitoTokenDebugger.managedLogin.redirect) waits here. The callback
// URL the app client must list is what vscode.env.asExternalUri makes of
// `<uriScheme>://cognito-token-debugger.cognito-token-debugger/callback`: the same URI in desktop
// VS Code, an https (or http) URL of the workbench's own in code-server and VS Code for the Web,
// whose callback page hands the query on to the handler.
import * as vscode from 'vscode';
import { uriCallback, UriRedirects, type RedirectWaiter } from '../../core/auth/index';
import type { Ctx } from '../context';

const redirects = new UriRedirects();

/** The URI handler's work: a managed-login redirect goes to the sign-in waiting for it; anything else is logged (never its query) and dropped. */
export function handleCallbackUri(ctx: Ctx, uri: vscode.Uri): void {
  const outcome = redirects.deliver({ path: uri.path, query: uri.query });
  switch (outcome.kind) {
    case 'code':
      ctx.log.info('sign-in: the managed-login redirect reached the URI handler');
      return;
    case 'error':
      ctx.log.warn(`sign-in: the managed-login redirect reached the URI handler with the error ${outcome.error.info.name}`);
      return;
    case 'wrong-state':
      ctx.log.warn('sign-in: a redirect reached the URI handler with a state that does not belong to the sign-in in progress; its code was not used');
      if (redirects.waiting) void vscode.window.showWarningMessage('Cognito: a sign-in redirect came back that this sign-in did not start (another "state"); it was ignored. Finish the sign-in in the browser tab this sign-in opened.');
      return;
    case 'no-code':
      ctx.log.warn('sign-in: a redirect reached the URI handler without a code; still waiting');
      return;
    case 'no-sign-in':
    case 'closed':
      ctx.log.info('sign-in: a redirect reached the URI handler while no sign-in waits for one; ignored');
      return;
    case 'other-path':
      ctx.log.info(`sign-in: the URI handler ignored a URI on the path ${uri.path.slice(0, 80)}`);
      return;
  }
}

export interface UriRedirect {
  /** The URI the editor routes to this extension: `<uriScheme>://<extension id>/callback`. */
  readonly callbackUri: string;
  /** What the browser is sent back to (the redirect_uri): callbackUri itself, or what asExternalUri made of it. */
  readonly redirectUri: string;
  readonly waiter: RedirectWaiter;
}

/** Starts waiting for the redirect through the URI handler (ending any earlier wait). */
export async function openUriRedirect(ctx: Ctx, options: { timeoutMs: number; signal: AbortSignal }): Promise<UriRedirect> {
  const callbackUri = uriCallback(vscode.env.uriScheme, ctx.extension.extension.id);
  const external = await vscode.env.asExternalUri(vscode.Uri.parse(callbackUri));
  // toString(true): the URL as it is, not re-encoded (the redirect_uri must match the app client's exactly).
  const redirectUri = external.toString(true);
  // A URL the workbench made (code-server, VS Code for the Web: <origin>/callback?vscode-reqid=N&...)
  // is delivered once: the workbench forgets the request after its first callback, so a redirect
  // with a wrong state ends this sign-in instead of leaving it waiting for one that cannot come.
  const singleDelivery = redirectUri !== callbackUri;
  const waiter = redirects.begin({ redirectUri, timeoutMs: options.timeoutMs, signal: options.signal, singleDelivery });
  return { callbackUri, redirectUri, waiter };
}
