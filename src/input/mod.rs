//! Reading certificates from files and bytes, the format told by the content: PEM
//! bundles (text around the blocks is ignored, as in a fullchain.pem), a single DER
//! certificate, PKCS#7 bundles (DER or PEM) and PKCS#12 archives (feature `formats`).
//! Every problem names the file and, in a bundle, the block and its line. Certificates
//! may be labelled `CERTIFICATE`, `X509 CERTIFICATE` or `TRUSTED CERTIFICATE` (OpenSSL's
//! trust settings are read, see [`TrustSettings`]); [`read_certificates`] passes over the
//! keys and parameters of a combined certificate-and-key file and says so.

mod crl;
mod detect;
mod host;
mod ocsp;
mod pem;
#[cfg(feature = "formats")]
mod pkcs12;
mod pkcs7;

use detect::FORMATS_TRIED;
#[cfg(feature = "formats")]
pub use pkcs12::MAX_PKCS12_ITERATIONS;

#[cfg(feature = "batch")]
pub(crate) use pem::decode as decode_pem;
pub(crate) use pem::{decode_blocks, Block};

use crate::model::Certificate;
use crate::wording::with_article;
use serde::Serialize;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// Largest input file certchain reads. A chain is a few kilobytes and the biggest system
/// trust stores are under 1 MiB; 16 MiB leaves room while bounding memory on hostile input.
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// Largest number of PEM blocks (certificates, and the keys and the like passed over)
/// taken from one input. Real chains have under 10 and trust stores a few hundred;
/// 10,000 bounds the work of a hostile bundle.
pub const MAX_CERTS_PER_INPUT: usize = 10_000;

/// Where a certificate came from.
///
/// ```
/// use certchain::{Source, SourceKind};
///
/// let chain = certchain::parse_certificates(
///     "chain.pem", include_bytes!("../../fixtures/valid-rsa/chain.pem"), SourceKind::Presented,
/// ).unwrap();
/// let expected = Source { kind: SourceKind::Presented, name: "chain.pem".into(), position: Some(2) };
/// assert_eq!(chain[1].source, expected);
/// assert_eq!(expected.to_string(), "chain.pem #2");
///
/// let root = Source { kind: SourceKind::RootStore, name: "roots.pem".into(), position: Some(1) };
/// assert_eq!(root.to_string(), "root store roots.pem #1");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Source {
    /// What kind of input it was.
    pub kind: SourceKind,
    /// The file name (or `-` for stdin, or the store's name).
    pub name: String,
    /// 1-based position of the certificate in that input, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<usize>,
}

/// The kinds of input: the chain being verified, extra intermediates to build paths
/// with, or trust anchors.
///
/// ```
/// use certchain::SourceKind;
///
/// let pem = include_bytes!("../../fixtures/valid-rsa/chain.pem");
/// let extra = certchain::parse_certificates("extra.pem", pem, SourceKind::Intermediates).unwrap();
/// assert!(extra.iter().all(|c| c.source.kind == SourceKind::Intermediates));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// The chain being verified (leaf first).
    Presented,
    /// Extra untrusted certificates for path building.
    Intermediates,
    /// A trust anchor store.
    RootStore,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.kind, self.position) {
            (SourceKind::RootStore, Some(p)) => write!(f, "root store {} #{p}", self.name),
            (SourceKind::RootStore, None) => write!(f, "root store {}", self.name),
            (_, Some(p)) => write!(f, "{} #{}", self.name, p),
            (_, None) => f.write_str(&self.name),
        }
    }
}

/// A parsed certificate and where it came from.
///
/// ```
/// use certchain::SourceKind;
///
/// let chain = certchain::parse_certificates(
///     "chain.pem", include_bytes!("../../fixtures/valid-rsa/chain.pem"), SourceKind::Presented,
/// ).unwrap();
/// let leaf = &chain[0];
/// assert_eq!(leaf.cert.subject(), "CN=www.example.com");
/// assert_eq!(leaf.source.position, Some(1));
/// ```
#[derive(Clone, Debug)]
pub struct SourcedCert {
    /// The certificate.
    pub cert: Arc<Certificate>,
    /// Its origin.
    pub source: Source,
}

