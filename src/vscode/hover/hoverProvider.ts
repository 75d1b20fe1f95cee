// Hover decode: hovering a JWT in any text document shows what it is (header, payload with
// human times, Cognito classification, expiry) with links to inspect, verify and add it.
//
// It reads only near the cursor: a window of the hovered line (enough for the longest token
// the engine accepts, MAX_TOKEN_LENGTH on each side), and, for a Cognito token, a bounded
// neighbourhood of a few lines to find the refresh token that belongs with it. Never the whole
// document, so a 5 MB minified file hovers as fast as a .env file, and never
// getWordRangeAtPosition, which gives up on words over 1,000 characters (a Cognito ID token
// with many groups is longer than that).
//
// Activation. A hover provider only exists once the extension is active, and VS Code has no
// "onHover" event. `*` or onStartupFinished would load the extension in every window for
// everyone, token or not. So package.json lists `onLanguage:` events for the languages tokens
// live in: logs, JSON (HAR captures, CLI output), .env (`properties` in VS Code, `dotenv` with
// the DotENV extension), YAML/TOML/INI/XML configs, markdown notes, HTTP request files, shell
// scripts, and the source languages of apps that use Cognito. The cost: opening any such file
// activates the extension, which only registers its commands, views and this provider (the AWS
// SDK and the sandbox stay unloaded until a command needs them, see lazy.ts), once per window.
// Not `onLanguage:plaintext`: the workbench's own input widgets request plain text at startup,
// so in VS Code 1.100 it fired in every window before any file was open (seen in the
// integration run's extension-host log): `*` in disguise. Instead `onStartupFinished` activates
// it once the window has started (activation loads no heavy chunk), so .txt files and untitled
// buffers get hovers too (test/integration/suite/activation.test.ts). Once active, the provider
// serves every language in the schemes below. Lines longer than editor.maxTokenizationLineLength
// get no hover from VS Code at all; Decode Token reads the token under the cursor there.
import * as vscode from 'vscode';
import type { DecodedToken, FoundToken } from '../../core/token/index';
import type { Ctx } from '../context';
import { TOKEN_SCHEME } from '../decode/tokenDocuments';
import { readSettings } from '../settings';
// nearby.ts and render.ts are in a chunk (scripts/build.mjs), loaded by the first hover: nothing
// of theirs is read when this file loads.
import { LINE_WINDOW, neighbourhoodRange, sessionPasteNear, tokenAt, type LineOffsets } from './nearby';
import { HOVER_COMMANDS, renderTokenHover, type HoverCopyTarget } from './render';

/**
 * Every text document the user reads tokens in: files (local, remote, virtual workspaces),
 * untitled buffers, notebook cells, older revisions in diffs, other extensions' output
 * channels and the settings files (REST clients keep tokens there). The extension's own
 * decoded-token documents (`cognito-token:`) are left out: they show a decoded token, never
 * the raw one, and a hover there would only repeat the document.
 */
export const HOVER_SCHEMES = ['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-notebook-cell', 'git', 'output', 'vscode-userdata'] as const;

export const HOVER_SELECTOR: vscode.DocumentSelector = HOVER_SCHEMES.map((scheme) => ({ scheme }));

/** The most characters one hover reads of a document (defined beside the neighbourhood's budget). */
export { HOVER_READ_LIMIT } from './nearby';

interface HoverSettings {
  enabled: boolean;
  clockSkewSeconds: number;
}

/** Read on every hover, so a change applies at once (no reload, no listener to keep in sync). */
function settings(): HoverSettings {
  const s = readSettings();
  return { enabled: s.hoverEnabled, clockSkewSeconds: s.clockSkewSeconds };
}

/**
 * Whether this build's manifest contributes the copy command the hover's copy links run
 * (HOVER_COMMANDS.copyToken, handled by copy.ts): without it the links are left out, since a
 * link to a command that is not there does nothing when clicked.
 */
function copyCommandContributed(ctx: Ctx): boolean {
  const manifest = (ctx.extension as vscode.ExtensionContext | undefined)?.extension?.packageJSON as { contributes?: { commands?: { command?: unknown }[] } } | undefined;
  return manifest?.contributes?.commands?.some((c) => c.command === HOVER_COMMANDS.copyToken) === true;
}

