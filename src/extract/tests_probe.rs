//! The probe set of general-news sentences (`tests/data/news_quantities.txt`, our own phrasing):
//! every quantity each sentence states, with its unit and direction of change, against what the
//! grammar reads. The errors are listed; their number may not rise above [`PROBE_ERROR_CEILING`].

use super::extract_sentence;
use crate::doc::{Change, Quantity};

const PROBE: &str = include_str!("../../tests/data/news_quantities.txt");

/// The errors the grammar makes on the probe set today; a change that adds one fails.
const PROBE_ERROR_CEILING: usize = 5;

/// One expected quantity of a probe sentence.
#[derive(Debug)]
struct Expected {
    value: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
    /// Acceptable unit names; empty for any; `["_"]` for none.
    units: Vec<String>,
    change: Option<Option<Change>>,
    optional: bool,
}

fn parse_expected(spec: &str) -> Expected {
    let spec = spec.trim();
    let (optional, spec) = match spec.strip_prefix('?') {
        Some(rest) => (true, rest),
        None => (false, spec),
    };
    let mut words: Vec<&str> = spec.split_whitespace().collect();
    let change = match words.last().copied() {
        Some("+") => Some(Some(Change::Increase)),
        Some("-") => Some(Some(Change::Decrease)),
        Some("=") => Some(None),
        _ => None,
    };
    if change.is_some() {
        words.pop();
    }
    let number = |s: &str| -> f64 {
        s.parse()
            .unwrap_or_else(|_| panic!("probe: bad number {s:?} in {spec:?}"))
    };
    let (value, low, high) = match words[0].split_once('~') {
        Some((l, h)) => (None, Some(number(l)), Some(number(h))),
        None => (Some(number(words[0])), None, None),
    };
    let unit = words[1..].join(" ");
    let units = match unit.as_str() {
        "*" => vec![],
        _ => unit.split('|').map(|u| u.trim().to_string()).collect(),
    };
    Expected {
        value,
        low,
        high,
        units,
        change,
        optional,
    }
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-6 * a.abs().max(1.0),
        (None, None) => true,
        _ => false,
    }
}

fn same_number(e: &Expected, q: &Quantity) -> bool {
    match e.value {
        Some(_) => close(e.value, q.value),
        None => close(e.low, q.low) && close(e.high, q.high),
    }
}

fn unit_text(q: &Quantity) -> String {
    q.unit.as_ref().map_or("_".to_string(), |u| u.text.clone())
}

fn describe(s: &str, q: &Quantity) -> String {
    let value = match q.value {
        Some(v) => v.to_string(),
        None => format!("{:?}~{:?}", q.low, q.high),
    };
    let dimension = q.unit.as_ref().map_or("-", |u| u.dimension.as_str());
    format!(
        "{:?} = {value} {} ({dimension}) {:?}",
        &s[q.span.start..q.span.end],
        unit_text(q),
        q.change
    )
}

/// The errors of one probe line: missed and misread quantities, and spurious ones.
fn errors_of(sentence: &str, specs: &str) -> Vec<String> {
    let expected: Vec<Expected> = specs.split(';').map(parse_expected).collect();
    let found = extract_sentence(sentence);
    let mut used = vec![false; found.len()];
    let mut errors = Vec::new();
    for e in &expected {
        let Some(k) = (0..found.len()).find(|&k| !used[k] && same_number(e, &found[k])) else {
            if !e.optional {
                errors.push(format!("missed {e:?}"));
            }
            continue;
        };
        used[k] = true;
        let q = &found[k];
        if !e.units.is_empty() && !e.units.contains(&unit_text(q)) {
            errors.push(format!(
                "unit: {} (want {:?})",
                describe(sentence, q),
                e.units
            ));
        }
        if let Some(change) = e.change {
            if change != q.change {
                errors.push(format!(
                    "change: {} (want {change:?})",
                    describe(sentence, q)
                ));
            }
        }
    }
    for (k, q) in found.iter().enumerate() {
        if !used[k] {
            errors.push(format!("spurious: {}", describe(sentence, q)));
        }
    }
    errors
}

#[test]
fn the_probe_set_of_news_sentences_stays_within_its_error_count() {
    let mut all = Vec::new();
    let mut sentences = 0;
    for line in PROBE.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (sentence, specs) = line
            .split_once(" || ")
            .unwrap_or_else(|| panic!("probe line without ' || ': {line:?}"));
        sentences += 1;
        for e in errors_of(sentence, specs) {
            all.push(format!("{sentence}\n    {e}"));
        }
    }
    for e in &all {
        eprintln!("{e}");
    }
    eprintln!("probe: {} errors in {sentences} sentences", all.len());
    assert!(sentences >= 80, "probe set has only {sentences} sentences");
    assert!(
        all.len() <= PROBE_ERROR_CEILING,
        "{} probe errors > {PROBE_ERROR_CEILING}",
        all.len()
    );
}

#[test]
fn a_probe_line_reports_what_it_misses_and_misreads() {
    let errors = errors_of("Sales rose 5% to 300 cars.", "5 percent -; 400 car");
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors[0].starts_with("change"));
    assert!(errors[1].starts_with("missed"));
    assert!(errors[2].starts_with("spurious"));
    assert!(errors_of("Sales rose 5% to 300 cars.", "5 percent +; 300 car").is_empty());
}
