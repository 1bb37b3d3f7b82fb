//! Model inference behind one narrow interface: the shared `Encoder` turns sentences into vectors,
//! then a `ClaimScorer` gives each sentence its claim score, an `EntityTagger` its entity spans and,
//! where the manifest names one, the attribution head its word scores, decoded per article into
//! the attribution layer. `Models` loads them from a models folder (its `manifest.json` names the
//! encoder's files and the version of each head) and runs the heads side by side on each batch the
//! encoder gives.

pub mod attribution;
pub mod classifier;
pub mod consistency;
pub mod encoder;
pub mod features;
pub mod store;
pub mod tagger;

use crate::doc::{Doc, Entity};
use anyhow::{bail, Context, Result};
use attribution::{AttributionTagger, SentenceScores, ATTRIBUTION_FILE};
use encoder::{Encoded, Encoder, EncoderFiles};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Scores sentences: the probability that a sentence states a check-worthy factual claim.
pub trait ClaimScorer: Send + Sync {
    fn version(&self) -> &str;
    /// `encoded` is the sentence as the shared encoder gives it.
    fn score(&self, sentence: &str, encoded: &Encoded) -> f32;
}

/// Finds named entities (PER, ORG, LOC, MISC) in a sentence; spans are relative to the sentence.
pub trait EntityTagger: Send + Sync {
    fn version(&self) -> &str;
    /// `encoded` is the sentence as the shared encoder gives it.
    fn tag(&self, sentence: &str, encoded: &Encoded) -> Vec<Entity>;
}

/// What a trained model records about itself (`meta.json` beside its weights).
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct ModelMeta {
    pub name: String,
    pub version: String,
    pub kind: String,
    pub created: String,
    pub data: Vec<DataFile>,
    pub settings: serde_json::Value,
    pub scores: serde_json::Value,
    /// Decision threshold chosen on the development data (best F1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f32>,
    /// Default `--min-claim-score` of `mine`: a high-recall threshold chosen on development data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mine_threshold: Option<f32>,
    pub training_seconds: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct DataFile {
    pub path: String,
    pub sha256: String,
    pub examples: usize,
    pub source: String,
}

/// Which model versions to use, as named by `models/manifest.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub classifier: String,
    pub tagger: String,
    /// The attribution head (absent: sources come from the cue rules alone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
    pub encoder: EncoderFiles,
}

/// Reads `dir/manifest.json`.
pub fn read_manifest(dir: &Path) -> Result<Manifest> {
    let path = dir.join("manifest.json");
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "models manifest {} is missing: pass --models DIR or restore it with `git checkout -- models`",
            path.display()
        )
    })?;
    serde_json::from_str(&text)
        .with_context(|| format!("models manifest {} is malformed", path.display()))
}

/// The encoder named by the manifest of the models folder `dir`, with ONNX Runtime on as many
/// threads as rayon has.
pub fn load_encoder(dir: &Path) -> Result<Encoder> {
    Encoder::load(
        dir,
        &read_manifest(dir)?.encoder,
        rayon::current_num_threads(),
    )
}

/// A sentence's claim score and entities (spans relative to the sentence).
pub type Annotation = (f32, Vec<Entity>);

pub struct Models {
    pub encoder: Encoder,
    pub classifier: Box<dyn ClaimScorer>,
    pub tagger: Box<dyn EntityTagger>,
    pub classifier_meta: ModelMeta,
    pub tagger_meta: ModelMeta,
    /// The attribution head, where the manifest (or `load_attribution`) names one.
    pub attribution: Option<AttributionTagger>,
    pub attribution_meta: Option<ModelMeta>,
}

/// What the heads say of one sentence: its claim score, entities, and attribution scores.
type SentenceHeads = (f32, Vec<Entity>, Option<SentenceScores>);

pub const CLASSIFIER_FILE: &str = "classifier.bin";
pub const TAGGER_FILE: &str = "tagger.bin";

pub fn read_meta(dir: &Path) -> Result<ModelMeta> {
    let path = dir.join("meta.json");
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "model metadata {} is missing: restore it with `git checkout -- models`",
            path.display()
        )
    })?;
    serde_json::from_str(&text).with_context(|| {
        format!(
            "model metadata {} is not valid JSON (corrupt)",
            path.display()
        )
    })
}

/// The models folder: `--models`, else `$CLAIMMINER_MODELS`, else `./models`, else the one in the
/// source tree the binary was built from.
pub fn default_models_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("CLAIMMINER_MODELS") {
        return PathBuf::from(dir);
    }
    let local = PathBuf::from("models");
    if local.join("manifest.json").exists() {
        return local;
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models")
}

impl Models {
    /// Loads the versions named in `dir/manifest.json`, or the given ones.
    pub fn load(
        dir: &Path,
        classifier_version: Option<&str>,
        tagger_version: Option<&str>,
    ) -> Result<Models> {
        let manifest = read_manifest(dir)?;
        let cdir = dir.join(classifier_version.unwrap_or(&manifest.classifier));
        let tdir = dir.join(tagger_version.unwrap_or(&manifest.tagger));
        let classifier_meta = read_meta(&cdir)?;
        let tagger_meta = read_meta(&tdir)?;
        let cname = format!("{}/{}", classifier_meta.name, classifier_meta.version);
        let tname = format!("{}/{}", tagger_meta.name, tagger_meta.version);
        let classifier = classifier::LinearClassifier::load(&cdir.join(CLASSIFIER_FILE), &cname)?;
        let tagger = tagger::PerceptronTagger::load(&tdir.join(TAGGER_FILE), &tname)?;
        let encoder = Encoder::load(dir, &manifest.encoder, rayon::current_num_threads())?;
        if classifier.dense.len() != encoder.dim || tagger.dim() != encoder.dim {
            bail!(
                "{cname} and {tname} were trained on {}- and {}-wide vectors, but the encoder {} gives {}",
                classifier.dense.len(),
                tagger.dim(),
                encoder.graph.display(),
                encoder.dim
            );
        }
        let mut models = Models {
            encoder,
            classifier: Box::new(classifier),
            tagger: Box::new(tagger),
            classifier_meta,
            tagger_meta,
            attribution: None,
            attribution_meta: None,
        };
        if let Some(version) = &manifest.attribution {
            models.load_attribution(dir, version)?;
        }
        Ok(models)
    }

