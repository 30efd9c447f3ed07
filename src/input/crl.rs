//! CRL files (PEM "X509 CRL" blocks or DER) into [`Crl`]s: the input side of the CRL
//! model, so the model never reads files.

use super::{decode_blocks, read_input, InputError};
use crate::model::crl::Crl;

impl Crl {
    /// Parse every CRL of a PEM ("X509 CRL" blocks) or DER input.
    pub fn parse_all(file: &str, bytes: &[u8]) -> Result<Vec<Crl>, InputError> {
        decode_blocks(file, bytes, "X509 CRL")?
            .into_iter()
            .map(|b| {
                let label = if b.line == 0 {
                    file.to_string()
                } else {
                    format!("{file} block {}", b.index)
                };
                Crl::from_der(&b.der, &label).map_err(|reason| {
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
                })
            })
            .collect()
    }

    /// Read and parse a CRL file (PEM or DER).
    pub fn load(path: &str) -> Result<Vec<Crl>, InputError> {
        let bytes = read_input(path)?;
        Crl::parse_all(path, &bytes)
    }
}
