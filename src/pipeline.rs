//! The pipeline: read -> split -> annotate (classifier ‖ tagger) -> extract -> attach -> write.
//! `Pipeline::load(config)?.mine(article)` gives a document and its claims; parallelism over
//! articles lives in `mine_stream`, the one driver, which keeps output in input order.

use crate::doc::{Article, Claim, Doc, Sentence};
use crate::models::{default_models_dir, Models};
use crate::read::{ReadError, Record};
use crate::{attach, extract, split};
use anyhow::Result;
use rayon::prelude::*;
use std::path::PathBuf;

/// Everything the pipeline is configured with, loaded once.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The models folder (default: `default_models_dir()`).
    pub models_dir: Option<PathBuf>,
    /// Model versions (default: those named in the folder's manifest).
    pub classifier_version: Option<String>,
    pub tagger_version: Option<String>,
    /// Sentences scoring below this give no claims (default: the classifier's tuned mining threshold).
    pub min_claim_score: Option<f32>,
}

pub struct Pipeline {
    pub models: Models,
    pub min_claim_score: f32,
}

/// One article's result.
pub struct Mined {
    pub doc: Doc,
    pub claims: Vec<Claim>,
}

impl Pipeline {
    pub fn load(config: &Config) -> Result<Pipeline> {
        let dir = config.models_dir.clone().unwrap_or_else(default_models_dir);
        let models = Models::load(
            &dir,
            config.classifier_version.as_deref(),
            config.tagger_version.as_deref(),
        )?;
        let min_claim_score = config
            .min_claim_score
            .or(models.classifier_meta.mine_threshold)
            .unwrap_or(0.5);
        Ok(Pipeline {
            models,
            min_claim_score,
        })
    }

    /// Splits, annotates and extracts: the document with all its layers.
    pub fn analyze(&self, article: Article) -> Doc {
        // 1. Sentences.
        let sentences = split::split_sentences(&article.text)
            .into_iter()
            .map(|(span, paragraph)| Sentence {
                span,
                paragraph,
                ..Default::default()
            })
            .collect();
        let mut doc = Doc { article, sentences };
        // 2. Claim scores and entities.
        self.models.annotate(&mut doc);
        // 3. Quantities and units.
        extract::annotate(&mut doc);
        doc
    }

    pub fn mine(&self, article: Article) -> Mined {
        let doc = self.analyze(article);
        // 4. Subject, source, date.
        let claims = attach::claims(&doc, self.min_claim_score);
        Mined { doc, claims }
    }

    /// Mines a stream of records, `window` articles at a time in parallel, handing results to `sink`
    /// in input order. Memory is bounded by the window.
    pub fn mine_stream<I, F>(&self, records: I, window: usize, mut sink: F) -> Result<()>
    where
        I: Iterator<Item = Record>,
        F: FnMut(Result<Mined, ReadError>) -> Result<()>,
    {
        let mut batch: Vec<Record> = Vec::with_capacity(window);
        let mut records = records.peekable();
        while records.peek().is_some() {
            batch.clear();
            batch.extend(records.by_ref().take(window.max(1)));
            let results: Vec<Result<Mined, ReadError>> = std::mem::take(&mut batch)
                .into_par_iter()
                .map(|r| r.map(|a| self.mine(a)))
                .collect();
            for r in results {
                sink(r)?;
            }
        }
        Ok(())
    }
}
