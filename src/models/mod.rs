//! Model inference behind one narrow interface: a `ClaimScorer` gives a sentence its claim score, an
//! `EntityTagger` gives it entity spans. `Models` loads both from a models folder (its
//! `manifest.json` names the version of each) and runs them side by side over a document's sentences.

pub mod classifier;
pub mod features;
pub mod store;
pub mod tagger;

use crate::doc::{Doc, Entity};
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Scores sentences: the probability that a sentence states a check-worthy factual claim.
pub trait ClaimScorer: Send + Sync {
    fn version(&self) -> &str;
    fn score(&self, sentence: &str) -> f32;
}

/// Finds named entities (PER, ORG, LOC, MISC) in a sentence; spans are relative to the sentence.
pub trait EntityTagger: Send + Sync {
    fn version(&self) -> &str;
    fn tag(&self, sentence: &str) -> Vec<Entity>;
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
}

pub struct Models {
    pub classifier: Box<dyn ClaimScorer>,
    pub tagger: Box<dyn EntityTagger>,
    pub classifier_meta: ModelMeta,
    pub tagger_meta: ModelMeta,
}

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
        let manifest_path = dir.join("manifest.json");
        let manifest: Manifest = serde_json::from_str(
            &std::fs::read_to_string(&manifest_path)
                .with_context(|| format!("models manifest {} is missing: pass --models DIR or restore it with `git checkout -- models`", manifest_path.display()))?,
        )
        .with_context(|| format!("models manifest {} is not valid JSON", manifest_path.display()))?;
        let cdir = dir.join(classifier_version.unwrap_or(&manifest.classifier));
        let tdir = dir.join(tagger_version.unwrap_or(&manifest.tagger));
        let classifier_meta = read_meta(&cdir)?;
        let tagger_meta = read_meta(&tdir)?;
        let cname = format!("{}/{}", classifier_meta.name, classifier_meta.version);
        let tname = format!("{}/{}", tagger_meta.name, tagger_meta.version);
        Ok(Models {
            classifier: Box::new(classifier::LinearClassifier::load(
                &cdir.join(CLASSIFIER_FILE),
                &cname,
            )?),
            tagger: Box::new(tagger::PerceptronTagger::load(
                &tdir.join(TAGGER_FILE),
                &tname,
            )?),
            classifier_meta,
            tagger_meta,
        })
    }

    /// Stage: claim scores and entities for every sentence, the two models side by side.
    pub fn annotate(&self, doc: &mut Doc) {
        let texts: Vec<&str> = doc
            .sentences
            .iter()
            .map(|s| &doc.article.text[s.span.start..s.span.end])
            .collect();
        let (scores, entities) = rayon::join(
            || {
                texts
                    .iter()
                    .map(|t| self.classifier.score(t))
                    .collect::<Vec<_>>()
            },
            || texts.iter().map(|t| self.tagger.tag(t)).collect::<Vec<_>>(),
        );
        for ((sentence, score), ents) in doc.sentences.iter_mut().zip(scores).zip(entities) {
            sentence.claim_score = score;
            let base = sentence.span.start;
            sentence.entities = ents
                .into_iter()
                .map(|mut e| {
                    e.span = e.span.shift(base);
                    e
                })
                .collect();
        }
    }
}
