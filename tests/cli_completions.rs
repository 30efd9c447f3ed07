//! `certchain completions SHELL` and `certchain man [COMMAND]` through the real binary.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use common::certchain;

/// Runs certchain with `args`; its exit code, stdout and stderr.
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = certchain().args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn each_shell_gets_a_script_naming_the_commands_and_flags() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, script, err) = run(&["completions", shell]);
        assert_eq!(code, Some(0), "{shell}: {err}");
        assert_eq!(err, "", "{shell}");
        assert!(!script.is_empty(), "{shell}");
        for command in ["verify", "connect", "batch", "completions", "man"] {
            assert!(script.contains(command), "{shell}: {command} missing");
        }
        for flag in ["roots", "max-depth", "host", "format", "starttls"] {
            // fish spells a long option `-l roots`; the others `--roots`.
            let spelled = if shell == "fish" {
                format!("-l {flag}")
            } else {
                format!("--{flag}")
            };
            assert!(script.contains(&spelled), "{shell}: {spelled} missing");
        }
    }
}

#[test]
fn the_bash_script_is_valid_bash() {
    let (code, script, _) = run(&["completions", "bash"]);
    assert_eq!(code, Some(0));
    assert!(script.starts_with("_certchain() {\n"), "{script}");
    assert!(script.contains("complete -F _certchain"), "{script}");
    let dir = std::env::temp_dir().join(format!("certchain-completions-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("certchain.bash");
    std::fs::write(&file, &script).unwrap();
    let check = std::process::Command::new("bash")
        .arg("-n")
        .arg(&file)
        .output()
        .expect("bash is installed");
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        check.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let (code, out, err) = run(&["completions", "tcsh"]);
    assert_eq!(code, Some(2));
    assert_eq!(out, "");
    assert_eq!(
        err.lines().next().unwrap(),
        "error: invalid value 'tcsh' for '<SHELL>'"
    );
    assert!(
        err.contains("[possible values: bash, elvish, fish, powershell, zsh]"),
        "{err}"
    );
    let (code, _, _) = run(&["completions"]);
    assert_eq!(code, Some(2));
}

#[test]
fn the_man_page_lists_the_commands() {
    let (code, page, err) = run(&["man"]);
    assert_eq!(code, Some(0), "{err}");
    let th = page.lines().find(|l| l.starts_with(".TH ")).unwrap();
    assert_eq!(
        th,
        format!(
            ".TH certchain 1  \"certchain {}\" ",
            env!("CARGO_PKG_VERSION")
        )
    );
    assert!(page.contains(".SH NAME\ncertchain \\- Certificate chain verification"));
    assert!(page.contains(".SH SUBCOMMANDS\n"), "{page}");
    for command in ["verify", "connect", "batch", "completions", "man"] {
        assert!(
            page.contains(&format!("\ncertchain\\-{command}(1)\n")),
            "{command}"
        );
    }
    assert!(page.contains("Exit codes:"), "{page}");
}

#[test]
fn the_man_page_of_verify_documents_its_options() {
    let (code, page, err) = run(&["man", "verify"]);
    assert_eq!(code, Some(0), "{err}");
    let th = page.lines().find(|l| l.starts_with(".TH ")).unwrap();
    assert_eq!(
        th,
        format!(
            ".TH certchain-verify 1  \"certchain {}\" ",
            env!("CARGO_PKG_VERSION")
        )
    );
    assert!(page.contains(".SH NAME\ncertchain\\-verify \\- Verify a certificate chain"));
    for option in [
        "\\fB\\-\\-roots\\fR \\fI<SOURCE>\\fR",
        "\\fB\\-\\-max\\-depth\\fR \\fI<N>\\fR",
        "\\fB\\-\\-host\\fR \\fI<NAME>\\fR",
    ] {
        assert!(page.contains(option), "{option} missing:\n{page}");
    }
}

#[test]
fn the_man_page_of_an_unknown_command_is_a_usage_error() {
    let (code, out, err) = run(&["man", "frobnicate"]);
    assert_eq!(code, Some(2));
    assert_eq!(out, "");
    assert_eq!(
        err,
        "error: man: no command 'frobnicate' (one of: verify, connect, serve, batch, inspect, roots, completions, man)\n"
    );
}
