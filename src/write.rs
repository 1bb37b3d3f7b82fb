//! Output: one JSON line per claim, with character (Unicode scalar) offsets into the article text.
//! The schema is `schema/claim.schema.json`.

use crate::doc::{CharIndex, Doc, TimeRef};
use serde::Serialize;

#[derive(Serialize)]
pub struct QuantityRecord {
    pub text: String,
    pub value: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub bound: &'static str,
    /// "increase" or "decrease" when the sentence states the number as a change.
    pub change: Option<&'static str>,
    pub start: usize,
    pub end: usize,
}

#[derive(Serialize)]
pub struct UnitRecord {
    pub text: String,
    pub normalized: String,
    pub dimension: &'static str,
    /// The unit as written ("mph" for "mile per hour"); null when it was inferred.
    pub written: Option<String>,
    pub start: Option<usize>,
    pub end: Option<usize>,
}

#[derive(Serialize)]
pub struct SubjectRecord {
    /// What the claim is about, resolved where the words were a description ("the company" ->
    /// the organisation the article names).
    pub text: String,
    /// The words in the article (`start`..`end`).
    pub mention: String,
    pub label: &'static str,
    pub start: usize,
    pub end: usize,
}

#[derive(Serialize)]
pub struct DateRecord {
    /// The words it came from ("as of June 4"), or "publication date".
    pub text: String,
    /// ISO 8601 at the precision known ("2025-06-04", "2025", "2024-01/2025-12").
    pub value: String,
    pub kind: &'static str,
    /// Where the words stand in the article (null for the publication date).
    pub start: Option<usize>,
    pub end: Option<usize>,
}

#[derive(Serialize)]
pub struct SourceRecord {
    pub text: String,
    pub mention: String,
    pub label: &'static str,
    pub cue: String,
    pub sentence_index: usize,
    /// The mention's offsets in the article.
    pub start: Option<usize>,
    pub end: Option<usize>,
    /// The cue's offsets (null when carried).
    pub cue_start: Option<usize>,
    pub cue_end: Option<usize>,
}

#[derive(Serialize)]
pub struct EntityRecord {
    pub text: String,
    pub label: &'static str,
    pub start: usize,
    pub end: usize,
    pub score: f64,
}

#[derive(Serialize)]
pub struct ModelVersions {
    pub classifier: String,
    pub tagger: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parser: Option<String>,
    /// The attribution head whose layer gave the sources ("attribution/v5").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
    pub claimminer: &'static str,
}

#[derive(Serialize)]
pub struct ClaimRecord {
    pub doc_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub sentence_index: usize,
    pub sentence: String,
    pub sentence_start: usize,
    pub sentence_end: usize,
    pub quantity: QuantityRecord,
    pub unit: Option<UnitRecord>,
    pub subject: Option<SubjectRecord>,
    pub source: Option<SourceRecord>,
    pub date: Option<DateRecord>,
    pub claim_score: f64,
    pub entities: Vec<EntityRecord>,
    pub models: ModelVersions,
}

fn round4(x: f32) -> f64 {
    (x as f64 * 10000.0).round() / 10000.0
}

