//! Streaming a batch: inputs are read lazily, at most [`MAX_IN_FLIGHT`] units at a time
//! are verified in parallel (rayon) while the previous results are written and the next
//! units read, and results are written in input order.

use super::job::{Job, JobError, JobErrorKind, MAX_LINE_BYTES};
use super::{Batch, BatchResult, Summary};
use crate::input::read_input;
use rayon::prelude::*;
use std::io::{self, BufRead, BufReader, Write};
use std::sync::Arc;

/// Units (lines or files) verified together: the workers share one such chunk while the
/// previous chunk's results are written and the next chunk is read, so at most three
/// chunks are in memory (about 3 × 1,024 × a few KB for Web PKI chains; at most
/// 3 × 1,024 × [`MAX_LINE_BYTES`] for hostile input). Large enough that the workers wait
/// on the writer once per 1,024 chains, small enough to keep a batch of millions within
/// a few tens of MB.
pub const MAX_IN_FLIGHT: usize = 1024;

/// Most worker threads of a batch: more than [`MAX_IN_FLIGHT`] could never all have
/// work, and each reserves a stack. A larger `threads` is cut to this.
///
/// ```
/// assert_eq!(certchain::limits::MAX_BATCH_THREADS, certchain::limits::MAX_IN_FLIGHT);
/// ```
pub const MAX_BATCH_THREADS: usize = MAX_IN_FLIGHT;

/// Most entries of one input directory: their names are read and sorted before the first
/// is verified (about 100 bytes each, so at most about 100 MB); a larger directory is one
/// unreadable input. Split it, or list its files in JSONL.
pub const MAX_DIRECTORY_ENTRIES: usize = 1_000_000;

/// One unit of input read but not yet parsed: a JSONL line, a PEM file to read, or an
/// input that could not be read at all. Parsed by [`Pending::job`], in a worker.
///
/// ```
/// use certchain::batch::Pending;
///
/// let job = Pending::line(1, br#"{"id": "x", "chain": ["MAMCAQA="]}"#.to_vec()).job().unwrap();
/// assert_eq!(job.id, "x");
/// assert_eq!(Pending::file("no/such.pem").job().unwrap_err().message, "no/such.pem: no such file");
/// ```
#[derive(Debug)]
pub struct Pending(Unit);

#[derive(Debug)]
enum Unit {
    Line {
        number: usize,
        bytes: Vec<u8>,
        file: Option<Arc<str>>,
    },
    File(String),
    Failed(JobError),
}

impl Pending {
    /// A JSONL line (without its line break) and its 1-based number.
    pub fn line(number: usize, bytes: Vec<u8>) -> Pending {
        Pending(Unit::Line {
            number,
            bytes,
            file: None,
        })
    }

    /// A file holding one chain (PEM, leaf first, or one DER certificate).
    pub fn file(path: &str) -> Pending {
        Pending(Unit::File(path.to_string()))
    }

    /// An input that could not be read.
    pub fn failed(error: JobError) -> Pending {
        Pending(Unit::Failed(error))
    }

    /// Read and parse it into a job.
    pub fn job(self) -> Result<Job, JobError> {
        match self.0 {
            Unit::Line {
                number,
                bytes,
                file,
            } => match std::str::from_utf8(&bytes) {
                // The messages of a JSONL file's lines name the file first.
                Ok(text) => match (Job::from_line(text, number), &file) {
                    (Ok(mut job), Some(file)) => {
                        job.origin = format!("{file}: {}", job.origin);
                        Ok(job)
                    }
                    (Err(mut e), Some(file)) => {
                        e.message = format!("{file}: {}", e.message);
                        Err(e)
                    }
                    (result, None) => result,
                },
                Err(e) => Err(JobError {
                    id: format!("line {number}"),
                    kind: JobErrorKind::Read,
                    message: format!("{}: not UTF-8 text ({e})", line_place(&file, number)),
                }),
            },
            Unit::File(path) => {
                let bytes = read_input(&path).map_err(|e| JobError {
                    id: path.clone(),
                    kind: JobErrorKind::Read,
                    message: e.to_string(),
                })?;
                Job::from_file(&path, &bytes)
            }
            Unit::Failed(e) => Err(e),
        }
    }
}

/// The units of one batch input, read lazily: `-` (JSONL on stdin), a directory (each
/// file one chain, in name order), a PEM or DER file (one chain), or a JSONL file.
///
/// ```
/// use certchain::batch::Source;
///
/// let text = "{\"id\": \"a\", \"chain\": []}\n\n{\"id\": \"b\", \"chain\": []}\n";
/// let jobs: Vec<_> = Source::lines(std::io::Cursor::new(text)).map(|p| p.job()).collect();
/// assert_eq!(jobs.len(), 2, "blank lines are passed over");
/// assert_eq!(jobs[1].as_ref().unwrap_err().message, "line 3 (id b): \"chain\" is empty");
///
/// let units: Vec<_> = Source::open("fixtures/valid-rsa").collect();
/// assert!(units.len() >= 2);
/// let missing: Vec<_> = Source::open("no/such/input").map(|p| p.job()).collect();
/// assert_eq!(missing[0].as_ref().unwrap_err().message, "no/such/input: No such file or directory (os error 2)");
/// ```
pub struct Source(Inner);

