//! `--fetch-missing` and `--fetch-crls` through the binary, against HTTP servers this
//! test starts on 127.0.0.1 (ports from the OS): an intermediate served as DER, PEM and
//! PKCS#7, CRLs, garbage, a 404, a slow answer, a redirect loop, an endless body, an AIA
//! URL that serves the certificate itself. The certificates are made here with rcgen,
//! after the server's port is known, so their AIA and CRL URLs point at it.
#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use common::{certchain, stdout_json};
use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, CertificateRevocationListParams,
    CrlDistributionPoint, CustomExtension, DnType, IsCa, Issuer, KeyIdMethod, KeyPair,
    KeyUsagePurpose, RevocationReason, RevokedCertParams, SerialNumber,
};
use serde_json::Value;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

// ------------------------------------------------------------------ the HTTP server

/// What the server answers on a path.
#[derive(Clone)]
enum Route {
    /// 200 with this Content-Type and body.
    Body(&'static str, Vec<u8>),
    /// This status, empty body.
    Status(u16),
    /// 200, its 100-byte body one byte every 100 ms (10 s in all).
    Slow,
    /// 302 to this path of the same server.
    Redirect(&'static str),
    /// 200 without a length, then bytes until the client goes away.
    Endless,
}

/// A server on 127.0.0.1 answering the routes it is given, counting requests per path.
struct Server {
    listener: Option<TcpListener>,
    base: String,
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

impl Server {
    fn bind() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        Server {
            listener: Some(listener),
            base,
            hits: Arc::default(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn start(&mut self, routes: HashMap<&'static str, Route>) {
        let listener = self.listener.take().unwrap();
        let hits = self.hits.clone();
        let routes = Arc::new(routes);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let routes = routes.clone();
                let hits = hits.clone();
                std::thread::spawn(move || answer(stream, &routes, &hits));
            }
        });
    }

    fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }

    fn total_hits(&self) -> usize {
        self.hits.lock().unwrap().values().sum()
    }
}

fn answer(
    mut s: TcpStream,
    routes: &HashMap<&'static str, Route>,
    hits: &Mutex<HashMap<String, usize>>,
) {
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut req = Vec::new();
    let mut buf = [0u8; 1024];
    while !req.windows(4).any(|w| w == b"\r\n\r\n") {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => req.extend_from_slice(&buf[..n]),
        }
    }
    let req = String::from_utf8_lossy(&req).to_string();
    let path = req.split(' ').nth(1).unwrap_or("/").to_string();
    *hits.lock().unwrap().entry(path.clone()).or_default() += 1;
    let head = |status: &str, extra: &str, len: Option<usize>| {
        let len = len
            .map(|n| format!("Content-Length: {n}\r\n"))
            .unwrap_or_default();
        format!("HTTP/1.1 {status}\r\n{extra}{len}Connection: close\r\n\r\n").into_bytes()
    };
    let _ = match routes.get(path.as_str()).cloned() {
        Some(Route::Body(ctype, body)) => {
            let mut v = head(
                "200 OK",
                &format!("Content-Type: {ctype}\r\n"),
                Some(body.len()),
            );
            v.extend(body);
            s.write_all(&v)
        }
        Some(Route::Status(code)) => s.write_all(&head(&format!("{code} Status"), "", Some(0))),
        None => s.write_all(&head("404 Not Found", "", Some(0))),
        Some(Route::Redirect(to)) => {
            s.write_all(&head("302 Found", &format!("Location: {to}\r\n"), Some(0)))
        }
        Some(Route::Slow) => {
            let mut r = s.write_all(&head("200 OK", "", Some(100)));
            for _ in 0..100 {
                std::thread::sleep(Duration::from_millis(100));
                r = r.and_then(|()| s.write_all(b"x"));
                if r.is_err() {
                    break;
                }
            }
            r
        }
        Some(Route::Endless) => {
            let mut r = s.write_all(&head("200 OK", "", None));
            let chunk = [b'A'; 65536];
            while r.is_ok() {
                r = s.write_all(&chunk);
            }
            r
        }
    };
}

// ------------------------------------------------------------------ certificates

/// DER tag-length-value.
fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut v = vec![tag];
    let n = body.len();
    if n < 128 {
        v.push(n as u8);
    } else if n < 256 {
        v.extend([0x81, n as u8]);
    } else {
        v.extend([0x82, (n >> 8) as u8, n as u8]);
    }
    v.extend_from_slice(body);
    v
}

/// authorityInfoAccess with one caIssuers URI (RFC 5280 4.2.2.1).
fn aia(url: &str) -> CustomExtension {
    let ca_issuers = [0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02];
    let mut ad = ca_issuers.to_vec();
    ad.extend(tlv(0x86, url.as_bytes()));
    let content = tlv(0x30, &tlv(0x30, &ad));
    CustomExtension::from_oid_content(&[1, 3, 6, 1, 5, 5, 7, 1, 1], content)
}

