//! What a verification checks: the time, the purpose, the limits. Built once into a
//! [`crate::Verifier`]; the name to check comes with each call.

use crate::input::InputError;
use crate::model::oid;
use crate::names::{is_valid_email, HostName};
use x509_parser::asn1_rs::Oid;

/// The purpose the leaf must be fit for (RFC 5280 4.2.1.12).
///
/// ```
/// use certchain::{CheckTime, Code, Policy, Purpose, SourceKind, TrustStore, Verifier};
///
/// let mut store = TrustStore::new();
/// store.add_pem("roots.pem", include_bytes!("../fixtures/valid-rsa/roots.pem")).unwrap();
/// let chain = certchain::parse_certificates(
///     "chain.pem", include_bytes!("../fixtures/valid-rsa/chain.pem"), SourceKind::Presented,
/// ).unwrap();
/// // The leaf is a TLS server certificate: not fit for client authentication.
/// let policy = Policy {
///     time: CheckTime::At(1_780_000_000),
///     purpose: Purpose::ClientAuth,
///     ..Policy::default()
/// };
/// let report = Verifier::new(store, policy).verify(&chain, &[], None);
/// assert!(report.has(Code::EkuMismatch));
/// assert_eq!(report.purpose, "client");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// TLS server authentication (id-kp-serverAuth), the default.
    ServerAuth,
    /// TLS client authentication (id-kp-clientAuth).
    ClientAuth,
    /// No extended key usage requirement.
    Any,
    /// Another extended key usage, by dotted OID.
    Other(String),
}

impl Purpose {
    /// Parse `server`, `client`, `any` or a dotted OID.
    ///
    /// ```
    /// use certchain::Purpose;
    ///
    /// assert_eq!(Purpose::parse("server").unwrap(), Purpose::ServerAuth);
    /// assert_eq!(Purpose::parse("1.3.6.1.5.5.7.3.4").unwrap().name(), "1.3.6.1.5.5.7.3.4");
    /// assert_eq!(
    ///     Purpose::parse("email").unwrap_err().to_string(),
    ///     "unknown purpose \"email\": use server, client, any or a dotted OID"
    /// );
    /// ```
    pub fn parse(s: &str) -> Result<Purpose, InputError> {
        match s {
            "server" | "serverAuth" => Ok(Purpose::ServerAuth),
            "client" | "clientAuth" => Ok(Purpose::ClientAuth),
            "any" => Ok(Purpose::Any),
            o if o.split('.').count() >= 2
                && o.split('.')
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                && o.parse::<Oid<'static>>().is_ok() =>
            {
                Ok(Purpose::Other(o.to_string()))
            }
            other => Err(InputError::UnknownChoice {
                what: "purpose",
                value: other.to_string(),
                choices: "server, client, any or a dotted OID",
            }),
        }
    }

    /// The EKU OID this purpose requires, if any. A dotted OID that does not encode
    /// (which [`Purpose::parse`] refuses) requires an OID no certificate lists.
    pub(crate) fn eku_oid(&self) -> Option<Oid<'static>> {
        match self {
            Purpose::ServerAuth => Some(oid::KP_SERVER_AUTH),
            Purpose::ClientAuth => Some(oid::KP_CLIENT_AUTH),
            Purpose::Any => None,
            Purpose::Other(o) => Some(o.parse().unwrap_or(Oid::new(Vec::new().into()))),
        }
    }

    /// How the report names the purpose.
    pub fn name(&self) -> String {
        match self {
            Purpose::ServerAuth => "server".into(),
            Purpose::ClientAuth => "client".into(),
            Purpose::Any => "any".into(),
            Purpose::Other(o) => o.clone(),
        }
    }
}

/// Which certificate profile the chain is held to, beyond RFC 5280 path validation.
///
/// An intermediate without a keyUsage extension is refused under the Web PKI profile
/// and accepted under RFC 5280:
///
/// ```
/// use certchain::{CheckTime, Code, Policy, Profile, SourceKind, TrustStore, Verifier};
///
/// let verify = |profile| {
///     let mut store = TrustStore::new();
///     store.add_pem("roots.pem", include_bytes!("../fixtures/intermediate-without-key-usage/roots.pem")).unwrap();
///     let chain = certchain::parse_certificates(
///         "chain.pem", include_bytes!("../fixtures/intermediate-without-key-usage/chain.pem"), SourceKind::Presented,
///     ).unwrap();
///     let policy = Policy { time: CheckTime::At(1_780_000_000), profile, ..Policy::default() };
///     Verifier::new(store, policy).verify(&chain, &[], None)
/// };
/// assert_eq!(verify(Profile::WebPki).codes(), [(Some(1), Code::MissingKeyCertSign)]);
/// assert!(verify(Profile::Rfc5280).is_valid());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Profile {
    /// The Web PKI: RFC 5280 plus the CA/Browser Forum Baseline Requirements' profile of
    /// TLS server and root certificates (subscriber extKeyUsage and names, the commonName
    /// repeating a SAN value, authorityKeyIdentifier contents, root extKeyUsage). What
    /// browsers' publicly-trusted CAs must issue; the default.
    #[default]
    WebPki,
    /// RFC 5280 only, for private PKIs whose CAs are not bound by the Baseline
    /// Requirements: the CA/B issuance-profile rules above are not applied. Key strength,
    /// signature hashes, public-suffix wildcards and every RFC 5280 rule still are.
    Rfc5280,
}

