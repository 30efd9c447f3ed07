//! Certificate revocation lists (RFC 5280 5), given as files: parsed once with
//! x509-parser into owned fields, checked against the path by `checks::revocation`.

use super::name::DistinguishedName;
use super::oid;
use x509_parser::asn1_rs::{Oid, ToDer};
use x509_parser::prelude::{CertificateRevocationList, FromDer};

/// Most revoked entries read from one CRL. Large public CRLs hold a few hundred
/// thousand; one million bounds memory on a hostile file while covering them.
pub const MAX_CRL_ENTRIES: usize = 1_000_000;

/// One revoked certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevokedEntry {
    /// The serial number content octets as encoded.
    pub serial: Vec<u8>,
    /// When it was revoked (seconds since the epoch).
    pub date: i64,
    /// The CRL reason code name, if given (RFC 5280 5.3.1).
    pub reason: Option<String>,
}

/// A parsed CRL, from [`Crl::parse_all`] or [`Crl::load`], checked against the path
/// when given in [`Policy::crls`](crate::Policy::crls).
///
/// ```
/// use certchain::{CheckTime, Code, Crl, ExpectedName, HostName, Policy, RevocationStatus};
/// use certchain::{SourceKind, TrustStore, Verifier};
/// use std::sync::Arc;
///
/// let crls = Crl::parse_all("int.crl.pem", include_bytes!("../../fixtures/crl-revoked/int.crl.pem")).unwrap();
/// assert_eq!(crls.len(), 1);
/// let crl = &crls[0];
/// assert_eq!(crl.source(), "int.crl.pem block 1");
/// assert!(crl.issuer().contains("Certchain Test Intermediate CA"));
/// assert_eq!(crl.revoked_count(), 1);
/// assert!(crl.this_update() < 1_780_000_000 && crl.next_update() > Some(1_780_000_000));
///
/// let mut store = TrustStore::new();
/// store.add_pem("roots.pem", include_bytes!("../../fixtures/crl-revoked/roots.pem")).unwrap();
/// let chain = certchain::parse_certificates(
///     "chain.pem", include_bytes!("../../fixtures/crl-revoked/chain.pem"), SourceKind::Presented,
/// ).unwrap();
/// let policy = Policy {
///     time: CheckTime::At(1_780_000_000),
///     crls: crls.into_iter().map(Arc::new).collect(),
///     ..Policy::default()
/// };
/// let host = ExpectedName::Host(HostName::parse("www.example.com").unwrap());
/// let report = Verifier::new(store, policy).verify(&chain, &[], Some(&host));
/// // The leaf is listed; nothing covers the intermediate (a warning).
/// assert_eq!(report.codes(), [(Some(0), Code::Revoked), (Some(1), Code::RevocationUnknown)]);
/// assert_eq!(report.path[0].revocation, RevocationStatus::Crl);
/// assert_eq!(report.path[1].revocation, RevocationStatus::NotChecked);
/// ```
#[derive(Clone, Debug)]
pub struct Crl {
    /// Where it came from ("file.crl", or "file.pem block 2").
    pub(crate) source: String,
    /// The issuer name.
    pub(crate) issuer: DistinguishedName,
    /// thisUpdate (seconds since the epoch).
    pub(crate) this_update: i64,
    /// nextUpdate, if present.
    pub(crate) next_update: Option<i64>,
    /// Whether a cRLNumber extension is present, and whether it is critical.
    pub(crate) crl_number: Option<bool>,
    /// Critical CRL extensions certchain does not process (dotted OIDs).
    pub(crate) unknown_critical: Vec<String>,
    /// The revoked certificates.
    pub(crate) revoked: Vec<RevokedEntry>,
    /// The signed bytes (tbsCertList).
    pub(crate) tbs: Vec<u8>,
    /// signatureAlgorithm OID.
    pub(crate) sig_alg_oid: Oid<'static>,
    /// signatureAlgorithm parameters (DER), if present.
    pub(crate) sig_alg_params: Option<Vec<u8>>,
    /// The signature.
    pub(crate) signature: Vec<u8>,
    /// Whether it was read from a file or fetched.
    pub(crate) origin: CrlOrigin,
}

