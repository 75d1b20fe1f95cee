// The sign-in conversation as the user sees it: each prompt the core returns becomes one input
// (passwords and codes masked), each network step runs under a cancellable progress, a wrong code
// is said and asked again, and a challenge session that ran out (3 minutes per step) is explained
// with an offer to start over. Answers typed here go to the core and nowhere else: they are not
// logged, remembered (prompts.ts keeps no password box's value) or put in any message.
import * as vscode from 'vscode';
import type { SignInAnswer, SignInConversation, SignInPrompt } from '../../core/auth/index';
import type { Ctx } from '../context';
import { ask } from '../sessions/prompts';
import { drive, type ConversationResult } from './conversationDriver';
import { pick, withProgress, type PickItem } from './quickInput';
import { codeProblem, codePromptText, FACTOR_TEXT, normalizeCode } from './signInModel';

export type { ConversationResult } from './conversationDriver';

/** Where answers come from: the command's argument (tests), then the user (or nobody: cancel). */
export interface AnswerSource {
  readonly scripted: SignInAnswer[];
  /** When the scripted answers run out: ask the user, or cancel. */
  readonly thenAsk: boolean;
}


export interface ConversationUi {
  title: string;
  username: string;
  /** Makes a new conversation (for Start Over after an expired challenge session). */
  create(signal: AbortSignal): SignInConversation;
}

type Next = SignInAnswer | undefined;

export async function runConversation(ctx: Ctx, ui: ConversationUi, source: AnswerSource): Promise<ConversationResult> {
  const scripted = [...source.scripted];
  for (;;) {
    const abort = new AbortController();
    const conversation = ui.create(abort.signal);
    const result = await drive(conversation, abort.signal, scripted, source.thenAsk, {
      network: (work) => withProgress(`Signing in ${ui.username}…`, abort, work),
      ask: (prompt, retryNote) => askFor(ui, prompt, retryNote),
      log: (level, line) => (level === 'warn' ? ctx.log.warn(line) : ctx.log.info(line)),
      now: () => Date.now(),
    });
    if (result.kind !== 'failed' || !result.expired) return result;
    // The challenge session ran out: Cognito gives 3 minutes per step.
    ctx.log.info('sign-in: the challenge session expired');
    if (!source.thenAsk) return result;
    const again = 'Start Over';
    const choice = await vscode.window.showWarningMessage(
      'Cognito: the sign-in took too long at one step and its session expired.',
      { modal: true, detail: 'Cognito keeps a sign-in challenge open for 3 minutes per step. Nothing was stored. Start over to sign in from the first step.' },
      again,
    );
    if (choice !== again) return { kind: 'cancelled' };
  }
}

