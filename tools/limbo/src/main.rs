//! certchain-limbo: run the x509-limbo conformance suite through certchain's public API.
//!
//! `certchain-limbo LIMBO_JSON --out RESULTS_JSON [--cross-check]
//!                  [--divergences TSV] [--floor N] [--disagreements FILE]`
//!
//! A tool of this repository (the CI gate), not part of what `cargo install certchain`
//! installs: run it with `cargo run --release -p certchain-limbo -- ...`.
//!
//! Writes one result per testcase in the suite's result format (an accepted case's context
//! lists its warning codes), prints matched / false accept / false reject / skipped per
//! namespace, and last `limbo: N passed, M failed`. Testcases of the rfc5280:: namespace
//! run under `Profile::Rfc5280`, all others under the default `Profile::WebPki`.
//! The exit code is 1 on any false accept that is not tolerated, when matched falls below
//! `--floor`, and, with `--divergences TSV`, when that file is not exactly the list of
//! mismatches: a mismatch it does not list, a line for a case that now matches, or a line
//! whose verdicts are not what happened. It is 2 on an input error (bad arguments, an
//! unreadable suite or divergences file).
//!
//! The divergences file has one line per mismatch, `id<TAB>expected<TAB>certchain<TAB>reason`
//! (`#` starts a comment). A false accept (expected FAILURE, certchain SUCCESS) is tolerated
//! only when the suite contradicts itself about it, and its line proves it with a fifth
//! field: the ids of the suite cases that contradict it, separated by spaces. Each named
//! case must be in the suite, be expected to succeed, be accepted by certchain, and carry
//! a warning code that certchain also gave the false accept (the relaxed rule, e.g.
//! `cn_not_in_san`): the same rule fires on both, and the suite wants opposite verdicts.
//! A false accept without that field, or naming a case that fails any of these, fails the
//! gate; a fifth field on any other line is an input error.
//! With `--cross-check`, rustls-webpki runs beside certchain: the table gains an
//! engine_disagreement count per namespace, and `--disagreements FILE` writes one line per
//! disagreement: id, expected result, certchain's result, both engines' reasons (TSV).

// A harness, not library code: a panic here is a failed run, not a reachable crash.
#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use certchain::{
    Certificate, CheckTime, Code, ExpectedName, Policy, Profile, Purpose, TrustStore, Verifier,
};
use certchain::{Source, SourceKind, SourcedCert};
use clap::Parser;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// Runs the x509-limbo conformance suite through certchain and gates on the result.
///
/// Prints matched / false accept / false reject / skipped per namespace and last
/// `limbo: N passed, M failed`. Exits 1 when the gate fails (an untolerated false accept,
/// matched below --floor, or a divergences file that is not exactly the run's mismatches)
/// and 2 on an input error.
#[derive(Parser)]
#[command(name = "certchain-limbo", version)]
struct Args {
    /// The suite: x509-limbo's limbo.json.
    #[arg(value_name = "LIMBO_JSON")]
    suite: PathBuf,
    /// Where to write one result per testcase, in the suite's result format.
    #[arg(long, value_name = "RESULTS_JSON")]
    out: PathBuf,
    /// Run rustls-webpki beside certchain and count the cases where the engines disagree.
    #[arg(long)]
    cross_check: bool,
    /// The deliberate mismatches, one per line:
    /// id<TAB>expected<TAB>certchain<TAB>reason[<TAB>contradicting case ids] (`#` starts a
    /// comment). The gate fails unless it lists exactly the run's mismatches; a false accept
    /// is tolerated only with the suite cases that contradict it.
    #[arg(long, value_name = "TSV")]
    divergences: Option<PathBuf>,
    /// Fail when fewer cases than this match the suite's expected result.
    #[arg(long, value_name = "N", default_value_t = 0)]
    floor: usize,
    /// With --cross-check: write one TSV line per engine disagreement (id, expected,
    /// certchain's result, both engines' reasons).
    #[arg(long, value_name = "FILE")]
    disagreements: Option<PathBuf>,
}

#[derive(Deserialize)]
struct Suite {
    testcases: Vec<Testcase>,
}

#[derive(Deserialize)]
struct PeerName {
    kind: String,
    value: String,
}

