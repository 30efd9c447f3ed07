//! The README's table of bad inputs ("What certchain says to bad input") is what the
//! binary answers today: each row's command is run from the repository root and its exit
//! code and first line compared. Every row that drifted is listed at once, with the row
//! as it should read, ready to paste.

#![allow(
    clippy::arithmetic_side_effects,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::{Path, PathBuf};

const SECTION: &str = "## What certchain says to bad input";

/// Fewer rows than this means the table was cut, not that the inputs got better.
const MIN_ROWS: usize = 20;

/// One row of the table, as written.
struct Row {
    input: String,
    command: String,
    exit: String,
    line: String,
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A table cell without its code-span backticks, `\|` read as `|`.
fn cell_text(cell: &str) -> String {
    let c = cell.trim();
    let c = c
        .strip_prefix("`` ")
        .and_then(|c| c.strip_suffix(" ``"))
        .or_else(|| c.strip_prefix('`').and_then(|c| c.strip_suffix('`')))
        .unwrap_or(c);
    c.replace("\\|", "|")
}

/// A line as a code span, escaped the way `cell_text` reads it back.
fn code_span(text: &str) -> String {
    let t = text.replace('|', "\\|");
    if t.contains('`') {
        format!("`` {t} ``")
    } else {
        format!("`{t}`")
    }
}

/// Split a table row on the `|` that are not escaped.
fn cells(row: &str) -> Vec<String> {
    let inner = row.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cur.push_str("\\|");
                chars.next();
            }
            '|' => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

/// The rows of the table in the section, header and separator left out.
fn rows(readme: &str) -> Vec<Row> {
    let start = readme
        .find(SECTION)
        .unwrap_or_else(|| panic!("README.md has a section {SECTION:?}"));
    let body = &readme[start + SECTION.len()..];
    let body = &body[..body.find("\n## ").unwrap_or(body.len())];
    let table: Vec<&str> = body
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert!(table.len() > 2, "the section has a table");
    let header: Vec<String> = cells(table[0])
        .iter()
        .map(|c| c.trim().to_string())
        .collect();
    assert_eq!(header, ["input", "command", "exit", "first line"]);
    table[2..]
        .iter()
        .map(|l| {
            let c = cells(l);
            assert_eq!(c.len(), 4, "a row of four cells: {l}");
            Row {
                input: c[0].trim().to_string(),
                command: cell_text(&c[1]),
                exit: c[2].trim().to_string(),
                line: cell_text(&c[3]),
            }
        })
        .collect()
}

/// `\xHH` escapes in a command word, as raw bytes.
fn unescape(word: &str) -> OsString {
    let b = word.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && b.get(i + 1) == Some(&b'x') && i + 4 <= b.len() {
            if let Ok(v) = u8::from_str_radix(&word[i + 2..i + 4], 16) {
                out.push(v);
                i += 4;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    OsString::from_vec(out)
}

/// The placeholders of the table and what they stand for in this run.
struct Places {
    tmp: PathBuf,
    port: u16,
}

impl Places {
    fn fill(&self, word: &str) -> String {
        word.replace("$TMP", self.tmp.to_str().unwrap())
            .replace("$PORT", &self.port.to_string())
    }

    /// The varying parts of an output line, put back as placeholders.
    fn normalize(&self, line: &str) -> String {
        line.replace(self.tmp.to_str().unwrap(), "$TMP")
            .replace(&format!("127.0.0.1:{}", self.port), "127.0.0.1:$PORT")
    }
}

/// `$TMP`: the generated inputs, too big to commit.
fn make_tmp() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("readme-bad-inputs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // one byte over certchain::limits::MAX_INPUT_BYTES
    let over = usize::try_from(certchain::limits::MAX_INPUT_BYTES).unwrap() + 1;
    std::fs::write(dir.join("over-16-mib.pem"), vec![b'#'; over]).unwrap();
    // one certificate over certchain::limits::MAX_CERTS_PER_INPUT
    let root = std::fs::read_to_string(repo().join("fixtures/valid-rsa/roots.pem")).unwrap();
    let begin = root.find("-----BEGIN CERTIFICATE-----").unwrap();
    let end = root.find("-----END CERTIFICATE-----").unwrap() + "-----END CERTIFICATE-----\n".len();
    let block = &root[begin..end];
    assert_eq!(
        certchain::limits::MAX_CERTS_PER_INPUT,
        10_000,
        "the table says 10,000"
    );
    std::fs::write(
        dir.join("10001-certificates.pem"),
        block.repeat(certchain::limits::MAX_CERTS_PER_INPUT + 1),
    )
    .unwrap();
    dir
}

/// A port on 127.0.0.1 where nothing listens: bound by the OS, then let go.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// What the command answers: the exit code, the line the table shows (the first line of
/// stderr, or when stderr is empty the last line of stdout) and whether it panicked.
fn answer(row: &Row, places: &Places) -> (String, String, bool) {
    let words: Vec<&str> = row.command.split_whitespace().collect();
    assert_eq!(words.first(), Some(&"certchain"), "{}", row.command);
    let args: Vec<OsString> = words[1..]
        .iter()
        .map(|w| unescape(&places.fill(w)))
        .collect();
    let out = common::certchain()
        .current_dir(repo())
        .args(&args)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = match stderr.lines().next() {
        Some(first) => first.to_string(),
        None => stdout
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .to_string(),
    };
    let exit = out
        .status
        .code()
        .map_or_else(|| format!("killed ({:?})", out.status), |c| c.to_string());
    (exit, places.normalize(&line), stderr.contains("panicked"))
}

#[test]
fn the_readme_table_of_bad_inputs_is_what_certchain_answers() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let rows = rows(&readme);
    assert!(
        rows.len() >= MIN_ROWS,
        "{} rows, at least {MIN_ROWS} expected",
        rows.len()
    );
    let places = Places {
        tmp: make_tmp(),
        port: closed_port(),
    };
    let mut drifted = Vec::new();
    for row in &rows {
        let (exit, line, panicked) = answer(row, &places);
        if panicked {
            drifted.push(format!("PANIC in `{}`: {line}", row.command));
        }
        if exit != row.exit || line != row.line {
            drifted.push(format!(
                "| {} | {} | {} | {} |",
                row.input,
                code_span(&row.command),
                exit,
                code_span(&line)
            ));
        }
        if exit == "2" && !line.starts_with("error: ") {
            drifted.push(format!(
                "not a one-line error: `{}` said {line:?}",
                row.command
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&places.tmp);
    assert!(
        drifted.is_empty(),
        "{} of {} rows of README.md's \"{}\" table drifted; as they should read:\n{}",
        drifted.len(),
        rows.len(),
        &SECTION[3..],
        drifted.join("\n")
    );
}

#[test]
fn the_table_reader_reads_escapes() {
    assert_eq!(
        cells(r"| a | `x \| y` | 2 | `z` |"),
        [" a ", r" `x \| y` ", " 2 ", " `z` "]
    );
    assert_eq!(cell_text(r" `x \| y` "), "x | y");
    assert_eq!(cell_text(&code_span("a `b` | c")), "a `b` | c");
    assert_eq!(
        unescape(r"www.\xFF.test"),
        OsString::from_vec(b"www.\xff.test".to_vec())
    );
    assert_eq!(unescape(r"\xZZ"), OsString::from(r"\xZZ"));
}
