//! Revocation from CRLs the user supplied (RFC 5280 6.3): for every certificate of the
//! path below the anchor, each CRL from its issuer is validated, then searched for the
//! certificate's serial number. When CRLs were given or revocation is required, every
//! certificate no usable CRL covers gets `revocation_unknown` (a warning), or
//! `revocation_required` (an error) when the policy requires it for that certificate.

use super::{Ctx, PathView};
use crate::build::signature::{classify, AlgorithmClass};
use crate::model::crl::Crl;
use crate::model::time::rfc3339;
use crate::model::{Certificate, KeyUsage};
use crate::report::details::{CrlProblem, Details, RequiredFor, Uncovered};
use crate::report::finding::{Code, Finding, Findings};
use crate::report::{RevocationStatus, Role};

/// Why a CRL cannot be used for this issuer, if it cannot.
fn crl_problem(
    crl: &Crl,
    issuer: &Certificate,
    ctx: &Ctx<'_>,
) -> Option<(&'static str, CrlProblem)> {
    // RFC 5280 5.2.3: cRLNumber MUST be included, and MUST be non-critical.
    match crl.crl_number {
        None => return Some(("RFC 5280 5.2.3", CrlProblem::NoCrlNumber)),
        Some(true) => return Some(("RFC 5280 5.2.3", CrlProblem::CrlNumberCritical)),
        Some(false) => {}
    }
    // RFC 5280 5.2: unknown critical CRL extensions make the CRL unusable.
    if let Some(o) = crl.unknown_critical.first() {
        return Some((
            "RFC 5280 5.2",
            CrlProblem::UnknownCriticalExtension { oid: o.clone() },
        ));
    }
    // RFC 5280 6.3.3 (f): if the issuer has keyUsage, cRLSign must be set.
    if issuer.key_usage.is_some_and(|k| !k.has(KeyUsage::CRL_SIGN)) {
        return Some(("RFC 5280 6.3.3 (f)", CrlProblem::IssuerLacksCrlSign));
    }
    // RFC 5280 6.3.3 (a)(1)(2): thisUpdate not in the future; nextUpdate not passed.
    if crl.this_update > ctx.now {
        return Some((
            "RFC 5280 5.1.2.4",
            CrlProblem::NotYetValid {
                this_update: rfc3339(crl.this_update),
                this_update_unix: crl.this_update,
            },
        ));
    }
    if let Some(next) = crl.next_update {
        if next < ctx.now {
            return Some((
                "RFC 5280 5.1.2.5",
                CrlProblem::Stale {
                    next_update: rfc3339(next),
                    next_update_unix: next,
                },
            ));
        }
    }
    // RFC 5280 6.3.3 (g): the CRL signature verifies with the issuer's key.
    let scheme = match classify(&crl.sig_alg_oid, crl.sig_alg_params.as_deref()) {
        AlgorithmClass::Supported(s) => s,
        AlgorithmClass::Weak(n) | AlgorithmClass::Unsupported(n) => {
            return Some((
                "RFC 5280 6.3.3 (g)",
                CrlProblem::SignatureAlgorithm {
                    algorithm: n.to_string(),
                },
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
        return Some(("RFC 5280 6.3.3 (g)", CrlProblem::BadSignature));
    }
    None
}

/// Whether revocation is in play for this verification: CRLs were given or revocation is
/// required. Without either, no certificate is judged and nothing is said about it.
pub fn in_play(ctx: &Ctx<'_>) -> bool {
    !ctx.policy.crls.is_empty() || ctx.policy.require_revocation.is_some()
}

/// Check every certificate of the path below the anchor against the CRLs of its issuer,
/// and say which ones no usable CRL covers.
pub fn check_path(path: &PathView<'_>, ctx: &Ctx<'_>, out: &mut Findings) {
    if !in_play(ctx) {
        return;
    }
    for (depth, &cert) in path.certs.iter().enumerate() {
        // RFC 5280 6.1.1 (d): the trust anchor is an input to path validation, trusted
        // as configured; its revocation is not checked (as openssl's -crl_check_all). A
        // leaf that is itself an anchor is still the certificate asked about: it is
        // judged, and no CRL can cover it.
        let is_anchor = path.reached_anchor && depth + 1 == path.certs.len();
        if is_anchor && depth > 0 {
            break;
        }
        let issuer = path.certs.get(depth + 1).copied();
        let mut covered = false;
        let mut unusable = 0;
        let crls = ctx
            .policy
            .crls
            .iter()
            .filter(|c| c.issuer.norm == cert.issuer.norm);
        for crl in crls {
            // A certificate without an issuer in the path has no key to verify a CRL with.
            let Some(issuer) = issuer else { break };
            if let Some((clause, why)) = crl_problem(crl, issuer, ctx) {
                out.push(
                    depth,
                    Code::CrlInvalid,
                    clause,
                    Details::CrlInvalid {
                        crl: crl.source.to_string(),
                        issuer: issuer.short_name(),
                        problem: why,
                    },
                );
                unusable += 1;
                continue;
            }
            covered = true;
            if let Some(r) = crl.revoked.iter().find(|r| r.serial == cert.serial_raw) {
                out.push(
                    depth,
                    Code::Revoked,
                    "RFC 5280 6.3.3 (i)",
                    Details::Revoked {
                        serial: cert.serial.clone(),
                        date: rfc3339(r.date),
                        date_unix: r.date,
                        reason: r.reason.clone(),
                        crl: crl.source.to_string(),
                    },
                );
            }
        }
        if !covered {
            let no_issuer = match (issuer, is_anchor) {
                (Some(_), _) => None,
                (None, true) => Some(Uncovered::TrustAnchor),
                (None, false) => Some(Uncovered::IssuerNotFound),
            };
            not_covered(depth, cert, no_issuer, unusable, ctx, out);
        }
    }
}

// RFC 5280 6.3.3: when no CRL determines the status, it remains UNDETERMINED; certchain
// reports it (revocation_unknown) or, when the policy requires it, rejects
// (revocation_required).
fn not_covered(
    depth: usize,
    cert: &Certificate,
    no_issuer: Option<Uncovered>,
    unusable: usize,
    ctx: &Ctx<'_>,
    out: &mut Findings,
) {
    let crls = &ctx.policy.crls;
    let why = if let Some(why) = no_issuer {
        why
    } else if unusable > 0 {
        Uncovered::CrlsUnusable { count: unusable }
    } else if crls.is_empty() {
        Uncovered::NoCrlGiven
    } else {
        let mut issuers: Vec<String> = Vec::new();
        for c in crls.iter() {
            let name = dn_text(&c.issuer);
            if !issuers.contains(&name) {
                issuers.push(name);
            }
        }
        Uncovered::OtherIssuers {
            issuer: issuer_name(cert),
            crl_count: crls.len(),
            crl_issuers: issuers,
        }
    };
    match ctx.policy.require_revocation {
        Some(scope) if scope.covers(depth) => out.push(
            depth,
            Code::RevocationRequired,
            "RFC 5280 6.3.3",
            Details::Revocation {
                scope: Some(match scope {
                    crate::policy::RevocationScope::Leaf => RequiredFor::Leaf,
                    crate::policy::RevocationScope::All => RequiredFor::All,
                }),
                reason: why,
            },
        ),
        _ => out.push(
            depth,
            Code::RevocationUnknown,
            "RFC 5280 6.3.3",
            Details::Revocation {
                scope: None,
                reason: why,
            },
        ),
    }
}

/// The issuer of `cert`, as the report prints names.
fn issuer_name(cert: &Certificate) -> String {
    dn_text(&cert.issuer)
}

/// A name as the report prints it, `(empty)` for an empty one.
fn dn_text(dn: &crate::model::DistinguishedName) -> String {
    if dn.text.is_empty() {
        "(empty)".into()
    } else {
        format!("\"{}\"", dn.text)
    }
}

/// Each path certificate's revocation status, leaf first, from the findings
/// [`check_path`] left on that path: checked by a CRL unless revocation was not in play,
/// the certificate is the anchor, or a `revocation_unknown` / `revocation_required`
/// finding says no CRL covered it.
pub fn path_status(
    policy: &crate::policy::Policy,
    roles: &[Role],
    findings: &[Finding],
) -> Vec<RevocationStatus> {
    let in_play = !policy.crls.is_empty() || policy.require_revocation.is_some();
    roles
        .iter()
        .enumerate()
        .map(|(depth, role)| {
            let uncovered = findings.iter().any(|f| {
                f.depth == Some(depth)
                    && matches!(f.code, Code::RevocationUnknown | Code::RevocationRequired)
            });
            if in_play && *role != Role::Anchor && !uncovered {
                RevocationStatus::Crl
            } else {
                RevocationStatus::NotChecked
            }
        })
        .collect()
}
