#!/usr/bin/env bash
# Starts the test schema registry (Apicurio Registry 2.4.2.Final, in-memory storage) on a free
# loopback port, building it first if needed (ops/registry/pom.xml; cold ~1-4 min, warm ~20 s).
#
# stdout: exactly one line, the Confluent-compatible base URL, e.g. http://127.0.0.1:40153/apis/ccompat/v7
#         (so URL=$(ops/registry/start-registry.sh) works); progress goes to stderr.
# Files in the state dir: url (that URL), pid, registry.log, build.log.
# Idempotent: if the registry of this state dir is already up, it just prints its URL.
# Stop it with ops/registry/stop-registry.sh.
#
# Usage: ops/registry/start-registry.sh [STATE_DIR]
# Environment (all optional):
#   DMZ_REGISTRY_STATE_DIR  state dir if no argument (default ops/registry/target/run)
#   DMZ_REGISTRY_TIMEOUT    seconds to wait      (default 180)
#   DMZ_REGISTRY_JAVA_OPTS  JVM options          (default -Xmx384m)
#   DMZ_REGISTRY_MVN_ARGS   extra Maven args for the build, e.g. -o
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$HERE/target/dmz-test-registry-0.1.0-SNAPSHOT-runner.jar"
STATE_DIR="${1:-${DMZ_REGISTRY_STATE_DIR:-$HERE/target/run}}"
TIMEOUT="${DMZ_REGISTRY_TIMEOUT:-180}"
JAVA_OPTS="${DMZ_REGISTRY_JAVA_OPTS:--Xmx384m}"
CCOMPAT_PATH="/apis/ccompat/v7"

log() { echo "start-registry: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
command -v java >/dev/null || die "java is not installed"
command -v curl >/dev/null || die "curl is not installed"
mkdir -p "$STATE_DIR"

responds() { curl -fsS -o /dev/null --max-time 5 "$1/subjects"; }

# already running?
if [[ -f "$STATE_DIR/pid" && -f "$STATE_DIR/url" ]] && kill -0 "$(cat "$STATE_DIR/pid")" 2>/dev/null \
   && responds "$(cat "$STATE_DIR/url")"; then
  log "already running (pid $(cat "$STATE_DIR/pid"))"
  cat "$STATE_DIR/url"
  exit 0
fi

# build when the runner jar is missing or older than the wrapper's sources
if [[ ! -f "$JAR" || -n "$(find "$HERE/pom.xml" "$HERE/src" -newer "$JAR" -type f 2>/dev/null | head -1)" ]]; then
  command -v mvn >/dev/null || die "mvn is not installed"
  log "building the registry (log: $STATE_DIR/build.log)..."
  # shellcheck disable=SC2086
  if ! mvn -B -f "$HERE/pom.xml" ${DMZ_REGISTRY_MVN_ARGS:-} package -DskipTests >"$STATE_DIR/build.log" 2>&1; then
    tail -40 "$STATE_DIR/build.log" >&2
    die "registry build failed"
  fi
  [[ -f "$JAR" ]] || die "build succeeded but $JAR is missing"
fi

rm -f "$STATE_DIR/url" "$STATE_DIR/pid"
: >"$STATE_DIR/registry.log"
# stdin/stdout/stderr detached so that $(start-registry.sh) does not wait for the server
# shellcheck disable=SC2086
nohup java $JAVA_OPTS -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=0 -jar "$JAR" \
  </dev/null >>"$STATE_DIR/registry.log" 2>&1 &
PID=$!
echo "$PID" >"$STATE_DIR/pid"
log "started pid $PID, waiting for 'Listening on' (log: $STATE_DIR/registry.log)"

deadline=$((SECONDS + TIMEOUT))
BASE=""
while [[ -z "$BASE" ]]; do
  kill -0 "$PID" 2>/dev/null || { tail -40 "$STATE_DIR/registry.log" >&2; die "registry exited before listening"; }
  (( SECONDS < deadline )) || { tail -40 "$STATE_DIR/registry.log" >&2; kill "$PID" 2>/dev/null || true; die "no 'Listening on' line after ${TIMEOUT}s"; }
  BASE="$(sed 's/\x1b\[[0-9;]*m//g' "$STATE_DIR/registry.log" | grep -o 'Listening on: http://[0-9.]*:[0-9]*' | head -1 | sed 's/^Listening on: //' || true)"
  [[ -n "$BASE" ]] || sleep 0.5
done

URL="$BASE$CCOMPAT_PATH"
until responds "$URL"; do
  kill -0 "$PID" 2>/dev/null || { tail -40 "$STATE_DIR/registry.log" >&2; die "registry exited"; }
  (( SECONDS < deadline )) || { kill "$PID" 2>/dev/null || true; die "$URL/subjects does not answer after ${TIMEOUT}s"; }
  sleep 0.5
done

echo "$URL" >"$STATE_DIR/url"
log "ready at $URL"
echo "$URL"
