//! The record of one network request made for a verification (`--fetch-missing`,
//! `--fetch-crls`, OCSP): the report lists every one, failed or not, in
//! [`Report::fetches`](crate::Report::fetches).

use serde::Serialize;

/// What a request was made for.
///
/// ```
/// use certchain::FetchKind;
///
/// assert_eq!(FetchKind::CaIssuers.to_string(), "caIssuers");
/// assert_eq!(FetchKind::Crl.to_string(), "CRL");
/// assert_eq!(FetchKind::Ocsp.to_string(), "OCSP");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FetchKind {
    /// A missing issuer, from a certificate's authorityInfoAccess caIssuers URL
    /// (RFC 5280 4.2.2.1).
    CaIssuers,
    /// A CRL, from a certificate's cRLDistributionPoints (RFC 5280 4.2.1.13).
    Crl,
    /// An OCSP request (RFC 6960), to the responder of authorityInfoAccess id-ad-ocsp.
    Ocsp,
}

impl std::fmt::Display for FetchKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FetchKind::CaIssuers => "caIssuers",
            FetchKind::Crl => "CRL",
            FetchKind::Ocsp => "OCSP",
        })
    }
}

/// One request and what it gave: the URL, the HTTP status (none when no answer came),
/// the bytes received, the time taken, and what certchain made of it, in words.
///
/// ```
/// use certchain::{Fetch, FetchKind};
///
/// let fetch = Fetch {
///     kind: FetchKind::CaIssuers,
///     depth: Some(0),
///     url: "http://127.0.0.1:8080/int.der".into(),
///     status: Some(200),
///     bytes: 1234,
///     elapsed_ms: 3.5,
///     outcome: "1 certificate: CN=Example Intermediate".into(),
///     failed: false,
/// };
/// assert_eq!(
///     fetch.to_string(),
///     "caIssuers of [0] http://127.0.0.1:8080/int.der: HTTP 200, 1234 bytes, 3.5 ms: 1 certificate: CN=Example Intermediate"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fetch {
    /// What it was made for.
    pub kind: FetchKind,
    /// The depth in the reported path of the certificate that named the URL, when it is
    /// on that path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depth: Option<usize>,
    /// The URL asked (the first one, before any redirect).
    pub url: String,
    /// The HTTP status of the final answer; `None` when no answer came (timeout,
    /// connection refused, a bound hit, ...).
    pub status: Option<u16>,
    /// Bytes of the answer's body received.
    pub bytes: usize,
    /// Milliseconds from the request to the end of the answer (or the failure).
    pub elapsed_ms: f64,
    /// What it gave, or why it failed, in words.
    pub outcome: String,
    /// Whether it failed to give anything usable.
    pub failed: bool,
}

impl std::fmt::Display for Fetch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.kind)?;
        if let Some(d) = self.depth {
            write!(f, " of [{d}]")?;
        }
        write!(f, " {}: ", self.url)?;
        match self.status {
            Some(s) => write!(f, "HTTP {s}, {} bytes, ", self.bytes)?,
            None => f.write_str("no answer, ")?,
        }
        write!(f, "{:.1} ms: {}", self.elapsed_ms, self.outcome)
    }
}
