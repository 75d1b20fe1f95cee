// "Cognito: Sign In…" and "Sign In Again": a new session from a real sign-in, through the core's
// conversation (src/core/auth): pool (the built-in sandbox, a pool on AWS, or an emulator's
// endpoint and pool), app client, optional client secret, flow, username, then each prompt the
// flow brings (password, codes, new password, TOTP setup, device). Escape at any step cancels and
// leaves nothing behind; a session is stored only once the sign-in is done.
//
// "Sign In Again" works on a stored session whose refresh token is dead (revoked, expired,
// reused): prefilled with its pool, client, endpoint, client secret and username, and on success
// the session keeps its id, label and history and gets the new tokens. A failed or cancelled
// sign-in changes nothing.
//
// Callers without UI (tests, links) pass an argument object instead of answering prompts; see
// SignInArgs in signInModel.ts. For example
//   executeCommand('cognitoTokenDebugger.signIn', { pool: 'sandbox', client: 'rotating-grace-10s',
//     username: 'demo.user@example.com', flow: 'USER_PASSWORD_AUTH', answers: [{ kind: 'password', password }] })
// `pool` is 'sandbox' or { userPoolId, region?, endpoint? }; `answers` answer the prompts in order;
// when they run out the sign-in is cancelled, or with `then: 'ask'` the remaining prompts are
// shown. `cognitoTokenDebugger.signInAgain` takes the session (id or tree node) and then the
// same object. Both resolve to a SignInResult (no token, no secret).
import * as vscode from 'vscode';
import { createSignIn, type FirstFactor, type SignInTarget } from '../../core/auth/index';
import type { Explanation } from '../../core/errors/index';
import { validateClientId, validateUserPoolId } from '../../core/import/index';
import { sdkClientFactory } from '../../core/refresh/index';
import type { SessionRecord } from '../../core/sessions/index';
import { userNameFromIdToken } from '../../core/sessions/internalUsername';
import type { SandboxInfo, SandboxClientInfo } from '../../sandbox/index';
import type { Ctx } from '../context';
import type { SandboxHolder } from '../sandbox/sandboxCommand';
import { showFailure } from '../sessions/feedback';
import { pickSession } from '../sessions/pickSession';
import { ask } from '../sessions/prompts';
import type { SessionManager } from '../sessions/sessionManager';
import { validEndpoint } from '../settings';
import { runConversation, type ConversationResult } from './conversationUi';
import { runManagedLogin, type ManagedLoginResult } from './managedLogin';
import { pick, type PickItem } from './quickInput';
import { FACTOR_TEXT, FLOW_TEXT, flowName, loopbackCallbackPort, readSignInArgs, replacing, UI_FLOWS, type SignInArgs, type UiFlow } from './signInModel';

export type SignInResult =
  | { ok: true; sessionId: string; label: string; flow: UiFlow; username?: string; replaced: boolean; endpoint?: string }
  | {
      ok: false;
      reason: 'cancelled' | 'invalid' | 'failed' | 'expired' | 'timeout' | 'state-mismatch' | 'listen' | 'sandbox';
      message: string;
      catalogId?: string;
      errorName?: string;
      errorTitle?: string;
    };

const TITLE = 'Cognito: Sign In';
const TOTAL_STEPS = 5;

/** What is known about where to sign in, once the first steps are answered. */
interface Resolved {
  target: SignInTarget;
  /** The managed-login domain when known without asking: the sandbox's origin, a session's oauthDomain. */
  knownDomain?: string;
  /** The sandbox's first user of the pool: the username prefilled. */
  suggestedUsername?: string;
  sandboxClient?: string;
  /** The loopback port a sandbox client's callback URL names (http://127.0.0.1:<port>/callback), if it lists one. */
  callbackPort?: number;
}

function fail(ctx: Ctx, reason: Exclude<SignInResult, { ok: true }>['reason'], message: string, show = true): SignInResult {
  ctx.log.warn(`sign-in: ${reason}: ${message}`);
  if (show && reason !== 'cancelled') void vscode.window.showErrorMessage(`Cognito: sign-in failed: ${message}`);
  return { ok: false, reason, message };
}

