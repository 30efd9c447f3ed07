//! certchain against rustls-webpki on the same input: concatenated DER certificates
//! (leaf first), the fixtures' store, `www.example.com`, the defaults at a fixed time,
//! with `Policy::cross_check` on, which runs webpki on the same anchors, chain, time,
//! purpose and name. When the two verdicts differ, the difference must be one that
//! docs/cross-check.md explains (webpki's documented gaps and its own bounds); any other
//! is a panic, so libFuzzer keeps the input. certchain's verdict here is its own: its
//! error findings other than the `engine_disagreement` the cross-check adds.
#![no_main]

use certchain::{Code, ExpectedName, Finding, HostName, Severity, Verdict};
use certchain_fuzz::differential::{explain_certchain_reject, explain_webpki_reject, Engines};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let engines = Engines::get();
    let chain = certchain_fuzz::split_der(data);
    let host = ExpectedName::Host(HostName::Dns("www.example.com".into()));
    let Ok(report) = engines.verifier.verify_der(&chain, Some(&host)) else {
        return;
    };
    let Some(second) = &report.second_opinion else {
        return;
    };
    let own: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error && f.code != Code::EngineDisagreement)
        .collect();
    let certchain_valid = own.is_empty();
    let webpki_valid = second.verdict == Verdict::Valid;
    if certchain_valid == webpki_valid {
        return;
    }
    let path = engines.path_ders(&report, &chain);
    let unexplained = if certchain_valid {
        explain_webpki_reject(second.error.as_deref().unwrap_or(""), &path).err()
    } else {
        explain_certchain_reject(&own, &report).err()
    };
    if let Some(why) = unexplained {
        panic!(
            "unexplained disagreement: certchain {}, webpki {}: {why}\nwebpki: {:?}\ncertchain: {:?}",
            if certchain_valid { "valid" } else { "invalid" },
            if webpki_valid { "valid" } else { "invalid" },
            second.error,
            own.iter().map(|f| (f.depth, f.code.as_str(), &f.message)).collect::<Vec<_>>(),
        );
    }
});
