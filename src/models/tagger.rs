//! The entity tagger: an averaged structured perceptron over each word's encoder vector (MiniLM,
//! the mean of the word's sub-word tokens) and hashed token features (word, casing shape, affixes,
//! neighbours: what the uncased encoder cannot see), with BIO transitions, decoded by Viterbi under
//! BIO constraints so that every span is well formed. Labels PER, ORG, LOC, MISC with character
//! spans and a confidence. The perceptron itself knows only a BIO tag set laid out as
//! `O, B-X, I-X, B-Y, I-Y, ...` of any size, so other taggers (attribution) reuse it.

use super::classifier::dot;
use super::encoder::Encoded;
use super::features::{plain, token_features, word_tokens};
use super::store::{Reader, Writer};
use super::EntityTagger;
use crate::doc::{Entity, EntityLabel, Span};
use anyhow::{bail, Result};
use std::path::Path;

pub const TAGS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];
pub const N_TAGS: usize = TAGS.len();
const MAGIC: &[u8; 8] = b"CMTAG02\0";

/// The entity type of a tag index (`None` for O).
pub fn tag_label(tag: usize) -> Option<EntityLabel> {
    span_type(tag).map(|k| EntityLabel::ALL[k])
}

/// The span type of a tag in a BIO layout `O, B-0, I-0, B-1, I-1, ...` (`None` for O).
pub fn span_type(tag: usize) -> Option<usize> {
    (tag > 0).then(|| (tag - 1) / 2)
}

pub fn is_inside(tag: usize) -> bool {
    tag > 0 && tag.is_multiple_of(2)
}

/// BIO constraint: I-X only after B-X or I-X.
pub fn allowed(prev: Option<usize>, cur: usize) -> bool {
    if !is_inside(cur) {
        return true;
    }
    match prev {
        Some(p) => p != 0 && span_type(p) == span_type(cur),
        None => false,
    }
}

#[derive(Clone)]
pub struct PerceptronTagger {
    pub bits: u32,
    /// Tags in the BIO layout (`N_TAGS` for entities).
    pub n_tags: usize,
    /// Whether an I- tag may open a sentence: the span goes on from the sentence before.
    pub open_start: bool,
    /// Emission weights: bucket * n_tags + tag.
    pub weights: Vec<f32>,
    /// Transition weights: (prev + 1) * n_tags + cur, row 0 for the sentence start.
    pub transitions: Vec<f32>,
    /// Weights of the word vector: tag * dim + dimension.
    pub dense: Vec<f32>,
    pub version: String,
}

impl PerceptronTagger {
    /// An entity tagger (`N_TAGS` tags) with zero weights.
    pub fn new(bits: u32, dim: usize, version: &str) -> Self {
        Self::with_tags(bits, dim, N_TAGS, version)
    }

    /// A tagger over `n_tags` BIO tags with zero weights.
    pub fn with_tags(bits: u32, dim: usize, n_tags: usize, version: &str) -> Self {
        PerceptronTagger {
            bits,
            n_tags,
            open_start: false,
            weights: vec![0.0; (1usize << bits) * n_tags],
            transitions: vec![0.0; (n_tags + 1) * n_tags],
            dense: vec![0.0; n_tags * dim],
            version: version.to_string(),
        }
    }

    /// BIO constraint, with I- tags also opening a sentence where `open_start` allows it.
    pub fn allows(&self, prev: Option<usize>, cur: usize) -> bool {
        allowed(prev, cur) || (prev.is_none() && self.open_start)
    }

    pub fn bucket(&self, h: u64) -> usize {
        (h as usize) & ((1usize << self.bits) - 1)
    }

    /// Loads an entity tagger.
    pub fn load(path: &Path, version: &str) -> Result<Self> {
        Self::load_tags(path, MAGIC, N_TAGS, version)
    }

    /// Loads a tagger over `expected_tags` tags from a file that starts with `magic`.
    pub fn load_tags(
        path: &Path,
        magic: &[u8; 8],
        expected_tags: usize,
        version: &str,
    ) -> Result<Self> {
        let mut r = Reader::open(path, magic)?;
        let bits = r.u32()?;
        let n_tags = r.u32()? as usize;
        if n_tags != expected_tags || !(8..=24).contains(&bits) {
            bail!(
                "model file {} has an unexpected shape (bits {bits}, tags {n_tags})",
                path.display()
            );
        }
        let transitions = r.f32s()?;
        let weights = r.quantized()?;
        let dense = r.f32s()?;
        r.finish()?;
        if weights.len() != (1usize << bits) * n_tags
            || transitions.len() != (n_tags + 1) * n_tags
            || !dense.len().is_multiple_of(n_tags)
        {
            bail!(
                "model file {} has tables of the wrong size (corrupt)",
                path.display()
            );
        }
        Ok(PerceptronTagger {
            bits,
            n_tags,
            open_start: false,
            weights,
            transitions,
            dense,
            version: version.to_string(),
        })
    }

    /// Saves an entity tagger.
    pub fn save(&self, path: &Path) -> Result<()> {
        self.save_tags(path, MAGIC)
    }

    /// Saves the tagger in a file that starts with `magic`.
    pub fn save_tags(&self, path: &Path, magic: &[u8; 8]) -> Result<()> {
        let mut w = Writer::new(magic);
        w.u32(self.bits);
        w.u32(self.n_tags as u32);
        w.f32s(&self.transitions);
        w.quantized(&self.weights);
        w.f32s(&self.dense);
        w.save(path)
    }

