//! IP addresses: iPAddress general names (4 or 16 bytes, 8 or 32 with a netmask) and the
//! lenient reading of addresses written in certificate text fields.

use std::net::IpAddr;

/// Render an iPAddress value: 4 or 16 bytes as an address, 8 or 32 as `address/prefix`.
pub fn format_ip_or_cidr(b: &[u8]) -> String {
    match b.len() {
        4 | 16 => ip_from_bytes(b)
            .map(|ip| ip.to_string())
            .unwrap_or_default(),
        8 | 32 => {
            let (addr, mask) = b.split_at(b.len() / 2);
            let ip = ip_from_bytes(addr)
                .map(|ip| ip.to_string())
                .unwrap_or_default();
            match prefix_len(mask) {
                Some(p) => format!("{ip}/{p}"),
                None => format!(
                    "{ip} mask {}",
                    ip_from_bytes(mask)
                        .map(|m| m.to_string())
                        .unwrap_or_default()
                ),
            }
        }
        n => format!("<{n} bytes>"),
    }
}

/// An address from 4 or 16 bytes.
pub fn ip_from_bytes(b: &[u8]) -> Option<IpAddr> {
    match b.len() {
        4 => Some(IpAddr::from(<[u8; 4]>::try_from(b).ok()?)),
        16 => Some(IpAddr::from(<[u8; 16]>::try_from(b).ok()?)),
        _ => None,
    }
}

/// The prefix length of a contiguous netmask, `None` when the mask has holes.
pub fn prefix_len(mask: &[u8]) -> Option<u32> {
    let ones: u32 = mask.iter().map(|b| b.count_ones()).sum();
    // Contiguous: whole bytes of ones, then at most one byte whose ones lead, then zeros.
    let full = mask.iter().take_while(|&&b| b == 0xff).count();
    let mut rest = mask.iter().skip(full);
    let partial_ok = rest
        .next()
        .is_none_or(|b| b.leading_ones() == b.count_ones());
    let ok = partial_ok && rest.all(|&b| b == 0);
    ok.then_some(ones)
}

/// The bytes of an IP address, as they appear in an iPAddress general name.
pub fn ip_bytes(ip: &IpAddr) -> Vec<u8> {
    match ip {
        IpAddr::V4(v4) => v4.octets().to_vec(),
        IpAddr::V6(v6) => v6.octets().to_vec(),
    }
}

/// Read text as an IP address the way permissive resolvers do (inet_aton: hex, octal and
/// fewer than four parts for IPv4; any letter case and zero padding for IPv6), so a
/// certificate field in an unusual notation is still recognised as an address.
pub fn parse_ip_leniently(s: &str) -> Option<IpAddr> {
    if s.contains(':') {
        return s.parse::<std::net::Ipv6Addr>().ok().map(IpAddr::V6);
    }
    let parts: Vec<&str> = s.split('.').collect();
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    let mut nums = Vec::with_capacity(parts.len());
    for p in &parts {
        let v = if let Some(h) = p.strip_prefix("0x").or_else(|| p.strip_prefix("0X")) {
            u32::from_str_radix(h, 16).ok()?
        } else if p.len() > 1 && p.starts_with('0') {
            u32::from_str_radix(p, 8).ok()?
        } else {
            p.parse::<u32>().ok()?
        };
        nums.push(v);
    }
    let (last, head) = nums.split_last()?;
    // the last part fills the bytes the others left: 32, 24, 16 or 8 bits
    let last_bits: u32 = match head.len() {
        0 => 32,
        1 => 24,
        2 => 16,
        _ => 8,
    };
    if head.iter().any(|&n| n > 255) || (last_bits < 32 && last >> last_bits != 0) {
        return None;
    }
    // Each head part is one byte (checked above), shifted in from the right; then the
    // last part fills the remaining `last_bits` (all 32 when alone: nothing to shift).
    let mut addr: u32 = 0;
    for &n in head {
        addr = addr.checked_shl(8).unwrap_or(0) | n;
    }
    addr = addr.checked_shl(last_bits).unwrap_or(0) | last;
    Some(IpAddr::V4(std::net::Ipv4Addr::from(addr)))
}
