// The Token Inspector: a webview panel per session (or per bare token) showing each token's
// header and claims explained, the raw token, the signature checks, the rotation history and
// the last failure explained. This file is its port: the sessions layer implements
// `InspectorSource`; extension.ts builds one `Inspector` with it.
import type * as vscode from 'vscode';
import type { SessionRecord, SettingsPatch } from '../../core/sessions/index';
import type { VerifyReport } from '../../core/token/index';

export interface InspectorSource {
  /** A session id changed; undefined = the list changed. */
  readonly onDidChange: vscode.Event<string | undefined>;
  getRecord(sessionId: string): Promise<SessionRecord | undefined>;
  /** Shows progress itself; the result arrives through onDidChange. */
  refresh(sessionId: string): Promise<void>;
  verify(sessionId: string): Promise<{ id?: VerifyReport; access?: VerifyReport }>;
  verifyToken(raw: string): Promise<VerifyReport>;
  /** A settings write on the stored record (the Cognito side keeps the session's AWS profile choice with it). */
  update(sessionId: string, patch: Omit<SettingsPatch, 'at'>): Promise<void>;
}

export { Inspector, type InspectorDebugPanel, type InspectorTestApi } from './inspector';
