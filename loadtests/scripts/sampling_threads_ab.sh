#!/bin/bash
# GetModel latency under full sampling load, alternately with the default sampling dispatcher (one
# thread per core) and with one sampling thread: a fresh server per run, ROUNDS rounds, the load
# generator's JSON summaries and the server-side quantiles in DIR.
# Usage: loadtests/scripts/sampling_threads_ab.sh DIR [ROUNDS=2] [DURATION=40s]
# Needs loadtests/target/benchmarks.jar (mvn -B -q -DskipTests package -pl loadtests -am).
set -eu
DIR=${1:?output folder}; ROUNDS=${2:-2}; DURATION=${3:-40s}
HERE=$(cd "$(dirname "$0")" && pwd); JAR="$HERE/../target/benchmarks.jar"
mkdir -p "$DIR"; cp "$JAR" "$DIR/server.jar"  # a copy: a rebuild must not change a running server
PORT=47351; METRICS=47352
for round in $(seq 1 "$ROUNDS"); do
  for threads in default 1; do
    extra=()
    [ "$threads" = 1 ] && extra=(-Debmsim-sampling-dispatcher.fork-join-executor.parallelism-max=1)
    rm -f "$DIR/port"
    # setsid: the server and the generator each in their own scheduling group (kernel autogroups)
    setsid java -Xmx2g --add-modules jdk.incubator.vector -Debmsim.metrics.port=$METRICS "${extra[@]}" \
      -cp "$DIR/server.jar" org.ebmsim.server.Main --port $PORT --data-dir "$DIR/data" --port-file "$DIR/port" \
      > "$DIR/server-$round-$threads.log" 2>&1 < /dev/null &
    SERVER=$!
    for _ in $(seq 1 120); do [ -f "$DIR/port" ] && break; sleep 0.5; done
    curl -s localhost:$METRICS/metrics > "$DIR/before.txt"
    setsid -w java -cp "$DIR/server.jar" org.ebmsim.load.generator.LoadGenerator --target 127.0.0.1:$PORT \
      --metrics 127.0.0.1:$METRICS --server-pid $SERVER --model hopfield:100 --sessions 10 --chains 10000 \
      --sweeps 1000000 --report-every 10 --warmup 10s --duration "$DURATION" --unary-rate 20 \
      --out "$DIR/ab-$round-$threads.json" > "$DIR/generator-$round-$threads.log" 2>&1
    curl -s localhost:$METRICS/metrics > "$DIR/after.txt"
    echo "== round $round, sampling threads: $threads"
    python3 - "$DIR/ab-$round-$threads.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1])); s = j['servers'][0]; g = j['getModel']
print("GetModel p50 %.1f p99 %.1f max %.1f ms; %.0f chain-sweeps/s; server CPU %.2f cores; load avg %.1f"
      % (g['p50Ms'], g['p99Ms'], g['maxMs'], j['throughput']['sweepsPerSecond'], s['cpuCores'],
         j['machine']['loadAverageStart']))
PY
    python3 "$HERE/grpc_histogram_quantiles.py" "$DIR/before.txt" "$DIR/after.txt" ebmsim.v1.ModelService/GetModel
    kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
  done
done
