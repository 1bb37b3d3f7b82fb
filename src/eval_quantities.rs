//! `claimminer eval-quantities`: scores the quantity grammar alone (no models) on public test sets
//! of quantity extraction: quantulum3's English sentences (`quantulum3/quantities*.json`) and
//! Microsoft Recognizers-Text's English specs (`recognizers-text/*.json`). Per file it prints value
//! precision/recall/F1 and value+unit F1.
//!
//! A gold quantity is found when a quantity of the sentence has its value (a range: its midpoint for
//! quantulum3, which writes ranges so, and both ends for Recognizers-Text's number ranges); value and
//! unit when the unit also agrees (gold names are spelled as the grammar names units: "metre" ->
//! "meter", "Dollar" -> "usd"; a gold "dimensionless" number agrees with a count or no unit).
//!
//! Where the project's conventions differ from a file's, one rule per file says which gold items are
//! out of scope ([`FileRule`]); a prediction on the text of an out-of-scope item counts neither way.
//! In every file a predicted vague amount ("several hundred", "dozens") that no gold item takes
//! counts neither way either: vague amounts are optional in the project's gold.

use crate::doc::Quantity;
use crate::extract::units::{self, Dimension};
use crate::extract::{extract_sentence, lexicon};
use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// Relative tolerance when comparing values (gold files round fractions to 15 digits).
const TOLERANCE: f64 = 1e-6;

/// One gold quantity: its value (or the ends of a range), unit, and surface text.
#[derive(Debug, Clone)]
struct GoldItem {
    value: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
    /// The unit as the grammar names units; `None` for a dimensionless number.
    unit: Option<String>,
    surface: String,
}

#[derive(Debug)]
struct Case {
    text: String,
    gold: Vec<GoldItem>,
}

/// The scoring convention of one file: which gold items are out of scope, and how ranges compare.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FileRule {
    /// quantulum3: years and numbers in names are not claims (ANNOTATION.md), so a dimensionless
    /// gold integer that is a year (1800–2100) or stands right after a capitalized word or a model
    /// code ("Core i7 860") is dropped;
    /// a number word below 100 standing alone ("there are two in my car") is not a claim either; a
    /// change "from X to Y" is two claims (ANNOTATION.md) where quantulum3 writes one range, so such
    /// gold ranges are dropped. "dozen" and "gross" are numbers here (12, 144), units there. Ranges
    /// compare by their midpoint, as quantulum3 writes them. An article is no number: "a gallon"
    /// (one gallon there) is dropped.
    Quantulum,
    /// News sentences annotated by the project's own conventions (ANNOTATION.md), in quantulum3's
    /// format (`news/*.json`): every gold item is in scope; the unit is what the number counts or
    /// measures, counted nouns included ("256,000 jobs" -> "job"), compared by head noun as the
    /// reference scorer does; a gold unit that names no rate agrees with a rate of that unit ("$82.40
    /// a barrel" -> usd, usd per barrel); fractions written to four decimals agree; ranges compare
    /// by their midpoint.
    News,
    /// Recognizers-Text numbers: a number word below 100 standing alone is not a claim here (the
    /// pronoun "one", "the two"); gold items written only in words with a value below 100 are dropped.
    /// Dates, phone numbers and addresses are not claims (ANNOTATION.md): a gold integer inside a
    /// run of three or more digit groups joined by "/", "-" or "." ("5/17/2018", "192.168.1.2") or
    /// after a "+" ("+1-222-2222") is dropped. A proportion "N in M" is N here (ANNOTATION.md:
    /// "N out of M X": N is the claim) where the file writes the fraction N/M: such gold items are
    /// dropped. The file annotates numbers without their units, so any unit agrees.
    BareNumbers,
    /// Recognizers-Text ordinals: ordinals are not claims here; no gold item is in scope, and the
    /// file counts false positives only.
    Ordinals,
    /// Recognizers-Text number ranges: both ends compare (a one-sided range: its one end); the file
    /// annotates only ranges and bounds, so only ranges and bounded quantities are predictions.
    Ranges,
    /// The other Recognizers-Text files annotate one kind of quantity each (percent, currency,
    /// dimension, temperature, age): every gold item with a value is in scope, and only quantities of
    /// that kind (by the unit's dimension) are predictions. They annotate a range by the end written
    /// with the unit ("about 40 - 50 years old" -> 50 years), so a range compares by its high end.
    Typed(Kind),
}

/// The kind of quantity a typed file annotates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Percent,
    Currency,
    Temperature,
    /// Measures other than money, percent, temperature and time.
    Dimension,
    /// Ages: durations in time units.
    Age,
}

impl Kind {
    fn admits(self, q: &Quantity) -> bool {
        let dim = q.unit.as_ref().map(|u| u.dimension);
        match self {
            Kind::Percent => dim == Some(Dimension::Percent),
            Kind::Currency => dim == Some(Dimension::Currency),
            Kind::Temperature => dim == Some(Dimension::Temperature),
            Kind::Age => dim == Some(Dimension::Time),
            Kind::Dimension => dim.is_some_and(|d| {
                !matches!(
                    d,
                    Dimension::Percent
                        | Dimension::Currency
                        | Dimension::Temperature
                        | Dimension::Time
                        | Dimension::Count
                )
            }),
        }
    }
}

