//! The rules for certificates that issue others: basicConstraints (RFC 5280 4.2.1.9,
//! 6.1.4 (k)), keyUsage keyCertSign (4.2.1.3, 6.1.4 (n)), pathLenConstraint
//! (6.1.4 (l)(m)) and the policy's maximum chain depth.

use super::PathView;
use crate::model::{Certificate, KeyUsage};
use crate::policy::Policy;
use crate::report::details::{Details, Rule};
use crate::report::finding::{Code, Findings};

// RFC 5280 6.1.4 (k): an issuer must carry basicConstraints with cA TRUE (that the
// extension is critical, and that keyUsage is present under the Web PKI profile, are rows
// of extension_rules.rs). 6.1.4 (n): if keyUsage is present, keyCertSign must be set.
/// Check that the certificate at `depth` (which issued the one below it) may issue.
pub fn check_issuer(cert: &Certificate, depth: usize, out: &mut Findings) {
    match cert.basic_constraints {
        None => out.push(
            depth,
            Code::NotACa,
            "RFC 5280 6.1.4 (k)",
            Details::NotACa {
                has_basic_constraints: false,
            },
        ),
        Some(bc) if !bc.ca => out.push(
            depth,
            Code::NotACa,
            "RFC 5280 6.1.4 (k)",
            Details::NotACa {
                has_basic_constraints: true,
            },
        ),
        Some(_) => {}
    }
    if let Some(ku) = cert.key_usage {
        if !ku.has(KeyUsage::KEY_CERT_SIGN) {
            out.push(
                depth,
                Code::MissingKeyCertSign,
                "RFC 5280 6.1.4 (n)",
                Details::MissingKeyCertSign {
                    key_usage: Some(ku.names().iter().map(|n| n.to_string()).collect()),
                },
            );
        }
    }
}

// RFC 5280 4.2.1.9: "If the cA boolean is not asserted, then the keyCertSign bit in the
// key usage extension MUST NOT be asserted." Checked on every certificate.
/// keyCertSign without cA.
pub fn check_key_cert_sign_consistency(cert: &Certificate, depth: usize, out: &mut Findings) {
    if cert
        .key_usage
        .is_some_and(|k| k.has(KeyUsage::KEY_CERT_SIGN))
        && !cert.is_ca()
    {
        out.push(
            depth,
            Code::ProfileViolation,
            "RFC 5280 4.2.1.9",
            Details::Rule(Rule::KeyCertSignWithoutCa),
        );
    }
    // RFC 5280 4.2.1.3 / 4.2.1.9 read together (and CA/B BR 7.1.2.7.8): a certificate
    // that asserts cA but whose keyUsage forbids certificate signing is inconsistent.
    // Issuers get missing_key_cert_sign from check_issuer instead.
    if depth == 0
        && cert.is_ca()
        && cert
            .key_usage
            .is_some_and(|k| !k.has(KeyUsage::KEY_CERT_SIGN))
    {
        out.push(
            depth,
            Code::ProfileViolation,
            "RFC 5280 4.2.1.9",
            Details::Rule(Rule::CaWithoutKeyCertSign),
        );
    }
}

/// The number of CA certificates strictly between the leaf and `depth` that count
/// towards path lengths: self-issued intermediates do not (RFC 5280 6.1.4 (l)).
fn counted_intermediates_below(path: &PathView<'_>, depth: usize) -> usize {
    path.certs
        .iter()
        .take(depth)
        .skip(1)
        .filter(|c| !c.is_self_issued())
        .count()
}

// RFC 5280 6.1.4 (l)(m), 4.2.1.9: pathLenConstraint gives the maximum number of
// non-self-issued intermediate certificates that may follow this one in the path. It is
// enforced on the trust anchor too.
/// Path length constraints of every issuer.
pub fn check_path_len(path: &PathView<'_>, out: &mut Findings) {
    for (depth, cert) in path.certs.iter().enumerate().skip(1) {
        let Some(limit) = cert.basic_constraints.and_then(|b| b.path_len) else {
            continue;
        };
        let below = counted_intermediates_below(path, depth);
        if u32::try_from(below).map_or(true, |b| b > limit) {
            out.push(
                depth,
                Code::PathLenExceeded,
                "RFC 5280 4.2.1.9",
                Details::PathLenExceeded {
                    limit,
                    found: below,
                },
            );
        }
    }
}

// RFC 5280 sets no maximum path length; the policy's maximum chain depth (the CLI's
// --max-depth, default crate::policy::DEFAULT_MAX_INTERMEDIATES) counts intermediates as
// pathLenConstraint does, self-issued ones not counted (6.1.4 (l)).
/// The policy's maximum number of intermediates: the first counted intermediate over the
/// limit, counting from the leaf, is blamed.
pub fn check_max_depth(path: &PathView<'_>, policy: &Policy, out: &mut Findings) {
    let max = policy.intermediate_limit();
    let top = if path.reached_anchor {
        path.certs.len().saturating_sub(1)
    } else {
        path.certs.len()
    };
    let Some(over) = path
        .certs
        .iter()
        .enumerate()
        .take(top)
        .skip(1)
        .filter(|(_, c)| !c.is_self_issued())
        .map(|(d, _)| d)
        .nth(max)
    else {
        return;
    };
    let n = counted_intermediates_below(path, top);
    out.push(
        over,
        Code::DepthExceeded,
        "",
        Details::DepthExceeded {
            limit: max,
            found: n,
            default_limit: policy.max_intermediates.is_none(),
            reached_anchor: path.reached_anchor,
        },
    );
}
