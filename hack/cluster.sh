#!/usr/bin/env bash
# Local, real Kubernetes control plane for integration tests and the demo:
#   etcd + kube-apiserver + kube-controller-manager + kube-scheduler + kwok
#   + the Argo Rollouts controller (its CRDs applied, argoproj.io/v1alpha1)
# kwok plays the kubelets: it marks the fake Nodes Ready and moves Pods bound
# to them to Running/Ready, so Deployments and Rollouts really roll out, but no
# container ever runs. Every listener is on 127.0.0.1 with a free port (the
# Argo Rollouts controller opens none, see start_argo_rollouts).
#
# Usage: hack/cluster.sh start|stop|status|env|selftest
#   start     build/locate the binaries, start everything, wait until usable
#             (readyz, default namespace + ServiceAccount, a smoke Deployment
#             rolls out); idempotent: a healthy running cluster is left alone
#   stop      stop all components (safe to call twice); state dir is kept for logs
#   status    show components, pids, ports, listeners; exit 1 if not healthy
#   env       print shell exports (KUBECONFIG, PATH with kubectl)
#   selftest  against a running cluster: Deployment rollout after a template
#             patch, CRD with an x-kubernetes-validations (CEL) rule, Rollout
#             Healthy and restarted through spec.restartAt
#
# Environment:
#   COSTCRED_CLUSTER_DIR  state dir (default /tmp/costcred-cluster): pki,
#                         kubeconfigs, etcd data, pids, logs
#   COSTCRED_K8S_BIN      directory with the binaries; default: output of
#                         hack/build-peers.sh (builds them on first use)
#   COSTCRED_ARGO_ROLLOUTS_DIR  directory with rollouts-controller and crds/;
#                         default: output of hack/build-argo-rollouts.sh
#   COSTCRED_NODES        number of fake kwok nodes (default 2)
#   COSTCRED_NODE_PODS    pods each fake node takes (default 110, the kubelet's default)
#   STARTUP_TIMEOUT       seconds to wait for each step (default 90)
set -euo pipefail

HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE_DIR=${COSTCRED_CLUSTER_DIR:-/tmp/costcred-cluster}
PKI="$STATE_DIR/pki"
RUN="$STATE_DIR/run"
LOGS="$STATE_DIR/logs"
KUBECONFIG_FILE="$STATE_DIR/kubeconfig"
STARTUP_TIMEOUT=${STARTUP_TIMEOUT:-90}
NODES=${COSTCRED_NODES:-2}
NODE_PODS=${COSTCRED_NODE_PODS:-110}
# Start order; stop goes in reverse.
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok argo-rollouts)
SERVICE_CIDR=10.96.0.0/16   # allocation only: nothing listens on these IPs
SERVICE_IP=10.96.0.1        # first IP of SERVICE_CIDR = Service "kubernetes"
SA_ISSUER=https://kubernetes.default.svc.cluster.local

LOG_TAG=cluster
LOG_ELAPSED=1
WAIT_TICK=check_alive   # wait_for fails at once when a component died
# shellcheck source=hack/lib.sh
source "$HACK_DIR/lib.sh"

# ---------------------------------------------------------------- helpers

bin_dir() {
  if [[ -n "${COSTCRED_K8S_BIN:-}" ]]; then echo "$COSTCRED_K8S_BIN"; return; fi
  # build-peers.sh is idempotent and prints the directory as its last line.
  bash "$HACK_DIR/build-peers.sh" | tail -n 1
}

argo_dir() {
  if [[ -n "${COSTCRED_ARGO_ROLLOUTS_DIR:-}" ]]; then echo "$COSTCRED_ARGO_ROLLOUTS_DIR"; return; fi
  bash "$HACK_DIR/build-argo-rollouts.sh" | tail -n 1
}

kubectl_() { "$BIN/kubectl" --kubeconfig "$KUBECONFIG_FILE" "$@"; }

