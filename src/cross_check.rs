//! The second opinion: rustls-webpki, an independent verifier, run on the same inputs.
//!
//! With [`crate::Policy::cross_check`] on, [`crate::Verifier::verify`] ends by calling
//! [`apply`]: webpki verifies the same presented chain against the same trust anchors at
//! the same time for the same purpose and name, its answer goes into
//! [`Report::second_opinion`], and when the two engines disagree the report gets a
//! chain-level `engine_disagreement` finding and an invalid verdict. A chain is valid
//! only when both engines accept it (fail closed).
//!
//! How certchain's inputs become webpki's:
//!
//! | certchain | webpki |
//! | --- | --- |
//! | every anchor of the [`TrustStore`] | [`webpki::anchor_from_trusted_cert`]; anchors webpki cannot parse are left out and counted |
//! | the first presented certificate | the [`webpki::EndEntityCert`] |
//! | the other presented certificates, then the extra ones | the intermediates, in that order |
//! | the check time | [`UnixTime`] (a time before 1970 cannot be asked) |
//! | [`Purpose::ServerAuth`] / [`Purpose::ClientAuth`] | [`KeyUsage::server_auth`] / [`KeyUsage::client_auth`] (required if the certificate has an EKU) |
//! | [`Purpose::Other`] | the same rule for that OID (see [`EkuRule`]) |
//! | [`Purpose::Any`] | any EKU is accepted (see [`EkuRule`]) |
//! | a DNS name or IP address | [`webpki::EndEntityCert::verify_is_valid_for_subject_name`] |
//! | an e-mail address | not checked: webpki matches no rfc822Name; the opinion says so |
//! | the signature algorithms | [`webpki::ALL_VERIFICATION_ALGS`] (ring): the same families certchain verifies |
//! | [`Policy::max_intermediates`] | a path callback rejecting longer paths, counted like certchain (self-issued ones not counted); webpki's own cap of 6 intermediates stays |
//! | [`Policy::crls`] | none: webpki is given no CRLs, so revocation is outside the comparison |
//!
//! The comparison only covers what webpki was asked: certchain's `name_mismatch` findings
//! do not count against webpki when webpki could not check the name (an e-mail address),
//! nor its `revoked` / `crl_invalid` findings, since webpki saw no CRL.

use crate::findings::{Code, Finding};
use crate::load::SourcedCert;
use crate::names::HostName;
use crate::policy::{ExpectedName, Policy, Purpose};
use crate::report::{Report, SecondOpinion, Verdict};
use crate::store::TrustStore;
use rustls_pki_types::{CertificateDer, DnsName, ServerName, TrustAnchor, UnixTime};
use webpki::{
    EndEntityCert, ExtendedKeyUsageValidator, KeyPurposeId, KeyPurposeIdIter, KeyUsage,
    VerifiedPath,
};

/// The name of the second engine, as reports show it.
pub const ENGINE: &str = "rustls-webpki 0.103";

/// What webpki answered, and what it could not be asked.
#[derive(Clone, Debug)]
pub struct CrossCheck {
    /// The verdict and error that go into [`Report::second_opinion`].
    pub opinion: SecondOpinion,
    /// Trust anchors webpki could not parse, left out of its run.
    pub anchors_skipped: usize,
    /// Whether webpki checked the expected name (false for an e-mail address, and when
    /// no name was asked for).
    pub name_checked: bool,
    /// Whether the policy carried CRLs that webpki was not given.
    pub crls_ignored: bool,
}

/// The extended key usage rule webpki applies to every certificate of a path.
///
/// For server and client authentication this is webpki's own [`KeyUsage`]. For the other
/// two purposes certchain's [`Purpose`] has no webpki counterpart, so the rule is spelled
/// out here:
/// - [`Purpose::Other`]: the same rule webpki uses for server authentication, for that
///   OID: a certificate with an extendedKeyUsage must list it; one without is accepted.
///   (webpki's `KeyUsage::required_if_present` needs a `'static` OID, hence this copy.)
///   `KeyUsage::required` would reject every certificate without the extension, which is
///   not what certchain's purpose means (RFC 5280 4.2.1.12: an absent EKU allows any).
/// - [`Purpose::Any`]: webpki has no "no requirement" usage and always runs an EKU rule;
///   asking it for server authentication would reject client-only certificates that
///   certchain rightly accepts for `any`, so every listed purpose is accepted (a
///   malformed or empty extension is still an error).
#[derive(Clone, Debug)]
pub enum EkuRule {
    /// webpki's own rule.
    Webpki(KeyUsage),
    /// The OID (DER content octets) must be listed when the extension is present.
    IfPresent(Vec<u8>),
    /// Any purpose.
    Any,
}

