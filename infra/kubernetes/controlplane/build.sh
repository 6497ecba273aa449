#!/usr/bin/env bash
# Builds a Kubernetes control plane (kube-apiserver, kube-controller-manager, v1.20 from Debian's
# source package) and fetches etcd, offline, into a cache outside the work tree. Idempotent: a
# cache that holds all three binaries is reused. Installs missing Debian packages when run as root.
# No container registry or Go proxy is reachable here; Debian ships the whole vendored source.
set -euo pipefail

CACHE="${WARMPOOL_KUBERNETES_CACHE:-$HOME/.cache/warmpool/kubernetes}"
BIN="$CACHE/bin"
log() { printf '== %s (%s)\n' "$*" "$(date +%T)"; }

if [[ -x "$BIN/kube-apiserver" && -x "$BIN/kube-controller-manager" && -x "$BIN/etcd" ]]; then
  log "control plane cached in $BIN"
  exit 0
fi
mkdir -p "$BIN"

need=()
[[ -x /usr/lib/go-1.19/bin/go ]] || need+=(golang-1.19-go golang-1.19-src)
for tool in rsync jq openssl make curl dpkg-source; do
  command -v "$tool" >/dev/null 2>&1 || need+=("$( [[ $tool == dpkg-source ]] && echo dpkg-dev || echo "$tool")")
done
if ((${#need[@]})); then
  log "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

work="$CACHE/work"
mkdir -p "$work"

# A private apt configuration with deb-src lines mirroring the machine's own bookworm URIs.
apt_dir="$work/apt"
mkdir -p "$apt_dir/lists/partial"
# Only active lines ("URIs:" in deb822 files, "deb URI" in one-line lists), never comments.
uris=$( (cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null || true) \
  | sed -nE 's/^URIs:[[:space:]]*//p; s/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+).*/\2/p' | tr ' ' '\n')
main_uri=$(grep -E '/debian/?$' <<<"$uris" | head -1 || true)
security_uri=$(grep -E '/debian-security/?$' <<<"$uris" | head -1 || true)
main_uri=${main_uri:-http://deb.debian.org/debian}
security_uri=${security_uri:-http://deb.debian.org/debian-security}
cat >"$apt_dir/sources.list" <<SRC
deb-src $main_uri bookworm main
deb-src $main_uri bookworm-updates main
deb-src $security_uri bookworm-security main
deb $main_uri bookworm main
deb $main_uri bookworm-updates main
deb $security_uri bookworm-security main
SRC
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o "Dir::State::Lists=$apt_dir/lists" -o Debug::NoLocking=1 -o APT::Sandbox::User=root)

if [[ ! -x "$BIN/etcd" ]]; then
  log "fetching etcd-server"
  apt-get "${apt_opts[@]}" update -qq
  (cd "$work" && rm -f etcd-server_*.deb && apt-get "${apt_opts[@]}" download etcd-server >/dev/null)
  rm -rf "$work/etcd-x" && dpkg -x "$work"/etcd-server_*.deb "$work/etcd-x"
  cp "$work/etcd-x/usr/bin/etcd" "$BIN/etcd"
fi

if [[ ! -x "$BIN/kube-apiserver" || ! -x "$BIN/kube-controller-manager" ]]; then
  src=$(find "$work" -maxdepth 1 -type d -name 'kubernetes-1.20*' | head -1)
  if [[ -z "$src" ]]; then
    log "fetching the kubernetes source package"
    apt-get "${apt_opts[@]}" update -qq
    (cd "$work" && apt-get "${apt_opts[@]}" source --download-only kubernetes >/dev/null)
    (cd "$work" && dpkg-source --no-check -x kubernetes_*.dsc >/dev/null)
    src=$(find "$work" -maxdepth 1 -type d -name 'kubernetes-1.20*' | head -1)
  fi
  log "building kube-apiserver and kube-controller-manager in $src (about 7 minutes on 2 cores)"
  start=$(date +%s)
  (cd "$src" && PATH=/usr/lib/go-1.19/bin:$PATH CGO_ENABLED=0 GOPROXY=off GOFLAGS=-tags=providerless \
     make WHAT="cmd/kube-apiserver cmd/kube-controller-manager" GOLDFLAGS="-s -w")
  cp "$src/_output/local/bin/linux/amd64/kube-apiserver" "$src/_output/local/bin/linux/amd64/kube-controller-manager" "$BIN/"
  log "built in $(( $(date +%s) - start )) s"
  rm -rf "$src/_output"  # about 1.2 GB of build output
fi
"$BIN/kube-apiserver" --version
