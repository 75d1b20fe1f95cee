// The inspector's token tools, one per panel: copy a token (as it is, as an Authorization
// header, as a curl command), verify it with a key the user gives, and keys saved on request.
//
// Where a key comes from, and why:
//   - A JWKS or a PEM public key is pasted in the panel's text box and sent to the host in a
//     validated, bounded `verifyWithKey` message (MAX_PASTED_KEY_LENGTH). Public keys are not
//     secrets, they are multi-line (a one-line input box loses a PEM's line breaks and makes a
//     JWKS unreadable to edit), and the webview never gets anything back but the result.
//   - A shared secret (HS256/384/512) is NOT typed in the webview: the host asks for it in its own
//     input box with `password: true`. A security reviewer prefers this: the webview renders text
//     taken from untrusted tokens, keeps UI state with setState, and can be inspected with the
//     webview developer tools; a secret that never enters it cannot leak from it, and the masked
//     box keeps it off the screen (screen sharing, recordings).
// The key lives in this object (host memory) for the panel's lifetime and is dropped on dispose,
// unless the user chooses "Save key": then it is stored in SecretStorage under a key of its own
// per issuer (`cognitoTokenDebugger.verificationKey.<sha-256 of iss>`), never in settings,
// globalState, the webview's state or a log. The webview gets the result (inert text) and a
// description of the key ("RSA public key (PEM, 2048 bits)"), never the key.
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { fingerprint } from '../../core/sessions/index';
import { decodeToken } from '../../core/token/index';
import type { KeyVerifyResult, VerificationKey } from '../../core/token/verify-with-key';
import type { CopyFormat, InspectorState, KeyCheckView, KeyKind, KeySource, SavedKeyOp, TokenSlot, TokenView } from '../../shared/protocol';
import type { Log } from '../log';
import { copyText, describeCopy } from './copyFormats';
import { fullValue, MAX_CLAIM_VALUE_LENGTH } from './viewModel';

export interface KeyToolsHost {
  log: Log;
  secrets: vscode.SecretStorage;
  rawToken(slot: TokenSlot): Promise<string | undefined>;
  clockSkewSeconds(): number;
  update(): Promise<void>;
  /** A bare-token panel (a token that is likely not Cognito's): its saved key is looked up at once. */
  bareToken(): boolean;
}

/** SecretStorage keys of saved verification keys: this prefix and 32 hex digits of the issuer's SHA-256. */
export const SAVED_KEY_PREFIX = 'cognitoTokenDebugger.verificationKey.';

interface HeldKey {
  kind: KeyKind;
  /** What the user gave (kept only to save it on request). */
  text: string;
  key: VerificationKey;
  fromSaved: boolean;
}

interface SavedKeyRecord {
  v: 1;
  kind: KeyKind;
  text: string;
  savedAt: string;
}

/** The issuer a saved key is filed under: the `iss` claim as the claims table shows it ('' without one); undefined when too long to be one. */
function issuerOfRaw(raw: string): string | undefined {
  const decoded = decodeToken(raw);
  if (!decoded.ok || !decoded.token.payload) return undefined;
  const iss = decoded.token.payload.iss;
  if (iss === undefined) return '';
  const text = fullValue(iss);
  return text.length <= MAX_CLAIM_VALUE_LENGTH ? text : undefined;
}

function issuerOfView(t: TokenView): string | undefined {
  if (!t.present || t.error || t.encrypted || t.format !== 'jws') return undefined;
  const row = t.claims.find((c) => c.name === 'iss');
  if (!row) return '';
  return row.fullLength === undefined ? row.value : undefined;
}

export function savedKeyName(issuer: string): string {
  return `${SAVED_KEY_PREFIX}${createHash('sha256').update(issuer, 'utf8').digest('hex').slice(0, 32)}`;
}

