//! The quantity grammar: finds the numbers of a sentence that state facts (digits, number words,
//! scales, fractions, percent, money, rates, ranges, bounds) and what each counts, and leaves out
//! the numbers that are not claims (calendar dates, years, times of day, ordinals, names such as
//! "World War II" or "F-16", ages used as names, the pronoun "one", advertising prices).
//!
//! Values follow shared/eval/GOLD_FORMAT.md: "over 4,000" -> value 4000, low 4000, bound more_than;
//! "between 500,000 and 600,000" -> value null, low 500000, high 600000, bound range.

pub mod lexicon;
pub mod tokens;
pub mod unit;
pub mod units;

use crate::doc::{Bound, Doc, Quantity, Span, Unit};
use lexicon::{
    currency_symbol, currency_word, fraction, scale_abbreviation, scale_word, small_number,
    vague_count,
};
use tokens::{glued, tokenize, Kind, Token};

#[derive(Debug, Clone, Copy, PartialEq)]
enum CoreKind {
    Count,
    Fraction,
    Ratio,
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

fn parse_digits(text: &str) -> Option<(f64, bool)> {
    let compact: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let commas = compact.matches(',').count();
    let dots = compact.matches('.').count();
    let plain = commas == 0 && dots == 0 && compact.len() == text.len();
    let cleaned = if dots > 1 {
        compact.replace('.', "").replace(',', ".")
    } else {
        compact.replace(',', "")
    };
    cleaned.parse::<f64>().ok().map(|v| (v, plain))
}

fn word_at<'a>(toks: &'a [Token], i: usize) -> Option<&'a str> {
    toks.get(i)
        .filter(|t| t.kind == Kind::Word)
        .map(|t| t.lower.as_str())
}

/// Cardinal number words from `i`: "Fifty thousand", "two hundred and fifty", "twenty-five".
fn parse_number_words(toks: &[Token], i: usize) -> Option<(f64, usize)> {
    let (mut total, mut current, mut any) = (0.0f64, 0.0f64, false);
    let mut j = i;
    while let Some(w) = word_at(toks, j) {
        if let Some(v) = small_number(w) {
            current += v;
        } else if w == "hundred" {
            current = current.max(1.0) * 100.0;
        } else if let Some(s) = scale_word(w) {
            total += current.max(1.0) * s;
            current = 0.0;
        } else if (w == "a" || w == "an")
            && !any
            && word_at(toks, j + 1).is_some_and(|n| n == "hundred" || scale_word(n).is_some())
        {
            current = 1.0;
        } else if w == "and"
            && any
            && word_at(toks, j + 1).and_then(small_number).is_some()
            && (total > 0.0 || current >= 100.0)
        {
            j += 1;
            continue;
        } else {
            break;
        }
        any = true;
        j += 1;
        // "twenty-five": a hyphen between two number words.
        if toks.get(j).is_some_and(|t| t.text == "-")
            && word_at(toks, j + 1).and_then(small_number).is_some()
            && glued(&toks[j - 1], &toks[j])
        {
            j += 1;
        }
    }
    if !any {
        return None;
    }
    let mut value = total + current;
    if word_at(toks, j) == Some("and")
        && word_at(toks, j + 1) == Some("a")
        && word_at(toks, j + 2) == Some("half")
    {
        value += 0.5;
        j += 3;
    }
    Some((value, j))
}

fn ratio_after(toks: &[Token], core: &mut Core) {
    if word_at(toks, core.end) == Some("times") {
        core.kind = CoreKind::Ratio;
        core.end += 1;
    }
}

