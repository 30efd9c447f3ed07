//! Many chains at once (feature `batch`): JSONL lines or PEM files in, one JSON result
//! per chain out, in input order, verified in parallel by one shared [`Verifier`].
//!
//! The line format (one JSON object per line):
//!
//! ```text
//! {"id": "site-1", "pem": "-----BEGIN CERTIFICATE-----\n..."}
//! {"id": "site-2", "chain": ["MIIF...", "MIIE..."], "host": "example.org", "purpose": "server", "at": "2026-06-01"}
//! ```
//!
//! `pem` is a PEM bundle, `chain` a list of base64 DER certificates, leaf first either
//! way; `host`, `purpose` and `at` override the batch's options for that line. The
//! result of a line ([`BatchResult`], serde): `{"id", "verdict", "codes": [{"depth",
//! "code", "severity"}]}`, plus `"report"` (the full [`Report`]) when asked, or `{"id",
//! "error": {"kind", "message"}}` for a line that could not be verified.
//!
//! ```
//! use certchain::batch::{Batch, Job};
//! use certchain::{CheckTime, Policy, TrustStore, Verdict, Verifier};
//!
//! let mut store = TrustStore::new();
//! store.add_pem("roots.pem", include_bytes!("../../fixtures/valid-rsa/roots.pem")).unwrap();
//! let policy = Policy { time: CheckTime::At(1_780_000_000), ..Policy::default() };
//! let batch = Batch::new(Verifier::new(store, policy).with_cache());
//!
//! let pem = include_str!("../../fixtures/valid-rsa/chain.pem");
//! let line = serde_json::json!({"id": "a", "pem": pem, "host": "www.example.com"}).to_string();
//! let result = batch.verify_line(&line, 1);
//! assert_eq!(result.verdict, Some(Verdict::Valid));
//! assert_eq!(
//!     serde_json::to_string(&result).unwrap(),
//!     r#"{"id":"a","verdict":"valid","codes":[]}"#
//! );
//!
//! let line = serde_json::json!({"id": "b", "pem": pem, "host": "other.example"}).to_string();
//! assert_eq!(
//!     serde_json::to_string(&batch.verify_line(&line, 2)).unwrap(),
//!     r#"{"id":"b","verdict":"invalid","codes":[{"depth":0,"code":"name_mismatch","severity":"error"}]}"#
//! );
//! ```

mod job;
mod run;
mod summary;

pub use job::{Job, JobError, JobErrorKind, MAX_LINE_BYTES};
pub use run::{Pending, Source, MAX_BATCH_THREADS, MAX_DIRECTORY_ENTRIES, MAX_IN_FLIGHT};
pub use summary::Summary;

use crate::input::{Source as CertSource, SourceKind, SourcedCert};
use crate::policy::ExpectedName;
use crate::report::finding::{Code, Severity};
use crate::report::{Report, Verdict};
use crate::verifier::Verifier;
use serde::Serialize;
use std::sync::Arc;

/// A finding's code at its depth, as a batch result lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CodeAt {
    /// The certificate's position in the path (0 = leaf); `null` for the chain as a whole.
    pub depth: Option<usize>,
    /// The stable code.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
}

/// The result of one line or file of a batch: one JSON line of `certchain batch`.
///
/// ```
/// use certchain::batch::{BatchResult, Job};
///
/// let bad = BatchResult::from_error(Job::from_line("[1, 2]", 9).unwrap_err());
/// assert_eq!(bad.id, "line 9");
/// let json = serde_json::to_string(&bad).unwrap();
/// assert!(json.starts_with(r#"{"id":"line 9","error":{"kind":"format","message":"line 9: not a batch line: "#), "{json}");
/// ```
#[derive(Clone, Debug, Serialize)]
pub struct BatchResult {
    /// The line's `id`, the file's path, or `line N` when the line gives no id.
    pub id: String,
    /// The verdict, when the chain was verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    /// Every finding's (depth, code, severity), in report order, when verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub codes: Option<Vec<CodeAt>>,
    /// The full report, when the batch asks for it ([`Batch::full`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<Box<Report>>,
    /// Why the input could not be verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<JobError>,
}

impl BatchResult {
    /// The result of an input that could not be verified.
    pub fn from_error(error: JobError) -> Self {
        BatchResult {
            id: error.id.clone(),
            verdict: None,
            codes: None,
            report: None,
            error: Some(error),
        }
    }

