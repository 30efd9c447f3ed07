//! Splitting an input into its blocks: PEM (RFC 7468; text around the blocks is ignored,
//! as in a fullchain.pem) or, without a `-----BEGIN` line, one DER object.

use super::*;

/// One decoded block (or the whole DER file) with its place in the input.
#[derive(Debug)]
pub struct Block {
    /// The decoded bytes.
    pub der: Vec<u8>,
    /// 1-based block number (1 for a DER file; the certificate's number in a PKCS#7 or
    /// PKCS#12 file).
    pub index: usize,
    /// 1-based position of the certificate in the input ([`Source::position`]): the
    /// block number, or for the certificates of a PKCS#7 block their number in the file.
    pub position: usize,
    /// 1-based line of the BEGIN line (0 for DER).
    pub line: usize,
    /// Where inside the block, for messages ("PKCS#7 certificate 2").
    pub place: Option<String>,
    /// The OpenSSL trust settings of a `TRUSTED CERTIFICATE` block.
    pub trust: Option<TrustSettings>,
}

/// The PEM labels read as `wanted`: RFC 7468 5.1 names certificates `CERTIFICATE`;
/// older OpenSSL wrote `X509 CERTIFICATE`, which openssl and pyca/cryptography still read;
/// `TRUSTED CERTIFICATE` is OpenSSL's certificate with trust settings (`openssl x509
/// -trustout`); `PKCS7` (RFC 7468 8) is a bundle of certificates.
fn accepted_labels(wanted: &str) -> &[&str] {
    match wanted {
        "CERTIFICATE" => &[
            "CERTIFICATE",
            "X509 CERTIFICATE",
            "TRUSTED CERTIFICATE",
            "PKCS7",
        ],
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

/// Split an input into blocks (see [`decode_blocks`]); `skip_others` passes over the
/// blocks that can never hold a certificate (keys, parameters, requests, CRLs) and returns
/// them as [`SkippedBlock`]s.
pub fn decode(
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
                position: 1,
                line: 0,
                place: None,
                trust: None,
            }],
            Vec::new(),
        ));
    }
    let text = String::from_utf8_lossy(bytes);
    let mut blocks = Vec::new();
    let mut skipped = Vec::new();
    let mut lines = text.lines().enumerate();
    let mut n = 0usize;
    while let Some((i, line)) = lines.next() {
        let line = line.trim();
        let Some(rest) = line.strip_prefix("-----BEGIN ") else {
            continue;
        };
        n = n.saturating_add(1);
        let begin_line = i.saturating_add(1);
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
        for (j, l) in lines.by_ref() {
            let l = l.trim();
            // A marker in the middle of a line is neither base64 nor a boundary (RFC 7468
            // 2: boundaries are lines of their own).
            if !l.starts_with("-----") && l.contains("-----") {
                return Err(err(format!(
                    "line {}: \"-----\" inside the base64 text (a BEGIN or END line run into another line?)",
                    j.saturating_add(1)
                )));
            }
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
        if blocks.len().saturating_add(skipped.len()) >= MAX_CERTS_PER_INPUT {
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
                other => crate::wording::one_line(&other.to_string()),
            })
        })?;
        if parsed.contents().is_empty() {
            return Err(err("the block is empty".into()));
        }
        match found {
            "PKCS7" => {
                let certs = super::pkcs7::certificates(parsed.contents()).map_err(|e| {
                    err(match e {
                        super::pkcs7::Pkcs7Error::Corrupt(m) => m,
                        super::pkcs7::Pkcs7Error::NoCertificate => {
                            "the PKCS#7 bundle holds no certificate".into()
                        }
                    })
                })?;
                if blocks.len().saturating_add(certs.len()) > MAX_CERTS_PER_INPUT {
                    return Err(err(format!(
                        "more than {MAX_CERTS_PER_INPUT} certificates in one input"
                    )));
                }
                for (i, der) in certs.into_iter().enumerate() {
                    blocks.push(Block {
                        der: der.to_vec(),
                        index: n,
                        // Each its own position: the certificate's number in the file.
                        position: blocks.len().saturating_add(1),
                        line: begin_line,
                        place: Some(format!("PKCS#7 certificate {}", i.saturating_add(1))),
                        trust: None,
                    });
                }
            }
            "TRUSTED CERTIFICATE" => {
                let (der, trust) = split_trusted(parsed.contents()).map_err(err)?;
                blocks.push(Block {
                    der: der.to_vec(),
                    index: n,
                    position: n,
                    line: begin_line,
                    place: None,
                    trust: Some(trust),
                });
            }
            _ => blocks.push(Block {
                der: parsed.into_contents(),
                index: n,
                position: n,
                line: begin_line,
                place: None,
                trust: None,
            }),
        }
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

