// The structural properties that keep the benchmark's figures true (issue 9), checked in the
// real extension host:
// - a hover reads a bounded window around the cursor, whatever the length of the line (a 10 MB
//   minified line costs what a 1 KB file costs), and its neighbourhood is the token and a fixed
//   budget of NEARBY_LIMITS.chars on each side;
// (Refresh Session's SecretStorage calls, 1 vs 10 stored sessions: storeCalls.test.ts.)
// Counts, never times: timings belong to `npm run bench -- --host`.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from '../../../src/vscode/context';
import { HOVER_READ_LIMIT, TokenHoverProvider } from '../../../src/vscode/hover/hoverProvider';
import { NEARBY_LIMITS } from '../../../src/vscode/hover/nearby';
import { extensionApi, ownSandbox, type Sandbox } from '../support/sessionFixtures';
import { signIn, type PoolTokens } from '../support/signIn';
import { closeAllEditors } from './helpers';

/** What a hover read of the document: characters returned by getText (in all and per call), whole lines' text touched. */
interface Reads {
  getTextCalls: number;
  chars: number;
  sizes: number[];
  lineTextReads: number;
}

/**
 * The real document (opened in this host), seen through a wrapper that counts what is read of
 * it. The API's document object is frozen (a Proxy could not change what its methods return),
 * so the wrapper inherits from it and defines its own getText and lineAt. The provider under
 * test is the extension's own class, called the way VS Code calls it.
 */
function counting(doc: vscode.TextDocument): { doc: vscode.TextDocument; reads: Reads } {
  const reads: Reads = { getTextCalls: 0, chars: 0, sizes: [], lineTextReads: 0 };
  const wrapper = Object.create(doc) as vscode.TextDocument;
  Object.defineProperty(wrapper, 'getText', {
    value: (range?: vscode.Range) => {
      const text = doc.getText(range);
      reads.getTextCalls++;
      reads.chars += text.length;
      reads.sizes.push(text.length);
      return text;
    },
  });
  Object.defineProperty(wrapper, 'lineAt', {
    value: (lineOrPosition: number | vscode.Position) => {
      const line = typeof lineOrPosition === 'number' ? doc.lineAt(lineOrPosition) : doc.lineAt(lineOrPosition);
      const seen = Object.create(line) as vscode.TextLine;
      Object.defineProperty(seen, 'text', {
        get: () => {
          reads.lineTextReads++;
          return line.text;
        },
      });
      return seen;
    },
  });
  return { doc: wrapper, reads };
}

const errors: string[] = [];
const quietCtx = { log: { error: (m: string, e?: unknown) => errors.push(`${m}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`), warn: () => undefined, info: () => undefined } } as unknown as Ctx;
const never: vscode.CancellationToken = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) };

describe('performance structure (issue 9)', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let tokens: PoolTokens;
  let dir: string;

  before(async () => {
    await extensionApi();
    sandbox = await ownSandbox();
    tokens = await signIn(sandbox.info, 'no-rotation');
    dir = mkdtempSync(join(tmpdir(), 'ctd-perf-'));
  });
  after(async () => {
    await closeAllEditors();
    await sandbox?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function hoverReads(name: string, content: string, token: string): Promise<{ reads: Reads; hover: vscode.Hover | undefined }> {
    const file = join(dir, name);
    writeFileSync(file, content);
    const real = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const at = real.positionAt(content.indexOf(token) + 100);
    const { doc, reads } = counting(real);
    errors.length = 0;
    const hover = new TokenHoverProvider(quietCtx).provideHover(doc, at, never);
    assert.deepEqual(errors, [], 'the provider failed');
    return { reads, hover };
  }

  function summaryOf(hover: vscode.Hover | undefined): string {
    const first = hover?.contents[0];
    return first instanceof vscode.MarkdownString ? first.value : '';
  }

  it('a hover on a 10 MB single line reads a bounded window around the cursor, as on a 1 KB file', async () => {
    const item = '{"id":1,"name":"item","eyes":"new","v":"1.2.3"},';
    const half = item.repeat(Math.ceil((5 * 1024 * 1024) / item.length));
    const tenMb = await hoverReads('minified.json', `[${half}{"IdToken":"${tokens.idToken}"},${half}]`, tokens.idToken);
    const small = await hoverReads('small.json', `{"IdToken":"${tokens.idToken}"}\n`.padEnd(1024, ' '), tokens.idToken);

    for (const [label, r] of [['10 MB line', tenMb], ['1 KB file', small]] as const) {
      assert.match(summaryOf(r.hover), /\*\*Cognito ID token\*\*/, `${label}: no hover`);
      assert.equal(r.reads.lineTextReads, 0, `${label}: the whole line's text was read`);
      assert.ok(r.reads.chars <= HOVER_READ_LIMIT, `${label}: ${r.reads.chars} characters read (limit ${HOVER_READ_LIMIT})`);
    }
    // Bounded, not proportional: a 10 MB line costs at most the limit, far below the line.
    assert.ok(tenMb.reads.chars < 10 * 1024 * 1024 / 20, `${tenMb.reads.chars} characters read of a 10 MB line`);
    // The neighbourhood (the second read: is there a session to add?) is the token and a fixed
    // budget on each side, on a 10 MB line exactly that (issue 9).
    assert.equal(tenMb.reads.getTextCalls, 2, 'the window of the line, then the neighbourhood');
    assert.equal(tenMb.reads.sizes[1], tokens.idToken.length + 2 * NEARBY_LIMITS.chars, `the neighbourhood of a 10 MB line: ${tenMb.reads.sizes[1]} characters`);
    console.log(`      characters read per hover: 10 MB line ${tenMb.reads.chars} (${tenMb.reads.getTextCalls} reads), 1 KB file ${small.reads.chars} (${small.reads.getTextCalls} reads)`);
  });

  it('a hover on a 100,000-line log reads a bounded window too', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++) lines.push(i === 50_000 ? `2025-06-01 DEBUG token=${tokens.idToken}` : `2025-06-01 INFO ${'x'.repeat(40)} ${i}`);
    const log = await hoverReads('big.log', lines.join('\n'), tokens.idToken);
    assert.match(summaryOf(log.hover), /\*\*Cognito ID token\*\*/);
    assert.equal(log.reads.lineTextReads, 0);
    assert.ok(log.reads.chars <= HOVER_READ_LIMIT, `${log.reads.chars} characters read (limit ${HOVER_READ_LIMIT})`);
    // Ten short lines on each side: less than the budget.
    assert.ok((log.reads.sizes[1] ?? Infinity) <= tokens.idToken.length + 2 * NEARBY_LIMITS.chars, `neighbourhood ${log.reads.sizes[1]}`);
  });

  // SecretStorage calls per Refresh Session, 1 vs 10 stored sessions: storeCalls.test.ts.
});
