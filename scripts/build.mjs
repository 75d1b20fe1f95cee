// Builds the extension host bundles (node, cjs, `vscode` external) and the inspector webview
// (browser, esm). Type checking is separate: `npm run typecheck`.
//
// The host is split so that activation loads only what it needs. dist/extension.js holds the
// composition root and what activation touches; every heavy module lives in its own file,
// `require`d the first time something uses it:
//
//   dist/sdk.js        @aws-sdk/client-cognito-identity-provider and its dependencies
//   dist/refresh.js    src/core/refresh (the refresh service, sign-in, revoke)
//   dist/import.js     src/core/import (the Add Session paste parsers)
//   dist/catalog.js    src/core/errors/* but redact.ts (the explanations' long texts, error classification)
//   dist/inspector.js  src/vscode/inspector/{panel,viewModel,html} (webview host and view model)
//   dist/sandbox.js    src/sandbox (the local Cognito-compatible endpoint)
//   dist/commands.js   the session commands' handlers (src/vscode/sessions/{addSession,...}) and the
//                      prompts, pickers and messages they, sign-in and the server view use
//   dist/verify.js     token verification, the JWKS cache and download (src/core/token/{verify*,jwks-*})
//   dist/hover.js      what reads and shows a token or a stored session: the token engine
//                      (src/core/token/* but verify.js's files), the hover's work
//                      (nearby.ts), markdown and copy links, Decode Token (src/vscode/decode/* but tokenDocuments.ts), the
//                      record parser (src/core/sessions/serialize.ts, ...), the sessions' token-free
//                      views and the tree's items; loaded by the first hover or decode, or when
//                      stored sessions are first read (never at activation, and never in a window
//                      without sessions until a token is hovered)
//   dist/auth.js       sign-in (src/core/auth, src/vscode/auth)
//   dist/server.js     the server view (src/core/server, src/vscode/server)
// Files no rule names go to the one bundle whose modules reach them (see analyze()).
//
// Sources import normally (typecheck and the unit tests run them as they are). At build time a
// plugin replaces every import that crosses from one bundle into another:
//   - a static import of a chunk becomes a small module whose exports are getters that
//     `require('./<chunk>.js')` on first access, so a static `import { RefreshService }` costs
//     nothing until `new RefreshService()` runs (esbuild reads imported bindings as properties
//     at the point of use);
//   - a dynamic `import()` of a chunk becomes `require('./<chunk>.js')` when the promise runs;
//   - a static import of a CommonJS module in a chunk (the SDK's entry) requires the chunk when
//     the importing module is evaluated (no export names to make getters of): correct, not lazy;
//   - a chunk importing a module that lives in dist/extension.js gets that very module
//     (extension.js exports the modules chunks need as `__chunkLinks`), so every module exists
//     exactly once: one class, one `instanceof`, one piece of module state.
// The layout is computed from esbuild's own import graph (one analysis build), so a new import
// needs no edit here. test/unit/package/bundles.test.ts checks the result.
//
//   node scripts/build.mjs [--production] [--watch] [--outdir DIR]
//   node scripts/build.mjs [--production] --outdir DIR --metafile FILE   (host bundles only, for tests)
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOST_CHUNKS } from './lib/vsix.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const ENTRY = 'src/vscode/extension.ts';
const LINKS_EXPORT = '__chunkLinks';
const LINK_NS = 'ctd-chunk-link';

const INSPECTOR_CHUNK = new Set(['src/vscode/inspector/panel.ts', 'src/vscode/inspector/viewModel.ts', 'src/vscode/inspector/html.ts']);
// The session commands' handlers and the helpers they (and the sign-in and server chunks) ask with.
const COMMANDS_CHUNK = new Set([
  'src/vscode/sessions/addSession.ts',
  'src/vscode/sessions/sessionCommands.ts',
  'src/vscode/sessions/sandboxSession.ts',
  'src/vscode/sessions/networkActions.ts',
  'src/vscode/sessions/prompts.ts',
  'src/vscode/sessions/pickSession.ts',
  'src/vscode/sessions/feedback.ts',
  'src/vscode/sessions/deadToken.ts',
]);
// What reads and shows a stored session (needed from the moment stored sessions are read) and
// what formats a token's text, beside the token engine.
const HOVER_CHUNK = new Set([
  'src/vscode/hover/nearby.ts',
  'src/vscode/hover/render.ts',
  'src/vscode/hover/copy.ts',
  'src/vscode/inspector/copyFormats.ts',
  'src/shared/format.ts',
  'src/shared/visible.ts',
  'src/shared/revocation.ts',
  'src/core/sessions/serialize.ts',
  'src/core/sessions/create.ts',
  'src/core/sessions/internalUsername.ts',
  'src/vscode/sessions/view.ts',
  'src/vscode/sessions/sizeText.ts',
  'src/vscode/tree/treeItems.ts',
]);

