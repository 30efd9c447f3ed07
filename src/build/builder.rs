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

use super::budget::{Budget, MAX_SIGNATURE_CHECKS};
use super::path::{PathJudge, PathView};
use super::signature::check_edge;
use crate::crypto::SignatureBackend;
use crate::input::{SourceKind, SourcedCert};
use crate::model::Certificate;
use crate::model::DistinguishedName;
use crate::report::details::{BudgetResource, Details, IssuerHint, UnparsedAnchor};
use crate::report::finding::{Code, Finding};
use crate::store::TrustStore;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The longest path the search can build or record. Not a limit of its own: the limit in
/// force is the policy's maximum chain depth ([`Policy::intermediate_limit`]), and every
/// certificate added above the leaf costs a signature check of the budget
/// ([`MAX_SIGNATURE_CHECKS`]), which bounds both the work and the recursion: the
/// leaf, one certificate per check, and the candidate at which the budget ran out.
///
/// [`Policy::intermediate_limit`]: crate::policy::Policy::intermediate_limit
pub const MAX_PATH_CERTS: usize = MAX_SIGNATURE_CHECKS + 2;

/// Most attempts kept for the report. Each carries its findings; past this many the
/// search still runs but stops recording, and a dead end that is not recorded is not
/// judged either, so the report and the work stay bounded.
pub const MAX_RECORDED_ATTEMPTS: usize = 64;

/// A certificate in the search graph.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    /// The certificate and its origin.
    pub sc: SourcedCert,
    /// Whether it came from the trust store.
    pub anchor: bool,
}

/// One complete or abandoned path.
#[derive(Clone, Debug)]
pub(crate) struct Candidate {
    /// Node indices ([`Search::nodes`]), leaf first.
    pub nodes: Vec<usize>,
    /// Whether the last node is a trust anchor.
    pub reached_anchor: bool,
    /// Every finding of the path: its edges' signatures, the judge's, and why the search
    /// stopped there; ordered by depth, then code.
    pub findings: Vec<Finding>,
}

impl Candidate {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.is_error()).count()
    }
}

/// What a search found: every certificate met, the accepted path if any, and the other
/// paths tried (at most [`MAX_RECORDED_ATTEMPTS`]).
#[derive(Debug)]
pub(crate) struct Search {
    /// Every certificate met: presented and extra first, anchors as they were reached.
    pub nodes: Vec<Node>,
    /// The path the judge accepted, when one was found.
    pub valid: Option<Candidate>,
    /// Paths tried and not accepted, in order.
    pub attempts: Vec<Candidate>,
    /// Why the search stopped early, when a budget ran out before a valid path was
    /// found (the path reported may not be the one the budget cut short).
    pub cut_short: Option<Finding>,
}

impl Search {
    /// The path to report and whether it was accepted: the accepted one, else the
    /// attempt that reached an anchor with the fewest errors, else the longest, else the
    /// first; `None` when nothing was tried.
    pub fn take_chosen(&mut self) -> Option<(Candidate, bool)> {
        if let Some(v) = self.valid.take() {
            return Some((v, true));
        }
        let best = self
            .attempts
            .iter()
            .enumerate()
            .min_by_key(|(i, a)| {
                (
                    !a.reached_anchor,
                    a.errors(),
                    std::cmp::Reverse(a.nodes.len()),
                    *i,
                )
            })
            .map(|(i, _)| i)?;
        let mut chosen = self.attempts.remove(best);
        // A bound that cut the search short is said on the path reported, whichever it
        // is: the rejection may be the budget's, not the certificates'.
        if let Some(f) = self.cut_short.take() {
            if !chosen
                .findings
                .iter()
                .any(|x| x.code == Code::BudgetExhausted)
            {
                chosen.findings.push(f);
            }
        }
        Some((chosen, false))
    }

    /// The certificates of a candidate, leaf first.
    pub fn certs<'s>(&'s self, c: &Candidate) -> Vec<&'s SourcedCert> {
        c.nodes
            .iter()
            .filter_map(|&i| self.nodes.get(i))
            .map(|n| &n.sc)
            .collect()
    }
}

/// The search state of one verification.
pub(crate) struct Builder<'a> {
    backend: &'a dyn SignatureBackend,
    store: &'a TrustStore,
    judge: &'a mut dyn PathJudge,
    nodes: Vec<Node>,
    pool_by_subject: HashMap<String, Vec<usize>>,
    anchors_by_subject: HashMap<String, Vec<usize>>,
    edge_cache: HashMap<(usize, usize), Vec<Finding>>,
    budget: Budget,
    budget_hit: bool,
    attempts: Vec<Candidate>,
    valid: Option<Candidate>,
}