#[derive(Deserialize)]
struct Testcase {
    id: String,
    validation_kind: String,
    trusted_certs: Vec<String>,
    untrusted_intermediates: Vec<String>,
    peer_certificate: String,
    validation_time: Option<String>,
    #[serde(default)]
    extended_key_usage: Vec<String>,
    expected_result: String,
    expected_peer_name: Option<PeerName>,
    #[serde(default)]
    expected_peer_names: Vec<PeerName>,
    max_chain_depth: Option<usize>,
    #[serde(default)]
    crls: Vec<String>,
}

struct Outcome {
    id: String,
    actual: &'static str,
    expected: String,
    context: String,
    /// The engine_disagreement messages of the reports (with --cross-check).
    disagreements: Vec<String>,
    /// The codes of the warnings in the reports.
    warnings: BTreeSet<&'static str>,
}

fn pem_to_certs(pem_text: &str, kind: SourceKind, name: &str) -> Vec<SourcedCert> {
    // Each limbo entry is one PEM certificate; unparseable ones cannot be used by any
    // path, so they are left out here (a peer that does not parse fails the case).
    pem::parse_many(pem_text.as_bytes())
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .filter_map(|(i, p)| {
            Certificate::from_der(p.contents())
                .ok()
                .map(|c| SourcedCert {
                    cert: Arc::new(c),
                    source: Source {
                        kind,
                        name: name.into(),
                        position: Some(i + 1),
                    },
                })
        })
        .collect()
}

fn expected_names(tc: &Testcase) -> Result<Vec<ExpectedName>, String> {
    let mut names = Vec::new();
    for n in tc
        .expected_peer_name
        .iter()
        .chain(tc.expected_peer_names.iter())
    {
        names.push(match n.kind.as_str() {
            "DNS" | "IP" => {
                ExpectedName::Host(certchain::HostName::parse(&n.value).map_err(|e| e.to_string())?)
            }
            "RFC822" => ExpectedName::Email(n.value.clone()),
            other => return Err(format!("unknown peer name kind {other}")),
        });
    }
    Ok(names)
}

/// The profile a testcase is run under. The suite's rfc5280:: namespace tests RFC 5280
/// path validation alone (it marks its cases that the CA/B Forum profile decides the other
/// way as conflicting with their webpki:: twins), which is `--profile rfc5280`; every
/// other namespace (webpki::, BetterTLS, CRLs, CVEs...) runs under the default `webpki`.
fn profile_for(id: &str) -> Profile {
    if id.starts_with("rfc5280::") {
        Profile::Rfc5280
    } else {
        Profile::WebPki
    }
}

