//! Property tests over the input parsers (run with the unit tests; `cargo xtask fuzz` runs them
//! with many more cases): whatever a client sends, a parser answers `Ok` or a
//! `ValidationError` — never a panic — and what it accepts is stable: parsing its own output
//! gives the same value back, and the output holds no control characters.

use proptest::prelude::*;

use super::text;
use super::{Country, Email, IdentityKind, IdentityNumber, PhoneNumber, PostalCode, WebUrl};

const COUNTRIES: [Country; 4] = Country::ALL;

/// Strings a client might send: anything at all, and things shaped like the real values
/// (digits with separators, e-mail-ish, URL-ish) so the deeper branches are reached too.
fn input() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9 +()./-]{0,24}",
        "[0-9]{6,8}[-+A ]?[0-9A-Z]{0,4}",
        "[a-zA-Z0-9._%+ -]{0,20}@[a-zA-Z0-9.-]{0,20}",
        "(https?|ftp|javascript)://[a-zA-Z0-9./:@?#%-]{0,40}",
        "\\PC{0,40}",
    ]
}

fn no_controls(s: &str) -> bool {
    !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256),
        ..ProptestConfig::default()
    })]

    #[test]
    fn emails_are_stable(s in input()) {
        if let Ok(email) = Email::parse(&s) {
            prop_assert!(no_controls(email.as_str()));
            prop_assert_eq!(Email::parse(email.as_str()), Ok(email.clone()));
        }
    }

    #[test]
    fn phone_numbers_are_stable(s in input(), c in 0usize..4) {
        let country = COUNTRIES[c];
        if let Ok(phone) = PhoneNumber::parse(&s, country) {
            prop_assert!(phone.as_str().starts_with('+'));
            prop_assert_eq!(PhoneNumber::parse(phone.as_str(), country), Ok(phone.clone()));
        }
    }

    #[test]
    fn identity_numbers_are_stable(s in input(), c in 0usize..4, personal: bool) {
        let country = COUNTRIES[c];
        let kind = if personal { IdentityKind::Personal } else { IdentityKind::Organisation };
        if let Ok(id) = IdentityNumber::parse(&s, country, kind) {
            prop_assert!(no_controls(id.as_str()));
            prop_assert_eq!(
                IdentityNumber::parse(id.as_str(), country, kind).map(|i| i.as_str().to_owned()),
                Ok(id.as_str().to_owned())
            );
        }
    }

    #[test]
    fn postal_codes_are_stable(s in input(), c in 0usize..4) {
        let country = COUNTRIES[c];
        if let Ok(code) = PostalCode::parse(&s, country) {
            prop_assert_eq!(PostalCode::parse(code.as_str(), country), Ok(code.clone()));
        }
    }

    #[test]
    fn web_urls_never_panic(s in input()) {
        if let Ok(url) = WebUrl::parse(&s) {
            let url = url.into_inner();
            prop_assert!(url.starts_with("https://") || url.starts_with("http://"));
        }
    }

    #[test]
    fn cleaned_text_has_no_controls_and_respects_its_length(s in input(), max in 1usize..64, multiline: bool) {
        if let Ok(Some(clean)) = text::clean(Some(&s), max, false, multiline) {
            prop_assert!(clean.chars().count() <= max);
            prop_assert!(no_controls(&clean));
            prop_assert!(multiline || !clean.contains('\n'));
            prop_assert_eq!(text::clean(Some(&clean), max, false, multiline), Ok(Some(clean.clone())));
        }
    }

    #[test]
    fn folding_is_idempotent(s in input()) {
        let folded = text::fold(&s);
        prop_assert_eq!(text::fold(&folded), folded.clone());
        prop_assert!(text::digits(&s).chars().all(|c| c.is_ascii_digit()));
    }
}
