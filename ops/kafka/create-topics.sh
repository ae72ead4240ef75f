#!/bin/sh
# Creates the DMZ Stream topics before the service starts (the compose `topic-init` service runs
# this once in the apache/kafka image). Idempotent: existing topics are left as they are, so a
# partition count is never changed behind the producers' backs (it would move keys).
#
# Environment (defaults in brackets):
#   BOOTSTRAP_SERVERS [kafka:9092]   INPUT_PARTITIONS [6]   OUTPUT_PARTITIONS [6]
#   REPLICATION_FACTOR [1]           MAX_MESSAGE_BYTES [5242880 = 4 MiB image + headroom]
#   TOPIC_PREFIX [dmz]
set -eu

KAFKA_BIN=${KAFKA_BIN:-/opt/kafka/bin}
BOOTSTRAP=${BOOTSTRAP_SERVERS:-kafka:9092}
INPUT_PARTITIONS=${INPUT_PARTITIONS:-6}
OUTPUT_PARTITIONS=${OUTPUT_PARTITIONS:-6}
RF=${REPLICATION_FACTOR:-1}
MAX_BYTES=${MAX_MESSAGE_BYTES:-5242880}
P=${TOPIC_PREFIX:-dmz}

create() { # name partitions [extra --config args...]
  name=$1 partitions=$2
  shift 2
  "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor "$RF" \
    --config "max.message.bytes=$MAX_BYTES" "$@"
}

# Input: whole images (up to image.max.bytes plus the record overhead).
create "$P.images" "$INPUT_PARTITIONS" --config retention.ms=604800000
# Outputs keep the input key; their partition count only bounds downstream consumers.
create "$P.latents" "$OUTPUT_PARTITIONS"
create "$P.labels" "$OUTPUT_PARTITIONS"
create "$P.reconstructions" "$OUTPUT_PARTITIONS"
create "$P.transfers" "$OUTPUT_PARTITIONS"
# Latent commands (generate, interpolate) in, one SampleEvent per image out.
create "$P.commands" "$INPUT_PARTITIONS" --config retention.ms=604800000
create "$P.samples" "$OUTPUT_PARTITIONS"
# Dead letters carry the original image bytes; keep them long enough to triage and replay.
create "$P.images.dlq" "$OUTPUT_PARTITIONS" --config retention.ms=1209600000

"$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --describe --topic "$P\..*" \
  | grep '^Topic:' || true
echo "topic-init: done"