# pid of a component if it runs and is ours (its command line mentions our
# state dir, so a recycled pid of an unrelated process is never signalled).
component_pid() {
  local name=$1 pid
  [[ -f "$RUN/$name.pid" ]] || return 1
  pid=$(<"$RUN/$name.pid")
  [[ -n "$pid" && -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' </proc/"$pid"/cmdline | grep -qF -- "$STATE_DIR" || return 1
  echo "$pid"
}

# Fail fast with the log tail if a started component died.
check_alive() {
  local c
  for c in "${STARTED[@]}"; do
    if ! component_pid "$c" >/dev/null; then
      log "$c exited; last lines of $LOGS/$c.log:"
      tail -n 25 "$LOGS/$c.log" >&2 || true
      die "$c is not running"
    fi
  done
}

# Start a component detached from this shell (own session, output to its
# log, stdin closed) so it outlives the script and holds no pipe of the caller.
STARTED=()
launch() {
  local name=$1; shift
  log "starting $name"
  setsid "$@" >"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/$name.pid"
  STARTED+=("$name")
  # Until the forked shell has exec'd the binary, /proc/PID/cmdline is still
  # ours and component_pid would not recognise it; wait for the exec.
  local i
  for i in $(seq 1 50); do component_pid "$name" >/dev/null && return 0; sleep 0.05; done
}

# ---------------------------------------------------------------- PKI

# ECDSA P-256 everywhere: generating it is instant (RSA would cost ~2s on
# every start) and all components accept it, including for ServiceAccount
# token signing (ES256). The keys are written in SEC1 form ("BEGIN EC
# PRIVATE KEY"): the fabric8 Java client picks the key algorithm from that
# PEM header and reads an unlabelled PKCS#8 key ("BEGIN PRIVATE KEY") as RSA,
# failing with "Invalid DER: object is not integer".
gen_key() { openssl ecparam -name prime256v1 -genkey -noout -out "$1" 2>/dev/null; }

# gen_cert NAME SUBJECT EXTENSIONS: key + cert signed by the cluster CA
# (or by the CA named in $CA_NAME).
gen_cert() {
  local name=$1 subj=$2 ext=$3
  gen_key "$PKI/$name.key"
  openssl req -new -key "$PKI/$name.key" -subj "$subj" -out "$PKI/$name.csr" 2>/dev/null
  printf '%s\n' "$ext" >"$PKI/$name.ext"
  local ca=${CA_NAME:-ca}
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/$ca.crt" -CAkey "$PKI/$ca.key" -CAcreateserial \
    -days 365 -sha256 -extfile "$PKI/$name.ext" -out "$PKI/$name.crt" 2>/dev/null
  rm -f "$PKI/$name.csr" "$PKI/$name.ext"
}

gen_pki() {
  mkdir -p "$PKI"
  gen_key "$PKI/ca.key"
  openssl req -x509 -new -key "$PKI/ca.key" -subj "/CN=costcred-local-ca" -days 365 -sha256 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$PKI/ca.crt" 2>/dev/null
  local client="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
  gen_cert apiserver "/CN=kube-apiserver" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:$SERVICE_IP"
  # Identities: admin via system:masters; controller-manager and scheduler
  # with their well-known users, which the bootstrap RBAC policy grants.
  gen_cert admin "/O=system:masters/CN=costcred-admin" "$client"
  gen_cert kube-controller-manager "/CN=system:kube-controller-manager" "$client"
  gen_cert kube-scheduler "/CN=system:kube-scheduler" "$client"
  # kwok acts for many nodes at once (status, leases, pod status and
  # deletion), which the per-node Node authorizer would not allow; it gets an
  # admin identity of its own, as kwokctl does.
  gen_cert kwok "/O=system:masters/CN=costcred-kwok" "$client"
  # The Argo Rollouts controller: a test peer, admin like kwok (its release
  # ClusterRole is broad anyway: ReplicaSets, Services, Ingresses, Jobs,
  # pods/eviction for restarts, ...).
  gen_cert argo-rollouts "/O=system:masters/CN=costcred-argo-rollouts" "$client"
  # Front-proxy (request-header) CA, as kubeadm sets up: the apiserver
  # publishes it in kube-system/extension-apiserver-authentication, which
  # controller-manager and scheduler read for their delegated authentication
  # (without it they log "missing content for CA bundle" errors); aggregated
  # API servers would need it too.
  gen_key "$PKI/front-proxy-ca.key"
  openssl req -x509 -new -key "$PKI/front-proxy-ca.key" -subj "/CN=costcred-front-proxy-ca" -days 365 -sha256 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$PKI/front-proxy-ca.crt" 2>/dev/null
  CA_NAME=front-proxy-ca gen_cert front-proxy-client "/CN=front-proxy-client" "$client"
  # ServiceAccount token signing key pair (apiserver signs, verifies with the
  # public key; controller-manager's token controller signs legacy tokens).
  gen_key "$PKI/sa.key"
  openssl pkey -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
  chmod 0600 "$PKI"/*.key
}

# write_kubeconfig FILE CERTNAME: self-contained kubeconfig (embedded data)
# so it can be copied or read by clients that do not resolve relative paths.
write_kubeconfig() {
  local file=$1 cert=$2
  cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: costcred-local
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority-data: $(base64 -w0 <"$PKI/ca.crt")
users:
- name: $cert
  user:
    client-certificate-data: $(base64 -w0 <"$PKI/$cert.crt")
    client-key-data: $(base64 -w0 <"$PKI/$cert.key")
contexts:
- name: costcred-local
  context:
    cluster: costcred-local
    user: $cert
    namespace: default
current-context: costcred-local
EOF
  chmod 0600 "$file"
}

# ---------------------------------------------------------------- components

start_etcd() {
  ETCD_PORT=$(free_port); local peer; peer=$(free_port)
  # --unsafe-no-fsync: throwaway data, and fsync latency dominates startup
  # and test time on slow disks.
  launch etcd "$BIN/etcd" --name=costcred --data-dir="$STATE_DIR/etcd" \
    --listen-client-urls="http://127.0.0.1:$ETCD_PORT" --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls="http://127.0.0.1:$peer" --initial-advertise-peer-urls="http://127.0.0.1:$peer" \
    --initial-cluster="costcred=http://127.0.0.1:$peer" \
    --auto-compaction-retention=1 --quota-backend-bytes=2147483648 --unsafe-no-fsync --log-level=warn
  wait_for "$STARTUP_TIMEOUT" "etcd health" curl -fsS "http://127.0.0.1:$ETCD_PORT/health"
}

# --advertise-address=127.0.0.1 keeps every address of the cluster on the
# loopback interface. Endpoints may not hold loopback IPs, so the apiserver's
# reconciler for the "kubernetes" Service endpoints would fail every 10s:
# --endpoint-reconciler-type=none turns it off (clients here reach the
# apiserver directly at 127.0.0.1, never through that Service).
start_apiserver() {
  API_PORT=$(free_port)
  launch kube-apiserver "$BIN/kube-apiserver" \
    --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$API_PORT" \
    --cert-dir="$PKI" --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
    --client-ca-file="$PKI/ca.crt" \
    --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction \
    --service-account-issuer="$SA_ISSUER" \
    --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
    --service-cluster-ip-range="$SERVICE_CIDR" --allow-privileged=true \
    --endpoint-reconciler-type=none \
    --requestheader-client-ca-file="$PKI/front-proxy-ca.crt" --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
    --requestheader-extra-headers-prefix=X-Remote-Extra- \
    --proxy-client-cert-file="$PKI/front-proxy-client.crt" --proxy-client-key-file="$PKI/front-proxy-client.key" \
    --profiling=false --v=1
  wait_for "$STARTUP_TIMEOUT" "kube-apiserver /readyz" \
    curl -fsS --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" \
    "https://127.0.0.1:$API_PORT/readyz"
}

start_controller_manager() {
  KCM_PORT=$(free_port)
  write_kubeconfig "$STATE_DIR/kube-controller-manager.kubeconfig" kube-controller-manager
  local kc="$STATE_DIR/kube-controller-manager.kubeconfig"
  # --controllers: all defaults; the cloud and node-IPAM controllers are off
  # by default anyway without a cloud provider / --allocate-node-cidrs.
  # --use-service-account-credentials: each controller acts as its own SA,
  # exactly as in a real cluster (RBAC errors of the operator show up here).
  # --kube-api-qps/burst: the default 20/30 makes the ~40 controllers (one
  # token request each) start one by one; raised, startup is seconds faster.
  launch kube-controller-manager "$BIN/kube-controller-manager" \
    --kubeconfig="$kc" --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" \
    --bind-address=127.0.0.1 --secure-port="$KCM_PORT" \
    --leader-elect=false --controllers='*' \
    --use-service-account-credentials=true \
    --service-account-private-key-file="$PKI/sa.key" --root-ca-file="$PKI/ca.crt" \
    --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
    --service-cluster-ip-range="$SERVICE_CIDR" \
    --kube-api-qps=100 --kube-api-burst=200 \
    --profiling=false --v=1
}

start_scheduler() {
  SCHED_PORT=$(free_port)
  write_kubeconfig "$STATE_DIR/kube-scheduler.kubeconfig" kube-scheduler
  local kc="$STATE_DIR/kube-scheduler.kubeconfig"
  # kwok does not schedule: without kube-scheduler pods stay unbound.
  launch kube-scheduler "$BIN/kube-scheduler" \
    --kubeconfig="$kc" --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" \
    --bind-address=127.0.0.1 --secure-port="$SCHED_PORT" --leader-elect=false \
    --kube-api-qps=100 --kube-api-burst=200 \
    --profiling=false --v=1
}

start_kwok() {
  write_kubeconfig "$STATE_DIR/kwok.kubeconfig" kwok
  [[ -f "$BIN/kwok-stages.yaml" ]] || die "$BIN/kwok-stages.yaml missing: rerun hack/build-peers.sh"
  # No --server-address/--node-port: kwok then opens no listener at all.
  # Only nodes annotated kwok.x-k8s.io/node=fake are managed. Leases keep the
  # nodes healthy for the node-lifecycle controller (no NotReady taints).
  # HOME points into the state dir so a ~/.kwok/kwok.yaml of the user is not
  # merged into our configuration.
  HOME="$STATE_DIR" launch kwok "$BIN/kwok" \
    --kubeconfig="$STATE_DIR/kwok.kubeconfig" --config="$BIN/kwok-stages.yaml" \
    --manage-all-nodes=false \
    --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --node-lease-duration-seconds=40 \
    --node-ip=127.0.0.1 --cidr=10.244.0.0/16
}

# The Argo Rollouts CRDs (five, 1 MB of OpenAPI schema once build-argo-rollouts.sh
# has left out the descriptions; the apiserver still spends ~3.5 s of CPU on
# them) are sent in the background right after the apiserver is up, while the
# other components start. Server-side apply: no last-applied annotation (its
# 256 KiB limit is close: the Rollout CRD alone is 200 KB).
ARGO_CRDS=(crd/rollouts.argoproj.io crd/analysisruns.argoproj.io crd/analysistemplates.argoproj.io
           crd/clusteranalysistemplates.argoproj.io crd/experiments.argoproj.io)
apply_argo_crds() {
  kubectl_ apply --server-side --force-conflicts -f "$ARGO/crds/" >"$LOGS/argo-rollouts-crds.log" 2>&1 &
  ARGO_CRDS_PID=$!
}

# kubectl wait fails at once (instead of waiting) on a CRD that has no status
# conditions yet, hence the retry; once they are there, one kubectl watches.
argo_crds_established() {
  kubectl_ wait --for=condition=Established --timeout="${STARTUP_TIMEOUT}s" "${ARGO_CRDS[@]}" >/dev/null 2>&1
}

# Neither listener of the controller can be bound to 127.0.0.1: healthz
# (--healthzPort) and metrics (--metricsPort) listen on "0.0.0.0:<port>", a
# constant in controller/controller.go, with no address flag. An invalid port
# makes both ListenAndServe calls fail at once; the controller logs one
# "Healthz Server Error"/"Metric Server Error" line each and runs on without
# any listener (its healthz only answers "ok", nothing is lost). pprof is off
# (--enable-pprof-address unset). POD_NAMESPACE fixes the namespace it reads
# its config and notification ConfigMaps from (absent: defaults apply).
start_argo_rollouts() {
  write_kubeconfig "$STATE_DIR/argo-rollouts.kubeconfig" argo-rollouts
  wait "$ARGO_CRDS_PID" || { cat "$LOGS/argo-rollouts-crds.log" >&2; die "applying the Argo Rollouts CRDs failed"; }
  wait_for "$STARTUP_TIMEOUT" "Argo Rollouts CRDs Established" argo_crds_established
  POD_NAMESPACE=argo-rollouts launch argo-rollouts "$ARGO/rollouts-controller" \
    --kubeconfig="$STATE_DIR/argo-rollouts.kubeconfig" \
    --leader-elect=false --healthzPort=-1 --metricsPort=-1 \
    --qps=100 --burst=200 --loglevel=info
}

argo_rollouts_started() { grep -q 'Started controller' "$LOGS/argo-rollouts.log"; }

create_nodes() {
  local i
  for ((i = 0; i < NODES; i++)); do
    # Status is accepted on Node creation; allocatable is what the scheduler
    # fits pods against.
    kubectl_ apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations:
    kwok.x-k8s.io/node: fake
  labels:
    kubernetes.io/hostname: kwok-node-$i
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    kubernetes.io/role: agent
    type: kwok
spec: {}
status:
  allocatable: {cpu: "32", memory: 256Gi, pods: "$NODE_PODS"}
  capacity: {cpu: "32", memory: 256Gi, pods: "$NODE_PODS"}
  nodeInfo:
    architecture: amd64
    operatingSystem: linux
    kubeletVersion: fake
    kubeProxyVersion: fake
EOF
  done
}

# A Deployment in a scratch namespace must roll out: proves scheduler,
# controller-manager (deployment/replicaset/serviceaccount controllers) and
# kwok work together. The namespace is deleted afterwards (not awaited).
smoke_test() {
  local ns=costcred-smoke
  kubectl_ delete namespace "$ns" --ignore-not-found --wait=true >/dev/null
  kubectl_ create namespace "$ns" >/dev/null
  # Pods are refused until the namespace's default ServiceAccount exists;
  # waiting here avoids the ReplicaSet controller's retry backoff.
  wait_for "$STARTUP_TIMEOUT" "default ServiceAccount in $ns" kubectl_ -n "$ns" get serviceaccount default
  kubectl_ -n "$ns" create deployment smoke --image=pause --replicas=1 >/dev/null
  kubectl_ -n "$ns" rollout status deployment/smoke --timeout="${STARTUP_TIMEOUT}s" >/dev/null \
    || { kubectl_ -n "$ns" get deploy,rs,pods -o wide >&2 || true; die "smoke Deployment did not roll out"; }
  kubectl_ delete namespace "$ns" --wait=false >/dev/null
}

# Every socket our processes listen on must be on the loopback interface.
check_listeners() {
  local c pid bad=0 lines
  for c in "${COMPONENTS[@]}"; do
    pid=$(component_pid "$c") || continue
    lines=$(ss -Htulnp | grep -F "pid=$pid," || true)
    [[ -z "$lines" ]] && continue
    while read -r line; do
      # column 5 is Local Address:Port
      local addr; addr=$(awk '{print $5}' <<<"$line")
      case "$addr" in
        127.*:* | \[::1\]:*) ;;
        *) log "NON-LOOPBACK listener of $c: $addr"; bad=1 ;;
      esac
    done <<<"$lines"
  done
  return $bad
}

# ---------------------------------------------------------------- commands

all_running() {
  local c
  for c in "${COMPONENTS[@]}"; do component_pid "$c" >/dev/null || return 1; done
}

apiserver_ready() {
  [[ -f "$KUBECONFIG_FILE" ]] && kubectl_ get --raw /readyz >/dev/null 2>&1
}

cmd_start() {
  local t0=$SECONDS
  BIN=$(bin_dir)
  [[ -x "$BIN/kube-apiserver" ]] || die "binaries missing in $BIN"
  ARGO=$(argo_dir)
  [[ -x "$ARGO/rollouts-controller" ]] || die "rollouts-controller missing in $ARGO"
  if all_running && apiserver_ready; then
    log "already running ($STATE_DIR)"
    cmd_env
    return 0
  fi
  cmd_stop >/dev/null 2>&1 || true
  rm -rf "$STATE_DIR"
  mkdir -p "$STATE_DIR" "$RUN" "$LOGS"
  chmod 0700 "$STATE_DIR"
  echo "$BIN" >"$RUN/bin-dir"

  # Any failure from here on stops what was started, leaving logs behind.
  START_OK=0
  trap 'if [[ $START_OK != 1 ]]; then log "start failed; logs in $LOGS"; cmd_stop >/dev/null 2>&1 || true; fi' EXIT

  gen_pki
  start_etcd
  start_apiserver
  write_kubeconfig "$KUBECONFIG_FILE" admin
  apply_argo_crds
  start_controller_manager
  start_scheduler
  start_kwok
  create_nodes
  start_argo_rollouts
  log "waiting for default namespace/ServiceAccount and Ready nodes"
  wait_for "$STARTUP_TIMEOUT" "namespace default" kubectl_ get namespace default
  wait_for "$STARTUP_TIMEOUT" "ServiceAccount default/default" kubectl_ -n default get serviceaccount default
  wait_for "$STARTUP_TIMEOUT" "Ready nodes" \
    kubectl_ wait --for=condition=Ready node --all --timeout=1s
  log "smoke test: Deployment rollout in a scratch namespace"
  smoke_test
  wait_for "$STARTUP_TIMEOUT" "argo-rollouts controller (informers synced)" argo_rollouts_started
  check_listeners || die "a component listens on a non-loopback address"

  cat >"$RUN/ports" <<EOF
etcd=$ETCD_PORT
kube-apiserver=$API_PORT
kube-controller-manager=$KCM_PORT
kube-scheduler=$SCHED_PORT
EOF
  START_OK=1
  log "cluster ready in $((SECONDS - t0))s: https://127.0.0.1:$API_PORT (state: $STATE_DIR)"
  cmd_env
}

cmd_stop() {
  local c pid n=0 pids=()
  # TERM everything at once (a throwaway cluster needs no ordered shutdown;
  # one by one takes ~10s), wait up to 10s for graceful exit, then KILL.
  for c in "${COMPONENTS[@]}"; do
    if pid=$(component_pid "$c"); then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid"); log "stopping $c (pid $pid)"
      n=$((n + 1))
    fi
  done
  local deadline=$((SECONDS + 10))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  for c in "${COMPONENTS[@]}"; do rm -f "$RUN/$c.pid"; done
  if ((n > 0)); then log "stopped"; else log "nothing running ($STATE_DIR)"; fi
}

cmd_status() {
  local c pid ok=0
  for c in "${COMPONENTS[@]}"; do
    if pid=$(component_pid "$c"); then
      printf '%-24s running  pid %s\n' "$c" "$pid"
    else
      printf '%-24s stopped\n' "$c"; ok=1
    fi
  done
  [[ -f "$RUN/ports" ]] && sed 's/^/port /' "$RUN/ports"
  if [[ -f "$RUN/bin-dir" ]]; then
    BIN=$(<"$RUN/bin-dir")
    if apiserver_ready; then echo "readyz                   ok"; else echo "readyz                   FAILING"; ok=1; fi
    kubectl_ get nodes 2>/dev/null || true
  fi
  check_listeners || ok=1
  echo "listeners:"
  for c in "${COMPONENTS[@]}"; do
    pid=$(component_pid "$c") || continue
    ss -Htulnp | grep -F "pid=$pid," | awk -v c="$c" '{printf "  %-24s %s %s\n", c, $1, $5}' || true
  done
  return $ok
}

cmd_env() {
  local bin=${BIN:-}
  [[ -z "$bin" && -f "$RUN/bin-dir" ]] && bin=$(<"$RUN/bin-dir")
  echo "export KUBECONFIG=$KUBECONFIG_FILE"
  [[ -n "$bin" ]] && echo "export PATH=$bin:\$PATH"
  return 0
}

# Checks against a running cluster that the operator's tests rely on.
cmd_selftest() {
  [[ -f "$RUN/bin-dir" ]] || die "no cluster in $STATE_DIR (run: $0 start)"
  BIN=$(<"$RUN/bin-dir")
  apiserver_ready || die "cluster not running"
  local ns=costcred-selftest t0=$SECONDS
  kubectl_ delete namespace "$ns" --ignore-not-found --wait=true >/dev/null
  kubectl_ create namespace "$ns" >/dev/null
  wait_for 30 "ServiceAccount in $ns" kubectl_ -n "$ns" get serviceaccount default

  log "selftest: Deployment with 2 replicas"
  kubectl_ -n "$ns" create deployment web --image=pause --replicas=2 >/dev/null
  kubectl_ -n "$ns" rollout status deployment/web --timeout=60s >&2
  local rs1; rs1=$(kubectl_ -n "$ns" get rs -l app=web -o jsonpath='{.items[0].metadata.name}')

  log "selftest: patch pod template annotation -> new ReplicaSet"
  kubectl_ -n "$ns" patch deployment web --type=merge \
    -p '{"spec":{"template":{"metadata":{"annotations":{"costcred/restartedAt":"'"$(date +%s)"'"}}}}}' >/dev/null
  kubectl_ -n "$ns" rollout status deployment/web --timeout=60s >&2
  local rs2 ready
  rs2=$(kubectl_ -n "$ns" get rs -l app=web -o jsonpath='{range .items[?(@.status.replicas>0)]}{.metadata.name}{end}')
  ready=$(kubectl_ -n "$ns" get deployment web -o jsonpath='{.status.readyReplicas}/{.status.updatedReplicas}')
  [[ -n "$rs2" && "$rs2" != "$rs1" ]] || die "no new ReplicaSet (old $rs1, active '$rs2')"
  [[ "$ready" == "2/2" ]] || die "expected 2/2 ready/updated, got $ready"
  kubectl_ -n "$ns" get rs,pods -o wide >&2

  log "selftest: CRD with x-kubernetes-validations (CEL)"
  kubectl_ apply -f - >/dev/null <<'EOF'
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.selftest.costcred.local
spec:
  group: selftest.costcred.local
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-validations:
            - rule: "self.minReplicas <= self.maxReplicas"
              message: "minReplicas must not exceed maxReplicas"
            properties:
              minReplicas: {type: integer}
              maxReplicas: {type: integer}
EOF
  kubectl_ wait --for=condition=Established crd/widgets.selftest.costcred.local --timeout=30s >/dev/null
  local out
  # Discovery of a new CRD can lag a moment behind Established.
  wait_for 30 "Widget API discovery" kubectl_ -n "$ns" get widgets
  if out=$(kubectl_ -n "$ns" apply -f - 2>&1 <<'EOF'
apiVersion: selftest.costcred.local/v1
kind: Widget
metadata: {name: bad}
spec: {minReplicas: 5, maxReplicas: 1}
EOF
  ); then
    die "CEL rule not enforced: invalid Widget was accepted"
  fi
  [[ "$out" == *"minReplicas must not exceed maxReplicas"* ]] || die "unexpected error: $out"
  log "  rejected as expected: ${out##*: }"
  kubectl_ -n "$ns" apply -f - >/dev/null <<'EOF'
apiVersion: selftest.costcred.local/v1
kind: Widget
metadata: {name: good}
spec: {minReplicas: 1, maxReplicas: 5}
EOF
  kubectl_ delete crd widgets.selftest.costcred.local --wait=false >/dev/null

  selftest_rollout "$ns"
  kubectl_ delete namespace "$ns" --wait=false >/dev/null
  log "selftest passed in $((SECONDS - t0))s"
}

# Milliseconds since the epoch (bash 5).
now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }

# rollout_done NS NAME [RESTART_AT]: the Rollout's status describes its current spec
# (status.observedGeneration, a string, equals metadata.generation), phase is Healthy
# and every replica is updated and available; with RESTART_AT also status.restartedAt
# equals it. restartedAt alone is not enough: the controller sets it in the same status
# write that still shows the last replacement pod unavailable (phase Progressing).
rollout_done() {
  local gen obs phase want upd avail restarted
  IFS='|' read -r gen obs phase want upd avail restarted < <(kubectl_ -n "$1" get rollout "$2" -o \
    jsonpath='{.metadata.generation}|{.status.observedGeneration}|{.status.phase}|{.spec.replicas}|{.status.updatedReplicas}|{.status.availableReplicas}|{.status.restartedAt}{"\n"}')
  [[ -n $gen && $gen == "$obs" && $phase == Healthy && $upd == "$want" && $avail == "$want" ]] || return 1
  [[ -z ${3:-} || $restarted == "$3" ]]
}

# Pods of app=$2 in namespace $1 that are not being deleted: "name creationTimestamp" lines.
live_pods() {
  kubectl_ -n "$1" get pods -l "app=$2" \
    -o jsonpath='{range .items[*]}{.metadata.name} {.metadata.creationTimestamp} {.metadata.deletionTimestamp}{"\n"}{end}' |
    awk 'NF == 2'
}

# The Argo Rollouts controller: a canary Rollout without steps becomes Healthy on the
# kwok nodes, then spec.restartAt makes the controller replace (evict) every pod
# created before that time.
selftest_rollout() {
  local ns=$1 name=web-rollout t before newest restart_at after
  log "selftest: Argo Rollout (canary without steps, 2 replicas) becomes Healthy"
  t=$(now_ms)
  kubectl_ -n "$ns" apply -f - >/dev/null <<EOF
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: $name}
spec:
  replicas: 2
  selector: {matchLabels: {app: $name}}
  template:
    metadata: {labels: {app: $name}}
    spec:
      nodeSelector: {type: kwok}
      containers: [{name: app, image: pause}]
  strategy:
    canary: {}
EOF
  wait_for 60 "Rollout $name Healthy" rollout_done "$ns" "$name" \
    || { kubectl_ -n "$ns" get rollout,rs,pods -o wide >&2 || true; die "Rollout $name did not become Healthy"; }
  log "  Healthy after $(($(now_ms) - t)) ms"

  before=$(live_pods "$ns" "$name")
  # restartAt has one-second precision and the controller replaces only pods created
  # strictly before it (one created in that very second counts as current).
  newest=$(awk '{print $2}' <<<"$before" | sort | tail -n 1)
  restart_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  while [[ ! $restart_at > $newest ]]; do sleep 0.2; restart_at=$(date -u +%Y-%m-%dT%H:%M:%SZ); done
  log "selftest: spec.restartAt=$restart_at replaces every pod created before it"
  t=$(now_ms)
  kubectl_ -n "$ns" patch rollout "$name" --type=merge -p '{"spec":{"restartAt":"'"$restart_at"'"}}' >/dev/null
  wait_for 90 "Rollout $name restart" rollout_done "$ns" "$name" "$restart_at" \
    || { kubectl_ -n "$ns" get rollout,rs,pods -o wide >&2 || true; die "Rollout $name was not restarted"; }
  log "  restarted after $(($(now_ms) - t)) ms"
  after=$(live_pods "$ns" "$name")
  local n pod created
  n=$(grep -c . <<<"$after" || true)
  [[ $n == 2 ]] || die "expected 2 live pods after the restart, got $n: $after"
  while read -r pod created; do
    ! grep -q "^$pod " <<<"$after" || die "pod $pod (created $created) survived the restart"
  done <<<"$before"
  while read -r pod created; do
    [[ ! $created < $restart_at ]] || die "pod $pod was created at $created, before restartAt $restart_at"
  done <<<"$after"
  log "  pods before: $(awk '{printf "%s ", $1}' <<<"$before")after: $(awk '{printf "%s ", $1}' <<<"$after")"
}

main() {
  case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    env) cmd_env ;;
    selftest) cmd_selftest ;;
    *) echo "usage: $0 start|stop|status|env|selftest" >&2; exit 2 ;;
  esac
}

main "$@"
