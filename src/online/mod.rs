//! Online checks, off unless asked (feature `online`): [`verify`] wraps
//! [`Verifier::verify`](crate::Verifier::verify), which never touches the network.
//! When the path stops at a certificate whose issuer is missing and that names a
//! caIssuers `http://` URL, the issuer is fetched and the path built again
//! (`--fetch-missing`); the CRLs the path's certificates name in cRLDistributionPoints
//! are fetched and checked like `--crl` files (`--fetch-crls`); the OCSP responder
//! each certificate names is asked about it ([`ocsp`], `--ocsp`). Every request made is
//! listed in [`Report::fetches`]; a request that gives nothing usable is the warning
//! `fetch_failed` and the rest of the report stands. Each request is bounded by
//! [`http::HttpLimits`], and the run by [`OnlineOptions::total_time`],
//! [`MAX_AIA_FETCHES`] and [`MAX_CRL_FETCHES`].

mod aia;
mod crl;
pub mod http;
pub mod ocsp;

pub use crate::report::fetch::{Fetch, FetchKind};
pub use aia::MAX_NAMED_PER_FETCH;

use crate::input::SourcedCert;
use crate::policy::ExpectedName;
use crate::report::details::Details;
use crate::report::finding::{Code, Finding};
use crate::report::Report;
use crate::verifier::{Notes, Verifier};
use http::{FetchError, HttpAnswer, HttpLimits};
use std::time::{Duration, Instant};

/// Most caIssuers fetches in one run. Web PKI paths have one to three intermediates, and
/// a server that sends none needs at most that many; 5 covers deep private hierarchies
/// and stops a chain of URLs that never reaches a root.
pub const MAX_AIA_FETCHES: usize = 5;

/// Most CRL fetches in one run: one per distribution point of each certificate below the
/// anchor, the same URL fetched once. Paths have under 5 such certificates, each with 1
/// or 2 HTTP distribution points; 10 covers that.
pub const MAX_CRL_FETCHES: usize = 10;

/// The time all the fetches of one run may take together when no other bound is given:
/// three requests at their full [`http::DEFAULT_FETCH_TIMEOUT`]. A run with more to
/// fetch from slow servers ends its fetching there, and says so, rather than keep a
/// person waiting.
pub const DEFAULT_FETCH_TOTAL_TIME: Duration = Duration::from_secs(30);

/// What to fetch, and the bounds.
///
/// ```
/// use certchain::online::OnlineOptions;
///
/// let options = OnlineOptions { fetch_missing: true, ..OnlineOptions::default() };
/// assert!(!options.fetch_crls);
/// assert_eq!(options.total_time, certchain::limits::DEFAULT_FETCH_TOTAL_TIME);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OnlineOptions {
    /// Fetch a missing issuer from the caIssuers URL of the certificate the path stopped
    /// at, and build again (RFC 5280 4.2.2.1).
    pub fetch_missing: bool,
    /// Fetch the CRLs named in the cRLDistributionPoints (RFC 5280 4.2.1.13) of the
    /// path's certificates whose issuer is in the path, and check the path against them.
    pub fetch_crls: bool,
    /// Ask the OCSP responder each certificate of the path names (authorityInfoAccess
    /// id-ad-ocsp) about it, and judge the answers (RFC 6960; [`ocsp::query_path`]).
    pub ocsp: bool,
    /// The bounds on each request.
    pub limits: HttpLimits,
    /// The time all the requests of the run may take together.
    pub total_time: Duration,
}

impl Default for OnlineOptions {
    fn default() -> Self {
        OnlineOptions {
            fetch_missing: false,
            fetch_crls: false,
            ocsp: false,
            limits: HttpLimits::default(),
            total_time: DEFAULT_FETCH_TOTAL_TIME,
        }
    }
}

