//! Data-driven scenarios: every folder of `fixtures/` with an `expected.json` is one
//! verification whose verdict and exact (depth, code) findings are checked. The
//! fixtures are made by `cargo run --example gen-fixtures`; see fixtures/README.md.
//!
//! Every scenario is run and all mismatches are reported together.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use certchain::load_certificates;
use certchain::Crl;
use certchain::{
    CheckTime, ExpectedName, Policy, Profile, Purpose, Report, RevocationScope, SourceKind,
    TrustStore, Verdict, Verifier,
};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// At least this many scenarios must be found, so an empty, misplaced or deleted folder
/// fails: the number `cargo run --example gen-fixtures` writes.
const MIN_SCENARIOS: usize = 121;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    description: String,
    at: String,
    host: Option<String>,
    email: Option<String>,
    purpose: String,
    warn_days: Option<u32>,
    /// CRL files of the scenario folder, for `Policy::crls`.
    #[serde(default)]
    crls: Vec<String>,
    /// `Policy::max_intermediates`.
    #[serde(default)]
    max_depth: Option<usize>,
    /// `Policy::profile`: "webpki" when absent, or "rfc5280".
    #[serde(default)]
    profile: Option<String>,
    /// `Policy::require_revocation`: "leaf" or "all"; absent when not required.
    #[serde(default)]
    require_revocation: Option<String>,
    verdict: String,
    findings: Vec<(Option<usize>, String)>,
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Scenario folders (those with an expected.json), sorted by name.
fn scenario_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    dirs.sort();
    dirs
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("fixture paths are UTF-8")
}

/// Run one scenario: Ok(None) when it matches, Ok(Some(report of the mismatch)), or
/// Err when the fixture itself cannot be used.
fn run(dir: &Path) -> Result<Option<String>, String> {
    let text = std::fs::read_to_string(dir.join("expected.json"))
        .map_err(|e| format!("expected.json: {e}"))?;
    let exp: Expected = serde_json::from_str(&text).map_err(|e| format!("expected.json: {e}"))?;

    let at = chrono::DateTime::parse_from_rfc3339(&exp.at)
        .map_err(|e| format!("\"at\" {:?}: {e}", exp.at))?
        .timestamp();
    let purpose = Purpose::parse(&exp.purpose).map_err(|e| e.to_string())?;
    let expected_verdict = match exp.verdict.as_str() {
        "valid" => Verdict::Valid,
        "invalid" => Verdict::Invalid,
        other => return Err(format!("verdict {other:?} is neither valid nor invalid")),
    };
    let name = match (&exp.host, &exp.email) {
        (Some(_), Some(_)) => return Err("both host and email are set".into()),
        (Some(h), None) => Some(ExpectedName::Host(
            certchain::HostName::parse(h).map_err(|e| e.to_string())?,
        )),
        (None, Some(e)) => Some(ExpectedName::Email(e.clone())),
        (None, None) => None,
    };

    let mut store = TrustStore::new();
    store
        .add_path(path_str(&dir.join("roots.pem")))
        .map_err(|e| e.to_string())?;
    let presented = load_certificates(path_str(&dir.join("chain.pem")), SourceKind::Presented)
        .map_err(|e| e.to_string())?;
    let extra_path = dir.join("intermediates.pem");
    let extra = if extra_path.exists() {
        load_certificates(path_str(&extra_path), SourceKind::Intermediates)
            .map_err(|e| e.to_string())?
    } else {
        vec![]
    };

    let mut crls = Vec::new();
    for file in &exp.crls {
        let loaded = Crl::load(path_str(&dir.join(file))).map_err(|e| e.to_string())?;
        if loaded.is_empty() {
            return Err(format!("{file}: no CRL"));
        }
        crls.extend(loaded.into_iter().map(Arc::new));
    }

    // `..Policy::default()` fills `cross_check`, a field only with the `cross-check` feature.
    #[allow(clippy::needless_update)]
    let policy = Policy {
        time: CheckTime::At(at),
        purpose,
        warn_days: exp.warn_days,
        max_intermediates: exp.max_depth,
        profile: Profile::parse(exp.profile.as_deref().unwrap_or("webpki"))
            .map_err(|e| e.to_string())?,
        crls,
        require_revocation: exp
            .require_revocation
            .as_deref()
            .map(RevocationScope::parse)
            .transpose()
            .map_err(|e| e.to_string())?,
        ..Policy::default()
    };
    let verifier = Verifier::new(store, policy);
    let report = verifier.verify(&presented, &extra, name.as_ref());

    // The cache (Verifier::with_cache) changes no report, also once its entries are hit.
    let cached = verifier.with_policy(verifier.policy().clone()).with_cache();
    for round in 1..=3 {
        let again = cached.verify(&presented, &extra, name.as_ref());
        if again.to_json() != report.to_json() {
            return Ok(Some(format!(
                "  {}: the cached verifier's report differs (round {round})\n",
                exp.description
            )));
        }
    }

    // Every finding, of the report and of each attempt, has a `details` object in JSON.
    let json = serde_json::to_value(&report).map_err(|e| format!("report JSON: {e}"))?;
    let attempt_findings = json["attempts"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|a| a["findings"].as_array().into_iter().flatten());
    for f in json["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(attempt_findings)
    {
        if !f["details"].is_object() {
            return Ok(Some(format!("  a finding without a details object: {f}\n")));
        }
    }

    let mut expected: Vec<(Option<usize>, String)> = exp.findings.clone();
    expected.sort();
    let mut actual: Vec<(Option<usize>, String)> = report
        .findings
        .iter()
        .map(|f| (f.depth, f.code.as_str().to_string()))
        .collect();
    actual.sort();

    if report.verdict == expected_verdict && actual == expected {
        return Ok(None);
    }
    Ok(Some(format!(
        "  {}\n    expected: {} {}\n    actual:   {} {}\n{}",
        exp.description,
        exp.verdict,
        show(&expected),
        verdict_name(report.verdict),
        show(&actual),
        messages(&report)
    )))
}

fn verdict_name(v: Verdict) -> &'static str {
    match v {
        Verdict::Valid => "valid",
        Verdict::Invalid => "invalid",
    }
}

fn show(findings: &[(Option<usize>, String)]) -> String {
    let items: Vec<String> = findings
        .iter()
        .map(|(d, c)| {
            format!(
                "({}, {c})",
                d.map_or("chain".to_string(), |d| d.to_string())
            )
        })
        .collect();
    format!("[{}]", items.join(", "))
}

fn messages(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let depth = f.depth.map_or("chain".to_string(), |d| d.to_string());
        out.push_str(&format!("      [{depth}] {}: {}\n", f.code, f.message));
    }
    if report.findings.is_empty() {
        out.push_str("      (no findings)\n");
    }
    out
}

#[test]
fn every_fixture_scenario_gives_its_expected_verdict_and_findings() {
    let dirs = scenario_dirs();
    assert!(
        dirs.len() >= MIN_SCENARIOS,
        "only {} scenarios found under {} (at least {MIN_SCENARIOS} expected): run `cargo run --example gen-fixtures`",
        dirs.len(),
        fixtures_dir().display()
    );
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir
            .file_name()
            .expect("folder name")
            .to_string_lossy()
            .to_string();
        match run(dir) {
            Ok(None) => {}
            Ok(Some(mismatch)) => failures.push(format!("{name}:\n{mismatch}")),
            Err(e) => failures.push(format!("{name}: unusable fixture: {e}\n")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixture scenarios do not match their expected.json:\n\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n")
    );
}