impl Profile {
    /// Parse `webpki` or `rfc5280`.
    ///
    /// ```
    /// use certchain::Profile;
    ///
    /// let profile = Profile::parse("rfc5280").unwrap();
    /// assert_eq!(profile, Profile::Rfc5280);
    /// assert!(!profile.cabf());
    /// assert!(Profile::default().cabf());
    /// assert!(Profile::parse("cabf").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<Profile, InputError> {
        match s {
            "webpki" => Ok(Profile::WebPki),
            "rfc5280" => Ok(Profile::Rfc5280),
            other => Err(InputError::UnknownChoice {
                what: "profile",
                value: other.to_string(),
                choices: "webpki or rfc5280",
            }),
        }
    }

    /// How the report names the profile.
    pub fn name(self) -> &'static str {
        match self {
            Profile::WebPki => "webpki",
            Profile::Rfc5280 => "rfc5280",
        }
    }

    /// Whether the CA/Browser Forum Baseline Requirements' issuance profile applies.
    pub fn cabf(self) -> bool {
        self == Profile::WebPki
    }
}

/// Which certificates of the path must be covered by a supplied CRL (RFC 5280 6.3), the
/// meaning of openssl's `-crl_check` (the leaf) and `-crl_check_all` (every certificate).
/// The trust anchor is never checked: it is trusted as configured, and no CRL above it
/// exists in the inputs.
///
/// Here the intermediate's CRL covers the leaf, and no CRL from the root covers the
/// intermediate:
///
/// ```
/// use certchain::{CheckTime, Code, Crl, Policy, RevocationScope, SourceKind, TrustStore, Verifier};
/// use std::sync::Arc;
///
/// let verify = |scope| {
///     let mut store = TrustStore::new();
///     store.add_pem("roots.pem", include_bytes!("../fixtures/crl-leaf-covered-required-all/roots.pem")).unwrap();
///     let chain = certchain::parse_certificates(
///         "chain.pem", include_bytes!("../fixtures/crl-leaf-covered-required-all/chain.pem"), SourceKind::Presented,
///     ).unwrap();
///     let crls = Crl::parse_all(
///         "int.crl.pem", include_bytes!("../fixtures/crl-leaf-covered-required-all/int.crl.pem"),
///     ).unwrap();
///     let policy = Policy {
///         time: CheckTime::At(1_780_000_000),
///         crls: crls.into_iter().map(Arc::new).collect(),
///         require_revocation: Some(scope),
///         ..Policy::default()
///     };
///     Verifier::new(store, policy).verify(&chain, &[], None)
/// };
/// assert!(verify(RevocationScope::Leaf).is_valid());
/// assert_eq!(verify(RevocationScope::All).codes(), [(Some(1), Code::RevocationRequired)]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RevocationScope {
    /// The leaf must be covered.
    Leaf,
    /// Every certificate of the path below the anchor must be covered.
    All,
}

impl RevocationScope {
    /// Parse `leaf` or `all`.
    ///
    /// ```
    /// use certchain::RevocationScope;
    ///
    /// let scope = RevocationScope::parse("leaf").unwrap();
    /// assert!(scope.covers(0));
    /// assert!(!scope.covers(1));
    /// assert!(RevocationScope::parse("all").unwrap().covers(1));
    /// assert_eq!(
    ///     RevocationScope::parse("none").unwrap_err().to_string(),
    ///     "unknown scope \"none\": use leaf or all"
    /// );
    /// ```
    pub fn parse(s: &str) -> Result<RevocationScope, InputError> {
        match s {
            "leaf" => Ok(RevocationScope::Leaf),
            "all" => Ok(RevocationScope::All),
            other => Err(InputError::UnknownChoice {
                what: "scope",
                value: other.to_string(),
                choices: "leaf or all",
            }),
        }
    }

    /// How reports name the scope.
    pub fn name(self) -> &'static str {
        match self {
            RevocationScope::Leaf => "leaf",
            RevocationScope::All => "all",
        }
    }

    /// Whether the certificate at `depth` (0 = leaf) must be covered.
    pub fn covers(self, depth: usize) -> bool {
        match self {
            RevocationScope::Leaf => depth == 0,
            RevocationScope::All => true,
        }
    }
}

