//! Attachment: turns each quantity of a document into a claim by attaching its subject, its source
//! and its date, reading the sentence and the sentences before it.

pub mod date;
pub mod source;
pub mod subject;

use crate::doc::{Claim, Doc, Entity, Span};
use crate::extract::tokens::tokenize;
use source::SourceContext;

/// Stage: the claims of a document whose sentences score at least `min_claim_score`.
pub fn claims(doc: &Doc, min_claim_score: f32) -> Vec<Claim> {
    let pub_date = doc.article.date;
    let mut ctx = SourceContext::default();
    let mut model_sources = source::ModelSources::new();
    // The model's attributions by the sentence their source stands in.
    let mut sources_in: Vec<Vec<&crate::doc::AttributionSpans>> =
        vec![Vec::new(); doc.sentences.len()];
    for a in doc.attributions.iter().flatten() {
        if let Some(src) = a.source {
            let k = doc.sentences.partition_point(|s| s.span.end <= src.start);
            if let Some(list) = sources_in.get_mut(k) {
                list.push(a);
            }
        }
    }
    let mut last_subject: Option<(Span, String, String)> = None;
    let mut last_person: Option<(Span, String, String)> = None;
    let mut out = Vec::new();
    for (si, sentence) in doc.sentences.iter().enumerate() {
        let base = sentence.span.start;
        let text = doc.slice(sentence.span);
        let toks = tokenize(text);
        let ents: Vec<Entity> = sentence
            .entities
            .iter()
            .map(|e| Entity {
                span: Span::new(e.span.start - base, e.span.end - base),
                ..e.clone()
            })
            .collect();
        ctx.note_producers(si, text, &toks, &ents);
        let found = ctx.find(si, text, &toks, &ents);
        // The model's sources written in this sentence, resolved as of this sentence.
        for a in &sources_in[si] {
            if let Some(src) = a.source.filter(|s| sentence.span.contains(s)) {
                let resolved = ctx.resolve_model_source(si, text, base, &toks, &ents, src, a.cue);
                model_sources.insert(src, resolved);
            }
        }
        if !sentence.quantities.is_empty() && sentence.claim_score >= min_claim_score {
            let times = date::find_time_expressions(&toks, pub_date);
            let mentions: Vec<(usize, usize)> = found.iter().map(|f| f.mention).collect();
            for q in &sentence.quantities {
                let (qa, qb) = (q.span.start - base, q.span.end - base);
                let unit = q
                    .unit
                    .as_ref()
                    .and_then(|u| u.span)
                    .map(|s| (s.start - base, s.end - base));
                let share = q
                    .unit
                    .as_ref()
                    .is_some_and(|u| matches!(u.normalized.as_str(), "fraction" | "percent"));
                let absolute = |s: subject::Subject| {
                    (Span::new(s.start + base, s.end + base), s.text, s.label)
                };
                let pronoun = subject::opens_with_pronoun(&toks);
                let subject = subject::choose(text, &toks, &ents, (qa, qb), unit, share, &mentions)
                    .map(absolute)
                    .or_else(|| if pronoun { last_person.clone() } else { None })
                    .or_else(|| subject::from_source(text, &toks, &ents, &mentions).map(absolute))
                    .or_else(|| last_subject.clone());
                if subject.is_some() {
                    last_subject = subject.clone();
                }
                let source = source::attribute(
                    &ctx,
                    si,
                    &found,
                    doc.attributions.as_deref(),
                    &model_sources,
                    q.span,
                    base,
                );
                out.push(Claim {
                    sentence_index: si,
                    quantity: q.clone(),
                    subject,
                    source,
                    date: date::date_for(&times, text, qa, qb, pub_date),
                });
            }
        }
        ctx.remember(si, text, &found, &ents);
        if let Some(e) = sentence
            .entities
            .iter()
            .rev()
            .find(|e| e.label == crate::doc::EntityLabel::PER)
        {
            last_person = Some((e.span, doc.slice(e.span).to_string(), "PER".to_string()));
        }
    }
    out
}
