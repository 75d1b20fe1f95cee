// The description of a running sandbox that the CLI prints and the in-process API returns.

import { graceSecondsOf, rotates, type SandboxState } from './state';

export interface SandboxInfo {
  endpoint: string;
  region: string;
  userPoolId: string;
  clients: { name: string; clientId: string; clientSecret: string | null; rotation: boolean; graceSeconds: number }[];
  /**
   * The first user of the pool, by the name typed at sign-in: in a pool that
   * signs in with email this is the email, and `cognito:username` (the name a
   * refresh SECRET_HASH is computed over) is the user's internal name.
   */
  user: { username: string; password: string };
}

/** Describes the first pool of the sandbox. */
export function describeSandbox(state: SandboxState, endpoint: string): SandboxInfo {
  const pool = state.pools[0];
  const user = pool.config.users[0];
  return {
    endpoint,
    region: state.config.region,
    userPoolId: pool.config.id,
    clients: pool.config.clients.map((c) => ({
      name: c.name,
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      rotation: rotates(c),
      graceSeconds: graceSecondsOf(c),
    })),
    user: { username: pool.signInNameOf(user), password: user.password },
  };
}
