// The description of a running sandbox that the CLI prints first, the
// in-process API returns and GET /__sandbox/info answers: one shape, so another
// process can find (and reuse) a sandbox that is already running.

import { DEFAULT_REFRESH_SECONDS, graceSecondsOf, rotates, type PoolRuntime, type SandboxState } from './state';

export interface SandboxClientInfo {
  name: string;
  clientId: string;
  clientSecret: string | null;
  rotation: boolean;
  graceSeconds: number;
  /** The client's refresh token validity (tokenValidity.refreshTokenSeconds, default 30 days). */
  refreshTokenSeconds: number;
  /** Managed login's registered callback URLs (absent for clients without managed login). */
  callbackURLs?: string[];
}

export interface SandboxPoolInfo {
  userPoolId: string;
  name: string;
  /** The `iss` of the pool's tokens: `<endpoint>/<poolId>`, or Cognito's own when the pool is configured with `issuer: "aws"`. */
  issuer: string;
  issuerMode: 'local' | 'aws';
  /** Always served by this sandbox. */
  jwksUri: string;
  clients: SandboxClientInfo[];
  /** The pool's first user, by the name typed at sign-in. */
  user: { username: string; password: string };
}

export interface SandboxInfo {
  endpoint: string;
  region: string;
  /** The first pool (the fields below describe it; `pools` lists every pool). */
  userPoolId: string;
  issuer: string;
  jwksUri: string;
  clients: SandboxClientInfo[];
  /**
   * The first user of the pool, by the name typed at sign-in: in a pool that
   * signs in with email this is the email, and `cognito:username` (the name a
   * refresh SECRET_HASH is computed over) is the user's internal name.
   */
  user: { username: string; password: string };
  pools: SandboxPoolInfo[];
  /** Stays the same across restarts from one state file; new for every sandbox without one. */
  sandboxId: string;
  /** The absolute path of the state file, or null when the sandbox keeps its state in memory only. */
  stateFile: string | null;
}

function describePool(pool: PoolRuntime): SandboxPoolInfo {
  const user = pool.config.users[0];
  return {
    userPoolId: pool.config.id,
    name: pool.config.name,
    issuer: pool.issuer,
    issuerMode: pool.config.issuer ?? 'local',
    jwksUri: pool.jwksUri,
    clients: pool.config.clients.map((c) => ({
      name: c.name,
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      rotation: rotates(c),
      graceSeconds: graceSecondsOf(c),
      refreshTokenSeconds: c.tokenValidity?.refreshTokenSeconds ?? DEFAULT_REFRESH_SECONDS,
      ...(c.callbackURLs && c.callbackURLs.length > 0 ? { callbackURLs: [...c.callbackURLs] } : {}),
    })),
    user: { username: pool.signInNameOf(user), password: user.password },
  };
}

export function describeSandbox(state: SandboxState, endpoint: string, extra: { sandboxId: string; stateFile: string | null }): SandboxInfo {
  const pools = state.pools.map(describePool);
  const first = pools[0];
  return {
    endpoint,
    region: state.config.region,
    userPoolId: first.userPoolId,
    issuer: first.issuer,
    jwksUri: first.jwksUri,
    clients: first.clients,
    user: first.user,
    pools,
    sandboxId: extra.sandboxId,
    stateFile: extra.stateFile,
  };
}