struct Ca {
    params: CertificateParams,
    key: KeyPair,
    der: Vec<u8>,
}

impl Ca {
    fn issuer(&self) -> Issuer<'_, &KeyPair> {
        Issuer::from_params(&self.params, &self.key)
    }
}

fn pem_of(label: &str, der: &[u8]) -> String {
    pem::encode(&pem::Pem::new(label, der.to_vec()))
}

/// A CA certificate; `urls` = (caIssuers, CRL DP) it names.
fn ca(cn: &str, issuer: Option<&Ca>, urls: (Option<&str>, Option<&str>)) -> Ca {
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    p.use_authority_key_identifier_extension = issuer.is_some();
    p.not_before = date_time_ymd(2020, 1, 1);
    p.not_after = date_time_ymd(2045, 1, 1);
    if let Some(u) = urls.0 {
        p.custom_extensions.push(aia(u));
    }
    if let Some(u) = urls.1 {
        p.crl_distribution_points = vec![CrlDistributionPoint {
            uris: vec![u.to_string()],
        }];
    }
    let key = KeyPair::generate().unwrap();
    let der = match issuer {
        None => p.self_signed(&key).unwrap(),
        Some(i) => p.signed_by(&key, &i.issuer()).unwrap(),
    }
    .der()
    .to_vec();
    Ca {
        params: p,
        key,
        der,
    }
}

/// A TLS server leaf for www.example.com valid 2026-03-01..2026-09-01, serial 0x1001,
/// naming these caIssuers and CRL URLs.
fn leaf(issuer: &Ca, ca_issuers: Option<&str>, crl_urls: &[&str]) -> Vec<u8> {
    leaf_and_key(issuer, ca_issuers, crl_urls).0
}

/// [`leaf`], with its key.
fn leaf_and_key(issuer: &Ca, ca_issuers: Option<&str>, crl_urls: &[&str]) -> (Vec<u8>, KeyPair) {
    let mut p = common::server_leaf_params();
    p.not_before = date_time_ymd(2026, 3, 1);
    p.not_after = date_time_ymd(2026, 9, 1);
    p.serial_number = Some(SerialNumber::from(0x1001u64));
    if let Some(u) = ca_issuers {
        p.custom_extensions.push(aia(u));
    }
    if !crl_urls.is_empty() {
        p.crl_distribution_points = vec![CrlDistributionPoint {
            uris: crl_urls.iter().map(|u| u.to_string()).collect(),
        }];
    }
    let key = KeyPair::generate().unwrap();
    let der = p.signed_by(&key, &issuer.issuer()).unwrap().der().to_vec();
    (der, key)
}

/// A CRL from `issuer` valid 2026-05-01..2026-07-01, revoking these serials.
fn crl(issuer: &Ca, revoked: &[u64]) -> Vec<u8> {
    CertificateRevocationListParams {
        this_update: date_time_ymd(2026, 5, 1),
        next_update: date_time_ymd(2026, 7, 1),
        crl_number: SerialNumber::from(1u64),
        issuing_distribution_point: None,
        revoked_certs: revoked
            .iter()
            .map(|s| RevokedCertParams {
                serial_number: SerialNumber::from(*s),
                revocation_time: date_time_ymd(2026, 4, 15),
                reason_code: Some(RevocationReason::KeyCompromise),
                invalidity_date: None,
            })
            .collect(),
        key_identifier_method: KeyIdMethod::Sha256,
    }
    .signed_by(&issuer.issuer())
    .unwrap()
    .der()
    .to_vec()
}

/// A directory of its own under the test's target temp directory.
fn dir(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cli_online")
        .join(name);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(dir: &std::path::Path, file: &str, text: &str) -> String {
    let p = dir.join(file);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

/// `certchain verify CHAIN --roots ROOTS --at 2026-06-01 --host www.example.com ARGS`,
/// timed.
fn verify(chain: &str, roots: &str, args: &[&str]) -> (std::process::Output, Duration) {
    let start = Instant::now();
    let out = certchain()
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("all_proxy")
        .env_remove("ALL_PROXY")
        .args(["verify", chain, "--roots", roots, "--at", "2026-06-01"])
        .args(["--host", "www.example.com", "--color", "never"])
        .args(args)
        .output()
        .unwrap();
    (out, start.elapsed())
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// (depth, code) of every finding of a JSON report.
fn codes(doc: &Value) -> Vec<(Option<u64>, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["depth"].as_u64(), f["code"].as_str().unwrap().to_string()))
        .collect()
}

fn code(depth: u64, c: &str) -> (Option<u64>, String) {
    (Some(depth), c.to_string())
}

/// The one line of the text report that starts (after indentation) with `prefix`.
fn line_with<'a>(text: &'a str, prefix: &str) -> &'a str {
    text.lines()
        .map(str::trim_start)
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starting with {prefix:?} in:\n{text}"))
}

