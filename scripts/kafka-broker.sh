#!/usr/bin/env bash
# A single-node KRaft Apache Kafka 4.x broker on loopback, from Maven-resolved jars (no Docker, no ZooKeeper).
#   scripts/kafka-broker.sh start [PORT]   # default 19092; prints the bootstrap address, waits until it accepts
#   scripts/kafka-broker.sh stop
#   scripts/kafka-broker.sh kill           # SIGKILL, for broker-failure tests
# State lives under target/kafka-broker (logs in target/kafka-broker/broker.log).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
home="$root/target/kafka-broker"
port="${2:-19092}"
controller=$((port + 1))
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

resolve() {
  if [ ! -d "$home/lib" ]; then
    mkdir -p "$home"
    "$root/mvnw" -q -B -f "$root/scripts/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="$home/lib" >&2
  fi
}

listening() {
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

start() {
  # Idempotent: a broker already answering on the port (ours or .ci/run's) is reused, never doubled.
  if [ -f "$home/broker.pid" ] && kill -0 "$(cat "$home/broker.pid")" 2>/dev/null; then
    for _ in $(seq 1 120); do
      if listening && grep -q "Kafka Server started" "$home/broker.log"; then
        echo "127.0.0.1:$port"
        return 0
      fi
      sleep 0.5
    done
    echo "a broker process is running but does not answer on $port; see $home/broker.log" >&2
    return 1
  fi
  if listening; then
    echo "127.0.0.1:$port"
    return 0
  fi
  resolve
  mkdir -p "$home/data"
  cat > "$home/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$home/data
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
PROPS
  local opts=(-Xmx512m --sun-misc-unsafe-memory-access=allow -cp "$home/lib/*")
  if [ ! -f "$home/data/meta.properties" ]; then
    "$java" "${opts[@]}" kafka.tools.StorageTool format -t stagegate-test-cluster-0001 -c "$home/server.properties" \
      > "$home/format.log" 2>&1
  fi
  nohup "$java" "${opts[@]}" kafka.Kafka "$home/server.properties" > "$home/broker.log" 2>&1 &
  echo $! > "$home/broker.pid"
  for _ in $(seq 1 120); do
    if listening && grep -q "Kafka Server started" "$home/broker.log"; then
      echo "127.0.0.1:$port"
      return 0
    fi
    sleep 0.5
  done
  echo "broker did not start; see $home/broker.log" >&2
  return 1
}

stop() {
  local signal="$1"
  if [ -f "$home/broker.pid" ]; then
    local pid
    pid="$(cat "$home/broker.pid")"
    kill "$signal" "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    rm -f "$home/broker.pid"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop -TERM ;;
  kill) stop -KILL ;;
  *) echo "usage: $0 start [PORT] | stop | kill" >&2; exit 2 ;;
esac