/// When to check validity periods.
///
/// A fixed time makes a verification reproducible; the same chain checked after its
/// leaf's notAfter (2027-01-01) is expired.
///
/// ```
/// use certchain::{CheckTime, Code, Policy, SourceKind, TrustStore, Verifier};
///
/// let chain = certchain::parse_certificates(
///     "chain.pem", include_bytes!("../fixtures/valid-rsa/chain.pem"), SourceKind::Presented,
/// ).unwrap();
/// let at = |time| {
///     let mut store = TrustStore::new();
///     store.add_pem("roots.pem", include_bytes!("../fixtures/valid-rsa/roots.pem")).unwrap();
///     let policy = Policy { time, ..Policy::default() };
///     Verifier::new(store, policy).verify(&chain, &[], None)
/// };
///
/// let report = at(CheckTime::At(1_780_000_000));
/// assert!(report.is_valid());
/// assert_eq!(report.checked_at, "2026-05-28T20:26:40Z");
///
/// let later = at(CheckTime::At(1_800_000_000));
/// assert_eq!(later.codes(), [(Some(0), Code::Expired)]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CheckTime {
    /// The clock at each verification.
    #[default]
    Now,
    /// A fixed time, seconds since the Unix epoch.
    At(i64),
}

impl CheckTime {
    /// Parse a fixed check time: RFC 3339 (`2026-06-01T12:00:00Z`), `YYYY-MM-DD
    /// HH:MM:SS` (UTC) or a date (`2026-06-01`, midnight UTC), as `--at` and the
    /// service's `at` field take it.
    ///
    /// ```
    /// use certchain::CheckTime;
    ///
    /// assert_eq!(CheckTime::parse("2026-06-01").unwrap(), CheckTime::At(1_780_272_000));
    /// assert_eq!(CheckTime::parse("2026-06-01T00:00:00+02:00").unwrap(), CheckTime::At(1_780_264_800));
    /// assert_eq!(
    ///     CheckTime::parse("June").unwrap_err().to_string(),
    ///     "\"June\": not an RFC 3339 time (2026-06-01T12:00:00Z) or a date (2026-06-01)"
    /// );
    /// ```
    pub fn parse(s: &str) -> Result<CheckTime, InputError> {
        if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
            return Ok(CheckTime::At(t.timestamp()));
        }
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S") {
            return Ok(CheckTime::At(t.and_utc().timestamp()));
        }
        if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Ok(CheckTime::At(
                d.and_time(chrono::NaiveTime::MIN).and_utc().timestamp(),
            ));
        }
        Err(InputError::NotATime(s.to_string()))
    }
}

/// The name the leaf must carry.
///
/// ```
/// use certchain::{CheckTime, Code, ExpectedName, HostName, Policy, SourceKind, TrustStore, Verifier};
///
/// let mut store = TrustStore::new();
/// store.add_pem("roots.pem", include_bytes!("../fixtures/valid-rsa/roots.pem")).unwrap();
/// let chain = certchain::parse_certificates(
///     "chain.pem", include_bytes!("../fixtures/valid-rsa/chain.pem"), SourceKind::Presented,
/// ).unwrap();
/// let policy = Policy { time: CheckTime::At(1_780_000_000), ..Policy::default() };
/// let verifier = Verifier::new(store, policy);
///
/// let host = ExpectedName::Host(HostName::parse("WWW.example.com").unwrap());
/// assert_eq!(host.to_string(), "www.example.com");
/// assert!(verifier.verify(&chain, &[], Some(&host)).is_valid());
///
/// let other = ExpectedName::Host(HostName::parse("api.example.com").unwrap());
/// let report = verifier.verify(&chain, &[], Some(&other));
/// assert_eq!(report.codes(), [(Some(0), Code::NameMismatch)]);
/// assert_eq!(report.host.as_deref(), Some("api.example.com"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExpectedName {
    /// A host: DNS name or IP address (subjectAltName dNSName / iPAddress).
    Host(HostName),
    /// An e-mail address (subjectAltName rfc822Name).
    Email(String),
}

impl ExpectedName {
    /// An e-mail address to check, if it is one (`local@domain`).
    ///
    /// ```
    /// use certchain::ExpectedName;
    ///
    /// assert!(ExpectedName::email("alice@example.com").is_ok());
    /// assert_eq!(
    ///     ExpectedName::email("alice").unwrap_err().to_string(),
    ///     "\"alice\" is not a valid e-mail address"
    /// );
    /// ```
    pub fn email(addr: &str) -> Result<ExpectedName, InputError> {
        if is_valid_email(addr) {
            Ok(ExpectedName::Email(addr.to_string()))
        } else {
            Err(InputError::NotAnEmail(addr.to_string()))
        }
    }
}

