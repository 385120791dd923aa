//! Personal and organisation identity numbers of Sweden, Norway, Denmark and Finland:
//! format, check digits, embedded birth dates and normalization.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use super::{Country, ValidationError};

const WRONG_FORMAT: ValidationError = ValidationError::Invalid("has the wrong format");
const WRONG_CHECK: ValidationError = ValidationError::Invalid("has a wrong check digit");
const IMPOSSIBLE_DATE: ValidationError = ValidationError::Invalid("contains an impossible date");
const FUTURE_DATE: ValidationError = ValidationError::Invalid("contains a date in the future");

/// Longest input accepted before any parsing (the longest valid form has 13 characters).
const MAX_INPUT_BYTES: usize = 40;
/// Birth dates before this year are refused as impossible.
const MIN_YEAR: i32 = 1800;

/// Whether an identity number identifies a person or an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdentityKind {
    /// A natural person (personnummer, fødselsnummer, CPR, henkilötunnus).
    Personal,
    /// A legal entity or business (organisationsnummer, organisasjonsnummer, CVR, Y-tunnus).
    Organisation,
}

/// A validated, normalized national identity number.
///
/// Normalized forms: SE personal `YYYYMMDD-NNNN`, SE organisation `NNNNNN-NNNN` (a sole
/// trader's personnummer in the personal form), NO personal 11 digits, NO organisation 9
/// digits, DK personal `DDMMYY-SSSS`, DK organisation 8 digits, FI personal `DDMMYYCZZZQ`
/// (upper-case), FI organisation `NNNNNNN-C`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdentityNumber {
    country: Country,
    kind: IdentityKind,
    normalized: String,
    /// Derived from `normalized` for personal numbers; kept to avoid re-parsing.
    birth_date: Option<NaiveDate>,
}

/// A parsed personal number.
struct Personal {
    normalized: String,
    birth_date: NaiveDate,
}

impl IdentityNumber {
    /// Parses and validates `input`, judging dates against today's local date.
    pub fn parse(
        input: &str,
        country: Country,
        kind: IdentityKind,
    ) -> Result<IdentityNumber, ValidationError> {
        Self::parse_on(input, country, kind, chrono::Local::now().date_naive())
    }

    /// Parses and validates `input`, judging dates (century, "not in the future") against `today`.
    ///
    /// Whitespace anywhere in the input is ignored; letters are upper-cased.
    pub fn parse_on(
        input: &str,
        country: Country,
        kind: IdentityKind,
        today: NaiveDate,
    ) -> Result<IdentityNumber, ValidationError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(ValidationError::Required);
        }
        if trimmed.len() > MAX_INPUT_BYTES {
            return Err(WRONG_FORMAT);
        }
        let mut compact = Vec::with_capacity(trimmed.len());
        for c in trimmed.chars() {
            if c.is_whitespace() {
                continue;
            }
            if !c.is_ascii() {
                return Err(WRONG_FORMAT);
            }
            compact.push(u8::try_from(c.to_ascii_uppercase()).map_err(|_| WRONG_FORMAT)?);
        }
        let s = compact.as_slice();
        let (normalized, birth_date) = match (country, kind) {
            (Country::Se, IdentityKind::Personal) => personal(se_personal(s, today)?),
            (Country::No, IdentityKind::Personal) => personal(no_personal(s, today)?),
            (Country::Dk, IdentityKind::Personal) => personal(dk_personal(s, today)?),
            (Country::Fi, IdentityKind::Personal) => personal(fi_personal(s, today)?),
            (Country::Se, IdentityKind::Organisation) => (se_organisation(s, today)?, None),
            (Country::No, IdentityKind::Organisation) => (no_organisation(s)?, None),
            (Country::Dk, IdentityKind::Organisation) => (dk_organisation(s)?, None),
            (Country::Fi, IdentityKind::Organisation) => (fi_organisation(s)?, None),
        };
        Ok(IdentityNumber {
            country,
            kind,
            normalized,
            birth_date,
        })
    }

    /// The normalized number.
    pub fn as_str(&self) -> &str {
        &self.normalized
    }

    /// The issuing country.
    pub fn country(&self) -> Country {
        self.country
    }

    /// Personal or organisation number.
    pub fn kind(&self) -> IdentityKind {
        self.kind
    }

    /// The birth date encoded in a personal number (the real date for Swedish
    /// samordningsnummer and Norwegian D- and H-numbers). `None` for organisation numbers,
    /// including Swedish sole traders identified by their personnummer.
    pub fn birth_date(&self) -> Option<NaiveDate> {
        self.birth_date
    }
}

impl fmt::Display for IdentityNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.normalized)
    }
}

impl AsRef<str> for IdentityNumber {
    fn as_ref(&self) -> &str {
        &self.normalized
    }
}