fn run_case(tc: &Testcase, cross_check: bool) -> Outcome {
    let out = |actual: &'static str, context: String| Outcome {
        id: tc.id.clone(),
        actual,
        expected: tc.expected_result.clone(),
        context,
        disagreements: Vec::new(),
        warnings: BTreeSet::new(),
    };
    let time = match &tc.validation_time {
        None => CheckTime::Now,
        Some(t) => match chrono::DateTime::parse_from_rfc3339(t) {
            Ok(t) => CheckTime::At(t.timestamp()),
            Err(e) => return out("SKIPPED", format!("unreadable validation_time {t:?}: {e}")),
        },
    };
    let purpose = match (
        tc.extended_key_usage.first().map(String::as_str),
        tc.validation_kind.as_str(),
    ) {
        (Some("serverAuth"), _) | (None, "SERVER") => Purpose::ServerAuth,
        (Some("clientAuth"), _) | (None, "CLIENT") => Purpose::ClientAuth,
        (Some(other), _) => {
            return out("SKIPPED", format!("extended key usage {other} not mapped"))
        }
        (None, other) => return out("SKIPPED", format!("validation kind {other} not mapped")),
    };
    let mut crls = Vec::new();
    for (i, c) in tc.crls.iter().enumerate() {
        match certchain::Crl::parse_all(&format!("crl{}", i + 1), c.as_bytes()) {
            Ok(v) => crls.extend(v.into_iter().map(Arc::new)),
            Err(e) => return out("FAILURE", format!("crl_invalid: {e}")),
        }
    }
    let mut store = TrustStore::new();
    for sc in tc
        .trusted_certs
        .iter()
        .flat_map(|p| pem_to_certs(p, SourceKind::RootStore, "trusted"))
    {
        store.add_parsed(sc);
    }
    let policy = Policy {
        time,
        purpose,
        profile: profile_for(&tc.id),
        max_intermediates: tc.max_chain_depth,
        warn_days: None,
        cross_check,
        crls,
        require_revocation: None,
        ..Policy::default()
    };
    let verifier = Verifier::new(store, policy);
    let leaf = pem_to_certs(&tc.peer_certificate, SourceKind::Presented, "peer");
    if leaf.is_empty() {
        return out(
            "FAILURE",
            "malformed: the peer certificate does not parse".into(),
        );
    }
    let extra: Vec<SourcedCert> = tc
        .untrusted_intermediates
        .iter()
        .flat_map(|p| pem_to_certs(p, SourceKind::Intermediates, "untrusted"))
        .collect();
    let names = match expected_names(tc) {
        Ok(n) => n,
        Err(e) => return out("FAILURE", format!("name_mismatch: {e}")),
    };
    let checks: Vec<Option<&ExpectedName>> = if names.is_empty() {
        vec![None]
    } else {
        names.iter().map(Some).collect()
    };
    let mut disagreements = Vec::new();
    let mut warnings = BTreeSet::new();
    for name in checks {
        let report = verifier.verify(&leaf, &extra, name);
        warnings.extend(
            report
                .findings
                .iter()
                .filter(|f| !f.is_error())
                .map(|f| f.code.as_str()),
        );
        disagreements.extend(
            report
                .findings
                .iter()
                .filter(|f| f.code == Code::EngineDisagreement)
                .map(|f| f.message.clone()),
        );
        if !report.is_valid() {
            let ctx: Vec<String> = report
                .errors()
                .map(|f| {
                    format!(
                        "[{}] {}: {}",
                        f.depth.map(|d| d.to_string()).unwrap_or("-".into()),
                        f.code,
                        f.message
                    )
                })
                .collect();
            return Outcome {
                disagreements,
                warnings,
                ..out("FAILURE", ctx.join("; "))
            };
        }
    }
    // An accepted case shows its warnings, so a reader of the results sees the relaxed
    // rules that fired (e.g. cn_not_in_san).
    let context = if warnings.is_empty() {
        String::new()
    } else {
        format!(
            "warnings: {}",
            warnings.iter().copied().collect::<Vec<_>>().join(", ")
        )
    };
    Outcome {
        disagreements,
        warnings,
        ..out("SUCCESS", context)
    }
}

