// Heavy modules are loaded on first use, never at activation. esbuild keeps them in the
// one bundle but wraps each in a lazy initializer that runs only when the import() does.
// `loaded()` lets the tests check that activating the extension evaluated none of them.
const loadedModules = new Set<string>();

function lazy<T>(name: string, load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().then(
      (m) => {
        loadedModules.add(name);
        return m;
      },
      (err: unknown) => {
        pending = undefined;
        throw err;
      },
    );
    return pending;
  };
}

/** The local Cognito-compatible sandbox (node http server). */
export const loadSandbox = lazy('sandbox', () => import('../sandbox/index'));

/** The AWS SDK's Cognito user-pool client (large: loaded only when a feature talks to Cognito). */
export const loadCognitoSdk = lazy('aws-sdk', () => import('@aws-sdk/client-cognito-identity-provider'));

export function loaded(): readonly string[] {
  return [...loadedModules].sort();
}
