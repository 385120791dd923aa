//! Free text: cleaning user input (trim, NFC, control characters, length limit) and the
//! accent- and case-insensitive folding used for search.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::ValidationError;

/// Upper bound on the UTF-8 bytes of input that can end up as one character after NFC
/// composition. The longest canonical decomposition of any character is 12 bytes
/// (e.g. U+1D160), so 16 is safe: an input of more than `max_chars * 16` bytes can never
/// clean down to `max_chars` characters, and is refused without being normalized.
pub const MAX_BYTES_PER_NFC_CHAR: usize = 16;

const CONTROL: ValidationError = ValidationError::Invalid("contains control characters");
const NOT_SINGLE_LINE: ValidationError = ValidationError::Invalid("must be a single line");

/// Trims, NFC-normalizes, refuses control characters (except '\n' and '\t' when multiline),
/// enforces a max length in chars.
/// None/empty-after-trim → Ok(None) unless required (then Err(Required)).
///
/// In multiline text, `"\r\n"` and a lone `'\r'` become `'\n'`. The bidirectional
/// embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) are refused as
/// control characters, since they can make stored text display misleadingly.
pub fn clean(
    input: Option<&str>,
    max_chars: usize,
    required: bool,
    multiline: bool,
) -> Result<Option<String>, ValidationError> {
    let trimmed = input.map_or("", str::trim);
    if trimmed.is_empty() {
        return if required {
            Err(ValidationError::Required)
        } else {
            Ok(None)
        };
    }
    // Refuse hopelessly long input before allocating or normalizing anything.
    if trimmed.len() > max_chars.saturating_mul(MAX_BYTES_PER_NFC_CHAR) {
        return Err(ValidationError::TooLong { max: max_chars });
    }
    let text: Cow<'_, str> = if multiline && trimmed.contains('\r') {
        Cow::Owned(trimmed.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(trimmed)
    };
    let mut out = String::with_capacity(text.len());
    let mut count = 0usize;
    for c in text.nfc() {
        match c {
            '\n' | '\t' if multiline => {}
            '\n' | '\r' => return Err(NOT_SINGLE_LINE),
            c if c.is_control() || is_bidi_control(c) => return Err(CONTROL),
            _ => {}
        }
        count += 1;
        if count > max_chars {
            return Err(ValidationError::TooLong { max: max_chars });
        }
        out.push(c);
    }
    Ok(Some(out))
}

/// Explicit bidirectional embeddings, overrides and isolates.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The folding used by search, on both SQLite and PostgreSQL: lower-case, NFKD with combining marks removed
/// (å→a, ä→a, ö→o, é→e, ü→u), plus æ→ae, ø→o, œ→oe, ß→ss, đ→d, ł→l, þ→th, ð→d; every run of whitespace → one space; trimmed.
/// Keeps letters, digits and the characters @ . + - _ ; other punctuation becomes a space.
pub fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut pending_space = false;
    // NFKD first (so compatibility characters like 'ℌ' or 'Ａ' become plain letters), then
    // lower-case, then NFKD again in case lower-casing produced a decomposable character.
    for c in input.nfkd().flat_map(char::to_lowercase).nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        let mut push = |m: char| {
            if m.is_alphanumeric() || matches!(m, '@' | '.' | '+' | '-' | '_') {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(m);
            } else {
                pending_space = true;
            }
        };
        match c {
            'æ' => {
                push('a');
                push('e');
            }
            'œ' => {
                push('o');
                push('e');
            }
            'ß' => {
                push('s');
                push('s');
            }
            'þ' => {
                push('t');
                push('h');
            }
            'ø' => push('o'),
            'đ' | 'ð' => push('d'),
            'ł' => push('l'),
            other => push(other),
        }
    }
    out
}

