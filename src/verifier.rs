//! The public entry point: a [`Verifier`] built once from a trust store and a policy,
//! shared across threads, turning a presented chain into a [`Report`].
//!
//! [`Verifier::verify`] only wires the pipeline: the certificates (already parsed) go to
//! the path builder (`build/`), which asks the evaluator (`checks/`) about every path it
//! keeps; the evaluator concludes on the path to report; the report builder
//! (`report/assemble.rs`) makes the report and its verdict.

use crate::build::Builder;
use crate::checks::{Ctx, Evaluator, Inputs};
use crate::crypto::{RingBackend, SignatureBackend};
use crate::input::{Source, SourceKind, SourcedCert};
use crate::model::{Certificate, ParseError};
use crate::policy::{CheckTime, ExpectedName, Policy};
use crate::report::assemble::{assemble, Assembly, Chosen, Tried};
use crate::report::details::{Details, Rule};
use crate::report::fetch::Fetch;
use crate::report::finding::{Code, Finding};
use crate::report::Report;
use crate::store::TrustStore;
use std::sync::Arc;

/// A certificate given to [`Verifier::verify_der`] that cannot be parsed: which one and
/// why. Nothing was verified.
///
/// ```
/// use certchain::{Policy, SourceKind, TrustStore, Verifier};
///
/// let chain = certchain::parse_certificates(
///     "chain.pem", include_bytes!("../fixtures/valid-rsa/chain.pem"), SourceKind::Presented,
/// ).unwrap();
/// let leaf = chain[0].cert.der().to_vec();
/// let verifier = Verifier::new(TrustStore::new(), Policy::default());
///
/// let err = verifier.verify_der(&[leaf, b"garbage".to_vec()], None).unwrap_err();
/// assert_eq!(err.position, 2);
/// assert!(err.to_string().starts_with("certificate #2 of the chain cannot be parsed: "), "{err}");
/// assert_eq!(std::error::Error::source(&err).unwrap().to_string(), err.reason.to_string());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("certificate #{position}{} of the chain cannot be parsed: {reason}", if *position == 1 { " (the leaf)" } else { "" })]
pub struct DerError {
    /// 1-based position in the chain given (1 = the leaf).
    pub position: usize,
    /// Why it cannot be parsed.
    #[source]
    pub reason: ParseError,
}

/// What the report of [`Verifier::verify_noting`] carries from outside the verification.
#[derive(Debug, Default)]
pub(crate) struct Notes {
    /// The network requests made.
    pub fetches: Vec<Fetch>,
    /// Findings about them (warnings: they never decide the verdict alone).
    pub findings: Vec<Finding>,
}

/// Verifies chains against one trust store under one policy. Cheap to share: wrap it in
/// an `Arc` and call [`Verifier::verify`] from any thread.
#[derive(Debug)]
pub struct Verifier {
    store: Arc<TrustStore>,
    policy: Policy,
    backend: Arc<dyn SignatureBackend>,
}

impl Verifier {
    /// A verifier with the ring signature backend.
    ///
    /// ```
    /// use certchain::{Policy, TrustStore, Verifier};
    ///
    /// let verifier = std::sync::Arc::new(Verifier::new(TrustStore::bundled(), Policy::default()));
    /// let shared = verifier.clone();
    /// std::thread::spawn(move || shared.verify(&[], &[], None)).join().unwrap();
    /// ```
    pub fn new(store: TrustStore, policy: Policy) -> Self {
        Self::with_backend(Arc::new(store), policy, Arc::new(RingBackend))
    }

    /// A verifier with a shared store and a chosen signature backend.
    pub(crate) fn with_backend(
        store: Arc<TrustStore>,
        policy: Policy,
        backend: Arc<dyn SignatureBackend>,
    ) -> Self {
        Verifier {
            store,
            policy,
            backend,
        }
    }

