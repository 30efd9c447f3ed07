//! The public entry point: a [`Verifier`] built once from a trust store and a policy,
//! shared across threads, turning a presented chain into a [`Report`].
//!
//! [`Verifier::verify`] only wires the pipeline: the certificates (already parsed) go to
//! the path builder (`build/`), which asks the evaluator (`checks/`) about every path it
//! keeps; the evaluator concludes on the path to report; the report builder
//! (`report/assemble.rs`) makes the report and its verdict.

use crate::build::signature::CachedBackend;
use crate::build::Builder;
use crate::cache::{digest_of, Cache, CacheStats, CACHE_ENTRIES};
use crate::checks::{Ctx, Evaluator, Inputs};
use crate::crypto::{Backend, SignatureBackend};
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

/// Parsed certificates (or why not) by the SHA-256 of their DER.
type ParseCache = Cache<Result<Arc<Certificate>, ParseError>>;

/// Verifies chains against one trust store under one policy. Cheap to share: wrap it in
/// an `Arc` and call [`Verifier::verify`] from any thread.
#[derive(Debug)]
pub struct Verifier {
    store: Arc<TrustStore>,
    policy: Policy,
    backend: Arc<dyn SignatureBackend>,
    /// With [`Verifier::with_cache`]: parsed certificates by the SHA-256 of their DER.
    parsed: Option<Arc<ParseCache>>,
    /// With [`Verifier::with_cache`]: the backend in use, remembering signature results.
    signatures: Option<Arc<CachedBackend>>,
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
    pub fn new(mut store: TrustStore, policy: Policy) -> Self {
        // Anchors with OpenSSL trust settings anchor only the purposes they allow.
        store.restrict_to(&policy.purpose);
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
        self.choice = backend;
        self.backend = backend.implementation();
        if self.signatures.is_some() {
            // Keep remembering signature results, now those of this backend.
            self.remember_signatures();
        }
        self
    }

