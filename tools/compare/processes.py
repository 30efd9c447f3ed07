"""The engines that run as processes, timed by their CPU time (user + system, from
getrusage of the children), not the wall clock, so the figures hold on a shared machine.

  python processes.py openssl CORPUS_DIR AT_UNIX OUT_JSON
      `openssl verify` per chain, amortised over process start-up: one process verifies
      the leaf once, another N+1 times (the same file named N+1 times); the difference
      over N is one verification (parsing the leaf, building and checking the chain; the
      intermediate and the root are read once per process, as a long-running client
      would). Best of 3.
  python processes.py whole CHAIN_DIR AT_UNIX OUT_JSON
      Whole processes, start-up included: `certchain verify` (target/release) and
      `openssl verify` on one chain with a root file of 119 certificates (the 118 bundled
      Mozilla roots and the chain's own root); the median of 21 runs each, in ms.
"""

import datetime
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile

N = 2000


def cpu_of(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def openssl_args(root, inter, at):
    return ["openssl", "verify", "-no-CApath", "-no-CAstore", "-CAfile", root,
            "-untrusted", inter, "-attime", str(at), "-purpose", "sslserver",
            "-verify_hostname", "www.example.com"]


def openssl(corpus, at):
    results = {}
    for name in sorted(os.listdir(corpus)):
        d = os.path.join(corpus, name)
        if not os.path.isdir(d):
            continue
        args = openssl_args(os.path.join(d, "root.pem"), os.path.join(d, "intermediate.pem"), at)
        leaf = os.path.join(d, "leaf.pem")
        best = None
        for _ in range(3):
            one = cpu_of(args + [leaf])
            many = cpu_of(args + [leaf] * (N + 1))
            per = (many - one) / N * 1e6
            best = per if best is None else min(best, per)
        results[name] = best
        print(f"openssl verify {name}: {best:.1f} µs CPU", file=sys.stderr)
    return results


def whole(chain_dir, at):
    with tempfile.TemporaryDirectory() as tmp:
        roots = os.path.join(tmp, "roots.pem")
        chain = os.path.join(tmp, "chain.pem")
        with open("roots/mozilla-roots.pem") as f, open(os.path.join(chain_dir, "root.pem")) as r:
            bundled = f.read()
            assert bundled.count("BEGIN CERTIFICATE") == 118
            open(roots, "w").write(bundled + r.read())
        with open(os.path.join(chain_dir, "leaf.pem")) as l, \
                open(os.path.join(chain_dir, "intermediate.pem")) as i:
            open(chain, "w").write(l.read() + i.read())
        when = datetime.datetime.fromtimestamp(at, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        certchain = ["target/release/certchain", "verify", chain, "--roots", roots,
                     "--host", "www.example.com", "--at", when]
        ossl = openssl_args(roots, os.path.join(chain_dir, "intermediate.pem"), at) + [
            os.path.join(chain_dir, "leaf.pem")]
        c = statistics.median(cpu_of(certchain) for _ in range(21)) * 1e3
        o = statistics.median(cpu_of(ossl) for _ in range(21)) * 1e3
    print(f"whole process: certchain {c:.2f} ms, openssl {o:.2f} ms CPU", file=sys.stderr)
    return {"certchain": c, "openssl": o}


def main():
    mode, path, at, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    result = openssl(path, at) if mode == "openssl" else whole(path, at)
    with open(out, "w") as f:
        json.dump(result, f, indent=1)


main()