export class TokenHoverProvider implements vscode.HoverProvider {
  /** Known at the first hover: asking at construction would load render.ts at activation. */
  private copyLinks: boolean | undefined;

  constructor(private readonly ctx: Ctx) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position, cancel: vscode.CancellationToken): vscode.Hover | undefined {
    if (document.uri.scheme === TOKEN_SCHEME) return undefined;
    const config = settings();
    if (!config.enabled) return undefined;
    try {
      return this.hover(document, position, config, cancel);
    } catch (err) {
      // A defect must not break hovering for the other providers; the log is redacted.
      this.ctx.log.error('hover: failed', err);
      return undefined;
    }
  }

  private hover(
    document: vscode.TextDocument,
    position: vscode.Position,
    config: HoverSettings,
    cancel: vscode.CancellationToken,
  ): vscode.Hover | undefined {
    // 1. A window of the hovered line around the cursor.
    const lineLength = document.lineAt(position.line).range.end.character;
    const from = Math.max(0, position.character - LINE_WINDOW);
    const to = Math.min(lineLength, position.character + LINE_WINDOW);
    const window = document.getText(new vscode.Range(position.line, from, position.line, to));
    const options = { clockSkewSeconds: config.clockSkewSeconds };
    const at = tokenAt(window, position.character - from, options);
    if (!at || cancel.isCancellationRequested) return undefined;

    const range = new vscode.Range(position.line, from + at.found.start, position.line, from + at.found.end);
    if (!at.result.ok) {
      // Shaped like a JWT with a readable header, but the rest does not decode (a token cut
      // short when copied, for instance): say why, since that is what the user is debugging.
      const md = new vscode.MarkdownString(`$(warning) **Not a decodable JWT**: ${escapeText(at.result.error.message)}`, true);
      return new vscode.Hover(md, range);
    }

    // 2. For a Cognito token, a few lines around it: is there a session to add?
    const token = at.result.token;
    const sessionPaste = this.sessionPaste(document, range, at.found, token, options);
    if (cancel.isCancellationRequested) return undefined;

    this.copyLinks ??= copyCommandContributed(this.ctx);
    const copyTarget: HoverCopyTarget | undefined = this.copyLinks
      ? { uri: document.uri.toString(), range: [range.start.line, range.start.character, range.end.line, range.end.character] }
      : undefined;
    const md = renderTokenHover({ token, ...(sessionPaste !== undefined ? { sessionPaste } : {}), ...(copyTarget !== undefined ? { copyTarget } : {}) });
    const summary = new vscode.MarkdownString(md.summary, true);
    summary.isTrusted = { enabledCommands: Object.values(HOVER_COMMANDS) };
    const details = new vscode.MarkdownString(md.details, false);
    details.isTrusted = false;
    return new vscode.Hover([summary, details], range);
  }

  private sessionPaste(
    document: vscode.TextDocument,
    range: vscode.Range,
    found: FoundToken,
    token: DecodedToken,
    options: { clockSkewSeconds: number },
  ): string | undefined {
    const kind = token.cognito.kind;
    if (!token.cognito.isCognito || kind === 'unknown') return undefined;
    const tokenStart = document.offsetAt(range.start);
    const lines: LineOffsets = {
      lineCount: document.lineCount,
      lineStart: (line) => document.offsetAt(new vscode.Position(line, 0)),
      lineEnd: (line) => document.offsetAt(document.lineAt(line).range.end),
    };
    const { start, end } = neighbourhoodRange(range.start.line, tokenStart, tokenStart + found.raw.length, lines);
    const text = document.getText(new vscode.Range(document.positionAt(start), document.positionAt(end)));
    const at = tokenStart - start;
    // Both reads come from the same version of the document (provideHover is synchronous).
    if (!text.startsWith(found.raw, at)) return undefined;
    return sessionPasteNear(text, { ...found, start: at, end: at + found.raw.length }, token, options);
  }
}

/** Plain text (a core error message) as markdown that renders as written. */
function escapeText(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()#+\-.!<>|~$]/g, '\\$&');
}

export function registerTokenHover(ctx: Ctx): vscode.Disposable {
  return vscode.languages.registerHoverProvider(HOVER_SELECTOR, new TokenHoverProvider(ctx));
}
