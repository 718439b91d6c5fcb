#!/usr/bin/env bash
# Build the Argo Rollouts controller (rollouts-controller) from its Go module into a
# cache directory outside the repository, next to the CRDs of the same release:
#
#   ${COSTCRED_CACHE:-$HOME/.cache/costcred}/argo-rollouts/<version>/rollouts-controller
#   ${COSTCRED_CACHE:-$HOME/.cache/costcred}/argo-rollouts/<version>/crds/*.yaml
#
# hack/cluster.sh applies the CRDs and runs the controller as a peer of the local
# cluster, so that workload restarts of Rollouts (argoproj.io/v1alpha1) are done by
# the real controller.
#
# Source of truth: ARGO_ROLLOUTS_VERSION below. The module is fetched from the Go
# module proxy (checked against the checksum database like any module) and built in
# its own directory with its own go.mod/go.sum (-mod=readonly), so the dependency
# versions and replace directives are exactly upstream's; no wrapper module needed.
# Why v1.10.1: the newest release whose go.mod builds with the installed Go 1.26.8
# without GOTOOLCHAIN. v1.10.2 and v1.9.3 (both 2026-11-03) declare `go 1.26.10`.
#
# The CRDs are the module's manifests/crds/*-crd.yaml of the same version with their
# description fields (schema documentation, two thirds of the 3 MB) left out: the
# validation is the same, and the apiserver spends about half the CPU on them
# (measured: ~7 s -> ~3.5 s of kube-apiserver CPU per cluster start).
#
# Version stamp: the module zip carries no git commit, so --version prints
# "v<version>+unknown" (utils/version formats the tag only when a commit is set).
#
# Cost (2 cores, Go 1.26.8), measured: cold (empty module and build cache) 404 s
# wall, 490 s user + 120 s sys CPU, 1.5 GB of modules downloaded, 1.7 GB of build
# cache, 1.5 GB peak RSS; 6 s to rebuild with warm caches; 0.4 s once everything is
# cached. The binary is 91 MiB (stripped, static).
#
# Idempotent: a binary that reports the expected version is not rebuilt, CRDs
# already written are not rewritten. Last line of stdout is the directory.
#
# Environment:
#   COSTCRED_CACHE          cache root (default $HOME/.cache/costcred)
#   GO                      go command (default: go on PATH, else /usr/local/go/bin/go)
#   BUILD_PARALLEL          go build -p value (default 2)
#   FORCE=1                 rebuild the binary and rewrite the CRDs
set -euo pipefail

HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ARGO_ROLLOUTS_VERSION=v1.10.1
MODULE=github.com/argoproj/argo-rollouts
CRDS=(rollout-crd.yaml analysis-run-crd.yaml analysis-template-crd.yaml
      cluster-analysis-template-crd.yaml experiment-crd.yaml)

LOG_TAG=build-argo-rollouts
# shellcheck source=hack/lib.sh
source "$HACK_DIR/lib.sh"

# True if OUT_DIR holds a binary that reports the pinned version.
# "v1.10.1+": the trailing + keeps e.g. v1.10.10 from matching.
binary_ok() { has_version "$OUT_DIR/rollouts-controller" --version "$ARGO_ROLLOUTS_VERSION+"; }

# True if OUT_DIR/crds holds every CRD, already without descriptions.
crds_ok() {
  local f
  for f in "${CRDS[@]}"; do
    [[ -s "$OUT_DIR/crds/$f" ]] || return 1
    ! grep -q '^ *-\{0,1\} *description: ' "$OUT_DIR/crds/$f" || return 1
  done
}

