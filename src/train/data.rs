//! Labelled data for training and evaluating the models: CoNLL-2003 files (IOB1 -> BIO), CheckThat!
//! TSV files and the ClaimBuster JSON set; file hashes for model metadata; the scores.

use crate::models::tagger::{spans_of, TAGS};
use crate::models::DataFile;
use anyhow::{bail, Context, Result};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// A sentence of CoNLL words with BIO tag indices.
#[derive(Debug, Clone)]
pub struct TaggedSentence {
    pub words: Vec<String>,
    pub tags: Vec<usize>,
}

pub fn sha256_file(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(format!("{:x}", Sha256::digest(&bytes)))
}

pub fn data_file(path: &Path, examples: usize, source: &str) -> Result<DataFile> {
    Ok(DataFile {
        path: path.display().to_string(),
        sha256: sha256_file(path)?,
        examples,
        source: source.to_string(),
    })
}

/// Reads a CoNLL-2003 file (`token POS chunk NER` columns; the NER tag is the last column, IOB1 or BIO).
pub fn read_conll(path: &Path) -> Result<Vec<TaggedSentence>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read CoNLL file {}", path.display()))?;
    let mut out = Vec::new();
    let (mut words, mut raw): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    let mut flush = |words: &mut Vec<String>, raw: &mut Vec<String>| {
        if !words.is_empty() {
            out.push(TaggedSentence {
                words: std::mem::take(words),
                tags: iob_to_bio(raw),
            });
            raw.clear();
        }
    };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("-DOCSTART-") {
            flush(&mut words, &mut raw);
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.len() < 2 {
            bail!(
                "{}:{}: expected `token ... TAG` columns, got {line:?}",
                path.display(),
                n + 1
            );
        }
        let tag = cols[cols.len() - 1];
        if tag != "O"
            && !(tag.len() > 2
                && (tag.starts_with("I-") || tag.starts_with("B-"))
                && TAGS.contains(&format!("B-{}", &tag[2..]).as_str()))
        {
            bail!("{}:{}: unknown entity tag {tag:?}", path.display(), n + 1);
        }
        words.push(cols[0].to_string());
        raw.push(tag.to_string());
    }
    flush(&mut words, &mut raw);
    Ok(out)
}

/// IOB1 or BIO tags -> BIO tag indices: an I-X that does not continue an X starts a span.
fn iob_to_bio(raw: &[String]) -> Vec<usize> {
    let mut out = Vec::with_capacity(raw.len());
    let mut prev_type: Option<&str> = None;
    for t in raw {
        if t == "O" {
            out.push(0);
            prev_type = None;
            continue;
        }
        let (prefix, ty) = t.split_at(2);
        let begin = prefix == "B-" || prev_type != Some(ty);
        let name = format!("{}{}", if begin { "B-" } else { "I-" }, ty);
        out.push(TAGS.iter().position(|x| *x == name).unwrap_or(0));
        prev_type = Some(ty);
    }
    out
}

/// A sentence with a check-worthiness label.
#[derive(Debug, Clone)]
pub struct LabelledSentence {
    pub text: String,
    pub label: bool,
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
        s[1..s.len() - 1].replace("\"\"", "\"")
    } else {
        s.to_string()
    }
}

/// Reads a CheckThat! TSV (`Sentence_id`, `Text`, `class_label` Yes/No); returns the rows and the
/// number of malformed rows skipped.
pub fn read_checkthat_tsv(path: &Path) -> Result<(Vec<LabelledSentence>, usize)> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read TSV file {}", path.display()))?;
    let mut lines = text.lines();
    let header = lines.next().unwrap_or("");
    let cols: Vec<&str> = header.split('\t').collect();
    let (ti, li) = match (
        cols.iter().position(|c| *c == "Text"),
        cols.iter().position(|c| *c == "class_label"),
    ) {
        (Some(t), Some(l)) => (t, l),
        _ => bail!(
            "{}: expected a header with columns Text and class_label, got {header:?}",
            path.display()
        ),
    };
    let (mut out, mut skipped) = (Vec::new(), 0);
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != cols.len() {
            skipped += 1;
            continue;
        }
        let label = match f[li].trim() {
            "Yes" => true,
            "No" => false,
            _ => {
                skipped += 1;
                continue;
            }
        };
        out.push(LabelledSentence {
            text: unquote(f[ti]),
            label,
        });
    }
    Ok((out, skipped))
}