    /// Bucket indices of every token's features.
    pub fn featurize(&self, words: &[String]) -> Vec<Vec<u32>> {
        let mut buf = Vec::new();
        (0..words.len())
            .map(|i| {
                token_features(words, i, &mut buf);
                buf.iter().map(|&h| self.bucket(h) as u32).collect()
            })
            .collect()
    }

    /// Width of the word vectors the tagger was trained on.
    pub fn dim(&self) -> usize {
        self.dense.len() / self.n_tags
    }

    /// Adds the weights of hashed features `fs` to one word's tag scores `e`.
    pub fn add_features(&self, fs: &[u32], e: &mut [f32]) {
        let n = self.n_tags;
        for &f in fs {
            let row = &self.weights[f as usize * n..f as usize * n + n];
            for (x, w) in e.iter_mut().zip(row) {
                *x += w;
            }
        }
    }

    /// Each word's score for each tag: its hashed features plus its word vector.
    pub fn emissions(&self, feats: &[Vec<u32>], vectors: &[Vec<f32>]) -> Vec<Vec<f32>> {
        let dim = self.dim();
        feats
            .iter()
            .zip(vectors)
            .map(|(fs, v)| {
                let mut e: Vec<f32> = (0..self.n_tags)
                    .map(|t| dot(&self.dense[t * dim..(t + 1) * dim], v))
                    .collect();
                self.add_features(fs, &mut e);
                e
            })
            .collect()
    }

    /// Index of the transition weight from `prev` (`None`: the sentence start) to `cur`.
    pub fn transition_index(&self, prev: Option<usize>, cur: usize) -> usize {
        prev.map_or(0, |p| p + 1) * self.n_tags + cur
    }

    fn transition(&self, prev: Option<usize>, cur: usize) -> f32 {
        self.transitions[self.transition_index(prev, cur)]
    }

    /// The best well-formed tag sequence, with each token's local confidence.
    pub fn viterbi(&self, em: &[Vec<f32>]) -> (Vec<usize>, Vec<f32>) {
        let n = em.len();
        let n_tags = self.n_tags;
        if n == 0 {
            return (Vec::new(), Vec::new());
        }
        let mut score = vec![vec![f32::NEG_INFINITY; n_tags]; n];
        let mut back = vec![vec![0usize; n_tags]; n];
        for t in 0..n_tags {
            if self.allows(None, t) {
                score[0][t] = em[0][t] + self.transition(None, t);
            }
        }
        for i in 1..n {
            for t in 0..n_tags {
                let mut best = (f32::NEG_INFINITY, 0);
                for (p, &prev_score) in score[i - 1].iter().enumerate() {
                    if prev_score == f32::NEG_INFINITY || !allowed(Some(p), t) {
                        continue;
                    }
                    let s = prev_score + self.transition(Some(p), t);
                    if s > best.0 {
                        best = (s, p);
                    }
                }
                score[i][t] = best.0 + em[i][t];
                back[i][t] = best.1;
            }
        }
        let mut tags = vec![0; n];
        tags[n - 1] = (0..n_tags)
            .max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b]))
            .unwrap_or(0);
        for i in (1..n).rev() {
            tags[i - 1] = back[i][tags[i]];
        }
        let conf = (0..n)
            .map(|i| {
                let prev = (i > 0).then(|| tags[i - 1]);
                let local: Vec<f32> = (0..n_tags)
                    .map(|t| {
                        if self.allows(prev, t) {
                            em[i][t] + self.transition(prev, t)
                        } else {
                            f32::NEG_INFINITY
                        }
                    })
                    .collect();
                let max = local.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
                let z: f32 = local.iter().map(|x| (x - max).exp()).sum();
                (local[tags[i]] - max).exp() / z
            })
            .collect();
        (tags, conf)
    }

    pub fn tag_words(&self, words: &[String], vectors: &[Vec<f32>]) -> (Vec<usize>, Vec<f32>) {
        let feats = self.featurize(words);
        self.viterbi(&self.emissions(&feats, vectors))
    }
}

/// Tag sequence -> entity spans over word indices: (first, last exclusive, label).
pub fn spans_of(tags: &[usize]) -> Vec<(usize, usize, EntityLabel)> {
    typed_spans(tags)
        .into_iter()
        .map(|(a, b, k)| (a, b, EntityLabel::ALL[k]))
        .collect()
}

/// Tag sequence in the BIO layout -> spans over word indices: (first, last exclusive, span type).
/// A sentence-opening I- tag opens a span too.
pub fn typed_spans(tags: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        match span_type(tags[i]) {
            Some(k) => {
                let mut j = i + 1;
                while j < tags.len() && is_inside(tags[j]) && span_type(tags[j]) == Some(k) {
                    j += 1;
                }
                out.push((i, j, k));
                i = j;
            }
            None => i += 1,
        }
    }
    out
}

impl EntityTagger for PerceptronTagger {
    fn version(&self) -> &str {
        &self.version
    }

    fn tag(&self, sentence: &str, encoded: &Encoded) -> Vec<Entity> {
        let spans = word_tokens(sentence);
        let words: Vec<String> = spans
            .iter()
            .map(|s| plain(&sentence[s.start..s.end]))
            .collect();
        let (tags, conf) = self.tag_words(&words, &encoded.word_vectors(&spans));
        spans_of(&tags)
            .into_iter()
            .map(|(a, b, label)| Entity {
                span: Span::new(spans[a].start, spans[b - 1].end),
                label,
                score: conf[a..b].iter().sum::<f32>() / (b - a) as f32,
            })
            .collect()
    }
}
