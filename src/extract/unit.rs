//! What a quantity counts: the noun phrase after it ("1,800 tanks"), a hyphenated unit ("30-day"),
//! a rate ("meters per day", "soldiers monthly"), or, when the noun is elided, the verb that follows
//! ("140,000 are believed to have been killed" -> death) or the noun the clause is about
//! ("losses ... number well over one million" -> casualty), and units of measure written as names or
//! symbols, glued or spaced, with powers and rates ("7.2kWh", "sq mi", "km/h", "miles an hour",
//! "degrees Celsius"), named by their canonical full name (the lexicon in `units`).

use super::lexicon::{self, casualty_word, is_np_stop, rate_adverb, singular, time_unit};
use super::tokens::{glued, Kind, Token};
use super::units::{self, UnitDef};
use crate::doc::{Dimension, Span, Unit};

/// Largest number of words in a counted noun phrase.
const MAX_NP_WORDS: usize = 5;

/// A unit found in the tokens, and the index of the token after it.
#[derive(Clone)]
pub struct UnitMatch {
    pub unit: Unit,
    pub next: usize,
}

/// A counted noun in its canonical singular: "tanks" -> "tank", "km" -> "kilometer", and "losses"
/// (of people or equipment counted in numbers) -> "casualty".
pub fn counted_noun(word: &str) -> String {
    if let Some(d) = units::unit_name(word) {
        return d.name.to_string();
    }
    match lexicon::unit_alias(word) {
        Some(alias) => alias.to_string(),
        None => match singular(word).as_str() {
            "loss" => "casualty".to_string(),
            other => other.to_string(),
        },
    }
}

/// A unit with its dimension read off its canonical name.
pub fn unit(text: String, normalized: String, span: Option<Span>) -> Unit {
    let dimension = units::dimension_of(&normalized).unwrap_or(Dimension::Count);
    Unit {
        text,
        normalized,
        span,
        dimension,
    }
}

/// Words after a length that say it is a length ("1.8m tall", "a 25m-high wall").
fn is_dimension_adjective(w: &str) -> bool {
    matches!(
        w,
        "tall"
            | "high"
            | "long"
            | "deep"
            | "wide"
            | "thick"
            | "away"
            | "across"
            | "above"
            | "below"
    )
}

/// A unit of measure in one token or a name of up to three words at `i`: "km", "kWh", "km2",
/// "feet", "degrees celsius", "parts per million", "metric tons".
fn single_measure(toks: &[Token], i: usize) -> Option<(UnitDef, usize)> {
    // "percentage-point", "square-foot": a name of two words joined by a hyphen.
    let hyphen = toks.get(i + 1).is_some_and(|h| {
        h.text == "-" && glued(&toks[i], h) && toks.get(i + 2).is_some_and(|w| glued(h, w))
    });
    if hyphen && toks[i].is_word() && toks[i + 2].is_word() {
        let joined = format!("{} {}", toks[i].lower, toks[i + 2].lower);
        if let Some(d) = units::unit_name(&joined) {
            return Some((d, i + 3));
        }
    }
    for n in (1..=3).rev() {
        let Some(words) = toks.get(i..i + n) else {
            continue;
        };
        if !words
            .iter()
            .all(|w| w.is_word() && units::is_unit_word(&w.lower))
        {
            continue;
        }
        let joined = super::tokens::joined_lower(words);
        if let Some(d) = units::unit_name(&joined) {
            return Some((d, i + n));
        }
    }
    let t = toks.get(i).filter(|t| t.is_word())?;
    // "2 in thick": "in" apart from the number is an inch only where no phrase follows ("7in" is).
    let glued_to_number = i > 0 && toks[i - 1].kind == Kind::Number && glued(&toks[i - 1], t);
    if t.text == "in" && !glued_to_number {
        let next = toks.get(i + 1);
        let ends = next.is_none_or(|n| n.kind == Kind::Punct && n.text != "(");
        if !(ends || next.is_some_and(|n| is_dimension_adjective(&n.lower))) {
            return None;
        }
    }
    if let Some((_, d, next)) = scaled_unit_at(toks, i) {
        return Some((d, next));
    }
    if let Some(d) =
        units::unit_symbol(t.text.as_str()).or_else(|| units::unit_symbol_lowercase(&t.lower))
    {
        return Some((d, i + 1));
    }
    // "30 MtCO2e", "1.2 GtCO2": tonnes of carbon dioxide (equivalent) in one word; the unit is the
    // tonne's.
    let carbon = ["CO2e", "CO2eq", "CO2", "CO₂e", "CO₂"]
        .iter()
        .find_map(|gas| t.text.strip_suffix(gas));
    if let Some(d) = carbon
        .and_then(units::unit_symbol)
        .filter(|d| d.dimension == Dimension::Mass)
    {
        return Some((d, i + 1));
    }
    // "10 l/km": a lowercase "l" is litres before a rate's slash (alone it is a letter).
    let slash_after = toks
        .get(i + 1)
        .is_some_and(|s| s.text == "/" && glued(t, s));
    if t.text == "l" && slash_after {
        return units::unit_symbol("L").map(|d| (d, i + 1));
    }
    // "km2", "m²", "km3": a power glued to a length symbol.
    let powered = |suffixes: [char; 2], power: &str| {
        let base = t.text.strip_suffix(suffixes)?;
        units::power_of_length(power, &units::unit_symbol(base)?)
    };
    powered(['2', '²'], "square")
        .or_else(|| powered(['3', '³'], "cubic"))
        .map(|d| (d, i + 1))
}

/// Units that carry a scale in their symbol, at `i`: oil in barrels a day as the trade writes it
/// ("mb/d", "mbpd", "mmbbl/d": millions; "kb/d", "kbpd": thousands; "b/d", "bbl/d") and gas in
/// "bcm" (billion cubic metres) and "tcf" (trillion cubic feet). The scale it puts on the number,
/// the unit, and the index after.
pub fn scaled_unit_at(toks: &[Token], i: usize) -> Option<(f64, UnitDef, usize)> {
    let t = toks.get(i).filter(|t| t.is_word())?;
    let gas = match t.lower.as_str() {
        "bcm" => units::unit_name("cubic meter").map(|d| (1e9, d)),
        "tcf" => units::unit_name("cubic foot").map(|d| (1e12, d)),
        _ => None,
    };
    if let Some((scale, d)) = gas {
        return Some((scale, d, i + 1));
    }
    let barrels = units::unit_symbol("bpd")?;
    let scale_of = |stem: &str| match stem {
        "mb" | "mmb" | "mmbbl" | "mbbl" => Some(1e6),
        "kb" | "kbbl" => Some(1e3),
        "b" | "bbl" => Some(1.0),
        _ => None,
    };
    let per_day = toks
        .get(i + 1)
        .is_some_and(|s| s.text == "/" && glued(t, s))
        && toks
            .get(i + 2)
            .is_some_and(|d| matches!(d.lower.as_str(), "d" | "day") && glued(&toks[i + 1], d));
    if per_day {
        return scale_of(&t.lower).map(|s| (s, barrels, i + 3));
    }
    let stem = t
        .lower
        .strip_suffix("pd")
        .or_else(|| t.lower.strip_suffix('d'))?;
    // "bpd" is a symbol of its own; "mbd", "mbpd", "kbpd" scale it.
    scale_of(stem)
        .filter(|s| *s > 1.0)
        .map(|s| (s, barrels, i + 1))
}

/// "9.79s": an "s" glued to a decimal is seconds ("1990s", "20s" are decades and ages).
fn seconds_after_decimal(toks: &[Token], i: usize) -> bool {
    i > 0 && toks[i].text == "s" && toks[i - 1].text.contains('.')
}

