#!/usr/bin/env bash
# Static checks of the deployment files; no Docker engine needed (CI calls this).
#   1. docker-compose.yml is valid for docker-compose v1 (default and gpu profile), and the
#      service is scalable, health-checked, stoppable gracefully, and its GPU variant is wired.
#   2. The Grafana dashboard JSON parses, and every metric it, the alert rules and the k8s
#      autoscaling rule query is one the service exposes (the list below; keep it in step with
#      the topology's metrics).
#   3. With promtool on the PATH (optional): Prometheus config, alert rules and every dashboard
#      query parse as PromQL. Prometheus, Grafana provisioning and ops/k8s YAML parse.
# Installs Debian's docker-compose (v1, without the daemon) when missing.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

COMPOSE_FILE=docker-compose.yml
DASHBOARD=ops/grafana/dashboards/dmz-stream.json
ALERTS=ops/prometheus/alerts.yml
PROM_CONFIG=ops/prometheus/prometheus.yml

say() { printf '%s\n' "$*"; }
fail() { printf 'validate-compose: FAILED: %s\n' "$*" >&2; exit 1; }

ensure_compose() {
  command -v docker-compose >/dev/null 2>&1 && return 0
  say "installing docker-compose (v1, without the Docker daemon)"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || fail "docker-compose missing and not root (install it: apt-get install -y --no-install-recommends docker-compose)"
    sudo="sudo"
  fi
  local log
  log=$(mktemp)
  export DEBIAN_FRONTEND=noninteractive
  # --no-install-recommends matters: without it apt pulls in the Docker daemon.
  if ! $sudo apt-get install -y -q --no-install-recommends docker-compose >"$log" 2>&1; then
    if ! { $sudo apt-get update -q && $sudo apt-get install -y -q --no-install-recommends docker-compose; } >"$log" 2>&1; then
      cat "$log" >&2
      fail "could not install docker-compose"
    fi
  fi
  rm -f "$log"
}

# A python3 with PyYAML: the one on the PATH, else Debian's (docker-compose depends on python3-yaml).
pick_python() {
  local p
  for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import yaml' >/dev/null 2>&1; then
      echo "$p"
      return 0
    fi
  done
  fail "no python3 with PyYAML found"
}

ensure_compose
PY=$(pick_python)
say "$(docker-compose version --short 2>/dev/null | sed 's/^/docker-compose /')"

# 1. Compose file ------------------------------------------------------------------------------
docker-compose -f "$COMPOSE_FILE" config -q || fail "docker-compose config (default profile)"
docker-compose -f "$COMPOSE_FILE" --profile gpu config -q || fail "docker-compose config (gpu profile)"
say "ok  $COMPOSE_FILE: docker-compose config -q (default and gpu profiles)"

RESOLVED=$(mktemp)
trap 'rm -f "$RESOLVED"; rm -rf "${PROMTMP:-}"' EXIT
docker-compose -f "$COMPOSE_FILE" --profile gpu config >"$RESOLVED"

"$PY" - "$RESOLVED" <<'PYEOF' || fail "compose structure (see above)"
import re, sys, yaml

doc = yaml.safe_load(open(sys.argv[1]))
services = doc.get("services", {})
problems = []

def need(cond, msg):
    if not cond:
        problems.append(msg)

for name in ["kafka", "topic-init", "schema-registry", "dmz-stream", "dmz-stream-gpu", "prometheus", "grafana"]:
    need(name in services, "service %s missing" % name)

# Third-party images pinned to a version tag.
for name, svc in services.items():
    image = svc.get("image", "")
    if "build" in svc or not image:
        continue
    tag = image.rsplit(":", 1)[1] if ":" in image.split("/")[-1] else ""
    need(tag and tag != "latest" and re.search(r"\d", tag), "%s: image %s is not pinned to a version" % (name, image))

kafka = services.get("kafka", {})
kenv = kafka.get("environment", {}) or {}
need(kafka.get("image", "").startswith("apache/kafka:"), "kafka: use the official apache/kafka image")
need("broker" in str(kenv.get("KAFKA_PROCESS_ROLES", "")) and "controller" in str(kenv.get("KAFKA_PROCESS_ROLES", "")),
     "kafka: KRaft combined mode (KAFKA_PROCESS_ROLES=broker,controller)")
need(int(kenv.get("KAFKA_MESSAGE_MAX_BYTES", 0) or 0) >= 4 * 1024 * 1024 + 64 * 1024,
     "kafka: message.max.bytes must admit 4 MiB images plus overhead")
need(services.get("schema-registry", {}).get("image", "").startswith("confluentinc/cp-schema-registry:"),
     "schema-registry: use confluentinc/cp-schema-registry")

