//! The service's request bodies: the input is a `POST /v1/verify` body (or, when its
//! first byte is `i`, the rest is a `POST /v1/inspect` body), answered by
//! `certchain::serve::answer_body`, the handlers' own code minus HTTP, over the
//! fixtures' store. Every answer must be JSON (a 200 body) or an API error with a 4xx
//! status and a one-line message; a 5xx is a bug.
#![no_main]

use certchain::serve::{answer_body, Defaults};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// The server's default of `--max-certs`.
const MAX_CERTS: usize = certchain::serve::DEFAULT_MAX_CERTS;

fn defaults() -> &'static Defaults {
    static DEFAULTS: OnceLock<Defaults> = OnceLock::new();
    DEFAULTS.get_or_init(|| {
        let verifier = certchain_fuzz::fixture_verifier();
        Defaults::new(verifier.with_policy(verifier.policy().clone()), "fixtures")
    })
}

fuzz_target!(|data: &[u8]| {
    let (inspect, body) = match data.split_first() {
        Some((b'i', rest)) => (true, rest),
        _ => (false, data),
    };
    match answer_body(defaults(), body, inspect, MAX_CERTS) {
        Ok(json) => {
            assert!(
                serde_json::from_str::<serde_json::Value>(&json).is_ok(),
                "the 200 body is not JSON: {json}"
            );
        }
        Err((status, kind, message)) => {
            assert!(
                (400..500).contains(&status),
                "status {status} ({kind}): {message}"
            );
            assert!(
                !message.contains('\n'),
                "a message of several lines: {message:?}"
            );
        }
    }
});
