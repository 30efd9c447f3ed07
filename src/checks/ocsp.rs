//! OCSP responses (RFC 6960 3.2) judged for one certificate of the path: a response is
//! used only when it names the certificate (CertID), its signature verifies with the
//! key of the issuer or of a responder the issuer authorised (id-kp-OCSPSigning), it is
//! fresh, and its nonce is the one sent. Anything else is reported and not used: a
//! response that fails a check never counts as a check (fail closed).

use super::Ctx;
use crate::build::signature::{classify, AlgorithmClass};
use crate::model::ocsp::{
    Basic, Body, CertIdHash, OcspResponse, Responder, Single, SingleStatus,
    MAX_OCSP_AGE_WITHOUT_NEXT_UPDATE,
};
use crate::model::time::rfc3339;
use crate::model::{oid, Certificate};
use crate::report::details::{Details, OcspProblem};
use crate::report::finding::{Code, Findings};

/// Clock skew allowed between the responder and the check time, in seconds, on both
/// thisUpdate and nextUpdate: openssl's default `-validity_period` (5 minutes).
pub const OCSP_CLOCK_SKEW_SECS: i64 = 300;

/// What one response says of one certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Usable, and the certificate is good.
    Good,
    /// Usable, and the certificate is revoked (a `revoked` finding was pushed).
    Revoked,
    /// About this certificate but not usable (a finding says why).
    Unusable,
}

/// Judge `resp` for `cert` (at `depth`) issued by `issuer`. `None` when the response
/// is not about this certificate: no CertID in it names the certificate, and it was not
/// asked for (fetched) or served with (stapled) it.
pub(crate) fn judge(
    resp: &OcspResponse,
    depth: usize,
    cert: &Certificate,
    issuer: &Certificate,
    ctx: &Ctx<'_>,
    out: &mut Findings,
) -> Option<Outcome> {
    let asked = resp.about.as_deref() == Some(cert.sha256.as_str());
    let bad = |out: &mut Findings, clause, problem| {
        out.push(
            depth,
            Code::OcspBadResponse,
            clause,
            Details::OcspBadResponse {
                response: resp.source.clone(),
                origin: resp.origin,
                problem,
            },
        );
        Some(Outcome::Unusable)
    };
    let basic = match &resp.body {
        Body::Basic(b) => b,
        Body::Unreadable(reason) if asked => {
            return bad(
                out,
                "RFC 6960 4.2.1",
                OcspProblem::Unreadable {
                    reason: reason.clone(),
                },
            )
        }
        Body::Error(status) if asked => {
            // RFC 6960 2.3: an error status carries no certificate status.
            out.push(
                depth,
                Code::OcspResponderError,
                "RFC 6960 2.3",
                Details::OcspResponderError {
                    response: resp.source.clone(),
                    origin: resp.origin,
                    status: (*status).to_string(),
                },
            );
            return Some(Outcome::Unusable);
        }
        Body::NoAnswer(reason) if asked => {
            // RFC 6960 A.1: no OCSPResponse came back over HTTP.
            out.push(
                depth,
                Code::OcspResponderError,
                "RFC 6960 A.1",
                Details::OcspNoAnswer {
                    response: resp.source.clone(),
                    reason: reason.clone(),
                },
            );
            return Some(Outcome::Unusable);
        }
        Body::Unreadable(_) | Body::Error(_) | Body::NoAnswer(_) => return None,
    };
    // RFC 6960 3.2 (1): the certificate identified in the response is the one asked about.
    let Some(single) = basic.singles.iter().find(|s| s.id.names(cert, issuer)) else {
        return if asked {
            bad(out, "RFC 6960 3.2 (1)", OcspProblem::OtherCertificate)
        } else {
            None
        };
    };
    if let Err((clause, problem)) = check_signed(basic, issuer, ctx) {
        return bad(out, clause, problem);
    }
    // RFC 6960 4.4: a critical extension the client does not understand.
    if let Some(o) = basic.unknown_critical.first() {
        return bad(
            out,
            "RFC 6960 4.4",
            OcspProblem::UnknownCriticalExtension { oid: o.clone() },
        );
    }
    // RFC 8954 2.1 (RFC 6960 4.4.1): the nonce binds the response to the request. A
    // response without one is accepted on its times alone (RFC 5019 2.2: responders
    // that pre-produce responses send none).
    if let (Some(sent), Some(got)) = (&resp.nonce_sent, &basic.nonce) {
        if sent != got {
            return bad(out, "RFC 8954 2.1", OcspProblem::NonceMismatch);
        }
    }
    if let Some(stale) = staleness(single, ctx.now) {
        out.push(
            depth,
            Code::OcspStale,
            "RFC 6960 3.2 (4), (5)",
            Details::OcspStale {
                response: resp.source.clone(),
                origin: resp.origin,
                this_update: rfc3339(single.this_update),
                this_update_unix: single.this_update,
                next_update: single.next_update.map(rfc3339),
                next_update_unix: single.next_update,
                checked_at: rfc3339(ctx.now),
                skew_seconds: OCSP_CLOCK_SKEW_SECS,
                stale,
            },
        );
        return Some(Outcome::Unusable);
    }
    Some(match &single.status {
        SingleStatus::Good => Outcome::Good,
        // RFC 6960 2.2: revoked, with the time and, when given, the reason.
        SingleStatus::Revoked { time, reason } => {
            out.push(
                depth,
                Code::Revoked,
                "RFC 6960 2.2",
                Details::RevokedOcsp {
                    serial: cert.serial.clone(),
                    date: rfc3339(*time),
                    date_unix: *time,
                    reason: reason.clone(),
                    response: resp.source.clone(),
                    origin: resp.origin,
                },
            );
            Outcome::Revoked
        }
        // RFC 6960 2.2: unknown, the responder does not know the certificate.
        SingleStatus::Unknown => {
            out.push(
                depth,
                Code::OcspUnknown,
                "RFC 6960 2.2",
                Details::Ocsp {
                    response: resp.source.clone(),
                    origin: resp.origin,
                },
            );
            Outcome::Unusable
        }
    })
}

