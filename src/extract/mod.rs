//! The quantity grammar: finds the numbers of a sentence that state facts (digits, number words,
//! scales, fractions, percent, money, rates, ranges, bounds) and what each counts, and leaves out
//! the numbers that are not claims (calendar dates, years, times of day, ordinals, names such as
//! "World War II" or "F-16", ages used as names, the pronoun "one", advertising prices).
//!
//! Numbers in any form: digit groupings, ".5", "1.3e6", "1.3x10^6", "½", "1/16", "2 1/2", number
//! words mixed with digits ("4 thousand 3 hundred and 21"), fractions after a whole ("five and a
//! half million"), scales ("2.5 million", "5bn", "Rs 450 crore", "$2.1T"), negatives ("-2.4%",
//! "minus 30"), an uncertainty ("2.5±0.1 kg"), feet and inches ("6ft 7in", "6'2\"", "6-foot-5"),
//! vote tallies ("voted 7-2"), bounds joined into a range ("more than 10 and less than 40"), a
//! range of a change ("rose 3 to 5 percent"), fractions of a unit ("a quarter of a percentage
//! point"), bounds glued to the number ("20-plus", "40-odd") or written as verbs ("exceeded 3,000"),
//! multipliers ("12 times bigger", "2.5x") apart from occurrences ("viewed 20m times"). Not claims
//! either: times of day ("09:30", "at 2:14:05"; a time taken, "won in 2:02:41", is seconds), slashed numbers that are no fraction ("9/11", "24/7"),
//! phone numbers, model names ("737 Max 9") and names after an acronym ("PM 2.5", "COP28").
//!
//! Money in the major currencies (symbols, codes and names -> lowercase ISO 4217 codes; a bare "$"
//! takes the dollar of the article, see [`dollar_of_article`]). Units of measure by their
//! canonical names and dimensions (`unit`, lexicon in `units`). A number stated as a change
//! ("rose 25 cents", "a 7% drop") carries its direction in `change`.
//!
//! Values follow shared/eval/GOLD_FORMAT.md: "over 4,000" -> value 4000, low 4000, bound more_than;
//! "between 500,000 and 600,000" -> value null, low 500000, high 600000, bound range.

pub mod lexicon;
pub mod tokens;
pub mod unit;
pub mod units;

use crate::doc::{Article, Bound, Change, Dimension, Doc, Quantity, Span, Unit};
use lexicon::{fraction, scale_abbreviation, scale_word, small_number, vague_count};
use tokens::{glued, tokenize, Kind, Token};

#[derive(Debug, Clone, Copy, PartialEq)]
enum CoreKind {
    Count,
    Fraction,
    Ratio,
    /// A fraction of a point of a rate: "a quarter-point cut", "half a point".
    PercentagePoint,
}

/// A bare number: "1.2 million", "Fifty thousand", "two-thirds", "hundreds".
#[derive(Debug, Clone)]
struct Core {
    value: f64,
    /// The value before its scale word ("1.2" of "1.2 million").
    base: f64,
    scale: Option<f64>,
    end: usize,
    kind: CoreKind,
    /// A vague count carries its own bound ("hundreds" -> at least 100).
    vague: Option<Bound>,
    from_words: bool,
    /// Digits with no separator, decimal point or scale ("2022", "15").
    plain_integer: bool,
}

/// `value` times `scale`; a power of ten shifts the decimal point, so that "4.1 million" is
/// 4100000 and not 4099999.9999999995.
fn scaled(value: f64, scale: f64) -> f64 {
    let exponent = scale.log10().round();
    if scale > 0.0 && 10f64.powi(exponent as i32) == scale {
        if let Ok(v) = format!("{value}e{exponent}").parse::<f64>() {
            return v;
        }
    }
    value * scale
}

fn parse_digits(text: &str) -> Option<(f64, bool)> {
    let compact: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let commas = compact.matches(',').count();
    let dots = compact.matches('.').count();
    let plain =
        commas == 0 && dots == 0 && compact.len() == text.len() && !compact.contains(['e', 'E']);
    let thousands = if decimal_comma(&compact) { '.' } else { ',' };
    if !valid_grouping(&compact, thousands) {
        return None;
    }
    let cleaned = if thousands == '.' {
        compact.replace('.', "").replace(',', ".")
    } else {
        compact.replace(',', "")
    };
    cleaned.parse::<f64>().ok().map(|v| (v, plain))
}

/// Whether a number writes its decimals after a comma, in the continental style: "1.234.567",
/// "1.111,11" (a comma after the last point), "5,00" and "1,3" (one comma before fewer than three
/// digits, which no thousands grouping leaves).
fn decimal_comma(number: &str) -> bool {
    let (commas, dots) = (number.matches(',').count(), number.matches('.').count());
    match (number.rfind(','), number.rfind('.')) {
        (Some(c), Some(d)) => c > d && commas == 1,
        (None, Some(_)) => dots > 1,
        (Some(c), None) => {
            let decimals = number[c + 1..].chars().filter(char::is_ascii_digit).count();
            commas == 1 && (1..=2).contains(&decimals)
        }
        (None, None) => false,
    }
}

/// Whether the groups of a number between its thousands separators are groups of three ("1,234,567"),
/// or the Indian lakh grouping ("12,34,567"): not an address ("192.168.1.2") or a list ("22,24,26").
fn valid_grouping(number: &str, thousands: char) -> bool {
    let whole = if thousands == ',' {
        number.split('.').next().unwrap_or(number)
    } else {
        number.split(',').next().unwrap_or(number)
    };
    let groups: Vec<&str> = whole.split(thousands).collect();
    if groups.len() < 2 {
        return true;
    }
    let digits = |g: &str| g.chars().filter(char::is_ascii_digit).count();
    let (first, rest) = (groups[0], &groups[1..]);
    let last = rest.len() - 1;
    let western = rest.iter().all(|g| digits(g) == 3);
    let indian = rest[..last].iter().all(|g| digits(g) == 2) && digits(rest[last]) == 3;
    (1..=3).contains(&digits(first.trim_start_matches(['-', '+']))) && (western || indian)
}

/// An exponent as written after "^" or in superscript: "-4", "+23", "⁻⁵", "--23" (two minus signs
/// cancel).
fn parse_exponent(text: &str) -> Option<i32> {
    let mut negative = false;
    let mut digits = String::new();
    for c in text.trim_start_matches('^').chars() {
        match c {
            '-' | '−' | '⁻' if digits.is_empty() => negative = !negative,
            '+' | '⁺' if digits.is_empty() => {}
            '0'..='9' => digits.push(c),
            _ => digits.push(char::from_digit(superscript_value(c)?, 10)?),
        }
    }
    let e: i32 = digits.parse().ok()?;
    Some(if negative { -e } else { e })
}

fn superscript_value(c: char) -> Option<u32> {
    "⁰¹²³⁴⁵⁶⁷⁸⁹".chars().position(|s| s == c).map(|p| p as u32)
}

/// A number with a power: "1.3x10^6", "2.48×10−5", "8x2^10", "1.1^23".
fn parse_power(text: &str) -> Option<f64> {
    if let Some(at) = text.find(['x', '×', '*', '·']) {
        let (mantissa, rest) = text.split_at(at);
        let rest = &rest[rest.chars().next()?.len_utf8()..];
        let base_len = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let base: f64 = rest[..base_len].parse().ok()?;
        let exponent = parse_exponent(&rest[base_len..])?;
        return Some(parse_digits(mantissa)?.0 * base.powi(exponent));
    }
    let (base, exponent) = text.split_once('^')?;
    Some(parse_digits(base)?.0.powi(parse_exponent(exponent)?))
}

/// The value of a number token: digits (".5", "1.3e6", "1,800"), a power ("1.3x10^6") or a Unicode
/// fraction ("½").
fn number_token_value(text: &str) -> Option<(f64, bool)> {
    if text.contains(['x', '×', '*', '·', '^'])
        || text.ends_with(|c| superscript_value(c).is_some())
    {
        return parse_power(text).map(|v| (v, false));
    }
    // "0100", "007": a code or a phone number, not a quantity ("0.5" and "0" are numbers).
    if text.len() > 1
        && text.starts_with('0')
        && text[1..].starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let mut chars = text.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if let Some(f) = lexicon::vulgar_fraction(c) {
            return Some((f, false));
        }
    }
    parse_digits(text)
}

fn is_slash(t: &Token) -> bool {
    matches!(t.text.as_str(), "/" | "⁄")
}

/// "1/4", "1⁄8", "3/16" at `i`: a proper fraction of two integers, not a date ("5/17/2018") or a
/// ratio of counts ("24/7").
fn slash_fraction(toks: &[Token], i: usize) -> Option<(f64, usize)> {
    let (num, slash, den) = (toks.get(i)?, toks.get(i + 1)?, toks.get(i + 2)?);
    if !(is_slash(slash) && glued(num, slash) && glued(slash, den) && den.kind == Kind::Number) {
        return None;
    }
    let date_like = toks
        .get(i + 3)
        .is_some_and(|t| is_slash(t) && glued(den, t))
        || (i > 0 && is_slash(&toks[i - 1]) && glued(&toks[i - 1], num));
    let (n, plain_n) = parse_digits(num.text.as_str())?;
    let (d, plain_d) = parse_digits(den.text.as_str())?;
    // "9/11", "7/12": a name or a date unless the denominator is a usual one or "of" or a unit
    // of measure follows ("1/40 of the wavelength", "7/32 inch").
    let usual = matches!(d as u32, 2..=6 | 8 | 10 | 16 | 32 | 64 | 100);
    let part_of = word_at(toks, i + 3) == Some("of")
        || unit::measure_at(toks, i + 3).is_some_and(|m| m.unit.dimension != Dimension::Count);
    (!date_like && plain_n && plain_d && n < d && d > 0.0 && (usual || part_of))
        .then_some((n / d, i + 3))
}

/// "in week 12", "on day 3", "stage 17", "Grade 3 students", "gate 22": a number after a noun of a
/// sequence names one of it, as an ordinal would, and counts nothing. Not a number before a noun
/// it counts, after a lowercase one ("last week 12 people died", "in the final round 4 players
/// tied"): the noun ends a time or a place there.
fn numbered_label(toks: &[Token], i: usize) -> bool {
    if i == 0 || !toks[i - 1].is_word() || glued(&toks[i - 1], &toks[i]) {
        return false;
    }
    let noun = &toks[i - 1];
    let named = noun.is_titlecase() && i >= 2;
    let counts_next = toks
        .get(i + 1)
        .is_some_and(|n| n.is_word() && !n.is_titlecase() && !lexicon::is_np_stop(&n.lower));
    lexicon::is_sequence_noun(&noun.lower) && (named || !counts_next)
}

/// Whether the number at `i` is part of a phone number: after a glued "+" ("+44 20 7946 0000",
/// "+1-222-2222"), or one of three or more groups of digits joined by hyphens ("212-555-0199").
fn in_phone_number(toks: &[Token], i: usize) -> bool {
    let link = |a: usize| {
        toks.get(a + 2)
            .is_some_and(|n| n.kind == Kind::Number && glued(&toks[a + 1], n))
            && matches!(toks[a + 1].text.as_str(), "-" | "/")
            && glued(&toks[a], &toks[a + 1])
    };
    let mut first = i;
    while first >= 2 && toks[first - 2].kind == Kind::Number && link(first - 2) {
        first -= 2;
    }
    let mut last = i;
    while link(last) {
        last += 2;
    }
    let plus = first > 0 && toks[first - 1].text == "+" && glued(&toks[first - 1], &toks[first]);
    (plus && last > first) || (last - first) / 2 + 1 >= 3
}

/// Whether the number at `i` is one of a chain of numbers joined by slashes that is no fraction:
/// "24/7", "9/11", "5/17/2018", "2019/20".
fn in_slash_chain(toks: &[Token], i: usize) -> bool {
    let joined = |a: usize| {
        toks.get(a + 2).is_some_and(|n| n.kind == Kind::Number)
            && is_slash(&toks[a + 1])
            && glued(&toks[a], &toks[a + 1])
            && glued(&toks[a + 1], &toks[a + 2])
    };
    (i + 2 < toks.len() && joined(i) && slash_fraction(toks, i).is_none())
        || (i >= 2 && toks[i - 2].kind == Kind::Number && joined(i - 2))
}

/// "2 1/2", "2½": a fraction after a whole number.
fn fraction_after_whole(toks: &[Token], i: usize) -> Option<(f64, usize)> {
    let whole = toks.get(i)?;
    let next = toks.get(i + 1).filter(|n| n.kind == Kind::Number)?;
    if !whole.text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut chars = next.text.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if let Some(f) = lexicon::vulgar_fraction(c) {
            return Some((f, i + 2));
        }
    }
    if glued(whole, next) {
        return None;
    }
    slash_fraction(toks, i + 1)
}

/// Whether the quantity at token `i` follows a word of change within a few tokens ("rise from",
/// "boosted by more than", "a 14% increase in homicides, from"): then "X to Y" states two levels or
/// a change and a level, not a range.
fn in_change_context(toks: &[Token], i: usize) -> bool {
    let from = i.saturating_sub(CHANGE_CONTEXT);
    (from..i).any(|k| {
        let t = &toks[k];
        // "up to", "down to" state a level.
        let to_level = matches!(t.lower.as_str(), "up" | "down")
            && toks.get(k + 1).is_some_and(|n| n.is("to"));
        t.is_word()
            && !to_level
            && (lexicon::change_before(&t.lower).is_some()
                || lexicon::change_after(&t.lower).is_some())
    })
}

/// Whether "X to Y" after a word of change, with the unit written after Y only ("rose 3 to 5
/// percent", "growth of 2 to 3 per cent", "gained 10 to 12 metres"), is a range of the change: two
/// close numbers (Y at most five times X) sharing the unit of measure after the second; a level after
/// a change ("rose 45 to 7,500", "climbed 0.2 to 4.1%") is two numbers.
fn range_of_change(toks: &[Token], first: &Core, second_at: usize) -> bool {
    let Some(second) = parse_core(toks, second_at)
        .filter(|c| c.kind == CoreKind::Count && c.vague.is_none() && c.scale.is_none())
    else {
        return false;
    };
    let close =
        first.value > 0.0 && second.value > first.value && second.value <= 5.0 * first.value;
    let percent_after = toks.get(second.end).is_some_and(|t| {
        t.text == "%"
            || matches!(t.lower.as_str(), "percent" | "pct" | "pc")
            || (t.is("per") && word_at(toks, second.end + 1) == Some("cent"))
    });
    let measure_after = unit::measure_at(toks, second.end)
        .is_some_and(|m| !matches!(m.unit.dimension, Dimension::Count | Dimension::Time));
    // "losing 100 to 150 euros a hectare": money named after the second end.
    let money_after = currency_after(toks, second.end, false).is_some();
    close && first.scale.is_none() && (percent_after || measure_after || money_after)
}