/// Whether a number before "am" or "pm" can be a time of day: an hour ("2", "11") or an hour with
/// two digits of minutes ("2.30", "11:15"). "2.1 pm" and "2.123 am" are none: picometres and
/// attometres.
pub fn reads_as_clock(number: &str) -> bool {
    let (hour, minutes) = number.split_once(['.', ':']).unwrap_or((number, "00"));
    let hour_ok = hour.parse::<u32>().is_ok_and(|h| h <= 12);
    let minutes_ok = minutes.len() == 2 && minutes.parse::<u32>().is_ok_and(|m| m < 60);
    hour_ok && minutes_ok
}

/// "2.1 pm", "2.123 am" after a number that is no time of day: picometres, attometres.
fn length_not_clock(toks: &[Token], i: usize) -> Option<&'static str> {
    let before = toks
        .get(i.checked_sub(1)?)
        .filter(|b| b.kind == Kind::Number)?;
    let name = match toks[i].text.as_str() {
        "pm" => "picometer",
        "am" => "attometer",
        _ => return None,
    };
    (!reads_as_clock(&before.text)).then_some(name)
}

/// Whether the word glued to a number at `i` is a unit or a currency code ("7.2kWh", "115USD").
pub fn glued_unit_or_currency(toks: &[Token], i: usize) -> bool {
    let Some(t) = toks.get(i) else { return false };
    if seconds_after_decimal(toks, i) {
        return true;
    }
    let power = matches!(t.lower.as_str(), "sq" | "cu") && measure_base(toks, i).is_some();
    matches!(t.text.as_str(), "C" | "c" | "t")
        || power
        || (t.text == "F" && speaks_of_heat(toks))
        || single_measure(toks, i).is_some_and(|(_, next)| next == i + 1)
        || units::currency_code_before(t.text.as_str()).is_some()
        || units::is_currency_code(&t.lower)
}

/// Whether an "m" glued to a number means metres, not million: a length conversion follows in
/// brackets ("a 25m (82ft) tower") or a word of size ("1.8m tall").
pub fn m_means_metres(toks: &[Token], m: usize) -> bool {
    let conversion = toks.get(m + 1).is_some_and(|t| t.text == "(")
        && toks.get(m + 2).is_some_and(|t| t.kind == Kind::Number)
        && single_measure(toks, m + 3).is_some_and(|(d, _)| d.dimension == Dimension::Length);
    let size_word = toks
        .get(m + 1)
        .is_some_and(|t| t.is_word() && is_dimension_adjective(&t.lower));
    // "the 100m", "a 25m tower": a whole number after an article, no plural noun after it
    // ("the 4m people" is million).
    let whole = m > 0
        && toks[m - 1]
            .text
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',');
    let article = m > 1 && matches!(toks[m - 2].lower.as_str(), "the" | "a" | "an");
    let plural_after = toks
        .get(m + 1)
        .is_some_and(|t| t.is_word() && is_plural(&t.lower) && !is_np_stop(&t.lower));
    // "8,849m": thousands of millions would be written in billions; a grouped whole number is metres.
    let grouped = m > 0 && whole && toks[m - 1].text.contains(',');
    let money = m > 1 && toks[m - 2].kind == Kind::Symbol;
    // "1,483ft (452m) tall": the conversion itself, in brackets after a length.
    let converted = m >= 3
        && toks[m - 2].text == "("
        && single_measure(toks, m - 3).is_some_and(|(d, _)| d.dimension == Dimension::Length);
    conversion
        || size_word
        || converted
        || (whole && article && !plural_after)
        || (grouped && !money)
        || (!money && (covered_in_seconds(toks, m) || sport_length(toks, m)))
}

/// "ran 100m in 9.58 seconds", "swam 200m in 1:52.3": a distance covered in seconds or minutes, or in
/// a time on the clock, after the "m" at `m` (millions are not counted in seconds).
fn covered_in_seconds(toks: &[Token], m: usize) -> bool {
    if !toks.get(m + 1).is_some_and(|t| t.is("in")) {
        return false;
    }
    let number = |k: usize| toks.get(k).is_some_and(|t| t.kind == Kind::Number);
    let short_time = |k: usize| {
        toks.get(k).is_some_and(|t| {
            matches!(
                t.lower.as_str(),
                "second" | "seconds" | "sec" | "secs" | "s" | "minute" | "minutes" | "min" | "mins"
            )
        })
    };
    let clock = number(m + 2) && toks.get(m + 3).is_some_and(|t| t.text == ":") && number(m + 4);
    clock || (number(m + 2) && short_time(m + 3))
}

/// "the 400m hurdles", "a 4x100m relay", "cleared 2.01m", "a throw of 68.5m": an "m" at `m` in an
/// event of athletics or swimming, or after a verb of jumping or throwing, is metres.
fn sport_length(toks: &[Token], m: usize) -> bool {
    let event_after = toks.get(m + 1).is_some_and(|t| {
        matches!(
            t.lower.as_str(),
            "freestyle"
                | "backstroke"
                | "breaststroke"
                | "butterfly"
                | "medley"
                | "hurdles"
                | "relay"
                | "sprint"
                | "dash"
                | "steeplechase"
        )
    });
    let number_at = m.saturating_sub(1);
    let verb_before = number_at > 0
        && matches!(
            toks[number_at - 1].lower.as_str(),
            "cleared" | "clears" | "vaulted" | "threw" | "throws" | "hurled"
        );
    // "cleared 1.2m cheques" counts them.
    let nothing_counted = toks
        .get(m + 1)
        .is_none_or(|t| !t.is_word() || is_np_stop(&t.lower));
    event_after || (verb_before && nothing_counted)
}

/// A unit with its powers and its temperature scale: "sq km", "cubic feet", "km2", "km^2",
/// "km squared", "°C", "degrees F".
/// Whether a sentence speaks of heat or weather, so that bare "degrees" are of temperature.
pub fn speaks_of_heat(toks: &[Token]) -> bool {
    toks.iter().any(|t| {
        t.is_word()
            && matches!(
                t.lower.as_str(),
                "temperature"
                    | "temperatures"
                    | "thermostat"
                    | "thermometer"
                    | "weather"
                    | "heat"
                    | "heatwave"
                    | "warm"
                    | "warmer"
                    | "warmest"
                    | "hot"
                    | "hotter"
                    | "hottest"
                    | "cold"
                    | "colder"
                    | "coldest"
                    | "chilly"
                    | "freezing"
                    | "forecast"
                    | "fever"
                    | "oven"
                    | "scorching"
                    | "sweltering"
                    | "sizzling"
                    | "balmy"
                    | "mercury"
            )
    })
}

/// "it was 30 C outside", "a high of 25 C.": a capital "C" apart from the number is Celsius where
/// nothing names the number (no capitalized word before it mid-sentence, "Grade 3 C") and no name
/// or number goes on after it ("30 C Street").
fn spaced_celsius(toks: &[Token], i: usize) -> bool {
    let named_before = i >= 3 && toks[i - 2].is_titlecase();
    let goes_on = toks.get(i + 1).is_some_and(|n| {
        let clause_end = matches!(n.text.as_str(), "." | "," | ";" | ":" | "!" | "?" | ")");
        n.is_titlecase() || n.kind == Kind::Number || (glued(&toks[i], n) && !clause_end)
    });
    !named_before && !goes_on
}

/// "−273.15° on the Celsius scale": a degree whose scale is named after it, at `i`.
fn scale_named_after(toks: &[Token], i: usize) -> Option<(UnitDef, usize)> {
    if !(toks.get(i)?.is("on") && toks.get(i + 1)?.is("the") && toks.get(i + 3)?.is("scale")) {
        return None;
    }
    units::unit_name(&toks[i + 2].lower)
        .filter(|d| d.dimension == Dimension::Temperature)
        .map(|d| (d, i + 4))
}

