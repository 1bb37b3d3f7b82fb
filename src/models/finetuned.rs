//! The fine-tuned attribution taggers (attribution v6 to v9): all-MiniLM-L6-v2's six layers
//! fine-tuned on PolNeAR with a tag layer on top (`scripts/finetune_attribution.py`). Each is one
//! ONNX graph that `scripts/setup` builds from the registry's checkpoint and the committed changes
//! to it (`scripts/build_encoder.py --finetuned`); its output is every sub-word token's tag scores.
//!
//! It reads a document in runs of consecutive sentences of one paragraph (`runs`: up to
//! `RUN_TOKENS` tokens, so that a content running across sentences is seen whole), scores each
//! word's tags from its first token, and decodes each run with the BIO constraints and the tag
//! transitions (`best_tags`, `Transitions`): the same spans as the perceptron's
//! (`push_sentence_spans`), linked the same way. A version may average several taggers (v9: v8's
//! and one trained the same way from another seed): its `meta.json` names their graphs
//! (`settings.graphs`), and each word's tag log-probabilities are the mean of theirs.

use super::attribution::{link, push_sentence_spans, RoleSpan, N_TAGS};
use super::encoder::{Encoded, Encoder, EncoderFiles};
use super::features::word_tokens;
use super::tagger::allowed;
use super::ModelMeta;
use crate::doc::{AttributionSpans, Span};
use anyhow::{anyhow, Context, Result};
use rayon::prelude::*;
use serde::Deserialize;
use std::ops::Range;
use std::path::Path;

/// The committed weights of a fine-tuned version (changes to the checkpoint's layers, and the tag
/// layer): what `scripts/build_encoder.py --finetuned` reads.
pub const FINETUNED_FILE: &str = "finetuned.safetensors";

/// The most sub-word tokens of a run of sentences (the model was trained on runs of up to 190,
/// with [CLS] and [SEP] making 192).
pub const RUN_TOKENS: usize = 190;

/// The tag scores of a word that has no token of its own (cut off by the encoder's token limit):
/// almost surely outside every span.
const UNSEEN: [f32; N_TAGS] = [0.94, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01];

/// Whether an attribution version is a fine-tuned graph, or several (its `meta.json` names them),
/// rather than a perceptron.
pub fn is_finetuned(meta: &ModelMeta) -> bool {
    meta.settings.get("graph").is_some() || meta.settings.get("graphs").is_some()
}

/// The graphs a fine-tuned version reads: `settings.graphs` where it averages several taggers,
/// else its own `settings.graph`.
fn graphs_of(meta: &ModelMeta) -> Result<Vec<String>> {
    let version = format!("{}/{}", meta.name, meta.version);
    let as_path = |g: &serde_json::Value| {
        g.as_str()
            .map(str::to_string)
            .ok_or_else(|| anyhow!("{version}: meta.json names a graph that is not a path: {g}"))
    };
    match (meta.settings.get("graphs"), meta.settings.get("graph")) {
        (Some(serde_json::Value::Array(gs)), _) if !gs.is_empty() => {
            gs.iter().map(as_path).collect()
        }
        (Some(_), _) => Err(anyhow!(
            "{version}: meta.json settings.graphs is not a list of paths"
        )),
        (None, Some(g)) => Ok(vec![as_path(g)?]),
        (None, None) => Err(anyhow!("{version}: meta.json names no graph")),
    }
}

/// How likely each tag is after each other, and how much that weighs against the words' own scores
/// in decoding (`meta.json` `settings.transitions`): log-probabilities counted on the training gold
/// at a weight chosen on dev (v7), or the scores a CRF learned with the words' at weight 1 (v8, v9).
/// Without it (v6), decoding keeps the BIO constraints alone.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Transitions {
    /// The weight of the transition scores beside the words' log-probabilities.
    pub weight: f32,
    /// The score of a run's first tag (v7: log P(a sentence's first tag), counted on sentences).
    pub start: [f32; N_TAGS],
    /// The score of a tag after another, by the tag before (v7: log P(tag | tag before)).
    pub next: [[f32; N_TAGS]; N_TAGS],
}

impl Transitions {
    /// No preference between well-formed sequences.
    pub const NONE: Transitions = Transitions {
        weight: 0.0,
        start: [0.0; N_TAGS],
        next: [[0.0; N_TAGS]; N_TAGS],
    };

