//! Finding a person in free text: names and e-mail addresses matched without regard to case,
//! accents or punctuation ("ANDERSSON, Åsa" does not match "Åsa Andersson", but "åsa
//! andersson" and "Asa  Andersson" do), phone and identity numbers matched on their digits
//! whatever the separators ("070-123 45 67", "+46 70 123 45 67"). Matches are byte ranges of
//! the original text, so they can be shown and redacted exactly.

use std::ops::Range;

use aho_corasick::AhoCorasick;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::text;

/// What a term is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TermKind {
    Name,
    Email,
    Phone,
    IdentityNumber,
}

/// Something that identifies a person, prepared for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub kind: TermKind,
    /// Folded text (names, e-mails) or digits (phones, identity numbers).
    needle: String,
}

/// Names shorter than this (folded) are not looked for: too many false hits.
const MIN_NAME_CHARS: usize = 4;
/// Numbers shorter than this are not looked for.
const MIN_DIGITS: usize = 7;

impl Term {
    pub fn name(name: &str) -> Option<Term> {
        let needle = text::fold(name);
        (needle.chars().filter(|c| c.is_alphanumeric()).count() >= MIN_NAME_CHARS).then_some(Term {
            kind: TermKind::Name,
            needle,
        })
    }

    pub fn email(email: &str) -> Option<Term> {
        let needle = text::fold(email);
        needle.contains('@').then_some(Term {
            kind: TermKind::Email,
            needle,
        })
    }

    /// A phone number in E.164 (`+46701234567`): matched on its national significant number.
    pub fn phone(e164: &str) -> Option<Term> {
        let digits = text::digits(e164);
        let national = ["46", "358", "47", "45"]
            .iter()
            .find_map(|code| digits.strip_prefix(code))
            .unwrap_or(&digits)
            .to_owned();
        (national.len() >= MIN_DIGITS).then_some(Term {
            kind: TermKind::Phone,
            needle: national,
        })
    }

    /// An identity number: matched on its last ten digits (with or without the century).
    pub fn identity_number(value: &str) -> Option<Term> {
        let digits = text::digits(value);
        let tail = digits
            .get(digits.len().saturating_sub(10)..)
            .unwrap_or(&digits)
            .to_owned();
        (tail.len() >= MIN_DIGITS).then_some(Term {
            kind: TermKind::IdentityNumber,
            needle: tail,
        })
    }
}

/// One place a term occurs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub kind: TermKind,
    /// Byte range in the original text.
    pub range: Range<usize>,
}

/// Folds `input` for matching, calling `push` with each folded character and the byte range of
/// the original character it came from. Separators (anything but letters, digits and
/// `@ . + - _`) fold to one space; leading ones to nothing. ASCII, most of every record, takes
/// a fast path with the same result as the Unicode path below.
fn fold_each(input: &str, mut push: impl FnMut(char, Range<usize>)) {
    // Whether the last folded character was a space (or there is none yet).
    let mut last_was_space = true;
    for (at, c) in input.char_indices() {
        let range = at..at + c.len_utf8();
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() || matches!(c, '@' | '.' | '+' | '-' | '_') {
                last_was_space = false;
                push(c.to_ascii_lowercase(), range);
            } else if !last_was_space {
                last_was_space = true;
                push(' ', range);
            }
            continue;
        }
        let mut any = false;
        for d in std::iter::once(c)
            .nfkd()
            .flat_map(char::to_lowercase)
            .nfkd()
            .filter(|d| !is_combining_mark(*d))
        {
            let mapped: &[char] = match d {
                'æ' => &['a', 'e'],
                'œ' => &['o', 'e'],
                'ß' => &['s', 's'],
                'þ' => &['t', 'h'],
                'ø' => &['o'],
                'đ' | 'ð' => &['d'],
                'ł' => &['l'],
                _ => &[],
            };
            if mapped.is_empty() {
                if d.is_alphanumeric() || matches!(d, '@' | '.' | '+' | '-' | '_') {
                    last_was_space = false;
                    push(d, range.clone());
                    any = true;
                }
            } else {
                for m in mapped {
                    last_was_space = false;
                    push(*m, range.clone());
                }
                any = true;
            }
        }
        if !any && !c.is_alphanumeric() && !is_combining_mark(c) && !last_was_space {
            // A separator: at most one space in a row.
            last_was_space = true;
            push(' ', range);
        }
    }
}