/** The chunk a file belongs to by rule (a path relative to the root, '/'-separated), or undefined. */
export function chunkByRule(file) {
  if (file.startsWith('node_modules/@aws-sdk/client-cognito-identity-provider/')) return 'sdk';
  if (file.startsWith('src/sandbox/')) return 'sandbox';
  if (file.startsWith('src/core/import/')) return 'import';
  if (file.startsWith('src/core/refresh/')) return 'refresh';
  if (file.startsWith('src/core/auth/') || file.startsWith('src/vscode/auth/')) return 'auth';
  if (file.startsWith('src/core/server/') || file.startsWith('src/vscode/server/')) return 'server';
  // The log's redaction runs at activation (its first line); the rest of errors/ on a failure.
  if (file.startsWith('src/core/errors/') && file !== 'src/core/errors/redact.ts') return 'catalog';
  if (INSPECTOR_CHUNK.has(file)) return 'inspector';
  if (COMMANDS_CHUNK.has(file)) return 'commands';
  if (/^src\/core\/token\/(verify[^/]*|jwks-fetch|jwks-cache)\.ts$/.test(file)) return 'verify';
  if (file.startsWith('src/core/token/')) return 'hover';
  if (file.startsWith('src/vscode/decode/') && file !== 'src/vscode/decode/tokenDocuments.ts') return 'hover';
  if (HOVER_CHUNK.has(file)) return 'hover';
  return undefined;
}

const rel = (p) => relative(ROOT, p).split('\\').join('/');

const hostOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  legalComments: 'none',
  absWorkingDir: ROOT,
};

/**
 * One unsplit build's import graph -> the bundle of every module. The entry is `extension`'s and
 * files named by `chunkByRule` go to their chunk. Any other file (ours or under node_modules)
 * goes to the one bundle whose modules reach it without passing through another bundle's
 * module; reached from two, it goes to `extension` (and the chunks link to it there).
 */
async function analyze() {
  const r = await esbuild.build({ ...hostOptions, entryPoints: [ENTRY], write: false, metafile: true, logLevel: 'silent', outdir: 'dist' });
  const inputs = r.metafile.inputs;
  const edges = new Map(); // file -> [{ path, kind }]
  for (const [file, input] of Object.entries(inputs)) {
    edges.set(file, input.imports.filter((i) => !i.external && i.path in inputs).map((i) => ({ path: i.path, kind: i.kind })));
  }
  const owner = new Map([[ENTRY, 'extension']]);
  for (const file of Object.keys(inputs)) {
    const byRule = chunkByRule(file);
    if (byRule) owner.set(file, byRule);
  }
  const reachedBy = new Map(); // file without a rule -> the bundles whose modules reach it
  for (const [start, bundle] of [...owner]) {
    const stack = [start];
    const seen = new Set();
    while (stack.length > 0) {
      const f = stack.pop();
      for (const { path } of edges.get(f) ?? []) {
        if (owner.has(path) || seen.has(path)) continue;
        seen.add(path);
        if (!reachedBy.has(path)) reachedBy.set(path, new Set());
        reachedBy.get(path).add(bundle);
        stack.push(path);
      }
    }
  }
  for (const [file, bundles] of reachedBy) owner.set(file, bundles.size === 1 ? [...bundles][0] : 'extension');

  // Which modules each bundle must offer to the others, and how they are imported.
  const offered = new Map([['extension', new Set()], ...HOST_CHUNKS.map((c) => [c, new Set()])]);
  const staticTargets = new Set();
  for (const [file, list] of edges) {
    for (const { path, kind } of list) {
      const from = owner.get(file);
      const to = owner.get(path);
      if (from === to) continue;
      offered.get(to).add(path);
      // Lazy getters need the export names, known for ESM only; a CommonJS module (the SDK's
      // entry) imported statically is required as the importer loads: correct, and not lazy, which
      // the activation tests then report.
      if (to !== 'extension' && kind !== 'dynamic-import' && inputs[path].format === 'esm') staticTargets.add(path);
    }
  }
  const unknown = [...new Set(owner.values())].filter((b) => !offered.has(b));
  if (unknown.length > 0) throw new Error(`build: bundles ${unknown.join(', ')} are not in HOST_CHUNKS (scripts/lib/vsix.mjs)`);
  return { owner, offered, exportNames: await exportNamesOf([...staticTargets], owner) };
}