/// Bad input: always names the file and, where it applies, the place in it; or the
/// name a user typed that is no host name or e-mail address.
///
/// ```
/// use certchain::{InputError, SourceKind};
///
/// let err = certchain::load_certificates("no/such/chain.pem", SourceKind::Presented).unwrap_err();
/// assert!(matches!(err, InputError::Io { .. }));
/// assert_eq!(err.to_string(), "no/such/chain.pem: no such file");
///
/// let garbage = b"\x30\x82\xff\xff not a certificate";
/// let err = certchain::parse_certificates("junk.der", garbage, SourceKind::Presented).unwrap_err();
/// assert!(err.to_string().starts_with("junk.der: "), "{err}");
///
/// let pem = b"-----BEGIN CERTIFICATE-----\nbm90IERFUg==\n-----END CERTIFICATE-----\n";
/// let err = certchain::parse_certificates("bad.pem", pem, SourceKind::Presented).unwrap_err();
/// assert!(matches!(err, InputError::Pem { block: 1, line: 1, .. }), "{err}");
/// ```
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputError {
    /// The file could not be read.
    #[error("{file}: {reason}")]
    Io {
        /// file name
        file: String,
        /// what went wrong
        reason: String,
    },
    /// The input holds no certificate at all.
    #[error("{file}: {reason}")]
    Empty {
        /// file name
        file: String,
        /// what was found instead
        reason: String,
    },
    /// One PEM block is broken.
    #[error("{file}: PEM block {block} (line {line}): {reason}")]
    Pem {
        /// file name
        file: String,
        /// 1-based block number
        block: usize,
        /// 1-based line of its BEGIN line
        line: usize,
        /// what is wrong
        reason: String,
    },
    /// A DER file does not parse.
    #[error("{file}: {reason}")]
    Der {
        /// file name
        file: String,
        /// what is wrong
        reason: String,
    },
    /// A PKCS#12 archive does not open with the password given (or, with none, with the
    /// empty password).
    #[error("{file}: {reason}")]
    Password {
        /// file name
        file: String,
        /// what is wrong
        reason: String,
    },
    /// A host to check is neither a DNS name nor an IP address ([`HostName::parse`]).
    ///
    /// [`HostName::parse`]: crate::HostName::parse
    #[error("{0:?} is neither a valid DNS name nor an IP address")]
    NotAHost(String),
    /// An e-mail address to check is not one ([`ExpectedName::email`]).
    ///
    /// [`ExpectedName::email`]: crate::ExpectedName::email
    #[error("{0:?} is not a valid e-mail address")]
    NotAnEmail(String),
    /// A check time given as text that is neither RFC 3339 nor a date
    /// ([`CheckTime::parse`]).
    ///
    /// [`CheckTime::parse`]: crate::CheckTime::parse
    #[error("{0:?}: not an RFC 3339 time (2026-06-01T12:00:00Z) or a date (2026-06-01)")]
    NotATime(String),
    /// A setting given as text (a purpose, a profile, a revocation scope) that is none of
    /// its choices, e.g. from [`Profile::parse`].
    ///
    /// [`Profile::parse`]: crate::Profile::parse
    #[error("unknown {what} {value:?}: use {choices}")]
    UnknownChoice {
        /// what was being chosen ("purpose", "profile", "scope")
        what: &'static str,
        /// the text given
        value: String,
        /// the choices, in words
        choices: &'static str,
    },
}

/// Read a file (or stdin for `-`) within [`MAX_INPUT_BYTES`].
pub fn read_input(path: &str) -> Result<Vec<u8>, InputError> {
    use std::io::Read;
    let io = |reason: String| InputError::Io {
        file: path.to_string(),
        reason,
    };
    let mut buf = Vec::new();
    if path == "-" {
        std::io::stdin()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut buf)
            .map_err(|e| io(format!("cannot read stdin: {e}")))?;
    } else {
        let p = Path::new(path);
        let meta = std::fs::metadata(p).map_err(|e| io(describe_io(&e)))?;
        if meta.is_dir() {
            return Err(io("is a directory, not a certificate file".into()));
        }
        std::fs::File::open(p)
            .and_then(|f| f.take(MAX_INPUT_BYTES + 1).read_to_end(&mut buf))
            .map_err(|e| io(describe_io(&e)))?;
    }
    if u64::try_from(buf.len()).map_or(true, |n| n > MAX_INPUT_BYTES) {
        return Err(io(format!(
            "larger than {} MiB; not a certificate file",
            MAX_INPUT_BYTES >> 20
        )));
    }
    Ok(buf)
}

fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// A PEM block that was not read because it cannot hold a certificate: the private key
/// of a combined certificate-and-key file, DH parameters, a CSR. Only its type and place
/// are kept; its contents are never decoded or shown.
///
/// ```
/// use certchain::SourceKind;
///
/// let mut combined = String::from(include_str!("../../fixtures/valid-rsa/chain.pem"));
/// combined.push_str("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
/// let loaded = certchain::read_certificates("combined.pem", combined.as_bytes(), SourceKind::Presented).unwrap();
/// let key = &loaded.skipped[0];
/// assert_eq!((key.file.as_str(), key.block, key.label.as_str()), ("combined.pem", 3, "PRIVATE KEY"));
/// assert!(key.to_string().starts_with("PRIVATE KEY (block 3, line "), "{key}");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SkippedBlock {
    /// The file it is in.
    pub file: String,
    /// 1-based block number.
    pub block: usize,
    /// 1-based line of its BEGIN line.
    pub line: usize,
    /// Its PEM label, e.g. `PRIVATE KEY`.
    #[serde(rename = "type")]
    pub label: String,
}

impl fmt::Display for SkippedBlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            // A bag of a binary archive (PKCS#12): it has a number, no line.
            return write!(f, "{} (bag {})", self.label, self.block);
        }
        write!(
            f,
            "{} (block {}, line {})",
            self.label, self.block, self.line
        )
    }
}

/// Certificates read from one input, with the non-certificate blocks passed over.
///
/// ```
/// use certchain::SourceKind;
///
/// let combined = format!(
///     "{}-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n",
///     include_str!("../../fixtures/valid-rsa/chain.pem"),
/// );
/// let loaded = certchain::read_certificates("site.pem", combined.as_bytes(), SourceKind::Presented).unwrap();
/// assert_eq!(loaded.certs.len(), 2);
/// assert_eq!(loaded.certs[0].cert.subject(), "CN=www.example.com");
/// assert_eq!(loaded.skipped.len(), 1);
/// assert_eq!(loaded.skipped[0].label, "RSA PRIVATE KEY");
/// ```
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    /// The certificates, in input order.
    pub certs: Vec<SourcedCert>,
    /// The blocks skipped because they hold no certificate.
    pub skipped: Vec<SkippedBlock>,
    /// The OpenSSL trust settings of the `TRUSTED CERTIFICATE` blocks, by the position of
    /// their certificate.
    pub trust: Vec<(usize, TrustSettings)>,
}

/// OpenSSL's trust settings for a certificate, as a `TRUSTED CERTIFICATE` block carries
/// them after the certificate (`openssl x509 -trustout -addtrust serverAuth`): the
/// purposes it is trusted and rejected for (extended key usage names such as
/// `serverAuth`, or dotted OIDs) and its alias. A trust store uses such a certificate as
/// an anchor only for a purpose these allow (see `TrustStore`).
///
/// ```
/// use certchain::SourceKind;
///
/// let pem = include_str!("../../fixtures/valid-rsa/roots.pem");
/// let der = ::pem::parse(pem).unwrap().into_contents();
/// // The certificate, then X509_CERT_AUX { trust: [serverAuth] }.
/// let mut trusted = der.clone();
/// trusted.extend([0x30, 0x0c, 0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01]);
/// let block = ::pem::encode(&::pem::Pem::new("TRUSTED CERTIFICATE", trusted));
/// let loaded = certchain::read_certificates("root.pem", block.as_bytes(), SourceKind::RootStore).unwrap();
/// assert_eq!(loaded.certs[0].cert.der(), &der[..]);
/// let (position, trust) = &loaded.trust[0];
/// assert_eq!((*position, trust.trusted.as_slice()), (1, &["serverAuth".to_string()][..]));
/// assert!(trust.rejected.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TrustSettings {
    /// The purposes trusted; empty: none named.
    pub trusted: Vec<String>,
    /// The purposes rejected.
    pub rejected: Vec<String>,
    /// The alias (friendly name), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
}

