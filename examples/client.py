#!/usr/bin/env python3
"""Verify a certificate chain through a running `certchain serve` (standard library only).

    python3 examples/client.py [--url http://127.0.0.1:8444] [--host NAME]
                               [--token-file FILE] [--json] CHAIN.pem

Prints `valid: LEAF -> ... -> ROOT` or `invalid: [DEPTH] CODE: MESSAGE` for each error,
and exits 0 (valid), 1 (invalid) or 2 (the request failed: the server's error kind and
message on stderr). --json prints the server's report as it came.
"""

import argparse
import json
import sys
import urllib.error
import urllib.request


def short(subject):
    """The CN of a subject when it has one, as certchain's own summary line shows it."""
    parts = [p.strip() for p in subject.split(",")]
    cns = [p for p in parts if p.startswith("CN=")]
    return cns[-1] if cns else subject


def verify(url, pem, host=None, token=None, timeout=30):
    """POST /v1/verify; returns (HTTP status, decoded JSON body)."""
    request = {"pem": pem}
    if host:
        request["host"] = host
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    req = urllib.request.Request(
        url.rstrip("/") + "/v1/verify",
        data=json.dumps(request).encode(),
        headers=headers,
        method="POST",
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as e:
        # 4xx/5xx carry {"error": {"kind", "message"}}.
        return e.code, json.load(e)


def main():
    ap = argparse.ArgumentParser(description="Verify a chain with certchain serve.")
    ap.add_argument("chain", help="a PEM file, leaf first")
    ap.add_argument("--url", default="http://127.0.0.1:8444")
    ap.add_argument("--host", help="the DNS name or IP address to check")
    ap.add_argument("--token-file", help="the server's bearer token")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args()

    with open(args.chain, encoding="ascii") as f:
        pem = f.read()
    token = None
    if args.token_file:
        with open(args.token_file, encoding="utf-8") as f:
            token = f.read().strip()
    try:
        status, doc = verify(args.url, pem, args.host, token)
    except (OSError, ValueError) as e:
        print(f"error: {args.url}: {e}", file=sys.stderr)
        return 2
    if status != 200:
        err = doc.get("error", {})
        print(f"error: HTTP {status} {err.get('kind')}: {err.get('message')}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(doc, indent=2))
    elif doc["verdict"] == "valid":
        print("valid: " + " -> ".join(short(e["subject"]) for e in doc["path"]))
    else:
        for f in doc["findings"]:
            if f["severity"] == "error":
                depth = "chain" if f["depth"] is None else f["depth"]
                print(f"invalid: [{depth}] {f['code']}: {f['message']}")
    return 0 if doc["verdict"] == "valid" else 1


if __name__ == "__main__":
    sys.exit(main())
