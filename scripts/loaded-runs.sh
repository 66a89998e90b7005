#!/usr/bin/env bash
# The whole suite N times in a row (default 5) while two CPU burners run: the load test of issue 9.
# Stops at the first run with a failure; appends one line per run to $SUMMARY (default loaded-summary.txt)
# and keeps each run's vitest JSON report and log beside it. Run it on an otherwise idle machine:
#   RUNS=5 bash scripts/loaded-runs.sh
# The azure tests need Node 22 and Azurite: set DECOMKIT_NODE22 and DECOMKIT_AZURITE_BLOB, or let the test
# support install them (as .ci/run does).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS=${RUNS:-5}
OUT=${OUT:-.loaded-runs}
SUMMARY=${SUMMARY:-$OUT/loaded-summary.txt}
mkdir -p "$OUT"
node -e 'for(;;){}' & burner1=$!
node -e 'for(;;){}' & burner2=$!
trap 'kill $burner1 $burner2 2>/dev/null' EXIT
for run in $(seq 1 "$RUNS"); do
  start=$(date +%s)
  npx vitest run --reporter=dot --reporter=json --outputFile.json="$OUT/run-$run.json" > "$OUT/run-$run.log" 2>&1
  status=$?
  figures=$(node -e 'const r=require(require("path").resolve(process.argv[1]));console.log(`passed=${r.numPassedTests} failed=${r.numFailedTests} total=${r.numTotalTests}`)' "$OUT/run-$run.json" 2>/dev/null)
  echo "run $run: commit=$(git rev-parse --short HEAD) status=$status ${figures:-no report} seconds=$(($(date +%s) - start)) load=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$SUMMARY"
  [ "$status" -ne 0 ] && exit "$status"
done
