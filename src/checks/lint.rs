//! Lint: the rules of one certificate on its own, without a path or a trust store, as
//! `certchain inspect` reports them. It runs the same functions the evaluator runs over
//! each certificate of a path ([`super::evaluate`]), with the role the certificate's own
//! content implies; nothing here is a rule of its own.
//!
//! Not lint, because they need a path: the issuer's signature, name constraints,
//! pathLenConstraint and the maximum depth, the purpose along the chain (an
//! intermediate's extKeyUsage), the policy tree, revocation and the host name.

use super::{ca, extensions, key, purpose, validity, Ctx};
use crate::build::signature;
use crate::crypto::SignatureBackend;
use crate::model::Certificate;
use crate::report::finding::{Code, Finding, Findings};
use crate::report::Role;

/// The role a certificate's own content implies: a self-signed CA certificate is a root
/// (checked as the trust anchor it can only be, as `PathView::role` checks a lone root),
/// any other CA certificate an intermediate, everything else a leaf. Self-signed: the
/// subject is the issuer (RFC 5280 6.1) and its own key does not refute its signature, so
/// that a self-issued intermediate signed by an older key of the same CA (a key rollover)
/// is an intermediate; a root signed with an algorithm certchain does not verify (SHA-1)
/// is still a root.
pub(crate) fn implied_role(cert: &Certificate, backend: &dyn SignatureBackend) -> Role {
    let self_signed = || {
        cert.is_self_issued()
            && !signature::check_edge(backend, cert, cert, 0)
                .iter()
                .any(|f| f.code == Code::BadSignature)
    };
    match (cert.is_ca(), cert.is_ca() && self_signed()) {
        (true, true) => Role::Anchor,
        (true, false) => Role::Intermediate,
        (false, _) => Role::Leaf,
    }
}

/// The depth the path rules use for a certificate in `role`: the leaf is depth 0; a CA
/// certificate stands at depth 1, above a certificate it issued (the rules of issuers,
/// `When::Issuer` rows and `ca::check_issuer`, apply to it).
fn depth_for(role: Role) -> usize {
    match role {
        Role::Leaf => 0,
        Role::Intermediate | Role::Anchor => 1,
    }
}

// The per-certificate rules of `checks::evaluate` (RFC 5280 4.1, 4.2; CA/B BR 6.1.5,
// 7.1.2, 7.1.3.2, 7.1.4.3), each with its own clause, run over `cert` alone in `role`.
/// Every finding the per-certificate rules make about `cert` in `role` under the policy
/// of `ctx` (its check time, profile and purpose). The findings' `depth` is the one the
/// rules were run at (0 for a leaf, 1 for a CA certificate): the caller sets its own.
pub(crate) fn lint_certificate(cert: &Certificate, role: Role, ctx: &Ctx<'_>) -> Vec<Finding> {
    let depth = depth_for(role);
    let mut out = Findings::default();
    // The algorithm a certificate is signed with, as the builder checks it on each edge.
    // A root has no edge above it: its self-signature is never relied on (RFC 5280 6.1.1
    // (d): a trust anchor is a name and a key), and `verify` checks none.
    if role != Role::Anchor {
        if let Err(finding) = signature::check_algorithm(cert, depth) {
            out.0.push(*finding);
        }
    }
    extensions::check_certificate(cert, depth, role, ctx, &mut out);
    validity::check_period(cert, depth, ctx.now, &mut out);
    key::check_key_strength(cert, depth, &mut out);
    ca::check_key_cert_sign_consistency(cert, depth, &mut out);
    if role == Role::Leaf {
        // The leaf's purpose (extKeyUsage, and keyUsage for TLS). `check_leaf_not_ca`
        // never fires here: a CA certificate is not linted as a leaf.
        purpose::check_leaf(cert, ctx, &mut out);
    } else {
        ca::check_issuer(cert, depth, &mut out);
    }
    out.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{parse_certificates, SourceKind};
    use crate::policy::Policy;

    fn lint(scenario_file: &[u8], index: usize, now: i64) -> (Role, Vec<(Code, String)>) {
        let certs = parse_certificates("f.pem", scenario_file, SourceKind::Presented).unwrap();
        let cert = &certs[index].cert;
        let policy = Policy::default();
        let ctx = Ctx {
            now,
            policy: &policy,
            name: None,
            backend: &crate::crypto::RingBackend,
        };
        let role = implied_role(cert, &crate::crypto::RingBackend);
        let found = lint_certificate(cert, role, &ctx)
            .into_iter()
            .map(|f| (f.code, f.clause.unwrap_or_default().to_string()))
            .collect();
        (role, found)
    }

    /// 2026-06-01T00:00:00Z, the fixtures' check time.
    const AT: i64 = 1_780_272_000;

    #[test]
    fn a_good_chain_lints_clean_in_each_role() {
        let chain = include_bytes!("../../fixtures/valid-rsa/chain.pem");
        let root = include_bytes!("../../fixtures/valid-rsa/roots.pem");
        assert_eq!(lint(chain, 0, AT), (Role::Leaf, vec![]));
        assert_eq!(lint(chain, 1, AT), (Role::Intermediate, vec![]));
        assert_eq!(lint(root, 0, AT), (Role::Anchor, vec![]));
    }

    #[test]
    fn the_rules_of_verify_fire_on_one_certificate() {
        let sha1 = include_bytes!("../../fixtures/weak-signature-sha1/chain.pem");
        assert_eq!(
            lint(sha1, 0, AT).1,
            [(Code::WeakSignatureAlgorithm, "CA/B BR 7.1.3.2".to_string())]
        );
        let expired = include_bytes!("../../fixtures/expired-intermediate/chain.pem");
        assert_eq!(
            lint(expired, 1, AT),
            (
                Role::Intermediate,
                vec![(Code::Expired, "RFC 5280 4.1.2.5".to_string())]
            )
        );
        // A self-issued CA certificate signed by another key (a rollover) is an
        // intermediate, not a root whose AKI differs from its SKI.
        let rollover = include_bytes!("../../fixtures/pathlen-self-issued-not-counted/chain.pem");
        assert_eq!(lint(rollover, 2, AT), (Role::Intermediate, vec![]));
        // A root signed with SHA-1 is still a root, and its self-signature is not judged.
        let sha1_root = include_bytes!("../../fixtures/untrusted-root-sha1/chain.pem");
        assert_eq!(lint(sha1_root, 2, AT), (Role::Anchor, vec![]));
        let no_ku = include_bytes!("../../fixtures/root-without-key-usage/roots.pem");
        assert_eq!(
            lint(no_ku, 0, AT),
            (
                Role::Anchor,
                vec![(Code::MissingKeyCertSign, "CA/B BR 7.1.2.10.7".to_string())]
            )
        );
    }
}
