// What scripts/e2e.mjs hands every e2e test, and the shape of a test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { DemoWorkspace } from '../../scripts/lib/demo-workspace';
import type { Workbench } from './workbench';

export interface ShotOptions {
  /** Leave the mouse where it is (moving it can close a hover). Default: move it out of the way. */
  keepMouse?: boolean;
}

export interface E2EContext {
  page: Page;
  wb: Workbench;
  ws: DemoWorkspace;
  userPoolId: string;
  /** The folder of the screenshots (.artifacts/e2e/screenshots), for pictures of other pages (a browser tab). */
  shotsDir: string;
  /** Saves .artifacts/e2e/screenshots/<name>.png and returns its path. */
  shot(name: string, options?: ShotOptions): Promise<string>;
  /**
   * Switches the colour theme (Light Modern / Dark Modern) from the palette unless it is shown
   * already; resolves once the workbench and its webviews show it. (Editing settings.json
   * instead does not reach code-server's workbench here.)
   */
  setTheme(kind: 'light' | 'dark'): Promise<void>;
}

export interface E2ETest {
  name: string;
  run(ctx: E2EContext): Promise<void>;
  /** This test's own time limit (default: the runner's per-test limit). */
  timeoutMs?: number;
}

/** 1-based line and column of a position `into` characters past `prefix` in `file`. */
export function positionOf(ws: DemoWorkspace, file: string, prefix: string | RegExp, into = 30): { line: number; column: number } {
  const lines = readFileSync(join(ws.dir, file), 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    let end = -1;
    if (typeof prefix === 'string') end = text.startsWith(prefix) ? prefix.length : -1;
    else {
      const m = prefix.exec(text);
      end = m ? m.index + m[0].length : -1;
    }
    if (end >= 0) return { line: i + 1, column: end + 1 + into };
  }
  throw new Error(`${prefix} not in ${file}`);
}