/// Whether (and how) the single response is not current at `now`: RFC 6960 3.2 (4)
/// thisUpdate sufficiently recent, (5) nextUpdate, when set, not passed; both with
/// [`OCSP_CLOCK_SKEW_SECS`]. Without nextUpdate, thisUpdate may be at most
/// [`MAX_OCSP_AGE_WITHOUT_NEXT_UPDATE`] old.
fn staleness(single: &Single, now: i64) -> Option<&'static str> {
    if single.this_update > now.saturating_add(OCSP_CLOCK_SKEW_SECS) {
        return Some("not_yet_valid");
    }
    match single.next_update {
        Some(next) if next.saturating_add(OCSP_CLOCK_SKEW_SECS) < now => Some("expired"),
        None if single
            .this_update
            .saturating_add(MAX_OCSP_AGE_WITHOUT_NEXT_UPDATE)
            .saturating_add(OCSP_CLOCK_SKEW_SECS)
            < now =>
        {
            Some("too_old")
        }
        _ => None,
    }
}

/// Whether the ResponderID names `cert` (RFC 6960 4.2.2.3): by name, or by the SHA-1 of
/// its subjectPublicKey.
fn responder_is(responder: &Responder, cert: &Certificate) -> bool {
    match responder {
        Responder::Name(n) => n.norm == cert.subject.norm,
        Responder::KeyHash(h) => *h == CertIdHash::Sha1.digest(&cert.public_key),
    }
}

/// A ResponderID as a message names it.
fn responder_text(responder: &Responder) -> String {
    match responder {
        Responder::Name(n) => format!("\"{}\"", n.text),
        Responder::KeyHash(h) => format!("the key with SHA-1 {}", crate::wording::hex(h)),
    }
}

