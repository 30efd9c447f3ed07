//! The chain as the server sent it, compared with the path that was built (RFC 8446
//! 4.4.2 and RFC 5246 7.4.2: the leaf first, each following certificate certifying the
//! one before it; the root may be omitted).

use crate::input::SourcedCert;
use crate::report::finding::{Code, Finding};
use crate::store::TrustStore;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Most positions listed in one `duplicate_certificate` message; runs of consecutive
/// positions count as one ("#2-#1000"). A handful is enough to find the copies in the
/// file, and a hostile bundle of thousands of copies still gives one short line.
pub const MAX_POSITIONS_LISTED: usize = 6;

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
    // RFC 8446 4.4.2: each certificate is sent once; one finding per certificate sent
    // again, however many times.
    for (first, positions) in &copies {
        out.push(Finding::chain(
            Code::DuplicateCertificate,
            "RFC 8446 4.4.2",
            format!(
                "certificate {} is sent {} times, as {}",
                label(*first),
                positions.len(),
                abbreviate(positions)
            ),
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

// RFC 8446 4.4.2 / RFC 5246 7.4.2: the sender's (end-entity) certificate MUST come first.
// A bundle whose first certificate is a CA (basicConstraints cA TRUE) while a later one
// is not was most likely written in reverse (intermediate first, then the leaf), which
// makes certchain verify the CA as if it were the leaf.
fn leaf_not_first(presented: &[SourcedCert]) -> Option<Finding> {
    let first = presented.first()?;
    if !first.cert.is_ca() {
        return None;
    }
    let leaf = presented.iter().position(|c| !c.cert.is_ca())?;
    Some(Finding::chain(
        Code::ChainOutOfOrder,
        "RFC 8446 4.4.2",
        format!(
            "certificate #1 ({}) is a CA certificate (basicConstraints cA TRUE), yet it is verified as the leaf because it comes first; the end-entity certificate #{} ({}) appears later in the file: put the leaf first, then its issuer, and so on up",
            first.cert.short_name(),
            leaf + 1,
            presented[leaf].cert.short_name()
        ),
    ))
}

/// Positions (0-based, ascending) as "#2, #5-#9, #12 and 3 more": runs of consecutive
/// positions as ranges, at most [`MAX_POSITIONS_LISTED`] items.
fn abbreviate(positions: &[usize]) -> String {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &p in positions {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == p => *end = p,
            _ => runs.push((p, p)),
        }
    }
    let shown: Vec<String> = runs
        .iter()
        .take(MAX_POSITIONS_LISTED)
        .map(|&(a, b)| {
            if a == b {
                format!("#{}", a + 1)
            } else {
                format!("#{}-#{}", a + 1, b + 1)
            }
        })
        .collect();
    let hidden: usize = runs
        .iter()
        .skip(MAX_POSITIONS_LISTED)
        .map(|(a, b)| b - a + 1)
        .sum();
    let mut text = shown.join(", ");
    if hidden > 0 {
        text.push_str(&format!(
            " and {hidden} more position{}",
            if hidden == 1 { "" } else { "s" }
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::abbreviate;

    #[test]
    fn positions_are_listed_as_runs_and_cut_short() {
        assert_eq!(abbreviate(&[1, 2]), "#2-#3");
        assert_eq!(abbreviate(&[1, 3]), "#2, #4");
        assert_eq!(abbreviate(&(1..1000).collect::<Vec<_>>()), "#2-#1000");
        let scattered: Vec<usize> = (0..20).map(|i| i * 2).collect();
        assert_eq!(
            abbreviate(&scattered),
            "#1, #3, #5, #7, #9, #11 and 14 more positions"
        );
    }
}
