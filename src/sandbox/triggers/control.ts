// Control routes for the pre token generation trigger and a user's groups:
//
//   GET  /__sandbox/pre-token-generation[?poolId=]  the pool's trigger now (null: none)
//   POST /__sandbox/pre-token-generation            {"poolId"?, "config": {...} | null}: replace or remove it
//   POST /__sandbox/groups                          {"poolId"?, "username", "add"?: [...], "remove"?: [...]}
//
// `poolId` defaults to the first pool. `username` is the internal user name or
// what the user signs in with (an email, in an email pool). The changes apply
// to every token issued afterwards: the next refresh shows them, as a group
// change or a new trigger does in Cognito.

import type { PoolRuntime, SandboxState } from '../state';
import { GROUP_NAME, readPreTokenGeneration } from './pre-token-generation';

const MAX_GROUPS_PER_USER = 500;

function bodyObject(body: Buffer, usage: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new Error(`body must be JSON: ${usage}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`body must be an object: ${usage}`);
  return parsed as Record<string, unknown>;
}

function onlyKeys(o: Record<string, unknown>, known: string[], usage: string): void {
  const extra = Object.keys(o).filter((k) => !known.includes(k));
  if (extra.length > 0) throw new Error(`unknown member ${JSON.stringify(extra[0].slice(0, 60))}: ${usage}`);
}

export function poolNamed(state: SandboxState, poolId: unknown): PoolRuntime {
  if (poolId === undefined || poolId === null) return state.pools[0];
  const pool = typeof poolId === 'string' ? state.pool(poolId) : undefined;
  if (!pool) throw new Error(`no pool ${JSON.stringify(String(poolId).slice(0, 60))}; pools: ${state.pools.map((p) => p.config.id).join(', ')}`);
  return pool;
}

const TRIGGER_USAGE = '{"poolId"?: "<pool id>", "config": {"version": "V1_0" | "V2_0" | "V3_0", ...} or null to remove the trigger}';

export function getPreTokenGeneration(state: SandboxState, query: URLSearchParams): unknown {
  const pool = poolNamed(state, query.get('poolId') ?? undefined);
  return { poolId: pool.config.id, preTokenGeneration: state.overrides.triggerOf(pool.config) ?? null };
}

export function setPreTokenGeneration(state: SandboxState, body: Buffer): unknown {
  const o = bodyObject(body, TRIGGER_USAGE);
  onlyKeys(o, ['poolId', 'config'], TRIGGER_USAGE);
  const pool = poolNamed(state, o.poolId);
  if (!('config' in o)) throw new Error(`"config" is missing: ${TRIGGER_USAGE}`);
  if (o.config === null) {
    state.overrides.setTrigger(pool.config.id, null);
    return { poolId: pool.config.id, preTokenGeneration: null };
  }
  const problems: string[] = [];
  const config = readPreTokenGeneration(problems, o.config, 'config', pool.config.clients.map((c) => c.clientId));
  if (!config) throw new Error(problems.join('; '));
  state.overrides.setTrigger(pool.config.id, config);
  return { poolId: pool.config.id, preTokenGeneration: config };
}

const GROUPS_USAGE = '{"poolId"?: "<pool id>", "username": "<user name or email>", "add"?: ["group"], "remove"?: ["group"]}';

function groupList(value: unknown, member: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > MAX_GROUPS_PER_USER) throw new Error(`"${member}" must be an array of at most ${MAX_GROUPS_PER_USER} group names: ${GROUPS_USAGE}`);
  return value.map((g) => {
    if (typeof g !== 'string' || !GROUP_NAME.test(g)) throw new Error(`"${member}" holds ${JSON.stringify(String(g).slice(0, 60))}, not a group name (1 to 128 letters, digits, symbols or punctuation, no spaces)`);
    return g;
  });
}

export function changeGroups(state: SandboxState, body: Buffer): unknown {
  const o = bodyObject(body, GROUPS_USAGE);
  onlyKeys(o, ['poolId', 'username', 'add', 'remove'], GROUPS_USAGE);
  const pool = poolNamed(state, o.poolId);
  if (typeof o.username !== 'string' || o.username === '') throw new Error(`"username" is missing: ${GROUPS_USAGE}`);
  const user = pool.userForSignIn(o.username);
  if (!user) throw new Error(`pool ${pool.config.id} has no user ${JSON.stringify(o.username.slice(0, 130))}`);
  const add = groupList(o.add, 'add');
  const remove = new Set(groupList(o.remove, 'remove'));
  if (add.length === 0 && remove.size === 0) throw new Error(`nothing to change: give "add" or "remove": ${GROUPS_USAGE}`);
  const groups = state.overrides.groupsOf(pool.config.id, user).filter((g) => !remove.has(g));
  for (const g of add) if (!groups.includes(g) && !remove.has(g)) groups.push(g);
  if (groups.length > MAX_GROUPS_PER_USER) throw new Error(`a user may be in at most ${MAX_GROUPS_PER_USER} groups here`);
  state.overrides.setGroups(pool.config.id, user.username, groups);
  return { poolId: pool.config.id, username: user.username, groups };
}
