// "Add Session" and "Repair Session": one paste box read by the core's parseSessionPaste (or the
// clipboard, or the editor selection, which keep line breaks), then where refreshes go, then
// only the questions the paste left open (user pool id prefilled with the default Region,
// Region, app client id; an optional client secret), a review that names the URL the first
// refresh goes to, then the first refresh. Nothing is stored from a paste that cannot be read;
// a session whose first refresh fails is kept, with the explanation, so its settings can be
// fixed. The paste is never logged or shown back.
//
// Where refreshes go is never taken from the paste without the user: a token's `iss` is not
// verified, so a non-AWS issuer is only a suggestion (draft.suggestedEndpoint) that a modal
// question shows as the exact URL. Callers without UI (tests, other extensions) answer with
// `confirmEndpoint`; without it a suggested endpoint is refused and nothing is stored. The
// hover link passes the paste as a plain string: that is a user's click, so it gets the question.
import * as vscode from 'vscode';
import {
  applyAnswers,
  chooseEndpoint,
  parseSessionPaste,
  refreshDestination,
  validateClientId,
  validateRegion,
  validateUserPoolId,
  type PasteKind,
  type SessionDraft,
} from '../../core/import/index';
import { fingerprint, REFRESH_METHODS, sessionFromAuthenticationResult, type RefreshMethod } from '../../core/sessions/index';
import type { Ctx } from '../context';
import { readSettings, validEndpoint } from '../settings';
import type { RefreshSummary } from './feedback';
import { refreshWithProgress } from './networkActions';
import { pickSession } from './pickSession';
import { ask, askModal, askPaste, clipboardText, editorSelectionText, PASTE_SOURCE_TEXT, type PasteSource } from './prompts';
import { nameOf, type SessionManager } from './sessionManager';

/** What a caller (a test, a hover link, another command) may pass instead of answering prompts. */
export interface AddSessionArgs {
  /** The text to read. Either this or `from`. */
  paste: string;
  /**
   * Read the paste from the clipboard or the active editor's selection instead (they keep the
   * line breaks a one-line box loses). Only in the argument object: `{ from: 'clipboard' }`.
   */
  from?: 'clipboard' | 'selection';
  /**
   * The answer to "Send this refresh token to <suggested endpoint>?" for callers without UI:
   * true uses the endpoint a non-AWS issuer in the paste names; false ignores it (the
   * endpointOverride setting, else the AWS endpoint of the Region). Absent: a paste that
   * suggests an endpoint is refused (reason "endpoint-unconfirmed"), nothing stored or sent.
   * Ignored when `endpoint` is given.
   */
  confirmEndpoint?: boolean;
  label?: string;
  region?: string;
  userPoolId?: string;
  clientId?: string;
  clientSecret?: string;
  endpoint?: string;
  refreshMethod?: RefreshMethod;
  deviceKey?: string;
  username?: string;
  /** Run the first refresh right away (default true). */
  refresh?: boolean;
}

/** Where the paste was read: the command's argument, the paste box, the clipboard or the editor selection. */
export type ReadFrom = 'argument' | PasteSource;

export type AddSessionResult =
  | {
      ok: true;
      sessionId: string;
      label: string;
      kind: PasteKind;
      notes: string[];
      endpoint?: string;
      /** The URL the first refresh went (or will go) to: the endpoint, else the AWS endpoint of the Region. */
      refreshesAt: string;
      readFrom: ReadFrom;
      firstRefresh?: RefreshSummary;
    }
  | {
      ok: false;
      reason: 'cancelled' | 'unreadable' | 'invalid' | 'endpoint-unconfirmed' | 'duplicate';
      message: string;
      /** For "duplicate": the stored session that already holds this refresh token (it is selected). */
      existingId?: string;
      recognised?: string;
      expected?: string;
      /** For "endpoint-unconfirmed": the URL that was not confirmed. */
      suggestedEndpoint?: string;
    };

const MAX_LABEL = 120;
const STRING_FIELDS = ['label', 'region', 'userPoolId', 'clientId', 'clientSecret', 'endpoint', 'deviceKey', 'username'] as const;

