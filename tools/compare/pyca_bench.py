"""pyca/cryptography's X.509 verifier on the comparison corpus: µs per chain.

Usage: python pyca_bench.py CORPUS_DIR AT_UNIX OUT_JSON

For each chain folder (leaf.pem, intermediate.pem, root.pem) the store and the server
verifier for www.example.com are built once, as a TLS client would; each timed
iteration parses the leaf and the intermediate from DER and verifies, as the other
engines of the comparison do. The figure is the median of batches of iterations, in CPU
time of the thread (time.thread_time), as the other engines are measured.
"""

import datetime
import json
import os
import re
import statistics
import sys
import time

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

BATCHES = 15
MIN_BATCH_SECONDS = 0.1


def der(path):
    with open(path, "rb") as f:
        return x509.load_pem_x509_certificate(f.read()).public_bytes(Encoding.DER)


def bench(folder, at):
    leaf, inter, root = (
        der(os.path.join(folder, f"{n}.pem")) for n in ("leaf", "intermediate", "root")
    )
    store = Store([x509.load_der_x509_certificate(root)])
    verifier = (
        PolicyBuilder()
        .store(store)
        .time(at)
        .build_server_verifier(x509.DNSName("www.example.com"))
    )

    def once():
        chain = verifier.verify(
            x509.load_der_x509_certificate(leaf), [x509.load_der_x509_certificate(inter)]
        )
        assert len(chain) == 3

    try:
        once()
    except VerificationError as e:
        # pyca's web PKI policy refuses some algorithms (Ed25519): no time, the reason.
        why = re.search(r"Forbidden [a-z ]+", str(e))
        return {"refused": why.group(0).strip() if why else str(e)[:60]}
    n = 1
    while True:
        t = time.thread_time()
        for _ in range(n):
            once()
        if time.thread_time() - t >= MIN_BATCH_SECONDS:
            break
        n *= 2
    samples = []
    for _ in range(BATCHES):
        t = time.thread_time()
        for _ in range(n):
            once()
        samples.append((time.thread_time() - t) / n * 1e6)
    return {"us": statistics.median(samples)}


def main():
    corpus, at, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    at = datetime.datetime.fromtimestamp(at, datetime.timezone.utc).replace(tzinfo=None)
    results = {}
    for name in sorted(os.listdir(corpus)):
        folder = os.path.join(corpus, name)
        if os.path.isdir(folder):
            results[name] = bench(folder, at)
            print(f"pyca/cryptography {name}: {results[name]}", file=sys.stderr)
    with open(out, "w") as f:
        json.dump(results, f, indent=1)


main()
