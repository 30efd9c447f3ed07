//! The corpus of the batch figures (README "Batch", docs/scale-out.md): 3 roots (ECDSA
//! P-384, as GTS Root R4 or ISRG Root X2), 5 intermediates under them (ECDSA P-256, as
//! GTS WE1) and N leaves (ECDSA P-256) spread over the intermediates, valid
//! 2026-01-01..2027-01-01 (verify `--at 2026-06-01`).
//!
//! ```text
//! cargo run --release --example batch-corpus -- DIR [--leaves N] [--lines M] [--stdout] [--p256-roots] [--pem]
//! ```
//!
//! `--p256-roots` makes the roots P-256 too, so that both signature checks of a chain
//! cost the same (the cache then saves at most one of two).
//!
//! writes DIR/roots.pem and DIR/corpus.jsonl: M lines (default N) of
//! `{"id", "host", "chain": [leaf, intermediate]}` (base64 DER, as CT logs hand
//! certificates out; `--pem` writes `{"id", "host", "pem"}` instead), cycling over the N leaves with distinct ids; with `--stdout`
//! the lines go to stdout instead (a stream of a million chains needs no disk:
//! `--leaves 1000000 --stdout` writes a million distinct leaves, made as they are written).

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyIdMethod, KeyPair, KeyUsagePurpose, SanType, SerialNumber, PKCS_ECDSA_P256_SHA256,
    PKCS_ECDSA_P384_SHA384,
};
use std::io::Write;

fn serial(label: &str) -> SerialNumber {
    let d = ring::digest::digest(&ring::digest::SHA256, label.as_bytes());
    let mut s = d.as_ref()[..16].to_vec();
    s[0] &= 0x7f;
    s[0] |= 0x01;
    SerialNumber::from_slice(&s)
}

/// The base64 DER of a one-certificate PEM text: its body lines.
fn base64_of(pem: &str) -> String {
    pem.lines().filter(|l| !l.starts_with("-----")).collect()
}

fn ca_params(cn: &str) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.distinguished_name.push(DnType::CountryName, "US");
    p.distinguished_name
        .push(DnType::OrganizationName, "Batch Corpus");
    p.distinguished_name.push(DnType::CommonName, cn);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    p.not_before = date_time_ymd(2025, 1, 1);
    p.not_after = date_time_ymd(2035, 1, 1);
    p.key_identifier_method = KeyIdMethod::Sha256;
    p.serial_number = Some(serial(cn));
    p
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = std::path::PathBuf::from(
        args.first()
            .expect("usage: batch-corpus DIR [--leaves N] [--lines M] [--stdout]"),
    );
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .map(|i| args[i + 1].parse::<usize>().expect("a number"))
    };
    let leaves = opt("--leaves").unwrap_or(10_000);
    let lines = opt("--lines").unwrap_or(leaves);
    let to_stdout = args.iter().any(|a| a == "--stdout");
    let pem_lines = args.iter().any(|a| a == "--pem");
    let root_alg = if args.iter().any(|a| a == "--p256-roots") {
        &PKCS_ECDSA_P256_SHA256
    } else {
        &PKCS_ECDSA_P384_SHA384
    };
    std::fs::create_dir_all(&dir).unwrap();

    let mut roots = Vec::new();
    let mut roots_pem = String::new();
    for r in 0..3 {
        let key = KeyPair::generate_for(root_alg).unwrap();
        let params = ca_params(&format!("Batch Corpus Root R{r}"));
        let cert = params.self_signed(&key).unwrap();
        roots_pem.push_str(&cert.pem());
        roots.push((params, key));
    }
    std::fs::write(dir.join("roots.pem"), &roots_pem).unwrap();

    let mut inters = Vec::new();
    for i in 0..5 {
        let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap();
        let mut params = ca_params(&format!("Batch Corpus CA {i}"));
        params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        params.use_authority_key_identifier_extension = true;
        let (rp, rk) = &roots[i % 3];
        let cert = params
            .signed_by(&key, &Issuer::from_params(rp, rk))
            .unwrap();
        inters.push((params, key, cert.pem()));
    }
    let issuers: Vec<_> = inters
        .iter()
        .map(|(p, k, pem)| (Issuer::from_params(p, k), pem.clone()))
        .collect();

    // Leaf keys: a pool, since a leaf's key changes nothing of its verification cost and
    // generating a million keys would dominate the run. Every leaf is still a distinct
    // certificate (its own name, serial number and signature).
    let leaf_keys: Vec<KeyPair> = (0..16)
        .map(|_| KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).unwrap())
        .collect();
    let make = |n: usize| {
        let host = format!("site{n}.example.com");
        let mut p = CertificateParams::default();
        p.subject_alt_names = vec![SanType::DnsName(host.clone().try_into().unwrap())];
        p.distinguished_name.push(DnType::CommonName, &host);
        p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        p.not_before = date_time_ymd(2026, 1, 1);
        p.not_after = date_time_ymd(2027, 1, 1);
        p.use_authority_key_identifier_extension = true;
        p.serial_number = Some(serial(&host));
        let (issuer, inter_pem) = &issuers[n % issuers.len()];
        let leaf = p
            .signed_by(&leaf_keys[n % leaf_keys.len()], issuer)
            .unwrap();
        // Everything of the line but its id, which makes each of the `lines` distinct.
        let rest = if pem_lines {
            serde_json::json!({"host": host, "pem": format!("{}{}", leaf.pem(), inter_pem)})
        } else {
            serde_json::json!({"host": host, "chain": [base64_of(&leaf.pem()), base64_of(inter_pem)]})
        }
        .to_string();
        rest[1..].to_string()
    };
    // Up to a million leaves are kept to be repeated; beyond that they are made as they
    // are written, so the generator's memory stays small for any --lines.
    let keep = leaves.min(1_000_000);
    let bodies: Vec<String> = if lines > leaves && leaves <= keep {
        (0..leaves).map(make).collect()
    } else {
        Vec::new()
    };

    let out: Box<dyn Write> = if to_stdout {
        Box::new(std::io::stdout().lock())
    } else {
        Box::new(std::fs::File::create(dir.join("corpus.jsonl")).unwrap())
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 20, out);
    for i in 0..lines {
        let body = match bodies.get(i % leaves) {
            Some(b) => b.clone(),
            None => make(i % leaves),
        };
        if writeln!(out, "{{\"id\":\"chain-{i}\",{body}").is_err() {
            return; // the reader went away
        }
    }
    out.flush().ok();
}
