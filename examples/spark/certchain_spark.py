"""certchain batch as a map over partitions on Apache Spark (docs/scale-out.md).

Each partition of a JSONL corpus is piped through one `certchain batch -` process
(RDD.pipe): JSONL lines in on its stdin, one JSON result per line out on its stdout.
certchain runs unchanged; Spark only splits the input, runs the processes where the
data is and gathers the results.

    python examples/spark/certchain_spark.py CORPUS.jsonl ROOTS.pem OUT_DIR \
        [--master local[2]] [--partitions N] [--certchain PATH] [-- EXTRA certchain OPTIONS]

Prints the counts per verdict and per code, and the run's chains/s. Local mode runs on
this machine only; on a cluster, ship the certchain binary and the roots to the workers
(spark-submit --files) and point --certchain and ROOTS at their local copies.
"""

import argparse
import json
import os
import shlex
import sys
import time
from collections import Counter

from pyspark import SparkConf, SparkContext


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1 :]
    p = argparse.ArgumentParser()
    p.add_argument("corpus")
    p.add_argument("roots")
    p.add_argument("out")
    p.add_argument("--master", default="local[2]")
    p.add_argument("--partitions", type=int, default=8)
    p.add_argument("--certchain", default="target/release/certchain")
    a = p.parse_args(argv)

    # One certchain process per running task; each uses one thread, Spark runs as many
    # tasks at once as the master has cores.
    command = " ".join(
        shlex.quote(x)
        for x in [a.certchain, "batch", "-", "--roots", a.roots, "--jobs", "1", *extra]
    )
    # Local mode, no network: the JVM binds to the loopback address only.
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    conf = SparkConf().setAppName("certchain-batch").setMaster(a.master)
    conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
    conf.set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false")
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")

    start = time.monotonic()
    lines = sc.textFile(a.corpus, minPartitions=a.partitions)
    # checkCode=False: certchain exits 1 when a chain is invalid and 2 when a line is
    # unreadable, both of which are results here, written as JSON lines.
    results = lines.pipe(command, checkCode=False).cache()
    results.saveAsTextFile(a.out)

    def summarise(line):
        r = json.loads(line)
        if "error" in r:
            return [("verdict", "unreadable"), ("error", r["error"]["kind"])]
        codes = {c["code"] for c in r["codes"]}
        return [("verdict", r["verdict"])] + [("code", c) for c in sorted(codes)]

    counts = Counter(dict(results.flatMap(summarise).countByValue()))
    elapsed = time.monotonic() - start
    n = results.count()
    inputs = lines.count()
    sc.stop()

    print(f"{n} results for {inputs} lines in {a.partitions} partitions on {a.master}: "
          f"{elapsed:.1f} s, {n / elapsed:.0f} chains/s")
    for (kind, value), k in sorted(counts.items(), key=lambda kv: (kv[0][0] != "verdict", -kv[1], kv[0])):
        print(f"  {k:>9}  {kind} {value}")
    if n != inputs:
        print(f"error: {inputs} lines in, {n} results out", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
