//! The entity tagger: an averaged structured perceptron over each word's encoder vector (MiniLM,
//! the mean of the word's sub-word tokens) and hashed token features (word, casing shape, affixes,
//! neighbours: what the uncased encoder cannot see), with BIO transitions, decoded by Viterbi under
//! BIO constraints so that every span is well formed. Labels PER, ORG, LOC, MISC with character
//! spans and a confidence.

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
    (tag > 0).then(|| EntityLabel::ALL[(tag - 1) / 2])
}

fn is_inside(tag: usize) -> bool {
    tag > 0 && tag.is_multiple_of(2)
}

/// BIO constraint: I-X only after B-X or I-X.
pub fn allowed(prev: Option<usize>, cur: usize) -> bool {
    if !is_inside(cur) {
        return true;
    }
    match prev {
        Some(p) => p != 0 && tag_label(p) == tag_label(cur),
        None => false,
    }
}

pub struct PerceptronTagger {
    pub bits: u32,
    /// Emission weights: bucket * N_TAGS + tag.
    pub weights: Vec<f32>,
    /// Transition weights: (prev + 1) * N_TAGS + cur, row 0 for the sentence start.
    pub transitions: Vec<f32>,
    /// Weights of the word vector: tag * dim + dimension.
    pub dense: Vec<f32>,
    pub version: String,
}

impl PerceptronTagger {
    pub fn new(bits: u32, dim: usize, version: &str) -> Self {
        PerceptronTagger {
            bits,
            weights: vec![0.0; (1usize << bits) * N_TAGS],
            transitions: vec![0.0; (N_TAGS + 1) * N_TAGS],
            dense: vec![0.0; N_TAGS * dim],
            version: version.to_string(),
        }
    }

    pub fn bucket(&self, h: u64) -> usize {
        (h as usize) & ((1usize << self.bits) - 1)
    }

    pub fn load(path: &Path, version: &str) -> Result<Self> {
        let mut r = Reader::open(path, MAGIC)?;
        let bits = r.u32()?;
        let n_tags = r.u32()? as usize;
        if n_tags != N_TAGS || !(8..=24).contains(&bits) {
            bail!(
                "model file {} has an unexpected shape (bits {bits}, tags {n_tags})",
                path.display()
            );
        }
        let transitions = r.f32s()?;
        let weights = r.quantized()?;
        let dense = r.f32s()?;
        r.finish()?;
        if weights.len() != (1usize << bits) * N_TAGS
            || transitions.len() != (N_TAGS + 1) * N_TAGS
            || !dense.len().is_multiple_of(N_TAGS)
        {
            bail!(
                "model file {} has tables of the wrong size (corrupt)",
                path.display()
            );
        }
        Ok(PerceptronTagger {
            bits,
            weights,
            transitions,
            dense,
            version: version.to_string(),
        })
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        let mut w = Writer::new(MAGIC);
        w.u32(self.bits);
        w.u32(N_TAGS as u32);
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
        self.dense.len() / N_TAGS
    }

    /// Each word's score for each tag: its hashed features plus its word vector.
    pub fn emissions(&self, feats: &[Vec<u32>], vectors: &[Vec<f32>]) -> Vec<[f32; N_TAGS]> {
        let dim = self.dim();
        feats
            .iter()
            .zip(vectors)
            .map(|(fs, v)| {
                let mut e = [0f32; N_TAGS];
                for (t, x) in e.iter_mut().enumerate() {
                    *x = dot(&self.dense[t * dim..(t + 1) * dim], v);
                }
                for &f in fs {
                    let row = &self.weights[f as usize * N_TAGS..f as usize * N_TAGS + N_TAGS];
                    for (x, w) in e.iter_mut().zip(row) {
                        *x += w;
                    }
                }
                e
            })
            .collect()
    }

    fn transition(&self, prev: Option<usize>, cur: usize) -> f32 {
        self.transitions[prev.map_or(0, |p| p + 1) * N_TAGS + cur]
    }

    /// The best well-formed tag sequence, with each token's local confidence.
    pub fn viterbi(&self, em: &[[f32; N_TAGS]]) -> (Vec<usize>, Vec<f32>) {
        let n = em.len();
        if n == 0 {
            return (Vec::new(), Vec::new());
        }
        let mut score = vec![[f32::NEG_INFINITY; N_TAGS]; n];
        let mut back = vec![[0usize; N_TAGS]; n];
        for t in 0..N_TAGS {
            if allowed(None, t) {
                score[0][t] = em[0][t] + self.transition(None, t);
            }
        }
        for i in 1..n {
            for t in 0..N_TAGS {
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
        tags[n - 1] = (0..N_TAGS)
            .max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b]))
            .unwrap_or(0);
        for i in (1..n).rev() {
            tags[i - 1] = back[i][tags[i]];
        }
        let conf = (0..n)
            .map(|i| {
                let prev = (i > 0).then(|| tags[i - 1]);
                let local: Vec<f32> = (0..N_TAGS)
                    .map(|t| {
                        if allowed(prev, t) {
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
    let mut out = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        match tag_label(tags[i]) {
            Some(label) => {
                let mut j = i + 1;
                while j < tags.len() && is_inside(tags[j]) && tag_label(tags[j]) == Some(label) {
                    j += 1;
                }
                out.push((i, j, label));
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