/// [`Verifier::verify`], then the online steps `options` asks for, and the report of
/// the final verification, with every fetch listed. With nothing asked it is
/// `Verifier::verify` exactly, and no request is made.
///
/// ```
/// use certchain::online::{verify, OnlineOptions};
/// use certchain::{CheckTime, Policy, SourceKind, TrustStore, Verifier};
///
/// let mut store = TrustStore::new();
/// store.add_pem("roots.pem", include_bytes!("../../fixtures/valid-rsa/roots.pem")).unwrap();
/// let chain = certchain::parse_certificates(
///     "chain.pem", include_bytes!("../../fixtures/valid-rsa/chain.pem"), SourceKind::Presented,
/// ).unwrap();
/// let policy = Policy { time: CheckTime::At(1_780_000_000), ..Policy::default() };
/// let verifier = Verifier::new(store, policy);
/// // The chain is complete and names no CRL: nothing is fetched.
/// let options = OnlineOptions { fetch_missing: true, fetch_crls: true, ..OnlineOptions::default() };
/// let report = verify(&verifier, &chain, &[], None, &options);
/// assert!(report.is_valid());
/// assert!(report.fetches.is_empty());
/// ```
pub fn verify(
    verifier: &Verifier,
    presented: &[SourcedCert],
    extra: &[SourcedCert],
    name: Option<&ExpectedName>,
    options: &OnlineOptions,
) -> Report {
    let mut run = Run::new(options);
    let mut extra = extra.to_vec();
    let mut report = verifier.verify(presented, &extra, name);
    let mut missing = Vec::new();
    if options.fetch_missing {
        let fetched = aia::fetch_missing(&mut run, verifier, presented, &mut extra, name, report);
        report = fetched.0;
        missing = fetched.1;
    }
    let mut crl_verifier = None;
    if options.fetch_crls {
        let crls = crl::fetch_crls(&mut run, &report);
        if !crls.is_empty() {
            let v = verifier.with_more_crls(&crls);
            report = v.verify(presented, &extra, name);
            crl_verifier = Some(v);
        }
    }
    let mut ocsp_verifier = None;
    if options.ocsp {
        // The responders are asked about the path found so far, within what is left of
        // the run's time; the answers join the policy, and revocation is asked for, so a
        // certificate no answer covers is said to be unchecked.
        let left = run.total.saturating_sub(run.start.elapsed());
        let limits = HttpLimits {
            timeout: run.limits.timeout.min(left),
            ..run.limits
        };
        let asked = ocsp::query_path(&report, &limits);
        run.fetches.extend(asked.fetches);
        let base = crl_verifier.as_ref().unwrap_or(verifier);
        let mut policy = base.policy().clone();
        policy.ocsp_responses.extend(asked.responses);
        policy.revocation_asked = true;
        ocsp_verifier = Some(base.with_policy(policy));
    }
    if run.fetches.is_empty() && ocsp_verifier.is_none() {
        return report;
    }
    run.findings.extend(aia::needed_findings(&report, &missing));
    let notes = Notes {
        fetches: run.fetches,
        findings: run.findings,
    };
    ocsp_verifier
        .as_ref()
        .or(crl_verifier.as_ref())
        .unwrap_or(verifier)
        .verify_noting(presented, &extra, name, notes)
}

/// One run's fetching: the bounds, the time spent, and the records.
struct Run {
    limits: HttpLimits,
    start: Instant,
    total: Duration,
    fetches: Vec<Fetch>,
    findings: Vec<Finding>,
}

impl Run {
    fn new(options: &OnlineOptions) -> Run {
        Run {
            limits: options.limits,
            start: Instant::now(),
            total: options.total_time,
            fetches: Vec::new(),
            findings: Vec::new(),
        }
    }

    /// `GET url` within the request bounds and what is left of the run's time.
    fn get(&self, url: &str) -> Result<HttpAnswer, FetchError> {
        let left = self.total.saturating_sub(self.start.elapsed());
        if left.is_zero() {
            return Err(FetchError::OutOfTime {
                url: url.into(),
                limit: self.total,
            });
        }
        let limits = HttpLimits {
            timeout: self.limits.timeout.min(left),
            ..self.limits
        };
        http::get(url, &limits)
    }
}

impl Run {
    /// Record a fetch that gave nothing usable, and the warning `fetch_failed` on the
    /// certificate at `depth` that named the URL.
    fn fail(&mut self, depth: usize, clause: &'static str, fetch: Fetch) {
        self.findings.push(Finding::at(
            depth,
            Code::FetchFailed,
            clause,
            Details::FetchFailed {
                kind: fetch.kind,
                url: fetch.url.clone(),
                reason: fetch.outcome.clone(),
            },
        ));
        self.fetches.push(fetch);
    }

    /// The answer to use, or `None` after recording why there is none: no answer
    /// (`got` is an error, `start` is when the request began) or a status other than 2xx.
    fn usable(
        &mut self,
        got: Result<HttpAnswer, FetchError>,
        start: Instant,
        kind: FetchKind,
        depth: usize,
        clause: &'static str,
    ) -> Option<HttpAnswer> {
        let answer = match got {
            Ok(a) => a,
            Err(e) => {
                let ms = http::millis_since(start);
                self.fail(depth, clause, Fetch::unanswered(kind, Some(depth), &e, ms));
                return None;
            }
        };
        if !success(&answer) {
            let outcome = format!("HTTP {}: nothing used", answer.status);
            self.fail(
                depth,
                clause,
                Fetch::answered(kind, Some(depth), &answer, outcome, true),
            );
            return None;
        }
        Some(answer)
    }
}

/// Whether an answer's status is a success (2xx).
fn success(answer: &HttpAnswer) -> bool {
    (200..300).contains(&answer.status)
}
