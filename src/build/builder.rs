//! Path building: a depth-first search from the leaf towards the trust store.
//!
//! Issuer candidates are the certificates whose subject equals the child's issuer name
//! (compared as RFC 5280 7.1 says: case-folded, white space collapsed),
//! trust anchors first, then ordered by how well their subjectKeyIdentifier agrees with
//! the child's authorityKeyIdentifier. A candidate whose signature over the child fails
//! is abandoned; any other problem is recorded and the search goes on, so an expired
//! cross-signed intermediate does not hide a valid path through another root. Loops
//! (the same subject and key twice) are skipped. The depth is not cut short: the policy's
//! maximum chain depth is a check on the paths found (`ca::check_max_depth` blames the
//! first intermediate over it), and the work, hence the depth, is bounded by the budget:
//! every certificate added above the leaf costs a signature check.

use crate::checks::{self, Budget, Ctx, PathView};
use crate::input::{SourceKind, SourcedCert};
use crate::model::Certificate;
use crate::model::DistinguishedName;
use crate::report::details::{BudgetResource, Details, IssuerHint};
use crate::report::finding::{Code, Finding, Findings};
use crate::store::TrustStore;
use std::collections::HashMap;

/// The longest path the search can build or record. Not a limit of its own: the limit in
/// force is the policy's maximum chain depth ([`Policy::intermediate_limit`]), and every
/// certificate added above the leaf costs a signature check of the budget
/// ([`checks::MAX_SIGNATURE_CHECKS`]), which bounds both the work and the recursion: the
/// leaf, one certificate per check, and the candidate at which the budget ran out.
///
/// [`Policy::intermediate_limit`]: crate::policy::Policy::intermediate_limit
pub const MAX_PATH_CERTS: usize = checks::MAX_SIGNATURE_CHECKS + 2;

/// Most attempts kept for the report. Each carries its findings; past this many the
/// search still runs but stops recording, so the report stays readable and bounded.
pub const MAX_RECORDED_ATTEMPTS: usize = 64;

/// A certificate in the search graph.
#[derive(Clone, Debug)]
pub struct Node {
    /// The certificate and its origin.
    pub sc: SourcedCert,
    /// Whether it came from the trust store.
    pub anchor: bool,
}

/// One complete or abandoned path.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// Node indices, leaf first.
    pub nodes: Vec<usize>,
    /// Whether the last node is a trust anchor.
    pub reached_anchor: bool,
    /// Every finding of the path.
    pub findings: Vec<Finding>,
}

impl Candidate {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.is_error()).count()
    }
}

/// The search state of one verification.
pub struct Builder<'a> {
    ctx: &'a Ctx<'a>,
    store: &'a TrustStore,
    /// Every certificate met: presented and extra first, anchors as they are reached.
    pub nodes: Vec<Node>,
    pool_by_subject: HashMap<String, Vec<usize>>,
    anchors_by_subject: HashMap<String, Vec<usize>>,
    edge_cache: HashMap<(usize, usize), Vec<Finding>>,
    budget: Budget,
    budget_hit: bool,
    /// Paths tried, in order.
    pub attempts: Vec<Candidate>,
    /// The valid path, when one was found.
    pub valid: Option<Candidate>,
}

impl<'a> Builder<'a> {
    /// A builder over the leaf (node 0) and the untrusted certificates.
    pub fn new(
        ctx: &'a Ctx<'a>,
        store: &'a TrustStore,
        leaf: &SourcedCert,
        pool: &[SourcedCert],
    ) -> Self {
        let mut b = Builder {
            ctx,
            store,
            nodes: vec![Node {
                sc: leaf.clone(),
                anchor: false,
            }],
            pool_by_subject: HashMap::new(),
            anchors_by_subject: HashMap::new(),
            edge_cache: HashMap::new(),
            budget: Budget::default(),
            budget_hit: false,
            attempts: Vec::new(),
            valid: None,
        };
        let mut seen = std::collections::HashSet::new();
        seen.insert(leaf.cert.sha256.clone());
        for sc in pool {
            if !seen.insert(sc.cert.sha256.clone()) {
                continue; // duplicates are reported from the presented chain
            }
            let i = b.nodes.len();
            b.nodes.push(Node {
                sc: sc.clone(),
                anchor: false,
            });
            b.pool_by_subject
                .entry(sc.cert.subject.norm.clone())
                .or_default()
                .push(i);
        }
        b
    }

    fn cert(&self, i: usize) -> &Certificate {
        &self.nodes[i].sc.cert
    }

