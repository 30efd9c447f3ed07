//! Certificate policies (RFC 5280 6.1.2 - 6.1.5): the valid policy tree, policy mappings,
//! requireExplicitPolicy, inhibitPolicyMapping and inhibitAnyPolicy. certchain runs the
//! algorithm with the usual client inputs: user-initial-policy-set = {anyPolicy} and the
//! three initial-* flags false, so a path fails only when a CA in it demands an explicit
//! policy that the path does not carry.
//!
//! The tree is kept level by level as (valid_policy, expected_policy_set) nodes, which is
//! what the RFC's tree reduces to when qualifiers are ignored; each level is bounded.

use super::PathView;
use crate::model::oid::ANY_POLICY;
use crate::report::details::{BudgetResource, Details, Rule};
use crate::report::finding::{Code, Findings};
use x509_parser::asn1_rs::Oid;

/// Most nodes kept per level of the policy tree. A certificate lists a handful of
/// policies and mappings; 1,000 leaves room while making the pathological "policy tree
/// explosion" inputs (CVE-2023-0464) fail closed instead of growing without bound.
pub const MAX_POLICY_NODES: usize = 1_000;

/// Most policyMappings pairs read from one certificate. Applying the mappings compares
/// pairs with pairs (quadratic), so a CA listing hundreds of thousands of mappings (one
/// certificate within the 16 MiB input limit) would otherwise run for minutes; real CAs
/// map a handful. Over it the path fails closed with the policy-tree budget finding.
pub const MAX_POLICY_MAPPINGS: usize = 1_000;

#[derive(Clone, Debug, PartialEq, Eq)]
struct Node {
    valid: Oid<'static>,
    /// A set: each policy once, in the order first met.
    expected: Vec<Oid<'static>>,
}

fn node(policy: &Oid<'static>) -> Node {
    Node {
        valid: policy.clone(),
        expected: vec![policy.clone()],
    }
}