impl EkuRule {
    /// The rule for a purpose; `Err` when a dotted OID cannot be DER-encoded.
    pub fn for_purpose(purpose: &Purpose) -> Result<EkuRule, String> {
        Ok(match purpose {
            Purpose::ServerAuth => EkuRule::Webpki(KeyUsage::server_auth()),
            Purpose::ClientAuth => EkuRule::Webpki(KeyUsage::client_auth()),
            Purpose::Any => EkuRule::Any,
            Purpose::Other(o) => EkuRule::IfPresent(
                encode_oid(o)
                    .ok_or_else(|| format!("the purpose OID {o} cannot be DER-encoded"))?,
            ),
        })
    }
}

impl ExtendedKeyUsageValidator for EkuRule {
    fn validate(&self, iter: KeyPurposeIdIter<'_, '_>) -> Result<(), webpki::Error> {
        match self {
            EkuRule::Webpki(usage) => usage.validate(iter),
            EkuRule::Any => {
                for id in iter {
                    id?;
                }
                Ok(())
            }
            EkuRule::IfPresent(oid) => {
                let want = KeyPurposeId::new(oid);
                let mut empty = true;
                for id in iter {
                    empty = false;
                    if id? == want {
                        return Ok(());
                    }
                }
                if empty {
                    return Ok(());
                }
                // The context variant needs the OID as a `'static` KeyUsage; the plain one
                // says the same thing.
                #[allow(deprecated)]
                Err(webpki::Error::RequiredEkuNotFound)
            }
        }
    }
}

/// The DER content octets of a dotted OID (X.690 8.19), or `None` when it has fewer than
/// two arcs, a first arc above 2, or an arc too large for 128 bits.
fn encode_oid(dotted: &str) -> Option<Vec<u8>> {
    let arcs: Vec<u128> = dotted
        .split('.')
        .map(|a| a.parse().ok())
        .collect::<Option<_>>()?;
    let (&first, &second) = (arcs.first()?, arcs.get(1)?);
    if first > 2 || (first < 2 && second >= 40) {
        return None;
    }
    let mut out = Vec::new();
    for arc in std::iter::once(first * 40 + second).chain(arcs[2..].iter().copied()) {
        let mut groups = vec![(arc & 0x7f) as u8];
        let mut rest = arc >> 7;
        while rest > 0 {
            groups.push((rest & 0x7f) as u8 | 0x80);
            rest >>= 7;
        }
        out.extend(groups.iter().rev());
    }
    Some(out)
}

/// Run webpki on the inputs of one verification: `presented` leaf first, `extra`
/// untrusted certificates, the name to check, the policy, and the check time `now`
/// (seconds since the Unix epoch).
pub fn run(
    store: &TrustStore,
    presented: &[SourcedCert],
    extra: &[SourcedCert],
    name: Option<&ExpectedName>,
    policy: &Policy,
    now: i64,
) -> CrossCheck {
    let mut cross = CrossCheck {
        opinion: SecondOpinion {
            engine: ENGINE.into(),
            verdict: Verdict::Valid,
            error: None,
        },
        anchors_skipped: 0,
        name_checked: matches!(name, Some(ExpectedName::Host(_))),
        crls_ignored: !policy.crls.is_empty(),
    };
    let ders: Vec<CertificateDer<'_>> = store.ders().map(CertificateDer::from).collect();
    let mut anchors: Vec<TrustAnchor<'_>> = Vec::with_capacity(ders.len());
    for der in &ders {
        match webpki::anchor_from_trusted_cert(der) {
            Ok(a) => anchors.push(a),
            Err(_) => cross.anchors_skipped += 1,
        }
    }
    let result = verify(&anchors, presented, extra, name, policy, now);
    if let Err(mut e) = result {
        if cross.anchors_skipped > 0 {
            e.push_str(&format!(
                " ({} trust anchor(s) webpki could not parse were left out)",
                cross.anchors_skipped
            ));
        }
        cross.opinion.verdict = Verdict::Invalid;
        cross.opinion.error = Some(e);
    } else if let Some(ExpectedName::Email(e)) = name {
        cross.opinion.error = Some(format!(
            "the e-mail address {e} was not checked: webpki does not match rfc822Name; this verdict covers the path only"
        ));
    }
    cross
}

/// A check webpki runs on each candidate path before accepting it.
type PathCheck<'a> = dyn Fn(&VerifiedPath<'_>) -> Result<(), webpki::Error> + 'a;