function cancelled(ctx: Ctx): SignInResult {
  ctx.log.info('sign-in: cancelled; nothing was stored');
  return { ok: false, reason: 'cancelled', message: 'Cancelled: nothing was stored.' };
}

export async function signInCommand(ctx: Ctx, sessions: SessionManager, sandbox: SandboxHolder, arg: unknown): Promise<SignInResult> {
  const given = readSignInArgs(arg);
  if ('error' in given) return fail(ctx, 'invalid', `the command's argument: ${given.error}`);
  const args = given.args;
  const interactive = args === undefined;
  // 1-3. Pool, app client, client secret.
  const resolved = await resolveTarget(ctx, sandbox, args);
  if ('result' in resolved) return resolved.result;
  // 4. Flow.
  const flow = args?.flow ?? (interactive ? await pickFlow('USER_SRP_AUTH', 4) : 'USER_SRP_AUTH');
  if (flow === undefined) return cancelled(ctx);
  return signInWith(ctx, sessions, { resolved: resolved.value, flow, args, interactive, ...(resolved.value.suggestedUsername !== undefined ? { suggestedUsername: resolved.value.suggestedUsername } : {}) });
}

/** "Sign In Again" on a stored session: the new tokens replace its dead ones. */
export async function signInAgainCommand(ctx: Ctx, sessions: SessionManager, arg: unknown, more?: unknown): Promise<SignInResult> {
  const id = await pickSession(sessions, arg, { title: 'Sign In Again' });
  if (id === undefined) return cancelled(ctx);
  // From the tree's menu the second argument is absent (or, in a multi-select tree, the selected nodes): ask.
  const given = readSignInArgs(Array.isArray(more) ? undefined : more);
  if ('error' in given) return fail(ctx, 'invalid', `the command's argument: ${given.error}`);
  const args = given.args;
  const interactive = args === undefined;
  const old = await sessions.getRecord(id);
  if (!old) return fail(ctx, 'invalid', 'the session cannot be read any more (it may have been removed)');
  const s = old.session;
  const secrets = old.secrets;
  // The built-in sandbox stops with a window's extension host: started again (maybe on another
  // port) when this session belongs to it; any other endpoint is used as stored.
  const endpoint = s.endpoint !== undefined ? ((await sessions.endpointRecovery?.(s.endpoint).catch(() => undefined)) ?? s.endpoint) : undefined;
  const target: SignInTarget = {
    region: s.region,
    userPoolId: s.userPoolId,
    clientId: s.clientId,
    label: s.label,
    ...(endpoint !== undefined ? { endpoint } : {}),
    ...((args?.clientSecret ?? secrets.clientSecret) !== undefined ? { clientSecret: args?.clientSecret ?? secrets.clientSecret } : {}),
    ...(s.deviceKey !== undefined && secrets.deviceGroupKey !== undefined && secrets.devicePassword !== undefined
      ? { deviceKey: s.deviceKey, deviceGroupKey: secrets.deviceGroupKey, devicePassword: secrets.devicePassword }
      : {}),
  };
  const usual: UiFlow = s.refreshMethod === 'TokenEndpoint' ? 'HOSTED_UI' : 'USER_SRP_AUTH';
  const flow = args?.flow ?? (interactive ? await pickFlow(usual) : usual);
  if (flow === undefined) return cancelled(ctx);
  ctx.log.info(`sign-in: signing in again for ${s.label} (${id}) by ${flow}`);
  return signInWith(ctx, sessions, {
    resolved: { target, ...((s.oauthDomain ?? endpoint) !== undefined ? { knownDomain: s.oauthDomain ?? endpoint } : {}) },
    flow,
    args,
    interactive,
    replace: old,
    ...(s.username !== undefined ? { suggestedUsername: s.username } : {}),
  });
}

interface SignInPlan {
  resolved: Resolved;
  flow: UiFlow;
  args: SignInArgs | undefined;
  interactive: boolean;
  suggestedUsername?: string;
  /** Sign In Again: the stored record whose tokens the new ones replace. */
  replace?: SessionRecord;
}