impl FileRule {
    fn for_file(path: &Path) -> FileRule {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if path.parent().is_some_and(|p| p.ends_with("news")) {
            FileRule::News
        } else if name.starts_with("quantities") {
            FileRule::Quantulum
        } else if name.contains("NumberModel") {
            FileRule::BareNumbers
        } else if name.contains("OrdinalModel") {
            FileRule::Ordinals
        } else if name.contains("NumberRangeModel") {
            FileRule::Ranges
        } else if name.contains("Currency") {
            FileRule::Typed(Kind::Currency)
        } else if name.contains("Temperature") {
            FileRule::Typed(Kind::Temperature)
        } else if name.contains("Percent") {
            FileRule::Typed(Kind::Percent)
        } else if name.contains("Age") {
            FileRule::Typed(Kind::Age)
        } else {
            FileRule::Typed(Kind::Dimension)
        }
    }

    fn describe(self) -> &'static str {
        match self {
            FileRule::Quantulum => "an article is no number: gold items 'a/an <unit>' of value 1 are out of scope; years and numbers in names are not claims: dimensionless gold integers 1800-2100 or right after a capitalized word or a model code are out of scope; a number word below 100 standing alone is not a claim; a change 'from X to Y' is two claims, not one range: such gold ranges are out of scope; dozen and gross are numbers (12, 144); ranges compare by midpoint",
            FileRule::BareNumbers => "a number word below 100 standing alone is not a claim: gold items in words only with value < 100 are out of scope; dates, phone numbers and addresses are not claims: gold integers in a run of 3+ digit groups joined by / - . or after + are out of scope; a proportion 'N in M' is N, not N/M: such gold fractions are out of scope; numbers are annotated without units: any unit agrees",
            FileRule::News => "annotated by the project's conventions: every gold item is in scope; counted nouns are units, compared as the reference scorer compares them (the head noun of one is a word of the other); a gold unit without a rate agrees with a rate of that unit; fractions written to four decimals agree; ranges compare by midpoint",
            FileRule::Ordinals => "ordinals are not claims: no gold item is in scope; predictions are false positives",
            FileRule::Ranges => "only ranges are annotated: ranges and bounded quantities are the predictions; ranges compare by both ends",
            FileRule::Typed(_) => "only one kind of quantity is annotated: every gold item is in scope; predictions are the quantities of that kind (by unit dimension); a range compares by the end written with the unit, its high end",
        }
    }

    /// Whether a quantity the grammar found counts as a prediction for this file.
    fn admits(self, q: &Quantity) -> bool {
        match self {
            FileRule::Typed(kind) => kind.admits(q),
            FileRule::Ranges => q.bound != crate::doc::Bound::Exact,
            _ => true,
        }
    }

    fn in_scope(self, text: &str, item: &GoldItem) -> bool {
        match self {
            FileRule::Ordinals => false,
            FileRule::Quantulum => {
                let article = is_article_of_unit(item);
                let bare_word = item.unit.is_none()
                    && !item.surface.trim().contains([' ', '-'])
                    && is_small_number_word(item);
                let year_or_name = item.unit.is_none() && is_year_or_name(text, item);
                !(article || year_or_name || bare_word || is_change_from_to(text, item))
            }
            FileRule::BareNumbers => {
                !is_small_number_word(item)
                    && !in_date_phone_or_address(text, item)
                    && !is_proportion_as_fraction(item)
            }
            FileRule::News | FileRule::Ranges | FileRule::Typed(_) => true,
        }
    }
}

/// A gold item that is an article before a unit ("a gallon", "a penny": one gallon, one penny).
/// "a dozen" and "a gross" are numbers (12, 144) and stay.
fn is_article_of_unit(item: &GoldItem) -> bool {
    let surface = item.surface.trim().to_lowercase();
    let article = surface.starts_with("a ") || surface.starts_with("an ");
    article && item.unit.is_some() && item.value == Some(1.0)
}

/// Whether a prediction is a vague amount ("several hundred years", "dozens", "tens of
/// thousands"): optional in the project's gold (ANNOTATION.md), so one no gold item takes counts
/// neither way.
fn is_vague_amount(text: &str, pred: &Quantity) -> bool {
    let written = text[pred.span.start..pred.span.end].to_lowercase();
    !written.chars().any(|c| c.is_ascii_digit())
        && written.split_whitespace().any(|w| {
            lexicon::vague_count(w).is_some()
                || matches!(w, "several" | "few" | "couple" | "scores" | "tens")
        })
}

/// A gold item written in words only, of a value below 100.
fn is_small_number_word(item: &GoldItem) -> bool {
    let words_only = !item.surface.chars().any(|c| c.is_ascii_digit());
    words_only && item.value.is_some_and(|v| v.abs() < 100.0)
}

