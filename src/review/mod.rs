//! Annotation review: mined claims become review tasks (one per sentence, or per article) with the
//! model's output as pre-annotations, written for Label Studio, Prodigy or doccano; the reviewed
//! export comes back as labelled examples for retraining and gold claims for evaluation.
//!
//! Offsets in every tool's files count Unicode code points (Python `str` indices), as the claims
//! JSONL does, relative to the task text.

pub mod export;
pub mod import;

use crate::rng::Rng;
use anyhow::{bail, Context, Result};
use serde_json::Value;

/// The labels a reviewer sees: claim parts and entity types.
pub const SPAN_LABELS: [&str; 9] = [
    "QUANTITY", "UNIT", "SUBJECT", "SOURCE", "DATE", "PER", "ORG", "LOC", "MISC",
];
/// Relations from a quantity to its parts.
pub const RELATIONS: [&str; 4] = ["unit", "subject", "source", "date"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    LabelStudio,
    Prodigy,
    Doccano,
}

/// A labelled span of a task text (code point offsets).
#[derive(Debug, Clone, PartialEq)]
pub struct TaskSpan {
    pub id: String,
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub score: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TaskRelation {
    pub from: String,
    pub to: String,
    pub label: String,
}

/// One review task: a sentence (or an article's claim sentences) and its pre-annotations.
#[derive(Debug, Clone)]
pub struct Task {
    pub doc_id: String,
    /// The sentence index, or `None` for a per-article task.
    pub sentence_index: Option<usize>,
    pub text: String,
    pub claim_score: f64,
    pub spans: Vec<TaskSpan>,
    pub relations: Vec<TaskRelation>,
    pub model_version: String,
    /// How sure the extraction is (0..1): the share of claim parts found, times the weakest entity score.
    pub extraction_confidence: f64,
}

impl Task {
    fn add_span(
        &mut self,
        prefix: &str,
        start: usize,
        end: usize,
        label: &str,
        score: Option<f64>,
    ) -> String {
        if let Some(s) = self
            .spans
            .iter()
            .find(|s| (s.start, s.end, s.label.as_str()) == (start, end, label))
        {
            return s.id.clone();
        }
        let id = format!("{prefix}{}", self.spans.len() + 1);
        self.spans.push(TaskSpan {
            id: id.clone(),
            start,
            end,
            label: label.to_string(),
            score,
        });
        id
    }
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Code point offset of the first occurrence of `needle` in `text`.
fn find_chars(text: &str, needle: &str) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    text.find(needle)
        .map(|b| (chars(&text[..b]), chars(&text[..b]) + chars(needle)))
}

fn get_usize(v: &Value, k: &str) -> Option<usize> {
    v.get(k).and_then(Value::as_u64).map(|x| x as usize)
}

/// Builds one task per sentence from claims JSONL records (in their order).
pub fn tasks_from_claims(claims: &[Value]) -> Result<Vec<Task>> {
    let mut tasks: Vec<Task> = Vec::new();
    for (n, c) in claims.iter().enumerate() {
        let line = n + 1;
        if c.get("status").is_some() && c.get("quantity").is_none() {
            continue; // a no_claims marker
        }
        let field = |k: &str| {
            c.get(k)
                .with_context(|| format!("claims line {line}: missing field {k:?}"))
        };
        let doc_id = field("doc_id")?
            .as_str()
            .with_context(|| format!("claims line {line}: doc_id is not a string"))?
            .to_string();
        let si = get_usize(c, "sentence_index")
            .with_context(|| format!("claims line {line}: sentence_index is not a number"))?;
        let text = field("sentence")?
            .as_str()
            .with_context(|| format!("claims line {line}: sentence is not a string"))?
            .to_string();
        let base = get_usize(c, "sentence_start")
            .with_context(|| format!("claims line {line}: sentence_start is not a number"))?;
        let same = tasks
            .last()
            .is_some_and(|t| t.doc_id == doc_id && t.sentence_index == Some(si));
        if !same {
            let mut t = Task {
                doc_id: doc_id.clone(),
                sentence_index: Some(si),
                text: text.clone(),
                claim_score: c.get("claim_score").and_then(Value::as_f64).unwrap_or(0.0),
                spans: Vec::new(),
                relations: Vec::new(),
                model_version: c
                    .get("models")
                    .map(|m| {
                        format!(
                            "{}+{}",
                            m["classifier"].as_str().unwrap_or("?"),
                            m["tagger"].as_str().unwrap_or("?")
                        )
                    })
                    .unwrap_or_default(),
                extraction_confidence: 1.0,
            };
            for e in c
                .get("entities")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let (Some(s), Some(en), Some(label)) = (
                    get_usize(e, "start"),
                    get_usize(e, "end"),
                    e.get("label").and_then(Value::as_str),
                ) else {
                    bail!("claims line {line}: an entity lacks start, end or label");
                };
                let score = e.get("score").and_then(Value::as_f64);
                t.add_span("e", s - base, en - base, label, score);
                t.extraction_confidence = t.extraction_confidence.min(score.unwrap_or(1.0));
            }
            tasks.push(t);
        }
        let t = tasks.last_mut().expect("a task");
        let len = chars(&t.text);
        let rel = |s: usize, e: usize| {
            (s >= base && e >= s && e - base <= len).then(|| (s - base, e - base))
        };
        let q = field("quantity")?;
        let (qs, qe) = match (get_usize(q, "start"), get_usize(q, "end")) {
            (Some(s), Some(e)) => rel(s, e).with_context(|| {
                format!("claims line {line}: quantity offsets fall outside the sentence")
            })?,
            _ => bail!("claims line {line}: quantity lacks start/end"),
        };
        let qid = t.add_span("q", qs, qe, "QUANTITY", None);
        let mut found = 0.0f64;
        let mut attach =
            |t: &mut Task, span: Option<(usize, usize)>, label: &str, relation: &str| {
                if let Some((s, e)) = span {
                    let id = t.add_span(&label[..1].to_lowercase(), s, e, label, None);
                    t.relations.push(TaskRelation {
                        from: qid.clone(),
                        to: id,
                        label: relation.to_string(),
                    });
                    found += 1.0;
                }
            };
        let unit = c.get("unit").filter(|u| u.is_object());
        attach(
            t,
            unit.and_then(|u| Some((get_usize(u, "start")?, get_usize(u, "end")?)))
                .and_then(|(s, e)| rel(s, e)),
            "UNIT",
            "unit",
        );
        let subject = c.get("subject").filter(|u| u.is_object());
        attach(
            t,
            subject
                .and_then(|u| Some((get_usize(u, "start")?, get_usize(u, "end")?)))
                .and_then(|(s, e)| rel(s, e)),
            "SUBJECT",
            "subject",
        );
        let source = c
            .get("source")
            .filter(|s| s.is_object() && get_usize(s, "sentence_index") == Some(si));
        let text_now = t.text.clone();
        attach(
            t,
            source.and_then(|s| find_chars(&text_now, s["mention"].as_str()?)),
            "SOURCE",
            "source",
        );
        let date = c
            .get("date")
            .filter(|d| d.is_object() && d["kind"] != "publication");
        attach(
            t,
            date.and_then(|d| find_chars(&text_now, d["text"].as_str()?)),
            "DATE",
            "date",
        );
        // Unit and subject matter most; an inferred unit or a missing subject lowers confidence.
        let share = (found + if unit.is_some() { 0.5 } else { 0.0 }) / 4.5;
        t.extraction_confidence = t.extraction_confidence.min(share.min(1.0));
    }
    Ok(tasks)
}