fn parse_core(toks: &[Token], i: usize) -> Option<Core> {
    let t = toks.get(i)?;
    if t.kind == Kind::Number {
        let (mut value, plain) = parse_digits(t.text)?;
        let base = value;
        let mut end = i + 1;
        let mut scale = None;
        if let Some(next) = toks.get(end).filter(|n| n.kind == Kind::Word) {
            if glued(t, next) {
                if let Some(s) = scale_abbreviation(&next.lower) {
                    scale = Some(s);
                    end += 1;
                } else if lexicon::unit_alias(&next.lower).is_none()
                    && !lexicon::is_measure_unit(&next.lower)
                {
                    // "1st", "80th", "5G", "3D": not a quantity.
                    return None;
                }
            } else if let Some(s) = scale_word(&next.lower) {
                scale = Some(s);
                end += 1;
            }
        }
        if let Some(s) = scale {
            value *= s;
        }
        let mut core = Core {
            value,
            base,
            scale,
            end,
            kind: CoreKind::Count,
            vague: None,
            from_words: false,
            plain_integer: plain && scale.is_none(),
        };
        ratio_after(toks, &mut core);
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
    if w == "a" && word_at(toks, i + 1) == Some("few") && word_at(toks, i + 2) == Some("dozen") {
        return Some(mk(36.0, i + 3, CoreKind::Count, Some(Bound::AtMost)));
    }
    if (w == "a" || w == "one") && word_at(toks, i + 1) == Some("dozen") {
        return Some(mk(12.0, i + 2, CoreKind::Count, None));
    }
    // Fractions: "a third of", "two-thirds", "half of", "three quarters of", "half a million".
    if w == "half" {
        if word_at(toks, i + 1) == Some("a") {
            if let Some(s) = word_at(toks, i + 2).and_then(scale_word) {
                return Some(mk(0.5 * s, i + 3, CoreKind::Count, None));
            }
        }
        if word_at(toks, i + 1) == Some("of") {
            return Some(mk(0.5, i + 1, CoreKind::Fraction, None));
        }
        return None;
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
            let plural_ok = num > 1.0 || !word_at(toks, k).unwrap_or("").ends_with('s');
            if plural_ok && (hyphen || word_at(toks, k + 1) == Some("of")) {
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
    let mut core = mk(value, end, CoreKind::Count, None);
    if let Some(s) = word_at(toks, end).and_then(scale_word) {
        core.value *= s;
        core.scale = Some(s);
        core.end += 1;
    }
    ratio_after(toks, &mut core);
    Some(core)
}

fn match_qualifier(toks: &[Token], i: usize) -> Option<(Bound, usize)> {
    lexicon::QUALIFIERS.iter().find_map(|(words, bound)| {
        let hit = words
            .iter()
            .enumerate()
            .all(|(k, w)| word_at(toks, i + k) == Some(*w));
        hit.then_some((*bound, words.len()))
    })
}

fn currency_prefix(toks: &[Token], i: usize) -> Option<(&'static str, usize)> {
    let t = toks.get(i)?;
    if let Some(c) = currency_symbol(t.text) {
        return Some((c, i + 1));
    }
    if matches!(t.text, "US" | "U.S." | "USD")
        && toks
            .get(i + 1)
            .is_some_and(|n| n.text == "$" && glued(t, n))
    {
        return Some(("usd", i + 2));
    }
    None
}

fn is_month_token(t: Option<&Token>) -> bool {
    t.is_some_and(|t| t.is_titlecase() && lexicon::month(t.text).is_some())
}

/// Capitalized words that can stand before a number without making it a name.
fn is_common_capital(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "in"
            | "on"
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
    )
}

/// What follows a number in advertising copy.
fn is_advertising(toks: &[Token]) -> bool {
    let has = |w: &str| toks.iter().any(|t| t.lower == w);
    let pair = |a: &str, b: &str| toks.windows(2).any(|p| p[0].lower == a && p[1].lower == b);
    [
        "subscribe",
        "subscription",
        "subscriptions",
        "unsubscribe",
        "coupon",
        "newsletter",
        "promo",
    ]
    .iter()
    .any(|w| has(w))
        || (has("free") && has("trial"))
        || pair("pay", "only")
        || pair("for", "only")
        || pair("sign", "up")
        || pair("%", "off")
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
}

impl Reading {
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
        }
    }
}

enum Parse {
    /// A number that is not a claim; skip to the index.
    Skip(usize),
    Found(Box<Reading>, usize),
}

