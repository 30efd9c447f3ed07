//! The outputs shown in README.md are what the binary prints today.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use common::certchain;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// The text of the code block that follows `marker` in the README.
fn block_after(readme: &str, marker: &str) -> String {
    let from = readme
        .find(marker)
        .unwrap_or_else(|| panic!("{marker:?} in README.md"));
    let rest = &readme[from..];
    let start = rest.find("```text\n").expect("a code block follows") + 8;
    let len = rest[start..].find("```\n").expect("the block ends");
    rest[start..start + len].to_string()
}

fn run(args: &[&str]) -> (Option<i32>, String) {
    let out = certchain()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn the_main_command_prints_what_the_readme_shows() {
    let (code, text) = run(&[
        "verify",
        "fixtures/expired-intermediate/chain.pem",
        "--roots",
        "fixtures/expired-intermediate/roots.pem",
        "--host",
        "www.example.com",
        "--at",
        "2026-06-01",
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(
        text,
        block_after(&readme(), "The main command above prints:")
    );
}

#[test]
fn the_forgotten_intermediate_line_is_what_the_readme_shows() {
    let (code, text) = run(&[
        "verify",
        "fixtures/issuer-not-found/chain.pem",
        "--roots",
        "fixtures/issuer-not-found/roots.pem",
        "--host",
        "www.example.com",
        "--at",
        "2026-06-01",
    ]);
    assert_eq!(code, Some(1));
    let shown = block_after(&readme(), "A forgotten intermediate");
    let last = text.lines().last().unwrap();
    assert_eq!(shown.lines().last().unwrap(), last);
}

#[test]
fn the_man_page_begins_as_the_readme_shows() {
    let (code, page) = run(&["man", "verify"]);
    assert_eq!(code, Some(0));
    let shown = block_after(&readme(), "`certchain man verify` begins:");
    assert!(page.starts_with(&shown), "{page}");
}

#[test]
fn the_fullchain_not_written_note_is_what_the_readme_shows() {
    let out = certchain()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "verify",
            "fixtures/untrusted-root/chain.pem",
            "--roots",
            "fixtures/untrusted-root/roots.pem",
            "--host",
            "www.example.com",
            "--at",
            "2026-06-01",
            "--emit-fullchain",
            "fullchain.pem",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let readme = readme();
    let shown = format!(
        "  {}\n  {}",
        stdout.lines().last().unwrap(),
        stderr.lines().last().unwrap()
    );
    assert!(readme.contains(&shown), "README.md should show:\n{shown}");
}

/// The output shown under `$ COMMAND` in a README code block: the lines after it, up to
/// the end of the block.
fn shown_under(readme: &str, command: &str) -> String {
    let marker = format!("```text\n$ {command}\n");
    let from = readme
        .find(&marker)
        .unwrap_or_else(|| panic!("{marker:?} in README.md"))
        + marker.len();
    let len = readme[from..].find("```\n").expect("the block ends");
    readme[from..from + len].to_string()
}

#[test]
fn the_inspect_samples_are_what_the_binary_prints() {
    let readme = readme();
    for (command, exit) in [
        (
            "certchain inspect tests/data/inspect/rich.pem --at 2027-01-01",
            0,
        ),
        (
            "certchain inspect fixtures/root-with-eku/roots.pem --at 2026-06-01",
            1,
        ),
        (
            "certchain inspect fixtures/expired-intermediate/chain.pem --at 2026-06-01 --short",
            1,
        ),
    ] {
        let args: Vec<&str> = command.split(' ').skip(1).collect();
        let (code, text) = run(&args);
        assert_eq!(code, Some(exit), "{command}");
        assert_eq!(text, shown_under(&readme, command), "{command}");
    }
}

#[test]
fn the_batch_sample_is_what_the_readme_shows() {
    let out = certchain()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "batch",
            "examples/batch/sample.jsonl",
            "--roots",
            "examples/batch/roots.pem",
            "--at",
            "2026-06-01",
            "--jobs",
            "1",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let readme = readme();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        block_after(&readme, "examples/batch/sample.jsonl --roots")
    );
    // stderr as shown, but for the time and rate of the last line.
    let shown = block_after(&readme, "and on stderr (exit 2):");
    let stderr = String::from_utf8(out.stderr).unwrap();
    let (shown_counts, shown_timing) = shown.trim_end().rsplit_once('\n').unwrap();
    let (counts, timing) = stderr.trim_end().rsplit_once('\n').unwrap();
    assert_eq!(counts, shown_counts);
    let tail = |t: &str| t.split_once(" chains/s, ").unwrap().1.to_string();
    assert_eq!(tail(timing), tail(shown_timing));
}

#[test]
fn the_roots_samples_are_what_the_readme_shows() {
    let (code, text) = run(&["roots", "find", "ISRG Root"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        text,
        block_after(&readme(), "`certchain roots find \"ISRG Root\"` prints:")
    );
    let (code, text) = run(&["roots", "list", "--expiring", "1000", "--at", "2026-11-26"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        text,
        block_after(
            &readme(),
            "`certchain roots list --expiring 1000 --at 2026-11-26` prints:"
        )
    );
}
