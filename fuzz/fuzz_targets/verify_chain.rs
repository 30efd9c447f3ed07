//! A whole verification: the input is concatenated DER certificates (leaf first, then
//! intermediates), verified against every fixtures/*/roots.pem at a fixed time, with a
//! host name, with none, and through the PEM reader + `Verifier::verify` path.
#![no_main]

use certchain::{ExpectedName, HostName, SourceKind};
use certchain_fuzz::{fixture_verifier, split_der};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let verifier = fixture_verifier();
    let chain = split_der(data);
    let host = ExpectedName::Host(HostName::Dns("www.example.com".into()));
    if let Ok(report) = verifier.verify_der(&chain, Some(&host)) {
        let _ = certchain::render_json(&report);
        let _ = certchain::render_text(&report, &certchain::TextOptions::default());
    }
    let _ = verifier.verify_der(&chain, None);
    if let Ok(presented) = certchain::parse_certificates("chain", data, SourceKind::Presented) {
        let (leaf, extra) = presented.split_at(presented.len().min(1));
        let _ = verifier.verify(leaf, extra, Some(&host));
    }
});