fn parse_at(toks: &[Token], i: usize, sentence_start_word: usize) -> Option<Parse> {
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
    let currency1 = currency_prefix(toks, j);
    if let Some((_, k)) = currency1 {
        j = k;
    }
    let core_start = j;
    let mut core1 = parse_core(toks, j)?;
    let mut last_end = core1.end;
    let mut core2: Option<Core> = None;
    // A second number makes a range: "30,000 to 35,000", "between 500,000 and 600,000", "275,000-325,000".
    let joiner = toks.get(last_end).map(|t| t.lower.as_str());
    let joins = match (opener, joiner) {
        (Some("between"), Some("and")) | (Some("from"), Some("to")) => true,
        (None, Some("to")) => true,
        (None, Some("or")) => core1.from_words,
        (None, Some("-" | "–" | "—")) => {
            toks.get(last_end + 1)
                .is_some_and(|n| glued(&toks[last_end], n) && n.kind == Kind::Number)
                && glued(&toks[last_end - 1], &toks[last_end])
        }
        _ => false,
    };
    if joins && core1.kind == CoreKind::Count {
        let mut k = last_end + 1;
        if let Some((_, after)) = currency_prefix(toks, k) {
            k = after;
        }
        if let Some(c2) =
            parse_core(toks, k).filter(|c| c.kind == CoreKind::Count && c.vague.is_none())
        {
            if core1.scale.is_none() && c2.scale.is_some() && core1.value < c2.base {
                core1.value *= c2.scale.unwrap_or(1.0);
                core1.plain_integer = false;
            }
            if c2.value > core1.value {
                last_end = c2.end;
                core2 = Some(c2);
            }
        }
    }
    // "from" that opens no range ("from 1,000 miles away") is not part of the quantity.
    let start = if opener == Some("from") && core2.is_none() {
        after_opener
    } else {
        i
    };
    if opener == Some("between") && core2.is_none() {
        return Some(Parse::Skip(last_end));
    }

    // Percent and currency written after the number.
    let mut currency = currency1.map(|c| c.0);
    let mut percent = false;
    let mut unit_word_end = last_end;
    if let Some(t) = toks.get(last_end) {
        if t.text == "%" || t.lower == "percent" || t.lower == "pct" {
            percent = true;
            unit_word_end = last_end + 1;
        } else if t.lower == "per" && word_at(toks, last_end + 1) == Some("cent") {
            percent = true;
            unit_word_end = last_end + 2;
        } else if let Some(c) = word_at(toks, last_end).and_then(currency_word) {
            currency = Some(c);
            unit_word_end = last_end + 1;
        }
    }

    // Not claims: years, dates, times of day, names, ordinals.
    let before = core_start.checked_sub(1).and_then(|k| toks.get(k));
    let after = toks.get(last_end);
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
        if after.is_some_and(|a| a.text == ":")
            && toks
                .get(last_end + 1)
                .is_some_and(|n| n.kind == Kind::Number)
        {
            return Some(Parse::Skip(last_end + 2));
        }
        if after.is_some_and(|a| {
            matches!(
                a.lower.as_str(),
                "a.m." | "p.m." | "am" | "pm" | "gmt" | "utc" | "bst"
            )
        }) {
            return Some(Parse::Skip(last_end + 1));
        }
        if (1800.0..=2100.0).contains(&v) {
            let plural_noun = after.is_some_and(|a| {
                a.is_word()
                    && !a.is_titlecase()
                    && a.lower.ends_with('s')
                    && !lexicon::is_np_stop(&a.lower)
            });
            if !plural_noun {
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
    if let Some(b) = before {
        // "F-16", "Su-34", "COVID-19"
        let model_number = b.text == "-"
            && glued(b, &toks[core_start])
            && core_start >= 2
            && toks[core_start - 2].is_word()
            && glued(&toks[core_start - 2], b);
        // "No. 5", "#3"
        let numbered = b.text == "#"
            || (b.text == "." && core_start >= 2 && toks[core_start - 2].lower == "no");
        if (model_number || numbered) && no_extras {
            return Some(Parse::Skip(last_end));
        }
        // "World War 2", "Air Force One", "Article 5": a capitalized word, then a small number.
        let capitalized_name = b.is_titlecase()
            && !is_common_capital(&b.lower)
            && lexicon::month(b.text).is_none()
            && qualifier.is_none()
            && currency.is_none();
        let small_plain = (core1.plain_integer && core1.value < 1000.0)
            || (core1.from_words && toks[core_start].is_titlecase());
        if capitalized_name && small_plain && no_extras {
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
    let unit: Option<Unit> = if core1.kind == CoreKind::Fraction {
        Some(simple_unit("fraction"))
    } else if core1.kind == CoreKind::Ratio {
        Some(simple_unit("ratio"))
    } else if percent {
        let points = word_at(toks, unit_word_end) == Some("percentage")
            || word_at(toks, unit_word_end) == Some("points");
        Some(simple_unit(if points {
            "percentage point"
        } else {
            "percent"
        }))
    } else if let Some(code) = currency {
        let mut u = simple_unit(code);
        if let Some((per, _)) = unit::rate_at(toks, unit_word_end) {
            u.text = format!("{code} per {per}");
            u.normalized = u.text.clone();
        }
        Some(u)
    } else {
        let mut from = last_end;
        if core1.vague.is_some() && word_at(toks, from) == Some("of") {
            from += 1;
        }
        match unit::hyphen_unit(toks, from) {
            Some(Err(())) => {
                age = true;
                None
            }
            Some(Ok(m)) => Some(m.unit),
            None => unit::noun_phrase_after(toks, from)
                .map(|m| m.unit)
                .or_else(|| unit::unit_from_following_verb(toks, from))
                .or_else(|| unit::unit_from_age_context(toks, i.min(core_start)))
                .or_else(|| unit::unit_before_at(toks, i))
                .or_else(|| unit::unit_from_clause_subject(toks, i)),
        }
    };
    if age {
        return Some(Parse::Skip(last_end + 2));
    }
    // "one" as a pronoun or article ("one of the deadliest", "no one"), and bare small number words
    // with nothing counted ("between the two"), state nothing.
    let one_word = core1.from_words
        && core1.value == 1.0
        && core1.scale.is_none()
        && core1.kind == CoreKind::Count;
    let measured = unit
        .as_ref()
        .is_some_and(|u| lexicon::is_measure_unit(u.normalized.split(' ').next().unwrap_or("")));
    if one_word && no_extras && !measured {
        return Some(Parse::Skip(last_end));
    }
    if core1.from_words
        && core1.vague.is_none()
        && core1.kind == CoreKind::Count
        && core1.value < 100.0
        && qualifier.is_none()
        && unit.is_none()
        && no_extras
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
    let end_tok = unit_word_end.max(last_end);
    let span = Span::new(toks[start].start, toks[end_tok - 1].end);
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
        }),
        end_tok,
    ))
}

