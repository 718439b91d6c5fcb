# shellcheck shell=bash
# Helpers shared by the hack/ scripts. Source it after `set -euo pipefail`:
#
#   HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
#   LOG_TAG=build-peers            # the [tag] of every log line
#   source "$HACK_DIR/lib.sh"
#
# Optional settings (before or after sourcing):
#   LOG_ELAPSED=1    log lines also show the seconds since the script started
#   WAIT_TICK=name   a function wait_for calls on every poll (e.g. a liveness check)
#
# It defines functions only (and CHOSEN_PORTS for free_port); sourcing runs nothing.

# Progress and errors go to stderr, so stdout stays free for a script's result line.
log() {
  if [[ ${LOG_ELAPSED:-0} == 1 ]]; then
    printf '[%s %2ds] %s\n' "${LOG_TAG:-hack}" "$SECONDS" "$*" >&2
  else
    printf '[%s] %s\n' "${LOG_TAG:-hack}" "$*" >&2
  fi
}
die() { log "ERROR: $*"; exit 1; }

# Root of the cache for tools built or installed outside the repository.
cache_root() { echo "${COSTCRED_CACHE:-$HOME/.cache/costcred}"; }

# cache_dir TOOL VERSION: creates $(cache_root)/TOOL/VERSION, removes the leftovers of an
# interrupted build there (.build.*), and prints the directory.
cache_dir() {
  local d
  d="$(cache_root)/$1/$2"
  mkdir -p "$d"
  rm -rf "$d"/.build.*
  echo "$d"
}

# The go command: $GO, else go on PATH, else /usr/local/go/bin/go.
find_go() {
  if [[ -n "${GO:-}" ]]; then echo "$GO"; return; fi
  if command -v go >/dev/null 2>&1; then command -v go; return; fi
  [[ -x /usr/local/go/bin/go ]] && { echo /usr/local/go/bin/go; return; }
  die "no Go toolchain found (set GO=/path/to/go)"
}

# Logs the Go toolchain and its caches (what a slow or failing build depends on).
log_go_env() {
  local go_bin=$1
  log "go: $("$go_bin" version), GOMODCACHE=$("$go_bin" env GOMODCACHE), GOCACHE=$("$go_bin" env GOCACHE)"
}

# go_build_into OUT_DIR MODULE_DIR GO_BUILD_ARGS...: `go build` (CGO off, -trimpath, -p
# ${BUILD_PARALLEL:-2}) in MODULE_DIR into a temporary directory inside OUT_DIR, then moves every
# binary into OUT_DIR: an interrupted build never leaves a half-written binary that a version
# check could trust. GO_BIN names the go command; GOFLAGS, GOTOOLCHAIN and the like come from the
# caller's environment (e.g. `GOFLAGS=-mod=readonly go_build_into ...`).
go_build_into() {
  local out_dir=$1 dir=$2; shift 2
  local tmp f
  tmp=$(mktemp -d "$out_dir/.build.XXXXXX")
  (
    cd "$dir"
    CGO_ENABLED=0 "$GO_BIN" build -p "${BUILD_PARALLEL:-2}" -trimpath -o "$tmp/" "$@"
  ) || { rm -rf "$tmp"; die "go build failed: $*"; }
  for f in "$tmp"/*; do mv -f "$f" "$out_dir/"; done
  rmdir "$tmp"
}

# Value of "KEY": "value" in flat JSON (`go mod download -json`, a module's .info file).
json_field() { grep -o "\"$1\": *\"[^\"]*\"" | head -1 | sed 's/.*: *"\(.*\)"$/\1/'; }

# download_module MODULE VERSION WORK_DIR: downloads the module itself (not its dependencies)
# into the module cache, checked against the checksum database like any module, and sets
# MOD_SRC (its directory there, read-only) and MOD_TIME (its commit time). Runs in WORK_DIR,
# outside any module, so that no go.mod around us is consulted. GO_BIN names the go command.
download_module() {
  local module=$1 version=$2 work=$3 json info
  json=$(cd "$work" && GOFLAGS= GOTOOLCHAIN=local "$GO_BIN" mod download -json "$module@$version") \
    || die "go mod download $module@$version failed"
  MOD_SRC=$(json_field Dir <<<"$json")
  info=$(json_field Info <<<"$json")
  [[ -f "$MOD_SRC/go.mod" ]] || die "module directory not found (got '$MOD_SRC')"
  MOD_TIME=$(json_field Time <"$info")
  MOD_TIME=${MOD_TIME:-1970-01-01T00:00:00Z}
  log "module: $MOD_SRC ($(awk '$1=="go" {print "go " $2; exit}' "$MOD_SRC/go.mod"))"
}

# True if binary $1 exists and the first lines of `$1 $2` contain $3.
# $2 is split on spaces (e.g. "version --client").
has_version() {
  local bin=$1 args=$2 want=$3 out
  [[ -x "$bin" ]] || return 1
  # shellcheck disable=SC2086  # $args is a deliberately split argument list
  out=$("$bin" $args 2>&1 | head -5) || return 1
  [[ "$out" == *"$want"* ]]
}

# reuse_built BIN ARGS WANT: unless FORCE=1, when BIN already reports WANT (has_version), logs
# so and prints BIN (the scripts' result line); returns 1 when BIN must be built.
reuse_built() {
  local bin=$1 args=$2 want=$3
  [[ ${FORCE:-0} != 1 ]] || return 1
  has_version "$bin" "$args" "$want" || return 1
  # shellcheck disable=SC2086  # $args is a deliberately split argument list
  log "ok: $("$bin" $args 2>&1 | head -1) already built"
  echo "$bin"
}

# A free TCP port on 127.0.0.1 (needs ss). There is a window between choosing
# and binding, so ports already chosen by this script are excluded too. The
# port comes from below the kernel's ephemeral range, where no outgoing
# connection takes its local port: inside that range a port free when chosen
# can be held by a connection when the component binds it (a CI dry run lost
# kube-scheduler that way: port 48696, "bind: address already in use", while
# the components started before it were opening connections). No socket at all
# may use it, listening or not.
CHOSEN_PORTS=" "
free_port() {
  local p i low=32768 lo=20000 hi
  read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
  hi=$((low - 1))
  if ((hi - lo < 2000)); then # an unusual range: the old span, checked all the same
    hi=49999
  fi
  for i in $(seq 1 200); do
    p=$((lo + RANDOM % (hi - lo + 1)))
    [[ $CHOSEN_PORTS == *" $p "* ]] && continue
    if ! ss -Htan "sport = :$p" | grep -q .; then
      CHOSEN_PORTS+="$p "
      echo "$p"
      return
    fi
  done
  die "no free port found"
}

# wait_for SECONDS WHAT CMD...: polls CMD every 0.5 s until it succeeds; after
# SECONDS logs that it timed out waiting for WHAT and returns 1.
wait_for() {
  local timeout=$1 what=$2; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      log "timed out after ${timeout}s waiting for $what"
      return 1
    fi
    if [[ -n ${WAIT_TICK:-} ]]; then "$WAIT_TICK"; fi
    sleep 0.5
  done
}