    /// Loads (or replaces) the attribution head: `version` under the models folder `dir`.
    pub fn load_attribution(&mut self, dir: &Path, version: &str) -> Result<()> {
        let adir = dir.join(version);
        let meta = read_meta(&adir)?;
        let name = format!("{}/{}", meta.name, meta.version);
        let head = AttributionTagger::load(&adir.join(ATTRIBUTION_FILE), &name)?;
        if head.dim() % self.encoder.dim != 0 || head.dim() / self.encoder.dim % 2 != 1 {
            bail!(
                "{name} was trained on {}-wide vectors, which the encoder {} ({} wide) cannot give",
                head.dim(),
                self.encoder.graph.display(),
                self.encoder.dim
            );
        }
        self.attribution = Some(head);
        self.attribution_meta = Some(meta);
        Ok(())
    }

    /// Encodes `sentences` (in batches of similar length) and runs the chosen heads side by side
    /// on each batch; a head that is not run leaves its default (score 0, no entities).
    pub fn annotate_sentences(
        &self,
        sentences: &[&str],
        classify: bool,
        tag: bool,
    ) -> Result<Vec<Annotation>> {
        Ok(self
            .run_heads(sentences, classify, tag, false)?
            .into_iter()
            .map(|(score, entities, _)| (score, entities))
            .collect())
    }

    /// Encodes `sentences` and runs the chosen heads side by side on each batch: claim scores,
    /// entities, and the attribution head's sentence scores (decoded per document later).
    pub fn run_heads(
        &self,
        sentences: &[&str],
        classify: bool,
        tag: bool,
        attribute: bool,
    ) -> Result<Vec<SentenceHeads>> {
        let mut out: Vec<SentenceHeads> = vec![(0.0, Vec::new(), None); sentences.len()];
        let attribution = self.attribution.as_ref().filter(|_| attribute);
        let dim = self.encoder.dim;
        self.encoder.encode_each(sentences, |idx, encoded| {
            let (scores, (entities, attributions)) = rayon::join(
                || {
                    idx.par_iter()
                        .zip(&encoded)
                        .map(|(&i, e)| classify.then(|| self.classifier.score(sentences[i], e)))
                        .collect::<Vec<_>>()
                },
                || {
                    rayon::join(
                        || {
                            idx.par_iter()
                                .zip(&encoded)
                                .map(|(&i, e)| tag.then(|| self.tagger.tag(sentences[i], e)))
                                .collect::<Vec<_>>()
                        },
                        || {
                            idx.par_iter()
                                .zip(&encoded)
                                .map(|(&i, e)| {
                                    attribution.map(|a| a.sentence_scores(sentences[i], e, dim))
                                })
                                .collect::<Vec<_>>()
                        },
                    )
                },
            );
            for (((&i, score), ents), attr) in
                idx.iter().zip(scores).zip(entities).zip(attributions)
            {
                out[i] = (score.unwrap_or(0.0), ents.unwrap_or_default(), attr);
            }
        })?;
        Ok(out)
    }

    /// Stage: claim scores and entities for every sentence of `docs`. A sentence text that occurs
    /// more than once (boilerplate, repeated paragraphs) is encoded once. Entity labels are then
    /// made consistent within each article (`consistency`).
    pub fn annotate(&self, docs: &mut [Doc]) -> Result<()> {
        let (annotations, slots) = {
            let mut distinct: HashMap<&str, usize> = HashMap::new();
            let mut texts: Vec<&str> = Vec::new();
            let slots: Vec<Vec<usize>> = docs
                .iter()
                .map(|doc| {
                    doc.sentences
                        .iter()
                        .map(|s| {
                            let text = &doc.article.text[s.span.start..s.span.end];
                            *distinct.entry(text).or_insert_with(|| {
                                texts.push(text);
                                texts.len() - 1
                            })
                        })
                        .collect()
                })
                .collect();
            (self.run_heads(&texts, true, true, true)?, slots)
        };
        for (doc, slots) in docs.iter_mut().zip(slots) {
            if let Some(head) = &self.attribution {
                let layout: Vec<(crate::doc::Span, usize)> = doc
                    .sentences
                    .iter()
                    .map(|s| (s.span, s.paragraph))
                    .collect();
                let scores: Vec<SentenceScores> = slots
                    .iter()
                    .map(|&k| annotations[k].2.clone().unwrap_or_default())
                    .collect();
                doc.attributions = Some(head.attributions(&layout, &scores));
            }
            for (sentence, slot) in doc.sentences.iter_mut().zip(slots) {
                let (score, entities, _) = &annotations[slot];
                sentence.claim_score = *score;
                let base = sentence.span.start;
                sentence.entities = entities
                    .iter()
                    .map(|e| Entity {
                        span: e.span.shift(base),
                        ..e.clone()
                    })
                    .collect();
            }
        }
        docs.par_iter_mut().for_each(consistency::harmonize);
        Ok(())
    }
}