/// Reads the ClaimBuster JSON list (`text`, `label` 1 = check-worthy factual claim).
pub fn read_claimbuster(path: &Path) -> Result<Vec<LabelledSentence>> {
    #[derive(serde::Deserialize)]
    struct Row {
        text: String,
        label: i64,
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let rows: Vec<Row> = serde_json::from_str(&text).with_context(|| {
        format!(
            "{}: expected a JSON list of {{text, label}}",
            path.display()
        )
    })?;
    Ok(rows
        .into_iter()
        .map(|r| LabelledSentence {
            text: r.text,
            label: r.label == 1,
        })
        .collect())
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
}

impl Prf {
    pub fn from_counts(tp: usize, fp: usize, fn_: usize) -> Self {
        Self::from_hits(tp, tp + fp, tp, tp + fn_)
    }

    /// Scores where a hit may count differently on each side (token overlap): `tp_pred` of the
    /// `predicted` items hit a gold item, `tp_gold` of the `gold` items are hit.
    pub fn from_hits(tp_pred: usize, predicted: usize, tp_gold: usize, gold: usize) -> Self {
        let ratio = |a: usize, b: usize| if b > 0 { a as f64 / b as f64 } else { 0.0 };
        let (p, r) = (ratio(tp_pred, predicted), ratio(tp_gold, gold));
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        let round = |x: f64| (x * 10000.0).round() / 10000.0;
        Prf {
            precision: round(p),
            recall: round(r),
            f1: round(f),
            tp: tp_pred,
            fp: predicted - tp_pred,
            fn_: gold - tp_gold,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TaggerScores {
    #[serde(flatten)]
    pub micro: Prf,
    pub per_type: BTreeMap<String, Prf>,
    pub sentences: usize,
}

/// Entity-level scores (exact span and type), micro-averaged, as conlleval counts them.
pub fn entity_scores(gold: &[Vec<usize>], pred: &[Vec<usize>]) -> TaggerScores {
    let mut counts: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for (g, p) in gold.iter().zip(pred) {
        let gs = spans_of(g);
        let ps = spans_of(p);
        for s in &ps {
            let e = counts.entry(s.2.as_str().to_string()).or_default();
            if gs.contains(s) {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
        }
        for s in &gs {
            if !ps.contains(s) {
                counts.entry(s.2.as_str().to_string()).or_default().2 += 1;
            }
        }
    }
    let (tp, fp, fn_) = counts
        .values()
        .fold((0, 0, 0), |a, c| (a.0 + c.0, a.1 + c.1, a.2 + c.2));
    TaggerScores {
        micro: Prf::from_counts(tp, fp, fn_),
        per_type: counts
            .into_iter()
            .map(|(k, c)| (k, Prf::from_counts(c.0, c.1, c.2)))
            .collect(),
        sentences: gold.len(),
    }
}

/// Positive-class scores of probabilities against labels at a threshold.
pub fn binary_scores(probs: &[f32], labels: &[bool], threshold: f32) -> Prf {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for (&p, &l) in probs.iter().zip(labels) {
        match (p >= threshold, l) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            _ => {}
        }
    }
    Prf::from_counts(tp, fp, fn_)
}

/// Average precision of the positive class: precision averaged over the ranks of the positives
/// when sentences are sorted by descending probability (threshold-free).
pub fn average_precision(probs: &[f32], labels: &[bool]) -> f64 {
    let mut order: Vec<usize> = (0..probs.len()).collect();
    order.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]));
    let positives = labels.iter().filter(|&&l| l).count();
    if positives == 0 {
        return 0.0;
    }
    let mut hits = 0usize;
    let mut sum = 0f64;
    for (rank, &i) in order.iter().enumerate() {
        if labels[i] {
            hits += 1;
            sum += hits as f64 / (rank + 1) as f64;
        }
    }
    sum / positives as f64
}

/// Reviewed examples from `claimminer review import` (`{"type": "sentence" | "entities", ...}`):
/// sentence labels for the classifier and entity-tagged sentences for the tagger.
pub fn read_added(path: &Path) -> Result<(Vec<LabelledSentence>, Vec<TaggedSentence>)> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let (mut sentences, mut tagged) = (Vec::new(), Vec::new());
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let at = format!("{}:{}", path.display(), n + 1);
        let v: serde_json::Value =
            serde_json::from_str(line).with_context(|| format!("{at}: not valid JSON"))?;
        let sentence = v
            .get("text")
            .and_then(|t| t.as_str())
            .with_context(|| format!("{at}: missing string field \"text\""))?;
        match v.get("type").and_then(|t| t.as_str()) {
            Some("sentence") => {
                let claim = v
                    .get("claim")
                    .and_then(|c| c.as_bool())
                    .with_context(|| format!("{at}: missing boolean field \"claim\""))?;
                sentences.push(LabelledSentence {
                    text: sentence.to_string(),
                    label: claim,
                });
            }
            Some("entities") => {
                let mut spans = Vec::new();
                for e in v
                    .get("entities")
                    .and_then(|e| e.as_array())
                    .with_context(|| format!("{at}: missing list field \"entities\""))?
                {
                    let (Some(s), Some(t), Some(l)) = (
                        e.get("start").and_then(|x| x.as_u64()),
                        e.get("end").and_then(|x| x.as_u64()),
                        e.get("label").and_then(|x| x.as_str()),
                    ) else {
                        bail!("{at}: an entity needs start, end and label");
                    };
                    let Some(ty) = TAGS.iter().position(|x| *x == format!("B-{l}")) else {
                        bail!("{at}: unknown entity label {l:?}")
                    };
                    spans.push((s as usize, t as usize, ty));
                }
                tagged.push(tag_by_spans(sentence, &spans));
            }
            _ => bail!("{at}: field \"type\" must be \"sentence\" or \"entities\""),
        }
    }
    Ok((sentences, tagged))
}

