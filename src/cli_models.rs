//! The `train`, `eval-tagger` and `eval-classifier` commands: glue between the command line, the
//! training code and the model files.

use crate::models::classifier::LinearClassifier;
use crate::models::tagger::PerceptronTagger;
use crate::models::{read_meta, ClaimScorer, Manifest, ModelMeta, CLASSIFIER_FILE, TAGGER_FILE};
use crate::train::data::{
    binary_scores, data_file, entity_scores, read_added, read_checkthat_tsv, read_claimbuster,
    read_conll,
};
use crate::train::{train_classifier, train_tagger, ClassifierSettings, TaggerSettings};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

fn log(msg: String) {
    eprintln!("[train] {msg}");
}

fn write_model_dir(
    out: &Path,
    meta: &ModelMeta,
    save: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    save(out)?;
    let text = serde_json::to_string_pretty(meta)? + "\n";
    std::fs::write(out.join("meta.json"), text)
        .with_context(|| format!("cannot write {}/meta.json", out.display()))?;
    eprintln!("[train] wrote {}", out.display());
    Ok(())
}

fn version_of(out: &Path) -> String {
    out.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "v1".into())
}

/// What `train tagger` reads and writes.
#[derive(clap::Args, Debug)]
pub struct TaggerJob {
    /// CoNLL-2003 training files.
    #[arg(long, required = true)]
    pub conll: Vec<PathBuf>,
    /// CoNLL-2003 development file (chooses the epoch).
    #[arg(long)]
    pub dev: PathBuf,
    /// The new model version folder (e.g. models/tagger/v2).
    #[arg(short, long)]
    pub out: PathBuf,
    /// log2 of the number of feature buckets.
    #[arg(long, default_value_t = 18)]
    pub bits: u32,
    #[arg(long, default_value_t = 12)]
    pub epochs: usize,
    /// Reviewed examples to add (from `claimminer review import`); a reviewer's label replaces a
    /// base example with the same text.
    #[arg(long)]
    pub add: Vec<PathBuf>,
    /// How many times each added example counts.
    #[arg(long, default_value_t = 10)]
    pub add_weight: usize,
    #[arg(long, default_value_t = 13)]
    pub seed: u64,
}

pub fn train_tagger_cmd(job: &TaggerJob) -> Result<()> {
    let TaggerJob {
        conll,
        dev,
        out,
        bits,
        epochs,
        seed,
        add,
        add_weight,
    } = job;
    let (bits, epochs, seed) = (*bits, *epochs, *seed);
    let mut train = Vec::new();
    let mut data = Vec::new();
    for path in conll {
        let s = read_conll(path)?;
        data.push(data_file(
            path,
            s.len(),
            "CoNLL-2003 English NER (Reuters)",
        )?);
        train.extend(s);
    }
    for path in add {
        let (_, tagged) = read_added(path)?;
        data.push(data_file(
            path,
            tagged.len(),
            "reviewed examples (claimminer review import), entity spans",
        )?);
        for t in tagged {
            train.extend(std::iter::repeat_n(t, *add_weight));
        }
    }
    let dev_s = read_conll(dev)?;
    data.push(data_file(
        dev,
        dev_s.len(),
        "CoNLL-2003 English NER, development (chooses the epoch)",
    )?);
    log(format!(
        "{} training sentences, {} development sentences",
        train.len(),
        dev_s.len()
    ));
    let settings = TaggerSettings { bits, epochs, seed };
    let (model, meta) = train_tagger(&train, &dev_s, &settings, data, &version_of(out), &mut log)?;
    write_model_dir(out, &meta, |d| model.save(&d.join(TAGGER_FILE)))
}

