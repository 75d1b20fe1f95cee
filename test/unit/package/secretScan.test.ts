// The e2e run's secret-hygiene scan (scripts/lib/secret-scan.mjs) must be able to see what it
// looks for: tokens and secrets planted in the shapes a browser profile and code-server's data
// folder hold them (plain text, UTF-16LE at either alignment, nested folders), and nothing in
// what it is told to skip.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
// @ts-expect-error: a plain .mjs script without types
import { scanForSecrets } from '../../../scripts/lib/secret-scan.mjs';

type Hit = { file: string; what: string };
const scan = scanForSecrets as (o: { roots: string[]; secrets?: string[]; skip?: (p: string) => boolean; tokensOnly?: (p: string) => boolean; base?: string }) => { files: number; hits: Hit[] };

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwbGFudGVkLWNhbmFyeSJ9.c2lnbmF0dXJlLW9mLXRoZS1jYW5hcnk';
const SECRET = 'planted-client-secret-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'ctd-scan-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('secret hygiene scan', () => {
  it('finds a planted token and secret in plain text, in UTF-16LE at both alignments, in nested folders', () => {
    mkdirSync(join(dir, 'a/b/c'), { recursive: true });
    writeFileSync(join(dir, 'a/plain.log'), `x=${TOKEN}\n`);
    writeFileSync(join(dir, 'a/b/utf16.ldb'), Buffer.concat([Buffer.from([0x01]), Buffer.from(`v${TOKEN}`, 'utf16le')]));
    writeFileSync(join(dir, 'a/b/c/utf16-even.bin'), Buffer.from(`${SECRET}`, 'utf16le'));
    writeFileSync(join(dir, 'a/clean.txt'), 'nothing here eyJ but no token');
    const { files, hits } = scan({ roots: [dir], secrets: [SECRET], base: dir });
    assert.equal(files, 4);
    assert.deepEqual(hits.map((h) => h.file).sort(), ['a/b/c/utf16-even.bin', 'a/b/utf16.ldb', 'a/plain.log']);
    assert.ok(hits.every((h) => !h.what.includes(TOKEN) && !h.what.includes(SECRET)), 'a hit never repeats the secret');
  });

  it('skips what it is told to skip; tokensOnly files are searched for tokens only', () => {
    const own = mkdtempSync(join(dir, 'own-'));
    writeFileSync(join(own, 'skipped.log'), TOKEN);
    writeFileSync(join(own, 'state.json'), `${SECRET} ${TOKEN}`);
    const { hits } = scan({ roots: [own], secrets: [SECRET], base: own, skip: (p) => p.endsWith('skipped.log'), tokensOnly: (p) => p.endsWith('state.json') });
    assert.deepEqual(hits.map((h) => [h.file, h.what.startsWith('1 token')]), [['state.json', true]]);
  });
});
