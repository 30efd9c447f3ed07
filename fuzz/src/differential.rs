//! The oracle of the `differential` target: when certchain and rustls-webpki differ on a
//! chain, is the difference one docs/cross-check.md explains? Each explanation below names
//! the row of that document it stands for; an input outside all of them is a finding.

use certchain::{
    CheckTime, Code, ExpectedName, Finding, HostName, Policy, Report, TrustStore, Verifier,
};
use std::collections::HashMap;
use std::sync::OnceLock;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::prelude::{FromDer, X509Certificate};

/// The DER of every fixture anchor by SHA-256, and a verifier over them with the
/// cross-check on, made once.
struct Fixtures {
    verifier: Verifier,
    anchors: HashMap<String, Vec<u8>>,
}

fn fixtures() -> &'static Fixtures {
    static FIXTURES: OnceLock<Fixtures> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let store = crate::fixture_store();
        let anchors = store
            .entries()
            .into_iter()
            .filter_map(|e| e.cert)
            .map(|c| (c.sha256().to_string(), c.der().to_vec()))
            .collect();
        Fixtures {
            verifier: Verifier::new(store, cross_checked(crate::AT)),
            anchors,
        }
    })
}

/// The defaults at `at`, with the cross-check on.
fn cross_checked(at: i64) -> Policy {
    Policy {
        time: CheckTime::At(at),
        cross_check: true,
        ..Policy::default()
    }
}

/// The latest check time taken from an input: 9999-12-31T23:59:59Z.
const LATEST: i64 = 253_402_300_799;

/// One input of the `differential` target, DER elements in order: any number of options
/// (an INTEGER of up to 8 octets: the check time in seconds since 1970, clamped to
/// 0..=[`LATEST`]; an IA5String: the host name, parsed as `--host` parses it), then the
/// certificates, leaf first. With two certificates or more the last is the only trust
/// anchor; with fewer, the fixtures' store is, at [`crate::AT`]. Without a host name, no
/// name is checked.
pub struct Case<'a> {
    certs: Vec<&'a [u8]>,
    at: i64,
    host: Option<ExpectedName>,
    anchor: Option<&'a [u8]>,
}

impl<'a> Case<'a> {
    /// Split an input.
    pub fn new(data: &'a [u8]) -> Case<'a> {
        let mut elements = crate::split_der(data).into_iter().peekable();
        let mut case = Case {
            certs: Vec::new(),
            at: crate::AT,
            host: None,
            anchor: None,
        };
        while let Some(e) = elements.next_if(|e| matches!(e.first(), Some(0x02 | 0x16))) {
            let header = match e.get(1) {
                Some(&n) if n >= 0x80 => 2 + usize::from(n - 0x80),
                _ => 2,
            };
            let content = e.get(header..).unwrap_or(&[]);
            if e.first() == Some(&0x02) && content.len() <= 8 {
                let v = content
                    .iter()
                    .fold(0i64, |acc, b| (acc << 8) | i64::from(*b));
                case.at = v.clamp(0, LATEST);
            } else if let Ok(name) = std::str::from_utf8(content) {
                case.host = HostName::parse(name).ok().map(ExpectedName::Host);
            }
        }
        case.certs = elements.collect();
        if case.certs.len() >= 2 {
            case.anchor = case.certs.pop();
        }
        case
    }

    /// certchain's report, with webpki's opinion in it.
    pub fn verify(&self) -> Result<Report, certchain::DerError> {
        let fixtures = fixtures();
        match self.anchor {
            Some(anchor) => {
                let mut store = TrustStore::new();
                store.add_der(
                    anchor.to_vec(),
                    certchain::Source {
                        kind: certchain::SourceKind::RootStore,
                        name: "anchor".into(),
                        position: None,
                    },
                );
                Verifier::new(store, cross_checked(self.at))
                    .verify_der(&self.certs, self.host.as_ref())
            }
            None => fixtures
                .verifier
                .verify_der(&self.certs, self.host.as_ref()),
        }
    }

    /// Whether the input's own anchor is one certchain cannot parse (webpki reads only
    /// its subject and key, and takes trailing bytes after it): certchain can then reach
    /// no trust anchor at all, and rejecting is the only answer (fail closed).
    pub fn anchor_unparsed(&self) -> bool {
        self.anchor
            .is_some_and(|der| certchain::Certificate::from_der(der).is_err())
    }

    /// The DER of each certificate of the report's path, leaf first: from the input or
    /// the store.
    pub fn path_ders(&self, report: &Report) -> Vec<Vec<u8>> {
        let mut known: HashMap<String, Vec<u8>> = self
            .certs
            .iter()
            .chain(self.anchor.iter())
            .filter_map(|der| certchain::Certificate::from_der(der).ok())
            .map(|c| (c.sha256().to_string(), c.der().to_vec()))
            .collect();
        if self.anchor.is_none() {
            known.extend(
                fixtures()
                    .anchors
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone())),
            );
        }
        report
            .path
            .iter()
            .filter_map(|p| known.get(&p.sha256).cloned())
            .collect()
    }
}

