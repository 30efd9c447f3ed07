//! OCSP over HTTP (RFC 6960 A.1): ask the responder each certificate of the path names
//! in its authorityInfoAccess about it, with a nonce; [`super::verify`] then verifies
//! again with the answers ([`super::OnlineOptions::ocsp`]). Every query, answered or
//! not, is a [`Fetch`] of the report; an answer is used only when the checks of
//! `checks/ocsp.rs` accept it.
//!
//! ```
//! use certchain::online::{verify, OnlineOptions};
//! use certchain::{CheckTime, Code, Policy, RevocationStatus, SourceKind, TrustStore, Verifier};
//!
//! let mut store = TrustStore::new();
//! store.add_pem("roots.pem", include_bytes!("../../fixtures/valid-rsa/roots.pem")).unwrap();
//! let chain = certchain::parse_certificates(
//!     "chain.pem", include_bytes!("../../fixtures/valid-rsa/chain.pem"), SourceKind::Presented,
//! ).unwrap();
//! let policy = Policy { time: CheckTime::At(1_780_000_000), ..Policy::default() };
//! let verifier = Verifier::new(store, policy);
//! // These certificates name no OCSP responder: nobody is asked, and the report says
//! // that revocation was not checked.
//! let options = OnlineOptions { ocsp: true, ..OnlineOptions::default() };
//! let report = verify(&verifier, &chain, &[], None, &options);
//! assert!(report.fetches.is_empty());
//! assert_eq!(report.path[0].revocation, RevocationStatus::NotChecked);
//! assert_eq!(report.codes(), [(Some(0), Code::RevocationUnknown), (Some(1), Code::RevocationUnknown)]);
//! ```

use super::http::{self, millis_since, FetchError, HttpLimits};
use crate::model::ocsp::{request_der, OcspOrigin, OcspResponse, OCSP_NONCE_LEN};
use crate::report::fetch::{Fetch, FetchKind};
use crate::report::{Report, Role};
use base64::Engine as _;
use ring::rand::SecureRandom as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Most OCSP queries of one verification: one per certificate of the path below the
/// anchor, so the default depth limit (10 intermediates) plus the leaf, with room to
/// spare; a deeper path's upper certificates are not asked about.
pub const MAX_OCSP_QUERIES: usize = 16;

/// The time all OCSP queries of one verification may take together: a few responders
/// each within their own timeout, and never a command that hangs for minutes.
pub const OCSP_TOTAL_TIME: Duration = Duration::from_secs(30);

/// Most bytes read from one OCSP answer. A response with a delegated responder's
/// certificates (at most [`crate::limits::MAX_OCSP_RESPONSE_CERTS`]) is a few KB;
/// 256 KiB leaves room for any real one and bounds a hostile endless body.
pub const MAX_OCSP_ANSWER_BYTES: usize = 256 * 1024;

/// Requests whose URL-encoded base64 is shorter than this go as a GET (RFC 5019 5:
/// "less than 255 bytes"), which caches can answer; longer ones as a POST.
pub const OCSP_GET_MAX: usize = 255;

/// The queries made for one path: the answers (each about the certificate asked for),
/// and the record of every request.
#[derive(Debug, Default)]
pub struct OcspQueries {
    /// The responses, fetched ones and the record of queries that got none.
    pub responses: Vec<Arc<OcspResponse>>,
    /// Every request made, in order.
    pub fetches: Vec<Fetch>,
}

/// RFC 6960 A.1 (GET): the base64 of the DER request, URL-encoded, after the
/// responder's URL and a `/`.
fn get_url(responder: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let encoded = b64
        .replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D");
    let sep = if responder.ends_with('/') { "" } else { "/" };
    format!("{responder}{sep}{encoded}")
}

/// How to send `der` to `responder` (RFC 6960 A.1, RFC 5019 5): `GET` with its URL
/// when the URL-encoded base64 is under [`OCSP_GET_MAX`] bytes, else `POST`.
fn method(responder: &str, der: &[u8]) -> (&'static str, String) {
    let get = get_url(responder, der);
    if get.len().saturating_sub(responder.len()) < OCSP_GET_MAX {
        ("GET", get)
    } else {
        ("POST", get)
    }
}

/// What a query's answer is, in the words of the fetch list.
fn outcome(resp: &OcspResponse) -> (String, bool) {
    match resp.status() {
        "successful" => ("an OCSP response (judged in the report)".into(), false),
        "unreadable" => ("not an OCSP response".into(), true),
        other => (format!("the OCSP error {other}"), true),
    }
}

