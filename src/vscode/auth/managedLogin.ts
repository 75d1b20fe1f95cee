// Managed login (the hosted UI) from the editor: authorization code with PKCE, the redirect
// received by a one-shot loopback listener on 127.0.0.1 (the default) or by the extension's URI
// handler (setting cognitoTokenDebugger.managedLogin.redirect, or the argument `redirect`; see
// uriRedirect.ts). The callback URL the app client must list is shown BEFORE the browser opens
// (Cognito matches callback URLs exactly), the wait for the redirect is a cancellable progress
// that says which URL it waits on, and the code is exchanged by the core, the same way for both.
// The code verifier stays in memory for this one exchange; nothing of it is logged.
import * as vscode from 'vscode';
import { buildAuthorizeUrl, discoverHostedUiDomain, exchangeCode, openLoopbackRedirect, type HostedUiTarget, type SignInTarget } from '../../core/auth/index';
import type { Explanation } from '../../core/errors/index';
import type { Ctx } from '../context';
import { ask } from '../sessions/prompts';
import type { ConversationResult } from './conversationUi';
import { withProgress } from './quickInput';
import { readDomain, readScopes, type ManagedLoginRedirect, type SignInArgs } from './signInModel';
import { openUriRedirect } from './uriRedirect';
import { readSettings } from '../settings';

export const LOOPBACK_PORT_SETTING = 'signIn.loopbackPort';
export const REDIRECT_SETTING = 'managedLogin.redirect';
const DEFAULT_SCOPES = ['openid', 'email', 'profile'];
const DEFAULT_WAIT_SECONDS = 300;

export type ManagedLoginResult =
  | ConversationResult
  /** `explanation`: the catalog's card when the core explained it (port in use, callback timeout, state mismatch). */
  | { kind: 'problem'; reason: 'invalid' | 'listen' | 'timeout' | 'state-mismatch' | 'failed'; message: string; explanation?: Explanation };

/** The catalog explanation the core's managed-login errors carry (HostedUiError), if any. */
function explanationOf(err: unknown): Explanation | undefined {
  const e = (err as { explanation?: unknown } | null)?.explanation;
  return e && typeof e === 'object' && typeof (e as Explanation).id === 'string' && typeof (e as Explanation).title === 'string' ? (e as Explanation) : undefined;
}

export interface ManagedLoginOptions {
  title: string;
  /** Ask what `args` leaves open (false: a caller without UI; missing answers are an error). */
  interactive: boolean;
  args: SignInArgs | undefined;
  /** A domain known without asking the network (the sandbox's origin). */
  knownDomain?: string;
  /** The pool's issuer, whose OpenID configuration names the authorize endpoint. */
  issuer: string;
  /** The port when neither the argument nor the setting names one (a sandbox client's loopback callback). */
  defaultPort?: number;
}

/** Where the browser sends the sign-in back to: one-shot, with the state checked, closed after. */
interface Receiver {
  readonly how: ManagedLoginRedirect;
  readonly redirectUri: string;
  /** The URI handler's own URI, when the redirect comes through it. */
  readonly callbackUri?: string;
  readonly result: Promise<{ code: string; state: string }>;
  expectState(state: string): void;
  /** The URL to open for the authorize URL (the loopback listener's start page for a loopback domain). */
  opening(authorizeUrl: string): string;
  close(): void;
}

/** The configured loopback port (0 or unset: a random free port). */
export function loopbackPortSetting(): number {
  const v = vscode.workspace.getConfiguration('cognitoTokenDebugger').get<unknown>(LOOPBACK_PORT_SETTING);
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 65535 ? v : 0;
}

