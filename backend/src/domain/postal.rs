//! Postal codes of the Nordic countries: SE `NNN NN`, NO and DK `NNNN`, FI `NNNNN`.

use std::fmt;

use super::{Country, ValidationError};

const INVALID: ValidationError = ValidationError::Invalid("is not a valid postal code");

/// Longest input accepted before any parsing.
const MAX_INPUT_BYTES: usize = 32;

/// A postal code, normalized for its country: SE `"123 45"`, NO `"0150"`, DK `"2100"`, FI `"00100"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PostalCode(String);

impl PostalCode {
    /// Parses a postal code for `country`. Spaces are ignored, and an ISO country prefix
    /// matching `country` is accepted (`"SE-123 45"`, `"DK-2100"`, `"FI 00100"`).
    pub fn parse(input: &str, country: Country) -> Result<PostalCode, ValidationError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(ValidationError::Required);
        }
        if trimmed.len() > MAX_INPUT_BYTES {
            return Err(INVALID);
        }
        let code = strip_country_prefix(trimmed, country);
        let mut digits = String::with_capacity(code.len());
        for c in code.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '\u{a0}' => {}
                _ => return Err(INVALID),
            }
        }
        let expected = match country {
            Country::Se | Country::Fi => 5,
            Country::No | Country::Dk => 4,
        };
        if digits.len() != expected {
            return Err(INVALID);
        }
        if country == Country::Se {
            digits.insert(3, ' ');
        }
        Ok(PostalCode(digits))
    }

    /// The normalized postal code.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The normalized postal code as an owned string.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Display for PostalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for PostalCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Removes a leading `"SE-"` / `"SE "` / `"SE"` (case-insensitive) when it names `country`.
fn strip_country_prefix(input: &str, country: Country) -> &str {
    let code = country.code();
    match input.get(..code.len()) {
        Some(prefix) if prefix.eq_ignore_ascii_case(code) => {
            let rest = input.get(code.len()..).unwrap_or_default();
            rest.strip_prefix('-').unwrap_or(rest).trim_start()
        }
        _ => input,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(input: &str, country: Country) -> String {
        match PostalCode::parse(input, country) {
            Ok(p) => p.into_inner(),
            Err(e) => panic!("{input:?} ({country}) refused: {e}"),
        }
    }

    fn invalid(input: &str, country: Country) {
        assert_eq!(
            PostalCode::parse(input, country),
            Err(INVALID),
            "{input:?} ({country})"
        );
    }

    #[test]
    fn swedish() {
        assert_eq!(ok("11351", Country::Se), "113 51");
        assert_eq!(ok("113 51", Country::Se), "113 51");
        assert_eq!(ok(" 1 1 3 5 1 ", Country::Se), "113 51");
        assert_eq!(ok("SE-113 51", Country::Se), "113 51");
        assert_eq!(ok("se 11351", Country::Se), "113 51");
        assert_eq!(ok("98499", Country::Se), "984 99");
        invalid("1135", Country::Se);
        invalid("113 512", Country::Se);
        invalid("113-51", Country::Se);
        invalid("S-113 51", Country::Se);
        invalid("FI-11351", Country::Se);
    }

    #[test]
    fn norwegian() {
        assert_eq!(ok("0150", Country::No), "0150");
        assert_eq!(ok("9991", Country::No), "9991");
        assert_eq!(ok("NO-0150", Country::No), "0150");
        invalid("150", Country::No);
        invalid("01500", Country::No);
        invalid("O150", Country::No);
    }

    #[test]
    fn danish() {
        assert_eq!(ok("2100", Country::Dk), "2100");
        assert_eq!(ok("DK-2100", Country::Dk), "2100");
        assert_eq!(ok("dk 8000", Country::Dk), "8000");
        invalid("21000", Country::Dk);
        invalid("2100 København Ø", Country::Dk);
    }

    #[test]
    fn finnish() {
        assert_eq!(ok("00100", Country::Fi), "00100");
        assert_eq!(ok("FI-00100", Country::Fi), "00100");
        assert_eq!(ok("99999", Country::Fi), "99999");
        invalid("0010", Country::Fi);
        invalid("001000", Country::Fi);
    }

    #[test]
    fn blank_and_junk() {
        assert_eq!(
            PostalCode::parse("", Country::Se),
            Err(ValidationError::Required)
        );
        assert_eq!(
            PostalCode::parse("   ", Country::Fi),
            Err(ValidationError::Required)
        );
        invalid("SE", Country::Se);
        invalid("SE-", Country::Se);
        invalid("abcde", Country::Se);
        invalid("１１３５１", Country::Se);
        invalid(&"1".repeat(1_000_000), Country::Se);
        invalid("11351\u{0}", Country::Se);
    }

    #[test]
    fn accessors() -> Result<(), ValidationError> {
        let p = PostalCode::parse("11351", Country::Se)?;
        assert_eq!(p.as_str(), "113 51");
        assert_eq!(p.as_ref(), "113 51");
        assert_eq!(p.to_string(), "113 51");
        assert_eq!(p.into_inner(), "113 51");
        Ok(())
    }
}
