#!/usr/bin/env bash
# Starts a throwaway Kubernetes control plane from the binaries build.sh cached: etcd,
# kube-apiserver (RBAC, static tokens) and kube-controller-manager with the deployment, replicaset
# and garbage-collector controllers only. No kubelet: pods stay Pending unless something acts as
# the node (the test kit's node agent does). Everything lives in DIR; stop.sh DIR ends it.
#   start.sh DIR        prints the admin kubeconfig path once /readyz answers
# Tokens (DIR/tokens.csv): "admin" is in system:masters; "warmpool-pool-manager" is in no group,
# so it may do only what a RoleBinding grants it (the tests bind it to the pool manager's Role).
set -euo pipefail

DIR="${1:?usage: start.sh DIR}"
BIN="${WARMPOOL_KUBERNETES_CACHE:-$HOME/.cache/warmpool/kubernetes}/bin"
for b in etcd kube-apiserver kube-controller-manager; do
  [[ -x "$BIN/$b" ]] || { echo "start.sh: $BIN/$b missing: run infra/kubernetes/controlplane/build.sh" >&2; exit 3; }
done
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)

# Ports below the kernel's ephemeral range, so that no outgoing connection of a test running
# beside this one takes the port between the check and etcd's bind.
read -r EPHEMERAL_LOW _ </proc/sys/net/ipv4/ip_local_port_range
((EPHEMERAL_LOW > 12000)) || EPHEMERAL_LOW=32768
TAKEN=" "
free_port() { # VAR: a port nobody listens on and this script has not handed out
  local port
  while :; do
    port=$((10000 + RANDOM % (EPHEMERAL_LOW - 10000)))
    [[ "$TAKEN" == *" $port "* ]] && continue
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { TAKEN+="$port "; printf -v "$1" %s "$port"; return; }
  done
}
alive() { kill -0 "$1" 2>/dev/null; }
tail_log() { echo "--- last lines of $1" >&2; tail -20 "$1" >&2; }

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
  -keyout "$DIR/apiserver.key" -out "$DIR/apiserver.crt" 2>/dev/null
openssl genrsa -out "$DIR/sa.key" 2048 2>/dev/null
openssl rsa -in "$DIR/sa.key" -pubout -out "$DIR/sa.pub" 2>/dev/null
ADMIN_TOKEN=$(openssl rand -hex 16)
PM_TOKEN=$(openssl rand -hex 16)
printf '%s,admin,admin,system:masters\n%s,warmpool-pool-manager,warmpool-pool-manager\n' \
  "$ADMIN_TOKEN" "$PM_TOKEN" >"$DIR/tokens.csv"

kubeconfig() { # file user token
  cat >"$1" <<KC
apiVersion: v1
kind: Config
clusters:
- name: warmpool-test
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority: $DIR/apiserver.crt
users:
- name: $2
  user:
    token: $3
contexts:
- name: $2
  context: {cluster: warmpool-test, user: $2, namespace: default}
current-context: $2
KC
}
: >"$DIR/pids"
# etcd answers /health before the API server starts: the API server gives up on its storage after
# about 20 s, which a loaded machine can spend. A port taken at the moment of the bind is retried.
for attempt in 1 2 3; do
  free_port ETCD_PORT; free_port ETCD_PEER_PORT
  "$BIN/etcd" --data-dir "$DIR/etcd" --unsafe-no-fsync \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "default=http://127.0.0.1:$ETCD_PEER_PORT" >"$DIR/etcd.log" 2>&1 &
  ETCD_PID=$!
  echo "$ETCD_PID" >>"$DIR/pids"
  for _ in $(seq 1 120); do
    alive "$ETCD_PID" || break
    curl -fs "http://127.0.0.1:$ETCD_PORT/health" >/dev/null 2>&1 && break 2
    sleep 0.5
  done
  echo "start.sh: etcd did not answer on port $ETCD_PORT (attempt $attempt)" >&2
  tail_log "$DIR/etcd.log"
  kill -9 "$ETCD_PID" 2>/dev/null || true
  sed -i "/^$ETCD_PID\$/d" "$DIR/pids" # stop.sh must not kill whatever reuses the pid later
  rm -rf "$DIR/etcd"
  if ((attempt == 3)); then exit 1; fi
done

free_port API_PORT
kubeconfig "$DIR/admin.kubeconfig" admin "$ADMIN_TOKEN"
kubeconfig "$DIR/pool-manager.kubeconfig" warmpool-pool-manager "$PM_TOKEN"
"$BIN/kube-apiserver" --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$API_PORT" --insecure-port 0 \
  --tls-cert-file "$DIR/apiserver.crt" --tls-private-key-file "$DIR/apiserver.key" \
  --token-auth-file "$DIR/tokens.csv" --authorization-mode RBAC \
  --service-account-issuer https://kubernetes.default.svc --service-account-key-file "$DIR/sa.pub" \
  --service-account-signing-key-file "$DIR/sa.key" --service-cluster-ip-range 10.96.0.0/16 \
  --disable-admission-plugins ServiceAccount --enable-priority-and-fairness=false \
  --cert-dir "$DIR/certs" >"$DIR/apiserver.log" 2>&1 &
API_PID=$!
echo "$API_PID" >>"$DIR/pids"

ready=0
for _ in $(seq 1 180); do
  alive "$API_PID" || break
  curl -fsk -H "Authorization: Bearer $ADMIN_TOKEN" "https://127.0.0.1:$API_PORT/readyz" >/dev/null 2>&1 && { ready=1; break; }
  sleep 0.5
done
if ((!ready)); then
  echo "start.sh: kube-apiserver not ready on port $API_PORT; etcd $(alive "$ETCD_PID" && echo running || echo gone)" >&2
  tail_log "$DIR/apiserver.log"
  tail_log "$DIR/etcd.log"
  exit 1
fi

# podgc and nodelifecycle stay off: the pods run on a node that is not a real kubelet.
"$BIN/kube-controller-manager" --kubeconfig "$DIR/admin.kubeconfig" --leader-elect=false \
  --controllers deployment,replicaset,garbagecollector --bind-address 127.0.0.1 --secure-port 0 \
  --port 0 >"$DIR/controller-manager.log" 2>&1 &
echo $! >>"$DIR/pids"

echo "$DIR/admin.kubeconfig"
