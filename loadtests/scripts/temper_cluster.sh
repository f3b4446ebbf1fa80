#!/bin/bash
# Parallel tempering with and without a cluster (BENCHMARKS-cluster.md, "Parallel tempering across
# nodes"): the same seeded session on one server without a cluster, on a cluster of one node, and
# on two nodes (the second joined, shards rebalanced onto it); prints wall times (CLI start
# included), each node's CPU seconds for the two-node run, and whether the results are identical.
# Needs the fat jar (mvn -B -q -DskipTests package). SWAP=sweeps between swaps (default 10),
# SWEEPS (default 4000), OUT=working folder (default /tmp/temper-cluster). Ports 50061, 50071-2,
# 25571-2 must be free.
set -u
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
E=./ebmsim
B=${OUT:-/tmp/temper-cluster}
mkdir -p "$B"
ARGS="--ladder geometric:0.5:3:8 --ladders 16 --sweeps ${SWEEPS:-4000} --swap-every ${SWAP:-10} --seed 3
  --report-every 1000 --result-ladders 16 --json"
wait_up() { for _ in $(seq 1 120); do $E --target=127.0.0.1:$1 models list >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "server $1 not up"; return 1; }
pids=()
start() { # port dataDir [cluster options]
  local port=$1 data=$2; shift 2
  java -Xmx1g --add-modules jdk.incubator.vector --add-opens java.base/java.util=ALL-UNNAMED \
    -jar client-sdk/cli/target/ebmsim.jar server --port "$port" --data-dir "$data" "$@" > "$B/server-$port.log" 2>&1 &
  pids+=($!)
}
run() { # label port
  local id t0 t1
  id=$($E --target=127.0.0.1:$2 models create --planted=2:24:0.3:1 --name planted | grep -o 'm-[0-9a-f]*' | head -1)
  t0=$(date +%s.%N)
  $E --target=127.0.0.1:$2 temper "$id" $ARGS > "$B/$1.json"
  t1=$(date +%s.%N)
  echo "$1: $(echo "$t1 - $t0" | bc) s, rebalanced events: $(grep -c rebalanced "$B/$1.json")"
  tail -1 "$B/$1.json" > "$B/$1.result"
}
cpu() { awk '{printf "%.1f", ($14+$15)/100}' /proc/$1/stat; }
rm -rf "$B/d1" "$B/d2"
start 50061 "$B/d1"
wait_up 50061 && run single 50061
start 50071 "$B/d2" --cluster --cluster-port 25571 --seed-nodes 127.0.0.1:25571
wait_up 50071 && run cluster1 50071
start 50072 "$B/d2" --cluster --cluster-port 25572 --seed-nodes 127.0.0.1:25571
wait_up 50072
sleep 15 # the rebalancer (every 10 s) moves shards of the first node's groups to the newcomer
echo "cpu s before: node0 $(cpu "${pids[1]}") node1 $(cpu "${pids[2]}")"
run cluster2 50071
echo "cpu s after:  node0 $(cpu "${pids[1]}") node1 $(cpu "${pids[2]}")"
cmp -s "$B/single.result" "$B/cluster1.result" && echo "cluster of one: result identical" || echo "cluster of one: RESULT DIFFERS"
cmp -s "$B/single.result" "$B/cluster2.result" && echo "2 nodes: result identical" || echo "2 nodes: RESULT DIFFERS"
kill "${pids[@]}"
wait
