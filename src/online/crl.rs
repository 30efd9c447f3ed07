//! `--fetch-crls`: the CRLs the path's certificates name in cRLDistributionPoints (RFC
//! 5280 4.2.1.13), fetched over `http://` once per URL in a run, parsed as `--crl` files
//! are ([`Crl::parse_all`]), and given to the CRL checks (`checks::revocation`), which
//! validate each against the issuer in the path as they do a file's.

use super::http::FetchError;
use super::{Run, MAX_CRL_FETCHES};
use crate::model::crl::{Crl, CrlOrigin};
use crate::model::time::rfc3339;
use crate::report::fetch::{Fetch, FetchKind};
use crate::report::Report;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

/// The clause a CRL fetch failure cites.
const CLAUSE: &str = "RFC 5280 4.2.1.13";

/// Fetch the CRLs of every certificate of the path that has its issuer above it in the
/// path (so not the anchor): for each, its distribution points in order until one gives
/// a CRL. A URL already fetched in this
/// run is not fetched again.
pub(super) fn fetch_crls(run: &mut Run, report: &Report) -> Vec<Arc<Crl>> {
    // Every URL asked in this run: what it gave, or None when it failed.
    let mut cache: HashMap<String, Option<Vec<Arc<Crl>>>> = HashMap::new();
    let mut out: Vec<Arc<Crl>> = Vec::new();
    let mut count = 0;
    for e in &report.path {
        // The trust anchor (or a leaf that is itself one) is never checked; the top of a
        // path that reached no anchor has no issuer to verify a CRL with (RFC 5280 6.3.3
        // (f), (g)), so its CRL is not fetched.
        if e.depth.checked_add(1) == Some(report.path.len()) {
            break;
        }
        let depth = e.depth;
        for url in &e.cert.crl_urls {
            match cache.get(url) {
                Some(Some(_)) => break,
                Some(None) => {
                    let err = FetchError::Repeated { url: url.clone() };
                    run.fail(
                        depth,
                        CLAUSE,
                        Fetch::unanswered(FetchKind::Crl, Some(depth), &err, 0.0),
                    );
                    continue;
                }
                None => {}
            }
            let start = Instant::now();
            let got = if count == MAX_CRL_FETCHES {
                Err(FetchError::TooManyFetches {
                    url: url.clone(),
                    limit: MAX_CRL_FETCHES,
                })
            } else {
                if url
                    .get(..7)
                    .is_some_and(|s| s.eq_ignore_ascii_case("http://"))
                {
                    count = count.saturating_add(1);
                }
                run.get(url)
            };
            cache.insert(url.clone(), None);
            let Some(answer) = run.usable(got, start, FetchKind::Crl, depth, CLAUSE) else {
                continue;
            };
            match Crl::parse_all(url, &answer.body) {
                Ok(crls) if !crls.is_empty() => {
                    let crls: Vec<Arc<Crl>> = crls
                        .into_iter()
                        .map(|mut c| {
                            c.source = url.clone();
                            c.origin = CrlOrigin::Fetched { url: url.clone() };
                            Arc::new(c)
                        })
                        .collect();
                    let outcome = crls
                        .iter()
                        .map(|c| describe(c))
                        .collect::<Vec<_>>()
                        .join("; ");
                    run.fetches.push(Fetch::answered(
                        FetchKind::Crl,
                        Some(depth),
                        &answer,
                        outcome,
                        false,
                    ));
                    out.extend(crls.iter().cloned());
                    cache.insert(url.clone(), Some(crls));
                    break;
                }
                Ok(_) => {
                    let outcome = "no CRL in the answer".to_string();
                    run.fail(
                        depth,
                        CLAUSE,
                        Fetch::answered(FetchKind::Crl, Some(depth), &answer, outcome, true),
                    );
                }
                Err(err) => {
                    let why = err.to_string();
                    let why = why
                        .strip_prefix(&format!("{url}: "))
                        .map_or(why.clone(), str::to_string);
                    let outcome = format!("not a CRL: {why}");
                    run.fail(
                        depth,
                        CLAUSE,
                        Fetch::answered(FetchKind::Crl, Some(depth), &answer, outcome, true),
                    );
                }
            }
        }
    }
    out
}

/// "CRL of CN=Example CA, 1 revoked, next update 2026-07-01T00:00:00Z".
fn describe(c: &Crl) -> String {
    let next = c
        .next_update
        .map(|n| format!(", next update {}", rfc3339(n)))
        .unwrap_or_default();
    format!(
        "CRL of {}, {} revoked{next}",
        c.issuer.text,
        c.revoked.len()
    )
}
