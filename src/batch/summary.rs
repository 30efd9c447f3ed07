//! The counts of a batch: chains per verdict and per finding code, printed on stderr at
//! the end of `certchain batch`.

use super::BatchResult;
use crate::report::Verdict;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// Chains per verdict and findings per code, over a batch.
///
/// ```
/// use certchain::batch::{Job, Summary, BatchResult};
///
/// let mut summary = Summary::default();
/// summary.add(&BatchResult::from_error(Job::from_line("{", 1).unwrap_err()));
/// assert_eq!((summary.chains, summary.unreadable), (1, 1));
/// assert_eq!(
///     summary.to_string(),
///     "1 chain: 0 valid, 0 invalid, 1 unreadable\n         1  unreadable: format"
/// );
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Results written (chains verified plus inputs that could not be).
    pub chains: u64,
    /// Chains verified as valid.
    pub valid: u64,
    /// Chains verified as invalid.
    pub invalid: u64,
    /// Lines or files that could not be verified (an `error` result).
    pub unreadable: u64,
    /// Chains with at least one finding of each code (errors and warnings), by code.
    pub by_code: BTreeMap<&'static str, u64>,
    /// Unreadable inputs by error kind.
    pub by_error: BTreeMap<&'static str, u64>,
}

impl Summary {
    /// Count one result.
    pub fn add(&mut self, r: &BatchResult) {
        self.chains = self.chains.saturating_add(1);
        match (&r.error, r.verdict) {
            (Some(e), _) => {
                self.unreadable = self.unreadable.saturating_add(1);
                let n = self.by_error.entry(e.kind.as_str()).or_default();
                *n = n.saturating_add(1);
            }
            (None, Some(Verdict::Valid)) => self.valid = self.valid.saturating_add(1),
            (None, _) => self.invalid = self.invalid.saturating_add(1),
        }
        let mut codes: Vec<&'static str> = r.codes().iter().map(|c| c.code.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        for c in codes {
            let n = self.by_code.entry(c).or_default();
            *n = n.saturating_add(1);
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} chain{}: {} valid, {} invalid, {} unreadable",
            self.chains,
            if self.chains == 1 { "" } else { "s" },
            self.valid,
            self.invalid,
            self.unreadable
        )?;
        let mut by_code: Vec<(&&str, &u64)> = self.by_code.iter().collect();
        by_code.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (code, n) in by_code {
            write!(f, "\n  {n:>8}  {code}")?;
        }
        for (kind, n) in &self.by_error {
            write!(f, "\n  {n:>8}  unreadable: {kind}")?;
        }
        Ok(())
    }
}