async function signInWith(ctx: Ctx, sessions: SessionManager, plan: SignInPlan): Promise<SignInResult> {
  const { resolved, flow, args, interactive } = plan;
  const target = resolved.target;
  const title = plan.replace ? `Cognito: Sign In Again (${plan.replace.session.label})` : TITLE;
  const issuer = `${target.endpoint ?? `https://cognito-idp.${target.region}.amazonaws.com`}/${target.userPoolId}`;
  let result: ConversationResult | ManagedLoginResult;
  let username: string | undefined;
  try {
    if (flow === 'HOSTED_UI') {
      result = await runManagedLogin(ctx, target, {
        title,
        interactive: interactive || args?.then === 'ask',
        args,
        ...(resolved.knownDomain !== undefined ? { knownDomain: resolved.knownDomain } : {}),
        ...(resolved.callbackPort !== undefined ? { defaultPort: resolved.callbackPort } : {}),
        issuer,
      });
    } else {
      // 5. Username.
      username = args?.username;
      if (username === undefined && interactive) {
        username = (await ask({ field: 'username', title, prompt: 'Username (or the email or phone number the pool signs in with)', value: plan.suggestedUsername ?? '', step: plan.replace ? undefined : 5, totalSteps: plan.replace ? undefined : TOTAL_STEPS, validate: usernameProblem }))?.trim();
        if (username === undefined) return cancelled(ctx);
      }
      username ??= plan.suggestedUsername;
      if (username === undefined) return fail(ctx, 'invalid', 'give "username"');
      let preferred: FirstFactor | undefined = args?.preferred;
      if (flow === 'USER_AUTH' && preferred === undefined && interactive) {
        const chosen = await pickPreferred(title);
        if (chosen === undefined) return cancelled(ctx);
        preferred = chosen === 'ANY' ? undefined : chosen;
      }
      const who = username;
      ctx.log.info(`sign-in: ${flow} on client ${target.clientId} of ${target.userPoolId}${target.endpoint ? ` at ${target.endpoint}` : ''}${preferred ? `, preferring ${preferred}` : ''}`);
      let client: Awaited<ReturnType<ReturnType<typeof sdkClientFactory>>> | undefined;
      try {
        client = await sdkClientFactory()({ region: target.region, ...(target.endpoint !== undefined ? { endpoint: target.endpoint } : {}) });
        const sdk = client;
        result = await runConversation(
          ctx,
          {
            title,
            username: who,
            create: (signal) => createSignIn(sdk, target, { username: who, flow, signal, ...(preferred !== undefined ? { preferred } : {}) }),
          },
          { scripted: args?.answers ?? [], thenAsk: interactive || args?.then === 'ask' },
        );
      } finally {
        client?.destroy();
      }
    }
  } catch (err) {
    // Not a Cognito answer (those come back as failed steps): a defect or an unusable endpoint.
    const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    ctx.log.error('sign-in: stopped by an unexpected error; nothing was stored', err);
    return fail(ctx, 'failed', `an unexpected error stopped it (${what.slice(0, 200)}); nothing was stored`);
  }

  if (result.kind === 'cancelled') return cancelled(ctx);
  if (result.kind === 'problem') {
    if (!result.explanation) return fail(ctx, result.reason, result.message);
    ctx.log.warn(`sign-in: ${result.reason}: ${result.message}`);
    showFailure({ what: `Sign-in failed (${result.message})`, explanation: result.explanation, showLog: () => ctx.log.show() });
    return { ok: false, reason: result.reason, message: result.message, catalogId: result.explanation.id, errorTitle: result.explanation.title };
  }
  if (result.kind === 'failed') return reportFailure(ctx, result.explanation, result.errorName, result.expired);

  // Done: store (a new session, or the new tokens of the one signed in again).
  // Managed login asks for no username: the person is named by the ID token (email, not the internal UUID).
  const idToken = result.record.secrets.idToken;
  const person = username ?? (idToken !== undefined ? userNameFromIdToken(idToken) : undefined) ?? result.record.session.username;
  const label = args?.label ?? target.label ?? `${person ?? target.clientId} @ ${target.userPoolId}`;
  const record = plan.replace ? replacing(plan.replace, result.record, target.deviceKey !== undefined) : finish(result.record, label, target);
  await sessions.add(record);
  sessions.select(record.session.id);
  const user = person ?? 'the user';
  void vscode.window.showInformationMessage(`Cognito: signed in as ${user} (${flowName(flow)})${plan.replace ? `; ${record.session.label} has new tokens` : ''}.`);
  ctx.log.info(`sign-in: done; session ${record.session.id} ${plan.replace ? 'has new tokens' : 'stored'}`);
  return { ok: true, sessionId: record.session.id, label: record.session.label, flow, ...(username !== undefined ? { username } : {}), replaced: plan.replace !== undefined, ...(record.session.endpoint ? { endpoint: record.session.endpoint } : {}) };
}

