//! The pipeline: read -> split (sentences, words) -> annotate (encoder, then the classifier; the
//! tagger ‖ parser ‖ attribution head) -> extract -> attach
//! -> write. `Pipeline::load(config)?.mine(article)` gives the document with every layer, claims included;
//! `mine_stream`, the one driver, runs a window of articles at a time and keeps output in input
//! order. Within a window, splitting, extraction and attachment run in parallel over articles
//! (rayon), while the encoder runs once over all the window's sentences, batched by length, with
//! ONNX Runtime holding the cores.

use crate::doc::{Article, Doc};
use crate::models::{default_models_dir, Models};
use crate::read::{ReadError, Record};
use crate::{attach, extract, split};
use anyhow::Result;
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Time spent in each stage, summed over all threads (nanoseconds).
#[derive(Debug, Default)]
pub struct StageTimes {
    pub read: AtomicU64,
    pub split: AtomicU64,
    pub models: AtomicU64,
    pub extract: AtomicU64,
    pub attach: AtomicU64,
    pub write: AtomicU64,
}

impl StageTimes {
    pub fn add(counter: &AtomicU64, since: Instant) {
        counter.fetch_add(since.elapsed().as_nanos() as u64, Ordering::Relaxed);
    }
    /// (stage, seconds) in pipeline order.
    pub fn seconds(&self) -> Vec<(&'static str, f64)> {
        [
            ("read", &self.read),
            ("split", &self.split),
            ("models", &self.models),
            ("extract", &self.extract),
            ("attach", &self.attach),
            ("write", &self.write),
        ]
        .into_iter()
        .map(|(k, v)| {
            (
                k,
                Duration::from_nanos(v.load(Ordering::Relaxed)).as_secs_f64(),
            )
        })
        .collect()
    }
}

/// Everything the pipeline is configured with, loaded once.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The models folder (default: `default_models_dir()`).
    pub models_dir: Option<PathBuf>,
    /// Model versions (default: those named in the folder's manifest).
    pub classifier_version: Option<String>,
    pub tagger_version: Option<String>,
    /// The attribution head's version (default: the manifest's, if it names one).
    pub attribution_version: Option<String>,
    /// Sentences scoring below this give no claims (default: the classifier's tuned mining threshold).
    pub min_claim_score: Option<f32>,
}

pub struct Pipeline {
    pub models: Models,
    pub min_claim_score: f32,
    pub times: StageTimes,
}

/// What the driver hands on, in input order.
pub enum Event {
    /// A document with all its layers, its claims included.
    Article(Result<Doc, ReadError>),
    /// Every article read so far has been handed on.
    WindowDone,
}

impl Pipeline {
    pub fn load(config: &Config) -> Result<Pipeline> {
        let dir = config.models_dir.clone().unwrap_or_else(default_models_dir);
        let mut models = Models::load(
            &dir,
            config.classifier_version.as_deref(),
            config.tagger_version.as_deref(),
        )?;
        if let Some(version) = &config.attribution_version {
            models.load_attribution(&dir, version)?;
        }
        let min_claim_score = config
            .min_claim_score
            .or(models.classifier_meta.mine_threshold)
            .unwrap_or(0.5);
        Ok(Pipeline {
            models,
            min_claim_score,
            times: StageTimes::default(),
        })
    }

    /// Splits, annotates and extracts a batch of articles: the documents with all their layers.
    pub fn analyze_batch(&self, articles: Vec<Article>) -> Result<Vec<Doc>> {
        // 1. Sentences.
        let mut docs: Vec<Doc> = articles
            .into_par_iter()
            .map(|article| {
                let t = Instant::now();
                let sentences = split::sentences(&article.text);
                StageTimes::add(&self.times.split, t);
                Doc {
                    article,
                    sentences,
                    ..Default::default()
                }
            })
            .collect();
        // 2. Claim scores and entities (the encoder holds the cores while it runs).
        let t = Instant::now();
        self.models.annotate(&mut docs, self.min_claim_score)?;
        StageTimes::add(&self.times.models, t);
        // 3. Quantities and units.
        docs.par_iter_mut().for_each(|doc| {
            let t = Instant::now();
            extract::annotate(doc);
            StageTimes::add(&self.times.extract, t);
        });
        Ok(docs)
    }

    /// One article, with all its layers.
    pub fn analyze(&self, article: Article) -> Result<Doc> {
        Ok(self.analyze_batch(vec![article])?.remove(0))
    }

    /// Mines a batch of articles: each document with its claims, in order.
    pub fn mine_batch(&self, articles: Vec<Article>) -> Result<Vec<Doc>> {
        let mut docs = self.analyze_batch(articles)?;
        // 4. Subject, source, date.
        docs.par_iter_mut().for_each(|doc| {
            let t = Instant::now();
            attach::annotate(doc, self.min_claim_score);
            StageTimes::add(&self.times.attach, t);
        });
        Ok(docs)
    }

    /// One article, mined: the document with its claims (`Doc::claims`).
    pub fn mine(&self, article: Article) -> Result<Doc> {
        Ok(self.mine_batch(vec![article])?.remove(0))
    }

    /// Mines a stream of records, `window` articles at a time in parallel, handing results to `sink`
    /// in input order, then `Event::WindowDone`. Memory is bounded by the window, whatever the
    /// corpus size.
    pub fn mine_stream<I, F>(&self, records: I, window: usize, mut sink: F) -> Result<()>
    where
        I: Iterator<Item = Record>,
        F: FnMut(Event) -> Result<()>,
    {
        let mut records = records.peekable();
        loop {
            let t = Instant::now();
            let batch: Vec<Record> = records.by_ref().take(window.max(1)).collect();
            StageTimes::add(&self.times.read, t);
            if batch.is_empty() {
                return Ok(());
            }
            // Articles go to the models together; read errors keep their place in the order.
            let mut articles = Vec::new();
            let places: Vec<Result<usize, ReadError>> = batch
                .into_iter()
                .map(|r| {
                    r.map(|a| {
                        articles.push(a);
                        articles.len() - 1
                    })
                })
                .collect();
            let mut mined: Vec<Option<Doc>> =
                self.mine_batch(articles)?.into_iter().map(Some).collect();
            for place in places {
                let r = place.map(|i| mined[i].take().expect("each article is handed on once"));
                sink(Event::Article(r))?;
            }
            sink(Event::WindowDone)?;
        }
    }
}
