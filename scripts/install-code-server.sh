#!/usr/bin/env bash
# Installs code-server (the real VS Code workbench + the real Node extension host, from npm)
# into a cache folder OUTSIDE the clone, reused when already complete. It is a test/demo tool,
# not a dependency of the extension.
#
#   CTD_CACHE_DIR   cache root (default: $HOME/.cache/cognito-token-debugger)
#   prints the code-server launcher path as its last line.
#
# Steps follow ../shared/guide/real-vscode-here.md (item 2): code-server 4.100.3 is the newest
# that runs on Node 20; its postinstall refuses root and downloads rg from GitHub, so we install
# with --ignore-scripts and do what the postinstall does by hand, with Debian's /usr/bin/rg.
# A marker file is written only after every step succeeded; without it the folder is redone.
set -euo pipefail

VERSION="4.100.3"
CACHE_ROOT="${CTD_CACHE_DIR:-${HOME:-/root}/.cache/cognito-token-debugger}"
DEST="$CACHE_ROOT/code-server-$VERSION"
MARKER="$DEST/.install-complete"
BIN="$DEST/node_modules/code-server/out/node/entry.js"

installed() { [ -f "$MARKER" ] && [ -f "$BIN" ]; }
if installed; then
  echo "code-server $VERSION already installed in $DEST" >&2
  echo "$DEST/node_modules/.bin/code-server"
  exit 0
fi

# One install at a time (two test runs may start together); the second finds it done.
mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.code-server-$VERSION.lock"
flock 9
if installed; then
  echo "code-server $VERSION installed meanwhile in $DEST" >&2
  echo "$DEST/node_modules/.bin/code-server"
  exit 0
fi

if [ ! -x /usr/bin/rg ]; then
  echo "install-code-server: /usr/bin/rg missing; run scripts/install-system-deps.sh first" >&2
  exit 1
fi

start=$(date +%s)
echo "install-code-server: installing code-server@$VERSION into $DEST" >&2
rm -rf "$DEST"
mkdir -p "$DEST"
cd "$DEST"
# A package.json of its own so npm installs here, not in a parent project.
printf '{ "name": "ctd-code-server-cache", "private": true }\n' > package.json

export npm_config_yes=true
export npm_config_fund=false
export npm_config_audit=false
export npm_config_update_notifier=false

step() { echo "install-code-server: [$(( $(date +%s) - start ))s] $*" >&2; }

step "npm install --ignore-scripts code-server@$VERSION"
npm install --ignore-scripts --no-save --loglevel=error "code-server@$VERSION" >&2

VSCODE_DIR="$DEST/node_modules/code-server/lib/vscode"
cd "$VSCODE_DIR"
step "lib/vscode: npm install --omit=dev --ignore-scripts"
npm install --omit=dev --ignore-scripts --loglevel=error >&2

step "lib/vscode: ripgrep from Debian"
mkdir -p node_modules/@vscode/ripgrep/bin
cp /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
chmod +x node_modules/@vscode/ripgrep/bin/rg

step "lib/vscode: npm rebuild (native modules)"
npm rebuild --loglevel=error >&2

step "lib/vscode: symlinks"
ln -sfn node_modules node_modules.asar
( cd bin/remote-cli && ln -sfn code-linux.sh code-server )
( cd bin/helpers && ln -sfn browser-linux.sh browser.sh )

step "lib/vscode/extensions: npm install --omit=dev"
( cd extensions && npm install --omit=dev --loglevel=error >&2 )

cd "$DEST"
step "npm rebuild argon2"
npm rebuild argon2 --loglevel=error >&2

step "smoke: code-server --version"
# (its own config dir, so the smoke run writes nothing to ~/.config)
XDG_CONFIG_HOME="$DEST/.config" XDG_DATA_HOME="$DEST/.local" "$DEST/node_modules/.bin/code-server" --version >&2

date -u +%Y-%m-%dT%H:%M:%SZ > "$MARKER"
step "done"
echo "$DEST/node_modules/.bin/code-server"
