//! The second opinion: rustls-webpki, an independent verifier, run on the same inputs.
//!
//! With [`crate::Policy::cross_check`] on, the evaluator's conclusion on the path to
//! report calls [`run`] and [`reconcile`]: webpki verifies the same presented chain
//! against the same trust anchors at the same time for the same purpose and name, its
//! answer goes into [`Report::second_opinion`], and when the two engines disagree the
//! report gets a chain-level `engine_disagreement` finding and an invalid verdict. A
//! chain is valid only when both engines accept it (fail closed).
//!
//! [`Report::second_opinion`]: crate::report::Report::second_opinion
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
//! | [`Policy::crls`], [`Policy::require_revocation`] | none: webpki is given no CRLs, so revocation is outside the comparison |
//!
//! The comparison only covers what webpki was asked: certchain's `name_mismatch` findings
//! do not count against webpki when webpki could not check the name (an e-mail address),
//! nor its `revoked` / `crl_invalid` / `revocation_required` findings, since webpki saw
//! no CRL. webpki's errors are put in words by [`describe`].

use crate::input::SourcedCert;
use crate::model::time::{rfc3339, span};
use crate::names::HostName;
use crate::policy::{ExpectedName, Policy, Purpose};
use crate::report::details::{Details, FirstError};
use crate::report::finding::{Code, Finding};
use crate::report::{SecondOpinion, Verdict};
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
    /// The verdict and error that go into [`Report::second_opinion`](crate::report::Report::second_opinion).
    pub opinion: SecondOpinion,
    /// Trust anchors webpki could not parse, left out of its run.
    pub anchors_skipped: usize,
    /// Whether webpki checked the expected name (false for an e-mail address, and when
    /// no name was asked for).
    pub name_checked: bool,
    /// Whether the policy carried CRLs or a revocation requirement that webpki was not
    /// given.
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
// Not asn1-rs's `Oid::from_str`: asn1-rs 0.7 refuses a second arc of 40 or more under
// joint-iso-itu-t (2.999.3 is a valid OID), accepts first arcs 3 to 6, and keeps only
// the low byte of the first subidentifier, so it does not do the same job.
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
    let seven_bits = |v: u128| u8::try_from(v & 0x7f).unwrap_or(0);
    // X.690 8.19.4: the first subidentifier is first * 40 + second; a second arc too
    // large for that sum is an OID this encoder cannot carry, not a wrapped number.
    let joined = first.checked_mul(40)?.checked_add(second)?;
    for arc in std::iter::once(joined).chain(arcs.iter().skip(2).copied()) {
        let mut groups = vec![seven_bits(arc)];
        let mut rest = arc >> 7;
        while rest > 0 {
            groups.push(seven_bits(rest) | 0x80);
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
        crls_ignored: !policy.crls.is_empty() || policy.require_revocation.is_some(),
    };
    let ders: Vec<CertificateDer<'_>> = store.ders().map(CertificateDer::from).collect();
    let mut anchors: Vec<TrustAnchor<'_>> = Vec::with_capacity(ders.len());
    for der in &ders {
        match webpki::anchor_from_trusted_cert(der) {
            Ok(a) => anchors.push(a),
            Err(_) => cross.anchors_skipped = cross.anchors_skipped.saturating_add(1),
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
    let intermediates: Vec<CertificateDer<'_>> = presented
        .iter()
        .skip(1)
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
    .map_err(|e| describe(&e))?;
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
        .map_err(|e| describe(&e))
}

/// webpki's error in words, with its dates as RFC 3339 and its names as certchain prints
/// them, followed by the variant name (`[webpki CertExpired]`) to look it up by. webpki
/// does not say which certificate of its path an error is about, so neither can this.
pub fn describe(e: &webpki::Error) -> String {
    use webpki::Error as E;
    let at = |t: &UnixTime| rfc3339(i64::try_from(t.as_secs()).unwrap_or(i64::MAX));
    let words = match e {
        E::CertExpired { time, not_after } => format!(
            "a certificate of the path expired {}, {} before the check time {}",
            at(not_after),
            span_between(not_after, time),
            at(time)
        ),
        E::CertNotValidYet { time, not_before } => format!(
            "a certificate of the path is not valid before {}, {} after the check time {}",
            at(not_before),
            span_between(time, not_before),
            at(time)
        ),
        E::CrlExpired { time, next_update } => format!(
            "a CRL is stale: its nextUpdate {} is before the check time {}",
            at(next_update),
            at(time)
        ),
        E::CertNotValidForName(ctx) => {
            let names: Vec<String> = ctx.presented.iter().map(|n| general_name(n)).collect();
            format!(
                "the leaf is not valid for {}: its names are {}",
                ctx.expected.to_str(),
                if names.is_empty() {
                    "none (no subjectAltName)".to_string()
                } else {
                    names.join(", ")
                }
            )
        }
        E::RequiredEkuNotFoundContext(ctx) => {
            let required: Vec<usize> = ctx.required.oid_values().collect();
            let present: Vec<String> = ctx.present.iter().map(|o| eku_name(o)).collect();
            format!(
                "a certificate's extKeyUsage does not allow {}; it lists {}",
                eku_name(&required),
                if present.is_empty() {
                    "nothing".to_string()
                } else {
                    present.join(", ")
                }
            )
        }
        #[allow(deprecated)]
        E::RequiredEkuNotFound => {
            "a certificate's extKeyUsage does not allow the purpose asked for".into()
        }
        E::UnknownIssuer => "no path to a trust anchor: the issuer of a certificate is neither among the presented certificates nor a trust anchor".into(),
        E::CaUsedAsEndEntity => "the leaf is a CA certificate (basicConstraints cA TRUE) used as an end-entity certificate".into(),
        E::EndEntityUsedAsCa => "a certificate that is not a CA (no basicConstraints cA TRUE) issued another certificate of the path".into(),
        E::InvalidSignatureForPublicKey => "a signature does not verify with the issuer's public key".into(),
        E::SignatureAlgorithmMismatch => "a certificate's signature algorithm differs from the one inside its signed part".into(),
        E::PathLenConstraintViolated => "a CA's pathLenConstraint allows fewer CAs below it than the path has".into(),
        E::NameConstraintViolation => "a name in a certificate is outside the name constraints of a CA above it".into(),
        E::MaximumPathDepthExceeded => "the path has more intermediates than allowed (webpki's own limit is 6; the policy's maximum depth sets a lower one)".into(),
        E::MaximumSignatureChecksExceeded => "path building gave up: webpki's budget of signature checks ran out".into(),
        E::MaximumPathBuildCallsExceeded => "path building gave up: webpki's budget of path-building steps ran out".into(),
        E::MaximumNameConstraintComparisonsExceeded => "path building gave up: webpki's budget of name-constraint comparisons ran out".into(),
        E::UnsupportedCriticalExtension => "a certificate has a critical extension webpki does not process".into(),
        E::UnsupportedCertVersion => "a certificate is not X.509 version 3".into(),
        E::InvalidCertValidity => "a certificate's validity period is invalid (notAfter before notBefore)".into(),
        E::InvalidSerialNumber => "a certificate's serial number is misencoded, negative or too long".into(),
        E::EmptyEkuExtension => "a certificate has an extKeyUsage extension that lists nothing".into(),
        E::MalformedExtensions => "a certificate's extensions are malformed".into(),
        E::MalformedDnsIdentifier => "a DNS name in the leaf or the one asked for is malformed".into(),
        E::MalformedNameConstraint => "a CA's name constraint is malformed".into(),
        E::InvalidNetworkMaskConstraint => "a CA's iPAddress name constraint has a mask that is not a CIDR prefix".into(),
        E::ExtensionValueInvalid => "an extension of a certificate has an invalid value".into(),
        E::BadDer => "a certificate is not valid DER".into(),
        E::BadDerTime => "a time in a certificate is not valid DER".into(),
        E::TrailingData(t) => format!("trailing data after a DER {t:?}"),
        E::CertDistrusted => "a certificate's key is explicitly distrusted".into(),
        E::CertRevoked => "a certificate is revoked".into(),
        E::UnknownRevocationStatus => "a certificate's revocation status is unknown".into(),
        E::UnsupportedNameType => "the name asked for is of a type webpki does not check".into(),
        E::UnsupportedSignatureAlgorithmContext(_) => "a signature uses an algorithm webpki does not verify".into(),
        #[allow(deprecated)]
        E::UnsupportedSignatureAlgorithm => "a signature uses an algorithm webpki does not verify".into(),
        E::UnsupportedSignatureAlgorithmForPublicKeyContext(_) => "a signature's algorithm does not fit the type of the issuer's key".into(),
        #[allow(deprecated)]
        E::UnsupportedSignatureAlgorithmForPublicKey => "a signature's algorithm does not fit the type of the issuer's key".into(),
        other => format!("{other:?}"),
    };
    format!("{words} [webpki {}]", variant(e))
}

/// The name of an error's variant: its Debug text up to the first parenthesis or brace.
fn variant(e: &webpki::Error) -> String {
    let debug = format!("{e:?}");
    debug
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_string()
}

/// The time from `from` to `to`, in words.
fn span_between(from: &UnixTime, to: &UnixTime) -> String {
    let secs = to.as_secs().abs_diff(from.as_secs());
    span(i64::try_from(secs).unwrap_or(i64::MAX))
}

/// webpki's Debug text of a subjectAltName entry, as certchain prints names
/// (`DnsName("a.example")` is `DNS:a.example`).
fn general_name(debug: &str) -> String {
    let inner = |prefix: &str| {
        debug
            .strip_prefix(prefix)
            .and_then(|r| r.strip_suffix(')'))
            .map(|v| v.trim_matches('"').to_string())
    };
    if let Some(v) = inner("DnsName(") {
        format!("DNS:{v}")
    } else if let Some(v) = inner("IpAddress(") {
        format!("IP:{v}")
    } else if let Some(v) = inner("UniformResourceIdentifier(") {
        format!("URI:{v}")
    } else if debug == "DirectoryName" {
        "a directory name".into()
    } else {
        debug.to_string()
    }
}

/// An extended key usage OID by its RFC 5280 4.2.1.12 name where it has one, else dotted.
fn eku_name(arcs: &[usize]) -> String {
    let dotted = arcs
        .iter()
        .map(|a| a.to_string())
        .collect::<Vec<_>>()
        .join(".");
    match dotted.parse::<x509_parser::asn1_rs::Oid<'static>>() {
        Ok(o) => crate::checks::purpose::eku_name(&o),
        Err(_) => dotted,
    }
}

/// Whether a certchain error is something webpki was asked about.
fn in_scope(f: &Finding, cross: &CrossCheck) -> bool {
    match f.code {
        Code::NameMismatch => cross.name_checked,
        Code::Revoked | Code::CrlInvalid | Code::RevocationRequired | Code::RevocationUnknown => {
            !cross.crls_ignored
        }
        _ => true,
    }
}

/// Reconcile webpki's answer with certchain's `findings` (every finding of the
/// verification so far): when the engines disagree, a chain-level `engine_disagreement`
/// finding naming both reasons, which makes the verdict invalid. certchain's reason is
/// its first error within what webpki was asked (see the module documentation), or
/// "valid". The report builder also holds a verdict invalid whenever webpki rejects
/// (fail closed: valid only when both engines accept).
pub fn reconcile(findings: &[Finding], cross: CrossCheck) -> (Option<Finding>, SecondOpinion) {
    let certchain_reason = findings
        .iter()
        .filter(|f| f.is_error())
        .find(|f| in_scope(f, &cross))
        .map(|f| FirstError {
            depth: f.depth,
            code: f.code.as_str(),
            message: f.message.clone(),
        });
    let webpki_rejects = cross.opinion.verdict == Verdict::Invalid;
    let disagreement = (certchain_reason.is_some() != webpki_rejects).then(|| {
        let webpki_reason = match &cross.opinion.error {
            Some(e) if webpki_rejects => Some(e.clone()),
            _ => None,
        };
        Finding::chain(
            Code::EngineDisagreement,
            "",
            Details::EngineDisagreement {
                certchain_error: certchain_reason,
                engine: ENGINE.to_string(),
                engine_error: webpki_reason,
            },
        )
    });
    (disagreement, cross.opinion)
}

#[cfg(test)]
mod tests {
    use super::{describe, encode_oid, general_name};
    use rustls_pki_types::UnixTime;
    use std::time::Duration;

    #[test]
    fn webpki_errors_read_as_sentences_with_dates() {
        let t = |s| UnixTime::since_unix_epoch(Duration::from_secs(s));
        let e = webpki::Error::CertNotValidYet {
            time: t(1_780_272_000),
            not_before: t(1_782_864_000),
        };
        assert_eq!(
            describe(&e),
            "a certificate of the path is not valid before 2026-07-01T00:00:00Z, 30 days after the check time 2026-06-01T00:00:00Z [webpki CertNotValidYet]"
        );
        assert_eq!(
            describe(&webpki::Error::UnknownIssuer),
            "no path to a trust anchor: the issuer of a certificate is neither among the presented certificates nor a trust anchor [webpki UnknownIssuer]"
        );
        assert_eq!(general_name("IpAddress(192.0.2.1)"), "IP:192.0.2.1");
        assert_eq!(general_name("DnsName(\"a.example\")"), "DNS:a.example");
    }

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

    #[test]
    fn an_oid_whose_first_subidentifier_overflows_is_refused_not_wrapped() {
        // 2.(u128::MAX): 2 * 40 + u128::MAX overflowed (a panic in debug builds).
        assert!(encode_oid(&format!("2.{}", u128::MAX)).is_none());
        assert!(encode_oid(&format!("2.{}.1", u128::MAX - 79)).is_none());
        assert_eq!(
            encode_oid(&format!("2.{}", u128::MAX - 80)).unwrap().len(),
            19
        );
    }
}
