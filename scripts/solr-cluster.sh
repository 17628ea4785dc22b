#!/usr/bin/env bash
# A SolrCloud 9.x cluster on loopback from Maven-resolved jars (no Docker, no Solr distribution): one embedded
# ZooKeeper and N Solr nodes, each in its own JVM (Solr 9 runs on Lucene 9, the gateway on Lucene 10).
#   scripts/solr-cluster.sh start [N]        # default 2 nodes; idempotent; prints the ZooKeeper address and node URLs
#   scripts/solr-cluster.sh stop             # every node, then ZooKeeper (SIGTERM, then SIGKILL after 30 s)
#   scripts/solr-cluster.sh kill-node I      # SIGKILL node I (1-based), for failure tests
#   scripts/solr-cluster.sh restart-node I   # start node I again (after kill-node), waits until it is live
#   scripts/solr-cluster.sh status
#   scripts/solr-cluster.sh resolve          # only fetch the jars (tests skip when this fails)
# Ports: ZooKeeper on $SOLR_CLUSTER_ZK_PORT (default 19983), node I on $SOLR_CLUSTER_BASE_PORT + I (default 19900 + I).
# State (ZooKeeper data, node homes and indexes, pids, logs) lives under $SOLR_CLUSTER_HOME (default
# target/solr-cluster); logs are zookeeper.log and node-I/node.log there. Heap per node: $SOLR_CLUSTER_HEAP (512m).
# The jars (about 140, 85 MB) are resolved once by Maven into $SOLR_CLUSTER_LIB (default target/solr-cluster-lib).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
home="${SOLR_CLUSTER_HOME:-$root/target/solr-cluster}"
lib="${SOLR_CLUSTER_LIB:-$root/target/solr-cluster-lib}"
zk_port="${SOLR_CLUSTER_ZK_PORT:-19983}"
base_port="${SOLR_CLUSTER_BASE_PORT:-19900}"
heap="${SOLR_CLUSTER_HEAP:-512m}"
if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
javac="${JAVA_HOME:+$JAVA_HOME/bin/}javac"

resolve() {
  if [ ! -f "$lib/.complete" ]; then
    rm -rf "$lib"
    mkdir -p "$lib"
    "$root/mvnw" -q -B -ntp -f "$root/scripts/solr/pom.xml" dependency:copy-dependencies -DoutputDirectory="$lib" >&2
    touch "$lib/.complete"
  fi
  if [ ! -f "$lib/classes/SolrNode.class" ] || [ "$root/scripts/solr/SolrNode.java" -nt "$lib/classes/SolrNode.class" ]; then
    "$javac" -nowarn -cp "$lib/*" -d "$lib/classes" "$root/scripts/solr/SolrNode.java" >&2
  fi
}

listening() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

