#!/bin/sh
# Makes rich.pem: a leaf and its CA carrying every field `certchain inspect` shows (AIA
# OCSP and caIssuers, CRL distribution points, policies, name constraints, two SCTs, an
# unknown extension), for tests/inspect_openssl.rs and the README sample. Run from this
# folder; the committed output is what the tests read (its dates are those of its making).
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/ca.key" \
  -out "$tmp/ca.pem" -subj "/C=XX/O=Certchain Inspect/CN=Certchain Inspect CA" -days 3650 \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -addext "nameConstraints=critical,permitted;DNS:example.com,permitted;IP:10.0.0.0/255.0.0.0,permitted;IP:2001:db8::/ffff:ffff::,excluded;email:.bad.example" \
  -addext "certificatePolicies=2.23.140.1.2.2" \
  -addext "crlDistributionPoints=URI:http://crl.example.com/root.crl"
openssl req -newkey rsa:3072 -nodes -keyout "$tmp/leaf.key" -out "$tmp/leaf.csr" -subj "/CN=www.example.com"
cat > "$tmp/leaf.ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth,clientAuth,1.3.6.1.4.1.55738.1.1
subjectAltName=DNS:www.example.com,DNS:example.com,IP:10.0.0.1,IP:2001:db8::1,email:admin@example.com,URI:https://www.example.com/
certificatePolicies=2.23.140.1.2.1,1.3.6.1.4.1.55738.2.1
authorityInfoAccess=OCSP;URI:http://ocsp.example.com,caIssuers;URI:http://ca.example.com/ca.crt
crlDistributionPoints=URI:http://crl.example.com/ca.crl
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
1.3.6.1.4.1.11129.2.4.2=DER:$(cat sct.hex)
1.3.6.1.4.1.55738.3.1=ASN1:UTF8String:hello
EXT
openssl x509 -req -in "$tmp/leaf.csr" -CA "$tmp/ca.pem" -CAkey "$tmp/ca.key" -set_serial 0x1234567890abcdef \
  -days 397 -sha384 -extfile "$tmp/leaf.ext" -out "$tmp/leaf.pem"
cat "$tmp/leaf.pem" "$tmp/ca.pem" > rich.pem