    /// The transitions a version's `meta.json` gives, or `NONE` where it gives none.
    pub fn of(meta: &ModelMeta) -> Result<Transitions> {
        match meta.settings.get("transitions") {
            None => Ok(Transitions::NONE),
            Some(v) => Transitions::deserialize(v).with_context(|| {
                format!(
                    "{}/{}: meta.json settings.transitions is not a weight, a start row and 7 rows of 7",
                    meta.name, meta.version
                )
            }),
        }
    }

    fn start(&self, tag: usize) -> f32 {
        self.weight * self.start[tag]
    }

    fn next(&self, before: usize, tag: usize) -> f32 {
        self.weight * self.next[before][tag]
    }
}

pub struct FinetunedTagger {
    /// One graph per tagger averaged (one for all but v9).
    encoders: Vec<Encoder>,
    transitions: Transitions,
    pub version: String,
}

/// A document as the tagger reads it: its text and its sentences (byte span, paragraph).
pub struct Layout<'a> {
    pub text: &'a str,
    pub sentences: &'a [(Span, usize)],
}

impl FinetunedTagger {
    /// Loads the graph a fine-tuned version's `meta` names (relative to the models folder `dir`,
    /// checked against its checksum), with the shared encoder's runtime and tokenizer (`base`).
    pub fn load(dir: &Path, meta: &ModelMeta, base: &EncoderFiles, threads: usize) -> Result<Self> {
        let version = format!("{}/{}", meta.name, meta.version);
        let encoders = graphs_of(meta)?
            .into_iter()
            .map(|graph| {
                let files = EncoderFiles {
                    graph,
                    dim: N_TAGS,
                    ..base.clone()
                };
                Encoder::load(dir, &files, threads)
            })
            .collect::<Result<_>>()?;
        Ok(FinetunedTagger {
            encoders,
            transitions: Transitions::of(meta)?,
            version,
        })
    }

    /// The files loaded with their checked digests (each graph, the runtime, the tokenizer).
    pub fn files(&self) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = Vec::new();
        for file in self.encoders.iter().flat_map(|e| &e.files) {
            if !files.contains(file) {
                files.push(file.clone());
            }
        }
        files
    }

    /// The spans of each document, decoded in order within it.
    pub fn spans(&self, docs: &[Layout]) -> Result<Vec<Vec<RoleSpan>>> {
        // 1. Each sentence's words, and the runs of sentences read together.
        let words: Vec<Vec<Vec<Span>>> = docs
            .par_iter()
            .map(|d| {
                d.sentences
                    .iter()
                    .map(|(s, _)| word_tokens(&d.text[s.start..s.end]))
                    .collect()
            })
            .collect();
        let runs: Vec<Vec<Range<usize>>> = docs
            .par_iter()
            .map(|d| self.runs(d))
            .collect::<Result<_>>()?;
        // 2. Every run of every document through each graph, in batches of similar length.
        let texts: Vec<&str> = docs
            .iter()
            .zip(&runs)
            .flat_map(|(d, rs)| rs.iter().map(|r| run_text(d, r)))
            .collect();
        let mut by_graph = Vec::new();
        for encoder in &self.encoders {
            by_graph.push(encoder.encode(&texts)?.into_iter());
        }
        // 3. Each document's runs (each with every graph's scores) decoded in order.
        let per_doc: Vec<Vec<Vec<Encoded>>> = runs
            .iter()
            .map(|rs| {
                (0..rs.len())
                    .map(|_| by_graph.iter_mut().filter_map(Iterator::next).collect())
                    .collect()
            })
            .collect();
        Ok(docs
            .par_iter()
            .zip(&words)
            .zip(runs.par_iter().zip(per_doc))
            .map(|((d, words), (runs, encoded))| {
                decode(d, words, runs, &encoded, &self.transitions)
            })
            .collect())
    }

    /// The attributions of each document: its spans, linked as the perceptron's are.
    pub fn attributions(&self, docs: &[Layout]) -> Result<Vec<Vec<AttributionSpans>>> {
        Ok(self
            .spans(docs)?
            .iter()
            .zip(docs)
            .map(|(spans, d)| link(spans, d.sentences))
            .collect())
    }

    /// Runs of consecutive sentences of one paragraph, each of at most `RUN_TOKENS` tokens unless
    /// a sentence alone has more.
    fn runs(&self, doc: &Layout) -> Result<Vec<Range<usize>>> {
        let mut out = Vec::new();
        let (mut start, mut tokens) = (0, 0);
        for (i, (span, paragraph)) in doc.sentences.iter().enumerate() {
            let n = self.encoders[0].count_tokens(&doc.text[span.start..span.end])?;
            let new_paragraph = i > start && doc.sentences[i - 1].1 != *paragraph;
            if i > start && (new_paragraph || tokens + n > RUN_TOKENS) {
                out.push(start..i);
                (start, tokens) = (i, 0);
            }
            tokens += n;
        }
        if start < doc.sentences.len() {
            out.push(start..doc.sentences.len());
        }
        Ok(out)
    }
}