/// A gold fraction written as a proportion "N in M" ("1 in twenty-one" -> 1/21).
fn is_proportion_as_fraction(item: &GoldItem) -> bool {
    let surface = item.surface.trim().to_lowercase();
    let parts: Vec<&str> = surface.split(" in ").collect();
    parts.len() == 2
        && !parts.iter().any(|p| p.trim().is_empty())
        && item.value.is_some_and(|v| v > 0.0 && v < 1.0)
}

/// A gold range written "from X to Y" after a word of change ("rose from about $350 per kg to
/// $680 per kg", "was reduced from 44 mg to 50 mg"), not a range ("ranged from -18 °C to -34 °C").
fn is_change_from_to(text: &str, item: &GoldItem) -> bool {
    let surface = item.surface.trim();
    if !surface.contains(" to ") {
        return false;
    }
    let Some(at) = text.find(surface) else {
        return false;
    };
    let before = text[..at].to_lowercase();
    let words: Vec<&str> = before.split_whitespace().rev().take(6).collect();
    // "from" right before the range or before a qualifier of its first end ("from about $350").
    let from_at = if surface.to_lowercase().starts_with("from ") {
        Some(0)
    } else {
        words
            .iter()
            .take(2)
            .position(|w| *w == "from")
            .map(|p| p + 1)
    };
    let Some(from_at) = from_at else {
        return false;
    };
    words.iter().skip(from_at).take(3).any(|w| {
        lexicon::change_before(w).is_some() || lexicon::change_after(w).is_some() || *w == "changed"
    })
}

/// A gold integer inside a date, a phone number or an address: a run of three or more digit
/// groups joined by "/", "-" or "." ("5/17/2018", "192.168.1.2"), or one after a "+".
fn in_date_phone_or_address(text: &str, item: &GoldItem) -> bool {
    let surface = item.surface.trim();
    if surface.is_empty() || !surface.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let is_part = |c: char| c.is_ascii_digit() || matches!(c, '/' | '-' | '.' | '+');
    let whole = |at: usize| {
        !text[..at].ends_with(|c: char| c.is_ascii_digit())
            && !text[at + surface.len()..].starts_with(|c: char| c.is_ascii_digit())
    };
    text.match_indices(surface)
        .filter(|(at, _)| whole(*at))
        .any(|(at, _)| {
            let start = text[..at].rfind(|c: char| !is_part(c)).map_or(0, |k| k + 1);
            let end = text[at..]
                .find(|c: char| !is_part(c))
                .map_or(text.len(), |k| at + k);
            let run = text[start..end].trim_end_matches(['.', '-', '/']);
            let groups = run
                .split(['/', '-', '.'])
                .filter(|g| !g.trim_start_matches('+').is_empty())
                .count();
            groups >= 3 || run.starts_with('+')
        })
}

fn is_year_or_name(text: &str, item: &GoldItem) -> bool {
    let Some(v) = item.value else { return false };
    let integer = item.surface.trim().chars().all(|c| c.is_ascii_digit());
    if !integer {
        return false;
    }
    if (1800.0..=2100.0).contains(&v) {
        return true;
    }
    let Some(at) = text.find(item.surface.trim()) else {
        return false;
    };
    let before = text[..at].trim_end_matches([' ', '-']);
    let last_word = before
        .rsplit(' ')
        .next()
        .unwrap_or("")
        .trim_start_matches(|c: char| !c.is_alphanumeric());
    // "Windows 11", "Core i7 860": a capitalized word or a model code names the number.
    last_word.chars().next().is_some_and(char::is_uppercase)
        || (last_word.chars().any(|c| c.is_ascii_digit())
            && last_word.chars().any(char::is_alphabetic))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOLERANCE * a.abs().max(b.abs()).max(1.0)
}

fn values_agree(rule: FileRule, gold: &GoldItem, pred: &Quantity) -> bool {
    if rule == FileRule::Ranges && (gold.low.is_some() || gold.high.is_some()) {
        let end = |g: Option<f64>, p: Option<f64>| match (g, p) {
            (Some(g), Some(p)) => close(g, p),
            (None, _) => true,
            (Some(_), None) => false,
        };
        let one_sided = gold.low.is_none() || gold.high.is_none();
        if one_sided {
            let g = gold.low.or(gold.high).unwrap_or(f64::NAN);
            return pred.value.is_some_and(|v| close(v, g))
                || pred.low.or(pred.high).is_some_and(|v| close(v, g));
        }
        return end(gold.low, pred.low) && end(gold.high, pred.high);
    }
    let Some(g) = gold.value else { return false };
    // The project's own file writes fractions to four decimals ("two-thirds" -> 0.6667).
    let close = |a: f64, b: f64| {
        close(a, b) || (rule == FileRule::News && b.fract() != 0.0 && (a - b).abs() <= 5e-5)
    };
    if let Some(v) = pred.value {
        return close(v, g);
    }
    if let (FileRule::Typed(_), Some(h)) = (rule, pred.high) {
        return close(h, g);
    }
    match (pred.low, pred.high) {
        (Some(l), Some(h)) => close((l + h) / 2.0, g),
        _ => false,
    }
}

