//! The oracle of the `differential` target: when certchain and rustls-webpki differ on a
//! chain, is the difference one docs/cross-check.md explains? Each explanation below names
//! the row of that document it stands for; an input outside all of them is a finding.

use certchain::{Code, Finding, Policy, Report, Verifier};
use std::collections::HashMap;
use std::sync::OnceLock;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::prelude::{FromDer, X509Certificate};

/// The verifier with the cross-check on, and the DER of every anchor by SHA-256.
pub struct Engines {
    /// The fixtures' store, [`crate::policy`] with `cross_check`.
    pub verifier: Verifier,
    anchors: HashMap<String, Vec<u8>>,
}

impl Engines {
    /// Made once.
    pub fn get() -> &'static Engines {
        static ENGINES: OnceLock<Engines> = OnceLock::new();
        ENGINES.get_or_init(|| {
            let store = crate::fixture_store();
            let anchors = store
                .entries()
                .into_iter()
                .filter_map(|e| e.cert)
                .map(|c| (c.sha256().to_string(), c.der().to_vec()))
                .collect();
            let policy = Policy {
                cross_check: true,
                ..crate::policy()
            };
            Engines {
                verifier: Verifier::new(store, policy),
                anchors,
            }
        })
    }

    /// The DER of each certificate of the report's path, leaf first: from the input or
    /// the store.
    pub fn path_ders(&self, report: &Report, chain: &[&[u8]]) -> Vec<Vec<u8>> {
        let presented: HashMap<String, Vec<u8>> = chain
            .iter()
            .filter_map(|der| certchain::Certificate::from_der(der).ok())
            .map(|c| (c.sha256().to_string(), c.der().to_vec()))
            .collect();
        report
            .path
            .iter()
            .filter_map(|p| {
                presented
                    .get(&p.sha256)
                    .or_else(|| self.anchors.get(&p.sha256))
                    .cloned()
            })
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
