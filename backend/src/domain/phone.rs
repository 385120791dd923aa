//! Phone numbers: parsing national and international input into E.164 (`+46701234567`),
//! with length checks for the Nordic numbering plans.

use std::fmt;

use super::{Country, ValidationError};

const INVALID: ValidationError = ValidationError::Invalid("is not a valid phone number");

/// Longest input accepted before any parsing (a formatted E.164 number is far shorter).
const MAX_INPUT_BYTES: usize = 64;
/// E.164 numbers have at most 15 digits; Tillit requires at least 8.
const MIN_DIGITS: usize = 8;
const MAX_DIGITS: usize = 15;

/// A phone number in E.164 form: `+` followed by 8..=15 digits, e.g. `"+46701234567"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Parses a phone number written internationally (`+CC…` or `00CC…`) or nationally for
    /// `default_country` (SE/FI with trunk prefix `0`, NO/DK as 8 digits).
    ///
    /// Accepted characters: ASCII digits, spaces (also no-break spaces), `-`, `(`, `)`, `.`,
    /// `/` and one leading `+`. The international "(0)" convention (`+46 (0)70 …`) is
    /// understood, and a superfluous trunk `0` after `+46`/`+358` is dropped.
    pub fn parse(input: &str, default_country: Country) -> Result<PhoneNumber, ValidationError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(ValidationError::Required);
        }
        if trimmed.len() > MAX_INPUT_BYTES {
            return Err(INVALID);
        }
        let (plus, rest) = match trimmed.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        // Digits and parentheses; the other separators are dropped.
        let mut compact = String::with_capacity(rest.len());
        for c in rest.chars() {
            match c {
                '0'..='9' | '(' | ')' => compact.push(c),
                ' ' | '\u{a0}' | '\u{202f}' | '-' | '.' | '/' => {}
                _ => return Err(INVALID),
            }
        }
        let all_digits: String = compact.chars().filter(char::is_ascii_digit).collect();
        let international = plus || all_digits.starts_with("00");

        let (country_code, national): (String, String) = if international {
            // "(0)" marks a trunk prefix that is not dialled from abroad.
            let digits: String = compact
                .replace("(0)", "")
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            let digits = if plus {
                digits
            } else {
                digits
                    .strip_prefix("00")
                    .map(str::to_owned)
                    .unwrap_or(digits)
            };
            if digits.is_empty() || digits.starts_with('0') {
                return Err(INVALID);
            }
            match nordic_country(&digits) {
                Some(country) => {
                    let cc = country.calling_code();
                    let nsn = digits.get(cc.len()..).unwrap_or_default();
                    // A trunk 0 written after the country code ("+46 070 …") is a common slip.
                    let nsn = match country {
                        Country::Se | Country::Fi => nsn.strip_prefix('0').unwrap_or(nsn),
                        Country::No | Country::Dk => nsn,
                    };
                    check_nsn(country, nsn)?;
                    (cc.to_owned(), nsn.to_owned())
                }
                None => (String::new(), digits),
            }
        } else {
            let nsn = match default_country {
                Country::Se | Country::Fi => all_digits.strip_prefix('0').ok_or(INVALID)?,
                Country::No | Country::Dk => all_digits.as_str(),
            };
            check_nsn(default_country, nsn)?;
            (default_country.calling_code().to_owned(), nsn.to_owned())
        };

        let total = country_code.len() + national.len();
        if !(MIN_DIGITS..=MAX_DIGITS).contains(&total) {
            return Err(INVALID);
        }
        Ok(PhoneNumber(format!("+{country_code}{national}")))
    }

    /// The number in E.164 form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number in E.164 form as an owned string.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for PhoneNumber {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// The Nordic country whose calling code starts `digits` (country codes are prefix-free).
fn nordic_country(digits: &str) -> Option<Country> {
    Country::ALL
        .into_iter()
        .find(|c| digits.starts_with(c.calling_code()))
}

