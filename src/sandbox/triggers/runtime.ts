// What the control endpoint changes at run time on top of the config: a pool's
// pre token generation trigger (POST /__sandbox/pre-token-generation) and a
// user's groups (POST /__sandbox/groups). Kept apart from the config, so a
// state file's config stays the one the sandbox was started with; the state
// file keeps these in its member `overrides`.

import type { PoolConfig, UserConfig } from '../config';
import type { PreTokenGenerationConfig } from './pre-token-generation';

export interface OverridesSnapshot {
  /** `config: null`: the trigger was removed at run time. */
  preTokenGeneration: { poolId: string; config: PreTokenGenerationConfig | null }[];
  groups: { poolId: string; username: string; groups: string[] }[];
}

export class OverridesRuntime {
  private readonly triggers = new Map<string, PreTokenGenerationConfig | null>();
  private readonly groups = new Map<string, string[]>();
  /** Bumped by every change (part of SandboxState.revision). */
  revision = 0;

  /** The pool's trigger: the run-time one when set (null: removed), else the config's. */
  triggerOf(pool: PoolConfig): PreTokenGenerationConfig | undefined {
    if (this.triggers.has(pool.id)) return this.triggers.get(pool.id) ?? undefined;
    return pool.preTokenGeneration;
  }

  setTrigger(poolId: string, config: PreTokenGenerationConfig | null): void {
    this.triggers.set(poolId, config);
    this.revision += 1;
  }

  /** The user's groups: the run-time list when set, else the config's. */
  groupsOf(poolId: string, user: UserConfig): string[] {
    return [...(this.groups.get(key(poolId, user.username)) ?? user.groups ?? [])];
  }

  setGroups(poolId: string, username: string, groups: string[]): void {
    this.groups.set(key(poolId, username), [...groups]);
    this.revision += 1;
  }

  snapshot(): OverridesSnapshot {
    return {
      preTokenGeneration: [...this.triggers].map(([poolId, config]) => ({ poolId, config })),
      groups: [...this.groups].map(([k, groups]) => {
        const [poolId, username] = JSON.parse(k) as [string, string];
        return { poolId, username, groups: [...groups] };
      }),
    };
  }

  /** From a snapshot the caller has already checked (persistence.ts). */
  static restore(snapshot: OverridesSnapshot | undefined): OverridesRuntime {
    const runtime = new OverridesRuntime();
    for (const t of snapshot?.preTokenGeneration ?? []) runtime.triggers.set(t.poolId, t.config);
    for (const g of snapshot?.groups ?? []) runtime.groups.set(key(g.poolId, g.username), [...g.groups]);
    return runtime;
  }
}

function key(poolId: string, username: string): string {
  return JSON.stringify([poolId, username]);
}
