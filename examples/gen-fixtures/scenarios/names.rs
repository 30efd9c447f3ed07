//! Names: host, wildcard, IP and e-mail matching, and the subject commonName rules.

use crate::der::{der, oid};
use crate::gen::{Gen, Scenario};
use crate::templates::{leaf_cn, rsa_path, rsa_path_for};

/// Host names, wildcards, IP addresses and e-mail addresses.
pub(crate) fn basics(g: &mut Gen) {
    for (name, names, host, description, findings) in [
        (
            "name-mismatch",
            &["www.example.com", "example.com"][..],
            "api.example.net",
            "the leaf names www.example.com and example.com; api.example.net is asked for",
            &[(Some(0), "name_mismatch")][..],
        ),
        (
            "wildcard-match",
            &["*.example.com"],
            "foo.example.com",
            "SAN *.example.com matches foo.example.com (RFC 6125 6.4.3): valid",
            &[],
        ),
        (
            "wildcard-too-deep",
            &["*.example.com"],
            "a.b.example.com",
            "SAN *.example.com does not match a.b.example.com: a wildcard stands for exactly one \
            label",
            &[(Some(0), "name_mismatch")],
        ),
        (
            "ip-san",
            &["192.0.2.10"],
            "192.0.2.10",
            "an iPAddress SAN 192.0.2.10 (empty subject, critical SAN) matches the IPv4 host \
            192.0.2.10: valid",
            &[],
        ),
        (
            "ipv6-san",
            &["2001:db8::10"],
            "2001:db8::10",
            "an iPAddress SAN 2001:db8::10 (16 octets, empty subject) matches the IPv6 host \
            2001:db8::10: valid",
            &[],
        ),
    ] {
        g.begin(name);
        let c = g.path(rsa_path_for(names));
        g.done(Scenario {
            host: Some(host),
            ..c.scenario(description, findings)
        });
    }

    g.begin("cn-only-no-san-fallback");
    let c = g.path(rsa_path_for(&["other.example.com"]).leaf(leaf_cn("www.example.com")));
    g.done(c.scenario(
        "CN=www.example.com but SAN other.example.com only: no fallback to the CN (RFC 6125 \
        6.4.4), and the message says the CN would have matched; the CN does not repeat a SAN value \
        either (CA/B BR 7.1.4.3, a warning)",
        &[(Some(0), "name_mismatch"), (Some(0), "cn_not_in_san")],
    ));
}

/// The subject commonName rules (CA/B BR 7.1.4.3, 7.1.2.7.2).
pub(crate) fn common_name(g: &mut Gen) {
    g.begin("cn-ip-not-canonical");
    let c = g.path(rsa_path_for(&["192.168.1.1"]).leaf(leaf_cn("192.168.001.001")));
    g.done(Scenario {
        host: Some("192.168.1.1"),
        ..c.scenario(
            "the leaf's CN is \"192.168.001.001\" for its iPAddress SAN 192.168.1.1; CA/B BR \
            7.1.4.3: an IPv4 CN is the address in its canonical dotted-decimal form (RFC 3986 \
            3.2.2)",
            &[(Some(0), "profile_violation")],
        )
    });

    g.begin("cn-case-differs");
    let c = g.path(rsa_path().leaf(leaf_cn("Www.Example.com")));
    g.done(c.scenario(
        "the leaf's CN is Www.Example.com, its SAN www.example.com; CA/B BR 7.1.4.3: the CN is a \
        character-for-character copy of a SAN entry",
        &[(Some(0), "profile_violation")],
    ));

    g.begin("cn-not-in-san");
    let c = g.path(
        rsa_path_for(&["valid.example.com", "another.example.com"])
            .leaf(leaf_cn("notinsan.example.com")),
    );
    g.done(Scenario {
        host: Some("valid.example.com"),
        ..c.scenario(
            "the leaf's CN is notinsan.example.com, its SANs valid.example.com and \
            another.example.com; the host asked for is in the SAN. CA/B BR 7.1.4.3 requires the CN \
            to repeat a SAN value, but certchain never matches the CN, so this is a warning: \
            valid",
            &[(Some(0), "cn_not_in_san")],
        )
    });

    g.begin("cn-ip-not-in-san");
    let c = g.path(rsa_path_for(&["192.0.2.1"]).leaf(leaf_cn("192.0.2.2")));
    g.done(Scenario {
        host: Some("192.0.2.1"),
        ..c.scenario(
            "the leaf's CN is the canonical address 192.0.2.2, its iPAddress SAN 192.0.2.1; CA/B \
            BR 7.1.4.3: an IP CN repeats an iPAddress SAN (a warning, as for a DNS CN): valid",
            &[(Some(0), "cn_not_in_san")],
        )
    });

    g.begin("cn-twice");
    let c = g
        .path(rsa_path_for(&["www.example.com", "example.com"]))
        .patch_leaf(g, |f| {
            let cn = |v: &str| {
                der(
                    0x31,
                    &der(
                        0x30,
                        &[oid(&[2, 5, 4, 3]), der(0x0c, v.as_bytes())].concat(),
                    ),
                )
            };
            assert_eq!(f[5][0], 0x30, "the subject Name");
            f[5] = der(0x30, &[cn("www.example.com"), cn("example.com")].concat());
        });
    g.done(c.scenario(
        "the leaf's subject has two commonName attributes, www.example.com and example.com, both \
        SAN values; CA/B BR 7.1.4.3: the commonName, if present, holds exactly one entry",
        &[(Some(0), "profile_violation")],
    ));

    g.begin("cn-ip-in-san");
    let c = g.path(rsa_path_for(&["192.0.2.1", "www.example.com"]).leaf(leaf_cn("192.0.2.1")));
    g.done(Scenario {
        host: Some("www.example.com"),
        ..c.scenario(
            "the leaf's CN is the address 192.0.2.1, repeated as an iPAddress SAN beside \
            DNS:www.example.com; the CN is compared with the SAN as an address (CA/B BR 7.1.4.3) \
            and the host matches the DNS SAN: valid",
            &[],
        )
    });

    g.begin("cn-unicode");
    let c =
        g.path(rsa_path_for(&["xn--bcher-kva.example.com"]).leaf(leaf_cn("bücher.example.com")));
    g.done(Scenario {
        host: Some("xn--bcher-kva.example.com"),
        ..c.scenario(
            "the leaf's CN is the UTF8String bücher.example.com, its SAN \
            xn--bcher-kva.example.com; CA/B BR 7.1.4.3: a domain name CN is in its ASCII (A-label) \
            form, as in the SAN",
            &[(Some(0), "profile_violation")],
        )
    });
}
