//! `certchain inspect --format json` against `openssl x509 -text` on every certificate of
//! every fixture file (and `tests/data/inspect/rich.pem`, which carries the fields the
//! fixtures lack: AIA OCSP, CRL distribution points, SCTs, policies, URI and e-mail
//! SANs): each field openssl prints is parsed from its text and compared with certchain's
//! JSON. Every mismatch is listed at once. Without openssl the test fails under CI=true.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use common::{certchain, openssl_available, pem_blocks};
use serde_json::Value;
use std::collections::BTreeMap;
use std::process::Command;

/// openssl's extension titles and their OIDs.
const EXTENSION_OIDS: &[(&str, &str)] = &[
    ("X509v3 Subject Key Identifier", "2.5.29.14"),
    ("X509v3 Key Usage", "2.5.29.15"),
    ("X509v3 Subject Alternative Name", "2.5.29.17"),
    ("X509v3 Issuer Alternative Name", "2.5.29.18"),
    ("X509v3 Basic Constraints", "2.5.29.19"),
    ("X509v3 Name Constraints", "2.5.29.30"),
    ("X509v3 CRL Distribution Points", "2.5.29.31"),
    ("X509v3 Certificate Policies", "2.5.29.32"),
    ("X509v3 Policy Mappings", "2.5.29.33"),
    ("X509v3 Authority Key Identifier", "2.5.29.35"),
    ("X509v3 Policy Constraints", "2.5.29.36"),
    ("X509v3 Extended Key Usage", "2.5.29.37"),
    ("X509v3 Inhibit Any Policy", "2.5.29.54"),
    ("Authority Information Access", "1.3.6.1.5.5.7.1.1"),
    ("Subject Information Access", "1.3.6.1.5.5.7.1.11"),
    ("CT Precertificate SCTs", "1.3.6.1.4.1.11129.2.4.2"),
];

/// openssl's signature algorithm names and their OIDs.
const SIGNATURE_OIDS: &[(&str, &str)] = &[
    ("sha1WithRSAEncryption", "1.2.840.113549.1.1.5"),
    ("sha224WithRSAEncryption", "1.2.840.113549.1.1.14"),
    ("sha256WithRSAEncryption", "1.2.840.113549.1.1.11"),
    ("sha384WithRSAEncryption", "1.2.840.113549.1.1.12"),
    ("sha512WithRSAEncryption", "1.2.840.113549.1.1.13"),
    ("md5WithRSAEncryption", "1.2.840.113549.1.1.4"),
    ("rsassaPss", "1.2.840.113549.1.1.10"),
    ("ecdsa-with-SHA1", "1.2.840.10045.4.1"),
    ("ecdsa-with-SHA224", "1.2.840.10045.4.3.1"),
    ("ecdsa-with-SHA256", "1.2.840.10045.4.3.2"),
    ("ecdsa-with-SHA384", "1.2.840.10045.4.3.3"),
    ("ecdsa-with-SHA512", "1.2.840.10045.4.3.4"),
    ("ED25519", "1.3.101.112"),
    ("ED448", "1.3.101.113"),
];

/// openssl's keyUsage names and RFC 5280's.
const KEY_USAGES: &[(&str, &str)] = &[
    ("Digital Signature", "digitalSignature"),
    ("Non Repudiation", "nonRepudiation"),
    ("Key Encipherment", "keyEncipherment"),
    ("Data Encipherment", "dataEncipherment"),
    ("Key Agreement", "keyAgreement"),
    ("Certificate Sign", "keyCertSign"),
    ("CRL Sign", "cRLSign"),
    ("Encipher Only", "encipherOnly"),
    ("Decipher Only", "decipherOnly"),
];

/// openssl's extKeyUsage names and certchain's.
const KEY_PURPOSES: &[(&str, &str)] = &[
    ("TLS Web Server Authentication", "serverAuth"),
    ("TLS Web Client Authentication", "clientAuth"),
    ("Code Signing", "codeSigning"),
    ("E-mail Protection", "emailProtection"),
    ("Time Stamping", "timeStamping"),
    ("OCSP Signing", "OCSPSigning"),
    ("Any Extended Key Usage", "anyExtendedKeyUsage"),
];

/// openssl's curve names and certchain's.
const CURVES: &[(&str, &str)] = &[
    ("prime256v1", "P-256"),
    ("secp384r1", "P-384"),
    ("secp521r1", "P-521"),
    ("prime192v1", "P-192"),
];