/// The unit of a prediction, named as gold units are mapped: its canonical name, or `None` for a
/// count (no unit, or a counted noun that is no unit of measure) and for a fraction (ANNOTATION.md
/// names a fraction of something "fraction"; the files call it dimensionless).
fn predicted_unit(q: &Quantity) -> Option<String> {
    let u = q.unit.as_ref()?;
    (u.dimension != Dimension::Count && u.text != "fraction").then(|| u.text.clone())
}

/// A gold unit name in the grammar's naming: lowercase, US spelling, currencies as ISO codes; a
/// rate part by part ("dollar per hour" -> "usd per hour").
fn gold_unit_name(name: &str, file_is_currency: bool) -> Option<String> {
    let lower = name.trim().to_lowercase();
    if lower.is_empty() || lower == "dimensionless" {
        return None;
    }
    if let Some((head, per)) = lower.split_once(" per ") {
        if units::unit_name(&lower).is_none() {
            let head = gold_unit_name(head, file_is_currency)?;
            let per = gold_unit_name(per, file_is_currency)?;
            return Some(format!("{head} per {per}"));
        }
    }
    if let Some(code) = units::currency_name(&lower) {
        if file_is_currency || lower != "pound" {
            return Some(code.to_string());
        }
    }
    let spelled = match lower.as_str() {
        "c" => "degree celsius".to_string(),
        "f" => "degree fahrenheit".to_string(),
        "pound-mass" => "pound".to_string(),
        "percentage" => "percent".to_string(),
        "metric ton" => "tonne".to_string(),
        _ => lower
            .replace("metre", "meter")
            .replace("litre", "liter")
            .replace("gramme", "gram"),
    };
    Some(
        units::canonical_unit_name(&spelled)
            .map(str::to_string)
            .unwrap_or(spelled),
    )
}

/// Whether the units agree. The typed Recognizers-Text files name a price or a measure without
/// what it is given per ("$98 a share" -> Dollar, "500,000 barrels a day" -> Barrel), where
/// ANNOTATION.md writes the rate ("usd per share"): there the prediction's unit compares by its head.
/// Recognizers-Text's number model annotates numbers without their units ("$20" -> 20,
/// dimensionless): there any unit agrees.
fn units_agree(rule: FileRule, gold: &GoldItem, pred: &Quantity) -> bool {
    if rule == FileRule::BareNumbers {
        return true;
    }
    let rate_unnamed = matches!(rule, FileRule::Typed(_) | FileRule::News);
    let predicted = if rule == FileRule::News {
        pred.unit
            .as_ref()
            .filter(|u| u.text != "fraction")
            .map(|u| u.text.clone())
    } else {
        predicted_unit(pred)
    };
    if rule == FileRule::News {
        return match (&gold.unit, &predicted) {
            (None, None) => true,
            (Some(g), Some(p)) => same_head(g, p),
            _ => false,
        };
    }
    match (&gold.unit, predicted) {
        (None, None) => true,
        (Some(g), Some(p)) if rate_unnamed && !g.contains(" per ") => {
            p.split(" per ").next() == Some(g.as_str())
        }
        (Some(g), Some(p)) => *g == p,
        _ => false,
    }
}

/// The reference scorer's unit rule (shared/eval/score_claims.py): the units are the same, or the
/// head noun of one is a word of the other ("consecutive day" and "day"); a gold unit that names no
/// rate agrees with a rate of it ("usd" and "usd per barrel").
fn same_head(gold: &str, pred: &str) -> bool {
    let pred = if gold.contains(" per ") {
        pred
    } else {
        pred.split(" per ").next().unwrap_or(pred)
    };
    let (gw, pw): (Vec<&str>, Vec<&str>) = (
        gold.split_whitespace().collect(),
        pred.split_whitespace().collect(),
    );
    gold == pred
        || gw.last().is_some_and(|g| pw.contains(g))
        || pw.last().is_some_and(|p| gw.contains(p))
}

fn parse_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim_end_matches('%').parse().ok(),
        _ => None,
    }
}

/// "(20,35]", "[20,)", "(,30)" -> the two ends.
fn parse_interval(s: &str) -> Option<(Option<f64>, Option<f64>)> {
    let inner = s.trim().get(1..s.trim().len().checked_sub(1)?)?;
    let (a, b) = inner.split_once(',')?;
    let end = |x: &str| x.trim().parse::<f64>().ok();
    Some((end(a), end(b)))
}

/// Units that are numbers in the project's reading: "dozen" (12), "gross" (144).
fn counting_unit(name: &str) -> Option<f64> {
    match name {
        "dozen" => Some(12.0),
        "baker's dozen" => Some(13.0),
        "gross" => Some(144.0),
        _ => None,
    }
}