    /// Whether the chain was verified and is valid.
    pub fn is_valid(&self) -> bool {
        self.verdict == Some(Verdict::Valid)
    }

    /// Its finding codes (empty for an error result).
    pub fn codes(&self) -> &[CodeAt] {
        self.codes.as_deref().unwrap_or_default()
    }
}

/// What a batch verifies with: one verifier (its trust store, policy and caches, shared
/// by every worker), extra intermediates, the default name, and whether to include the
/// full report in each result.
#[derive(Debug)]
pub struct Batch {
    /// The verifier; its policy is the default of every line.
    pub verifier: Verifier,
    /// Untrusted certificates for path building (`--intermediates`).
    pub extra: Vec<SourcedCert>,
    /// The name to check when a line gives no `host`.
    pub name: Option<ExpectedName>,
    /// Whether results carry the full report.
    pub full: bool,
}

impl Batch {
    /// A batch with no extra intermediates, no default name and short results.
    ///
    /// ```
    /// use certchain::{batch::Batch, Policy, TrustStore, Verifier};
    ///
    /// let batch = Batch::new(Verifier::new(TrustStore::new(), Policy::default()));
    /// assert!(!batch.full && batch.name.is_none());
    /// ```
    pub fn new(verifier: Verifier) -> Self {
        Batch {
            verifier,
            extra: Vec::new(),
            name: None,
            full: false,
        }
    }

    /// Verify one job. The leaf is parsed as is, the rest through the verifier's parse
    /// cache; a certificate that cannot be parsed makes an error result naming it.
    ///
    /// ```
    /// use certchain::batch::{Batch, Job, JobErrorKind};
    /// use certchain::{Policy, TrustStore, Verifier};
    ///
    /// let batch = Batch::new(Verifier::new(TrustStore::new(), Policy::default()));
    /// let job = Job::from_line(r#"{"id": "j", "chain": ["MAMCAQA="]}"#, 1).unwrap();
    /// let result = batch.verify(&job);
    /// let error = result.error.unwrap();
    /// assert_eq!(error.kind, JobErrorKind::Certificate);
    /// assert!(error.message.starts_with("line 1 (id j): certificate #1 (the leaf) of the chain cannot be parsed: "), "{}", error.message);
    /// ```
    pub fn verify(&self, job: &Job) -> BatchResult {
        let mut presented = Vec::with_capacity(job.chain.len());
        for (i, der) in job.chain.iter().enumerate() {
            let parsed = if i == 0 {
                crate::model::Certificate::from_der(der).map(Arc::new)
            } else {
                self.verifier.parse_der(der)
            };
            let cert = match parsed {
                Ok(c) => c,
                Err(reason) => {
                    let which = crate::verifier::DerError {
                        position: i.saturating_add(1),
                        reason,
                    };
                    return BatchResult::from_error(JobError {
                        id: job.id.clone(),
                        kind: JobErrorKind::Certificate,
                        message: format!("{}: {which}", job.origin),
                    });
                }
            };
            presented.push(SourcedCert {
                cert,
                source: CertSource {
                    kind: SourceKind::Presented,
                    name: job.id.clone(),
                    position: Some(i.saturating_add(1)),
                },
            });
        }
        let name = job.host.as_ref().or(self.name.as_ref());
        let report = if job.purpose.is_some() || job.at.is_some() {
            let mut policy = self.verifier.policy().clone();
            if let Some(p) = &job.purpose {
                policy.purpose = p.clone();
            }
            if let Some(t) = job.at {
                policy.time = t;
            }
            self.verifier
                .with_policy(policy)
                .verify(&presented, &self.extra, name)
        } else {
            self.verifier.verify(&presented, &self.extra, name)
        };
        BatchResult {
            id: job.id.clone(),
            verdict: Some(report.verdict),
            codes: Some(
                report
                    .findings
                    .iter()
                    .map(|f| CodeAt {
                        depth: f.depth,
                        code: f.code,
                        severity: f.severity,
                    })
                    .collect(),
            ),
            report: self.full.then(|| Box::new(report)),
            error: None,
        }
    }

    /// Parse and verify one JSONL line (`number` is its 1-based line number): the
    /// result, or the error result naming the line.
    pub fn verify_line(&self, line: &str, number: usize) -> BatchResult {
        match Job::from_line(line, number) {
            Ok(job) => self.verify(&job),
            Err(e) => BatchResult::from_error(e),
        }
    }
}