/// Whether a price's rate follows at `k` ("per share", "/ per security", "a unit"), given per a
/// thing rather than a unit of time.
fn cents_per_unit_after(toks: &[Token], k: usize) -> bool {
    let k = if toks.get(k).is_some_and(|s| s.text == "/") {
        k + 1
    } else {
        k
    };
    let worded = toks
        .get(k)
        .is_some_and(|t| matches!(t.lower.as_str(), "per" | "a" | "an"));
    worded
        && price_rate_at(toks, k).is_some_and(|(per, _)| {
            time_unit(&per).is_none()
                && units::unit_name(&per).is_none_or(|d| d.dimension != Dimension::Time)
        })
}

/// A mark glued to the number before `i` that writes feet or inches: `65"` (inch: a double quote
/// that closes no quotation), `6'2"` (foot: a single quote before the inches).
fn foot_or_inch_mark(toks: &[Token], i: usize) -> Option<&'static str> {
    // Quotation marks before `k`: double quotes not glued after a number (`65"` is a mark).
    let opens_no_quote = |k: usize| {
        let quotes = (0..k)
            .filter(|&q| {
                toks[q].text == "\""
                    && !(q > 0 && toks[q - 1].kind == Kind::Number && glued(&toks[q - 1], &toks[q]))
            })
            .count();
        quotes % 2 == 0
    };
    match toks[i].text.as_str() {
        "″" => Some("inch"),
        "\"" if opens_no_quote(i) => Some("inch"),
        "'" | "′" | "’" => {
            let inches = toks
                .get(i + 1)
                .filter(|n| n.kind == Kind::Number && glued(&toks[i], n))?;
            let mark = toks.get(i + 2).filter(|m| glued(inches, m))?;
            let inch_mark = mark.text == "″" || (mark.text == "\"" && opens_no_quote(i + 2));
            inch_mark.then_some("foot")
        }
        _ => None,
    }
}

fn measure_base(toks: &[Token], i: usize) -> Option<(UnitDef, usize)> {
    let t = toks.get(i)?;
    // "40.3C": degrees Celsius glued to the number ("13F" is more often a form than a temperature).
    let glued_to_number = i > 0 && toks[i - 1].kind == Kind::Number && glued(&toks[i - 1], t);
    if glued_to_number && t.text == "C" {
        // "14.7C per security": cents of a price given per something (not per unit of time).
        let name = if cents_per_unit_after(toks, i + 1) {
            "cent"
        } else {
            "celsius"
        };
        return units::unit_name(name).map(|d| (d, i + 1));
    }
    // "a 20c rise", "14.7c a share": cents, unless the sentence speaks of heat ("a scorching 30c").
    if glued_to_number && t.text == "c" {
        let name = if speaks_of_heat(toks) {
            "celsius"
        } else {
            "cent"
        };
        return units::unit_name(name).map(|d| (d, i + 1));
    }
    // "a 40t truck", "lifts 100t": a "t" glued to a number is tonnes.
    if glued_to_number && t.text == "t" {
        return units::unit_name("tonne").map(|d| (d, i + 1));
    }
    if let Some(name) = length_not_clock(toks, i) {
        return units::unit_name(name).map(|d| (d, i + 1));
    }
    if glued_to_number && seconds_after_decimal(toks, i) {
        return units::unit_name("second").map(|d| (d, i + 1));
    }
    if glued_to_number {
        if let Some(name) = foot_or_inch_mark(toks, i) {
            return units::unit_name(name).map(|d| (d, i + 1));
        }
    }
    // "hit 104F", "a high of 30 C": a scale letter after the number where the sentence speaks of
    // heat (glued "C" is Celsius anywhere).
    let after_number = i > 0 && toks[i - 1].kind == Kind::Number;
    if after_number && t.text == "C" && spaced_celsius(toks, i) {
        return units::unit_name("celsius").map(|d| (d, i + 1));
    }
    if after_number && matches!(t.text.as_str(), "F" | "C") && speaks_of_heat(toks) {
        let scale = if t.text == "C" {
            "celsius"
        } else {
            "fahrenheit"
        };
        return units::unit_name(scale).map(|d| (d, i + 1));
    }
    if t.is_word() && matches!(t.lower.as_str(), "square" | "sq" | "cubic" | "cu") {
        let mut k = i + 1;
        if toks.get(k).is_some_and(|d| d.text == "." && glued(t, d)) {
            k += 1;
        }
        let (length, after) = single_measure(toks, k)?;
        return units::power_of_length(&t.lower, &length).map(|d| (d, after));
    }
    // "20 (kg)", "20 [kg]": a unit alone in brackets, as in a table or a specification.
    let close = match t.text.as_str() {
        "(" => Some(")"),
        "[" => Some("]"),
        "{" => Some("}"),
        "<" => Some(">"),
        _ => None,
    };
    if let Some(close) = close {
        let (def, next) = single_measure(toks, i + 1)?;
        return toks
            .get(next)
            .filter(|c| c.text == close)
            .map(|_| (def, next + 1));
    }
    let degree = units::unit_name("degree")?;
    let (def, mut next) = if matches!(t.text.as_str(), "°" | "º") {
        (degree, i + 1)
    } else {
        single_measure(toks, i)?
    };
    if def.name == "degree" {
        // "°C", "degrees F", "° Celsius"
        if let Some(n) = toks.get(next).filter(|n| n.is_word()) {
            // "20 degrees c": a lowercase scale letter only after the word "degrees".
            let word = toks[i].is_word();
            let scale = match n.text.as_str() {
                "C" => units::unit_name("celsius"),
                "F" => units::unit_name("fahrenheit"),
                "c" if word => units::unit_name("celsius"),
                "f" if word => units::unit_name("fahrenheit"),
                _ => units::unit_name(&n.lower).filter(|d| d.dimension == Dimension::Temperature),
            };
            if let Some(d) = scale {
                return Some((d, next + 1));
            }
        }
        if let Some(named) = scale_named_after(toks, next) {
            return Some(named);
        }
        return Some((def, next));
    }
    // "km^2", "km squared", "km cubed"
    let power = match (toks.get(next), toks.get(next + 1)) {
        (Some(c), Some(n)) if c.text == "^" && glued(&toks[next - 1], c) => {
            let p = match n.text.as_str() {
                "2" => "square",
                "3" => "cubic",
                _ => "",
            };
            (p, next + 2)
        }
        (Some(w), _) if w.is("squared") => ("square", next + 1),
        (Some(w), _) if w.is("cubed") => ("cubic", next + 1),
        _ => ("", next),
    };
    if let Some(d) = units::power_of_length(power.0, &def) {
        next = power.1;
        return Some((d, next));
    }
    Some((def, next))
}