/// How many tokens back a word of change still frames a "from X to Y".
const CHANGE_CONTEXT: usize = 8;

/// A sign before a number: "-2.4%", "−5", "minus 30", "negative one"; the sign and the index after.
/// A margin is no negative: "plus or minus 3 points", "+/-2.5%" are 3 and 2.5.
fn sign_at(toks: &[Token], j: usize) -> (f64, usize) {
    let Some(t) = toks.get(j) else {
        return (1.0, j);
    };
    let next = toks.get(j + 1);
    let texts: Vec<&str> = toks
        .iter()
        .skip(j)
        .take(3)
        .map(|t| t.lower.as_str())
        .collect();
    if texts == ["plus", "or", "minus"] {
        return (1.0, j + 3);
    }
    let slashed_margin = texts == ["+", "/", "-"]
        && glued(t, &toks[j + 1])
        && glued(&toks[j + 1], &toks[j + 2])
        && toks.get(j + 3).is_some_and(|n| n.kind == Kind::Number);
    if slashed_margin {
        return (1.0, j + 3);
    }
    if t.is_word() && matches!(t.lower.as_str(), "minus" | "negative") {
        let number_follows = next.is_some_and(|n| {
            n.kind == Kind::Number || (n.is_word() && lexicon::is_number_word(&n.lower))
        });
        if number_follows {
            return (-1.0, j + 1);
        }
    }
    let dash = matches!(t.text.as_str(), "-" | "−" | "–");
    let attached = next.is_some_and(|n| n.kind == Kind::Number && glued(t, n));
    let after_word =
        j > 0 && glued(&toks[j - 1], t) && matches!(toks[j - 1].kind, Kind::Word | Kind::Number);
    if dash && attached && !after_word {
        return (-1.0, j + 1);
    }
    (1.0, j)
}

/// "more", "fewer" or "and"/"or" and another number after a number word at `k` ("47 seats, nine more
/// than before", "won five and four seats"): a count of the things counted around it.
fn compared_or_paired(toks: &[Token], k: usize) -> bool {
    let paired = matches!(word_at(toks, k), Some("and" | "or"))
        && toks.get(k + 1).is_some_and(|t| {
            t.kind == Kind::Number || (t.is_word() && small_number(&t.lower).is_some())
        })
        && !matches!(word_at(toks, k + 2), Some("and" | "or"));
    let compared = matches!(word_at(toks, k), Some("more" | "fewer" | "less"))
        && word_at(toks, k + 1) == Some("than");
    paired || compared
}

/// "of them", "of which", "of those" after a number at `k` ("14 stores, nine of them in
/// Belgium"): a part of things counted before, so a number word below 100 states a count there.
fn part_of_those_named(toks: &[Token], k: usize) -> bool {
    word_at(toks, k) == Some("of")
        && matches!(
            word_at(toks, k + 1),
            Some("them" | "which" | "whom" | "those" | "these")
        )
}

/// "revenue was ($99.99)", "net income: (£2.1m)": an amount of money alone in brackets where a
/// value is stated is negative, as accounts write losses (a bracketed amount after a noun is a
/// conversion or an aside, "€90 ($99)", "its price ($5)").
fn loss_in_brackets(toks: &[Token], start: usize, end: usize) -> bool {
    let opens = start >= 2 && toks[start - 1].text == "(";
    let closes = toks.get(end).is_some_and(|t| t.text == ")");
    opens
        && closes
        && matches!(
            toks[start - 2].lower.as_str(),
            "is" | "was" | "are" | "were" | ":"
        )
}

fn word_at(toks: &[Token], i: usize) -> Option<&str> {
    toks.get(i)
        .filter(|t| t.kind == Kind::Word)
        .map(|t| t.lower.as_str())
}

/// A whole number written in digits that may stand in a run of number words ("4 thousand 3
/// hundred and 21"): a plain integer below 1000.
fn digit_element(toks: &[Token], j: usize) -> Option<f64> {
    let t = toks.get(j).filter(|t| t.kind == Kind::Number)?;
    let (v, plain) = number_token_value(t.text.as_str())?;
    let glued_next = toks.get(j + 1).is_some_and(|n| glued(t, n));
    (plain && v < 1000.0 && !glued_next).then_some(v)
}

fn is_hundred_or_scale(w: Option<&str>) -> bool {
    w.is_some_and(|w| w == "hundred" || scale_word(w).is_some())
}

/// Cardinal number words from `i`: "Fifty thousand", "two hundred and fifty", "twenty-five",
/// digits among them ("4 thousand 3 hundred and 21"), and a fraction after "and" ("one hundred and
/// three quarters", "one million and a half", "two and a half").
fn parse_number_words(toks: &[Token], i: usize) -> Option<(f64, usize)> {
    let (mut total, mut current, mut any) = (0.0f64, 0.0f64, false);
    // The smallest scale word read so far, and whether the last word read was a scale.
    let (mut smallest_scale, mut ends_in_scale) = (f64::INFINITY, false);
    let mut j = i;
    let mut decimal_read = false;
    loop {
        let after_and = j > i && toks[j - 1].is("and");
        // "two point five million": decimals spoken after "point", then only a scale word.
        if any && !decimal_read && total == 0.0 && word_at(toks, j) == Some("point") {
            if let Some((decimals, end)) =
                spoken_decimals(toks, j + 1).filter(|_| !one_at_a_point(toks, i, current))
            {
                current += decimals;
                decimal_read = true;
                j = end;
                continue;
            }
        }
        if decimal_read && word_at(toks, j).is_none_or(|w| scale_word(w).is_none()) {
            break;
        }
        if let Some(v) = digit_element(toks, j) {
            let multiplied = current == 0.0 && is_hundred_or_scale(word_at(toks, j + 1));
            let ends_hundreds = after_and
                && current >= 100.0
                && v < 100.0
                && !is_hundred_or_scale(word_at(toks, j + 1));
            if multiplied || ends_hundreds {
                current += v;
                (any, ends_in_scale) = (true, false);
                j += 1;
                continue;
            }
            break;
        }
        let Some(w) = word_at(toks, j) else { break };
        if let Some(v) = small_number(w) {
            current += v;
            ends_in_scale = false;
        } else if w == "hundred" {
            current = current.max(1.0) * 100.0;
            ends_in_scale = false;
        } else if let Some(s) = scale_word(w) {
            if current == 0.0 && total > 0.0 && s > total {
                // "three lakh crore": a larger scale multiplies what came before.
                total *= s;
            } else {
                total += current.max(1.0) * s;
            }
            current = 0.0;
            smallest_scale = smallest_scale.min(s);
            ends_in_scale = true;
        } else if (w == "a" || w == "an") && !any && is_hundred_or_scale(word_at(toks, j + 1)) {
            current = 1.0;
        } else if w == "and" && any && and_continues_number(toks, j, total, current, smallest_scale)
        {
            j += 1;
            continue;
        } else {
            break;
        }
        any = true;
        j += 1;
        // "twenty-five": a hyphen between two number words; spaced only between tens and ones
        // ("ninety - five").
        let ones_next = word_at(toks, j + 1).and_then(small_number);
        let tens_then_ones = small_number(w).is_some_and(|t| t >= 20.0 && t % 10.0 == 0.0)
            && ones_next.is_some_and(|o| o < 10.0);
        if toks.get(j).is_some_and(|t| t.text == "-")
            && ones_next.is_some()
            && (glued(&toks[j - 1], &toks[j]) || tens_then_ones)
        {
            j += 1;
        }
    }
    if !any {
        return None;
    }
    let mut value = total + current;
    if let Some((f, scale_after, end)) = fraction_tail(toks, j) {
        value = match scale_after {
            // "five and a half million"
            Some(s) if value < s => (value + f) * s,
            // "one billion and a quarter million"
            Some(s) => value + f * s,
            // "one million and a half", "two hundred thirty two and a thirtieth"
            None => value + f * if ends_in_scale { smallest_scale } else { 1.0 },
        };
        j = end;
    }
    Some((value, j))
}

/// The decimals spoken after "point" from `j`: digit by digit ("zero three" -> .03, "five" -> .5)
/// or as one number below 100 ("seventy-one" -> .71); the fraction and the index after.
fn spoken_decimals(toks: &[Token], j: usize) -> Option<(f64, usize)> {
    let digit = |k: usize| word_at(toks, k).and_then(small_number);
    let first = digit(j)?;
    if first >= 20.0 {
        // "seventy-one", "seventy": two digits.
        let hyphen = toks
            .get(j + 1)
            .is_some_and(|h| h.text == "-" && glued(&toks[j], h));
        let ones = if hyphen {
            digit(j + 2).filter(|v| *v < 10.0)
        } else {
            None
        };
        let end = if ones.is_some() { j + 3 } else { j + 1 };
        return Some(((first + ones.unwrap_or(0.0)) / 100.0, end));
    }
    if first >= 10.0 {
        return Some((first / 100.0, j + 1));
    }
    let mut k = j;
    let mut text = String::new();
    while let Some(d) = digit(k).filter(|d| *d < 10.0) {
        text.push(char::from_digit(d as u32, 10)?);
        k += 1;
    }
    let value: f64 = format!("0.{text}").parse().ok()?;
    Some((value, k))
}

/// "at one point five people ...": "one point" is a moment there, not a decimal.
fn one_at_a_point(toks: &[Token], start: usize, current: f64) -> bool {
    current == 1.0
        && start > 0
        && matches!(
            toks[start - 1].lower.as_str(),
            "at" | "some" | "another" | "any" | "that" | "this"
        )
}

/// Whether "and" at `j` joins more of the same number: "two hundred and fifty", "3 hundred and
/// 21", "6 crore and two hundred"; not a fraction ("and three quarters", read after the whole) nor a
/// second number of the same scale ("two million and three million").
fn and_continues_number(toks: &[Token], j: usize, total: f64, current: f64, smallest: f64) -> bool {
    if fraction_tail(toks, j).is_some() {
        return false;
    }
    let word_follows = word_at(toks, j + 1).and_then(small_number).is_some();
    let digits_follow = digit_element(toks, j + 1).is_some_and(|v| v < 100.0) && current >= 100.0;
    if !(word_follows || digits_follow) || !(total > 0.0 || current >= 100.0) {
        return false;
    }
    // The scale after the next number word (past a "twenty-five" hyphen).
    let mut k = j + 2;
    if toks.get(k).is_some_and(|t| t.text == "-") && word_at(toks, k + 1).is_some() {
        k += 2;
    }
    // "three hundred and two hundred": two numbers.
    let second_hundreds = word_at(toks, k) == Some("hundred") && current >= 100.0;
    !second_hundreds
        && !word_at(toks, k)
            .and_then(scale_word)
            .is_some_and(|s| s >= smallest)
}

/// "and a half", "and two thirds", "and fifty-four hundredths", "and three quarters million" after
/// a whole number: the fraction it adds, the scale word after it and the index after.
fn fraction_tail(toks: &[Token], j: usize) -> Option<(f64, Option<f64>, usize)> {
    // "three-and-a-half years": the same with hyphens.
    let hyphen_at = |k: usize| {
        toks.get(k)
            .is_some_and(|h| h.text == "-" && k > 0 && glued(&toks[k - 1], h))
            && toks.get(k + 1).is_some_and(|n| glued(&toks[k], n))
    };
    let j = if hyphen_at(j) { j + 1 } else { j };
    if word_at(toks, j) != Some("and") {
        return None;
    }
    let j = if hyphen_at(j + 1) { j + 1 } else { j };
    let (num, k) = match word_at(toks, j + 1)? {
        "a" | "an" => (1.0, j + 2),
        _ => {
            let (n, end) = parse_number_words(toks, j + 1)?;
            (n, end)
        }
    };
    let k = if toks
        .get(k)
        .is_some_and(|h| h.text == "-" && glued(&toks[k - 1], h))
    {
        k + 1
    } else {
        k
    };
    let word = word_at(toks, k)?;
    let den = fraction(word)?;
    let plural = word.ends_with('s');
    if num <= 0.0 || num >= den || (num == 1.0 && plural) || (num > 1.0 && !plural) {
        return None;
    }
    match word_at(toks, k + 1).and_then(scale_word) {
        Some(s) => Some((num / den, Some(s), k + 2)),
        None => Some((num / den, None, k + 1)),
    }
}

/// "a mile", "of a percentage point", "of an inch" after a fraction at `k`: the index of the unit
/// of measure (not a counted noun) that the fraction is a part of.
fn fraction_of_measure(toks: &[Token], k: usize) -> Option<usize> {
    let k = if word_at(toks, k) == Some("of") {
        k + 1
    } else {
        k
    };
    if !matches!(word_at(toks, k), Some("a" | "an")) {
        return None;
    }
    unit::measure_at(toks, k + 1)
        .filter(|m| m.unit.dimension != Dimension::Count)
        .map(|_| k + 1)
}

/// "1.5 × 10^6", "2.5 x 10^30": scientific notation written with spaces around the sign of
/// multiplication, after the mantissa at `i`; the power of ten and the index after it.
fn spaced_power_of_ten(toks: &[Token], i: usize) -> Option<(f64, usize)> {
    let times = toks.get(i + 1)?;
    if !matches!(times.text.as_str(), "×" | "x" | "X" | "*") || glued(&toks[i], times) {
        return None;
    }
    let power = toks.get(i + 2).filter(|p| p.kind == Kind::Number)?;
    let ten = power.text.strip_prefix("10")?;
    if ten.is_empty() || ten.starts_with(|c: char| c.is_ascii_digit() || c == ',' || c == '.') {
        return None;
    }
    Some((parse_power(&power.text)?, i + 3))
}

/// "a penny", "a cent", "a dollar", "a euro" at `i` after "by" or a verb of change ("petrol rose by
/// a penny a litre", "shares fell a cent"): one unit of money.
fn money_of_one_at(toks: &[Token], i: usize) -> bool {
    let money = matches!(
        word_at(toks, i + 1),
        Some("penny" | "cent" | "dollar" | "euro")
    );
    let change =
        i > 0 && (toks[i - 1].is("by") || lexicon::change_before(&toks[i - 1].lower).is_some());
    money && change
}

/// "-point", " point", " points", " of a point", " a point" after a fraction word at `k`: a fraction of
/// a point of a rate ("a quarter-point cut", "half a point", "three-quarters of a point"); the index
/// after "point". Central banks move rates so; a fraction of an index point is not news.
fn point_after_fraction(toks: &[Token], k: usize) -> Option<usize> {
    let mut at = k;
    if toks
        .get(at)
        .is_some_and(|h| h.text == "-" && glued(&toks[at - 1], h))
    {
        at += 1;
    } else {
        if word_at(toks, at) == Some("of") {
            at += 1;
        }
        if word_at(toks, at) == Some("a") {
            at += 1;
        }
    }
    matches!(word_at(toks, at), Some("point" | "points")).then_some(at + 1)
}