function usernameProblem(v: string): string | undefined {
  return v.trim() === '' || v.length > 128 ? 'Enter the username (1 to 128 characters).' : undefined;
}

/** The new session as the sign-in returned it, with the label and client secret chosen here. */
function finish(record: SessionRecord, label: string, target: SignInTarget): SessionRecord {
  return {
    ...record,
    session: { ...record.session, label },
    secrets: target.clientSecret !== undefined && record.secrets.clientSecret === undefined ? { ...record.secrets, clientSecret: target.clientSecret } : record.secrets,
  };
}

function reportFailure(ctx: Ctx, explanation: Explanation, errorName: string, expired: boolean): SignInResult {
  if (expired) {
    void vscode.window.showErrorMessage('Cognito: the sign-in session expired (Cognito keeps each step open for 3 minutes). Nothing was stored; sign in again.');
  } else {
    showFailure({ what: 'Sign-in failed', explanation, showLog: () => ctx.log.show() });
  }
  return { ok: false, reason: expired ? 'expired' : 'failed', message: explanation.title, catalogId: explanation.id, errorName, errorTitle: explanation.title };
}

// ---------------------------------------------------------------- the first steps

type Resolution = { value: Resolved } | { result: SignInResult };

async function resolveTarget(ctx: Ctx, holder: SandboxHolder, args: SignInArgs | undefined): Promise<Resolution> {
  const interactive = args === undefined;
  let pool = args?.pool;
  if (pool === undefined) {
    if (!interactive) return { result: fail(ctx, 'invalid', 'give "pool" ("sandbox" or { userPoolId, endpoint? })') };
    const chosen = await pickPool(ctx);
    if (chosen === undefined) return { result: cancelled(ctx) };
    pool = chosen;
  }
  if (pool.kind === 'sandbox') return sandboxTarget(ctx, holder, args, pool.poolId);

  // A pool on AWS or an emulator: the app client id, then the optional secret.
  let clientId = args?.clientId;
  if (clientId === undefined) {
    if (!interactive) return { result: fail(ctx, 'invalid', 'give "clientId"') };
    clientId = (await ask({ field: 'clientId', title: TITLE, prompt: 'App client id (the aud claim of its ID tokens)', step: 2, totalSteps: TOTAL_STEPS, validate: validateClientId }))?.trim();
    if (clientId === undefined) return { result: cancelled(ctx) };
  } else if (validateClientId(clientId) !== undefined) {
    return { result: fail(ctx, 'invalid', validateClientId(clientId) ?? 'invalid client id') };
  }
  let clientSecret = args?.clientSecret;
  if (interactive) {
    const typed = await ask({
      field: 'clientSecret',
      title: TITLE,
      prompt: 'App client secret, only if the app client has one (press Enter to skip); kept in the secret storage only',
      password: true,
      step: 3,
      totalSteps: TOTAL_STEPS,
      validate: (v) => (/\s/.test(v.trim()) ? 'A client secret has no spaces.' : undefined),
    });
    if (typed === undefined) return { result: cancelled(ctx) };
    clientSecret = typed.trim() === '' ? undefined : typed.trim();
  }
  if (pool.endpoint !== undefined && validEndpoint(pool.endpoint) === undefined) return { result: fail(ctx, 'invalid', 'the endpoint must be an http(s) URL without credentials') };
  const problem = validateUserPoolId(pool.userPoolId, pool.endpoint !== undefined ? { endpoint: pool.endpoint } : {});
  if (problem !== undefined) return { result: fail(ctx, 'invalid', problem) };
  const endpoint = pool.endpoint !== undefined ? validEndpoint(pool.endpoint) : undefined;
  return {
    value: {
      target: {
        region: pool.region,
        userPoolId: pool.userPoolId,
        clientId,
        ...(endpoint !== undefined ? { endpoint } : {}),
        ...(clientSecret !== undefined ? { clientSecret } : {}),
        ...(args?.label !== undefined ? { label: args.label } : {}),
      },
      // An emulator's own origin may serve managed login (as the sandbox does): prefill it.
      ...(endpoint !== undefined ? { knownDomain: endpoint } : {}),
    },
  };
}