/// The distinct items of `items`, in the order first met.
fn distinct<'a, T: PartialEq + 'a>(items: impl Iterator<Item = &'a T>) -> Vec<&'a T> {
    let mut out: Vec<&T> = Vec::new();
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

// RFC 5280 6.1.3 (d): the tree (or a certificate's policies or mappings) outgrew its bound;
// the path fails closed.
fn policy_budget_exhausted(out: &mut Findings, depth: usize) {
    out.push(
        depth,
        Code::BudgetExhausted,
        "RFC 5280 6.1.3 (d)",
        Details::BudgetExhausted {
            resource: BudgetResource::PolicyNodes,
            limit: Some(MAX_POLICY_NODES),
            ca_depth: None,
        },
    );
}

// RFC 5280 6.1.2 - 6.1.5 with user-initial-policy-set = {anyPolicy} and
// initial-explicit-policy, initial-policy-mapping-inhibit, initial-any-policy-inhibit all
// false.
/// Process the policies of a path that reached its anchor.
pub fn check_path(path: &PathView<'_>, out: &mut Findings) {
    if !path.reached_anchor || path.certs.len() < 2 {
        return;
    }
    // certificates 1..n in RFC order: the one issued by the anchor first, the leaf last
    let below_anchor = path.certs.len().saturating_sub(1);
    let certs: Vec<(usize, &crate::model::Certificate)> = path
        .certs
        .iter()
        .copied()
        .enumerate()
        .take(below_anchor)
        .rev()
        .collect();
    let n = certs.len();
    if certs.iter().all(|(_, c)| {
        c.policies.is_none() && c.policy_constraints.is_none() && c.policy_mappings.is_empty()
    }) {
        return; // nothing to process: the result is "valid, no explicit policy required"
    }
    let mut explicit_policy = n.saturating_add(1);
    let mut inhibit_any = n.saturating_add(1);
    let mut policy_mapping = n.saturating_add(1);
    let mut level: Option<Vec<Node>> = Some(vec![node(&ANY_POLICY)]);
    let mut required_by: Option<usize> = None;
    for (i, &(depth, cert)) in certs.iter().enumerate() {
        let i = i.saturating_add(1);
        let self_issued = cert.is_self_issued();
        // 6.1.3 (d), 6.1.4 (b) compare policies with policies: bound the inputs first
        if cert.policies.as_ref().map_or(0, |p| p.len()) > MAX_POLICY_NODES
            || cert.policy_mappings.len() > MAX_POLICY_MAPPINGS
        {
            policy_budget_exhausted(out, depth);
            return;
        }
        // 6.1.3 (d)/(e): grow the tree by this certificate's policies, or drop it
        level = match (level.take(), &cert.policies) {
            (Some(prev), Some(policies)) => {
                let mut next: Vec<Node> = Vec::new();
                for p in policies.iter().filter(|p| **p != ANY_POLICY) {
                    let matched = prev.iter().any(|parent| parent.expected.contains(p));
                    let admitted = matched || prev.iter().any(|parent| parent.valid == ANY_POLICY);
                    if admitted && !next.iter().any(|x| x.valid == *p) {
                        next.push(node(p));
                    }
                }
                if policies.contains(&ANY_POLICY) && (inhibit_any > 0 || (i < n && self_issued)) {
                    for parent in &prev {
                        for e in &parent.expected {
                            if !next.iter().any(|x| x.valid == *e) {
                                next.push(node(e));
                            }
                        }
                    }
                }
                if next.len() > MAX_POLICY_NODES {
                    policy_budget_exhausted(out, depth);
                    return;
                }
                (!next.is_empty()).then_some(next)
            }
            _ => None,
        };
        // 6.1.3 (f): once an explicit policy is required, the tree must not be empty
        if explicit_policy == 0 && level.is_none() {
            no_valid_policy(out, depth, required_by, "RFC 5280 6.1.3 (f)");
            return;
        }
        if i < n {
            // 6.1.4 (a): anyPolicy never appears in a mapping
            if cert
                .policy_mappings
                .iter()
                .any(|(a, b)| *a == ANY_POLICY || *b == ANY_POLICY)
            {
                out.push(
                    depth,
                    Code::ProfileViolation,
                    "RFC 5280 6.1.4 (a)",
                    Details::Rule(Rule::PolicyMappingAnyPolicy),
                );
            }
            // 6.1.4 (b): apply the mappings
            if let Some(nodes) = level.as_mut() {
                let issuer_policies = distinct(cert.policy_mappings.iter().map(|(a, _)| a));
                for idp in issuer_policies {
                    let mapped: Vec<Oid<'static>> = distinct(
                        cert.policy_mappings
                            .iter()
                            .filter(|(a, _)| a == idp)
                            .map(|(_, b)| b),
                    )
                    .into_iter()
                    .cloned()
                    .collect();
                    if policy_mapping > 0 {
                        if let Some(x) = nodes.iter_mut().find(|x| x.valid == *idp) {
                            x.expected = mapped;
                        } else if nodes.iter().any(|x| x.valid == ANY_POLICY) {
                            nodes.push(Node {
                                valid: idp.clone(),
                                expected: mapped,
                            });
                        }
                    } else {
                        nodes.retain(|x| x.valid != *idp);
                    }
                }
                if nodes.is_empty() {
                    level = None;
                }
            }
            // 6.1.4 (h), (i), (j)
            if !self_issued {
                explicit_policy = explicit_policy.saturating_sub(1);
                policy_mapping = policy_mapping.saturating_sub(1);
                inhibit_any = inhibit_any.saturating_sub(1);
            }
            if let Some((require, inhibit_mapping)) = cert.policy_constraints {
                if let Some(r) = require {
                    let r = usize::try_from(r).unwrap_or(usize::MAX);
                    if r < explicit_policy {
                        explicit_policy = r;
                        required_by = Some(depth);
                    }
                }
                if let Some(m) = inhibit_mapping {
                    policy_mapping = policy_mapping.min(usize::try_from(m).unwrap_or(usize::MAX));
                }
            }
            if let Some(skip) = cert.inhibit_any_policy {
                inhibit_any = inhibit_any.min(usize::try_from(skip).unwrap_or(usize::MAX));
            }
        } else {
            // 6.1.5 (a), (b): wrap-up at the leaf
            explicit_policy = explicit_policy.saturating_sub(1);
            if cert.policy_constraints.is_some_and(|(r, _)| r == Some(0)) {
                explicit_policy = 0;
                required_by = Some(depth);
            }
        }
        // 6.1.5 (g): with user-initial-policy-set {anyPolicy} the tree is kept as it is;
        // 6.1.5: the path is valid if explicit_policy > 0 or the tree is not empty.
        if i == n && explicit_policy == 0 && level.is_none() {
            no_valid_policy(out, depth, required_by, "RFC 5280 6.1.5");
        }
    }
}

fn no_valid_policy(
    out: &mut Findings,
    depth: usize,
    required_by: Option<usize>,
    clause: &'static str,
) {
    out.push(
        depth,
        Code::PolicyRequired,
        clause,
        Details::PolicyRequired { required_by },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Certificate;

    const P: Oid<'static> = x509_parser::asn1_rs::oid!(2.23.140 .1 .2 .1);
    const Q: Oid<'static> = x509_parser::asn1_rs::oid!(1.3.6 .1 .4 .1 .99999 .1);

    /// The valid-rsa fixture path (leaf, intermediate, root), ready to be edited.
    fn path() -> Vec<Certificate> {
        let chain = include_str!("../../fixtures/valid-rsa/chain.pem");
        let roots = include_str!("../../fixtures/valid-rsa/roots.pem");
        pem::parse_many(format!("{chain}{roots}"))
            .unwrap()
            .iter()
            .map(|p| Certificate::from_der(p.contents()).unwrap())
            .collect()
    }

    fn run(certs: &[Certificate]) -> Vec<(Option<usize>, Code)> {
        let view = PathView {
            certs: certs.iter().collect(),
            reached_anchor: true,
        };
        let mut out = Findings::default();
        check_path(&view, &mut out);
        out.0.iter().map(|f| (f.depth, f.code)).collect()
    }

    fn policies(c: &mut Certificate, p: &[Oid<'static>]) {
        c.policies = Some(p.to_vec());
    }

    #[test]
    fn no_policy_extensions_no_finding() {
        assert!(run(&path()).is_empty());
    }

    #[test]
    fn required_explicit_policy_without_policies_fails_at_the_leaf() {
        let mut p = path();
        p[1].policy_constraints = Some((Some(0), None));
        assert_eq!(run(&p), vec![(Some(0), Code::PolicyRequired)]);
    }

    #[test]
    fn required_explicit_policy_is_met_by_a_common_policy() {
        let mut p = path();
        p[1].policy_constraints = Some((Some(0), None));
        policies(&mut p[1], &[P]);
        policies(&mut p[0], &[P]);
        assert!(run(&p).is_empty());
        policies(&mut p[0], &[Q]);
        assert_eq!(run(&p), vec![(Some(0), Code::PolicyRequired)]);
    }

    #[test]
    fn any_policy_in_the_ca_admits_the_leaf_policy() {
        let mut p = path();
        p[1].policy_constraints = Some((Some(0), None));
        policies(&mut p[1], &[ANY_POLICY]);
        policies(&mut p[0], &[Q]);
        assert!(run(&p).is_empty());
        // inhibitAnyPolicy 0 on the CA stops anyPolicy in the certificates below it
        p[1].inhibit_any_policy = Some(0);
        policies(&mut p[0], &[ANY_POLICY]);
        assert_eq!(run(&p), vec![(Some(0), Code::PolicyRequired)]);
    }

    #[test]
    fn mappings_carry_a_policy_into_the_subject_domain() {
        let mut p = path();
        p[1].policy_constraints = Some((Some(0), None));
        policies(&mut p[1], &[P]);
        p[1].policy_mappings = vec![(P, Q)];
        policies(&mut p[0], &[Q]);
        assert!(run(&p).is_empty());
        // the CA's own inhibitPolicyMapping limits the certificates after it (6.1.4 (b)
        // runs before (i)), so its own mapping still applies
        p[1].policy_constraints = Some((Some(0), Some(0)));
        assert!(run(&p).is_empty());
        // without the mapping, Q is not valid for the path
        p[1].policy_mappings.clear();
        assert_eq!(run(&p), vec![(Some(0), Code::PolicyRequired)]);
    }
}
