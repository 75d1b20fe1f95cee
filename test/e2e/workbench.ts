// What a person does in the VS Code workbench, as Playwright steps (code-server in Chromium).
// Waits poll the DOM with generous timeouts: these runs share 2 cores with code-server.
import type { Locator, Page } from 'playwright-core';

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

  /** Opens the command palette on `query` and returns the row showing `title` (palette left open). */
  async paletteRow(title: string, timeout = T.long, query = title): Promise<Locator> {
    const deadline = Date.now() + timeout;
    for (;;) {
      await this.closeQuickInput();
      await this.page.keyboard.press('F1');
      await this.quickInput().waitFor({ state: 'visible', timeout: T.short });
      await this.page.keyboard.type(query, { delay: 5 });
      const row = this.quickInput().locator('.monaco-list-row', { hasText: title }).first();
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
  async quickInputRow(text: string, timeout = T.short): Promise<Locator> {
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
    await this.quickInput().locator('.monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible', timeout: T.short });
    await this.page.keyboard.press('Enter');
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

  /** "Preferences: Color Theme", then the theme's row. */
  async setColorTheme(theme: string): Promise<void> {
    await this.runCommand('Preferences: Color Theme');
    await this.page.keyboard.type(theme, { delay: 5 });
    const row = this.quickInput().locator('.monaco-list-row', { hasText: theme }).first();
    await row.waitFor({ state: 'visible', timeout: T.short });
    await this.page.keyboard.press('Enter');
    await this.quickInput().waitFor({ state: 'hidden', timeout: T.short });
    const cls = /light/i.test(theme) ? 'vs' : 'vs-dark';
    // (a string: this runs in the page, and the project's type check has no DOM types)
    await this.page.waitForFunction(`document.querySelector('.monaco-workbench')?.classList.contains('${cls}')`, undefined, { timeout: T.long });
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

  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
  }

  async closeAllEditors(): Promise<void> {
    await this.runCommand('View: Close All Editors');
    await this.page.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout: T.short }).catch(() => undefined);
  }
}
