//! `verify --emit-fullchain FILE`: the chain a server should send, from the report's
//! path (`Report::served_chain`), as PEM.

use super::options::print_out;
use super::{CliError, ErrorKind};
use certchain::Report;

/// Write the leaf and the intermediates of the built path to `dest` (`-`: stdout), when
/// the path reached a trust anchor, whatever else the verdict says (an expired
/// intermediate is still the one to send, until it is replaced). When it did not, the
/// certificates to send are not known: nothing is written and the `note:` line returned,
/// printed on stderr after the report, says why. An unwritable file is an output error.
pub fn emit(report: &Report, dest: &str) -> Result<Option<String>, CliError> {
    if !report.reached_anchor {
        return Ok(Some(format!(
            "note: --emit-fullchain {dest}: not written: no path to a trust anchor was built, \
             so the certificates to send are not known\n"
        )));
    }
    let pem: String = report.served_chain().map(|e| e.cert.to_pem()).collect();
    if dest == "-" {
        print_out(&pem);
        return Ok(None);
    }
    std::fs::write(dest, pem)
        .map(|()| None)
        .map_err(|e| CliError {
            kind: ErrorKind::Output,
            message: format!("--emit-fullchain {dest}: {e}"),
        })
}
