//! Reading reviewed tasks back from Label Studio (JSON export), Prodigy (JSONL) or doccano (JSONL),
//! and turning them into labelled examples: sentence labels for the classifier, entity spans for the
//! tagger, gold claims (shared/eval/GOLD_FORMAT.md) for evaluation. Rejected, skipped and
//! unannotated tasks are kept apart, never mixed in.

use super::{Format, TaskRelation, TaskSpan};
use crate::attach::date::find_time_expressions;
use crate::extract::{extract_sentence, lexicon::singular, tokens::tokenize};
use anyhow::{bail, Context, Result};
use serde_json::{json, Value};

/// A task as the reviewer left it.
#[derive(Debug, Clone)]
pub struct Reviewed {
    /// Where it came from, for messages: "task 12", "line 3".
    pub origin: String,
    pub text: String,
    pub doc_id: Option<String>,
    pub sentence_index: Option<usize>,
    pub spans: Vec<TaskSpan>,
    pub relations: Vec<TaskRelation>,
    pub claim: Option<bool>,
}

/// What an import yields.
#[derive(Debug, Default)]
pub struct Imported {
    pub reviewed: Vec<Reviewed>,
    /// Tasks not to learn from: `{"origin", "reason", "task"}`.
    pub set_aside: Vec<Value>,
}

fn need<'a>(v: &'a Value, path: &str, origin: &str) -> Result<&'a Value> {
    let mut cur = v;
    for part in path.split('.') {
        cur = cur
            .get(part)
            .with_context(|| format!("{origin}: missing field {path:?}"))?;
    }
    Ok(cur)
}

fn need_usize(v: &Value, path: &str, origin: &str) -> Result<usize> {
    need(v, path, origin)?
        .as_u64()
        .map(|x| x as usize)
        .with_context(|| format!("{origin}: field {path:?} is not a non-negative integer"))
}

fn need_str<'a>(v: &'a Value, path: &str, origin: &str) -> Result<&'a str> {
    need(v, path, origin)?
        .as_str()
        .with_context(|| format!("{origin}: field {path:?} is not a string"))
}

fn check_span(text: &str, s: &TaskSpan, origin: &str) -> Result<()> {
    if s.start >= s.end || s.end > text.chars().count() {
        bail!(
            "{origin}: span {:?} [{}, {}) does not fit the text ({} characters)",
            s.label,
            s.start,
            s.end,
            text.chars().count()
        );
    }
    Ok(())
}

fn choice(v: Option<&str>) -> Option<bool> {
    match v {
        Some("claim") => Some(true),
        Some("not_claim") => Some(false),
        _ => None,
    }
}

fn label_studio(data: &str) -> Result<Imported> {
    let tasks: Value = serde_json::from_str(data).context("Label Studio export: not valid JSON")?;
    let tasks = tasks
        .as_array()
        .context("Label Studio export: expected a JSON list of tasks")?;
    let mut out = Imported::default();
    for (n, task) in tasks.iter().enumerate() {
        let origin = format!(
            "task {}",
            task.get("id")
                .map_or_else(|| format!("#{}", n + 1), |i| i.to_string())
        );
        let text = need_str(task, "data.text", &origin)?.to_string();
        let annotations = task
            .get("annotations")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let Some(ann) = annotations.iter().rev().find(|a| {
            !a.get("was_cancelled")
                .and_then(Value::as_bool)
                .unwrap_or(false)
        }) else {
            let reason = if annotations.is_empty() {
                "not annotated"
            } else {
                "skipped (cancelled)"
            };
            out.set_aside
                .push(json!({"origin": origin, "reason": reason, "task": task}));
            continue;
        };
        let mut r = Reviewed {
            origin: origin.clone(),
            text,
            doc_id: task["data"]
                .get("doc_id")
                .and_then(Value::as_str)
                .map(str::to_string),
            sentence_index: task["data"]
                .get("sentence_index")
                .and_then(Value::as_u64)
                .map(|x| x as usize),
            spans: Vec::new(),
            relations: Vec::new(),
            claim: None,
        };
        let result = need(ann, "result", &origin)?
            .as_array()
            .with_context(|| format!("{origin}: field \"result\" is not a list"))?;
        for (k, item) in result.iter().enumerate() {
            let at = format!("{origin}, result[{k}]");
            match item.get("type").and_then(Value::as_str) {
                Some("labels") => {
                    let span = TaskSpan {
                        id: need_str(item, "id", &at)?.to_string(),
                        start: need_usize(item, "value.start", &at)?,
                        end: need_usize(item, "value.end", &at)?,
                        label: need(item, "value.labels", &at)?
                            .get(0)
                            .and_then(Value::as_str)
                            .with_context(|| format!("{at}: field \"value.labels\" has no label"))?
                            .to_string(),
                        score: None,
                    };
                    check_span(&r.text, &span, &at)?;
                    r.spans.push(span);
                }
                Some("relation") => {
                    let label = item
                        .get("labels")
                        .and_then(|l| l.get(0))
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string();
                    r.relations.push(TaskRelation {
                        from: need_str(item, "from_id", &at)?.to_string(),
                        to: need_str(item, "to_id", &at)?.to_string(),
                        label,
                    });
                }
                Some("choices") => {
                    r.claim = choice(
                        need(item, "value.choices", &at)?
                            .get(0)
                            .and_then(Value::as_str),
                    )
                }
                Some(_) => {}
                None => bail!("{at}: missing field \"type\""),
            }
        }
        out.reviewed.push(r);
    }
    Ok(out)
}

