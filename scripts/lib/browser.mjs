// Debian's Chromium, driven by playwright-core (npm's browsers cannot be downloaded here).
// The flags keep it from reaching for the network (refused on these machines) and run it as root.
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = process.env.CTD_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function assertChromium() {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} not found: run scripts/install-system-deps.sh (or set CTD_CHROMIUM)`);
  }
}

/** Launch options for playwright-core's chromium.launch(); `stateDir` keeps Chromium's crash reports out of ~/.config. */
export function launchOptions(stateDir) {
  return {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    env: { ...process.env, XDG_CONFIG_HOME: stateDir, XDG_CACHE_HOME: stateDir },
  };
}
