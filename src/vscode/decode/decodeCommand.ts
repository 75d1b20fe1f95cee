// "Cognito: Decode Token": find a token, decode it with the core, show it in a read-only
// virtual document, and return a summary (what the tests and other commands read).
import * as vscode from 'vscode';
import { decodeToken } from '../../core/token/index';
import type { TokenErrorCode, TokenFormat, TokenKind, ValidityState } from '../../core/token/index';
import type { Ctx } from '../context';
import { renderDecoded, tokenTitle, validityLine } from './renderDecoded';
import { findTokenInput, SOURCE_LABEL, type TokenSourceKind } from './tokenSource';

export type DecodeSummary =
  | {
      ok: true;
      source: TokenSourceKind;
      /** The virtual document showing the token. */
      uri: string;
      title: string;
      format: TokenFormat;
      kind: TokenKind;
      isCognito: boolean;
      issuer?: string;
      userPoolId?: string;
      clientId?: string;
      validity: ValidityState;
      /** The names of the payload's claims (not their values); empty for JWE. */
      claimNames: string[];
    }
  | { ok: false; source: TokenSourceKind; code: TokenErrorCode; message: string }
  | { ok: false; source: 'none'; code: 'cancelled'; message: string };

export async function decodeTokenCommand(ctx: Ctx, arg?: unknown): Promise<DecodeSummary> {
  const input = await findTokenInput(arg);
  if (!input) {
    ctx.log.info('decode: cancelled (no token given)');
    return { ok: false, source: 'none', code: 'cancelled', message: 'No token was given.' };
  }

  const result = decodeToken(input.text);
  if (!result.ok) {
    const { code, message } = result.error;
    ctx.log.warn(`decode: ${SOURCE_LABEL[input.source]} is not a decodable token (${code}): ${message}`);
    // The core's message says what is wrong and never repeats the input.
    void vscode.window.showErrorMessage(`Cannot decode the ${SOURCE_LABEL[input.source]}: ${message}`);
    return { ok: false, source: input.source, code, message };
  }

  const token = result.token;
  const c = token.cognito;
  const title = tokenTitle(token);
  const uri = ctx.documents.add(title, renderDecoded(token));
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, {
    preview: true,
    viewColumn: vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active,
  });
  ctx.log.info(
    `decode: ${SOURCE_LABEL[input.source]} -> ${title}, ${token.format}, ` +
      `${c.userPoolId ? `pool ${c.userPoolId}, ` : ''}${c.clientId ? `client ${c.clientId}, ` : ''}validity ${validityLine(token)}`,
  );
  return {
    ok: true,
    source: input.source,
    uri: uri.toString(),
    title,
    format: token.format,
    kind: c.kind,
    isCognito: c.isCognito,
    ...(c.issuer !== undefined ? { issuer: c.issuer } : {}),
    ...(c.userPoolId !== undefined ? { userPoolId: c.userPoolId } : {}),
    ...(c.clientId !== undefined ? { clientId: c.clientId } : {}),
    validity: token.validity.state,
    claimNames: token.payload ? Object.keys(token.payload) : [],
  };
}
