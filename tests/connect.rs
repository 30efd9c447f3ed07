//! `certchain connect` against servers started here on 127.0.0.1 / ::1: an in-process
//! rustls server serving chains made with rcgen, `openssl s_server` for TLS 1.2 only and
//! TLS 1.3 only, and raw sockets that misbehave (silence, HTTP, an alert, nothing
//! listening). Every server serves one connection and every run of the binary is bounded
//! by a timeout, so no test can hang.
//!
//! Ports: every server binds port 0 itself and keeps its socket, so no two tests can
//! race for a port: in-process servers hand their listener to the serving thread, and
//! `openssl s_server` binds `127.0.0.1:0` and reports the port it got. A test that needs
//! what this machine lacks (openssl, an IPv6 loopback) fails under `CI=true`, since CI
//! installs what the tests need, and elsewhere says on stderr what it skipped.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use assert_cmd::Command;
use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose, SanType,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Ipv4Addr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// How long a test server waits on its one client before giving up.
const SERVER_IO_TIMEOUT: Duration = Duration::from_secs(15);

/// How long one run of the binary may take.
const RUN_TIMEOUT: Duration = Duration::from_secs(30);

// ------------------------------------------------------------------ certificates

struct Ca {
    params: CertificateParams,
    key: KeyPair,
    der: CertificateDer<'static>,
}

impl Ca {
    fn issuer(&self) -> Issuer<'_, &KeyPair> {
        Issuer::from_params(&self.params, &self.key)
    }

    fn pem(&self) -> String {
        pem_of(&self.der)
    }
}

fn pem_of(der: &[u8]) -> String {
    pem::encode(&pem::Pem::new("CERTIFICATE", der.to_vec()))
}

fn ca(cn: &str, issuer: Option<&Ca>) -> Ca {
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    p.use_authority_key_identifier_extension = issuer.is_some();
    p.not_before = date_time_ymd(2020, 1, 1);
    p.not_after = date_time_ymd(2045, 1, 1);
    let key = KeyPair::generate().unwrap();
    let der = match issuer {
        None => p.self_signed(&key).unwrap(),
        Some(i) => p.signed_by(&key, &i.issuer()).unwrap(),
    }
    .der()
    .clone();
    Ca {
        params: p,
        key,
        der,
    }
}

struct Leaf {
    der: CertificateDer<'static>,
    key: KeyPair,
}

fn leaf(names: &[&str], issuer: &Ca, expired: bool) -> Leaf {
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(DnType::CommonName, names[0]);
    p.subject_alt_names = names
        .iter()
        .map(|n| match n.parse::<IpAddr>() {
            Ok(ip) => SanType::IpAddress(ip),
            Err(_) => SanType::DnsName((*n).try_into().unwrap()),
        })
        .collect();
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    p.use_authority_key_identifier_extension = true;
    // Leaves stay well within the CA/Browser Forum's 398-day limit (BR 6.3.2).
    if expired {
        p.not_before = date_time_ymd(2020, 1, 1);
        p.not_after = date_time_ymd(2020, 3, 1);
    } else {
        use chrono::Datelike;
        let ymd = |d: chrono::NaiveDate| date_time_ymd(d.year(), d.month() as u8, d.day() as u8);
        p.not_before = ymd(chrono::Utc::now().date_naive() - chrono::Days::new(1));
        p.not_after = ymd(chrono::Utc::now().date_naive() + chrono::Days::new(90));
    }
    let key = KeyPair::generate().unwrap();
    let der = p.signed_by(&key, &issuer.issuer()).unwrap().der().clone();
    Leaf { der, key }
}

/// Root -> Intermediate -> leaf for localhost, 127.0.0.1 and ::1.
struct Pki {
    root: Ca,
    int: Ca,
}

fn pki() -> Pki {
    let root = ca("Test Root CA", None);
    let int = ca("Test Intermediate CA", Some(&root));
    Pki { root, int }
}

fn good_leaf(int: &Ca) -> Leaf {
    leaf(&["localhost", "127.0.0.1", "::1"], int, false)
}

fn tmp(name: &str, contents: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("connect");
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(format!("{}-{name}", std::process::id()));
    std::fs::write(&p, contents).unwrap();
    p
}

// ------------------------------------------------------------------ skipping

/// Whether this is a CI run (`CI=true`, as CI services set it).
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// A test cannot run here because `missing`. Under CI that is a failure; elsewhere say
/// so on the real stderr (not the test harness's captured one, so `cargo test` shows it).
fn skip_or_fail(test: &str, missing: &str) {
    assert!(
        !in_ci(),
        "{test}: {missing}; CI must provide it (.ci/run installs what the tests need)"
    );
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {missing}");
}

// ------------------------------------------------------------------ servers

fn listener_v4() -> (TcpListener, u16) {
    let l = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let port = l.local_addr().unwrap().port();
    (l, port)
}

/// A peer on 127.0.0.1 that reads the ClientHello, answers `reply` (possibly nothing)
/// and closes; returns its port.
fn raw_peer(reply: &'static [u8]) -> u16 {
    let (l, port) = listener_v4();
    accept_one(l, move |mut s| {
        let mut buf = [0u8; 4096];
        let _ = s.read(&mut buf);
        let _ = s.write_all(reply);
    });
    port
}