export async function runManagedLogin(ctx: Ctx, base: SignInTarget, options: ManagedLoginOptions): Promise<ManagedLoginResult> {
  const { args, title } = options;
  // 1. The domain: given, the sandbox's origin, or read from the pool's OpenID configuration.
  let domain = args?.domain ?? options.knownDomain;
  if (domain === undefined || options.interactive) {
    let suggested = domain;
    if (suggested === undefined) {
      suggested = await discoverHostedUiDomain(options.issuer).catch((err: unknown) => {
        ctx.log.info(`sign-in: the managed login domain could not be read from ${options.issuer}/.well-known/openid-configuration (${err instanceof Error ? err.message : String(err)})`);
        return undefined;
      });
    }
    if (options.interactive) {
      const typed = await ask({
        field: 'domain',
        title,
        prompt: 'The user pool domain of managed login: https://<prefix>.auth.<region>.amazoncognito.com or your custom domain',
        value: suggested ?? '',
        validate: (v) => {
          const r = readDomain(v);
          return 'error' in r ? r.error : undefined;
        },
      });
      if (typed === undefined) return { kind: 'cancelled' };
      domain = typed;
    } else {
      domain = suggested;
    }
  }
  if (domain === undefined) return { kind: 'problem', reason: 'invalid', message: `no managed login domain is known for ${options.issuer}: give "domain"` };
  const readDomainResult = readDomain(domain);
  if ('error' in readDomainResult) return { kind: 'problem', reason: 'invalid', message: readDomainResult.error };

  // 2. The scopes.
  let scopes = args?.scopes;
  if (scopes === undefined && options.interactive) {
    const typed = await ask({
      field: 'scopes',
      title,
      prompt: 'Scopes, separated by spaces (the app client must allow each)',
      value: DEFAULT_SCOPES.join(' '),
      validate: (v) => {
        const r = readScopes(v);
        return 'error' in r ? r.error : undefined;
      },
    });
    if (typed === undefined) return { kind: 'cancelled' };
    const r = readScopes(typed);
    scopes = 'scopes' in r ? r.scopes : DEFAULT_SCOPES;
  }
  const target: HostedUiTarget = {
    ...base,
    domain: readDomainResult.domain,
    scopes: scopes ?? DEFAULT_SCOPES,
    ...(base.clientSecret !== undefined ? { clientAuth: 'client_secret_basic' as const } : {}),
  };

  // 3. The receiver of the redirect: the loopback listener (a fixed port when configured: Cognito
  // matches callback URLs exactly) or the URI handler.
  const how: ManagedLoginRedirect = args?.redirect ?? readSettings().managedLoginRedirect;
  const waitSeconds = args?.waitSeconds ?? DEFAULT_WAIT_SECONDS;
  const abort = new AbortController();
  const opened = how === 'uri-handler' ? await uriReceiver(ctx, abort, waitSeconds) : await loopbackReceiver(ctx, abort, waitSeconds, args?.port ?? (loopbackPortSetting() || (options.defaultPort ?? 0)));
  if ('problem' in opened) return opened.problem;
  const receiver = opened.receiver;
  try {
    const authorize = buildAuthorizeUrl(target, receiver.redirectUri);
    // A callback with another state is refused and the wait goes on; the check after the wait stays either way.
    receiver.expectState(authorize.state);
    ctx.log.info(`sign-in: managed login at ${target.domain} for client ${target.clientId}, scopes ${target.scopes.join(' ')}, redirect to ${receiver.redirectUri}${receiver.callbackUri !== undefined ? ` (the URI handler, ${receiver.callbackUri})` : ''}`);

    // 4. Show the callback URL before the browser opens.
    const browser = await chooseBrowser(options, target, receiver);
    if (browser === undefined) return { kind: 'cancelled' };
    if (browser === 'copy') {
      await vscode.env.clipboard.writeText(authorize.url);
      void vscode.window.showInformationMessage(`Cognito: the sign-in URL is on the clipboard. Open it in a browser; the redirect comes back to ${receiver.redirectUri}.`);
    } else {
      // A string, not vscode.Uri.parse(url): the extension host passes a string through as it is,
      // whereas a Uri's toString() can re-encode the query (the PKCE challenge, the redirect URI).
      const url = receiver.opening(authorize.url);
      const shown = await vscode.env.openExternal(url as unknown as vscode.Uri);
      if (!shown) return { kind: 'cancelled' };
    }

    // 5. Wait for the redirect.
    let callback: { code: string; state: string };
    try {
      callback = await withProgress(`Waiting for the sign-in in the browser (redirect to ${receiver.redirectUri})…`, abort, () => receiver.result);
    } catch (err) {
      if (abort.signal.aborted) return { kind: 'cancelled' };
      if (err instanceof Error && err.name === 'AbortError') {
        // The URI handler's wait ended by a newer sign-in (one waits at a time).
        ctx.log.info(`sign-in: the wait for ${receiver.redirectUri} ended: another sign-in started`);
        return { kind: 'cancelled' };
      }
      const why = err instanceof Error ? err.message : String(err);
      ctx.log.warn(`sign-in: no usable redirect came to ${receiver.redirectUri} (${why})`);
      const explanation = explanationOf(err);
      if (explanation?.id === 'client/oauth-state-mismatch') {
        return { kind: 'problem', reason: 'state-mismatch', message: `the redirect to ${receiver.redirectUri} carried another "state" than the sign-in sent, so its code was not used. Sign in again.`, explanation };
      }
      if (explanation !== undefined && explanation.id !== 'client/oauth-callback-timeout') {
        // The redirect came with an error (access_denied, invalid_scope, ...): the catalog explains it.
        return { kind: 'problem', reason: 'failed', message: `the redirect to ${receiver.redirectUri} said the sign-in did not complete (${explanation.title})`, explanation };
      }
      return {
        ...(explanation ? { explanation } : {}),
        kind: 'problem',
        reason: 'timeout',
        message: `no sign-in came back to ${receiver.redirectUri} (${why}). Check that the app client lists exactly this callback URL, that managed login is enabled with the authorization code grant, and that the sign-in in the browser finished.`,
      };
    }
    if (callback.state !== authorize.state) {
      ctx.log.warn('sign-in: the redirect carried another state than the one sent; the code was not used');
      return { kind: 'problem', reason: 'state-mismatch', message: 'the redirect carried another "state" than the sign-in sent, so its code was not used (it may come from another sign-in or another site). Sign in again.' };
    }

    // 6. Exchange the code (PKCE).
    const step = await withProgress('Signing in: exchanging the authorization code…', abort, () =>
      exchangeCode(target, { code: callback.code, redirectUri: receiver.redirectUri, codeVerifier: authorize.codeVerifier }),
    );
    if (step.kind === 'done') return { kind: 'done', record: step.record };
    if (step.kind === 'failed') return { kind: 'failed', explanation: step.explanation, errorName: step.error.name, expired: false };
    return { kind: 'cancelled' };
  } finally {
    receiver.close();
  }
}