/// "12 times bigger", "nine times the limit", "rose five times": a multiplier (unit "ratio") after
/// the number that starts at `start`; "downloaded 50m times", "visited three times a year" count
/// occurrences and are left to the counted noun ("time").
fn ratio_after(toks: &[Token], start: usize, core: &mut Core) {
    if word_at(toks, core.end) != Some("times") {
        return;
    }
    let after_change = start > 0 && lexicon::change_before(&toks[start - 1].lower).is_some();
    let comparison = word_at(toks, core.end + 1).is_some_and(|w| {
        (w.ends_with("er") && w.len() > 3 && !matches!(w, "after" | "under" | "over" | "per"))
            || matches!(
                w,
                "more"
                    | "less"
                    | "fewer"
                    | "as"
                    | "the"
                    | "that"
                    | "what"
                    | "its"
                    | "their"
                    | "his"
                    | "her"
                    | "above"
                    | "below"
                    | "bigger"
                    | "faster"
            )
    });
    // "trades at 25 times earnings", "paid 10 times salary": a multiple of a base amount.
    let multiple = word_at(toks, core.end + 1).is_some_and(lexicon::is_multiple_base);
    if after_change || comparison || multiple {
        core.kind = CoreKind::Ratio;
        core.end += 1;
    }
}

/// "4 thousand 3 hundred and 21", "3 hundred and one", "6 crore and two hundred": digits that
/// start a run of number words longer than "3 hundred" (which the digit reading takes).
fn digits_among_words(toks: &[Token], i: usize) -> Option<Core> {
    digit_element(toks, i)?;
    if !is_hundred_or_scale(word_at(toks, i + 1)) {
        return None;
    }
    let (value, end) = parse_number_words(toks, i).filter(|(_, end)| *end > i + 2)?;
    let mut core = Core {
        value,
        base: value,
        scale: None,
        end,
        kind: CoreKind::Count,
        vague: None,
        from_words: false,
        plain_integer: false,
    };
    ratio_after(toks, i, &mut core);
    Some(core)
}

/// Whether the number at `i` follows a currency symbol glued to it ("$2.1T", "£3bn").
fn after_currency_symbol(toks: &[Token], i: usize) -> bool {
    i > 0
        && toks[i - 1].kind == Kind::Symbol
        && glued(&toks[i - 1], &toks[i])
        && units::currency_symbol(toks[i - 1].text.as_str()).is_some()
}

/// Whether the number at `i` follows the rupee ("Rs 500", "Rs. 500", "₹500", "INR 500").
fn after_rupees(toks: &[Token], i: usize) -> bool {
    let k = if i >= 2 && toks[i - 1].text == "." {
        i - 2
    } else {
        i.wrapping_sub(1)
    };
    toks.get(k).is_some_and(|t| {
        t.text.as_str() == "₹" || units::currency_code_before(t.text.as_str()) == Some("inr")
    })
}

/// Whether the number at `i` follows a currency symbol, glued or spaced ("$1MM", "US$ 1MM").
fn after_currency(toks: &[Token], i: usize) -> bool {
    i > 0
        && toks[i - 1].kind == Kind::Symbol
        && units::currency_symbol(toks[i - 1].text.as_str()).is_some()
}

/// A bare number at `i`, with a denominator spoken after "over" ("1 over 3", "one over twenty").
fn parse_core(toks: &[Token], i: usize) -> Option<Core> {
    let mut core = parse_core_alone(toks, i)?;
    if let Some((den, end)) = denominator_over(toks, &core) {
        core.value /= den;
        core.base = core.value;
        core.end = end;
        core.kind = CoreKind::Fraction;
        core.plain_integer = false;
    }
    Some(core)
}

/// Whether a whole number is one whose digits or words stand alone (no scale, no vague count).
fn is_bare_whole(core: &Core) -> bool {
    core.kind == CoreKind::Count
        && core.scale.is_none()
        && core.vague.is_none()
        && core.value.fract() == 0.0
}

/// "over 3", "over twenty-one" after a bare whole number, closing its clause: the denominator of a
/// fraction spoken as "1 over 3", and the index after it. "3 over 2 years", "5 over the period" and
/// "5% over 2019" are no fractions: a unit or a noun after either number keeps "over" a preposition.
fn denominator_over(toks: &[Token], numerator: &Core) -> Option<(f64, usize)> {
    if !is_bare_whole(numerator) || word_at(toks, numerator.end) != Some("over") {
        return None;
    }
    let den = parse_core_alone(toks, numerator.end + 1)?;
    let closes = toks
        .get(den.end)
        .is_none_or(|t| t.kind == Kind::Punct && !matches!(t.text.as_str(), "-" | "/" | "'"));
    (is_bare_whole(&den) && den.value > 0.0 && closes).then_some((den.value, den.end))
}

fn parse_core_alone(toks: &[Token], i: usize) -> Option<Core> {
    let t = toks.get(i)?;
    if let Some(core) = digits_among_words(toks, i) {
        return Some(core);
    }
    if t.kind == Kind::Number {
        // "m^2": an exponent is no number of its own.
        if i > 0 && toks[i - 1].text == "^" && glued(&toks[i - 1], t) {
            return None;
        }
        // "09:30", "2:14:05": the minutes and seconds of a time.
        let after_colon = i >= 2
            && toks[i - 1].text == ":"
            && toks[i - 2].kind == Kind::Number
            && glued(&toks[i - 2], &toks[i - 1])
            && glued(&toks[i - 1], t);
        // "0800 028 1234": digits after a spaced code that opens with a zero are a phone number's.
        let after_code = i > 0
            && toks[i - 1].kind == Kind::Number
            && toks[i - 1].text.len() >= 3
            && toks[i - 1].text.starts_with('0')
            && !toks[i - 1].text.contains(['.', ',']);
        if after_colon || after_code || in_slash_chain(toks, i) || in_phone_number(toks, i) {
            return None;
        }
        let (mut value, mut plain) = number_token_value(t.text.as_str())?;
        let mut end = i + 1;
        if let Some((f, after)) = slash_fraction(toks, i) {
            (value, end, plain) = (f, after, false);
        } else if let Some((power, after)) = spaced_power_of_ten(toks, i) {
            (value, end, plain) = (value * power, after, false);
        } else if let Some((f, after)) = fraction_after_whole(toks, i) {
            (value, end, plain) = (value + f, after, false);
        }
        // "1⁄8 of an inch", "½ a mile", "3/4 of a mile": a fraction of a unit of measure;
        // "3/4 of voters", "½ of the budget": a fraction of something.
        let mut kind = CoreKind::Count;
        let written_fraction = value < 1.0 && !plain && !t.text.contains('.');
        if written_fraction {
            if let Some(at) = fraction_of_measure(toks, end) {
                end = at;
            } else if word_at(toks, end) == Some("of") {
                kind = CoreKind::Fraction;
            }
        }
        let base = value;
        let mut scale = None;
        if let Some(next) = toks.get(end).filter(|n| n.kind == Kind::Word) {
            if glued(&toks[end - 1], next) {
                let metres = next.text == "m" && unit::m_means_metres(toks, end);
                let resolution = next.text == "K"
                    && plain
                    && (value == 4.0 || value == 8.0)
                    && !after_currency(toks, i);
                // "4K", "8K": a screen resolution, not thousands.
                if lexicon::is_ordinal_suffix(&next.lower) || resolution {
                    return None;
                } else if next.text == "T" && after_currency_symbol(toks, i) {
                    // "$2.174T": trillions, after a currency symbol only ("100T" may be tonnes).
                    scale = Some(1e12);
                    end += 1;
                } else if next.text == "MM" && after_currency(toks, i) {
                    // "$1MM", "US$ 2.5MM": millions in finance ("300MM" alone is millimetres).
                    scale = Some(1e6);
                    end += 1;
                } else if let Some(s) = scale_abbreviation(&next.lower).filter(|_| !metres) {
                    scale = Some(s);
                    end += 1;
                } else if next.lower == "cr" && after_rupees(toks, i) {
                    // "Rs 500cr", "₹1,234cr": crores of rupees.
                    scale = Some(1e7);
                    end += 1;
                } else if next.lower == "x" {
                    // "jumped 2.5x": a multiplier.
                    kind = CoreKind::Ratio;
                    end += 1;
                } else if after_currency(toks, i) && unit::glued_price_rate(toks, end) {
                    // "£7.99pm", "£1,200pcm": a price per month, the rate read with the unit.
                } else if !unit::glued_unit_or_currency(toks, end) {
                    // "5G", "3D", "2pm": not a quantity.
                    return None;
                }
            } else if let Some(s) = lexicon::digit_multiplier(&next.lower)
                // A spaced "k" is thousands where it ends the number's phrase ("2.33 k", "10 k."):
                // "the 5 k race" is kilometres, and a spaced "K" may be kelvins.
                .or_else(|| {
                    let ends = toks.get(end + 1).is_none_or(|t| !t.is_word());
                    lexicon::spaced_scale_abbreviation(&next.lower)
                        .filter(|_| next.text != "K" && (next.lower != "k" || ends))
                })
                .or_else(|| (next.lower == "cr" && after_rupees(toks, i)).then_some(1e7))
            {
                scale = Some(s);
                end += 1;
            }
        }
        // "a $1.5-billion deal", "a Rs 2,000-crore scheme": a scale joined by a hyphen.
        let hyphen = toks
            .get(end)
            .is_some_and(|d| d.text == "-" && glued(&toks[end - 1], d));
        if scale.is_none() && hyphen && toks.get(end + 1).is_some_and(|w| glued(&toks[end], w)) {
            if let Some(s) = word_at(toks, end + 1).and_then(scale_word) {
                scale = Some(s);
                end += 2;
            }
        }
        // "three lakh crore", "Rs 4 lakh crore": a larger scale multiplies the first.
        if let Some(s) = scale {
            if let Some(s2) = word_at(toks, end).and_then(scale_word).filter(|s2| *s2 > s) {
                scale = Some(s * s2);
                end += 1;
            }
        }
        if let Some(s) = scale {
            value = scaled(value, s);
        }
        // "3 million and a half", "2 and a half", "2 and a half million": a fraction after the whole.
        if scale.is_some() || plain {
            if let Some((f, scale_after, after)) = fraction_tail(toks, end) {
                value = match (scale, scale_after) {
                    (Some(s), None) => value + f * s,
                    (Some(_), Some(s2)) => value + f * s2,
                    (None, Some(s2)) => (value + f) * s2,
                    (None, None) => value + f,
                };
                (end, plain) = (after, false);
            }
        }
        // "20-plus companies", "40-odd protesters", "£2 trillion-plus": a bound joined by a hyphen.
        let mut vague = None;
        if toks
            .get(end)
            .is_some_and(|d| d.text == "-" && glued(&toks[end - 1], d))
        {
            match word_at(toks, end + 1).filter(|_| glued(&toks[end], &toks[end + 1])) {
                Some("plus") => vague = Some(Bound::MoreThan),
                Some("odd") => vague = Some(Bound::Approx),
                _ => {}
            }
            if vague.is_some() {
                end += 2;
            }
        }
        let mut core = Core {
            value,
            base,
            scale,
            end,
            kind,
            vague,
            from_words: false,
            plain_integer: plain && scale.is_none(),
        };
        ratio_after(toks, i, &mut core);
        return Some(core);
    }
    if t.kind != Kind::Word {
        return None;
    }
    let w = t.lower.as_str();
    let mk = |value: f64, end: usize, kind: CoreKind, vague: Option<Bound>| Core {
        value,
        base: value,
        scale: None,
        end,
        kind,
        vague,
        from_words: true,
        plain_integer: false,
    };
    // Vague counts: "tens of thousands", "hundreds of", "a few dozen", "scores of".
    if (w == "tens" || w == "hundreds") && word_at(toks, i + 1) == Some("of") {
        if let Some(s) = word_at(toks, i + 2).and_then(vague_count) {
            let unit = if w == "tens" { 10.0 } else { 100.0 };
            return Some(mk(unit * s.0, i + 3, CoreKind::Count, Some(Bound::AtLeast)));
        }
    }
    if let Some((v, b)) = vague_count(w) {
        return Some(mk(v, i + 1, CoreKind::Count, Some(b)));
    }
    if w == "scores" && word_at(toks, i + 1) == Some("of") {
        return Some(mk(20.0, i + 1, CoreKind::Count, Some(Bound::AtLeast)));
    }
    // "a full percentage point", "a whole inch": one of a unit of measure.
    if (w == "a" || w == "one")
        && matches!(word_at(toks, i + 1), Some("full" | "whole"))
        && unit::measure_at(toks, i + 2).is_some_and(|m| m.unit.dimension != Dimension::Count)
    {
        return Some(mk(1.0, i + 2, CoreKind::Count, None));
    }
    if w == "a" && word_at(toks, i + 1) == Some("few") && word_at(toks, i + 2) == Some("dozen") {
        return Some(mk(36.0, i + 3, CoreKind::Count, Some(Bound::AtMost)));
    }
    // "several hundred", "a few thousand", "a couple of million": a vague multiple of a scale.
    let vague_multiple = match (w, word_at(toks, i + 1), word_at(toks, i + 2)) {
        ("several", _, _) => Some((3.0, Bound::AtLeast, i + 1)),
        ("a", Some("few"), _) => Some((3.0, Bound::Approx, i + 2)),
        ("a", Some("couple"), Some("of")) => Some((2.0, Bound::Approx, i + 3)),
        ("a", Some("couple"), _) => Some((2.0, Bound::Approx, i + 2)),
        _ => None,
    };
    if let Some((n, bound, k)) = vague_multiple {
        let scale = word_at(toks, k).and_then(|s| {
            if s == "hundred" {
                Some(100.0)
            } else {
                scale_word(s)
            }
        });
        if let Some(s) = scale {
            return Some(mk(n * s, k + 1, CoreKind::Count, Some(bound)));
        }
    }
    if (w == "a" || w == "one") && word_at(toks, i + 1) == Some("dozen") {
        return Some(mk(12.0, i + 2, CoreKind::Count, None));
    }
    // Fractions: "a third of", "two-thirds", "half of", "three quarters of", "half a million".
    // "cut by half", "fell by a third": a fraction as the size of a change.
    // "by nearly a third", "by more than half": hedges and bounds may stand between.
    let hedge = |t: &Token| {
        matches!(
            t.lower.as_str(),
            "almost"
                | "nearly"
                | "about"
                | "roughly"
                | "around"
                | "over"
                | "more"
                | "less"
                | "than"
                | "just"
                | "under"
                | "some"
                | "well"
        )
    };
    let after_by = (1..=4)
        .take_while(|&n| n <= i)
        .find(|&n| !hedge(&toks[i - n]))
        .is_some_and(|n| toks[i - n].is("by"));
    // "the second half of the race", "the other half": a part named, no number.
    let part_named = i > 0
        && matches!(
            toks[i - 1].lower.as_str(),
            "first" | "second" | "other" | "latter" | "final" | "opening" | "closing" | "back"
        );
    if (w == "half" || w == "halves") && part_named {
        return None;
    }
    if w == "half" || w == "quarter" {
        // "half a million", "half million", "quarter million"
        let value = if w == "half" { 0.5 } else { 0.25 };
        // "a half-point cut", "half a point": a fraction of a point of a rate.
        if let Some(end) = point_after_fraction(toks, i + 1) {
            return Some(mk(value, end, CoreKind::PercentagePoint, None));
        }
        if let Some(s) = word_at(toks, i + 1).and_then(scale_word) {
            return Some(mk(value * s, i + 2, CoreKind::Count, None));
        }
        // "quarter-percentage-point rate hikes", "half-mile loops": a bare fraction hyphened to
        // a unit of measure.
        let hyphen_unit = toks
            .get(i + 1)
            .is_some_and(|h| h.text == "-" && glued(t, h))
            && unit::measure_at(toks, i + 2).is_some_and(|m| m.unit.dimension != Dimension::Count);
        if hyphen_unit {
            return Some(mk(value, i + 2, CoreKind::Count, None));
        }
    }
    if w == "half" {
        if word_at(toks, i + 1) == Some("a") {
            if let Some(s) = word_at(toks, i + 2).and_then(scale_word) {
                return Some(mk(0.5 * s, i + 3, CoreKind::Count, None));
            }
            // "half a dozen"
            if word_at(toks, i + 2) == Some("dozen") {
                return Some(mk(6.0, i + 3, CoreKind::Count, None));
            }
        }
        // "half a percentage point", "half of a mile": a fraction of a unit of measure.
        if let Some(at) = fraction_of_measure(toks, i + 1) {
            return Some(mk(0.5, at, CoreKind::Count, None));
        }
        if word_at(toks, i + 1) == Some("of") || after_by {
            return Some(mk(0.5, i + 1, CoreKind::Fraction, None));
        }
        return None;
    }
    // "rose by a penny", "fell a cent": one of a currency's units, stated as a change.
    if w == "a" && money_of_one_at(toks, i) {
        return Some(mk(1.0, i + 1, CoreKind::Count, None));
    }
    let numerator = if w == "a" || w == "an" {
        Some(1.0)
    } else {
        small_number(w)
    };
    if let Some(num) = numerator {
        let hyphen = toks
            .get(i + 1)
            .is_some_and(|h| h.text == "-" && glued(t, h));
        let k = if hyphen { i + 2 } else { i + 1 };
        if let Some(den) = word_at(toks, k).and_then(fraction) {
            // "a quarter-point cut", "three-quarters of a point" ("two half-point cuts" count
            // cuts).
            let halves = matches!(word_at(toks, k), Some("half" | "halves"));
            if let Some(end) = point_after_fraction(toks, k + 1).filter(|_| !halves) {
                return Some(mk(num / den, end, CoreKind::PercentagePoint, None));
            }
            // "a quarter million", "three quarters billion"
            if let Some(s) = word_at(toks, k + 1).and_then(scale_word) {
                return Some(mk(num / den * s, k + 2, CoreKind::Count, None));
            }
            // "two thirds of a million"
            if word_at(toks, k + 1) == Some("of")
                && matches!(word_at(toks, k + 2), Some("a" | "an"))
            {
                if let Some(s) = word_at(toks, k + 3).and_then(scale_word) {
                    return Some(mk(num / den * s, k + 4, CoreKind::Count, None));
                }
            }
            // "a quarter of a percentage point", "three-quarters of a mile"
            if let Some(at) = fraction_of_measure(toks, k + 1).filter(|at| *at > k + 2) {
                return Some(mk(num / den, at, CoreKind::Count, None));
            }
            // "a quarter-percentage-point hike", "a half-mile walk"
            let hyphen_after = toks
                .get(k + 1)
                .is_some_and(|h| h.text == "-" && glued(&toks[k], h));
            if hyphen_after
                && unit::measure_at(toks, k + 2)
                    .is_some_and(|m| m.unit.dimension != Dimension::Count)
            {
                return Some(mk(num / den, k + 2, CoreKind::Count, None));
            }
            // "a quarter percentage point": a fraction of a unit of measure ("for a third day" is
            // an ordinal).
            let of_measure = unit::measure_at(toks, k + 1)
                .is_some_and(|m| !matches!(m.unit.dimension, Dimension::Count | Dimension::Time));
            if of_measure && !hyphen {
                return Some(mk(num / den, k + 1, CoreKind::Count, None));
            }
            let plural_ok = num > 1.0 || !word_at(toks, k).unwrap_or("").ends_with('s');
            // "exactly one sixth.", "three halves?": a fraction in number words ending a clause.
            let ends_clause = w != "a"
                && w != "an"
                && !toks
                    .get(k + 1)
                    .is_some_and(|t| t.is_word() || (t.text == "-" && glued(&toks[k], t)));
            // "two thirds agreed", "three fifths were sold": a plural denominator after a number
            // word is a fraction ("two quarters" may be periods of a year).
            let den_word = word_at(toks, k).unwrap_or("");
            let plural_fraction = num > 1.0 && den_word.ends_with('s') && den_word != "quarters";
            if plural_ok
                && (hyphen
                    || after_by
                    || (ends_clause && den_word != "quarters")
                    || plural_fraction
                    || word_at(toks, k + 1) == Some("of"))
            {
                return Some(mk(num / den, k + 1, CoreKind::Fraction, None));
            }
        }
    }
    if matches!(w, "double" | "twice" | "triple" | "quadruple")
        && word_at(toks, i + 1)
            .is_some_and(|n| matches!(n, "the" | "as" | "that" | "what" | "its" | "their"))
    {
        let v = match w {
            "triple" => 3.0,
            "quadruple" => 4.0,
            _ => 2.0,
        };
        return Some(mk(v, i + 1, CoreKind::Ratio, None));
    }
    let (value, end) = parse_number_words(toks, i)?;
    // "two hundred three fifths", "five hundred-fifths": a numerator of several words over a
    // plural denominator ("two quarters" may be periods of a year).
    let den_at = if toks
        .get(end)
        .is_some_and(|h| h.text == "-" && glued(&toks[end - 1], h))
    {
        end + 1
    } else {
        end
    };
    let den = word_at(toks, den_at)
        .filter(|w| w.ends_with('s') && !matches!(*w, "quarters" | "halves"))
        .and_then(fraction);
    if let Some(den) = den.filter(|_| value > 1.0) {
        return Some(mk(value / den, den_at + 1, CoreKind::Fraction, None));
    }
    let mut core = mk(value, end, CoreKind::Count, None);
    if let Some(s) = word_at(toks, end).and_then(scale_word) {
        core.value = scaled(core.value, s);
        core.scale = Some(s);
        core.end += 1;
    } else if word_at(toks, end) == Some("dozen") && value < 100.0 {
        // "two dozen", "three dozen eggs": dozens are twelves.
        core.value *= 12.0;
        core.end += 1;
    }
    ratio_after(toks, i, &mut core);
    Some(core)
}