/// Accept one connection on its own thread, giving up after SERVER_IO_TIMEOUT.
fn accept_one(listener: TcpListener, serve: impl FnOnce(TcpStream) + Send + 'static) {
    thread::spawn(move || {
        listener.set_nonblocking(true).unwrap();
        let deadline = Instant::now() + SERVER_IO_TIMEOUT;
        while Instant::now() < deadline {
            match listener.accept() {
                Ok((sock, _)) => {
                    sock.set_nonblocking(false).unwrap();
                    sock.set_read_timeout(Some(SERVER_IO_TIMEOUT)).unwrap();
                    sock.set_write_timeout(Some(SERVER_IO_TIMEOUT)).unwrap();
                    serve(sock);
                    return;
                }
                Err(_) => thread::sleep(Duration::from_millis(10)),
            }
        }
    });
}

fn server_config(chain: Vec<CertificateDer<'static>>, key: &KeyPair) -> Arc<rustls::ServerConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    Arc::new(
        rustls::ServerConfig::builder_with_provider(provider)
            .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .unwrap(),
    )
}

/// Run a rustls server handshake on `sock`; send the SNI the client sent on `sni`.
fn tls_serve(
    sock: &mut TcpStream,
    config: Arc<rustls::ServerConfig>,
    sni: Option<mpsc::Sender<Option<String>>>,
) {
    let mut conn = rustls::ServerConnection::new(config).unwrap();
    while conn.is_handshaking() {
        if conn.complete_io(sock).is_err() {
            return;
        }
    }
    if let Some(tx) = sni {
        let _ = tx.send(conn.server_name().map(str::to_string));
    }
    // Wait for the client's close_notify (or EOF), bounded by the read timeout.
    let _ = conn.complete_io(sock);
}

/// A rustls server on 127.0.0.1 serving `chain` once; returns the port.
fn serve_chain(chain: Vec<CertificateDer<'static>>, key: &KeyPair) -> u16 {
    let (l, port) = listener_v4();
    let config = server_config(chain, key);
    accept_one(l, move |mut s| tls_serve(&mut s, config, None));
    port
}

/// `openssl s_server` on 127.0.0.1 serving one connection. None when openssl is absent
/// (outside CI).
struct OpenSsl {
    child: Child,
    port: u16,
}

impl Drop for OpenSsl {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn openssl_server(test: &str, leaf: &Leaf, int: &Ca, extra: &[&str]) -> Option<OpenSsl> {
    if std::process::Command::new("openssl")
        .arg("version")
        .output()
        .is_err()
    {
        skip_or_fail(test, "the openssl binary is not installed");
        return None;
    }
    let cert = tmp(
        &format!("s_server-leaf-{}.pem", extra.join("")),
        &pem_of(&leaf.der),
    );
    let key = tmp(
        &format!("s_server-key-{}.pem", extra.join("")),
        &leaf.key.serialize_pem(),
    );
    let chain = tmp(&format!("s_server-int-{}.pem", extra.join("")), &int.pem());
    // s_server binds port 0 itself and prints the port it got ("ACCEPT 127.0.0.1:PORT"):
    // choosing a free port here and releasing it for s_server could race another test.
    let mut child = std::process::Command::new("openssl")
        .arg("s_server")
        .arg("-accept")
        .arg("127.0.0.1:0")
        .arg("-cert")
        .arg(&cert)
        .arg("-key")
        .arg(&key)
        .arg("-cert_chain")
        .arg(&chain)
        .arg("-naccept")
        .arg("1")
        .args(extra)
        // s_server quits when its stdin closes: keep the pipe open until the child is killed.
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("openssl s_server starts");
    // It prints ACCEPT with the address once it listens.
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if let Some(port) = line
                .trim()
                .strip_prefix("ACCEPT 127.0.0.1:")
                .and_then(|p| p.parse::<u16>().ok())
            {
                let _ = tx.send(port);
            }
        }
    });
    let port = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("openssl s_server listens within 10 s and prints ACCEPT 127.0.0.1:PORT");
    Some(OpenSsl { child, port })
}

// ------------------------------------------------------------------ running the binary

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn connect(target: &str, roots: &Ca, args: &[&str]) -> Run {
    let roots = tmp(
        &format!("roots-{}.pem", target.replace([':', '[', ']', '.'], "_")),
        &roots.pem(),
    );
    let out = Command::cargo_bin("certchain")
        .expect("the certchain binary is built")
        .env_remove("RUST_BACKTRACE")
        .env_remove("NO_COLOR")
        .timeout(RUN_TIMEOUT)
        .arg("connect")
        .arg(target)
        .arg("--roots")
        .arg(&roots)
        .args(["--color", "never"])
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("one JSON object on stdout ({e}): {}", run.stdout))
}

/// (depth, code) of every finding of the report.
fn codes(doc: &Value) -> Vec<(Option<u64>, String)> {
    doc["report"]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["depth"].as_u64(), f["code"].as_str().unwrap().to_string()))
        .collect()
}

