//! Scoring mined claims against gold claims, by the rules of shared/eval/score_claims.py (same
//! matching, same field checks, same rounding), so that `claimminer eval` and the reference scorer
//! print the same numbers on the same files.

use anyhow::{bail, Context, Result};
use serde_json::{json, Map, Value};
use std::path::Path;

pub fn load_jsonl(path: &Path) -> Result<Vec<Value>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match serde_json::from_str(line) {
            Ok(v) => rows.push(v),
            Err(e) => bail!("{}:{}: not JSON: {e}", path.display(), n + 1),
        }
    }
    Ok(rows)
}

pub fn norm_text(s: &str) -> String {
    s.replace('\u{2019}', "'")
        .replace(['\u{201c}', '\u{201d}'], "\"")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn numbers(d: &Value) -> Vec<f64> {
    ["value", "low", "high"]
        .iter()
        .filter_map(|k| d.get(*k).and_then(Value::as_f64))
        .collect()
}

fn same_num(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * 1f64.max(a.abs()).max(b.abs())
}

pub fn lemma(word: &str) -> String {
    let w: String = norm_text(word)
        .chars()
        .filter(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, ' ' | '%' | '$' | '/' | '-')
        })
        .collect();
    w.split_whitespace()
        .map(|t| {
            let n = t.len();
            if t.ends_with("ies") && n > 4 {
                format!("{}y", &t[..n - 3])
            } else if t.ends_with("ses") || t.ends_with("xes") {
                t[..n - 2].to_string()
            } else if t.ends_with('s') && !t.ends_with("ss") && n > 3 {
                t[..n - 1].to_string()
            } else {
                t.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn text_of(x: Option<&Value>) -> Option<&Value> {
    match x {
        Some(Value::Object(m)) => m.get("text"),
        other => other,
    }
}

fn truthy_str(v: Option<&Value>) -> Option<&str> {
    v.and_then(Value::as_str).filter(|s| !s.is_empty())
}

fn is_empty(v: Option<&Value>) -> bool {
    matches!(v, None | Some(Value::Null)) || v.and_then(Value::as_str) == Some("")
}

fn unit_ok(gold: &Value, pred: Option<&Value>) -> bool {
    let Some(g) = gold.as_str() else {
        return is_empty(pred);
    };
    let Some(p) = truthy_str(pred) else {
        return false;
    };
    let (g, p) = (lemma(g), lemma(p));
    if g.is_empty() || p.is_empty() {
        return false;
    }
    let gw: Vec<&str> = g.split(' ').collect();
    let pw: Vec<&str> = p.split(' ').collect();
    g == p || pw.contains(gw.last().unwrap_or(&"")) || gw.contains(pw.last().unwrap_or(&""))
}

fn strip_article(s: &str) -> &str {
    for a in ["the ", "a ", "an "] {
        if let Some(rest) = s.strip_prefix(a) {
            return rest;
        }
    }
    s
}

fn alias_ok(aliases: &Value, pred: Option<&Value>) -> bool {
    let Some(list) = aliases.as_array() else {
        return is_empty(pred);
    };
    let Some(p) = truthy_str(pred) else {
        return list.iter().any(Value::is_null);
    };
    let p = norm_text(p);
    let p = strip_article(&p);
    list.iter().filter_map(Value::as_str).any(|a| {
        let a = norm_text(a);
        let a = strip_article(&a);
        a == p
            || (!a.is_empty()
                && (a.contains(p) || p.contains(a))
                && a.chars().count().min(p.chars().count()) >= 3)
    })
}

/// A gold date against a predicted one. A gold list holds several acceptable readings (a `null`
/// among them accepts no date). Dates are equal at the coarser of the two precisions, a year at
/// least ("2022" ~ "2022-01-01"); an interval matches an interval, end by end.
fn date_ok(gold: &Value, pred: Option<&Value>) -> bool {
    if let Some(readings) = gold.as_array() {
        return readings.iter().any(|g| date_ok(g, pred));
    }
    let Some(g) = gold.as_str() else {
        return is_empty(pred);
    };
    let Some(p) = truthy_str(pred) else {
        return false;
    };
    if g.contains('/') || p.contains('/') {
        return match (g.split_once('/'), p.split_once('/')) {
            (Some((g0, g1)), Some((p0, p1))) => {
                !g1.contains('/') && !p1.contains('/') && same_date(g0, p0) && same_date(g1, p1)
            }
            _ => false,
        };
    }
    same_date(g, p)
}

/// Equal at the coarser of the two precisions, a year at least.
fn same_date(g: &str, p: &str) -> bool {
    p == g || p.starts_with(g) || (g.starts_with(p) && p.chars().count() >= 4)
}

fn sentences_overlap(g: &str, p: &str) -> bool {
    let (a, b) = (norm_text(g), norm_text(p));
    !a.is_empty() && !b.is_empty() && (a == b || a.contains(&b) || b.contains(&a))
}

/// Python's round(x, 4): correctly rounded from the exact binary value.
fn round4(x: f64) -> f64 {
    format!("{x:.4}").parse().unwrap_or(x)
}

fn required(g: &Value) -> bool {
    g.get("required").and_then(Value::as_bool).unwrap_or(true)
}

const FIELDS: [&str; 6] = ["value", "unit", "subject", "source", "date", "all"];

/// The scores, and the misses, extras and wrong fields for `--show-misses`.
pub struct Report {
    pub scores: Value,
    pub missed: Vec<Value>,
    pub extra: Vec<Value>,
    pub wrong: Vec<(&'static str, Value, Value)>,
}

/// Each article scored alone, in the order the gold names them: `{doc: scores}`.
pub fn score_by_doc(gold: &[Value], pred: &[Value]) -> Value {
    let mut by_doc = Map::new();
    for g in gold {
        let Some(doc) = g.get("doc").and_then(Value::as_str) else {
            continue;
        };
        if by_doc.contains_key(doc) {
            continue;
        }
        let of_doc = |rows: &[Value], key: &str| -> Vec<Value> {
            rows.iter()
                .filter(|r| r.get(key).and_then(Value::as_str) == Some(doc))
                .cloned()
                .collect()
        };
        let report = score(&of_doc(gold, "doc"), &of_doc(pred, "doc_id"));
        by_doc.insert(doc.to_string(), report.scores);
    }
    Value::Object(by_doc)
}

pub fn score(gold: &[Value], pred: &[Value]) -> Report {
    let docs: std::collections::HashSet<&str> = gold
        .iter()
        .filter_map(|g| g.get("doc").and_then(Value::as_str))
        .collect();
    let pred: Vec<&Value> = pred
        .iter()
        .filter(|p| {
            p.get("doc_id")
                .and_then(Value::as_str)
                .is_some_and(|d| docs.contains(d))
        })
        .collect();
    let mut used = vec![false; pred.len()];
    let mut matched: Vec<(&Value, &Value)> = Vec::new();
    let mut missed = Vec::new();
    for g in gold {
        let gnums = numbers(g);
        let gdoc = g.get("doc").and_then(Value::as_str);
        let gsent = g.get("sentence").and_then(Value::as_str).unwrap_or("");
        let hit = (0..pred.len()).find(|&i| {
            let p = pred[i];
            !used[i]
                && p.get("doc_id").and_then(Value::as_str) == gdoc
                && sentences_overlap(
                    gsent,
                    p.get("sentence").and_then(Value::as_str).unwrap_or(""),
                )
                && {
                    let q = p
                        .get("quantity")
                        .filter(|q| q.is_object())
                        .cloned()
                        .unwrap_or(json!({}));
                    let qn = numbers(&q);
                    gnums.iter().any(|a| qn.iter().any(|b| same_num(*a, *b)))
                }
        });
        match hit {
            Some(i) => {
                used[i] = true;
                matched.push((g, pred[i]));
            }
            None => {
                if required(g) {
                    missed.push(g.clone());
                }
            }
        }
    }
    let tp = matched.iter().filter(|(g, _)| required(g)).count();
    let n_gold = gold.iter().filter(|g| required(g)).count();
    let extra: Vec<Value> = pred
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(p, _)| (*p).clone())
        .collect();
    let fp = extra.len();
    let prec = if tp + fp > 0 {
        tp as f64 / (tp + fp) as f64
    } else {
        0.0
    };
    let rec = if n_gold > 0 {
        tp as f64 / n_gold as f64
    } else {
        0.0
    };
    let f1 = if prec + rec > 0.0 {
        2.0 * prec * rec / (prec + rec)
    } else {
        0.0
    };
    let mut counts = [0usize; 6];
    let mut wrong = Vec::new();
    let req: Vec<&(&Value, &Value)> = matched.iter().filter(|(g, _)| required(g)).collect();
    for (g, p) in &req {
        let q = p
            .get("quantity")
            .filter(|q| q.is_object())
            .cloned()
            .unwrap_or(json!({}));
        let value_ok = ["value", "low", "high"].iter().all(|k| {
            let (gv, qv) = (
                g.get(*k).filter(|v| !v.is_null()),
                q.get(*k).filter(|v| !v.is_null()),
            );
            match (gv, qv) {
                (None, None) => true,
                (Some(a), Some(b)) => match (a.as_f64(), b.as_f64()) {
                    (Some(a), Some(b)) => same_num(a, b),
                    _ => false,
                },
                _ => false,
            }
        }) && g.get("bound") == q.get("bound");
        let pdate = match p.get("date") {
            Some(Value::Object(m)) => m.get("value"),
            other => other,
        };
        let null = Value::Null;
        let ok = [
            value_ok,
            unit_ok(g.get("unit").unwrap_or(&null), text_of(p.get("unit"))),
            alias_ok(g.get("subject").unwrap_or(&null), text_of(p.get("subject"))),
            alias_ok(g.get("source").unwrap_or(&null), text_of(p.get("source"))),
            date_ok(g.get("date").unwrap_or(&null), pdate),
        ];
        let all = ok.iter().all(|x| *x);
        for (k, v) in ok.iter().chain([&all]).enumerate() {
            if *v {
                counts[k] += 1;
            } else if k < 5 {
                wrong.push((FIELDS[k], (*g).clone(), (*p).clone()));
            }
        }
    }
    let acc: Vec<f64> = counts
        .iter()
        .map(|&c| {
            if req.is_empty() {
                0.0
            } else {
                c as f64 / req.len() as f64
            }
        })
        .collect();
    let mut acc_map = Map::new();
    for (k, v) in FIELDS.iter().zip(&acc) {
        acc_map.insert(k.to_string(), json!(round4(*v)));
    }
    let scores = json!({
        "gold": n_gold,
        "predicted": pred.len(),
        "matched": tp,
        "precision": round4(prec),
        "recall": round4(rec),
        "f1": round4(f1),
        "accuracy_on_matched": Value::Object(acc_map),
        "claim_f1_x_all": round4(f1 * acc[5]),
    });
    Report {
        scores,
        missed,
        extra,
        wrong,
    }
}

/// The `--show-misses` lines, as the reference scorer prints them.
pub fn miss_lines(r: &Report) -> Vec<String> {
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let head = |t: &str| t.chars().take(120).collect::<String>();
    let mut out = Vec::new();
    for g in &r.missed {
        out.push(format!(
            "MISSED {} {:?} | {}",
            s(g, "doc"),
            s(g, "quantity"),
            head(&s(g, "sentence"))
        ));
    }
    for p in &r.extra {
        let q = p
            .get("quantity")
            .and_then(|q| q.get("text"))
            .and_then(Value::as_str)
            .unwrap_or("");
        out.push(format!(
            "EXTRA  {} {:?} | {}",
            s(p, "doc_id"),
            q,
            head(&s(p, "sentence"))
        ));
    }
    for (field, g, p) in &r.wrong {
        let (want, got) = if *field == "value" {
            (
                json!({"value": g.get("value"), "low": g.get("low"), "high": g.get("high"), "bound": g.get("bound")}),
                p.get("quantity").cloned().unwrap_or(Value::Null),
            )
        } else {
            (
                g.get(*field).cloned().unwrap_or(Value::Null),
                p.get(*field).cloned().unwrap_or(Value::Null),
            )
        };
        let got = got.to_string().chars().take(160).collect::<String>();
        out.push(format!(
            "WRONG {field:7} {} {:?} want {} got {got}",
            s(g, "doc"),
            s(g, "quantity"),
            want
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lemma_matches_the_reference() {
        assert_eq!(lemma("Casualties"), "casualty");
        assert_eq!(lemma("boxes"), "box");
        assert_eq!(lemma("meters per day"), "meter per day");
        assert_eq!(lemma("gas"), "gas");
        assert_eq!(lemma("Russia’s losses"), "russia loss");
    }

    #[test]
    fn field_checks() {
        assert!(unit_ok(
            &json!("infantry fighting vehicle"),
            Some(&json!("other armored vehicles"))
        ));
        assert!(!unit_ok(&json!("person"), Some(&json!("people"))));
        assert!(alias_ok(
            &json!(["Russia", "Russian military"]),
            Some(&json!("the Russian forces"))
        ));
        assert!(alias_ok(&json!([null, "CSIS"]), None));
        assert!(!alias_ok(&Value::Null, Some(&json!("CSIS"))));
        assert!(date_ok(&json!("2025"), Some(&json!("2025-06-04"))));
        assert!(date_ok(&json!("2025-06-04"), Some(&json!("2025-06"))));
        assert!(!date_ok(&json!("2024-01/2025-12"), Some(&json!("2024"))));
        assert!(date_ok(&Value::Null, None));
    }

    #[test]
    fn dates_as_lists_and_intervals() {
        // A list of acceptable readings: the carried period first, then the publication date.
        let readings = json!(["2018-07-23/2018-07-29", "2018-07-31"]);
        assert!(date_ok(&readings, Some(&json!("2018-07-31"))));
        assert!(date_ok(&readings, Some(&json!("2018-07-23/2018-07-29"))));
        // At the coarser precision: a month matches a day in it.
        assert!(date_ok(&readings, Some(&json!("2018-07"))));
        assert!(!date_ok(&readings, Some(&json!("2018-06"))));
        assert!(!date_ok(&readings, None));
        // A null among the readings accepts no date.
        assert!(date_ok(&json!([null, "2024"]), None));
        // Intervals end by end, at the coarser precision of each end.
        assert!(date_ok(
            &json!("2022/2024-08-01"),
            Some(&json!("2022-01-01/2024-08-01"))
        ));
        assert!(date_ok(
            &json!("2022-01-01/2024-08-01"),
            Some(&json!("2022/2024-08"))
        ));
        assert!(!date_ok(
            &json!("2022/2024-08-01"),
            Some(&json!("2023-01-01/2024-08-01"))
        ));
        // An interval never matches a single date, nor a malformed interval.
        assert!(!date_ok(&json!("2022/2024"), Some(&json!("2022"))));
        assert!(!date_ok(&json!("2022"), Some(&json!("2022/2024"))));
        assert!(!date_ok(
            &json!("2022/2023/2024"),
            Some(&json!("2022/2023"))
        ));
    }
}
