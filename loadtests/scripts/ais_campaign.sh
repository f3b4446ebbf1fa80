#!/usr/bin/env bash
# AIS speed, ebmsim against numpy, in one sitting: numpy_ais.py (3 runs), AisEndToEnd (gRPC, 3 runs)
# and the JMH AisBenchmark (1 warm-up + 2 runs) of the current build, then AisEndToEnd of an
# older build (optional second jar, 1 run), each step's load average logged: the machine may be
# shared, so every peer also reports its process CPU time.
# Usage: loadtests/scripts/ais_campaign.sh LOG [BEFORE_JAR] [TEMPERATURES]
set -euo pipefail
log=${1:?log file}
before=${2:-}
temps=${3:-14500}
here=$(cd "$(dirname "$0")/../.." && pwd)
jar=$here/loadtests/target/benchmarks.jar
step() {
  echo "== $1 ($(date +%T), load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$log"
}
step "numpy"
OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$here/loadtests/scripts/numpy_ais.py" --temperatures "$temps" --repeats 3 \
  2>&1 | tee -a "$log"
step "ebmsim end to end"
java -cp "$jar" org.ebmsim.load.AisEndToEnd --temperatures "$temps" --repeats 3 2>&1 | grep -E '^ebmsim' | tee -a "$log"
step "ebmsim JMH"
java -jar "$jar" AisBenchmark -f 1 -wi 1 -i 2 -p temperatures="$temps" 2>&1 \
  | grep -E 'log Z|^Iteration|^AisBenchmark|s/op' | tee -a "$log"
if [ -n "$before" ]; then
  step "ebmsim before, end to end"
  java -cp "$before" org.ebmsim.load.AisEndToEnd --temperatures "$temps" --repeats 1 2>&1 | grep -E '^ebmsim' \
    | tee -a "$log"
fi
step "done"