/// Assert a failure to get a chain: exit 2 and one `error:` line naming the target.
fn assert_fetch_error(run: &Run, target: &str, needle: &str) {
    assert_eq!(
        run.code,
        Some(2),
        "stdout {}\nstderr {}",
        run.stdout,
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "one line: {:?}", run.stderr);
    assert!(
        run.stderr.starts_with(&format!("error: {target}: ")),
        "names {target}: {}",
        run.stderr
    );
    assert!(run.stderr.contains(needle), "{needle:?} in {}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

// ------------------------------------------------------------------ chains

#[test]
fn valid_chain_by_name() {
    let pki = pki();
    let leaf = good_leaf(&pki.int);
    let port = serve_chain(vec![leaf.der.clone(), pki.int.der.clone()], &leaf.key);
    let run = connect(&format!("localhost:{port}"), &pki.root, &[]);
    assert_eq!(
        run.code,
        Some(0),
        "stdout {}\nstderr {}",
        run.stdout,
        run.stderr
    );
    let out = &run.stdout;
    assert!(out.contains(&format!("(localhost:{port})")), "{out}");
    assert!(out.contains("SNI:        localhost"), "{out}");
    assert!(out.contains("Timings:    name resolution "), "{out}");
    assert!(out.contains("TLS handshake "), "{out}");
    assert!(out.contains("Protocol:   TLSv1.3"), "{out}");
    assert!(out.contains("Cipher:     TLS_"), "{out}");
    assert!(out.contains("Presented chain: 2 certificates"), "{out}");
    assert!(
        out.contains(&format!("#1 {:>5} bytes  CN=localhost", leaf.der.len())),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "#2 {:>5} bytes  CN=Test Intermediate CA",
            pki.int.der.len()
        )),
        "{out}"
    );
    assert!(
        out.contains("host localhost"),
        "the host defaults to HOST: {out}"
    );
    assert!(
        out.contains("VALID: CN=localhost -> CN=Test Intermediate CA -> CN=Test Root CA"),
        "{out}"
    );
}

#[test]
fn valid_chain_by_ip_literal_checks_the_ip_san_and_prints_json() {
    let pki = pki();
    let leaf = good_leaf(&pki.int);
    let port = serve_chain(vec![leaf.der.clone(), pki.int.der.clone()], &leaf.key);
    let target = format!("127.0.0.1:{port}");
    let run = connect(&target, &pki.root, &["--format", "json"]);
    assert_eq!(
        run.code,
        Some(0),
        "stdout {}\nstderr {}",
        run.stdout,
        run.stderr
    );
    let doc = json(&run);
    let c = &doc["connection"];
    assert_eq!(c["address"], Value::from(target.clone()));
    assert_eq!(c["target"], Value::from(target));
    assert_eq!(
        c["sni"],
        Value::Null,
        "no SNI for an IP address (RFC 6066 3)"
    );
    assert_eq!(c["version"], "TLSv1.3");
    assert!(c["cipher_suite"].as_str().unwrap().starts_with("TLS_"));
    assert!(c["kx_group"].is_string());
    assert_eq!(c["alpn"], Value::Null);
    for k in ["resolve_ms", "connect_ms", "handshake_ms", "total_ms"] {
        assert!(
            c["timings"][k].as_f64().is_some_and(|v| v >= 0.0),
            "{k}: {c}"
        );
    }
    let presented = c["presented"].as_array().unwrap();
    assert_eq!(presented.len(), 2);
    assert_eq!(presented[0]["position"], 1);
    assert_eq!(presented[0]["size"], leaf.der.len());
    assert_eq!(presented[0]["subject"], "CN=localhost");
    assert_eq!(presented[1]["subject"], "CN=Test Intermediate CA");
    assert!(c.get("trace").is_none(), "no trace unless --trace");
    assert_eq!(doc["report"]["verdict"], "valid");
    assert_eq!(doc["report"]["host"], "127.0.0.1");
    assert_eq!(doc["report"]["path"][0]["source"]["kind"], "presented");
}

#[test]
fn expired_leaf_is_captured_and_explained() {
    let pki = pki();
    let leaf = leaf(&["localhost"], &pki.int, true);
    let port = serve_chain(vec![leaf.der.clone(), pki.int.der.clone()], &leaf.key);
    let run = connect(
        &format!("localhost:{port}"),
        &pki.root,
        &["--format", "json"],
    );
    assert_eq!(
        run.code,
        Some(1),
        "stdout {}\nstderr {}",
        run.stdout,
        run.stderr
    );
    let doc = json(&run);
    assert_eq!(doc["report"]["verdict"], "invalid");
    assert!(
        codes(&doc).contains(&(Some(0), "expired".into())),
        "{:?}",
        codes(&doc)
    );
}

#[test]
fn wrong_host_is_a_name_mismatch() {
    let pki = pki();
    let leaf = leaf(&["other.example"], &pki.int, false);
    let port = serve_chain(vec![leaf.der.clone(), pki.int.der.clone()], &leaf.key);
    let run = connect(&format!("localhost:{port}"), &pki.root, &[]);
    assert_eq!(
        run.code,
        Some(1),
        "stdout {}\nstderr {}",
        run.stdout,
        run.stderr
    );
    assert!(run.stdout.contains("name_mismatch"), "{}", run.stdout);
    assert!(
        run.stdout.contains("INVALID: [0] CN=other.example"),
        "{}",
        run.stdout
    );
}