async function loopbackReceiver(ctx: Ctx, abort: AbortController, waitSeconds: number, port: number): Promise<{ receiver: Receiver } | { problem: ManagedLoginResult }> {
  let loopback: Awaited<ReturnType<typeof openLoopbackRedirect>>;
  try {
    loopback = await openLoopbackRedirect({ ...(port > 0 ? { port } : {}), path: '/callback', signal: abort.signal, timeoutMs: waitSeconds * 1000 });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    ctx.log.warn(`sign-in: could not listen on 127.0.0.1${port > 0 ? `:${port}` : ''} for the redirect (${why})`);
    const explanation = explanationOf(err);
    return {
      problem: {
        kind: 'problem',
        reason: 'listen',
        message: `could not listen on 127.0.0.1${port > 0 ? `:${port}` : ''} for the redirect (${why})${port > 0 ? `; change the setting cognitoTokenDebugger.${LOOPBACK_PORT_SETTING}` : ''}`,
        ...(explanation ? { explanation } : {}),
      },
    };
  }
  return {
    receiver: {
      how: 'loopback',
      redirectUri: loopback.redirectUri,
      result: loopback.result,
      expectState: (state) => loopback.expectState(state),
      // An authorize URL on a loopback domain (the sandbox, an emulator) goes through the
      // listener's start page: VS Code for the Web hands such a URL to its port proxy, and
      // code-server keeps only its port (<server>/proxy/<port>/, path and query dropped); the
      // start page's root survives that and redirects to the whole authorize URL.
      opening: (authorizeUrl) => (isLoopbackUrl(authorizeUrl) ? loopback.startPage(authorizeUrl) : authorizeUrl),
      close: () => loopback.close(),
    },
  };
}

