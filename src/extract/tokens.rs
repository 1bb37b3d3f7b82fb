//! Word-level tokens of one sentence (byte offsets relative to the sentence) for the quantity grammar
//! and the attachment rules: words, numbers (with their separators), currency and percent symbols,
//! punctuation. Hyphenated number words ("two-thirds", "five-year") are cut at their hyphens.
//! Numbers may start with a decimal point (".5"), carry an exponent ("1.3e6") or be a Unicode
//! fraction ("½"); a currency code glued to digits is cut from them ("RM3.40" -> "RM", "3.40").

use super::{lexicon, units};

pub use crate::doc::{Token, TokenKind as Kind};

/// The tokens' lowercase forms joined by single spaces ("square kilometers").
pub fn joined_lower(words: &[Token]) -> String {
    words
        .iter()
        .map(|w| w.lower.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_symbol(c: char) -> bool {
    c == '%' || units::currency_symbol(c.encode_utf8(&mut [0; 4])).is_some()
}

/// The length in chars of an exponent at `k` ("e6", "E+14", "e-3"), if one is there and the word
/// does not go on ("1e10", not "5em").
fn exponent_len(at: &dyn Fn(usize) -> Option<char>, k: usize) -> usize {
    if !matches!(at(k), Some('e' | 'E')) {
        return 0;
    }
    let mut j = k + 1;
    if matches!(at(j), Some('+' | '-')) {
        j += 1;
    }
    let digits_from = j;
    while at(j).is_some_and(|c| c.is_ascii_digit()) {
        j += 1;
    }
    if j == digits_from || at(j).is_some_and(char::is_alphanumeric) {
        return 0;
    }
    j - k
}

fn is_superscript_digit(c: char) -> bool {
    matches!(c, '⁰' | '¹' | '²' | '³' | '⁴' | '⁵' | '⁶' | '⁷' | '⁸' | '⁹')
}

/// The length in chars of an exponent after "^" or of a superscript exponent at `k` ("^-4", "^+23",
/// "⁻⁵", "−5" after "×10"), allowing a written minus sign when `minus_ok`.
fn power_exponent_len(at: &dyn Fn(usize) -> Option<char>, k: usize, minus_ok: bool) -> usize {
    let mut j = k;
    let caret = at(j) == Some('^');
    if caret {
        j += 1;
    }
    while matches!(at(j), Some('+' | '-' | '−' | '⁻' | '⁺')) && j - k < 3 {
        j += 1;
    }
    let signed = j > k + usize::from(caret);
    let superscript = at(j).is_some_and(is_superscript_digit);
    if !(caret || superscript || (signed && minus_ok)) {
        return 0;
    }
    let digits_from = j;
    while at(j).is_some_and(|c| c.is_ascii_digit() || is_superscript_digit(c)) {
        j += 1;
    }
    if j == digits_from || at(j).is_some_and(char::is_alphanumeric) {
        return 0;
    }
    j - k
}

/// The length in chars of a power after a number at `k`: "x10^6", "×10−5", "x2^10", "^23".
fn power_len(at: &dyn Fn(usize) -> Option<char>, k: usize) -> usize {
    if at(k) == Some('^') {
        return power_exponent_len(at, k, false);
    }
    if !matches!(at(k), Some('x' | '×' | '*' | '·')) {
        return 0;
    }
    let mut j = k + 1;
    let base_from = j;
    while at(j).is_some_and(|c| c.is_ascii_digit()) {
        j += 1;
    }
    if j == base_from {
        return 0;
    }
    let ten = j == base_from + 2 && at(base_from) == Some('1') && at(base_from + 1) == Some('0');
    let exponent = power_exponent_len(at, j, ten);
    if exponent == 0 || (!ten && at(j) != Some('^')) {
        return 0;
    }
    j + exponent - k
}

fn push(out: &mut Vec<Token>, s: &str, start: usize, end: usize, kind: Kind) {
    let text = &s[start..end];
    out.push(Token {
        text: text.to_string(),
        lower: text.to_lowercase(),
        start,
        end,
        kind,
    });
}

/// Splits a sentence into tokens.
pub fn tokenize(s: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let pos = |k: usize| chars.get(k).map_or(s.len(), |&(b, _)| b);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        let leading_point = c == '.'
            && at(i + 1).is_some_and(|c| c.is_ascii_digit())
            && !(i > 0 && at(i - 1).is_some_and(|c| c.is_alphanumeric()));
        if c.is_whitespace() {
            i += 1;
        } else if lexicon::vulgar_fraction(c).is_some() {
            push(&mut out, s, pos(i), pos(i + 1), Kind::Number);
            i += 1;
        } else if c.is_ascii_digit() || leading_point {
            let mut j = i;
            let mut group = 0;
            let mut separators = false;
            loop {
                while at(j).is_some_and(|c| c.is_ascii_digit()) {
                    j += 1;
                    group += 1;
                }
                let sep = at(j);
                if matches!(sep, Some(',') | Some('.'))
                    && at(j + 1).is_some_and(|c| c.is_ascii_digit())
                {
                    separators = true;
                    group = 0;
                    j += 1;
                    continue;
                }
                // "940 000": a space between thousands groups.
                let spaced = matches!(sep, Some(' ') | Some('\u{a0}') | Some('\u{202f}'));
                let three = (1..=3).all(|k| at(j + k).is_some_and(|c| c.is_ascii_digit()))
                    && !at(j + 4).is_some_and(|c| c.is_ascii_digit() || c.is_alphabetic());
                // "41 737 Max jets": a group before a capitalized word opens a name.
                let name_next = at(j + 4) == Some(' ') && at(j + 5).is_some_and(char::is_uppercase);
                if spaced && three && !name_next && !separators && group <= 3 {
                    j += 1;
                    group = 0;
                    continue;
                }
                break;
            }
            j += exponent_len(&at, j);
            j += power_len(&at, j);
            let number = &s[pos(i)..pos(j)];
            if is_comma_list(number) {
                // "22,24,26,31": numbers in a list, each its own.
                let mut b = pos(i);
                for (n, part) in number.split(',').enumerate() {
                    if n > 0 {
                        push(&mut out, s, b, b + 1, Kind::Punct);
                        b += 1;
                    }
                    push(&mut out, s, b, b + part.len(), Kind::Number);
                    b += part.len();
                }
            } else {
                push(&mut out, s, pos(i), pos(j), Kind::Number);
            }
            i = j;
        } else if c.is_alphabetic() {
            let mut j = i;
            // Dotted acronyms: "U.S.", "U.K."
            let mut k = i;
            while at(k).is_some_and(char::is_alphabetic) && at(k + 1) == Some('.') {
                k += 2;
            }
            if k >= i + 4 {
                j = k;
            } else {
                while let Some(c) = at(j) {
                    // "RM3.40", "Rs450", "USD115": a currency code glued to its amount.
                    // "$US2m", "$A500": letters after a "$" that name the dollar.
                    let after_dollar = i > 0 && at(i - 1) == Some('$');
                    if c.is_ascii_digit()
                        && (units::currency_code_before(&s[pos(i)..pos(j)]).is_some()
                            || (after_dollar && units::dollar_prefix(&s[pos(i)..pos(j)]).is_some()))
                    {
                        break;
                    }
                    // "5k-20k", "5m-10m": after digits, a hyphen before digits ends the word.
                    let digits_next = at(j + 1).is_some_and(|c| c.is_ascii_digit());
                    // "magnitude-7.1": a lowercase word before a hyphen and digits ends too.
                    let lowercase_word =
                        j >= i + 3 && (i..j).all(|k| at(k).is_some_and(|c| c.is_lowercase()));
                    let inner = matches!(c, '\'' | '’' | '-' | '‑')
                        && at(j + 1).is_some_and(char::is_alphanumeric)
                        && !(digits_next && i > 0 && at(i - 1).is_some_and(|c| c.is_ascii_digit()))
                        && !(digits_next && c != '\'' && c != '’' && lowercase_word)
                        && j > i;
                    if c.is_alphanumeric() || inner {
                        j += 1;
                    } else {
                        break;
                    }
                }
            }
            let (start, end) = (pos(i), pos(j));
            let word = &s[start..end];
            let first = word.split(['-', '‑']).next().unwrap_or("").to_lowercase();
            // "£1.2bn-a-year", "5p-a-share", "300m-long": a word glued to digits is cut too.
            let after_digits = i > 0 && at(i - 1).is_some_and(|c| c.is_ascii_digit());
            if word.contains(['-', '‑'])
                && (after_digits
                    || lexicon::is_number_word(&first)
                    || lexicon::fraction(&first).is_some())
            {
                let mut b = start;
                for (n, part) in word.split(['-', '‑']).enumerate() {
                    if n > 0 {
                        let h = s[b..].chars().next().map_or(1, char::len_utf8);
                        push(&mut out, s, b, b + h, Kind::Punct);
                        b += h;
                    }
                    push(&mut out, s, b, b + part.len(), Kind::Word);
                    b += part.len();
                }
            } else {
                push(&mut out, s, start, end, Kind::Word);
            }
            i = j;
        } else {
            let kind = if is_symbol(c) {
                Kind::Symbol
            } else {
                Kind::Punct
            };
            push(&mut out, s, pos(i), pos(i + 1), kind);
            i += 1;
        }
    }
    out
}

/// Digits joined by two or more commas that group no thousands ("22,24,26,31", not "1,234,567"
/// or the lakh grouping "12,34,567"): a list of numbers.
fn is_comma_list(number: &str) -> bool {
    number.matches(',').count() >= 2
        && number.chars().all(|c| c.is_ascii_digit() || c == ',')
        && !number.split(',').any(str::is_empty)
        && !super::valid_grouping(number, ',')
}

/// Whether two neighbouring tokens touch (no space between).
pub fn glued(a: &Token, b: &Token) -> bool {
    a.end == b.start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn numbers_keep_their_separators() {
        assert_eq!(
            texts("1,800 tanks and 940 000 shells, 1.2 million"),
            vec!["1,800", "tanks", "and", "940 000", "shells", ",", "1.2", "million"]
        );
        assert_eq!(
            texts("in 2022 100 troops"),
            vec!["in", "2022", "100", "troops"]
        );
    }

    #[test]
    fn points_exponents_fractions_and_glued_codes() {
        assert_eq!(texts("rose .5 per cent"), vec!["rose", ".5", "per", "cent"]);
        assert_eq!(
            texts("1.3e6 and 12e-1, 5em"),
            vec!["1.3e6", "and", "12e-1", ",", "5", "em"]
        );
        assert_eq!(texts("2½ cups"), vec!["2", "½", "cups"]);
        assert_eq!(
            texts("RM3.40 or Rs450, MI6"),
            vec!["RM", "3.40", "or", "Rs", "450", ",", "MI6"]
        );
        assert_eq!(texts("v.2"), vec!["v", ".", "2"]);
        assert_eq!(
            texts("nrs. 22,24,26 and 12,34,567"),
            vec!["nrs", ".", "22", ",", "24", ",", "26", "and", "12,34,567"]
        );
    }

    #[test]
    fn words_symbols_and_hyphens() {
        assert_eq!(
            texts("U.S.-made $15.7bn, two-thirds of Russia’s 30-day"),
            vec![
                "U.S.",
                "-",
                "made",
                "$",
                "15.7",
                "bn",
                ",",
                "two",
                "-",
                "thirds",
                "of",
                "Russia’s",
                "30",
                "-",
                "day"
            ]
        );
        assert_eq!(
            texts("armed-forces MI6 five-year"),
            vec!["armed-forces", "MI6", "five", "-", "year"]
        );
    }
}
