//! The service's counters and latency histograms, written out in the Prometheus text
//! exposition format (version 0.0.4) by hand: a few counters and one histogram family
//! are a small text format, and a metrics crate would add a registry and global state
//! for what fits in this file.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds: from 0.5 ms (one verification of a
/// short chain takes about that on a laptop core) to the default per-request time of
/// 10 s, roughly doubling, so p50 and p99 read off within a factor of two.
///
/// ```
/// let b = certchain::serve::LATENCY_BUCKETS;
/// assert!(b.windows(2).all(|w| w[0] < w[1]));
/// assert_eq!(b[b.len() - 1], certchain::serve::DEFAULT_REQUEST_TIMEOUT.as_secs_f64());
/// ```
pub const LATENCY_BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0,
];

#[derive(Default)]
struct Histogram {
    /// Count per bucket of [`LATENCY_BUCKETS`] (not cumulative), then the +Inf bucket.
    counts: [u64; LATENCY_BUCKETS.len() + 1],
    sum: f64,
    total: u64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        let i = LATENCY_BUCKETS
            .iter()
            .position(|b| seconds <= *b)
            .unwrap_or(LATENCY_BUCKETS.len());
        if let Some(c) = self.counts.get_mut(i) {
            *c = c.saturating_add(1);
        }
        self.sum += seconds;
        self.total = self.total.saturating_add(1);
    }
}

/// Everything `/metrics` shows. Maps are keyed by label values, so the exposition
/// comes out in a stable order.
#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(&'static str, u16), u64>>,
    latency: Mutex<BTreeMap<&'static str, Histogram>>,
    verdicts: Mutex<BTreeMap<&'static str, u64>>,
    findings: Mutex<BTreeMap<&'static str, u64>>,
    reloads: Mutex<BTreeMap<&'static str, u64>>,
    /// Requests being handled now.
    pub in_flight: AtomicU64,
    /// Hits and misses of the cache of parsed request entries.
    pub cache_hits: AtomicU64,
    /// See `cache_hits`.
    pub cache_misses: AtomicU64,
}

fn bump<K: Ord>(map: &Mutex<BTreeMap<K, u64>>, key: K) {
    // A poisoned lock only means another thread panicked while counting; the counts
    // are still numbers, so keep counting.
    let mut m = map
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let n = m.entry(key).or_insert(0);
    *n = n.saturating_add(1);
}

impl Metrics {
    /// One request answered on `endpoint` with `status`, after `took`.
    pub fn request(&self, endpoint: &'static str, status: u16, took: Duration) {
        bump(&self.requests, (endpoint, status));
        let mut l = self
            .latency
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        l.entry(endpoint).or_default().observe(took.as_secs_f64());
    }

    /// One report's verdict and finding codes.
    pub fn report(&self, report: &crate::report::Report) {
        bump(
            &self.verdicts,
            if report.is_valid() {
                "valid"
            } else {
                "invalid"
            },
        );
        for f in &report.findings {
            bump(&self.findings, f.code.as_str());
        }
    }

    /// One line of a batch: its verdict and codes, or nothing for a line that could not
    /// be verified.
    pub fn batch_result(&self, result: &crate::batch::BatchResult) {
        let Some(verdict) = result.verdict else {
            return;
        };
        bump(
            &self.verdicts,
            if verdict == crate::report::Verdict::Valid {
                "valid"
            } else {
                "invalid"
            },
        );
        for c in result.codes() {
            bump(&self.findings, c.code.as_str());
        }
    }

    /// One trust store reload, `ok` or `failed`.
    pub fn reload(&self, result: &'static str) {
        bump(&self.reloads, result);
    }