/// The folded text alone: what the automaton runs over first, since most records match nothing.
fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    fold_each(input, |d, _| out.push(d));
    out
}

/// The folded characters of a text, each with the byte range of the original character it
/// came from.
fn fold_with_origin(input: &str) -> (Vec<char>, Vec<Range<usize>>) {
    let mut chars = Vec::with_capacity(input.len());
    let mut origin: Vec<Range<usize>> = Vec::with_capacity(input.len());
    fold_each(input, |d, range| {
        chars.push(d);
        origin.push(range);
    });
    (chars, origin)
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// Many terms found in one pass over a text (Aho-Corasick over the folded text and over its
/// digits), so a bulk run scans every record once for a whole batch of customers instead of
/// once per customer.
pub struct Matcher {
    kinds: Vec<TermKind>,
    words: Option<Patterns>,
    numbers: Option<Patterns>,
}

/// One automaton and, for each of its patterns, the terms with that needle.
struct Patterns {
    automaton: AhoCorasick,
    terms: Vec<Vec<usize>>,
}

impl Patterns {
    fn build<'a>(needles: impl Iterator<Item = (usize, &'a str)>) -> Option<Patterns> {
        let mut order: Vec<&str> = Vec::new();
        let mut terms: Vec<Vec<usize>> = Vec::new();
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (term, needle) in needles.filter(|(_, n)| !n.is_empty()) {
            let pattern = *seen.entry(needle).or_insert_with(|| {
                order.push(needle);
                terms.push(Vec::new());
                order.len() - 1
            });
            terms[pattern].push(term);
        }
        if order.is_empty() {
            return None;
        }
        // Plain needles (folded text or digits) always build; a failure would only mean an
        // automaton too large for memory, and then nothing is found rather than a panic.
        let automaton = AhoCorasick::new(&order).ok()?;
        Some(Patterns { automaton, terms })
    }
}

impl Matcher {
    pub fn new(terms: &[Term]) -> Matcher {
        let kinds = terms.iter().map(|t| t.kind).collect();
        let needles = |numeric: bool| {
            terms
                .iter()
                .enumerate()
                .filter(move |(_, t)| {
                    numeric == matches!(t.kind, TermKind::Phone | TermKind::IdentityNumber)
                })
                .map(|(i, t)| (i, t.needle.as_str()))
        };
        Matcher {
            kinds,
            words: Patterns::build(needles(false)),
            numbers: Patterns::build(needles(true)),
        }
    }

    /// Every occurrence in `input` as (index of the term, mention), not merged.
    pub fn find_all(&self, input: &str) -> Vec<(usize, Mention)> {
        let mut found = Vec::new();
        if let Some(words) = self
            .words
            .as_ref()
            .filter(|w| w.automaton.is_match(&fold(input)))
        {
            let (chars, origin) = fold_with_origin(input);
            let folded: String = chars.iter().collect();
            let starts: Vec<usize> = folded.char_indices().map(|(at, _)| at).collect();
            for m in words.automaton.find_overlapping_iter(&folded) {
                let (Ok(start), end) = (starts.binary_search(&m.start()), m.end()) else {
                    continue;
                };
                let end_char = starts.partition_point(|&at| at < end);
                if end_char <= start {
                    continue;
                }
                let before = start.checked_sub(1).map(|i| chars[i]);
                let after = chars.get(end_char).copied();
                if before.is_some_and(is_word) || after.is_some_and(is_word) {
                    continue;
                }
                let range = origin[start].start..origin[end_char - 1].end;
                for &term in &words.terms[m.pattern().as_usize()] {
                    found.push((
                        term,
                        Mention {
                            kind: self.kinds[term],
                            range: range.clone(),
                        },
                    ));
                }
            }
        }
        if let Some(numbers) = &self.numbers {
            let positions: Vec<usize> = input
                .char_indices()
                .filter(|(_, c)| c.is_ascii_digit())
                .map(|(at, _)| at)
                .collect();
            let bytes = input.as_bytes();
            let digits: Vec<u8> = positions.iter().map(|&at| bytes[at]).collect();
            for m in numbers.automaton.find_overlapping_iter(&digits) {
                let from = positions[m.start()];
                let to = positions[m.end() - 1] + 1;
                for &term in &numbers.terms[m.pattern().as_usize()] {
                    let kind = self.kinds[term];
                    let mut from = from;
                    // A national trunk zero written right before the number is part of it.
                    if kind == TermKind::Phone
                        && from > 0
                        && bytes[from - 1] == b'0'
                        && (from == 1 || !bytes[from - 2].is_ascii_digit())
                    {
                        from -= 1;
                    }
                    found.push((
                        term,
                        Mention {
                            kind,
                            range: from..to,
                        },
                    ));
                }
            }
        }
        found
    }
}

