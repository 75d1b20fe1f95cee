// Hover decode in the real extension host: VS Code's own hover command
// (`vscode.executeHoverProvider`) over real files of each kind, with tokens from a sandbox
// sign-in (the AWS SDK against the built-in Cognito-compatible endpoint).
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { parseSessionPaste } from '../../../src/core/import/index';
import { startSandbox } from '../../../src/sandbox/index';
import { signIn, type PoolTokens } from '../support/signIn';
import { api, closeAllEditors, cognitoShapedToken, waitFor } from './helpers';

const OPEN_INSPECTOR = 'cognitoTokenDebugger.openInspector';
const VERIFY_TOKEN = 'cognitoTokenDebugger.verifyToken';
const ADD_SESSION = 'cognitoTokenDebugger.addSession';
const COPY_TOKEN = 'cognitoTokenDebugger.copyHoveredToken';
const OUR_COMMANDS = [OPEN_INSPECTOR, VERIFY_TOKEN, ADD_SESSION, COPY_TOKEN];

/** Whether the manifest contributes the copy command (the hover offers copy links only then). */
function copyContributed(): boolean {
  const pkg = vscode.extensions.getExtension('cognito-token-debugger.cognito-token-debugger')?.packageJSON as { contributes: { commands: { command: string }[] } };
  return pkg.contributes.commands.some((c) => c.command === COPY_TOKEN);
}

interface OurHover {
  /** Title, expiry, warnings, command links. */
  summary: vscode.MarkdownString;
  /** Classification, header, payload. */
  details: vscode.MarkdownString | undefined;
  range: vscode.Range | undefined;
  text: string;
}

function isOurs(h: vscode.Hover): boolean {
  const first = h.contents[0];
  if (!(first instanceof vscode.MarkdownString)) return false;
  const trusted = first.isTrusted;
  return typeof trusted === 'object' && trusted.enabledCommands?.includes(OPEN_INSPECTOR) === true;
}

/** Every provider's hovers at `position`, and ours among them (other providers may hover too). */
async function hoverAt(doc: vscode.TextDocument, position: vscode.Position): Promise<{ all: vscode.Hover[]; ours: OurHover[] }> {
  const all = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position)) ?? [];
  const ours = all.filter(isOurs).map((h) => {
    const [summary, details] = h.contents as vscode.MarkdownString[];
    assert.ok(summary);
    return { summary, details, range: h.range, text: `${summary.value}\n${details?.value ?? ''}` };
  });
  return { all, ours };
}

async function ourHover(doc: vscode.TextDocument, position: vscode.Position): Promise<OurHover> {
  const { ours, all } = await hoverAt(doc, position);
  assert.equal(ours.length, 1, `expected one hover of ours at ${position.line}:${position.character}, got ${ours.length} (of ${all.length})`);
  return ours[0] as OurHover;
}

/** The position `into` characters into the first occurrence of `needle`. */
function positionOf(doc: vscode.TextDocument, needle: string, into = 10): vscode.Position {
  const offset = doc.getText().indexOf(needle);
  assert.ok(offset >= 0, 'needle not in the document');
  return doc.positionAt(offset + into);
}

/** The command links of a hover but the copy links: [command, args] as a click would run them (VS Code's opener decoding). */
function links(h: OurHover): { command: string; args: unknown[] }[] {
  return allLinks(h).filter((l) => l.command !== COPY_TOKEN);
}

/** Every command link of a hover, the copy links included. */
function allLinks(h: OurHover): { command: string; args: unknown[] }[] {
  return [...h.summary.value.matchAll(/\]\((command:[^)\s]+)/g)].map((m) => {
    const uri = vscode.Uri.parse(m[1] ?? '');
    let args: unknown = JSON.parse(decodeURIComponent(uri.query));
    if (!Array.isArray(args)) args = [args];
    return { command: uri.path, args: args as unknown[] };
  });
}

/**
 * Link targets that markdown would render, outside code: fenced blocks and code spans are
 * removed first (their text is never a link), then `[text](target)` and `<scheme:...>` whose
 * opening bracket is not escaped.
 */
