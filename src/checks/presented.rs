//! The chain as the server sent it, compared with the path that was built (RFC 8446
//! 4.4.2 and RFC 5246 7.4.2: the leaf first, each following certificate certifying the
//! one before it; the root may be omitted).

use crate::findings::{Code, Finding};
use crate::load::SourcedCert;
use crate::store::TrustStore;
use std::collections::{HashMap, HashSet};

/// Warnings about the presented chain. `path` holds the SHA-256 of each path certificate,
/// leaf first; `anchor` the anchor's, when the path reached one.
pub fn check_presented(
    presented: &[SourcedCert],
    path: &[String],
    anchor: Option<&str>,
    store: &TrustStore,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let in_path: HashSet<&str> = path.iter().map(String::as_str).collect();
    let label = |i: usize| format!("#{} ({})", i + 1, presented[i].cert.short_name());
    let mut first_seen: HashMap<&str, usize> = HashMap::new();
    for (i, c) in presented.iter().enumerate() {
        if let Some(&j) = first_seen.get(c.cert.sha256.as_str()) {
            out.push(Finding::chain(
                Code::DuplicateCertificate,
                "RFC 8446 4.4.2",
                format!("certificate {} is sent again as {}", label(j), label(i)),
            ));
            continue;
        }
        first_seen.insert(&c.cert.sha256, i);
        if i == 0 {
            continue;
        }
        if anchor == Some(c.cert.sha256.as_str()) || store.contains(&c.cert) {
            out.push(Finding::chain(
                Code::RootIncluded,
                "RFC 8446 4.4.2",
                format!("certificate {} is a trust anchor; clients already have it, so it need not be sent", label(i)),
            ));
        } else if !in_path.contains(c.cert.sha256.as_str()) {
            out.push(Finding::chain(
                Code::UnusedCertificate,
                "RFC 8446 4.4.2",
                format!(
                    "certificate {} is not part of the path to the trust anchor",
                    label(i)
                ),
            ));
        }
    }
    // The presented positions of the path's intermediates, in path order.
    let positions: Vec<usize> = path
        .iter()
        .skip(1)
        .filter(|h| Some(h.as_str()) != anchor)
        .filter_map(|h| first_seen.get(h.as_str()).copied())
        .collect();
    if positions.windows(2).any(|w| w[0] > w[1]) || positions.first().is_some_and(|&p| p < 1) {
        let order: Vec<String> = positions.iter().map(|&p| format!("#{}", p + 1)).collect();
        out.push(Finding::chain(
            Code::ChainOutOfOrder,
            "RFC 5246 7.4.2",
            format!(
                "the intermediates are not sent in order from the leaf up: the path uses them as {}",
                order.join(" -> ")
            ),
        ));
    }
    out
}
