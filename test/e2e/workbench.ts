// What a person does in the VS Code workbench, as Playwright steps (code-server in Chromium).
// Waits poll the DOM with generous timeouts: these runs share 2 cores with code-server.
import type { Frame, Locator, Page } from 'playwright-core';

export const T = { short: 15_000, long: 60_000 };

export class Workbench {
  constructor(readonly page: Page) {}

  async ready(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: T.long * 2 });
    // The explorer shows the folder once the remote file system answers.
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: T.long * 2 });
  }

  private quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /**
   * F1, the command's title, then a click on the row that shows it. Right after the
   * workbench loads, the palette may not know the extension's commands yet ("No matching
   * commands" while extensions are still being scanned): close it and try again.
   */
  async runCommand(title: string, timeout = T.long): Promise<void> {
    const row = await this.paletteRow(title, timeout);
    await row.click();
  }

  /**
   * Opens the command palette on `query` and returns the row whose label is exactly `title`
   * ("Cognito: Start Sandbox" is not "Cognito: Start Sandbox Session"; palette left open).
   */
  async paletteRow(title: string, timeout = T.long, query = title): Promise<Locator> {
    const deadline = Date.now() + timeout;
    for (;;) {
      await this.closeQuickInput();
      await this.page.keyboard.press('F1');
      await this.quickInput().waitFor({ state: 'visible', timeout: T.short });
      await this.page.keyboard.type(query, { delay: 5 });
      const label = this.page.locator('.label-name').getByText(title, { exact: true });
      const row = this.quickInput().locator('.monaco-list-row').filter({ has: label }).first();
      try {
        await row.waitFor({ state: 'visible', timeout: 5_000 });
        return row;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await this.page.waitForTimeout(1_000);
      }
    }
  }

  /** A row of the open quick input (palette, picker) showing `text`. */
  async quickInputRow(text: string | RegExp, timeout = T.short): Promise<Locator> {
    const row = this.quickInput().locator('.monaco-list-row', { hasText: text }).first();
    await row.waitFor({ state: 'visible', timeout });
    return row;
  }

  async closeQuickInput(): Promise<void> {
    if (await this.quickInput().isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.quickInput().waitFor({ state: 'hidden', timeout: T.short });
    }
  }

  /** Ctrl+P, the file name, Enter; resolves once its tab is active. */
  async openFile(name: string): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press('Control+P');
    await this.quickInput().waitFor({ state: 'visible', timeout: T.short });
    await this.page.keyboard.type(name, { delay: 5 });
    // The row of that very file (Enter could open a recently used one still listed first).
    const label = this.page.locator('.label-name').getByText(name, { exact: true });
    const row = this.quickInput().locator('.monaco-list-row').filter({ has: label }).first();
    await row.waitFor({ state: 'visible', timeout: T.short });
    await row.click();
    await this.activeTab(name);
  }

  /** Ctrl+G "line:column" (1-based): puts the cursor there. */
  async goTo(line: number, column: number): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press('Control+G');
    await this.quickInput().waitFor({ state: 'visible', timeout: T.short });
    await this.page.keyboard.type(`${line}:${column}`);
    // Enter only once the picker has understood the whole input.
    await this.quickInput().locator('.monaco-list-row', { hasText: `line ${line} and character ${column}` }).first().waitFor({ state: 'visible', timeout: T.short });
    await this.page.keyboard.press('Enter');
    await this.quickInput().waitFor({ state: 'hidden', timeout: T.short });
  }

  /**
   * "Preferences: Color Theme", then the theme's row ("Light Modern", "Dark Modern"); resolves
   * once the workbench and its webviews show it.
   */
  async setColorTheme(theme: string): Promise<void> {
    await this.runCommand('Preferences: Color Theme');
    await this.page.keyboard.type(theme, { delay: 5 });
    const label = this.page.locator('.label-name').getByText(theme, { exact: true });
    const row = this.quickInput().locator('.monaco-list-row').filter({ has: label }).first();
    await row.waitFor({ state: 'visible', timeout: T.short });
    await row.click();
    await this.quickInput().waitFor({ state: 'hidden', timeout: T.short });
    await this.waitForTheme(/light/i.test(theme) ? 'light' : 'dark');
  }

  /** The active editor tab whose label contains `label`. */
  async activeTab(label: string): Promise<Locator> {
    const tab = this.page.locator('.tabs-container .tab.active', { hasText: label }).first();
    await tab.waitFor({ state: 'visible', timeout: T.long });
    return tab;
  }

  /** Polls the visible text of the active editor group until it contains every string. */
  async waitForEditorText(expected: string[], timeout = T.long): Promise<string> {
    const deadline = Date.now() + timeout;
    let text = '';
    for (;;) {
      text = await this.activeEditorText();
      if (expected.every((e) => text.includes(e))) return text;
      if (Date.now() > deadline) {
        throw new Error(`the active editor never showed ${JSON.stringify(expected.filter((e) => !text.includes(e)))}; it showed:\n${text.slice(0, 2000)}`);
      }
      await this.page.waitForTimeout(250);
    }
  }

  async activeEditorText(): Promise<string> {
    // Monaco renders lines as spans with non-breaking spaces; normalise them.
    const lines = this.page.locator('.editor-group-container.active .monaco-editor .view-lines');
    if ((await lines.count()) === 0) return '';
    return (await lines.first().innerText()).replace(/\u00a0/g, ' ');
  }

  /** The first notification toast whose text contains `text`. */
  async toast(text: string, timeout = T.long): Promise<string> {
    const toast = this.page.locator('.notification-toast', { hasText: text }).first();
    await toast.waitFor({ state: 'visible', timeout });
    // Toasts slide in: wait until it has stopped moving (for the screenshots).
    let last = '';
    for (let i = 0; i < 40; i++) {
      const box = JSON.stringify(await toast.boundingBox());
      if (box === last) break;
      last = box;
      await this.page.waitForTimeout(150);
    }
    return (await toast.innerText()).replace(/\u00a0/g, ' ');
  }

  /** The theme kind the workbench shows now. */
  async themeKind(): Promise<'light' | 'dark' | 'other'> {
    const cls = (await this.page.locator('.monaco-workbench').getAttribute('class')) ?? '';
    return /\bvs-dark\b/.test(cls) ? 'dark' : /\bvs\b/.test(cls) ? 'light' : 'other';
  }

  /** Waits until the workbench (and every webview in it) shows the `kind` theme. */
  async waitForTheme(kind: 'light' | 'dark', timeout = T.long): Promise<void> {
    const cls = kind === 'light' ? 'vs' : 'vs-dark';
    await this.page.waitForFunction(`document.querySelector('.monaco-workbench')?.classList.contains('${cls}')`, undefined, { timeout });
    const body = kind === 'light' ? 'vscode-light' : 'vscode-dark';
    const deadline = Date.now() + timeout;
    for (const frame of this.page.frames()) {
      if (frame === this.page.mainFrame() || !(await frame.locator('[data-testid="inspector-root"]').count().catch(() => 0))) continue;
      await frame.waitForFunction(`document.body.classList.contains('${body}')`, undefined, { timeout: Math.max(1_000, deadline - Date.now()) });
    }
  }

  /** Clicks the activity bar entry `title` (e.g. "Cognito Tokens") unless its container is already open. */
  async openViewContainer(title: string): Promise<Locator> {
    const item = this.page.locator('.part.activitybar .action-item').filter({ has: this.page.locator(`.action-label[aria-label^="${title}"]`) }).first();
    await item.waitFor({ state: 'visible', timeout: T.long });
    if ((await item.getAttribute('class'))?.split(/\s+/).includes('checked') !== true) await item.click();
    const sidebar = this.page.locator('.part.sidebar');
    await sidebar.locator('.composite.title', { hasText: new RegExp(title, 'i') }).first().waitFor({ state: 'visible', timeout: T.short });
    return sidebar;
  }

  /** A row of a tree in the side bar whose text (label and description) contains `text`. */
  treeRow(text: string | RegExp): Locator {
    return this.page.locator('.part.sidebar .monaco-list-row', { hasText: text }).first();
  }

  /** Expands the collapsed tree row (a click on its twistie); resolves once it is expanded. */
  async expandTreeRow(row: Locator): Promise<void> {
    await row.waitFor({ state: 'visible', timeout: T.long });
    if ((await row.getAttribute('aria-expanded')) === 'false') await row.locator('.monaco-tl-twistie').click();
    await this.page.waitForFunction((el) => el?.getAttribute('aria-expanded') === 'true', await row.elementHandle(), { timeout: T.short });
  }

  /**
   * Expands the tree rows `path` (texts the rows start with, outermost first) until all are
   * expanded, expanding again whatever a refresh of the tree collapsed meanwhile.
   */
  async expandTreePath(path: (string | RegExp)[], timeout = T.long): Promise<void> {
    await this.until(`the tree rows ${path.join(' > ')} expanded`, async () => {
      for (const text of path) {
        const row = this.treeRow(text);
        if (!(await row.isVisible())) return false;
        const expanded = await row.getAttribute('aria-expanded');
        if (expanded === 'false') {
          await row.locator('.monaco-tl-twistie').click();
          return false;
        }
      }
      return true;
    }, timeout);
  }

  /** Every rendered row of the side bar's trees as "label description". */
  async sideBarRows(): Promise<string[]> {
    // (a string: this runs in the page, and the project's type check has no DOM types)
    const rows = await this.page.evaluate(`[...document.querySelectorAll('.part.sidebar .monaco-list-row')].map((r) =>
      [r.querySelector('.label-name')?.textContent ?? '', r.querySelector('.label-description')?.textContent ?? ''].join(' '))`);
    return (rows as string[]).map((t) => t.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim());
  }

  /** Drags the sash right of the primary side bar so that the side bar is `width` pixels wide. */
  async resizeSideBar(width: number): Promise<void> {
    const bar = await this.page.locator('.part.sidebar').boundingBox();
    if (!bar) throw new Error('the side bar is not shown');
    const x = bar.x + bar.width;
    const y = bar.y + bar.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(bar.x + width, y, { steps: 5 });
    await this.page.mouse.up();
  }

  /**
   * Waits for the workbench's finite animations (a hover or toast fading in) to end, so a
   * screenshot shows the end state.
   */
  async settle(): Promise<void> {
    await this.page.evaluate(`Promise.all(document.getAnimations()
      .filter((a) => a.effect && a.effect.getTiming().iterations !== Infinity && a.playState === 'running')
      .map((a) => a.finished.catch(() => undefined)))`);
  }

  /** The status bar entry whose accessible label starts with `label`. */
  statusBarItem(label: string): Locator {
    return this.page.locator(`.part.statusbar .statusbar-item [aria-label^="${label}"], .part.statusbar .statusbar-item[aria-label^="${label}"]`).first();
  }

  /**
   * Ctrl+K Ctrl+I ("Show or Focus Hover") at the cursor; resolves with the hover's text once it
   * shows every string of `expected`.
   */
  async showHover(expected: string[], timeout = T.long): Promise<Locator> {
    const hover = this.page.locator('.monaco-editor .monaco-hover:not(.hidden)', { hasText: expected[0] }).first();
    const deadline = Date.now() + timeout;
    for (;;) {
      await this.page.keyboard.press('Control+K');
      await this.page.keyboard.press('Control+I');
      try {
        await hover.waitFor({ state: 'visible', timeout: 5_000 });
        break;
      } catch (err) {
        // The extension may still be activating: the first request can come back empty.
        if (Date.now() > deadline) throw err;
      }
    }
    let text = '';
    while (Date.now() < deadline) {
      text = (await hover.innerText()).replace(/\u00a0/g, ' ');
      if (expected.every((e) => text.includes(e))) return hover;
      await this.page.waitForTimeout(250);
    }
    throw new Error(`the hover never showed ${JSON.stringify(expected.filter((e) => !text.includes(e)))}; it showed:\n${text.slice(0, 2000)}`);
  }

  /**
   * The frame of a webview holding `selector` (webviews sit in nested iframes): polls
   * page.frames() until one has it.
   */
  async webviewFrame(selector: string, timeout = T.long): Promise<Frame> {
    const deadline = Date.now() + timeout;
    for (;;) {
      for (const frame of this.page.frames()) {
        if (frame === this.page.mainFrame()) continue;
        if ((await frame.locator(selector).count().catch(() => 0)) > 0) return frame;
      }
      if (Date.now() > deadline) throw new Error(`no webview frame holds ${selector} after ${timeout / 1000} s`);
      await this.page.waitForTimeout(250);
    }
  }

  /**
   * Polls `probe` until it returns a truthy value; after `timeout`, throws naming `what` and
   * what `shown` says the screen showed (default: the side bar's rows).
   */
  async until<V>(what: string, probe: () => Promise<V>, timeout = T.long, shown: () => Promise<unknown> = () => this.sideBarRows()): Promise<NonNullable<V>> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const last = await probe();
      if (last) return last as NonNullable<V>;
      if (Date.now() > deadline) {
        const seen = await shown().catch((err: unknown) => `(${String(err)})`);
        throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}; the screen showed: ${JSON.stringify(seen)?.slice(0, 1500)}`);
      }
      await this.page.waitForTimeout(250);
    }
  }

  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
  }

  async closeAllEditors(): Promise<void> {
    await this.runCommand('View: Close All Editors');
    await this.page.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout: T.short }).catch(() => undefined);
  }

  /**
   * "<container>: Focus on <view> View" from the palette; resolves once the side bar shows the
   * container. Unlike a click on the activity bar (which toggles, and is skipped while the
   * container is marked active), it also shows a side bar that a new or reloaded window restored
   * hidden.
   */
  async focusView(container: string, view: string): Promise<Locator> {
    await this.runCommand(`${container}: Focus on ${view} View`);
    const sidebar = this.page.locator('.part.sidebar');
    await sidebar.locator('.composite.title', { hasText: new RegExp(container, 'i') }).first().waitFor({ state: 'visible', timeout: T.long });
    return sidebar;
  }

  /** Every rendered row of the side bar's trees: list index, nesting level (1: top) and "label description". */
  async treeRows(): Promise<{ index: number; level: number; text: string }[]> {
    const rows = (await this.page.evaluate(`[...document.querySelectorAll('.part.sidebar .monaco-list-row')].map((r) => [
      Number(r.getAttribute('data-index')), Number(r.getAttribute('aria-level')),
      [r.querySelector('.label-name')?.textContent ?? '', r.querySelector('.label-description')?.textContent ?? ''].join(' ')])`)) as [number, number, string][];
    return rows
      .map(([index, level, text]) => ({ index, level, text: text.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim() }))
      .sort((a, b) => a.index - b.index);
  }

  /**
   * The tree row reached by `path` (texts the rows start with, or patterns, outermost first),
   * each step searched only among the rows nested under the one before, so that "Server
   * sessions" under one session is not taken for the same row under another. A locator by list
   * index: use it at once (a refresh of the tree can move rows), inside an `until`.
   */
  async treeRowAt(path: (string | RegExp)[]): Promise<Locator | undefined> {
    const rows = await this.treeRows();
    const i = pathPosition(rows, path);
    return i < 0 ? undefined : this.page.locator(`.part.sidebar .monaco-list-row[data-index="${rows[i]!.index}"]`).first();
  }

  /** The "label description" texts of the rendered rows nested under the row at `path` (see treeRowAt). */
  async treeRowsUnder(path: (string | RegExp)[]): Promise<string[] | undefined> {
    const rows = await this.treeRows();
    const i = pathPosition(rows, path);
    return i < 0 ? undefined : rows.slice(i + 1, subtreeEnd(rows, i)).map((r) => r.text);
  }

  /**
   * Expands the rows of `path`, each looked up under the one before (see treeRowAt), until all
   * are expanded, expanding again whatever a refresh of the tree collapsed meanwhile.
   */
  async expandTreePathUnder(path: (string | RegExp)[], timeout = T.long): Promise<void> {
    await this.until(`the tree rows ${path.join(' > ')} expanded`, async () => {
      for (let n = 1; n <= path.length; n++) {
        const row = await this.treeRowAt(path.slice(0, n));
        if (!row) return false;
        const expanded = await row.getAttribute('aria-expanded', { timeout: T.short }).catch(() => null);
        if (expanded === 'false') {
          await row.locator('.monaco-tl-twistie').click({ timeout: T.short }).catch(() => undefined);
          return false;
        }
        if (expanded !== 'true') return false;
      }
      return true;
    }, timeout);
  }

  /** Hovers the tree row and clicks its inline action `title` (e.g. "Revoke Server Session…"). */
  async treeRowAction(row: Locator, title: string): Promise<void> {
    await row.hover({ timeout: T.short });
    await row.locator(`.actions .action-label[aria-label="${title}"]`).click({ timeout: T.short });
  }

  /** The texts of the notification toasts on screen now. */
  async toastTexts(): Promise<string[]> {
    const texts = await this.page.locator('.notifications-toasts .notification-toast').allInnerTexts().catch(() => [] as string[]);
    return texts.map((t) => t.replace(/\u00a0/g, ' '));
  }

  /**
   * "Developer: Reload Window"; resolves once the reloaded page shows the workbench (not the page
   * that was being unloaded when the command returned).
   */
  async reloadWindow(): Promise<void> {
    const loaded = this.page.waitForEvent('domcontentloaded', { timeout: T.long * 2 });
    await this.runCommand('Developer: Reload Window');
    await loaded;
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: T.long * 2 });
  }
}

/** Where the subtree of rows[i] ends (the next row at its level or above). */
function subtreeEnd(rows: readonly { level: number }[], i: number): number {
  const level = rows[i]!.level;
  const end = rows.findIndex((r, k) => k > i && r.level <= level);
  return end < 0 ? rows.length : end;
}

/** The position in `rows` of the row reached by `path` (see Workbench.treeRowAt), or -1. */
function pathPosition(rows: readonly { level: number; text: string }[], path: readonly (string | RegExp)[]): number {
  let from = 0;
  let to = rows.length;
  let at = -1;
  for (const step of path) {
    at = rows.findIndex((r, k) => k >= from && k < to && (typeof step === 'string' ? r.text.startsWith(step) : step.test(r.text)));
    if (at < 0) return -1;
    from = at + 1;
    to = subtreeEnd(rows, at);
  }
  return at;
}