/// Checks the national significant number (without trunk prefix) against the numbering plan.
fn check_nsn(country: Country, nsn: &str) -> Result<(), ValidationError> {
    if nsn.is_empty() || nsn.starts_with('0') || !nsn.bytes().all(|b| b.is_ascii_digit()) {
        return Err(INVALID);
    }
    let len = nsn.len();
    let ok = match country {
        // Swedish mobile numbers (07x, x in 0 2 3 6 9) are always 9 digits after the 0.
        Country::Se if is_swedish_mobile(nsn) => len == 9,
        Country::Se => (7..=9).contains(&len),
        Country::No | Country::Dk => len == 8,
        Country::Fi => (5..=10).contains(&len),
    };
    if ok { Ok(()) } else { Err(INVALID) }
}

fn is_swedish_mobile(nsn: &str) -> bool {
    ["70", "72", "73", "76", "79"]
        .iter()
        .any(|p| nsn.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(input: &str, country: Country) -> String {
        match PhoneNumber::parse(input, country) {
            Ok(p) => p.into_inner(),
            Err(e) => panic!("{input:?} ({country}) refused: {e}"),
        }
    }

    fn invalid(input: &str, country: Country) {
        assert_eq!(
            PhoneNumber::parse(input, country),
            Err(INVALID),
            "{input:?} ({country}) should be invalid"
        );
    }

    #[test]
    fn swedish_numbers() {
        assert_eq!(ok("070-123 45 67", Country::Se), "+46701234567");
        assert_eq!(ok("0701234567", Country::Se), "+46701234567");
        assert_eq!(ok("073 - 123 45 67", Country::Se), "+46731234567");
        assert_eq!(ok("08-123 456 78", Country::Se), "+46812345678");
        assert_eq!(ok("08-12 34 56", Country::Se), "+468123456"); // Stockholm, 7-digit NSN
        assert_eq!(ok("031-123 45 67", Country::Se), "+46311234567");
        assert_eq!(ok("0910-123 45", Country::Se), "+4691012345");
        assert_eq!(ok("(08) 123 456 78", Country::Se), "+46812345678");
        assert_eq!(ok("0771-567 567", Country::Se), "+46771567567");
        assert_eq!(ok("+46 70 123 45 67", Country::Se), "+46701234567");
        assert_eq!(ok("+46701234567", Country::No), "+46701234567");
        assert_eq!(ok("0046 70 123 45 67", Country::Dk), "+46701234567");
        assert_eq!(ok("+46 (0)70-123 45 67", Country::Fi), "+46701234567");
        assert_eq!(ok("+46 070-123 45 67", Country::Se), "+46701234567");
        assert_eq!(
            ok("\u{a0}070\u{a0}123\u{a0}45\u{a0}67 ", Country::Se),
            "+46701234567"
        );
        assert_eq!(ok("070.123.45.67", Country::Se), "+46701234567");
        assert_eq!(ok("08/123 456 78", Country::Se), "+46812345678");
    }

    #[test]
    fn swedish_lengths() {
        invalid("070-123 45 6", Country::Se); // mobile with 8-digit NSN
        invalid("070-123 45 678", Country::Se); // mobile with 10-digit NSN
        invalid("08-123 45", Country::Se); // 6-digit NSN
        invalid("08-123 456 789", Country::Se); // 10-digit NSN
        invalid("+46 70 123 45 6", Country::Se);
        invalid("701234567", Country::Se); // national without trunk prefix
        invalid("0", Country::Se);
    }

    #[test]
    fn norwegian_numbers() {
        assert_eq!(ok("912 34 567", Country::No), "+4791234567");
        assert_eq!(ok("22 22 22 22", Country::No), "+4722222222");
        assert_eq!(ok("+47 22 22 22 22", Country::Se), "+4722222222");
        assert_eq!(ok("0047 412 34 567", Country::Se), "+4741234567");
        invalid("912 34 56", Country::No);
        invalid("912 34 5678", Country::No);
        invalid("012 34 567", Country::No);
        invalid("+47 912 34 56", Country::No);
        invalid("+47 0912 34 567", Country::No);
    }

    #[test]
    fn danish_numbers() {
        assert_eq!(ok("20 12 34 56", Country::Dk), "+4520123456");
        assert_eq!(ok("33-12-34-56", Country::Dk), "+4533123456");
        assert_eq!(ok("0045 33 12 34 56", Country::Se), "+4533123456");
        assert_eq!(ok("+45 20123456", Country::Fi), "+4520123456");
        invalid("2012345", Country::Dk);
        invalid("201234567", Country::Dk);
        invalid("+45 201 23 45", Country::Dk);
    }

    #[test]
    fn finnish_numbers() {
        assert_eq!(ok("040 123 4567", Country::Fi), "+358401234567");
        assert_eq!(ok("050-123 45", Country::Fi), "+3585012345");
        assert_eq!(ok("09 123 4567", Country::Fi), "+35891234567");
        assert_eq!(ok("(09) 1234 5678", Country::Fi), "+358912345678");
        assert_eq!(ok("+358 40 123 4567", Country::Se), "+358401234567");
        assert_eq!(ok("00358 40 123 4567", Country::No), "+358401234567");
        assert_eq!(ok("+358 (0)40 123 4567", Country::Se), "+358401234567");
        assert_eq!(ok("+358 040 123 4567", Country::Se), "+358401234567");
        invalid("040 1", Country::Fi); // NSN of 3 digits
        invalid("040 123 4567 890", Country::Fi); // NSN of 12 digits
        invalid("401234567", Country::Fi);
    }

    #[test]
    fn other_countries() {
        assert_eq!(ok("+44 20 7946 0958", Country::Se), "+442079460958");
        assert_eq!(ok("+1 (202) 555-0123", Country::No), "+12025550123");
        assert_eq!(ok("0049 30 1234567", Country::Dk), "+49301234567");
        assert_eq!(ok("+354 412 3456", Country::Se), "+3544123456"); // Iceland
        assert_eq!(ok("+359 2 123 4567", Country::Fi), "+35921234567"); // Bulgaria, not Finland
        assert_eq!(ok("+123456789012345", Country::Se), "+123456789012345");
        invalid("+1234567890123456", Country::Se); // 16 digits
        invalid("+1234567", Country::Se); // 7 digits
        invalid("+0123456789", Country::Se);
        invalid("000123456789", Country::Se);
        invalid("+", Country::Se);
        invalid("00", Country::Se);
    }

    #[test]
    fn refuses_bad_characters() {
        invalid("070-CALL-NOW", Country::Se);
        invalid("070 123 45 67 ext 12", Country::Se);
        invalid("070+1234567", Country::Se);
        invalid("++46701234567", Country::Se);
        invalid("46 + 701234567", Country::Se);
        invalid("070\t1234567", Country::Se);
        invalid("070_123_45_67", Country::Se);
        invalid("０７０１２３４５６７", Country::Se);
        invalid("070#1234567", Country::Se);
    }

    #[test]
    fn blank_is_required_and_long_input_invalid() {
        assert_eq!(
            PhoneNumber::parse("", Country::Se),
            Err(ValidationError::Required)
        );
        assert_eq!(
            PhoneNumber::parse("  \t ", Country::No),
            Err(ValidationError::Required)
        );
        invalid(&"1".repeat(100_000), Country::Se);
        invalid(&format!("070{}1234567", " ".repeat(100)), Country::Se);
    }

    #[test]
    fn accessors() -> Result<(), ValidationError> {
        let p = PhoneNumber::parse("070-123 45 67", Country::Se)?;
        assert_eq!(p.as_str(), "+46701234567");
        assert_eq!(p.as_ref(), "+46701234567");
        assert_eq!(p.to_string(), "+46701234567");
        assert_eq!(p, PhoneNumber::parse("+46701234567", Country::Fi)?);
        assert_eq!(p.into_inner(), "+46701234567");
        Ok(())
    }
}