fn personal(p: Personal) -> (String, Option<NaiveDate>) {
    (p.normalized, Some(p.birth_date))
}

// ---------------------------------------------------------------------------------------
// Helpers over ASCII byte slices.

fn is_digits(s: &[u8]) -> bool {
    s.iter().all(u8::is_ascii_digit)
}

fn digit(b: u8) -> u32 {
    char::from(b).to_digit(10).unwrap_or(0)
}

/// The value of a run of ASCII digits (callers check `is_digits` first; at most 9 digits).
fn value(s: &[u8]) -> u32 {
    s.iter().fold(0, |acc, &b| acc * 10 + digit(b))
}

fn text(s: &[u8]) -> String {
    s.iter().map(|&b| char::from(b)).collect()
}

/// `s` as exactly `n` digits, either plain or with one separator from `separators` at
/// index `pos`. Returns the digits and the separator used, if any.
fn split_digits(
    s: &[u8],
    n: usize,
    pos: usize,
    separators: &[u8],
) -> Option<(Vec<u8>, Option<u8>)> {
    if s.len() == n && is_digits(s) {
        return Some((s.to_vec(), None));
    }
    if s.len() != n + 1 {
        return None;
    }
    let (head, tail) = s.split_at_checked(pos)?;
    let (&sep, tail) = tail.split_first()?;
    if !separators.contains(&sep) || !is_digits(head) || !is_digits(tail) {
        return None;
    }
    let mut digits = head.to_vec();
    digits.extend_from_slice(tail);
    Some((digits, Some(sep)))
}