/// Ask the responders about the certificates of `report`'s path below its trust
/// anchor: for each one with an `http://` OCSP URL and its issuer on the path, one
/// query (the first such URL) with a fresh [`OCSP_NONCE_LEN`]-byte nonce, within
/// `limits` (the answer's size at most [`MAX_OCSP_ANSWER_BYTES`]), [`MAX_OCSP_QUERIES`]
/// and [`OCSP_TOTAL_TIME`].
///
/// ```
/// use certchain::online::{http::HttpLimits, ocsp::query_path};
/// use certchain::{Policy, TrustStore, Verifier};
///
/// // An empty report asks nobody.
/// let report = Verifier::new(TrustStore::new(), Policy::default()).verify(&[], &[], None);
/// let asked = query_path(&report, &HttpLimits::default());
/// assert!(asked.responses.is_empty() && asked.fetches.is_empty());
/// ```
pub fn query_path(report: &Report, limits: &HttpLimits) -> OcspQueries {
    let start = Instant::now();
    let rng = ring::rand::SystemRandom::new();
    let mut out = OcspQueries::default();
    let pairs = report.path.iter().zip(report.path.iter().skip(1));
    for (entry, issuer) in pairs.take(MAX_OCSP_QUERIES) {
        if entry.role == Role::Anchor {
            break;
        }
        let cert = &entry.cert;
        // RFC 6960 A.1: OCSP over HTTP; certchain asks no https:// or ldap:// responder.
        let Some(url) = cert.ocsp_urls.iter().find(|u| u.starts_with("http://")) else {
            continue;
        };
        let mut nonce = [0u8; OCSP_NONCE_LEN];
        let nonce = rng.fill(&mut nonce).ok().map(|()| nonce);
        let der = match request_der(cert, &issuer.cert, nonce.as_ref().map(|n| n.as_slice())) {
            Ok(d) => d,
            Err(why) => {
                out.responses.push(Arc::new(OcspResponse::unanswered(
                    url,
                    &cert.sha256,
                    format!("no request could be made: {why}"),
                )));
                continue;
            }
        };
        let left = OCSP_TOTAL_TIME.saturating_sub(start.elapsed());
        let bounded = HttpLimits {
            timeout: limits.timeout.min(left),
            max_bytes: limits.max_bytes.min(MAX_OCSP_ANSWER_BYTES),
            max_redirects: limits.max_redirects,
        };
        let asked_at = Instant::now();
        let (method, get) = method(url, &der);
        let answer = match (left.is_zero(), method) {
            (true, _) => Err(FetchError::OutOfTime {
                url: url.clone(),
                limit: OCSP_TOTAL_TIME,
            }),
            (false, "GET") => http::get(&get, &bounded),
            (false, _) => http::post(url, "application/ocsp-request", &der, &bounded),
        };
        let depth = Some(entry.depth);
        match answer {
            Ok(a) if a.status == 200 => {
                let resp = OcspResponse::received(
                    url,
                    OcspOrigin::Fetched,
                    &a.body,
                    Some(&cert.sha256),
                    nonce.as_ref().map(|n| n.as_slice()),
                );
                let (said, failed) = outcome(&resp);
                let mut fetch = Fetch::answered(
                    FetchKind::Ocsp,
                    depth,
                    &a,
                    format!("{method}: {said}"),
                    failed,
                );
                // the responder, not the request encoded in a GET's path
                fetch.url.clone_from(url);
                out.fetches.push(fetch);
                out.responses.push(Arc::new(resp));
            }
            Ok(a) => {
                let why = format!("HTTP status {}", a.status);
                let mut fetch = Fetch::answered(
                    FetchKind::Ocsp,
                    depth,
                    &a,
                    format!("{method}: no OCSP response: {why}"),
                    true,
                );
                fetch.url.clone_from(url);
                out.fetches.push(fetch);
                out.responses
                    .push(Arc::new(OcspResponse::unanswered(url, &cert.sha256, why)));
            }
            Err(e) => {
                let mut fetch =
                    Fetch::unanswered(FetchKind::Ocsp, depth, &e, millis_since(asked_at));
                fetch.url.clone_from(url);
                fetch.outcome = format!("{method}: {}", fetch.outcome);
                out.fetches.push(fetch);
                out.responses.push(Arc::new(OcspResponse::unanswered(
                    url,
                    &cert.sha256,
                    e.reason(),
                )));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_requests_go_as_a_get_and_large_ones_as_a_post() {
        // 180 bytes are 240 base64 characters (+ the slash): a GET; 190 are 256: a POST.
        assert_eq!(method("http://r.test", &[0x41; 180]).0, "GET");
        assert_eq!(method("http://r.test", &[0x41; 190]).0, "POST");
        // '+', '/' and '=' count three bytes each once URL-encoded.
        assert_eq!(method("http://r.test", &[0xfb; 120]).0, "POST");
    }

    #[test]
    fn a_get_url_is_the_url_encoded_base64_after_a_slash() {
        assert_eq!(
            get_url("http://r.test", &[0xfb, 0xff]),
            "http://r.test/%2B%2F8%3D"
        );
        assert_eq!(
            get_url("http://r.test/ocsp/", &[0]),
            "http://r.test/ocsp/AA%3D%3D"
        );
    }
}