    /// A verifier with the same trust store and signature backend under another
    /// policy: cheap, the store is shared. How a caller adds what it learned after
    /// building the first one (a server's stapled OCSP response, fetched answers).
    ///
    /// ```
    /// use certchain::{Policy, RevocationScope, TrustStore, Verifier};
    ///
    /// let verifier = Verifier::new(TrustStore::bundled(), Policy::default());
    /// let mut policy = verifier.policy().clone();
    /// policy.require_revocation = Some(RevocationScope::Leaf);
    /// let strict = verifier.with_policy(policy);
    /// assert_eq!(strict.store().len(), verifier.store().len());
    /// assert_eq!(strict.policy().require_revocation, Some(RevocationScope::Leaf));
    /// ```
    pub fn with_policy(&self, policy: Policy) -> Verifier {
        Verifier {
            store: Arc::clone(&self.store),
            policy,
            backend: Arc::clone(&self.backend),
        }
    }

    /// The policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The trust store.
    pub fn store(&self) -> &TrustStore {
        &self.store
    }

    /// Verify DER certificates: the leaf first, then the presented intermediates in any
    /// order. Takes what TLS libraries hand over: `&[Vec<u8>]`, `&[&[u8]]`, or rustls's
    /// `&[CertificateDer]`. Fails only when a certificate cannot be parsed at all, with a
    /// [`DerError`] naming which one and why.
    pub fn verify_der<C: AsRef<[u8]>>(
        &self,
        chain: &[C],
        name: Option<&ExpectedName>,
    ) -> Result<Report, DerError> {
        let presented = chain
            .iter()
            .enumerate()
            .map(|(i, der)| {
                let cert = Certificate::from_der(der.as_ref()).map_err(|reason| DerError {
                    position: i + 1,
                    reason,
                })?;
                Ok(SourcedCert {
                    cert: Arc::new(cert),
                    source: Source {
                        kind: SourceKind::Presented,
                        name: "input".into(),
                        position: Some(i + 1),
                    },
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(self.verify(&presented, &[], name))
    }

    /// Verify a presented chain (leaf first; the rest in any order, possibly with
    /// duplicates, unrelated certificates or the root) with `extra` untrusted
    /// certificates for path building, checking `name` against the leaf if given.
    ///
    /// # Panics
    /// Never for any input; an empty `presented` gives an invalid report.
    ///
    /// ```
    /// use certchain::{CheckTime, Code, ExpectedName, HostName, Policy, SourceKind, TrustStore, Verifier};
    ///
    /// let mut store = TrustStore::new();
    /// store.add_pem("roots.pem", include_bytes!("../fixtures/valid-rsa/roots.pem")).unwrap();
    /// let policy = Policy { time: CheckTime::At(1_780_000_000), ..Policy::default() };
    /// let chain = certchain::parse_certificates(
    ///     "chain.pem", include_bytes!("../fixtures/valid-rsa/chain.pem"), SourceKind::Presented,
    /// ).unwrap();
    /// let other = ExpectedName::Host(HostName::parse("mail.example.org").unwrap());
    /// let report = Verifier::new(store, policy).verify(&chain, &[], Some(&other));
    /// assert!(!report.is_valid());
    /// assert!(report.has(Code::NameMismatch));
    /// ```
    pub fn verify(
        &self,
        presented: &[SourcedCert],
        extra: &[SourcedCert],
        name: Option<&ExpectedName>,
    ) -> Report {
        self.verify_noting(presented, extra, name, Notes::default())
    }

    /// [`Verifier::verify`], the report also carrying `notes` from outside the
    /// verification (the online step's fetches and findings), so the report is still
    /// made in one place.
    pub(crate) fn verify_noting(
        &self,
        presented: &[SourcedCert],
        extra: &[SourcedCert],
        name: Option<&ExpectedName>,
        notes: Notes,
    ) -> Report {
        let now = match self.policy.time {
            CheckTime::Now => chrono::Utc::now().timestamp(),
            CheckTime::At(t) => t,
        };
        let mut assembly = Assembly {
            now,
            policy: &self.policy,
            name,
            chosen: None,
            findings: Vec::new(),
            attempts: Vec::new(),
            second_opinion: None,
            fetches: notes.fetches,
        };
        let Some((leaf, rest)) = presented.split_first() else {
            assembly.findings.push(Finding::chain(
                Code::Malformed,
                "",
                Details::Rule(Rule::EmptyChain),
            ));
            assembly.findings.extend(notes.findings);
            return assemble(assembly);
        };
        let ctx = Ctx {
            now,
            policy: &self.policy,
            name,
            backend: self.backend.as_ref(),
        };
        let inputs = Inputs {
            presented,
            extra,
            store: &self.store,
        };
        let mut evaluator = Evaluator::new(ctx, inputs);
        let pool: Vec<SourcedCert> = rest.iter().chain(extra).cloned().collect();
        let mut search = Builder::new(
            self.backend.as_ref(),
            &self.store,
            &mut evaluator,
            leaf,
            &pool,
        )
        .run();

        let chosen = search.take_chosen();
        let (certs, reached_anchor, accepted, findings) = match chosen {
            Some((c, accepted)) => (search.certs(&c), c.reached_anchor, accepted, c.findings),
            None => (Vec::new(), false, false, Vec::new()),
        };
        let conclusion = evaluator.conclude(&certs, reached_anchor, findings);
        assembly.chosen = Some(Chosen {
            certs: conclusion.certs,
            reached_anchor,
            accepted,
        })
        .filter(|c| !c.certs.is_empty());
        assembly.findings = conclusion.findings;
        assembly.findings.extend(notes.findings);
        assembly.second_opinion = conclusion.second_opinion;
        assembly.attempts = search
            .attempts
            .iter()
            .map(|a| Tried {
                certs: search.certs(a),
                reached_anchor: a.reached_anchor,
                findings: &a.findings,
            })
            .collect();
        assemble(assembly)
    }

    /// The same verifier (store, backend, policy) with `crls` added to the policy's
    /// CRLs: the online step's fetched CRLs.
    #[cfg_attr(not(feature = "online"), allow(dead_code))]
    pub(crate) fn with_more_crls(&self, crls: &[Arc<crate::model::crl::Crl>]) -> Verifier {
        let mut policy = self.policy.clone();
        policy.crls.extend(crls.iter().cloned());
        Verifier {
            store: Arc::clone(&self.store),
            policy,
            backend: Arc::clone(&self.backend),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verifier_and_report_can_cross_threads() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Verifier>();
        send_sync::<Report>();
    }

    #[test]
    fn an_empty_chain_is_invalid_not_a_panic() {
        let v = Verifier::new(TrustStore::new(), Policy::default());
        let r = v.verify(&[], &[], None);
        assert!(!r.is_valid());
        assert_eq!(r.codes(), vec![(None, Code::Malformed)]);
    }
}

#[cfg(test)]
mod signature_count {
    use super::*;
    use crate::crypto::{Scheme, SignatureError};
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[derive(Debug, Default)]
    struct Counting(AtomicUsize);

    impl SignatureBackend for Counting {
        fn verify(
            &self,
            scheme: Scheme,
            key: &crate::model::KeyKind,
            public_key: &[u8],
            message: &[u8],
            signature: &[u8],
        ) -> Result<(), SignatureError> {
            self.0.fetch_add(1, Ordering::SeqCst);
            RingBackend.verify(scheme, key, public_key, message, signature)
        }
    }

    #[test]
    fn a_straight_chain_costs_one_signature_check_per_edge() {
        let chain = include_bytes!("../fixtures/valid-rsa/chain.pem");
        let mut store = TrustStore::new();
        store
            .add_pem("roots", include_bytes!("../fixtures/valid-rsa/roots.pem"))
            .unwrap();
        let backend = Arc::new(Counting::default());
        let policy = Policy {
            time: CheckTime::At(1_780_000_000),
            ..Policy::default()
        };
        let v = Verifier::with_backend(Arc::new(store), policy, backend.clone());
        let presented =
            crate::input::parse_certificates("chain", chain, SourceKind::Presented).unwrap();
        assert!(v.verify(&presented, &[], None).is_valid());
        assert_eq!(backend.0.load(Ordering::SeqCst), 2);
    }
}
