#!/usr/bin/env bash
# The operator's main job, locally: a real control plane (hack/cluster.sh), a fake Vantage API,
# the operator as its own process, the seed sample, one forced rotation, and what happened.
# Usage: hack/demo.sh up | down
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEMO_DIR=${COSTCRED_DEMO_DIR:-/tmp/costcred-demo}
NS=finops
OP_NS=costcred-system

LOG_TAG=demo
# shellcheck source=hack/lib.sh
source "$ROOT/hack/lib.sh"

# wait_for of lib.sh, but the demo stops at a timeout.
await() { wait_for "$@" || die "gave up waiting for $2"; }

revision() { kubectl -n "$NS" get ccred finfocus-vantage -o jsonpath='{.status.revision}' 2>/dev/null; }
at_revision() { test "$(revision)" = "$1"; }

up() {
  mkdir -p "$DEMO_DIR"
  log "building the control plane binaries (cached; the first build takes ~10 min)"
  "$ROOT/hack/build-peers.sh" >/dev/null 2>&1
  "$ROOT/hack/cluster.sh" start
  eval "$("$ROOT/hack/cluster.sh" env)"

  log "building the operator and the fake Vantage API"
  (cd "$ROOT" && mvn -B -q -DskipTests -Dspotless.check.skip -Dcheckstyle.skip install -pl fake-vantage,operator -am)

  log "starting the fake Vantage API on 127.0.0.1"
  rm -f "$DEMO_DIR/vantage.port"
  java -jar "$ROOT"/fake-vantage/target/fake-vantage-*.jar --port 0 --port-file "$DEMO_DIR/vantage.port" \
    >"$DEMO_DIR/fake-vantage.log" 2>&1 &
  echo $! >"$DEMO_DIR/fake-vantage.pid"
  await 20 "fake Vantage API" test -s "$DEMO_DIR/vantage.port"
  local vantage="http://127.0.0.1:$(cat "$DEMO_DIR/vantage.port")"

  log "an admin creates three tokens in the (fake) Vantage console and puts them in the pool"
  kubectl create namespace "$NS" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  kubectl create namespace "$OP_NS" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  local args=()
  for i in 1 2 3; do
    local token
    token=$(curl -sf --noproxy "*" -X POST "$vantage/__admin/tokens" -H 'Content-Type: application/json' \
      -d "{\"description\":\"finfocus-production-$i\",\"scopes\":[\"read\"]}" |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
    args+=("--from-literal=0$i=$token")
  done
  kubectl -n "$NS" create secret generic finfocus-vantage-pool "${args[@]}" \
    --dry-run=client -o yaml | kubectl apply -f - >/dev/null

  log "installing the CRD and the seed scenario (config/samples)"
  kubectl apply --server-side --force-conflicts -f "$ROOT/crds/" >/dev/null
  kubectl wait --for=condition=Established crd/costcredentials.costcred.io --timeout=30s >/dev/null
  kubectl -n "$NS" apply -f "$ROOT/config/samples/finfocus-vantage-consumers.yaml" >/dev/null
  sed "s#https://api.vantage.sh#$vantage#" "$ROOT/config/samples/finfocus-vantage.yaml" |
    kubectl -n "$NS" apply -f - >/dev/null

  local port
  port=$(free_port)
  log "starting the operator (its own process; health and metrics on 127.0.0.1:$port)"
  java -jar "$ROOT/operator/target/costcred-operator.jar" --operator-namespace="$OP_NS" \
    --http-bind=127.0.0.1 --http-port="$port" --identity=demo \
    --egress-allow='http://127.0.0.1:*' \
    >"$DEMO_DIR/operator.log" 2>&1 &
  echo $! >"$DEMO_DIR/operator.pid"
  echo "$port" >"$DEMO_DIR/operator.port"

  log "waiting for the first token to be taken, verified, published and rolled out"
  await 120 "the first rotation" at_revision 1
  kubectl -n "$NS" rollout status deployment/finfocus-vantage --timeout=60s >/dev/null

  log "forcing a rotation: kubectl annotate ccred finfocus-vantage costcred.io/rotate=demo-$(date +%s)"
  kubectl -n "$NS" annotate ccred finfocus-vantage "costcred.io/rotate=demo-$(date +%s)" --overwrite >/dev/null
  await 120 "the forced rotation" at_revision 2
  show
  log "the old token waits 24h (gracePeriod) before the operator asks an admin to revoke it."
  log "operator log: $DEMO_DIR/operator.log; stop everything with: make demo-down"
}

show() {
  echo
  kubectl -n "$NS" get ccred
  echo
  log "conditions"
  kubectl -n "$NS" get ccred finfocus-vantage -o \
    jsonpath='{range .status.conditions[*]}{.type}{"\t"}{.status}{"\t"}{.reason}{"\t"}{.message}{"\n"}{end}' |
    column -t -s $'\t'
  echo
  log "status (handles and fingerprints only, never token values)"
  kubectl -n "$NS" get ccred finfocus-vantage -o jsonpath='{.status}' |
    python3 -c 'import json,sys; s=json.load(sys.stdin); [s.pop(k,None) for k in ("conditions","consumedTokens")]; print(json.dumps(s, indent=2))'
  echo
  log "events"
  kubectl -n "$NS" get events --field-selector involvedObject.kind=CostCredential \
    --sort-by=.metadata.creationTimestamp -o custom-columns=TYPE:.type,REASON:.reason,MESSAGE:.message
  echo
  log "the Deployment rolled out to a new ReplicaSet (annotation costcred.io/fp.finfocus-vantage)"
  kubectl -n "$NS" get rs -l app=finfocus-vantage -o \
    custom-columns=NAME:.metadata.name,READY:.status.readyReplicas,DESIRED:.spec.replicas,FINGERPRINT:'.spec.template.metadata.annotations.costcred\.io/fp\.finfocus-vantage'
  echo
  log "the Secret keeps cost_report_token and has a new token (values not shown):"
  kubectl -n "$NS" get secret finfocus-vantage -o jsonpath='{range .data}{@}{"\n"}{end}' >/dev/null
  kubectl -n "$NS" get secret finfocus-vantage -o go-template='{{range $k, $v := .data}}{{$k}}{{"\n"}}{{end}}'
}

down() {
  for p in operator fake-vantage; do
    if [[ -f "$DEMO_DIR/$p.pid" ]]; then
      kill "$(cat "$DEMO_DIR/$p.pid")" 2>/dev/null || true
      rm -f "$DEMO_DIR/$p.pid"
    fi
  done
  "$ROOT/hack/cluster.sh" stop
  log "stopped"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  show) eval "$("$ROOT/hack/cluster.sh" env)"; show ;;
  *) echo "usage: $0 up|down|show" >&2; exit 2 ;;
esac
