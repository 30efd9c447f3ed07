//! A bounded load test of `certchain serve`: requests per second and p50/p99 latency at
//! 1, 8 and 64 concurrent keep-alive clients on 127.0.0.1, errors counted, and the
//! server's peak RSS (VmHWM). The chain is "chain A" of the performance issue: a P-256
//! leaf for www.example.com under an RSA-2048 intermediate and an RSA-2048 root, made
//! from the committed keys in fixtures/keys.
//!
//! ```text
//! cargo build --release && cargo run --release --example serve-load -- [--requests N] [--seconds S] [--bin PATH]
//! ```
//!
//! Each level stops after N requests (default 3000) or S seconds (default 20), whichever
//! comes first. With `certchain batch` in the binary, the same chain is also verified N
//! times by `certchain batch` for the throughput to compare with.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const LEVELS: [usize; 3] = [1, 8, 64];

fn key(name: &str) -> KeyPair {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("fixtures/keys/{name}.pem"));
    KeyPair::from_pem(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn ca(cn: &str) -> CertificateParams {
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    p.use_authority_key_identifier_extension = true;
    p
}

/// Chain A: (chain.pem with leaf and intermediate, roots.pem with the root).
fn chain_a(dir: &Path) -> (PathBuf, PathBuf) {
    let root_key = key("rsa2048-root");
    let int_key = key("rsa2048-int");
    let leaf_key = key("p256-leaf");
    let root = ca("Load Test Root CA").self_signed(&root_key).unwrap();
    let root_issuer = Issuer::new(ca("Load Test Root CA"), &root_key);
    let int = ca("Load Test Intermediate CA")
        .signed_by(&int_key, &root_issuer)
        .unwrap();
    let int_issuer = Issuer::new(ca("Load Test Intermediate CA"), &int_key);
    let mut leaf = CertificateParams::new(vec!["www.example.com".to_string()]).unwrap();
    leaf.distinguished_name
        .push(DnType::CommonName, "www.example.com");
    leaf.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    leaf.use_authority_key_identifier_extension = true;
    let leaf = leaf.signed_by(&leaf_key, &int_issuer).unwrap();
    std::fs::create_dir_all(dir).unwrap();
    let chain = dir.join("chain.pem");
    let roots = dir.join("roots.pem");
    std::fs::write(&chain, format!("{}{}", leaf.pem(), int.pem())).unwrap();
    std::fs::write(&roots, root.pem()).unwrap();
    (chain, roots)
}

/// One keep-alive connection.
struct Client {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Client {
    fn connect(addr: SocketAddr) -> Client {
        let s = TcpStream::connect(addr).unwrap();
        s.set_nodelay(true).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        Client {
            writer: s.try_clone().unwrap(),
            reader: BufReader::new(s),
        }
    }

    /// POST a body; Ok(status, body) or Err on a broken connection.
    fn post(&mut self, path: &str, body: &[u8]) -> std::io::Result<(u16, Vec<u8>)> {
        write!(
            self.writer,
            "POST {path} HTTP/1.1\r\nhost: load\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            body.len()
        )?;
        self.writer.write_all(body)?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
        let mut length = 0usize;
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body)?;
        Ok((status, body))
    }
}

struct Level {
    clients: usize,
    requests: usize,
    errors: usize,
    seconds: f64,
    p50: Duration,
    p99: Duration,
}

fn run_level(
    addr: SocketAddr,
    clients: usize,
    total: usize,
    budget: Duration,
    body: Arc<Vec<u8>>,
) -> Level {
    let issued = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let handles: Vec<_> = (0..clients)
        .map(|_| {
            let issued = Arc::clone(&issued);
            let body = Arc::clone(&body);
            std::thread::spawn(move || {
                let mut client = Client::connect(addr);
                let mut latencies = Vec::new();
                let mut errors = 0usize;
                while issued.fetch_add(1, Ordering::Relaxed) < total && started.elapsed() < budget {
                    let t = Instant::now();
                    match client.post("/v1/verify", &body) {
                        Ok((200, answer))
                            if answer.windows(17).any(|w| w == b"\"verdict\":\"valid\"") => {}
                        Ok(_) => errors += 1,
                        Err(_) => {
                            errors += 1;
                            client = Client::connect(addr);
                        }
                    }
                    latencies.push(t.elapsed());
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for h in handles {
        let (l, e) = h.join().unwrap();
        latencies.extend(l);
        errors += e;
    }
    let seconds = started.elapsed().as_secs_f64();
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    Level {
        clients,
        requests: latencies.len(),
        errors,
        seconds,
        p50: pct(0.50),
        p99: pct(0.99),
    }
}

/// Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`, 100 on Linux).
fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

/// CPU seconds (user + system) of a process, from /proc/PID/stat; with `children`, of
/// its reaped children instead.
fn cpu_seconds(pid: &str, children: bool) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<f64> = rest
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0.0))
        .collect();
    // utime, stime are fields 14 and 15 of stat; cutime, cstime 16 and 17 (1-based, the
    // state being field 3 and the first after the parenthesis).
    let (a, b) = if children { (13, 14) } else { (11, 12) };
    (fields.get(a).copied().unwrap_or(0.0) + fields.get(b).copied().unwrap_or(0.0)) / clock_ticks()
}

fn vm_hwm(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

/// `certchain batch` on N lines of the same chain, when the binary has it: lines/s.
fn batch_throughput(
    bin: &Path,
    chain: &Path,
    roots: &Path,
    n: usize,
    dir: &Path,
) -> Option<(f64, f64)> {
    let help = Command::new(bin).args(["batch", "--help"]).output().ok()?;
    if !help.status.success() {
        return None;
    }
    let jobs = dir.join("jobs.jsonl");
    let pem = std::fs::read_to_string(chain).ok()?;
    let mut lines = String::new();
    for i in 0..n {
        lines.push_str(&serde_json::json!({"id": i.to_string(), "pem": pem}).to_string());
        lines.push('\n');
    }
    std::fs::write(&jobs, lines).ok()?;
    let cpu_before = cpu_seconds("self", true);
    let started = Instant::now();
    let out = Command::new(bin)
        .args([
            "batch",
            jobs.to_str()?,
            "--roots",
            roots.to_str()?,
            "--host",
            "www.example.com",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    let took = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds("self", true) - cpu_before;
    if !out.success() {
        eprintln!(
            "certchain batch did not find every chain valid in {}",
            jobs.display()
        );
        return None;
    }
    Some((n as f64 / took, n as f64 / cpu))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut total = 3000usize;
    let mut budget = Duration::from_secs(20);
    let mut bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/certchain");
    while let Some(a) = args.next() {
        match a.as_str() {
            "--requests" => total = args.next().unwrap().parse().unwrap(),
            "--seconds" => budget = Duration::from_secs_f64(args.next().unwrap().parse().unwrap()),
            "--bin" => bin = PathBuf::from(args.next().unwrap()),
            other => panic!("unknown argument {other}"),
        }
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/serve-load");
    let (chain, roots) = chain_a(&dir);
    let mut server = Command::new(&bin)
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--roots",
            roots.to_str().unwrap(),
            "--host",
            "www.example.com",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e} (cargo build --release first)", bin.display()));
    let mut first = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let addr: SocketAddr = first
        .trim()
        .strip_prefix("listening on http://")
        .unwrap()
        .parse()
        .unwrap();
    let pem = std::fs::read_to_string(&chain).unwrap();
    let body = Arc::new(serde_json::json!({ "pem": pem }).to_string().into_bytes());

    // Warm up (and check the chain is valid).
    let warm = run_level(addr, 1, 100, budget, Arc::clone(&body));
    assert_eq!(
        warm.errors, 0,
        "the warm-up requests failed: is chain A valid?"
    );

    println!("certchain serve, chain A (P-256 <- RSA-2048 <- RSA-2048), POST /v1/verify with PEM, keep-alive, 127.0.0.1");
    println!(
        "cores: {}",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!();
    println!(
        "| clients | requests | errors | req/s | p50 | p99 | server CPU | req per server CPU-s |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    let pid = server.id().to_string();
    let mut best = 0f64;
    let mut best_per_cpu = 0f64;
    for clients in LEVELS {
        let cpu_before = cpu_seconds(&pid, false);
        let l = run_level(addr, clients, total, budget, Arc::clone(&body));
        let cpu = cpu_seconds(&pid, false) - cpu_before;
        let rps = l.requests as f64 / l.seconds;
        let per_cpu = l.requests as f64 / cpu;
        best = best.max(rps);
        best_per_cpu = best_per_cpu.max(per_cpu);
        println!(
            "| {} | {} | {} | {:.0} | {:.2} ms | {:.2} ms | {:.0}% | {:.0} |",
            l.clients,
            l.requests,
            l.errors,
            rps,
            l.p50.as_secs_f64() * 1e3,
            l.p99.as_secs_f64() * 1e3,
            100.0 * cpu / l.seconds,
            per_cpu
        );
    }
    println!();
    println!("server peak RSS (VmHWM): {}", vm_hwm(server.id()));
    let _ = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status();
    let _ = server.wait();
    match batch_throughput(&bin, &chain, &roots, total, &dir) {
        Some((rate, per_cpu)) => {
            println!(
                "certchain batch, the same chain, {total} lines: {rate:.0} chains/s, {per_cpu:.0} chains per CPU-second"
            );
            println!(
                "serve / batch: {:.0}% of the throughput (the load generator shares the cores), {:.0}% per CPU-second",
                100.0 * best / rate,
                100.0 * best_per_cpu / per_cpu
            );
        }
        None => println!("certchain batch: not in this binary"),
    }
}
