#!/usr/bin/env bash
# Installs what the end-to-end suites drive, OUTSIDE the extension's dependencies: code-server (a
# complete VS Code: workbench in the browser, extension host on Node) and playwright-core, in
# .e2e/ with its own package.json, so `npm ci` stays fast and nothing leaks into the vsix.
# The Debian side (chromium, neovim, ripgrep, headers for code-server's native modules) is installed
# by .ci/run; run it yourself as root on a fresh machine:
#   apt-get install libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev ripgrep chromium neovim
#   apt-get install emacs-nox elpa-eglot   # the eglot recipe's test (Emacs 29+ has eglot built in)
# Idempotent: a second run with the same versions does nothing. See ../shared/E2E.md for the why.
set -euo pipefail
cd "$(dirname "$0")/.."

CODE_SERVER=4.100.3        # 4.103+ needs Node 22; 4.100.x is the last line that runs on Node 20
PLAYWRIGHT=1.65.1
RIPGREP_PKG=1.15.11        # @vscode/ripgrep as pinned inside code-server 4.100.3
RIPGREP_BIN=v13.0.0-10     # the rg release that package downloads from GitHub (no GitHub here)

dir=.e2e
stamp="$dir/installed-$CODE_SERVER-$PLAYWRIGHT"
if [ -f "$stamp" ] && [ -x "$dir/node_modules/.bin/code-server" ]; then
  echo "e2e-setup: code-server $CODE_SERVER and playwright-core $PLAYWRIGHT already in $dir"
  exit 0
fi
command -v rg >/dev/null || { echo "e2e-setup: ripgrep (rg) is missing: apt-get install ripgrep" >&2; exit 1; }

rm -rf "$dir" && mkdir -p "$dir/tmp"
cat > "$dir/package.json" <<JSON
{
  "name": "paved-road-e2e-tools",
  "private": true,
  "description": "Tools the end-to-end suites drive; created by scripts/e2e-setup.sh, never shipped.",
  "dependencies": { "code-server": "$CODE_SERVER", "playwright-core": "$PLAYWRIGHT" }
}
JSON

# @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache already holds the archive:
# hand it Debian's rg under the name it looks for.
export TMPDIR="$PWD/$dir/tmp"
cache="$TMPDIR/vscode-ripgrep-cache-$RIPGREP_PKG"
mkdir -p "$cache"
cp "$(command -v rg)" "$TMPDIR/rg"
tar -C "$TMPDIR" -czf "$cache/ripgrep-$RIPGREP_BIN-x86_64-unknown-linux-musl.tar.gz" rg
rm "$TMPDIR/rg"

# unsafe_perm: code-server's postinstall refuses root without it; yes: node-pty's postinstall runs
# `npx node-gyp`, which would otherwise wait for a "yes" and fail.
(cd "$dir" && npm_config_unsafe_perm=true npm_config_yes=true PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
  npm install --no-audit --no-fund --loglevel=error >install.log 2>&1) || {
  echo "e2e-setup: npm install in $dir failed; last lines of $dir/install.log:" >&2
  tail -40 "$dir/install.log" >&2
  exit 1
}
"$dir/node_modules/.bin/code-server" --version >/dev/null
touch "$stamp"
echo "e2e-setup: installed code-server $CODE_SERVER and playwright-core $PLAYWRIGHT in $dir"
