//! One unit of a batch: a JSONL line or a PEM file, parsed into a [`Job`] (its id, its
//! chain as DER, its per-line overrides), or a [`JobError`] naming it.

use crate::input::{decode_pem, InputError};
use crate::names::HostName;
use crate::policy::{CheckTime, ExpectedName, Purpose};
use base64::Engine as _;
use serde::{Deserialize, Serialize};

/// Longest JSONL line read, in bytes: 1 MiB holds a chain of 100 PEM certificates of
/// 7 KB each, far beyond any real chain; a longer line is reported as unreadable (named
/// by its line number) and skipped to its end without being held in memory.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// Why a line or a file of a batch could not be verified. Its `kind` is stable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobErrorKind {
    /// The input cannot be read: an I/O error, a line over
    /// [`crate::limits::MAX_LINE_BYTES`], bytes that are not UTF-8.
    Read,
    /// Not the line format: not JSON, no `id`, an unknown field, neither or both of
    /// `pem` and `chain`, bad base64.
    Format,
    /// A certificate cannot be decoded, or the input holds none.
    Certificate,
    /// A `host`, `purpose` or `at` that is not one.
    Field,
}

impl JobErrorKind {
    /// The kind as in JSON: `read`, `format`, `certificate`, `field`.
    ///
    /// ```
    /// assert_eq!(certchain::batch::JobErrorKind::Read.as_str(), "read");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            JobErrorKind::Read => "read",
            JobErrorKind::Format => "format",
            JobErrorKind::Certificate => "certificate",
            JobErrorKind::Field => "field",
        }
    }
}

/// A line or file that could not be verified: which one (`id`), and why, in one line
/// that names it (`message` starts with the line number or file name).
///
/// ```
/// use certchain::batch::{Job, JobErrorKind};
///
/// let err = Job::from_line("{\"id\": \"a\"}", 7).unwrap_err();
/// assert_eq!(err.id, "a");
/// assert_eq!(err.kind, JobErrorKind::Format);
/// assert_eq!(err.message, "line 7 (id a): neither \"pem\" nor \"chain\" given");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JobError {
    /// The job's id, or `line N` (JSONL) or the file name when the input names none.
    #[serde(skip)]
    pub id: String,
    /// What kind of problem.
    pub kind: JobErrorKind,
    /// One line naming the line or file and the problem.
    pub message: String,
}

/// One chain to verify, with its id and the line's overrides of the batch's options.
///
/// ```
/// use certchain::batch::Job;
///
/// let pem = include_str!("../../fixtures/valid-rsa/chain.pem");
/// let line = serde_json::json!({"id": "site-1", "pem": pem, "host": "www.example.com"}).to_string();
/// let job = Job::from_line(&line, 1).unwrap();
/// assert_eq!(job.id, "site-1");
/// assert_eq!(job.chain.len(), 2);
/// assert_eq!(job.host.unwrap().to_string(), "www.example.com");
/// ```
#[derive(Clone, Debug)]
pub struct Job {
    /// The id given by the line, or the file's path.
    pub id: String,
    /// Where it came from, for messages: `line N` or the file's path.
    pub origin: String,
    /// The chain as DER, leaf first.
    pub chain: Vec<Vec<u8>>,
    /// The name to check instead of the batch's `--host`.
    pub host: Option<ExpectedName>,
    /// The purpose instead of the batch's `--purpose`.
    pub purpose: Option<Purpose>,
    /// The check time instead of the batch's `--at`.
    pub at: Option<CheckTime>,
}

/// The JSON line format. Unknown fields are refused: a misspelt `hots` would otherwise
/// silently verify without the name check.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    id: String,
    #[serde(default)]
    pem: Option<String>,
    #[serde(default)]
    chain: Option<Vec<String>>,
    #[serde(default)]
    host: Option<String>,
    #[serde(default)]
    purpose: Option<String>,
    #[serde(default)]
    at: Option<String>,
}

/// Only the id, to name a line the full format refuses.
#[derive(Deserialize)]
struct IdOnly {
    id: String,
}