function readArgs(arg: unknown): { args?: AddSessionArgs } | { error: string } {
  if (arg === undefined || arg === null) return {};
  if (typeof arg === 'string') return arg.trim() === '' ? {} : { args: { paste: arg } };
  if (typeof arg !== 'object') return { error: 'the argument must be the pasted text or an object with a "paste" field' };
  const o = arg as Record<string, unknown>;
  const from = o['from'];
  if (from !== undefined && from !== 'clipboard' && from !== 'selection') return { error: '"from" must be "clipboard" or "selection"' };
  if (from !== undefined && o['paste'] !== undefined) return { error: 'give either "paste" or "from", not both' };
  if (from === undefined && typeof o['paste'] !== 'string') return { error: 'the argument has no "paste" text' };
  const args: AddSessionArgs = { paste: typeof o['paste'] === 'string' ? o['paste'] : '', ...(from !== undefined ? { from } : {}) };
  if (o['confirmEndpoint'] !== undefined) {
    if (typeof o['confirmEndpoint'] !== 'boolean') return { error: '"confirmEndpoint" must be true or false' };
    args.confirmEndpoint = o['confirmEndpoint'];
  }
  for (const key of STRING_FIELDS) {
    const v = o[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v.trim() === '' || v.length > 2048) return { error: `"${key}" must be a non-empty string` };
    args[key] = v.trim();
  }
  if (o['refreshMethod'] !== undefined) {
    if (!REFRESH_METHODS.includes(o['refreshMethod'] as RefreshMethod)) return { error: `"refreshMethod" must be one of ${REFRESH_METHODS.join(', ')}` };
    args.refreshMethod = o['refreshMethod'] as RefreshMethod;
  }
  if (o['refresh'] !== undefined) {
    if (typeof o['refresh'] !== 'boolean') return { error: '"refresh" must be true or false' };
    args.refresh = o['refresh'];
  }
  if (args.clientSecret !== undefined && /\s/.test(args.clientSecret)) return { error: 'the client secret must not contain spaces' };
  return { args };
}

function invalid(message: string): AddSessionResult {
  void vscode.window.showErrorMessage(`Cognito: cannot add the session: ${message}`);
  return { ok: false, reason: 'invalid', message };
}