#[test]
fn missing_intermediate_is_issuer_not_found() {
    let pki = pki();
    let leaf = good_leaf(&pki.int);
    let port = serve_chain(vec![leaf.der.clone()], &leaf.key);
    let run = connect(
        &format!("localhost:{port}"),
        &pki.root,
        &["--format", "json"],
    );
    assert_eq!(
        run.code,
        Some(1),
        "stdout {}\nstderr {}",
        run.stdout,
        run.stderr
    );
    let doc = json(&run);
    assert_eq!(doc["connection"]["presented"].as_array().unwrap().len(), 1);
    assert!(
        codes(&doc).iter().any(|(_, c)| c == "issuer_not_found"),
        "{:?}",
        codes(&doc)
    );
}

#[test]
fn out_of_order_chain_is_valid_with_a_warning() {
    let root = ca("Test Root CA", None);
    let upper = ca("Upper Intermediate CA", Some(&root));
    let lower = ca("Lower Intermediate CA", Some(&upper));
    let leaf = good_leaf(&lower);
    // Sent as leaf, upper, lower: the path uses them as lower then upper.
    let port = serve_chain(
        vec![leaf.der.clone(), upper.der.clone(), lower.der.clone()],
        &leaf.key,
    );
    let run = connect(&format!("localhost:{port}"), &root, &[]);
    assert_eq!(
        run.code,
        Some(0),
        "stdout {}\nstderr {}",
        run.stdout,
        run.stderr
    );
    assert!(run.stdout.contains("chain_out_of_order"), "{}", run.stdout);
    assert!(
        run.stdout.contains("#2   ") && run.stdout.contains("CN=Upper Intermediate CA"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("VALID"), "{}", run.stdout);
}

#[test]
fn save_chain_and_trace() {
    let pki = pki();
    let leaf = good_leaf(&pki.int);
    let port = serve_chain(vec![leaf.der.clone(), pki.int.der.clone()], &leaf.key);
    let saved = tmp("saved-chain.pem", "");
    let run = connect(
        &format!("localhost:{port}"),
        &pki.root,
        &["--trace", "--save-chain", saved.to_str().unwrap()],
    );
    assert_eq!(
        run.code,
        Some(0),
        "stdout {}\nstderr {}",
        run.stdout,
        run.stderr
    );
    let pem = std::fs::read_to_string(&saved).unwrap();
    let blocks = pem::parse_many(&pem).unwrap();
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0].contents(), leaf.der.as_ref());
    assert_eq!(blocks[1].contents(), pki.int.der.as_ref());
    let out = &run.stdout;
    let order = [
        "TCP connected to 127.0.0.1:",
        "ClientHello (",
        "received ",
        "ServerHello (",
        "server certificate chain received: 2 certificates",
        "CertificateVerify signature",
        "verified with the presented leaf's key",
        "negotiated TLSv1.3",
        "handshake complete",
        "close_notify sent; no application data was sent",
        "Connected to",
    ];
    let mut at = 0;
    for step in order {
        let pos = out[at..]
            .find(step)
            .unwrap_or_else(|| panic!("{step:?} after byte {at} of:\n{out}"));
        at += pos;
    }
    assert!(
        out.lines().next().unwrap().starts_with('['),
        "trace lines carry a timestamp: {out}"
    );
}

#[test]
fn save_chain_dash_writes_the_chain_to_stdout_and_the_report_to_stderr() {
    let pki = pki();
    let leaf = good_leaf(&pki.int);
    let expected = format!("{}{}", pem_of(&leaf.der), pki.int.pem()).replace("\r\n", "\n");
    for format in ["text", "json"] {
        let port = serve_chain(vec![leaf.der.clone(), pki.int.der.clone()], &leaf.key);
        let run = connect(
            &format!("localhost:{port}"),
            &pki.root,
            &["--save-chain", "-", "--trace", "--format", format],
        );
        assert_eq!(run.code, Some(0), "{format}: {}{}", run.stdout, run.stderr);
        assert_eq!(
            run.stdout, expected,
            "{format}: stdout is the chain, nothing else"
        );
        assert!(
            !std::path::Path::new("-").exists(),
            "no file named '-' is written"
        );
        if format == "text" {
            assert!(
                run.stderr.contains("TCP connected to 127.0.0.1:"),
                "{}",
                run.stderr
            );
            assert!(
                run.stderr.lines().last().unwrap().starts_with("VALID: "),
                "{}",
                run.stderr
            );
        } else {
            let doc: Value = serde_json::from_str(&run.stderr)
                .unwrap_or_else(|e| panic!("one JSON object on stderr ({e}): {}", run.stderr));
            assert_eq!(doc["report"]["verdict"], "valid");
        }
    }
}