function checkView(r: KeyVerifyResult, kind: KeyKind, fromSaved: boolean, at: number): KeyCheckView {
  const view: KeyCheckView = {
    at,
    ok: r.ok,
    signature: r.signature,
    checks: r.checks.map((c) => ({ name: c.name, status: c.status, detail: c.detail })),
    keyDescription: r.keyDescription,
    keyKind: kind,
    fromSaved,
  };
  if (r.alg) view.alg = r.alg;
  if (r.kid) view.kid = r.kid;
  if (r.error) view.error = { code: r.error.code, message: r.error.message };
  return view;
}

function parseSaved(text: string | undefined): SavedKeyRecord | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as Partial<SavedKeyRecord>;
    if (v && v.v === 1 && (v.kind === 'jwks' || v.kind === 'pem' || v.kind === 'secret') && typeof v.text === 'string' && typeof v.savedAt === 'string') return v as SavedKeyRecord;
  } catch {
    // A damaged entry reads as no saved key.
  }
  return undefined;
}

export class KeyTools {
  private held: HeldKey | undefined;
  /** Key checks by token fingerprint: a result belongs to exactly one token. */
  private readonly checks = new Map<string, KeyCheckView>();
  /** Whether a key is saved, by SecretStorage key name (looked up once per panel). */
  private readonly saved = new Map<string, boolean>();
  private readonly lookingUp = new Set<string>();
  /** The user used the key tools in this panel: saved keys are looked up for every tab from now on. */
  private used = false;
  private disposed = false;
  /** How many times the secret box was shown (for the tests; never what was typed). */
  secretPrompts = 0;

  constructor(private readonly host: KeyToolsHost) {}

  // ─────────────────────────────────────── copy ───────────────────────────────────────

  async copyToken(slot: TokenSlot, format: CopyFormat): Promise<void> {
    const raw = await this.host.rawToken(slot);
    if (raw === undefined || raw.length === 0) throw new Error('This panel holds no such token.');
    const text = copyText(slot, raw, format);
    if (text instanceof Error) throw text;
    await vscode.env.clipboard.writeText(text);
    this.host.log.info(`inspector: copied ${describeCopy(slot, format)} (${text.length} characters) to the clipboard, as asked`);
  }

  // ─────────────────────────────────── verify with a key ───────────────────────────────────