export async function addSessionCommand(
  ctx: Ctx,
  sessions: SessionManager,
  arg: unknown,
  options: { replaceId?: string; title?: string } = {},
): Promise<AddSessionResult> {
  const title = options.title ?? 'Cognito: Add Session';
  const verb = options.replaceId ? 'repair' : 'add';
  const given = readArgs(arg);
  if ('error' in given) {
    ctx.log.warn(`${verb}: rejected the command's argument: ${given.error}`);
    return invalid(given.error);
  }
  const args = given.args;
  const settings = readSettings();
  // A plain string is the hover's "Add as Session" link (a click) or a palette run: ask there.
  // An argument object is a caller without UI: it answers with its fields.
  const interactive = args === undefined || typeof arg === 'string';

  // 1. The paste.
  let draft: SessionDraft;
  let alternatives: SessionDraft[] = [];
  let readFrom: ReadFrom = 'argument';
  if (args) {
    let text = args.paste;
    if (args.from !== undefined) {
      readFrom = args.from;
      text = args.from === 'clipboard' ? await clipboardText() : (editorSelectionText() ?? '');
      if (text.trim() === '') return invalid(args.from === 'clipboard' ? 'the clipboard is empty' : 'nothing is selected in the editor');
    }
    const result = parseSessionPaste(text);
    if (!result.ok) {
      ctx.log.warn(`${verb}: the paste (read from ${readFrom === 'argument' ? "the command's argument" : PASTE_SOURCE_TEXT[readFrom]}) is not a session: it holds ${result.recognised}; nothing was stored`);
      void vscode.window.showErrorMessage(`Cognito: nothing was added. ${result.message}`);
      return { ok: false, reason: 'unreadable', message: result.message, recognised: result.recognised, expected: result.expected };
    }
    draft = result.draft;
    alternatives = result.alternatives ?? [];
  } else {
    const result = await askPaste({
      title,
      prompt: 'A refresh token, an AuthenticationResult or `aws cognito-idp initiate-auth` output, or an Amplify localStorage dump',
      check: (text) => {
        const r = parseSessionPaste(text);
        if (r.ok) return { ok: true, value: r };
        ctx.log.info(`${verb}: a paste was not usable: it holds ${r.recognised}`);
        return { ok: false, message: r.message };
      },
    });
    if (!result) return cancelled(ctx, verb);
    draft = result.value.draft;
    alternatives = result.value.alternatives ?? [];
    readFrom = result.source;
    if (result.source !== 'box') {
      void vscode.window.showInformationMessage(`Cognito: read the session from ${PASTE_SOURCE_TEXT[result.source]}.`);
    }
    if (alternatives.length > 0) {
      const all = [draft, ...alternatives];
      const chosen = await vscode.window.showQuickPick(
        all.map((d, i) => ({ i, label: d.label ?? d.username ?? `Session ${i + 1}`, description: [d.userPoolId, d.clientId].filter(Boolean).join(' · ') })),
        { title, placeHolder: 'The paste holds several sessions: choose one' },
      );
      if (!chosen) return cancelled(ctx, verb);
      draft = all[chosen.i] ?? draft;
    }
  }
  if (alternatives.length > 0 && args) ctx.log.info(`${verb}: the paste holds ${alternatives.length + 1} sessions; using the first`);

  // 2. Where refreshes go: an explicit endpoint, else the issuer's suggestion only once the user
  // confirmed its exact URL, else the endpointOverride setting, else AWS in the draft's Region.
  ctx.log.info(`${verb}: paste read from ${readFrom === 'argument' ? "the command's argument" : PASTE_SOURCE_TEXT[readFrom]}`);
  if (args?.endpoint !== undefined) {
    const endpoint = validEndpoint(args.endpoint);
    if (endpoint === undefined) return invalid('"endpoint" must be an http(s) URL without credentials');
    draft = chooseEndpoint(draft, { use: 'url', url: endpoint });
  } else if (draft.suggestedEndpoint !== undefined) {
    const suggested = draft.suggestedEndpoint;
    if (settings.endpointOverride === suggested.url) {
      draft = chooseEndpoint(draft, { use: 'suggested' }); // the user's own setting names this URL
    } else if (interactive) {
      const decided = await confirmSuggestedEndpoint(draft, settings.endpointOverride, title);
      if (decided === undefined) return cancelled(ctx, verb);
      draft = decided;
    } else if (args?.confirmEndpoint === true) {
      draft = chooseEndpoint(draft, { use: 'suggested' });
    } else if (args?.confirmEndpoint === false) {
      draft = chooseEndpoint(draft, settings.endpointOverride !== undefined ? { use: 'url', url: settings.endpointOverride } : { use: 'aws' });
    } else {
      const message = `the paste names the endpoint ${suggested.url} in ${suggested.source}; a refresh token is sent there only when confirmed (pass "confirmEndpoint": true, or "endpoint").`;
      ctx.log.warn(`${verb}: refused: unconfirmed endpoint ${suggested.url}; nothing was stored or sent`);
      return { ok: false, reason: 'endpoint-unconfirmed', message: `Nothing was added: ${message}`, suggestedEndpoint: suggested.url };
    }
  } else if (settings.endpointOverride !== undefined) {
    draft = chooseEndpoint(draft, { use: 'url', url: settings.endpointOverride });
  }
  const answered = applyAnswers(draft, {
    ...(args?.region !== undefined ? { region: args.region } : {}),
    ...(args?.userPoolId !== undefined ? { userPoolId: args.userPoolId } : {}),
    ...(args?.clientId !== undefined ? { clientId: args.clientId } : {}),
  });
  if (answered.invalid) return invalid(Object.values(answered.invalid).join(' '));
  draft = answered;
  ctx.log.info(
    `${verb}: paste read as ${draft.kind}; region ${draft.region ?? '?'}, pool ${draft.userPoolId ?? '?'}, client ${draft.clientId ?? '?'}` +
      `${draft.endpoint ? `, endpoint ${draft.endpoint}` : ''}${draft.missing.length ? `; asking for ${draft.missing.join(', ')}` : ''}`,
  );
  for (const note of draft.notes) ctx.log.info(`${verb}: note: ${note}`);

  // 3. Only what is still missing.
  const validation = () => ({ ...(draft.endpoint ? { endpoint: draft.endpoint } : {}), ...(draft.region ? { region: draft.region } : {}) });
  if (draft.missing.includes('userPoolId')) {
    const value = `${draft.region ?? settings.defaultRegion}_`;
    const answer = await ask({
      field: 'userPoolId',
      title,
      prompt: 'User pool id (its Region comes with it), e.g. us-east-1_AbC123def',
      value,
      cursorAtEnd: true,
      validate: (v) => validateUserPoolId(v, validation()),
    });
    if (answer === undefined) return cancelled(ctx, verb);
    draft = applyAnswers(draft, { userPoolId: answer });
  }
  if (draft.missing.includes('region')) {
    const answer = await ask({ field: 'region', title, prompt: 'AWS Region of the user pool', value: settings.defaultRegion, validate: (v) => validateRegion(v, validation()) });
    if (answer === undefined) return cancelled(ctx, verb);
    draft = applyAnswers(draft, { region: answer });
  }
  if (draft.missing.includes('clientId')) {
    const answer = await ask({ field: 'clientId', title, prompt: 'App client id (the aud claim of an ID token)', validate: validateClientId });
    if (answer === undefined) return cancelled(ctx, verb);
    draft = applyAnswers(draft, { clientId: answer });
  }
  const { region, userPoolId, clientId } = draft;
  if (region === undefined || userPoolId === undefined || clientId === undefined) {
    return invalid(`still missing: ${draft.missing.join(', ')}`);
  }
  let clientSecret = args?.clientSecret;
  if (!args) {
    const answer = await ask({
      field: 'clientSecret',
      title,
      prompt: 'App client secret, only if the app client has one (press Enter to skip)',
      password: true,
      validate: (v) => (/\s/.test(v.trim()) ? 'A client secret has no spaces.' : undefined),
    });
    if (answer === undefined) return cancelled(ctx, verb);
    clientSecret = answer.trim() === '' ? undefined : answer.trim();
  }

  // 4. Review (where the first refresh goes), store, then the first refresh.
  const who = args?.label ?? draft.label ?? `${draft.username ?? clientId} @ ${userPoolId}`;
  const label = who.length > MAX_LABEL ? `${who.slice(0, MAX_LABEL - 1)}…` : who;
  const refreshesAt = refreshDestination(draft) ?? `https://cognito-idp.${region}.amazonaws.com`;
  if (interactive) {
    const add = verb === 'repair' ? 'Repair Session' : 'Add Session';
    const answer = await askModal({
      field: 'review',
      title,
      message: `${add} "${label}"?`,
      detail: [
        `User pool: ${userPoolId} (${region})`,
        `App client: ${clientId}`,
        `The first refresh sends the refresh token to: ${refreshesAt}`,
        ...(args?.refresh === false ? [] : ['It runs right after the session is stored.']),
      ].join('\n'),
      value: refreshesAt,
      choices: [add],
    });
    if (answer !== add) return cancelled(ctx, verb);
  }
  ctx.log.info(`${verb}: the first refresh goes to ${refreshesAt}`);
  const created = sessionFromAuthenticationResult({
    ...(options.replaceId ? { id: options.replaceId } : {}),
    label,
    region,
    userPoolId,
    clientId,
    ...(draft.endpoint ? { endpoint: draft.endpoint } : {}),
    ...(clientSecret ? { clientSecret } : {}),
    ...(args?.refreshMethod ? { refreshMethod: args.refreshMethod } : {}),
    ...((args?.deviceKey ?? draft.deviceKey) ? { deviceKey: args?.deviceKey ?? draft.deviceKey } : {}),
    ...((args?.username ?? draft.username) ? { username: args?.username ?? draft.username } : {}),
    authenticationResult: {
      RefreshToken: draft.secrets.refreshToken,
      IdToken: draft.secrets.idToken,
      AccessToken: draft.secrets.accessToken,
      ExpiresIn: draft.secrets.expiresIn,
    },
    now: Date.now(),
  });
  if (!created.ok) return invalid(created.message);
  // The same refresh token stored twice would be two sessions racing to rotate one token.
  await sessions.ready;
  const fp = fingerprint(draft.secrets.refreshToken);
  const twin = sessions.sessions().find((v) => v.id !== options.replaceId && v.refreshToken.fingerprint === fp);
  if (twin) {
    sessions.select(twin.id);
    const message = `This refresh token is already stored as ${nameOf(twin)}; that session was selected, nothing was added.`;
    void vscode.window.showInformationMessage(`Cognito: ${message}`);
    return { ok: false, reason: 'duplicate', message, existingId: twin.id };
  }
  const id = created.record.session.id;
  await sessions.add(created.record);
  sessions.select(id);
  const name = nameOf({ id, session: created.record.session });

  const base = {
    ok: true as const,
    sessionId: id,
    label,
    kind: draft.kind,
    notes: draft.notes,
    refreshesAt,
    readFrom,
    ...(draft.endpoint ? { endpoint: draft.endpoint } : {}),
  };
  if (args?.refresh === false) {
    void vscode.window.showInformationMessage(`Cognito: ${verb === 'repair' ? 'repaired' : 'added'} ${name}.`);
    return base;
  }
  const firstRefresh = await refreshWithProgress(ctx, sessions, id, {
    failed: (n) => `${n} was ${verb === 'repair' ? 'repaired' : 'added'} and kept, but its first refresh failed`,
    quietSuccess: true,
  });
  if (firstRefresh.ok) {
    void vscode.window.showInformationMessage(`Cognito: ${verb === 'repair' ? 'repaired' : 'added'} ${name}; its first refresh worked${firstRefresh.rotated ? ' and rotated the refresh token' : ''}.`);
  }
  return { ...base, firstRefresh };
}