/// Merges each article's sentence tasks into one task, sentences on lines of their own.
pub fn per_article(tasks: Vec<Task>) -> Vec<Task> {
    let mut out: Vec<Task> = Vec::new();
    for t in tasks {
        if out.last().is_none_or(|a| a.doc_id != t.doc_id) {
            out.push(Task {
                sentence_index: None,
                text: String::new(),
                spans: Vec::new(),
                relations: Vec::new(),
                ..t.clone()
            });
        }
        let a = out.last_mut().expect("an article task");
        if !a.text.is_empty() {
            a.text.push('\n');
        }
        let shift = chars(&a.text);
        let prefix = format!("s{}-", t.sentence_index.unwrap_or(0));
        for s in &t.spans {
            a.spans.push(TaskSpan {
                id: format!("{prefix}{}", s.id),
                start: s.start + shift,
                end: s.end + shift,
                ..s.clone()
            });
        }
        for r in &t.relations {
            a.relations.push(TaskRelation {
                from: format!("{prefix}{}", r.from),
                to: format!("{prefix}{}", r.to),
                label: r.label.clone(),
            });
        }
        a.text.push_str(&t.text);
        a.claim_score = if shift == 0 {
            t.claim_score
        } else {
            a.claim_score.min(t.claim_score)
        };
        a.extraction_confidence = a.extraction_confidence.min(t.extraction_confidence);
    }
    out
}

/// Most informative first: claim scores nearest the threshold, or the least certain extractions.
pub fn order_by_uncertainty(tasks: &mut [Task], threshold: f64) {
    let key = |t: &Task| (2.0 * (t.claim_score - threshold).abs()).min(t.extraction_confidence);
    tasks.sort_by(|a, b| key(a).total_cmp(&key(b)));
}

/// A reproducible random sample of `n` tasks, kept in their current order.
pub fn sample(tasks: Vec<Task>, n: usize, seed: u64) -> Vec<Task> {
    let mut idx: Vec<usize> = (0..tasks.len()).collect();
    Rng::new(seed).shuffle(&mut idx);
    let mut keep: Vec<usize> = idx.into_iter().take(n).collect();
    keep.sort_unstable();
    let mut tasks: Vec<Option<Task>> = tasks.into_iter().map(Some).collect();
    keep.into_iter().filter_map(|i| tasks[i].take()).collect()
}