enum Inner {
    Lines {
        reader: Box<dyn BufRead + Send>,
        number: usize,
        buf: Vec<u8>,
        /// The JSONL file's name, for messages (`None`: a reader such as stdin).
        file: Option<Arc<str>>,
    },
    Files(std::vec::IntoIter<Pending>),
    Done,
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Source")
    }
}

impl Source {
    /// JSONL from a reader.
    pub fn lines(reader: impl BufRead + Send + 'static) -> Source {
        Source(Inner::Lines {
            reader: Box::new(reader),
            number: 0,
            buf: Vec::new(),
            file: None,
        })
    }

    /// Open one batch input (see the type's documentation). An input that cannot be
    /// opened gives one unit that fails with the reason.
    pub fn open(input: &str) -> Source {
        if input == "-" {
            return Source::lines(BufReader::new(io::stdin()));
        }
        let failed = |e: io::Error| {
            Source(Inner::Files(
                vec![Pending::failed(JobError {
                    id: input.to_string(),
                    kind: JobErrorKind::Read,
                    message: format!("{input}: {e}"),
                })]
                .into_iter(),
            ))
        };
        let meta = match std::fs::metadata(input) {
            Ok(m) => m,
            Err(e) => return failed(e),
        };
        if meta.is_dir() {
            return match directory(input) {
                Ok(units) => Source(Inner::Files(units.into_iter())),
                Err(e) => failed(e),
            };
        }
        let mut reader = match std::fs::File::open(input) {
            Ok(f) => BufReader::new(f),
            Err(e) => return failed(e),
        };
        let head = match reader.fill_buf() {
            Ok(h) => h,
            Err(e) => return failed(e),
        };
        let start = head.iter().position(|b| !b.is_ascii_whitespace());
        let first = start.and_then(|i| head.get(i..)).unwrap_or_default();
        if first.starts_with(b"-----BEGIN") || first.first() == Some(&0x30) {
            return Source(Inner::Files(vec![Pending::file(input)].into_iter()));
        }
        Source(Inner::Lines {
            reader: Box::new(reader),
            number: 0,
            buf: Vec::new(),
            file: Some(Arc::from(input)),
        })
    }
}

/// Where a line is, for messages: `FILE: line N`, or `line N` for a reader.
fn line_place(file: &Option<Arc<str>>, number: usize) -> String {
    match file {
        Some(file) => format!("{file}: line {number}"),
        None => format!("line {number}"),
    }
}

/// The files of a directory in name order; anything else in it is an unreadable unit.
fn directory(dir: &str) -> io::Result<Vec<Pending>> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if paths.len() >= MAX_DIRECTORY_ENTRIES {
            return Err(io::Error::other(format!(
                "more than {MAX_DIRECTORY_ENTRIES} entries (MAX_DIRECTORY_ENTRIES); split the directory"
            )));
        }
        paths.push(path);
    }
    paths.sort();
    Ok(paths
        .into_iter()
        .map(|p| {
            let name = p.to_string_lossy().into_owned();
            if p.is_file() {
                Pending::file(&name)
            } else {
                Pending::failed(JobError {
                    id: name.clone(),
                    kind: JobErrorKind::Read,
                    message: format!("{name}: not a regular file"),
                })
            }
        })
        .collect())
}

/// A line of at most [`MAX_LINE_BYTES`], or why not.
enum LineRead {
    Eof,
    Line,
    TooLong,
}

fn read_bounded_line(reader: &mut dyn BufRead, buf: &mut Vec<u8>) -> io::Result<LineRead> {
    buf.clear();
    let cap = u64::try_from(MAX_LINE_BYTES.saturating_add(1)).unwrap_or(u64::MAX);
    let n = io::Read::take(&mut *reader, cap).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(LineRead::Eof);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
    }
    if buf.len() <= MAX_LINE_BYTES {
        return Ok(LineRead::Line);
    }
    // Over the limit: pass over the rest of the line without keeping it.
    buf.clear();
    loop {
        let avail = reader.fill_buf()?;
        if avail.is_empty() {
            break;
        }
        match avail.iter().position(|&b| b == b'\n') {
            Some(i) => {
                reader.consume(i.saturating_add(1));
                break;
            }
            None => {
                let len = avail.len();
                reader.consume(len);
            }
        }
    }
    Ok(LineRead::TooLong)
}

impl Iterator for Source {
    type Item = Pending;