/// Mentions in text order, overlapping ones merged.
pub fn merge(mut found: Vec<Mention>) -> Vec<Mention> {
    found.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end)));
    let mut merged: Vec<Mention> = Vec::with_capacity(found.len());
    for m in found {
        match merged.last_mut() {
            Some(last) if m.range.start < last.range.end => {
                last.range.end = last.range.end.max(m.range.end);
            }
            _ => merged.push(m),
        }
    }
    merged
}

/// Every occurrence of `terms` in `input`, in text order, overlapping ones merged.
pub fn find(input: &str, terms: &[Term]) -> Vec<Mention> {
    merge(
        Matcher::new(terms)
            .find_all(input)
            .into_iter()
            .map(|(_, m)| m)
            .collect(),
    )
}

pub const REDACTED: &str = "[redacted]";

/// The text with every mention replaced by [`REDACTED`].
pub fn redact(input: &str, mentions: &[Mention]) -> String {
    let mut out = String::with_capacity(input.len());
    let mut at = 0;
    for m in mentions {
        if m.range.start < at || m.range.end > input.len() {
            continue;
        }
        out.push_str(&input[at..m.range.start]);
        out.push_str(REDACTED);
        at = m.range.end;
    }
    out.push_str(&input[at..]);
    out
}

/// A short piece of the text around a mention, for a reviewer.
pub fn excerpt(input: &str, mention: &Mention, context_chars: usize) -> String {
    let start = match context_chars.checked_sub(1) {
        None => mention.range.start,
        Some(n) => input[..mention.range.start]
            .char_indices()
            .rev()
            .nth(n)
            .map_or(0, |(i, _)| i),
    };
    let end = input[mention.range.end..]
        .char_indices()
        .nth(context_chars)
        .map_or(input.len(), |(i, _)| mention.range.end + i);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(input[start..end].trim());
    if end < input.len() {
        out.push('…');
    }
    out.replace(['\n', '\r'], " ")
}