impl Job {
    /// Parse one JSONL line (`number` is its 1-based line number, for messages):
    /// `{"id": "...", "pem": "PEM text"}` or `{"id": "...", "chain": ["base64 DER", ...]}`
    /// (leaf first), with optional `"host"` (DNS name or IP address), `"purpose"`
    /// (`server`, `client`, `any` or an OID) and `"at"` (RFC 3339 or a date).
    ///
    /// ```
    /// use certchain::batch::{Job, JobErrorKind};
    ///
    /// let err = Job::from_line("not json", 3).unwrap_err();
    /// assert_eq!((err.id.as_str(), err.kind), ("line 3", JobErrorKind::Format));
    /// let err = Job::from_line(r#"{"id": "x", "chain": ["AAAA"], "at": "soon"}"#, 4).unwrap_err();
    /// assert_eq!(err.kind, JobErrorKind::Field);
    /// assert!(err.message.starts_with("line 4 (id x): at \"soon\": "), "{}", err.message);
    /// ```
    pub fn from_line(line: &str, number: usize) -> Result<Job, JobError> {
        let origin = format!("line {number}");
        let parsed: Line = serde_json::from_str(line).map_err(|e| {
            let id = serde_json::from_str::<IdOnly>(line)
                .map(|i| i.id)
                .unwrap_or_else(|_| origin.clone());
            let place = if id == origin {
                origin.clone()
            } else {
                format!("{origin} (id {id})")
            };
            JobError {
                id,
                kind: JobErrorKind::Format,
                message: format!("{place}: not a batch line: {}", json_error(&e)),
            }
        })?;
        let place = format!("{origin} (id {})", parsed.id);
        let fail = |kind, what: String| JobError {
            id: parsed.id.clone(),
            kind,
            message: format!("{place}: {what}"),
        };
        let chain = match (&parsed.pem, &parsed.chain) {
            (Some(pem), None) => {
                pem_chain(&place, pem.as_bytes()).map_err(|e| fail(JobErrorKind::Certificate, e))?
            }
            (None, Some(list)) => {
                let mut ders = Vec::with_capacity(list.len());
                for (i, b64) in list.iter().enumerate() {
                    let der = base64::engine::general_purpose::STANDARD
                        .decode(b64.trim())
                        .map_err(|e| {
                            fail(JobErrorKind::Format, format!("chain[{i}]: not base64: {e}"))
                        })?;
                    ders.push(der);
                }
                if ders.is_empty() {
                    return Err(fail(JobErrorKind::Certificate, "\"chain\" is empty".into()));
                }
                ders
            }
            (None, None) => {
                return Err(fail(
                    JobErrorKind::Format,
                    "neither \"pem\" nor \"chain\" given".into(),
                ))
            }
            (Some(_), Some(_)) => {
                return Err(fail(
                    JobErrorKind::Format,
                    "both \"pem\" and \"chain\" given; give one".into(),
                ))
            }
        };
        let host = match &parsed.host {
            Some(h) => {
                Some(ExpectedName::Host(HostName::parse(h).map_err(|e| {
                    fail(JobErrorKind::Field, format!("host: {e}"))
                })?))
            }
            None => None,
        };
        let purpose = match &parsed.purpose {
            Some(p) => Some(
                Purpose::parse(p)
                    .map_err(|e| fail(JobErrorKind::Field, format!("purpose: {e}")))?,
            ),
            None => None,
        };
        let at = match &parsed.at {
            Some(t) => Some(CheckTime::At(parse_time(t).ok_or_else(|| {
                fail(
                    JobErrorKind::Field,
                    format!(
                        "at {t:?}: not an RFC 3339 time (2026-06-01T12:00:00Z) or a date (2026-06-01)"
                    ),
                )
            })?)),
            None => None,
        };
        Ok(Job {
            id: parsed.id.clone(),
            origin: place,
            chain,
            host,
            purpose,
            at,
        })
    }

    /// A job from the contents of a PEM file (one chain, leaf first; keys and other
    /// non-certificate blocks are passed over) or a DER certificate; its id is `path`.
    ///
    /// ```
    /// use certchain::batch::Job;
    ///
    /// let job = Job::from_file("a.pem", include_bytes!("../../fixtures/valid-rsa/chain.pem")).unwrap();
    /// assert_eq!((job.id.as_str(), job.chain.len()), ("a.pem", 2));
    /// let err = Job::from_file("empty.pem", b"").unwrap_err();
    /// assert_eq!(err.message, "empty.pem: no certificate (the input is empty)");
    /// ```
    pub fn from_file(path: &str, bytes: &[u8]) -> Result<Job, JobError> {
        let chain = pem_chain(path, bytes).map_err(|message| JobError {
            id: path.to_string(),
            kind: JobErrorKind::Certificate,
            message: format!("{path}: {message}"),
        })?;
        Ok(Job {
            id: path.to_string(),
            origin: path.to_string(),
            chain,
            host: None,
            purpose: None,
            at: None,
        })
    }
}

/// serde_json's message without its " at line 1 column N" (a batch line is one line):
/// "... at column N".
fn json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => format!(
            "{} at column {}",
            text.get(..i).unwrap_or(&text),
            e.column()
        ),
        None => text,
    }
}

/// The DER certificates of a PEM text (or one DER certificate); the error without the
/// place, which the caller adds.
fn pem_chain(place: &str, bytes: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    let strip = |e: InputError| {
        let text = e.to_string();
        text.strip_prefix(&format!("{place}: "))
            .map(str::to_string)
            .unwrap_or(text)
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("no certificate (the input is empty)".into());
    }
    let (blocks, _skipped) = decode_pem(place, bytes, "CERTIFICATE", true).map_err(strip)?;
    if blocks.is_empty() {
        return Err("no certificate found".into());
    }
    Ok(blocks.into_iter().map(|b| b.der).collect())
}

/// `at`: RFC 3339, `YYYY-MM-DD HH:MM:SS` (UTC) or `YYYY-MM-DD` (midnight UTC), as `--at`.
fn parse_time(s: &str) -> Option<i64> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(t.timestamp());
    }
    if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S") {
        return Some(t.and_utc().timestamp());
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc().timestamp())
}