/// The `# [N] subject` comment lines and PEM blocks --showcerts printed, from the first
/// comment line up to the first line that is neither.
fn showcerts_blocks(out: &str) -> (Vec<String>, Vec<Vec<u8>>) {
    let start = out
        .find("# [1] ")
        .unwrap_or_else(|| panic!("no # [1] line in:\n{out}"));
    let mut comments = Vec::new();
    let mut pem_text = String::new();
    let mut in_block = false;
    for line in out[start..].lines() {
        if line.starts_with("# [") && !in_block {
            comments.push(line.to_string());
        } else if line == "-----BEGIN CERTIFICATE-----" || in_block {
            in_block = line != "-----END CERTIFICATE-----";
            pem_text.push_str(line);
            pem_text.push('\n');
        } else {
            break;
        }
    }
    let ders = pem::parse_many(&pem_text)
        .unwrap()
        .into_iter()
        .map(|p| p.into_contents())
        .collect();
    (comments, ders)
}

#[test]
fn showcerts_prints_the_chain_as_received_before_the_report() {
    let pki = pki();
    let leaf = good_leaf(&pki.int);
    // Sent out of order, with the root: printed as received.
    let served = vec![leaf.der.clone(), pki.root.der.clone(), pki.int.der.clone()];
    let port = serve_chain(served.clone(), &leaf.key);
    let run = connect(&format!("localhost:{port}"), &pki.root, &["--showcerts"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let out = &run.stdout;
    let (comments, ders) = showcerts_blocks(out);
    assert_eq!(
        comments,
        [
            "# [1] CN=localhost",
            "# [2] CN=Test Root CA",
            "# [3] CN=Test Intermediate CA"
        ]
    );
    let served: Vec<&[u8]> = served.iter().map(|d| d.as_ref()).collect();
    let printed: Vec<&[u8]> = ders.iter().map(Vec::as_slice).collect();
    assert_eq!(printed, served);
    // After the connection summary, before the report.
    let summary = out.find("Presented chain: 3 certificates").unwrap();
    let pem = out.find("# [1] CN=localhost").unwrap();
    let report = out.find("Checked at ").unwrap();
    assert!(summary < pem && pem < report, "{out}");

    // With JSON, stdout stays one JSON object and the PEM goes to stderr.
    let port = serve_chain(vec![leaf.der.clone(), pki.int.der.clone()], &leaf.key);
    let run = connect(
        &format!("localhost:{port}"),
        &pki.root,
        &["--showcerts", "--format", "json"],
    );
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert_eq!(json(&run)["report"]["verdict"], "valid");
    let (comments, ders) = showcerts_blocks(&run.stderr);
    assert_eq!(
        comments,
        ["# [1] CN=localhost", "# [2] CN=Test Intermediate CA"]
    );
    assert_eq!(ders, [leaf.der.to_vec(), pki.int.der.to_vec()]);
}

/// A server that picks its certificate by SNI: `name`'s leaf for that name, else its
/// default leaf.
#[derive(Debug)]
struct BySni {
    name: String,
    named: Arc<rustls::sign::CertifiedKey>,
    default: Arc<rustls::sign::CertifiedKey>,
}

impl rustls::server::ResolvesServerCert for BySni {
    fn resolve(
        &self,
        hello: rustls::server::ClientHello<'_>,
    ) -> Option<Arc<rustls::sign::CertifiedKey>> {
        Some(if hello.server_name() == Some(self.name.as_str()) {
            Arc::clone(&self.named)
        } else {
            Arc::clone(&self.default)
        })
    }
}

fn certified(leaf: &Leaf, int: &Ca) -> Arc<rustls::sign::CertifiedKey> {
    let provider = rustls::crypto::ring::default_provider();
    let key = provider
        .key_provider
        .load_private_key(PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
            leaf.key.serialize_der(),
        )))
        .unwrap();
    Arc::new(rustls::sign::CertifiedKey::new(
        vec![leaf.der.clone(), int.der.clone()],
        key,
    ))
}

#[test]
fn ip_target_with_a_host_name_hints_that_sni_was_not_sent() {
    let pki = pki();
    let named = leaf(&["www.example.com"], &pki.int, false);
    let default = leaf(&["default.example"], &pki.int, false);
    let resolver = Arc::new(BySni {
        name: "www.example.com".into(),
        named: certified(&named, &pki.int),
        default: certified(&default, &pki.int),
    });
    let config = Arc::new(
        rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_protocol_versions(&[&rustls::version::TLS13])
        .unwrap()
        .with_no_client_auth()
        .with_cert_resolver(resolver),
    );
    let hint = "hint: no SNI was sent because 127.0.0.1 is an IP address; a server that \
                chooses its certificate by name may have sent its default one. \
                `--sni www.example.com` sends www.example.com.";
    for (extra, code) in [(vec![], 1), (vec!["--sni", "www.example.com"], 0)] {
        let (l, port) = listener_v4();
        let config = Arc::clone(&config);
        accept_one(l, move |mut s| tls_serve(&mut s, config, None));
        let mut args = vec!["--host", "www.example.com"];
        args.extend(&extra);
        let run = connect(&format!("127.0.0.1:{port}"), &pki.root, &args);
        assert_eq!(
            run.code,
            Some(code),
            "{extra:?}: {}{}",
            run.stdout,
            run.stderr
        );
        if code == 1 {
            assert!(run.stdout.contains("(name_mismatch)"), "{}", run.stdout);
            assert_eq!(run.stdout.lines().last().unwrap(), hint, "{}", run.stdout);
        } else {
            assert!(!run.stdout.contains("hint:"), "{}", run.stdout);
        }
    }
    // In JSON the hint is a field.
    let (l, port) = listener_v4();
    accept_one(l, move |mut s| tls_serve(&mut s, config, None));
    let run = connect(
        &format!("127.0.0.1:{port}"),
        &pki.root,
        &["--host", "www.example.com", "--format", "json"],
    );
    assert_eq!(run.code, Some(1), "{}{}", run.stdout, run.stderr);
    assert_eq!(json(&run)["hint"], hint.strip_prefix("hint: ").unwrap());
}

