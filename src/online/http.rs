//! Bounded HTTP for the online checks: one `GET` or `POST` to an `http://` URL, with
//! a time limit on the whole request (connection, redirects and body), a size limit on
//! the answer and a limit on redirects ([`HttpLimits`]). The answer comes back whatever
//! its status; what went wrong otherwise is a [`FetchError`] naming the URL.
//!
//! Only `http://`: RFC 5280 4.2.1.13 and 4.2.2.1 name HTTP (and LDAP) URLs for CRLs and
//! caIssuers, and fetching them over TLS would need the very certificates being checked.
//! The objects fetched are signed, so a plain-text transport changes nothing certchain
//! accepts.

use crate::report::fetch::{Fetch, FetchKind};
use std::time::{Duration, Instant};

/// The time one request may take, from the connection to the last byte of the answer,
/// redirects included, when no other limit is given. CAs serve caIssuers and CRLs from
/// CDNs in well under a second; 10 s leaves room for a slow link and stays short
/// enough for a person waiting at a terminal.
pub const DEFAULT_FETCH_TIMEOUT: Duration = Duration::from_secs(10);

/// Largest answer read. A certificate or an OCSP response is a few kilobytes; the
/// largest public CRLs are some megabytes. 16 MiB covers those, and matches what
/// certchain reads from a file ([`crate::limits::MAX_INPUT_BYTES`]).
pub const MAX_FETCH_BYTES: usize = 16 * 1024 * 1024;

/// Most redirects followed for one request. CDNs redirect once or twice; 5 is what
/// browsers' fetches of AIA allow in practice and stops a redirect loop early.
pub const MAX_FETCH_REDIRECTS: u32 = 5;

/// The bounds on one request.
///
/// ```
/// use certchain::online::http::HttpLimits;
/// use std::time::Duration;
///
/// let limits = HttpLimits { timeout: Duration::from_millis(500), ..HttpLimits::default() };
/// assert_eq!(limits.max_bytes, certchain::limits::MAX_FETCH_BYTES);
/// assert_eq!(limits.max_redirects, certchain::limits::MAX_FETCH_REDIRECTS);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HttpLimits {
    /// The whole request: connection, sending, redirects, the answer's last byte.
    pub timeout: Duration,
    /// Most bytes of the answer's body read; more is [`FetchError::TooLarge`].
    pub max_bytes: usize,
    /// Most redirects followed; more is [`FetchError::TooManyRedirects`].
    pub max_redirects: u32,
}

impl Default for HttpLimits {
    fn default() -> Self {
        HttpLimits {
            timeout: DEFAULT_FETCH_TIMEOUT,
            max_bytes: MAX_FETCH_BYTES,
            max_redirects: MAX_FETCH_REDIRECTS,
        }
    }
}

/// An HTTP answer, whatever its status.
///
/// ```no_run
/// use certchain::online::http::{get, HttpLimits};
///
/// let answer = get("http://127.0.0.1:8080/int.der", &HttpLimits::default()).unwrap();
/// println!("{} {} bytes in {:.1} ms", answer.status, answer.body.len(), answer.elapsed_ms);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct HttpAnswer {
    /// The URL asked (before redirects).
    pub url: String,
    /// The HTTP status of the final answer.
    pub status: u16,
    /// The body, at most [`HttpLimits::max_bytes`].
    pub body: Vec<u8>,
    /// The Content-Type header, if any.
    pub content_type: Option<String>,
    /// Milliseconds from the request to the body's last byte.
    pub elapsed_ms: f64,
}