/// The unit after "per", "/", "an" or "a" at `i` ("per hour", "/h", "an hour", "per kg").
fn denominator_at(toks: &[Token], i: usize) -> Option<(UnitDef, usize)> {
    let t = toks.get(i)?;
    let slash = t.text == "/" && i > 0 && glued(&toks[i - 1], t);
    let word = t.is_word() && matches!(t.lower.as_str(), "per" | "a" | "an");
    if !(slash || word) {
        return None;
    }
    let n = toks.get(i + 1)?;
    if slash && !glued(t, n) {
        return None;
    }
    // "m/s²", "m/s2", "m/s^2": an acceleration's square second.
    let squared = |k: usize| {
        toks.get(k).is_some_and(|c| c.text == "^" && glued(n, c))
            && toks
                .get(k + 1)
                .is_some_and(|p| p.text == "2" && glued(&toks[k], p))
    };
    if slash && n.text == "s" && squared(i + 2) {
        return Some((units::SQUARE_SECOND, i + 4));
    }
    let time_symbol = match n.text.as_str() {
        "s2" | "s²" => Some(units::SQUARE_SECOND),
        "s" | "sec" => units::unit_name("second"),
        "h" | "hr" => units::unit_name("hour"),
        "min" => units::unit_name("minute"),
        "d" => units::unit_name("day"),
        "yr" => units::unit_name("year"),
        // "$9.99/mo", "£35/wk", "$120/mth".
        "mo" | "mth" => units::unit_name("month"),
        "wk" => units::unit_name("week"),
        _ => None,
    };
    let (d, after) = match time_symbol {
        Some(d) if slash => (d, i + 2),
        _ => measure_base(toks, i + 1)?,
    };
    // "a"/"an" only before a time unit ("miles an hour"), never a measure ("an inch"), and not
    // in a time reference ("£1.2bn a year earlier").
    if t.is_word()
        && t.lower != "per"
        && (d.dimension != Dimension::Time || is_time_reference(toks, after))
    {
        return None;
    }
    Some((d, after))
}

/// A unit of measure at `i`, with its rate: "kilometres", "kWh", "sq mi", "km/h", "miles an hour",
/// "°C", "W/min". Time units written as names ("three days") are left to the counted noun.
pub fn measure_at(toks: &[Token], i: usize) -> Option<UnitMatch> {
    if let Some(inverse) = inverse_unit_at(toks, i) {
        return Some(inverse);
    }
    let (def, mut next) = measure_base(toks, i)?;
    let abbreviated = units::unit_symbol(toks[i].text.as_str()).is_some();
    if def.dimension == Dimension::Time && toks[i].lower.len() > 3 && !abbreviated {
        return None;
    }
    let mut name = def.name.to_string();
    let mut dimension = def.dimension;
    if let Some((den, after)) = denominator_at(toks, next) {
        name = format!("{} per {}", def.name, den.name);
        dimension = if def.dimension == Dimension::Length && den.dimension == Dimension::Time {
            Dimension::Speed
        } else {
            def.dimension
        };
        next = after;
    } else if let Some((per, after)) = rate_after_measure(toks, next) {
        name = format!("{} per {per}", def.name);
        next = after;
    } else if let Some((per, after)) =
        price_rate_at(toks, next).filter(|_| def.dimension == Dimension::Currency)
    {
        // "45 cents a share", "30p per litre": a price in cents or pence.
        name = format!("{} per {per}", def.name);
        next = after;
    }
    let span = Span::new(toks[i].start, toks[next - 1].end);
    Some(UnitMatch {
        unit: Unit {
            text: name.clone(),
            normalized: name,
            span: Some(span),
            dimension,
        },
        next,
    })
}

/// A unit symbol to the power minus one, glued: "s-1", "s⁻¹", "fb−1" -> inverse second, inverse
/// femtobarn (a rate per second is a frequency).
fn inverse_unit_at(toks: &[Token], i: usize) -> Option<UnitMatch> {
    let t = toks.get(i).filter(|t| t.is_word())?;
    let base_def = |symbol: &str| match symbol {
        "s" => units::unit_name("second"),
        other => units::unit_symbol(other),
    };
    // "s-1": one word with its power.
    let (def, next) = if let Some(stem) = t.text.strip_suffix("-1") {
        (base_def(stem)?, i + 1)
    } else {
        let minus = toks
            .get(i + 1)
            .filter(|m| matches!(m.text.as_str(), "-" | "−" | "⁻") && glued(t, m))?;
        let one = toks
            .get(i + 2)
            .filter(|o| matches!(o.text.as_str(), "1" | "¹") && glued(minus, o))?;
        let ends = toks
            .get(i + 3)
            .is_none_or(|n| !glued(one, n) || matches!(n.text.as_str(), "." | "," | ";" | ")"));
        if !ends {
            return None;
        }
        (base_def(t.text.as_str())?, i + 3)
    };
    let name = format!("inverse {}", def.name);
    let dimension = if def.dimension == Dimension::Time {
        Dimension::Frequency
    } else {
        def.dimension
    };
    Some(UnitMatch {
        unit: Unit {
            text: name.clone(),
            normalized: name,
            span: Some(Span::new(t.start, toks[next - 1].end)),
            dimension,
        },
        next,
    })
}

/// Words a price is given per without "per" ("$70 a barrel", "$1.40 a share").
fn is_price_denominator(w: &str) -> bool {
    matches!(
        w,
        "share"
            | "barrel"
            | "gallon"
            | "litre"
            | "liter"
            | "ton"
            | "tonne"
            | "ounce"
            | "pound"
            | "kilo"
            | "kilogram"
            | "head"
            | "unit"
            | "person"
            | "night"
            | "ticket"
            | "dozen"
    )
}

/// "pm", "pcm", "pw", "pa" glued to a price at `i` ("£7.99pm", "£1,200pcm"): a rate, not a time of
/// day.
pub fn glued_price_rate(toks: &[Token], i: usize) -> bool {
    i > 0
        && toks.get(i).is_some_and(|t| {
            glued(&toks[i - 1], t) && (t.lower == "pm" || rate_adverb(&t.lower).is_some())
        })
}

/// What a price is given per, at `i`: "per share", "a barrel", "/kg", "an hour", "a month";
/// returns the singular noun and the index after it.
pub fn price_rate_at(toks: &[Token], i: usize) -> Option<(String, usize)> {
    if glued_price_rate(toks, i) && toks[i].lower == "pm" {
        return Some(("month".to_string(), i + 1));
    }
    // "£1.2bn-a-year", "5p-a-share": the rate written with hyphens.
    let hyphen = |k: usize| {
        toks.get(k)
            .is_some_and(|d| d.text == "-" && glued(&toks[k - 1], d))
    };
    let per_noun = |noun: &str| {
        time_unit(noun).map_or_else(
            || units::unit_name(noun).map_or_else(|| singular(noun), |d| d.name.to_string()),
            str::to_string,
        )
    };
    if hyphen(i) && hyphen(i + 2) && toks.get(i + 1).is_some_and(|a| a.is("a") || a.is("per")) {
        let noun = toks.get(i + 3).filter(|n| n.is_word())?;
        return Some((per_noun(&noun.lower), i + 4));
    }
    // "$100-a-barrel", "$2,000-per-ounce": the rate read as one hyphenated word.
    if hyphen(i) {
        if let Some(w) = toks
            .get(i + 1)
            .filter(|w| w.is_word() && glued(&toks[i], w))
        {
            if let Some(("a" | "an" | "per", noun)) = w.lower.split_once(['-', '‑']) {
                if !noun.is_empty() && !noun.contains(['-', '‑']) {
                    return Some((per_noun(noun), i + 2));
                }
            }
        }
    }
    if let Some((per, after)) = rate_at(toks, i) {
        return Some((per.to_string(), after));
    }
    if let Some((d, after)) = denominator_at(toks, i) {
        return Some((d.name.to_string(), after));
    }
    let t = toks.get(i)?;
    let mut n = toks.get(i + 1).filter(|n| n.is_word())?;
    let mut after = i + 2;
    // "per diluted share", "per adjusted share": the kind of share names no other thing.
    if t.is("per") && matches!(n.lower.as_str(), "diluted" | "basic" | "adjusted") {
        if let Some(m) = toks.get(i + 2).filter(|m| m.is_word()) {
            n = m;
            after = i + 3;
        }
    }
    let noun = singular(&n.lower);
    let ok = match t.lower.as_str() {
        "per" => !is_np_stop(&n.lower),
        "a" | "an" => is_price_denominator(&noun),
        _ => false,
    };
    // "a litre" -> "liter": a unit of measure by its canonical name.
    let noun = units::unit_name(&n.lower).map_or(noun, |d| d.name.to_string());
    ok.then_some((noun, after))
}