fn match_qualifier(toks: &[Token], i: usize) -> Option<(Bound, usize)> {
    if let Some(q) = symbol_qualifier(toks, i) {
        return Some(q);
    }
    lexicon::QUALIFIERS.iter().find_map(|(words, bound)| {
        let hit = words
            .iter()
            .enumerate()
            .all(|(k, w)| word_at(toks, i + k) == Some(*w));
        hit.then_some((*bound, words.len()))
    })
}

/// A bound written as a symbol right before a number: ">10", "< 20", ">= 30", "≤5", "~30%".
fn symbol_qualifier(toks: &[Token], i: usize) -> Option<(Bound, usize)> {
    let t = toks.get(i).filter(|t| t.kind == Kind::Punct)?;
    let two = toks
        .get(i + 1)
        .filter(|n| n.text == "=" && glued(t, n))
        .is_some();
    let bound = match (t.text.as_str(), two) {
        (">", true) | ("≥", _) => Bound::AtLeast,
        ("<", true) | ("≤", _) => Bound::AtMost,
        (">", false) => Bound::MoreThan,
        ("<", false) => Bound::LessThan,
        ("~" | "≈", _) => Bound::Approx,
        _ => return None,
    };
    let n = if two { 2 } else { 1 };
    let number_next = toks
        .get(i + n)
        .is_some_and(|x| x.kind == Kind::Number || (x.kind == Kind::Symbol && x.text != "%"));
    number_next.then_some((bound, n))
}

/// A currency written before an amount: "$", "£", "₹", "US$", "A$", "HK $", "Rs", "Rs.", "RM",
/// "USD"; a bare "$" is the article's dollar. Returns the code and the index after it.
fn currency_prefix(
    toks: &[Token],
    i: usize,
    dollar: &'static str,
) -> Option<(&'static str, usize)> {
    let t = toks.get(i)?;
    if t.kind == Kind::Symbol {
        // "$US2 million", "$A500": letters after the "$" name the dollar.
        let lettered = toks
            .get(i + 1)
            .filter(|w| w.is_word() && glued(t, w))
            .and_then(|w| {
                let amount_next = toks
                    .get(i + 2)
                    .is_some_and(|n| n.kind == Kind::Number && glued(w, n));
                units::dollar_prefix(w.text.as_str())
                    .filter(|_| t.text.as_str() == "$" && amount_next)
            });
        if let Some(code) = lettered {
            return Some((code, i + 2));
        }
        return match t.text.as_str() {
            "$" => Some((dollar, i + 1)),
            other => units::currency_symbol(other).map(|c| (c, i + 1)),
        };
    }
    if !t.is_word() {
        return None;
    }
    // "E£1.5 billion", "GH¢2 billion": letters glued before a symbol.
    if let Some(n) = toks.get(i + 1).filter(|n| glued(t, n)) {
        let amount_next = toks.get(i + 2).is_some_and(|a| a.kind == Kind::Number);
        if let Some(code) =
            units::lettered_symbol(t.text.as_str(), n.text.as_str()).filter(|_| amount_next)
        {
            return Some((code, i + 2));
        }
    }
    if let Some(n) = toks.get(i + 1).filter(|n| n.text == "$") {
        // "HK $ 10", "hk $ 10", "C $ 300": letters apart from the "$" (not the article "A").
        let spaced_prefix = t.text.len() >= 2 || t.lower == "c";
        if glued(t, n) || spaced_prefix {
            if let Some(code) = units::dollar_prefix(t.text.as_str()) {
                return Some((code, i + 2));
            }
        }
    }
    let code = units::currency_code_before(t.text.as_str())?;
    let mut k = i + 1;
    if toks.get(k).is_some_and(|d| d.text == "." && glued(t, d)) {
        k += 1;
    }
    let amount = toks.get(k).filter(|n| n.kind == Kind::Number)?;
    if t.text == "R" && !glued(t, amount) {
        return None;
    }
    // "COP28", "COP 26": the climate summits, not Colombian pesos (whose amounts run to thousands).
    let summit = t.text == "COP"
        && number_token_value(amount.text.as_str()).is_some_and(|(v, plain)| plain && v < 100.0);
    (!summit).then_some((code, k))
}

/// A currency written after an amount: "dollars", "Australian dollars", "rupees", "yuan", "€"
/// ("-15€"), "USD" ("115USD"). "pounds" is money only when scaled ("20 million pounds") or
/// followed by "sterling"; otherwise it is a weight.
fn currency_after(toks: &[Token], i: usize, scaled: bool) -> Option<(&'static str, usize)> {
    let t = toks.get(i)?;
    // "-15€", "10 €": a symbol after the amount, unless it opens the next amount ("10 $ 30").
    let opens_next = toks.get(i + 1).is_some_and(|n| n.kind == Kind::Number);
    if t.kind == Kind::Symbol && (glued(&toks[i - 1], t) || !opens_next) {
        return units::currency_symbol(t.text.as_str()).map(|c| (c, i + 1));
    }
    for n in (1..=3).rev() {
        let Some(words) = toks.get(i..i + n) else {
            continue;
        };
        if !words.iter().all(Token::is_word) {
            continue;
        }
        // "Australian dollars", "hong kong dollars": the words before the currency name it; an
        // article, a preposition or a verb names nothing ("29 defending the yen").
        let named = words[..n - 1].iter().all(|w| {
            let l = w.lower.as_str();
            let verbal = l.len() > 4 && (l.ends_with("ing") || l.ends_with("ed"));
            !verbal
                && !matches!(
                    l,
                    "the"
                        | "a"
                        | "an"
                        | "of"
                        | "to"
                        | "in"
                        | "on"
                        | "for"
                        | "by"
                        | "with"
                        | "and"
                        | "or"
                        | "its"
                        | "their"
                )
        });
        if !named {
            continue;
        }
        let joined = tokens::joined_lower(words);
        let Some(code) = units::currency_name(&joined) else {
            continue;
        };
        let weight_pounds = n == 1 && matches!(joined.as_str(), "pound" | "pounds") && !scaled;
        if !weight_pounds {
            return Some((code, i + n));
        }
    }
    // "2.5 trillion won": the Korean won after a scaled amount ("won" alone is a verb).
    (scaled && t.is("won")).then_some(("krw", i + 1))
}

/// Whether the whole number at `start..end` is one side of a vote tally: "voted 7-2", "voted 52
/// to 48", "by a vote of 9-4", "a 5-4 vote".
fn vote_tally_at(toks: &[Token], start: usize, end: usize) -> bool {
    let whole = |k: usize| {
        toks.get(k)
            .is_some_and(|t| t.kind == Kind::Number && t.text.chars().all(|c| c.is_ascii_digit()))
    };
    let joiner = |k: usize| {
        toks.get(k)
            .is_some_and(|t| matches!(t.lower.as_str(), "-" | "–" | "to"))
    };
    if end != start + 1 || !whole(start) {
        return false;
    }
    // The first number of the tally.
    let first = if joiner(end) && whole(end + 1) {
        start
    } else if start >= 2 && joiner(start - 1) && whole(start - 2) {
        start - 2
    } else {
        return false;
    };
    let is_vote = |k: usize| {
        word_at(toks, k).is_some_and(|w| matches!(w, "vote" | "votes" | "voted" | "voting"))
    };
    let before = (first.saturating_sub(3)..first).any(is_vote);
    // After the tally only the noun ("a 5-4 vote"): "those aged 18-24 voted" is no tally.
    before || word_at(toks, first + 3).is_some_and(|w| matches!(w, "vote" | "votes"))
}