# Prints CRD YAML $1 without its description fields (the OpenAPI schema's
# documentation: two thirds of the 3 MB). A description scalar is its key line plus
# every following line indented deeper than the key (block scalar or folded plain
# text, blank lines included); a "- description:" that opens a list item keeps its
# "-". A property *named* description has no value on its key line and is kept.
# Checked for v1.10.1: the parsed result equals upstream's parsed YAML with every
# string-valued description key removed.
strip_descriptions() {
  awk '
    skip {
      match($0, /^ */)
      if (RLENGTH > ind || $0 ~ /^[[:space:]]*$/) next
      skip = 0
    }
    /^ *- description: / { match($0, /^ */); print substr($0, 1, RLENGTH) "-"; ind = RLENGTH + 2; skip = 1; next }
    /^ *description: / { match($0, /^ */); ind = RLENGTH; skip = 1; next }
    { print }
  ' "$1"
}

# Writes the module's CRDs, without descriptions, into $OUT_DIR/crds (through a
# temporary directory: a half-written set must never count as done).
write_crds() {
  local tmp f
  tmp=$(mktemp -d "$OUT_DIR/.build.XXXXXX")
  for f in "${CRDS[@]}"; do
    [[ -f "$MOD_SRC/manifests/crds/$f" ]] || die "$MODULE@$ARGO_ROLLOUTS_VERSION has no manifests/crds/$f"
    strip_descriptions "$MOD_SRC/manifests/crds/$f" >"$tmp/$f"
    grep -q '^kind: CustomResourceDefinition$' "$tmp/$f" || die "stripping $f went wrong"
    chmod 0644 "$tmp/$f"
  done
  chmod 0755 "$tmp"
  rm -rf "$OUT_DIR/crds"
  mv "$tmp" "$OUT_DIR/crds"
  log "CRDs: $(du -sh "$MOD_SRC/manifests/crds" | cut -f1) upstream, $(du -sh "$OUT_DIR/crds" | cut -f1) without descriptions"
}

main() {
  local start=$SECONDS force=${FORCE:-0}
  OUT_DIR=$(cache_dir argo-rollouts "${ARGO_ROLLOUTS_VERSION#v}")
  log "argo-rollouts $ARGO_ROLLOUTS_VERSION -> $OUT_DIR"
  if [[ $force != 1 ]] && binary_ok && crds_ok; then
    log "ok: $("$OUT_DIR/rollouts-controller" --version 2>&1 | head -1) and its CRDs already built"
    echo "$OUT_DIR"
    return
  fi

  GO_BIN=$(find_go)
  log_go_env "$GO_BIN"
  download_module "$MODULE" "$ARGO_ROLLOUTS_VERSION" "$OUT_DIR"
  if [[ $force != 1 ]] && crds_ok; then log "ok: CRDs already written"; else write_crds; fi
  if [[ $force != 1 ]] && binary_ok; then
    log "ok: $("$OUT_DIR/rollouts-controller" --version 2>&1 | head -1) already built"
  else
    local pkg=$MODULE/utils/version
    # Same variables upstream's Makefile sets (gitCommit stays empty: unknown here).
    # -mod=readonly: upstream's go.sum is the whole truth. GOTOOLCHAIN=local: never
    # download another Go; a release that needs a newer one fails here with go's own
    # "go.mod requires go >= ..." message.
    GOTOOLCHAIN=local GOFLAGS="-mod=readonly -buildvcs=false" go_build_into "$OUT_DIR" "$MOD_SRC" \
      -ldflags "-s -w -X $pkg.version=${ARGO_ROLLOUTS_VERSION#v} -X $pkg.buildDate=$MOD_TIME -X $pkg.gitTag=$ARGO_ROLLOUTS_VERSION -X $pkg.gitTreeState=clean" \
      ./cmd/rollouts-controller
    binary_ok || die "built binary does not report $ARGO_ROLLOUTS_VERSION: $("$OUT_DIR/rollouts-controller" --version 2>&1 | head -1)"
    log "built: $("$OUT_DIR/rollouts-controller" --version 2>&1 | head -1)"
  fi

  crds_ok || die "CRDs incomplete in $OUT_DIR/crds"
  log "done in $((SECONDS - start))s; $(du -sh "$OUT_DIR/rollouts-controller" | cut -f1) binary in $OUT_DIR"
  echo "$OUT_DIR"
}

main "$@"