/// How to read inputs that need more than their bytes: the password of a PKCS#12 archive.
/// Without one, an archive is opened with the empty password, as `openssl pkcs12` does.
/// The password is never shown (`Debug` prints `<hidden>`).
///
/// ```
/// use certchain::LoadOptions;
///
/// let options = LoadOptions::default().with_password("s3cret");
/// assert_eq!(format!("{options:?}"), "LoadOptions { pkcs12_password: <hidden> }");
/// let loaded = certchain::load_all_with(
///     "fixtures/valid-rsa/chain.pem", certchain::SourceKind::Presented, &options,
/// ).unwrap();
/// assert_eq!(loaded.certs.len(), 2);
/// ```
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct LoadOptions {
    /// The password of PKCS#12 archives.
    pub pkcs12_password: Option<String>,
}

impl LoadOptions {
    /// These options with a PKCS#12 password.
    pub fn with_password(mut self, password: impl Into<String>) -> Self {
        self.pkcs12_password = Some(password.into());
        self
    }
}

impl fmt::Debug for LoadOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = if self.pkcs12_password.is_some() {
            "<hidden>"
        } else {
            "None"
        };
        write!(f, "LoadOptions {{ pkcs12_password: {shown} }}")
    }
}

/// Decode and parse every certificate of one input; a PEM block of any other type is an
/// error (see [`read_certificates`] to pass over keys and the like).
///
/// ```
/// use certchain::{InputError, SourceKind};
///
/// let pem = include_bytes!("../../fixtures/valid-rsa/chain.pem");
/// let chain = certchain::parse_certificates("chain.pem", pem, SourceKind::Presented).unwrap();
/// assert_eq!(chain.len(), 2);
/// assert_eq!(chain[0].source.to_string(), "chain.pem #1");
///
/// let err = certchain::parse_certificates("empty.pem", b"", SourceKind::Presented).unwrap_err();
/// assert!(matches!(err, InputError::Empty { .. }));
/// ```
pub fn parse_certificates(
    file: &str,
    bytes: &[u8],
    kind: SourceKind,
) -> Result<Vec<SourcedCert>, InputError> {
    let loaded = read(file, bytes, kind, &LoadOptions::default(), false)?;
    Ok(loaded.certs)
}

/// Decode and parse every certificate of one input, passing over the PEM blocks that
/// can never hold a certificate (the private key of a combined file, parameters, ...)
/// and listing them in [`Loaded::skipped`].
///
/// ```
/// use certchain::SourceKind;
///
/// let mut combined = include_bytes!("../../fixtures/valid-rsa/chain.pem").to_vec();
/// combined.extend_from_slice(b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
/// let loaded = certchain::read_certificates("combined.pem", &combined, SourceKind::Presented).unwrap();
/// assert_eq!(loaded.certs.len(), 2);
/// assert_eq!(loaded.skipped.len(), 1);
/// ```
pub fn read_certificates(file: &str, bytes: &[u8], kind: SourceKind) -> Result<Loaded, InputError> {
    read(file, bytes, kind, &LoadOptions::default(), true)
}

/// [`read_certificates`] with [`LoadOptions`] (a PKCS#12 password).
///
/// ```
/// use certchain::{LoadOptions, SourceKind};
///
/// let pem = include_bytes!("../../fixtures/valid-rsa/chain.pem");
/// let options = LoadOptions::default().with_password("changeit");
/// let loaded = certchain::read_certificates_with("chain.pem", pem, SourceKind::Presented, &options).unwrap();
/// assert_eq!(loaded.certs.len(), 2);
/// let err = certchain::read_certificates_with("x.bin", b"\x00\x01", SourceKind::Presented, &options).unwrap_err();
/// assert_eq!(err.to_string(), "x.bin: not a certificate file (tried PEM, DER, PKCS#7, PKCS#12)");
/// ```
pub fn read_certificates_with(
    file: &str,
    bytes: &[u8],
    kind: SourceKind,
    options: &LoadOptions,
) -> Result<Loaded, InputError> {
    read(file, bytes, kind, options, true)
}

