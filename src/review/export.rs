//! Writing review tasks in each tool's import format, and Label Studio's labelling config.

use super::{Format, Task, RELATIONS, SPAN_LABELS};
use crate::models::features::word_tokens;
use serde_json::{json, Value};

fn span_text(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

fn meta(t: &Task) -> Value {
    json!({"doc_id": t.doc_id, "sentence_index": t.sentence_index, "claim_score": t.claim_score, "model_version": t.model_version})
}

/// The sentence label a model proposes.
fn claim_choice(t: &Task, threshold: f64) -> &'static str {
    if t.claim_score >= threshold {
        "claim"
    } else {
        "not_claim"
    }
}

/// Label Studio: one task object with `data` and `predictions`.
pub fn label_studio(t: &Task, threshold: f64) -> Value {
    let mut result: Vec<Value> = t
        .spans
        .iter()
        .map(|s| {
            let mut r = json!({"id": s.id, "from_name": "label", "to_name": "text", "type": "labels",
                "value": {"start": s.start, "end": s.end, "text": span_text(&t.text, s.start, s.end), "labels": [s.label]}});
            if let Some(score) = s.score {
                r["score"] = score.into();
            }
            r
        })
        .collect();
    for r in &t.relations {
        result.push(json!({"type": "relation", "from_id": r.from, "to_id": r.to, "direction": "right", "labels": [r.label]}));
    }
    result.push(json!({"id": "claim", "from_name": "claim", "to_name": "text", "type": "choices", "value": {"choices": [claim_choice(t, threshold)]}}));
    let mut data = meta(t);
    data["text"] = t.text.clone().into();
    json!({"data": data, "predictions": [{"model_version": t.model_version, "score": t.claim_score, "result": result}]})
}

/// Tokens with code point offsets, as Prodigy wants them.
fn tokens(text: &str) -> Vec<(usize, usize, bool)> {
    let spans = word_tokens(text);
    spans
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let ws = spans.get(i + 1).is_some_and(|n| n.start > s.end);
            (
                text[..s.start].chars().count(),
                text[..s.end].chars().count(),
                ws,
            )
        })
        .collect()
}

/// Prodigy: `{"text", "tokens", "spans", "relations", "options", "accept", "meta"}`.
pub fn prodigy(t: &Task, threshold: f64) -> Value {
    let toks = tokens(&t.text);
    let token_range = |start: usize, end: usize| {
        let first = toks.iter().position(|k| k.1 > start).unwrap_or(0);
        let last = toks
            .iter()
            .rposition(|k| k.0 < end)
            .unwrap_or(first)
            .max(first);
        (first, last)
    };
    let span_json = |s: &super::TaskSpan| {
        let (a, b) = token_range(s.start, s.end);
        json!({"start": s.start, "end": s.end, "label": s.label, "token_start": a, "token_end": b})
    };
    let by_id = |id: &str| t.spans.iter().find(|s| s.id == id);
    let relations: Vec<Value> = t
        .relations
        .iter()
        .filter_map(|r| {
            let (h, c) = (by_id(&r.from)?, by_id(&r.to)?);
            Some(json!({"head": token_range(h.start, h.end).1, "child": token_range(c.start, c.end).1, "label": r.label.to_uppercase(), "head_span": span_json(h), "child_span": span_json(c)}))
        })
        .collect();
    json!({
        "text": t.text,
        "tokens": toks.iter().enumerate().map(|(i, k)| json!({"text": span_text(&t.text, k.0, k.1), "start": k.0, "end": k.1, "id": i, "ws": k.2})).collect::<Vec<_>>(),
        "spans": t.spans.iter().map(span_json).collect::<Vec<_>>(),
        "relations": relations,
        "options": [{"id": "claim", "text": "states a check-worthy claim"}, {"id": "not_claim", "text": "no claim"}],
        "accept": [claim_choice(t, threshold)],
        "meta": meta(t),
    })
}

/// doccano (sequence labelling with relations): `{"text", "entities", "relations", "cats", ...meta}`.
pub fn doccano(t: &Task, threshold: f64) -> Value {
    let num = |id: &str| t.spans.iter().position(|s| s.id == id).map(|i| i + 1);
    let mut v = meta(t);
    v["text"] = t.text.clone().into();
    v["entities"] = t.spans.iter().enumerate().map(|(i, s)| json!({"id": i + 1, "start_offset": s.start, "end_offset": s.end, "label": s.label})).collect();
    v["relations"] = t
        .relations
        .iter()
        .enumerate()
        .filter_map(|(i, r)| Some(json!({"id": i + 1, "from_id": num(&r.from)?, "to_id": num(&r.to)?, "type": r.label})))
        .collect();
    v["cats"] = json!([claim_choice(t, threshold)]);
    v
}

/// The whole export: Label Studio takes one JSON list, Prodigy and doccano JSONL.
pub fn render(tasks: &[Task], format: Format, threshold: f64) -> String {
    match format {
        Format::LabelStudio => {
            let list: Vec<Value> = tasks.iter().map(|t| label_studio(t, threshold)).collect();
            serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"
        }
        Format::Prodigy | Format::Doccano => tasks
            .iter()
            .map(|t| {
                if format == Format::Prodigy {
                    prodigy(t, threshold)
                } else {
                    doccano(t, threshold)
                }
                .to_string()
                    + "\n"
            })
            .collect(),
    }
}

/// Label Studio's labelling config matching `label_studio` tasks.
pub fn label_studio_config() -> String {
    const COLORS: [&str; 9] = [
        "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#bfef45",
        "#9A6324",
    ];
    let labels: String = SPAN_LABELS
        .iter()
        .zip(COLORS)
        .map(|(l, c)| format!("    <Label value=\"{l}\" background=\"{c}\"/>\n"))
        .collect();
    let relations: String = RELATIONS
        .iter()
        .map(|r| format!("    <Relation value=\"{r}\"/>\n"))
        .collect();
    format!(
        "<View>\n  <Header value=\"Does the sentence state a check-worthy claim? Are the spans and relations right?\"/>\n  <Labels name=\"label\" toName=\"text\">\n{labels}  </Labels>\n  <Text name=\"text\" value=\"$text\"/>\n  <Relations>\n{relations}  </Relations>\n  <Choices name=\"claim\" toName=\"text\" choice=\"single\" showInline=\"true\">\n    <Choice value=\"claim\"/>\n    <Choice value=\"not_claim\"/>\n  </Choices>\n</View>\n"
    )
}
