// The refresh and inspector phases of a host round (see runner.ts). Loaded after the
// activation figures, because it brings the AWS SDK and the sandbox into the host.
import { CognitoIdentityProviderClient, GetTokensFromRefreshTokenCommand } from '@aws-sdk/client-cognito-identity-provider';
import * as vscode from 'vscode';
import type { CognitoTokenDebuggerApi } from '../../src/vscode/api';
import type { RefreshSummary } from '../../src/vscode/sessions/feedback';
import { addFromSandbox, ownSandbox, removeAllSessions, run, sessionsList } from '../../test/integration/support/sessionFixtures';
import { signIn } from '../../test/integration/support/signIn';

interface EmptyApi {
  secretWrite(key: string, value: string): Thenable<void>;
  openBare(html: string): Promise<number>;
}

const CLIENT = 'no-rotation';

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Runs `a` and `b` `inner` times each after one warm-up each, alternating which goes first;
 * `between` (untimed) runs after every call.
 */
async function interleaved(
  a: () => Promise<void>,
  b: () => Promise<void>,
  inner: number,
  between: () => Promise<void> = async () => undefined,
): Promise<{ a: number[]; b: number[] }> {
  const time = async (fn: () => Promise<void>): Promise<number> => {
    const t0 = performance.now();
    await fn();
    const ms = performance.now() - t0;
    await between();
    return ms;
  };
  await a();
  await between();
  await b();
  await between();
  const out = { a: [] as number[], b: [] as number[] };
  for (let i = 0; i < inner; i++) {
    if (i % 2 === 0) {
      out.a.push(await time(a));
      out.b.push(await time(b));
    } else {
      out.b.push(await time(b));
      out.a.push(await time(a));
    }
  }
  return out;
}

export async function refreshPhase(ours: CognitoTokenDebuggerApi, empty: EmptyApi, inner: number): Promise<{ sessions: number; commandMs: number[]; floorMs: number[] }[]> {
  void ours;
  const sandbox = await ownSandbox();
  const bare = new CognitoIdentityProviderClient({ region: sandbox.info.region, endpoint: sandbox.info.endpoint, maxAttempts: 1 });
  const out: { sessions: number; commandMs: number[]; floorMs: number[] }[] = [];
  try {
    await removeAllSessions();
    const first = await addFromSandbox(sandbox, CLIENT);
    if (!first.result.ok) throw new Error(`adding the session failed: ${JSON.stringify(first.result)}`);
    const id = first.result.sessionId;
    const floorTokens = await signIn(sandbox.info, CLIENT);
    const client = floorTokens.client.clientId;
    const refreshToken = floorTokens.refreshToken;
    if (refreshToken === undefined) throw new Error('the sandbox sign-in returned no refresh token');
    const floor = async (): Promise<void> => {
      const r = await bare.send(new GetTokensFromRefreshTokenCommand({ RefreshToken: refreshToken, ClientId: client }));
      // The floor's one SecretStorage write: what a refresh must store, about the same size.
      await empty.secretWrite('ctd-bench.floor', JSON.stringify(r.AuthenticationResult ?? {}));
    };
    const command = async (): Promise<void> => {
      const summary = await run<RefreshSummary>('refreshSession', id);
      if (!summary?.ok) throw new Error(`Refresh Session failed: ${JSON.stringify(summary)}`);
    };
    const one = await interleaved(command, floor, inner);
    out.push({ sessions: 1, commandMs: one.a, floorMs: one.b });
    for (let i = 0; i < 9; i++) {
      const added = await addFromSandbox(sandbox, i % 2 === 0 ? 'rotating-grace-10s' : CLIENT);
      if (!added.result.ok) throw new Error(`adding session ${i + 2} failed: ${JSON.stringify(added.result)}`);
    }
    const count = (await sessionsList()).length;
    const ten = await interleaved(command, floor, inner);
    out.push({ sessions: count, commandMs: ten.a, floorMs: ten.b });
  } finally {
    await removeAllSessions().catch(() => undefined);
    bare.destroy();
    await sandbox.close();
  }
  return out;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function inspectorPhase(
  ours: CognitoTokenDebuggerApi,
  empty: EmptyApi,
  inner: number,
): Promise<{ oursMs: number[]; bareMs: number[]; stalls: { ours: number; bare: number }; unsettled: number }> {
  const sandbox = await ownSandbox();
  try {
    const token = (await signIn(sandbox.info, CLIENT)).idToken;
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    // The floor: a panel with the same claims as a static table and a script that says ready.
    const rows = Object.entries(payload)
      .map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(JSON.stringify(v))}</td></tr>`)
      .join('');
    const bareHtml = `<table>${rows}</table>`;
    // Before a panel closes: the browser has finished the webviews' resource loads (see
    // scripts/bench-host.mjs, startSettleServer: a load cut off by the close keeps code-server's
    // shared service worker busy for 30 s, and the next webview waits for it).
    let unsettled = 0;
    const settleUrl = process.env.CTD_BENCH_HOST_SETTLE_URL;
    const settled = async (): Promise<void> => {
      if (settleUrl === undefined) return;
      const r = (await (await fetch(`${settleUrl}?quietMs=100&timeoutMs=10000`)).json()) as { settled: boolean; pending?: string[] };
      if (!r.settled) {
        unsettled++;
        console.log(`[bench-host inspector] closing with webview loads pending: ${(r.pending ?? []).join(', ')}`);
      }
    };
    const close = async (): Promise<void> => {
      await settled();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await sleep(100);
    };
    // A webview that has not loaded after STALL_MS is a stall of the browser-side frame load
    // (seen in code-server under load, for bare panels too): counted apart, not as a figure.
    const STALL_MS = 20_000;
    const openOurs = async (): Promise<boolean> => {
      const key = await ours.inspector.open({ token });
      const deadline = Date.now() + STALL_MS;
      for (;;) {
        const panel = ours.inspector.debugState().find((p) => p.key === key);
        if (panel?.ready && panel.statesPosted > 0) return true;
        if (Date.now() > deadline) return false;
        await sleep(5);
      }
    };
    const openBare = async (): Promise<boolean> => {
      const timeout = sleep(STALL_MS).then(() => false);
      return Promise.race([empty.openBare(bareHtml).then(() => true), timeout]);
    };
    const out = { oursMs: [] as number[], bareMs: [] as number[], stalls: { ours: 0, bare: 0 }, unsettled: 0 };
    const once = async (which: 'ours' | 'bare', record: boolean): Promise<void> => {
      const t0 = performance.now();
      const ok = await (which === 'ours' ? openOurs() : openBare());
      const ms = performance.now() - t0;
      console.log(`[bench-host inspector] ${new Date().toISOString()} ${which}${record ? '' : ' (warm-up)'} ${ok ? 'ready' : 'STALLED'} after ${ms.toFixed(0)} ms`);
      await close();
      if (!record) return;
      if (!ok) out.stalls[which]++;
      else (which === 'ours' ? out.oursMs : out.bareMs).push(ms);
    };
    try {
      // The first open of each (the webview bundle's first load) is the warm-up.
      await once('ours', false);
      await once('bare', false);
      for (let i = 0; i < inner; i++) {
        const order: ('ours' | 'bare')[] = i % 2 === 0 ? ['ours', 'bare'] : ['bare', 'ours'];
        for (const which of order) await once(which, true);
      }
      out.unsettled = unsettled;
      return out;
    } finally {
      await close();
    }
  } finally {
    await sandbox.close();
  }
}