/// Read one input of any format, told by its content. `skip_others`: pass over what
/// cannot hold a certificate (PEM keys and parameters, PKCS#12 key bags) and list it;
/// otherwise that is an error.
pub(crate) fn read(
    file: &str,
    bytes: &[u8],
    kind: SourceKind,
    options: &LoadOptions,
    skip_others: bool,
) -> Result<Loaded, InputError> {
    let empty = bytes.iter().all(|b| b.is_ascii_whitespace());
    let looks_pem = bytes.windows(10).any(|w| w == b"-----BEGIN");
    let (blocks, skipped) = if empty || looks_pem {
        pem::decode(file, bytes, "CERTIFICATE", skip_others)?
    } else {
        match detect::sniff(bytes) {
            detect::BinaryKind::Certificate => pem::decode(file, bytes, "CERTIFICATE", false)?,
            detect::BinaryKind::Pkcs7 => (pkcs7_blocks(file, bytes)?, Vec::new()),
            detect::BinaryKind::Pkcs12 => pkcs12_blocks(file, bytes, options, skip_others)?,
            detect::BinaryKind::Unknown => {
                return Err(InputError::Empty {
                    file: file.into(),
                    reason: format!("not a certificate file (tried {FORMATS_TRIED})"),
                })
            }
        }
    };
    let trust = blocks
        .iter()
        .filter_map(|b| b.trust.clone().map(|t| (b.position, t)))
        .collect();
    Ok(Loaded {
        certs: parse_blocks(file, blocks, kind)?,
        skipped,
        trust,
    })
}

/// A DER PKCS#7 bundle's certificates, numbered from 1.
fn pkcs7_blocks(file: &str, bytes: &[u8]) -> Result<Vec<Block>, InputError> {
    let certs = pkcs7::certificates(bytes).map_err(|e| match e {
        pkcs7::Pkcs7Error::Corrupt(reason) => InputError::Der {
            file: file.into(),
            reason,
        },
        pkcs7::Pkcs7Error::NoCertificate => InputError::Empty {
            file: file.into(),
            reason: "the PKCS#7 bundle holds no certificate".into(),
        },
    })?;
    Ok(certs
        .into_iter()
        .enumerate()
        .map(|(i, der)| Block {
            der: der.to_vec(),
            index: i.saturating_add(1),
            position: i.saturating_add(1),
            line: 0,
            place: Some(format!("PKCS#7 certificate {}", i.saturating_add(1))),
            trust: None,
        })
        .collect())
}

/// A PKCS#12 archive's certificates, numbered from 1, and its other bags passed over.
#[cfg(feature = "formats")]
fn pkcs12_blocks(
    file: &str,
    bytes: &[u8],
    options: &LoadOptions,
    skip_others: bool,
) -> Result<(Vec<Block>, Vec<SkippedBlock>), InputError> {
    let password = options.pkcs12_password.as_deref();
    let archive = pkcs12::open(bytes, password).map_err(|e| match e {
        pkcs12::Pkcs12Error::WrongPassword => InputError::Password {
            file: file.into(),
            reason: match password {
                Some(_) => "PKCS#12: wrong password (the MAC does not verify)".into(),
                None => "PKCS#12: needs a password (none was given, and the empty password \
                         does not open it)"
                    .into(),
            },
        },
        pkcs12::Pkcs12Error::Corrupt(reason) => InputError::Der {
            file: file.into(),
            reason,
        },
    })?;
    let skipped: Vec<SkippedBlock> = archive
        .skipped
        .iter()
        .map(|&(bag, label)| SkippedBlock {
            file: file.into(),
            block: bag,
            line: 0,
            label: label.into(),
        })
        .collect();
    if let (false, Some(first)) = (skip_others, skipped.first()) {
        return Err(InputError::Der {
            file: file.into(),
            reason: format!("{first}: not a certificate, where only certificates were expected"),
        });
    }
    if archive.certs.is_empty() {
        return Err(InputError::Empty {
            file: file.into(),
            reason: format!(
                "the PKCS#12 archive holds no certificate{}",
                match skipped.len() {
                    0 => String::new(),
                    n => format!(" (only {n} other bag{})", if n == 1 { "" } else { "s" }),
                }
            ),
        });
    }
    let blocks = archive
        .certs
        .into_iter()
        .enumerate()
        .map(|(i, der)| Block {
            der,
            index: i.saturating_add(1),
            position: i.saturating_add(1),
            line: 0,
            place: Some(format!("PKCS#12 certificate {}", i.saturating_add(1))),
            trust: None,
        })
        .collect();
    Ok((blocks, skipped))
}

