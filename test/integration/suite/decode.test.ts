import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeAllEditors, cognitoShapedToken, decode, decodedDocument, waitFor } from './helpers';

/**
 * A new untitled document holding `content`, shown and active. On a loaded machine VS Code can
 * hand back the untitled document the previous test closed (the same Untitled-N name, its old
 * text) before it has processed that close: seen twice, the cursor test then decoded the previous
 * test's token. So: open until the document holds what was asked, then wait until it is the
 * active editor (Decode Token without an argument reads the active editor).
 */
async function openUntitled(content: string): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const doc = await waitFor('a new untitled document with the text asked for', async () => {
    const d = await vscode.workspace.openTextDocument({ content });
    if (d.getText() === content) return d;
    await new Promise((r) => setTimeout(r, 200));
    return undefined;
  });
  const editor = await vscode.window.showTextDocument(doc);
  await waitFor('the document to be the active editor', () => (vscode.window.activeTextEditor?.document === doc ? true : undefined));
  return { doc, editor };
}

describe('Decode Token', () => {
  afterEach(closeAllEditors);

  it('decodes a token given as argument into a read-only markdown document', async () => {
    const token = cognitoShapedToken({ 'cognito:groups': ['admins', 'devs'] });
    const summary = await decode(token);
    assert.ok(summary.ok);
    assert.equal(summary.source, 'argument');
    assert.equal(summary.kind, 'id');
    assert.equal(summary.isCognito, true);
    assert.equal(summary.userPoolId, 'eu-west-1_TeStPoOl1');
    assert.equal(summary.clientId, '3n4b5urk1ft4fl3mg5e62d9ado');
    assert.equal(summary.validity, 'valid');

    const doc = decodedDocument(summary);
    assert.equal(doc.uri.scheme, 'cognito-token');
    assert.equal(doc.languageId, 'markdown');
    const text = doc.getText();
    assert.match(text, /^# Cognito ID token/);
    assert.match(text, /^- \*\*User pool:\*\* `eu-west-1_TeStPoOl1` \(region `eu-west-1`\)$/m);
    assert.match(text, /^- \*\*App client:\*\* `3n4b5urk1ft4fl3mg5e62d9ado`$/m);
    assert.match(text, /^- \*\*Groups:\*\* `admins`, `devs`$/m);
    assert.match(text, /^- \*\*Validity:\*\* valid, expires in /m);
    assert.match(text, /"token_use": "id"/);
    assert.match(text, /"kid": "integration-kid"/);
    // Local time with UTC beside it (here the host runs in UTC, so one time is shown).
    assert.match(text, /^- `exp\s*` \d{4}-\d\d-\d\d \d\d:\d\d:\d\d (UTC|\(local[^)]*\) · \d\d:\d\d:\d\d UTC) \(in /m);
    assert.ok(!text.includes(token), 'the document must not repeat the raw token');

    // It is the active editor, and typing into it changes nothing (a read-only editor).
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), summary.uri);
    await vscode.commands.executeCommand('type', { text: 'tampered ' });
    assert.equal(doc.getText(), text, 'typing changed the decoded document');
    assert.equal(doc.isDirty, false);
  });

  it('(control for the test above) typing does change an ordinary editor', async () => {
    const doc = await vscode.workspace.openTextDocument({ content: 'plain text' });
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('type', { text: 'typed ' });
    await waitFor('the typed text', () => doc.getText().includes('typed ') || undefined);
  });

  it('says when a token has expired', async () => {
    const now = Math.floor(Date.now() / 1000);
    const summary = await decode(cognitoShapedToken({ token_use: 'access', client_id: 'abc123client', iat: now - 7200, exp: now - 3600 }));
    assert.ok(summary.ok);
    assert.equal(summary.kind, 'access');
    assert.equal(summary.validity, 'expired');
    assert.match(decodedDocument(summary).getText(), /^- \*\*Validity:\*\* EXPIRED /m);
  });

  it('reports input that is not a JWT, and opens nothing', async () => {
    const before = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'cognito-token').length;
    const summary = await decode('this is not a token');
    assert.equal(summary.ok, false);
    assert.ok(!summary.ok && summary.code === 'not-a-jwt', JSON.stringify(summary));
    assert.ok(summary.message.length > 0);
    const after = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'cognito-token').length;
    assert.equal(after, before);
  });

  it('with no argument, decodes the token in the editor selection', async () => {
    const token = cognitoShapedToken({ 'cognito:username': 'selected-user' });
    const { doc, editor } = await openUntitled(`GET /api\nAuthorization: Bearer ${token}\nAccept: */*\n`);
    editor.selection = new vscode.Selection(1, 0, 1, doc.lineAt(1).text.length); // the whole header line
    const summary = await decode();
    assert.ok(summary.ok, JSON.stringify(summary));
    assert.equal(summary.source, 'selection');
    assert.match(decodedDocument(summary).getText(), /^- \*\*Username:\*\* `selected-user`$/m);
  });

  it('with no argument and no selection, decodes the token under the cursor', async () => {
    const first = cognitoShapedToken({ 'cognito:username': 'first-user' });
    const second = cognitoShapedToken({ 'cognito:username': 'second-user' });
    const { doc, editor } = await openUntitled(`{"IdToken": "${first}",\n "AccessToken": "${second}"}\n`);
    const line = doc.lineAt(1).text;
    const pos = new vscode.Position(1, line.indexOf('eyJ') + 40); // inside the second token
    editor.selection = new vscode.Selection(pos, pos);
    const summary = await decode();
    assert.ok(summary.ok, JSON.stringify(summary));
    assert.equal(summary.source, 'cursor');
    assert.match(decodedDocument(summary).getText(), /^- \*\*Username:\*\* `second-user`$/m);
  });

  it('on a line past editor.maxTokenizationLineLength (where VS Code asks no hover provider), decodes the token under the cursor', async () => {
    // Issue 8, item 8: the README's answer for minified files is Decode Token at the cursor.
    const token = cognitoShapedToken({ 'cognito:username': 'minified-user' });
    const filler = 'x'.repeat(150_000);
    const doc = await vscode.workspace.openTextDocument({ content: `var a="${filler}",t="${token}",b="${filler}";` });
    const editor = await vscode.window.showTextDocument(doc);
    const limit = vscode.workspace.getConfiguration('editor').get<number>('maxTokenizationLineLength') ?? 20_000;
    assert.ok(doc.lineAt(0).text.length > limit, `the line (${doc.lineAt(0).text.length} characters) is longer than the tokenization limit (${limit})`);
    const pos = doc.positionAt(doc.getText().indexOf(token) + 30);
    editor.selection = new vscode.Selection(pos, pos);
    const summary = await decode();
    assert.ok(summary.ok, JSON.stringify(summary));
    assert.equal(summary.source, 'cursor');
    assert.match(decodedDocument(summary).getText(), /^- \*\*Username:\*\* `minified-user`$/m);
  });

  it('with no editor, decodes the token on the clipboard', async () => {
    await closeAllEditors();
    await waitFor('no active editor', () => vscode.window.activeTextEditor === undefined || undefined);
    const token = cognitoShapedToken({ 'cognito:username': 'clipboard-user' });
    await vscode.env.clipboard.writeText(`copied from the network tab: ${token}`);
    try {
      const summary = await decode();
      assert.ok(summary.ok, JSON.stringify(summary));
      assert.equal(summary.source, 'clipboard');
      assert.match(decodedDocument(summary).getText(), /^- \*\*Username:\*\* `clipboard-user`$/m);
    } finally {
      await vscode.env.clipboard.writeText('');
    }
  });
});