/// Tokens of `text` tagged BIO from code point spans `(start, end, B-tag index)`.
fn tag_by_spans(text: &str, spans: &[(usize, usize, usize)]) -> TaggedSentence {
    let toks = crate::models::features::word_tokens(text);
    let mut words = Vec::new();
    let mut tags = Vec::new();
    for t in &toks {
        let (s, e) = (
            text[..t.start].chars().count(),
            text[..t.end].chars().count(),
        );
        words.push(text[t.start..t.end].to_string());
        let tag = spans
            .iter()
            .find(|sp| s >= sp.0 && e <= sp.1)
            .map_or(0, |sp| {
                let first = !toks
                    .iter()
                    .any(|o| o.end <= t.start && text[..o.start].chars().count() >= sp.0);
                if first {
                    sp.2
                } else {
                    sp.2 + 1
                }
            });
        tags.push(tag);
    }
    TaggedSentence { words, tags }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iob1_becomes_bio() {
        let raw: Vec<String> = ["I-ORG", "O", "I-MISC", "I-MISC", "B-MISC", "I-PER"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let tags: Vec<&str> = iob_to_bio(&raw).into_iter().map(|t| TAGS[t]).collect();
        assert_eq!(
            tags,
            vec!["B-ORG", "O", "B-MISC", "I-MISC", "B-MISC", "B-PER"]
        );
    }

    #[test]
    fn entity_scores_count_exact_spans() {
        // gold: PER(0..2), LOC(3); pred: PER(0..1), LOC(3)
        let gold = vec![vec![1, 2, 0, 5]];
        let pred = vec![vec![1, 0, 0, 5]];
        let s = entity_scores(&gold, &pred);
        assert_eq!((s.micro.tp, s.micro.fp, s.micro.fn_), (1, 1, 1));
        assert_eq!(s.per_type["LOC"].f1, 1.0);
    }
}
