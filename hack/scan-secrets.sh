#!/usr/bin/env bash
# Fails when the working tree contains something that looks like a credential. Uses gitleaks built
# from its Go module (pinned), cached outside the repository.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LOG_TAG=scan-secrets
# shellcheck source=hack/lib.sh
source "$ROOT/hack/lib.sh"
VERSION=v8.28.0
BIN_DIR="$(cache_root)/gitleaks/$VERSION"
BIN="$BIN_DIR/gitleaks"

if ! [[ -x "$BIN" ]] || ! "$BIN" version 2>/dev/null | grep -q "${VERSION#v}"; then
  log "building gitleaks $VERSION from its Go module into $BIN_DIR"
  mkdir -p "$BIN_DIR"
  start=$(date +%s)
  GOFLAGS=-mod=mod GOBIN="$BIN_DIR" "$(find_go)" install -trimpath \
    -ldflags "-s -w -X github.com/zricethezav/gitleaks/v8/version.Version=$VERSION" \
    "github.com/zricethezav/gitleaks/v8@$VERSION"
  log "built in $(($(date +%s) - start))s"
fi

cd "$ROOT"
# Tracked files only: build outputs and caches are not part of what we commit.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git ls-files -z | xargs -0 -I{} cp --parents {} "$tmp" 2>/dev/null || true
"$BIN" dir "$tmp" --config "$ROOT/.gitleaks.toml" --no-banner --redact --exit-code 1
log "no credentials in tracked files"
