//! Names: DNS names, IP addresses and e-mail addresses, and the rules for matching a
//! presented identifier against them (RFC 6125, RFC 5280 4.2.1.6, CA/Browser Forum BR
//! 3.2.2.6 and 7.1.4.2). Distinguished names are part of the certificate model
//! (`model/name.rs`).

mod dns;
mod email;
mod host;
mod ip;
#[cfg(test)]
mod prop_tests;

pub use dns::*;
pub use email::*;
pub use host::HostName;
pub use ip::*;

// Test DER is built with `as` casts and sums of small lengths.
#[allow(clippy::as_conversions, clippy::arithmetic_side_effects)]
#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DistinguishedName;
    use x509_parser::x509::X509Name;

    #[test]
    fn exact_names_match_case_insensitively() {
        assert!(dns_name_matches("example.com", "example.com"));
        assert!(dns_name_matches("Example.COM", "example.com"));
        assert!(dns_name_matches("example.com.", "example.com"));
        assert!(!dns_name_matches("example2.com", "example.com"));
        assert!(!dns_name_matches("abc.example.com", "example.com"));
        assert!(!dns_name_matches("example.com", "abc.example.com"));
    }

    #[test]
    fn a_trailing_dot_is_outside_the_preferred_name_syntax_but_a_host_may_be_absolute() {
        // RFC 5280 4.2.1.6: a presented dNSName with a trailing dot is not valid and
        // matches nothing; a reference name (--host) with one is the absolute form.
        assert!(!is_valid_dns_name("www.example.test.", true));
        assert!(!is_valid_dns_name("www.example.test.", false));
        assert!(is_valid_dns_name("www.example.test", false));
        assert!(!dns_name_matches("www.example.test", "www.example.test."));
        assert!(dns_name_matches("www.example.test.", "www.example.test"));
        assert_eq!(
            HostName::parse("www.example.test."),
            Ok(HostName::Dns("www.example.test".into()))
        );
        assert!(HostName::parse("www.example.test..").is_err());
    }

    #[test]
    fn wildcard_is_the_whole_leftmost_label_and_one_label_only() {
        assert!(dns_name_matches("foo.example.com", "*.example.com"));
        assert!(!dns_name_matches("example.com", "*.example.com"));
        assert!(!dns_name_matches("foo.bar.example.com", "*.example.com"));
        assert!(!dns_name_matches("baz.example.com", "ba*.example.com"));
        assert!(!dns_name_matches(
            "foo.bar.example.com",
            "foo.*.example.com"
        ));
        assert!(!dns_name_matches(
            "xn--bliss-1b3c148a.example.com",
            "xn--*-1b3c148a.example.com"
        ));
    }

    #[test]
    fn wildcard_never_covers_a_public_suffix() {
        assert!(!dns_name_matches("com", "*"));
        assert!(!dns_name_matches("example.com", "*"));
        assert!(!dns_name_matches("example.com", "*.com"));
        assert!(!dns_name_matches("example.co.uk", "*.co.uk"));
        assert!(!dns_name_matches(
            "example.s3.amazonaws.com",
            "*.s3.amazonaws.com"
        ));
    }

    #[test]
    fn public_suffixes_come_from_the_list() {
        assert!(is_public_suffix("com"));
        assert!(is_public_suffix("co.uk"));
        assert!(is_public_suffix("s3.amazonaws.com"));
        assert!(!is_public_suffix("example.com"));
        assert!(!is_public_suffix("example.co.uk"));
        assert!(dns_name_matches("www.example.co.uk", "*.example.co.uk"));
    }

    #[test]
    fn invalid_names_never_match() {
        assert!(!dns_name_matches(
            "foo_bar.example.com",
            "foo_bar.example.com"
        ));
        assert!(!dns_name_matches("foo.example.com", ".example.com"));
        assert!(!is_valid_dns_name("-a.example.com", false));
        assert!(is_valid_dns_name("a-b.example.com", false));
    }

    #[test]
    fn email_local_part_is_exact() {
        assert!(email_matches("foo@example.com", "foo@EXAMPLE.com"));
        assert!(!email_matches("Foo@example.com", "foo@example.com"));
        assert!(is_valid_email("foo@example.com"));
        assert!(!is_valid_email("invalid@address@example.com"));
    }

    #[test]
    fn netmasks() {
        assert_eq!(prefix_len(&[255, 255, 255, 0]), Some(24));
        assert_eq!(prefix_len(&[255, 0, 255, 0]), None);
        assert_eq!(prefix_len(&[0xff; 16]), Some(128));
        assert_eq!(prefix_len(&[255, 255, 128, 0]), Some(17));
        assert_eq!(prefix_len(&[0, 0, 0, 0]), Some(0));
        assert_eq!(prefix_len(&[0xfe, 0x80]), None);
        assert_eq!(prefix_len(&[255, 0xc1, 0, 0]), None);
        assert_eq!(
            format_ip_or_cidr(&[192, 0, 2, 0, 255, 255, 255, 0]),
            "192.0.2.0/24"
        );
    }

    /// A Name with one CN attribute of the given string tag.
    fn name_der(tag: u8, value: &str) -> Vec<u8> {
        let v = value.as_bytes();
        let atv = [
            &[
                0x30,
                (5 + 2 + v.len()) as u8,
                0x06,
                0x03,
                0x55,
                0x04,
                0x03,
                tag,
                v.len() as u8,
            ][..],
            v,
        ]
        .concat();
        let set = [&[0x31, atv.len() as u8][..], &atv].concat();
        [&[0x30, set.len() as u8][..], &set].concat()
    }

    fn dn(der: &[u8]) -> DistinguishedName {
        use x509_parser::prelude::FromDer;
        DistinguishedName::from_x509(&X509Name::from_der(der).unwrap().1)
    }

    #[test]
    fn names_compare_across_string_types_case_and_spaces() {
        let printable = dn(&name_der(0x13, "Example CA"));
        let utf8 = dn(&name_der(0x0c, "example   CA"));
        assert_ne!(printable.raw, utf8.raw);
        assert_eq!(printable.norm, utf8.norm);
        assert_ne!(printable.norm, dn(&name_der(0x0c, "Example CB")).norm);
        assert_ne!(
            dn(&name_der(0x0c, "a,b")).norm,
            dn(&name_der(0x0c, "a\\,b")).norm
        );
    }

    #[test]
    fn lenient_ip_reading() {
        assert_eq!(
            parse_ip_leniently("0xC0A80101"),
            Some("192.168.1.1".parse().unwrap())
        );
        assert_eq!(
            parse_ip_leniently("192.168.001.001"),
            Some("192.168.1.1".parse().unwrap())
        );
        assert_eq!(
            parse_ip_leniently("2001:DB8::1"),
            Some("2001:db8::1".parse().unwrap())
        );
        assert_eq!(parse_ip_leniently("example.com"), None);
        assert_eq!(
            parse_ip_leniently("1.1.1.1"),
            Some("1.1.1.1".parse().unwrap())
        );
    }

    // Found by names::prop_tests::an_ipv4_address_in_inet_aton_notation_is_never_a_dns_host:
    // `000.000.000.000` was the DNS name "000.000.000.000" and matched a dNSName SAN of
    // that text. RFC 1123 2.1: it is an address.
    #[test]
    fn a_name_ending_in_a_number_is_an_address_or_nothing() {
        assert_eq!(
            HostName::parse("000.000.000.000"),
            Ok(HostName::Ip("0.0.0.0".parse().unwrap()))
        );
        assert_eq!(
            HostName::parse("010.0.0.1"),
            Ok(HostName::Ip("8.0.0.1".parse().unwrap()))
        );
        assert_eq!(
            HostName::parse("0xC0A80101."),
            Ok(HostName::Ip("192.168.1.1".parse().unwrap()))
        );
        assert!(HostName::parse("1.2.3.4.5").is_err());
        assert!(HostName::parse("009.0.0.1").is_err());
        assert!(HostName::parse("example.0x").is_err());
        assert!(matches!(
            HostName::parse("0xexample.com"),
            Ok(HostName::Dns(_))
        ));
        assert!(matches!(
            HostName::parse("1password.com"),
            Ok(HostName::Dns(_))
        ));
    }

    #[test]
    fn hosts_parse() {
        assert_eq!(
            HostName::parse("Example.com").unwrap(),
            HostName::Dns("example.com".into())
        );
        assert_eq!(
            HostName::parse("[::1]").unwrap(),
            HostName::Ip("::1".parse().unwrap())
        );
        assert!(HostName::parse("exa mple").is_err());
    }
}