/// The text a run of sentences covers, from its first sentence's start to its last one's end.
fn run_text<'a>(doc: &Layout<'a>, run: &Range<usize>) -> &'a str {
    let (first, last) = (doc.sentences[run.start].0, doc.sentences[run.end - 1].0);
    &doc.text[first.start..last.end]
}

/// Step 3: a document's spans from its runs' token scores (each run's, by graph).
fn decode(
    doc: &Layout,
    words: &[Vec<Span>],
    runs: &[Range<usize>],
    encoded: &[Vec<Encoded>],
    transitions: &Transitions,
) -> Vec<RoleSpan> {
    let mut out = Vec::new();
    for (run, by_graph) in runs.iter().zip(encoded) {
        let at = doc.sentences[run.start].0.start;
        // Each word's log-probabilities from its first token, in the run's order (words and
        // tokens both in text order: one pass over the tokens), averaged over the graphs.
        let mut em: Vec<[f32; N_TAGS]> = Vec::new();
        let mut cursors = vec![0; by_graph.len()];
        for si in run.clone() {
            let base = doc.sentences[si].0.start - at;
            for w in &words[si] {
                let word = Span::new(base + w.start, base + w.end);
                let mut mean = [0.0; N_TAGS];
                for (enc, cursor) in by_graph.iter().zip(&mut cursors) {
                    for (m, x) in mean.iter_mut().zip(word_scores(enc, cursor, word)) {
                        *m += x / by_graph.len() as f32;
                    }
                }
                em.push(mean);
            }
        }
        let tags = best_tags(&em, transitions);
        let mut k = 0;
        for si in run.clone() {
            let n = words[si].len();
            let conf: Vec<f32> = (k..k + n).map(|i| em[i][tags[i]].exp()).collect();
            push_sentence_spans(
                &mut out,
                si,
                doc.sentences[si].0.start,
                &words[si],
                &tags[k..k + n],
                &conf,
            );
            k += n;
        }
    }
    out
}

/// A word's tag log-probabilities: the softmax of its first token's scores (`word`: byte span in
/// the run's text), or `UNSEEN` when no token of the run covers it. `cursor` is the first token
/// not yet passed: words come in text order, so the search goes on from the word before.
fn word_scores(enc: &Encoded, cursor: &mut usize, word: Span) -> [f32; N_TAGS] {
    while *cursor < enc.tokens.len() && enc.tokens[*cursor].end <= word.start {
        *cursor += 1;
    }
    let first = Some(*cursor).filter(|&t| t < enc.tokens.len() && enc.tokens[t].start < word.end);
    let mut out = UNSEEN.map(f32::ln);
    if let Some(t) = first {
        let logits = enc.token(t);
        let max = logits.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
        let z = logits.iter().map(|x| (x - max).exp()).sum::<f32>().ln() + max;
        for (o, x) in out.iter_mut().zip(logits) {
            *o = x - z;
        }
    }
    out
}