/// Why a request gave no answer. Each message is one line naming the URL.
///
/// ```
/// use certchain::online::http::{get, FetchError, HttpLimits};
///
/// let err = get("https://example.com/int.der", &HttpLimits::default()).unwrap_err();
/// assert!(matches!(err, FetchError::NotHttp { .. }));
/// assert_eq!(err.to_string(), "https://example.com/int.der: not an http:// URL; certchain fetches only http://");
/// assert_eq!(err.url(), "https://example.com/int.der");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// The URL is not `http://` (https, ldap, file, ...).
    #[error("{url}: not an http:// URL; certchain fetches only http://")]
    NotHttp {
        /// The URL.
        url: String,
    },
    /// The URL does not parse.
    #[error("{url}: not a valid URL ({reason})")]
    BadUrl {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// The time limit passed before the answer's last byte.
    #[error("{url}: no complete answer within {} ms (timed out)", limit.as_millis())]
    Timeout {
        /// The URL.
        url: String,
        /// The limit in force.
        limit: Duration,
    },
    /// The answer is larger than the size limit.
    #[error("{url}: the answer is larger than {limit} bytes (the size bound); not read further")]
    TooLarge {
        /// The URL.
        url: String,
        /// The limit in force.
        limit: usize,
    },
    /// More redirects than the limit.
    #[error("{url}: more than {limit} redirects (a redirect loop?)")]
    TooManyRedirects {
        /// The URL.
        url: String,
        /// The limit in force.
        limit: u32,
    },
    /// No connection could be made (refused, unreachable, name not found).
    #[error("{url}: cannot connect ({reason})")]
    Connection {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// The server's answer is not valid HTTP, or the exchange broke off.
    #[error("{url}: {reason}")]
    Protocol {
        /// The URL.
        url: String,
        /// What went wrong.
        reason: String,
    },
    /// The run's bound on the number of fetches of this kind was reached first.
    #[error("{url}: not fetched: {limit} fetches of this kind were already made in this run (the bound)")]
    TooManyFetches {
        /// The URL.
        url: String,
        /// The bound.
        limit: usize,
    },
    /// The URL failed earlier in this run, and is not asked again.
    #[error("{url}: not fetched again: it gave nothing usable earlier in this run")]
    Repeated {
        /// The URL.
        url: String,
    },
    /// The run's total time for fetching was used up before this request was made.
    #[error("{url}: not fetched: the {} ms allowed for all fetches of this run is used up", limit.as_millis())]
    OutOfTime {
        /// The URL.
        url: String,
        /// The run's total limit.
        limit: Duration,
    },
}

impl FetchError {
    /// The URL the request was for.
    ///
    /// ```
    /// use certchain::online::http::FetchError;
    ///
    /// let err = FetchError::TooManyRedirects { url: "http://127.0.0.1:8080/a".into(), limit: 5 };
    /// assert_eq!(err.url(), "http://127.0.0.1:8080/a");
    /// ```
    pub fn url(&self) -> &str {
        match self {
            FetchError::NotHttp { url }
            | FetchError::BadUrl { url, .. }
            | FetchError::Timeout { url, .. }
            | FetchError::TooLarge { url, .. }
            | FetchError::TooManyRedirects { url, .. }
            | FetchError::Connection { url, .. }
            | FetchError::Protocol { url, .. }
            | FetchError::TooManyFetches { url, .. }
            | FetchError::Repeated { url }
            | FetchError::OutOfTime { url, .. } => url,
        }
    }

    /// The message without the URL (which [`Fetch`] shows on its own).
    ///
    /// ```
    /// use certchain::online::http::FetchError;
    /// use std::time::Duration;
    ///
    /// let err = FetchError::Timeout { url: "http://127.0.0.1:8080/int.der".into(), limit: Duration::from_secs(2) };
    /// assert_eq!(err.to_string(), "http://127.0.0.1:8080/int.der: no complete answer within 2000 ms (timed out)");
    /// assert_eq!(err.reason(), "no complete answer within 2000 ms (timed out)");
    /// ```
    pub fn reason(&self) -> String {
        let full = self.to_string();
        full.strip_prefix(self.url())
            .and_then(|r| r.strip_prefix(": "))
            .map_or_else(|| full.clone(), str::to_string)
    }
}

/// `GET url` within `limits`.
///
/// ```
/// use certchain::online::http::{get, FetchError, HttpLimits};
/// use std::io::{Read, Write};
///
/// // A one-shot server on a port the OS picks.
/// let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
/// let url = format!("http://{}/int.der", listener.local_addr().unwrap());
/// std::thread::spawn(move || {
///     let (mut s, _) = listener.accept().unwrap();
///     let mut buf = [0u8; 1024];
///     let _ = s.read(&mut buf);
///     s.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\nConnection: close\r\n\r\nnone").unwrap();
/// });
/// let answer = get(&url, &HttpLimits::default()).unwrap();
/// assert_eq!((answer.status, answer.body.as_slice()), (404, &b"none"[..]));
/// ```
pub fn get(url: &str, limits: &HttpLimits) -> Result<HttpAnswer, FetchError> {
    check_url(url)?;
    let start = Instant::now();
    let answer = agent(limits).get(url).call();
    finish(url, limits, start, answer)
}

/// `POST body` with a Content-Type to `url` within `limits` (OCSP over HTTP, RFC 6960
/// A.1).
///
/// ```
/// use certchain::online::http::{post, HttpLimits};
///
/// let err = post("ldap://ldap.example.com/", "application/ocsp-request", b"", &HttpLimits::default());
/// assert!(err.is_err());
/// ```
pub fn post(
    url: &str,
    content_type: &str,
    body: &[u8],
    limits: &HttpLimits,
) -> Result<HttpAnswer, FetchError> {
    check_url(url)?;
    let start = Instant::now();
    let answer = agent(limits)
        .post(url)
        .header("Content-Type", content_type)
        .send(body);
    finish(url, limits, start, answer)
}

impl Fetch {
    /// The record of a request that gave an answer; `outcome` says what certchain made
    /// of it, `failed` whether it was of no use.
    ///
    /// ```
    /// use certchain::online::http::HttpAnswer;
    /// use certchain::{Fetch, FetchKind};
    ///
    /// let answer = HttpAnswer {
    ///     url: "http://127.0.0.1:8080/int.crl".into(),
    ///     status: 404,
    ///     body: b"not here".to_vec(),
    ///     content_type: None,
    ///     elapsed_ms: 1.25,
    /// };
    /// let fetch = Fetch::answered(FetchKind::Crl, Some(0), &answer, "HTTP 404: nothing used".into(), true);
    /// assert_eq!((fetch.status, fetch.bytes, fetch.failed), (Some(404), 8, true));
    /// assert_eq!(fetch.to_string(), "CRL of [0] http://127.0.0.1:8080/int.crl: HTTP 404, 8 bytes, 1.2 ms: HTTP 404: nothing used");
    /// ```
    pub fn answered(
        kind: FetchKind,
        depth: Option<usize>,
        answer: &HttpAnswer,
        outcome: String,
        failed: bool,
    ) -> Fetch {
        Fetch {
            kind,
            depth,
            url: answer.url.clone(),
            status: Some(answer.status),
            bytes: answer.body.len(),
            elapsed_ms: answer.elapsed_ms,
            outcome,
            failed,
        }
    }

    /// The record of a request that gave no answer, after `elapsed_ms`.
    ///
    /// ```
    /// use certchain::online::http::FetchError;
    /// use certchain::{Fetch, FetchKind};
    ///
    /// let err = FetchError::TooLarge { url: "http://127.0.0.1:8080/big".into(), limit: 1024 };
    /// let fetch = Fetch::unanswered(FetchKind::CaIssuers, None, &err, 12.0);
    /// assert_eq!(fetch.status, None);
    /// assert_eq!(
    ///     fetch.to_string(),
    ///     "caIssuers http://127.0.0.1:8080/big: no answer, 12.0 ms: the answer is larger than 1024 bytes (the size bound); not read further"
    /// );
    /// ```
    pub fn unanswered(
        kind: FetchKind,
        depth: Option<usize>,
        error: &FetchError,
        elapsed_ms: f64,
    ) -> Fetch {
        Fetch {
            kind,
            depth,
            url: error.url().to_string(),
            status: None,
            bytes: 0,
            elapsed_ms,
            outcome: error.reason(),
            failed: true,
        }
    }
}

/// Milliseconds since `start`.
pub(crate) fn millis_since(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

fn check_url(url: &str) -> Result<(), FetchError> {
    let scheme_ok = url
        .get(..7)
        .is_some_and(|s| s.eq_ignore_ascii_case("http://"));
    if !scheme_ok {
        return Err(FetchError::NotHttp { url: url.into() });
    }
    url.parse::<ureq::http::Uri>()
        .map(|_| ())
        .map_err(|e| FetchError::BadUrl {
            url: url.into(),
            reason: e.to_string(),
        })
}

fn agent(limits: &HttpLimits) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(limits.timeout))
        .max_redirects(limits.max_redirects)
        .max_redirects_will_error(true)
        .http_status_as_error(false)
        .https_only(false)
        .user_agent(concat!("certchain/", env!("CARGO_PKG_VERSION")))
        .build()
        .new_agent()
}

