//! Name-constraint matching: a fixed CA with permitted and excluded DNS, email and IP
//! subtrees signs a leaf with the fuzzed subjectAltNames (one a line; `d:`, `e:`, `u:`,
//! `i:` prefixes, `cn:` for the subject CN); the chain is verified without a name.
#![no_main]

use certchain_fuzz::{constrained_ca, san_from_line};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut cn = None;
    let mut sans = Vec::new();
    for line in text.split('\n').take(16) {
        if let Some(c) = line.strip_prefix("cn:") {
            cn = Some(c);
        } else if let Some(san) = san_from_line(line) {
            sans.push(san);
        }
    }
    let (ca, verifier) = constrained_ca();
    let Some(leaf) = ca.leaf(sans, cn) else {
        return;
    };
    let _ = verifier.verify_der(&[leaf], None);
});