/// A match score at `start` ("won 3-1", "beat Chelsea 2-0", "a 3-1 win", "drew 1-1 with"): two whole
/// numbers joined by a dash, after a verb of the result (at most three words before) or before a
/// noun of it (at most two modifiers between). A score is a label of the match, not a claim
/// (ANNOTATION.md); returns the index after it.
fn score_after(toks: &[Token], start: usize) -> Option<usize> {
    let whole = |k: usize| {
        toks.get(k).is_some_and(|t| {
            t.kind == Kind::Number
                && t.text.len() <= 3
                && t.text.chars().all(|c| c.is_ascii_digit())
        })
    };
    let dash = toks
        .get(start + 1)
        .is_some_and(|t| matches!(t.text.as_str(), "-" | "–" | "—"));
    if !(whole(start) && dash && whole(start + 2)) {
        return None;
    }
    let verb_before = (start.saturating_sub(4)..start)
        .rev()
        .take_while(|&k| toks[k].is_word())
        .any(|k| lexicon::is_score_verb(&toks[k].lower));
    let noun_after = (start + 3..(start + 6).min(toks.len()))
        .take_while(|&k| toks[k].is_word())
        .any(|k| lexicon::is_score_noun(&toks[k].lower));
    // "won 3-1 at home", "beat them 2-0.": after a verb, nothing counted follows ("won 2-3 seats",
    // "lost 2-3%" are ranges).
    let nothing_counted = toks.get(start + 3).is_none_or(|t| {
        (t.kind == Kind::Punct && t.text != "%") || (t.is_word() && lexicon::is_np_stop(&t.lower))
    });
    // "won 6-3, 6-4, 7-5": the sets after the first score are scores too.
    let after_score = start >= 4
        && matches!(toks[start - 1].text.as_str(), "," | "and")
        && score_after(toks, start - 4) == Some(start - 1);
    ((verb_before && nothing_counted) || noun_after || (after_score && nothing_counted))
        .then_some(start + 3)
}

/// "1-in-100-year", "one-in-a-million": odds joined by hyphens into a modifier, from the number at
/// `start` (ending at `end`); the index after the modifier.
fn odds_modifier_after(toks: &[Token], start: usize, end: usize) -> Option<usize> {
    let dash = toks
        .get(end)
        .filter(|h| h.text == "-" && glued(&toks[end - 1], h))?;
    let word = toks
        .get(end + 1)
        .filter(|w| w.is_word() && glued(dash, w))?;
    // The tokens may split "in-100-year" either way; all of it stays glued.
    let opens = word.lower == "in" || word.lower.starts_with("in-");
    if end != start + 1 || !opens {
        return None;
    }
    let mut k = end + 2;
    while toks
        .get(k)
        .is_some_and(|t| (glued(&toks[k - 1], t) && t.kind != Kind::Punct) || glued_joiner(toks, k))
    {
        k += 1;
    }
    (k > end + 2 || word.lower.len() > 3).then_some(k)
}

/// A hyphen or a thousands comma glued inside a run of words and numbers.
fn glued_joiner(toks: &[Token], k: usize) -> bool {
    toks.get(k).is_some_and(|t| {
        matches!(t.text.as_str(), "-" | ",")
            && glued(&toks[k - 1], t)
            && toks
                .get(k + 1)
                .is_some_and(|n| glued(t, n) && n.kind != Kind::Punct)
    })
}

/// "±0.01", "+/- 1e-5", "plus or minus 2" after a number at `k`: the index after the uncertainty.
fn uncertainty_after(toks: &[Token], k: usize) -> Option<usize> {
    let texts = |n: usize| -> Vec<&str> {
        toks.iter()
            .skip(k)
            .take(n)
            .map(|t| t.lower.as_str())
            .collect()
    };
    let slashed = texts(3) == ["+", "/", "-"]
        && glued(&toks[k], &toks[k + 1])
        && glued(&toks[k + 1], &toks[k + 2]);
    let after_sign = if toks.get(k)?.text == "±" {
        k + 1
    } else if slashed || texts(3) == ["plus", "or", "minus"] {
        k + 3
    } else {
        return None;
    };
    parse_core(toks, after_sign)
        .filter(|c| c.kind == CoreKind::Count && c.vague.is_none())
        .map(|c| c.end)
}

/// "45 and 50 mg", "3 or 4 km": the unit of measure written once after the last of a short list
/// covers the number at `from`'s left too. The unit keeps no span (it is written further on).
fn measure_shared_with_next(toks: &[Token], from: usize) -> Option<unit::UnitMatch> {
    if !matches!(word_at(toks, from), Some("and" | "or")) {
        return None;
    }
    let next =
        parse_core(toks, from + 1).filter(|c| c.kind == CoreKind::Count && c.vague.is_none())?;
    let mut m = unit::measure_at(toks, next.end)?;
    m.unit.span = None;
    Some(m)
}

/// Whether the number at `i` is glued, through signs and points, to a word with digits in it: a
/// catalogue name or model code ("MACS J1149.5+6663", "A380-800").
fn glued_to_code(toks: &[Token], i: usize) -> bool {
    let mut k = i;
    while k > 0 && glued(&toks[k - 1], &toks[k]) {
        k -= 1;
        let t = &toks[k];
        if t.is_word() && t.text.chars().any(|c| c.is_ascii_digit()) {
            return true;
        }
    }
    false
}

/// Whether the number at `i` ends a span of years: "2013-14", "the 2019/20 season".
fn ends_year_span(toks: &[Token], i: usize) -> bool {
    if i < 2 || toks[i].text.len() != 2 || !toks[i].text.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let (year, dash) = (&toks[i - 2], &toks[i - 1]);
    let is_year = year.kind == Kind::Number
        && year.text.len() == 4
        && year
            .text
            .parse::<u32>()
            .is_ok_and(|y| (1800..=2100).contains(&y));
    is_year
        && matches!(dash.text.as_str(), "-" | "–" | "/")
        && glued(year, dash)
        && glued(dash, &toks[i])
}

/// "60 minutes 48 seconds", "1 hour and 20 minutes", "2 hrs 5 mins": the next smaller unit of time
/// after a duration whose unit is `u`; how many of it make one of `u`, their number, its name and
/// the index after it.
fn smaller_time_after(toks: &[Token], u: &Unit) -> Option<(f64, f64, &'static str, usize)> {
    let (factor, smaller) = match u.normalized.as_str() {
        "hour" => (60.0, "minute"),
        "minute" => (60.0, "second"),
        _ => return None,
    };
    let end = u.span?.end;
    let mut k = toks.iter().position(|t| t.start >= end)?;
    if word_at(toks, k) == Some("and") {
        k += 1;
    }
    let n = toks.get(k).filter(|t| t.kind == Kind::Number)?;
    let (amount, _) = number_token_value(n.text.as_str())?;
    let w = word_at(toks, k + 1)?;
    let named = match smaller {
        "minute" => matches!(w, "minute" | "minutes" | "min" | "mins"),
        _ => matches!(w, "second" | "seconds" | "sec" | "secs" | "s"),
    };
    (named && amount < 60.0).then_some((factor, amount, smaller, k + 2))
}

/// "2:02:41", "1:21:32", "1:44.30" from the number at `k`: a time taken (hours, minutes and
/// seconds, or minutes and seconds with hundredths), in seconds, and the index after it. A time
/// of day has no seconds ("14:30") or follows "at".
fn time_taken(toks: &[Token], k: usize) -> Option<(f64, usize)> {
    let part = |n: usize| {
        let (colon, t) = (toks.get(n)?, toks.get(n + 1)?);
        (colon.text == ":"
            && glued(&toks[n - 1], colon)
            && glued(colon, t)
            && t.kind == Kind::Number)
            .then_some(t)
    };
    let two_digits = |t: &Token| t.text.split('.').next().is_some_and(|w| w.len() == 2);
    let first: f64 = toks.get(k)?.text.parse().ok()?;
    let second = part(k + 1).filter(|t| two_digits(t))?;
    if k > 0 && toks[k - 1].is("at") {
        return None;
    }
    let s2: f64 = second.text.parse().ok()?;
    let of_day = |end: usize| word_at(toks, end).is_some_and(lexicon::marks_time_of_day);
    if let Some(third) = part(k + 3) {
        let s3: f64 = third.text.parse().ok()?;
        let clean = two_digits(third) && !second.text.contains('.') && s2 < 60.0 && s3 < 60.0;
        return (clean && !of_day(k + 5)).then_some((first * 3600.0 + s2 * 60.0 + s3, k + 5));
    }
    (second.text.contains('.') && s2 < 60.0 && !of_day(k + 3)).then_some((first * 60.0 + s2, k + 3))
}

/// "5 ft 2 in", "6ft 7in", "5 feet and 2 inches": the inches after a height in feet, whose unit
/// `u` was read at `unit_at`; the inches and the index after them.
fn inches_after_feet(toks: &[Token], unit_at: usize, u: &Unit) -> Option<(f64, usize)> {
    if u.normalized != "foot" {
        return None;
    }
    // "a 6-foot-5 guard": the inches after a hyphen.
    let hyphen = |k: usize| {
        toks.get(k)
            .is_some_and(|d| d.text == "-" && glued(&toks[k - 1], d))
    };
    if hyphen(unit_at)
        && matches!(word_at(toks, unit_at + 1), Some("foot" | "feet"))
        && hyphen(unit_at + 2)
    {
        let n = toks
            .get(unit_at + 3)
            .filter(|t| t.kind == Kind::Number && glued(&toks[unit_at + 2], t))?;
        let (inches, plain) = number_token_value(n.text.as_str())?;
        return (plain && inches < 12.0).then_some((inches, unit_at + 4));
    }
    let feet = unit::measure_at(toks, unit_at)?;
    let k = if word_at(toks, feet.next) == Some("and") {
        feet.next + 1
    } else {
        feet.next
    };
    let n = toks.get(k).filter(|t| t.kind == Kind::Number)?;
    let (inches, _) = number_token_value(n.text.as_str())?;
    // After feet and a number, "in" is inches ("12 ft 2 in more or less").
    let next = if toks.get(k + 1).is_some_and(|t| t.text == "in") {
        k + 2
    } else {
        unit::measure_at(toks, k + 1)
            .filter(|m| m.unit.normalized == "inch")?
            .next
    };
    (inches < 12.0).then_some((inches, next))
}

/// The cents after a whole amount of money written with its currency after it: "15 dollars 50.",
/// "3 dollars and 50 cents", "thirteen dollars forty-five cents"; the amount they add and the
/// index after. A bare number counts as cents only as two digits or in words, ending the clause.
fn cents_after(toks: &[Token], k: usize) -> Option<(f64, usize)> {
    let k = if word_at(toks, k) == Some("and") {
        k + 1
    } else {
        k
    };
    let (v, end, two_digits) = match toks.get(k) {
        Some(t) if t.kind == Kind::Number => {
            let (v, plain) = number_token_value(t.text.as_str())?;
            if !plain {
                return None;
            }
            (v, k + 1, t.text.len() == 2)
        }
        _ => {
            let (v, end) = parse_number_words(toks, k)?;
            (v, end, true)
        }
    };
    if !(v > 0.0 && v < 100.0 && v.fract() == 0.0) {
        return None;
    }
    if matches!(word_at(toks, end), Some("cent" | "cents" | "pence")) {
        return Some((v / 100.0, end + 1));
    }
    let clause_ends = toks
        .get(end)
        .is_none_or(|t| !matches!(t.kind, Kind::Word | Kind::Number | Kind::Symbol));
    (clause_ends && two_digits).then_some((v / 100.0, end))
}

/// "a magnitude 7.8 earthquake", "a magnitude-6.1 quake", "a magnitude of 6.8", "Mach 5": the
/// unit named before the number at `i`.
fn unit_named_before(toks: &[Token], i: usize) -> Option<&'static str> {
    let mut k = i;
    let hyphen = k > 0 && toks[k - 1].text == "-" && glued(&toks[k - 1], &toks[k]);
    let magnitude_of = k > 1 && toks[k - 1].is("of") && toks[k - 2].is("magnitude");
    if hyphen || magnitude_of {
        k -= 1;
    }
    match toks.get(k.checked_sub(1)?)?.lower.as_str() {
        "magnitude" => Some("magnitude"),
        "mach" => Some("mach"),
        _ => None,
    }
}

/// "10 Downing Street", "221B Baker St": a house number before the capitalized name of a street
/// (at `after`, the token after the number).
fn street_number(toks: &[Token], after: usize) -> bool {
    (after..toks.len().min(after + 4))
        .take_while(|&k| toks[k].is_titlecase() || toks[k].text == ".")
        .any(|k| lexicon::is_street_word(toks[k].text.as_str()))
}

/// "737 Max 9", "Galaxy S 24": numbers on both sides of a capitalized word (not a month or a
/// unit) make a product's or a model's name; the whole number at `start..end` is one of them.
fn in_model_name(toks: &[Token], start: usize, end: usize) -> bool {
    let name_word = |k: usize| {
        toks.get(k).is_some_and(|t| {
            t.is_word()
                && t.is_titlecase()
                && lexicon::month(t.text.as_str()).is_none()
                && unit::measure_at(toks, k).is_none()
        })
    };
    let number = |k: usize| toks.get(k).is_some_and(|t| t.kind == Kind::Number);
    (name_word(end) && number(end + 1)) || (start >= 2 && name_word(start - 1) && number(start - 2))
}

fn is_month_token(t: Option<&Token>) -> bool {
    t.is_some_and(|t| t.is_titlecase() && lexicon::month(t.text.as_str()).is_some())
}

/// Capitalized words that can stand before a number without making it a name: determiners
/// (`lexicon::is_determiner`) and other function words.
pub(crate) fn is_common_capital(w: &str) -> bool {
    lexicon::is_determiner(w)
        || matches!(
            w,
            "in" | "on"
                | "at"
                | "of"
                | "about"
                | "some"
                | "over"
                | "nearly"
                | "almost"
                | "around"
                | "and"
                | "but"
                | "with"
                | "since"
                | "by"
                | "for"
                | "from"
                | "only"
                | "just"
                | "all"
                | "another"
                | "as"
                | "after"
                | "before"
                | "to"
                | "up"
                | "until"
                | "than"
                | "each"
                | "every"
                | "roughly"
                | "approximately"
                | "when"
                | "if"
                | "while"
        )
}

