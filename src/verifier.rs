//! The public entry point: a [`Verifier`] built once from a trust store and a policy,
//! shared across threads, turning a presented chain into a [`Report`].
//!
//! [`Verifier::verify`] only wires the pipeline: the certificates (already parsed) go to
//! the path builder (`build/`), which asks the evaluator (`checks/`) about every path it
//! keeps; the evaluator concludes on the path to report; the report builder
//! (`report/assemble.rs`) makes the report and its verdict.

use crate::build::Builder;
use crate::checks::{Ctx, Evaluator, Inputs};
use crate::crypto::{Backend, SignatureBackend};
use crate::input::{Source, SourceKind, SourcedCert};
use crate::model::{Certificate, ParseError};
use crate::policy::{CheckTime, ExpectedName, Policy};
use crate::report::assemble::{assemble, Assembly, Chosen, Tried};
use crate::report::details::{Details, Rule};
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

/// Verifies chains against one trust store under one policy. Cheap to share: wrap it in
/// an `Arc` and call [`Verifier::verify`] from any thread.
#[derive(Debug)]
pub struct Verifier {
    store: Arc<TrustStore>,
    policy: Policy,
    backend: Arc<dyn SignatureBackend>,
    /// Which of the built-in backends `backend` is.
    choice: Backend,
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
        Self::with_backend(Arc::new(store), policy, Backend::Ring.implementation())
    }

    /// The same verifier with another signature backend ([`Backend::available`] lists
    /// those compiled in). Verdicts are the same on every signature both backends verify;
    /// aws-lc-rs also verifies ECDSA P-521 and ECDSA with SHA-512.
    ///
    /// ```
    /// use certchain::{Backend, Policy, TrustStore, Verifier};
    ///
    /// let verifier = Verifier::new(TrustStore::new(), Policy::default())
    ///     .with_signature_backend(Backend::Ring);
    /// assert_eq!(verifier.signature_backend(), Backend::Ring);
    /// ```
    pub fn with_signature_backend(mut self, backend: Backend) -> Self {
        self.backend = backend.implementation();
        self.choice = backend;
        self
    }

    /// The signature backend in use.
    ///
    /// ```
    /// use certchain::{Backend, Policy, TrustStore, Verifier};
    ///
    /// let verifier = Verifier::new(TrustStore::new(), Policy::default());
    /// assert_eq!(verifier.signature_backend(), Backend::Ring);
    /// ```
    pub fn signature_backend(&self) -> Backend {
        self.choice
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
            choice: Backend::Ring,
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
        };
        let Some((leaf, rest)) = presented.split_first() else {
            assembly.findings.push(Finding::chain(
                Code::Malformed,
                "",
                Details::Rule(Rule::EmptyChain),
            ));
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
    use crate::crypto::{RingBackend, Scheme, SignatureError};
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
