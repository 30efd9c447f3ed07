//! `certchain batch`: many chains in (JSONL, a directory of PEM files, stdin), one JSON
//! result per chain out, in input order; the counts on stderr. Everything is
//! `certchain::batch`; this file reads the options, draws the progress bar and picks
//! the exit code.

use super::options::{print_err, CheckArgs};
use super::{CliError, ErrorKind, Exit};
use certchain::batch::{Batch, BatchResult, Source};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{BufRead, IsTerminal, Read};
use std::time::Instant;

/// Unreadable inputs named on stderr one by one (all of them are in the JSONL results):
/// enough to see what is wrong, few enough that a broken feed does not flood a terminal.
const MAX_ERRORS_SHOWN: usize = 20;

pub const EXIT_CODES_HELP: &str = "Exit codes:
  0  every chain is valid
  1  some chain is invalid (its result says which certificate failed and why)
  2  some input could not be read or verified (its result is {\"id\", \"error\": {\"kind\",
     \"message\"}}; the others were still verified), or a usage error";

/// What to verify and how.
#[derive(Args, Debug)]
pub struct BatchArgs {
    /// The chains: a JSONL file (one {"id", "pem"} or {"id", "chain": [base64 DER...]}
    /// object per line, with optional "host", "purpose", "at"), a directory of PEM files
    /// (one chain per file, leaf first), one PEM file, or `-` for JSONL on stdin.
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<String>,
    /// Worker threads; 0 or absent: one per core; at most 1024.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(0..=1024))]
    pub jobs: Option<u16>,
    /// Include the full report (as `verify --format json` prints it) in each result.
    #[arg(long)]
    pub full: bool,
    /// Do not remember parsed intermediates and signature results between chains (for
    /// measuring; the results are the same).
    #[arg(long)]
    pub no_cache: bool,
}

/// Run the batch; exit 2 when an input was unreadable, else 1 when a chain was invalid.
pub fn run(args: &BatchArgs, check: &CheckArgs) -> Result<Exit, CliError> {
    if args.inputs.iter().filter(|i| *i == "-").count() > 1 {
        return Err(CliError::usage("batch: stdin (`-`) can be read only once"));
    }
    let setup = check.build()?;
    let verifier = if args.no_cache {
        setup.verifier
    } else {
        setup.verifier.with_cache()
    };
    let batch = Batch {
        verifier,
        extra: setup.extra,
        name: setup.name,
        full: args.full,
    };
    let threads = usize::from(args.jobs.unwrap_or(0));
    let bar = progress_bar(&args.inputs);
    let start = Instant::now();
    let mut shown = 0usize;
    let mut hidden = 0usize;
    let on_result = |r: &BatchResult| {
        bar.inc(1);
        if let Some(e) = &r.error {
            if shown < MAX_ERRORS_SHOWN {
                shown = shown.saturating_add(1);
                bar.suspend(|| print_err(&format!("error: {}\n", e.message)));
            } else {
                hidden = hidden.saturating_add(1);
            }
        }
    };
    let units = args.inputs.iter().flat_map(|i| Source::open(i));
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
    let summary = batch
        .run(units, threads, &mut out, on_result)
        .map_err(|e| CliError {
            kind: ErrorKind::Output,
            message: format!("batch: cannot write the results: {e}"),
        })?;
    bar.finish_and_clear();
    let elapsed = start.elapsed();
    let mut text = String::new();
    if hidden > 0 {
        text.push_str(&format!(
            "error: and {hidden} more unreadable inputs (see their results)\n"
        ));
    }
    text.push_str(&format!("{summary}\n"));
    let rate = match elapsed.as_millis() {
        0 => "-".to_string(),
        ms => u128::from(summary.chains)
            .saturating_mul(1000)
            .checked_div(ms)
            .unwrap_or_default()
            .to_string(),
    };
    let workers = if threads == 0 {
        std::thread::available_parallelism().map_or(1, usize::from)
    } else {
        threads
    };
    let cache = match batch.verifier.cache_stats() {
        Some(c) => format!(
            "cache: {} hits, {} misses, {} entries",
            c.hits, c.misses, c.entries
        ),
        None => "cache: off".into(),
    };
    text.push_str(&format!(
        "{:.2} s, {rate} chains/s, {workers} thread{}; {cache}\n",
        elapsed.as_secs_f64(),
        if workers == 1 { "" } else { "s" }
    ));
    print_err(&text);
    Ok(if summary.unreadable > 0 {
        Exit::Error
    } else if summary.invalid > 0 {
        Exit::Invalid
    } else {
        Exit::Valid
    })
}

/// A bar with rate and ETA when stderr is a terminal and the number of units can be
/// counted (files and directories); a spinner with the rate for stdin; nothing when
/// stderr is not a terminal.
fn progress_bar(inputs: &[String]) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let total: Option<u64> = inputs.iter().map(|i| count_units(i)).sum();
    let bar = match total {
        Some(n) => ProgressBar::new(n).with_style(
            ProgressStyle::with_template(
                "{bar:40} {pos}/{len} chains, {per_sec}, ETA {eta} ({elapsed})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        ),
        None => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} {pos} chains, {per_sec} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        ),
    };
    bar.set_draw_target(ProgressDrawTarget::stderr());
    bar
}

/// Roughly how many results an input gives (its lines, or its files), for the ETA;
/// `None` for stdin, which cannot be read twice.
fn count_units(input: &str) -> Option<u64> {
    if input == "-" {
        return None;
    }
    let path = std::path::Path::new(input);
    if path.is_dir() {
        return std::fs::read_dir(path)
            .ok()
            .map(|d| d.count())
            .and_then(|n| u64::try_from(n).ok());
    }
    let file = std::fs::File::open(path).ok()?;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    let head = reader.fill_buf().ok()?;
    if head.trim_ascii_start().starts_with(b"-----BEGIN") {
        return Some(1);
    }
    let mut lines = 0u64;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = reader.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        let here = buf
            .get(..n)
            .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count());
        lines = lines.saturating_add(u64::try_from(here).unwrap_or(0));
    }
    Some(lines)
}
