//! E-mail addresses: syntax validation and normalization (trimmed, lower-cased, NFC).

use std::fmt;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::ValidationError;

/// Maximum length of a whole address, in characters.
pub const MAX_LEN: usize = 254;
/// Maximum length of the local part (before `@`), in characters.
pub const MAX_LOCAL_LEN: usize = 64;
/// Maximum length of one domain label, in characters.
const MAX_LABEL_LEN: usize = 63;

const INVALID: ValidationError = ValidationError::Invalid("is not a valid e-mail address");

/// A syntactically valid, normalized e-mail address (lower-case; IDN domains in NFC).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// Validates and normalizes an address. Blank input gives [`ValidationError::Required`].
    pub fn parse(input: &str) -> Result<Email, ValidationError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(ValidationError::Required);
        }
        // Cheap guard before any allocation (see `text::MAX_BYTES_PER_NFC_CHAR`): even after
        // NFC composition no input this long can fit in `MAX_LEN` characters.
        if trimmed.len() > MAX_LEN * super::text::MAX_BYTES_PER_NFC_CHAR {
            return Err(ValidationError::TooLong { max: MAX_LEN });
        }
        if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(INVALID);
        }
        let normalized: String = trimmed.to_lowercase().nfc().collect();
        if normalized.chars().count() > MAX_LEN {
            return Err(ValidationError::TooLong { max: MAX_LEN });
        }
        let mut parts = normalized.split('@');
        let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(INVALID);
        };
        if !valid_local(local) || !valid_domain(domain) {
            return Err(INVALID);
        }
        Ok(Email(normalized))
    }

    /// The normalized address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The normalized address as an owned string.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

fn valid_local(local: &str) -> bool {
    const SPECIALS: &str = "!#$%&'*+/=?^_`{|}~.-";
    !local.is_empty()
        && local.len() <= MAX_LOCAL_LEN
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || SPECIALS.contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
}

fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 || !labels.iter().all(|l| valid_label(l)) {
        return false;
    }
    match labels.last() {
        Some(tld) => valid_tld(tld),
        None => false,
    }
}

/// One DNS label: 1..=63 characters of `[a-z0-9-]` (or, for IDN, non-ASCII letters, digits
/// and combining marks), not starting or ending with `-`, not starting with a combining mark.
fn valid_label(label: &str) -> bool {
    let len = label.chars().count();
    if len == 0 || len > MAX_LABEL_LEN || label.starts_with('-') || label.ends_with('-') {
        return false;
    }
    if label.chars().next().is_some_and(is_combining_mark) {
        return false;
    }
    label.chars().all(|c| {
        c.is_ascii_lowercase()
            || c.is_ascii_digit()
            || c == '-'
            || (!c.is_ascii() && (c.is_alphanumeric() || is_combining_mark(c)))
    })
}