/**
 * "Send this refresh token to <url>?" for an endpoint named by an unverified issuer, with the
 * exact URL; the answers: use it, enter another, use the setting's endpoint, or AWS. Undefined
 * when dismissed.
 */
async function confirmSuggestedEndpoint(draft: SessionDraft, override: string | undefined, title: string): Promise<SessionDraft | undefined> {
  const suggested = draft.suggestedEndpoint;
  if (suggested === undefined) return draft;
  const use = `Send to ${suggested.url}`;
  const other = 'Enter Another Endpoint…';
  const setting = override !== undefined ? `Use ${override} (endpointOverride setting)` : undefined;
  const aws = `Use AWS${draft.region !== undefined && /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(draft.region) ? ` (${draft.region})` : ''}`;
  const choice = await askModal({
    field: 'confirmEndpoint',
    title,
    message: `Send this refresh token to ${suggested.url} ?`,
    detail: `The address comes from ${suggested.source}. Anyone can write a token with any issuer: send the refresh token there only if you know this endpoint (a local emulator or the sandbox you run).`,
    value: suggested.url,
    choices: setting !== undefined ? [use, other, setting, aws] : [use, other, aws],
  });
  if (choice === undefined) return undefined;
  if (choice === use) return chooseEndpoint(draft, { use: 'suggested' });
  if (choice === setting && override !== undefined) return chooseEndpoint(draft, { use: 'url', url: override });
  if (choice === aws) return chooseEndpoint(draft, { use: 'aws' });
  const typed = await ask({
    field: 'endpoint',
    title,
    prompt: 'Endpoint URL (http or https) the refresh token is sent to',
    validate: (v) => (validEndpoint(v) === undefined ? 'Expected an http(s) URL without credentials, e.g. http://127.0.0.1:9229' : undefined),
  });
  const url = typed === undefined ? undefined : validEndpoint(typed);
  return url === undefined ? undefined : chooseEndpoint(draft, { use: 'url', url });
}

function cancelled(ctx: Ctx, verb: string): AddSessionResult {
  ctx.log.info(`${verb}: cancelled; nothing was stored`);
  return { ok: false, reason: 'cancelled', message: 'Cancelled: nothing was stored.' };
}

/** "Repair Session": re-paste a session whose stored value cannot be read; it keeps its id. */
export async function repairSessionCommand(ctx: Ctx, sessions: SessionManager, arg: unknown, args?: unknown): Promise<AddSessionResult> {
  const id = await pickSession(sessions, arg, {
    title: 'Repair Session',
    accept: (e) => e.kind === 'broken',
    none: 'Every stored session can be read: there is nothing to repair.',
  });
  if (id === undefined) return { ok: false, reason: 'cancelled', message: 'No session to repair was chosen.' };
  return addSessionCommand(ctx, sessions, args, { replaceId: id, title: 'Cognito: Repair Session' });
}
