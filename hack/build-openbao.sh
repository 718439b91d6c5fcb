#!/usr/bin/env bash
# Build the OpenBao server (`bao`, a Vault-API-compatible server) from Go
# modules into a cache directory outside the repository:
#
#   ${COSTCRED_CACHE:-$HOME/.cache/costcred}/openbao/<version>/bao
#
# The tests (test-support/src/main/java/io/costcred/testsupport/OpenBaoServer)
# start it as `bao server -dev` on 127.0.0.1.
#
# Sources of truth:
#   hack/openbao/VERSION   release number (directory name and `bao version` check)
#   hack/openbao/go.mod    wrapper module: OpenBao pinned as the pseudo-version of
#                          that release's tag commit; api/sdk sub-modules at the
#                          published versions of the same release
#   hack/openbao/go.sum    committed. Seeded from OpenBao's own go.sum of the
#                          pinned commit: the checksum database does not answer
#                          for some go-kms-wrapping versions, and a go.sum entry
#                          makes the go command verify against it instead.
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
MOD_DIR="$HACK_DIR/openbao"

LOG_TAG=build-openbao
# shellcheck source=hack/lib.sh
source "$HACK_DIR/lib.sh"

main() {
  GO_BIN=$(find_go)
  local version pseudo commit build_date out_dir bin start
  version=$(tr -d '[:space:]' <"$MOD_DIR/VERSION")
  [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "bad version '$version' in hack/openbao/VERSION"
  pseudo=$(awk '$1=="require" && $2=="github.com/openbao/openbao" {print $3; exit}' "$MOD_DIR/go.mod")
  [[ $pseudo =~ ^v0\.0\.0-([0-9]{14})-([0-9a-f]{12})$ ]] || die "cannot find the OpenBao pseudo-version in hack/openbao/go.mod"
  commit=${BASH_REMATCH[2]}
  local ts=${BASH_REMATCH[1]}
  build_date="${ts:0:4}-${ts:4:2}-${ts:6:2}T${ts:8:2}:${ts:10:2}:${ts:12:2}Z"
  # The api and sdk modules must be the published ones of the same release.
  grep -q "github.com/openbao/openbao/api/v2 v$version\$" "$MOD_DIR/go.mod" \
    || die "hack/openbao/go.mod does not pin api/v2 v$version (VERSION and go.mod disagree)"
  grep -q "github.com/openbao/openbao/sdk/v2 v$version\$" "$MOD_DIR/go.mod" \
    || die "hack/openbao/go.mod does not pin sdk/v2 v$version (VERSION and go.mod disagree)"

  out_dir=$(cache_dir openbao "$version")
  bin="$out_dir/bao"
  log "OpenBao $version ($pseudo) -> $bin"
  reuse_built "$bin" version "OpenBao v$version " && return

  log_go_env "$GO_BIN"
  start=$SECONDS
  local pkg=github.com/openbao/openbao/version
  # Same variables OpenBao's goreleaser sets. CGO off (go_build_into): a static
  # binary, like the upstream linux release. -mod=readonly: the committed
  # go.mod/go.sum are the whole truth; a missing entry fails instead of being
  # looked up. go names the binary after the module: openbao.
  GOFLAGS="-mod=readonly -buildvcs=false" go_build_into "$out_dir" "$MOD_DIR" \
    -ldflags "-s -w -X $pkg.fullVersion=$version -X $pkg.GitCommit=$commit -X $pkg.BuildDate=$build_date" \
    github.com/openbao/openbao
  mv -f "$out_dir/openbao" "$bin"

  has_version "$bin" version "OpenBao v$version " || die "built binary does not report v$version: $("$bin" version 2>&1 | head -1)"
  log "built: $("$bin" version | head -1)"
  log "done in $((SECONDS - start))s; $(du -sh "$bin" | cut -f1) in $out_dir"
  echo "$bin"
}

main "$@"
