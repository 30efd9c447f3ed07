//! The checks, one file per family. Each check is a small function citing the clause it
//! enforces; each pushes findings and returns, so every problem of a path is reported.

pub(crate) mod ca;
pub(crate) mod expiry;
pub(crate) mod extension_rules;
pub(crate) mod extensions;
pub(crate) mod hostname;
pub(crate) mod name_constraints;
pub(crate) mod policy;
pub(crate) mod presented;
pub(crate) mod purpose;
pub(crate) mod revocation;
#[cfg(feature = "cross-check")]
pub(crate) mod second_opinion;
pub(crate) mod signature;
pub(crate) mod validity;

use crate::model::Certificate;
use crate::policy::{ExpectedName, Policy};
use crate::report::finding::Findings;
use crate::report::Role;

/// Work bounds shared by the checks of one verification.
#[derive(Debug)]
pub struct Budget {
    /// Signature verifications left.
    pub signatures: usize,
    /// Path-building steps left.
    pub steps: usize,
    /// Name-constraint comparisons left.
    pub name_comparisons: usize,
}

/// Signature verifications allowed per verification. A real path needs one per edge
/// (under 10); rustls-webpki allows 100, which also covers generous cross-signing
/// graphs, and bounds a hostile bundle to well under 100 ms of ECDSA/RSA work.
pub const MAX_SIGNATURE_CHECKS: usize = 100;

/// Path-building steps (candidate issuers considered) per verification. Same order as
/// rustls-webpki's 200,000 build-chain calls budget; each step is cheap (no crypto).
pub const MAX_BUILD_STEPS: usize = 200_000;

/// Name-constraint comparisons per verification (names × constraints, summed over the
/// path). Real constrained CAs have a few dozen subtrees; 250,000 bounds the
/// quadratic blow-up of a CA with thousands of subtrees over a leaf with thousands of
/// names (the x509-limbo nc-dos cases) at a few milliseconds.
pub const MAX_NAME_COMPARISONS: usize = 250_000;

impl Default for Budget {
    fn default() -> Self {
        Budget {
            signatures: MAX_SIGNATURE_CHECKS,
            steps: MAX_BUILD_STEPS,
            name_comparisons: MAX_NAME_COMPARISONS,
        }
    }
}

/// One path under evaluation, leaf first.
pub struct PathView<'a> {
    /// The certificates, leaf first.
    pub certs: Vec<&'a Certificate>,
    /// Whether the last certificate is a trust anchor.
    pub reached_anchor: bool,
}

impl PathView<'_> {
    /// The role of the certificate at `depth`. A path that is a trust anchor alone (the
    /// certificate verified is itself in the trust store) checks a root (a self-issued CA
    /// certificate, which can only ever be an anchor) as the anchor it is; any other
    /// certificate is checked as the leaf it was presented as, though the store trusts it.
    pub fn role(&self, depth: usize) -> Role {
        let root = |c: &Certificate| c.is_ca() && c.is_self_issued();
        if self.reached_anchor
            && depth + 1 == self.certs.len()
            && (depth > 0 || root(self.certs[0]))
        {
            Role::Anchor
        } else if depth == 0 {
            Role::Leaf
        } else {
            Role::Intermediate
        }
    }

    /// Whether the certificate at `depth` acts as a CA in this path (it issued the one
    /// below it, or it is the anchor).
    pub fn is_issuer(&self, depth: usize) -> bool {
        depth > 0
    }
}

/// What every check may look at.
pub struct Ctx<'a> {
    /// The check time, seconds since the Unix epoch (whole seconds).
    pub now: i64,
    /// The policy.
    pub policy: &'a Policy,
    /// The name the leaf must carry.
    pub name: Option<&'a ExpectedName>,
    /// Verifies signatures (of CRLs; certificate signatures are checked per edge by the
    /// builder).
    pub backend: &'a dyn crate::crypto::SignatureBackend,
}

/// Run every per-path check (signatures are checked per edge by the builder and merged
/// by the caller).
pub fn evaluate(ctx: &Ctx<'_>, path: &PathView<'_>, budget: &mut Budget, out: &mut Findings) {
    for (depth, cert) in path.certs.iter().enumerate() {
        let role = path.role(depth);
        extensions::check_certificate(cert, depth, role, ctx, out);
        validity::check_period(cert, depth, ctx.now, out);
        signature::check_key_strength(cert, depth, out);
        ca::check_key_cert_sign_consistency(cert, depth, out);
        if path.is_issuer(depth) {
            ca::check_issuer(cert, depth, out);
        }
    }
    ca::check_path_len(path, out);
    ca::check_max_depth(path, ctx.policy, out);
    purpose::check_leaf(path.certs[0], ctx, out);
    purpose::check_leaf_not_ca(path.certs[0], ctx, out);
    purpose::check_chain_ekus(path, ctx, out);
    if let Some(name) = ctx.name {
        hostname::check_leaf_name(path.certs[0], name, out);
    }
    name_constraints::check_path(path, budget, out);
    policy::check_path(path, out);
    revocation::check_path(path, ctx, out);
}