function renderedLinkTargets(markdown: string): string[] {
  const noFences = markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1\s*$/gm, '');
  const noSpans = noFences.replace(/(`+)[\s\S]*?\1/g, '');
  const targets = [...noSpans.matchAll(/(?<!\\)\[[^\]]*(?<!\\)\]\(\s*<?([^)\s>]+)/g)].map((m) => m[1] ?? '');
  const autolinks = [...noSpans.matchAll(/(?<!\\)<([a-z][a-z0-9+.-]*:[^>\s]*)>/gi)].map((m) => m[1] ?? '');
  return [...targets, ...autolinks];
}

describe('hover decode', function () {
  this.timeout(60_000);
  let sandbox: Awaited<ReturnType<typeof startSandbox>>;
  let tokens: PoolTokens & { refreshToken: string };
  let dir: string;

  async function openFile(name: string, content: string): Promise<vscode.TextDocument> {
    const file = join(dir, name);
    writeFileSync(file, content);
    return vscode.workspace.openTextDocument(vscode.Uri.file(file));
  }

  before(async () => {
    await api(); // active (in real use: onLanguage activation, or any command)
    sandbox = await startSandbox({});
    const signedIn = await signIn(sandbox.info);
    assert.ok(signedIn.refreshToken, 'the sandbox sign-in returned no refresh token');
    tokens = { ...signedIn, refreshToken: signedIn.refreshToken };
    dir = mkdtempSync(join(tmpdir(), 'ctd-hover-'));
  });
  after(async () => {
    await closeAllEditors();
    await sandbox?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('JSON (a sign-in result): an ID token with pool, client, user, times and links; Add as Session carries the result', async () => {
    const result = { AuthenticationResult: { AccessToken: tokens.accessToken, ExpiresIn: 3600, TokenType: 'Bearer', RefreshToken: tokens.refreshToken, IdToken: tokens.idToken } };
    const doc = await openFile('sign-in.json', JSON.stringify(result, null, 2));
    assert.equal(doc.languageId, 'json');
    const pos = positionOf(doc, tokens.idToken, 200);
    const h = await ourHover(doc, pos);

    assert.match(h.summary.value, /\*\*Cognito ID token\*\* · \$\(pass\) expires in \d+ (min|h)/);
    assert.equal(h.summary.supportThemeIcons, true);
    assert.ok(h.details);
    assert.equal(h.details.supportThemeIcons, false, 'claims must be rendered without icon syntax');
    assert.ok(!h.details.isTrusted, 'the claims part must not be trusted for any command');
    assert.ok(h.details.value.includes(`\`${sandbox.info.userPoolId}\``), 'pool id');
    assert.ok(h.details.value.includes(`\`${tokens.client.clientId}\``), 'client id');
    assert.match(h.details.value, /\*\*Username\*\* `[^`]+`/);
    assert.match(h.details.value, /"exp": \d+,? \/\/ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, in \d+ (min|h)/);
    assert.match(h.details.value, /"token_use": "id"/);

    // The hover covers exactly the token (not the quotes around it).
    assert.ok(h.range);
    assert.equal(doc.getText(h.range), tokens.idToken);

    // Trusted for our commands only.
    const trusted = h.summary.isTrusted as { enabledCommands: string[] };
    assert.deepEqual([...trusted.enabledCommands].sort(), [...OUR_COMMANDS].sort());

    const l = links(h);
    assert.deepEqual(l.map((x) => x.command), [OPEN_INSPECTOR, VERIFY_TOKEN, ADD_SESSION]);
    assert.deepEqual(l[0]?.args, [{ token: tokens.idToken }]);
    assert.deepEqual(l[1]?.args, [tokens.idToken]);
    const paste = l[2]?.args[0];
    assert.equal(typeof paste, 'string');
    for (const t of [tokens.idToken, tokens.accessToken, tokens.refreshToken]) assert.ok((paste as string).includes(t), 'a token of the sign-in is missing from the paste');
    // What Add Session will read from it: the whole session, pool and client filled in.
    const parsed = parseSessionPaste(paste as string);
    assert.ok(parsed.ok, JSON.stringify(parsed.ok ? {} : parsed));
    assert.equal(parsed.draft.secrets.refreshToken, tokens.refreshToken);
    assert.equal(parsed.draft.userPoolId, sandbox.info.userPoolId);
    assert.equal(parsed.draft.clientId, tokens.client.clientId);
  });

  it('.env: the refresh token is labelled encrypted (JWE) with its header, and can be added as a session', async () => {
    const doc = await openFile('.env', `# sandbox\nAWS_REGION=${sandbox.info.region}\nCLIENT_ID=${tokens.client.clientId}\nREFRESH_TOKEN=${tokens.refreshToken}\n`);
    const h = await ourHover(doc, positionOf(doc, tokens.refreshToken, 50));
    assert.match(h.summary.value, /\$\(lock\) \*\*Cognito refresh token\*\* · encrypted \(JWE\)/);
    assert.match(h.summary.value, /only Cognito can read it/);
    assert.match(h.details?.value ?? '', /"cty": "JWT", "enc": "A256GCM", "alg": "RSA-OAEP"/);
    assert.match(h.details?.value ?? '', /\*\*Payload\*\* encrypted/);
    const l = links(h);
    assert.deepEqual(l.map((x) => x.command), [OPEN_INSPECTOR, ADD_SESSION], 'a JWE cannot be verified: no verify link');
    const paste = l[1]?.args[0] as string;
    assert.ok(paste.includes(tokens.refreshToken) && paste.includes(`CLIENT_ID=${tokens.client.clientId}`), 'the paste should bring the client id line along');
  });

  it('a log line with an Authorization header: the access token, with no session to add', async () => {
    const doc = await openFile('app.log', `2026-01-01T10:00:00.000Z INFO start\n2026-01-01T10:00:01.123Z DEBUG > GET /api/me Authorization: Bearer ${tokens.accessToken} (200 in 12 ms)\n`);
    assert.equal(doc.languageId, 'log');
    const h = await ourHover(doc, positionOf(doc, tokens.accessToken, tokens.accessToken.length - 1));
    assert.match(h.summary.value, /\*\*Cognito access token\*\*/);
    assert.match(h.details?.value ?? '', /\*\*Scopes\*\* `/);
    assert.deepEqual(links(h).map((x) => x.command), [OPEN_INSPECTOR, VERIFY_TOKEN], 'an access token alone is no session');
    assert.equal(doc.getText(h.range), tokens.accessToken);
  });

  it('markdown: a token in a code span of a note', async () => {
    const doc = await openFile('notes.md', `# Debugging\n\nThe failing request used \`${tokens.idToken}\`, see above.\n`);
    assert.equal(doc.languageId, 'markdown');
    const h = await ourHover(doc, positionOf(doc, tokens.idToken, 5));
    assert.match(h.summary.value, /\*\*Cognito ID token\*\*/);
    assert.equal(doc.getText(h.range), tokens.idToken);
  });

  it('a 20 KB ID token (hundreds of groups), hovered near its end', async () => {
    const groups = Array.from({ length: 700 }, (_, i) => `group-with-a-long-name-${i}`);
    const big = cognitoShapedToken({ 'cognito:groups': groups });
    assert.ok(big.length > 20_000, `${big.length} characters`);
    const doc = await openFile('big.json', `{"IdToken": "${big}"}\n`);
    const pos = positionOf(doc, big, big.length - 3);
    // Control: VS Code's word lookup gives up on a word this long, which is why the hover does not use it.
    const word = doc.getWordRangeAtPosition(pos, /[A-Za-z0-9_.-]+/);
    assert.ok(word === undefined || doc.getText(word) !== big, 'getWordRangeAtPosition found the whole token: the control no longer holds');

    const h = await ourHover(doc, pos);
    assert.equal(doc.getText(h.range), big);
    assert.match(h.details?.value ?? '', /\*\*Groups\*\* `group-with-a-long-name-0`, .* and 690 more/);
    assert.ok(h.text.length < 70_000, `the hover is ${h.text.length} characters`);
    assert.deepEqual(links(h)[0]?.args, [{ token: big }]);
    // Too large for an 8 KB header: the size and the claim taking most room (issue 11 item 4).
    assert.match(h.summary.value, /\$\(warning\) \*\*Too large for some request headers\*\* \([\d,]+ bytes\)/);
    assert.match(h.details?.value ?? '', /\*\*Size\*\* `[\d,]+ bytes: over [^`]+; cognito:groups takes \d+%`/);
  });

  it('a 5 MB minified single-line file with a token in the middle hovers fast', async () => {
    const token = cognitoShapedToken({ 'cognito:username': 'minified-user' });
    const chunk = 'function a(b){return b&&b.c?b.c.map(function(d){return d*2}):[]};var e={"k":"v","n":12345};';
    const half = chunk.repeat(Math.ceil((2.5 * 1024 * 1024) / chunk.length));
    const doc = await openFile('bundle.min.txt', `${half}var t="${token}";${half}`);
    assert.equal(doc.lineCount, 1);
    assert.ok(doc.getText().length > 5 * 1024 * 1024);
    const pos = positionOf(doc, token, 30);
    await hoverAt(doc, pos); // first call pays for warming up the providers
    const times: number[] = [];
    let h: OurHover | undefined;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      h = await ourHover(doc, pos);
      times.push(performance.now() - t0);
    }
    assert.ok(h);
    assert.match(h.details?.value ?? '', /`minified-user`/);
    assert.equal(doc.getText(h.range), token);
    // No assertion on time here (that belongs in bench/): recorded for the report.
    console.log(`      hover on a ${(doc.getText().length / 1024 / 1024).toFixed(1)} MiB single line: ${times.map((t) => t.toFixed(1)).join(', ')} ms`);
  });

  it('"Copy a Claim…" lists the claims in a quick pick and copies the picked value (issue 11 item 5, in the hover)', async () => {
    const doc = await openFile('claim.log', `token=${tokens.idToken}\n`);
    const h = await ourHover(doc, positionOf(doc, tokens.idToken, 30));
    const claim = allLinks(h).find((l) => l.command === COPY_TOKEN && (l.args[0] as { format: string }).format === 'claim');
    assert.ok(claim, 'the hover offers Copy a Claim…');
    assert.ok(!JSON.stringify(claim.args).includes(tokens.idToken.slice(0, 40)), 'the link carries no token');
    await vscode.env.clipboard.writeText('before');
    const pending = vscode.commands.executeCommand<{ ok: boolean; claim?: string }>(COPY_TOKEN, ...claim.args);
    await new Promise((r) => setTimeout(r, 500));
    // Enter takes the first claim, in the token's order.
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const r = await pending;
    const payload = JSON.parse(Buffer.from(tokens.idToken.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    const first = Object.keys(payload)[0]!;
    assert.deepEqual({ ok: r?.ok, claim: r?.claim }, { ok: true, claim: first });
    const value = payload[first];
    assert.equal(await vscode.env.clipboard.readText(), typeof value === 'string' ? value : JSON.stringify(value));
  });

  it('copy links put the token, its Authorization header or a curl line on the clipboard, read from the document', async () => {
    const doc = await openFile('copy.log', `2026-01-01T10:00:01.123Z DEBUG > GET /api/me Authorization: Bearer ${tokens.accessToken} (200)\n`);
    const h = await ourHover(doc, positionOf(doc, tokens.accessToken, 30));
    const copies = allLinks(h).filter((l) => l.command === COPY_TOKEN);
    if (!copyContributed()) {
      // Until the manifest contributes the command, the hover offers no link that would do nothing.
      assert.deepEqual(copies, []);
      return;
    }
    assert.deepEqual(copies.map((c) => (c.args[0] as { format: string }).format), ['raw', 'bearer', 'curl', 'claim']);
    for (const c of copies) assert.ok(!JSON.stringify(c.args).includes(tokens.accessToken.slice(0, 40)), 'a copy link carries the token');
    const expected = [tokens.accessToken, `Authorization: Bearer ${tokens.accessToken}`, `curl -H 'Authorization: Bearer ${tokens.accessToken}' '<URL>'`];
    for (const [i, c] of copies.filter((x) => (x.args[0] as { format: string }).format !== 'claim').entries()) {
      await vscode.env.clipboard.writeText('before');
      const result = await vscode.commands.executeCommand<{ ok: boolean }>(c.command, ...c.args);
      assert.equal(result?.ok, true, JSON.stringify(result));
      assert.equal(await vscode.env.clipboard.readText(), expected[i]);
    }
    // The document changed since the hover: the token is no longer at that range, nothing is copied.
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), 'x'));
    await vscode.env.clipboard.writeText('before');
    const moved = await vscode.commands.executeCommand<{ ok: boolean; reason?: string }>(COPY_TOKEN, ...(copies[0]?.args ?? []));
    assert.deepEqual(moved, { ok: false, reason: 'token moved' });
    assert.equal(await vscode.env.clipboard.readText(), 'before');
    // Another document (not open in this window) is never read.
    const elsewhere = await vscode.commands.executeCommand<{ ok: boolean; reason?: string }>(COPY_TOKEN, { uri: 'file:///etc/hosts', range: [0, 0, 0, 10], format: 'raw' });
    assert.deepEqual(elsewhere, { ok: false, reason: 'document not open' });
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('an unsigned (alg none) token is flagged, with nothing to verify', async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const forged = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: `https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Forged123`, token_use: 'id', aud: 'x', 'cognito:username': 'admin', exp: now + 600, iat: now })}.`;
    const doc = await openFile('forged.txt', `token: ${forged}\n`);
    const h = await ourHover(doc, positionOf(doc, forged, 20));
    assert.match(h.summary.value, /\$\(warning\) \*\*UNSIGNED Cognito ID token\*\*/);
    assert.match(h.summary.value, /\*\*Unsigned: `alg` is `none`\.\*\*/);
    assert.deepEqual(links(h).map((x) => x.command), [OPEN_INSPECTOR]);
    assert.equal(doc.getText(h.range), forged);
  });

  it('hostile claims are shown as text: no link, command or markup gets through', async () => {
    const hostile = cognitoShapedToken({
      'cognito:username': '](command:workbench.action.quit)',
      'cognito:groups': ['[quit](command:workbench.action.quit)', 'a`](command:workbench.action.quit)`'],
      note: 'x\r> [quote](command:workbench.action.quit)\n# heading <command:workbench.action.quit>',
      icon: '$(zap) [$(zap)](command:workbench.action.reloadWindow)',
    });
    const doc = await openFile('hostile.json', `{"IdToken": "${hostile}"}`);
    const h = await ourHover(doc, positionOf(doc, hostile, 40));
    for (const part of [h.summary, h.details]) {
      assert.ok(part);
      for (const target of renderedLinkTargets(part.value)) {
        assert.match(target, /^command:cognitoTokenDebugger\.(openInspector|verifyToken|addSession|copyHoveredToken)\?/, `a link to ${target.slice(0, 60)}`);
      }
    }
    assert.deepEqual(renderedLinkTargets(h.details?.value ?? ''), [], 'the claims part holds no link at all');
    assert.doesNotMatch(h.summary.value, /workbench\.action/, 'a claim value reached the trusted part');
    // The values are still readable, as code.
    assert.ok(h.details?.value.includes('**Username** `](command:workbench.action.quit)`'));
    assert.ok(h.details?.value.includes('\\r> [quote]'), 'the line break must show as an escape');
    // Control for renderedLinkTargets: it does see a plain link.
    assert.deepEqual(renderedLinkTargets('see [x](command:workbench.action.quit) and `[y](command:z)`'), ['command:workbench.action.quit']);
  });

  it('no hover on text that is not a token', async () => {
    const doc = await openFile('prose.txt', 'eyJ is how a JWT starts, but eyJhbGciOi alone is not one. a.b.c\n');
    for (const into of [1, 35, 62]) {
      const { ours } = await hoverAt(doc, new vscode.Position(0, into));
      assert.deepEqual(ours, [], `a hover at ${into}`);
    }
  });

  it('a token cut short when copied: the hover says why it does not decode', async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const cutShort = `${b64({ kid: 'k', alg: 'RS256' })}.${b64({ sub: 'x', token_use: 'id', exp: 1 }).slice(0, 20)}.c2lnbmF0dXJl`;
    const doc = await openFile('cut.txt', `Authorization: Bearer ${cutShort}\n`);
    const { all } = await hoverAt(doc, positionOf(doc, cutShort, 5));
    const md = all.flatMap((h) => h.contents).find((c): c is vscode.MarkdownString => c instanceof vscode.MarkdownString && c.value.includes('Not a decodable JWT'));
    assert.ok(md, 'no hover explains the broken token');
    assert.match(md.value, /payload/i);
    assert.ok(!md.isTrusted, 'an error hover needs no command');
  });

  it('the setting cognitoTokenDebugger.hover.enabled turns it off and on, live', async () => {
    const doc = await openFile('toggle.json', `{"IdToken": "${tokens.idToken}"}`);
    const pos = positionOf(doc, tokens.idToken, 40);
    const config = () => vscode.workspace.getConfiguration('cognitoTokenDebugger');
    assert.equal((await hoverAt(doc, pos)).ours.length, 1, 'no hover before the setting changed');
    await config().update('hover.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('the setting to apply', () => config().get('hover.enabled') === false || undefined);
      const { ours } = await hoverAt(doc, pos);
      assert.deepEqual(ours, [], 'still a hover with the setting off');
      assert.ok(!(await hoverAt(doc, pos)).all.some((h) => h.contents.some((c) => c instanceof vscode.MarkdownString && c.value.includes('Cognito ID token'))));
    } finally {
      await config().update('hover.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor('the hover to come back', async () => ((await hoverAt(doc, pos)).ours.length === 1 ? true : undefined));
  });

  it('the clock-skew setting decides whether a just-expired token is still accepted', async () => {
    const now = Math.floor(Date.now() / 1000);
    const justExpired = cognitoShapedToken({ iat: now - 3600, exp: now - 30 });
    const doc = await openFile('skew.txt', justExpired);
    const pos = new vscode.Position(0, 20);
    const config = () => vscode.workspace.getConfiguration('cognitoTokenDebugger');
    assert.match((await ourHover(doc, pos)).summary.value, /\$\(warning\) expired \d+ s ago[\s\S]*clock-skew tolerance/, 'with the default 60 s');
    await config().update('clockSkewSeconds', 0, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('the setting to apply', () => config().get('clockSkewSeconds') === 0 || undefined);
      assert.match((await ourHover(doc, pos)).summary.value, /\$\(error\) expired \d+ s ago/);
    } finally {
      await config().update('clockSkewSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
