// Which AWS credentials the configuration operations of a session use: the SDK's default chain
// or a named profile, asked once per session. Only the CHOICE is kept, as a setting of the
// session (`Session.awsProfile`: the profile name, or "" for the default chain), so it goes
// with the session (removed with it, in every window). Credentials themselves are never read,
// stored or logged here: the SDK resolves them when it signs.
//
// Older versions kept the choice in the extension's global state under the session's id; it
// is moved into the session once (migrateChoice) and the global state key is deleted.
import * as vscode from 'vscode';
import type { Session, SessionRecord, SettingsPatch } from '../../core/sessions/index';
import { isAwsProfileName } from '../../core/sessions/serialize';
import type { Ctx } from '../context';

/** Where older versions kept the choice (one global state key per session). Read only to migrate it. */
export const LEGACY_KEY_PREFIX = 'cognitoTokenDebugger.server.awsProfile.';

export type CredentialChoice = { readonly kind: 'default' } | { readonly kind: 'profile'; readonly name: string };

/** What the choice is written through: the session manager (an atomic settings write on the stored record). */
export interface ProfileSessions {
  update(id: string, patch: Omit<SettingsPatch, 'at'>): Promise<void>;
  getRecord(id: string): Promise<SessionRecord | undefined>;
}

/** A profile name (not ""): the AWS CLI's characters, at most 64. */
export function validProfileName(name: string): boolean {
  return name !== '' && isAwsProfileName(name);
}

export function describeChoice(choice: CredentialChoice): string {
  return choice.kind === 'default' ? "the SDK's default credential chain" : `the AWS profile "${choice.name}"`;
}

function fromStored(v: unknown): CredentialChoice | undefined {
  if (v === '') return { kind: 'default' };
  if (typeof v === 'string' && validProfileName(v)) return { kind: 'profile', name: v };
  return undefined;
}

function toStored(choice: CredentialChoice): string {
  return choice.kind === 'default' ? '' : choice.name;
}

function legacyChoice(ctx: Ctx, sessionId: string): CredentialChoice | undefined {
  try {
    return fromStored(ctx.extension.globalState.get<unknown>(`${LEGACY_KEY_PREFIX}${sessionId}`));
  } catch {
    return undefined;
  }
}

async function forgetLegacy(ctx: Ctx, sessionId: string): Promise<void> {
  try {
    if (ctx.extension.globalState.get<unknown>(`${LEGACY_KEY_PREFIX}${sessionId}`) !== undefined) {
      await ctx.extension.globalState.update(`${LEGACY_KEY_PREFIX}${sessionId}`, undefined);
    }
  } catch (err) {
    ctx.log.warn(`server view: could not delete the old AWS credential choice from global state (${String(err)})`);
  }
}

/** The choice stored with the session; else one an older version left in global state (not yet migrated). */
export function storedChoice(ctx: Ctx | undefined, session: Pick<Session, 'id' | 'awsProfile'>): CredentialChoice | undefined {
  return fromStored(session.awsProfile) ?? (ctx ? legacyChoice(ctx, session.id) : undefined);
}

/**
 * Keeps the choice with the session (`undefined` forgets it: the next configuration read asks
 * again) and deletes what an older version kept in global state.
 */
export async function rememberChoice(ctx: Ctx, sessions: ProfileSessions, sessionId: string, choice: CredentialChoice | undefined): Promise<void> {
  const value = choice === undefined ? null : toStored(choice);
  try {
    const patch: Omit<SettingsPatch, 'at'> & { awsProfile?: string | null } = { awsProfile: value };
    await sessions.update(sessionId, patch);
    const kept = (await sessions.getRecord(sessionId))?.session.awsProfile;
    if ((kept ?? null) !== value) {
      // A store that does not apply `awsProfile` yet (SettingsPatch): keep the choice where it was.
      ctx.log.warn('server view: the session store did not keep the AWS profile choice; it stays in global state');
      await ctx.extension.globalState.update(`${LEGACY_KEY_PREFIX}${sessionId}`, value ?? undefined);
      return;
    }
    await forgetLegacy(ctx, sessionId);
  } catch (err) {
    ctx.log.warn(`server view: could not remember the AWS credential choice (${String(err)})`);
  }
}

/** Once per session: a choice an older version kept in global state moves into the session. */
export async function migrateChoice(ctx: Ctx, sessions: ProfileSessions, session: Pick<Session, 'id' | 'awsProfile'>): Promise<CredentialChoice | undefined> {
  const own = fromStored(session.awsProfile);
  if (own) {
    await forgetLegacy(ctx, session.id);
    return own;
  }
  const legacy = legacyChoice(ctx, session.id);
  if (legacy) {
    ctx.log.info(`server view: moved the AWS credential choice of session ${session.id} from global state into the session`);
    await rememberChoice(ctx, sessions, session.id, legacy);
  }
  return legacy;
}

/** The stored choice, else asks (a quick pick, then the profile name) and keeps it with the session. Undefined when dismissed. */
export async function chooseCredentials(
  ctx: Ctx,
  sessions: ProfileSessions,
  session: Pick<Session, 'id' | 'awsProfile'>,
  label: string,
  forceAsk = false,
): Promise<CredentialChoice | undefined> {
  const stored = forceAsk ? undefined : await migrateChoice(ctx, sessions, session);
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
    placeHolder: 'Reading the app client and pool configuration needs AWS credentials. Only your choice is kept (with the session), never the credentials.',
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  let choice: CredentialChoice = { kind: 'default' };
  if (picked.choice === 'profile') {
    const name = await vscode.window.showInputBox({
      title: `Cognito: AWS profile for ${label}`,
      prompt: 'The profile name (as in [profile NAME] of ~/.aws/config)',
      value: session.awsProfile ?? '',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' || validProfileName(v.trim()) ? undefined : 'A profile name has at most 64 letters, digits and + = , . @ _ - only'),
    });
    if (name === undefined || name.trim() === '') return undefined;
    choice = { kind: 'profile', name: name.trim() };
  }
  await rememberChoice(ctx, sessions, session.id, choice);
  return choice;
}
