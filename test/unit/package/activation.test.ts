// Activation stays cheap: loading the extension bundle and calling activate() evaluates
// neither the AWS SDK nor the sandbox, which are bundled but lazily initialised.
// Checked on the bundle esbuild makes from src/vscode/extension.ts, loaded with a stub
// `vscode` and a require() that records every module the bundle asks for.
import * as assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import * as esbuild from 'esbuild';

const root = process.cwd();

/** A stand-in for the `vscode` module: the given members, and a harmless stub for anything else. */
function stub(overrides: Record<PropertyKey, unknown> = {}): unknown {
  return new Proxy(function () {}, {
    get: (_t, prop) => (prop in overrides ? overrides[prop] : prop === 'then' ? undefined : prop === Symbol.toPrimitive ? () => 'stub' : stub()),
    apply: () => stub({ dispose: () => undefined }),
    construct: () => stub({ dispose: () => undefined }) as object,
  });
}

async function loadBundle() {
  const out = await esbuild.build({
    entryPoints: [join(root, 'src/vscode/extension.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0].text;

  const required: string[] = [];
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  // A plain object at the top (esbuild's interop copies the module's own keys), stubs below.
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
  // Every other namespace and class a composition root may touch.
  for (const name of ['workspace', 'languages', 'extensions', 'authentication', 'tasks', 'debug', 'l10n', 'Uri', 'EventEmitter', 'Disposable',
    'Range', 'Position', 'Selection', 'ViewColumn', 'ProgressLocation', 'StatusBarAlignment', 'ThemeIcon', 'ThemeColor', 'MarkdownString',
    'Hover', 'TreeItem', 'TreeItemCollapsibleState', 'CodeLens', 'ConfigurationTarget', 'UIKind', 'LogLevel']) {
    vscode[name] ??= stub();
  }
  const realRequire = createRequire(join(root, 'package.json'));
  const fakeRequire = (id: string) => {
    required.push(id);
    return id === 'vscode' ? vscode : realRequire(id);
  };
  const module = { exports: {} as Record<string, unknown> };
  new Function('require', 'module', 'exports', '__filename', '__dirname', code)(fakeRequire, module, module.exports, join(root, 'dist/extension.js'), join(root, 'dist'));
  return { code, required, commands, exports: module.exports as { activate(ctx: unknown): { selfTest: { lazyModulesLoaded(): string[] } } } };
}

/** What loading + activating may require: the API and light builtins. */
const ALLOWED_AT_ACTIVATION = new Set(['vscode', 'crypto', 'node:crypto', 'path', 'node:path', 'util', 'node:util', 'buffer', 'node:buffer']);

test('activation evaluates neither the AWS SDK nor the sandbox', async () => {
  const { code, required, commands, exports } = await loadBundle();
  assert.ok(code.includes('AWSCognitoIdentityProviderService'), 'the AWS SDK should be in the bundle (lazily)');

  const subscriptions: { dispose(): unknown }[] = [];
  const api = exports.activate({ subscriptions, extension: { packageJSON: { version: '0.0.0' } }, extensionMode: 1, secrets: stub() });
  const unexpected = [...new Set(required)].filter((id) => !ALLOWED_AT_ACTIVATION.has(id));
  assert.deepEqual(unexpected, [], `activation required ${unexpected.join(', ')}`);
  assert.deepEqual(api.selfTest.lazyModulesLoaded(), []);
  assert.ok(commands.has('cognitoTokenDebugger.decodeToken'));

  // Control: the recorder does see lazy modules once a command needs one (the sandbox listens on HTTP).
  const before = required.length;
  await commands.get('cognitoTokenDebugger.startSandbox')!();
  const later = required.slice(before);
  assert.ok(later.some((id) => id === 'http' || id === 'node:http'), `starting the sandbox required only ${later.join(', ')}`);
  assert.deepEqual(api.selfTest.lazyModulesLoaded(), ['sandbox']);
  for (const d of subscriptions) d.dispose();
  await new Promise((r) => setTimeout(r, 200)); // the sandbox closes asynchronously
});
