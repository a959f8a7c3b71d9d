#!/usr/bin/env bash
# Installs what the VS Code integration suite needs, on demand, outside node_modules:
# code-server 4.100.3 (a full VS Code 1.100 for Node 20) in a cache folder, and
# Debian's chromium and ripgrep. Prints the code-server executable's path.
# Known traps (../shared/docs/real-editors.md): @vscode/ripgrep downloads from
# GitHub unless its cache holds a tarball; node-pty's postinstall needs npx to
# be allowed; native modules build against Node's own headers (npm's nodedir
# setting, so the user's npm config must stay in effect here).
set -euo pipefail
VERSION=4.100.3
CACHE="${GROUNDED_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/grounded-test}"
DIR="$CACHE/code-server-$VERSION"
BIN="$DIR/node_modules/.bin/code-server"

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
command -v rg >/dev/null || need_apt+=(ripgrep)
if [ ! -x "$BIN" ]; then
  for p in libkrb5-dev libsecret-1-dev libxkbfile-dev; do
    dpkg -s "$p" >/dev/null 2>&1 || need_apt+=("$p")
  done
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q "${need_apt[@]}" >&2 || { apt-get update -q >&2 && apt-get install -y -q "${need_apt[@]}" >&2; }
fi

if [ ! -x "$BIN" ]; then
  mkdir -p "$DIR"
  TMP="${TMPDIR:-/tmp}"
  RG_CACHE="$TMP/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$RG_CACHE"
  if [ ! -f "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" ]; then
    tar -C "$(dirname "$(command -v rg)")" -czf "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" rg
  fi
  (cd "$DIR" && [ -f package.json ] || echo '{"private":true}' > package.json)
  (cd "$DIR" && npm_config_yes=true npm i "code-server@$VERSION" --unsafe-perm --foreground-scripts --no-audit --no-fund >&2)
fi
echo "$BIN"
