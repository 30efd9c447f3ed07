//! The x509-limbo harness (`certchain-limbo`) and its CI gate, on a small suite built from
//! fixtures, so the gate is tested without ../shared/limbo. Run by `cargo test --workspace`.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use assert_cmd::Command;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// One limbo testcase from a fixture folder (chain.pem = leaf then intermediates).
fn case(id: &str, fixture: &str, expected: &str) -> Value {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(fixture);
    let spec: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let chain = std::fs::read_to_string(dir.join("chain.pem")).unwrap();
    let mut blocks: Vec<String> = pem::parse_many(chain.as_bytes())
        .unwrap()
        .iter()
        .map(pem::encode)
        .collect();
    let leaf = blocks.remove(0);
    let roots: Vec<String> = pem::parse_many(std::fs::read(dir.join("roots.pem")).unwrap())
        .unwrap()
        .iter()
        .map(pem::encode)
        .collect();
    json!({
        "id": id,
        "features": [],
        "validation_kind": "SERVER",
        "trusted_certs": roots,
        "untrusted_intermediates": blocks,
        "peer_certificate": leaf,
        "validation_time": spec["at"],
        "signature_algorithms": [],
        "key_usage": [],
        "extended_key_usage": [],
        "expected_result": expected,
        "expected_peer_name": {"kind": "DNS", "value": spec["host"]},
        "expected_peer_names": [],
        "max_chain_depth": null,
        "crls": [],
    })
}

/// A scratch folder per test, with the suite file in it.
struct Run {
    dir: PathBuf,
}

impl Run {
    /// A suite of two cases: `ns::valid` (valid-rsa) and `ns::expired` (expired-intermediate),
    /// with the expected results given; `name` names the scratch folder.
    fn new(name: &str, valid_expected: &str, expired_expected: &str) -> Run {
        Run::with_cases(
            name,
            vec![
                case("ns::valid", "valid-rsa", valid_expected),
                case("ns::expired", "expired-intermediate", expired_expected),
            ],
        )
    }

    /// A suite of the given cases.
    fn with_cases(name: &str, cases: Vec<Value>) -> Run {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("limbo-harness")
            .join(name);
        std::fs::create_dir_all(&dir).unwrap();
        let suite = json!({"version": 1, "testcases": cases});
        std::fs::write(dir.join("limbo.json"), suite.to_string()).unwrap();
        Run { dir }
    }

