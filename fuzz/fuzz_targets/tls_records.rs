//! Bytes a misbehaving TLS server sends, as `connect --trace` follows them: the record
//! layer (RFC 8446 5.1) and the handshake messages in the clear. The first byte sets the
//! chunk size (1 to 256) in which the rest arrives, as reads from a socket would split it.
//! Each chunk gives one line, bounded by what the tracker keeps.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// A description longer than this for one chunk would mean the tracker repeats itself
/// without bound: a chunk of 256 bytes holds at most 51 records of 5 bytes, each named
/// in under 60 characters.
const MAX_LINE: usize = 64 * 1024;

fuzz_target!(|data: &[u8]| {
    let Some((&size, rest)) = data.split_first() else {
        return;
    };
    let chunks: Vec<&[u8]> = rest.chunks(usize::from(size) + 1).collect();
    let lines = certchain::connect::describe_records(&chunks);
    assert_eq!(lines.len(), chunks.len());
    for line in lines {
        assert!(line.len() <= MAX_LINE, "a line of {} bytes", line.len());
        assert!(!line.contains('\n'), "{line:?}");
    }
});
