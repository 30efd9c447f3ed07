//! The chain as the server sent it, compared with the path that was built (RFC 8446
//! 4.4.2 and RFC 5246 7.4.2: the leaf first, each following certificate certifying the
//! one before it; the root may be omitted).

use crate::input::SourcedCert;
use crate::report::details::Details;
use crate::report::finding::{Code, Finding};
use crate::store::TrustStore;
use std::collections::{BTreeMap, HashMap, HashSet};

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
    let name = |i: usize| {
        presented
            .get(i)
            .map(|c| c.cert.short_name())
            .unwrap_or_default()
    };
    let mut first_seen: HashMap<&str, usize> = HashMap::new();
    // The positions of every certificate sent more than once, by first position.
    let mut copies: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, c) in presented.iter().enumerate() {
        if let Some(&j) = first_seen.get(c.cert.sha256.as_str()) {
            copies.entry(j).or_insert_with(|| vec![j]).push(i);
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
                Details::RootIncluded {
                    position: i.saturating_add(1),
                    certificate: name(i),
                },
            ));
        } else if !in_path.contains(c.cert.sha256.as_str()) {
            out.push(Finding::chain(
                Code::UnusedCertificate,
                "RFC 8446 4.4.2",
                Details::UnusedCertificate {
                    position: i.saturating_add(1),
                    certificate: name(i),
                },
            ));
        }
    }
    // RFC 8446 4.4.2: each certificate is sent once; one finding per certificate sent
    // again, however many times.
    for (first, positions) in &copies {
        out.push(Finding::chain(
            Code::DuplicateCertificate,
            "RFC 8446 4.4.2",
            Details::DuplicateCertificate {
                position: first.saturating_add(1),
                certificate: name(*first),
                count: positions.len(),
                positions: positions.iter().map(|p| p.saturating_add(1)).collect(),
            },
        ));
    }
    if let Some(f) = leaf_not_first(presented) {
        out.push(f);
    }
    // The presented positions of the path's intermediates, in path order.
    let positions: Vec<usize> = path
        .iter()
        .skip(1)
        .filter(|h| Some(h.as_str()) != anchor)
        .filter_map(|h| first_seen.get(h.as_str()).copied())
        .collect();
    if positions.windows(2).any(|w| matches!(w, [a, b] if a > b))
        || positions.first().is_some_and(|&p| p < 1)
    {
        out.push(Finding::chain(
            Code::ChainOutOfOrder,
            "RFC 5246 7.4.2",
            Details::ChainOutOfOrder {
                path_order: positions.iter().map(|p| p.saturating_add(1)).collect(),
            },
        ));
    }
    out
}

// RFC 8446 4.4.2 / RFC 5246 7.4.2: the sender's (end-entity) certificate MUST come first.
// A bundle whose first certificate is a CA (basicConstraints cA TRUE) while a later one
// is not was most likely written in reverse (intermediate first, then the leaf), which
// makes certchain verify the CA as if it were the leaf.
fn leaf_not_first(presented: &[SourcedCert]) -> Option<Finding> {
    let first = presented.first()?;
    if !first.cert.is_ca() {
        return None;
    }
    let (leaf, leaf_cert) = presented
        .iter()
        .enumerate()
        .find(|(_, c)| !c.cert.is_ca())?;
    Some(Finding::chain(
        Code::ChainOutOfOrder,
        "RFC 8446 4.4.2",
        Details::LeafNotFirst {
            first: first.cert.short_name(),
            leaf_position: leaf.saturating_add(1),
            leaf: leaf_cert.cert.short_name(),
        },
    ))
}