fn read_quantulum(path: &Path) -> Result<Vec<Case>> {
    let data: Value = serde_json::from_str(&std::fs::read_to_string(path)?)
        .with_context(|| format!("{}: not JSON", path.display()))?;
    let Some(rows) = data.as_array() else {
        bail!("{}: expected a JSON array of {{req, res}}", path.display());
    };
    rows.iter()
        .enumerate()
        .map(|(k, row)| {
            let text = row["req"]
                .as_str()
                .with_context(|| format!("{} item {k}: no string `req`", path.display()))?;
            let res = row["res"]
                .as_array()
                .with_context(|| format!("{} item {k}: no array `res`", path.display()))?;
            let gold = res
                .iter()
                .map(|r| {
                    let unit = gold_unit_name(r["unit"].as_str().unwrap_or(""), true);
                    let value = parse_number(&r["value"]);
                    // "a dozen eggs": twelve (eggs) here, one dozen there.
                    match unit.as_deref().and_then(counting_unit) {
                        Some(n) => GoldItem {
                            value: value.map(|v| v * n),
                            low: None,
                            high: None,
                            unit: None,
                            surface: r["surface"].as_str().unwrap_or("").to_string(),
                        },
                        None => GoldItem {
                            value,
                            low: None,
                            high: None,
                            unit,
                            surface: r["surface"].as_str().unwrap_or("").to_string(),
                        },
                    }
                })
                .collect();
            Ok(Case {
                text: text.to_string(),
                gold,
            })
        })
        .collect()
}

fn read_recognizers(path: &Path) -> Result<Vec<Case>> {
    let data: Value = serde_json::from_str(&std::fs::read_to_string(path)?)
        .with_context(|| format!("{}: not JSON", path.display()))?;
    let Some(rows) = data.as_array() else {
        bail!(
            "{}: expected a JSON array of {{Input, Results}}",
            path.display()
        );
    };
    let currency_file = path.to_string_lossy().contains("Currency");
    // The percent file gives no unit: its values are percentages.
    let default_unit = path
        .to_string_lossy()
        .contains("PercentModel")
        .then(|| "percent".to_string());
    rows.iter()
        .enumerate()
        .map(|(k, row)| {
            let text = row["Input"]
                .as_str()
                .with_context(|| format!("{} case {k}: no string `Input`", path.display()))?;
            let results = row["Results"]
                .as_array()
                .with_context(|| format!("{} case {k}: no array `Results`", path.display()))?;
            let gold = results
                .iter()
                .filter_map(|r| {
                    let res = &r["Resolution"];
                    let raw = res["value"].as_str()?;
                    let (low, high) = if raw.starts_with(['(', '[']) {
                        parse_interval(raw)?
                    } else {
                        (None, None)
                    };
                    let value = if low.is_some() || high.is_some() {
                        None
                    } else {
                        Some(parse_number(&res["value"])?)
                    };
                    Some(GoldItem {
                        value,
                        low,
                        high,
                        unit: res["unit"]
                            .as_str()
                            .and_then(|u| gold_unit_name(u, currency_file))
                            .or_else(|| default_unit.clone()),
                        surface: r["Text"].as_str().unwrap_or("").to_string(),
                    })
                })
                .collect();
            Ok(Case {
                text: text.to_string(),
                gold,
            })
        })
        .collect()
}

#[derive(Debug, Default, Clone)]
struct Counts {
    gold: usize,
    predicted: usize,
    value_hits: usize,
    value_unit_hits: usize,
    /// Missed gold items, false positives and unit disagreements, one line each.
    misses: Vec<String>,
}

