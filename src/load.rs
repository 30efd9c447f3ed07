//! Reading certificates from files and bytes: PEM bundles (text around the blocks is
//! ignored, as in a fullchain.pem) or a single DER certificate, detected automatically.
//! Every problem names the file and, in a bundle, the block and its line.

use crate::cert::Certificate;
use serde::Serialize;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// Largest input file certchain reads. A chain is a few kilobytes and the biggest system
/// trust stores are under 1 MiB; 16 MiB leaves room while bounding memory on hostile input.
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// Largest number of certificates taken from one input. Real chains have under 10 and
/// trust stores a few hundred; 10,000 bounds the work of a hostile bundle.
pub const MAX_CERTS_PER_INPUT: usize = 10_000;

/// Where a certificate came from.
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

/// The kinds of input.
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
#[derive(Clone, Debug)]
pub struct SourcedCert {
    /// The certificate.
    pub cert: Arc<Certificate>,
    /// Its origin.
    pub source: Source,
}

/// Bad input: always names the file and, where it applies, the place in it.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
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
}

/// One decoded block (or the whole DER file) with its place in the input.
#[derive(Debug)]
pub struct Block {
    /// The decoded bytes.
    pub der: Vec<u8>,
    /// 1-based block number (1 for a DER file).
    pub index: usize,
    /// 1-based line of the BEGIN line (0 for DER).
    pub line: usize,
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
    if buf.len() as u64 > MAX_INPUT_BYTES {
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

/// Split an input into blocks with the PEM label `label` ("CERTIFICATE", "X509 CRL").
/// PEM is recognised by a `-----BEGIN` line; anything else is taken as one DER object.
pub fn decode_blocks(file: &str, bytes: &[u8], label: &str) -> Result<Vec<Block>, InputError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(InputError::Empty {
            file: file.into(),
            reason: "the file is empty".into(),
        });
    }
    let looks_pem = bytes.windows(10).any(|w| w == b"-----BEGIN");
    if !looks_pem {
        if bytes[0] != 0x30 {
            return Err(InputError::Empty {
                file: file.into(),
                reason: format!(
                    "no PEM {label} block and not DER (first byte 0x{:02x})",
                    bytes[0]
                ),
            });
        }
        return Ok(vec![Block {
            der: bytes.to_vec(),
            index: 1,
            line: 0,
        }]);
    }
    let text = String::from_utf8_lossy(bytes);
    let mut blocks = Vec::new();
    let mut lines = text.lines().enumerate();
    let mut n = 0;
    while let Some((i, line)) = lines.next() {
        let line = line.trim();
        let Some(rest) = line.strip_prefix("-----BEGIN ") else {
            continue;
        };
        n += 1;
        let begin_line = i + 1;
        let err = |reason: String| InputError::Pem {
            file: file.into(),
            block: n,
            line: begin_line,
            reason,
        };
        let found = rest
            .strip_suffix("-----")
            .ok_or_else(|| err("malformed BEGIN line".into()))?;
        if found != label {
            return Err(err(format!(
                "{} block where {} was expected",
                with_article(found),
                expected_block(label)
            )));
        }
        let mut body = format!("{line}\n");
        let mut closed = false;
        for (_, l) in lines.by_ref() {
            let l = l.trim();
            body.push_str(l);
            body.push('\n');
            if l.starts_with("-----END ") {
                if l != format!("-----END {label}-----") {
                    return Err(err(format!("mismatched END line {l:?}")));
                }
                closed = true;
                break;
            }
            if l.starts_with("-----BEGIN ") {
                return Err(err(
                    "no END line before the next BEGIN (truncated block)".into()
                ));
            }
        }
        if !closed {
            return Err(err("no END line (truncated block)".into()));
        }
        let parsed = pem::parse(body.as_bytes()).map_err(|e| {
            err(match e {
                pem::PemError::InvalidData(_) => "invalid base64".into(),
                other => other.to_string(),
            })
        })?;
        if parsed.contents().is_empty() {
            return Err(err("the block is empty".into()));
        }
        blocks.push(Block {
            der: parsed.into_contents(),
            index: n,
            line: begin_line,
        });
        if blocks.len() > MAX_CERTS_PER_INPUT {
            return Err(err(format!(
                "more than {MAX_CERTS_PER_INPUT} blocks in one input"
            )));
        }
    }
    if blocks.is_empty() {
        return Err(InputError::Empty {
            file: file.into(),
            reason: format!("no {label} block found"),
        });
    }
    Ok(blocks)
}

/// A PEM label with its indefinite article, read as spoken: "an RSA PRIVATE KEY",
/// "an X509 CRL", "a CERTIFICATE".
fn with_article(label: &str) -> String {
    // Initialisms spelled letter by letter whose first letter sounds like a vowel.
    const SPELLED: &[&str] = &["RSA", "SSH2", "X509", "X9.42", "X942", "SM2"];
    let first = label.split(' ').next().unwrap_or_default();
    let an = first.starts_with(['A', 'E', 'I', 'O', 'U']) || SPELLED.contains(&first);
    format!("{} {label}", if an { "an" } else { "a" })
}

/// What the expected PEM label holds, in words, with the label to look for.
fn expected_block(label: &str) -> String {
    match label {
        "X509 CRL" => "an X.509 CRL (BEGIN X509 CRL)".into(),
        other => with_article(other),
    }
}

/// Decode and parse every certificate of one input.
pub fn parse_certificates(
    file: &str,
    bytes: &[u8],
    kind: SourceKind,
) -> Result<Vec<SourcedCert>, InputError> {
    decode_blocks(file, bytes, "CERTIFICATE")?
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
pub fn load_certificates(path: &str, kind: SourceKind) -> Result<Vec<SourcedCert>, InputError> {
    let bytes = read_input(path)?;
    parse_certificates(path, &bytes, kind)
}