#[cfg(not(feature = "formats"))]
fn pkcs12_blocks(
    file: &str,
    _: &[u8],
    _: &LoadOptions,
    _: bool,
) -> Result<(Vec<Block>, Vec<SkippedBlock>), InputError> {
    Err(InputError::Der {
        file: file.into(),
        reason: "a PKCS#12 archive: PKCS#12 support not compiled in (cargo feature `formats`)"
            .into(),
    })
}

fn parse_blocks(
    file: &str,
    blocks: Vec<Block>,
    kind: SourceKind,
) -> Result<Vec<SourcedCert>, InputError> {
    blocks
        .into_iter()
        .map(|b| {
            let cert = Certificate::from_der(&b.der).map_err(|e| {
                let reason = match &b.place {
                    Some(place) => format!("{place}: {}", e.0),
                    None => e.0,
                };
                if b.line == 0 {
                    InputError::Der {
                        file: file.into(),
                        reason,
                    }
                } else {
                    InputError::Pem {
                        file: file.into(),
                        block: b.index,
                        line: b.line,
                        reason,
                    }
                }
            })?;
            Ok(SourcedCert {
                cert: Arc::new(cert),
                source: Source {
                    kind,
                    name: file.into(),
                    position: Some(b.position),
                },
            })
        })
        .collect()
}

/// Read and parse every certificate of a file (`-` for stdin).
///
/// ```
/// use certchain::{InputError, SourceKind};
///
/// let chain = certchain::load_certificates("fixtures/valid-rsa/chain.pem", SourceKind::Presented).unwrap();
/// assert_eq!(chain.len(), 2);
/// assert_eq!(chain[0].source.to_string(), "fixtures/valid-rsa/chain.pem #1");
///
/// let err = certchain::load_certificates("fixtures", SourceKind::Presented).unwrap_err();
/// assert_eq!(err.to_string(), "fixtures: is a directory, not a certificate file");
/// ```
pub fn load_certificates(path: &str, kind: SourceKind) -> Result<Vec<SourcedCert>, InputError> {
    let bytes = read_input(path)?;
    parse_certificates(path, &bytes, kind)
}

/// [`read_certificates`] from a file (`-` for stdin).
///
/// ```
/// use certchain::SourceKind;
///
/// let loaded = certchain::load_all("fixtures/valid-rsa/roots.pem", SourceKind::RootStore).unwrap();
/// assert_eq!(loaded.certs.len(), 1);
/// assert!(loaded.skipped.is_empty());
/// assert!(certchain::load_all("no/such/file.pem", SourceKind::RootStore).is_err());
/// ```
pub fn load_all(path: &str, kind: SourceKind) -> Result<Loaded, InputError> {
    load_all_with(path, kind, &LoadOptions::default())
}

/// [`load_all`] with [`LoadOptions`] (a PKCS#12 password).
///
/// ```
/// use certchain::{LoadOptions, SourceKind};
///
/// let options = LoadOptions::default().with_password("changeit");
/// let loaded = certchain::load_all_with("fixtures/valid-rsa/roots.pem", SourceKind::RootStore, &options).unwrap();
/// assert_eq!(loaded.certs.len(), 1);
/// ```
pub fn load_all_with(
    path: &str,
    kind: SourceKind,
    options: &LoadOptions,
) -> Result<Loaded, InputError> {
    let bytes = read_input(path)?;
    read_certificates_with(path, &bytes, kind, options)
}