alive() {
  [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

jvm_opts() {
  echo "-Xmx$1 -XX:+UseG1GC --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
  echo "-Djava.net.preferIPv4Stack=true -Dlog4j2.configurationFile=$home/log4j2.xml"
}

start_zk() {
  if alive "$home/zookeeper.pid"; then
    return 0
  fi
  if listening "$zk_port"; then
    echo "port $zk_port is taken by another process (set SOLR_CLUSTER_ZK_PORT)" >&2
    return 1
  fi
  mkdir -p "$home/zookeeper"
  cat > "$home/zoo.cfg" <<CFG
tickTime=2000
initLimit=10
syncLimit=5
dataDir=$home/zookeeper
clientPort=$zk_port
clientPortAddress=127.0.0.1
maxClientCnxns=0
admin.enableServer=false
4lw.commands.whitelist=ruok
CFG
  # shellcheck disable=SC2046
  nohup "$java" $(jvm_opts 128m) -Dzookeeper.admin.enableServer=false -cp "$lib/*" \
    org.apache.zookeeper.server.ZooKeeperServerMain "$home/zoo.cfg" > "$home/zookeeper.log" 2>&1 &
  echo $! > "$home/zookeeper.pid"
  for _ in $(seq 1 120); do
    if listening "$zk_port"; then
      return 0
    fi
    alive "$home/zookeeper.pid" || break
    sleep 0.25
  done
  echo "ZooKeeper did not start; see $home/zookeeper.log" >&2
  return 1
}

node_port() {
  echo $((base_port + $1))
}

# Live means registered in ZooKeeper's live_nodes with its cores loaded: the health handler answers 200 only then.
node_live() {
  curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$(node_port "$1")/solr/admin/info/health"
}

launch_node() {
  local i="$1" dir="$home/node-$1" port
  port="$(node_port "$i")"
  if alive "$dir/node.pid"; then
    return 0
  fi
  if listening "$port"; then
    echo "port $port is taken by another process (set SOLR_CLUSTER_BASE_PORT)" >&2
    return 1
  fi
  mkdir -p "$dir"
  cat > "$dir/solr.xml" <<XML
<?xml version="1.0" encoding="UTF-8" ?>
<solr>
  <int name="maxBooleanClauses">2048</int>
  <str name="allowUrls">\${solr.allowUrls:}</str>
  <solrcloud>
    <str name="host">127.0.0.1</str>
    <int name="hostPort">$port</int>
    <str name="hostContext">solr</str>
    <str name="zkHost">127.0.0.1:$zk_port</str>
    <int name="zkClientTimeout">8000</int>
    <bool name="genericCoreNodeNames">true</bool>
    <int name="distribUpdateSoTimeout">60000</int>
    <int name="distribUpdateConnTimeout">5000</int>
  </solrcloud>
  <shardHandlerFactory name="shardHandlerFactory" class="HttpShardHandlerFactory">
    <int name="socketTimeout">30000</int>
    <int name="connTimeout">2000</int>
  </shardHandlerFactory>
</solr>
XML
  echo "$port" > "$dir/port"
  # shellcheck disable=SC2046
  nohup "$java" $(jvm_opts "$heap") -Dsolr.log.dir="$dir" -Dsolr.install.dir="$dir" -Dsolr.solr.home="$dir" \
    -Djetty.testMode=true -Dsolr.disableConfigSetsCreateAuthChecks=true -cp "$lib/classes:$lib/*" \
    SolrNode "$dir" "$port" > "$dir/node.log" 2>&1 &
  echo $! > "$dir/node.pid"
}

wait_node() {
  local i="$1" dir="$home/node-$1"
  for _ in $(seq 1 240); do
    if node_live "$i"; then
      return 0
    fi
    if ! alive "$dir/node.pid"; then
      break
    fi
    sleep 0.25
  done
  echo "Solr node $i did not become live; see $dir/node.log" >&2
  return 1
}

log_config() {
  cat > "$home/log4j2.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<Configuration>
  <Appenders><Console name="out" target="SYSTEM_OUT"><PatternLayout pattern="%d{HH:mm:ss.SSS} %-5p [%t] %c{1} %m%n"/></Console></Appenders>
  <Loggers>
    <Logger name="org.apache.solr.cloud" level="INFO"/>
    <Logger name="org.apache.solr.embedded" level="INFO"/>
    <Root level="WARN"><AppenderRef ref="out"/></Root>
  </Loggers>
</Configuration>
XML
}

nodes() {
  local n=0
  for d in "$home"/node-*; do
    [ -d "$d" ] && n=$((n + 1))
  done
  echo "$n"
}

print_addresses() {
  echo "zkHost=127.0.0.1:$zk_port"
  for d in "$home"/node-*; do
    [ -f "$d/port" ] && echo "node ${d##*-}: http://127.0.0.1:$(cat "$d/port")/solr"
  done
}

start() {
  local n="${1:-2}"
  resolve
  mkdir -p "$home"
  log_config
  start_zk
  for i in $(seq 1 "$n"); do
    launch_node "$i"
  done
  for i in $(seq 1 "$n"); do
    wait_node "$i"
  done
  print_addresses
}

stop_pid() {
  local pidfile="$1" signal="$2"
  if [ -f "$pidfile" ]; then
    local pid
    pid="$(cat "$pidfile")"
    kill "$signal" "$pid" 2>/dev/null || true
    for _ in $(seq 1 120); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  fi
}

stop() {
  # Nodes first and together (each deregisters from ZooKeeper), then ZooKeeper.
  for d in "$home"/node-*; do
    [ -f "$d/node.pid" ] && kill -TERM "$(cat "$d/node.pid")" 2>/dev/null || true
  done
  for d in "$home"/node-*; do
    stop_pid "$d/node.pid" -TERM
  done
  stop_pid "$home/zookeeper.pid" -TERM
}

node_arg() {
  if ! [[ "${1:-}" =~ ^[1-9][0-9]*$ ]] || [ ! -d "$home/node-$1" ]; then
    echo "no node '${1:-}' (nodes: 1..$(nodes))" >&2
    exit 2
  fi
}

case "${1:-}" in
  resolve) resolve ;;
  start) start "${2:-2}" ;;
  stop) stop ;;
  kill-node) node_arg "${2:-}"; stop_pid "$home/node-$2/node.pid" -KILL ;;
  restart-node)
    node_arg "${2:-}"
    resolve
    start_zk
    stop_pid "$home/node-$2/node.pid" -TERM
    launch_node "$2"
    wait_node "$2"
    echo "node $2: http://127.0.0.1:$(node_port "$2")/solr"
    ;;
  status)
    alive "$home/zookeeper.pid" && echo "zookeeper: up" || echo "zookeeper: down"
    for d in "$home"/node-*; do
      [ -d "$d" ] || continue
      i="${d##*-}"
      if node_live "$i"; then echo "node $i: live"; elif alive "$d/node.pid"; then echo "node $i: starting"; else echo "node $i: down"; fi
    done
    ;;
  *) echo "usage: $0 resolve | start [N] | stop | kill-node I | restart-node I | status" >&2; exit 2 ;;
esac
