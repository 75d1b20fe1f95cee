// Which AWS credentials the configuration operations of a session use: the SDK's default chain
// or a named profile, asked once per session. Only the CHOICE is kept (the profile name, or ""
// for the default chain) in the extension's global state under the session's id; credentials
// themselves are never read, stored or logged here: the SDK resolves them when it signs.
import * as vscode from 'vscode';
import type { Ctx } from '../context';

const KEY_PREFIX = 'cognitoTokenDebugger.server.awsProfile.';

/** A profile name as the AWS CLI accepts them (letters, digits and a few marks); linear, anchored. */
const PROFILE_NAME = /^[\w+=,.@-]{1,64}$/;

export type CredentialChoice = { readonly kind: 'default' } | { readonly kind: 'profile'; readonly name: string };

export function validProfileName(name: string): boolean {
  return PROFILE_NAME.test(name);
}

export function describeChoice(choice: CredentialChoice): string {
  return choice.kind === 'default' ? "the SDK's default credential chain" : `the AWS profile "${choice.name}"`;
}

export function storedChoice(ctx: Ctx, sessionId: string): CredentialChoice | undefined {
  let v: unknown;
  try {
    v = ctx.extension.globalState.get<unknown>(`${KEY_PREFIX}${sessionId}`);
  } catch {
    return undefined;
  }
  if (v === '') return { kind: 'default' };
  if (typeof v === 'string' && validProfileName(v)) return { kind: 'profile', name: v };
  return undefined;
}

export async function rememberChoice(ctx: Ctx, sessionId: string, choice: CredentialChoice | undefined): Promise<void> {
  try {
    await ctx.extension.globalState.update(`${KEY_PREFIX}${sessionId}`, choice === undefined ? undefined : choice.kind === 'default' ? '' : choice.name);
  } catch (err) {
    ctx.log.warn(`server view: could not remember the AWS credential choice (${String(err)})`);
  }
}

/** The stored choice, else asks (a quick pick, then the profile name). Undefined when dismissed. */
export async function chooseCredentials(ctx: Ctx, sessionId: string, label: string, forceAsk = false): Promise<CredentialChoice | undefined> {
  const stored = forceAsk ? undefined : storedChoice(ctx, sessionId);
  if (stored) return stored;
  const items: (vscode.QuickPickItem & { choice: CredentialChoice['kind'] })[] = [
    {
      choice: 'default',
      label: '$(key) Default credential chain',
      detail: 'Environment variables, ~/.aws/credentials and config (AWS_PROFILE), SSO, or the instance role: what the AWS CLI would use.',
    },
    { choice: 'profile', label: '$(person) A named profile…', detail: 'A profile from ~/.aws/config or ~/.aws/credentials.' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: `Cognito: AWS credentials for ${label}`,
    placeHolder: 'Reading the app client and pool configuration needs AWS credentials. Only your choice is remembered, never the credentials.',
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  let choice: CredentialChoice = { kind: 'default' };
  if (picked.choice === 'profile') {
    const name = await vscode.window.showInputBox({
      title: `Cognito: AWS profile for ${label}`,
      prompt: 'The profile name (as in [profile NAME] of ~/.aws/config)',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' || validProfileName(v.trim()) ? undefined : 'A profile name has letters, digits and + = , . @ _ - only'),
    });
    if (name === undefined || name.trim() === '') return undefined;
    choice = { kind: 'profile', name: name.trim() };
  }
  await rememberChoice(ctx, sessionId, choice);
  return choice;
}
