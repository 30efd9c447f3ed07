//! STARTTLS: speaking SMTP, IMAP or PostgreSQL in the clear until the server agrees to
//! upgrade the connection to TLS.

use super::error::ConnectError;
use super::handshake::describe_bytes;
use super::options::Starttls;
use super::trace::Tracer;
use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Longest STARTTLS protocol line read before giving up: RFC 5321 4.5.3.1.5 caps an
/// SMTP reply line at 512 octets; IMAP lines are unbounded, so allow 8 KiB.
const MAX_STARTTLS_LINE: usize = 8192;

/// Most STARTTLS reply lines read in one exchange (an EHLO answer lists a few dozen
/// extensions at most), so a peer that streams lines forever cannot keep us busy.
const MAX_STARTTLS_LINES: usize = 256;

struct Plain<'a> {
    sock: &'a mut TcpStream,
    buf: Vec<u8>,
    deadline: Instant,
    limit: Duration,
    target: &'a str,
    proto: Starttls,
}

impl Plain<'_> {
    fn fail(&self, reason: impl Into<String>) -> ConnectError {
        ConnectError::Starttls {
            target: self.target.into(),
            protocol: self.proto.name().into(),
            reason: reason.into(),
        }
    }

    fn io(&self, e: &io::Error) -> ConnectError {
        match e.kind() {
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => self.timeout(),
            _ => self.fail(e.to_string()),
        }
    }

    fn timeout(&self) -> ConnectError {
        ConnectError::Timeout {
            target: self.target.into(),
            phase: format!("STARTTLS ({})", self.proto.name()),
            limit: self.limit,
            detail: None,
        }
    }

    fn arm(&mut self) -> Result<(), ConnectError> {
        let remaining = self
            .deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or_else(|| self.timeout())?;
        self.sock
            .set_read_timeout(Some(remaining))
            .map_err(|e| self.io(&e))?;
        self.sock
            .set_write_timeout(Some(remaining))
            .map_err(|e| self.io(&e))
    }

    fn send(&mut self, bytes: &[u8]) -> Result<(), ConnectError> {
        self.arm()?;
        self.sock.write_all(bytes).map_err(|e| self.io(&e))
    }

    /// One byte, without reading ahead (the TLS handshake follows directly).
    fn byte(&mut self) -> Result<u8, ConnectError> {
        self.arm()?;
        let mut b = [0u8; 1];
        loop {
            match self.sock.read(&mut b) {
                Ok(0) => return Err(self.fail("the server closed the connection")),
                Ok(_) => return Ok(b[0]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(self.io(&e)),
            }
        }
    }

    /// One CRLF-terminated line, read byte by byte so nothing after it is consumed.
    fn line(&mut self) -> Result<String, ConnectError> {
        self.buf.clear();
        loop {
            let b = self.byte()?;
            if b == b'\n' {
                break;
            }
            self.buf.push(b);
            if self.buf.len() > MAX_STARTTLS_LINE {
                return Err(self.fail(format!("a line longer than {MAX_STARTTLS_LINE} bytes")));
            }
        }
        if self.buf.last() == Some(&b'\r') {
            self.buf.pop();
        }
        Ok(String::from_utf8_lossy(&self.buf).into_owned())
    }

    /// An SMTP reply (RFC 5321 4.2): lines `NNN-text` ending with `NNN text`.
    fn smtp_reply(&mut self) -> Result<(u16, Vec<String>), ConnectError> {
        let mut lines = Vec::new();
        for _ in 0..MAX_STARTTLS_LINES {
            let l = self.line()?;
            let code = l
                .get(..3)
                .and_then(|c| c.parse::<u16>().ok())
                .ok_or_else(|| {
                    self.fail(format!(
                        "not an SMTP reply: {}",
                        describe_bytes(l.as_bytes())
                    ))
                })?;
            let last = l.as_bytes().get(3) != Some(&b'-');
            lines.push(l);
            if last {
                return Ok((code, lines));
            }
        }
        Err(self.fail(format!("more than {MAX_STARTTLS_LINES} reply lines")))
    }
}

pub(super) fn starttls(
    sock: &mut TcpStream,
    proto: Starttls,
    name: &str,
    deadline: Instant,
    limit: Duration,
    trace: &mut Tracer<'_>,
) -> Result<(), ConnectError> {
    let mut p = Plain {
        sock,
        buf: Vec::new(),
        deadline,
        limit,
        target: name,
        proto,
    };
    match proto {
        Starttls::Smtp => {
            let (code, lines) = p.smtp_reply()?;
            let greeting = lines.first().map_or("", String::as_str);
            trace.now(format!("SMTP greeting: {greeting}"));
            if code != 220 {
                return Err(p.fail(format!("the greeting is not 220: {}", lines.join(" / "))));
            }
            // RFC 5321 4.1.1.1: the EHLO argument names the client; certchain has no
            // name of its own to give, so it uses a reserved one (RFC 2606).
            p.send(b"EHLO certchain.invalid\r\n")?;
            trace.now("sent EHLO certchain.invalid".into());
            let (code, lines) = p.smtp_reply()?;
            if code != 250 {
                return Err(p.fail(format!("EHLO refused: {}", lines.join(" / "))));
            }
            if !lines.iter().any(|l| {
                l.get(4..)
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("STARTTLS"))
            }) {
                trace.now("the EHLO reply does not list STARTTLS; trying anyway".into());
            }
            p.send(b"STARTTLS\r\n")?;
            trace.now("sent STARTTLS".into());
            let (code, lines) = p.smtp_reply()?;
            trace.now(format!("SMTP reply: {}", lines.join(" / ")));
            if code != 220 {
                return Err(p.fail(format!("STARTTLS refused: {}", lines.join(" / "))));
            }
        }
        Starttls::Imap => {
            let greeting = p.line()?;
            trace.now(format!("IMAP greeting: {greeting}"));
            if !greeting.starts_with("* OK") {
                return Err(p.fail(format!(
                    "the greeting is not '* OK': {}",
                    describe_bytes(greeting.as_bytes())
                )));
            }
            p.send(b"a1 STARTTLS\r\n")?;
            trace.now("sent a1 STARTTLS".into());
            for _ in 0..MAX_STARTTLS_LINES {
                let l = p.line()?;
                if let Some(rest) = l.strip_prefix("a1 ") {
                    trace.now(format!("IMAP reply: {l}"));
                    if rest.starts_with("OK") {
                        return Ok(());
                    }
                    return Err(p.fail(format!("STARTTLS refused: {l}")));
                }
            }
            return Err(p.fail(format!("no tagged reply in {MAX_STARTTLS_LINES} lines")));
        }
        Starttls::Postgres => {
            // SSLRequest: length 8, code 80877103 (PostgreSQL protocol 55.2.10).
            let mut req = Vec::with_capacity(8);
            req.extend_from_slice(&8u32.to_be_bytes());
            req.extend_from_slice(&80_877_103u32.to_be_bytes());
            p.send(&req)?;
            trace.now("sent SSLRequest".into());
            match p.byte()? {
                b'S' => trace.now("the server accepted SSLRequest ('S')".into()),
                b'N' => return Err(p.fail(
                    "the server does not accept TLS connections (it answered 'N' to SSLRequest)",
                )),
                b'E' => return Err(p.fail("the server answered SSLRequest with an error message")),
                other => {
                    return Err(p.fail(format!("unexpected answer to SSLRequest: 0x{other:02x}")))
                }
            }
        }
    }
    Ok(())
}