/// webpki's variant name from certchain's description of its error (`... [webpki X]`).
fn variant(error: &str) -> &str {
    error
        .rsplit_once("[webpki ")
        .map(|(_, v)| v.trim_end_matches(']'))
        .unwrap_or(error)
}

/// Extensions webpki reads (rustls-webpki `remember_cert_extension`): keyUsage,
/// subjectAltName, basicConstraints, nameConstraints, cRLDistributionPoints, extKeyUsage.
/// Any other one marked critical is `UnsupportedCriticalExtension` for webpki.
const WEBPKI_EXTENSIONS: [&str; 6] = [
    "2.5.29.15",
    "2.5.29.17",
    "2.5.29.19",
    "2.5.29.30",
    "2.5.29.31",
    "2.5.29.37",
];

/// webpki's cap on intermediates (rustls-webpki `MAX_SUB_CA_COUNT`).
const WEBPKI_MAX_INTERMEDIATES: usize = 6;

/// certchain accepted, webpki rejected: Ok when docs/cross-check.md explains it.
pub fn explain_webpki_reject(error: &str, path: &[Vec<u8>]) -> Result<&'static str, String> {
    let certs: Vec<X509Certificate<'_>> = path
        .iter()
        .filter_map(|der| X509Certificate::from_der(der).ok().map(|(_, c)| c))
        .collect();
    if certs.len() != path.len() || certs.is_empty() {
        return Err(format!(
            "path not recovered ({} of {})",
            certs.len(),
            path.len()
        ));
    }
    let intermediates = certs.get(1..certs.len() - 1).unwrap_or(&[]);
    let self_issued = intermediates
        .iter()
        .any(|c| c.tbs_certificate.subject.as_raw() == c.tbs_certificate.issuer.as_raw());
    // Name constraints webpki does not implement and fails closed on.
    let unsupported_constraints = certs.iter().skip(1).any(|c| {
        c.extensions().iter().any(|e| match e.parsed_extension() {
            ParsedExtension::NameConstraints(nc) => nc
                .permitted_subtrees
                .iter()
                .chain(nc.excluded_subtrees.iter())
                .flatten()
                .any(|s| !matches!(s.base, GeneralName::DNSName(_) | GeneralName::IPAddress(_))),
            _ => false,
        })
    });
    let unknown_critical = certs.iter().any(|c| {
        c.extensions()
            .iter()
            .any(|e| e.critical && !WEBPKI_EXTENSIONS.contains(&e.oid.to_id_string().as_str()))
    });
    // RFC 5280 7.1: names are compared after case folding and whitespace normalization;
    // webpki compares their bytes.
    let names_equal_only_normalized = certs
        .windows(2)
        .any(|w| w[0].tbs_certificate.issuer.as_raw() != w[1].tbs_certificate.subject.as_raw());
    let v = variant(error);
    match v {
        // "a leaf that is in the trust store": webpki refuses a CA as end entity.
        "CaUsedAsEndEntity" if certs.len() == 1 => Ok("leaf is a trust anchor"),
        // "--max-depth": webpki's own cap of 6 intermediates.
        "MaximumPathDepthExceeded" if intermediates.len() > WEBPKI_MAX_INTERMEDIATES => {
            Ok("over webpki's 6 intermediates")
        }
        // webpki's budgets are its own; failing closed on them is not a disagreement of rules.
        "MaximumSignatureChecksExceeded" | "MaximumPathBuildCallsExceeded" => Ok("webpki budget"),
        // "Self-issued intermediates": counted by webpki toward pathLen and constrained;
        // its error ranking may show InvalidSignatureForPublicKey from a wrong candidate.
        "PathLenConstraintViolated"
        | "NameConstraintViolation"
        | "InvalidSignatureForPublicKey"
            if self_issued =>
        {
            Ok("self-issued intermediate")
        }
        // A link of the path whose names match under RFC 5280 7.1 but not byte for byte.
        "UnknownIssuer" if names_equal_only_normalized => Ok("names equal under RFC 5280 7.1"),
        // "No directoryName or rfc822Name name constraints".
        "NameConstraintViolation" if unsupported_constraints => {
            Ok("name constraint type webpki lacks")
        }
        // Policy extensions and others certchain processes; webpki knows six extensions.
        "UnsupportedCriticalExtension" if unknown_critical => Ok("critical extension webpki lacks"),
        _ => Err(format!(
            "webpki {v}; self-issued intermediate: {self_issued}, unsupported constraints: \
             {unsupported_constraints}, unknown critical: {unknown_critical}, path of {}",
            certs.len()
        )),
    }
}