impl std::fmt::Display for ExpectedName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExpectedName::Host(h) => write!(f, "{h}"),
            ExpectedName::Email(e) => f.write_str(e),
        }
    }
}

/// The verification policy.
///
/// Start from [`Policy::default`] (the clock, TLS server authentication, the Web PKI
/// profile, no CRLs) and change what differs:
///
/// ```
/// use certchain::{CheckTime, Policy, Profile, Purpose, SourceKind, TrustStore, Verifier};
///
/// let policy = Policy {
///     time: CheckTime::At(1_780_000_000),
///     purpose: Purpose::ServerAuth,
///     profile: Profile::Rfc5280,
///     ..Policy::default()
/// };
/// assert_eq!(policy.intermediate_limit(), certchain::limits::DEFAULT_MAX_INTERMEDIATES);
///
/// let mut store = TrustStore::new();
/// store.add_pem("roots.pem", include_bytes!("../fixtures/valid-rsa/roots.pem")).unwrap();
/// let chain = certchain::parse_certificates(
///     "chain.pem", include_bytes!("../fixtures/valid-rsa/chain.pem"), SourceKind::Presented,
/// ).unwrap();
/// let report = Verifier::new(store, policy).verify(&chain, &[], None);
/// assert!(report.is_valid());
/// assert_eq!(report.profile, "rfc5280");
/// assert_eq!(report.purpose, "server");
/// ```
#[derive(Clone, Debug)]
pub struct Policy {
    /// When to check validity.
    pub time: CheckTime,
    /// What the leaf must be fit for.
    pub purpose: Purpose,
    /// The certificate profile held to (CA/B Forum Web PKI by default).
    pub profile: Profile,
    /// Most intermediates (not counting self-issued ones) allowed between leaf and anchor;
    /// `None` is the default, [`crate::limits::DEFAULT_MAX_INTERMEDIATES`]. The limit in force is
    /// [`Policy::intermediate_limit`].
    pub max_intermediates: Option<usize>,
    /// Warn about certificates that expire within this many days.
    pub warn_days: Option<u32>,
    /// Also run rustls-webpki on the same input and require both engines to accept.
    /// Needs the `cross-check` feature (on by default).
    #[cfg(feature = "cross-check")]
    pub cross_check: bool,
    /// Certificate revocation lists to check the path against.
    pub crls: Vec<std::sync::Arc<crate::model::crl::Crl>>,
    /// Which certificates must be covered by one of `crls` or `ocsp_responses`
    /// (`revocation_required` when not); `None` only warns (`revocation_unknown`), and
    /// only when CRLs or OCSP responses (other than a staple) were given.
    pub require_revocation: Option<RevocationScope>,
    /// OCSP responses to check the path against (RFC 6960): saved files, a server's
    /// staple, responses fetched from the responders the certificates name. Each is used
    /// for a certificate only when its signature, signer, CertID, freshness
    /// ([`crate::limits::OCSP_CLOCK_SKEW_SECS`]) and nonce check out.
    pub ocsp_responses: Vec<std::sync::Arc<crate::model::ocsp::OcspResponse>>,
    /// The chain came from a TLS handshake that asked the server to staple an OCSP
    /// response (status_request, RFC 6066 8): a leaf that requires one (OCSP
    /// Must-Staple, RFC 7633) and got no usable one is `must_staple_missing`.
    pub staple_requested: bool,
    /// Revocation checking was asked for (`--ocsp`): every certificate below the anchor
    /// that nothing usable covers is said to be unchecked (`revocation_unknown`), even
    /// when no response or CRL came back at all.
    pub revocation_asked: bool,
}

/// The maximum chain depth when none is given: intermediates between leaf and anchor,
/// self-issued ones not counted. RFC 5280 sets no limit. Web PKI paths have 1 to 3
/// intermediates and rustls-webpki allows 6; 10 leaves room for deep private hierarchies
/// and is what the builder's former fixed bound of 12 certificates allowed, so no chain
/// accepted before is refused now. `--max-depth` raises or lowers it; the work of a deep
/// search stays bounded by the signature budget ([`crate::build::MAX_SIGNATURE_CHECKS`]).
pub const DEFAULT_MAX_INTERMEDIATES: usize = 10;

impl Policy {
    /// The maximum chain depth in force: `max_intermediates`, or the default.
    pub fn intermediate_limit(&self) -> usize {
        self.max_intermediates.unwrap_or(DEFAULT_MAX_INTERMEDIATES)
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            time: CheckTime::Now,
            purpose: Purpose::ServerAuth,
            profile: Profile::WebPki,
            max_intermediates: None,
            warn_days: None,
            #[cfg(feature = "cross-check")]
            cross_check: false,
            crls: Vec::new(),
            require_revocation: None,
            ocsp_responses: Vec::new(),
            staple_requested: false,
            revocation_asked: false,
        }
    }
}
