//! Every bundle format through the real binary, wherever certificates are read (CHAIN,
//! --intermediates, --roots): PKCS#7 from `openssl crl2pkcs7` (PEM and DER), PKCS#12
//! from `openssl pkcs12 -export` (OpenSSL 3 defaults, -legacy, 3DES, no password, a
//! trust store without keys), a `-trustout` root, an `openssl rehash` directory, and the
//! broken ones: wrong password, corrupt PKCS#7 and PKCS#12, garbage.
//!
//! The inputs are made here with the openssl binary from the valid-rsa fixture. A
//! missing openssl fails under `CI=true` (CI installs it) and is said on stderr elsewhere.

#![allow(
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::as_conversions
)]

mod common;

use common::{certchain, fixture};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

const VALID: &str = "VALID: CN=www.example.com -> CN=Certchain Test Intermediate CA -> \
                     CN=Certchain Test Root CA; first to expire: [0] CN=www.example.com on \
                     2027-01-01 (in 214 days)";

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// A fresh directory for one test's files.
fn dir(test: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cli-formats")
        .join(test);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Run openssl with `args`; `None` (after saying so, or failing under CI) when there is
/// no openssl binary here.
fn openssl(test: &str, args: &[&str]) -> Option<String> {
    let out = match Command::new("openssl").args(args).output() {
        Ok(out) => out,
        Err(e) => {
            assert!(
                !in_ci(),
                "{test}: no openssl binary ({e}); CI must provide it (.ci/run installs it)"
            );
            let _ = writeln!(std::io::stderr(), "SKIPPED {test}: no openssl binary");
            return None;
        }
    };
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `certchain ARGS` with no password in the environment: (exit code, stdout, stderr).
fn run(args: &[&str], env_password: Option<&str>) -> (Option<i32>, String, String) {
    let mut c = certchain();
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("CERTCHAIN_PKCS12_PASSWORD")
        .args(args);
    if let Some(p) = env_password {
        c.env("CERTCHAIN_PKCS12_PASSWORD", p);
    }
    let out = c.output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// `certchain verify CHAIN` against the valid-rsa root at the fixtures' time, host checked.
fn verify(
    chain: &str,
    extra: &[&str],
    env_password: Option<&str>,
) -> (Option<i32>, String, String) {
    let roots = fixture("valid-rsa", "roots.pem");
    let mut args = vec![
        "verify",
        chain,
        "--roots",
        &roots,
        "--host",
        "www.example.com",
        "--at",
        "2026-06-01",
    ];
    args.extend(extra);
    run(&args, env_password)
}

/// Assert exit 2 with one `error:` line and nothing on stdout; return that line.
fn fails(out: (Option<i32>, String, String)) -> String {
    let (code, stdout, stderr) = out;
    assert_eq!(code, Some(2), "{stdout}{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr.trim_end().to_string()
}

fn valid(out: (Option<i32>, String, String)) -> String {
    let (code, stdout, stderr) = out;
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert_eq!(stdout.lines().last().unwrap(), VALID, "{stdout}");
    stdout
}

#[test]
fn pkcs7_from_crl2pkcs7_pem_and_der() {
    let d = dir("pkcs7");
    let chain = fixture("valid-rsa", "chain.pem");
    let (pem, der) = (d.join("chain.p7b"), d.join("chain.p7c"));
    let Some(_) = openssl(
        "pkcs7",
        &["crl2pkcs7", "-nocrl", "-certfile", &chain, "-out", s(&pem)],
    ) else {
        return;
    };
    openssl(
        "pkcs7",
        &[
            "crl2pkcs7",
            "-nocrl",
            "-certfile",
            &chain,
            "-outform",
            "DER",
            "-out",
            s(&der),
        ],
    );
    assert!(std::fs::read_to_string(&pem)
        .unwrap()
        .starts_with("-----BEGIN PKCS7-----"));
    let out = valid(verify(s(&pem), &[], None));
    assert!(out.contains(&format!("from      {} #2", s(&pem))), "{out}");
    let out = valid(verify(s(&der), &[], None));
    assert!(out.contains(&format!("from      {} #1", s(&der))), "{out}");

    // As --intermediates beside the leaf alone.
    let leaf = d.join("leaf.pem");
    let text = std::fs::read_to_string(&chain).unwrap();
    let end = text.find("-----END CERTIFICATE-----").unwrap() + 26;
    std::fs::write(&leaf, &text[..end]).unwrap();
    valid(verify(s(&leaf), &["--intermediates", s(&der)], None));
}

#[test]
fn corrupt_pkcs7_is_an_input_error() {
    let d = dir("corrupt-pkcs7");
    let chain = fixture("valid-rsa", "chain.pem");
    let der = d.join("chain.p7c");
    let Some(_) = openssl(
        "corrupt_pkcs7",
        &[
            "crl2pkcs7",
            "-nocrl",
            "-certfile",
            &chain,
            "-outform",
            "DER",
            "-out",
            s(&der),
        ],
    ) else {
        return;
    };
    let bytes = std::fs::read(&der).unwrap();
    let cut = d.join("cut.p7c");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    assert_eq!(
        fails(verify(s(&cut), &[], None)),
        format!(
            "error: {}: corrupt PKCS#7: the ContentInfo SEQUENCE is truncated or malformed",
            s(&cut)
        )
    );
    // The same, base64 in a PKCS7 block: the block and its line are named.
    let pem = d.join("cut.p7b");
    let body = ::pem::encode(&::pem::Pem::new("PKCS7", bytes[..bytes.len() / 2].to_vec()));
    std::fs::write(&pem, format!("# a bundle\n{body}")).unwrap();
    assert_eq!(
        fails(verify(s(&pem), &[], None)),
        format!(
            "error: {}: PEM block 1 (line 2): corrupt PKCS#7: the ContentInfo SEQUENCE is \
             truncated or malformed",
            s(&pem)
        )
    );
    // As --roots too.
    let (code, _, err) = run(&["verify", &chain, "--roots", s(&cut)], None);
    assert_eq!(code, Some(2));
    assert!(err.contains("corrupt PKCS#7"), "{err}");
}

#[test]
fn garbage_names_the_formats_tried() {
    let d = dir("garbage");
    let junk = d.join("junk.bin");
    std::fs::write(
        &junk,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR not a certificate",
    )
    .unwrap();
    let expected = format!(
        "error: {}: not a certificate file (tried PEM, DER, PKCS#7, PKCS#12)",
        s(&junk)
    );
    assert_eq!(fails(verify(s(&junk), &[], None)), expected);
    let chain = fixture("valid-rsa", "chain.pem");
    assert_eq!(
        fails(run(&["verify", &chain, "--roots", s(&junk)], None)),
        expected
    );
    assert_eq!(
        fails(run(&["verify", &chain, "--intermediates", s(&junk)], None)),
        expected
    );
}

/// `openssl pkcs12 -export` of the valid-rsa chain with the leaf's key.
fn export_p12(test: &str, d: &Path, name: &str, extra: &[&str]) -> Option<PathBuf> {
    let out = d.join(name);
    let chain = fixture("valid-rsa", "chain.pem");
    let key = format!(
        "{}/fixtures/keys/rsa2048-leaf.pem",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut args = vec![
        "pkcs12",
        "-export",
        "-in",
        &chain,
        "-inkey",
        &key,
        "-out",
        s(&out),
    ];
    args.extend(extra);
    openssl(test, &args)?;
    Some(out)
}

#[test]
fn pkcs12_openssl3_default_with_a_password() {
    let d = dir("pkcs12-default");
    let Some(p12) = export_p12(
        "pkcs12_default",
        &d,
        "site.p12",
        &["-passout", "pass:s3cret"],
    ) else {
        return;
    };
    // What is tested: OpenSSL 3's defaults.
    let info = openssl(
        "pkcs12_default",
        &[
            "pkcs12",
            "-info",
            "-noout",
            "-in",
            s(&p12),
            "-passin",
            "pass:s3cret",
        ],
    )
    .unwrap();
    assert!(info.contains("MAC: sha256"), "{info}");
    assert!(info.contains("PBES2, PBKDF2, AES-256-CBC"), "{info}");

    let skipped = format!(
        "Skipped 1 non-certificate block in {}: PKCS#12 encrypted private key (bag 3); \
         contents neither read nor shown",
        s(&p12)
    );
    let pw = d.join("password.txt");
    std::fs::write(&pw, "s3cret\nthe second line is not read\n").unwrap();
    let out = valid(verify(s(&p12), &["--password-file", s(&pw)], None));
    assert_eq!(out.lines().next().unwrap(), skipped);
    let out = valid(verify(s(&p12), &[], Some("s3cret")));
    assert_eq!(out.lines().next().unwrap(), skipped);
    assert!(!out.contains("s3cret"));

    // The file wins over the environment.
    valid(verify(s(&p12), &["--password-file", s(&pw)], Some("wrong")));

    // JSON lists the key bag as skipped, by number, without contents.
    let (code, stdout, _) = verify(s(&p12), &["--format", "json"], Some("s3cret"));
    assert_eq!(code, Some(0));
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        doc["skipped_blocks"],
        serde_json::json!([{"file": s(&p12), "block": 3, "line": 0,
                            "type": "PKCS#12 encrypted private key"}])
    );
}

#[test]
fn pkcs12_wrong_or_missing_password() {
    let d = dir("pkcs12-password");
    let Some(p12) = export_p12(
        "pkcs12_password",
        &d,
        "site.p12",
        &["-passout", "pass:s3cret"],
    ) else {
        return;
    };
    let hint = "; give it with --password-file FILE or CERTCHAIN_PKCS12_PASSWORD";
    assert_eq!(
        fails(verify(s(&p12), &[], Some("not-it"))),
        format!(
            "error: {}: PKCS#12: wrong password (the MAC does not verify){hint}",
            s(&p12)
        )
    );
    assert_eq!(
        fails(verify(s(&p12), &[], None)),
        format!(
            "error: {}: PKCS#12: needs a password (none was given, and the empty password \
             does not open it){hint}",
            s(&p12)
        )
    );
    assert_eq!(
        fails(verify(s(&p12), &["--password-file", "no/such/file"], None)),
        "error: --password-file no/such/file: no such file"
    );
    // JSON: the error object, kind input.
    let (code, stdout, _) = verify(s(&p12), &["--format", "json"], Some("not-it"));
    assert_eq!(code, Some(2));
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["error"]["kind"], "input");
}

#[test]
fn pkcs12_empty_password_legacy_and_3des() {
    let d = dir("pkcs12-variants");
    let Some(empty) = export_p12("pkcs12_variants", &d, "empty.p12", &["-passout", "pass:"]) else {
        return;
    };
    valid(verify(s(&empty), &[], None));

    let legacy = export_p12(
        "pkcs12_variants",
        &d,
        "legacy.p12",
        &["-legacy", "-passout", "pass:s3cret"],
    )
    .unwrap();
    let info = openssl(
        "pkcs12_variants",
        &[
            "pkcs12",
            "-legacy",
            "-info",
            "-noout",
            "-in",
            s(&legacy),
            "-passin",
            "pass:s3cret",
        ],
    )
    .unwrap();
    assert!(info.contains("MAC: sha1"), "{info}");
    assert!(info.contains("pbeWithSHA1And40BitRC2-CBC"), "{info}");
    valid(verify(s(&legacy), &[], Some("s3cret")));
    assert!(fails(verify(s(&legacy), &[], Some("nope"))).contains("wrong password"));

    let tdes = export_p12(
        "pkcs12_variants",
        &d,
        "3des.p12",
        &["-certpbe", "PBE-SHA1-3DES", "-passout", "pass:s3cret"],
    )
    .unwrap();
    valid(verify(s(&tdes), &[], Some("s3cret")));

    // Cut short: corrupt, not a password problem.
    let bytes = std::fs::read(&empty).unwrap();
    let cut = d.join("cut.p12");
    std::fs::write(&cut, &bytes[..1000]).unwrap();
    let e = fails(verify(s(&cut), &[], None));
    assert!(
        e.starts_with(&format!("error: {}: corrupt PKCS#12: PFX: ", s(&cut))),
        "{e}"
    );
}

#[test]
fn pkcs12_trust_store_as_roots() {
    let d = dir("pkcs12-roots");
    let store = d.join("truststore.p12");
    let root = fixture("valid-rsa", "roots.pem");
    let Some(_) = openssl(
        "pkcs12_roots",
        &[
            "pkcs12",
            "-export",
            "-nokeys",
            "-in",
            &root,
            "-passout",
            "pass:changeit",
            "-out",
            s(&store),
        ],
    ) else {
        return;
    };
    let chain = fixture("valid-rsa", "chain.pem");
    let args = [
        "verify",
        &chain,
        "--roots",
        s(&store),
        "--host",
        "www.example.com",
        "--at",
        "2026-06-01",
    ];
    let (code, out, err) = run(&args, Some("changeit"));
    assert_eq!(code, Some(0), "{out}{err}");
    assert_eq!(
        out.lines().nth(1).unwrap(),
        format!("Trust store: {} (1)", s(&store))
    );
    assert_eq!(out.lines().last().unwrap(), VALID);
    // An archive with a private key is no trust store.
    let site = export_p12(
        "pkcs12_roots",
        &d,
        "site.p12",
        &["-passout", "pass:changeit"],
    )
    .unwrap();
    let args = ["verify", &chain, "--roots", s(&site)];
    assert_eq!(
        fails(run(&args, Some("changeit"))),
        format!(
            "error: {}: PKCS#12 encrypted private key (bag 3): not a certificate, where only \
             certificates were expected",
            s(&site)
        )
    );
}

#[test]
fn trusted_certificate_root_with_its_trust_settings() {
    let d = dir("trustout");
    let root = fixture("valid-rsa", "roots.pem");
    let server = d.join("server-root.pem");
    let Some(_) = openssl(
        "trustout",
        &[
            "x509",
            "-in",
            &root,
            "-trustout",
            "-addtrust",
            "serverAuth",
            "-out",
            s(&server),
        ],
    ) else {
        return;
    };
    assert!(std::fs::read_to_string(&server)
        .unwrap()
        .starts_with("-----BEGIN TRUSTED CERTIFICATE-----"));
    let chain = fixture("valid-rsa", "chain.pem");
    let base = [
        "verify",
        &chain,
        "--host",
        "www.example.com",
        "--at",
        "2026-06-01",
    ];
    let (code, out, err) = run(&[&base[..], &["--roots", s(&server)]].concat(), None);
    assert_eq!(code, Some(0), "{out}{err}");
    assert_eq!(out.lines().last().unwrap(), VALID);

    // roots list shows the settings.
    let (code, out, _) = run(&["roots", "list", "--roots", s(&server)], None);
    assert_eq!(code, Some(0));
    assert_eq!(
        out,
        "2035-01-01  RSA 2048     d8375e17e2b280f203583e3fb7f78cc2810756ee2c61b3887badf28601312a79  \
         C=XX, O=Certchain Test, CN=Certchain Test Root CA  [trusted: serverAuth; rejected: none]\n"
    );

    // A root whose settings reject serverAuth anchors no server chain.
    let rejecting = d.join("rejecting-root.pem");
    openssl(
        "trustout",
        &[
            "x509",
            "-in",
            &root,
            "-trustout",
            "-addreject",
            "serverAuth",
            "-out",
            s(&rejecting),
        ],
    );
    let (code, out, _) = run(&[&base[..], &["--roots", s(&rejecting)]].concat(), None);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.lines().last().unwrap().starts_with("INVALID: "),
        "{out}"
    );
    assert_eq!(
        out.lines().nth(1).unwrap(),
        format!(
            "Trust store: {} (1); 1 not trusted for purpose server by their OpenSSL trust settings",
            s(&rejecting)
        )
    );
    // One trusted for emailProtection only anchors no server chain either.
    let email = d.join("email-root.pem");
    openssl(
        "trustout",
        &[
            "x509",
            "-in",
            &root,
            "-trustout",
            "-addtrust",
            "emailProtection",
            "-out",
            s(&email),
        ],
    );
    let (code, out, _) = run(&[&base[..], &["--roots", s(&email)]].concat(), None);
    assert_eq!(code, Some(1), "{out}");
}

#[test]
fn openssl_rehash_directory_loads_each_certificate_once() {
    let d = dir("rehash");
    std::fs::copy(fixture("valid-rsa", "roots.pem"), d.join("rsa-root.pem")).unwrap();
    std::fs::copy(
        fixture("valid-ecdsa-p256", "roots.pem"),
        d.join("ec-root.pem"),
    )
    .unwrap();
    // A CRL, which rehash links as HASH.r0: passed over.
    std::fs::copy(fixture("crl-revoked", "int.crl.pem"), d.join("int.crl")).unwrap();
    let Some(_) = openssl("rehash", &["rehash", s(&d)]) else {
        return;
    };
    let names: Vec<String> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names.iter().filter(|n| n.ends_with(".0")).count(),
        2,
        "{names:?}"
    );
    assert_eq!(
        names.iter().filter(|n| n.ends_with(".r0")).count(),
        1,
        "{names:?}"
    );

    let chain = fixture("valid-rsa", "chain.pem");
    let args = [
        "verify",
        &chain,
        "--roots",
        s(&d),
        "--host",
        "www.example.com",
        "--at",
        "2026-06-01",
    ];
    let (code, out, err) = run(&args, None);
    assert_eq!(code, Some(0), "{out}{err}");
    assert_eq!(
        out.lines().nth(1).unwrap(),
        format!("Trust store: {} (2)", s(&d))
    );
    assert_eq!(out.lines().last().unwrap(), VALID);

    let (code, out, _) = run(&["roots", "list", "--roots", s(&d)], None);
    assert_eq!(code, Some(0));
    assert_eq!(out.lines().count(), 2, "{out}");
}

#[test]
fn broken_trust_settings_are_an_input_error() {
    let d = dir("broken-trust");
    let root = std::fs::read_to_string(fixture("valid-rsa", "roots.pem")).unwrap();
    let mut der = ::pem::parse(root).unwrap().into_contents();
    der.extend([0x04, 0x00]); // an OCTET STRING where X509_CERT_AUX belongs
    let file = d.join("trusted.pem");
    std::fs::write(
        &file,
        ::pem::encode(&::pem::Pem::new("TRUSTED CERTIFICATE", der)),
    )
    .unwrap();
    let chain = fixture("valid-rsa", "chain.pem");
    assert_eq!(
        fails(run(&["verify", &chain, "--roots", s(&file)], None)),
        format!(
            "error: {}: PEM block 1 (line 1): the trust settings after the certificate are \
             malformed",
            s(&file)
        )
    );
}

/// Every truncation and many byte flips of a real PKCS#7 and PKCS#12 file end in a
/// result or an input error that names the file: never a panic.
#[test]
fn mutated_bundles_never_panic() {
    use certchain::{LoadOptions, SourceKind};
    let d = dir("mutated");
    let chain = fixture("valid-rsa", "chain.pem");
    let p7 = d.join("chain.p7c");
    let Some(_) = openssl(
        "mutated",
        &[
            "crl2pkcs7",
            "-nocrl",
            "-certfile",
            &chain,
            "-outform",
            "DER",
            "-out",
            s(&p7),
        ],
    ) else {
        return;
    };
    let p12 = export_p12("mutated", &d, "site.p12", &["-passout", "pass:pw"]).unwrap();
    let options = LoadOptions::default().with_password("pw");
    // PKCS#12 checks a MAC and decrypts each time: fewer, wider-spaced mutations.
    for (file, step) in [(&p7, 3), (&p12, 13)] {
        let bytes = std::fs::read(file).unwrap();
        let check = |mutated: &[u8]| {
            if let Err(e) =
                certchain::read_certificates_with("m", mutated, SourceKind::Presented, &options)
            {
                let text = e.to_string();
                assert!(text.starts_with("m: ") && !text.contains('\n'), "{text}");
            }
        };
        for len in (0..bytes.len()).step_by(step) {
            check(&bytes[..len]);
        }
        for i in (0..bytes.len()).step_by(step + 2) {
            let mut m = bytes.clone();
            m[i] ^= 0x5a;
            check(&m);
        }
    }
}