/** The runtime export names of ESM modules imported statically across bundles (for the lazy getters). */
async function exportNamesOf(files, owner) {
  if (files.length === 0) return new Map();
  const r = await esbuild.build({
    ...hostOptions,
    format: 'esm',
    entryPoints: files,
    outdir: 'dist/.names',
    outbase: ROOT,
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [crossingPlugin((importerFile, target) => owner.get(importerFile) !== owner.get(target), (target) => ({ path: resolve(ROOT, target), external: true }))],
  });
  const names = new Map();
  // A module without exports (imported for its side effects) gets no getters: it is required eagerly.
  for (const out of Object.values(r.metafile.outputs)) if (out.entryPoint && out.exports.length > 0) names.set(out.entryPoint, out.exports);
  return names;
}

/**
 * An esbuild plugin that resolves every import once more, and hands the ones `crosses(importer,
 * target)` picks (both relative to the root) to `onCrossing`.
 */
function crossingPlugin(crosses, onCrossing) {
  return {
    name: 'ctd-chunks',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.ctdResolving || args.namespace !== 'file' || !isAbsolute(args.importer) || args.path === 'vscode') return undefined;
        const r = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { ctdResolving: true } });
        if (r.errors.length > 0 || r.external || !isAbsolute(r.path)) return undefined;
        const target = rel(r.path);
        if (!crosses(rel(args.importer), target)) return undefined;
        return onCrossing(target, args.kind);
      });
    },
  };
}

/** What a bundle's module sees in place of a module that lives in another bundle. */
function linkModule(target, kind, layout) {
  const bundle = layout.owner.get(target);
  const file = `./${bundle}.js`;
  const t = JSON.stringify(target);
  if (bundle === 'extension') {
    // A chunk is required only by extension.js (already loaded), so this is extension.js's own module.
    return `const m = require(${JSON.stringify(file)}).${LINKS_EXPORT}?.[${t}];\nif (!m) throw new Error(${JSON.stringify(`dist/extension.js does not offer ${target}`)});\nmodule.exports = m;\n`;
  }
  const load = `() => require(${JSON.stringify(file)}).modules[${t}]`;
  const names = layout.exportNames.get(target);
  // Evaluated when first required (esbuild wraps it once), which is the first use: load now.
  if (kind === 'dynamic-import' || names === undefined) return `module.exports = (${load})();\n`;
  return `require(${JSON.stringify(LINK_RUNTIME)}).lazyExports(exports, ${load}, ${JSON.stringify(names)});\n`;
}

/**
 * The links' one helper, once per bundle (a link module is small: what it loads and the names it
 * offers): a getter per name that loads the module the first time any of them is read.
 */
const LINK_RUNTIME = 'ctd-chunk-runtime';
const LINK_RUNTIME_SOURCE = `exports.lazyExports = (target, load, names) => {
  let ns;
  Object.defineProperty(target, '__esModule', { value: true });
  for (const name of names) Object.defineProperty(target, name, { enumerable: true, get: () => (ns ??= load())[name] });
};
`;

/**
 * `vscode` without esbuild's interop. For an external CommonJS module esbuild copies every
 * property into a fresh namespace object (`__toESM`, one getter per name) in each module that
 * imports it: with the ~400 names of the VS Code API and ~20 importing modules, that copying
 * was half the time dist/extension.js took to load, and every `vscode.window` was a getter call.
 * Here `vscode` resolves to one virtual ES module per bundle that reads the API's names (the
 * runtime values @types/vscode declares) from `require('vscode')`, each in a pure expression,
 * so esbuild keeps only the names the bundle uses and its modules refer to them directly.
 */
const VSCODE_NS = 'ctd-vscode';
function vscodeApiNames() {
  const d = readFileSync(resolve(ROOT, 'node_modules/@types/vscode/index.d.ts'), 'utf8');
  // Top-level declarations of `declare module 'vscode'` (one tab deep) that exist at run time.
  const names = new Set();
  for (const m of d.matchAll(/^\texport (?:class|namespace|enum|const|let|function) ([A-Za-z_$][\w$]*)/gm)) names.add(m[1]);
  if (!names.has('window') || !names.has('EventEmitter')) throw new Error('build: no VS Code API names found in @types/vscode');
  return [...names].sort();
}
const vscodeApiPlugin = {
  name: 'ctd-vscode-api',
  setup(build) {
    let source;
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === VSCODE_NS ? { path: 'vscode', external: true } : { path: 'vscode', namespace: VSCODE_NS }));
    build.onLoad({ filter: /.*/, namespace: VSCODE_NS }, () => {
      source ??= `const api = require('vscode');\n${vscodeApiNames().map((n) => `export const ${n} = /* @__PURE__ */ (() => api.${n})();`).join('\n')}\n`;
      return { contents: source, loader: 'js' };
    });
  },
};

