//! certchain against rustls-webpki on the same input, concatenated DER elements (see
//! `certchain_fuzz::differential::Case`): an optional check time (INTEGER) and host name
//! (IA5String), then the certificates, leaf first; with two or more, the last is the only
//! trust anchor, else the fixtures' store is. The defaults otherwise, with
//! `Policy::cross_check` on, which runs webpki on the same anchors, chain, time, purpose
//! and name. When the two verdicts differ, the difference must be one that
//! docs/cross-check.md explains (webpki's documented gaps and its own bounds); any other
//! is a panic, so libFuzzer keeps the input. certchain's verdict here is its own: its
//! error findings other than the `engine_disagreement` the cross-check adds.
#![no_main]

use certchain::{Code, Finding, Severity, Verdict};
use certchain_fuzz::differential::{explain_certchain_reject, explain_webpki_reject, Case};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let case = Case::new(data);
    let Ok(report) = case.verify() else {
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
    let path = case.path_ders(&report);
    let unexplained = if certchain_valid {
        explain_webpki_reject(second.error.as_deref().unwrap_or(""), &path).err()
    } else if case.anchor_unparsed() {
        None
    } else {
        explain_certchain_reject(&own, &report).err()
    };
    if std::env::var_os("DIFFERENTIAL_LOG").is_some() {
        // One line per disagreement, to see which explanations the corpus reaches.
        let own_codes: Vec<&str> = own.iter().map(|f| f.code.as_str()).collect();
        eprintln!(
            "disagreement: certchain {own_codes:?}, webpki {:?}, explained: {}",
            second.error,
            unexplained.is_none()
        );
    }
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