fn finish(
    url: &str,
    limits: &HttpLimits,
    start: Instant,
    answer: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<HttpAnswer, FetchError> {
    let mut response = answer.map_err(|e| error(url, limits, e))?;
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let limit = u64::try_from(limits.max_bytes).unwrap_or(u64::MAX);
    let body = response
        .body_mut()
        .with_config()
        .limit(limit)
        .read_to_vec()
        .map_err(|e| error(url, limits, e))?;
    Ok(HttpAnswer {
        url: url.to_string(),
        status,
        body,
        content_type,
        elapsed_ms: millis_since(start),
    })
}

fn error(url: &str, limits: &HttpLimits, e: ureq::Error) -> FetchError {
    let url = url.to_string();
    match e {
        ureq::Error::Timeout(_) => FetchError::Timeout {
            url,
            limit: limits.timeout,
        },
        ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge {
            url,
            limit: limits.max_bytes,
        },
        ureq::Error::TooManyRedirects => FetchError::TooManyRedirects {
            url,
            limit: limits.max_redirects,
        },
        ureq::Error::HostNotFound => FetchError::Connection {
            url,
            reason: "host not found".into(),
        },
        ureq::Error::ConnectionFailed => FetchError::Connection {
            url,
            reason: "connection failed".into(),
        },
        ureq::Error::Io(io) if is_connect_error(&io) => FetchError::Connection {
            url,
            reason: io.to_string(),
        },
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => FetchError::Timeout {
            url,
            limit: limits.timeout,
        },
        ureq::Error::BadUri(reason) => FetchError::BadUrl { url, reason },
        other => FetchError::Protocol {
            url,
            reason: other.to_string(),
        },
    }
}

fn is_connect_error(io: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        io.kind(),
        ConnectionRefused | AddrNotAvailable | NotFound | HostUnreachable | NetworkUnreachable
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;

    /// A server on 127.0.0.1 (port from the OS) answering every connection with
    /// `respond(path)`, written slowly when `delay` is set.
    fn serve(respond: fn(&str, u16) -> Vec<u8>, delay: Option<Duration>) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut s) = stream else { return };
                std::thread::spawn(move || {
                    let mut buf = [0u8; 4096];
                    let n = s.read(&mut buf).unwrap_or(0);
                    let req = String::from_utf8_lossy(&buf[..n]).to_string();
                    let path = req.split(' ').nth(1).unwrap_or("/").to_string();
                    let answer = respond(&path, port);
                    match delay {
                        Some(d) => {
                            for b in answer {
                                std::thread::sleep(d);
                                if s.write_all(&[b]).is_err() {
                                    return;
                                }
                            }
                        }
                        None => {
                            let _ = s.write_all(&answer);
                        }
                    }
                });
            }
        });
        format!("http://127.0.0.1:{port}")
    }

    fn ok(body: &[u8]) -> Vec<u8> {
        let mut v = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/pkix-cert\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        v.extend_from_slice(body);
        v
    }

    fn limits(ms: u64) -> HttpLimits {
        HttpLimits {
            timeout: Duration::from_millis(ms),
            max_bytes: 1000,
            max_redirects: 3,
        }
    }

    #[test]
    fn an_answer_comes_back_with_status_type_and_body() {
        let base = serve(|_, _| ok(b"abc"), None);
        let a = get(&format!("{base}/x"), &limits(2000)).unwrap();
        assert_eq!((a.status, a.body.as_slice()), (200, &b"abc"[..]));
        assert_eq!(a.content_type.as_deref(), Some("application/pkix-cert"));
        let a = post(
            &format!("{base}/x"),
            "application/ocsp-request",
            b"q",
            &limits(2000),
        );
        assert_eq!(a.unwrap().body, b"abc");
    }

    #[test]
    fn a_slow_answer_times_out_within_the_bound() {
        let base = serve(|_, _| ok(&[b'x'; 500]), Some(Duration::from_millis(20)));
        let start = Instant::now();
        let err = get(&format!("{base}/slow"), &limits(300)).unwrap_err();
        assert!(matches!(err, FetchError::Timeout { .. }), "{err}");
        assert!(start.elapsed() < Duration::from_secs(3));
        assert_eq!(
            err.to_string(),
            format!("{base}/slow: no complete answer within 300 ms (timed out)")
        );
    }

    #[test]
    fn an_endless_body_stops_at_the_size_bound() {
        let base = serve(
            |_, _| {
                let mut v = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_vec();
                v.extend(std::iter::repeat_n(b'x', 100_000));
                v
            },
            None,
        );
        let err = get(&format!("{base}/big"), &limits(2000)).unwrap_err();
        assert!(
            matches!(err, FetchError::TooLarge { limit: 1000, .. }),
            "{err}"
        );
    }

    #[test]
    fn a_redirect_loop_stops_at_the_redirect_bound() {
        let base = serve(
            |path, port| {
                let next = if path == "/a" { "/b" } else { "/a" };
                format!("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{port}{next}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").into_bytes()
            },
            None,
        );
        let err = get(&format!("{base}/a"), &limits(2000)).unwrap_err();
        assert!(
            matches!(err, FetchError::TooManyRedirects { limit: 3, .. }),
            "{err}"
        );
    }

    #[test]
    fn refused_and_non_http_urls_are_errors_naming_the_url() {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let url = format!("http://127.0.0.1:{port}/gone");
        let err = get(&url, &limits(2000)).unwrap_err();
        assert!(matches!(err, FetchError::Connection { .. }), "{err:?}");
        assert!(err.to_string().starts_with(&url), "{err}");
        let err = get("ldap://ldap.example.com/cn=CA", &limits(2000)).unwrap_err();
        assert_eq!(
            err.reason(),
            "not an http:// URL; certchain fetches only http://"
        );
    }
}
