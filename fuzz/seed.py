#!/usr/bin/env python3
"""Seed fuzz/corpus/TARGET/ from the repository's fixtures and the x509-limbo suite.

    python3 fuzz/seed.py [--limbo PATH] [--limit N]

PATH defaults to ../shared/limbo/limbo.json next to the repository (the suite is never
copied into the repository; only seeds derived from it land in fuzz/corpus/, which is
.gitignored). With `openssl` on PATH it also makes PKCS#7, PKCS#12 and OCSP seeds.
Seeds are named by their SHA-1, so running it again adds nothing twice.
"""

import argparse
import datetime
import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
FIXTURES = os.path.join(REPO, "fixtures")
CORPUS = os.path.join(HERE, "corpus")
PEM_RE = re.compile(rb"-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \1-----", re.S)


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


INSPECT_FIELDS = ("chain", "pem", "purpose", "profile", "at")


def der_tlv(tag, content):
    n = len(content)
    length = bytes([n]) if n < 0x80 else bytes([0x80 | ((n.bit_length() + 7) // 8)]) + n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag]) + length + content


def differential_case(ders, anchor, host=None, at=None):
    """The differential target's input: [INTEGER time] [IA5String host] certificates, anchor last."""
    out = b""
    if at is not None:
        out += der_tlv(0x02, at.to_bytes(8, "big", signed=True).lstrip(b"\0") or b"\0")
    if host:
        out += der_tlv(0x16, host.encode())
    return out + b"".join(ders) + (anchor or b"")


def put_chain(data):
    """Concatenated DER certificates: a whole verification, and the two engines."""
    put("verify_chain", data)
    put("differential", data)


def put_job(job):
    """A batch line, and the same request as a service body: verify, then inspect."""
    put("batch_line", json.dumps(job))
    body = {k: v for k, v in job.items() if k != "id"}
    put("serve_request", json.dumps(body))
    put("serve_request", "i" + json.dumps({k: v for k, v in body.items() if k in INSPECT_FIELDS}))


def pem_blocks(data):
    """(label, DER) of every PEM block."""
    if isinstance(data, str):
        data = data.encode()
    out = []
    for m in PEM_RE.finditer(data):
        try:
            out.append((m.group(1).decode(), base64.b64decode(b"".join(m.group(2).split()))))
        except Exception:
            pass
    return out


def certs_der(pem):
    return [der for label, der in pem_blocks(pem) if label.endswith("CERTIFICATE")]


def openssl(*args, cwd):
    return subprocess.run(["openssl", *args], cwd=cwd, capture_output=True).returncode == 0


def fixtures():
    for root, _, files in os.walk(FIXTURES):
        for name in sorted(files):
            if not name.endswith(".pem"):
                continue
            path = os.path.join(root, name)
            data = open(path, "rb").read()
            put("read_certificates", data)
            blocks = pem_blocks(data)
            for label, der in blocks:
                put("read_certificates", der)
                if "CRL" in label:
                    put("crl", data)
                    put("crl", der)
            ders = certs_der(data)
            if name == "chain.pem" and ders:
                put_chain(b"".join(ders))
                roots = certs_der(open(os.path.join(root, "roots.pem"), "rb").read()) if os.path.exists(os.path.join(root, "roots.pem")) else []
                for anchor in roots[:1]:
                    put("differential", differential_case(ders, anchor, "www.example.com", 1_780_000_000))
                    put("differential", differential_case(ders, anchor))
                put_job({"id": root, "pem": data.decode(), "host": "www.example.com"})
                put_job({"id": "b64", "chain": [base64.b64encode(d).decode() for d in ders], "at": "2026-06-01", "purpose": "server"})


def made_with_openssl():
    if not shutil.which("openssl"):
        print("openssl not found: no PKCS#7, PKCS#12 or OCSP seeds")
        return
    chain = os.path.join(FIXTURES, "valid-rsa", "chain.pem")
    with tempfile.TemporaryDirectory() as t:
        if openssl("crl2pkcs7", "-nocrl", "-certfile", chain, "-outform", "DER", "-out", "c.p7b", cwd=t):
            put("read_certificates", open(os.path.join(t, "c.p7b"), "rb").read())
        for extra in ([], ["-legacy"]):
            out = os.path.join(t, "c.p12")
            if openssl("pkcs12", "-export", "-nokeys", "-in", chain, "-passout", "pass:changeit", "-out", out, *extra, cwd=t):
                put("read_certificates", open(out, "rb").read())
            if openssl("pkcs12", "-export", "-nokeys", "-in", chain, "-passout", "pass:", "-out", out, *extra, cwd=t):
                put("read_certificates", open(out, "rb").read())
        # OCSP: the valid-rsa leaf, answered by its issuer with the key in fixtures/keys
        # that matches it (found by public key), good and revoked.
        ders = certs_der(open(chain, "rb").read())
        if len(ders) < 2:
            return
        for i, der in enumerate(ders[:2]):
            open(os.path.join(t, f"c{i}.pem"), "w").write(
                "-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(der).decode() + "-----END CERTIFICATE-----\n")
        want = subprocess.run(["openssl", "x509", "-in", "c1.pem", "-noout", "-pubkey"], cwd=t, capture_output=True).stdout
        keys = os.path.join(FIXTURES, "keys")
        key = None
        for k in sorted(os.listdir(keys)):
            got = subprocess.run(["openssl", "pkey", "-in", os.path.join(keys, k), "-pubout"], capture_output=True).stdout
            if got and got == want:
                key = os.path.join(keys, k)
        if key is None:
            print("no key in fixtures/keys matches the valid-rsa issuer: no OCSP seeds")
            return
        serial = subprocess.run(["openssl", "x509", "-in", "c0.pem", "-noout", "-serial"], cwd=t, capture_output=True).stdout.decode().strip().split("=")[-1]
        subject = subprocess.run(["openssl", "x509", "-in", "c0.pem", "-noout", "-subject", "-nameopt", "compat"], cwd=t, capture_output=True).stdout.decode().strip().removeprefix("subject=")
        for status, revoked in (("V", ""), ("R", "260101000000Z")):
            open(os.path.join(t, "index.txt"), "w").write(f"{status}\t351231235959Z\t{revoked}\t{serial}\tunknown\t{subject}\n")
            for extra in ([], ["-resp_no_certs"], ["-resp_key_id"]):
                if openssl("ocsp", "-index", "index.txt", "-rsigner", "c1.pem", "-rkey", key, "-CA", "c1.pem",
                           "-issuer", "c1.pem", "-cert", "c0.pem", "-ndays", "3650", "-respout", "r.der", *extra, cwd=t):
                    put("ocsp_response", open(os.path.join(t, "r.der"), "rb").read())


def limbo(path, limit):
    if not os.path.exists(path):
        print(f"{path} not found: fixtures only")
        return
    cases = json.load(open(path))["testcases"]
    step = max(1, len(cases) // limit)
    for case in cases[::step]:
        peer = certs_der(case["peer_certificate"])
        inter = [d for p in case["untrusted_intermediates"] for d in certs_der(p)]
        put("read_certificates", case["peer_certificate"])
        put_chain(b"".join(peer + inter))
        for crl in case.get("crls") or []:
            put("crl", crl)
            for _, der in pem_blocks(crl):
                put("crl", der)
        name = (case.get("expected_peer_name") or {}).get("value")
        if name and len(peer) == 1:
            put_job({"id": case["id"], "chain": [base64.b64encode(d).decode() for d in peer + inter],
                                          "host": name, "at": case.get("validation_time") or "2024-01-01"})
            parent = name.split(".", 1)[-1]
            put("dns_names", f"{name}\nd:{name}")
            put("dns_names", f"{name}\nd:*.{parent}\ncn:{name}")
            put("name_constraints", f"d:{name}\ne:user@{name}")
    # Every test case for the two engines: its own anchor, time and name.
    for case in cases:
        peer = certs_der(case["peer_certificate"])
        inter = [d for p in case["untrusted_intermediates"] for d in certs_der(p)]
        anchors = [d for p in case["trusted_certs"] for d in certs_der(p)]
        when = case.get("validation_time")
        at = int(datetime.datetime.fromisoformat(when.replace("Z", "+00:00")).timestamp()) if when else None
        host = (case.get("expected_peer_name") or {}).get("value")
        if anchors and len(peer) == 1:
            put("differential", differential_case(peer + inter, anchors[0], host, at))
    # The whole trusted set of a few cases, as a bundle to read.
    for case in cases[:: step * 10]:
        put("read_certificates", "".join(case["trusted_certs"]))


def handmade():
    for s in ["www.example.com\nd:www.example.com", "www.example.com\nd:*.example.com",
              "a.b.example.com\nd:*.example.com", "example.com\nd:*.com", "xn--bcher-kva.example\nd:*.example",
              "www.example.com\nd:w*.example.com", "192.0.2.1\ni:192.0.2.1", "[2001:db8::1]\ni:2001:db8::1",
              "user@example.com\ne:user@example.com", "www.example.com.\nd:WWW.EXAMPLE.COM.", "www.example.com\ncn:www.example.com"]:
        put("dns_names", s)
    for s in ["d:www.example.com", "d:bad.example.com", "d:a.example.org", "d:example.org", "d:*.example.com",
              "e:user@example.com", "e:user@example.net", "e:x@a.bad.example.com", "i:10.1.2.3", "i:10.66.0.1",
              "i:2001:db8::1", "i:192.0.2.1", "u:https://www.example.com/", "cn:evil.test\nd:www.example.com"]:
        put("name_constraints", s)
    put_job({"id": "x", "chain": ["AAAA"], "at": "soon"})
    put_job({"id": "y", "pem": "", "host": "[::1]", "purpose": "1.3.6.1.5.5.7.3.1"})
    for body in ['{"chain": [], "host": "a", "email": "b"}', '{"pem": 1}', '[]', '{"chain": ["x"], "unknown": 1}',
                 'i{"pem": "-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\\n"}']:
        put("serve_request", body)


def tls_records():
    """Server flights: a ServerHello, a HelloRetryRequest, an alert, a change_cipher_spec
    and encrypted records, a record header claiming too much; first byte the chunk size."""
    hrr_random = bytes.fromhex("cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c")
    def record(ct, body):
        return bytes([ct, 3, 3]) + len(body).to_bytes(2, "big") + body
    def handshake(kind, body):
        return bytes([kind]) + len(body).to_bytes(3, "big") + body
    hello = handshake(2, b"\x03\x03" + bytes(32) + b"\x00\x13\x01\x00")
    hrr = handshake(2, b"\x03\x03" + hrr_random + b"\x00\x13\x01\x00")
    cert = handshake(11, bytes(300))
    flights = [record(22, hello + cert), record(22, hrr), record(21, b"\x02\x28"),
               record(20, b"\x01") + record(23, bytes(40)) + record(23, bytes(17)),
               record(22, hello[:20]) + record(22, hello[20:]), b"\x16\x03\x03\xff\xff",
               record(22, handshake(11, bytes(0))[:3])]
    for size in (0, 4, 255):
        for f in flights:
            put("tls_records", bytes([size]) + f)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--limbo", default=os.path.join(REPO, "..", "shared", "limbo", "limbo.json"))
    p.add_argument("--limit", type=int, default=1500, help="limbo test cases used, at most (spread evenly)")
    a = p.parse_args()
    fixtures()
    made_with_openssl()
    limbo(a.limbo, a.limit)
    handmade()
    tls_records()
    for t in sorted(os.listdir(CORPUS)):
        print(f"{t}: {len(os.listdir(os.path.join(CORPUS, t)))} seeds")


if __name__ == "__main__":
    main()