fn main() -> ExitCode {
    let Args {
        suite: input,
        out: out_path,
        cross_check,
        divergences: divergences_path,
        floor,
        disagreements: disagreements_path,
    } = Args::parse();
    let input = input.display().to_string();
    let out_path = out_path.display().to_string();
    let divergences_path = divergences_path.map(|p| p.display().to_string());
    let disagreements_path = disagreements_path.map(|p| p.display().to_string());
    let text = match std::fs::read_to_string(&input) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {input}: {e}");
            return ExitCode::from(2);
        }
    };
    let suite: Suite = match serde_json::from_str(&text) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {input}: not a limbo suite ({e})");
            return ExitCode::from(2);
        }
    };
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let chunk = suite.testcases.len().div_ceil(threads).max(1);
    let outcomes: Vec<Outcome> = std::thread::scope(|s| {
        let handles: Vec<_> = suite
            .testcases
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|tc| run_case(tc, cross_check))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a harness thread panicked"))
            .collect()
    });

    #[derive(Default)]
    struct Row {
        matched: usize,
        false_accept: usize,
        false_reject: usize,
        skipped: usize,
        disagreements: usize,
    }
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    let mut results = Vec::new();
    for o in &outcomes {
        let ns = o.id.split("::").next().unwrap_or("").to_string();
        let row = rows.entry(ns).or_default();
        row.disagreements += usize::from(!o.disagreements.is_empty());
        match (o.actual, o.expected.as_str()) {
            ("SKIPPED", _) => row.skipped += 1,
            (a, e) if a == e => row.matched += 1,
            ("SUCCESS", _) => row.false_accept += 1,
            _ => row.false_reject += 1,
        }
        results
            .push(serde_json::json!({"id": o.id, "actual_result": o.actual, "context": o.context}));
    }
    let doc = serde_json::json!({
        "version": 1,
        "harness": format!("certchain-{}", env!("CARGO_PKG_VERSION")),
        "results": results,
    });
    if let Err(e) = std::fs::write(
        &out_path,
        serde_json::to_string_pretty(&doc).expect("results serialise"),
    ) {
        eprintln!("error: {out_path}: {e}");
        return ExitCode::from(2);
    }
    let disagree = |n: usize| {
        if cross_check {
            format!(" {n:>9}")
        } else {
            String::new()
        }
    };
    println!(
        "{:<14} {:>8} {:>13} {:>13} {:>8}{}",
        "namespace",
        "matched",
        "false accept",
        "false reject",
        "skipped",
        if cross_check { " disagreed" } else { "" }
    );
    let mut total = Row::default();
    for (ns, r) in &rows {
        println!(
            "{:<14} {:>8} {:>13} {:>13} {:>8}{}",
            ns,
            r.matched,
            r.false_accept,
            r.false_reject,
            r.skipped,
            disagree(r.disagreements)
        );
        total.matched += r.matched;
        total.false_accept += r.false_accept;
        total.false_reject += r.false_reject;
        total.skipped += r.skipped;
        total.disagreements += r.disagreements;
    }
    println!(
        "{:<14} {:>8} {:>13} {:>13} {:>8}{}",
        "total",
        total.matched,
        total.false_accept,
        total.false_reject,
        total.skipped,
        disagree(total.disagreements)
    );
    if let Some(path) = &disagreements_path {
        let mut text =
            String::from("# id\texpected\tcertchain with cross-check\tboth engines' reasons\n");
        for o in outcomes.iter().filter(|o| !o.disagreements.is_empty()) {
            let why = o.disagreements.join(" | ").replace(['\t', '\n'], " ");
            text.push_str(&format!("{}\t{}\t{}\t{why}\n", o.id, o.expected, o.actual));
        }
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("error: {path}: {e}");
            return ExitCode::from(2);
        }
    }
    let mut gate_failed = false;
    let mut tolerated = BTreeSet::new();
    let mut problems = Vec::new();
    if let Some(path) = divergences_path {
        let listed = match read_divergences(&path) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
        (problems, tolerated) = divergence_problems(&outcomes, &listed, &path);
    }
    if total.false_accept > tolerated.len() {
        println!(
            "{} false accept(s): a chain the suite expects rejected was accepted",
            total.false_accept - tolerated.len()
        );
        gate_failed = true;
    }
    if !tolerated.is_empty() {
        println!(
            "{} tolerated false accept(s), each contradicted by the suite cases its divergences line names: {}",
            tolerated.len(),
            tolerated.iter().cloned().collect::<Vec<_>>().join(", ")
        );
    }
    for problem in problems {
        println!("{problem}");
        gate_failed = true;
    }
    if total.matched < floor {
        println!("matched {} is below the floor {floor}", total.matched);
        gate_failed = true;
    }
    let failed = outcomes.len() - total.matched;
    println!("limbo: {} passed, {} failed", total.matched, failed);
    if gate_failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// One line of the divergences file: a testcase certchain deliberately does not match.
struct Divergence {
    line: usize,
    id: String,
    expected: String,
    certchain: String,
    /// For a tolerated false accept: the suite cases that contradict it.
    contradicted_by: Vec<String>,
}

/// Reads `id<TAB>expected<TAB>certchain<TAB>reason[<TAB>contradicting ids]` lines; `#`
/// starts a comment line.
fn read_divergences(path: &str) -> Result<Vec<Divergence>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut out = Vec::new();
    for (i, l) in text.lines().enumerate() {
        if l.starts_with('#') || l.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = l.split('\t').collect();
        let (id, expected, certchain, contradicted_by) = match f.as_slice() {
            [id, expected, certchain, reason] if !reason.trim().is_empty() => {
                (id, expected, certchain, Vec::new())
            }
            [id, expected, certchain, reason, cases] if !reason.trim().is_empty() => {
                if (*expected, *certchain) != ("FAILURE", "SUCCESS") {
                    return Err(format!(
                        "{path}:{}: only a false accept (expected FAILURE, certchain SUCCESS) names contradicting cases in a fifth field",
                        i + 1
                    ));
                }
                let cases: Vec<String> = cases.split_whitespace().map(String::from).collect();
                if cases.is_empty() {
                    return Err(format!("{path}:{}: the fifth field names no case", i + 1));
                }
                (id, expected, certchain, cases)
            }
            _ => {
                return Err(format!(
                    "{path}:{}: expected 4 tab-separated fields (id, expected, certchain, reason) with a reason, and for a false accept a fifth (the contradicting cases)",
                    i + 1
                ))
            }
        };
        out.push(Divergence {
            line: i + 1,
            id: id.to_string(),
            expected: expected.to_string(),
            certchain: certchain.to_string(),
            contradicted_by,
        });
    }
    Ok(out)
}