/// The top-level domain: at least two letters, or an ASCII-encoded IDN TLD (`xn--…`).
fn valid_tld(tld: &str) -> bool {
    (tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic))
        || (tld.len() > 4 && tld.starts_with("xn--"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(input: &str) -> String {
        match Email::parse(input) {
            Ok(e) => e.into_inner(),
            Err(e) => panic!("{input:?} refused: {e}"),
        }
    }

    fn invalid(input: &str) {
        assert_eq!(
            Email::parse(input),
            Err(INVALID),
            "{input:?} should be invalid"
        );
    }

    #[test]
    fn accepts_and_normalizes_ordinary_addresses() {
        assert_eq!(ok("anna.svensson@example.se"), "anna.svensson@example.se");
        assert_eq!(
            ok("  Anna.Svensson@Example.SE \n"),
            "anna.svensson@example.se"
        );
        assert_eq!(
            ok("ola+nyhetsbrev@post.example.no"),
            "ola+nyhetsbrev@post.example.no"
        );
        assert_eq!(ok("a@b.dk"), "a@b.dk");
        assert_eq!(
            ok("first_last-1@sub-domain.example.fi"),
            "first_last-1@sub-domain.example.fi"
        );
        assert_eq!(ok("x@123.example.com"), "x@123.example.com");
        assert_eq!(ok("o'brien@example.ie"), "o'brien@example.ie");
        assert_eq!(
            ok("!#$%&'*+/=?^_`{|}~.-@example.com"),
            "!#$%&'*+/=?^_`{|}~.-@example.com"
        );
    }

    #[test]
    fn accepts_idn_domains() {
        assert_eq!(ok("info@räksmörgås.se"), "info@räksmörgås.se");
        assert_eq!(ok("Info@BLÅBÆR.DK"), "info@blåbær.dk");
        assert_eq!(
            ok("kontakt@xn--rksmrgs-5wao1o.se"),
            "kontakt@xn--rksmrgs-5wao1o.se"
        );
        assert_eq!(ok("user@пример.рф"), "user@пример.рф");
        assert_eq!(ok("user@example.xn--p1ai"), "user@example.xn--p1ai");
        // Decomposed input is composed (NFC) so that equal addresses compare equal.
        assert_eq!(
            ok("info@ra\u{308}ksmo\u{308}rga\u{30a}s.se"),
            "info@räksmörgås.se"
        );
    }

    #[test]
    fn blank_is_required() {
        assert_eq!(Email::parse(""), Err(ValidationError::Required));
        assert_eq!(Email::parse("   \t\n"), Err(ValidationError::Required));
    }

    #[test]
    fn refuses_structural_errors() {
        invalid("plainaddress");
        invalid("@example.com");
        invalid("anna@");
        invalid("anna@@example.com");
        invalid("anna@bo@example.com");
        invalid("anna@localhost");
        invalid("anna@example");
        invalid("anna@.example.com");
        invalid("anna@example.com.");
        invalid("anna@example..com");
    }

    #[test]
    fn refuses_bad_local_parts() {
        invalid(".anna@example.com");
        invalid("anna.@example.com");
        invalid("an..na@example.com");
        invalid("\"anna\"@example.com");
        invalid("an(na)@example.com");
        invalid("anna,b@example.com");
        invalid("anna;b@example.com");
        invalid("åsa@example.se");
        invalid("an<na>@example.com");
    }

    #[test]
    fn refuses_bad_domains() {
        invalid("anna@-example.com");
        invalid("anna@example-.com");
        invalid("anna@exa_mple.com");
        invalid("anna@example.c");
        invalid("anna@example.c0m");
        invalid("anna@example.123");
        invalid("anna@[192.168.0.1]");
        invalid("anna@192.168.0.1");
        invalid("anna@exa!mple.com");
        invalid("anna@example.xn--");
        invalid("anna@\u{301}example.com");
    }

    #[test]
    fn refuses_whitespace_and_control_characters_inside() {
        invalid("anna svensson@example.se");
        invalid("anna@exam ple.se");
        invalid("anna\t@example.se");
        invalid("anna@example.se\u{0}");
        invalid("anna\u{a0}s@example.se");
        invalid("anna@example.se\u{7f}x");
    }

    #[test]
    fn enforces_lengths() {
        let local64 = "a".repeat(64);
        assert_eq!(ok(&format!("{local64}@example.com")).len(), 64 + 12);
        invalid(&format!("{}@example.com", "a".repeat(65)));

        let label63 = "b".repeat(63);
        assert!(Email::parse(&format!("a@{label63}.com")).is_ok());
        invalid(&format!("a@{}.com", "b".repeat(64)));

        // 254 characters in total is the maximum.
        let domain = format!(
            "{}.{}.{}.{}",
            "c".repeat(63),
            "d".repeat(63),
            "e".repeat(63),
            "f".repeat(57)
        );
        let at_limit = format!("{}@{domain}", "a".repeat(254 - 1 - domain.len()));
        assert_eq!(at_limit.len(), 254);
        assert!(Email::parse(&at_limit).is_ok());
        let over = format!("a{at_limit}");
        assert_eq!(
            Email::parse(&over),
            Err(ValidationError::TooLong { max: 254 })
        );
    }

    #[test]
    fn huge_input_is_refused_as_too_long() {
        let huge = format!("{}@example.com", "a".repeat(10_000_000));
        assert_eq!(
            Email::parse(&huge),
            Err(ValidationError::TooLong { max: 254 })
        );
    }

    #[test]
    fn accessors() -> Result<(), ValidationError> {
        let e = Email::parse("Kund@Example.com")?;
        assert_eq!(e.as_str(), "kund@example.com");
        assert_eq!(e.as_ref(), "kund@example.com");
        assert_eq!(e.to_string(), "kund@example.com");
        assert_eq!(e, Email::parse("kund@example.COM")?);
        assert_eq!(e.into_inner(), "kund@example.com");
        Ok(())
    }
}
