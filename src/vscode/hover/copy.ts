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
import { parseCopyArgs } from './render';

export type CopyHoveredResult = { ok: true; format: CopyFormat; fingerprint: string } | { ok: false; reason: string };

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