async function uriReceiver(ctx: Ctx, abort: AbortController, waitSeconds: number): Promise<{ receiver: Receiver } | { problem: ManagedLoginResult }> {
  let opened: Awaited<ReturnType<typeof openUriRedirect>>;
  try {
    opened = await openUriRedirect(ctx, { timeoutMs: waitSeconds * 1000, signal: abort.signal });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    ctx.log.warn(`sign-in: the URI handler's callback URL could not be made (${why})`);
    return { problem: { kind: 'problem', reason: 'listen', message: `the URI handler's callback URL could not be made (${why}); set cognitoTokenDebugger.${REDIRECT_SETTING} to "loopback"` } };
  }
  const { waiter } = opened;
  return {
    receiver: {
      how: 'uri-handler',
      redirectUri: opened.redirectUri,
      callbackUri: opened.callbackUri,
      result: waiter.result,
      expectState: (state) => waiter.expectState(state),
      opening: (authorizeUrl) => authorizeUrl,
      close: () => waiter.close(),
    },
  };
}

/** Whether VS Code for the Web would hand `url` to its port proxy: http(s) on localhost, 127.0.0.1, [::1] or 0.0.0.0. */
export function isLoopbackUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && ['localhost', '127.0.0.1', '[::1]', '0.0.0.0'].includes(u.hostname);
  } catch {
    return false;
  }
}

async function chooseBrowser(options: ManagedLoginOptions, target: HostedUiTarget, receiver: Receiver): Promise<'open' | 'copy' | undefined> {
  const redirectUri = receiver.redirectUri;
  if (!options.interactive) return options.args?.browser ?? 'open';
  const open = 'Open Browser';
  const copyCallback = 'Copy Callback URL';
  const copySignIn = 'Copy Sign-In URL';
  for (;;) {
    const choice = await vscode.window.showInformationMessage(
      `Sign in through managed login at ${target.domain}`,
      {
        modal: true,
        detail: `The app client ${target.clientId} must list this exact callback URL (allowed callback URLs), with the authorization code grant and the scopes ${target.scopes.join(' ')}:\n\n${redirectUri}\n\n${receiverText(receiver)}`,
      },
      open,
      copyCallback,
      copySignIn,
    );
    if (choice === undefined) return undefined;
    if (choice === open) return 'open';
    if (choice === copySignIn) return 'copy';
    await vscode.env.clipboard.writeText(redirectUri);
  }
}

/** What the dialog says about where the redirect goes. */
function receiverText(receiver: Receiver): string {
  if (receiver.callbackUri === undefined) {
    return `The browser redirects there when the sign-in is done (a one-shot listener on this machine; the setting cognitoTokenDebugger.${REDIRECT_SETTING} switches to VS Code's URI handler).`;
  }
  if (receiver.redirectUri === receiver.callbackUri) {
    return `The browser hands the sign-in back to VS Code through this extension's URI handler when it is done (the browser may ask whether to open ${receiver.callbackUri.slice(0, receiver.callbackUri.indexOf(':'))} links).`;
  }
  return `This editor runs in a browser: VS Code made that URL for its URI handler (${receiver.callbackUri}), and its page hands the sign-in back to this window. The workbench may make another URL for the next sign-in (it numbers them), and Cognito matches callback URLs exactly; the setting cognitoTokenDebugger.${REDIRECT_SETTING} switches back to the loopback listener.`;
}