fn jsonl(data: &str, tool: &str) -> Result<Vec<(String, Value)>> {
    data.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let origin = format!("line {}", i + 1);
            let v: Value = serde_json::from_str(l)
                .with_context(|| format!("{tool} export {origin}: not valid JSON"))?;
            Ok((origin, v))
        })
        .collect()
}

fn prodigy(data: &str) -> Result<Imported> {
    let mut out = Imported::default();
    for (origin, task) in jsonl(data, "Prodigy")? {
        let answer = task.get("answer").and_then(Value::as_str).unwrap_or("");
        if answer != "accept" {
            let reason = if answer.is_empty() {
                "no answer".to_string()
            } else {
                format!("answer {answer}")
            };
            out.set_aside
                .push(json!({"origin": origin, "reason": reason, "task": task}));
            continue;
        }
        let text = need_str(&task, "text", &origin)?.to_string();
        let mut r = Reviewed {
            origin: origin.clone(),
            text,
            doc_id: task
                .get("meta")
                .and_then(|m| m.get("doc_id"))
                .and_then(Value::as_str)
                .map(str::to_string),
            sentence_index: task
                .get("meta")
                .and_then(|m| m.get("sentence_index"))
                .and_then(Value::as_u64)
                .map(|x| x as usize),
            spans: Vec::new(),
            relations: Vec::new(),
            claim: task
                .get("accept")
                .and_then(|a| a.as_array())
                .map(|a| a.iter().any(|x| x == "claim")),
        };
        for (k, s) in task
            .get("spans")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let at = format!("{origin}, spans[{k}]");
            let span = TaskSpan {
                id: format!("p{k}"),
                start: need_usize(s, "start", &at)?,
                end: need_usize(s, "end", &at)?,
                label: need_str(s, "label", &at)?.to_string(),
                score: None,
            };
            check_span(&r.text, &span, &at)?;
            r.spans.push(span);
        }
        for (k, rel) in task
            .get("relations")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let at = format!("{origin}, relations[{k}]");
            let find = |key: &str| -> Result<String> {
                let (s, e) = (
                    need_usize(rel, &format!("{key}.start"), &at)?,
                    need_usize(rel, &format!("{key}.end"), &at)?,
                );
                r.spans
                    .iter()
                    .find(|x| x.start == s && x.end == e)
                    .map(|x| x.id.clone())
                    .with_context(|| {
                        format!("{at}: {key} [{s}, {e}) is not one of the task's spans")
                    })
            };
            let (from, to) = (find("head_span")?, find("child_span")?);
            r.relations.push(TaskRelation {
                from,
                to,
                label: need_str(rel, "label", &at)?.to_lowercase(),
            });
        }
        out.reviewed.push(r);
    }
    Ok(out)
}

fn doccano(data: &str) -> Result<Imported> {
    let mut out = Imported::default();
    for (origin, task) in jsonl(data, "doccano")? {
        let text = need_str(&task, "text", &origin)?.to_string();
        let mut r = Reviewed {
            origin: origin.clone(),
            text,
            doc_id: task
                .get("doc_id")
                .and_then(Value::as_str)
                .map(str::to_string),
            sentence_index: task
                .get("sentence_index")
                .and_then(Value::as_u64)
                .map(|x| x as usize),
            spans: Vec::new(),
            relations: Vec::new(),
            claim: task
                .get("cats")
                .and_then(Value::as_array)
                .and_then(|c| c.first())
                .and_then(Value::as_str)
                .and_then(|c| choice(Some(c))),
        };
        if let Some(entities) = task.get("entities").and_then(Value::as_array) {
            for (k, e) in entities.iter().enumerate() {
                let at = format!("{origin}, entities[{k}]");
                let span = TaskSpan {
                    id: need(e, "id", &at)?.to_string(),
                    start: need_usize(e, "start_offset", &at)?,
                    end: need_usize(e, "end_offset", &at)?,
                    label: need_str(e, "label", &at)?.to_string(),
                    score: None,
                };
                check_span(&r.text, &span, &at)?;
                r.spans.push(span);
            }
            for (k, rel) in task
                .get("relations")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let at = format!("{origin}, relations[{k}]");
                r.relations.push(TaskRelation {
                    from: need(rel, "from_id", &at)?.to_string(),
                    to: need(rel, "to_id", &at)?.to_string(),
                    label: need_str(rel, "type", &at)?.to_string(),
                });
            }
        } else if let Some(labels) = task.get("label").and_then(Value::as_array) {
            for (k, l) in labels.iter().enumerate() {
                let at = format!("{origin}, label[{k}]");
                let (Some(s), Some(e), Some(name)) = (
                    l.get(0).and_then(Value::as_u64),
                    l.get(1).and_then(Value::as_u64),
                    l.get(2).and_then(Value::as_str),
                ) else {
                    bail!("{at}: expected [start, end, label]");
                };
                let span = TaskSpan {
                    id: format!("d{k}"),
                    start: s as usize,
                    end: e as usize,
                    label: name.to_string(),
                    score: None,
                };
                check_span(&r.text, &span, &at)?;
                r.spans.push(span);
            }
        } else {
            bail!("doccano export {origin}: missing field \"entities\" (or \"label\")");
        }
        out.reviewed.push(r);
    }
    Ok(out)
}