/// certchain rejected, webpki accepted: Ok when every error certchain found is a rule the
/// "certchain rejects, webpki accepts" table of docs/cross-check.md lists.
pub fn explain_certchain_reject(own: &[&Finding], report: &Report) -> Result<(), String> {
    let anchor_depth = report
        .reached_anchor
        .then(|| report.path.len().checked_sub(1))
        .flatten();
    let unexplained: Vec<String> = own
        .iter()
        .filter(|f| {
            let at_anchor = f.depth.is_some() && f.depth == anchor_depth;
            !match f.code {
                // Rules webpki does not apply anywhere: keyUsage, key strength, the CA/B EKU
                // and CN profile, RFC 5280 encoding MUSTs, public suffixes, name
                // constraint rules, policies, its budgets.
                Code::KeyUsageMismatch
                | Code::MissingKeyCertSign
                | Code::WeakKey
                | Code::ProfileViolation
                | Code::Malformed
                | Code::EkuMismatch
                | Code::NameMismatch
                | Code::NameConstraintViolation
                | Code::PolicyRequired
                | Code::UnknownCriticalExtension
                | Code::CaUsedAsLeaf
                | Code::BudgetExhausted => true,
                // "Trust anchor contents are not checked": webpki takes an anchor's subject
                // and key even when the rest of it does not parse; certchain does not use
                // a certificate it cannot parse, and names it in the finding.
                Code::IssuerNotFound | Code::UntrustedRoot => matches!(
                    f.details,
                    certchain::Details::IssuerNotFound {
                        unparsed_anchor: Some(_),
                        ..
                    } | certchain::Details::UntrustedRoot {
                        unparsed_anchor: Some(_),
                        ..
                    }
                ),
                // "Trust anchor contents are not checked".
                Code::Expired | Code::NotYetValid | Code::NotACa | Code::PathLenExceeded => {
                    at_anchor
                }
                _ => false,
            }
        })
        .map(|f| format!("{} at {:?}", f.code.as_str(), f.depth))
        .collect();
    if unexplained.is_empty() {
        Ok(())
    } else {
        Err(unexplained.join(", "))
    }
}
