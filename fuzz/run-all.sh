#!/bin/sh
# Build every fuzz target once (release, with debug assertions and overflow checks: -O -a),
# then run each in turn for SECONDS (default 600), one worker, 2 GiB, 10 s per input.
# The binaries are run directly, so editing the sources while this runs changes nothing.
# The last line of each log (libFuzzer's `Done N runs in S second(s)`, the last
# `cov:`/`ft:` line before it, the peak RSS) go to logs/summary.txt.
#   sh fuzz/run-all.sh [SECONDS] [TARGET...]
set -u
cd "$(dirname "$0")"
secs=${1:-600}
[ $# -gt 0 ] && shift
targets=${*:-$(cargo fuzz list)}
RUSTC_BOOTSTRAP=1 cargo fuzz build -O -a || exit 2
bin=target/x86_64-unknown-linux-gnu/release
mkdir -p logs
for t in $targets; do
    mkdir -p "corpus/$t" "artifacts/$t"
    "$bin/$t" -artifact_prefix="artifacts/$t/" -max_total_time="$secs" -rss_limit_mb=2048 \
        -timeout=10 -print_final_stats=1 "corpus/$t" >"logs/$t.log" 2>&1
    rc=$?
    {
        echo "== $t (exit $rc) $(date -u +%FT%TZ)"
        grep -E '^#[0-9]+' "logs/$t.log" | tail -1
        grep -E '^Done|^stat::number_of_executed_units|^stat::peak_rss_mb' "logs/$t.log"
        ls "artifacts/$t" 2>/dev/null
    } >>logs/summary.txt
done
