//! `--fetch-missing`: the issuer a path lacks, from the caIssuers URL of the certificate
//! the path stopped at (RFC 5280 4.2.2.1: "a certs-only CMS message", a DER certificate,
//! or, as CAs serve them, PEM). The loader ([`crate::read_certificates`]) reads the
//! answer, and the path is built again with what it gave, up to [`MAX_AIA_FETCHES`].

use super::{Run, MAX_AIA_FETCHES};
use crate::input::{read_certificates, SourceKind, SourcedCert};
use crate::policy::ExpectedName;
use crate::report::details::Details;
use crate::report::fetch::{Fetch, FetchKind};
use crate::report::finding::{Code, Finding};
use crate::report::{Report, Role};
use crate::verifier::Verifier;
use std::collections::HashSet;
use std::time::Instant;

/// Most certificates of one answer named in the fetch list; the rest are counted. A
/// caIssuers URL serves one certificate, or a few in a PKCS#7 bundle; a hostile bundle
/// of thousands still gives one short line.
pub const MAX_NAMED_PER_FETCH: usize = 5;

/// The clause a caIssuers fetch failure cites.
const CLAUSE: &str = "RFC 5280 4.2.2.1";

/// A certificate fetched and added to the extra intermediates: where it came from and
/// which certificate's URL it was.
pub(super) struct Fetched {
    sha256: String,
    url: String,
    named_by: String,
}

/// The certificate the path stopped at for want of an issuer, if it did: the last of a
/// path that reached no anchor, with `issuer_not_found` on it.
fn stopped_at(report: &Report) -> Option<usize> {
    if report.reached_anchor {
        return None;
    }
    let top = report.path.last()?;
    report
        .findings
        .iter()
        .any(|f| f.code == Code::IssuerNotFound && f.depth == Some(top.depth))
        .then_some(top.depth)
}

/// Fetch missing issuers and build again until the path reaches an anchor, the
/// certificate it stops at names no caIssuers URL not yet asked, or the bound is hit.
/// Returns the last report and the certificates fetched.
pub(super) fn fetch_missing(
    run: &mut Run,
    verifier: &Verifier,
    presented: &[SourcedCert],
    extra: &mut Vec<SourcedCert>,
    name: Option<&ExpectedName>,
    mut report: Report,
) -> (Report, Vec<Fetched>) {
    let mut known: HashSet<String> = presented
        .iter()
        .chain(extra.iter())
        .map(|c| c.cert.sha256.clone())
        .collect();
    let mut asked: HashSet<String> = HashSet::new();
    let mut fetched = Vec::new();
    let mut count = 0;
    while let Some(depth) = stopped_at(&report) {
        let Some(entry) = report.path.get(depth) else {
            break;
        };
        let named_by = format!("[{depth}] {}", entry.cert.short_name());
        let Some(url) = entry
            .cert
            .ca_issuers
            .iter()
            .find(|u| !asked.contains(*u))
            .cloned()
        else {
            break;
        };
        asked.insert(url.clone());
        if count == MAX_AIA_FETCHES {
            let err = super::http::FetchError::TooManyFetches {
                url,
                limit: MAX_AIA_FETCHES,
            };
            run.fail(
                depth,
                CLAUSE,
                Fetch::unanswered(FetchKind::CaIssuers, Some(depth), &err, 0.0),
            );
            break;
        }
        count = count.saturating_add(1);
        let start = Instant::now();
        let got = run.get(&url);
        let Some(answer) = run.usable(got, start, FetchKind::CaIssuers, depth, CLAUSE) else {
            continue;
        };
        let certs = match read_certificates(&url, &answer.body, SourceKind::Intermediates) {
            Ok(loaded) if !loaded.certs.is_empty() => loaded.certs,
            Ok(_) => {
                let outcome = "no certificate in the answer".to_string();
                run.fail(
                    depth,
                    CLAUSE,
                    Fetch::answered(FetchKind::CaIssuers, Some(depth), &answer, outcome, true),
                );
                continue;
            }
            Err(e) => {
                let why = e.to_string();
                let why = why
                    .strip_prefix(&format!("{url}: "))
                    .map_or(why.clone(), str::to_string);
                // The loader's "not a certificate file (tried ...)" says it already.
                let outcome = if why.starts_with("not a certificate") {
                    why
                } else {
                    format!("not a certificate: {why}")
                };
                run.fail(
                    depth,
                    CLAUSE,
                    Fetch::answered(FetchKind::CaIssuers, Some(depth), &answer, outcome, true),
                );
                continue;
            }
        };
        let (new, old): (Vec<SourcedCert>, Vec<SourcedCert>) = certs
            .into_iter()
            .partition(|c| !known.contains(&c.cert.sha256));
        let mut said: Vec<String> = new
            .iter()
            .map(|c| c.cert.short_name())
            .chain(
                old.iter()
                    .map(|c| format!("{} (already known)", c.cert.short_name())),
            )
            .take(MAX_NAMED_PER_FETCH)
            .collect();
        let total = new.len().saturating_add(old.len());
        if total > MAX_NAMED_PER_FETCH {
            said.push(format!(
                "and {} more",
                total.saturating_sub(MAX_NAMED_PER_FETCH)
            ));
        }
        let outcome = format!(
            "{total} certificate{}: {}",
            if total == 1 { "" } else { "s" },
            said.join(", ")
        );
        if new.is_empty() {
            let outcome = format!("{outcome}; nothing new to build with");
            run.fail(
                depth,
                CLAUSE,
                Fetch::answered(FetchKind::CaIssuers, Some(depth), &answer, outcome, true),
            );
            continue;
        }
        run.fetches.push(Fetch::answered(
            FetchKind::CaIssuers,
            Some(depth),
            &answer,
            outcome,
            false,
        ));
        for c in new {
            known.insert(c.cert.sha256.clone());
            fetched.push(Fetched {
                sha256: c.cert.sha256.clone(),
                url: url.clone(),
                named_by: named_by.clone(),
            });
            extra.push(c);
        }
        report = verifier.verify(presented, extra, name);
    }
    (report, fetched)
}

/// `missing_intermediate_fetched` on every certificate of the final path that was
/// fetched: the chain served lacks it. (A fetched copy of a trust anchor is not needed:
/// the anchor is in the store.)
pub(super) fn needed_findings(report: &Report, fetched: &[Fetched]) -> Vec<Finding> {
    report
        .path
        .iter()
        .filter(|e| e.role != Role::Anchor)
        .filter_map(|e| {
            let f = fetched.iter().find(|f| f.sha256 == e.sha256)?;
            Some(Finding::at(
                e.depth,
                Code::MissingIntermediateFetched,
                "RFC 8446 4.4.2",
                Details::MissingIntermediateFetched {
                    certificate: e.cert.short_name(),
                    sha256: e.sha256.clone(),
                    url: f.url.clone(),
                    named_by: f.named_by.clone(),
                },
            ))
        })
        .collect()
}