/// Luhn (mod 10) check over digits whose last digit is the check digit.
fn luhn_ok(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &b)| {
            let d = digit(b);
            if i % 2 == 1 {
                let x = d * 2;
                x / 10 + x % 10
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Weighted mod-11 check digit: remainder 0 → 0, remainder 1 → no valid digit, else 11 − r.
fn mod11(digits: &[u8], weights: &[u32]) -> Option<u32> {
    let sum: u32 = digits
        .iter()
        .zip(weights)
        .map(|(&b, &w)| digit(b) * w)
        .sum();
    match sum % 11 {
        0 => Some(0),
        1 => None,
        r => Some(11 - r),
    }
}

/// The year ending in `yy` closest before or at `limit` (compared as year, month, day).
fn latest_year(yy: u32, month: u32, day: u32, limit: (i32, u32, u32)) -> i32 {
    let (ly, lm, ld) = limit;
    let yy = i32::try_from(yy).unwrap_or(0);
    let mut year = ly - (ly - yy).rem_euclid(100);
    if year == ly && (month, day) > (lm, ld) {
        year -= 100;
    }
    year
}

/// A real, non-future birth date.
fn birth_date(
    year: i32,
    month: u32,
    day: u32,
    today: NaiveDate,
) -> Result<NaiveDate, ValidationError> {
    let date = NaiveDate::from_ymd_opt(year, month, day)
        .filter(|_| year >= MIN_YEAR)
        .ok_or(IMPOSSIBLE_DATE)?;
    if date > today {
        return Err(FUTURE_DATE);
    }
    Ok(date)
}

fn year_in(century: u32, yy: u32) -> i32 {
    i32::try_from(century * 100 + yy).unwrap_or(0)
}

// ---------------------------------------------------------------------------------------
// Sweden

/// Personnummer / samordningsnummer (day + 60).
fn se_personal(s: &[u8], today: NaiveDate) -> Result<Personal, ValidationError> {
    let (century, ten, plus) = match s.len() {
        10 | 11 => {
            let (d, sep) = split_digits(s, 10, 6, b"-+").ok_or(WRONG_FORMAT)?;
            (None, d, sep == Some(b'+'))
        }
        12 | 13 => {
            let (d, _) = split_digits(s, 12, 8, b"-").ok_or(WRONG_FORMAT)?;
            (Some(value(&d[..2])), d[2..].to_vec(), false)
        }
        _ => return Err(WRONG_FORMAT),
    };
    let yy = value(&ten[0..2]);
    let month = value(&ten[2..4]);
    let raw_day = value(&ten[4..6]);
    let day = if raw_day > 60 { raw_day - 60 } else { raw_day };
    let year = match century {
        Some(c) => year_in(c, yy),
        None => {
            // '-': the most recent such date not in the future; '+': at least 100 years ago.
            let back = if plus { 100 } else { 0 };
            latest_year(
                yy,
                month,
                day,
                (today.year() - back, today.month(), today.day()),
            )
        }
    };
    let birth_date = birth_date(year, month, day, today)?;
    if !luhn_ok(&ten) {
        return Err(WRONG_CHECK);
    }
    Ok(Personal {
        normalized: format!("{year:04}{}-{}", text(&ten[2..6]), text(&ten[6..10])),
        birth_date,
    })
}

/// Organisationsnummer (third digit ≥ 2, optional `16` prefix), or a sole trader's personnummer.
fn se_organisation(s: &[u8], today: NaiveDate) -> Result<String, ValidationError> {
    let prefixed = matches!(s.len(), 12 | 13) && s.starts_with(b"16");
    let body = if prefixed { &s[2..] } else { s };
    if let Some((d, _)) = split_digits(body, 10, 6, b"-")
        && d[2] >= b'2'
    {
        if !luhn_ok(&d) {
            return Err(WRONG_CHECK);
        }
        return Ok(format!("{}-{}", text(&d[..6]), text(&d[6..])));
    }
    if prefixed {
        return Err(WRONG_FORMAT);
    }
    // Sole traders (enskild firma) are identified by the owner's personnummer.
    se_personal(s, today).map(|p| p.normalized)
}

// ---------------------------------------------------------------------------------------
// Norway

/// Fødselsnummer, D-number (day + 40) or H-number (month + 40).
fn no_personal(s: &[u8], today: NaiveDate) -> Result<Personal, ValidationError> {
    const W1: [u32; 9] = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    const W2: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let (d, _) = split_digits(s, 11, 6, b"-").ok_or(WRONG_FORMAT)?;
    let raw_day = value(&d[0..2]);
    let raw_month = value(&d[2..4]);
    let yy = value(&d[4..6]);
    let individual = value(&d[6..9]);
    let day = if raw_day > 40 { raw_day - 40 } else { raw_day };
    let month = if raw_month > 40 {
        raw_month - 40
    } else {
        raw_month
    };
    let century = match individual {
        0..=499 => 19,
        500..=749 if yy >= 54 => 18,
        500..=999 if yy <= 39 => 20,
        900..=999 if yy >= 40 => 19,
        _ => return Err(IMPOSSIBLE_DATE),
    };
    let birth_date = birth_date(year_in(century, yy), month, day, today)?;
    let k1 = mod11(&d[..9], &W1).ok_or(WRONG_CHECK)?;
    if k1 != digit(d[9]) {
        return Err(WRONG_CHECK);
    }
    let k2 = mod11(&d[..10], &W2).ok_or(WRONG_CHECK)?;
    if k2 != digit(d[10]) {
        return Err(WRONG_CHECK);
    }
    Ok(Personal {
        normalized: text(&d),
        birth_date,
    })
}

/// Organisasjonsnummer: 9 digits starting with 8 or 9, mod-11 check digit.
fn no_organisation(s: &[u8]) -> Result<String, ValidationError> {
    const W: [u32; 8] = [3, 2, 7, 6, 5, 4, 3, 2];
    if s.len() != 9 || !is_digits(s) || !matches!(s[0], b'8' | b'9') {
        return Err(WRONG_FORMAT);
    }
    match mod11(&s[..8], &W) {
        Some(k) if k == digit(s[8]) => Ok(text(s)),
        _ => Err(WRONG_CHECK),
    }
}

// ---------------------------------------------------------------------------------------
// Denmark

/// CPR-nummer: DDMMYY-SSSS, century from the seventh digit; no modulus check.
fn dk_personal(s: &[u8], today: NaiveDate) -> Result<Personal, ValidationError> {
    let (d, _) = split_digits(s, 10, 6, b"-").ok_or(WRONG_FORMAT)?;
    let day = value(&d[0..2]);
    let month = value(&d[2..4]);
    let yy = value(&d[4..6]);
    let century = match digit(d[6]) {
        0..=3 => 19,
        4 | 9 if yy <= 36 => 20,
        4 | 9 => 19,
        _ if yy <= 57 => 20,
        _ => 18,
    };
    let birth_date = birth_date(year_in(century, yy), month, day, today)?;
    Ok(Personal {
        normalized: format!("{}-{}", text(&d[..6]), text(&d[6..])),
        birth_date,
    })
}

/// CVR-nummer: 8 digits, weighted sum divisible by 11.
fn dk_organisation(s: &[u8]) -> Result<String, ValidationError> {
    const W: [u32; 8] = [2, 7, 6, 5, 4, 3, 2, 1];
    if s.len() != 8 || !is_digits(s) {
        return Err(WRONG_FORMAT);
    }
    let sum: u32 = s.iter().zip(W).map(|(&b, w)| digit(b) * w).sum();
    if !sum.is_multiple_of(11) {
        return Err(WRONG_CHECK);
    }
    Ok(text(s))
}

// ---------------------------------------------------------------------------------------
// Finland

/// Henkilötunnus: DDMMYYCZZZQ.
fn fi_personal(s: &[u8], today: NaiveDate) -> Result<Personal, ValidationError> {
    const CHECK_CHARS: &[u8; 31] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";
    let [d0, d1, m0, m1, y0, y1, sign, i0, i1, i2, check] = *s else {
        return Err(WRONG_FORMAT);
    };
    let date_part = [d0, d1, m0, m1, y0, y1];
    let individual = [i0, i1, i2];
    if !is_digits(&date_part) || !is_digits(&individual) || !check.is_ascii_alphanumeric() {
        return Err(WRONG_FORMAT);
    }
    let century = match sign {
        b'+' => 18,
        b'-' | b'Y' | b'X' | b'W' | b'V' | b'U' => 19,
        b'A'..=b'F' => 20,
        _ => return Err(WRONG_FORMAT),
    };
    let birth_date = birth_date(
        year_in(century, value(&[y0, y1])),
        value(&[m0, m1]),
        value(&[d0, d1]),
        today,
    )?;
    let n = value(&date_part) * 1000 + value(&individual);
    let expected = usize::try_from(n % 31)
        .ok()
        .and_then(|i| CHECK_CHARS.get(i));
    if expected != Some(&check) {
        return Err(WRONG_CHECK);
    }
    Ok(Personal {
        normalized: text(s),
        birth_date,
    })
}

/// Y-tunnus: NNNNNNN-C (an old six-digit form `NNNNNN-C` gets a leading zero).
fn fi_organisation(s: &[u8]) -> Result<String, ValidationError> {
    const W: [u32; 7] = [7, 9, 10, 5, 8, 4, 2];
    let (body, check): (Vec<u8>, u8) = match *s {
        [ref b @ .., b'-', c] if b.len() == 7 => (b.to_vec(), c),
        [ref b @ .., b'-', c] if b.len() == 6 => ([b"0", b].concat(), c),
        [ref b @ .., c] if b.len() == 7 => (b.to_vec(), c),
        _ => return Err(WRONG_FORMAT),
    };
    if !is_digits(&body) || !check.is_ascii_digit() {
        return Err(WRONG_FORMAT);
    }
    match mod11(&body, &W) {
        Some(k) if k == digit(check) => Ok(format!("{}-{}", text(&body), char::from(check))),
        _ => Err(WRONG_CHECK),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Country::{Dk, Fi, No, Se};
    use IdentityKind::{Organisation, Personal};

    fn today() -> NaiveDate {
        date(2025, 6, 15)
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        match NaiveDate::from_ymd_opt(y, m, d) {
            Some(date) => date,
            None => panic!("bad test date {y}-{m}-{d}"),
        }
    }

    fn parse(
        input: &str,
        country: Country,
        kind: IdentityKind,
    ) -> Result<IdentityNumber, ValidationError> {
        IdentityNumber::parse_on(input, country, kind, today())
    }

    fn ok(input: &str, country: Country, kind: IdentityKind) -> IdentityNumber {
        match parse(input, country, kind) {
            Ok(id) => id,
            Err(e) => panic!("{input:?} ({country} {kind:?}) refused: {e}"),
        }
    }

    fn norm(input: &str, country: Country, kind: IdentityKind) -> String {
        ok(input, country, kind).as_str().to_string()
    }

    fn err(input: &str, country: Country, kind: IdentityKind, expected: ValidationError) {
        assert_eq!(
            parse(input, country, kind),
            Err(expected),
            "{input:?} ({country} {kind:?})"
        );
    }

    // Independent generators used to build test data (mirroring the published algorithms).

    fn no_fnr(first9: &str) -> String {
        let w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
        let w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
        let check = |ds: &str, w: &[u32]| -> u32 {
            let s: u32 = ds.bytes().zip(w).map(|(b, w)| digit(b) * w).sum();
            let r = s % 11;
            assert_ne!(r, 1, "no valid check digit for {ds}");
            if r == 0 { 0 } else { 11 - r }
        };
        let k1 = check(first9, &w1);
        let ten = format!("{first9}{k1}");
        let k2 = check(&ten, &w2);
        format!("{ten}{k2}")
    }

    fn with_luhn(nine: &str) -> String {
        match (0..10)
            .map(|c| format!("{nine}{c}"))
            .find(|s| luhn_ok(s.as_bytes()))
        {
            Some(s) => s,
            None => panic!("no Luhn digit for {nine}"),
        }
    }

    fn hetu(date: &str, sign: char, individual: &str) -> String {
        let chars: Vec<char> = "0123456789ABCDEFHJKLMNPRSTUVWXY".chars().collect();
        let n = format!("{date}{individual}")
            .bytes()
            .fold(0usize, |acc, b| acc * 10 + usize::from(b - b'0'));
        format!("{date}{sign}{individual}{}", chars[n % 31])
    }

    #[test]
    fn blank_is_required_everywhere() {
        for country in Country::ALL {
            for kind in [Personal, Organisation] {
                err("", country, kind, ValidationError::Required);
                err("  \t ", country, kind, ValidationError::Required);
            }
        }
    }

    #[test]
    fn long_or_non_ascii_input_has_the_wrong_format() {
        for country in Country::ALL {
            for kind in [Personal, Organisation] {
                err(&"1".repeat(1_000_000), country, kind, WRONG_FORMAT);
                err("１２１２１２-１２１２", country, kind, WRONG_FORMAT);
                err("abc", country, kind, WRONG_FORMAT);
            }
        }
    }

    // ---- Sweden, personal

    #[test]
    fn se_personal_skatteverket_test_numbers() {
        let id = ok("19121212-1212", Se, Personal);
        assert_eq!(id.as_str(), "19121212-1212");
        assert_eq!(id.birth_date(), Some(date(1912, 12, 12)));
        assert_eq!(id.country(), Se);
        assert_eq!(id.kind(), Personal);

        // Without century and with '-', the most recent century: 2012.
        assert_eq!(norm("121212-1212", Se, Personal), "20121212-1212");
        assert_eq!(norm("1212121212", Se, Personal), "20121212-1212");
        // '+' means at least 100 years old.
        assert_eq!(norm("121212+1212", Se, Personal), "19121212-1212");
        assert_eq!(norm("191212121212", Se, Personal), "19121212-1212");
        assert_eq!(norm(" 19121212 - 1212 ", Se, Personal), "19121212-1212");

        assert_eq!(norm("811218-9876", Se, Personal), "19811218-9876");
        assert_eq!(norm("8112189876", Se, Personal), "19811218-9876");
        assert_eq!(norm("198112189876", Se, Personal), "19811218-9876");
        assert_eq!(
            ok("811218-9876", Se, Personal).birth_date(),
            Some(date(1981, 12, 18))
        );
    }

    #[test]
    fn se_personal_century_boundaries() {
        // Today is 2025-06-15 in these tests.
        let on_the_day = with_luhn("250615123");
        assert_eq!(
            norm(&on_the_day, Se, Personal),
            format!("20{}-{}", &on_the_day[..6], &on_the_day[6..])
        );
        let tomorrow = with_luhn("250616123");
        assert_eq!(
            norm(&tomorrow, Se, Personal),
            format!("19{}-{}", &tomorrow[..6], &tomorrow[6..])
        );
        // '+' exactly 100 years ago today, and one day short of 100 years.
        let hundred = with_luhn("250615123");
        let plus = format!("{}+{}", &hundred[..6], &hundred[6..]);
        assert_eq!(
            norm(&plus, Se, Personal),
            format!("19{}-{}", &hundred[..6], &hundred[6..])
        );
        let younger = with_luhn("250616123");
        let plus = format!("{}+{}", &younger[..6], &younger[6..]);
        assert_eq!(
            norm(&plus, Se, Personal),
            format!("18{}-{}", &younger[..6], &younger[6..])
        );
        // 2000 is a leap year, 1900 is not.
        assert_eq!(norm("000229-1235", Se, Personal), "20000229-1235");
        err("000229+1235", Se, Personal, IMPOSSIBLE_DATE);
        assert_eq!(norm("240229-1237", Se, Personal), "20240229-1237");
    }

    #[test]
    fn se_samordningsnummer() {
        let id = ok("701063-2391", Se, Personal);
        assert_eq!(id.as_str(), "19701063-2391");
        assert_eq!(id.birth_date(), Some(date(1970, 10, 3)));
        err("701060-2394", Se, Personal, IMPOSSIBLE_DATE); // day 0
        err("701092-2396", Se, Personal, IMPOSSIBLE_DATE); // day 32
    }

    #[test]
    fn se_personal_errors() {
        err("121212-1213", Se, Personal, WRONG_CHECK);
        err("19121212-1213", Se, Personal, WRONG_CHECK);
        err("811218-9875", Se, Personal, WRONG_CHECK);
        err("991331-1230", Se, Personal, IMPOSSIBLE_DATE); // month 13
        err("990230-1234", Se, Personal, IMPOSSIBLE_DATE); // 30 February
        err("990200-1230", Se, Personal, IMPOSSIBLE_DATE); // day 0
        err("20991231-1231", Se, Personal, FUTURE_DATE);
        err("17991231-1231", Se, Personal, IMPOSSIBLE_DATE);
        err("121212-121", Se, Personal, WRONG_FORMAT);
        err("121212*1212", Se, Personal, WRONG_FORMAT);
        err("1212121-212", Se, Personal, WRONG_FORMAT);
        err("19121212+1212", Se, Personal, WRONG_FORMAT);
        err("12121212121", Se, Personal, WRONG_FORMAT);
        err("121212--1212", Se, Personal, WRONG_FORMAT);
        err("1212121212121", Se, Personal, WRONG_FORMAT);
    }

    // ---- Sweden, organisation

    #[test]
    fn se_organisation_numbers() {
        let id = ok("556036-0793", Se, Organisation);
        assert_eq!(id.as_str(), "556036-0793");
        assert_eq!(id.kind(), Organisation);
        assert_eq!(id.birth_date(), None);
        assert_eq!(norm("5560360793", Se, Organisation), "556036-0793");
        assert_eq!(norm("16556036-0793", Se, Organisation), "556036-0793");
        assert_eq!(norm("165560360793", Se, Organisation), "556036-0793");
        assert_eq!(norm("202100-5489", Se, Organisation), "202100-5489");
        assert_eq!(norm("212000-0142", Se, Organisation), "212000-0142");
        assert_eq!(norm("802479-9655", Se, Organisation), "802479-9655");
    }

    #[test]
    fn se_sole_trader_uses_personnummer() {
        let id = ok("811218-9876", Se, Organisation);
        assert_eq!(id.as_str(), "19811218-9876");
        assert_eq!(id.kind(), Organisation);
        assert_eq!(id.birth_date(), None);
        assert_eq!(norm("19121212-1212", Se, Organisation), "19121212-1212");
        assert_eq!(norm("121212+1212", Se, Organisation), "19121212-1212");
        err("811218-9875", Se, Organisation, WRONG_CHECK);
        err("991331-1230", Se, Organisation, IMPOSSIBLE_DATE);
    }

    #[test]
    fn se_organisation_errors() {
        err("556036-0794", Se, Organisation, WRONG_CHECK);
        err("16556036-0794", Se, Organisation, WRONG_CHECK);
        err("202100-5488", Se, Organisation, WRONG_CHECK);
        err("16811218-9876", Se, Organisation, WRONG_FORMAT); // 16 prefix on a personnummer
        err("556036-079", Se, Organisation, WRONG_FORMAT);
        err("556036+0793", Se, Organisation, IMPOSSIBLE_DATE); // read as a personnummer, month 60
        err("17556036-0793", Se, Organisation, IMPOSSIBLE_DATE); // read as a personnummer
    }

    // ---- Norway, personal

    #[test]
    fn no_fodselsnummer() {
        // Computed by hand: 150385 123, k1 = 6, k2 = 3.
        assert_eq!(no_fnr("150385123"), "15038512363");
        let id = ok("15038512363", No, Personal);
        assert_eq!(id.as_str(), "15038512363");
        assert_eq!(id.birth_date(), Some(date(1985, 3, 15)));
        assert_eq!(norm("150385 12363", No, Personal), "15038512363");
        assert_eq!(norm("150385-12363", No, Personal), "15038512363");
    }

    #[test]
    fn no_centuries_from_individual_number() {
        let cases = [
            ("010120512", date(2020, 1, 1)),   // 500–999, YY 00–39
            ("010185600", date(1885, 1, 1)),   // 500–749, YY 54–99
            ("311299901", date(1999, 12, 31)), // 900–999, YY 40–99
            ("010140123", date(1940, 1, 1)),   // 000–499
            ("290200500", date(2000, 2, 29)),  // leap year 2000
            ("290296124", date(1996, 2, 29)),
        ];
        for (first9, born) in cases {
            let fnr = no_fnr(first9);
            assert_eq!(ok(&fnr, No, Personal).birth_date(), Some(born), "{fnr}");
        }
        assert_eq!(no_fnr("010120512"), "01012051227");
        assert_eq!(no_fnr("010185600"), "01018560026");
    }

    #[test]
    fn no_d_and_h_numbers() {
        let d = no_fnr("550385123");
        assert_eq!(d, "55038512357");
        let id = ok(&d, No, Personal);
        assert_eq!(id.as_str(), "55038512357");
        assert_eq!(id.birth_date(), Some(date(1985, 3, 15)));

        let h = no_fnr("154385123");
        assert_eq!(h, "15438512346");
        assert_eq!(ok(&h, No, Personal).birth_date(), Some(date(1985, 3, 15)));
    }

    #[test]
    fn no_personal_errors() {
        err("15038512364", No, Personal, WRONG_CHECK); // k2 wrong
        err("15038512373", No, Personal, WRONG_CHECK); // k1 wrong
        err("15038512463", No, Personal, WRONG_CHECK); // individual digit changed
        err(&no_fnr("310485123"), No, Personal, IMPOSSIBLE_DATE); // 31 April
        err(&no_fnr("290297123"), No, Personal, IMPOSSIBLE_DATE); // 1997 not a leap year
        err(&no_fnr("010145600"), No, Personal, IMPOSSIBLE_DATE); // 600 with YY 45: no century
        err(&no_fnr("010180800"), No, Personal, IMPOSSIBLE_DATE); // 800 with YY 80: no century
        err(&no_fnr("010135913"), No, Personal, FUTURE_DATE); // 2035
        err("1503851236", No, Personal, WRONG_FORMAT);
        err("150385123634", No, Personal, WRONG_FORMAT);
        err("15038512X63", No, Personal, WRONG_FORMAT);
    }

    #[test]
    fn no_personal_remainder_one_is_a_wrong_check_digit() {
        // 311299 999: the first check digit has remainder 1, so no valid number exists.
        for last2 in 0..100 {
            let candidate = format!("311299999{last2:02}");
            err(&candidate, No, Personal, WRONG_CHECK);
        }
    }

    // ---- Norway, organisation

    #[test]
    fn no_organisation_numbers() {
        let id = ok("923609016", No, Organisation);
        assert_eq!(id.as_str(), "923609016");
        assert_eq!(id.birth_date(), None);
        assert_eq!(norm("974 760 673", No, Organisation), "974760673");
        assert_eq!(norm("812345672", No, Organisation), "812345672");
    }

    #[test]
    fn no_organisation_errors() {
        err("923609017", No, Organisation, WRONG_CHECK);
        err("974760674", No, Organisation, WRONG_CHECK);
        // 92360913x has remainder 1: no check digit is valid.
        for c in 0..10 {
            err(&format!("92360913{c}"), No, Organisation, WRONG_CHECK);
        }
        err("123456785", No, Organisation, WRONG_FORMAT); // must start with 8 or 9
        err("92360901", No, Organisation, WRONG_FORMAT);
        err("9236090160", No, Organisation, WRONG_FORMAT);
        err("923-609-016", No, Organisation, WRONG_FORMAT);
    }

    // ---- Denmark, personal

    #[test]
    fn dk_cpr_numbers() {
        let id = ok("070761-4285", Dk, Personal);
        assert_eq!(id.as_str(), "070761-4285");
        assert_eq!(id.birth_date(), Some(date(1961, 7, 7)));
        assert_eq!(norm("0707614285", Dk, Personal), "070761-4285");
        assert_eq!(norm("070761 4285", Dk, Personal), "070761-4285");
    }

    #[test]
    fn dk_centuries_from_seventh_digit() {
        let born = |s: &str| ok(s, Dk, Personal).birth_date();
        assert_eq!(born("010100-0000"), Some(date(1900, 1, 1)));
        assert_eq!(born("010199-3999"), Some(date(1999, 1, 1)));
        assert_eq!(born("010100-4000"), Some(date(2000, 1, 1)));
        assert_eq!(born("010137-4000"), Some(date(1937, 1, 1)));
        assert_eq!(born("010120-9000"), Some(date(2020, 1, 1)));
        assert_eq!(born("010160-9000"), Some(date(1960, 1, 1)));
        assert_eq!(born("010110-5000"), Some(date(2010, 1, 1)));
        assert_eq!(born("010158-5000"), Some(date(1858, 1, 1)));
        assert_eq!(born("010199-8999"), Some(date(1899, 1, 1)));
        assert_eq!(born("290200-4000"), Some(date(2000, 2, 29)));
    }

    #[test]
    fn dk_personal_errors() {
        err("300290-1234", Dk, Personal, IMPOSSIBLE_DATE);
        err("290200-1000", Dk, Personal, IMPOSSIBLE_DATE); // 1900 not a leap year
        err("011390-1234", Dk, Personal, IMPOSSIBLE_DATE);
        err("010136-4000", Dk, Personal, FUTURE_DATE); // 2036
        err("010157-5000", Dk, Personal, FUTURE_DATE); // 2057
        err("070761-428", Dk, Personal, WRONG_FORMAT);
        err("070761+4285", Dk, Personal, WRONG_FORMAT);
        err("07076-14285", Dk, Personal, WRONG_FORMAT);
    }

    // ---- Denmark, organisation

    #[test]
    fn dk_cvr_numbers() {
        let id = ok("24256790", Dk, Organisation);
        assert_eq!(id.as_str(), "24256790");
        assert_eq!(norm("22 75 62 14", Dk, Organisation), "22756214");
        assert_eq!(norm("10150817", Dk, Organisation), "10150817");
    }

    #[test]
    fn dk_cvr_errors() {
        err("24256791", Dk, Organisation, WRONG_CHECK);
        err("22756215", Dk, Organisation, WRONG_CHECK);
        err("2425679", Dk, Organisation, WRONG_FORMAT);
        err("242567900", Dk, Organisation, WRONG_FORMAT);
        err("2425-6790", Dk, Organisation, WRONG_FORMAT);
    }

    // ---- Finland, personal

    #[test]
    fn fi_henkilotunnus() {
        let id = ok("131052-308T", Fi, Personal);
        assert_eq!(id.as_str(), "131052-308T");
        assert_eq!(id.birth_date(), Some(date(1952, 10, 13)));
        assert_eq!(norm("131052-308t", Fi, Personal), "131052-308T");
        assert_eq!(norm(" 131052 -308T ", Fi, Personal), "131052-308T");
        // The century signs introduced in 2023.
        let id = ok("010594Y9021", Fi, Personal);
        assert_eq!(id.birth_date(), Some(date(1994, 5, 1)));
        assert_eq!(hetu("010594", 'Y', "902"), "010594Y9021");
    }

    #[test]
    fn fi_century_signs() {
        for sign in ['-', 'Y', 'X', 'W', 'V', 'U'] {
            let h = hetu("311299", sign, "123");
            assert_eq!(
                ok(&h, Fi, Personal).birth_date(),
                Some(date(1999, 12, 31)),
                "{h}"
            );
        }
        for sign in ['A', 'B', 'C', 'D', 'E', 'F'] {
            let h = hetu("010101", sign, "123");
            assert_eq!(
                ok(&h, Fi, Personal).birth_date(),
                Some(date(2001, 1, 1)),
                "{h}"
            );
            assert_eq!(norm(&h.to_lowercase(), Fi, Personal), h);
        }
        assert_eq!(hetu("010101", 'A', "123"), "010101A123N");
        let h = hetu("010199", '+', "123");
        assert_eq!(h, "010199+123Y");
        assert_eq!(ok(&h, Fi, Personal).birth_date(), Some(date(1899, 1, 1)));
        assert_eq!(
            ok(&hetu("290224", 'B', "002"), Fi, Personal).birth_date(),
            Some(date(2024, 2, 29))
        );
    }

    #[test]
    fn fi_personal_errors() {
        err("131052-308U", Fi, Personal, WRONG_CHECK);
        err("131052-309T", Fi, Personal, WRONG_CHECK);
        err("131053-308T", Fi, Personal, WRONG_CHECK);
        err("131052A308T", Fi, Personal, FUTURE_DATE); // 2052
        err("310499-123R", Fi, Personal, IMPOSSIBLE_DATE); // 31 April, correct check char
        err("290223A1237", Fi, Personal, IMPOSSIBLE_DATE); // 2023 not a leap year
        err("010150A123A", Fi, Personal, FUTURE_DATE);
        err("131052G308T", Fi, Personal, WRONG_FORMAT); // unknown century sign
        err("131052Z308T", Fi, Personal, WRONG_FORMAT);
        err("131052-308", Fi, Personal, WRONG_FORMAT);
        err("131052-308TT", Fi, Personal, WRONG_FORMAT);
        err("1310523308T", Fi, Personal, WRONG_FORMAT);
        err("131052-30XT", Fi, Personal, WRONG_FORMAT);
        err("131052-308-", Fi, Personal, WRONG_FORMAT);
        err("131052-308G", Fi, Personal, WRONG_CHECK); // G is not a check character
    }

    // ---- Finland, organisation

    #[test]
    fn fi_y_tunnus() {
        let id = ok("0737546-2", Fi, Organisation);
        assert_eq!(id.as_str(), "0737546-2");
        assert_eq!(id.birth_date(), None);
        assert_eq!(norm("07375462", Fi, Organisation), "0737546-2");
        assert_eq!(norm("0112038-9", Fi, Organisation), "0112038-9");
        // Old six-digit form gets a leading zero.
        assert_eq!(norm("112038-9", Fi, Organisation), "0112038-9");
        // Remainder 0 gives check digit 0.
        assert_eq!(norm("1572860-0", Fi, Organisation), "1572860-0");
        assert_eq!(norm("2617416-4", Fi, Organisation), "2617416-4");
    }

    #[test]
    fn fi_y_tunnus_errors() {
        err("0737546-3", Fi, Organisation, WRONG_CHECK);
        err("0737545-2", Fi, Organisation, WRONG_CHECK);
        // 1000008 has remainder 1: no check digit is valid.
        for c in 0..10 {
            err(&format!("1000008-{c}"), Fi, Organisation, WRONG_CHECK);
        }
        err("0737546", Fi, Organisation, WRONG_FORMAT);
        err("0737546-", Fi, Organisation, WRONG_FORMAT);
        err("073754-62", Fi, Organisation, WRONG_FORMAT);
        err("0737546-X", Fi, Organisation, WRONG_FORMAT);
        err("07375462-2", Fi, Organisation, WRONG_FORMAT);
        err("0737546+2", Fi, Organisation, WRONG_FORMAT);
    }

    #[test]
    fn accessors_and_display() {
        let id = ok("19121212-1212", Se, Personal);
        assert_eq!(id.to_string(), "19121212-1212");
        assert_eq!(id.as_ref(), "19121212-1212");
        assert_eq!(id, ok("121212+1212", Se, Personal));
    }

    #[test]
    fn parse_uses_todays_date() {
        // Far in the past and far in the future are independent of the actual clock.
        assert!(IdentityNumber::parse("19121212-1212", Se, Personal).is_ok());
        assert_eq!(
            IdentityNumber::parse("20991231-1231", Se, Personal),
            Err(FUTURE_DATE)
        );
    }
}