    fn next(&mut self) -> Option<Pending> {
        match &mut self.0 {
            Inner::Files(files) => files.next(),
            Inner::Done => None,
            Inner::Lines {
                reader,
                number,
                buf,
                file,
            } => loop {
                *number = number.saturating_add(1);
                let n = *number;
                match read_bounded_line(reader.as_mut(), buf) {
                    Ok(LineRead::Eof) => {
                        self.0 = Inner::Done;
                        return None;
                    }
                    Ok(LineRead::Line) if buf.iter().all(u8::is_ascii_whitespace) => continue,
                    Ok(LineRead::Line) => {
                        return Some(Pending(Unit::Line {
                            number: n,
                            bytes: std::mem::take(buf),
                            file: file.clone(),
                        }))
                    }
                    Ok(LineRead::TooLong) => {
                        return Some(Pending::failed(JobError {
                            id: format!("line {n}"),
                            kind: JobErrorKind::Read,
                            message: format!(
                                "{}: longer than {MAX_LINE_BYTES} bytes (MAX_LINE_BYTES)",
                                line_place(file, n)
                            ),
                        }))
                    }
                    Err(e) => {
                        let message = format!("{}: cannot be read: {e}", line_place(file, n));
                        self.0 = Inner::Done;
                        return Some(Pending::failed(JobError {
                            id: format!("line {n}"),
                            kind: JobErrorKind::Read,
                            message,
                        }));
                    }
                }
            },
        }
    }
}

impl Batch {
    /// Verify every unit of `units` on `threads` worker threads (0: one per core; at
    /// most [`MAX_BATCH_THREADS`]),
    /// writing one JSON line per unit to `out` in input order and calling `on_result`
    /// after each line is written (a progress bar, say). Returns the counts; fails only
    /// when `out` cannot be written or the threads cannot be started.
    ///
    /// ```
    /// use certchain::batch::{Batch, Source};
    /// use certchain::{CheckTime, Policy, TrustStore, Verifier};
    ///
    /// let mut store = TrustStore::new();
    /// store.add_pem("roots.pem", include_bytes!("../../fixtures/valid-rsa/roots.pem")).unwrap();
    /// let policy = Policy { time: CheckTime::At(1_780_000_000), ..Policy::default() };
    /// let batch = Batch::new(Verifier::new(store, policy).with_cache());
    /// let pem = include_str!("../../fixtures/valid-rsa/chain.pem");
    /// let mut input = String::new();
    /// for i in 0..5 {
    ///     input.push_str(&serde_json::json!({"id": i.to_string(), "pem": pem}).to_string());
    ///     input.push('\n');
    /// }
    /// input.push_str("oops\n");
    ///
    /// let mut out = Vec::new();
    /// let summary = batch.run(Source::lines(std::io::Cursor::new(input)), 2, &mut out, |_| {}).unwrap();
    /// assert_eq!((summary.valid, summary.unreadable), (5, 1));
    /// let lines: Vec<&str> = std::str::from_utf8(&out).unwrap().lines().collect();
    /// assert_eq!(lines[0], r#"{"id":"0","verdict":"valid","codes":[]}"#);
    /// assert!(lines[5].starts_with(r#"{"id":"line 6","error":{"kind":"format""#));
    /// ```
    pub fn run<W, F>(
        &self,
        units: impl Iterator<Item = Pending> + Send,
        threads: usize,
        out: &mut W,
        mut on_result: F,
    ) -> io::Result<Summary>
    where
        W: Write + Send,
        F: FnMut(&BatchResult) + Send,
    {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.min(MAX_BATCH_THREADS))
            .build()
            .map_err(io::Error::other)?;
        pool.install(|| {
            let mut summary = Summary::default();
            let mut units = units;
            let mut chunk: Vec<Pending> = units.by_ref().take(MAX_IN_FLIGHT).collect();
            let mut done: Vec<(BatchResult, String)> = Vec::new();
            loop {
                if chunk.is_empty() {
                    write_results(out, &done, &mut summary, &mut on_result)?;
                    out.flush()?;
                    return Ok(summary);
                }
                let current = std::mem::take(&mut chunk);
                let previous = std::mem::take(&mut done);
                let (results, (next, written)) = rayon::join(
                    || {
                        current
                            .into_par_iter()
                            .map(|p| self.result_line(p))
                            .collect::<Vec<_>>()
                    },
                    || {
                        let written = write_results(out, &previous, &mut summary, &mut on_result);
                        let next: Vec<Pending> = units.by_ref().take(MAX_IN_FLIGHT).collect();
                        (next, written)
                    },
                );
                written?;
                done = results;
                chunk = next;
            }
        })
    }

    /// A unit's result (without its report, which only its JSON line keeps) and its line.
    fn result_line(&self, unit: Pending) -> (BatchResult, String) {
        let mut result = match unit.job() {
            Ok(job) => self.verify(&job),
            Err(e) => BatchResult::from_error(e),
        };
        let line = serde_json::to_string(&result).unwrap_or_else(|e| {
            serde_json::json!({
                "id": result.id,
                "error": {"kind": "format", "message": format!("{}: the result cannot be written as JSON: {e}", result.id)},
            })
            .to_string()
        });
        result.report = None;
        (result, line)
    }
}

fn write_results<W: Write>(
    out: &mut W,
    results: &[(BatchResult, String)],
    summary: &mut Summary,
    on_result: &mut impl FnMut(&BatchResult),
) -> io::Result<()> {
    for (result, line) in results {
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
        summary.add(result);
        on_result(result);
    }
    Ok(())
}