/// webpki's verdict: `Err` carries its error, in words.
fn verify(
    anchors: &[TrustAnchor<'_>],
    presented: &[SourcedCert],
    extra: &[SourcedCert],
    name: Option<&ExpectedName>,
    policy: &Policy,
    now: i64,
) -> Result<(), String> {
    let Some(leaf) = presented.first() else {
        return Err("no certificate was presented".into());
    };
    let secs = u64::try_from(now)
        .map_err(|_| format!("webpki cannot check a time before 1970 ({now})"))?;
    let time = UnixTime::since_unix_epoch(std::time::Duration::from_secs(secs));
    let usage = EkuRule::for_purpose(&policy.purpose)?;
    let leaf_der = CertificateDer::from(leaf.cert.der.as_slice());
    let ee = EndEntityCert::try_from(&leaf_der)
        .map_err(|e| format!("the leaf does not parse: {e:?}"))?;
    let intermediates: Vec<CertificateDer<'_>> = presented[1..]
        .iter()
        .chain(extra)
        .map(|c| CertificateDer::from(c.cert.der.as_slice()))
        .collect();
    let max = policy.max_intermediates;
    // certchain's limit counts intermediates that are not self-issued (RFC 5280 6.1.4 (l)).
    let depth_limit = move |path: &VerifiedPath<'_>| -> Result<(), webpki::Error> {
        let n = path
            .intermediate_certificates()
            .filter(|c| c.subject() != c.issuer())
            .count();
        match max {
            Some(max) if n > max => Err(webpki::Error::MaximumPathDepthExceeded),
            _ => Ok(()),
        }
    };
    let callback: Option<&PathCheck<'_>> = if max.is_some() {
        Some(&depth_limit)
    } else {
        None
    };
    ee.verify_for_usage(
        webpki::ALL_VERIFICATION_ALGS,
        anchors,
        &intermediates,
        time,
        &usage,
        None,
        callback,
    )
    .map_err(|e| format!("{e:?}"))?;
    let server_name = match name {
        Some(ExpectedName::Host(HostName::Dns(d))) => ServerName::DnsName(
            DnsName::try_from(d.as_str())
                .map_err(|_| format!("{d:?} is not a DNS name webpki accepts"))?
                .to_owned(),
        ),
        Some(ExpectedName::Host(HostName::Ip(ip))) => ServerName::from(*ip),
        Some(ExpectedName::Email(_)) | None => return Ok(()),
    };
    ee.verify_is_valid_for_subject_name(&server_name)
        .map_err(|e| format!("{e:?}"))
}

/// Whether a certchain error is something webpki was asked about.
fn in_scope(f: &Finding, cross: &CrossCheck) -> bool {
    match f.code {
        Code::NameMismatch => cross.name_checked,
        Code::Revoked | Code::CrlInvalid => !cross.crls_ignored,
        _ => true,
    }
}

/// Put webpki's answer into the report: set [`Report::second_opinion`] and, when the
/// engines disagree, push a chain-level `engine_disagreement` finding naming both reasons
/// and make the verdict invalid. certchain's reason is its first error within what webpki
/// was asked (see the module documentation), or "valid".
pub fn reconcile(report: &mut Report, cross: CrossCheck) {
    let certchain_reason = report
        .errors()
        .find(|f| in_scope(f, &cross))
        .map(|f| match f.depth {
            Some(d) => format!("[{d}] {}: {}", f.code, f.message),
            None => format!("{}: {}", f.code, f.message),
        });
    let webpki_rejects = cross.opinion.verdict == Verdict::Invalid;
    if certchain_reason.is_some() != webpki_rejects {
        let webpki_reason = match &cross.opinion.error {
            Some(e) if webpki_rejects => e.clone(),
            _ => "valid".into(),
        };
        report.findings.push(Finding::chain(
            Code::EngineDisagreement,
            "",
            format!(
                "the engines disagree: certchain says {}; {ENGINE} says {webpki_reason}",
                certchain_reason.as_deref().unwrap_or("valid")
            ),
        ));
        report.verdict = Verdict::Invalid;
    }
    if webpki_rejects {
        report.verdict = Verdict::Invalid; // fail closed: valid only when both engines accept
    }
    report.second_opinion = Some(cross.opinion);
}

/// The hook at the end of [`crate::Verifier::verify`]: [`run`], then [`reconcile`], at the
/// time the report was checked at.
pub fn apply(
    report: &mut Report,
    store: &TrustStore,
    presented: &[SourcedCert],
    extra: &[SourcedCert],
    name: Option<&ExpectedName>,
    policy: &Policy,
) {
    let cross = run(
        store,
        presented,
        extra,
        name,
        policy,
        report.checked_at_unix,
    );
    reconcile(report, cross);
}

#[cfg(test)]
mod tests {
    use super::encode_oid;

    #[test]
    fn oids_encode_as_x690_says() {
        // id-kp-serverAuth 1.3.6.1.5.5.7.3.1
        assert_eq!(
            encode_oid("1.3.6.1.5.5.7.3.1").unwrap(),
            [0x2b, 6, 1, 5, 5, 7, 3, 1]
        );
        // 2.999.3: first subidentifier 1079 = 0x88 0x37
        assert_eq!(encode_oid("2.999.3").unwrap(), [0x88, 0x37, 3]);
        assert_eq!(
            encode_oid("1.2.840.113549").unwrap(),
            [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d]
        );
        assert!(encode_oid("3.1").is_none());
        assert!(encode_oid("1.40").is_none());
        assert!(encode_oid("1").is_none());
    }
}
