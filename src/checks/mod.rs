//! The evaluator and its checks, one file per family. Each check is a small function
//! citing the clause it enforces; each pushes findings and returns, so every problem of a
//! path is reported.
//!
//! Every rule runs from here: [`Evaluator`] is the path builder's judge (the rules over
//! each path it keeps, [`evaluate`]), and [`Evaluator::conclude`] adds the rules that
//! concern only the path reported (expiry warnings, the presented chain, the second
//! opinion). Certificate signatures are the builder's own (`build/signature.rs`): it
//! checks each edge once.

pub(crate) mod ca;
pub(crate) mod expiry;
pub(crate) mod extension_rules;
pub(crate) mod extensions;
pub(crate) mod hostname;
pub(crate) mod key;
pub(crate) mod lint;
pub(crate) mod name_constraints;
pub(crate) mod ocsp;
pub(crate) mod policy;
pub(crate) mod presented;
pub(crate) mod purpose;
pub(crate) mod revocation;
#[cfg(feature = "cross-check")]
pub(crate) mod second_opinion;
pub(crate) mod validity;

use crate::build::PathJudge;
pub(crate) use crate::build::PathView;
use crate::input::SourcedCert;
use crate::policy::{ExpectedName, Policy};
use crate::report::assemble::PathCert;
use crate::report::finding::{Finding, Findings};
use crate::report::SecondOpinion;
use crate::store::TrustStore;

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

/// The inputs of one verification, as given: what the rules about the chain as a whole
/// and the second opinion look at.
pub(crate) struct Inputs<'a> {
    /// The presented chain, leaf first.
    pub presented: &'a [SourcedCert],
    /// Extra untrusted certificates (the builder has them in its pool; only the second
    /// engine reads them from here).
    #[cfg_attr(not(feature = "cross-check"), allow(dead_code))]
    pub extra: &'a [SourcedCert],
    /// The trust store.
    pub store: &'a TrustStore,
}

/// The evaluator: every rule over one candidate path. The path builder asks it about
/// each path it keeps ([`PathJudge`]); the path finally reported also gets the rules that
/// only concern it ([`Evaluator::conclude`]): expiry warnings, the presented chain
/// compared with the path, and the second opinion.
pub(crate) struct Evaluator<'a> {
    ctx: Ctx<'a>,
    inputs: Inputs<'a>,
    /// Name-constraint comparisons left for the whole verification
    /// ([`name_constraints::MAX_NAME_COMPARISONS`]).
    name_comparisons: usize,
}

/// What the evaluator says of the path to report, beyond its own findings.
pub(crate) struct Conclusion<'a> {
    /// The path's certificates with their roles and revocation status.
    pub certs: Vec<PathCert<'a>>,
    /// The path's findings followed by the warnings about expiry and the presented chain,
    /// and the engines' disagreement, if any.
    pub findings: Vec<Finding>,
    /// The second engine's answer, when the policy asks for one.
    pub second_opinion: Option<SecondOpinion>,
}

impl<'a> Evaluator<'a> {
    /// An evaluator for one verification.
    pub fn new(ctx: Ctx<'a>, inputs: Inputs<'a>) -> Self {
        Evaluator {
            ctx,
            inputs,
            name_comparisons: name_constraints::MAX_NAME_COMPARISONS,
        }
    }

