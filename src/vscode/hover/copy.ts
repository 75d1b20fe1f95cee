// The hover's copy links (issue 11 item 5): "Copy", "Copy as Header", "Copy as curl". A link
// carries where the token is (the document's URI and the token's range), never the token: the
// command reads it from the open document, checks that a whole token is still there, and writes
// the chosen form to the clipboard (the texts are the inspector's, src/vscode/inspector/copyFormats.ts).
// Only documents open in this window are read: an argument naming any other URI opens nothing.
import * as vscode from 'vscode';
import { fingerprint } from '../../core/sessions/index';
import { decodeToken, findTokenAt } from '../../core/token/index';
import type { CopyFormat, TokenSlot } from '../../shared/protocol';
import type { Ctx } from '../context';
import { copyText, describeCopy } from '../inspector/copyFormats';
import { cutAt, visible } from '../../shared/visible';
import { parseCopyArgs } from './render';

export type CopyHoveredResult = { ok: true; format: CopyFormat | 'claim'; fingerprint: string; claim?: string } | { ok: false; reason: string };

export async function copyHoveredTokenCommand(ctx: Ctx, arg: unknown): Promise<CopyHoveredResult> {
  const args = parseCopyArgs(arg);
  if (args === undefined) return { ok: false, reason: 'not a hover copy link' };
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === args.uri);
  if (doc === undefined) {
    void vscode.window.showWarningMessage('Cognito: the document of that hover is no longer open: hover the token again to copy it.');
    return { ok: false, reason: 'document not open' };
  }
  const [line, start, , end] = args.range;
  const text = line < doc.lineCount ? doc.getText(new vscode.Range(line, start, line, end)) : '';
  // Still a whole token there (the document may have changed since the hover was shown).
  const found = text === '' ? undefined : findTokenAt(text, 0);
  if (found === undefined || found.start !== 0 || found.end !== text.length) {
    void vscode.window.showWarningMessage('Cognito: the token is no longer where the hover found it (the document changed): hover it again to copy it.');
    return { ok: false, reason: 'token moved' };
  }
  const raw = found.raw;
  const decoded = decodeToken(raw);
  if (args.format === 'claim') return copyClaim(ctx, raw, decoded.ok ? decoded.token.payload : undefined);
  const kind = decoded.ok ? decoded.token.cognito.kind : 'unknown';
  const slot: TokenSlot = kind === 'id' || kind === 'access' || kind === 'refresh' ? kind : 'token';
  const out = copyText(slot, raw, args.format);
  if (out instanceof Error) {
    void vscode.window.showWarningMessage(`Cognito: ${out.message}`);
    return { ok: false, reason: out.message };
  }
  await vscode.env.clipboard.writeText(out);
  const fp = fingerprint(raw);
  ctx.log.info(`copy: ${describeCopy(slot, args.format)} (${fp}) from a hover was copied to the clipboard`);
  void vscode.window.showInformationMessage(`Cognito: copied ${describeCopy(slot, args.format)} to the clipboard.`);
  return { ok: true, format: args.format, fingerprint: fp };
}

/** A claim's value as it is copied: a string as it is, anything else as JSON. */
export function claimText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Text from a token shown in a quick pick: hidden characters made visible, `$(…)` not an icon. */
function inert(text: string, max: number): string {
  return cutAt(visible(text), max).replace(/\$\(/g, '\\$(');
}

/** "Copy a Claim…": the claims in a quick pick (name, and the start of the value); the picked value goes to the clipboard. */
async function copyClaim(ctx: Ctx, raw: string, payload: Record<string, unknown> | undefined): Promise<CopyHoveredResult> {
  if (payload === undefined || Object.keys(payload).length === 0) {
    void vscode.window.showWarningMessage('Cognito: this token has no readable claims to copy.');
    return { ok: false, reason: 'no claims' };
  }
  const items = Object.entries(payload).map(([name, value]) => ({ label: inert(name, 64), description: inert(claimText(value), 80), name }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Cognito: Copy a Claim', placeHolder: 'The claim whose value goes to the clipboard', matchOnDescription: true });
  if (picked === undefined) return { ok: false, reason: 'cancelled' };
  await vscode.env.clipboard.writeText(claimText(payload[picked.name]));
  const fp = fingerprint(raw);
  ctx.log.info(`copy: a claim of the token ${fp} from a hover was copied to the clipboard`);
  void vscode.window.showInformationMessage(`Cognito: copied the value of the claim ${inert(picked.name, 64)} to the clipboard.`);
  return { ok: true, format: 'claim', fingerprint: fp, claim: picked.name };
}
