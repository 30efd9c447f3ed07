//! Revocation from CRLs the user supplied (RFC 5280 6.3): for every certificate of the
//! path below the anchor, each CRL from its issuer is validated, then searched for the
//! certificate's serial number. Certificates with no applicable CRL are not judged.

use super::{Ctx, PathView};
use crate::cert::{Certificate, KeyUsage};
use crate::checks::signature::{classify, AlgorithmClass};
use crate::checks::validity::rfc3339;
use crate::crl::Crl;
use crate::findings::{Code, Findings};

/// Why a CRL cannot be used for this issuer, if it cannot.
fn crl_problem(crl: &Crl, issuer: &Certificate, ctx: &Ctx<'_>) -> Option<(&'static str, String)> {
    // RFC 5280 5.2.3: cRLNumber MUST be included, and MUST be non-critical.
    match crl.crl_number {
        None => {
            return Some((
                "RFC 5280 5.2.3",
                "has no cRLNumber extension, which conforming CRLs MUST include".into(),
            ))
        }
        Some(true) => {
            return Some((
                "RFC 5280 5.2.3",
                "marks cRLNumber critical; it MUST be non-critical".into(),
            ))
        }
        Some(false) => {}
    }
    // RFC 5280 5.2: unknown critical CRL extensions make the CRL unusable.
    if let Some(o) = crl.unknown_critical.first() {
        return Some((
            "RFC 5280 5.2",
            format!("has critical extension {o}, which certchain does not process"),
        ));
    }
    // RFC 5280 6.3.3 (f): if the issuer has keyUsage, cRLSign must be set.
    if issuer.key_usage.is_some_and(|k| !k.has(KeyUsage::CRL_SIGN)) {
        return Some((
            "RFC 5280 6.3.3 (f)",
            format!(
                "is signed by {}, whose keyUsage lacks cRLSign",
                issuer.short_name()
            ),
        ));
    }
    // RFC 5280 6.3.3 (a)(1)(2): thisUpdate not in the future; nextUpdate not passed.
    if crl.this_update > ctx.now {
        return Some((
            "RFC 5280 5.1.2.4",
            format!(
                "is not valid until its thisUpdate {}",
                rfc3339(crl.this_update)
            ),
        ));
    }
    if let Some(next) = crl.next_update {
        if next < ctx.now {
            return Some((
                "RFC 5280 5.1.2.5",
                format!("is stale: its nextUpdate {} has passed", rfc3339(next)),
            ));
        }
    }
    // RFC 5280 6.3.3 (g): the CRL signature verifies with the issuer's key.
    let scheme = match classify(&crl.sig_alg_oid, crl.sig_alg_params.as_deref()) {
        AlgorithmClass::Supported(s) => s,
        AlgorithmClass::Weak(n) | AlgorithmClass::Unsupported(n) => {
            return Some((
                "RFC 5280 6.3.3 (g)",
                format!("is signed with {n}, which certchain does not accept"),
            ))
        }
    };
    if ctx
        .backend
        .verify(
            scheme,
            &issuer.key,
            &issuer.public_key,
            &crl.tbs,
            &crl.signature,
        )
        .is_err()
    {
        return Some((
            "RFC 5280 6.3.3 (g)",
            format!(
                "has a signature that does not verify with the key of {}",
                issuer.short_name()
            ),
        ));
    }
    None
}

/// Check every non-anchor certificate of the path against the CRLs of its issuer.
pub fn check_path(path: &PathView<'_>, ctx: &Ctx<'_>, out: &mut Findings) {
    if ctx.policy.crls.is_empty() {
        return;
    }
    for depth in 0..path.certs.len().saturating_sub(1) {
        let cert = path.certs[depth];
        let issuer = path.certs[depth + 1];
        for crl in ctx
            .policy
            .crls
            .iter()
            .filter(|c| c.issuer.norm == cert.issuer.norm)
        {
            if let Some((clause, why)) = crl_problem(crl, issuer, ctx) {
                out.push(
                    depth,
                    Code::CrlInvalid,
                    clause,
                    format!("the CRL {} from {} {why}", crl.source, issuer.short_name()),
                );
                continue;
            }
            if let Some(r) = crl.revoked.iter().find(|r| r.serial == cert.serial_raw) {
                out.push(
                    depth,
                    Code::Revoked,
                    "RFC 5280 6.3.3 (i)",
                    format!(
                        "revoked on {} (reason: {}) according to the CRL {}",
                        rfc3339(r.date),
                        r.reason.as_deref().unwrap_or("not given"),
                        crl.source
                    ),
                );
            }
        }
    }
}