    /// The rules that concern only the path reported: `certs` (leaf first) with
    /// `findings`, its own findings as judged. Its roles and revocation status; the
    /// expiry warnings (a warning, never a change of verdict); the presented chain
    /// compared with it; then, with [`Policy::cross_check`], the second engine's answer
    /// and an `engine_disagreement` finding when the two disagree.
    pub fn conclude(
        &self,
        certs: &[&'a SourcedCert],
        reached_anchor: bool,
        mut findings: Vec<Finding>,
    ) -> Conclusion<'a> {
        let policy = self.ctx.policy;
        let view = PathView {
            certs: certs.iter().map(|sc| &*sc.cert).collect(),
            reached_anchor,
        };
        let roles: Vec<_> = (0..certs.len()).map(|d| view.role(d)).collect();
        let statuses = revocation::path_status(&view, &self.ctx);
        let path: Vec<PathCert<'a>> = certs
            .iter()
            .zip(roles)
            .zip(statuses)
            .map(|((&sc, role), revocation)| PathCert {
                sc,
                role,
                revocation: revocation.how,
                revocation_result: revocation.result,
                signature_algorithm: crate::build::signature::describe(&sc.cert),
            })
            .collect();
        if let Some(days) = policy.warn_days {
            findings.extend(expiry::expiring_soon(&view.certs, self.ctx.now, days));
        }
        let hashes: Vec<String> = certs.iter().map(|sc| sc.cert.sha256.clone()).collect();
        let anchor = hashes.last().filter(|_| reached_anchor).map(String::as_str);
        findings.extend(presented::check_presented(
            self.inputs.presented,
            &hashes,
            anchor,
            self.inputs.store,
        ));
        let second_opinion = self.second_opinion(&mut findings);
        Conclusion {
            certs: path,
            findings,
            second_opinion,
        }
    }

    /// webpki's answer on the same inputs, reconciled with `findings`.
    #[cfg(feature = "cross-check")]
    fn second_opinion(&self, findings: &mut Vec<Finding>) -> Option<SecondOpinion> {
        if !self.ctx.policy.cross_check {
            return None;
        }
        let cross = second_opinion::run(
            self.inputs.store,
            self.inputs.presented,
            self.inputs.extra,
            self.ctx.name,
            self.ctx.policy,
            self.ctx.now,
        );
        let (disagreement, opinion) = second_opinion::reconcile(findings, cross);
        findings.extend(disagreement);
        Some(opinion)
    }

    /// Without the second engine compiled in, there is no second opinion.
    #[cfg(not(feature = "cross-check"))]
    fn second_opinion(&self, _findings: &mut Vec<Finding>) -> Option<SecondOpinion> {
        None
    }
}

impl PathJudge for Evaluator<'_> {
    fn judge(&mut self, path: &PathView<'_>) -> Vec<Finding> {
        let mut out = Findings::default();
        evaluate(&self.ctx, path, &mut self.name_comparisons, &mut out);
        out.0
    }
}

/// Run every per-path check (signatures are checked per edge by the builder).
/// `name_comparisons` is what is left of the verification's name-constraint budget.
fn evaluate(ctx: &Ctx<'_>, path: &PathView<'_>, name_comparisons: &mut usize, out: &mut Findings) {
    for (depth, cert) in path.certs.iter().enumerate() {
        let role = path.role(depth);
        extensions::check_certificate(cert, depth, role, ctx, out);
        validity::check_period(cert, depth, ctx.now, out);
        key::check_key_strength(cert, depth, out);
        ca::check_key_cert_sign_consistency(cert, depth, out);
        if path.is_issuer(depth) {
            ca::check_issuer(cert, depth, out);
        }
    }
    ca::check_path_len(path, out);
    ca::check_max_depth(path, ctx.policy, out);
    // The leaf's purpose, the purpose along the chain, then the name asked for: the
    // order in which findings of one depth and code are listed.
    let leaf = path.certs.first().copied();
    if let Some(leaf) = leaf {
        purpose::check_leaf(leaf, ctx, out);
        purpose::check_leaf_not_ca(leaf, ctx, out);
    }
    purpose::check_chain_ekus(path, ctx, out);
    if let (Some(leaf), Some(name)) = (leaf, ctx.name) {
        hostname::check_leaf_name(leaf, name, out);
    }
    name_constraints::check_path(path, name_comparisons, out);
    policy::check_path(path, out);
    revocation::check_path(path, ctx, out);
}