/// RFC 6960 3.2 (2), (3), (4) and 4.2.2.2: the response is signed by the issuer itself,
/// or by a delegated responder whose certificate the issuer signed, that carries
/// id-kp-OCSPSigning and is valid now; and the signature verifies. The delegated
/// responder's own revocation is not checked (RFC 6960 4.2.2.2.1 leaves it to the CA:
/// id-pkix-ocsp-nocheck).
fn check_signed(
    basic: &Basic,
    issuer: &Certificate,
    ctx: &Ctx<'_>,
) -> Result<(), (&'static str, OcspProblem)> {
    let signer = if responder_is(&basic.responder, issuer) {
        issuer
    } else {
        let Some(delegate) = basic
            .certs
            .iter()
            .find(|c| responder_is(&basic.responder, c))
        else {
            return Err((
                "RFC 6960 3.2 (3)",
                OcspProblem::UnknownSigner {
                    responder: responder_text(&basic.responder),
                },
            ));
        };
        if let Err(why) = authorised(delegate, issuer, ctx) {
            return Err((
                "RFC 6960 4.2.2.2",
                OcspProblem::UnauthorizedResponder {
                    responder: delegate.short_name(),
                    why,
                },
            ));
        }
        delegate
    };
    verify(
        &basic.sig_alg_oid,
        basic.sig_alg_params.as_deref(),
        signer,
        &basic.tbs,
        &basic.signature,
        ctx,
    )
    .map_err(|p| ("RFC 6960 3.2 (2)", p))
}

/// RFC 6960 4.2.2.2: a delegated responder is issued directly by the CA (its signature
/// verifies with the CA's key), lists id-kp-OCSPSigning, and is within its validity.
fn authorised(delegate: &Certificate, issuer: &Certificate, ctx: &Ctx<'_>) -> Result<(), String> {
    if delegate.issuer.norm != issuer.subject.norm {
        return Err(format!(
            "it is issued by \"{}\", not by the certificate's issuer",
            delegate.issuer.text
        ));
    }
    if verify(
        &delegate.sig_alg_oid,
        delegate.sig_alg_params.as_deref(),
        issuer,
        delegate.tbs(),
        &delegate.signature,
        ctx,
    )
    .is_err()
    {
        return Err(format!(
            "its certificate's signature does not verify with the key of {}",
            issuer.short_name()
        ));
    }
    let signs_ocsp = delegate
        .ext_key_usage
        .as_ref()
        .is_some_and(|e| e.purposes.contains(&oid::KP_OCSP_SIGNING));
    if !signs_ocsp {
        return Err("its certificate lacks extKeyUsage id-kp-OCSPSigning".into());
    }
    if ctx.now < delegate.not_before || ctx.now > delegate.not_after {
        return Err(format!(
            "its certificate is not valid at the check time (valid {} to {})",
            rfc3339(delegate.not_before),
            rfc3339(delegate.not_after)
        ));
    }
    Ok(())
}

/// Verify a signature with `signer`'s key through the verifier's signature backend.
fn verify(
    alg: &x509_parser::asn1_rs::Oid<'_>,
    params: Option<&[u8]>,
    signer: &Certificate,
    message: &[u8],
    signature: &[u8],
    ctx: &Ctx<'_>,
) -> Result<(), OcspProblem> {
    let scheme = match classify(alg, params) {
        AlgorithmClass::Supported(s) => s,
        AlgorithmClass::Weak(n) | AlgorithmClass::Unsupported(n) => {
            return Err(OcspProblem::SignatureAlgorithm { algorithm: n })
        }
    };
    ctx.backend
        .verify(scheme, &signer.key, &signer.public_key, message, signature)
        .map_err(|_| OcspProblem::BadSignature {
            signer: signer.short_name(),
        })
}