/// Advertising copy: an offer to subscribe or sign up ("Subscribe now", "sign up for our
/// newsletter"), a price offered "only" ("pay only $32.95", "for only £1"), a free trial offered to
/// the reader ("you get a free trial"), a voucher or promo code, "% off". News about subscriptions
/// ("subscription revenue rose 5%", "it will cost £1.99 a month after a free trial") is not.
fn is_advertising(toks: &[Token]) -> bool {
    let has = |w: &str| toks.iter().any(|t| t.lower == w);
    let pair = |a: &str, b: &str| toks.windows(2).any(|p| p[0].lower == a && p[1].lower == b);
    let price_offered = toks.windows(3).any(|p| {
        matches!(p[0].lower.as_str(), "pay" | "for" | "just")
            && p[1].lower == "only"
            && (p[2].kind == Kind::Symbol && p[2].text != "%")
    });
    let opens_with_offer = toks
        .first()
        .is_some_and(|t| matches!(t.lower.as_str(), "subscribe" | "join" | "unsubscribe"));
    // "Save 20% off", "get 30% off your order"; news of discounts ("offered up to 70% off, the
    // survey found") is not an offer.
    let to_reader = has("you")
        || has("your")
        || toks
            .first()
            .is_some_and(|t| matches!(t.lower.as_str(), "save" | "get" | "shop" | "enjoy" | "buy"));
    ["newsletter", "promo", "voucher"].iter().any(|w| has(w))
        || opens_with_offer
        || (has("free") && has("trial") && (has("you") || has("your")))
        || price_offered
        || pair("sign", "up")
        || (pair("%", "off") && to_reader)
}

/// A quantity as the grammar read it, before bounds are distributed over lists.
#[derive(Debug, Clone)]
struct Reading {
    span: Span,
    core_start: usize,
    low_value: f64,
    high_value: Option<f64>,
    bound: Bound,
    explicit_qualifier: bool,
    vague: bool,
    unit: Option<Unit>,
    change: Option<Change>,
}

impl Reading {
    /// Where the reading ends with its unit written after it ("5 tonnes").
    fn end_with_unit(&self) -> usize {
        self.unit
            .as_ref()
            .and_then(|u| u.span)
            .map_or(self.span.end, |s| s.end.max(self.span.end))
    }

    fn into_quantity(self) -> Quantity {
        let v = self.low_value;
        let (value, low, high) = match self.bound {
            Bound::Range => (None, Some(v), self.high_value),
            Bound::MoreThan | Bound::AtLeast => (Some(v), Some(v), None),
            Bound::LessThan | Bound::AtMost => (Some(v), None, Some(v)),
            Bound::Exact | Bound::Approx => (Some(v), None, None),
        };
        Quantity {
            span: self.span,
            value,
            low,
            high,
            bound: self.bound,
            unit: self.unit,
            change: self.change,
        }
    }
}

enum Parse {
    /// A number that is not a claim; skip to the index.
    Skip(usize),
    Found(Box<Reading>, usize),
}

