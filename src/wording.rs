//! Small helpers for building sentences from words that are only known at run time
//! (key types, PEM labels, algorithm names), so that every message reads as English.

/// Initialisms read letter by letter whose first letter sounds like a vowel ("an RSA
/// key", "an X509 CRL"), and words read as words that start with a vowel letter but not
/// a vowel sound ("a one-time", "a unique"). Everything else follows its first letter.
const AN_INITIALISMS: &[&str] = &[
    "EC", "ECDSA", "ECDH", "ED25519", "ED448", "RSA", "RSA-PSS", "X509", "X.509", "X25519", "X448",
    "HMAC", "MD5", "SSH", "SSH2", "OPENSSH", "SM2", "HTTP", "HTTPS", "LDAP", "NSS", "SMTP",
    "S/MIME", "OCSP",
];

/// Words that start with a vowel letter but not a vowel sound.
const A_BEFORE_VOWEL_LETTER: &[&str] = &[
    "one",
    "once",
    "unique",
    "unit",
    "universal",
    "universalstring",
    "url",
    "uri",
    "usage",
    "use",
    "user",
    "utf8string",
    "utf-8",
];

/// "a" or "an" for the phrase that follows, judged by how its first word is read aloud:
/// `article("ECDSA P-521 key")` is "an", `article("PRIVATE KEY")` is "a".
pub fn article(phrase: &str) -> &'static str {
    let first = phrase
        .split(|c: char| c.is_whitespace() || c == '(')
        .find(|w| !w.is_empty())
        .unwrap_or("");
    let upper = first.to_ascii_uppercase();
    let lower = first.to_ascii_lowercase();
    if AN_INITIALISMS.contains(&upper.as_str()) {
        return "an";
    }
    if A_BEFORE_VOWEL_LETTER.contains(&lower.as_str()) {
        return "a";
    }
    match lower.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        // A leading digit: "an 8-bit", "an 11", "an 18"; "a 2048-bit".
        Some('8') => "an",
        Some('1') if lower.starts_with("11") || lower.starts_with("18") => {
            let digits = lower.chars().take_while(char::is_ascii_digit).count();
            // 11, 18, 11xxx (eleven thousand...), 18xxx: read as "eleven"/"eighteen".
            if digits == 2 || digits == 5 || digits == 8 {
                "an"
            } else {
                "a"
            }
        }
        _ => "a",
    }
}

/// The phrase with its indefinite article: `with_article("ECDSA P-521")` is
/// "an ECDSA P-521".
pub fn with_article(phrase: &str) -> String {
    format!("{} {phrase}", article(phrase))
}

/// Most characters of foreign text (a library's error quoting the input) kept in a
/// message: an error is one line of a terminal, not a dump of the input.
///
/// ```
/// assert!(certchain::limits::MAX_QUOTED_CHARS < certchain::limits::MAX_MESSAGE_CHARS);
/// ```
pub const MAX_QUOTED_CHARS: usize = 120;

/// Most characters of a whole error message: a line or two of a terminal. serde quotes
/// an unknown field or a mistyped value whole, and both come from the request.
///
/// ```
/// assert_eq!(certchain::limits::MAX_MESSAGE_CHARS, 1000);
/// ```
pub const MAX_MESSAGE_CHARS: usize = 1000;

/// Text from elsewhere made fit for a one-line message: line breaks and other control
/// characters escaped as Rust writes them (`\n`), cut after [`MAX_QUOTED_CHARS`]
/// characters.
pub fn one_line(text: &str) -> String {
    one_line_within(text, MAX_QUOTED_CHARS)
}

/// [`one_line`] with another length: cut after `max` characters, with `…`.
pub fn one_line_within(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Lower-case hex of bytes, e.g. a SHA-256 fingerprint.
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().checked_mul(2).unwrap_or_default());
    for b in bytes {
        out.push(hex_digit(b >> 4));
        out.push(hex_digit(b & 15));
    }
    out
}

/// The lower-case hex digit of a nibble (`0` to `f`; a value above 15 gives `0`).
pub fn hex_digit(nibble: u8) -> char {
    char::from_digit(u32::from(nibble), 16).unwrap_or('0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles() {
        for (phrase, expected) in [
            ("ECDSA P-521 key", "an ECDSA P-521 key"),
            ("RSA 2048 key", "an RSA 2048 key"),
            ("Ed25519 key", "an Ed25519 key"),
            ("DSA 1024 key", "a DSA 1024 key"),
            ("X509 CRL", "an X509 CRL"),
            ("X509 CERTIFICATE", "an X509 CERTIFICATE"),
            ("CERTIFICATE", "a CERTIFICATE"),
            ("PRIVATE KEY", "a PRIVATE KEY"),
            ("EC PRIVATE KEY", "an EC PRIVATE KEY"),
            ("ENCRYPTED PRIVATE KEY", "an ENCRYPTED PRIVATE KEY"),
            ("OPENSSH PRIVATE KEY", "an OPENSSH PRIVATE KEY"),
            ("unknown key type 1.2.3", "an unknown key type 1.2.3"),
            ("ECDSA with SHA-384", "an ECDSA with SHA-384"),
            (
                "RSA PKCS#1 v1.5 with SHA-256",
                "an RSA PKCS#1 v1.5 with SHA-256",
            ),
            ("SHA-256 digest", "a SHA-256 digest"),
            ("INTEGER", "an INTEGER"),
            ("SEQUENCE", "a SEQUENCE"),
            ("unique name", "a unique name"),
            ("8-bit value", "an 8-bit value"),
            ("11-byte value", "an 11-byte value"),
            ("2048-bit key", "a 2048-bit key"),
            ("", "a "),
        ] {
            assert_eq!(with_article(phrase), expected, "{phrase:?}");
        }
    }

    #[test]
    fn one_line_escapes_breaks_and_cuts_long_text() {
        assert_eq!(one_line("END (\"ab\ncd\r\")"), "END (\"ab\\ncd\\r\")");
        assert_eq!(one_line("tab\there"), "tab\\there");
        let long = "x".repeat(500);
        assert_eq!(one_line(&long).chars().count(), MAX_QUOTED_CHARS + 1);
        assert!(one_line(&long).ends_with('…'));
    }
}