#[test]
fn tls12_trace_labels_the_signature_scheme_and_names_the_key() {
    let pki = pki();
    let leaf = good_leaf(&pki.int); // rcgen's default key: ECDSA P-256
    let Some(server) = openssl_server(
        "tls12_trace_labels_the_signature_scheme_and_names_the_key",
        &leaf,
        &pki.int,
        &["-tls1_2"],
    ) else {
        return;
    };
    let run = connect(
        &format!("127.0.0.1:{}", server.port),
        &pki.root,
        &["--trace"],
    );
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let line = run
        .stdout
        .lines()
        .find(|l| l.contains("ServerKeyExchange signature"))
        .unwrap_or_else(|| panic!("a ServerKeyExchange line in {}", run.stdout));
    let event = line.split_once("] ").unwrap().1;
    // OpenSSL signs with ECDSA_NISTP384_SHA384, the first ECDSA scheme rustls offers: in
    // TLS 1.2 that names the hash, not the key's curve.
    assert_eq!(
        event,
        "ServerKeyExchange signature (signature scheme ECDSA_NISTP384_SHA384, which in \
         TLS 1.2 means ECDSA with SHA-384 on the key's own curve) verified with the \
         presented leaf's key (ECDSA P-256)"
    );
}

#[test]
fn sni_override_and_no_sni() {
    let pki = pki();
    let leaf = good_leaf(&pki.int);
    for (args, expected) in [
        (vec!["--sni", "sni.example"], Some("sni.example")),
        (vec!["--no-sni"], None),
    ] {
        let (l, port) = listener_v4();
        let config = server_config(vec![leaf.der.clone(), pki.int.der.clone()], &leaf.key);
        let (tx, rx) = mpsc::channel();
        accept_one(l, move |mut s| tls_serve(&mut s, config, Some(tx)));
        let run = connect(&format!("localhost:{port}"), &pki.root, &args);
        assert_eq!(
            run.code,
            Some(0),
            "stdout {}\nstderr {}",
            run.stdout,
            run.stderr
        );
        let seen = rx.recv_timeout(Duration::from_secs(10)).unwrap();
        assert_eq!(
            seen.as_deref(),
            expected,
            "SNI the server saw with {args:?}"
        );
        let shown = format!("SNI:        {}", expected.unwrap_or("(none sent)"));
        assert!(run.stdout.contains(&shown), "{}", run.stdout);
        assert!(
            run.stdout.contains("host localhost"),
            "--sni does not change the name checked: {}",
            run.stdout
        );
    }
}

