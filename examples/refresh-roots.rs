//! Rewrite roots/mozilla-roots.pem from the webpki-root-certs crate (Mozilla's root
//! program, as packaged for Rust). Run: `cargo run --example refresh-roots`.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use std::fmt::Write;

fn main() {
    let mut out = String::new();
    let mut der_bundle = Vec::new();
    for (i, der) in webpki_root_certs::TLS_SERVER_ROOT_CERTS.iter().enumerate() {
        let der: &[u8] = der.as_ref();
        let subject = certchain::Certificate::from_der(der)
            .map(|c| c.subject().to_string())
            .unwrap_or_else(|e| panic!("root {i} does not parse: {e}"));
        writeln!(out, "# {subject}").unwrap();
        der_bundle.extend_from_slice(der);
        out.push_str(&pem::encode_config(
            &pem::Pem::new("CERTIFICATE", der.to_vec()),
            pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
        ));
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/roots/mozilla-roots.pem");
    std::fs::write(path, out).expect("write roots/mozilla-roots.pem");
    let der_path = concat!(env!("CARGO_MANIFEST_DIR"), "/roots/mozilla-roots.der");
    std::fs::write(der_path, der_bundle).expect("write roots/mozilla-roots.der");
    println!(
        "wrote {} roots to {path}",
        webpki_root_certs::TLS_SERVER_ROOT_CERTS.len()
    );
}