function chunkPlugin(bundle, layout) {
  const plugin = crossingPlugin(
    (importer, target) => (layout.owner.get(importer) ?? bundle) === bundle && (layout.owner.get(target) ?? bundle) !== bundle,
    (target, kind) => ({ path: `${target}?${kind === 'dynamic-import' ? 'dynamic' : 'static'}`, namespace: LINK_NS, pluginData: { target, kind } }),
  );
  return {
    name: `ctd-chunks-${bundle}`,
    setup(build) {
      plugin.setup(build);
      // The links' own `require('./<bundle>.js')`: a sibling file at run time.
      build.onResolve({ filter: new RegExp(`^${LINK_RUNTIME}$`), namespace: LINK_NS }, () => ({ path: LINK_RUNTIME, namespace: `${LINK_NS}-runtime` }));
      build.onLoad({ filter: /.*/, namespace: `${LINK_NS}-runtime` }, () => ({ contents: LINK_RUNTIME_SOURCE, loader: 'js' }));
      build.onResolve({ filter: /.*/, namespace: LINK_NS }, (args) => ({ path: args.path, external: true }));
      build.onLoad({ filter: /.*/, namespace: LINK_NS }, (args) => ({ contents: linkModule(args.pluginData.target, args.pluginData.kind, layout), loader: 'js', resolveDir: ROOT }));
    },
  };
}

/** The entry of one bundle: extension.ts plus the links it offers, or a chunk's offered modules. */
function entryModule(bundle, layout) {
  const files = [...layout.offered.get(bundle)].sort();
  const imports = files.map((f, i) => `import * as m${i} from ${JSON.stringify(resolve(ROOT, f))};`);
  const table = `{\n${files.map((f, i) => `  ${JSON.stringify(f)}: m${i},`).join('\n')}\n}`;
  if (bundle === 'extension') {
    return `export * from ${JSON.stringify(resolve(ROOT, ENTRY))};\n${imports.join('\n')}\n/** Modules of this bundle the chunks use (see scripts/build.mjs). */\nexport const ${LINKS_EXPORT} = ${table};\n`;
  }
  return `${imports.join('\n')}\nexport const modules = ${table};\n`;
}

/**
 * Host build options for every bundle: `{ bundle name: esbuild options }` (each writes
 * `<outdir>/<bundle>.js`). `metafile` is on so callers can check the layout.
 */
export async function hostBuilds({ outdir = resolve(ROOT, 'dist'), production = false } = {}) {
  const layout = await analyze();
  const builds = {};
  for (const bundle of ['extension', ...HOST_CHUNKS]) {
    builds[bundle] = {
      ...hostOptions,
      sourcemap: production ? false : 'linked',
      minify: production,
      logLevel: production ? 'warning' : 'info',
      metafile: true,
      stdin: { contents: entryModule(bundle, layout), resolveDir: ROOT, sourcefile: `<${bundle} bundle>`, loader: 'js' },
      outfile: resolve(ROOT, outdir, `${bundle}.js`),
      plugins: [chunkPlugin(bundle, layout), vscodeApiPlugin],
    };
  }
  return { builds, layout };
}

/** Builds the host bundles once; returns each bundle's metafile. */
export async function buildHost(options) {
  const { builds } = await hostBuilds(options);
  const results = await Promise.all(Object.entries(builds).map(async ([name, o]) => [name, (await esbuild.build(o)).metafile]));
  return Object.fromEntries(results);
}

function argValue(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const production = process.argv.includes('--production');
  const watch = process.argv.includes('--watch');
  const outdir = resolve(argValue('--outdir') ?? resolve(ROOT, 'dist'));
  const metafileOut = argValue('--metafile');
  if (metafileOut) {
    // Tests: the host bundles' metafiles, `{ bundle: metafile }`, as JSON.
    writeFileSync(resolve(metafileOut), JSON.stringify(await buildHost({ outdir, production })));
    return;
  }
  const { builds } = await hostBuilds({ outdir, production });
  const contexts = [];
  // In --watch, the layout is computed once: restart the watch after adding an import that
  // crosses into another bundle (the build fails or a link throws "does not offer" otherwise).
  for (const o of Object.values(builds)) contexts.push(await esbuild.context(o));
  if (existsSync(resolve(ROOT, 'webview/main.ts'))) {
    contexts.push(await esbuild.context({
      bundle: true,
      sourcemap: production ? false : 'linked',
      minify: production,
      logLevel: 'info',
      legalComments: 'none',
      absWorkingDir: ROOT,
      entryPoints: { webview: 'webview/main.ts' },
      outdir,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
    }));
    // The codicon font for the inspector (its CSS imported by webview/main.ts lands in dist/webview.css).
    mkdirSync(outdir, { recursive: true });
    for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(resolve(ROOT, `node_modules/@vscode/codicons/dist/${f}`), resolve(outdir, f));
  }
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
  } else {
    await Promise.all(contexts.map((c) => c.rebuild()));
    await Promise.all(contexts.map((c) => c.dispose()));
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
