#!/usr/bin/env bash
# @vscode/ripgrep's postinstall downloads rg from GitHub, which these machines cannot reach. It first looks in
# $TMPDIR/vscode-ripgrep-cache-<its version>/ for the archive, so put Debian's rg there under the names it asks for.
set -euo pipefail
rg="${1:-/usr/bin/rg}"
: "${TMPDIR:=/tmp}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cp "$rg" "$work/rg"
for pkg in 1.15.11 1.15.13 1.15.14 1.16.0 1.17.0 1.17.1; do
  for rgv in v13.0.0-10 v13.0.0-13 v14.1.1-1 v15.0.0 v15.0.1; do
    d="$TMPDIR/vscode-ripgrep-cache-$pkg"; mkdir -p "$d"
    f="$d/ripgrep-$rgv-x86_64-unknown-linux-musl.tar.gz"
    [ -f "$f" ] || tar czf "$f" -C "$work" rg
  done
done
