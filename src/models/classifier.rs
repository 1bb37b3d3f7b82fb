//! The claim classifier: logistic regression over the encoder's sentence vector (MiniLM, mean of
//! its token vectors) and hashed words, word pairs and number shapes; gives each sentence the
//! probability that it states a check-worthy factual claim.

use super::encoder::Encoded;
use super::features::sentence_features;
use super::store::{Reader, Writer};
use super::ClaimScorer;
use anyhow::{bail, Result};
use std::path::Path;

const MAGIC: &[u8; 8] = b"CMCLS02\0";

pub struct LinearClassifier {
    pub bits: u32,
    pub weights: Vec<f32>,
    pub bias: f32,
    /// Weights of the sentence vector's dimensions.
    pub dense: Vec<f32>,
    pub version: String,
}

pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

impl LinearClassifier {
    pub fn new(bits: u32, dim: usize, version: &str) -> Self {
        LinearClassifier {
            bits,
            weights: vec![0.0; 1usize << bits],
            bias: 0.0,
            dense: vec![0.0; dim],
            version: version.to_string(),
        }
    }

    pub fn buckets(&self, sentence: &str) -> Vec<u32> {
        let mut f = Vec::new();
        sentence_features(sentence, &mut f);
        let mask = (1u64 << self.bits) - 1;
        f.into_iter().map(|h| (h & mask) as u32).collect()
    }

    pub fn logit(&self, buckets: &[u32], sentence_vector: &[f32]) -> f32 {
        self.bias
            + buckets
                .iter()
                .map(|&b| self.weights[b as usize])
                .sum::<f32>()
            + dot(&self.dense, sentence_vector)
    }

    pub fn load(path: &Path, version: &str) -> Result<Self> {
        let mut r = Reader::open(path, MAGIC)?;
        let bits = r.u32()?;
        if !(8..=24).contains(&bits) {
            bail!(
                "model file {} has an unexpected shape (bits {bits})",
                path.display()
            );
        }
        let bias = *r.f32s()?.first().unwrap_or(&0.0);
        let weights = r.quantized()?;
        let dense = r.f32s()?;
        r.finish()?;
        if weights.len() != 1usize << bits {
            bail!(
                "model file {} has a weight table of the wrong size (corrupt)",
                path.display()
            );
        }
        Ok(LinearClassifier {
            bits,
            weights,
            bias,
            dense,
            version: version.to_string(),
        })
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        let mut w = Writer::new(MAGIC);
        w.u32(self.bits);
        w.f32s(&[self.bias]);
        w.quantized(&self.weights);
        w.f32s(&self.dense);
        w.save(path)
    }
}

impl ClaimScorer for LinearClassifier {
    fn version(&self) -> &str {
        &self.version
    }
    fn score(&self, sentence: &str, encoded: &Encoded) -> f32 {
        sigmoid(self.logit(&self.buckets(sentence), &encoded.sentence_vector()))
    }
}
