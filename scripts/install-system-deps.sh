#!/usr/bin/env bash
# Installs the Debian packages that the real-VS-Code runs need:
#  - build headers for code-server's native modules (kerberos, native-keymap, keytar, node-pty),
#  - ripgrep (code-server's search; its npm package would download rg from GitHub),
#  - chromium (the browser that connects to code-server; the extension host only starts then).
# Packages already installed are skipped; nothing is asked (non-interactive).
set -euo pipefail

PACKAGES=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-system-deps: all present (${PACKAGES[*]})"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

echo "install-system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-system-deps: done"
