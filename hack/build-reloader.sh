#!/usr/bin/env bash
# Build Stakater Reloader from its Go module into a cache directory outside the repository:
#
#   ${COSTCRED_CACHE:-$HOME/.cache/costcred}/reloader/<version>/reloader
#
# The bench's restart phase runs it next to the operator (bench/README.md). Reloader is what
# platform teams run today to restart workloads when a Secret changes; the phase measures both on
# the same cluster in the same run.
#
# Source of truth: RELOADER_VERSION below. The module is fetched from the Go module proxy (checked
# against the checksum database like any module) and built in a copy of its directory with its own
# go.sum (-mod=readonly), with three changes:
#   - Its metrics server listens on ":9090" (all interfaces; no flag changes it). Tests here bind
#     every server to 127.0.0.1, so the address becomes "127.0.0.1:0" (loopback, a free port: the
#     bench finds it in /proc and refuses any binary that listens beyond loopback).
#   - OpenShift, twice. Its go.mod pins github.com/openshift/api at a pseudo-version the module
#     proxy this project reaches does not serve (`403 Forbidden, This module version is not
#     available`; v1.4.21 is not served at all; only v3.9.0+incompatible of openshift/api is
#     listed). Both openshift requirements are dropped.
#   - pkg/kube/client.go creates an OpenShift apps client only on a cluster that serves
#     project.openshift.io (never this one) and stores it in a field nothing reads: the field
#     becomes an untyped nil. internal/pkg/handler/delete.go imports the test helpers (which use
#     OpenShift types) for one constant, GetSHAfromEmptyData(): that call is inlined as the helper's
#     own expression.
# Every change is an exact text replacement checked before the build: an upstream release whose
# text differs fails here instead of building something else. Reloader's handling of Deployments,
# StatefulSets, DaemonSets, Secrets and its restart strategies is untouched.
#
# Version stamp: Reloader has no --version flag; pkg/common.Version is set as upstream's Dockerfile
# does, and `reloader.stamp` next to the binary records the version and this script's patch level.
#
# Cost (2 cores, Go 1.26.8), measured: 54 s with the module cache the other peers had filled
# (client-go, the Argo Rollouts client), 4 s to rebuild, 0.1 s once built; 48 MiB binary.
#
# Idempotent: a binary whose stamp matches is not rebuilt. Last line of stdout is the binary.
#
# Environment:
#   COSTCRED_CACHE   cache root (default $HOME/.cache/costcred)
#   GO               go command (default: go on PATH, else /usr/local/go/bin/go)
#   BUILD_PARALLEL   go build -p value (default 2)
#   FORCE=1          rebuild
set -euo pipefail

HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RELOADER_VERSION=v1.4.22
MODULE=github.com/stakater/Reloader
PATCH_LEVEL=loopback-no-openshift-1

LOG_TAG=build-reloader
# shellcheck source=hack/lib.sh
source "$HACK_DIR/lib.sh"

stamp() { echo "$MODULE $RELOADER_VERSION $PATCH_LEVEL"; }

# replace FILE OLD NEW: replaces the one occurrence of OLD in FILE, or fails.
replace() {
  python3 - "$1" "$2" "$3" <<'PY'
import sys
path, old, new = sys.argv[1:4]
text = open(path).read()
if text.count(old) != 1:
    sys.exit(f"{path}: expected exactly one occurrence of {old!r}, found {text.count(old)}")
open(path, "w").write(text.replace(old, new))
PY
}

# Binds the metrics server to loopback and drops the OpenShift client and the test-helper import
# (see the header) in source copy $1.
patch_source() {
  local src=$1 client=$1/pkg/kube/client.go delete=$1/internal/pkg/handler/delete.go
  chmod -R u+w "$src"
  replace "$src/internal/pkg/constants/constants.go" 'DefaultHttpListenAddr = ":9090"' \
    'DefaultHttpListenAddr = "127.0.0.1:0"'
  replace "$client" $'\tappsclient "github.com/openshift/client-go/apps/clientset/versioned"\n' ''
  replace "$client" 'OpenshiftAppsClient appsclient.Interface' 'OpenshiftAppsClient interface{}'
  replace "$client" $'\tvar appsClient *appsclient.Clientset\n\n\tif IsOpenshift {\n\t\tappsClient, err = GetOpenshiftAppsClient()\n\t\tif err != nil {\n\t\t\tlogrus.Warnf("Unable to create Openshift Apps client error = %v", err)\n\t\t}\n\t}\n' $'\tvar appsClient interface{}\n'
  replace "$client" $'// GetOpenshiftAppsClient returns an Openshift Client that can query on Apps\nfunc GetOpenshiftAppsClient() (*appsclient.Clientset, error) {\n\tconfig, err := getConfig()\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\treturn appsclient.NewForConfig(config)\n}\n\n' ''
  replace "$delete" $'\t"github.com/stakater/Reloader/internal/pkg/testutil"\n' $'\t"github.com/stakater/Reloader/internal/pkg/crypto"\n'
  replace "$delete" 'testutil.GetSHAfromEmptyData()' 'crypto.GenerateSHA("__RELOADER_EMPTY_DELETE_MARKER__")'
  grep -q 'return crypto.GenerateSHA("__RELOADER_EMPTY_DELETE_MARKER__")' \
    "$src/internal/pkg/testutil/kube.go" || die "GetSHAfromEmptyData changed upstream"
  (cd "$src" && GOFLAGS= "$GO_BIN" mod edit \
    -droprequire github.com/openshift/api -droprequire github.com/openshift/client-go)
}

main() {
  local start=$SECONDS out_dir src pkg
  out_dir=$(cache_dir reloader "${RELOADER_VERSION#v}")
  log "reloader $RELOADER_VERSION -> $out_dir"
  if [[ ${FORCE:-0} != 1 && -x "$out_dir/reloader" && "$(cat "$out_dir/reloader.stamp" 2>/dev/null)" == "$(stamp)" ]]; then
    log "ok: $(stamp) already built"
    echo "$out_dir/reloader"
    return
  fi
  GO_BIN=$(find_go)
  log_go_env "$GO_BIN"
  download_module "$MODULE" "$RELOADER_VERSION" "$out_dir"
  src=$(mktemp -d "$out_dir/.build.XXXXXX")
  cp -r "$MOD_SRC/." "$src/"
  patch_source "$src"
  pkg=$MODULE/pkg/common
  rm -f "$out_dir/reloader.stamp"
  # -mod=readonly: upstream's go.sum, less the two dropped modules, is the whole truth.
  GOTOOLCHAIN=local GOFLAGS="-mod=readonly -buildvcs=false" go_build_into "$out_dir" "$src" \
    -ldflags "-s -w -X $pkg.Version=${RELOADER_VERSION#v} -X $pkg.BuildDate=$MOD_TIME" .
  rm -rf "$src"
  # go names the binary after the module path's last element.
  mv -f "$out_dir/Reloader" "$out_dir/reloader"
  stamp >"$out_dir/reloader.stamp"
  log "done in $((SECONDS - start))s; $(du -sh "$out_dir/reloader" | cut -f1) binary"
  echo "$out_dir/reloader"
}

main "$@"
