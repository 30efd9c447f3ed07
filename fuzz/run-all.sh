#!/bin/sh
# Run every fuzz target in turn for SECONDS each (default 240), one worker, 2 GiB, 10 s
# per input; the last line of each log (libFuzzer's `Done N runs in S second(s)` and the
# last `cov:`/`ft:` line before it) go to logs/summary.txt.
#   sh fuzz/run-all.sh [SECONDS] [TARGET...]
set -u
cd "$(dirname "$0")"
secs=${1:-240}
[ $# -gt 0 ] && shift
targets=${*:-$(cargo fuzz list)}
mkdir -p logs
for t in $targets; do
    mkdir -p "corpus/$t"
    RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$t" "corpus/$t" -- \
        -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -workers=1 \
        -print_final_stats=1 >"logs/$t.log" 2>&1
    rc=$?
    {
        echo "== $t (exit $rc)"
        grep -E '^#[0-9]+' "logs/$t.log" | tail -1
        grep -E '^Done|^stat::number_of_executed_units|^stat::peak_rss_mb' "logs/$t.log"
        ls "artifacts/$t" 2>/dev/null
    } >>logs/summary.txt
done