    /// Run the search. A leaf that is itself in the trust store is a trust anchor (RFC 5280
    /// 6.1.1 (d): the anchor is an input of path validation, trusted as it is): its path
    /// is the anchor alone, checked as an anchor plus the name and purpose asked for
    /// ([`PathView::role`]), and no other path is sought.
    pub fn run(&mut self) {
        if self.store.contains(&self.nodes[0].sc.cert) {
            self.nodes[0].anchor = true;
            self.finish(vec![0], true, vec![]);
            return;
        }
        let mut path = vec![0];
        self.search(&mut path);
    }

    fn anchors_for(&mut self, issuer: &DistinguishedName) -> Vec<usize> {
        if let Some(v) = self.anchors_by_subject.get(&issuer.norm) {
            return v.clone();
        }
        let mut v = Vec::new();
        for sc in self.store.by_subject(issuer) {
            let i = self.nodes.len();
            self.nodes.push(Node { sc, anchor: true });
            v.push(i);
        }
        self.anchors_by_subject
            .insert(issuer.norm.clone(), v.clone());
        v
    }

    /// Issuer candidates for `child`: anchors first, then untrusted certificates, each
    /// group ordered by AKI/SKI agreement (matching, unknown, mismatching).
    fn candidates(&mut self, child: usize) -> Vec<usize> {
        let child_cert = std::sync::Arc::clone(&self.nodes[child].sc.cert);
        let aki = child_cert.aki.as_ref().and_then(|a| a.key_id.as_ref());
        let rank = |c: &Certificate| match (aki, &c.ski) {
            (Some(a), Some(s)) if a == s => 0,
            (Some(_), Some(_)) => 2,
            _ => 1,
        };
        let mut anchors = self.anchors_for(&child_cert.issuer);
        anchors.sort_by_key(|&i| rank(self.cert(i)));
        let mut pool = self
            .pool_by_subject
            .get(&child_cert.issuer.norm)
            .cloned()
            .unwrap_or_default();
        pool.retain(|&i| i != child);
        pool.sort_by_key(|&i| rank(self.cert(i)));
        anchors.extend(pool);
        anchors
    }

    /// Whether a certificate with the same subject and key is already on the path.
    fn loops(&self, path: &[usize], cand: usize) -> bool {
        let c = self.cert(cand);
        path.iter().any(|&p| {
            let q = self.cert(p);
            q.subject.norm == c.subject.norm && q.spki == c.spki
        })
    }

    fn edge(&mut self, child: usize, issuer: usize, depth: usize) -> Vec<Finding> {
        if let Some(f) = self.edge_cache.get(&(child, issuer)) {
            return f
                .iter()
                .cloned()
                .map(|mut x| {
                    x.depth = Some(depth);
                    x
                })
                .collect();
        }
        let f = if self.budget.signatures == 0 {
            self.budget_hit = true;
            vec![Finding::at(
                depth,
                Code::BudgetExhausted,
                "",
                Details::BudgetExhausted {
                    resource: BudgetResource::SignatureChecks,
                    limit: Some(checks::MAX_SIGNATURE_CHECKS),
                    ca_depth: None,
                },
            )]
        } else {
            self.budget.signatures -= 1;
            checks::signature::check_edge(
                self.ctx.backend,
                self.cert(child),
                self.cert(issuer),
                depth,
            )
        };
        self.edge_cache.insert((child, issuer), f.clone());
        f
    }

    /// Depth-first search; returns true once a valid path is found.
    fn search(&mut self, path: &mut Vec<usize>) -> bool {
        let child = *path.last().expect("paths start with the leaf");
        let depth = path.len() - 1;
        let mut tried = 0;
        let mut looped = 0;
        for cand in self.candidates(child) {
            if self.budget.steps == 0 || self.budget_hit {
                self.budget_hit = true;
                break;
            }
            self.budget.steps -= 1;
            if self.loops(path, cand) {
                looped += 1;
                continue;
            }
            tried += 1;
            let sig = self.edge(child, cand, depth);
            path.push(cand);
            let found = if sig
                .iter()
                .any(|f| f.code == Code::BadSignature || f.code == Code::BudgetExhausted)
            {
                // not this issuer: abandon the branch
                self.finish(path.clone(), false, vec![]);
                false
            } else if self.nodes[cand].anchor {
                self.finish(path.clone(), true, vec![]);
                self.valid.is_some()
            } else {
                self.search(path)
            };
            path.pop();
            if found {
                return true;
            }
        }
        if self.budget_hit && tried == 0 {
            let f = Finding::at(
                depth,
                Code::BudgetExhausted,
                "",
                Details::BudgetExhausted {
                    resource: BudgetResource::PathBuilding,
                    limit: None,
                    ca_depth: None,
                },
            );
            self.finish(path.clone(), false, vec![f]);
        } else if tried == 0 {
            let f = self.dead_end(child, depth, looped);
            self.finish(path.clone(), false, vec![f]);
        }
        false
    }

