//! Any input as a certificate file: format detection, PEM (with skipped blocks), DER,
//! PKCS#7 and PKCS#12 (empty password, then a fixed one), strict and lenient readers.
#![no_main]

use certchain::{LoadOptions, SourceKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let lenient = certchain::read_certificates("input", data, SourceKind::Presented);
    let strict = certchain::parse_certificates("input", data, SourceKind::Presented);
    // The strict reader never reads more than the lenient one.
    if let (Ok(lenient), Ok(strict)) = (&lenient, &strict) {
        assert_eq!(lenient.certs.len(), strict.len());
    }
    if let Ok(loaded) = &lenient {
        for c in &loaded.certs {
            let _ = c.source.to_string();
        }
    }
    let options = LoadOptions::default().with_password("changeit");
    let _ = certchain::read_certificates_with("input.p12", data, SourceKind::RootStore, &options);
});