/// The most probable tag sequence under the BIO constraints (I-X only after B-X or I-X) and the
/// `transitions`, where a run may open inside a span (content carried from the sentence before).
pub fn best_tags(em: &[[f32; N_TAGS]], transitions: &Transitions) -> Vec<usize> {
    let n = em.len();
    if n == 0 {
        return Vec::new();
    }
    let mut score: [f32; N_TAGS] = std::array::from_fn(|t| em[0][t] + transitions.start(t));
    let mut back = vec![[0usize; N_TAGS]; n];
    for i in 1..n {
        let mut next = [f32::NEG_INFINITY; N_TAGS];
        for t in 0..N_TAGS {
            for (p, &prev) in score.iter().enumerate() {
                let via = prev + transitions.next(p, t);
                if allowed(Some(p), t) && via > next[t] {
                    next[t] = via;
                    back[i][t] = p;
                }
            }
            next[t] += em[i][t];
        }
        score = next;
    }
    let mut tags = vec![0; n];
    tags[n - 1] = (0..N_TAGS)
        .max_by(|&a, &b| score[a].total_cmp(&score[b]))
        .unwrap_or(0);
    for i in (1..n).rev() {
        tags[i - 1] = back[i][tags[i]];
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::attribution::Role;

    /// Scores that favour `tag` at each word.
    fn favour(tags: &[usize]) -> Vec<[f32; N_TAGS]> {
        tags.iter()
            .map(|&t| {
                let mut row = [-3.0; N_TAGS];
                row[t] = -0.1;
                row
            })
            .collect()
    }

    #[test]
    fn best_tags_follow_the_scores_where_they_are_well_formed() {
        // B-SOURCE I-SOURCE B-CUE O B-CONTENT I-CONTENT
        let want = [1, 2, 3, 0, 5, 6];
        assert_eq!(best_tags(&favour(&want), &Transitions::NONE), want);
        // A run may open inside a content (carried from the sentence before).
        assert_eq!(
            best_tags(&favour(&[6, 6, 0]), &Transitions::NONE),
            [6, 6, 0]
        );
    }

    #[test]
    fn best_tags_never_put_an_inside_tag_after_another_role_or_outside() {
        // I-CONTENT after O, and I-CUE after B-SOURCE, are ill-formed: each becomes the best
        // well-formed choice.
        for scores in [favour(&[0, 6, 6]), favour(&[1, 4, 0])] {
            let tags = best_tags(&scores, &Transitions::NONE);
            for w in tags.windows(2) {
                assert!(allowed(Some(w[0]), w[1]), "{tags:?}");
            }
        }
        assert!(best_tags(&[], &Transitions::NONE).is_empty());
    }

    #[test]
    fn transitions_keep_a_content_whole_where_a_word_weakly_opens_another() {
        // The third word's scores favour B-CONTENT over I-CONTENT: alone, the content splits in two.
        let scores = favour(&[5, 6, 5, 6]);
        assert_eq!(best_tags(&scores, &Transitions::NONE), [5, 6, 5, 6]);
        // In the training gold, a content goes on far more often than a new one starts right after it.
        let mut next = [[(1.0f32 / 7.0).ln(); N_TAGS]; N_TAGS];
        next[6][6] = 0.9f32.ln();
        next[6][5] = 0.01f32.ln();
        let transitions = Transitions {
            weight: 1.0,
            start: [(1.0f32 / 7.0).ln(); N_TAGS],
            next,
        };
        assert_eq!(best_tags(&scores, &transitions), [5, 6, 6, 6]);
        // At weight 0 the transitions change nothing.
        let off = Transitions {
            weight: 0.0,
            ..transitions
        };
        assert_eq!(best_tags(&scores, &off), [5, 6, 5, 6]);
    }

    fn meta(settings: serde_json::Value) -> ModelMeta {
        ModelMeta {
            name: "attribution".into(),
            version: "v0".into(),
            kind: String::new(),
            created: String::new(),
            data: Vec::new(),
            settings,
            scores: serde_json::Value::Null,
            threshold: None,
            mine_threshold: None,
            training_seconds: 0.0,
        }
    }

    #[test]
    fn a_version_reads_its_own_graph_or_the_graphs_it_averages() {
        let one = meta(serde_json::json!({"graph": "encoder/a.onnx"}));
        assert!(is_finetuned(&one));
        assert_eq!(graphs_of(&one).unwrap(), ["encoder/a.onnx"]);
        let two = meta(
            serde_json::json!({"graph": "encoder/b.onnx", "graphs": ["encoder/a.onnx", "encoder/b.onnx"]}),
        );
        assert_eq!(
            graphs_of(&two).unwrap(),
            ["encoder/a.onnx", "encoder/b.onnx"]
        );
        assert!(!is_finetuned(&meta(serde_json::json!({"hash_bits": 20}))));
        for bad in [
            serde_json::json!({"graphs": []}),
            serde_json::json!({"graphs": "encoder/a.onnx"}),
            serde_json::json!({"graphs": ["encoder/a.onnx", 3]}),
        ] {
            let err = format!("{:#}", graphs_of(&meta(bad.clone())).unwrap_err());
            assert!(
                err.contains("attribution/v0") && err.contains("graph"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn averaged_graphs_decide_each_word_by_the_mean_of_their_scores() {
        // "He said": the first graph is sure "He" is a source; the second leans, less surely,
        // towards outside. The mean keeps the source; the second graph alone would not.
        let sentence = [(Span::new(0, 7), 0)];
        let doc = Layout {
            text: "He said",
            sentences: &sentence,
        };
        let words = vec![vec![Span::new(0, 2), Span::new(3, 7)]];
        let graph = |he: [f32; N_TAGS]| Encoded {
            tokens: vec![Span::new(0, 2), Span::new(3, 7)],
            vectors: [he, [0.0, 0.0, 0.0, 6.0, 0.0, 0.0, 0.0]].concat(),
            dim: N_TAGS,
        };
        let (sure, leaning) = (
            [0.0, 8.0, 0.0, 0.0, 0.0, 0.0, 0.0],
            [2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        );
        let roles = |by_graph: Vec<Encoded>| {
            let one_run: Range<usize> = 0..1;
            decode(&doc, &words, &[one_run], &[by_graph], &Transitions::NONE)
                .iter()
                .map(|r| (r.role, r.span))
                .collect::<Vec<_>>()
        };
        assert_eq!(roles(vec![graph(leaning)]), [(Role::Cue, Span::new(3, 7))]);
        assert_eq!(
            roles(vec![graph(sure), graph(leaning)]),
            [
                (Role::Source, Span::new(0, 2)),
                (Role::Cue, Span::new(3, 7))
            ]
        );
    }

    #[test]
    fn transitions_come_from_meta_json_and_a_version_without_them_has_none() {
        let none = Transitions::of(&meta(serde_json::json!({"graph": "g.onnx"}))).unwrap();
        assert_eq!(none, Transitions::NONE);
        let row = vec![-1.5f32; N_TAGS];
        let given = serde_json::json!({"transitions": {"weight": 0.3, "start": row, "next": vec![row.clone(); N_TAGS]}});
        let t = Transitions::of(&meta(given)).unwrap();
        assert_eq!((t.weight, t.start[6], t.next[6][5]), (0.3, -1.5, -1.5));
        let short = serde_json::json!({"transitions": {"weight": 0.3, "start": [0.0], "next": []}});
        let err = format!("{:#}", Transitions::of(&meta(short)).unwrap_err());
        assert!(
            err.contains("attribution/v0") && err.contains("transitions"),
            "{err}"
        );
    }

    #[test]
    fn a_word_reads_its_first_token_and_a_word_without_one_is_outside() {
        // "Officials said": "Official" + "##s", then "said".
        let enc = Encoded {
            tokens: vec![Span::new(0, 8), Span::new(8, 9), Span::new(10, 14)],
            vectors: [
                [0.0, 5.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                [0.0, 0.0, 5.0, 0.0, 0.0, 0.0, 0.0],
                [0.0, 0.0, 0.0, 5.0, 0.0, 0.0, 0.0],
            ]
            .concat(),
            dim: N_TAGS,
        };
        let best = |s: [f32; N_TAGS]| (0..N_TAGS).max_by(|&a, &b| s[a].total_cmp(&s[b])).unwrap();
        let mut cursor = 0;
        let officials = word_scores(&enc, &mut cursor, Span::new(0, 9));
        assert_eq!(best(officials), 1, "B-SOURCE from the word's first token");
        assert!((officials.iter().map(|x| x.exp()).sum::<f32>() - 1.0).abs() < 1e-4);
        assert_eq!(best(word_scores(&enc, &mut cursor, Span::new(10, 14))), 3);
        // Past the last token (cut off by the token limit): outside.
        let cut = word_scores(&enc, &mut cursor, Span::new(15, 20));
        assert_eq!(best(cut), 0);
        assert!((cut[0].exp() - UNSEEN[0]).abs() < 1e-6);
    }
}