/// "per game", "per woman", "per cycle": a rate per a counted thing written with "per" at `i`; the
/// singular noun (a unit of measure by its canonical name) and the index after it.
fn per_noun_at(toks: &[Token], i: usize) -> Option<(String, usize)> {
    if !toks.get(i)?.is("per") {
        return None;
    }
    let n = toks.get(i + 1).filter(|n| {
        n.kind == Kind::Word && !is_np_stop(&n.lower) && !n.is("cent") && !n.is_titlecase()
    })?;
    let noun =
        units::unit_name(&n.lower).map_or_else(|| counted_noun(&n.lower), |d| d.name.to_string());
    Some((noun, i + 2))
}

/// Whether the word at `i` makes the time unit before it a reference ("a year earlier").
fn is_time_reference(toks: &[Token], i: usize) -> bool {
    toks.get(i).is_some_and(|n| {
        matches!(
            n.lower.as_str(),
            "earlier" | "ago" | "before" | "later" | "after" | "prior" | "previously"
        )
    })
}

/// A rate at token `k` ("per day"), also after a measure "of" something: "7,400 meters of
/// territory per day"; the rate's unit and the token after it.
fn rate_after_measure(toks: &[Token], k: usize) -> Option<(&'static str, usize)> {
    if toks.get(k).is_some_and(|t| t.is("of")) {
        let mut m = k + 1;
        while m < toks.len() && m <= k + 3 && is_np_word(&toks[m]) {
            m += 1;
        }
        if let Some(rate) = rate_at(toks, m) {
            return Some(rate);
        }
    }
    rate_at(toks, k)
}

/// "per day", "a day", "each month", "daily": a rate suffix at `i`; returns the time unit and the
/// index after it.
pub fn rate_at(toks: &[Token], i: usize) -> Option<(&'static str, usize)> {
    let t = toks.get(i)?;
    if let Some(u) = rate_adverb(&t.lower) {
        return Some((u, i + 1));
    }
    if matches!(t.lower.as_str(), "per" | "a" | "an" | "each" | "every") {
        let u = toks
            .get(i + 1)
            .filter(|t| t.is_word())
            .and_then(|t| time_unit(&t.lower))?;
        // "a year earlier", "a week ago": a time reference, not a rate.
        if is_time_reference(toks, i + 2) {
            return None;
        }
        return Some((u, i + 2));
    }
    None
}

fn is_np_word(t: &Token) -> bool {
    t.kind == Kind::Word
        && !is_np_stop(&t.lower)
        && lexicon::month(t.text.as_str()).is_none()
        && !t.lower.ends_with("ly")
        && !t.is_possessive()
        && !lexicon::is_number_word(&t.lower)
}

fn is_plural(w: &str) -> bool {
    singular(w) != w && !w.ends_with("ss")
}

fn looks_verbal(w: &str) -> bool {
    (w.ends_with("ed") || w.ends_with("ing")) && w.len() > 4
}

/// A compound modifier that opens with a number or a fraction at `j`, joined by hyphens:
/// "quarter-percentage-point", "five-year", "25-year"; the index after it.
pub fn numeric_compound_at(toks: &[Token], j: usize) -> Option<usize> {
    let t = toks.get(j)?;
    let numeric = t.kind == Kind::Number
        || (t.is_word()
            && (lexicon::fraction(&t.lower).is_some() || lexicon::is_number_word(&t.lower)));
    if !numeric {
        return None;
    }
    let mut k = j + 1;
    while let (Some(h), Some(w)) = (toks.get(k), toks.get(k + 1)) {
        if h.text == "-" && glued(&toks[k - 1], h) && glued(h, w) && w.is_word() {
            k += 2;
        } else {
            break;
        }
    }
    (k > j + 1).then_some(k)
}

/// The noun phrase after a number, from token `i` ("1,000 more engineers": past "more" or "fewer"
/// before a noun).
pub fn noun_phrase_after(toks: &[Token], i: usize) -> Option<UnitMatch> {
    let mut words: Vec<usize> = Vec::new();
    let comparative = toks.get(i).is_some_and(|t| t.is("more") || t.is("fewer"))
        && toks.get(i + 1).is_some_and(is_np_word);
    let mut j = if comparative { i + 1 } else { i };
    while j < toks.len() && words.len() < MAX_NP_WORDS {
        let t = &toks[j];
        if let Some(after) = numeric_compound_at(toks, j).filter(|_| j > i) {
            // "three additional quarter-percentage-point rate hikes": a measure inside the
            // phrase modifies its noun (and is a quantity of its own).
            j = after;
        } else if is_np_word(t) {
            words.push(j);
            j += 1;
        } else if t.text == "-"
            && !words.is_empty()
            && j + 1 < toks.len()
            && glued(&toks[j - 1], t)
            && glued(t, &toks[j + 1])
        {
            j += 1;
        } else {
            break;
        }
    }
    // A capitalized word ends the phrase unless a lowercase word follows it ("Russian soldiers").
    while let Some(&last) = words.last() {
        let t = &toks[last];
        let verbal = words.len() > 1 && looks_verbal(&t.lower);
        if t.is_titlecase() || verbal {
            words.pop();
        } else {
            break;
        }
    }
    // A plural noun heads the phrase: "bases deep", "sides exchanged ...".
    if let Some(p) = words.iter().position(|&k| is_plural(&toks[k].lower)) {
        words.truncate(p + 1);
    }
    // The phrase may not start with a participle that is really a verb ("1 million killed").
    let &first = words.first()?;
    let &last = words.last()?;
    if words.len() == 1
        && (casualty_word(&toks[first].lower).is_some() || looks_verbal(&toks[first].lower))
    {
        return None;
    }
    // "5.7 million needed food assistance": a verb in the past and its object, not a noun phrase
    // (a participle before a plural noun is its adjective: "registered voters").
    let past_verb = toks[first].lower.ends_with("ed")
        && looks_verbal(&toks[first].lower)
        && casualty_word(&toks[first].lower).is_none();
    if words.len() > 1 && past_verb && !is_plural(&toks[last].lower) {
        return None;
    }
    let lower_words: Vec<&str> = words
        .iter()
        // Acronyms stay ("5 EU countries"); a lone capital letter is a model's ("Model Y cars").
        .filter(|&&k| {
            let t = &toks[k];
            !t.is_titlecase() || (t.text.len() > 1 && t.text.chars().all(|c| c.is_uppercase()))
        })
        .map(|&k| toks[k].lower.as_str())
        .collect();
    if lower_words.is_empty() {
        return None;
    }
    // "1,500 new jobs", "2,000 additional troops": a word that only says the things are added
    // names no kind of them.
    let added = lower_words
        .iter()
        .take_while(|w| lexicon::is_addition_adjective(w))
        .count()
        .min(lower_words.len() - 1);
    let lower_words = &lower_words[added..];
    let head = counted_noun(&toks[last].lower);
    let mut text_words: Vec<String> = lower_words[..lower_words.len() - 1]
        .iter()
        .map(|w| w.to_string())
        .collect();
    text_words.push(head.clone());
    let mut text = text_words.join(" ");
    let mut normalized = if text_words.first().map(String::as_str) == Some("square") {
        text.clone()
    } else {
        head.clone()
    };
    let mut end_tok = last + 1;
    let rate = if lexicon::is_measure_unit(&head) {
        rate_after_measure(toks, last + 1)
    } else {
        rate_at(toks, last + 1)
    };
    let rate = rate
        .map(|(per, after)| (per.to_string(), after))
        .or_else(|| per_noun_at(toks, last + 1));
    if let Some((per, after)) = rate {
        text = format!("{text} per {per}");
        normalized = format!("{normalized} per {per}");
        end_tok = after;
    }
    let span = Span::new(toks[first].start, toks[end_tok - 1].end);
    Some(UnitMatch {
        unit: unit(text, normalized, Some(span)),
        next: end_tok,
    })
}

