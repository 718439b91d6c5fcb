#!/usr/bin/env bash
# Install moto's server (a local emulator of AWS Secrets Manager, IAM and STS)
# into a Python venv outside the repository:
#
#   ${COSTCRED_CACHE:-$HOME/.cache/costcred}/moto/<moto version>/venv/bin/moto_server
#
# The tests (test-support/src/main/java/io/costcred/testsupport/MotoServer)
# start it as `moto_server -H 127.0.0.1 -p <free port>`.
#
# hack/moto-requirements.txt is the whole, pinned package set (moto[server]
# and every package it pulls in); the moto version in it names the directory.
# The install fails if pip had to add a package the file does not pin.
#
# Idempotent: a venv installed from the same requirements file (checksum kept
# in the venv) whose moto_server answers is left alone. Last line of stdout is
# the path of moto_server.
#
# Environment:
#   COSTCRED_CACHE   cache root (default $HOME/.cache/costcred)
#   PYTHON           interpreter for the venv (default python3; moto needs >= 3.10)
#   FORCE=1          recreate the venv
set -euo pipefail

HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REQS="$HACK_DIR/moto-requirements.txt"

LOG_TAG=install-moto
# shellcheck source=hack/lib.sh
source "$HACK_DIR/lib.sh"

# Packages of a requirements file or of `pip freeze`, as sorted name==version
# lines with normalized names (PEP 503) and without extras.
normalize() {
  sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' \
    | sed -E 's/\[[^]]*\]//' \
    | awk -F'==' '{n=tolower($1); gsub(/[-_.]+/, "-", n); print n "==" $2}' \
    | sort
}

# Starts moto_server on a free 127.0.0.1 port, resets it once, stops it.
smoke_test() {
  local server=$1 port pid ok=0 i
  port=$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  "$server" -H 127.0.0.1 -p "$port" >"$VENV/.smoke.log" 2>&1 &
  pid=$!
  for i in $(seq 1 100); do
    if "$VENV/bin/python" - "$port" <<'EOF' 2>/dev/null; then ok=1; break; fi
import sys, urllib.request
req = urllib.request.Request(f"http://127.0.0.1:{sys.argv[1]}/moto-api/reset", method="POST")
urllib.request.urlopen(req, timeout=1).read()
EOF
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  ((ok)) || { cat "$VENV/.smoke.log" >&2; return 1; }
  log "smoke test: moto_server answered POST /moto-api/reset on 127.0.0.1:$port after $((i / 10)).$((i % 10))s"
}

main() {
  local python=${PYTHON:-python3} version cache_root venv_dir sum start
  command -v "$python" >/dev/null 2>&1 || die "no $python (set PYTHON=/path/to/python3.10+)"
  "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' \
    || die "moto needs Python >= 3.10, $python is $("$python" --version 2>&1)"
  version=$(sed -nE 's/^moto(\[[^]]*\])?==([^[:space:]]+).*/\2/p' "$REQS" | head -1)
  [[ -n $version ]] || die "no pinned moto line in $REQS"
  sum=$(sha256sum "$REQS" | cut -d' ' -f1)

  cache_root=$(cache_root)
  venv_dir="$cache_root/moto/$version"
  VENV="$venv_dir/venv"
  local server="$VENV/bin/moto_server"
  log "moto $version ($("$python" --version 2>&1)) -> $VENV"

  if [[ ${FORCE:-0} != 1 && -x $server && "$(cat "$VENV/.costcred-requirements.sha256" 2>/dev/null)" == "$sum" ]] \
    && smoke_test "$server"; then
    log "ok: moto $version already installed"
    echo "$server"
    return
  fi

  start=$SECONDS
  # The checksum marker is written last: an interrupted install leaves a venv
  # without it, which the next run removes and recreates.
  rm -rf "$VENV"
  mkdir -p "$venv_dir"
  "$python" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-input -r "$REQS" \
    || die "pip install failed"
  local extra
  extra=$(comm -13 <(normalize <"$REQS") \
    <("$VENV/bin/python" -m pip freeze --all --exclude pip --exclude setuptools --exclude wheel | normalize))
  [[ -z $extra ]] || die "pip installed packages that $REQS does not pin: $(echo "$extra" | tr '\n' ' ')"
  "$VENV/bin/python" -m pip check >/dev/null || die "pip check failed: $("$VENV/bin/python" -m pip check 2>&1 | head -5)"
  "$VENV/bin/python" -c 'import moto, sys; sys.exit(0 if moto.__version__ == sys.argv[1] else 1)' "$version" \
    || die "installed moto does not report $version"
  smoke_test "$server" || die "moto_server did not start"
  echo "$sum" >"$VENV/.costcred-requirements.sha256"
  log "done in $((SECONDS - start))s; $(du -sh "$VENV" | cut -f1) in $VENV"
  echo "$server"
}

main "$@"
