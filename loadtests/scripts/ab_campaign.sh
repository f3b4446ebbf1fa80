#!/usr/bin/env bash
# Side-by-side A/B of the engine benchmarks: the benchmarks jar of an older commit ("old")
# against this checkout's ("new"), run alternately (old,new / new,old ...) so drift in machine
# load lands on both sides; one JMH JSON per run, summarized by ab_summarize.py.
#
# usage: loadtests/scripts/ab_campaign.sh OLD_COMMIT OUTDIR [ROUNDS]   (default 4 rounds, ~9 min each)
# e.g.   loadtests/scripts/ab_campaign.sh 2457b31 /tmp/ab && python3 loadtests/scripts/ab_summarize.py /tmp/ab
set -euo pipefail
OLD_COMMIT=$1; OUT=$2; ROUNDS=${3:-4}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
if [ ! -f "$OUT/old.jar" ]; then
  WT=$(mktemp -d)
  git -C "$ROOT" worktree add -q --detach "$WT" "$OLD_COMMIT"
  (cd "$WT" && mvn -B -q -DskipTests package -pl loadtests -am)
  cp "$WT/loadtests/target/benchmarks.jar" "$OUT/old.jar"
  git -C "$ROOT" worktree remove --force "$WT"
fi
if [ ! -f "$OUT/new.jar" ]; then
  (cd "$ROOT" && mvn -B -q -DskipTests package -pl loadtests -am)
  cp "$ROOT/loadtests/target/benchmarks.jar" "$OUT/new.jar"
fi
declare -A ARGS
ARGS[GibbsSweep]="GibbsSweep -f 1 -wi 3 -i 5 -w 1s -r 1s"
ARGS[BlockGibbs]="BlockGibbs -f 1 -wi 5 -i 8"
ARGS[StreamingOverhead]="StreamingOverhead -f 1 -wi 5 -i 8 -w 2s -r 2s"
for r in $(seq 1 "$ROUNDS"); do
  if (( r % 2 == 1 )); then ORDER="old new"; else ORDER="new old"; fi
  for b in GibbsSweep BlockGibbs StreamingOverhead; do
    for v in $ORDER; do
      echo "$(date +%T) round $r $b $v load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/log.txt"
      java -jar "$OUT/$v.jar" ${ARGS[$b]} -rf json -rff "$OUT/$b-$v-r$r.json" > "$OUT/$b-$v-r$r.txt" 2>&1
    done
  done
done
echo "$(date +%T) done" | tee -a "$OUT/log.txt"
