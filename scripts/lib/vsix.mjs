// Lists what a .vsix (a zip) holds, by reading the zip's central directory, and checks it
// against the allow-list: what users get is exactly what we mean to ship.
import { readFileSync } from 'node:fs';

/** Entry names of a zip file (central directory; no extraction). */
export function listZip(file) {
  const buf = readFileSync(file);
  // End of central directory: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file}: not a zip (no end of central directory)`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${n}`);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), size });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/**
 * The host bundles besides dist/extension.js, each `require`d on first use (scripts/build.mjs
 * builds them; .vscodeignore lets each one in by name).
 */
export const HOST_CHUNKS = ['sdk', 'refresh', 'import', 'catalog', 'inspector', 'sandbox', 'commands', 'verify', 'hover', 'auth', 'server'];

/** vsce's own files around the extension. */
const VSIX_METADATA = ['[Content_Types].xml', 'extension.vsixmanifest'];

/** What may be under extension/ (mirrors .vscodeignore). */
const ALLOWED = [
  /^extension\/package\.json$/,
  /^extension\/dist\/extension\.js$/,
  ...HOST_CHUNKS.map((c) => new RegExp(`^extension/dist/${c}\\.js$`)),
  /^extension\/dist\/webview\.(js|css)$/,
  /^extension\/dist\/codicon\.(css|ttf)$/,
  /^extension\/media\/[^/]+$/,
  /^extension\/(readme|changelog)\.md$/i,
  /^extension\/LICENSE(\.txt|\.md)?$/i,
];
const REQUIRED = ['extension/package.json', 'extension/dist/extension.js', ...HOST_CHUNKS.map((c) => `extension/dist/${c}.js`), 'extension/LICENSE.txt', 'extension/changelog.md'];

/** Problems with a vsix listing; empty when it is exactly what we ship. */
export function checkVsixEntries(entries, { readme = false } = {}) {
  const names = entries.map((e) => e.name);
  const problems = [];
  for (const name of names) {
    if (VSIX_METADATA.includes(name)) continue;
    if (name.endsWith('.map')) problems.push(`sourcemap in the package: ${name}`);
    else if (!ALLOWED.some((re) => re.test(name))) problems.push(`not on the allow-list: ${name}`);
  }
  for (const req of REQUIRED) {
    if (!names.some((n) => n.toLowerCase() === req.toLowerCase())) problems.push(`missing: ${req}`);
  }
  if (readme && !names.includes('extension/readme.md')) problems.push('missing: extension/readme.md');
  const lower = names.map((n) => n.toLowerCase());
  for (const [i, n] of lower.entries()) if (lower.indexOf(n) !== i) problems.push(`twice (letter case aside): ${names[i]}`);
  for (const bundle of ['extension', ...HOST_CHUNKS]) {
    if (existsEmpty(entries, `extension/dist/${bundle}.js`)) problems.push(`extension/dist/${bundle}.js is empty`);
  }
  return problems;
}

function existsEmpty(entries, name) {
  const e = entries.find((x) => x.name === name);
  return e !== undefined && e.size === 0;
}

/**
 * The README as the extension's page inside VS Code: a user's page. Blocks between
 * `<!-- package: omit -->` and `<!-- package: end -->` (building, testing, benchmarks, the
 * screenshot table) are left out; the lines of a `<!-- package: only` ... `-->` block appear
 * there only. vsce would turn relative links into links to the repository, and refuses to
 * package when package.json names none: until the project has a public repository URL,
 * relative links become plain text and relative images are left out (they cannot be shown).
 */
export function readmeForPackage(markdown) {
  const relative = (link) => !/^[a-z][a-z0-9+.-]*:/i.test(link) && !link.startsWith('#');
  const OMIT = '<!-- package: omit -->';
  const END = '<!-- package: end -->';
  let kept = '';
  let at = 0;
  for (;;) {
    const omit = markdown.indexOf(OMIT, at);
    if (omit < 0) break;
    kept += markdown.slice(at, omit);
    const end = markdown.indexOf(END, omit);
    at = end < 0 ? markdown.length : end + END.length;
  }
  kept += markdown.slice(at);
  return kept
    .replace(/^<!-- package: only\n([\s\S]*?)^-->$/gm, '$1')
    .replace(/(!?)\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g, (all, bang, text, link) => (!relative(link) ? all : bang ? '' : text))
    .replace(/<(?:img|video)\b[^>]*\bsrc=["']([^"']+)["'][^>]*>/gi, (all, src) => (relative(src) ? '' : all));
}