/// A `TRUSTED CERTIFICATE` block: the certificate's DER, then OpenSSL's X509_CERT_AUX
/// (crypto/x509/x_x509a.c):
///
/// ```text
/// X509_CERT_AUX ::= SEQUENCE {
///     trust   SEQUENCE OF OBJECT IDENTIFIER OPTIONAL,      -- trusted purposes
///     reject  [0] IMPLICIT SEQUENCE OF OBJECT IDENTIFIER OPTIONAL,
///     alias   UTF8String OPTIONAL,                          -- a friendly name
///     keyid   OCTET STRING OPTIONAL,
///     other   [1] IMPLICIT SEQUENCE OF AlgorithmIdentifier OPTIONAL }
/// ```
///
/// The certificate is cut off at its own length; the purposes and alias are read, the
/// rest is skipped.
fn split_trusted(der: &[u8]) -> Result<(&[u8], TrustSettings), String> {
    use super::detect::element;
    use x509_parser::asn1_rs::{Class, Tag};
    let (cert, _, aux) =
        element(der).ok_or("the certificate of the TRUSTED CERTIFICATE is truncated")?;
    let mut trust = TrustSettings::default();
    if aux.is_empty() {
        return Ok((cert, trust));
    }
    let bad = || "the trust settings after the certificate are malformed".to_string();
    let (_, seq, trailing) = element(aux).ok_or_else(bad)?;
    if seq.header.tag() != Tag::Sequence || !trailing.is_empty() {
        return Err(bad());
    }
    let mut rest = seq.data;
    while !rest.is_empty() {
        let (_, item, after) = element(rest).ok_or_else(bad)?;
        match (item.header.class(), item.header.tag()) {
            (Class::Universal, Tag::Sequence) => trust.trusted = purposes(item.data)?,
            (Class::ContextSpecific, Tag(0)) => trust.rejected = purposes(item.data)?,
            (Class::Universal, Tag::Utf8String) => {
                trust.alias = Some(String::from_utf8_lossy(item.data).into_owned());
            }
            _ => {} // keyid, other: not about trust
        }
        rest = after;
    }
    Ok((cert, trust))
}

/// A SEQUENCE OF OBJECT IDENTIFIER's contents as purpose names.
fn purposes(mut items: &[u8]) -> Result<Vec<String>, String> {
    use x509_parser::asn1_rs::{Oid, Tag};
    let mut out = Vec::new();
    while !items.is_empty() {
        let (_, oid, rest) = super::detect::element(items)
            .filter(|(_, e, _)| e.header.tag() == Tag::Oid)
            .ok_or("a trust setting is not an OID")?;
        let dotted = Oid::new(std::borrow::Cow::Borrowed(oid.data)).to_id_string();
        out.push(purpose_name(&dotted));
        items = rest;
    }
    Ok(out)
}

/// The extended key usage names OpenSSL's trust settings use (RFC 5280 4.2.1.12).
fn purpose_name(dotted: &str) -> String {
    match dotted {
        "1.3.6.1.5.5.7.3.1" => "serverAuth",
        "1.3.6.1.5.5.7.3.2" => "clientAuth",
        "1.3.6.1.5.5.7.3.3" => "codeSigning",
        "1.3.6.1.5.5.7.3.4" => "emailProtection",
        "1.3.6.1.5.5.7.3.8" => "timeStamping",
        "1.3.6.1.5.5.7.3.9" => "OCSPSigning",
        "2.5.29.37.0" => "anyExtendedKeyUsage",
        other => other,
    }
    .to_string()
}
