// The extension's settings (package.json `contributes.configuration`), read in one place and
// validated: a hand-edited settings.json with a wrong type or range falls back to the default
// instead of reaching the core.
import * as vscode from 'vscode';

export const SETTINGS_SECTION = 'cognitoTokenDebugger';

export interface Settings {
  /** Prefills the user pool id asked for when a paste names no pool. */
  readonly defaultRegion: string;
  /** Endpoint for new sessions whose tokens do not name one (a local emulator); undefined = AWS. */
  readonly endpointOverride: string | undefined;
  readonly hoverEnabled: boolean;
  /** 0..600. */
  readonly clockSkewSeconds: number;
  readonly autoRefresh: { readonly enabled: boolean; readonly secondsBeforeExpiry: number };
  /** Where managed login's redirect comes back: the loopback listener (default) or the URI handler. */
  readonly managedLoginRedirect: 'loopback' | 'uri-handler';
}

export const DEFAULT_SETTINGS: Settings = {
  defaultRegion: 'us-east-1',
  endpointOverride: undefined,
  hoverEnabled: true,
  clockSkewSeconds: 60,
  autoRefresh: { enabled: false, secondsBeforeExpiry: 300 },
  managedLoginRedirect: 'loopback',
};

const REGION_LIKE = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$|^[a-z0-9-]{1,32}$/;

function num(value: unknown, fallback: number, min: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;
}

/** An http(s) URL without credentials, or undefined. */
export function validEndpoint(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  try {
    const url = new URL(value.trim());
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) return undefined;
    return url.toString().replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const region = c.get<unknown>('defaultRegion');
  return {
    defaultRegion: typeof region === 'string' && REGION_LIKE.test(region.trim()) ? region.trim() : DEFAULT_SETTINGS.defaultRegion,
    endpointOverride: validEndpoint(c.get<unknown>('endpointOverride')),
    hoverEnabled: c.get<unknown>('hover.enabled') !== false,
    clockSkewSeconds: num(c.get<unknown>('clockSkewSeconds'), DEFAULT_SETTINGS.clockSkewSeconds, 0, 600),
    autoRefresh: {
      enabled: c.get<unknown>('autoRefresh.enabled') === true,
      secondsBeforeExpiry: num(c.get<unknown>('autoRefresh.secondsBeforeExpiry'), DEFAULT_SETTINGS.autoRefresh.secondsBeforeExpiry, 10, 3600),
    },
    managedLoginRedirect: c.get<unknown>('managedLogin.redirect') === 'uri-handler' ? 'uri-handler' : DEFAULT_SETTINGS.managedLoginRedirect,
  };
}

/** Calls `listener` when any of the extension's settings changes. */
export function onDidChangeSettings(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(SETTINGS_SECTION)) listener();
  });
}