fn parse_at(
    toks: &[Token],
    i: usize,
    sentence_start_word: usize,
    dollar: &'static str,
) -> Option<Parse> {
    let mut j = i;
    let qualifier = match_qualifier(toks, j);
    if let Some((_, n)) = qualifier {
        j += n;
    }
    let opener = word_at(toks, j).filter(|w| *w == "between" || *w == "from");
    if opener.is_some() {
        j += 1;
    }
    let after_opener = j;
    let (sign0, after_sign0) = sign_at(toks, j);
    j = after_sign0;
    let currency1 = currency_prefix(toks, j, dollar);
    // Where the unit is written, for money and percent ("A$", "%", "per cent", "rupees").
    let mut written: Option<Span> = None;
    if let Some((_, k)) = currency1 {
        written = Some(Span::new(toks[j].start, toks[k - 1].end));
        j = k;
    }
    let (sign1, after_sign1) = sign_at(toks, j);
    j = after_sign1;
    let sign = sign0 * sign1;
    let core_start = j;
    if currency1.is_none() {
        if let Some(after) = score_after(toks, core_start) {
            return Some(Parse::Skip(after));
        }
    }
    let mut core1 = parse_core(toks, j)?;
    core1.value *= sign;
    if currency1.is_some() && sign > 0.0 && loss_in_brackets(toks, i, core1.end) {
        core1.value = -core1.value;
    }
    // "2,000.45±0.01 pounds": the uncertainty belongs to the number; the unit comes after it.
    if let Some(after) = uncertainty_after(toks, core1.end) {
        core1.end = after;
    }
    let mut last_end = core1.end;
    let mut core2: Option<Core> = None;
    // A unit written after both ends: "between 3% and 4%", "-18 °C to -34 °C".
    let mut echo_at = last_end;
    if toks.get(echo_at).is_some_and(|t| t.text == "%") {
        echo_at += 1;
    } else if let Some(m) = unit::measure_at(toks, echo_at) {
        echo_at = m.next;
    }
    let echoed = echo_at > last_end;
    // "an 8- to 16-meter telescope": a hyphen left hanging before the joiner.
    let suspended = !echoed
        && toks
            .get(echo_at)
            .is_some_and(|d| d.text == "-" && glued(&toks[echo_at - 1], d))
        && toks
            .get(echo_at + 1)
            .is_some_and(|w| matches!(w.lower.as_str(), "to" | "or" | "and"));
    if suspended {
        echo_at += 1;
    }
    // A second number makes a range: "30,000 to 35,000", "between 500,000 and 600,000", "275,000-325,000".
    let joiner = toks.get(echo_at).map(|t| t.lower.as_str());
    let joins = match (opener, joiner) {
        // "between 44 mg to 50 mg" is a common slip for "and".
        (Some("between"), Some("and" | "to")) => true,
        // "rose from 3.5 million to 4.6 million": two levels of a change, not a range.
        (Some("from"), Some("to")) => !in_change_context(toks, i),
        // "rose 3 to 5 percent", "growth of 2 to 3 per cent": a range of the change itself.
        (None, Some("to")) => {
            !in_change_context(toks, i)
                || (!echoed && currency1.is_none() && range_of_change(toks, &core1, echo_at + 1))
        }
        (None, Some("or")) => core1.from_words && !echoed,
        (_, Some(dash @ ("-" | "–" | "—"))) => {
            // "$2.5bn-$3bn": the second end may repeat the currency symbol.
            let symbol_next = currency1.is_some()
                && toks
                    .get(echo_at + 1)
                    .is_some_and(|n| n.kind == Kind::Symbol)
                && toks
                    .get(echo_at + 2)
                    .is_some_and(|n| n.kind == Kind::Number && glued(&toks[echo_at + 1], n));
            let number_next = symbol_next
                || toks
                    .get(echo_at + 1)
                    .is_some_and(|n| n.kind == Kind::Number);
            let glued_both = toks
                .get(echo_at + 1)
                .is_some_and(|n| glued(&toks[echo_at], n))
                && glued(&toks[echo_at - 1], &toks[echo_at]);
            // "275,000-325,000"; a dash may stand between spaces ("1000 – 5000", "1000 - 5000"),
            // not glued to one side only ("5 -3" is a negative number).
            let spaced_both = toks
                .get(echo_at + 1)
                .is_some_and(|n| !glued(&toks[echo_at], n))
                && !glued(&toks[echo_at - 1], &toks[echo_at]);
            number_next && (glued_both || dash == "–" || spaced_both)
        }
        // "20 through 100", "20~100".
        (None, Some("through" | "thru")) => toks
            .get(echo_at + 1)
            .is_some_and(|n| n.kind == Kind::Number),
        (None, Some("~")) => toks.get(echo_at + 1).is_some_and(|n| {
            n.kind == Kind::Number
                && glued(&toks[echo_at], n)
                && glued(&toks[echo_at - 1], &toks[echo_at])
        }),
        _ => false,
    };
    let tally = vote_tally_at(toks, core_start, core1.end);
    if joins && !tally && core1.kind == CoreKind::Count {
        let mut k = echo_at + 1;
        if let Some((_, after)) = currency_prefix(toks, k, dollar) {
            k = after;
        }
        let (sign2, after_sign2) = sign_at(toks, k);
        k = after_sign2;
        if let Some(c2) = parse_core(toks, k)
            .filter(|c| c.kind == CoreKind::Count && c.vague.is_none())
            .map(|mut c| {
                c.value *= sign2;
                c
            })
        {
            if core1.scale.is_none() && c2.scale.is_some() && core1.value < c2.base {
                core1.value = scaled(core1.value, c2.scale.unwrap_or(1.0));
                core1.plain_integer = false;
            }
            // "from 44 ml to 50 mg": two measures, not a range.
            // A rate after the second end covers both ("20 mg to 40 mg daily").
            let head = |m: unit::UnitMatch| {
                let text = m.unit.text;
                text.split(" per ").next().unwrap_or(&text).to_string()
            };
            let echo_unit = unit::measure_at(toks, core1.end).map(head);
            let second_unit = unit::measure_at(toks, c2.end).map(head);
            let same_unit =
                echo_unit.is_none() || second_unit.is_none() || echo_unit == second_unit;
            // "from -18 °C to -34 °C": a range below zero may be written from its top.
            let below_zero_downwards = c2.value < core1.value && core1.value < 0.0;
            if (c2.value > core1.value || below_zero_downwards) && same_unit {
                let mut c2 = c2;
                if below_zero_downwards {
                    std::mem::swap(&mut core1.value, &mut c2.value);
                }
                last_end = c2.end;
                core2 = Some(c2);
            }
        }
    }
    // "from" that opens no range ("from 1,000 miles away") is not part of the quantity.
    // "from" or "between" that opens no range ("from 1,000 miles away", "the gap between 4 km^2
    // and ...") is not part of the quantity.
    let start = if opener.is_some() && core2.is_none() {
        after_opener
    } else {
        i
    };
    // "rose from 10 to 15 percent": two levels; the first takes the unit written after the second.
    let two_levels = opener == Some("from")
        && joiner == Some("to")
        && !echoed
        && core2.is_none()
        && in_change_context(toks, i);
    let borrowed_unit_at = two_levels
        .then(|| parse_core(toks, echo_at + 1).map(|c| c.end))
        .flatten();
    // The unit written after the first end only ("between 3% and 4" does not occur; "3% and 4%" does).
    let unit_at = if let Some(k) = borrowed_unit_at {
        k
    } else if core2.is_some()
        && echoed
        && toks.get(last_end).is_none_or(|t| t.text != "%")
        && unit::measure_at(toks, last_end).is_none()
    {
        core1.end
    } else {
        last_end
    };

    // Percent and currency written after the number.
    let mut currency = currency1.map(|c| c.0);
    let mut percent = false;
    let mut unit_word_end = last_end;
    if let Some(t) = toks.get(unit_at) {
        if t.text == "%" || matches!(t.lower.as_str(), "percent" | "pct" | "pc") {
            percent = true;
            unit_word_end = last_end.max(unit_at + 1);
            written = Some(Span::new(t.start, t.end));
        } else if t.lower == "per" && word_at(toks, unit_at + 1) == Some("cent") {
            percent = true;
            unit_word_end = last_end.max(unit_at + 2);
            written = Some(Span::new(t.start, toks[unit_at + 1].end));
        } else if let Some(code) = units::million_code(t.text.as_str())
            .filter(|_| core1.scale.is_none() && core2.is_none() && currency1.is_none())
        {
            // "30 MUSD", "120 MEUR": millions of a currency, in one word.
            currency = Some(code);
            core1.value = scaled(core1.value, 1e6);
            core1.scale = Some(1e6);
            unit_word_end = last_end.max(unit_at + 1);
            written = Some(Span::new(t.start, t.end));
        } else if let Some((c, after)) = currency_after(toks, unit_at, core1.scale.is_some())
            // "RMB 10 USD 20": a code that opens the next amount is not this one's.
            .filter(|(_, after)| {
                currency1.is_none() || !toks.get(*after).is_some_and(|n| n.kind == Kind::Number)
            })
        {
            currency = Some(c);
            unit_word_end = last_end.max(after);
            written = Some(Span::new(t.start, toks[after - 1].end));
            let whole = core1.value.fract() == 0.0 && core1.scale.is_none();
            if let Some((cents, end)) =
                cents_after(toks, after).filter(|_| whole && core2.is_none())
            {
                core1.value += cents.copysign(core1.value);
                unit_word_end = end;
            } else if let Some(s) = word_at(toks, after).and_then(scale_word) {
                // "75 USD million": the scale after the currency.
                if core1.scale.is_none() && core2.is_none() {
                    core1.value = scaled(core1.value, s);
                    core1.scale = Some(s);
                    unit_word_end = after + 1;
                }
            }
        }
    }

    // "a 1-in-100-year flood": odds written as a modifier name a kind of event, not a number of it.
    if let Some(after) = odds_modifier_after(toks, core_start, last_end) {
        return Some(Parse::Skip(after));
    }
    // Not claims: years, dates, times of day, names, ordinals.
    if currency1.is_none() && (glued_to_code(toks, core_start) || ends_year_span(toks, core_start))
    {
        return Some(Parse::Skip(last_end));
    }
    let before = core_start.checked_sub(1).and_then(|k| toks.get(k));
    let after = toks.get(last_end);
    // "2.30 pm", "11.15am": a time of day, also with a decimal point.
    let clock = after.is_some_and(|a| matches!(a.lower.as_str(), "a.m." | "p.m." | "am" | "pm"));
    let clock = clock && unit::reads_as_clock(&toks[core_start].text);
    if clock && currency.is_none() && !percent && core1.value < 13.0 && core1.scale.is_none() {
        return Some(Parse::Skip(last_end + 1));
    }
    let no_extras = currency.is_none() && !percent && core2.is_none();
    if core1.plain_integer && no_extras {
        let v = core1.value;
        let month_near = is_month_token(before)
            || is_month_token(after)
            || (before.is_some_and(|b| b.text == ".")
                && is_month_token(core_start.checked_sub(2).and_then(|k| toks.get(k))));
        if month_near && v <= 31.0 {
            return Some(Parse::Skip(last_end));
        }
        // "won in 2:02:41", "swam 1:44.30": a time taken.
        if let Some((seconds, end)) = time_taken(toks, core_start) {
            let mut u = simple_unit("second");
            u.span = Some(Span::new(toks[core_start].start, toks[end - 1].end));
            let bound = qualifier.map_or(Bound::Exact, |q| q.0);
            let reading = Reading {
                span: Span::new(toks[i].start, toks[end - 1].end),
                core_start: toks[core_start].start,
                low_value: seconds,
                high_value: None,
                bound,
                explicit_qualifier: bound != Bound::Exact,
                vague: false,
                unit: Some(u),
                change: None,
            };
            return Some(Parse::Found(Box::new(reading), end));
        }
        // "14:30", "2:03:23": a time of day or a time on the clock, every part of it.
        let mut k = last_end;
        while toks.get(k).is_some_and(|a| a.text == ":")
            && toks.get(k + 1).is_some_and(|n| n.kind == Kind::Number)
        {
            k += 2;
        }
        if k > last_end {
            return Some(Parse::Skip(k));
        }
        if after.is_some_and(|a| lexicon::marks_time_of_day(&a.lower)) {
            return Some(Parse::Skip(last_end + 1));
        }
        if (1800.0..=2100.0).contains(&v) {
            // "2019 levels", "pre-2020 levels": the level of a year, no count of levels.
            let plural_noun = after.is_some_and(|a| {
                a.is_word()
                    && !a.is_titlecase()
                    && a.lower.ends_with('s')
                    && !lexicon::is_np_stop(&a.lower)
                    && a.lower != "levels"
            });
            // "In 1988 exports fell": a year after a preposition of time, nouns or not.
            let time_preposition = before.is_some_and(|b| {
                matches!(
                    b.lower.as_str(),
                    "in" | "since" | "until" | "during" | "before" | "after"
                )
            });
            if !plural_noun || time_preposition {
                return Some(Parse::Skip(last_end));
            }
        }
    }
    if core1.plain_integer
        && core2.is_some()
        && core2
            .as_ref()
            .is_some_and(|c| c.plain_integer && (1800.0..=2100.0).contains(&c.value))
        && (1800.0..=2100.0).contains(&core1.value)
    {
        return Some(Parse::Skip(last_end));
    }
    let named_before = unit_named_before(toks, core_start);
    if let Some(b) = before.filter(|_| named_before.is_none()) {
        // "F-16", "Su-34", "COVID-19"
        let model_number = matches!(b.text.as_str(), "-" | "−")
            && glued(b, &toks[core_start])
            && core_start >= 2
            && toks[core_start - 2].is_word()
            && glued(&toks[core_start - 2], b);
        // "No. 5", "#3"
        let numbered = b.text == "#"
            || (b.text == "." && core_start >= 2 && toks[core_start - 2].lower == "no");
        // "page 12", "phase 3 trials", "wore number 23": a label word numbers what follows.
        let labelled = b.is_word()
            && !b.is_titlecase()
            && lexicon::is_label_word(&b.lower)
            && core1.plain_integer
            && qualifier.is_none();
        if (model_number || numbered || labelled) && no_extras {
            return Some(Parse::Skip(last_end));
        }
        // "World War 2", "Air Force One", "Article 5": a capitalized word, then a small number.
        // "Article 5", "iPhone 11": a capitalized (or camel-case) word names the number.
        let camel = b.is_word() && b.text.chars().skip(1).any(char::is_uppercase);
        // "Bangladesh's 13 districts": a possessive owns the number, it does not name it.
        let capitalized_name = (b.is_titlecase() || camel)
            && !b.is_possessive()
            && !is_common_capital(&b.lower)
            && lexicon::month(b.text.as_str()).is_none()
            && qualifier.is_none()
            && currency.is_none();
        // "Web 3.0", "Bluetooth 5.3": a version is a name too.
        let version = toks[core_start].text.contains('.')
            && !toks[core_start].text.contains(',')
            && core1.scale.is_none()
            && core1.value < 100.0;
        let small_plain = (core1.plain_integer && core1.value < 1000.0)
            || version
            || (core1.from_words && toks[core_start].is_titlecase());
        // "Trump 4 points ahead", "Tesla 500 cars": a plural noun or a unit after it counts.
        let object_follows = toks.get(last_end + 1).is_some_and(|n| {
            matches!(
                n.lower.as_str(),
                "the" | "a" | "an" | "its" | "their" | "his" | "her" | "our" | "that" | "to"
            )
        });
        let counts_something = after.is_some_and(|a| {
            a.is_word()
                && !a.is_titlecase()
                && a.lower.ends_with('s')
                && !lexicon::is_np_stop(&a.lower)
                && !lexicon::is_description_verb(&a.lower)
                && !object_follows
        }) || unit::measure_at(toks, last_end).is_some()
            || unit::proportion_unit(toks, last_end, core1.value).is_some();
        if capitalized_name && small_plain && no_extras && !counts_something {
            return Some(Parse::Skip(last_end));
        }
    }
    if core1.plain_integer && no_extras && street_number(toks, last_end) {
        return Some(Parse::Skip(last_end));
    }
    if core1.plain_integer && no_extras && in_model_name(toks, core_start, last_end) {
        return Some(Parse::Skip(last_end));
    }
    if core1.plain_integer && no_extras && qualifier.is_none() && numbered_label(toks, core_start) {
        return Some(Parse::Skip(last_end));
    }
    // "PM 2.5", "(PM) 2.5", "COP 28", "the FTSE 100", "the Standard & Poor's 500 index": an
    // acronym before the number, or "index" after it, names it.
    let acronym_before = core_start >= 1 && {
        let k = if toks[core_start - 1].text == ")" && core_start >= 2 {
            core_start - 2
        } else {
            core_start - 1
        };
        let t = &toks[k];
        t.is_word()
            && (2..=5).contains(&t.text.len())
            && t.text.chars().all(|c| c.is_ascii_uppercase())
    };
    let index_after = word_at(toks, last_end) == Some("index");
    let small = core1.scale.is_none() && core1.value < 1000.0 && !core1.from_words;
    if (acronym_before || index_after) && small && no_extras && qualifier.is_none() {
        // "PM 2.5 levels": a count is whole; a decimal after an acronym is part of its name.
        let decimal = toks[core_start].text.contains('.');
        let counted = !(acronym_before && decimal)
            && toks.get(last_end).is_some_and(|a| {
                a.is_word()
                    && !a.is_titlecase()
                    && a.lower.ends_with('s')
                    && !lexicon::is_np_stop(&a.lower)
            })
            || unit::measure_at(toks, last_end).is_some();
        if !counted {
            return Some(Parse::Skip(last_end));
        }
    }
    // A capitalized number word mid-sentence after a capitalized word is a name.
    if core1.from_words
        && toks[core_start].is_titlecase()
        && core_start > sentence_start_word
        && before.is_some_and(|b| b.is_titlecase())
        && qualifier.is_none()
    {
        return Some(Parse::Skip(last_end));
    }

    // What is counted.
    let mut age = false;
    // "one in five adults": a proportion counts what its whole counts; its "one" is no pronoun.
    let proportion = (core1.kind == CoreKind::Count && no_extras)
        .then(|| unit::proportion_unit(toks, unit_at, core1.value))
        .flatten();
    // "one-half miles": a fraction written before a unit of measure is so many of that unit.
    let fraction_of_unit = (core1.kind == CoreKind::Fraction)
        .then(|| unit::measure_at(toks, unit_at))
        .flatten()
        .filter(|m| m.unit.dimension != Dimension::Count);
    let unit: Option<Unit> = if let Some(m) = fraction_of_unit {
        Some(m.unit)
    } else if core1.kind == CoreKind::Fraction {
        Some(simple_unit("fraction"))
    } else if core1.kind == CoreKind::Ratio {
        Some(simple_unit("ratio"))
    } else if core1.kind == CoreKind::PercentagePoint {
        let mut u = simple_unit("percentage point");
        u.span = Some(Span::new(
            toks[core1.end - 1].start,
            toks[core1.end - 1].end,
        ));
        Some(u)
    } else if percent {
        let points = word_at(toks, unit_word_end) == Some("percentage")
            || word_at(toks, unit_word_end) == Some("points");
        let mut u = simple_unit(if points {
            "percentage point"
        } else {
            "percent"
        });
        u.span = written;
        Some(u)
    } else if let Some(code) = currency {
        let mut u = simple_unit(code);
        u.span = written;
        if let Some((per, after)) = unit::price_rate_at(toks, unit_word_end) {
            u.text = format!("{code} per {per}");
            u.normalized = u.text.clone();
            u.span = written.map(|w| Span::new(w.start, w.end.max(toks[after - 1].end)));
        }
        Some(u)
    } else if let Some(name) = named_before {
        Some(simple_unit(name))
    } else {
        let mut from = unit_at;
        if core1.vague.is_some() && word_at(toks, from) == Some("of") {
            from += 1;
        }
        match unit::hyphen_unit(toks, from) {
            // "18 to 24-year-olds": the ages of a population, a range of years.
            Some(Err(()))
                if core2.is_some()
                    && word_at(toks, from + 1).is_some_and(|w| w.ends_with("olds")) =>
            {
                Some(simple_unit("year"))
            }
            Some(Err(())) => {
                age = true;
                None
            }
            Some(Ok(m)) => Some(m.unit),
            None => unit::measure_at(toks, from)
                .map(|m| m.unit)
                .or_else(|| unit::aged_before(toks, i.min(core_start)))
                .map(|u| unit::UnitMatch {
                    next: from,
                    unit: u,
                })
                .or_else(|| proportion.clone())
                .or_else(|| unit::magnitude_on_scale(toks, from))
                .or_else(|| unit::occurrences_at(toks, from))
                .or_else(|| measure_shared_with_next(toks, from))
                .or_else(|| unit::noun_phrase_after(toks, from))
                .or_else(|| unit::noun_after_model_name(toks, from))
                // "one of the ..." is a pronoun, not a count.
                .or_else(|| {
                    (core1.value != 1.0)
                        .then(|| unit::partitive_unit(toks, from))
                        .flatten()
                })
                .map(|m| m.unit)
                .or_else(|| unit::unit_from_following_verb(toks, from))
                .or_else(|| unit::unit_from_predicate_noun(toks, from))
                .or_else(|| unit::unit_from_age_context(toks, i.min(core_start)))
                .or_else(|| unit::unit_before_at(toks, i))
                .or_else(|| unit::index_points(toks, core_start))
                .or_else(|| unit::unit_from_clause_subject(toks, i))
                .or_else(|| unit::unit_from_subject_of_change(toks, i)),
        }
    };
    if age {
        return Some(Parse::Skip(last_end + 2));
    }
    // "0-60mph in 3.1 seconds", "0 to 100 km/h in 3.3": the name of a test of acceleration,
    // whose claim is the time ("winds of 0-20 mph" stay a range).
    let from_standstill = core1.value == 0.0
        && core2.is_some()
        && unit
            .as_ref()
            .is_some_and(|u| u.dimension == Dimension::Speed);
    if from_standstill {
        let after_unit = unit
            .as_ref()
            .and_then(|u| u.span)
            .and_then(|s| (last_end..toks.len()).find(|&k| toks[k].start >= s.end))
            .unwrap_or(last_end);
        let timed = word_at(toks, after_unit) == Some("in")
            && toks
                .get(after_unit + 1)
                .is_some_and(|t| t.kind == Kind::Number);
        if timed {
            return Some(Parse::Skip(after_unit));
        }
    }
    // "1.2 mb/d", "90 bcm": the scale written in the unit's symbol is the number's.
    if let Some((scale, def, _)) = unit::scaled_unit_at(toks, unit_at).filter(|(s, ..)| *s > 1.0) {
        if unit.as_ref().is_some_and(|u| u.text.starts_with(def.name)) && core1.scale.is_none() {
            core1.value = scaled(core1.value, scale);
            core1.scale = Some(scale);
            if let Some(c2) = core2.as_mut() {
                c2.value = scaled(c2.value, scale);
            }
        }
    }
    let mut unit = unit;
    // "voted 7-2": each side of a tally counts votes.
    if tally && currency.is_none() && !percent {
        unit = Some(simple_unit("vote"));
    }
    // "temperatures hit 40 degrees", "set the thermostat to 85°": degrees of heat, not of angle.
    if let Some(u) = unit.as_mut() {
        // "minus 30 degrees": below zero, degrees are of cold.
        let below_zero = core1.value < 0.0;
        if u.normalized == "degree"
            && u.dimension == Dimension::Angle
            && (below_zero || unit::speaks_of_heat(toks))
        {
            u.dimension = Dimension::Temperature;
        }
    }
    if let Some(u) = unit.as_mut().filter(|_| core2.is_none()) {
        if let Some((inches, end)) = inches_after_feet(toks, unit_at, u) {
            core1.value += inches / 12.0;
            u.span = u.span.map(|s| Span::new(s.start, toks[end - 1].end));
        } else if let Some((factor, amount, smaller, end)) = smaller_time_after(toks, u) {
            // "60 minutes 48 seconds": one duration, in its smaller unit.
            core1.value = core1.value * factor + amount;
            let span = u.span.map(|s| Span::new(s.start, toks[end - 1].end));
            *u = simple_unit(smaller);
            u.span = span;
        }
    }
    // "one" as a pronoun or article ("one of the deadliest", "no one"), and bare small number words
    // with nothing counted ("between the two"), state nothing.
    let one_word = core1.from_words
        && core1.value == 1.0
        && core1.scale.is_none()
        && core1.kind == CoreKind::Count;
    let measured = unit.as_ref().is_some_and(|u| {
        u.dimension != Dimension::Count
            || lexicon::is_measure_unit(u.normalized.split(' ').next().unwrap_or(""))
    });
    if one_word && no_extras && !measured && proportion.is_none() {
        return Some(Parse::Skip(last_end));
    }
    if core1.from_words
        && core1.vague.is_none()
        && core1.kind == CoreKind::Count
        && core1.value < 100.0
        && qualifier.is_none()
        && unit.is_none()
        && no_extras
        && !part_of_those_named(toks, last_end)
        && !compared_or_paired(toks, last_end)
    {
        return Some(Parse::Skip(last_end));
    }

    let mut bound = qualifier.map_or(Bound::Exact, |q| q.0);
    if core2.is_some() {
        bound = Bound::Range;
    } else if bound == Bound::Exact {
        if let Some(v) = core1.vague {
            bound = v;
        }
    }
    let end_tok = if borrowed_unit_at.is_some() {
        last_end
    } else {
        unit_word_end.max(last_end)
    };
    // "a quarter-percentage-point": the hyphen before the unit is not part of the number.
    let last = if end_tok - 1 > start && toks[end_tok - 1].text == "-" {
        end_tok - 2
    } else {
        end_tok - 1
    };
    let span = Span::new(toks[start].start, toks[last].end);
    let change = change_of(toks, start, end_tok, unit.as_ref());
    // Parsing goes on after a unit written after the number ("420 parts per million").
    let unit_end = unit
        .as_ref()
        .and_then(|u| u.span)
        .filter(|u| u.start >= span.end && borrowed_unit_at.is_none())
        .map_or(0, |u| u.end);
    let mut next = (end_tok..toks.len())
        .find(|&k| toks[k].start >= unit_end)
        .unwrap_or(toks.len());
    // "33 out of 89 product audits", "five of the 12 victims": the total before the counted noun
    // is read as a number of its own.
    // "three additional quarter-percentage-point rate hikes": a measure among the words of the
    // counted noun is read as a quantity of its own.
    if let Some(k) = (end_tok..next)
        .find(|&k| k > end_tok && toks[k].is_word() && unit::numeric_compound_at(toks, k).is_some())
    {
        next = k;
    }
    if let Some(p) = proportion.as_ref() {
        // The whole of a proportion is no claim of its own ("one in five adults": one adult).
        next = next.max(p.next);
    } else if matches!(word_at(toks, end_tok), Some("out" | "of")) {
        if let Some(total) = (end_tok..next).find(|&k| toks[k].kind == Kind::Number) {
            next = total;
        }
    }
    // "80 miles or more", "5% or less", "80 miles (120 km) or more": a bound written after it.
    let mut or_at = next;
    if toks.get(or_at).is_some_and(|t| t.text == "(") {
        if let Some(close) = (or_at + 1..toks.len().min(or_at + 8)).find(|&k| toks[k].text == ")") {
            or_at = close + 1;
        }
    }
    if bound == Bound::Exact && word_at(toks, or_at) == Some("or") {
        match word_at(toks, or_at + 1) {
            Some("more" | "higher" | "above" | "greater" | "over") => bound = Bound::AtLeast,
            Some("less" | "fewer" | "lower" | "below" | "under") => bound = Bound::AtMost,
            // "£6 million or so", "a week or so": a hedge.
            Some("so") => bound = Bound::Approx,
            _ => {}
        }
    }
    Some(Parse::Found(
        Box::new(Reading {
            span,
            core_start: toks[core_start].start,
            low_value: core1.value,
            high_value: core2.map(|c| c.value),
            bound,
            explicit_qualifier: qualifier.is_some_and(|q| q.0 != Bound::Exact),
            vague: core1.vague.is_some(),
            unit,
            change,
        }),
        next,
    ))
}