fn normalized(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// What `train classifier` reads and writes.
#[derive(clap::Args, Debug)]
pub struct ClassifierJob {
    /// CheckThat! TSV training files.
    #[arg(long)]
    pub tsv: Vec<PathBuf>,
    /// ClaimBuster JSON training files.
    #[arg(long)]
    pub claimbuster: Vec<PathBuf>,
    /// CheckThat! TSV development file (chooses the epoch and the thresholds).
    #[arg(long)]
    pub dev: PathBuf,
    /// Files whose sentences must not be trained on (test sets).
    #[arg(long)]
    pub holdout: Vec<PathBuf>,
    /// The new model version folder (e.g. models/classifier/v2).
    #[arg(short, long)]
    pub out: PathBuf,
    /// log2 of the number of feature buckets.
    #[arg(long, default_value_t = 18)]
    pub bits: u32,
    #[arg(long, default_value_t = 8)]
    pub epochs: usize,
    /// Reviewed examples to add (from `claimminer review import`); a reviewer's label replaces a
    /// base example with the same text.
    #[arg(long)]
    pub add: Vec<PathBuf>,
    /// How many times each added example counts.
    #[arg(long, default_value_t = 10)]
    pub add_weight: usize,
    #[arg(long, default_value_t = 13)]
    pub seed: u64,
}

pub fn train_classifier_cmd(job: &ClassifierJob) -> Result<()> {
    let ClassifierJob {
        tsv,
        claimbuster,
        dev,
        holdout,
        out,
        bits,
        epochs,
        seed,
        add,
        add_weight,
    } = job;
    let (bits, epochs, seed) = (*bits, *epochs, *seed);
    let mut train = Vec::new();
    let mut data = Vec::new();
    for path in tsv {
        let (rows, skipped) = read_checkthat_tsv(path)?;
        if skipped > 0 {
            log(format!(
                "{}: skipped {skipped} malformed rows",
                path.display()
            ));
        }
        data.push(data_file(
            path,
            rows.len(),
            "CLEF CheckThat! 2024 task 1 English",
        )?);
        train.extend(rows);
    }
    for path in claimbuster {
        let rows = read_claimbuster(path)?;
        data.push(data_file(path, rows.len(), "ClaimBuster two-class train")?);
        train.extend(rows);
    }
    if train.is_empty() {
        bail!("no training data: pass --tsv and/or --claimbuster files");
    }
    let (dev_rows, _) = read_checkthat_tsv(dev)?;
    data.push(data_file(
        dev,
        dev_rows.len(),
        "CLEF CheckThat! 2024 dev (chooses epoch and thresholds)",
    )?);
    // Sentences of the development and held-out files never train the model (ClaimBuster repeats
    // many CheckThat! dev sentences).
    let mut held: std::collections::HashSet<String> =
        dev_rows.iter().map(|r| normalized(&r.text)).collect();
    for path in holdout {
        let (rows, _) = read_checkthat_tsv(path)?;
        data.push(data_file(
            path,
            rows.len(),
            "held out: its sentences are removed from training",
        )?);
        held.extend(rows.iter().map(|r| normalized(&r.text)));
    }
    let before = train.len();
    train.retain(|r| !held.contains(&normalized(&r.text)));
    let mut seen = std::collections::HashSet::new();
    train.retain(|r| seen.insert(normalized(&r.text)));
    // Reviewed examples: the reviewer's label replaces the base example, and counts `add_weight` times.
    let mut added = Vec::new();
    for path in add {
        let (sentences, _) = read_added(path)?;
        data.push(data_file(
            path,
            sentences.len(),
            "reviewed examples (claimminer review import), sentence labels",
        )?);
        added.extend(sentences);
    }
    let reviewed: std::collections::HashSet<String> =
        added.iter().map(|r| normalized(&r.text)).collect();
    train.retain(|r| !reviewed.contains(&normalized(&r.text)));
    for r in added {
        train.extend(std::iter::repeat_n(r, *add_weight));
    }
    log(format!(
        "dropped {} training sentences that repeat held-out or earlier sentences",
        before - train.len()
    ));
    log(format!(
        "{} training sentences, {} development sentences",
        train.len(),
        dev_rows.len()
    ));
    let settings = ClassifierSettings {
        bits,
        epochs,
        learning_rate: 0.05,
        l2: 1e-6,
        seed,
        mine_recall: 0.95,
    };
    let (model, meta) = train_classifier(
        &train,
        &dev_rows,
        &settings,
        data,
        &version_of(out),
        &mut log,
    )?;
    write_model_dir(out, &meta, |d| model.save(&d.join(CLASSIFIER_FILE)))
}

fn model_dir(models: &Path, which: &str, version: Option<&str>) -> Result<PathBuf> {
    let manifest_path = models.join("manifest.json");
    let manifest: Manifest = serde_json::from_str(
        &std::fs::read_to_string(&manifest_path)
            .with_context(|| format!("cannot read {}", manifest_path.display()))?,
    )?;
    let v = version.map(str::to_string).unwrap_or(if which == "tagger" {
        manifest.tagger
    } else {
        manifest.classifier
    });
    Ok(models.join(v))
}

pub fn eval_tagger_cmd(
    models: &Path,
    version: Option<&str>,
    conll: &Path,
) -> Result<serde_json::Value> {
    let dir = model_dir(models, "tagger", version)?;
    let meta = read_meta(&dir)?;
    let tagger = PerceptronTagger::load(&dir.join(TAGGER_FILE), &meta.version)?;
    let sentences = read_conll(conll)?;
    let gold: Vec<Vec<usize>> = sentences.iter().map(|s| s.tags.clone()).collect();
    let pred: Vec<Vec<usize>> = {
        use rayon::prelude::*;
        sentences
            .par_iter()
            .map(|s| {
                let words: Vec<String> = s
                    .words
                    .iter()
                    .map(|w| crate::models::features::plain(w))
                    .collect();
                tagger.tag_words(&words).0
            })
            .collect()
    };
    let scores = entity_scores(&gold, &pred);
    let mut v = serde_json::to_value(&scores)?;
    v["model"] = format!("{}/{}", meta.name, meta.version).into();
    v["file"] = conll.display().to_string().into();
    Ok(v)
}

pub fn eval_classifier_cmd(
    models: &Path,
    version: Option<&str>,
    tsv: &Path,
    threshold: Option<f32>,
) -> Result<serde_json::Value> {
    let dir = model_dir(models, "classifier", version)?;
    let meta = read_meta(&dir)?;
    let clf = LinearClassifier::load(&dir.join(CLASSIFIER_FILE), &meta.version)?;
    let (rows, skipped) = read_checkthat_tsv(tsv)?;
    let probs: Vec<f32> = rows.iter().map(|r| clf.score(&r.text)).collect();
    let labels: Vec<bool> = rows.iter().map(|r| r.label).collect();
    let t = threshold.or(meta.threshold).unwrap_or(0.5);
    let s = binary_scores(&probs, &labels, t);
    let mut v = serde_json::to_value(&s)?;
    v["threshold"] = (((t as f64) * 100.0).round() / 100.0).into();
    v["sentences"] = rows.len().into();
    v["skipped_rows"] = skipped.into();
    v["model"] = format!("{}/{}", meta.name, meta.version).into();
    v["file"] = tsv.display().to_string().into();
    Ok(v)
}

/// Throughput of the shipped models on the seed sentences, repeated to at least `min_sentences`:
/// the tagger alone, the classifier alone, and both side by side (as `mine` runs them).
pub fn bench_models_cmd(
    models: &Path,
    inputs: &[String],
    min_sentences: usize,
) -> Result<serde_json::Value> {
    use rayon::prelude::*;
    let loaded = crate::models::Models::load(models, None, None)?;
    let mut sentences: Vec<String> = Vec::new();
    for record in crate::read::read_inputs(inputs) {
        let a = record.map_err(|e| anyhow::anyhow!(e.error))?;
        for (s, _) in crate::split::split_sentences(&a.text) {
            sentences.push(a.text[s.start..s.end].to_string());
        }
    }
    if sentences.is_empty() {
        bail!("no sentences in {inputs:?}");
    }
    let base = sentences.len();
    while sentences.len() < min_sentences {
        sentences.push(sentences[sentences.len() % base].clone());
    }
    let threads = rayon::current_num_threads();
    let time = |f: &dyn Fn()| {
        let t = std::time::Instant::now();
        f();
        t.elapsed().as_secs_f64()
    };
    let tagger = time(&|| {
        let _: Vec<_> = sentences.par_iter().map(|s| loaded.tagger.tag(s)).collect();
    });
    let classifier = time(&|| {
        let _: Vec<_> = sentences
            .par_iter()
            .map(|s| loaded.classifier.score(s))
            .collect();
    });
    let both = time(&|| {
        let _: Vec<_> = sentences
            .par_iter()
            .map(|s| rayon::join(|| loaded.tagger.tag(s), || loaded.classifier.score(s)))
            .collect();
    });
    let n = sentences.len() as f64;
    let row = |secs: f64| serde_json::json!({"sentences_per_sec": (n / secs).round(), "threads": threads, "batch": 1, "sentences": sentences.len()});
    Ok(serde_json::json!({"tagger": row(tagger), "classifier": row(classifier), "both": row(both)}))
}