fn lookup<'a>(table: &[(&str, &'a str)], key: &str) -> Option<&'a str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

fn is_dotted_oid(s: &str) -> bool {
    s.contains('.') && s.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// What openssl says about one certificate, in certchain's vocabulary.
#[derive(Debug, Default)]
struct OpenSslView {
    version: Option<u64>,
    serial_hex: Option<String>,
    serial_negative: bool,
    signature_oid: Option<String>,
    subject: Option<String>,
    issuer: Option<String>,
    not_before: Option<String>,
    not_after: Option<String>,
    key_algorithm: Option<String>,
    key_bits: Option<u64>,
    curve: Option<String>,
    /// (OID, critical), in order, each OID once (certchain keeps the first of a
    /// duplicated extension and reports the second as malformed).
    extensions: Vec<(String, bool)>,
    duplicate_extension: bool,
    /// Each extension's value lines, by OID.
    values: BTreeMap<String, Vec<String>>,
    sha256: Option<String>,
    sha1: Option<String>,
}

/// Run openssl with `args`; its stdout.
fn openssl(args: &[&str]) -> String {
    let out = Command::new("openssl").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "openssl {args:?} fails: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// openssl's text of every certificate of `bundle`, in order, one string each: what
/// `openssl x509 -text` prints, all in one run (`pkcs7 -print_certs -text`).
fn openssl_texts(bundle: &str, dir: &std::path::Path) -> Vec<String> {
    let p7 = dir.join("all.p7b");
    let p7 = p7.to_str().unwrap();
    openssl(&["crl2pkcs7", "-nocrl", "-certfile", bundle, "-out", p7]);
    let text = openssl(&["pkcs7", "-in", p7, "-print_certs", "-text", "-noout"]);
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        if line == "Certificate:" {
            out.push(String::new());
        }
        if let Some(last) = out.last_mut() {
            last.push_str(line);
            last.push('\n');
        }
    }
    out
}

/// openssl's `-r` digests of `files`, lower-case hex, in order.
fn openssl_digests(digest: &str, files: &[String]) -> Vec<String> {
    let mut args = vec!["dgst", digest, "-r"];
    args.extend(files.iter().map(String::as_str));
    openssl(&args)
        .lines()
        .map(|l| l.split(' ').next().unwrap().to_lowercase())
        .collect()
}

/// openssl's `\xC3\xBC` escapes of non-ASCII bytes in names, decoded as UTF-8.
fn unescape(s: &str) -> String {
    let mut bytes = Vec::new();
    let mut rest = s.as_bytes();
    while !rest.is_empty() {
        if rest.len() >= 4 && rest[0] == b'\\' && rest[1] == b'x' {
            if let Ok(b) = u8::from_str_radix(std::str::from_utf8(&rest[2..4]).unwrap(), 16) {
                bytes.push(b);
                rest = &rest[4..];
                continue;
            }
        }
        bytes.push(rest[0]);
        rest = &rest[1..];
    }
    String::from_utf8(bytes).unwrap()
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// openssl's `Jan  1 00:00:00 2025 GMT` as RFC 3339.
fn openssl_time(s: &str) -> String {
    let t = chrono::NaiveDateTime::parse_from_str(s.trim(), "%b %e %H:%M:%S %Y GMT")
        .unwrap_or_else(|e| panic!("openssl time {s:?}: {e}"));
    t.and_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn parse_openssl(text: &str) -> OpenSslView {
    let mut v = OpenSslView::default();
    let lines: Vec<&str> = text.lines().collect();
    let mut in_extensions = false;
    let mut current: Option<String> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim();
        let next = lines.get(i + 1).map(|l| l.trim()).unwrap_or("");
        if in_extensions && indent(line) <= 4 {
            in_extensions = false;
            current = None;
        }
        if in_extensions && indent(line) == 12 {
            // An extension's title: `X509v3 Key Usage: critical`, `1.2.3.4: critical`.
            let (title, rest) = t.split_once(':').unwrap();
            let critical = rest.trim() == "critical";
            let oid = if is_dotted_oid(title) {
                title.to_string()
            } else {
                lookup(EXTENSION_OIDS, title)
                    .unwrap_or_else(|| panic!("an extension openssl names {title:?}: add its OID"))
                    .to_string()
            };
            if v.extensions.iter().any(|(o, _)| *o == oid) {
                v.duplicate_extension = true;
                current = None;
            } else {
                v.extensions.push((oid.clone(), critical));
                v.values.insert(oid.clone(), Vec::new());
                current = Some(oid);
            }
        } else if in_extensions && indent(line) > 12 {
            if let Some(oid) = &current {
                v.values.get_mut(oid).unwrap().push(t.to_string());
            }
        } else if t == "X509v3 extensions:" {
            in_extensions = true;
        } else if let Some(rest) = t.strip_prefix("Version: ") {
            v.version = Some(rest.split(' ').next().unwrap().parse().unwrap());
        } else if let Some(rest) = t.strip_prefix("Serial Number:") {
            let rest = rest.trim();
            let (negative, digits) = if rest.is_empty() {
                let n = next;
                match n.strip_prefix("(Negative)") {
                    Some(d) => (true, d.replace(':', "")),
                    None => (false, n.replace(':', "")),
                }
            } else {
                // `4660 (0x1234)` or `-1 (-0x1)`
                let hex = rest.split('(').nth(1).unwrap().trim_end_matches(')');
                match hex.strip_prefix("-0x") {
                    Some(h) => (true, h.to_string()),
                    None => (false, hex.trim_start_matches("0x").to_string()),
                }
            };
            v.serial_negative = negative;
            v.serial_hex = Some(digits.to_lowercase());
        } else if let Some(rest) = t.strip_prefix("Signature Algorithm: ") {
            // The last one is the certificate's signatureAlgorithm (the first, under
            // Data, is tbsCertificate.signature): certchain reports the outer one.
            let name = rest.trim();
            v.signature_oid = Some(if is_dotted_oid(name) {
                name.to_string()
            } else {
                lookup(SIGNATURE_OIDS, name)
                    .unwrap_or_else(|| panic!("signature algorithm {name:?}: add its OID"))
                    .to_string()
            });
        } else if let Some(rest) = t.strip_prefix("Subject:") {
            v.subject = Some(unescape(rest.trim()));
        } else if let Some(rest) = t.strip_prefix("Issuer:") {
            v.issuer = Some(unescape(rest.trim()));
        } else if let Some(rest) = t.strip_prefix("Not Before:") {
            v.not_before = Some(openssl_time(rest));
        } else if let Some(rest) = t.strip_prefix("Not After :") {
            v.not_after = Some(openssl_time(rest));
        } else if let Some(rest) = t.strip_prefix("Public Key Algorithm: ") {
            v.key_algorithm = Some(
                match rest.trim() {
                    "rsaEncryption" => "RSA",
                    "id-ecPublicKey" => "ECDSA",
                    "ED25519" => "Ed25519",
                    "ED448" => "Ed448",
                    "dsaEncryption" => "DSA",
                    other => panic!("key algorithm {other:?}"),
                }
                .to_string(),
            );
        } else if let Some(rest) = t
            .strip_prefix("Public-Key: (")
            .or_else(|| t.strip_prefix("RSA Public-Key: ("))
        {
            v.key_bits = Some(rest.split(' ').next().unwrap().parse().unwrap());
        } else if let Some(rest) = t.strip_prefix("ASN1 OID: ") {
            v.curve = Some(
                lookup(CURVES, rest.trim())
                    .unwrap_or_else(|| panic!("curve {rest:?}"))
                    .to_string(),
            );
        }
        i += 1;
    }
    v
}

/// An IP address as openssl writes it (`2001:DB8:0:0:0:0:0:1`) in RFC 5952 form.
fn ip(s: &str) -> String {
    s.parse::<std::net::IpAddr>()
        .unwrap_or_else(|e| panic!("IP {s:?}: {e}"))
        .to_string()
}

/// openssl's `IP:10.0.0.0/255.0.0.0` constraint as certchain writes it (`10.0.0.0/8`).
fn ip_constraint(s: &str) -> String {
    let (addr, mask) = s.split_once('/').unwrap();
    let mask: std::net::IpAddr = mask.parse().unwrap();
    let bits: Vec<u8> = match mask {
        std::net::IpAddr::V4(m) => m.octets().to_vec(),
        std::net::IpAddr::V6(m) => m.octets().to_vec(),
    };
    let ones: u32 = bits.iter().map(|b| b.count_ones()).sum();
    let contiguous = bits
        .iter()
        .flat_map(|b| (0..8).rev().map(move |i| b >> i & 1))
        .skip_while(|&b| b == 1)
        .all(|b| b == 0);
    if contiguous {
        format!("IP:{}/{ones}", ip(addr))
    } else {
        format!("IP:{} mask {}", ip(addr), mask)
    }
}

/// One general name as openssl writes it, in certchain's form: `IP Address:` is `IP:`
/// with the address in RFC 5952 form, a directoryName has no spaces around `=`.
fn general_name(s: &str) -> String {
    if let Some(a) = s.strip_prefix("IP Address:") {
        format!("IP:{}", ip(a))
    } else if let Some(dn) = s.strip_prefix("DirName:") {
        format!("DirName:{}", unescape(&dn.replace(" = ", "=")))
    } else {
        s.to_string()
    }
}

/// The hex digits of certchain's serial without leading zero octets.
fn serial_digits(serial: &str) -> String {
    let hex = serial.replace(':', "").to_lowercase();
    let trimmed = hex.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".into()
    } else {
        trimmed.into()
    }
}

/// Compare one certificate; push every difference to `out`.
fn compare(label: &str, o: &OpenSslView, c: &Value, out: &mut Vec<String>) {
    let mut check = |field: &str, openssl: Value, certchain: Value| {
        if openssl != certchain {
            out.push(format!(
                "{label}: {field}: openssl {openssl}, certchain {certchain}"
            ));
        }
    };
    let opt = |s: &Option<String>| s.clone().map_or(Value::Null, Value::from);
    check("version", o.version.into(), c["version"].clone());
    if o.serial_negative {
        let first = u8::from_str_radix(&c["serial"].as_str().unwrap()[..2], 16).unwrap();
        check("serial sign", true.into(), (first >= 0x80).into());
    } else {
        let ours = serial_digits(c["serial"].as_str().unwrap());
        let theirs = o.serial_hex.clone().unwrap();
        let theirs = theirs.trim_start_matches('0');
        let theirs = if theirs.is_empty() { "0" } else { theirs };
        check("serial", theirs.into(), ours.into());
    }
    check("subject", opt(&o.subject), c["subject"].clone());
    check("issuer", opt(&o.issuer), c["issuer"].clone());
    check("not_before", opt(&o.not_before), c["not_before"].clone());
    check("not_after", opt(&o.not_after), c["not_after"].clone());
    check(
        "signature_algorithm_oid",
        opt(&o.signature_oid),
        c["signature_algorithm_oid"].clone(),
    );
    check(
        "key.algorithm",
        opt(&o.key_algorithm),
        c["key"]["algorithm"].clone(),
    );
    if let Some(bits) = o.key_bits {
        check("key.bits", bits.into(), c["key"]["bits"].clone());
    }
    check("key.curve", opt(&o.curve), c["key"]["curve"].clone());
    check("sha256", opt(&o.sha256), c["sha256"].clone());
    check("sha1", opt(&o.sha1), c["sha1"].clone());

    // Every extension with its criticality, in order.
    let ours: Vec<(String, bool)> = c["extensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["oid"].as_str().unwrap().to_string(),
                e["critical"].as_bool().unwrap(),
            )
        })
        .collect();
    check(
        "extensions (oid, critical)",
        format!("{:?}", o.extensions).into(),
        format!("{ours:?}").into(),
    );
    if o.duplicate_extension {
        let malformed = c["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "malformed");
        check(
            "duplicate extension reported",
            true.into(),
            malformed.into(),
        );
    }
    // The extensions openssl shows by OID are the ones certchain does not know.
    let openssl_unknown: Vec<(String, bool)> = o
        .extensions
        .iter()
        .filter(|(oid, _)| !EXTENSION_OIDS.iter().any(|(_, o)| o == oid))
        .cloned()
        .collect();
    let ours_unknown: Vec<(String, bool)> = c["unknown_extensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["oid"].as_str().unwrap().to_string(),
                e["critical"].as_bool().unwrap(),
            )
        })
        .collect();
    check(
        "unknown_extensions",
        format!("{openssl_unknown:?}").into(),
        format!("{ours_unknown:?}").into(),
    );

    let value = |oid: &str| o.values.get(oid);
    let joined = |oid: &str| value(oid).map(|v| v.join(", "));
    let split = |oid: &str| -> Option<Vec<String>> {
        joined(oid).map(|j| {
            j.split(", ")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
    };

    // subjectAltName
    let sans: Vec<String> = split("2.5.29.17")
        .unwrap_or_default()
        .iter()
        .map(|s| general_name(s))
        .collect();
    check(
        "subject_alt_names",
        sans.into(),
        c["subject_alt_names"].clone(),
    );
    // keyUsage
    let ku = split("2.5.29.15").map(|v| {
        v.iter()
            .map(|k| lookup(KEY_USAGES, k).unwrap_or_else(|| panic!("key usage {k:?}")))
            .collect::<Vec<_>>()
    });
    check(
        "key_usage",
        ku.map_or(Value::Null, Value::from),
        c["key_usage"].clone(),
    );
    // extKeyUsage
    let eku = split("2.5.29.37").map(|v| {
        v.iter()
            .map(|k| {
                if is_dotted_oid(k) {
                    k.clone()
                } else {
                    lookup(KEY_PURPOSES, k)
                        .unwrap_or_else(|| panic!("key purpose {k:?}"))
                        .to_string()
                }
            })
            .collect::<Vec<_>>()
    });
    check(
        "ext_key_usage",
        eku.map_or(Value::Null, Value::from),
        c["ext_key_usage"].clone(),
    );
    // basicConstraints
    let bc = joined("2.5.29.19").map(|j| {
        let ca = j.contains("CA:TRUE");
        let path_len = j
            .split("pathlen:")
            .nth(1)
            .map(|n| n.trim().parse::<u64>().unwrap());
        serde_json::json!({ "ca": ca, "path_len": path_len })
    });
    let ours_bc = c["basic_constraints"]
        .as_object()
        .map(|b| serde_json::json!({ "ca": b["ca"], "path_len": b["path_len"] }));
    check(
        "basic_constraints",
        bc.unwrap_or(Value::Null),
        ours_bc.unwrap_or(Value::Null),
    );
    // nameConstraints
    let nc = value("2.5.29.30").map(|lines| {
        let (mut permitted, mut excluded) = (Vec::new(), Vec::new());
        let mut into_excluded = false;
        for l in lines {
            match l.as_str() {
                "Permitted:" => into_excluded = false,
                "Excluded:" => into_excluded = true,
                name => {
                    let name = match name.strip_prefix("IP:") {
                        Some(c) => ip_constraint(c),
                        None => general_name(name),
                    };
                    if into_excluded {
                        excluded.push(name)
                    } else {
                        permitted.push(name)
                    }
                }
            }
        }
        serde_json::json!({ "permitted": permitted, "excluded": excluded })
    });
    let ours_nc = c["name_constraints"]
        .as_object()
        .map(|n| serde_json::json!({ "permitted": n["permitted"], "excluded": n["excluded"] }));
    check(
        "name_constraints",
        nc.unwrap_or(Value::Null),
        ours_nc.unwrap_or(Value::Null),
    );
    // certificatePolicies
    let policies = value("2.5.29.32").map(|lines| {
        lines
            .iter()
            .filter_map(|l| l.strip_prefix("Policy: "))
            .map(|p| match p {
                "X509v3 Any Policy" => "2.5.29.32.0".to_string(),
                p if is_dotted_oid(p) => p.to_string(),
                other => panic!("policy {other:?}: add its OID"),
            })
            .collect::<Vec<_>>()
    });
    check(
        "certificate_policies",
        policies.map_or(Value::Null, Value::from),
        c["certificate_policies"].clone(),
    );
    // authorityInfoAccess
    let aia = value("1.3.6.1.5.5.7.1.1").map(|lines| {
        let urls = |prefix: &str| {
            lines
                .iter()
                .filter_map(|l| l.strip_prefix(prefix))
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        serde_json::json!({ "ocsp": urls("OCSP - URI:"), "ca_issuers": urls("CA Issuers - URI:") })
    });
    let ours_aia = c["authority_info_access"]
        .as_object()
        .map(|a| serde_json::json!({ "ocsp": a["ocsp"], "ca_issuers": a["ca_issuers"] }));
    check(
        "authority_info_access",
        aia.unwrap_or(Value::Null),
        ours_aia.unwrap_or(Value::Null),
    );
    // cRLDistributionPoints
    let crl = value("2.5.29.31").map(|lines| {
        lines
            .iter()
            .filter(|l| *l != "Full Name:")
            .map(|l| general_name(l))
            .collect::<Vec<_>>()
    });
    check(
        "crl_distribution_points",
        crl.map_or(Value::Null, Value::from),
        c["crl_distribution_points"].clone(),
    );
    // Key identifiers.
    let ski = value("2.5.29.14").and_then(|l| l.first().cloned());
    check("subject_key_id", opt(&ski), c["subject_key_id"].clone());
    let aki = value("2.5.29.35").and_then(|lines| {
        lines
            .iter()
            .map(|l| l.strip_prefix("keyid:").unwrap_or(l))
            .find(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_hexdigit() || c == ':'))
            .map(str::to_string)
    });
    check("authority_key_id", opt(&aki), c["authority_key_id"].clone());
    // SCTs
    let scts = value("1.3.6.1.4.1.11129.2.4.2").map(|lines| {
        lines
            .iter()
            .filter(|l| *l == "Signed Certificate Timestamp:")
            .count()
    });
    check(
        "sct_count",
        scts.map_or(Value::Null, Value::from),
        c["sct_count"].clone(),
    );
}

#[test]
fn inspect_matches_openssl_x509_text_on_every_fixture_certificate() {
    if !openssl_available("inspect_matches_openssl_x509_text_on_every_fixture_certificate") {
        return;
    }
    let root = env!("CARGO_MANIFEST_DIR");
    let mut files: Vec<String> = Vec::new();
    for dir in std::fs::read_dir(format!("{root}/fixtures")).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&dir).unwrap() {
            let f = f.unwrap().path();
            if f.extension().is_some_and(|e| e == "pem")
                && std::fs::read_to_string(&f)
                    .unwrap()
                    .contains("BEGIN CERTIFICATE")
            {
                files.push(f.to_string_lossy().into_owned());
            }
        }
    }
    files.sort();
    files.push(format!("{root}/tests/data/inspect/rich.pem"));

    // certchain on every file; each distinct certificate once, with where it was met.
    let mut certs: Vec<(String, Value, String)> = Vec::new();
    for file in &files {
        let out = certchain()
            .args(["inspect", file, "--format", "json", "--at", "2026-06-01"])
            .output()
            .unwrap();
        // 0: no lint error, 1: some; never an input error on a fixture.
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{file}: exit {:?}: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        let json = doc["certificates"].as_array().unwrap();
        let blocks = pem_blocks(&std::fs::read_to_string(file).unwrap());
        assert_eq!(json.len(), blocks.len(), "{file}");
        for (i, (pem, c)) in blocks.into_iter().zip(json).enumerate() {
            if !certs
                .iter()
                .any(|(_, seen, _)| seen["sha256"] == c["sha256"])
            {
                let label = format!("{} #{}", file.trim_start_matches(root), i + 1);
                certs.push((label, c.clone(), pem));
            }
        }
    }

    // openssl on the same certificates: the text of all in one run, the fingerprints
    // (digests of each DER) in one run per digest.
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("inspect-openssl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bundle = dir.join("all.pem");
    let all: String = certs.iter().map(|(_, _, pem)| pem.as_str()).collect();
    std::fs::write(&bundle, all).unwrap();
    let ders: Vec<String> = certs
        .iter()
        .enumerate()
        .map(|(i, (_, _, pem))| {
            let path = dir.join(format!("{i}.der"));
            std::fs::write(&path, pem::parse(pem).unwrap().contents()).unwrap();
            path.to_string_lossy().into_owned()
        })
        .collect();
    let texts = openssl_texts(bundle.to_str().unwrap(), &dir);
    let sha256 = openssl_digests("-sha256", &ders);
    let sha1 = openssl_digests("-sha1", &ders);
    assert_eq!(
        texts.len(),
        certs.len(),
        "openssl printed another number of certificates"
    );
    assert_eq!((sha256.len(), sha1.len()), (certs.len(), certs.len()));

    let mut mismatches = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, (label, c, _)) in certs.iter().enumerate() {
        let mut view = parse_openssl(&texts[i]);
        view.sha256 = Some(sha256[i].clone());
        view.sha1 = Some(sha1[i].clone());
        compare(label, &view, c, &mut mismatches);
        for (oid, _) in &view.extensions {
            *seen.entry(oid.clone()).or_default() += 1;
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        mismatches.is_empty(),
        "{} mismatches between openssl x509 -text and certchain inspect:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    // The comparison covered every field: enough distinct certificates, and each
    // extension inspect shows was met somewhere.
    assert!(
        certs.len() >= 200,
        "only {} certificates compared",
        certs.len()
    );
    for oid in [
        "2.5.29.14",
        "2.5.29.15",
        "2.5.29.17",
        "2.5.29.19",
        "2.5.29.30",
        "2.5.29.31",
        "2.5.29.32",
        "2.5.29.35",
        "2.5.29.37",
        "1.3.6.1.5.5.7.1.1",
        "1.3.6.1.4.1.11129.2.4.2",
    ] {
        assert!(
            seen.contains_key(oid),
            "no certificate with {oid}: {seen:?}"
        );
    }
}