/// What a count counts past a product's name between them: "55,840 Model 3 sedans", "100,000 Model
/// S and X deliveries", "150 Boeing 737 Max jets" -> sedan, delivery, jet. The name is a
/// capitalized word and designations (numbers, capital letters, codes, capitalized words, joined
/// by "and" or a comma); a plural noun in lowercase must follow.
pub fn noun_after_model_name(toks: &[Token], i: usize) -> Option<UnitMatch> {
    let brand = toks.get(i).filter(|t| {
        t.is_titlecase() && lexicon::month(t.text.as_str()).is_none() && !is_np_stop(&t.lower)
    })?;
    // A number with separators is a count of its own ("8,048 Model 3 and 3,776 Model S").
    let designation = |t: &Token| {
        (t.kind == Kind::Number && t.text.chars().all(|c| c.is_ascii_digit()))
            || (t.is_word()
                && (t.is_titlecase() || t.text.chars().any(|c| c.is_ascii_digit()))
                && lexicon::month(t.text.as_str()).is_none())
    };
    let mut k = i + 1;
    let mut designations = 0;
    while let Some(t) = toks.get(k).filter(|_| k < i + 8) {
        let joiner = (t.is("and") || t.text == ",") && toks.get(k + 1).is_some_and(designation);
        if designation(t) {
            designations += usize::from(t.kind == Kind::Number || t.text.len() <= 2);
            k += 1;
        } else if joiner && designations > 0 {
            k += 1;
        } else {
            break;
        }
    }
    if designations == 0 || !brand.is_word() {
        return None;
    }
    let m = noun_phrase_after(toks, k)?;
    let lowercase = !toks[k].is_titlecase();
    let plural = is_plural(&toks[m.next.saturating_sub(1)].lower);
    (lowercase && plural).then_some(m)
}

/// "50m times", "three times a week": how often something happened (a multiplier, "12 times
/// bigger", is read before); the unit "time", with its rate.
pub fn occurrences_at(toks: &[Token], i: usize) -> Option<UnitMatch> {
    if !toks.get(i)?.is("times") {
        return None;
    }
    let (text, next) = match rate_at(toks, i + 1) {
        Some((per, after)) => (format!("time per {per}"), after),
        None => ("time".to_string(), i + 1),
    };
    let span = Span::new(toks[i].start, toks[next - 1].end);
    Some(UnitMatch {
        unit: unit(text.clone(), text, Some(span)),
        next,
    })
}

/// What "N of the (M) X" and "N out of M X" count: "four of the largest oil companies" -> oil
/// company, "five of the six victims" -> victim, "two out of 10 adults" -> adult.
pub fn partitive_unit(toks: &[Token], i: usize) -> Option<UnitMatch> {
    let mut k = i;
    if toks.get(k).is_some_and(|t| t.is("out")) {
        k += 1;
    }
    if !toks.get(k).is_some_and(|t| t.is("of")) {
        return None;
    }
    k += 1;
    let determiner = toks.get(k).is_some_and(|t| {
        matches!(
            t.lower.as_str(),
            "the" | "its" | "their" | "these" | "those" | "our" | "his" | "her"
        ) || (t.is_word() && t.is_possessive())
    });
    if determiner {
        k += 1;
    } else if !(toks[i].is("out") && toks.get(k).is_some_and(|t| t.kind == Kind::Number)) {
        return None;
    }
    // The total, and superlatives: "the six", "the largest", "10", "the most affected".
    while let Some(t) = toks.get(k) {
        let number = t.kind == Kind::Number || lexicon::is_number_word(&t.lower);
        let superlative = t.is_word() && (t.lower.ends_with("est") || t.is("most"));
        // "14 of the world's 20 most polluted cities": the owner of the whole.
        let owner = t.is_word() && t.is_possessive() && k > i;
        // "the largest US oil companies": a name used as a modifier.
        let name_modifier = t.is_titlecase()
            && toks
                .get(k + 1)
                .is_some_and(|n| n.is_word() && !n.is_titlecase());
        if number || superlative || name_modifier || owner {
            k += 1;
        } else {
            break;
        }
    }
    let m = noun_phrase_after(toks, k)?;
    let plural = toks
        .get(m.next.saturating_sub(1))
        .is_some_and(|t| is_plural(&t.lower));
    plural.then_some(m)
}

/// The whole of a proportion after "in" at `i`: "in five", "in every 10", "in twenty-one", "in a
/// hundred"; its value (a word with "hundred" or a scale counts as large) and the token after it.
fn proportion_total(toks: &[Token], i: usize) -> Option<(f64, usize)> {
    let mut k = i + 1;
    if toks.get(k).is_some_and(|t| t.is("every")) {
        k += 1;
    }
    if let Some(t) = toks.get(k).filter(|t| t.kind == Kind::Number) {
        let digits: String = t.text.chars().filter(|c| *c != ',').collect();
        return Some((digits.parse().ok()?, k + 1));
    }
    let start = k;
    let mut value = 0.0;
    while let Some(t) = toks.get(k) {
        let hyphen = t.text == "-"
            && k > start
            && toks
                .get(k + 1)
                .is_some_and(|n| glued(&toks[k - 1], t) && glued(t, n));
        let article = k == start && t.is("a") && word_at_is_scale(toks, k + 1);
        if hyphen || article {
            k += 1;
        } else if let Some(n) = lexicon::small_number(&t.lower) {
            value += n;
            k += 1;
        } else if t.is_word() && lexicon::is_number_word(&t.lower) {
            value = f64::INFINITY;
            k += 1;
        } else {
            break;
        }
    }
    (k > start).then_some((value, k))
}

fn word_at_is_scale(toks: &[Token], k: usize) -> bool {
    toks.get(k)
        .is_some_and(|t| t.is("hundred") || lexicon::scale_word(&t.lower).is_some())
}

/// What a proportion "N in M X" counts, as "N out of M X" does: "one in five adults" -> adult, "3
/// in 10 voters" -> voter, "one in every four Britons" -> briton. Only a part smaller than its
/// whole ("arrested 12 in two raids" is no proportion); the unit spans to the end of X.
pub fn proportion_unit(toks: &[Token], i: usize, part: f64) -> Option<UnitMatch> {
    if !toks.get(i).is_some_and(|t| t.is("in")) {
        return None;
    }
    let (whole, k) = proportion_total(toks, i)?;
    if part >= whole {
        return None;
    }
    if let Some(m) = noun_phrase_after(toks, k) {
        let plural = is_plural(&toks[m.next.saturating_sub(1)].lower);
        return plural.then_some(m);
    }
    // "one in five Americans": a people's name, capitalized, is what is counted.
    let t = toks.get(k).filter(|t| {
        t.is_word() && t.is_titlecase() && is_plural(&t.lower) && !is_np_stop(&t.lower)
    })?;
    let head = counted_noun(&t.lower);
    let span = Span::new(t.start, t.end);
    Some(UnitMatch {
        unit: unit(head.clone(), head, Some(span)),
        next: k + 1,
    })
}

/// "6.8 on the Richter scale", "7.1 on the moment magnitude scale": a reading of an earthquake's
/// magnitude, named after the number.
pub fn magnitude_on_scale(toks: &[Token], i: usize) -> Option<UnitMatch> {
    if !(toks.get(i)?.is("on") && toks.get(i + 1)?.is("the")) {
        return None;
    }
    let scale_at = (i + 2..toks.len().min(i + 5)).find(|&k| toks[k].is("scale"))?;
    let named = toks[i + 2..scale_at]
        .iter()
        .any(|t| t.is("richter") || t.is("magnitude"));
    if !named {
        return None;
    }
    let span = Span::new(toks[i + 2].start, toks[scale_at].end);
    Some(UnitMatch {
        unit: unit("magnitude".into(), "magnitude".into(), Some(span)),
        next: scale_at + 1,
    })
}