/// Odoo's privacy-log masking: the first character of each word, the rest as `*`.
pub fn mask(name: &str) -> String {
    name.split_whitespace()
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                std::iter::once(first).chain(chars.map(|_| '*')).collect()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(input: &str, terms: &[Term]) -> Vec<String> {
        find(input, terms)
            .iter()
            .map(|m| input[m.range.clone()].to_owned())
            .collect()
    }

    #[test]
    fn names_match_without_case_accents_or_extra_spaces() {
        let terms = [Term::name("Åsa Öberg").unwrap()];
        assert_eq!(
            texts("Ring ASA  OBERG om nyckeln; åsa öberg vet.", &terms),
            vec!["ASA  OBERG", "åsa öberg"]
        );
        // Part of a longer word is not a mention.
        assert!(texts("Åsa Öbergsson", &terms).is_empty());
        let decomposed = "A\u{30a}sa O\u{308}berg";
        assert_eq!(texts(decomposed, &terms), vec![decomposed]);
        let danish = [Term::name("Søren Kjær").unwrap()];
        assert_eq!(
            texts("Besøg hos Soren Kjaer.", &danish),
            vec!["Soren Kjaer"]
        );
        assert_eq!(texts("Besøg hos SØREN KJÆR.", &danish), vec!["SØREN KJÆR"]);
    }

    #[test]
    fn records_fold_as_needles_do() {
        // Needles are folded by `text::fold`, records by `fold_each` (with an ASCII fast path):
        // they must agree, or a name in a record would be missed.
        for input in [
            "Ring ASA  OBERG, om nyckeln!",
            "  -- Mejla Asa.Oberg@Example.SE; tel +46 (0)70-123 45 67 --",
            "Åsa Öberg, Søren Kjær, Straße, Þór, Łukasz, Đorđe, Œuvre",
            "A\u{30a}sa O\u{308}berg \u{ff21}\u{ff22} \u{210c}",
            "tab\tand\nnewline/slash\\back|pipe",
        ] {
            assert_eq!(fold(input).trim_end(), text::fold(input), "{input:?}");
            let (chars, origin) = fold_with_origin(input);
            assert_eq!(chars.iter().collect::<String>(), fold(input));
            assert!(origin.iter().all(|r| input.get(r.clone()).is_some()));
        }
    }

    #[test]
    fn phones_and_identity_numbers_match_on_digits() {
        let terms = [
            Term::phone("+46701234567").unwrap(),
            Term::identity_number("19800101-1234").unwrap(),
        ];
        assert_eq!(
            texts(
                "Ring 070-123 45 67 eller +46 70 123 45 67. Pnr 800101-1234.",
                &terms
            ),
            vec!["070-123 45 67", "70 123 45 67", "800101-1234"]
        );
        assert!(Term::phone("+46123").is_none());
    }

    #[test]
    fn one_pass_reports_every_term_with_its_index() {
        // Two customers with the same name, and a surname alone: all found in one pass.
        let terms = [
            Term::name("Anna Berg").unwrap(),
            Term::name("Anna Berg").unwrap(),
            Term::name("Bergström").unwrap(),
            Term::name("Berg").unwrap(),
            Term::phone("+46701234567").unwrap(),
        ];
        let found = Matcher::new(&terms).find_all("Anna BERG ringer 070-123 45 67, ej Bergström.");
        let mut indices: Vec<usize> = found.iter().map(|(i, _)| *i).collect();
        indices.sort_unstable();
        assert_eq!(indices, vec![0, 1, 2, 3, 4]);
        let text = "Anna BERG ringer 070-123 45 67, ej Bergström.";
        let of = |i: usize| {
            let (_, m) = found.iter().find(|(t, _)| *t == i).unwrap();
            &text[m.range.clone()]
        };
        assert_eq!(of(0), "Anna BERG");
        assert_eq!(of(3), "BERG");
        assert_eq!(of(2), "Bergström");
        assert_eq!(of(4), "070-123 45 67");
        // Merged, the name and the surname inside it are one mention.
        assert_eq!(
            texts(text, &terms),
            vec!["Anna BERG", "070-123 45 67", "Bergström"]
        );
    }

    #[test]
    fn no_terms_find_nothing() {
        assert!(
            Matcher::new(&[])
                .find_all("Anna Berg 0701234567")
                .is_empty()
        );
    }

    #[test]
    fn emails_match_in_any_case() {
        let terms = [Term::email("asa.oberg@example.se").unwrap()];
        assert_eq!(
            texts("Mejla Asa.Oberg@Example.SE!", &terms),
            vec!["Asa.Oberg@Example.SE"]
        );
        assert!(texts("xasa.oberg@example.se", &terms).is_empty());
    }

    #[test]
    fn redaction_replaces_every_mention_and_nothing_else() {
        let terms = [
            Term::name("Åsa Öberg").unwrap(),
            Term::phone("+46701234567").unwrap(),
        ];
        let input = "Åsa Öberg (070-1234567) bad om offert. ÅSA ÖBERG igen.";
        let mentions = find(input, &terms);
        assert_eq!(
            redact(input, &mentions),
            "[redacted] ([redacted]) bad om offert. [redacted] igen."
        );
        assert_eq!(redact("nothing here", &[]), "nothing here");
    }

    #[test]
    fn short_names_are_not_looked_for() {
        assert!(Term::name("Li").is_none());
        assert!(Term::name("Bo Ek").is_some());
    }

    #[test]
    fn excerpts_and_masks() {
        let input = "En lång text där Åsa Öberg nämns mitt i.";
        let m = &find(input, &[Term::name("Åsa Öberg").unwrap()])[0];
        assert_eq!(excerpt(input, m, 5), "…där Åsa Öberg nämn…");
        assert_eq!(mask("Åsa Öberg"), "Å** Ö****");
        assert_eq!(mask("  "), "");
    }
}