/// Parses a tool's export of reviewed tasks.
pub fn read(data: &str, format: Format) -> Result<Imported> {
    match format {
        Format::LabelStudio => label_studio(data),
        Format::Prodigy => prodigy(data),
        Format::Doccano => doccano(data),
    }
}

fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// The counted thing in the gold convention: lowercase, head noun singular.
fn gold_unit(words: &str) -> String {
    let lower = words.to_lowercase();
    let mut parts: Vec<String> = lower.split_whitespace().map(str::to_string).collect();
    if let Some(last) = parts.last_mut() {
        *last = singular(last);
    }
    parts.join(" ")
}

/// Gold claims of one reviewed task (one per QUANTITY span), in GOLD_FORMAT.
fn gold_claims(r: &Reviewed) -> Vec<Value> {
    let Some(doc) = &r.doc_id else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for q in r.spans.iter().filter(|s| s.label == "QUANTITY") {
        // The sentence holding the quantity (per-article tasks hold one sentence a line).
        let mut line_start = 0;
        let mut sentence = r.text.as_str();
        for line in r.text.split('\n') {
            let n = line.chars().count();
            if q.start >= line_start && q.end <= line_start + n {
                sentence = line;
                break;
            }
            line_start += n + 1;
        }
        let (qs, qe) = (q.start - line_start, q.end - line_start);
        let quantity = slice(sentence, qs, qe);
        // The grammar reads the value; the reviewer's span says where.
        let parsed = extract_sentence(sentence)
            .into_iter()
            .find(|x| {
                let (s, e) = (
                    sentence[..x.span.start].chars().count(),
                    sentence[..x.span.end].chars().count(),
                );
                s < qe && qs < e
            })
            .or_else(|| extract_sentence(&quantity).into_iter().next());
        let related = |label: &str| -> Option<String> {
            let rel = r
                .relations
                .iter()
                .find(|x| x.from == q.id && x.label == label)?;
            let s = r.spans.iter().find(|s| s.id == rel.to)?;
            Some(slice(&r.text, s.start, s.end))
        };
        let date = related("date").and_then(|d| {
            find_time_expressions(&tokenize(&d), None)
                .into_iter()
                .find_map(|e| e.value)
        });
        let (value, low, high, bound) = match &parsed {
            Some(p) => (
                json!(p.value),
                json!(p.low),
                json!(p.high),
                json!(p.bound.as_str()),
            ),
            None => (Value::Null, Value::Null, Value::Null, json!("exact")),
        };
        out.push(json!({
            "doc": doc, "sentence": sentence, "quantity": quantity,
            "value": value, "low": low, "high": high, "bound": bound,
            "unit": related("unit").map(|u| gold_unit(&u)).or_else(|| parsed.as_ref().and_then(|p| p.unit.as_ref().map(|u| u.text.clone()))),
            "subject": related("subject").map(|s| vec![s]).unwrap_or_default(),
            "source": related("source").map(|s| json!([s])).unwrap_or(Value::Null),
            "date": date,
            "required": true,
        }));
    }
    out
}

const ENTITY_LABELS: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

/// Labelled examples (`{"type": "sentence" | "entities", ...}`) and gold claims of the reviewed tasks.
pub fn examples(imported: &Imported) -> (Vec<Value>, Vec<Value>) {
    let mut examples = Vec::new();
    let mut gold = Vec::new();
    for r in &imported.reviewed {
        let base =
            json!({"origin": r.origin, "doc_id": r.doc_id, "sentence_index": r.sentence_index});
        let with = |mut v: Value| {
            for (k, x) in base.as_object().into_iter().flatten() {
                v[k] = x.clone();
            }
            v
        };
        if let Some(claim) = r.claim {
            examples.push(with(
                json!({"type": "sentence", "text": r.text, "claim": claim}),
            ));
        }
        let entities: Vec<Value> = r
            .spans
            .iter()
            .filter(|s| ENTITY_LABELS.contains(&s.label.as_str()))
            .map(|s| json!({"start": s.start, "end": s.end, "label": s.label}))
            .collect();
        examples.push(with(
            json!({"type": "entities", "text": r.text, "entities": entities}),
        ));
        if r.claim != Some(false) {
            gold.extend(gold_claims(r));
        }
    }
    (examples, gold)
}