/// Where a [`Crl`] came from: a file the user gave (`--crl`), or fetched from a
/// certificate's cRLDistributionPoints (`--fetch-crls`).
///
/// ```
/// use certchain::{Crl, CrlOrigin};
///
/// let crls = Crl::parse_all("int.crl.pem", include_bytes!("../../fixtures/crl-revoked/int.crl.pem")).unwrap();
/// assert_eq!(crls[0].origin(), &CrlOrigin::File);
/// assert_eq!(CrlOrigin::Fetched { url: "http://127.0.0.1:8080/int.crl".into() }.to_string(),
///            "fetched from http://127.0.0.1:8080/int.crl");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CrlOrigin {
    /// Read from a file (or stdin).
    File,
    /// Fetched over HTTP from this URL.
    Fetched {
        /// The URL it was fetched from.
        url: String,
    },
}

impl std::fmt::Display for CrlOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CrlOrigin::File => f.write_str("file"),
            CrlOrigin::Fetched { url } => write!(f, "fetched from {url}"),
        }
    }
}

/// CRL extensions certchain understands well enough to accept when critical:
/// cRLNumber (checked separately), authorityKeyIdentifier, issuingDistributionPoint is
/// NOT in this list (its scope rules are not implemented, so a critical one is refused).
const KNOWN_CRL_EXTENSIONS: &[Oid<'static>] = &[oid::CRL_NUMBER, oid::AKI];

pub(crate) fn reason_name(code: u8) -> String {
    match code {
        0 => "unspecified",
        1 => "keyCompromise",
        2 => "cACompromise",
        3 => "affiliationChanged",
        4 => "superseded",
        5 => "cessationOfOperation",
        6 => "certificateHold",
        8 => "removeFromCRL",
        9 => "privilegeWithdrawn",
        10 => "aACompromise",
        _ => return format!("reason {code}"),
    }
    .to_string()
}

impl Crl {
    /// Where it came from ("file.crl", or "file.pem block 2").
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The issuer name, as one line.
    pub fn issuer(&self) -> &str {
        &self.issuer.text
    }

    /// thisUpdate, seconds since the Unix epoch.
    pub fn this_update(&self) -> i64 {
        self.this_update
    }

    /// nextUpdate, seconds since the Unix epoch, if present.
    pub fn next_update(&self) -> Option<i64> {
        self.next_update
    }

    /// Whether it was read from a file or fetched, and from where.
    pub fn origin(&self) -> &CrlOrigin {
        &self.origin
    }

    /// How many certificates it revokes.
    pub fn revoked_count(&self) -> usize {
        self.revoked.len()
    }

    /// Parse one DER CRL.
    pub(crate) fn from_der(der: &[u8], source: &str) -> Result<Crl, String> {
        let (rest, crl) = CertificateRevocationList::from_der(der)
            .map_err(|e| format!("not a DER X.509 CRL ({e})"))?;
        if !rest.is_empty() {
            return Err(format!(
                "{} bytes of trailing data after the CRL",
                rest.len()
            ));
        }
        let tbs = &crl.tbs_cert_list;
        if tbs.revoked_certificates.len() > MAX_CRL_ENTRIES {
            return Err(format!("more than {MAX_CRL_ENTRIES} revoked entries"));
        }
        let mut crl_number = None;
        let mut unknown_critical = Vec::new();
        for e in tbs.extensions() {
            if e.oid == oid::CRL_NUMBER {
                crl_number = Some(e.critical);
            } else if e.critical && !KNOWN_CRL_EXTENSIONS.contains(&e.oid) {
                // Kept dotted: the finding prints it.
                unknown_critical.push(e.oid.to_id_string());
            }
        }
        Ok(Crl {
            source: source.to_string(),
            issuer: DistinguishedName::from_x509(&tbs.issuer),
            this_update: tbs.this_update.timestamp(),
            next_update: tbs.next_update.map(|t| t.timestamp()),
            crl_number,
            unknown_critical,
            revoked: tbs
                .revoked_certificates
                .iter()
                .map(|r| RevokedEntry {
                    serial: r.raw_serial().to_vec(),
                    date: r.revocation_date.timestamp(),
                    reason: r.reason_code().map(|(_, c)| reason_name(c.0)),
                })
                .collect(),
            tbs: tbs.as_ref().to_vec(),
            sig_alg_oid: crl.signature_algorithm.algorithm.to_owned(),
            sig_alg_params: crl
                .signature_algorithm
                .parameters
                .as_ref()
                .map(|p| p.to_der_vec().unwrap_or_default()),
            signature: crl.signature_value.data.to_vec(),
            origin: CrlOrigin::File,
        })
    }
}
