//! Revocation (RFC 5280 6.3, RFC 6960): for every certificate of the path below the
//! anchor, each CRL from its issuer is validated, then searched for the certificate's
//! serial number, and each OCSP response about it is judged (`ocsp.rs`). When CRLs or
//! OCSP responses (other than a staple) were given or revocation is required, every
//! certificate nothing usable covers gets `revocation_unknown` (a warning), or
//! `revocation_required` (an error) when the policy requires it for that certificate.
//! The result per certificate is the revocation summary ([`path_status`]).

use super::ocsp::{judge, Outcome};
use super::{Ctx, PathView};
use crate::build::signature::{classify, AlgorithmClass};
use crate::model::crl::{Crl, CrlOrigin};
use crate::model::ocsp::OcspOrigin;
use crate::model::time::rfc3339;
use crate::model::{Certificate, KeyUsage};
use crate::report::details::OcspProblem;
use crate::report::details::{CrlProblem, Details, RequiredFor, Uncovered};
use crate::report::finding::{Code, Finding, Findings};
use crate::report::{RevocationResult, RevocationStatus};

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

/// Whether revocation is in play for this verification: CRLs or OCSP responses were
/// given or revocation is required. Without any, no certificate is said to be
/// unchecked. A staple alone does not put it in play: the server sent it unasked-for by
/// the user, so it is judged for the leaf and nothing is said of the others.
pub fn in_play(ctx: &Ctx<'_>) -> bool {
    !ctx.policy.crls.is_empty()
        || ctx.policy.require_revocation.is_some()
        || ctx.policy.revocation_asked
        || ctx
            .policy
            .ocsp_responses
            .iter()
            .any(|r| r.origin != OcspOrigin::Stapled)
}

/// How one certificate's revocation was checked, and what was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Coverage {
    pub how: RevocationStatus,
    pub result: RevocationResult,
}

const NOT_CHECKED: Coverage = Coverage {
    how: RevocationStatus::NotChecked,
    result: RevocationResult::NotChecked,
};

/// The summary's name for a CRL source.
fn crl_status(crl: &Crl) -> RevocationStatus {
    match crl.origin() {
        CrlOrigin::File => RevocationStatus::Crl,
        CrlOrigin::Fetched { .. } => RevocationStatus::CrlFetched,
    }
}

/// The summary's name for an OCSP source.
fn ocsp_status(origin: OcspOrigin) -> RevocationStatus {
    match origin {
        OcspOrigin::File => RevocationStatus::OcspFile,
        OcspOrigin::Stapled => RevocationStatus::OcspStapled,
        OcspOrigin::Fetched => RevocationStatus::OcspFetched,
    }
}

/// Check every certificate of the path below the anchor against the CRLs of its issuer
/// and the OCSP responses about it, and say which ones nothing usable covers.
pub fn check_path(path: &PathView<'_>, ctx: &Ctx<'_>, out: &mut Findings) {
    assess(path, ctx, out);
}

/// Each path certificate's revocation summary, leaf first: how it was checked (the
/// source that revoked it, else an OCSP response, else a CRL) and the result. The same
/// judgement as [`check_path`], whose findings the report already holds.
pub(crate) fn path_status(path: &PathView<'_>, ctx: &Ctx<'_>) -> Vec<Coverage> {
    assess(path, ctx, &mut Findings::default())
}