    /// The exposition: `# HELP`, `# TYPE` and the samples of each family.
    pub fn render(
        &self,
        anchors: usize,
        generation: u64,
        verifier_cache: Option<crate::cache::CacheStats>,
    ) -> String {
        let mut out = String::new();
        let lock = |m: &Mutex<BTreeMap<&'static str, u64>>| {
            m.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .clone()
        };
        out.push_str("# HELP certchain_requests_total HTTP requests answered, by endpoint and status.\n# TYPE certchain_requests_total counter\n");
        let requests = self
            .requests
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        for ((endpoint, status), n) in requests {
            let _ = writeln!(
                out,
                "certchain_requests_total{{endpoint=\"{endpoint}\",status=\"{status}\"}} {n}"
            );
        }
        out.push_str("# HELP certchain_verdicts_total Reports returned, by verdict.\n# TYPE certchain_verdicts_total counter\n");
        for (verdict, n) in lock(&self.verdicts) {
            let _ = writeln!(out, "certchain_verdicts_total{{verdict=\"{verdict}\"}} {n}");
        }
        out.push_str("# HELP certchain_findings_total Findings in the reports returned, by code.\n# TYPE certchain_findings_total counter\n");
        for (code, n) in lock(&self.findings) {
            let _ = writeln!(out, "certchain_findings_total{{code=\"{code}\"}} {n}");
        }
        out.push_str("# HELP certchain_request_duration_seconds Time from the request's arrival to its answer, by endpoint.\n# TYPE certchain_request_duration_seconds histogram\n");
        let latency = self
            .latency
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (endpoint, h) in latency.iter() {
            let mut cumulative = 0u64;
            for (bound, count) in LATENCY_BUCKETS.iter().zip(h.counts.iter()) {
                cumulative = cumulative.saturating_add(*count);
                let _ = writeln!(
                    out,
                    "certchain_request_duration_seconds_bucket{{endpoint=\"{endpoint}\",le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "certchain_request_duration_seconds_bucket{{endpoint=\"{endpoint}\",le=\"+Inf\"}} {}",
                h.total
            );
            let _ = writeln!(
                out,
                "certchain_request_duration_seconds_sum{{endpoint=\"{endpoint}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "certchain_request_duration_seconds_count{{endpoint=\"{endpoint}\"}} {}",
                h.total
            );
        }
        drop(latency);
        out.push_str("# HELP certchain_cert_cache_hits_total Request entries (one chain[i] or pem text each) found already parsed in the cache.\n# TYPE certchain_cert_cache_hits_total counter\n");
        let _ = writeln!(
            out,
            "certchain_cert_cache_hits_total {}",
            self.cache_hits.load(Ordering::Relaxed)
        );
        out.push_str("# HELP certchain_cert_cache_misses_total Request entries parsed because the cache did not hold them.\n# TYPE certchain_cert_cache_misses_total counter\n");
        let _ = writeln!(
            out,
            "certchain_cert_cache_misses_total {}",
            self.cache_misses.load(Ordering::Relaxed)
        );
        if let Some(c) = verifier_cache {
            out.push_str("# HELP certchain_verifier_cache_hits_total Parsed intermediates and signature results the verifier found in its cache, since the store was last loaded.\n# TYPE certchain_verifier_cache_hits_total counter\n");
            let _ = writeln!(out, "certchain_verifier_cache_hits_total {}", c.hits);
            out.push_str("# HELP certchain_verifier_cache_misses_total Parses and signature checks the verifier computed, since the store was last loaded.\n# TYPE certchain_verifier_cache_misses_total counter\n");
            let _ = writeln!(out, "certchain_verifier_cache_misses_total {}", c.misses);
        }
        out.push_str("# HELP certchain_reloads_total Trust store reloads (SIGHUP, POST /v1/reload), by result.\n# TYPE certchain_reloads_total counter\n");
        for (result, n) in lock(&self.reloads) {
            let _ = writeln!(out, "certchain_reloads_total{{result=\"{result}\"}} {n}");
        }
        out.push_str("# HELP certchain_in_flight_requests Requests being handled.\n# TYPE certchain_in_flight_requests gauge\n");
        let _ = writeln!(
            out,
            "certchain_in_flight_requests {}",
            self.in_flight.load(Ordering::Relaxed)
        );
        out.push_str("# HELP certchain_trust_anchors Trust anchors in the loaded store.\n# TYPE certchain_trust_anchors gauge\n");
        let _ = writeln!(out, "certchain_trust_anchors {anchors}");
        out.push_str("# HELP certchain_store_generation How many times the trust store was loaded (1 at start).\n# TYPE certchain_store_generation gauge\n");
        let _ = writeln!(out, "certchain_store_generation {generation}");
        out
    }
}