    /// Why the path cannot go past `child`, whose `looped` candidate issuers are all
    /// already on the path.
    fn dead_end(&mut self, child: usize, depth: usize, looped: usize) -> Finding {
        let c = std::sync::Arc::clone(&self.nodes[child].sc.cert);
        // RFC 5280 6.1: a self-issued certificate that is not a trust anchor ends the path
        // as an untrusted root. That does not depend on accepting its self-signature's
        // algorithm (old roots signed themselves with SHA-1, which is never checked on an
        // anchor): only a self-signature that is checked and fails says otherwise.
        if c.is_self_issued() {
            let own = self.edge(child, child, depth);
            if !own.iter().any(|f| f.code == Code::BadSignature) {
                return Finding::at(
                    depth,
                    Code::UntrustedRoot,
                    "RFC 5280 6.1",
                    Details::UntrustedRoot {
                        subject: c.short_name(),
                        self_signature_unchecked: own.first().map(|f| f.message.clone()),
                    },
                );
            }
        }
        let sc = &self.nodes[child].sc;
        let details = Details::IssuerNotFound {
            issuer: c.issuer.text.clone(),
            key_id: c
                .aki
                .as_ref()
                .and_then(|a| a.key_id.as_ref())
                .map(|k| crate::model::colon_hex(k)),
            ca_issuers: c.ca_issuers.clone(),
            looped,
            hint: (looped == 0).then(|| missing_issuer_hint(sc, depth)),
            presented: sc.source.kind == SourceKind::Presented,
            intermediate: depth > 0 && c.is_ca(),
        };
        Finding::at(depth, Code::IssuerNotFound, "RFC 5280 6.1", details)
    }

    /// Evaluate a path (complete or not) and record it.
    fn finish(&mut self, nodes: Vec<usize>, reached_anchor: bool, extra: Vec<Finding>) {
        let mut out = Findings::default();
        for d in 0..nodes.len().saturating_sub(1) {
            let f = self.edge(nodes[d], nodes[d + 1], d);
            out.0.extend(f);
        }
        let mut budget = std::mem::take(&mut self.budget);
        {
            let certs: Vec<&Certificate> = nodes.iter().map(|&i| self.cert(i)).collect();
            let view = PathView {
                certs,
                reached_anchor,
            };
            checks::evaluate(self.ctx, &view, &mut budget, &mut out);
        }
        self.budget = budget;
        out.0.extend(extra);
        out.0
            .sort_by_key(|f| (f.depth.unwrap_or(usize::MAX), f.code));
        let cand = Candidate {
            nodes,
            reached_anchor,
            findings: out.0,
        };
        if reached_anchor && cand.errors() == 0 {
            self.valid = Some(cand);
        } else if self.attempts.len() < MAX_RECORDED_ATTEMPTS {
            self.attempts.push(cand);
        }
    }

    /// The attempt to show when no path is valid: one that reached an anchor with the
    /// fewest errors, else the longest, else the first.
    pub fn best_attempt(&self) -> Option<usize> {
        (0..self.attempts.len()).min_by_key(|&i| {
            let a = &self.attempts[i];
            (!a.reached_anchor, a.errors(), usize::MAX - a.nodes.len(), i)
        })
    }
}

/// Whether a name reads like a root CA's: a commonName or organizationalUnitName with the
/// word "root" (ISRG Root X1, DigiCert Global Root G2, GoDaddy Root Certificate Authority).
/// Only a hint for the explanation; it never decides trust.
fn looks_like_root(name: &DistinguishedName) -> bool {
    use crate::model::oid;
    name.values.iter().any(|(attr, value)| {
        (*attr == oid::CN || *attr == oid::OU)
            && value
                .split(|ch: char| !ch.is_alphanumeric())
                .any(|word| word.eq_ignore_ascii_case("root"))
    })
}

/// What is most likely missing above `sc` (at `depth`), as far as the facts tell: a CA
/// certificate that was supplied and names a root as its issuer points at the trust
/// store; one whose issuer is another intermediate points at a missing level; a leaf
/// whose issuer is not a root points at the server.
fn missing_issuer_hint(sc: &SourcedCert, depth: usize) -> IssuerHint {
    let c = &sc.cert;
    match (depth > 0 && c.is_ca(), looks_like_root(&c.issuer)) {
        (true, true) => IssuerHint::TrustStoreLacksRoot,
        (true, false) => IssuerHint::IntermediateMissing,
        (false, true) => IssuerHint::RootOrIntermediateMissing,
        (false, false) => IssuerHint::IntermediateNotSent,
    }
}
