#!/usr/bin/env bash
# Usage: ops/registry/stop-registry.sh [STATE_DIR]
# Stops the registry started by start-registry.sh with the same state dir. Safe when none runs.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE_DIR="${1:-${DMZ_REGISTRY_STATE_DIR:-$HERE/target/run}}"
PID_FILE="$STATE_DIR/pid"
[[ -f "$PID_FILE" ]] || { echo "stop-registry: not running" >&2; exit 0; }
PID="$(cat "$PID_FILE")"
if kill -0 "$PID" 2>/dev/null; then
  kill "$PID"
  for _ in $(seq 1 40); do kill -0 "$PID" 2>/dev/null || break; sleep 0.25; done
  kill -0 "$PID" 2>/dev/null && kill -9 "$PID" 2>/dev/null || true
  echo "stop-registry: stopped pid $PID" >&2
fi
rm -f "$PID_FILE" "$STATE_DIR/url"
