//! The generator's state and its output: scenario folders, expected.json and the README table.

use crate::issue::Cert;
use crate::keys::load_keys;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The check time of every scenario.
pub(crate) const AT: &str = "2026-06-01T00:00:00Z";

/// One scenario: what goes in each file.
pub(crate) struct Scenario {
    pub(crate) description: &'static str,
    pub(crate) host: Option<&'static str>,
    pub(crate) email: Option<&'static str>,
    pub(crate) purpose: &'static str,
    pub(crate) warn_days: Option<u32>,
    /// (depth, code), errors and warnings; the verdict is valid when all are warnings.
    pub(crate) findings: Vec<(Option<usize>, &'static str)>,
    pub(crate) chain: Vec<Cert>,
    pub(crate) roots: Vec<Cert>,
    pub(crate) intermediates: Vec<Cert>,
    /// CRLs written to the folder and listed in expected.json ("crls").
    pub(crate) crls: Vec<CrlFile>,
    /// `Policy::max_intermediates` ("max_depth" in expected.json).
    pub(crate) max_depth: Option<usize>,
    /// `Policy::profile` ("profile" in expected.json): "webpki" (the default) or "rfc5280".
    pub(crate) profile: &'static str,
    /// `Policy::require_revocation` ("require_revocation" in expected.json): "leaf" or "all".
    pub(crate) require_revocation: Option<&'static str>,
}

/// A CRL file of a scenario.
pub(crate) struct CrlFile {
    /// File name in the scenario folder.
    pub(crate) file: &'static str,
    pub(crate) der: Vec<u8>,
    /// The comment line written before the PEM block.
    pub(crate) comment: String,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            description: "",
            host: Some("www.example.com"),
            email: None,
            purpose: "server",
            warn_days: None,
            findings: vec![],
            chain: vec![],
            roots: vec![],
            intermediates: vec![],
            crls: vec![],
            max_depth: None,
            profile: "webpki",
            require_revocation: None,
        }
    }
}

/// The generator: the key files, the scenario being written, and what has been written.
pub(crate) struct Gen {
    /// The fixtures folder.
    pub(crate) root: PathBuf,
    /// Key file name (without .pem) -> its PEM text.
    pub(crate) keys: BTreeMap<&'static str, String>,
    /// The name (and folder) of the scenario being written.
    pub(crate) scenario: &'static str,
    /// Certificates already in the current scenario's folder (to keep randomised
    /// signatures stable across runs).
    pub(crate) old: Vec<Vec<u8>>,
    /// The README table's rows, one per scenario written.
    pub(crate) rows: Vec<String>,
    /// The scenarios begun, in order.
    pub(crate) names: Vec<&'static str>,
}

impl Gen {
    /// A generator writing under `root` (the fixtures folder), with the keys of `root/keys`.
    pub(crate) fn new(root: PathBuf) -> Self {
        let keys = load_keys(&root.join("keys"));
        Gen {
            root,
            keys,
            scenario: "",
            old: vec![],
            rows: vec![],
            names: vec![],
        }
    }

    /// Start a scenario: remember the certificates already in its folder.
    pub(crate) fn begin(&mut self, name: &'static str) {
        assert!(!self.names.contains(&name), "scenario {name} defined twice");
        self.scenario = name;
        self.names.push(name);
        self.old.clear();
        for file in ["chain.pem", "roots.pem", "intermediates.pem"] {
            if let Ok(text) = std::fs::read_to_string(self.root.join(name).join(file)) {
                for p in pem::parse_many(text).unwrap_or_default() {
                    self.old.push(p.into_contents());
                }
            }
        }
    }