/// A unit glued by a hyphen: "30-day", "five-year"; `None` for ages ("72-year-old").
pub fn hyphen_unit(toks: &[Token], i: usize) -> Option<Result<UnitMatch, ()>> {
    let dash = toks.get(i)?;
    let word = toks.get(i + 1)?;
    if !(matches!(dash.text.as_str(), "-" | "‑")
        && glued(&toks[i - 1], dash)
        && glued(dash, word)
        && word.is_word())
    {
        return None;
    }
    if word.lower.starts_with("year-old") || word.lower.starts_with("years-old") {
        return Some(Err(()));
    }
    // "a 20,000-strong crowd", "its 1,500-strong workforce": the group counts its members; the
    // noun names the group.
    if word.is("strong") {
        return noun_phrase_after(toks, i + 2).map(Ok);
    }
    let parts: Vec<&str> = word.lower.split(['-', '‑']).collect();
    let w = parts[0];
    // "100,000-square-foot", "40-light-year": a unit of two words.
    let two_words = parts
        .get(1)
        .and_then(|second| units::unit_name(&format!("{w} {second}")))
        .or_else(|| {
            let second = parts.get(1)?;
            units::power_of_length(w, &units::unit_name(second)?)
        });
    // "a one-dollar coin", "a 500-yen fee": money by its code ("a 10-pound bag" is a weight).
    let money = units::currency_name(w).filter(|_| !w.starts_with("pound"));
    let head = match money {
        Some(code) if two_words.is_none() => code.to_string(),
        _ => two_words
            .or_else(|| units::unit_name(w))
            .map_or_else(|| singular(w), |d| d.name.to_string()),
    };
    Some(Ok(UnitMatch {
        unit: unit(head.clone(), head, Some(Span::new(word.start, word.end))),
        next: i + 2,
    }))
}

/// Words that may stand between a number and a verb of dying ("are believed to have been killed").
fn is_aux(w: &str) -> bool {
    matches!(
        w,
        "have"
            | "has"
            | "had"
            | "are"
            | "were"
            | "was"
            | "is"
            | "been"
            | "be"
            | "being"
            | "believed"
            | "estimated"
            | "thought"
            | "reported"
            | "reportedly"
            | "said"
            | "to"
            | "likely"
            | "already"
            | "now"
            | "since"
            | "probably"
            | "confirmed"
            | "presumed"
            | "feared"
            | "either"
            | "or"
            | "and"
    )
}

/// An elided unit read off the verb after the number: killed -> death, wounded -> injury,
/// "killed or wounded" -> casualty.
pub fn unit_from_following_verb(toks: &[Token], i: usize) -> Option<Unit> {
    let mut found: Vec<&'static str> = Vec::new();
    for t in toks.iter().skip(i).take(8) {
        if let Some(u) = casualty_word(&t.lower) {
            found.push(u);
        } else if !(t.is_word() && is_aux(&t.lower)) {
            break;
        }
    }
    let u = match found.as_slice() {
        [] => return None,
        [one] => *one,
        [a, b, ..] if a != b => "casualty",
        [a, ..] => *a,
    };
    Some(unit(u.to_string(), u.to_string(), None))
}

/// What a count is, said by "be" after it: "37,324 were Syrian rebels", "of the dead, 12 were
/// children" -> rebel, child. Only a plural noun: "3 were arrested", "40 were in hospital" say no
/// noun.
pub fn unit_from_predicate_noun(toks: &[Token], i: usize) -> Option<Unit> {
    if !toks
        .get(i)
        .is_some_and(|t| matches!(t.lower.as_str(), "were" | "are"))
    {
        return None;
    }
    let m = noun_phrase_after(toks, i + 1)?;
    let head = &toks[m.next.saturating_sub(1)];
    (is_plural(&head.lower) && !looks_verbal(&head.lower)).then_some(m.unit)
}

/// Linking verbs between a counted noun and its number ("casualties total some 1.2 million").
fn is_linking_verb(w: &str) -> bool {
    matches!(
        w,
        "total"
            | "totals"
            | "totaled"
            | "totalled"
            | "number"
            | "numbers"
            | "numbered"
            | "reach"
            | "reached"
            | "reaches"
            | "exceed"
            | "exceeded"
            | "exceeds"
            | "topped"
            | "tops"
            | "stood"
            | "stands"
            | "stand"
            | "amount"
            | "amounted"
            | "amounts"
            | "rose"
            | "fell"
            | "climbed"
            | "hit"
            | "surpassed"
            | "passed"
    )
}

fn is_clause_break(t: &Token) -> bool {
    matches!(
        t.text.as_str(),
        "," | ";" | ":" | "—" | "–" | "(" | "“" | "”" | "\"" | "«" | "»"
    ) || matches!(
        t.lower.as_str(),
        "but" | "and" | "that" | "which" | "while" | "when" | "whereas"
    )
}

fn is_preposition(w: &str) -> bool {
    matches!(
        w,
        "of" | "among" | "in" | "for" | "from" | "on" | "at" | "across" | "along"
    )
}

/// Whether a token may be part of the amount of a change written before "to" ("rose 5% to",
/// "fell by 58,000 to", "climbed 1.2 per cent to").
fn is_amount_token(t: &Token) -> bool {
    t.kind == Kind::Number
        || t.kind == Kind::Symbol
        || t.text == "%"
        || matches!(
            t.lower.as_str(),
            "by" | "per"
                | "cent"
                | "percent"
                | "a"
                | "an"
                | "quarter"
                | "third"
                | "half"
                | "fifth"
                | "million"
                | "billion"
                | "m"
                | "bn"
                | "some"
                | "about"
                | "around"
                | "nearly"
                | "almost"
                | "roughly"
                | "over"
                | "more"
                | "than"
        )
}

/// Plural subjects whose level is an amount of money or a rate, not a count of them ("shares rose
/// 3% to 120", "prices fell to 95").
fn is_priced_plural(w: &str) -> bool {
    matches!(
        w,
        "shares"
            | "stocks"
            | "prices"
            | "rates"
            | "yields"
            | "costs"
            | "revenues"
            | "profits"
            | "earnings"
            | "sales"
            | "bills"
            | "rents"
            | "wages"
            | "salaries"
            | "fees"
            | "fares"
            | "premiums"
            | "assets"
            | "debts"
            | "losses"
            | "savings"
            | "exports"
            | "imports"
            | "volumes"
            | "temperatures"
            | "levels"
    )
}

