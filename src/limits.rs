//! Every bound certchain puts on its input and its work, in one place. Each constant is
//! defined (with the reason for its number) beside the code it bounds; this module only
//! re-exports them for users and tests.
//!
//! ```
//! assert!(certchain::limits::MAX_PATH_CERTS > certchain::limits::MAX_SIGNATURE_CHECKS);
//! ```

#[cfg(feature = "batch")]
pub use crate::batch::{MAX_BATCH_THREADS, MAX_DIRECTORY_ENTRIES, MAX_IN_FLIGHT, MAX_LINE_BYTES};
pub use crate::build::signature::MAX_RSA_BITS;
pub use crate::build::{
    MAX_BUILD_STEPS, MAX_PATH_CERTS, MAX_RECORDED_ATTEMPTS, MAX_SIGNATURE_CHECKS,
};
pub use crate::cache::CACHE_ENTRIES;
pub use crate::checks::name_constraints::MAX_NAME_COMPARISONS;
pub use crate::checks::ocsp::OCSP_CLOCK_SKEW_SECS;
pub use crate::checks::policy::{MAX_POLICY_MAPPINGS, MAX_POLICY_NODES};
#[cfg(feature = "formats")]
pub use crate::input::MAX_PKCS12_ITERATIONS;
pub use crate::input::{MAX_CERTS_PER_INPUT, MAX_INPUT_BYTES};
pub use crate::model::crl::MAX_CRL_ENTRIES;
pub use crate::model::ocsp::{
    MAX_OCSP_AGE_WITHOUT_NEXT_UPDATE, MAX_OCSP_RESPONSE_CERTS, MAX_OCSP_SINGLE_RESPONSES,
    OCSP_NONCE_LEN,
};
pub use crate::model::MAX_LISTED_NAMES;
pub use crate::names::MAX_DNS_NAME_LEN;
#[cfg(feature = "online")]
pub use crate::online::http::{DEFAULT_FETCH_TIMEOUT, MAX_FETCH_BYTES, MAX_FETCH_REDIRECTS};
#[cfg(feature = "online")]
pub use crate::online::ocsp::{
    MAX_OCSP_ANSWER_BYTES, MAX_OCSP_QUERIES, OCSP_GET_MAX, OCSP_TOTAL_TIME,
};
#[cfg(feature = "online")]
pub use crate::online::{
    DEFAULT_FETCH_TOTAL_TIME, MAX_AIA_FETCHES, MAX_CRL_FETCHES, MAX_NAMED_PER_FETCH,
};
pub use crate::policy::DEFAULT_MAX_INTERMEDIATES;
#[cfg(feature = "serve")]
pub use crate::serve::{
    batch::{BATCH_QUEUE_FRAMES, BATCH_QUEUE_LINES},
    request::{MAX_CACHED_ENTRIES, MAX_CACHED_ENTRY_BYTES},
};
#[cfg(feature = "serve")]
pub use crate::serve::{
    DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_BATCH_BYTES, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_CERTS,
    DEFAULT_MAX_CONCURRENT, DEFAULT_MAX_CONNECTIONS, DEFAULT_REQUEST_TIMEOUT, SHUTDOWN_GRACE,
};
pub use crate::store::MAX_STORE_DIR_FILES;
pub use crate::wording::{MAX_MESSAGE_CHARS, MAX_QUOTED_CHARS};