required_env = ["DMZ_BOOTSTRAP_SERVERS", "DMZ_SCHEMA_REGISTRY_URL", "DMZ_MODEL_ZOO_DIR", "DMZ_DEVICES", "DMZ_HTTP_PORT"]
for name in ["dmz-stream", "dmz-stream-gpu"]:
    svc = services.get(name)
    if not svc:
        continue
    need("container_name" not in svc, "%s: container_name prevents --scale" % name)
    need(not svc.get("ports"), "%s: a fixed host port prevents --scale" % name)
    need(svc.get("build", {}).get("dockerfile") == "ops/docker/Dockerfile", "%s: build from ops/docker/Dockerfile" % name)
    hc = " ".join(map(str, svc.get("healthcheck", {}).get("test", [])))
    need("/health/ready" in hc, "%s: healthcheck must probe /health/ready" % name)
    need(svc.get("stop_grace_period"), "%s: stop_grace_period missing" % name)
    env = svc.get("environment", {}) or {}
    for key in required_env:
        need(key in env, "%s: environment %s missing" % (name, key))
    deps = svc.get("depends_on", {})
    need(isinstance(deps, dict) and deps.get("topic-init", {}).get("condition") == "service_completed_successfully",
         "%s: must wait for topic-init to complete" % name)

gpu = services.get("dmz-stream-gpu", {})
need("gpu" in (gpu.get("profiles") or []), "dmz-stream-gpu: must be in the gpu profile")
need(gpu.get("build", {}).get("args", {}).get("MAVEN_PROFILES") == "gpu", "dmz-stream-gpu: build arg MAVEN_PROFILES=gpu")
devices = gpu.get("deploy", {}).get("resources", {}).get("reservations", {}).get("devices", [])
need(any(d.get("driver") == "nvidia" and "gpu" in d.get("capabilities", []) for d in devices),
     "dmz-stream-gpu: NVIDIA device reservation missing")

script = open("ops/kafka/create-topics.sh").read()
for topic in ["images", "latents", "labels", "reconstructions", "transfers", "images.dlq"]:
    need('"$P.%s"' % topic in script, "topic-init: dmz.%s not created" % topic)

if problems:
    for p in problems:
        print("  - " + p, file=sys.stderr)
    sys.exit(1)
print("ok  services: scalable dmz-stream, gpu profile, pinned images, topic-init, health checks")
PYEOF

sh -n ops/kafka/create-topics.sh || fail "ops/kafka/create-topics.sh syntax"

# 2. Dashboard and alert metrics ------------------------------------------------------------------
"$PY" -m json.tool "$DASHBOARD" >/dev/null || fail "$DASHBOARD is not valid JSON"
say "ok  $DASHBOARD parses"

PROMTMP=$(mktemp -d)
"$PY" - "$DASHBOARD" "$ALERTS" "$PROMTMP/dashboard-rules.yml" <<'PYEOF' || fail "metric names (see above)"
import json, re, sys, yaml

# Metrics the service exposes (Micrometer, Prometheus naming). Keep in step with the topology.
COUNTERS = ["dmz_outputs_total", "dmz_dead_letters_total", "dmz_engine_device_faults_total", "dmz_engine_retries_total",
            "dmz_task_failures_total", "dmz_registry_errors_total"]
GAUGES = ["dmz_lane_queue_depth", "dmz_requests_in_flight", "dmz_model_info", "dmz_code_bit_drift", "dmz_ready",
          "dmz_engine_circuit_open", "dmz_engine_worker_up", "dmz_partitions_stalled"]
HISTOGRAMS = ["dmz_engine_batch_size", "dmz_engine_queue_wait_seconds", "dmz_engine_step_seconds",
              "dmz_end_to_end_latency_seconds", "dmz_label_confidence"]
# Kafka client / Streams metrics bound by Micrometer's KafkaStreamsMetrics that we rely on.
KAFKA = ["kafka_consumer_fetch_manager_records_lag_max", "kafka_consumer_fetch_manager_records_lag",
         "kafka_stream_thread_process_rate"]
PROMETHEUS = ["up"]  # written by Prometheus itself
ALLOWED = set(COUNTERS + GAUGES + KAFKA + PROMETHEUS)
for h in HISTOGRAMS:
    ALLOWED.update(h + s for s in ("_bucket", "_count", "_sum"))

KEYWORDS = {"and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring",
            "group_left", "group_right", "inf", "nan", "Inf", "NaN"}