// ------------------------------------------------------------------ --fetch-missing

/// Root (trusted) -> Intermediate -> leaf; the leaf's caIssuers is `aia_path` on the
/// server, which serves `routes` plus nothing else. Returns (server, chain file (the
/// leaf alone), roots file, intermediate).
fn missing_intermediate(
    name: &str,
    aia_path: &'static str,
    routes: impl FnOnce(&Ca) -> Vec<(&'static str, Route)>,
) -> (Server, String, String, Ca) {
    let mut server = Server::bind();
    let root = ca("Online Test Root CA", None, (None, None));
    let int = ca("Online Test Intermediate CA", Some(&root), (None, None));
    let leaf = leaf(&int, Some(&server.url(aia_path)), &[]);
    let d = dir(name);
    let chain = write(&d, "chain.pem", &pem_of("CERTIFICATE", &leaf));
    let roots = write(&d, "roots.pem", &pem_of("CERTIFICATE", &root.der));
    server.start(routes(&int).into_iter().collect());
    (server, chain, roots, int)
}

fn sha256_hex(der: &[u8]) -> String {
    ring::digest::digest(&ring::digest::SHA256, der)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The intermediate fetched from `path` completes the chain: valid once it is added.
fn fetched_intermediate_completes_the_chain(
    name: &str,
    path: &'static str,
    route: fn(&Ca) -> Route,
) {
    let (server, chain, roots, int) =
        missing_intermediate(name, path, |int| vec![(path, route(int))]);
    let url = server.url(path);

    // Without --fetch-missing: no request, the issuer is missing.
    let (out, _) = verify(&chain, &roots, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(
        server.total_hits(),
        0,
        "a request was made without --fetch-missing"
    );
    assert!(stdout(&out).contains(&format!(
        "the certificate says its issuer can be downloaded from {url}"
    )));

    let (out, _) = verify(&chain, &roots, &["--fetch-missing"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert_eq!(server.hits(path), 1);
    assert_eq!(
        text.lines().last().unwrap(),
        format!(
            "VALID once the missing intermediate is added ([1] CN=Online Test Intermediate CA from {url}): \
             CN=www.example.com -> CN=Online Test Intermediate CA -> CN=Online Test Root CA; \
             first to expire: [0] CN=www.example.com on 2026-09-01 (in 92 days)"
        )
    );
    let sha = sha256_hex(&int.der);
    assert_eq!(
        line_with(&text, "! missing_intermediate_fetched"),
        format!(
            "! missing_intermediate_fetched: the path needs CN=Online Test Intermediate CA, which the chain did not include: \
             it was fetched from {url} (the caIssuers URL of [0] CN=www.example.com); add it to the chain served, \
             after [0] CN=www.example.com (SHA-256 {sha}) [RFC 8446 4.4.2]"
        )
    );
    assert!(
        text.contains(&format!("    from      {url} #1\n")),
        "{text}"
    );
    let fetch_line = line_with(&text, "✓ caIssuers of [0]");
    assert!(
        fetch_line.starts_with(&format!("✓ caIssuers of [0] {url}: HTTP 200, ")),
        "{fetch_line}"
    );
    assert!(
        fetch_line.ends_with(" ms: 1 certificate: CN=Online Test Intermediate CA"),
        "{fetch_line}"
    );

    let (out, _) = verify(&chain, &roots, &["--fetch-missing", "--format", "json"]);
    let doc = stdout_json(&out);
    assert_eq!(doc["verdict"], "valid");
    assert_eq!(codes(&doc), [code(1, "missing_intermediate_fetched")]);
    let f = &doc["findings"][0]["details"];
    assert_eq!(
        (f["url"].as_str(), f["sha256"].as_str()),
        (Some(url.as_str()), Some(sha.as_str()))
    );
    let fetches = doc["fetches"].as_array().unwrap();
    assert_eq!(fetches.len(), 1);
    assert_eq!(fetches[0]["kind"], "ca_issuers");
    assert_eq!(fetches[0]["url"], url.as_str());
    assert_eq!(fetches[0]["status"], 200);
    assert_eq!(fetches[0]["depth"], 0);
    assert_eq!(fetches[0]["failed"], false);
    assert!(fetches[0]["bytes"].as_u64().unwrap() > 300);
    assert!(fetches[0]["elapsed_ms"].as_f64().unwrap() >= 0.0);
    assert_eq!(doc["path"][1]["source"]["name"], url.as_str());
}

#[test]
fn an_intermediate_served_as_der_completes_the_chain() {
    fetched_intermediate_completes_the_chain("aia-der", "/int.der", |int| {
        Route::Body("application/pkix-cert", int.der.clone())
    });
}

#[test]
fn an_intermediate_served_as_pem_completes_the_chain() {
    fetched_intermediate_completes_the_chain("aia-pem", "/int.pem", |int| {
        Route::Body(
            "application/x-pem-file",
            pem_of("CERTIFICATE", &int.der).into_bytes(),
        )
    });
}

/// A certs-only PKCS#7 (what RFC 5280 4.2.2.1 says a caIssuers URL serves), made with
/// `openssl crl2pkcs7 -nocrl`.
fn pkcs7_of(der: &[u8]) -> Vec<u8> {
    let d = dir("pkcs7-input");
    let pem = write(&d, "int.pem", &pem_of("CERTIFICATE", der));
    let out = std::process::Command::new("openssl")
        .args(["crl2pkcs7", "-nocrl", "-certfile", &pem, "-outform", "DER"])
        .output();
    match out {
        Ok(o) if o.status.success() => o.stdout,
        other => panic!("openssl crl2pkcs7 is needed for this test (CI installs it): {other:?}"),
    }
}

#[test]
fn an_intermediate_served_as_pkcs7_completes_the_chain() {
    fetched_intermediate_completes_the_chain("aia-p7c", "/int.p7c", |int| {
        Route::Body("application/pkcs7-mime", pkcs7_of(&int.der))
    });
}

/// A fault on the caIssuers URL: exit 1 with issuer_not_found as without fetching, the
/// warning fetch_failed on the leaf with `reason`, the fetch listed, within `bound`.
fn fault(name: &str, route: Route, args: &[&str], reason: &str, bound: Duration) {
    let (server, chain, roots, _) = missing_intermediate(name, "/int.der", |_| {
        vec![("/int.der", route), ("/loop", Route::Redirect("/loop"))]
    });
    let url = server.url("/int.der");
    let mut all = vec!["--fetch-missing"];
    all.extend_from_slice(args);
    let (out, took) = verify(&chain, &roots, &all);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(took < bound, "took {took:?}, more than {bound:?}");
    assert_eq!(
        line_with(&text, "! fetch_failed"),
        format!("! fetch_failed: fetching its issuer's certificate from {url} gave nothing usable: {reason} [RFC 5280 4.2.2.1]")
    );
    // The rest of the report is intact: the missing issuer, the summary.
    assert!(
        text.contains(
            "✗ issuer_not_found: no certificate in the inputs or the root store is the issuer"
        ),
        "{text}"
    );
    assert!(
        text.lines()
            .last()
            .unwrap()
            .starts_with("INVALID: [0] CN=www.example.com: no certificate in the inputs"),
        "{text}"
    );
    assert!(
        line_with(&text, "! caIssuers of [0]").starts_with(&format!("! caIssuers of [0] {url}: "))
    );

    all.extend(["--format", "json"]);
    let (out, _) = verify(&chain, &roots, &all);
    let doc = stdout_json(&out);
    assert_eq!(doc["verdict"], "invalid");
    assert_eq!(
        codes(&doc),
        [code(0, "issuer_not_found"), code(0, "fetch_failed")]
    );
    let d = &doc["findings"][1]["details"];
    assert_eq!(d["kind"], "ca_issuers");
    assert_eq!(d["url"], url.as_str());
    assert_eq!(d["reason"], reason);
    assert_eq!(doc["fetches"][0]["failed"], true);
    assert_eq!(doc["fetches"][0]["outcome"], reason);
}

#[test]
fn garbage_from_the_aia_url_is_a_warning_naming_it() {
    fault(
        "aia-garbage",
        Route::Body(
            "application/pkix-cert",
            b"this is not a certificate".to_vec(),
        ),
        &[],
        "not a certificate file (tried PEM, DER, PKCS#7, PKCS#12)",
        Duration::from_secs(20),
    );
}

#[test]
fn a_404_is_a_warning_with_its_status() {
    fault(
        "aia-404",
        Route::Status(404),
        &[],
        "HTTP 404: nothing used",
        Duration::from_secs(20),
    );
}

#[test]
fn a_slow_answer_stops_at_the_fetch_timeout() {
    fault(
        "aia-slow",
        Route::Slow,
        &["--fetch-timeout", "0.5"],
        "no complete answer within 500 ms (timed out)",
        // the server would take 10 s; two runs of the binary at 0.5 s each, plus start-up
        Duration::from_secs(6),
    );
}

#[test]
fn a_redirect_loop_stops_at_the_redirect_bound() {
    fault(
        "aia-redirect-loop",
        Route::Redirect("/loop"),
        &[],
        "more than 5 redirects (a redirect loop?)",
        Duration::from_secs(20),
    );
}

#[test]
fn an_endless_body_stops_at_the_size_bound() {
    fault(
        "aia-endless",
        Route::Endless,
        &[],
        "the answer is larger than 16777216 bytes (the size bound); not read further",
        Duration::from_secs(20),
    );
}

#[test]
fn a_refused_connection_is_a_warning() {
    // A port that was free a moment ago: nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let root = ca("Online Test Root CA", None, (None, None));
    let int = ca("Online Test Intermediate CA", Some(&root), (None, None));
    let url = format!("http://127.0.0.1:{port}/int.der");
    let leaf = leaf(&int, Some(&url), &[]);
    let d = dir("aia-refused");
    let chain = write(&d, "chain.pem", &pem_of("CERTIFICATE", &leaf));
    let roots = write(&d, "roots.pem", &pem_of("CERTIFICATE", &root.der));
    let (out, _) = verify(&chain, &roots, &["--fetch-missing", "--format", "json"]);
    let doc = stdout_json(&out);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        codes(&doc),
        [code(0, "issuer_not_found"), code(0, "fetch_failed")]
    );
    let reason = doc["findings"][1]["details"]["reason"].as_str().unwrap();
    assert!(reason.starts_with("cannot connect ("), "{reason}");
    assert_eq!(doc["fetches"][0]["status"], Value::Null);
}

#[test]
fn an_aia_url_serving_the_certificate_itself_is_asked_once() {
    let mut server = Server::bind();
    let root = ca("Online Test Root CA", None, (None, None));
    let int = ca("Online Test Intermediate CA", Some(&root), (None, None));
    let url = server.url("/self.der");
    let leaf = leaf(&int, Some(&url), &[]);
    let d = dir("aia-self");
    let chain = write(&d, "chain.pem", &pem_of("CERTIFICATE", &leaf));
    let roots = write(&d, "roots.pem", &pem_of("CERTIFICATE", &root.der));
    server.start(HashMap::from([(
        "/self.der",
        Route::Body("application/pkix-cert", leaf.clone()),
    )]));
    let (out, _) = verify(&chain, &roots, &["--fetch-missing"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert_eq!(server.hits("/self.der"), 1);
    assert_eq!(
        line_with(&text, "! fetch_failed"),
        format!("! fetch_failed: fetching its issuer's certificate from {url} gave nothing usable: \
                 1 certificate: CN=www.example.com (already known); nothing new to build with [RFC 5280 4.2.2.1]")
    );
}

#[test]
fn a_chain_of_missing_intermediates_is_fetched_level_by_level() {
    // Root -> Int 1 -> Int 2 -> leaf; the leaf names Int 2's URL, Int 2 names Int 1's.
    let mut server = Server::bind();
    let root = ca("Online Test Root CA", None, (None, None));
    let int1 = ca("Online Test Intermediate CA 1", Some(&root), (None, None));
    let int2 = ca(
        "Online Test Intermediate CA 2",
        Some(&int1),
        (Some(&server.url("/int1.der")), None),
    );
    let leaf = leaf(&int2, Some(&server.url("/int2.pem")), &[]);
    let d = dir("aia-two-levels");
    let chain = write(&d, "chain.pem", &pem_of("CERTIFICATE", &leaf));
    let roots = write(&d, "roots.pem", &pem_of("CERTIFICATE", &root.der));
    server.start(HashMap::from([
        (
            "/int1.der",
            Route::Body("application/pkix-cert", int1.der.clone()),
        ),
        (
            "/int2.pem",
            Route::Body(
                "application/x-pem-file",
                pem_of("CERTIFICATE", &int2.der).into_bytes(),
            ),
        ),
    ]));
    let (out, _) = verify(&chain, &roots, &["--fetch-missing", "--format", "json"]);
    let doc = stdout_json(&out);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        codes(&doc),
        [
            code(1, "missing_intermediate_fetched"),
            code(2, "missing_intermediate_fetched")
        ]
    );
    let urls: Vec<&str> = doc["fetches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["url"].as_str().unwrap())
        .collect();
    assert_eq!(urls, [server.url("/int2.pem"), server.url("/int1.der")]);
    assert_eq!(doc["fetches"][1]["depth"], 1);
}

// ------------------------------------------------------------------ --fetch-crls

/// Root -> Intermediate -> leaf (serial 0x1001), the chain sent complete; the leaf names
/// `leaf_crls`, the intermediate `/root.crl`.
fn crl_setup(
    name: &str,
    leaf_crls: &[&'static str],
    routes: impl FnOnce(&Ca, &Ca) -> Vec<(&'static str, Route)>,
) -> (Server, String, String) {
    let mut server = Server::bind();
    let root = ca("Online Test Root CA", None, (None, None));
    let int = ca(
        "Online Test Intermediate CA",
        Some(&root),
        (None, Some(&server.url("/root.crl"))),
    );
    let urls: Vec<String> = leaf_crls.iter().map(|p| server.url(p)).collect();
    let urls: Vec<&str> = urls.iter().map(String::as_str).collect();
    let leaf = leaf(&int, None, &urls);
    let d = dir(name);
    let chain = write(
        &d,
        "chain.pem",
        &(pem_of("CERTIFICATE", &leaf) + &pem_of("CERTIFICATE", &int.der)),
    );
    let roots = write(&d, "roots.pem", &pem_of("CERTIFICATE", &root.der));
    server.start(routes(&root, &int).into_iter().collect());
    (server, chain, roots)
}

#[test]
fn fetched_crls_find_a_revoked_leaf_and_cover_the_intermediate() {
    let (server, chain, roots) =
        crl_setup("crl-revoked", &["/gone.crl", "/int.crl"], |root, int| {
            vec![
                (
                    "/int.crl",
                    Route::Body("application/pkix-crl", crl(int, &[0x1001])),
                ),
                (
                    "/root.crl",
                    Route::Body(
                        "application/pkix-crl",
                        pem_of("X509 CRL", &crl(root, &[])).into_bytes(),
                    ),
                ),
            ]
        });
    // Without --fetch-crls: no request, nothing said about revocation.
    let (out, _) = verify(&chain, &roots, &[]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(server.total_hits(), 0);

    let (out, _) = verify(&chain, &roots, &["--fetch-crls"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let gone = server.url("/gone.crl");
    let int_crl = server.url("/int.crl");
    assert_eq!(
        line_with(&text, "! fetch_failed"),
        format!("! fetch_failed: fetching its CRL from {gone} gave nothing usable: HTTP 404: nothing used [RFC 5280 4.2.1.13]")
    );
    assert!(
        line_with(&text, "✗ revoked").contains(&format!(
            "(reason: keyCompromise) according to the CRL {int_crl}"
        )),
        "{text}"
    );
    assert!(line_with(&text, "✓ CRL of [0]")
        .starts_with(&format!("✓ CRL of [0] {int_crl}: HTTP 200, ")));
    assert!(line_with(&text, "✓ CRL of [0]").ends_with(
        " ms: CRL of CN=Online Test Intermediate CA, 1 revoked, next update 2026-07-01T00:00:00Z"
    ));
    assert!(line_with(&text, "✓ CRL of [1]").ends_with(
        " ms: CRL of CN=Online Test Root CA, 0 revoked, next update 2026-07-01T00:00:00Z"
    ));
    assert_eq!(
        (
            server.hits("/gone.crl"),
            server.hits("/int.crl"),
            server.hits("/root.crl")
        ),
        (1, 1, 1)
    );

    let (out, _) = verify(&chain, &roots, &["--fetch-crls", "--format", "json"]);
    let doc = stdout_json(&out);
    assert_eq!(codes(&doc), [code(0, "revoked"), code(0, "fetch_failed")]);
    let statuses: Vec<&str> = doc["path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["revocation"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["crl_fetched", "crl_fetched", "not_checked"]);
    let kinds: Vec<(&str, bool)> = doc["fetches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["kind"].as_str().unwrap(), f["failed"].as_bool().unwrap()))
        .collect();
    assert_eq!(kinds, [("crl", true), ("crl", false), ("crl", false)]);
}

#[test]
fn a_crl_url_that_failed_is_not_asked_again_in_the_run() {
    // Both certificates name the same dead URL.
    let mut server = Server::bind();
    let root = ca("Online Test Root CA", None, (None, None));
    let bad = server.url("/bad.crl");
    let int = ca(
        "Online Test Intermediate CA",
        Some(&root),
        (None, Some(&bad)),
    );
    let leaf = leaf(&int, None, &[&bad]);
    let d = dir("crl-garbage");
    let chain = write(
        &d,
        "chain.pem",
        &(pem_of("CERTIFICATE", &leaf) + &pem_of("CERTIFICATE", &int.der)),
    );
    let roots = write(&d, "roots.pem", &pem_of("CERTIFICATE", &root.der));
    server.start(HashMap::from([(
        "/bad.crl",
        Route::Body("application/pkix-crl", b"garbage".to_vec()),
    )]));
    let (out, _) = verify(&chain, &roots, &["--fetch-crls", "--format", "json"]);
    let doc = stdout_json(&out);
    // Warnings only: the chain is valid, its revocation unknown.
    assert_eq!(out.status.code(), Some(0), "{doc}");
    assert_eq!(
        codes(&doc),
        [code(0, "fetch_failed"), code(1, "fetch_failed")]
    );
    assert_eq!(server.hits("/bad.crl"), 1);
    let reasons: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["details"]["reason"].as_str().unwrap())
        .collect();
    assert!(reasons[0].starts_with("not a CRL: "), "{reasons:?}");
    assert_eq!(
        reasons[1],
        "not fetched again: it gave nothing usable earlier in this run"
    );
}

#[test]
fn fetch_options_are_listed_in_help() {
    let out = certchain().args(["verify", "--help"]).output().unwrap();
    let help = stdout(&out);
    for opt in [
        "--fetch-missing",
        "--fetch-crls",
        "--fetch-timeout <SECONDS>",
    ] {
        assert!(help.contains(opt), "{opt} missing from verify --help");
    }
    let out = certchain().args(["connect", "--help"]).output().unwrap();
    assert!(stdout(&out).contains("--fetch-missing"));
    let out = certchain()
        .args([
            "verify",
            &common::fixture("valid-rsa", "chain.pem"),
            "--fetch-timeout",
            "0",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: --fetch-timeout 0: must be more than 0 and at most 3600 seconds\n"
    );
}

#[test]
fn a_chain_of_urls_that_never_reaches_a_root_stops_at_the_fetch_bound() {
    // CA 1 <- CA 2 <- ... <- CA 7, none trusted; each names the next one's URL.
    let mut server = Server::bind();
    let mut cas: Vec<Ca> = vec![ca("Online Test Top CA 7", None, (None, None))];
    for k in (1..7).rev() {
        let up = cas.last().unwrap();
        let url = server.url(&format!("/ca{}.der", k + 1));
        let next = ca(&format!("Online Test CA {k}"), Some(up), (Some(&url), None));
        cas.push(next);
    }
    // cas = [CA 7, CA 6, ..., CA 1]
    let leaf = leaf(cas.last().unwrap(), Some(&server.url("/ca1.der")), &[]);
    let unrelated = ca("Online Test Unrelated Root", None, (None, None));
    let d = dir("aia-bound");
    let chain = write(&d, "chain.pem", &pem_of("CERTIFICATE", &leaf));
    let roots = write(&d, "roots.pem", &pem_of("CERTIFICATE", &unrelated.der));
    let paths = [
        "/ca7.der", "/ca6.der", "/ca5.der", "/ca4.der", "/ca3.der", "/ca2.der", "/ca1.der",
    ];
    server.start(
        cas.iter()
            .zip(paths)
            .map(|(c, p)| (p, Route::Body("application/pkix-cert", c.der.clone())))
            .collect(),
    );
    let (out, _) = verify(&chain, &roots, &["--fetch-missing", "--format", "json"]);
    let doc = stdout_json(&out);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(server.total_hits(), 5, "MAX_AIA_FETCHES");
    let fetches = doc["fetches"].as_array().unwrap();
    assert_eq!(fetches.len(), 6);
    assert_eq!(
        fetches[5]["outcome"],
        "not fetched: 5 fetches of this kind were already made in this run (the bound)"
    );
    assert_eq!(fetches[5]["url"], server.url("/ca6.der").as_str());
    // The path got as far as the fetches took it: the leaf and CA 1 to CA 5.
    assert_eq!(doc["path"].as_array().unwrap().len(), 6);
    assert!(codes(&doc).contains(&code(5, "issuer_not_found")));
    assert!(codes(&doc).contains(&code(5, "fetch_failed")));
}

#[test]
fn the_run_stops_fetching_when_its_total_time_is_used_up() {
    use certchain::online::{http::HttpLimits, verify, OnlineOptions};
    // Through the library: a total of 400 ms, the first CRL URL answering slowly.
    let (server, chain, roots) =
        crl_setup("crl-total-time", &["/slow.crl", "/int.crl"], |_, int| {
            vec![
                ("/slow.crl", Route::Slow),
                (
                    "/int.crl",
                    Route::Body("application/pkix-crl", crl(int, &[])),
                ),
            ]
        });
    let mut store = certchain::TrustStore::new();
    store.add_path(&roots).unwrap();
    let policy = certchain::Policy {
        time: certchain::CheckTime::At(1_780_272_000), // 2026-06-01
        ..certchain::Policy::default()
    };
    let verifier = certchain::Verifier::new(store, policy);
    let presented = certchain::load_certificates(&chain, certchain::SourceKind::Presented).unwrap();
    let options = OnlineOptions {
        fetch_crls: true,
        limits: HttpLimits {
            timeout: Duration::from_secs(5),
            ..HttpLimits::default()
        },
        total_time: Duration::from_millis(400),
        ..OnlineOptions::default()
    };
    let start = Instant::now();
    let report = verify(&verifier, &presented, &[], None, &options);
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
    let outcomes: Vec<(&str, &str)> = report
        .fetches
        .iter()
        .map(|f| (f.url.rsplit('/').next().unwrap(), f.outcome.as_str()))
        .collect();
    // The first request gets what is left of the 400 ms (399 or 400 ms by then).
    let (first, timed_out) = outcomes[0];
    assert_eq!(first, "slow.crl");
    assert!(
        timed_out.starts_with("no complete answer within 39")
            || timed_out == "no complete answer within 400 ms (timed out)",
        "{timed_out}"
    );
    assert!(timed_out.ends_with(" ms (timed out)"), "{timed_out}");
    assert_eq!(
        outcomes[1..],
        [
            (
                "int.crl",
                "not fetched: the 400 ms allowed for all fetches of this run is used up"
            ),
            (
                "root.crl",
                "not fetched: the 400 ms allowed for all fetches of this run is used up"
            ),
        ]
    );
    assert_eq!(server.hits("/int.crl"), 0);
    assert!(report.is_valid(), "warnings only: {:?}", report.codes());
}

#[test]
fn connect_fetch_missing_completes_what_the_server_sent() {
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
    let mut http = Server::bind();
    let root = ca("Online Test Root CA", None, (None, None));
    let int = ca("Online Test Intermediate CA", Some(&root), (None, None));
    let url = http.url("/int.der");
    let (leaf, key) = leaf_and_key(&int, Some(&url), &[]);
    http.start(HashMap::from([(
        "/int.der",
        Route::Body("application/pkix-cert", int.der.clone()),
    )]));
    let d = dir("connect-fetch-missing");
    let roots = write(&d, "roots.pem", &pem_of("CERTIFICATE", &root.der));

    // A TLS server on 127.0.0.1 that sends the leaf alone, for one connection.
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = Arc::new(
        rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                vec![CertificateDer::from(leaf)],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
            )
            .unwrap(),
    );
    let tls = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = tls.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let (mut sock, _) = tls.accept().unwrap();
        sock.set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut conn = rustls::ServerConnection::new(config).unwrap();
        while conn.is_handshaking() {
            if conn.complete_io(&mut sock).is_err() {
                return;
            }
        }
        let _ = conn.complete_io(&mut sock);
    });

    let out = certchain()
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .args(["connect", &format!("127.0.0.1:{port}"), "--roots", &roots])
        .args(["--host", "www.example.com", "--at", "2026-06-01"])
        .args(["--fetch-missing", "--format", "json"])
        .output()
        .unwrap();
    let doc = stdout_json(&out);
    assert_eq!(out.status.code(), Some(0), "{doc}");
    assert_eq!(doc["connection"]["presented"].as_array().unwrap().len(), 1);
    let report = &doc["report"];
    assert_eq!(report["verdict"], "valid");
    assert_eq!(codes(report), [code(1, "missing_intermediate_fetched")]);
    assert_eq!(report["fetches"][0]["url"], url.as_str());
    assert_eq!(report["fetches"][0]["status"], 200);
}

#[test]
fn a_bundle_of_many_certificates_is_named_within_a_bound() {
    // The answer: six unrelated CA certificates, then the intermediate.
    let (server, chain, roots, _) = missing_intermediate("aia-bundle", "/bundle.pem", |int| {
        let mut pem = String::new();
        for k in 1..=6 {
            pem.push_str(&pem_of(
                "CERTIFICATE",
                &ca(&format!("Other CA {k}"), None, (None, None)).der,
            ));
        }
        pem.push_str(&pem_of("CERTIFICATE", &int.der));
        vec![(
            "/bundle.pem",
            Route::Body("application/x-pem-file", pem.into_bytes()),
        )]
    });
    let (out, _) = verify(&chain, &roots, &["--fetch-missing", "--format", "json"]);
    let doc = stdout_json(&out);
    assert_eq!(out.status.code(), Some(0), "{doc}");
    assert_eq!(
        doc["fetches"][0]["outcome"],
        "7 certificates: CN=Other CA 1, CN=Other CA 2, CN=Other CA 3, CN=Other CA 4, CN=Other CA 5, and 2 more"
    );
    assert_eq!(doc["fetches"][0]["url"], server.url("/bundle.pem").as_str());
    // Only the certificate the path uses is to be added.
    assert_eq!(codes(&doc), [code(1, "missing_intermediate_fetched")]);
}