/// The unit of a level a count changed to, taken from the plural subject of the verb of change:
/// "job vacancies fell by 58,000 to 957,000" -> vacancy (both numbers), "subscribers grew to 260
/// million" -> subscriber, "passenger numbers climbed 12% to 4.1 million" -> passenger.
pub fn unit_from_subject_of_change(toks: &[Token], quantity_start: usize) -> Option<Unit> {
    let mut k = quantity_start;
    if k > 0 && (toks[k - 1].is("to") || toks[k - 1].is("by")) {
        k -= 1;
        // The amount of the change before the level it reached.
        let mut steps = 0;
        while k > 0 && steps < 6 && is_amount_token(&toks[k - 1]) {
            k -= 1;
            steps += 1;
        }
    }
    let verb = toks.get(k.checked_sub(1)?)?;
    let is_verb = verb.is_word()
        && lexicon::change_before(&verb.lower).is_some()
        && !matches!(verb.lower.as_str(), "up" | "down" | "higher" | "lower");
    if !is_verb {
        return None;
    }
    k -= 1;
    while k > 0
        && matches!(
            toks[k - 1].lower.as_str(),
            "has" | "have" | "had" | "also" | "sharply" | "slightly" | "further" | "steadily"
        )
    {
        k -= 1;
    }
    let mut start = k;
    while start > 0
        && toks[start - 1].is_word()
        && !is_clause_break(&toks[start - 1])
        && k - start < 6
    {
        start -= 1;
    }
    let phrase = &toks[start..k];
    // "the number of cases rose": what the count counts follows "of".
    let phrase = match phrase.iter().position(|t| t.is("of")) {
        Some(of) if of > 0 && is_count_noun(&phrase[of - 1].lower) => &phrase[of + 1..],
        Some(_) => return None,
        None => phrase,
    };
    let mut words: Vec<&Token> = phrase
        .iter()
        .filter(|t| !t.is_titlecase() || t.start == toks[0].start)
        .collect();
    // "passenger numbers": the count noun names what its modifier counts.
    let counted_by_modifier =
        words.last().is_some_and(|t| is_count_noun(&t.lower)) && words.len() >= 2;
    if counted_by_modifier {
        words.pop();
    }
    let head = *words.last()?;
    let counted = counted_by_modifier || is_plural(&head.lower);
    if !counted || is_priced_plural(&head.lower) || is_np_stop(&head.lower) {
        return None;
    }
    let s = counted_noun(&head.lower);
    Some(unit(s.clone(), s, Some(Span::new(head.start, head.end))))
}

/// An elided unit taken from the clause subject before a linking verb:
/// "losses among the Kremlin's troops now number well over one million" -> casualty.
pub fn unit_from_clause_subject(toks: &[Token], quantity_start: usize) -> Option<Unit> {
    // "deaths exceeded 3,000": the quantity read from its bound, which is the linking verb.
    let mut k = quantity_start;
    if toks.get(k).is_some_and(|t| is_linking_verb(&t.lower)) {
        k += 1;
    }
    // Adverbs and the linking verb itself.
    while k > 0
        && matches!(
            toks[k - 1].lower.as_str(),
            "now" | "already" | "still" | "reportedly" | "likely" | "at"
        )
    {
        k -= 1;
    }
    if k == 0 || !is_linking_verb(&toks[k - 1].lower) {
        return None;
    }
    k -= 1;
    while k > 0
        && matches!(
            toks[k - 1].lower.as_str(),
            "now"
                | "already"
                | "still"
                | "reportedly"
                | "likely"
                | "could"
                | "may"
                | "might"
                | "would"
                | "will"
        )
    {
        k -= 1;
    }
    let mut start = k;
    while start > 0 && !is_clause_break(&toks[start - 1]) && k - start < 10 {
        start -= 1;
    }
    let phrase = &toks[start..k];
    let cut = phrase
        .iter()
        .position(|t| is_preposition(&t.lower))
        .unwrap_or(phrase.len());
    // A capitalized word is a name, unless it only opens the sentence ("Casualties total ...").
    let opener =
        |t: &Token| t.start == toks[0].start && t.text.chars().skip(1).all(char::is_lowercase);
    let words: Vec<&Token> = phrase[..cut]
        .iter()
        .filter(|t| t.is_word() && (!t.is_titlecase() || opener(t)))
        .collect();
    let mut head = *words.last()?;
    // "casualty totals", "death toll": the count noun names what its modifier counts.
    if is_count_noun(&head.lower) && words.len() >= 2 {
        head = words[words.len() - 2];
    }
    let s = counted_noun(&head.lower);
    Some(unit(s.clone(), s, Some(Span::new(head.start, head.end))))
}

fn is_count_noun(w: &str) -> bool {
    matches!(
        w,
        "total"
            | "totals"
            | "toll"
            | "tolls"
            | "number"
            | "numbers"
            | "count"
            | "counts"
            | "figure"
            | "figures"
            | "tally"
    )
}

/// "estimates Ukraine's total casualties at approximately 400,000", "put the death toll at 500":
/// the noun before "at" is what the number counts.
pub fn unit_before_at(toks: &[Token], quantity_start: usize) -> Option<Unit> {
    let at = toks.get(quantity_start.checked_sub(1)?)?;
    if !at.is("at") {
        return None;
    }
    let mut k = quantity_start - 1;
    while k > 0 && matches!(toks[k - 1].lower.as_str(), "now" | "currently" | "already") {
        k -= 1;
    }
    let noun = toks.get(k.checked_sub(1)?)?;
    if !noun.is_word() || noun.is_titlecase() || is_np_stop(&noun.lower) {
        return None;
    }
    let mut head = noun;
    if is_count_noun(&noun.lower)
        && k >= 2
        && toks[k - 2].is_word()
        && !is_np_stop(&toks[k - 2].lower)
    {
        head = &toks[k - 2];
    }
    if !is_plural(&head.lower) && !is_count_noun(&noun.lower) {
        return None;
    }
    let s = counted_noun(&head.lower);
    Some(unit(s.clone(), s, Some(Span::new(head.start, head.end))))
}

/// Whether a word names a stock index or says the sentence is about one.
fn is_index_word(t: &Token) -> bool {
    matches!(t.lower.as_str(), "index" | "indices" | "indexes")
        || matches!(
            t.text.as_str(),
            "Dow"
                | "Nasdaq"
                | "S&P"
                | "FTSE"
                | "Nikkei"
                | "DAX"
                | "CAC"
                | "Sensex"
                | "Nifty"
                | "Hang"
                | "ASX"
                | "TSX"
                | "Stoxx"
                | "STOXX"
                | "KOSPI"
                | "Kospi"
                | "IBEX"
        )
}

/// "The Dow gained 123.57, or 0.8% to 15,215.25", "the index closed at 1,650.34": a bare number
/// that a stock index moved by or reached counts points. It follows a verb of change or "to"/"at",
/// in a sentence naming an index ("S&P 500", "Nasdaq", "the index").
pub fn index_points(toks: &[Token], quantity_start: usize) -> Option<Unit> {
    let before = toks.get(quantity_start.checked_sub(1)?)?;
    let moved = lexicon::change_before(&before.lower).is_some()
        || matches!(before.lower.as_str(), "to" | "at")
        || is_linking_verb(&before.lower);
    let priced = toks[..quantity_start]
        .iter()
        .any(|t| t.kind == Kind::Symbol && t.text != "%");
    (moved && !priced && toks.iter().any(is_index_word))
        .then(|| unit("point".into(), "point".into(), None))
}

/// "men over 25" -> years of age.
/// "adults aged 18-24", "children ages 5 to 11": years of age, whatever word follows.
pub fn aged_before(toks: &[Token], quantity_start: usize) -> Option<Unit> {
    let k = quantity_start.checked_sub(1)?;
    matches!(toks[k].lower.as_str(), "aged" | "ages")
        .then(|| unit("year".into(), "year".into(), None))
}

pub fn unit_from_age_context(toks: &[Token], quantity_start: usize) -> Option<Unit> {
    let q = toks.get(quantity_start)?;
    let person = toks.get(quantity_start.checked_sub(1)?)?;
    let is_age_bound = matches!(
        q.lower.as_str(),
        "over" | "under" | "above" | "below" | "aged"
    );
    let is_person = matches!(
        person.lower.as_str(),
        "men"
            | "women"
            | "people"
            | "children"
            | "adults"
            | "those"
            | "anyone"
            | "everyone"
            | "persons"
            | "boys"
            | "girls"
    );
    (is_age_bound && is_person).then(|| unit("year".into(), "year".into(), None))
}