fn assess(path: &PathView<'_>, ctx: &Ctx<'_>, out: &mut Findings) -> Vec<Coverage> {
    let mut coverage = vec![NOT_CHECKED; path.certs.len()];
    let responses = &ctx.policy.ocsp_responses;
    let mut response_used = vec![false; responses.len()];
    let warn = in_play(ctx);
    for (depth, &cert) in path.certs.iter().enumerate() {
        // RFC 5280 6.1.1 (d): the trust anchor is an input to path validation, trusted
        // as configured; its revocation is not checked (as openssl's -crl_check_all). A
        // leaf that is itself an anchor is still the certificate asked about: it is
        // judged, and no CRL can cover it.
        let is_anchor = path.reached_anchor && depth.checked_add(1) == Some(path.certs.len());
        if is_anchor && depth > 0 {
            break;
        }
        let issuer = depth
            .checked_add(1)
            .and_then(|d| path.certs.get(d))
            .copied();
        let mut covered = false;
        let mut unusable = 0usize;
        // the first source that revoked it, else the last good one
        let mut revoked_by: Option<RevocationStatus> = None;
        let mut good_by: Option<RevocationStatus> = None;
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
                unusable = unusable.saturating_add(1);
                continue;
            }
            covered = true;
            good_by = Some(crl_status(crl));
            if let Some(r) = crl.revoked.iter().find(|r| r.serial == cert.serial_raw) {
                revoked_by = revoked_by.or(Some(crl_status(crl)));
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
        let mut unusable_ocsp = 0usize;
        let mut staple_used = false;
        for (i, resp) in responses.iter().enumerate() {
            // Without an issuer in the path there is no key to verify a response with.
            let Some(issuer) = issuer else { break };
            let Some(outcome) = judge(resp, depth, cert, issuer, ctx, out) else {
                continue;
            };
            if let Some(used) = response_used.get_mut(i) {
                *used = true;
            }
            let status = ocsp_status(resp.origin);
            match outcome {
                Outcome::Good => good_by = Some(status),
                Outcome::Revoked => revoked_by = revoked_by.or(Some(status)),
                Outcome::Unusable => unusable_ocsp = unusable_ocsp.saturating_add(1),
            }
            if outcome != Outcome::Unusable {
                covered = true;
                staple_used |= resp.origin == OcspOrigin::Stapled;
            }
        }
        if depth == 0 {
            check_must_staple(cert, staple_used, ctx, out);
        }
        if let Some(how) = revoked_by {
            if let Some(c) = coverage.get_mut(depth) {
                *c = Coverage {
                    how,
                    result: RevocationResult::Revoked,
                };
            }
        } else if let Some(how) = good_by.filter(|_| covered) {
            if let Some(c) = coverage.get_mut(depth) {
                *c = Coverage {
                    how,
                    result: RevocationResult::Good,
                };
            }
        }
        if !covered && warn {
            let no_issuer = match (issuer, is_anchor) {
                (Some(_), _) => None,
                (None, true) => Some(Uncovered::TrustAnchor),
                (None, false) => Some(Uncovered::IssuerNotFound),
            };
            not_covered(depth, cert, no_issuer, (unusable, unusable_ocsp), ctx, out);
        }
    }
    // A response given as a file that answered for no certificate of the path: said
    // once, so a response for another chain is not silently ignored.
    for (resp, used) in responses.iter().zip(response_used) {
        if used || resp.origin != OcspOrigin::File {
            continue;
        }
        let details = match &resp.body {
            crate::model::ocsp::Body::Error(status) => Details::OcspResponderError {
                response: resp.source.clone(),
                origin: resp.origin,
                status: (*status).to_string(),
            },
            _ => Details::OcspBadResponse {
                response: resp.source.clone(),
                origin: resp.origin,
                problem: OcspProblem::NamesNoCertificate,
            },
        };
        let code = match details {
            Details::OcspResponderError { .. } => Code::OcspResponderError,
            _ => Code::OcspBadResponse,
        };
        out.0
            .push(Finding::chain(code, "RFC 6960 3.2 (1)", details));
    }
    coverage
}

// RFC 7633 (TLS Feature status_request, OCSP Must-Staple): a server presenting this
// certificate must staple a valid OCSP response; a client that asked for one and got
// none (or none it can use) must treat the handshake as failed. Judged only where a
// server was asked (`Policy::staple_requested`).
fn check_must_staple(leaf: &Certificate, staple_used: bool, ctx: &Ctx<'_>, out: &mut Findings) {
    if !ctx.policy.staple_requested || !leaf.must_staple() || staple_used {
        return;
    }
    let stapled = ctx
        .policy
        .ocsp_responses
        .iter()
        .any(|r| r.origin == OcspOrigin::Stapled);
    out.push(
        0,
        Code::MustStapleMissing,
        "RFC 7633",
        Details::MustStapleMissing {
            staple: if stapled { "unusable" } else { "none" },
        },
    );
}

// RFC 5280 6.3.3: when no CRL determines the status, it remains UNDETERMINED; certchain
// reports it (revocation_unknown) or, when the policy requires it, rejects
// (revocation_required).
fn not_covered(
    depth: usize,
    cert: &Certificate,
    no_issuer: Option<Uncovered>,
    (unusable, unusable_ocsp): (usize, usize),
    ctx: &Ctx<'_>,
    out: &mut Findings,
) {
    let crls = &ctx.policy.crls;
    let why = if let Some(why) = no_issuer {
        why
    } else if unusable > 0 {
        Uncovered::CrlsUnusable { count: unusable }
    } else if unusable_ocsp > 0 || (crls.is_empty() && !ctx.policy.ocsp_responses.is_empty()) {
        Uncovered::NoCrlOrOcsp { unusable_ocsp }
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
