//! `certchain serve` through the real binary on 127.0.0.1, ports picked by the OS: every
//! endpoint and error, a SIGHUP reload while a client loops, SIGTERM with a request in
//! flight, the idle and request time limits, the Python example client.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use base64::Engine as _;
use common::fixture;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `certchain serve`, stopped (SIGKILL) when dropped.
struct Served {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Start `certchain serve --listen 127.0.0.1:0 ARGS` and read the address from its first
/// stdout line.
fn serve(args: &[&str]) -> Served {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("certchain"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let Some(addr) = first.trim().strip_prefix("listening on http://") else {
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        panic!("serve did not start: stdout {first:?}, stderr {err:?}");
    };
    Served {
        addr: addr.parse().unwrap(),
        child,
    }
}

/// The fixtures' server: valid-rsa's root, checked at the fixtures' time.
fn serve_fixture(extra: &[&str]) -> Served {
    let roots = fixture("valid-rsa", "roots.pem");
    let mut args = vec!["--roots", roots.as_str(), "--at", "2026-06-01"];
    args.extend_from_slice(extra);
    serve(&args)
}

struct Answer {
    status: u16,
    head: String,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// One HTTP/1.1 request on a fresh connection (`connection: close`).
fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    let mut conn = TcpStream::connect(addr).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    conn.write_all(req.as_bytes()).unwrap();
    conn.write_all(body).unwrap();
    let mut raw = String::new();
    conn.read_to_string(&mut raw).unwrap();
    parse_answer(&raw)
}

fn parse_answer(raw: &str) -> Answer {
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {raw:?}"));
    Answer {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

fn post(addr: SocketAddr, path: &str, doc: &Value) -> Answer {
    http(addr, "POST", path, &[], doc.to_string().as_bytes())
}

fn pem_of(scenario: &str) -> String {
    std::fs::read_to_string(fixture(scenario, "chain.pem")).unwrap()
}

/// The chain of a fixture as base64 DER strings.
fn der_list(scenario: &str) -> Vec<String> {
    pem::parse_many(pem_of(scenario))
        .unwrap()
        .iter()
        .map(|p| base64::engine::general_purpose::STANDARD.encode(p.contents()))
        .collect()
}

fn codes(report: &Value) -> Vec<(Value, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["depth"].clone(), f["code"].as_str().unwrap().to_string()))
        .collect()
}

fn error_of(a: &Answer) -> (u16, String, String, Option<String>) {
    let e = &a.json()["error"];
    (
        a.status,
        e["kind"].as_str().unwrap().to_string(),
        e["message"].as_str().unwrap().to_string(),
        e["field"].as_str().map(str::to_string),
    )
}

#[test]
fn verify_answers_the_report_of_verify_format_json() {
    let s = serve_fixture(&[]);
    let a = post(
        s.addr,
        "/v1/verify",
        &json!({"pem": pem_of("valid-rsa"), "host": "www.example.com"}),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(
        a.head
            .to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{}",
        a.head
    );
    let served = a.json();
    assert_eq!(served["verdict"], "valid");

    // The CLI's document for the same chain, options and time, field for field (the
    // certificates' source names aside: the file name there, the request field here).
    let cli = common::verify_fixture(
        "valid-rsa",
        &["--host", "www.example.com", "--format", "json"],
    );
    let mut expected = common::stdout_json(&cli);
    let mut got = served.clone();
    for doc in [&mut expected, &mut got] {
        for entry in doc["path"].as_array_mut().unwrap() {
            entry.as_object_mut().unwrap().remove("source");
        }
    }
    assert_eq!(got, expected);
    assert_eq!(served["path"][0]["source"]["name"], "pem");
}

#[test]
fn an_invalid_chain_is_http_200_with_the_verdict_and_codes_in_the_body() {
    // The fixtures' roots share one key and name: valid-rsa's root anchors the
    // expired-intermediate chain too. The server's --host is the requests' default.
    let s = serve_fixture(&["--host", "www.example.com"]);
    let a = post(
        s.addr,
        "/v1/verify",
        &json!({"chain": der_list("expired-intermediate")}),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    let r = a.json();
    assert_eq!(r["verdict"], "invalid");
    assert_eq!(codes(&r), vec![(json!(1), "expired".to_string())]);
    assert_eq!(
        r["findings"][0]["message"],
        "expired 2026-03-01T00:00:00Z (92 days before the check time)"
    );
    assert_eq!(r["host"], "www.example.com");
    assert_eq!(
        r["path"][1]["source"],
        json!({"kind": "presented", "name": "chain[1]", "position": 1})
    );
}

#[test]
fn request_options_override_the_server_defaults() {
    let s = serve_fixture(&[]);
    // Another host: name_mismatch at the leaf.
    let r = post(
        s.addr,
        "/v1/verify",
        &json!({"pem": pem_of("valid-rsa"), "host": "mail.example.org"}),
    )
    .json();
    assert_eq!(codes(&r), vec![(json!(0), "name_mismatch".to_string())]);
    // A later time: the leaf expired (notAfter 2027-01-01).
    let r = post(
        s.addr,
        "/v1/verify",
        &json!({"pem": pem_of("valid-rsa"), "at": "2027-06-01"}),
    )
    .json();
    assert_eq!(r["checked_at"], "2027-06-01T00:00:00Z");
    assert!(
        codes(&r).contains(&(json!(0), "expired".to_string())),
        "{r}"
    );
    // Profile and purpose are taken and shown.
    let r = post(
        s.addr,
        "/v1/verify",
        &json!({"pem": pem_of("valid-rsa"), "profile": "rfc5280", "purpose": "any"}),
    )
    .json();
    assert_eq!(
        (r["profile"].as_str(), r["purpose"].as_str()),
        (Some("rfc5280"), Some("any"))
    );
    assert_eq!(r["verdict"], "valid");
}

#[test]
fn every_bad_request_is_a_400_naming_the_field() {
    let s = serve_fixture(&[]);
    let pem = pem_of("valid-rsa");
    type Expected<'a> = (u16, &'a str, &'a str, Option<&'a str>);
    let cases: Vec<(Vec<u8>, Expected)> = vec![
        (b"{\"pem\": ".to_vec(), (400, "bad_json", "request body: not JSON: EOF while parsing a value at line 1 column 8", None)),
        (b"[1, 2]".to_vec(), (400, "bad_field", "request body: expected a JSON object", None)),
        (json!({"pem": pem, "hots": "x"}).to_string().into_bytes(),
         (400, "bad_field", "hots: unknown field `hots`, expected one of `chain`, `pem`, `intermediates`, `host`, `email`, `purpose`, `profile`, `at`, `warn_days`, `max_depth`, `require_revocation`, `cross_check`", Some("hots"))),
        (json!({"pem": pem, "host": 5}).to_string().into_bytes(),
         (400, "bad_field", "host: invalid type: integer `5`, expected a string", Some("host"))),
        (json!({"pem": pem, "host": "exa mple"}).to_string().into_bytes(),
         (400, "bad_field", "host: \"exa mple\" is neither a valid DNS name nor an IP address", Some("host"))),
        (json!({"pem": pem, "at": "June"}).to_string().into_bytes(),
         (400, "bad_field", "at: \"June\": not an RFC 3339 time (2026-06-01T12:00:00Z) or a date (2026-06-01)", Some("at"))),
        (json!({"pem": pem, "purpose": "email"}).to_string().into_bytes(),
         (400, "bad_field", "purpose: unknown purpose \"email\": use server, client, any or a dotted OID", Some("purpose"))),
        (json!({"pem": pem, "host": "a.example", "email": "a@example.com"}).to_string().into_bytes(),
         (400, "bad_field", "host: give host or email, not both", Some("host"))),
        (json!({"host": "a.example"}).to_string().into_bytes(),
         (400, "bad_field", "chain: missing: give chain (a list of PEM or base64 DER certificates) or pem", Some("chain"))),
        (json!({"chain": []}).to_string().into_bytes(),
         (400, "bad_field", "chain: empty: the leaf comes first", Some("chain"))),
        (json!({"chain": [der_list("valid-rsa")[0], "!!not base64!!"]}).to_string().into_bytes(),
         (400, "bad_certificate", "chain[1]: neither PEM nor base64 DER: Invalid symbol 33, offset 12.", Some("chain[1]"))),
        (json!({"chain": ["bm90IERFUg=="]}).to_string().into_bytes(),
         (400, "bad_certificate", "chain[0]: not a certificate file (tried PEM, DER, PKCS#7, PKCS#12)", Some("chain[0]"))),
        (json!({"pem": "-----BEGIN CERTIFICATE-----\nbm90IERFUg==\n-----END CERTIFICATE-----\n"}).to_string().into_bytes(),
         (400, "bad_certificate", "pem: PEM block 1 (line 1): truncated or not a certificate: the DER ends before the structure does", Some("pem"))),
    ];
    for (body, expected) in cases {
        let a = http(s.addr, "POST", "/v1/verify", &[], &body);
        let (status, kind, message, field) = error_of(&a);
        assert_eq!(
            (status, kind.as_str(), message.as_str(), field.as_deref()),
            expected,
            "for {}",
            String::from_utf8_lossy(&body)
        );
    }
    // Unknown paths and methods.
    assert_eq!(
        error_of(&http(s.addr, "GET", "/v2/verify", &[], b"")),
        (
            404,
            "not_found".into(),
            "no endpoint /v2/verify: see docs/api.md".into(),
            None
        )
    );
    assert_eq!(
        error_of(&http(s.addr, "GET", "/v1/verify", &[], b"")),
        (
            405,
            "method_not_allowed".into(),
            "/v1/verify does not take GET".into(),
            None
        )
    );
    // The server still answers.
    assert_eq!(http(s.addr, "GET", "/healthz", &[], b"").status, 200);
}

#[test]
fn the_size_and_count_limits_are_413() {
    let s = serve_fixture(&["--max-body", "8000", "--max-certs", "3"]);
    let big = vec![b' '; 9000];
    assert_eq!(
        error_of(&http(s.addr, "POST", "/v1/verify", &[], &big)),
        (
            413,
            "too_large".into(),
            "the request body is over 8000 bytes (--max-body)".into(),
            None
        )
    );
    let leaf = der_list("valid-rsa")[0].clone();
    let a = post(
        s.addr,
        "/v1/verify",
        &json!({"chain": [leaf, leaf, leaf, leaf]}),
    );
    assert_eq!(
        error_of(&a),
        (
            413,
            "too_many_certificates".into(),
            "more than 3 certificates in one request (--max-certs)".into(),
            None
        )
    );
    // Three is fine (duplicates of the leaf: invalid, but a report).
    let a = post(s.addr, "/v1/verify", &json!({"chain": [leaf, leaf, leaf]}));
    assert_eq!(a.status, 200, "{}", a.body);
}

#[test]
fn healthz_roots_and_metrics() {
    let s = serve_fixture(&[]);
    let h = http(s.addr, "GET", "/healthz", &[], b"");
    assert_eq!(
        (h.status, h.body.as_str()),
        (200, "{\"status\":\"ok\",\"generation\":1,\"anchors\":1}\n")
    );

    let roots = http(s.addr, "GET", "/v1/roots", &[], b"").json();
    assert_eq!(roots["count"], 1);
    assert_eq!(roots["generation"], 1);
    assert_eq!(
        roots["anchors"][0]["subject"],
        "C=XX, O=Certchain Test, CN=Certchain Test Root CA"
    );
    assert_eq!(roots["anchors"][0]["not_after"], "2035-01-01T00:00:00Z");
    assert!(
        roots["store"]
            .as_str()
            .unwrap()
            .ends_with("fixtures/valid-rsa/roots.pem (1)"),
        "{roots}"
    );

    let pem = pem_of("valid-rsa");
    for host in ["www.example.com", "www.example.com", "mail.example.org"] {
        assert_eq!(
            post(s.addr, "/v1/verify", &json!({"pem": pem, "host": host})).status,
            200
        );
    }
    let chain = der_list("valid-rsa");
    for _ in 0..2 {
        assert_eq!(
            post(s.addr, "/v1/verify", &json!({"chain": chain})).status,
            200
        );
    }
    assert_eq!(http(s.addr, "POST", "/v1/verify", &[], b"{").status, 400);
    let m = http(s.addr, "GET", "/metrics", &[], b"");
    assert_eq!(m.status, 200);
    assert!(m.head.contains("text/plain; version=0.0.4"), "{}", m.head);
    for line in [
        "certchain_requests_total{endpoint=\"/healthz\",status=\"200\"} 1",
        "certchain_requests_total{endpoint=\"/v1/roots\",status=\"200\"} 1",
        "certchain_requests_total{endpoint=\"/v1/verify\",status=\"200\"} 5",
        "certchain_requests_total{endpoint=\"/v1/verify\",status=\"400\"} 1",
        "certchain_verdicts_total{verdict=\"valid\"} 4",
        "certchain_verdicts_total{verdict=\"invalid\"} 1",
        "certchain_findings_total{code=\"name_mismatch\"} 1",
        "certchain_request_duration_seconds_count{endpoint=\"/v1/verify\"} 6",
        "certchain_request_duration_seconds_bucket{endpoint=\"/v1/verify\",le=\"+Inf\"} 6",
        // pem 3 times (miss, hit, hit), then chain[0] and chain[1] (miss, then hit).
        "certchain_cert_cache_hits_total 4",
        "certchain_cert_cache_misses_total 3",
        "certchain_in_flight_requests 1",
        "certchain_trust_anchors 1",
        "certchain_store_generation 1",
    ] {
        assert!(
            m.body.lines().any(|l| l == line),
            "no line {line:?} in\n{}",
            m.body
        );
    }
    assert!(m
        .body
        .contains("# TYPE certchain_request_duration_seconds histogram\n"));
}

#[test]
fn a_bearer_token_guards_everything_but_healthz() {
    let dir = tempdir("token");
    let token_file = dir.join("token");
    std::fs::write(&token_file, "s3cret-token\n").unwrap();
    let s = serve_fixture(&["--token-file", token_file.to_str().unwrap()]);
    assert_eq!(http(s.addr, "GET", "/healthz", &[], b"").status, 200);
    assert_eq!(
        error_of(&http(s.addr, "GET", "/v1/roots", &[], b"")),
        (
            401,
            "unauthorized".into(),
            "this server needs Authorization: Bearer TOKEN (--token-file)".into(),
            None
        )
    );
    assert_eq!(
        error_of(&http(
            s.addr,
            "GET",
            "/metrics",
            &[("authorization", "Bearer s3cret-tokem")],
            b""
        )),
        (
            401,
            "unauthorized".into(),
            "the bearer token is not the server's (--token-file)".into(),
            None
        )
    );
    let a = http(
        s.addr,
        "POST",
        "/v1/verify",
        &[("authorization", "Bearer s3cret-token")],
        json!({"pem": pem_of("valid-rsa")}).to_string().as_bytes(),
    );
    assert_eq!(a.status, 200, "{}", a.body);
}

#[test]
fn start_up_errors_exit_2_with_one_line() {
    let run = |args: &[&str]| {
        let out = common::certchain()
            .arg("serve")
            .args(args)
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stderr).unwrap())
    };
    assert_eq!(
        run(&["--listen", "0.0.0.0:0"]),
        (Some(2), "error: listening on 0.0.0.0:0 (not a loopback address) needs a bearer token (--token-file)\n".into())
    );
    assert_eq!(
        run(&["--roots", "no/such/roots.pem"]),
        (Some(2), "error: loading the trust store and options: no/such/roots.pem: no such file or directory\n".into())
    );
    assert_eq!(
        run(&["--token-file", "no/such/token"]),
        (
            Some(2),
            "error: --token-file no/such/token: No such file or directory (os error 2)\n".into()
        )
    );
    let (code, err) = run(&["--request-timeout", "0"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("\"0\": give a positive number of seconds"),
        "{err}"
    );
    // The port is taken: a second server on the first one's address.
    let s = serve_fixture(&[]);
    let addr = s.addr.to_string();
    let (code, err) = run(&["--listen", &addr]);
    assert_eq!(code, Some(2));
    assert!(
        err.starts_with(&format!("error: cannot listen on {addr}: ")),
        "{err}"
    );
}

#[test]
fn reload_swaps_the_store_on_sighup_and_post_without_a_failed_request() {
    let dir = tempdir("reload");
    let roots = dir.join("roots.pem");
    std::fs::copy(fixture("valid-rsa", "roots.pem"), &roots).unwrap();
    let s = serve(&[
        "--roots",
        roots.to_str().unwrap(),
        "--at",
        "2026-06-01",
        "--host",
        "www.example.com",
        "--allow-reload",
    ]);
    let body = json!({"pem": pem_of("valid-rsa")}).to_string();

    // A client loops (bounded: 400 requests) while the store is reloaded 5 times.
    let addr = s.addr;
    let looping = {
        let body = body.clone();
        std::thread::spawn(move || {
            let mut statuses = Vec::new();
            for _ in 0..400 {
                let a = http(addr, "POST", "/v1/verify", &[], body.as_bytes());
                statuses.push((
                    a.status,
                    a.json()["verdict"].as_str().unwrap_or("none").to_string(),
                ));
            }
            statuses
        })
    };
    let pid = s.child.id().to_string();
    for _ in 0..5 {
        std::thread::sleep(Duration::from_millis(50));
        assert!(Command::new("kill")
            .args(["-HUP", &pid])
            .status()
            .unwrap()
            .success());
    }
    let statuses = looping.join().unwrap();
    assert_eq!(statuses.len(), 400);
    assert!(
        statuses.iter().all(|(st, v)| *st == 200 && v == "valid"),
        "{statuses:?}"
    );
    // The reloads happened: the generation counts them (SIGHUP is handled asynchronously).
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let g = http(addr, "GET", "/healthz", &[], b"").json()["generation"]
            .as_u64()
            .unwrap();
        if g == 6 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "generation {g}, expected 6 after 5 SIGHUPs"
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    // The store changes: another root (a fresh key) in the file, POST /v1/reload, and the
    // chain's root is no longer trusted.
    let other = common::ca_params("Another Root CA")
        .self_signed(&rcgen::KeyPair::generate().unwrap())
        .unwrap();
    std::fs::write(&roots, other.pem()).unwrap();
    let a = http(addr, "POST", "/v1/reload", &[], b"");
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.json()["generation"], 7);
    let r = http(addr, "POST", "/v1/verify", &[], body.as_bytes()).json();
    assert_eq!(r["verdict"], "invalid");

    // A reload that fails keeps the store in force.
    std::fs::write(&roots, "garbage").unwrap();
    let (status, kind, message, _) = error_of(&http(addr, "POST", "/v1/reload", &[], b""));
    assert_eq!((status, kind.as_str()), (500, "reload_failed"));
    assert!(
        message.starts_with("the previous store stays in use: "),
        "{message}"
    );
    assert_eq!(
        http(addr, "GET", "/healthz", &[], b"").json()["generation"],
        7
    );
    assert_eq!(
        http(addr, "POST", "/v1/verify", &[], body.as_bytes()).status,
        200
    );
}

#[test]
fn sigterm_lets_the_request_in_flight_finish_then_exits_0() {
    let mut s = serve_fixture(&[]);
    let body = json!({"pem": pem_of("valid-rsa"), "host": "www.example.com"}).to_string();
    // A request in flight: its head and half its body sent.
    let mut conn = TcpStream::connect(s.addr).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let (first, rest) = body.as_bytes().split_at(body.len() / 2);
    write!(
        conn,
        "POST /v1/verify HTTP/1.1\r\nhost: x\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    conn.write_all(first).unwrap();
    std::thread::sleep(Duration::from_millis(200));

    let pid = s.child.id().to_string();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    std::thread::sleep(Duration::from_millis(300));
    // No new connections once the server stops accepting.
    assert!(
        TcpStream::connect(s.addr).is_err(),
        "the listener is closed after SIGTERM"
    );

    conn.write_all(rest).unwrap();
    let mut raw = String::new();
    conn.read_to_string(&mut raw).unwrap();
    let a = parse_answer(&raw);
    assert_eq!(a.status, 200, "{raw}");
    assert_eq!(a.json()["verdict"], "valid");

    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(st) = s.child.try_wait().unwrap() {
            break st;
        }
        assert!(
            Instant::now() < deadline,
            "serve did not exit after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0));
    let mut err = String::new();
    s.child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(
        err.ends_with("certchain serve: SIGTERM: finishing the requests in flight\n"),
        "{err}"
    );
}

#[test]
fn idle_connections_and_slow_requests_are_cut() {
    let s = serve_fixture(&["--idle-timeout", "0.5", "--request-timeout", "0.5"]);
    // A connection that sends nothing is closed after the idle time.
    let mut idle = TcpStream::connect(s.addr).unwrap();
    idle.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let started = Instant::now();
    let mut buf = Vec::new();
    let _ = idle.read_to_end(&mut buf);
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(400) && took < Duration::from_secs(5),
        "closed after {took:?}"
    );

    // A body that stops halfway: 503 timeout after the request time.
    let mut slow = TcpStream::connect(s.addr).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        slow,
        "POST /v1/verify HTTP/1.1\r\nhost: x\r\ncontent-length: 1000\r\n\r\n{{\"pem\": "
    )
    .unwrap();
    let mut raw = String::new();
    let _ = slow.read_to_string(&mut raw);
    let a = parse_answer(&raw);
    assert_eq!(
        error_of(&a),
        (
            503,
            "timeout".into(),
            "the request body did not arrive within 500 ms (--request-timeout)".into(),
            None
        )
    );
}

#[test]
fn the_python_example_client_verifies_through_the_server() {
    if Command::new("python3").arg("--version").output().is_err() {
        assert!(
            std::env::var("CI").is_err(),
            "python3 is missing and CI is set: install it"
        );
        eprintln!("SKIPPED: no python3 on this machine");
        return;
    }
    let s = serve_fixture(&[]);
    let out = Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/client.py"))
        .args([
            "--url",
            &format!("http://{}", s.addr),
            "--host",
            "www.example.com",
        ])
        .arg(fixture("valid-rsa", "chain.pem"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "valid: CN=www.example.com -> CN=Certchain Test Intermediate CA -> CN=Certchain Test Root CA\n"
    );
    let out = Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/client.py"))
        .args([
            "--url",
            &format!("http://{}", s.addr),
            "--host",
            "mail.example.org",
        ])
        .arg(fixture("valid-rsa", "chain.pem"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("invalid: [0] name_mismatch: "), "{text}");
}

/// A fresh directory under target/ for one test's files.
fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("serve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn batch_streams_the_lines_of_certchain_batch() {
    let s = serve_fixture(&["--max-batch-body", "20000"]);
    let pem = pem_of("valid-rsa");
    let mut jobs = String::new();
    for (id, host) in [("a", "www.example.com"), ("b", "mail.example.org")] {
        jobs.push_str(&json!({"id": id, "pem": pem, "host": host}).to_string());
        jobs.push('\n');
    }
    jobs.push_str(
        &json!({"id": "c", "chain": der_list("expired-intermediate"), "host": "www.example.com"})
            .to_string(),
    );
    jobs.push_str("\n\noops\n");
    let a = http(s.addr, "POST", "/v1/batch", &[], jobs.as_bytes());
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(
        a.head.contains("content-type: application/x-ndjson"),
        "{}",
        a.head
    );
    assert!(
        a.head.contains("transfer-encoding: chunked"),
        "streamed: {}",
        a.head
    );
    let body = dechunk(&a.body);

    // The CLI on the same lines, roots and time prints the same lines.
    let dir = tempdir("batch");
    let file = dir.join("jobs.jsonl");
    std::fs::write(&file, &jobs).unwrap();
    let cli = common::certchain()
        .args([
            "batch",
            file.to_str().unwrap(),
            "--roots",
            &fixture("valid-rsa", "roots.pem"),
            "--at",
            "2026-06-01",
        ])
        .output()
        .unwrap();
    assert_eq!(body, String::from_utf8(cli.stdout).unwrap());
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(lines.len(), 4, "{body}");
    assert_eq!(lines[0], r#"{"id":"a","verdict":"valid","codes":[]}"#);
    assert_eq!(
        lines[1],
        r#"{"id":"b","verdict":"invalid","codes":[{"depth":0,"code":"name_mismatch","severity":"error"}]}"#
    );
    assert_eq!(
        lines[2],
        r#"{"id":"c","verdict":"invalid","codes":[{"depth":1,"code":"expired","severity":"error"}]}"#
    );
    assert!(
        lines[3].starts_with(
            r#"{"id":"line 5","error":{"kind":"format","message":"line 5: not a batch line: "#
        ),
        "{}",
        lines[3]
    );

    // ?full=true adds each report.
    let one = format!(
        "{}\n",
        json!({"id": "a", "pem": pem, "host": "www.example.com"})
    );
    let a = http(s.addr, "POST", "/v1/batch?full=true", &[], one.as_bytes());
    let line: Value = serde_json::from_str(dechunk(&a.body).trim()).unwrap();
    assert_eq!(line["report"]["verdict"], "valid");
    assert_eq!(line["report"]["path"].as_array().unwrap().len(), 3);

    // Over --max-batch-body: 413 when the length is declared.
    let big = jobs.repeat(10);
    assert_eq!(
        error_of(&http(s.addr, "POST", "/v1/batch", &[], big.as_bytes())),
        (
            413,
            "too_large".into(),
            "the request body is over 20000 bytes (--max-batch-body)".into(),
            None
        )
    );
    // The verdicts of the batch lines are counted.
    let m = http(s.addr, "GET", "/metrics", &[], b"").body;
    assert!(
        m.lines()
            .any(|l| l == "certchain_verdicts_total{verdict=\"invalid\"} 2"),
        "{m}"
    );
    assert!(
        m.lines()
            .any(|l| l == "certchain_findings_total{code=\"expired\"} 1"),
        "{m}"
    );
}

#[test]
fn batch_over_the_limit_without_a_length_ends_with_an_error_line() {
    let s = serve_fixture(&["--max-batch-body", "3000"]);
    let pem = pem_of("valid-rsa");
    let line = format!(
        "{}\n",
        json!({"id": "a", "pem": pem, "host": "www.example.com"})
    );
    // Chunked: the server learns the size as it reads.
    let mut conn = TcpStream::connect(s.addr).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(conn, "POST /v1/batch HTTP/1.1\r\nhost: x\r\nconnection: close\r\ntransfer-encoding: chunked\r\n\r\n").unwrap();
    for _ in 0..3 {
        write!(conn, "{:x}\r\n{line}\r\n", line.len()).unwrap();
    }
    conn.write_all(b"0\r\n\r\n").unwrap();
    let mut raw = String::new();
    conn.read_to_string(&mut raw).unwrap();
    let a = parse_answer(&raw);
    assert_eq!(a.status, 200);
    let body = dechunk(&a.body);
    let last = body.lines().last().unwrap();
    assert!(
        last.contains(r#""kind":"read""#)
            && last.contains("the request body is over 3000 bytes (--max-batch-body)"),
        "{body}"
    );
}

#[test]
fn inspect_answers_the_document_of_inspect_format_json() {
    let s = serve_fixture(&[]);
    let a = post(
        s.addr,
        "/v1/inspect",
        &json!({"pem": pem_of("expired-intermediate")}),
    );
    assert_eq!(a.status, 200, "{}", a.body);
    let mut got = a.json();
    let cli = common::certchain()
        .args([
            "inspect",
            &fixture("expired-intermediate", "chain.pem"),
            "--at",
            "2026-06-01",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let mut expected = common::stdout_json(&cli);
    for doc in [&mut got, &mut expected] {
        for c in doc["certificates"].as_array_mut().unwrap() {
            c.as_object_mut().unwrap().remove("source");
        }
    }
    assert_eq!(got, expected);
    assert_eq!(got["certificates"][1]["findings"][0]["code"], "expired");
    // Its own fields only; the lint's time from the request.
    assert_eq!(
        error_of(&post(s.addr, "/v1/inspect", &json!({"pem": pem_of("valid-rsa"), "host": "x"}))),
        (400, "bad_field".into(), "host: unknown field `host`, expected one of `chain`, `pem`, `purpose`, `profile`, `at`".into(), Some("host".into()))
    );
    let r = post(
        s.addr,
        "/v1/inspect",
        &json!({"chain": der_list("valid-rsa"), "at": "2030-01-01"}),
    )
    .json();
    assert_eq!(r["checked_at"], "2030-01-01T00:00:00Z");
    assert_eq!(r["certificates"][0]["findings"][0]["code"], "expired");
}

/// The body of a chunked response, joined.
fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    loop {
        let (size, after) = rest.split_once("\r\n").unwrap();
        let n = usize::from_str_radix(size.trim(), 16).unwrap();
        if n == 0 {
            return out;
        }
        out.push_str(&after[..n]);
        rest = &after[n + 2..];
    }
}

#[test]
fn a_request_waits_for_a_slot_within_its_time_then_is_503() {
    let s = serve_fixture(&["--max-concurrent", "1", "--request-timeout", "1"]);
    // A batch whose body stalls holds the only slot.
    let mut holder = TcpStream::connect(s.addr).unwrap();
    holder
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(holder, "POST /v1/batch HTTP/1.1\r\nhost: x\r\nconnection: close\r\ntransfer-encoding: chunked\r\n\r\n").unwrap();
    // A byte of the first line every 300 ms keeps it within its time, 6 times.
    let mut feeder = holder.try_clone().unwrap();
    let feeding = std::thread::spawn(move || {
        for _ in 0..6 {
            feeder.write_all(b"1\r\n \r\n").unwrap();
            std::thread::sleep(Duration::from_millis(300));
        }
    });
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    let a = post(s.addr, "/v1/verify", &json!({"pem": pem_of("valid-rsa")}));
    assert_eq!(
        error_of(&a),
        (
            503,
            "timeout".into(),
            "no free slot within 1000 ms (--max-concurrent 1, --request-timeout)".into(),
            None
        )
    );
    assert!(
        started.elapsed() >= Duration::from_millis(700),
        "{:?}",
        started.elapsed()
    );
    feeding.join().unwrap();
    // The stalled batch ends with a line saying so, and the slot is free again.
    let mut raw = String::new();
    holder.read_to_string(&mut raw).unwrap();
    let body = dechunk(&parse_answer(&raw).body);
    assert_eq!(
        body,
        "{\"id\":\"line 1\",\"error\":{\"kind\":\"read\",\"message\":\"line 1: cannot be read: the request body stalled for 1000 ms (--request-timeout)\"}}\n"
    );
    assert_eq!(
        post(s.addr, "/v1/verify", &json!({"pem": pem_of("valid-rsa")})).status,
        200
    );
}

#[test]
fn reload_over_http_is_off_unless_allowed() {
    let s = serve_fixture(&[]);
    assert_eq!(
        error_of(&http(s.addr, "POST", "/v1/reload", &[], b"")),
        (
            403,
            "reload_disabled".into(),
            "POST /v1/reload is off: start the server with --allow-reload (SIGHUP always reloads)"
                .into(),
            None
        )
    );
    assert_eq!(
        http(s.addr, "GET", "/healthz", &[], b"").json()["generation"],
        1
    );
}