/// Every way the divergences file and the run disagree, one line each, and the false
/// accepts the file tolerates (listed with contradicting cases that hold up).
fn divergence_problems(
    outcomes: &[Outcome],
    listed: &[Divergence],
    path: &str,
) -> (Vec<String>, BTreeSet<String>) {
    let mut tolerated = BTreeSet::new();
    let by_id: BTreeMap<&str, &Outcome> = outcomes.iter().map(|o| (o.id.as_str(), o)).collect();
    let listed_ids: std::collections::BTreeSet<&str> =
        listed.iter().map(|d| d.id.as_str()).collect();
    let mut problems = Vec::new();
    for o in outcomes {
        if o.actual != o.expected && !listed_ids.contains(o.id.as_str()) {
            problems.push(format!(
                "unlisted mismatch: {} expected {} got {} ({})",
                o.id, o.expected, o.actual, o.context
            ));
        }
    }
    for d in listed {
        let at = format!("{path}:{}", d.line);
        match by_id.get(d.id.as_str()) {
            None => problems.push(format!("{at}: {} is not a testcase of the suite", d.id)),
            Some(o) if o.actual == o.expected => {
                problems.push(format!("{at}: {} now matches; remove the line", d.id))
            }
            Some(o) if (o.expected.as_str(), o.actual) != (d.expected.as_str(), d.certchain.as_str()) => {
                problems.push(format!(
                    "{at}: {} is listed as expected {} / certchain {}, but the run gave expected {} / certchain {}",
                    d.id, d.expected, d.certchain, o.expected, o.actual
                ))
            }
            Some(o) if d.certchain == "SUCCESS" => {
                let before = problems.len();
                contradiction_problems(o, d, &by_id, &at, &mut problems);
                if problems.len() == before {
                    tolerated.insert(d.id.clone());
                }
            }
            Some(_) => {}
        }
    }
    (problems, tolerated)
}

/// Why the line of the false accept `o` does not prove that the suite contradicts
/// itself about it (nothing when it does).
fn contradiction_problems(
    o: &Outcome,
    d: &Divergence,
    by_id: &BTreeMap<&str, &Outcome>,
    at: &str,
    problems: &mut Vec<String>,
) {
    if d.contradicted_by.is_empty() {
        problems.push(format!(
            "{at}: {} is a false accept; a false accept is a bug to fix, not a divergence, unless its line names the suite cases that contradict it",
            d.id
        ));
        return;
    }
    if o.warnings.is_empty() {
        problems.push(format!(
            "{at}: {} is a false accept with no warning: no relaxed rule of certchain fired on it, so no case can contradict it",
            d.id
        ));
        return;
    }
    let shown = |w: &BTreeSet<&str>| w.iter().copied().collect::<Vec<_>>().join(", ");
    for c in &d.contradicted_by {
        match by_id.get(c.as_str()) {
            None => problems.push(format!(
                "{at}: {} names {c}, which is not a testcase of the suite",
                d.id
            )),
            Some(other) if other.expected != "SUCCESS" => problems.push(format!(
                "{at}: {} names {c}, which does not contradict it: the suite expects {c} to fail too",
                d.id
            )),
            Some(other) if other.actual != "SUCCESS" => problems.push(format!(
                "{at}: {} names {c}, which certchain rejects, so it does not contradict the false accept",
                d.id
            )),
            Some(other) if other.warnings.is_disjoint(&o.warnings) => problems.push(format!(
                "{at}: {} names {c}, which does not contradict it: {c} has none of its warnings ({}), so it is not the same shape",
                d.id,
                shown(&o.warnings)
            )),
            Some(_) => {}
        }
    }
}