impl<'a> Builder<'a> {
    /// A builder over the leaf (node 0) and the untrusted certificates, checking edges
    /// with `backend` and asking `judge` about every path it keeps.
    pub fn new(
        backend: &'a dyn SignatureBackend,
        store: &'a TrustStore,
        judge: &'a mut dyn PathJudge,
        leaf: &SourcedCert,
        pool: &[SourcedCert],
    ) -> Self {
        let mut b = Builder {
            backend,
            store,
            judge,
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
        let mut seen = HashSet::new();
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

    fn node(&self, i: usize) -> Option<&Node> {
        self.nodes.get(i)
    }

    fn cert(&self, i: usize) -> Option<&Certificate> {
        self.node(i).map(|n| &*n.sc.cert)
    }

    /// Run the search. A leaf that is itself in the trust store is a trust anchor (RFC 5280
    /// 6.1.1 (d): the anchor is an input of path validation, trusted as it is): its path
    /// is the anchor alone, checked as an anchor plus the name and purpose asked for
    /// ([`PathView::role`]), and no other path is sought.
    pub fn run(mut self) -> Search {
        let trusted_leaf = self
            .nodes
            .first()
            .is_some_and(|n| self.store.contains(&n.sc.cert));
        if trusted_leaf {
            if let Some(n) = self.nodes.first_mut() {
                n.anchor = true;
            }
            self.finish(vec![0], true, vec![]);
        } else {
            let mut path = vec![0];
            self.search(&mut path);
        }
        let cut_short = (self.budget_hit && self.valid.is_none()).then(|| {
            let resource = if self.budget.signatures == 0 {
                BudgetResource::SignatureChecks
            } else {
                BudgetResource::PathBuilding
            };
            let mut f = budget_finding(0, resource);
            f.depth = None; // the whole search, no one certificate
            f
        });
        Search {
            nodes: self.nodes,
            valid: self.valid,
            attempts: self.attempts,
            cut_short,
        }
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
        let Some(child_cert) = self.node(child).map(|n| Arc::clone(&n.sc.cert)) else {
            return Vec::new();
        };
        let aki = child_cert.aki.as_ref().and_then(|a| a.key_id.as_ref());
        let rank = |c: Option<&Certificate>| match (aki, c.and_then(|c| c.ski.as_ref())) {
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
        if pool.len() < 2 {
            anchors.extend(pool);
            return anchors;
        }
        // Within the same AKI/SKI rank, a candidate that a trust anchor could issue goes
        // first (RFC 4158 3.5: prefer the certificate one step from a trust anchor), so
        // that many look-alike issuers cannot spend the budget ahead of the one that
        // leads to a root.
        let mut keyed: Vec<((u8, bool), usize)> = Vec::with_capacity(pool.len());
        for i in pool {
            let key = match self.node(i).map(|n| Arc::clone(&n.sc.cert)) {
                Some(c) => (rank(Some(&c)), self.anchors_for(&c.issuer).is_empty()),
                None => (rank(None), true),
            };
            keyed.push((key, i));
        }
        keyed.sort_by_key(|&(key, _)| key);
        anchors.extend(keyed.into_iter().map(|(_, i)| i));
        anchors
    }

    /// Whether a certificate with the same subject and key is already on the path.
    fn loops(&self, path: &[usize], cand: usize) -> bool {
        let Some(c) = self.cert(cand) else {
            return false;
        };
        path.iter()
            .filter_map(|&p| self.cert(p))
            .any(|q| q.subject.norm == c.subject.norm && q.spki == c.spki)
    }

    /// The findings of the signature on `child` by `issuer` (empty when it verifies),
    /// checked once per edge: a check costs one signature of the budget, and once the
    /// budget is spent the edge gets `budget_exhausted` instead.
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
            vec![budget_finding(depth, BudgetResource::SignatureChecks)]
        } else {
            self.budget.signatures = self.budget.signatures.saturating_sub(1);
            match (self.cert(child), self.cert(issuer)) {
                (Some(c), Some(i)) => check_edge(self.backend, c, i, depth),
                _ => Vec::new(),
            }
        };
        self.edge_cache.insert((child, issuer), f.clone());
        f
    }

    /// Depth-first search; returns true once a valid path is found.
    fn search(&mut self, path: &mut Vec<usize>) -> bool {
        let Some(&child) = path.last() else {
            return false;
        };
        let depth = path.len().saturating_sub(1);
        let mut tried = 0usize;
        let mut looped = 0usize;
        for cand in self.candidates(child) {
            if self.budget.steps == 0 || self.budget_hit {
                self.budget_hit = true;
                break;
            }
            self.budget.steps = self.budget.steps.saturating_sub(1);
            if self.loops(path, cand) {
                looped = looped.saturating_add(1);
                continue;
            }
            tried = tried.saturating_add(1);
            let sig = self.edge(child, cand, depth);
            path.push(cand);
            let found = if sig
                .iter()
                .any(|f| f.code == Code::BadSignature || f.code == Code::BudgetExhausted)
            {
                // not this issuer: abandon the branch
                self.finish(path.clone(), false, vec![]);
                false
            } else if self.node(cand).is_some_and(|n| n.anchor) {
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
            let f = budget_finding(depth, BudgetResource::PathBuilding);
            self.finish(path.clone(), false, vec![f]);
        } else if tried == 0 {
            let f = self.dead_end(path, child, depth, looped);
            self.finish(path.clone(), false, f.into_iter().collect());
        }
        false
    }

    /// Why the path cannot go past `child`, whose `looped` candidate issuers are all
    /// already on the path.
    fn dead_end(
        &mut self,
        path: &[usize],
        child: usize,
        depth: usize,
        looped: usize,
    ) -> Option<Finding> {
        let c = Arc::clone(&self.node(child)?.sc.cert);
        // RFC 5280 6.1: a self-issued certificate that is not a trust anchor ends the path
        // as an untrusted root. That does not depend on accepting its self-signature's
        // algorithm (old roots signed themselves with SHA-1, which is never checked on an
        // anchor): only a self-signature that is checked and fails says otherwise. The
        // self-signature is checked (and paid for) whether or not the dead end is
        // recorded, so that the budget runs out at the same point either way.
        if c.is_self_issued() {
            let own = self.edge(child, child, depth);
            if !own.iter().any(|f| f.code == Code::BadSignature) {
                return Some(Finding::at(
                    depth,
                    Code::UntrustedRoot,
                    "RFC 5280 6.1",
                    Details::UntrustedRoot {
                        subject: c.short_name(),
                        self_signature_unchecked: own.first().map(|f| f.message.clone()),
                        unparsed_anchor: self.unparsed_anchor(path),
                    },
                ));
            }
        }
        let sc = &self.node(child)?.sc;
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
            unparsed_anchor: self.unparsed_anchor(path),
        };
        Some(Finding::at(
            depth,
            Code::IssuerNotFound,
            "RFC 5280 6.1",
            details,
        ))
    }

    /// The trust store entry, nearest the top of `path`, named as the issuer of a
    /// certificate of the path but unparsable: the anchor the user most likely meant.
    fn unparsed_anchor(&self, path: &[usize]) -> Option<UnparsedAnchor> {
        path.iter().enumerate().rev().find_map(|(depth, &i)| {
            let issuer = &self.cert(i)?.issuer;
            Some(UnparsedAnchor {
                name: issuer.text.clone(),
                issuer_of: depth,
                error: self.store.unparsed_with_subject(issuer)?,
            })
        })
    }

    /// Whether another attempt would still be recorded.
    fn recording(&self) -> bool {
        self.attempts.len() < MAX_RECORDED_ATTEMPTS
    }

    /// Keep a path (complete or not): its edges' findings, the judge's, and `extra` (why
    /// the search stopped there). A complete path is always judged, since it may end the
    /// search; a dead end only while attempts are still recorded, since nothing else is
    /// kept about it.
    fn finish(&mut self, nodes: Vec<usize>, reached_anchor: bool, extra: Vec<Finding>) {
        if !reached_anchor && !self.recording() {
            return;
        }
        let mut findings = Vec::new();
        for (d, pair) in nodes.windows(2).enumerate() {
            if let [child, issuer] = *pair {
                findings.extend(self.edge(child, issuer, d));
            }
        }
        let certs: Vec<&Certificate> = nodes
            .iter()
            .filter_map(|&i| self.nodes.get(i))
            .map(|n| &*n.sc.cert)
            .collect();
        findings.extend(self.judge.judge(&PathView {
            certs,
            reached_anchor,
        }));
        findings.extend(extra);
        findings.sort_by_key(|f| (f.depth.unwrap_or(usize::MAX), f.code));
        let cand = Candidate {
            nodes,
            reached_anchor,
            findings,
        };
        if reached_anchor && cand.errors() == 0 {
            self.valid = Some(cand);
        } else if self.recording() {
            self.attempts.push(cand);
        }
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

/// `budget_exhausted` at `depth` for one of the builder's budgets: signature checks (its
/// limit named) or path-building steps.
fn budget_finding(depth: usize, resource: BudgetResource) -> Finding {
    let limit = match resource {
        BudgetResource::SignatureChecks => Some(MAX_SIGNATURE_CHECKS),
        _ => None,
    };
    Finding::at(
        depth,
        Code::BudgetExhausted,
        "",
        Details::BudgetExhausted {
            resource,
            limit,
            ca_depth: None,
        },
    )
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)] // test code: an overflow is a failed test
mod tests {
    use super::*;
    use crate::crypto::RingBackend;
    use crate::input::Source;
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};

    /// A judge that accepts every path and counts how many it was asked about.
    #[derive(Default)]
    struct Counting {
        judged: usize,
    }

    impl PathJudge for Counting {
        fn judge(&mut self, _: &PathView<'_>) -> Vec<Finding> {
            self.judged += 1;
            Vec::new()
        }
    }

    fn sourced(der: &[u8], position: usize) -> SourcedCert {
        SourcedCert {
            cert: Arc::new(Certificate::from_der(der).unwrap()),
            source: Source {
                kind: SourceKind::Presented,
                name: "bundle".into(),
                position: Some(position),
            },
        }
    }

    fn params(cn: &str, ca: bool) -> CertificateParams {
        let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
        p.distinguished_name.push(DnType::CommonName, cn);
        if ca {
            p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        }
        p
    }

    /// More dead ends than attempts are recorded, fewer than the signature budget.
    const WRONG_ISSUERS: usize = MAX_RECORDED_ATTEMPTS + 16;
    const _: () = assert!(WRONG_ISSUERS < MAX_SIGNATURE_CHECKS);

    #[test]
    fn dead_ends_past_the_recording_limit_are_not_judged() {
        // A leaf whose issuer name is carried by WRONG_ISSUERS certificates, none of which
        // holds the key that signed it: every candidate is a dead end (bad signature).
        let ca = params("Crowded CA", true);
        let signer = KeyPair::generate().unwrap();
        let leaf = params("leaf.example", false)
            .signed_by(
                &KeyPair::generate().unwrap(),
                &Issuer::from_params(&ca, &signer),
            )
            .unwrap();
        let pool: Vec<SourcedCert> = (0..WRONG_ISSUERS)
            .map(|i| {
                let c = ca.self_signed(&KeyPair::generate().unwrap()).unwrap();
                sourced(c.der(), i + 2)
            })
            .collect();
        let store = TrustStore::new();
        let mut judge = Counting::default();
        let search = Builder::new(
            &RingBackend,
            &store,
            &mut judge,
            &sourced(leaf.der(), 1),
            &pool,
        )
        .run();
        assert!(search.valid.is_none());
        assert_eq!(search.attempts.len(), MAX_RECORDED_ATTEMPTS);
        // Each recorded dead end was judged once (what the report shows about it), and
        // the WRONG_ISSUERS - MAX_RECORDED_ATTEMPTS that were not recorded, not at all.
        assert_eq!(judge.judged, MAX_RECORDED_ATTEMPTS);
        assert!(search
            .attempts
            .iter()
            .all(|a| a.findings.iter().any(|f| f.code == Code::BadSignature)));
    }

    #[test]
    fn a_complete_path_is_judged_and_accepted_by_the_judge() {
        let ca = params("Root CA", true);
        let root_key = KeyPair::generate().unwrap();
        let root = ca.self_signed(&root_key).unwrap();
        let leaf = params("leaf.example", false)
            .signed_by(
                &KeyPair::generate().unwrap(),
                &Issuer::from_params(&ca, &root_key),
            )
            .unwrap();
        let mut store = TrustStore::new();
        store.add_parsed(sourced(root.der(), 1));
        let mut judge = Counting::default();
        let search = Builder::new(
            &RingBackend,
            &store,
            &mut judge,
            &sourced(leaf.der(), 1),
            &[],
        )
        .run();
        assert_eq!(judge.judged, 1);
        assert!(search.attempts.is_empty());
        assert_eq!(search.valid.map(|c| c.nodes.len()), Some(2));
    }
}