    /// Write one scenario's folder.
    pub(crate) fn done(&mut self, s: Scenario) {
        let dir = self.root.join(self.scenario);
        std::fs::create_dir_all(&dir).expect("create scenario folder");
        write_pem(&dir.join("chain.pem"), &s.chain);
        write_pem(&dir.join("roots.pem"), &s.roots);
        let extra = dir.join("intermediates.pem");
        if s.intermediates.is_empty() {
            let _ = std::fs::remove_file(&extra);
        } else {
            write_pem(&extra, &s.intermediates);
        }
        for crl in &s.crls {
            let text = format!(
                "# {}\n{}",
                crl.comment,
                pem::encode_config(
                    &pem::Pem::new("X509 CRL", crl.der.clone()),
                    pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
                )
            );
            std::fs::write(dir.join(crl.file), text).expect("write CRL");
        }
        let valid = s.findings.iter().all(|(_, c)| is_warning(c));
        let mut findings = s.findings.clone();
        findings.sort();
        let findings_json: Vec<String> = findings
            .iter()
            .map(|(d, c)| {
                format!(
                    "[{}, {}]",
                    d.map_or("null".into(), |d| d.to_string()),
                    json(c)
                )
            })
            .collect();
        // The optional fields are written only when set, so older scenarios keep their file.
        let mut optional = String::new();
        if !s.crls.is_empty() {
            let files: Vec<String> = s.crls.iter().map(|c| json(c.file)).collect();
            let _ = writeln!(optional, "  \"crls\": [{}],", files.join(", "));
        }
        if let Some(n) = s.max_depth {
            let _ = writeln!(optional, "  \"max_depth\": {n},");
        }
        if s.profile != "webpki" {
            let _ = writeln!(optional, "  \"profile\": {},", json(s.profile));
        }
        if let Some(scope) = s.require_revocation {
            let _ = writeln!(optional, "  \"require_revocation\": {},", json(scope));
        }
        let text = format!(
            concat!(
                "{{\n",
                "  \"description\": {},\n",
                "  \"at\": {},\n",
                "  \"host\": {},\n",
                "  \"email\": {},\n",
                "  \"purpose\": {},\n",
                "  \"warn_days\": {},\n",
                "{optional}",
                "  \"verdict\": {},\n",
                "  \"findings\": [{}]\n",
                "}}\n",
            ),
            json(s.description),
            json(AT),
            s.host.map_or("null".into(), json),
            s.email.map_or("null".into(), json),
            json(s.purpose),
            s.warn_days.map_or("null".into(), |d| d.to_string()),
            json(if valid { "valid" } else { "invalid" }),
            findings_json.join(", "),
            optional = optional,
        );
        std::fs::write(dir.join("expected.json"), text).expect("write expected.json");
        let shown: Vec<String> = findings
            .iter()
            .map(|(d, c)| format!("({}, {c})", d.map_or("chain".into(), |d| d.to_string())))
            .collect();
        self.rows.push(format!(
            "| `{}` | {} | {} | {} |",
            self.scenario,
            s.description,
            if valid { "valid" } else { "invalid" },
            if shown.is_empty() {
                "none".into()
            } else {
                shown.join(", ")
            }
        ));
    }
}

pub(crate) fn is_warning(code: &str) -> bool {
    matches!(
        code,
        "expiring_soon"
            | "chain_out_of_order"
            | "unused_certificate"
            | "duplicate_certificate"
            | "root_included"
            | "revocation_unknown"
            | "cn_not_in_san"
            | "ocsp_unknown"
            | "ocsp_responder_error"
            | "ocsp_bad_response"
            | "ocsp_stale"
    )
}

pub(crate) fn json(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

pub(crate) fn write_pem(path: &Path, certs: &[Cert]) {
    let mut out = String::new();
    for c in certs {
        let _ = writeln!(out, "# {}\n#   issued by {}", c.name, c.issuer_name);
        out.push_str(&pem::encode_config(
            &pem::Pem::new("CERTIFICATE", c.der.clone()),
            pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
        ));
    }
    std::fs::write(path, out).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

impl Scenario {
    pub(crate) fn new(
        description: &'static str,
        findings: &[(Option<usize>, &'static str)],
        chain: Vec<Cert>,
        roots: Vec<Cert>,
    ) -> Self {
        Scenario {
            description,
            findings: findings.to_vec(),
            chain,
            roots,
            ..Scenario::default()
        }
    }
}

pub(crate) const TABLE_BEGIN: &str =
    "<!-- scenarios:begin (generated by examples/gen-fixtures/) -->";
pub(crate) const TABLE_END: &str = "<!-- scenarios:end -->";

impl Gen {
    /// Warn about folders with an expected.json that no scenario wrote any more.
    pub(crate) fn warn_unknown_folders(&self) {
        for entry in std::fs::read_dir(&self.root)
            .expect("read fixtures/")
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().to_string();
            if entry.path().join("expected.json").exists() && !self.names.iter().any(|n| *n == name)
            {
                eprintln!(
                    "warning: fixtures/{name} is not a scenario of this generator; \
                     delete it or add it back"
                );
            }
        }
    }

    /// Rewrite the scenario table of fixtures/README.md, between its markers, headed by
    /// the number of scenarios (the README's prose points there instead of quoting it).
    pub(crate) fn write_readme_table(&self) {
        let readme = self.root.join("README.md");
        let text = std::fs::read_to_string(&readme)
            .unwrap_or_else(|_| format!("# Fixtures\n\n{TABLE_BEGIN}\n{TABLE_END}\n"));
        let (head, rest) = text
            .split_once(TABLE_BEGIN)
            .expect("README.md has the scenario table markers");
        let (_, tail) = rest
            .split_once(TABLE_END)
            .expect("README.md has the end marker");
        let table = format!(
            concat!(
                "{begin}\n",
                "{count} scenarios, in the order the generator writes them.\n",
                "\n",
                "| scenario | what it shows | verdict | findings (depth, code) |\n",
                "| --- | --- | --- | --- |\n",
                "{}\n",
                "{end}",
            ),
            self.rows.join("\n"),
            begin = TABLE_BEGIN,
            count = self.rows.len(),
            end = TABLE_END,
        );
        std::fs::write(&readme, format!("{head}{table}{tail}")).expect("write fixtures/README.md");
    }
}