/// Whether the sentence states the quantity from token `start` to `end` as a change: a verb before
/// it ("rose 25 cents", "fell by 2.1%", "down 34 cents"; "gained", "lost", "added", "shed" only for
/// amounts and measures, not counted things), "an increase of 5%", or a noun after it ("a 7% drop").
fn change_of(toks: &[Token], start: usize, end: usize, unit: Option<&Unit>) -> Option<Change> {
    // Points of an index are a measure ("the index shed 230 points").
    let counted = unit.is_none_or(|u| u.dimension == Dimension::Count && u.normalized != "point");
    let mut k = start;
    if k > 0 && toks[k - 1].is("by") {
        k -= 1;
    }
    // "raised $25 million" is money collected; "raised prices by 5%", "raised rates 0.25
    // percentage points" state a change.
    let money = unit.is_some_and(|u| u.dimension == Dimension::Currency);
    let collected = k == start && money && k > 0 && toks[k - 1].lower.starts_with("rais");
    // "make up 40% of buyers", "took up 12% of the budget": a share, not a change.
    let phrasal_up = k > 1
        && toks[k - 1].is("up")
        && matches!(
            toks[k - 2].lower.as_str(),
            "make" | "makes" | "made" | "making" | "take" | "takes" | "took" | "taking" | "taken"
        );
    if k > 0 && !collected && !phrasal_up {
        if let Some((c, measures_only)) = lexicon::change_before(&toks[k - 1].lower) {
            if !(measures_only && counted) {
                return Some(c);
            }
        }
        if k > 1 && toks[k - 1].is("of") {
            if let Some(c) = lexicon::change_after(&toks[k - 2].lower) {
                return Some(c);
            }
        }
    }
    // "raised rates by 0.25 points", "cut its forecast by 2%", "cut the risk of death by 20%": a verb
    // of change, its object (up to five words), "by".
    if k < start {
        let verb = (k.saturating_sub(6)..k.saturating_sub(1))
            .rev()
            .take_while(|&j| toks[j + 1].is_word())
            .find_map(|j| lexicon::change_before(&toks[j].lower).filter(|_| toks[j].is_word()));
        if let Some((c, measures_only)) = verb {
            if !(measures_only && counted) {
                return Some(c);
            }
        }
    }
    let unit_end = unit.and_then(|u| u.span).map_or(0, |s| s.end);
    let after = toks
        .iter()
        .skip(end)
        .position(|t| t.start >= unit_end)
        .map(|p| end + p)?;
    let noun = (after..toks.len().min(after + 3))
        .find(|&k| !(toks[k].is_word() && lexicon::is_change_modifier(&toks[k].lower)))?;
    let t = toks.get(noun).filter(|t| t.is_word())?;
    // "5.2% more than last year", "30% less energy": a share more or less (a count "1,000 more
    // engineers" is a number of things).
    let percent = unit.is_some_and(|u| u.dimension == Dimension::Percent);
    match t.lower.as_str() {
        "more" if percent => Some(Change::Increase),
        "less" | "fewer" if percent => Some(Change::Decrease),
        w => lexicon::change_after(w),
    }
}

fn simple_unit(name: &str) -> Unit {
    unit::unit(name.to_string(), name.to_string(), None)
}

/// A qualifier before a list covers the list: "more than 1,800 tanks, 3,000 vehicles".
fn distribute_qualifiers(sentence: &str, readings: &mut [Reading]) {
    for k in 1..readings.len() {
        let (prev, cur) = (&readings[k - 1], &readings[k]);
        if cur.bound != Bound::Exact
            || cur.explicit_qualifier
            || cur.vague
            || !prev.explicit_qualifier
            || prev.bound == Bound::Range
        {
            continue;
        }
        let prev_end = prev.end_with_unit();
        if prev_end > cur.core_start {
            continue;
        }
        let gap = sentence[prev_end..cur.core_start].trim();
        if matches!(gap, "," | ", and" | "and" | ", or" | "or") {
            readings[k].bound = readings[k - 1].bound;
        }
    }
}

/// A change restated in another unit keeps its direction: "fell $450 million, or 6%", "shed 1.2%, or
/// 430 points", "rose 12% (£3bn)"; so does the next change of a list in the same unit: "grew 0.6%
/// quarter on quarter and 2.1% year on year", "rose 3% in May and 5% in June".
fn carry_change_over_restatement(sentence: &str, readings: &mut [Reading]) {
    for k in 1..readings.len() {
        let (prev, cur) = (&readings[k - 1], &readings[k]);
        if cur.change.is_some() || prev.change.is_none() {
            continue;
        }
        let prev_end = prev.end_with_unit();
        if prev_end > cur.span.start {
            continue;
        }
        let gap = sentence[prev_end..cur.span.start].trim();
        let restated = matches!(gap, ", or" | "or" | "(" | ", or by" | "or by" | ", or some");
        let same_unit = match (&prev.unit, &cur.unit) {
            (Some(a), Some(b)) => a.normalized == b.normalized,
            _ => false,
        };
        if restated || (same_unit && is_list_of_periods(gap)) {
            readings[k].change = readings[k - 1].change;
        }
    }
}

/// The words between two changes of one verb: "and", or the period the first is measured over and
/// "and" ("grew 0.6% quarter on quarter and 2.1% year on year", "rose 3% in May and 5% in June").
fn is_list_of_periods(gap: &str) -> bool {
    let Some(period) = gap.strip_suffix("and") else {
        return false;
    };
    period
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-')
        .filter(|w| !w.is_empty())
        .all(|w| {
            let w = w.to_lowercase();
            lexicon::month(w.as_str()).is_some()
                || lexicon::time_unit(&w).is_some()
                || matches!(
                    w.as_str(),
                    "on" | "in"
                        | "the"
                        | "a"
                        | "over"
                        | "quarter"
                        | "year"
                        | "month"
                        | "week"
                        | "annual"
                        | "annually"
                        | "yearly"
                        | "monthly"
                        | "basis"
                        | "terms"
                )
        })
}

/// The quantities of one sentence, spans relative to the sentence; a bare "$" is US dollars.
pub fn extract_sentence(sentence: &str) -> Vec<Quantity> {
    extract_sentence_in(sentence, "usd")
}

/// The quantities of one sentence, a bare "$" read as the dollar `dollar` ("aud").
pub fn extract_sentence_in(sentence: &str, dollar: &'static str) -> Vec<Quantity> {
    quantities_of(sentence, &tokenize(sentence), dollar)
}

/// The quantities of one sentence from its tokens (`Sentence::tokens`).
fn quantities_of(sentence: &str, toks: &[Token], dollar: &'static str) -> Vec<Quantity> {
    if is_advertising(toks) {
        return Vec::new();
    }
    let first_word = toks
        .iter()
        .position(|t| t.kind == Kind::Word || t.kind == Kind::Number)
        .unwrap_or(0);
    let urls = url_spans(sentence);
    let mut readings = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match parse_at(toks, i, first_word, dollar) {
            Some(Parse::Found(r, next)) if urls.iter().any(|u| u.overlaps(&r.span)) => {
                i = next.max(i + 1);
            }
            Some(Parse::Found(r, next)) => {
                readings.push(*r);
                i = next.max(i + 1);
            }
            Some(Parse::Skip(next)) => i = next.max(i + 1),
            None => i += 1,
        }
    }
    distribute_qualifiers(sentence, &mut readings);
    carry_change_over_restatement(sentence, &mut readings);
    let readings = join_opposite_bounds(sentence, readings);
    readings.into_iter().map(Reading::into_quantity).collect()
}

/// "more than 10 and less than 40", "at most 100 and at least 20": a lower and an upper bound joined
/// by "and", "but" or a comma make one range.
fn join_opposite_bounds(sentence: &str, readings: Vec<Reading>) -> Vec<Reading> {
    let lower = |b: Bound| matches!(b, Bound::MoreThan | Bound::AtLeast);
    let upper = |b: Bound| matches!(b, Bound::LessThan | Bound::AtMost);
    let mut out: Vec<Reading> = Vec::with_capacity(readings.len());
    for r in readings {
        if let Some(prev) = out.last_mut() {
            let between = sentence
                .get(prev.span.end..r.span.start)
                .unwrap_or("x")
                .trim()
                .trim_end_matches(" and")
                .trim();
            let joined = matches!(between, "and" | "but" | ",");
            let bounds =
                (lower(prev.bound) && upper(r.bound)) || (upper(prev.bound) && lower(r.bound));
            let (low, high) = if lower(prev.bound) {
                (prev.low_value, r.low_value)
            } else {
                (r.low_value, prev.low_value)
            };
            let same_unit = match (&prev.unit, &r.unit) {
                (Some(a), Some(b)) => a.normalized == b.normalized,
                _ => true,
            };
            if joined && bounds && same_unit && high > low {
                prev.span = Span::new(prev.span.start, r.span.end);
                prev.low_value = low;
                prev.high_value = Some(high);
                prev.bound = Bound::Range;
                if prev.unit.is_none() {
                    prev.unit = r.unit;
                }
                continue;
            }
        }
        out.push(r);
    }
    out
}

/// The dollar a bare "$" means in an article: the dollar of its web address's country domain
/// (".au"), else of the one dollar country the text names with its currency ("Australian dollars",
/// "A$", "AUD"), else of the one dollar country its outlet or text is about (named at least twice,
/// and more often than the United States); else US dollars.
pub fn dollar_of_article(article: &Article) -> &'static str {
    let host = article
        .url
        .as_deref()
        .and_then(|u| u.split("//").nth(1))
        .and_then(|rest| rest.split(['/', ':', '?']).next());
    if let Some(code) = host.and_then(units::dollar_of_domain) {
        return code;
    }
    let text = &article.text;
    let named: Vec<&'static str> = units::DOLLAR_COUNTRIES
        .iter()
        .filter(|(_, adjective, prefix, code)| {
            text.contains(&format!("{adjective} dollar"))
                || contains_word(text, &format!("{prefix}$"))
                || contains_word(text, &code.to_uppercase())
        })
        .map(|(_, _, _, code)| *code)
        .collect();
    if let [one] = named.as_slice() {
        return one;
    }
    let outlet = article.outlet.as_deref().unwrap_or("");
    let count = |name: &str| text.matches(name).count() + outlet.matches(name).count();
    let us =
        count("United States") + count("U.S.") + count("US ") + count("US$") + count("American");
    // Mentions of a country count with those of its provinces and cities ("Ontario", "Sydney").
    let places = |code: &str| -> usize {
        units::DOLLAR_PLACES
            .iter()
            .filter(|(_, c)| *c == code)
            .map(|(place, _)| count(place))
            .sum()
    };
    let about: Vec<(&'static str, usize)> = units::DOLLAR_COUNTRIES
        .iter()
        .map(|(country, adjective, _, code)| {
            (*code, count(country) + count(adjective) + places(code))
        })
        .filter(|(_, n)| *n >= 2 && *n > us)
        .collect();
    match about.as_slice() {
        [(code, _)] => code,
        _ => "usd",
    }
}

/// Web addresses in a sentence ("https://...", "www..."): their numbers are no quantities.
fn url_spans(sentence: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    for marker in ["http://", "https://", "www."] {
        for (at, _) in sentence.match_indices(marker) {
            let end = sentence[at..]
                .find(char::is_whitespace)
                .map_or(sentence.len(), |e| at + e);
            spans.push(Span::new(at, end));
        }
    }
    spans
}

/// Whether `needle` occurs in `text` with no letter right before or after it.
fn contains_word(text: &str, needle: &str) -> bool {
    text.match_indices(needle).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphabetic) && !after.is_some_and(char::is_alphabetic)
    })
}

/// Sentences that refer back to the previous count ("Of this total, up to 140,000 ...").
fn refers_to_previous_total(sentence: &str) -> bool {
    let lower = sentence.trim_start().to_lowercase();
    [
        "of this total",
        "of that total",
        "of these",
        "of those",
        "of them",
        "of this number",
        "of that number",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
}

fn is_count_unit(u: &Unit) -> bool {
    !matches!(
        u.normalized.as_str(),
        "percent" | "fraction" | "ratio" | "percentage point"
    ) && lexicon::time_unit(&u.normalized).is_none()
        && !u.normalized.contains(" per ")
}

/// Stage: fills every sentence's quantities (document offsets), inheriting the counted noun where a
/// sentence refers back to an earlier total.
pub fn annotate(doc: &mut Doc) {
    let dollar = dollar_of_article(&doc.article);
    let mut last_count_unit: Option<Unit> = None;
    for si in 0..doc.sentences.len() {
        let span = doc.sentences[si].span;
        let text = &doc.article.text[span.start..span.end];
        let back_reference = refers_to_previous_total(text);
        let mut quantities = quantities_of(text, &doc.sentences[si].tokens, dollar);
        for q in &mut quantities {
            q.span = q.span.shift(span.start);
            if let Some(u) = &mut q.unit {
                u.span = u.span.map(|s| s.shift(span.start));
            }
            if q.unit.is_none() && back_reference {
                q.unit = last_count_unit.clone().map(|mut u| {
                    u.span = None;
                    u
                });
            }
            if let Some(u) = q.unit.as_ref().filter(|u| is_count_unit(u)) {
                last_count_unit = Some(u.clone());
            }
        }
        doc.sentences[si].quantities = quantities;
    }
}
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_breadth;
#[cfg(test)]
mod tests_general;
#[cfg(test)]
mod tests_news;
#[cfg(test)]
mod tests_numbers;
#[cfg(test)]
mod tests_probe;