fn prf(hits: usize, predicted: usize, gold: usize) -> Value {
    let p = if predicted == 0 {
        0.0
    } else {
        hits as f64 / predicted as f64
    };
    let r = if gold == 0 {
        0.0
    } else {
        hits as f64 / gold as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    let round = |x: f64| (x * 1000.0).round() / 1000.0;
    json!({"precision": round(p), "recall": round(r), "f1": round(f)})
}

/// Whether a prediction lies on the text of a gold item: one contains the other, or the
/// prediction overlaps where the gold text is written.
fn on_surface(text: &str, pred: &Quantity, g: &GoldItem) -> bool {
    let s = g.surface.trim().to_lowercase();
    let p = text[pred.span.start..pred.span.end].to_lowercase();
    let lower = text.to_lowercase();
    // Where the gold text stands as whole words ("2" is not the "2" of "250").
    let whole = |at: usize| {
        !lower[..at].ends_with(char::is_alphanumeric)
            && !lower[at + s.len()..].starts_with(char::is_alphanumeric)
    };
    let mut places = lower
        .match_indices(&s)
        .map(|(at, _)| at)
        .filter(|&at| whole(at));
    let mut places_seen = false;
    let overlaps = places.any(|at| {
        places_seen = true;
        at < pred.span.end && pred.span.start < at + s.len()
    });
    // Where the gold text is not found as written, the texts themselves compare.
    !s.is_empty() && (overlaps || (!places_seen && (s.contains(&p) || p.contains(&s))))
}

/// Whether a prediction lies on the text of an out-of-scope gold item.
fn on_excluded(text: &str, pred: &Quantity, excluded: &[&GoldItem]) -> bool {
    excluded.iter().any(|g| on_surface(text, pred, g))
}

fn score_case(rule: FileRule, case: &Case, counts: &mut Counts) {
    let (in_scope, excluded): (Vec<&GoldItem>, Vec<&GoldItem>) =
        case.gold.iter().partition(|g| rule.in_scope(&case.text, g));
    let preds: Vec<Quantity> = extract_sentence(&case.text)
        .into_iter()
        .filter(|p| rule.admits(p) && !on_excluded(&case.text, p, &excluded))
        .collect();
    counts.gold += in_scope.len();
    counts.predicted += preds.len();
    // Each gold item takes a prediction of its value: first those written where it is (in a
    // first pass over all items, so that a definition elsewhere does not take another's number),
    // then any other; among them, one whose unit agrees.
    let mut used = vec![false; preds.len()];
    let mut taken: Vec<Option<usize>> = vec![None; in_scope.len()];
    for here_only in [true, false] {
        for (n, g) in in_scope.iter().enumerate() {
            if taken[n].is_some() {
                continue;
            }
            let candidates: Vec<usize> = (0..preds.len())
                .filter(|&k| !used[k] && values_agree(rule, g, &preds[k]))
                .filter(|&k| !here_only || on_surface(&case.text, &preds[k], g))
                .collect();
            let best = candidates
                .iter()
                .copied()
                .find(|&k| units_agree(rule, g, &preds[k]))
                .or(candidates.first().copied());
            if let Some(k) = best {
                used[k] = true;
                taken[n] = Some(k);
            }
        }
    }
    for (g, best) in in_scope.iter().zip(taken) {
        if let Some(k) = best {
            counts.value_hits += 1;
            if units_agree(rule, g, &preds[k]) {
                counts.value_unit_hits += 1;
            } else {
                counts.misses.push(format!(
                    "unit: {:?} gold {:?} got {:?} | {}",
                    g.surface,
                    g.unit,
                    preds[k].unit.as_ref().map(|u| &u.text),
                    case.text
                ));
            }
        } else {
            counts.misses.push(format!(
                "missed: {:?} {:?} {:?} | {}",
                g.surface, g.value, g.unit, case.text
            ));
        }
    }
    for (_, p) in preds.iter().enumerate().filter(|(k, _)| !used[*k]) {
        if is_vague_amount(&case.text, p) {
            counts.predicted -= 1;
            continue;
        }
        counts.misses.push(format!(
            "extra: {:?} value {:?} low {:?} high {:?} unit {:?} | {}",
            &case.text[p.span.start..p.span.end],
            p.value,
            p.low,
            p.high,
            p.unit.as_ref().map(|u| &u.text),
            case.text
        ));
    }
}

/// The score of one file as JSON; with `show_misses`, its misses go to stderr first.
fn score_file(path: &Path, cases: &[Case], show_misses: bool) -> Value {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let rule = FileRule::for_file(path);
    let mut counts = Counts::default();
    for case in cases {
        score_case(rule, case, &mut counts);
    }
    if show_misses {
        for m in &counts.misses {
            eprintln!("{name}: {m}");
        }
    }
    json!({
        "file": name,
        "cases": cases.len(),
        "gold": counts.gold,
        "predicted": counts.predicted,
        "value": prf(counts.value_hits, counts.predicted, counts.gold),
        "value_unit": prf(counts.value_unit_hits, counts.predicted, counts.gold),
        "rule": rule.describe(),
    })
}

/// The test files under `dir`: quantulum3's `quantities*.json` and Recognizers-Text's English specs.
fn test_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for sub in ["quantulum3", "recognizers-text", "news"] {
        let folder = dir.join(sub);
        if !folder.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(&folder)
            .with_context(|| format!("{}: cannot list", folder.display()))?
        {
            let p = entry?.path();
            if p.extension().is_some_and(|e| e == "json") {
                files.push(p);
            }
        }
    }
    files.sort();
    if files.is_empty() {
        bail!(
            "{}: no quantulum3/*.json, recognizers-text/*.json or news/*.json test files",
            dir.display()
        );
    }
    Ok(files)
}

