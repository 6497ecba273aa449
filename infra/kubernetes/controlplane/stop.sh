#!/usr/bin/env bash
# Stops what start.sh DIR started (by the pids it recorded) and removes DIR.
set -uo pipefail
DIR="${1:?usage: stop.sh DIR}"
[[ -f "$DIR/pids" ]] || exit 0
while read -r pid; do kill "$pid" 2>/dev/null; done <"$DIR/pids"
for _ in $(seq 1 50); do
  alive=0
  while read -r pid; do kill -0 "$pid" 2>/dev/null && alive=1; done <"$DIR/pids"
  ((alive)) || break
  sleep 0.1
done
while read -r pid; do kill -9 "$pid" 2>/dev/null; done <"$DIR/pids"
[[ "${WARMPOOL_KEEP_CONTROL_PLANE_DIR:-}" == 1 ]] || rm -rf "$DIR"
