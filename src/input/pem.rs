//! Splitting an input into its blocks: PEM (RFC 7468; text around the blocks is ignored,
//! as in a fullchain.pem) or, without a `-----BEGIN` line, one DER object.

use super::*;

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

/// The PEM labels read as `wanted`: RFC 7468 5.1 names certificates `CERTIFICATE`;
/// older OpenSSL wrote `X509 CERTIFICATE`, which openssl and pyca/cryptography still read.
fn accepted_labels(wanted: &str) -> &[&str] {
    match wanted {
        "CERTIFICATE" => &["CERTIFICATE", "X509 CERTIFICATE"],
        _ => &[],
    }
}

/// PEM labels that never hold a certificate, so a certificate input may pass over them:
/// keys (RFC 7468 10-13, and the OpenSSL/OpenSSH key formats), parameters, requests and
/// CRLs. Anything else unexpected (PKCS7, TRUSTED CERTIFICATE, a typo) stays an error,
/// since it may hold certificates that would be silently missed.
fn never_a_certificate(label: &str) -> bool {
    label.ends_with("PRIVATE KEY")
        || label.ends_with("PUBLIC KEY")
        || label.ends_with("PARAMETERS")
        || label.ends_with("CERTIFICATE REQUEST")
        || label == "X509 CRL"
}

/// Split an input into blocks with the PEM label `label` ("CERTIFICATE", "X509 CRL").
/// PEM is recognised by a `-----BEGIN` line; anything else is taken as one DER object.
/// A block with another label is an error.
pub fn decode_blocks(file: &str, bytes: &[u8], label: &str) -> Result<Vec<Block>, InputError> {
    decode(file, bytes, label, false).map(|(blocks, _)| blocks)
}

/// [`decode_blocks`], passing over the blocks that can never hold a certificate (keys,
/// parameters, requests, CRLs) and returning them as [`SkippedBlock`]s.
pub fn decode_blocks_skipping(
    file: &str,
    bytes: &[u8],
    label: &str,
) -> Result<(Vec<Block>, Vec<SkippedBlock>), InputError> {
    decode(file, bytes, label, true)
}

fn decode(
    file: &str,
    bytes: &[u8],
    label: &str,
    skip_others: bool,
) -> Result<(Vec<Block>, Vec<SkippedBlock>), InputError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(InputError::Empty {
            file: file.into(),
            reason: "the file is empty".into(),
        });
    }
    let looks_pem = bytes.windows(10).any(|w| w == b"-----BEGIN");
    if !looks_pem {
        // Not empty: an all-whitespace input was refused above.
        if let Some(&first) = bytes.first().filter(|&&b| b != 0x30) {
            return Err(InputError::Empty {
                file: file.into(),
                reason: format!("no PEM {label} block and not DER (first byte 0x{first:02x})"),
            });
        }
        return Ok((
            vec![Block {
                der: bytes.to_vec(),
                index: 1,
                line: 0,
            }],
            Vec::new(),
        ));
    }
    let text = String::from_utf8_lossy(bytes);
    let mut blocks = Vec::new();
    let mut skipped = Vec::new();
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
        let wanted = found == label || accepted_labels(label).contains(&found);
        let skip = !wanted && skip_others && never_a_certificate(found);
        if !wanted && !skip {
            return Err(err(format!(
                "{} block where {} was expected",
                with_article(found),
                expected_block(label)
            )));
        }
        // A skipped block's body (a private key, say) is never kept, decoded or shown.
        let mut body = format!("{line}\n");
        let mut closed = false;
        for (_, l) in lines.by_ref() {
            let l = l.trim();
            if l.starts_with("-----END ") {
                if l != format!("-----END {found}-----") {
                    return Err(err(format!("mismatched END line {l:?}")));
                }
                body.push_str(l);
                body.push('\n');
                closed = true;
                break;
            }
            if l.starts_with("-----BEGIN ") {
                return Err(err(
                    "no END line before the next BEGIN (truncated block)".into()
                ));
            }
            if !skip {
                body.push_str(l);
                body.push('\n');
            }
        }
        if !closed {
            return Err(err("no END line (truncated block)".into()));
        }
        if blocks.len() + skipped.len() >= MAX_CERTS_PER_INPUT {
            return Err(err(format!(
                "more than {MAX_CERTS_PER_INPUT} blocks in one input"
            )));
        }
        if skip {
            skipped.push(SkippedBlock {
                file: file.into(),
                block: n,
                line: begin_line,
                label: found.to_string(),
            });
            continue;
        }
        let parsed = ::pem::parse(body.as_bytes()).map_err(|e| {
            err(match e {
                ::pem::PemError::InvalidData(_) => "invalid base64".into(),
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
    }
    if blocks.is_empty() {
        let only = match skipped.as_slice() {
            [] => String::new(),
            [one] => format!(" (only {})", with_article(&format!("{} block", one.label))),
            more => format!(" (only {} non-certificate blocks)", more.len()),
        };
        return Err(InputError::Empty {
            file: file.into(),
            reason: format!("no {label} block found{only}"),
        });
    }
    Ok((blocks, skipped))
}

/// What the expected PEM label holds, in words, with the label to look for.
fn expected_block(label: &str) -> String {
    match label {
        "X509 CRL" => "an X.509 CRL (BEGIN X509 CRL)".into(),
        other => with_article(other),
    }
}