#[test]
fn ipv6_literal_in_brackets() {
    let Ok(l) = TcpListener::bind("[::1]:0") else {
        skip_or_fail("ipv6_literal_in_brackets", "no IPv6 loopback (::1) here");
        return;
    };
    let port = l.local_addr().unwrap().port();
    let pki = pki();
    let leaf = good_leaf(&pki.int);
    let config = server_config(vec![leaf.der.clone(), pki.int.der.clone()], &leaf.key);
    accept_one(l, move |mut s| tls_serve(&mut s, config, None));
    let run = connect(&format!("[::1]:{port}"), &pki.root, &[]);
    assert_eq!(
        run.code,
        Some(0),
        "stdout {}\nstderr {}",
        run.stdout,
        run.stderr
    );
    assert!(
        run.stdout.contains(&format!("Connected to [::1]:{port}")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("host ::1"), "{}", run.stdout);
}

// ------------------------------------------------------------------ openssl s_server

fn openssl_version_case(test: &str, flag: &str, expected: &str) {
    let pki = pki();
    let leaf = good_leaf(&pki.int);
    let Some(server) = openssl_server(test, &leaf, &pki.int, &[flag]) else {
        return;
    };
    let run = connect(&format!("127.0.0.1:{}", server.port), &pki.root, &[]);
    assert_eq!(
        run.code,
        Some(0),
        "stdout {}\nstderr {}",
        run.stdout,
        run.stderr
    );
    assert!(
        run.stdout.contains(&format!("Protocol:   {expected}")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Presented chain: 2 certificates"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("VALID"), "{}", run.stdout);
}

#[test]
fn openssl_tls12_only() {
    openssl_version_case("openssl_tls12_only", "-tls1_2", "TLSv1.2");
}

#[test]
fn openssl_tls13_only() {
    openssl_version_case("openssl_tls13_only", "-tls1_3", "TLSv1.3");
}

#[test]
fn openssl_no_common_cipher_suite_is_handshake_failure() {
    let pki = pki();
    let leaf = good_leaf(&pki.int);
    // Only an RSA-key-exchange CBC suite, which certchain does not offer (and which an
    // ECDSA certificate could not use anyway).
    let Some(server) = openssl_server(
        "openssl_no_common_cipher_suite_is_handshake_failure",
        &leaf,
        &pki.int,
        &["-tls1_2", "-cipher", "AES128-SHA"],
    ) else {
        return;
    };
    let target = format!("127.0.0.1:{}", server.port);
    let run = connect(&target, &pki.root, &[]);
    assert_fetch_error(
        &run,
        &target,
        "the peer sent TLS alert handshake_failure (40)",
    );
    assert!(run.stderr.contains("cipher suite"), "{}", run.stderr);
}

#[test]
fn openssl_no_common_version_is_protocol_version() {
    let pki = pki();
    let leaf = good_leaf(&pki.int);
    let Some(server) = openssl_server(
        "openssl_no_common_version_is_protocol_version",
        &leaf,
        &pki.int,
        &["-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"],
    ) else {
        return;
    };
    let target = format!("127.0.0.1:{}", server.port);
    let run = connect(&target, &pki.root, &[]);
    assert_fetch_error(
        &run,
        &target,
        "the peer sent TLS alert protocol_version (70)",
    );
    assert!(
        run.stderr.contains("no TLS version in common"),
        "{}",
        run.stderr
    );
}

// ------------------------------------------------------------------ failures

#[test]
fn silent_peer_times_out() {
    let (l, port) = listener_v4();
    accept_one(l, |mut s| {
        // Read the ClientHello and say nothing until the client gives up.
        let mut buf = [0u8; 4096];
        while matches!(s.read(&mut buf), Ok(n) if n > 0) {}
    });
    let pki = pki();
    let target = format!("127.0.0.1:{port}");
    let started = Instant::now();
    let run = connect(&target, &pki.root, &["--timeout", "1"]);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the timeout fired late: {:?}",
        started.elapsed()
    );
    assert_fetch_error(
        &run,
        &target,
        "timeout: no answer within 1 s during the TLS handshake",
    );
    assert!(
        run.stderr.contains("no answer to the ClientHello"),
        "{}",
        run.stderr
    );
}

#[test]
fn http_peer_is_not_tls() {
    let port = raw_peer(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    let pki = pki();
    let target = format!("127.0.0.1:{port}");
    let run = connect(&target, &pki.root, &[]);
    assert_fetch_error(
        &run,
        &target,
        &format!(
            "the peer at {target} did not answer with TLS (received 'HTTP/1.1 400 Bad Request')"
        ),
    );
}

#[test]
fn binary_garbage_is_not_tls() {
    let port = raw_peer(&[0x00, 0xff, 0x10, 0x20]);
    let pki = pki();
    let target = format!("127.0.0.1:{port}");
    let run = connect(&target, &pki.root, &[]);
    assert_fetch_error(
        &run,
        &target,
        "did not answer with TLS (received bytes 0x00ff1020)",
    );
}

/// A port on 127.0.0.1 that refuses connections and that no other test can take: the
/// local end of a connected client socket. It is bound (a listener cannot bind it:
/// the client socket has no SO_REUSEADDR) but nothing listens there, so a SYN to it is
/// answered with a reset. Binding a port and releasing it would leave it free for
/// another test's server in the meantime.
fn refusing_port() -> (TcpStream, TcpListener, u16) {
    let (l, port) = listener_v4();
    let client = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).unwrap();
    let refusing = client.local_addr().unwrap().port();
    (client, l, refusing)
}

#[test]
fn refused_port() {
    let (_client, _listener, port) = refusing_port();
    let pki = pki();
    let target = format!("127.0.0.1:{port}");
    let run = connect(&target, &pki.root, &[]);
    assert_fetch_error(&run, &target, "connection refused");
    // With --format json, stdout holds one error object.
    let run = connect(&target, &pki.root, &["--format", "json"]);
    assert_fetch_error(&run, &target, "connection refused");
    assert_eq!(
        json(&run),
        serde_json::json!({"error": {"kind": "connection", "message": run.stderr.trim_end().strip_prefix("error: ").unwrap()}})
    );
}

#[test]
fn raw_alert_is_named() {
    // A plaintext alert record: fatal (2) unrecognized_name (112).
    let port = raw_peer(&[0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x70]);
    let pki = pki();
    let target = format!("localhost:{port}");
    let run = connect(&target, &pki.root, &[]);
    assert_fetch_error(
        &run,
        &target,
        "the peer sent TLS alert unrecognized_name (112)",
    );
    assert!(
        run.stderr.contains("(localhost)"),
        "names the SNI sent: {}",
        run.stderr
    );
}

#[test]
fn tls_failure_in_json_is_an_error_object_of_kind_tls() {
    let port = raw_peer(&[0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]);
    let pki = pki();
    let target = format!("127.0.0.1:{port}");
    let run = connect(&target, &pki.root, &["--format", "json"]);
    assert_fetch_error(
        &run,
        &target,
        "the peer sent TLS alert handshake_failure (40)",
    );
    let doc = json(&run);
    assert_eq!(doc["error"]["kind"], "tls", "{doc}");
    assert_eq!(
        doc["error"]["message"].as_str().unwrap(),
        run.stderr.trim_end().strip_prefix("error: ").unwrap()
    );
}

#[test]
fn peer_closing_during_the_handshake() {
    let port = raw_peer(b"");
    let pki = pki();
    let target = format!("127.0.0.1:{port}");
    let run = connect(&target, &pki.root, &[]);
    assert_fetch_error(
        &run,
        &target,
        "closed the connection during the TLS handshake (before answering the ClientHello)",
    );
}

#[test]
fn unresolvable_name() {
    let pki = pki();
    let target = "certchain-test.invalid:443";
    // RFC 6761 6.4: .invalid never resolves; a resolver that is slow to say so hits the
    // timeout instead, which names the same phase.
    let run = connect(target, &pki.root, &["--timeout", "5"]);
    assert_fetch_error(&run, target, "name resolution");
}

#[test]
fn bad_target_and_timeout_values() {
    let pki = pki();
    let run = connect("localhost:99999", &pki.root, &[]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .starts_with("error: \"localhost:99999\": not HOST[:PORT]"),
        "{}",
        run.stderr
    );
    let run = connect("localhost:443", &pki.root, &["--timeout", "0"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("--timeout"), "{}", run.stderr);
}

// ------------------------------------------------------------------ STARTTLS

fn read_line(s: &mut TcpStream) -> String {
    let mut line = Vec::new();
    let mut b = [0u8; 1];
    while s.read(&mut b).map(|n| n == 1).unwrap_or(false) && b[0] != b'\n' {
        line.push(b[0]);
    }
    String::from_utf8_lossy(&line).trim_end().to_string()
}

fn starttls_case(proto: &str, plain: impl FnOnce(&mut TcpStream) + Send + 'static) {
    let pki = pki();
    let leaf = good_leaf(&pki.int);
    let (l, port) = listener_v4();
    let config = server_config(vec![leaf.der.clone(), pki.int.der.clone()], &leaf.key);
    accept_one(l, move |mut s| {
        plain(&mut s);
        tls_serve(&mut s, config, None);
    });
    let run = connect(
        &format!("localhost:{port}"),
        &pki.root,
        &["--starttls", proto],
    );
    assert_eq!(
        run.code,
        Some(0),
        "stdout {}\nstderr {}",
        run.stdout,
        run.stderr
    );
    assert!(
        run.stdout.contains(&format!("after STARTTLS ({proto})")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("VALID"), "{}", run.stdout);
}

#[test]
fn starttls_smtp() {
    starttls_case("smtp", |s| {
        s.write_all(b"220 mx.test ESMTP ready\r\n").unwrap();
        assert!(read_line(s).starts_with("EHLO "));
        s.write_all(b"250-mx.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n")
            .unwrap();
        assert_eq!(read_line(s), "STARTTLS");
        s.write_all(b"220 2.0.0 Ready to start TLS\r\n").unwrap();
    });
}

#[test]
fn starttls_imap() {
    starttls_case("imap", |s| {
        s.write_all(b"* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n")
            .unwrap();
        assert_eq!(read_line(s), "a1 STARTTLS");
        s.write_all(b"a1 OK Begin TLS negotiation now\r\n").unwrap();
    });
}

#[test]
fn starttls_postgres() {
    starttls_case("postgres", |s| {
        let mut req = [0u8; 8];
        s.read_exact(&mut req).unwrap();
        assert_eq!(req, [0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);
        s.write_all(b"S").unwrap();
    });
}

#[test]
fn starttls_refused() {
    let (l, port) = listener_v4();
    accept_one(l, |mut s| {
        let mut req = [0u8; 8];
        let _ = s.read_exact(&mut req);
        let _ = s.write_all(b"N");
    });
    let pki = pki();
    let target = format!("127.0.0.1:{port}");
    let run = connect(&target, &pki.root, &["--starttls", "postgres"]);
    assert_fetch_error(
        &run,
        &target,
        "STARTTLS (postgres) failed: the server does not accept TLS connections",
    );
}

#[test]
fn json_with_trace_carries_the_steps() {
    let pki = pki();
    let leaf = good_leaf(&pki.int);
    let port = serve_chain(vec![leaf.der.clone(), pki.int.der.clone()], &leaf.key);
    let run = connect(
        &format!("localhost:{port}"),
        &pki.root,
        &["--format", "json", "--trace"],
    );
    assert_eq!(
        run.code,
        Some(0),
        "stdout {}\nstderr {}",
        run.stdout,
        run.stderr
    );
    let doc = json(&run);
    let trace = doc["connection"]["trace"].as_array().unwrap();
    let events: Vec<&str> = trace.iter().map(|e| e["event"].as_str().unwrap()).collect();
    assert!(
        events.iter().any(|e| e.contains("ClientHello")),
        "{events:?}"
    );
    assert!(
        events.iter().any(|e| e.starts_with("handshake complete")),
        "{events:?}"
    );
    let times: Vec<f64> = trace.iter().map(|e| e["at_ms"].as_f64().unwrap()).collect();
    assert!(
        times.windows(2).all(|w| w[0] <= w[1]),
        "timestamps in order: {times:?}"
    );
}
