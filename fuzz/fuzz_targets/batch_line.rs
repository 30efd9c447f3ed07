//! One line of `certchain batch` JSONL input (`Job::from_line`), and the job verified
//! by a `Batch` over the fixtures' roots (`Batch::verify`).
#![no_main]

use certchain::batch::{Batch, Job};
use certchain_fuzz::fixture_verifier;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn batch() -> &'static Batch {
    static BATCH: OnceLock<Batch> = OnceLock::new();
    BATCH.get_or_init(|| Batch::new(fixture_verifier().with_policy(certchain_fuzz::policy())))
}

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(job) = Job::from_line(line, 1) {
        let result = batch().verify(&job);
        let _ = result.is_valid();
    }
});