fn simple_unit(name: &str) -> Unit {
    Unit {
        text: name.to_string(),
        normalized: name.to_string(),
        span: None,
    }
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
        let prev_end = prev
            .unit
            .as_ref()
            .and_then(|u| u.span)
            .map_or(prev.span.end, |s| s.end.max(prev.span.end));
        if prev_end > cur.core_start {
            continue;
        }
        let gap = sentence[prev_end..cur.core_start].trim();
        if matches!(gap, "," | ", and" | "and" | ", or" | "or") {
            readings[k].bound = readings[k - 1].bound;
        }
    }
}

/// The quantities of one sentence, spans relative to the sentence.
pub fn extract_sentence(sentence: &str) -> Vec<Quantity> {
    let toks = tokenize(sentence);
    if is_advertising(&toks) {
        return Vec::new();
    }
    let first_word = toks
        .iter()
        .position(|t| t.kind == Kind::Word || t.kind == Kind::Number)
        .unwrap_or(0);
    let mut readings = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match parse_at(&toks, i, first_word) {
            Some(Parse::Found(r, next)) => {
                readings.push(*r);
                i = next.max(i + 1);
            }
            Some(Parse::Skip(next)) => i = next.max(i + 1),
            None => i += 1,
        }
    }
    distribute_qualifiers(sentence, &mut readings);
    readings.into_iter().map(Reading::into_quantity).collect()
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
    let mut last_count_unit: Option<Unit> = None;
    for si in 0..doc.sentences.len() {
        let span = doc.sentences[si].span;
        let text = &doc.article.text[span.start..span.end];
        let back_reference = refers_to_previous_total(text);
        let mut quantities = extract_sentence(text);
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