/// The output records of one document's claims.
pub fn records(
    doc: &Doc,
    classifier: &str,
    tagger: &str,
    parser: Option<&str>,
    attribution: Option<&str>,
) -> Vec<ClaimRecord> {
    let idx = CharIndex::new(doc.text());
    let c = |b: usize| idx.chars(b);
    doc.claims
        .iter()
        .map(|claim| {
            let s = &doc.sentences[claim.sentence_index];
            let q = &claim.quantity;
            ClaimRecord {
                doc_id: doc.article.id.clone(),
                url: doc.article.url.clone(),
                outlet: doc.article.outlet.clone(),
                published: doc.article.date.map(|d| d.format("%Y-%m-%d").to_string()),
                sentence_index: claim.sentence_index,
                sentence: doc.slice(s.span).to_string(),
                sentence_start: c(s.span.start),
                sentence_end: c(s.span.end),
                quantity: QuantityRecord {
                    text: doc.slice(q.span).to_string(),
                    value: q.value,
                    low: q.low,
                    high: q.high,
                    bound: q.bound.as_str(),
                    change: q.change.map(|ch| ch.as_str()),
                    start: c(q.span.start),
                    end: c(q.span.end),
                },
                unit: q.unit.as_ref().map(|u| UnitRecord {
                    text: u.text.clone(),
                    normalized: u.normalized.clone(),
                    dimension: u.dimension.as_str(),
                    written: u.span.map(|s| doc.slice(s).to_string()),
                    start: u.span.map(|s| c(s.start)),
                    end: u.span.map(|s| c(s.end)),
                }),
                subject: claim.subject.as_ref().map(|subject| SubjectRecord {
                    text: subject.text.clone(),
                    mention: doc.slice(subject.span).to_string(),
                    label: subject.kind.as_str(),
                    start: c(subject.span.start),
                    end: c(subject.span.end),
                }),
                source: claim.source.as_ref().map(|a| {
                    let base = doc
                        .sentences
                        .get(a.sentence_index)
                        .map_or(0, |s| s.span.start);
                    let at = |span: Option<crate::doc::Span>| {
                        span.map(|x| (c(base + x.start), c(base + x.end)))
                    };
                    let (mention, cue) = (at(a.mention_span), at(a.cue_span));
                    SourceRecord {
                        text: a.text.clone(),
                        mention: a.mention.clone(),
                        label: a.label.as_str(),
                        cue: a.cue.clone(),
                        sentence_index: a.sentence_index,
                        start: mention.map(|m| m.0),
                        end: mention.map(|m| m.1),
                        cue_start: cue.map(|m| m.0),
                        cue_end: cue.map(|m| m.1),
                    }
                }),
                date: claim.date.as_ref().map(|d: &TimeRef| DateRecord {
                    text: d.text.clone(),
                    value: d.value.clone(),
                    kind: d.kind.as_str(),
                    start: d.span.map(|s| c(s.start)),
                    end: d.span.map(|s| c(s.end)),
                }),
                claim_score: round4(s.claim_score),
                entities: s
                    .entities
                    .iter()
                    .map(|e| EntityRecord {
                        text: doc.slice(e.span).to_string(),
                        label: e.label.as_str(),
                        start: c(e.span.start),
                        end: c(e.span.end),
                        score: round4(e.score),
                    })
                    .collect(),
                models: ModelVersions {
                    classifier: classifier.to_string(),
                    tagger: tagger.to_string(),
                    parser: parser.map(str::to_string),
                    attribution: attribution.map(str::to_string),
                    claimminer: env!("CARGO_PKG_VERSION"),
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::doc::{EntityLabel, MentionKind, TimeKind};
    use serde_json::Value;

    fn schema() -> Value {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/claim.schema.json");
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn allowed(schema: &Value, part: &str, field: &str) -> Vec<String> {
        schema["properties"][part]["properties"][field]["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("no enum for {part}.{field}"))
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn every_kind_the_code_writes_is_one_the_schema_allows() {
        let schema = schema();
        let kinds = allowed(&schema, "date", "kind");
        for kind in TimeKind::ALL {
            assert!(kinds.contains(&kind.as_str().to_string()), "{kind:?}");
        }
        assert_eq!(kinds.len(), TimeKind::ALL.len());
        let mentions = EntityLabel::ALL
            .map(MentionKind::Entity)
            .into_iter()
            .chain([MentionKind::Noun]);
        for part in ["subject", "source"] {
            let labels = allowed(&schema, part, "label");
            for m in mentions.clone() {
                assert!(labels.contains(&m.as_str().to_string()), "{part}: {m:?}");
            }
        }
    }
}