    /// Wrap the backend in use in a signature-result cache.
    fn remember_signatures(&mut self) {
        let cached = Arc::new(CachedBackend::new(self.backend.clone(), CACHE_ENTRIES));
        self.backend = cached.clone();
        self.signatures = Some(cached);
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
            parsed: None,
            signatures: None,
            choice: Backend::Ring,
        }
    }

    /// The same verifier, remembering what repeats across verifications: parsed
    /// intermediates (by the SHA-256 of their whole DER; trust anchors are parsed once
    /// by the store anyway) and the result of each signature check (by the SHA-256 of
    /// the scheme, the issuer's public key, the signed tbsCertificate and the signature,
    /// so a different certificate never hits another's entry). Each cache holds at most
    /// [`crate::limits::CACHE_ENTRIES`] entries; a value enters it the second time it is
    /// computed, so leaves seen once never push intermediates out. Reports are identical
    /// with and without it. Off by default: a verifier that checks one chain gains
    /// nothing from it; one that checks many chains under the same intermediates (a
    /// batch, a service) saves a parse and a signature check per repeated certificate.
    ///
    /// ```
    /// use certchain::{CheckTime, Policy, TrustStore, Verifier};
    ///
    /// let mut store = TrustStore::new();
    /// store.add_pem("roots.pem", include_bytes!("../fixtures/valid-rsa/roots.pem")).unwrap();
    /// let policy = Policy { time: CheckTime::At(1_780_000_000), ..Policy::default() };
    /// let verifier = Verifier::new(store, policy).with_cache();
    /// let chain = certchain::parse_certificates(
    ///     "chain.pem", include_bytes!("../fixtures/valid-rsa/chain.pem"), certchain::SourceKind::Presented,
    /// ).unwrap();
    /// for _ in 0..3 {
    ///     assert!(verifier.verify(&chain, &[], None).is_valid());
    /// }
    /// // Two signature checks per chain: computed twice, then remembered.
    /// let stats = verifier.cache_stats().unwrap();
    /// assert_eq!((stats.misses, stats.hits), (4, 2));
    /// ```
    pub fn with_cache(mut self) -> Self {
        self.remember_signatures();
        self.parsed = Some(Arc::new(Cache::new(CACHE_ENTRIES)));
        self
    }

    /// A verifier under another policy that shares this one's trust store, signature
    /// backend and caches: cheap, for a policy that changes per chain (the `host`,
    /// `purpose` and `at` of a batch line).
    ///
    /// ```
    /// use certchain::{CheckTime, Code, Policy, SourceKind, TrustStore, Verifier};
    ///
    /// let mut store = TrustStore::new();
    /// store.add_pem("roots.pem", include_bytes!("../fixtures/valid-rsa/roots.pem")).unwrap();
    /// let verifier = Verifier::new(store, Policy { time: CheckTime::At(1_780_000_000), ..Policy::default() });
    /// let later = verifier.with_policy(Policy { time: CheckTime::At(2_000_000_000), ..Policy::default() });
    /// let chain = certchain::parse_certificates(
    ///     "chain.pem", include_bytes!("../fixtures/valid-rsa/chain.pem"), SourceKind::Presented,
    /// ).unwrap();
    /// assert!(verifier.verify(&chain, &[], None).is_valid());
    /// assert!(later.verify(&chain, &[], None).has(Code::Expired));
    /// assert_eq!(later.store().len(), 1);
    /// ```
    pub fn with_policy(&self, policy: Policy) -> Verifier {
        Verifier {
            store: self.store.clone(),
            policy,
            backend: self.backend.clone(),
            parsed: self.parsed.clone(),
            signatures: self.signatures.clone(),
            choice: self.choice,
        }
    }

    /// Parse a DER certificate, through the parse cache when [`Verifier::with_cache`]
    /// turned it on (keyed by the SHA-256 of the whole DER).
    ///
    /// ```
    /// use certchain::{Policy, TrustStore, Verifier};
    ///
    /// let verifier = Verifier::new(TrustStore::new(), Policy::default()).with_cache();
    /// let der = certchain::parse_certificates(
    ///     "chain.pem", include_bytes!("../fixtures/valid-rsa/chain.pem"), certchain::SourceKind::Presented,
    /// ).unwrap()[1].cert.der().to_vec();
    /// let a = verifier.parse_der(&der).unwrap();
    /// let b = verifier.parse_der(&der).unwrap();
    /// assert_eq!(a.sha256(), b.sha256());
    /// assert!(verifier.parse_der(b"junk").is_err());
    /// ```
    pub fn parse_der(&self, der: &[u8]) -> Result<Arc<Certificate>, ParseError> {
        let parse = || Certificate::from_der(der).map(Arc::new);
        match &self.parsed {
            Some(cache) => cache.get_or(digest_of(&[der]), parse),
            None => parse(),
        }
    }

    /// The counters of the caches (parsed certificates and signature results added
    /// together), when [`Verifier::with_cache`] turned them on.
    // `CacheStats`'s `Add` saturates field by field (src/cache.rs): it cannot panic.
    #[allow(clippy::arithmetic_side_effects)]
    pub fn cache_stats(&self) -> Option<CacheStats> {
        let parsed = self.parsed.as_ref()?.stats();
        let signatures = self.signatures.as_ref()?.stats();
        Some(parsed + signatures)
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
                // The leaf is parsed directly: it rarely repeats, the rest may.
                let parsed = if i == 0 {
                    Certificate::from_der(der.as_ref()).map(Arc::new)
                } else {
                    self.parse_der(der.as_ref())
                };
                let cert = parsed.map_err(|reason| DerError {
                    position: i.saturating_add(1),
                    reason,
                })?;
                Ok(SourcedCert {
                    cert,
                    source: Source {
                        kind: SourceKind::Presented,
                        name: "input".into(),
                        position: Some(i.saturating_add(1)),
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
        self.with_policy(policy)
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
