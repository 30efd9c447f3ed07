"""Prints the comparison table from what tools/compare/run measured (one directory).

Per chain: µs of the signature floor (ring), certchain (ring), rustls-webpki (ring),
certchain (aws-lc), openssl verify (amortised) and pyca/cryptography, then the ratios the
performance goals are stated in, each marked met or missed by how much:
  certchain / webpki  <= 1.10   and   certchain / floor <= 1.15   (ring, every chain)
  certchain aws-lc / webpki ring <= 0.35 and faster than pyca     (chain C)
"""

import json
import os
import sys

out = sys.argv[1]
root = os.path.join(os.path.dirname(out.rstrip("/")), "criterion")


def criterion(chain, engine):
    path = os.path.join(root, f"verify-3-cert-chain_{chain}", engine, "new", "estimates.json")
    with open(path) as f:
        return json.load(f)["median"]["point_estimate"] / 1000.0


def load(name):
    with open(os.path.join(out, name)) as f:
        return json.load(f)


def goal(value, limit):
    if value <= limit:
        return f"{value:.2f} ok"
    return f"{value:.2f} (+{(value / limit - 1) * 100:.0f}%)"


pyca = load("pyca.json")
openssl = load("openssl.json")
chains = sorted(d for d in os.listdir(os.path.join(out, "corpus")))
print("µs of CPU time per chain (medians; one run, parsing included; leaf <- intermediate <- root):\n")
print(
    "| chain | floor ring | certchain ring | webpki ring | certchain / webpki (<= 1.10)"
    " | certchain / floor (<= 1.15) | floor aws-lc | certchain aws-lc | aws-lc / webpki ring"
    " | openssl verify | pyca |"
)
print("|---|---:|---:|---:|---|---|---:|---:|---:|---:|---:|")
for c in chains:
    floor = criterion(c, "signature-floor")
    cc = criterion(c, "certchain")
    wp = criterion(c, "rustls-webpki")
    floor_lc = criterion(c, "signature-floor-aws-lc")
    cc_lc = criterion(c, "certchain-aws-lc")
    lc_ratio = cc_lc / wp
    lc = f"{lc_ratio:.2f}"
    if c.startswith("C-"):
        ahead = "us" in pyca[c] and cc_lc < pyca[c]["us"]
        lc = goal(lc_ratio, 0.35) + (" ahead of pyca" if ahead else " behind pyca")
    py = f"{pyca[c]['us']:.1f}" if "us" in pyca[c] else "refuses: " + pyca[c]["refused"]
    print(
        f"| {c} | {floor:.1f} | {cc:.1f} | {wp:.1f} | {goal(cc / wp, 1.10)} | "
        f"{goal(cc / floor, 1.15)} | {floor_lc:.1f} | {cc_lc:.1f} | {lc} | "
        f"{openssl[c]:.1f} | {py} |"
    )
p = load("process.json")
print(
    f"\nWhole process (CPU time), chain A with a 119-root file, start-up included: certchain verify"
    f" {p['certchain']:.2f} ms, openssl verify {p['openssl']:.2f} ms"
    f" ({p['certchain'] / p['openssl']:.2f}x)."
)