def metrics_in(expr):
    e = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    e = re.sub(r"'(?:[^'\\]|\\.)*'", "''", e)
    e = re.sub(r"\{[^}]*\}", "{}", e)
    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", e)
    e = re.sub(r"\[[^\]]*\]", "[]", e)
    names = []
    for m in re.finditer(r"(?<![\w:$.])[a-zA-Z_:][a-zA-Z0-9_:]*", e):
        if not re.match(r"\s*\(", e[m.end():]):  # a function call, not a metric
            names.append(m.group(0))
    return [n for n in names if n not in KEYWORDS]

exprs = []  # (where, expr)
dash = json.load(open(sys.argv[1]))

def walk(panels, where):
    for p in panels:
        for t in p.get("targets", []):
            if t.get("expr"):
                exprs.append(("panel '%s'" % p.get("title"), t["expr"]))
        walk(p.get("panels", []), where)

walk(dash.get("panels", []), "")
for v in dash.get("templating", {}).get("list", []):
    if v.get("type") != "query":
        continue
    q = v.get("query")
    q = q.get("query", "") if isinstance(q, dict) else (q or "")
    m = re.match(r"\s*label_values\(\s*([^,)]+)", q)
    if m:
        exprs.append(("variable '%s'" % v.get("name"), m.group(1)))
    elif q.strip().startswith("query_result("):
        exprs.append(("variable '%s'" % v.get("name"), q.strip()[len("query_result("):-1]))
    elif q:
        exprs.append(("variable '%s'" % v.get("name"), q))
dashboard_exprs = list(exprs)

rules = yaml.safe_load(open(sys.argv[2]))
for g in rules.get("groups", []):
    for r in g.get("rules", []):
        exprs.append(("alert %s" % r.get("alert", r.get("record")), r["expr"]))
adapter = yaml.safe_load(open("ops/k8s/prometheus-adapter-rules.yaml"))
for r in adapter.get("rules", {}).get("external", []):
    exprs.append(("k8s adapter rule %s" % r["name"]["as"], r["metricsQuery"]))

problems, used = [], set()
for where, expr in exprs:
    names = metrics_in(expr)
    if not names:
        problems.append("%s queries no metric: %s" % (where, expr))
    for n in names:
        used.add(n)
        if n not in ALLOWED:
            problems.append("%s queries unknown metric %s" % (where, n))

if problems:
    for p in problems:
        print("  - " + p, file=sys.stderr)
    sys.exit(1)

panels = sum(1 for _ in dash.get("panels", []) if _.get("type") != "row")
print("ok  %d dashboard queries in %d panels, %d alert/adapter rules use only exposed metrics"
      % (len(dashboard_exprs), panels, len(exprs) - len(dashboard_exprs)))
families = set(COUNTERS + GAUGES + HISTOGRAMS)
unused = sorted(f for f in families if not any(u == f or u.startswith(f + "_") for u in used))
if unused:
    print("note: service metrics not on the dashboard or in alerts: " + ", ".join(unused))

# Dashboard queries as recording rules, so promtool can parse them as PromQL.
subst = lambda e: (e.replace("$__rate_interval", "1m").replace("$instance", ".*")
                    .replace("$input_topic", "dmz[._]images"))
doc = {"groups": [{"name": "dashboard", "rules": [
    {"record": "dashboard:query_%d" % i, "expr": subst(e)} for i, (_, e) in enumerate(dashboard_exprs)]}]}
yaml.safe_dump(doc, open(sys.argv[3], "w"))
PYEOF

# 3. PromQL and Prometheus config (optional: promtool) --------------------------------------------
if command -v promtool >/dev/null 2>&1; then
  promtool check rules "$ALERTS" >/dev/null || fail "promtool check rules $ALERTS"
  promtool check rules "$PROMTMP/dashboard-rules.yml" >/dev/null || fail "dashboard queries are not valid PromQL"
  cp "$ALERTS" "$PROMTMP/alerts.yml"
  sed "s#/etc/prometheus/alerts.yml#$PROMTMP/alerts.yml#" "$PROM_CONFIG" >"$PROMTMP/prometheus.yml"
  promtool check config "$PROMTMP/prometheus.yml" >/dev/null || fail "promtool check config $PROM_CONFIG"
  say "ok  promtool: $PROM_CONFIG, $ALERTS and the dashboard's PromQL"
else
  say "note: promtool not installed: PromQL not parsed"
fi
"$PY" -c 'import sys, yaml; [list(yaml.safe_load_all(open(f))) for f in sys.argv[1:]]' "$PROM_CONFIG" "$ALERTS" \
  ops/grafana/provisioning/datasources/*.yml ops/grafana/provisioning/dashboards/*.yml ops/k8s/*.yaml \
  || fail "YAML does not parse"
say "ok  Prometheus, Grafana provisioning and ops/k8s YAML parse"

say "validate-compose: all checks passed"
