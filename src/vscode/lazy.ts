// Heavy modules are loaded on first use, never at activation. scripts/build.mjs puts each of
// them (the AWS SDK, the refresh service, the paste parsers, the catalog, the inspector's view
// model, the sandbox) in its own file next to dist/extension.js, `require`d the first time any
// code uses it, whichever import brought it in (this file, src/core/refresh/sdkClient.ts, a
// static import evaluated lazily, ...).
//
// `loaded()` reports what really happened: the files next to this bundle that node's module
// loader has loaded, read from `require.cache`, so nothing can load a chunk without it showing.

import { basename, dirname } from 'node:path';

/** The local Cognito-compatible sandbox (node http server): dist/sandbox.js. */
export const loadSandbox = () => import('../sandbox/index');

/** The AWS SDK's Cognito user-pool client: dist/sdk.js. */
export const loadCognitoSdk = () => import('@aws-sdk/client-cognito-identity-provider');

/**
 * The host chunks loaded so far (`sdk`, `refresh`, `sandbox`, ...), sorted: every `.js` file in
 * this bundle's folder, other than the bundle itself, that is in `require.cache`. Empty when
 * running from sources (the folder holds `.ts` files, not chunks).
 */
export function loaded(): readonly string[] {
  if (typeof require === 'undefined' || typeof __filename === 'undefined') return [];
  const here = dirname(__filename);
  return Object.keys(require.cache)
    .filter((f) => f !== __filename && f.endsWith('.js') && dirname(f) === here)
    .map((f) => basename(f, '.js'))
    .sort();
}
