#!/usr/bin/env bash
# Build the ArgoCD Lua test harness (hack/argocd-lua: gopher-lua, the interpreter ArgoCD embeds,
# in a sandbox like ArgoCD's) into a cache directory outside the repository, keyed by the hash of
# its sources:
#
#   ${COSTCRED_CACHE:-$HOME/.cache/costcred}/argocd-lua/<hash>/argocd-lua
#
# Run it on deploy/argocd (the health check and the resource actions, with health_test.yaml and
# actions_test.yaml):
#
#   "$(hack/build-argocd-lua.sh)" deploy/argocd
#
# The operator's ArgoLuaTest does that in every build; `make test` and `make test-fast` build
# the harness first.
#
#   hack/build-argocd-lua.sh          build if needed; last line of stdout: the binary
#   hack/build-argocd-lua.sh --path   print where the binary belongs, build nothing
#
# The hash covers go.mod, go.sum and the *.go files, so a changed harness is rebuilt and two
# worktrees with different harnesses never share a binary. Binds nothing, starts nothing.
# go.sum is committed; the build runs with -mod=readonly. GOMODCACHE and GOCACHE are Go's
# defaults (outside the repository).
#
# Cost (2 cores, Go 1.26): see hack/README.md (cold build with an empty build cache, warm 0.1 s).
#
# Environment:
#   COSTCRED_CACHE   cache root (default $HOME/.cache/costcred)
#   GO               go command (default: go on PATH, else /usr/local/go/bin/go)
#   BUILD_PARALLEL   go build -p value (default 2)
#   FORCE=1          rebuild even if the binary is present
set -euo pipefail

HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MOD_DIR="$HACK_DIR/argocd-lua"

LOG_TAG=build-argocd-lua
# shellcheck source=hack/lib.sh
source "$HACK_DIR/lib.sh"

# First 16 hex digits of sha256 over "<name>\n<content>" of each source file, in C sort order.
source_hash() {
  local f
  (
    cd "$MOD_DIR"
    for f in $(printf '%s\n' go.mod go.sum *.go | LC_ALL=C sort); do
      printf '%s\n' "$f"
      cat "$f"
    done
  ) | sha256sum | cut -c1-16
}

main() {
  local hash out_dir bin start
  hash=$(source_hash)
  if [[ ${1:-} == --path ]]; then
    echo "$(cache_root)/argocd-lua/$hash/argocd-lua"
    return
  fi
  [[ $# -eq 0 ]] || die "usage: $0 [--path]"
  out_dir=$(cache_dir argocd-lua "$hash")
  bin="$out_dir/argocd-lua"
  if [[ ${FORCE:-0} != 1 && -x $bin ]]; then
    log "ok: $bin already built"
    echo "$bin"
    return
  fi
  GO_BIN=$(find_go)
  log_go_env "$GO_BIN"
  start=$SECONDS
  GOTOOLCHAIN=local GOFLAGS="-mod=readonly -buildvcs=false" go_build_into "$out_dir" "$MOD_DIR" \
    -ldflags "-s -w" .
  [[ -x $bin ]] || die "go build wrote no $bin"
  log "built $bin in $((SECONDS - start))s"
  echo "$bin"
}

main "$@"