/// Digits only (for matching phone numbers and identity numbers by fragment).
/// Only ASCII digits are kept.
pub fn digits(input: &str) -> String {
    input.chars().filter(char::is_ascii_digit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_trims_and_returns_text() {
        assert_eq!(
            clean(Some("  Anna  "), 10, true, false),
            Ok(Some("Anna".to_string()))
        );
        assert_eq!(
            clean(Some("Anna Svensson"), 100, false, false),
            Ok(Some("Anna Svensson".into()))
        );
    }

    #[test]
    fn clean_blank_is_none_or_required() {
        assert_eq!(clean(None, 10, false, false), Ok(None));
        assert_eq!(clean(Some(""), 10, false, false), Ok(None));
        assert_eq!(clean(Some(" \t\n "), 10, false, true), Ok(None));
        assert_eq!(clean(None, 10, true, false), Err(ValidationError::Required));
        assert_eq!(
            clean(Some("   "), 10, true, false),
            Err(ValidationError::Required)
        );
        assert_eq!(
            clean(Some("\u{a0}\u{3000}"), 10, true, false),
            Err(ValidationError::Required)
        );
    }

    #[test]
    fn clean_nfc_normalizes() {
        // "Åsa" written with a combining ring, "Öberg" with a combining diaeresis.
        let decomposed = "A\u{30a}sa O\u{308}berg";
        assert_eq!(decomposed.chars().count(), 11);
        let cleaned = clean(Some(decomposed), 9, true, false);
        assert_eq!(cleaned, Ok(Some("Åsa Öberg".to_string())));
        // Angstrom sign (singleton decomposition) becomes Å.
        assert_eq!(
            clean(Some("\u{212b}"), 1, true, false),
            Ok(Some("Å".into()))
        );
    }

    #[test]
    fn clean_counts_characters_not_bytes() {
        assert_eq!(
            clean(Some("ÅÄÖåäö"), 6, true, false),
            Ok(Some("ÅÄÖåäö".into()))
        );
        assert_eq!(
            clean(Some("ÅÄÖåäöx"), 6, true, false),
            Err(ValidationError::TooLong { max: 6 })
        );
        // Decomposed input that composes to within the limit is accepted.
        assert_eq!(
            clean(Some("a\u{30a}a\u{30a}"), 2, true, false),
            Ok(Some("åå".into()))
        );
        // Hangul jamo: 9 bytes that compose to one character.
        assert_eq!(
            clean(Some("\u{1100}\u{1161}\u{11a8}"), 1, true, false),
            Ok(Some("\u{ac01}".into()))
        );
        // Emoji are single characters of four bytes.
        assert_eq!(clean(Some("🙂🙂"), 2, true, false), Ok(Some("🙂🙂".into())));
    }

    #[test]
    fn clean_length_limit_edges() {
        assert_eq!(
            clean(Some("abcde"), 5, true, false),
            Ok(Some("abcde".into()))
        );
        assert_eq!(
            clean(Some("abcdef"), 5, true, false),
            Err(ValidationError::TooLong { max: 5 })
        );
        // Surrounding whitespace does not count.
        assert_eq!(
            clean(Some("   abcde   "), 5, true, false),
            Ok(Some("abcde".into()))
        );
        assert_eq!(
            clean(Some("x"), 0, false, false),
            Err(ValidationError::TooLong { max: 0 })
        );
    }

    #[test]
    fn clean_refuses_huge_input_cheaply() {
        let huge = "a".repeat(10 * 1024 * 1024);
        assert_eq!(
            clean(Some(&huge), 200, true, true),
            Err(ValidationError::TooLong { max: 200 })
        );
        // No overflow with an absurd limit.
        assert_eq!(
            clean(Some("abc"), usize::MAX, true, false),
            Ok(Some("abc".into()))
        );
    }

    #[test]
    fn clean_single_line_refuses_control_characters() {
        assert_eq!(
            clean(Some("Anna\nSvensson"), 50, true, false),
            Err(NOT_SINGLE_LINE)
        );
        assert_eq!(
            clean(Some("Anna\rSvensson"), 50, true, false),
            Err(NOT_SINGLE_LINE)
        );
        assert_eq!(clean(Some("Anna\tSvensson"), 50, true, false), Err(CONTROL));
        assert_eq!(clean(Some("Anna\u{0}"), 50, true, false), Err(CONTROL));
        assert_eq!(clean(Some("Anna\u{1b}[31m"), 50, true, false), Err(CONTROL));
        assert_eq!(clean(Some("Anna\u{7f}"), 50, true, false), Err(CONTROL));
        assert_eq!(clean(Some("An\u{85}na"), 50, true, false), Err(CONTROL));
        assert_eq!(
            clean(Some("evil\u{202e}gpj.exe"), 50, true, false),
            Err(CONTROL)
        );
        assert_eq!(clean(Some("a\u{2066}b"), 50, true, false), Err(CONTROL));
    }

    #[test]
    fn clean_multiline_keeps_newlines_and_tabs() {
        assert_eq!(
            clean(Some("\n  Rad 1\n\tRad 2  \n"), 50, false, true),
            Ok(Some("Rad 1\n\tRad 2".into()))
        );
        assert_eq!(
            clean(Some("a\r\nb\rc"), 50, false, true),
            Ok(Some("a\nb\nc".into()))
        );
        assert_eq!(clean(Some("a\u{0}b"), 50, false, true), Err(CONTROL));
        assert_eq!(clean(Some("a\u{b}b"), 50, false, true), Err(CONTROL));
        // CRLF counts as one character after normalization.
        assert_eq!(
            clean(Some("a\r\nb"), 3, false, true),
            Ok(Some("a\nb".into()))
        );
    }

    #[test]
    fn clean_keeps_ordinary_format_characters() {
        // Zero-width joiner (emoji sequences) and right-to-left marks are kept.
        let family = "👩\u{200d}👧";
        assert_eq!(
            clean(Some(family), 10, true, false),
            Ok(Some(family.into()))
        );
        assert_eq!(
            clean(Some("\u{200f}سلام"), 10, true, false),
            Ok(Some("\u{200f}سلام".into()))
        );
    }

    #[test]
    fn fold_removes_accents_and_case() {
        assert_eq!(fold("Åsa Öberg"), "asa oberg");
        assert_eq!(fold("ÄÅÖ äåö"), "aao aao");
        assert_eq!(fold("José Müller"), "jose muller");
        assert_eq!(fold("Ærø"), "aero");
        assert_eq!(fold("Søren Kierkegaard"), "soren kierkegaard");
        assert_eq!(fold("SØREN"), "soren");
        assert_eq!(fold("Œuvre cœur"), "oeuvre coeur");
        assert_eq!(fold("Straße STRAẞE"), "strasse strasse");
        assert_eq!(fold("Đorđe Đ"), "dorde d");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("Þór Þórsson"), "thor thorsson");
        assert_eq!(fold("Ðað"), "dad");
        assert_eq!(fold("Ǿ"), "o");
        assert_eq!(fold("Čáslav Šťastný Žižek"), "caslav stastny zizek");
        assert_eq!(fold("Ωμέγα"), "ωμεγα");
        assert_eq!(fold("İstanbul"), "istanbul");
    }

    #[test]
    fn fold_decomposed_and_composed_agree() {
        assert_eq!(fold("A\u{30a}sa"), fold("Åsa"));
        assert_eq!(fold("a\u{308}"), "a");
    }

    #[test]
    fn fold_compatibility_characters() {
        assert_eq!(fold("ﬁnn ﬂykt"), "finn flykt");
        assert_eq!(fold("ＡＢＣ１２３"), "abc123");
        assert_eq!(fold("ℌello"), "hello");
        assert_eq!(fold("x²"), "x2");
    }

    #[test]
    fn fold_whitespace_and_punctuation() {
        assert_eq!(
            fold("  many   spaces\t\nand\u{a0}nbsp  "),
            "many spaces and nbsp"
        );
        assert_eq!(fold("O'Brien, Kalle!"), "o brien kalle");
        assert_eq!(fold("(Anna) [Svensson]"), "anna svensson");
        assert_eq!(fold("Kalle & Co: \"AB\""), "kalle co ab");
        assert_eq!(fold("anna.svensson@example.se"), "anna.svensson@example.se");
        assert_eq!(fold("+46 70-123 45 67"), "+46 70-123 45 67");
        assert_eq!(fold("first_last"), "first_last");
        assert_eq!(fold("a/b\\c|d"), "a b c d");
        assert_eq!(fold("!!!"), "");
        assert_eq!(fold(""), "");
        assert_eq!(fold("   "), "");
        assert_eq!(fold("a\u{0}b"), "a b");
    }

    #[test]
    fn fold_is_idempotent() {
        for s in [
            "Åsa Öberg",
            "Ærø & Þór",
            "Straße",
            "ﬁnn  ﬂykt",
            "O'Brien, Kalle!",
        ] {
            let once = fold(s);
            assert_eq!(fold(&once), once);
        }
    }

    #[test]
    fn digits_keeps_ascii_digits_only() {
        assert_eq!(digits("+46 (0)70-123 45 67"), "460701234567");
        assert_eq!(digits("19121212-1212"), "191212121212");
        assert_eq!(digits("131052-308T"), "131052308");
        assert_eq!(digits("no digits"), "");
        assert_eq!(digits("１２３"), "");
        assert_eq!(digits(""), "");
    }
}
