#!/usr/bin/env bash
# The whole learning loop on a BEIR dataset, against the real Kafka broker:
#   serve the corpus with one embedder (events to Kafka) -> replay the split's queries with simulated clicks ->
#   stop the gateway (flushes events) -> mine hard negatives from the topics -> hardness report.
# Usage: load-tests/mining-loop.sh DATASET_DIR SPLIT EMBEDDER DATA_DIR OUT_DIR [extra mine options...]
# DATA_DIR is indexed from DATASET_DIR/corpus.jsonl when it holds no index yet (slow for large corpora on CPU).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dataset="$1"; split="$2"; embedder="$3"; data="$4"; out="$5"; shift 5
name="$(basename "$dataset")-$(date +%s)"
port="${LOOP_PORT:-8090}"
mkdir -p "$out"
"$root/scripts/kafka-broker.sh" start >/dev/null
common=(-Dstagegate.data-dir="$data" -Dstagegate.pairs.default.embedder="$embedder" -Dstagegate.demo.enabled=false)
if [ ! -d "$data/corpus" ]; then
  STAGEGATE_JAVA_OPTS="${common[*]}" "$root/bin/stagegate" ingest --file "$dataset/corpus.jsonl" --data-dir "$data"
fi
STAGEGATE_JAVA_OPTS="${common[*]} -Dquarkus.http.port=$port -Dstagegate.events.kafka.bootstrap-servers=127.0.0.1:19092 \
  -Dstagegate.events.topics.query=$name.query.v1 -Dstagegate.events.topics.feedback=$name.feedback.v1" \
  "$root/bin/stagegate" > "$out/gateway.log" 2>&1 &
gateway=$!
for _ in $(seq 1 240); do
  curl -sf "http://localhost:$port/q/health/ready" >/dev/null && break
  sleep 1
done
"$root/bin/stagegate" replay --dataset "$dataset" --split "$split" --url "http://localhost:$port" | tee "$out/replay.txt"
kill -TERM "$gateway"; wait "$gateway" || true
grep -E "events at shutdown" "$out/gateway.log" | tee -a "$out/replay.txt"
"$root/bin/stagegate" mine --bootstrap-servers 127.0.0.1:19092 --query-topic "$name.query.v1" \
  --feedback-topic "$name.feedback.v1" --data-dir "$data" --out "$out/train.jsonl" --report "$out/mine-report.json" "$@" \
  2>&1 | tee "$out/mine.txt"
