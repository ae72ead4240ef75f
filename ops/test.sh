#!/usr/bin/env bash
# The project's test command (README). On a fresh machine it fetches the datasets, validates the
# compose stack statically, starts a real
# schema registry (Apicurio, built from Maven Central) on a free loopback port, runs every test
# with Maven, and stops the registry again.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

ops/fetch-datasets.sh
# docker-compose.yml, Prometheus rules and the Grafana dashboard, checked statically (no Docker engine needed)
ops/validate-compose.sh
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-1}"

REGISTRY_ARGS=()
if [ -x ops/registry/start-registry.sh ]; then
  REG_DIR=$(mktemp -d)
  trap 'if [ -f "$REG_DIR/pid" ]; then kill "$(cat "$REG_DIR/pid")" 2>/dev/null || true; fi; rm -rf "$REG_DIR"' EXIT
  ops/registry/start-registry.sh "$REG_DIR"
  REGISTRY_ARGS=("-Ddmz.registry.url=$(cat "$REG_DIR/url")")
fi

mvn -B -ntp verify "${REGISTRY_ARGS[@]}" "$@"
