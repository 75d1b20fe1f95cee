// Activation stays cheap: loading dist/extension.js and calling activate() requires no other
// bundle (the AWS SDK, the refresh service, the parsers, the catalog, the inspector, the sandbox)
// and only light node builtins. Checked on the production build (./splitBuild), loaded with
// node's real module loader; the only stand-in is the `vscode` module (this is a test of the
// bundle structure; the real extension host runs test/integration/suite/activation.test.ts).
import * as assert from 'node:assert/strict';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { HOST_CHUNKS } from '../../../scripts/lib/vsix.mjs';
import { removeSplitBuild, splitBuild } from './splitBuild';

/** A stand-in for the `vscode` module: the given members, and a harmless stub for anything else. */
function stub(overrides: Record<PropertyKey, unknown> = {}): unknown {
  return new Proxy(function () {}, {
    get: (_t, prop) => (prop in overrides ? overrides[prop] : prop === 'then' ? undefined : prop === Symbol.toPrimitive ? () => 'stub' : stub()),
    apply: () => stub({ dispose: () => undefined }),
    construct: () => stub({ dispose: () => undefined }) as object,
  });
}

const commands = new Map<string, (...args: unknown[]) => unknown>();
const vscode: Record<string, unknown> = {
  version: '1.100.0',
  ExtensionMode: { 1: 'Production', Production: 1 },
  env: stub({ appName: 'stub' }),
  commands: stub({
    registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
      commands.set(id, fn);
      return { dispose: () => commands.delete(id) };
    },
  }),
  window: stub({
    withProgress: (_o: unknown, task: (p: unknown) => unknown) => task({ report: () => undefined }),
    showInformationMessage: () => Promise.resolve(undefined),
    showErrorMessage: () => Promise.resolve(undefined),
    showWarningMessage: () => Promise.resolve(undefined),
  }),
};
for (const name of ['workspace', 'languages', 'extensions', 'authentication', 'tasks', 'debug', 'l10n', 'Uri', 'EventEmitter', 'Disposable',
  'Range', 'Position', 'Selection', 'ViewColumn', 'ProgressLocation', 'StatusBarAlignment', 'ThemeIcon', 'ThemeColor', 'MarkdownString',
  'Hover', 'TreeItem', 'TreeItemCollapsibleState', 'CodeLens', 'ConfigurationTarget', 'UIKind', 'LogLevel']) {
  vscode[name] ??= stub();
}

// Every request the bundles make, and `vscode` answered with the stand-in.
const VSCODE_STUB = join(__dirname, '__vscode-stub__.js');
const requests: { from: string; request: string }[] = [];
const M = Module as unknown as { _resolveFilename(request: string, parent: { filename?: string } | undefined, ...rest: unknown[]): string };
const realResolve = M._resolveFilename;
M._resolveFilename = function (request, parent, ...rest) {
  requests.push({ from: parent?.filename ?? '', request });
  return request === 'vscode' ? VSCODE_STUB : realResolve.call(this, request, parent, ...rest);
};
const stubModule = new Module(VSCODE_STUB);
stubModule.filename = VSCODE_STUB;
stubModule.loaded = true;
stubModule.exports = vscode;
require.cache[VSCODE_STUB] = stubModule;
const subscriptions: { dispose(): unknown }[] = [];
after(async () => {
  for (const d of subscriptions.splice(0)) d.dispose();
  await new Promise((r) => setTimeout(r, 200)); // a started sandbox closes asynchronously
  M._resolveFilename = realResolve;
  delete require.cache[VSCODE_STUB];
  removeSplitBuild();
});

/** node's own require (the bundles are plain cjs files). */
const load = Module.createRequire(__filename);

/** What loading + activating may require: the API and light builtins. */
const ALLOWED_AT_ACTIVATION = new Set(['vscode', 'crypto', 'node:crypto', 'path', 'node:path', 'util', 'node:util', 'buffer', 'node:buffer']);

interface Api {
  selfTest: { lazyModulesLoaded(): string[] };
}

test('activation requires no other bundle, and selfTest.lazyModulesLoaded() sees each chunk once it loads', async () => {
  const { dir } = splitBuild();
  const filesLoaded = () => Object.keys(require.cache).filter((f) => dirname(f) === dir).map((f) => f.slice(dir.length + 1)).sort();
  const fromBundles = () => requests.filter((r) => dirname(r.from) === dir);

  const ext = load(join(dir, 'extension.js')) as { activate(ctx: unknown): Api };
  // A storage folder outside the file system: the sandbox then records nothing on disk.
  const globalStorageUri = { scheme: 'memory', path: '/global', fsPath: '/global', toString: () => 'memory:/global' };
  const api = ext.activate({ subscriptions, extension: { packageJSON: { version: '0.0.0' } }, extensionMode: 1, globalStorageUri, secrets: stub(), globalState: stub(), workspaceState: stub() });
  await new Promise((r) => setImmediate(r)); // what activate() started without awaiting

  const unexpected = [...new Set(fromBundles().map((r) => r.request))].filter((id) => !ALLOWED_AT_ACTIVATION.has(id));
  assert.deepEqual(unexpected, [], `activation required ${unexpected.join(', ')}`);
  assert.deepEqual(filesLoaded(), ['extension.js']);
  assert.deepEqual(api.selfTest.lazyModulesLoaded(), []);
  assert.ok(commands.has('cognitoTokenDebugger.decodeToken'));

  // Control: a command that needs the sandbox loads dist/sandbox.js, and the hook sees it.
  await commands.get('cognitoTokenDebugger.startSandbox')!();
  assert.ok(filesLoaded().includes('sandbox.js'), `loaded: ${filesLoaded().join(', ')}`);
  assert.ok(api.selfTest.lazyModulesLoaded().includes('sandbox'));
  assert.ok(!api.selfTest.lazyModulesLoaded().includes('sdk'), 'starting the sandbox loaded the AWS SDK');

  // The SDK loaded the way the refresh service loads it (src/core/refresh/sdkClient.ts) is seen too.
  const refresh = load(join(dir, 'refresh.js')) as { modules: Record<string, { loadSdk(): Promise<{ CognitoIdentityProviderClient: unknown }> }> };
  const sdk = await refresh.modules['src/core/refresh/index.ts'].loadSdk();
  assert.equal(typeof sdk.CognitoIdentityProviderClient, 'function');
  assert.deepEqual(api.selfTest.lazyModulesLoaded().filter((c) => ['refresh', 'sdk', 'sandbox'].includes(c)), ['refresh', 'sandbox', 'sdk']);
  for (const c of api.selfTest.lazyModulesLoaded()) assert.ok(HOST_CHUNKS.includes(c), `${c} is not a host chunk`);

});