    /// A suite that contradicts itself on the CN rule (CA/B BR 7.1.4.3), as x509-limbo
    /// does: `ns::cn-rejected` expects the leaf whose CN repeats no SAN value rejected,
    /// `ns::cn-accepted` and `ns::cn-label` expect the same shape accepted. certchain
    /// accepts all three with the warning cn_not_in_san, so `ns::cn-rejected` is a false
    /// accept. `ns::valid` and `ns::expired` match, without that warning.
    fn contradicting(name: &str) -> Run {
        Run::with_cases(
            name,
            vec![
                case("ns::cn-rejected", "cn-not-in-san", "FAILURE"),
                case("ns::cn-accepted", "cn-not-in-san", "SUCCESS"),
                case("ns::cn-label", "cn-label-not-in-san", "SUCCESS"),
                case("ns::valid", "valid-rsa", "SUCCESS"),
                case("ns::expired", "expired-intermediate", "FAILURE"),
            ],
        )
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn divergences(&self, lines: &[&str]) -> PathBuf {
        let p = self.path("divergences.tsv");
        let mut text = String::from("# id\texpected\tcertchain\treason\n");
        for l in lines {
            text.push_str(l);
            text.push('\n');
        }
        std::fs::write(&p, text).unwrap();
        p
    }

    fn harness(&self, extra: &[&str]) -> assert_cmd::assert::Assert {
        Command::cargo_bin("certchain-limbo")
            .unwrap()
            .arg(self.path("limbo.json"))
            .arg("--out")
            .arg(self.path("results.json"))
            .args(extra)
            .timeout(std::time::Duration::from_secs(60))
            .assert()
    }
}

#[test]
fn a_matching_suite_passes_and_writes_results_in_the_suite_format() {
    let run = Run::new("matching", "SUCCESS", "FAILURE");
    run.harness(&["--floor", "2"])
        .success()
        .stdout(contains("limbo: 2 passed, 0 failed"));
    let results: Value =
        serde_json::from_str(&std::fs::read_to_string(run.path("results.json")).unwrap()).unwrap();
    assert_eq!(results["version"], 1);
    assert!(results["harness"]
        .as_str()
        .unwrap()
        .starts_with("certchain-"));
    let by_id = |id: &str| {
        results["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(by_id("ns::valid")["actual_result"], "SUCCESS");
    let expired = by_id("ns::expired");
    assert_eq!(expired["actual_result"], "FAILURE");
    assert!(
        expired["context"].as_str().unwrap().contains("[1] expired"),
        "{expired}"
    );
}

#[test]
fn a_false_accept_fails_the_gate_even_when_listed() {
    // The suite expects the valid chain rejected: certchain's SUCCESS is a false accept.
    let run = Run::new("false-accept", "FAILURE", "FAILURE");
    let tsv = run.divergences(&["ns::valid\tFAILURE\tSUCCESS\tlisted on purpose"]);
    run.harness(&["--divergences", tsv.to_str().unwrap()])
        .code(1)
        .stdout(contains("1 false accept(s)"))
        .stdout(contains(
            "ns::valid is a false accept; a false accept is a bug to fix, not a divergence, unless its line names the suite cases that contradict it",
        ))
        .stdout(contains("limbo: 1 passed, 1 failed"));

    // Naming a case does not help a false accept on which no relaxed rule fired.
    let named = run.divergences(&["ns::valid\tFAILURE\tSUCCESS\tlisted on purpose\tns::expired"]);
    run.harness(&["--divergences", named.to_str().unwrap()])
        .code(1)
        .stdout(contains("1 false accept(s)"))
        .stdout(contains(
            "ns::valid is a false accept with no warning: no relaxed rule of certchain fired on it, so no case can contradict it",
        ));
}

const CN_REJECTED: &str =
    "ns::cn-rejected\tFAILURE\tSUCCESS\tthe suite contradicts itself on CA/B BR 7.1.4.3";

#[test]
fn a_false_accept_listed_with_the_cases_that_contradict_it_passes_the_gate() {
    let run = Run::contradicting("contradicted");
    let line = format!("{CN_REJECTED}\tns::cn-accepted ns::cn-label");
    let tsv = run.divergences(&[&line]);
    run.harness(&["--divergences", tsv.to_str().unwrap(), "--floor", "4"])
        .success()
        .stdout(contains(
            "1 tolerated false accept(s), each contradicted by the suite cases its divergences line names: ns::cn-rejected",
        ))
        .stdout(contains("limbo: 4 passed, 1 failed"))
        .stdout(contains("false accept(s): a chain").not());
}

#[test]
fn a_false_accept_without_contradicting_cases_fails_the_gate() {
    let run = Run::contradicting("not-contradicted");
    // Not listed at all.
    let none = run.divergences(&[]);
    run.harness(&["--divergences", none.to_str().unwrap()])
        .code(1)
        .stdout(contains(
            "1 false accept(s): a chain the suite expects rejected was accepted",
        ))
        .stdout(contains(
            "unlisted mismatch: ns::cn-rejected expected FAILURE got SUCCESS",
        ));
    // Listed with a reason but no contradicting case.
    let bare = run.divergences(&[CN_REJECTED]);
    let path = bare.to_str().unwrap().to_string();
    run.harness(&["--divergences", &path])
        .code(1)
        .stdout(contains("1 false accept(s)"))
        .stdout(contains(format!(
            "{path}:2: ns::cn-rejected is a false accept; a false accept is a bug to fix, not a divergence, unless its line names the suite cases that contradict it"
        )));
    // Without --divergences nothing is tolerated.
    run.harness(&[])
        .code(1)
        .stdout(contains("1 false accept(s)"));
}

#[test]
fn a_false_accept_naming_cases_that_do_not_contradict_it_fails_the_gate() {
    let run = Run::contradicting("wrongly-contradicted");
    for (named, why) in [
        (
            "ns::valid",
            "ns::cn-rejected names ns::valid, which does not contradict it: ns::valid has none of its warnings (cn_not_in_san), so it is not the same shape",
        ),
        (
            "ns::expired",
            "ns::cn-rejected names ns::expired, which does not contradict it: the suite expects ns::expired to fail too",
        ),
        (
            "ns::absent",
            "ns::cn-rejected names ns::absent, which is not a testcase of the suite",
        ),
    ] {
        // One good case beside the bad one does not save the line.
        let line = format!("{CN_REJECTED}\tns::cn-accepted {named}");
        let tsv = run.divergences(&[&line]);
        let path = tsv.to_str().unwrap().to_string();
        run.harness(&["--divergences", &path])
            .code(1)
            .stdout(contains("1 false accept(s)"))
            .stdout(contains(format!("{path}:2: {why}")));
    }
}

#[test]
fn only_a_false_accept_line_may_name_contradicting_cases() {
    let run = Run::new("fifth-field", "SUCCESS", "SUCCESS");
    let tsv = run.divergences(&["ns::expired\tSUCCESS\tFAILURE\ta deliberate choice\tns::valid"]);
    let path = tsv.to_str().unwrap().to_string();
    run.harness(&["--divergences", &path]).code(2).stderr(contains(format!(
        "error: {path}:2: only a false accept (expected FAILURE, certchain SUCCESS) names contradicting cases in a fifth field"
    )));
}

#[test]
fn a_false_reject_passes_only_when_listed_with_its_verdicts() {
    // The suite expects the expired chain accepted: certchain's FAILURE is a false reject.
    let run = Run::new("false-reject", "SUCCESS", "SUCCESS");
    let unlisted = run.divergences(&[]);
    run.harness(&["--divergences", unlisted.to_str().unwrap()])
        .code(1)
        .stdout(contains(
            "unlisted mismatch: ns::expired expected SUCCESS got FAILURE ([1] expired",
        ));

    let listed = run.divergences(&["ns::expired\tSUCCESS\tFAILURE\ta deliberate choice"]);
    run.harness(&["--divergences", listed.to_str().unwrap(), "--floor", "1"])
        .success()
        .stdout(contains("limbo: 1 passed, 1 failed"));

    let wrong = run.divergences(&["ns::expired\tFAILURE\tSUCCESS\tverdicts swapped"]);
    run.harness(&["--divergences", wrong.to_str().unwrap()])
        .code(1)
        .stdout(contains(
            "ns::expired is listed as expected FAILURE / certchain SUCCESS, but the run gave expected SUCCESS / certchain FAILURE",
        ));
}

#[test]
fn a_stale_or_unknown_divergence_line_fails_the_gate() {
    let run = Run::new("stale", "SUCCESS", "FAILURE");
    let tsv = run.divergences(&[
        "ns::valid\tFAILURE\tSUCCESS\tno longer true",
        "ns::missing\tSUCCESS\tFAILURE\tnot in the suite",
    ]);
    let path = tsv.to_str().unwrap().to_string();
    run.harness(&["--divergences", &path])
        .code(1)
        .stdout(contains(format!(
            "{path}:2: ns::valid now matches; remove the line"
        )))
        .stdout(contains(format!(
            "{path}:3: ns::missing is not a testcase of the suite"
        )));
}

#[test]
fn a_divergence_line_without_a_reason_is_an_input_error() {
    let run = Run::new("no-reason", "SUCCESS", "FAILURE");
    let tsv = run.divergences(&["ns::expired\tSUCCESS\tFAILURE"]);
    let path = tsv.to_str().unwrap().to_string();
    run.harness(&["--divergences", &path]).code(2).stderr(contains(format!(
        "error: {path}:2: expected 4 tab-separated fields (id, expected, certchain, reason) with a reason, and for a false accept a fifth (the contradicting cases)"
    )));
}

#[test]
fn matched_below_the_floor_fails_the_gate() {
    let run = Run::new("floor", "SUCCESS", "FAILURE");
    run.harness(&["--floor", "3"])
        .code(1)
        .stdout(contains("matched 2 is below the floor 3"));
}