type PoolPick = 'sandbox' | 'aws' | 'emulator';

async function pickPool(ctx: Ctx): Promise<SignInArgs['pool'] | undefined> {
  const choice = await pick<PoolPick>(
    [
      { value: 'sandbox', label: '$(beaker) The built-in sandbox', detail: 'A local Cognito-compatible user pool with demo users (started if need be)' },
      { value: 'aws', label: '$(cloud) A user pool on AWS', detail: 'Its id, e.g. us-east-1_AbC123def: the Region comes with it' },
      { value: 'emulator', label: '$(server) A local emulator', detail: 'Its endpoint URL (e.g. http://127.0.0.1:9229) and a user pool id' },
    ],
    { title: TITLE, placeholder: 'Where is the user pool?', step: 1, totalSteps: TOTAL_STEPS },
  );
  if (choice === undefined) return undefined;
  if (choice === 'sandbox') return { kind: 'sandbox' };
  let endpoint: string | undefined;
  if (choice === 'emulator') {
    const typed = await ask({
      field: 'endpoint',
      title: TITLE,
      prompt: 'Endpoint URL of the emulator (the password and tokens are sent there)',
      value: 'http://127.0.0.1:9229',
      step: 1,
      totalSteps: TOTAL_STEPS,
      validate: (v) => (validEndpoint(v) === undefined ? 'Expected an http(s) URL without credentials, e.g. http://127.0.0.1:9229' : undefined),
    });
    if (typed === undefined) return undefined;
    endpoint = validEndpoint(typed);
  }
  const region = vscode.workspace.getConfiguration('cognitoTokenDebugger').get<string>('defaultRegion') ?? 'us-east-1';
  const id = await ask({
    field: 'userPoolId',
    title: TITLE,
    prompt: 'User pool id (its Region comes with it), e.g. us-east-1_AbC123def',
    value: `${/^[a-z0-9-]{1,32}$/.test(region) ? region : 'us-east-1'}_`,
    cursorAtEnd: true,
    step: 1,
    totalSteps: TOTAL_STEPS,
    validate: (v) => validateUserPoolId(v, endpoint !== undefined ? { endpoint } : {}),
  });
  if (id === undefined) return undefined;
  const userPoolId = id.trim();
  ctx.log.info(`sign-in: pool ${userPoolId}${endpoint ? ` at ${endpoint}` : ''}`);
  return { kind: 'pool', userPoolId, region: userPoolId.slice(0, userPoolId.indexOf('_')), ...(endpoint !== undefined ? { endpoint } : {}) };
}

