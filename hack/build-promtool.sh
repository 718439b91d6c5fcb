#!/usr/bin/env bash
# Build Prometheus' promtool from Go modules into a cache directory outside the
# repository:
#
#   ${COSTCRED_CACHE:-$HOME/.cache/costcred}/promtool/<version>/promtool
#
# The chart's alert rules are unit-tested with it (`promtool test rules`, see
# deploy/prometheus/ and operator/src/test/java/io/costcred/operator/platform/).
#
# Sources of truth:
#   hack/promtool/VERSION   Prometheus release (directory name and --version check)
#   hack/promtool/go.mod    wrapper module. Prometheus 3.MM.P is published as Go
#                           module version v0.3MM.P (3.15.0 -> v0.315.0). Its go.mod
#                           has a replace directive (cloud.google.com/go), which
#                           `go install pkg@version` refuses, so it is built from
#                           this wrapper, which copies the replace.
#   hack/promtool/go.sum    committed; the build runs with -mod=readonly.
# Why 3.15.0 and not 3.16.0: 3.16.0 needs pseudo-versions of google/pprof and
# prometheus/client_golang/exp that the Go module proxy does not serve (403).
#
# Build tag remove_all_sd (Prometheus' own, see its plugins/ package) leaves out
# the cloud service-discovery plugins (AWS, Azure, GCE, ...), which promtool's rule
# tests never use, so they are not compiled.
#
# Cost (2 cores, Go 1.26): about 13 minutes on an empty module and build cache
# (760 s wall, 230 s CPU: mostly downloading ~930 MB of modules), 0.1 s once the
# binary is cached.
#
# Idempotent: a binary that is present and reports the expected version is not
# rebuilt. Last line of stdout is the path of the binary.
#
# Environment:
#   COSTCRED_CACHE   cache root (default $HOME/.cache/costcred)
#   GO               go command (default: go on PATH, else /usr/local/go/bin/go)
#   BUILD_PARALLEL   go build -p value (default 2)
#   FORCE=1          rebuild even if the binary is present
set -euo pipefail

HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MOD_DIR="$HACK_DIR/promtool"

LOG_TAG=build-promtool
# shellcheck source=hack/lib.sh
source "$HACK_DIR/lib.sh"

main() {
  GO_BIN=$(find_go)
  local version module_version out_dir bin start
  version=$(tr -d '[:space:]' <"$MOD_DIR/VERSION")
  [[ $version =~ ^3\.([0-9]+)\.([0-9]+)$ ]] || die "bad version '$version' in hack/promtool/VERSION (want 3.MM.P)"
  module_version="v0.$((300 + BASH_REMATCH[1])).${BASH_REMATCH[2]}"
  grep -q "^require github.com/prometheus/prometheus $module_version\$" "$MOD_DIR/go.mod" \
    || die "hack/promtool/go.mod does not require prometheus $module_version (VERSION and go.mod disagree)"

  out_dir=$(cache_dir promtool "$version")
  bin="$out_dir/promtool"
  log "promtool $version (github.com/prometheus/prometheus@$module_version) -> $bin"
  reuse_built "$bin" --version "promtool, version $version " && return

  log_go_env "$GO_BIN"
  start=$SECONDS
  local pkg=github.com/prometheus/common/version
  # Same variables Prometheus' promu build sets. CGO off (go_build_into): a
  # static binary, like the upstream release. -mod=readonly: the committed
  # go.mod/go.sum are the whole truth. GOTOOLCHAIN=local: never download another Go.
  GOTOOLCHAIN=local GOFLAGS="-mod=readonly -buildvcs=false" go_build_into "$out_dir" "$MOD_DIR" \
    -tags remove_all_sd \
    -ldflags "-s -w -X $pkg.Version=$version -X $pkg.Revision=$module_version -X $pkg.Branch=release -X $pkg.BuildUser=costcred -X $pkg.BuildDate=module" \
    github.com/prometheus/prometheus/cmd/promtool

  has_version "$bin" --version "promtool, version $version " || die "built binary does not report $version: $("$bin" --version 2>&1 | head -1)"
  log "built: $("$bin" --version 2>&1 | head -1)"
  log "done in $((SECONDS - start))s; $(du -sh "$bin" | cut -f1) in $out_dir"
  echo "$bin"
}

main "$@"
