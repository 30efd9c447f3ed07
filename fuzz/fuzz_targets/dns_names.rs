//! DNS name and wildcard matching through a verification: a leaf carrying the fuzzed
//! subjectAltNames (lines after the first; `d:`, `e:`, `u:`, `i:` prefixes) and CN, signed
//! by a fixed CA, checked against the first line as `--host` (parsed, and also raw).
#![no_main]

use certchain::{ExpectedName, HostName};
use certchain_fuzz::{plain_ca, san_from_line};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = text.split('\n');
    let host = lines.next().unwrap_or_default();
    let mut cn = None;
    let mut sans = Vec::new();
    for line in lines.take(16) {
        if let Some(c) = line.strip_prefix("cn:") {
            cn = Some(c);
        } else if let Some(san) = san_from_line(line) {
            sans.push(san);
        }
    }
    let (ca, verifier) = plain_ca();
    let Some(leaf) = ca.leaf(sans, cn) else {
        return;
    };
    let chain = [leaf];
    if let Ok(parsed) = HostName::parse(host) {
        let _ = verifier.verify_der(&chain, Some(&ExpectedName::Host(parsed)));
    }
    // The raw text, unvalidated, as a library caller could build it.
    let raw = ExpectedName::Host(HostName::Dns(host.to_string()));
    let _ = verifier.verify_der(&chain, Some(&raw));
    if let Ok(email) = ExpectedName::email(host) {
        let _ = verifier.verify_der(&chain, Some(&email));
    }
});
