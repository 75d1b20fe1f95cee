// The inspector's stylesheet follows every theme and keeps text readable (issue 7 item 17):
// no hard-coded colour anywhere, and text drawn only in theme colours that meet WCAG AA
// (4.5:1) in VS Code's light, dark and high-contrast themes. Status colours
// (testing-iconPassed is #73C991, 2.0:1 on white; charts-blue 3.6:1) may colour icons,
// borders and underlines, never text.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

/** Theme colours designed as text colours, AA on the backgrounds they are used on. */
const TEXT_SAFE = new Set([
  '--vscode-foreground',
  '--vscode-descriptionForeground',
  '--vscode-errorForeground',
  '--vscode-textLink-foreground',
  '--vscode-textLink-activeForeground',
  '--vscode-textPreformat-foreground',
  '--vscode-editor-foreground',
]);

/** Properties that colour text. */
const TEXT_COLOUR_PROPERTIES = new Set(['color', '-webkit-text-fill-color']);

const NAMED_COLOURS = /(?:^|[\s,(])(white|black|red|green|blue|gray|grey|yellow|orange|purple|pink|silver|navy|teal|maroon|olive|lime|aqua|fuchsia)(?=$|[\s,);])/i;
const COLOUR_FUNCTION = /\b(rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(/i;
const HEX = /#[0-9a-f]{3,8}\b/i;

interface Rule {
  selector: string;
  declarations: { property: string; value: string }[];
}

/** A flat stylesheet (this one has no at-rules) as rules; comments dropped. Linear: one pass each. */
export function parseCss(css: string): Rule[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const rules: Rule[] = [];
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf('{', at);
    if (open < 0) break;
    const close = text.indexOf('}', open);
    assert.ok(close > open, 'unbalanced braces');
    const selector = text.slice(at, open).trim();
    const declarations = text
      .slice(open + 1, close)
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const colon = d.indexOf(':');
        return { property: d.slice(0, colon).trim().toLowerCase(), value: d.slice(colon + 1).trim() };
      });
    rules.push({ selector, declarations });
    at = close + 1;
  }
  return rules;
}

/** Every part of the selector list styles an icon (a codicon), not text. */
function onlyIcons(selector: string): boolean {
  return selector.split(',').every((part) => {
    const last = part.trim().split(/[\s>+~]+/).pop() ?? '';
    return /\.codicon(?![\w-])/.test(last);
  });
}

export function violations(css: string): string[] {
  const out: string[] = [];
  for (const rule of parseCss(css)) {
    for (const { property, value } of rule.declarations) {
      if (HEX.test(value)) out.push(`${rule.selector} { ${property}: ${value} }: a hard-coded hex colour`);
      if (COLOUR_FUNCTION.test(value)) out.push(`${rule.selector} { ${property}: ${value} }: a hard-coded colour function`);
      if (NAMED_COLOURS.test(value) && !property.startsWith('text-decoration-style')) out.push(`${rule.selector} { ${property}: ${value} }: a named colour`);
      if (!TEXT_COLOUR_PROPERTIES.has(property) || onlyIcons(rule.selector)) continue;
      const vars = [...value.matchAll(/var\(\s*(--[\w-]+)/g)].map((m) => m[1] as string);
      if (vars.length === 0 && !/^(inherit|currentcolor|unset|initial)$/i.test(value)) out.push(`${rule.selector} { ${property}: ${value} }: text colour not from the theme`);
      for (const v of vars) if (!TEXT_SAFE.has(v)) out.push(`${rule.selector} { ${property}: ${value} }: ${v} is not a text-safe colour`);
    }
  }
  return out;
}

test('the inspector stylesheet has no hard-coded colour, and draws text only in text-safe theme colours', () => {
  const css = readFileSync('webview/inspector.css', 'utf8');
  assert.ok(parseCss(css).length > 40, 'the parser found too few rules: is it reading the file?');
  assert.deepEqual(violations(css), []);
});

test('the check rejects what issue 7 item 17 reported', () => {
  // "passed" in testing-iconPassed (#73C991, 2.0:1 on white), "Rotated" in charts-blue (3.6:1).
  assert.equal(violations('td.status-pass { color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); }').length, 2);
  assert.equal(violations('.rotated { color: var(--vscode-charts-blue); }').length, 1);
  assert.equal(violations('.seg { color: var(--seg); }').length, 1);
  assert.equal(violations('.card li.hint { color: var(--vscode-editorWarning-foreground); }').length, 1);
  assert.equal(violations('.x { color: #73C991; }').length, 2);
  assert.equal(violations('.x { background: rgb(1, 2, 3); }').length, 1);
  assert.equal(violations('.x { border-color: white; }').length, 1);
  // The same colours on icons, borders and underlines are fine.
  assert.deepEqual(violations('.status-pass .codicon, .rotated .codicon { color: var(--vscode-charts-blue); }'), []);
  assert.deepEqual(violations('.seg { text-decoration: underline solid var(--seg); border-left: 3px solid var(--vscode-charts-green); }'), []);
  assert.deepEqual(violations('.x { color: var(--vscode-descriptionForeground); }'), []);
});
