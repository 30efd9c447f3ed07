//! Saved OCSP response files (DER, as `openssl ocsp -respout` writes them) into
//! [`OcspResponse`]s: the input side of the OCSP model, so the model never reads files.

use super::{read_input, InputError};
use crate::model::ocsp::OcspResponse;

impl OcspResponse {
    /// Parse a saved DER response (`openssl ocsp -respout`). Bytes that are not an OCSP
    /// response are an error naming `file`.
    ///
    /// ```
    /// let err = certchain::OcspResponse::parse("junk.der", b"junk").unwrap_err();
    /// assert!(err.to_string().starts_with("junk.der: not an OCSP response"), "{err}");
    /// ```
    pub fn parse(file: &str, der: &[u8]) -> Result<OcspResponse, InputError> {
        OcspResponse::from_file_der(file, der).map_err(|reason| InputError::Der {
            file: file.into(),
            reason,
        })
    }

    /// Read and parse a saved OCSP response (DER). A missing, unreadable or oversized
    /// file, or bytes that are not an OCSP response, are an error naming the file.
    ///
    /// ```
    /// let err = certchain::OcspResponse::load("no/such/response.der").unwrap_err();
    /// assert!(err.to_string().contains("no/such/response.der"), "{err}");
    /// ```
    pub fn load(path: &str) -> Result<OcspResponse, InputError> {
        let bytes = read_input(path)?;
        OcspResponse::parse(path, &bytes)
    }
}
