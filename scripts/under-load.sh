#!/usr/bin/env bash
# Runs the test suite while a CPU-bound process keeps every core busy, to prove the suite holds on a
# loaded machine. Each run starts from a fresh clone of this checkout's HEAD, as CI does.
#   bash scripts/under-load.sh [RUNS=3] [COMMAND="npm test"]
# Prints one line per run (pass/fail, seconds) and exits non-zero if any run failed.
set -uo pipefail
runs=${1:-3}
cmd=${2:-npm test}
repo=$(git rev-parse --show-toplevel)
cores=$(nproc)
burners=()
# The burners stop by themselves after two hours at the latest, and when this script exits.
for ((i = 0; i < cores; i++)); do
  timeout 7200 node -e 'for (;;) { Math.sqrt(Math.random()); }' &
  burners+=($!)
done
trap 'kill "${burners[@]}" 2>/dev/null' EXIT
echo "under load: ${#burners[@]} busy-loop processes on $cores cores"
failed=0
for ((run = 1; run <= runs; run++)); do
  dir=$(mktemp -d)
  git clone -q "$repo" "$dir/repo"
  start=$(date +%s)
  if (cd "$dir/repo" && npm ci --no-audit --no-fund >/dev/null 2>&1 && CI=true $cmd) >"$dir/log" 2>&1; then
    result=pass
  else
    result=FAIL; failed=1
  fi
  echo "run $run: $result in $(($(date +%s) - start)) s (log: $dir/log)"
  grep -E '^\s+[0-9]+ (passed|failed|flaky)|Tests +[0-9]+|✘|Error:' "$dir/log" | head -20
done
exit $failed