/// Scores every test file under `dir`; one JSON object per file, in file order. With
/// `show_misses`, each file's missed gold items, false positives and unit disagreements go to stderr.
pub fn eval_quantities(dir: &Path, show_misses: bool) -> Result<Vec<Value>> {
    test_files(dir)?
        .into_iter()
        .map(|path| {
            let quantulum_format = path
                .parent()
                .is_some_and(|p| p.ends_with("quantulum3") || p.ends_with("news"));
            let cases = if quantulum_format {
                read_quantulum(&path)?
            } else {
                read_recognizers(&path)?
            };
            Ok(score_file(&path, &cases, show_misses))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(text: &str, value: f64, unit: Option<&str>, surface: &str) -> Case {
        Case {
            text: text.into(),
            gold: vec![GoldItem {
                value: Some(value),
                low: None,
                high: None,
                unit: unit.map(str::to_string),
                surface: surface.into(),
            }],
        }
    }

    #[test]
    fn a_found_value_with_its_unit_counts_twice() {
        let mut c = Counts::default();
        score_case(
            FileRule::Typed(Kind::Dimension),
            &case(
                "The wall is 12 kilometres long.",
                12.0,
                Some("kilometer"),
                "12 kilometres",
            ),
            &mut c,
        );
        assert_eq!(
            (c.gold, c.predicted, c.value_hits, c.value_unit_hits),
            (1, 1, 1, 1)
        );
    }

    #[test]
    fn a_typed_file_compares_a_range_by_the_end_written_with_the_unit() {
        let text = "The wall is 10 - 12 kilometres long.";
        let mut c = Counts::default();
        let typed = FileRule::Typed(Kind::Dimension);
        score_case(
            typed,
            &case(text, 12.0, Some("kilometer"), "12 kilometres"),
            &mut c,
        );
        assert_eq!((c.gold, c.predicted, c.value_hits), (1, 1, 1));
        // quantulum3 writes the midpoint.
        let mut c = Counts::default();
        score_case(
            FileRule::Quantulum,
            &case(text, 11.0, Some("kilometer"), "10 - 12 kilometres"),
            &mut c,
        );
        assert_eq!((c.gold, c.predicted, c.value_hits), (1, 1, 1));
    }

    #[test]
    fn a_wrong_value_is_a_miss_and_a_false_positive() {
        let mut c = Counts::default();
        score_case(
            FileRule::Typed(Kind::Dimension),
            &case(
                "The wall is 12 kilometres long.",
                13.0,
                Some("kilometer"),
                "13 km",
            ),
            &mut c,
        );
        assert_eq!((c.gold, c.predicted, c.value_hits), (1, 1, 0));
    }

    #[test]
    fn out_of_scope_items_count_neither_way() {
        let mut c = Counts::default();
        let text = "Voyager 2 flew past Neptune in 1989.";
        let rule = FileRule::Quantulum;
        let mut cs = case(text, 2.0, None, "2");
        cs.gold.push(GoldItem {
            value: Some(1989.0),
            low: None,
            high: None,
            unit: None,
            surface: "1989".into(),
        });
        score_case(rule, &cs, &mut c);
        assert_eq!((c.gold, c.predicted), (0, 0));
    }

    #[test]
    fn an_article_before_a_unit_is_no_number_but_a_dozen_is() {
        let rule = FileRule::Quantulum;
        let text = "I want a gallon of milk and a dozen eggs.";
        let mut gallon = item(1.0, "a gallon");
        gallon.unit = Some("gallon".into());
        assert!(!rule.in_scope(text, &gallon));
        // Read from the file, "a dozen" is twelve with no unit: in scope.
        assert!(rule.in_scope(text, &item(12.0, "a dozen")));
        let mut two = item(2.0, "2 gallons");
        two.unit = Some("gallon".into());
        assert!(rule.in_scope("I want 2 gallons.", &two));
    }

    #[test]
    fn a_vague_amount_no_gold_item_takes_counts_neither_way() {
        let mut c = Counts::default();
        let text = "The door is 3 in thick and will last several hundred years.";
        score_case(
            FileRule::Quantulum,
            &case(text, 3.0, Some("inch"), "3 in"),
            &mut c,
        );
        assert_eq!((c.gold, c.predicted, c.value_hits), (1, 1, 1));
        // A vague amount that a gold item takes is a hit.
        let mut c = Counts::default();
        let text = "Several hundred people came.";
        score_case(
            FileRule::Quantulum,
            &case(text, 300.0, Some("person"), "Several hundred people"),
            &mut c,
        );
        assert_eq!((c.gold, c.predicted, c.value_hits), (1, 1, 1));
    }

    #[test]
    fn in_the_projects_own_file_counted_nouns_are_units_and_a_rate_keeps_its_head() {
        let score = |rule: FileRule, text: &str, value: f64, unit: &str, surface: &str| {
            let mut c = Counts::default();
            let unit = Some(unit).filter(|u| *u != "dimensionless");
            score_case(rule, &case(text, value, unit, surface), &mut c);
            (c.value_hits, c.value_unit_hits)
        };
        let jobs = "Employers added 256,000 jobs in December.";
        assert_eq!(
            score(FileRule::News, jobs, 256000.0, "job", "256,000 jobs"),
            (1, 1)
        );
        assert_eq!(
            score(FileRule::News, jobs, 256000.0, "worker", "256,000 jobs"),
            (1, 0)
        );
        // quantulum3 names a counted noun no unit.
        assert_eq!(
            score(FileRule::Quantulum, jobs, 256000.0, "job", "256,000 jobs"),
            (1, 0)
        );
        let oil = "Brent crude rose to $82.40 a barrel.";
        assert_eq!(score(FileRule::News, oil, 82.4, "usd", "$82.40"), (1, 1));
        assert_eq!(
            score(FileRule::News, oil, 82.4, "usd per barrel", "$82.40"),
            (1, 1)
        );
        let streak = "Phoenix endured 31 consecutive days above 110F.";
        assert_eq!(
            score(FileRule::News, streak, 31.0, "day", "31 consecutive days"),
            (1, 1)
        );
        let third = "Sales rose by a third.";
        assert_eq!(
            score(FileRule::News, third, 0.3333, "dimensionless", "a third"),
            (1, 1)
        );
        assert_eq!(
            score(
                FileRule::Quantulum,
                third,
                0.3333,
                "dimensionless",
                "a third"
            ),
            (0, 0)
        );
    }

    fn item(value: f64, surface: &str) -> GoldItem {
        GoldItem {
            value: Some(value),
            low: None,
            high: None,
            unit: None,
            surface: surface.into(),
        }
    }

    #[test]
    fn dates_phone_numbers_and_addresses_are_out_of_scope_for_numbers() {
        let rule = FileRule::BareNumbers;
        let text = "Call +44-20-7946 by 3/14/2025 or ping 10.0.0.7 about 1-2 items.";
        assert!(!rule.in_scope(text, &item(20.0, "20")));
        assert!(!rule.in_scope(text, &item(14.0, "14")));
        assert!(!rule.in_scope(text, &item(7.0, "7")));
        assert!(rule.in_scope(text, &item(2.0, "2")));
    }

    #[test]
    fn a_proportion_written_as_a_fraction_is_out_of_scope_for_numbers() {
        let rule = FileRule::BareNumbers;
        let text = "It happens 1 in forty times, 2 in 5 days.";
        assert!(!rule.in_scope(text, &item(0.025, "1 in forty")));
        assert!(!rule.in_scope(text, &item(0.4, "2 in 5")));
        // Only the fraction: the numbers of a proportion stay in scope.
        assert!(rule.in_scope(text, &item(5.0, "5")));
        assert!(rule.in_scope("Data in 2.5 seconds.", &item(2.5, "2.5")));
    }

    #[test]
    fn a_change_from_one_level_to_another_is_not_a_range_there() {
        let rule = FileRule::Quantulum;
        let change = "Fares were raised from $2 to $3 last year.";
        assert!(!rule.in_scope(change, &item(2.5, "$2 to $3")));
        let range = "Depths ranged from 20 m to 40 m.";
        assert!(rule.in_scope(range, &item(30.0, "20 m to 40 m")));
        // A bare number word is no claim; one that counts something is.
        assert!(!rule.in_scope("I saw three.", &item(3.0, "three")));
        assert!(rule.in_scope("I saw three thousand.", &item(3000.0, "three thousand")));
    }

    #[test]
    fn a_gold_item_takes_the_prediction_written_where_it_is_first() {
        // The defined name ("A score") and its number ("20") have the same value; the number
        // written as "20" is the prediction of the item "20", not of the name before it.
        let text = "A score is 20 units.";
        let mut cs = case(text, 20.0, None, "A score");
        cs.gold.push(item(20.0, "20"));
        let mut c = Counts::default();
        score_case(FileRule::Quantulum, &cs, &mut c);
        assert_eq!((c.gold, c.predicted, c.value_hits), (2, 1, 1));
        assert!(
            c.misses.iter().any(|m| m.contains("\"A score\"")),
            "{:?}",
            c.misses
        );
    }

    #[test]
    fn a_rate_compares_by_its_head_where_the_file_names_no_rate() {
        let mut c = Counts::default();
        score_case(
            FileRule::Typed(Kind::Currency),
            &case("Shares sold at $4 a share.", 4.0, Some("usd"), "$4"),
            &mut c,
        );
        assert_eq!((c.value_hits, c.value_unit_hits), (1, 1));
        let mut c = Counts::default();
        score_case(
            FileRule::Quantulum,
            &case("Shares sold at $4 a share.", 4.0, Some("usd"), "$4"),
            &mut c,
        );
        assert_eq!((c.value_hits, c.value_unit_hits), (1, 0));
    }

    #[test]
    fn gold_units_are_named_as_the_grammar_names_them() {
        assert_eq!(
            gold_unit_name("kilometre", false).as_deref(),
            Some("kilometer")
        );
        assert_eq!(gold_unit_name("Dollar", true).as_deref(), Some("usd"));
        assert_eq!(
            gold_unit_name("pound sterling", true).as_deref(),
            Some("gbp")
        );
        assert_eq!(gold_unit_name("Pound", false).as_deref(), Some("pound"));
        assert_eq!(gold_unit_name("dimensionless", false), None);
        assert_eq!(parse_interval("(20,35]"), Some((Some(20.0), Some(35.0))));
        assert_eq!(parse_interval("[20,)"), Some((Some(20.0), None)));
    }
}