/** One prompt -> one answer from the user; undefined when dismissed. */
async function askFor(ui: ConversationUi, p: SignInPrompt, retryNote: string | undefined): Promise<Next> {
  const title = ui.title;
  const note = retryNote ? `${retryNote} ` : '';
  switch (p.kind) {
    case 'password': {
      const password = await ask({ field: 'password', title, prompt: `${note}Password of ${ui.username}`, password: true, validate: (v) => (v === '' ? 'Enter the password.' : undefined) });
      return password === undefined ? undefined : { kind: 'password', password };
    }
    case 'code': {
      const code = await ask({ field: 'code', title, prompt: `${note}${codePromptText(p.challenge, p.destination, p.medium)}`, password: true, validate: codeProblem });
      return code === undefined ? undefined : { kind: 'code', code: normalizeCode(code) };
    }
    case 'new-password':
      return askNewPassword(ui, p, note);
    case 'select-mfa': {
      const names: Record<string, string> = { SOFTWARE_TOKEN_MFA: 'Authenticator app (TOTP)', SMS_MFA: 'Text message (SMS)', EMAIL_OTP: 'Email' };
      const option = await pick(
        p.options.map((o) => ({ value: o, label: names[o] ?? o, description: o })),
        { title, placeholder: `${note}How should Cognito check it is you?` },
      );
      return option === undefined ? undefined : { kind: 'select', option };
    }
    case 'select-challenge': {
      const items: PickItem<string>[] = p.options.map((o) => {
        const blocked = p.unavailableInEditor.includes(o);
        return {
          value: o,
          label: `${blocked ? '$(circle-slash) ' : ''}${FACTOR_TEXT[o] ?? o}`,
          description: o,
          ...(blocked ? { refuse: 'Passkeys (WEB_AUTHN) cannot be used from an editor: choose another way.' } : {}),
        };
      });
      const first = items.findIndex((i) => i.refuse === undefined);
      const option = await pick(items, { title, placeholder: `${note}How do you want to sign in?`, activeIndex: first < 0 ? 0 : first });
      return option === undefined ? undefined : { kind: 'select', option };
    }
    case 'totp-setup':
      return askTotpSetup(ui, p, note);
    case 'device-name': {
      const remember = `Remember this device as "${p.suggested}"`;
      const choice = await pick(
        [
          { value: 'suggested' as const, label: `$(device-desktop) ${remember}`, detail: 'Later sign-ins from it can skip MFA; its keys are kept in the secret storage only' },
          { value: 'other' as const, label: '$(edit) Remember it under another name…' },
          { value: 'no' as const, label: '$(close) Do not remember this device' },
        ],
        { title, placeholder: `${note}The user pool can remember this device` },
      );
      if (choice === undefined) return undefined;
      if (choice === 'no') return { kind: 'device-name', name: undefined };
      if (choice === 'suggested') return { kind: 'device-name', name: p.suggested };
      const name = await ask({ field: 'deviceName', title, prompt: 'A name for this device', value: p.suggested, validate: (v) => (v.trim() === '' || v.length > 256 ? 'Give a name of 1 to 256 characters.' : undefined) });
      return name === undefined ? undefined : { kind: 'device-name', name: name.trim() };
    }
  }
}

async function askNewPassword(ui: ConversationUi, p: Extract<SignInPrompt, { kind: 'new-password' }>, note: string): Promise<Next> {
  const title = ui.title;
  const password = await ask({
    field: 'newPassword',
    title,
    prompt: `${note}Cognito requires a new password for ${ui.username}`,
    password: true,
    validate: (v) => (v === '' ? 'Enter the new password.' : undefined),
  });
  if (password === undefined) return undefined;
  const again = await ask({ field: 'newPasswordAgain', title, prompt: 'The new password again', password: true, validate: (v) => (v !== password ? 'The two passwords differ.' : undefined) });
  if (again === undefined) return undefined;
  const attributes: Record<string, string> = {};
  for (const name of p.requiredAttributes) {
    const value = await ask({
      field: `attribute:${name}`,
      title,
      prompt: `The pool requires the attribute ${name}`,
      value: p.currentAttributes[name] ?? '',
      validate: (v) => (v.trim() === '' ? `Enter ${name}.` : undefined),
    });
    if (value === undefined) return undefined;
    attributes[name] = value.trim();
  }
  return { kind: 'new-password', password, attributes };
}

/** Shows the TOTP secret and otpauth:// URI (with Copy), then asks the app's first code. */
async function askTotpSetup(ui: ConversationUi, p: Extract<SignInPrompt, { kind: 'totp-setup' }>, note: string): Promise<Next> {
  const copySecret = 'Copy Secret';
  const copyUri = 'Copy otpauth:// URI';
  const enter = 'Enter Code';
  for (;;) {
    const choice = await vscode.window.showInformationMessage(
      `${note}Set up an authenticator app for ${ui.username}`,
      {
        modal: true,
        detail: `Cognito requires MFA with an authenticator app. Add this account to the app (scan or paste the otpauth:// URI, or type the secret), then enter the code it shows.\n\nSecret: ${p.secretCode}\n\n${p.otpauthUri}\n\nThe secret is shown here only: it is not stored or logged.`,
      },
      enter,
      copySecret,
      copyUri,
    );
    if (choice === undefined) return undefined;
    if (choice === copySecret) await vscode.env.clipboard.writeText(p.secretCode);
    else if (choice === copyUri) await vscode.env.clipboard.writeText(p.otpauthUri);
    else break;
  }
  const code = await ask({ field: 'code', title: ui.title, prompt: 'The 6-digit code your authenticator app shows now', password: true, validate: codeProblem });
  return code === undefined ? undefined : { kind: 'code', code: normalizeCode(code) };
}
