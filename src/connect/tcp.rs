//! Name resolution and TCP connect, each held to the overall deadline.

use super::error::ConnectError;
use super::target::Target;
use super::trace::Tracer;
use std::io;
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub(super) fn resolve(
    target: &Target,
    name: &str,
    deadline: Instant,
    limit: Duration,
) -> Result<Vec<SocketAddr>, ConnectError> {
    if let Some(ip) = target.ip() {
        return Ok(vec![SocketAddr::new(ip, target.port)]);
    }
    // getaddrinfo cannot be interrupted; run it on its own thread so the deadline holds.
    let (tx, rx) = mpsc::channel();
    let (host, port) = (target.host.clone(), target.port);
    std::thread::spawn(move || {
        let _ = tx.send(
            (host.as_str(), port)
                .to_socket_addrs()
                .map(|a| a.collect::<Vec<_>>()),
        );
    });
    let timeout = || ConnectError::Timeout {
        target: name.into(),
        phase: "name resolution".into(),
        limit,
        detail: None,
    };
    let remaining = deadline
        .checked_duration_since(Instant::now())
        .ok_or_else(timeout)?;
    match rx.recv_timeout(remaining) {
        Err(_) => Err(timeout()),
        Ok(Err(e)) => Err(ConnectError::Resolve {
            target: name.into(),
            host: target.host.clone(),
            reason: e.to_string(),
        }),
        Ok(Ok(addrs)) if addrs.is_empty() => Err(ConnectError::NoAddress {
            target: name.into(),
            host: target.host.clone(),
        }),
        Ok(Ok(addrs)) => Ok(addrs),
    }
}

pub(super) fn tcp_connect(
    addrs: &[SocketAddr],
    name: &str,
    deadline: Instant,
    limit: Duration,
    trace: &mut Tracer<'_>,
) -> Result<(TcpStream, SocketAddr), ConnectError> {
    let mut refused = None;
    let mut last_err = None;
    let mut timed_out = None;
    for &addr in addrs {
        let Some(remaining) = deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
        else {
            timed_out.get_or_insert(addr);
            break;
        };
        match TcpStream::connect_timeout(&addr, remaining) {
            Ok(s) => return Ok((s, addr)),
            Err(e) => {
                trace.now(format!("TCP connect to {addr} failed: {e}"));
                match e.kind() {
                    io::ErrorKind::ConnectionRefused => {
                        refused.get_or_insert(addr);
                    }
                    io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => {
                        timed_out.get_or_insert(addr);
                    }
                    _ => last_err = Some((addr, e.to_string())),
                }
            }
        }
    }
    if let Some(address) = refused {
        return Err(ConnectError::Refused {
            target: name.into(),
            address,
        });
    }
    if let Some((address, reason)) = last_err {
        return Err(ConnectError::Connect {
            target: name.into(),
            address,
            reason,
        });
    }
    Err(ConnectError::Timeout {
        target: name.into(),
        phase: "TCP connect".into(),
        limit,
        detail: timed_out.map(|a| format!("to {a}")),
    })
}
