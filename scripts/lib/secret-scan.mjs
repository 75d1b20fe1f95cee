// Secret hygiene (issue 8): after a run, search everything the run wrote for tokens, client
// secrets and passwords. SecretStorage is the one place they may be; in code-server it lives
// encrypted in the browser profile (and its key half in the server's data folder), so neither
// holds them in clear. What the test run itself wrote on purpose (the demo workspace of tokens
// to hover) is excluded by the caller.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Three (JWS) or five (JWE) base64url parts, the first a JOSE header: a whole token, not a fragment. */
const TOKEN = /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g;

function filesUnder(dir, skip) {
  let out = [];
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    const p = join(dir, name);
    if (skip(p)) continue;
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) out = out.concat(filesUnder(p, skip));
    else if (st.isFile() && st.size < 64 * 1024 * 1024) out.push(p);
  }
  return out;
}

/**
 * Searches `roots` (files or folders) for JWT-shaped strings and for each of `secrets`
 * (`tokensOnly` files: for tokens only).
 * Resolves to the files read and the hits (file, what, never the secret itself).
 */
export function scanForSecrets({ roots, secrets = [], skip = () => false, tokensOnly = () => false, base = '.' }) {
  const files = roots.flatMap((r) => filesUnder(r, skip));
  const hits = [];
  for (const f of files) {
    let bytes;
    try {
      bytes = readFileSync(f);
    } catch {
      continue;
    }
    // As bytes (ASCII, UTF-8, Latin-1) and as UTF-16LE at both alignments (Chromium's storage
    // keeps many strings that way). Compressed blocks (LevelDB's snappy) stay unreadable.
    const views = [bytes.toString('latin1'), bytes.toString('utf16le'), bytes.subarray(1).toString('utf16le')];
    let tokens = 0;
    let example = '';
    for (const text of views) {
      const jwt = text.match(TOKEN);
      if (jwt) {
        tokens += jwt.length;
        example ||= jwt[0];
      }
    }
    if (tokens > 0) hits.push({ file: relative(base, f), what: `${tokens} token(s), e.g. ${example.slice(0, 12)}…` });
    if (tokensOnly(f)) continue;
    for (const s of secrets) {
      if (s && s.length >= 8 && views.some((text) => text.includes(s))) hits.push({ file: relative(base, f), what: `a secret (${s.slice(0, 3)}…, ${s.length} chars)` });
    }
  }
  return { files: files.length, hits };
}
