//! Reading certificates from files and bytes: PEM bundles (text around the blocks is
//! ignored, as in a fullchain.pem) or a single DER certificate, detected automatically.
//! Every problem names the file and, in a bundle, the block and its line. Certificates
//! may be labelled `CERTIFICATE` or `X509 CERTIFICATE`; [`read_certificates`] passes over
//! the keys and parameters of a combined certificate-and-key file and says so.

mod crl;
mod host;
mod ocsp;
mod pem;

pub(crate) use pem::{decode_blocks, decode_blocks_skipping, Block};

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
    parse_blocks(file, decode_blocks(file, bytes, "CERTIFICATE")?, kind)
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
    let (blocks, skipped) = decode_blocks_skipping(file, bytes, "CERTIFICATE")?;
    Ok(Loaded {
        certs: parse_blocks(file, blocks, kind)?,
        skipped,
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
                if b.line == 0 {
                    InputError::Der {
                        file: file.into(),
                        reason: e.0,
                    }
                } else {
                    InputError::Pem {
                        file: file.into(),
                        block: b.index,
                        line: b.line,
                        reason: e.0,
                    }
                }
            })?;
            Ok(SourcedCert {
                cert: Arc::new(cert),
                source: Source {
                    kind,
                    name: file.into(),
                    position: Some(b.index),
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
    let bytes = read_input(path)?;
    read_certificates(path, &bytes, kind)
}