async function sandboxTarget(ctx: Ctx, holder: SandboxHolder, args: SignInArgs | undefined, poolId: string | undefined): Promise<Resolution> {
  const interactive = args === undefined;
  let info: SandboxInfo;
  try {
    info = (await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Starting the Cognito sandbox…' }, () => holder.start())).sandbox.info;
  } catch (err) {
    ctx.log.error('sign-in: the sandbox did not start', err);
    return { result: fail(ctx, 'sandbox', `the sandbox did not start (${err instanceof Error ? err.message : String(err)})`) };
  }
  let pool = poolId !== undefined ? info.pools.find((p) => p.userPoolId === poolId) : info.pools[0];
  if (pool === undefined) return { result: fail(ctx, 'invalid', `the sandbox has no pool ${poolId ?? ''} (it has ${info.pools.map((p) => p.userPoolId).join(', ')})`) };
  const wanted = args?.client ?? args?.clientId;
  let client: SandboxClientInfo | undefined;
  if (wanted !== undefined) {
    if (poolId === undefined) {
      // The client names the pool when none was given.
      const owner = info.pools.find((p) => p.clients.some((c) => c.name === wanted || c.clientId === wanted));
      if (owner) pool = owner;
    }
    client = pool.clients.find((c) => c.name === wanted || c.clientId === wanted);
    if (!client) return { result: fail(ctx, 'invalid', `the sandbox has no app client "${wanted}" (there are ${info.pools.flatMap((p) => p.clients.map((c) => c.name)).join(', ')})`) };
  } else if (interactive) {
    const items: PickItem<{ pool: typeof pool; client: SandboxClientInfo }>[] = info.pools.flatMap((p) =>
      p.clients.map((c) => ({
        value: { pool: p, client: c },
        label: c.name,
        description: `${p.userPoolId}${c.clientSecret ? ' · client secret' : ''}${c.rotation ? ` · rotation${c.graceSeconds ? `, ${c.graceSeconds} s grace` : ''}` : ''}`,
      })),
    );
    const chosen = await pick(items, { title: TITLE, placeholder: 'Which demo app client of the sandbox?', step: 2, totalSteps: TOTAL_STEPS });
    if (chosen === undefined) return { result: cancelled(ctx) };
    pool = chosen.pool;
    client = chosen.client;
  } else {
    client = pool.clients[0];
    if (!client) return { result: fail(ctx, 'invalid', 'the sandbox pool has no app client') };
  }
  ctx.log.info(`sign-in: the built-in sandbox at ${info.endpoint}, pool ${pool.userPoolId}, client ${client.name}`);
  return {
    value: {
      target: {
        region: info.region,
        userPoolId: pool.userPoolId,
        clientId: client.clientId,
        endpoint: info.endpoint,
        ...((args?.clientSecret ?? client.clientSecret) ? { clientSecret: args?.clientSecret ?? client.clientSecret ?? undefined } : {}),
        ...(args?.label !== undefined ? { label: args.label } : {}),
      } as SignInTarget,
      knownDomain: info.endpoint,
      suggestedUsername: pool.user.username,
      sandboxClient: client.name,
      ...(loopbackCallbackPort(client) !== undefined ? { callbackPort: loopbackCallbackPort(client) } : {}),
    },
  };
}

async function pickFlow(initial: UiFlow, step?: number): Promise<UiFlow | undefined> {
  const items = UI_FLOWS.map((f) => ({ value: f, label: FLOW_TEXT[f].label, detail: FLOW_TEXT[f].detail }));
  return pick(items, {
    title: TITLE,
    placeholder: 'How should the user sign in?',
    activeIndex: Math.max(0, UI_FLOWS.indexOf(initial)),
    ...(step !== undefined ? { step, totalSteps: TOTAL_STEPS } : {}),
  });
}

async function pickPreferred(title: string): Promise<FirstFactor | 'ANY' | undefined> {
  const factors: FirstFactor[] = ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];
  const items: PickItem<FirstFactor | 'ANY'>[] = [
    { value: 'ANY', label: 'Let the pool offer its choices', detail: 'Cognito answers with the ways this user can sign in (SELECT_CHALLENGE)' },
    ...factors.map((f) => ({
      value: f,
      label: `${f === 'WEB_AUTHN' ? '$(circle-slash) ' : ''}${FACTOR_TEXT[f]}`,
      description: f,
      ...(f === 'WEB_AUTHN' ? { refuse: 'Passkeys (WEB_AUTHN) cannot be used from an editor: choose another way.' } : {}),
    })),
  ];
  return pick(items, { title, placeholder: 'Choice-based sign-in: the first factor to prefer (PREFERRED_CHALLENGE)' });
}
