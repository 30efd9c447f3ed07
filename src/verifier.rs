//! The public entry point: a [`Verifier`] built once from a trust store and a policy,
//! shared across threads, turning a presented chain into a [`Report`].

use crate::build::Builder;
use crate::checks::{self, signature, validity, Ctx, PathView};
use crate::crypto::{RingBackend, SignatureBackend};
use crate::input::{Source, SourceKind, SourcedCert};
use crate::model::{Certificate, ParseError};
use crate::policy::{CheckTime, ExpectedName, Policy};
use crate::report::details::{Details, Rule};
use crate::report::finding::{Code, Finding};
use crate::report::{Attempt, PathEntry, Report, RevocationStatus, Role, Verdict};
use crate::store::TrustStore;
use std::sync::Arc;

/// A certificate given to [`Verifier::verify_der`] that cannot be parsed: which one and
/// why. Nothing was verified.
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
        let mut report = Report {
            verdict: Verdict::Invalid,
            checked_at: validity::rfc3339(now),
            checked_at_unix: now,
            host: match name {
                Some(ExpectedName::Host(h)) => Some(h.to_string()),
                _ => None,
            },
            email: match name {
                Some(ExpectedName::Email(e)) => Some(e.clone()),
                _ => None,
            },
            name_checked: name.is_some(),
            purpose: self.policy.purpose.name(),
            profile: self.policy.profile.name(),
            revocation_checked: false,
            warn_days: self.policy.warn_days,
            path: vec![],
            reached_anchor: false,
            findings: vec![],
            attempts: vec![],
            second_opinion: None,
        };
        let Some(leaf) = presented.first() else {
            report.findings.push(Finding::chain(
                Code::Malformed,
                "",
                Details::Rule(Rule::EmptyChain),
            ));
            return report;
        };
        let ctx = Ctx {
            now,
            policy: &self.policy,
            name,
            backend: self.backend.as_ref(),
        };
        let pool: Vec<SourcedCert> = presented[1..].iter().chain(extra).cloned().collect();
        let mut b = Builder::new(&ctx, &self.store, leaf, &pool);
        b.run();

        let chosen = match b.valid.take() {
            Some(v) => {
                report.verdict = Verdict::Valid;
                Some(v)
            }
            None => b.best_attempt().map(|i| b.attempts.remove(i)),
        };
        if let Some(c) = chosen {
            report.reached_anchor = c.reached_anchor;
            report.findings = c.findings;
            // The roles the checks used: PathView::role is their one definition.
            let view = PathView {
                certs: c.nodes.iter().map(|&n| &*b.nodes[n].sc.cert).collect(),
                reached_anchor: c.reached_anchor,
            };
            for (depth, &n) in c.nodes.iter().enumerate() {
                report
                    .path
                    .push(path_entry(depth, view.role(depth), &b.nodes[n].sc));
            }
            let roles: Vec<Role> = report.path.iter().map(|e| e.role).collect();
            let statuses = checks::revocation::path_status(&self.policy, &roles, &report.findings);
            for (e, status) in report.path.iter_mut().zip(statuses) {
                e.revocation = status;
            }
            report.revocation_checked = report
                .path
                .iter()
                .any(|e| e.revocation == RevocationStatus::Crl);
        }
        report.attempts = b
            .attempts
            .iter()
            .map(|a| Attempt {
                path: a
                    .nodes
                    .iter()
                    .map(|&n| b.nodes[n].sc.cert.short_name())
                    .collect(),
                reached_anchor: a.reached_anchor,
                abandoned_because: a
                    .findings
                    .iter()
                    .filter(|f| f.is_error())
                    .take(3)
                    .map(|f| match f.depth {
                        Some(d) => format!("[{d}] {}: {}", f.code, f.message),
                        None => format!("{}: {}", f.code, f.message),
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
                findings: a
                    .findings
                    .iter()
                    .filter(|f| f.is_error())
                    .cloned()
                    .collect(),
            })
            .collect();

        // Warnings that do not change the verdict.
        if let Some(days) = self.policy.warn_days {
            report
                .findings
                .extend(checks::expiry::expiring_soon(&report.path, now, days));
        }
        let hashes: Vec<String> = report.path.iter().map(|e| e.sha256.clone()).collect();
        let anchor = report
            .path
            .last()
            .filter(|_| report.reached_anchor)
            .map(|e| e.sha256.clone());
        report.findings.extend(checks::presented::check_presented(
            presented,
            &hashes,
            anchor.as_deref(),
            &self.store,
        ));
        if report.verdict == Verdict::Valid && report.errors().next().is_some() {
            report.verdict = Verdict::Invalid; // fail closed: no error may stand in a valid report
        }
        #[cfg(feature = "cross-check")]
        if self.policy.cross_check {
            crate::checks::second_opinion::apply(
                &mut report,
                &self.store,
                presented,
                extra,
                name,
                &self.policy,
            );
        }
        report
    }
}

fn path_entry(depth: usize, role: Role, sc: &SourcedCert) -> PathEntry {
    let c = &sc.cert;
    PathEntry {
        depth,
        role,
        subject: c.subject.text.clone(),
        issuer: c.issuer.text.clone(),
        serial: c.serial.clone(),
        not_before: validity::rfc3339(c.not_before),
        not_after: validity::rfc3339(c.not_after),
        sha256: c.sha256.clone(),
        key: c.key.describe(),
        signature_algorithm: signature::describe(c),
        names: c.san_names().map(|n| n.describe()).collect(),
        source: sc.source.clone(),
        revocation: RevocationStatus::NotChecked,
        cert: Arc::clone(c),
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