  async verifyWithKey(slot: TokenSlot, source: KeySource, pasted: string | undefined): Promise<void> {
    this.used = true;
    const raw = await this.host.rawToken(slot);
    if (raw === undefined || raw.length === 0) throw new Error('This panel holds no such token.');
    const core = await import('../../core/token/verify-with-key');
    let kind: KeyKind;
    let text: string;
    let fromSaved = false;
    if (source === 'saved') {
      const issuer = issuerOfRaw(raw);
      const record = issuer === undefined ? undefined : parseSaved(await this.host.secrets.get(savedKeyName(issuer)));
      if (!record) throw new Error("No key is saved for this token's issuer.");
      kind = record.kind;
      text = record.text;
      fromSaved = true;
    } else if (source === 'secret') {
      kind = 'secret';
      this.secretPrompts++;
      const typed = await vscode.window.showInputBox({
        title: 'Verify with a shared secret (HS256, HS384, HS512)',
        prompt: "The secret is kept in this panel's memory until it closes (unless you save it). For a binary key, type base64: and its base64.",
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v.length > core.MAX_SECRET_LENGTH ? `At most ${core.MAX_SECRET_LENGTH} characters.` : undefined),
      });
      // Escape: nothing changes, nothing is kept.
      if (typed === undefined || typed.length === 0 || this.disposed) return;
      text = typed;
    } else {
      kind = source;
      text = pasted ?? '';
    }
    const at = Date.now();
    let key: VerificationKey;
    try {
      key = core.parseVerificationKey(kind, text);
    } catch (err) {
      // The key is not kept; the result says what is wrong with it (never quoting it).
      const e = err instanceof core.KeyInputError ? err : new core.KeyInputError('bad-key', 'the key could not be read');
      this.checks.set(fingerprint(raw), { at, ok: false, signature: 'error', checks: [], keyDescription: `the ${kind === 'secret' ? 'shared secret' : kind === 'pem' ? 'PEM key' : 'JWKS'}`, keyKind: kind, fromSaved, error: { code: e.code, message: e.message } });
      this.host.log.info(`inspector: a ${kind} key given to verify the ${slot} token was refused (${e.code})`);
      await this.host.update();
      return;
    }
    const result = await core.verifyWithKey(raw, key, { now: at, clockSkewSeconds: this.host.clockSkewSeconds() });
    if (this.disposed) return;
    this.held = { kind, text, key, fromSaved };
    this.checks.set(fingerprint(raw), checkView(result, kind, fromSaved, at));
    this.host.log.info(
      `inspector: checked the ${slot} token with a ${fromSaved ? 'saved' : 'given'} ${kind} key: ${result.signature === 'error' ? `not checked (${result.error?.code ?? '?'})` : result.ok ? 'signature valid' : result.signature === 'invalid' ? 'signature invalid' : 'signature valid, a time check failed'}`,
    );
    await this.host.update();
  }

  // ─────────────────────────────────────── saved keys ───────────────────────────────────────

  async savedKey(slot: TokenSlot, op: SavedKeyOp): Promise<void> {
    this.used = true;
    const raw = await this.host.rawToken(slot);
    if (raw === undefined || raw.length === 0) throw new Error('This panel holds no such token.');
    const issuer = issuerOfRaw(raw);
    if (issuer === undefined) throw new Error("A key cannot be saved for this token: its issuer (iss) is not readable.");
    const name = savedKeyName(issuer);
    if (op === 'save') {
      const held = this.held;
      if (!held) throw new Error('Verify with a key first: the key that verified is the one saved.');
      const record: SavedKeyRecord = { v: 1, kind: held.kind, text: held.text, savedAt: new Date().toISOString() };
      await this.host.secrets.store(name, JSON.stringify(record));
      held.fromSaved = true;
      this.saved.set(name, true);
      this.host.log.info(`inspector: saved a ${held.kind} verification key in SecretStorage (${name}), as asked`);
    } else {
      await this.host.secrets.delete(name);
      this.saved.set(name, false);
      this.host.log.info(`inspector: deleted the saved verification key ${name}, as asked`);
    }
    await this.host.update();
  }

  private lookUp(names: string[]): void {
    const todo = names.filter((n) => !this.saved.has(n) && !this.lookingUp.has(n));
    if (todo.length === 0) return;
    for (const n of todo) this.lookingUp.add(n);
    void (async () => {
      for (const n of todo) {
        try {
          this.saved.set(n, parseSaved(await this.host.secrets.get(n)) !== undefined);
        } catch (err) {
          this.host.log.error('inspector: could not read a saved verification key', err);
          this.saved.set(n, false);
        } finally {
          this.lookingUp.delete(n);
        }
      }
      if (!this.disposed) await this.host.update();
    })();
  }

  // ─────────────────────────────────────── the view ───────────────────────────────────────

  /** Adds the key checks, whether a key is saved, and the held key's description to a built state. */
  decorate(state: InspectorState): InspectorState {
    const wanted: string[] = [];
    for (const t of state.tokens) {
      const check = t.fingerprint ? this.checks.get(t.fingerprint) : undefined;
      if (check) t.keyCheck = check;
      const issuer = issuerOfView(t);
      if (issuer === undefined) continue;
      const name = savedKeyName(issuer);
      const known = this.saved.get(name);
      if (known !== undefined) t.savedKey = known;
      else wanted.push(name);
    }
    if (this.held) state.pastedKey = { kind: this.held.kind, description: this.held.key.description };
    if (wanted.length > 0 && (this.used || this.host.bareToken())) this.lookUp(wanted);
    return state;
  }

  dispose(): void {
    this.disposed = true;
    this.held = undefined;
    this.checks.clear();
  }
}
