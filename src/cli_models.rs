//! The `train`, `eval-tagger` and `eval-classifier` commands: glue between the command line, the
//! training code and the model files.

use crate::doc::Span;
use crate::models::checksums;
use crate::models::encoder::Encoder;
use crate::models::tagger::PerceptronTagger;
use crate::models::{
    default_models_dir, load_encoder, read_manifest, read_meta, ModelMeta, CLASSIFIER_FILE,
    TAGGER_FILE,
};
use crate::train::data::{
    average_precision, binary_scores, data_file, entity_scores, read_added, read_checkthat_tsv,
    read_claimbuster, read_conll, sha256_file, LabelledSentence, TaggedSentence,
};
use crate::train::{train_classifier, train_tagger, ClassifierSettings, TaggerSettings};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

pub(crate) fn log(msg: String) {
    eprintln!("[train] {msg}");
}

pub(crate) fn write_model_dir(
    out: &Path,
    meta: &ModelMeta,
    save: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    save(out)?;
    let text = serde_json::to_string_pretty(meta)? + "\n";
    std::fs::write(out.join("meta.json"), text)
        .with_context(|| format!("cannot write {}/meta.json", out.display()))?;
    write_sums(out)?;
    eprintln!("[train] wrote {}", out.display());
    Ok(())
}

/// Lists the new version's files with their SHA-256 in its own `SHA256SUMS`, which `mine` checks
/// them against when it loads them.
fn write_sums(out: &Path) -> Result<()> {
    let mut names: Vec<String> = std::fs::read_dir(out)
        .with_context(|| format!("cannot list {}", out.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != checksums::HEADS_SUMS)
        .collect();
    names.sort();
    let mut text = String::new();
    for name in names {
        let f = std::fs::File::open(out.join(&name))
            .with_context(|| format!("cannot read {}/{name}", out.display()))?;
        let (_, digest) = checksums::sha256_of(std::io::BufReader::new(f))?;
        text.push_str(&format!("{digest}  {name}\n"));
    }
    let path = out.join(checksums::HEADS_SUMS);
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Encodes `texts`, logging progress; `keep` turns each encoding into what training keeps of it.
pub(crate) fn encode_all<T: Clone + Default>(
    encoder: &Encoder,
    texts: &[&str],
    keep: impl Fn(usize, &crate::models::encoder::Encoded) -> T,
) -> Result<Vec<T>> {
    let started = std::time::Instant::now();
    let mut out = vec![T::default(); texts.len()];
    let mut done = 0;
    encoder.encode_each(texts, |idx, encoded| {
        for (&i, e) in idx.iter().zip(&encoded) {
            out[i] = keep(i, e);
        }
        done += idx.len();
        if done % 5000 < idx.len() || done == texts.len() {
            log(format!(
                "encoded {done}/{} sentences ({:.0}s)",
                texts.len(),
                started.elapsed().as_secs_f64()
            ));
        }
    })?;
    Ok(out)
}

/// The encoder's vector of every word of `sentences` (each sentence's words joined by spaces).
pub fn word_vectors(encoder: &Encoder, sentences: &[TaggedSentence]) -> Result<Vec<Vec<Vec<f32>>>> {
    let mut texts = Vec::with_capacity(sentences.len());
    let mut spans = Vec::with_capacity(sentences.len());
    for s in sentences {
        let mut text = String::new();
        let mut words = Vec::with_capacity(s.words.len());
        for w in &s.words {
            if !text.is_empty() {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(w);
            words.push(Span::new(start, text.len()));
        }
        texts.push(text);
        spans.push(words);
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    encode_all(encoder, &refs, |i, e| e.word_vectors(&spans[i]))
}

/// The encoder's sentence vector of each sentence.
pub fn sentence_vectors(
    encoder: &Encoder,
    sentences: &[LabelledSentence],
) -> Result<Vec<Vec<f32>>> {
    let refs: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
    encode_all(encoder, &refs, |_, e| e.sentence_vector())
}

/// Notes in a new model's metadata which encoder it was trained on and how long encoding took.
pub(crate) fn record_encoder(
    meta: &mut ModelMeta,
    encoder: &Encoder,
    encoding_seconds: f64,
) -> Result<()> {
    meta.training_seconds += encoding_seconds;
    meta.settings["encoding_seconds"] = encoding_seconds.round().into();
    meta.settings["encoder_graph_sha256"] = sha256_file(&encoder.graph)?.into();
    Ok(())
}

pub(crate) fn encoder_of(models: &Option<PathBuf>) -> Result<Encoder> {
    load_encoder(&models.clone().unwrap_or_else(default_models_dir))
}

pub(crate) fn version_of(out: &Path) -> String {
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
    /// Length of the encoder's word vector as a feature (each hashed feature counts 1).
    #[arg(long, default_value_t = 2.0)]
    pub dense_scale: f32,
    /// The models folder whose encoder the tagger is trained on (default: as for `mine`).
    #[arg(long)]
    pub models: Option<PathBuf>,
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
        dense_scale,
        models,
        seed,
        add,
        add_weight,
    } = job;
    let encoder = encoder_of(models)?;
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
    let encoding = std::time::Instant::now();
    let train_vectors = word_vectors(&encoder, &train)?;
    let dev_vectors = word_vectors(&encoder, &dev_s)?;
    let encoding = encoding.elapsed().as_secs_f64();
    let settings = TaggerSettings {
        bits,
        epochs,
        seed,
        dense_scale: *dense_scale,
    };
    let (model, mut meta) = train_tagger(
        &train,
        &train_vectors,
        &dev_s,
        &dev_vectors,
        &settings,
        data,
        &version_of(out),
        &mut log,
    )?;
    record_encoder(&mut meta, &encoder, encoding)?;
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
    /// Length of the encoder's sentence vector as a feature (each hashed feature counts 1).
    #[arg(long, default_value_t = 48.0)]
    pub dense_scale: f32,
    /// The models folder whose encoder the classifier is trained on (default: as for `mine`).
    #[arg(long)]
    pub models: Option<PathBuf>,
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
        dense_scale,
        models,
        seed,
        add,
        add_weight,
    } = job;
    let (bits, epochs, seed) = (*bits, *epochs, *seed);
    let encoder = encoder_of(models)?;
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
    let encoding = std::time::Instant::now();
    let train_vectors = sentence_vectors(&encoder, &train)?;
    let dev_vectors = sentence_vectors(&encoder, &dev_rows)?;
    let encoding = encoding.elapsed().as_secs_f64();
    let settings = ClassifierSettings {
        bits,
        dense_scale: *dense_scale,
        epochs,
        learning_rate: 0.05,
        l2: 1e-6,
        seed,
        mine_recall: 0.95,
    };
    let (model, mut meta) = train_classifier(
        &train,
        &train_vectors,
        &dev_rows,
        &dev_vectors,
        &settings,
        data,
        &version_of(out),
        &mut log,
    )?;
    record_encoder(&mut meta, &encoder, encoding)?;
    write_model_dir(out, &meta, |d| model.save(&d.join(CLASSIFIER_FILE)))
}

fn model_dir(models: &Path, which: &str, version: Option<&str>) -> Result<PathBuf> {
    let manifest = read_manifest(models)?;
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
    let vectors = word_vectors(&load_encoder(models)?, &sentences)?;
    let gold: Vec<Vec<usize>> = sentences.iter().map(|s| s.tags.clone()).collect();
    let pred: Vec<Vec<usize>> = {
        use rayon::prelude::*;
        sentences
            .par_iter()
            .zip(&vectors)
            .map(|(s, v)| {
                let words: Vec<String> = s
                    .words
                    .iter()
                    .map(|w| crate::models::features::plain(w))
                    .collect();
                tagger.tag_words(&words, v).0
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
    // Scored as `mine` scores sentences: the encoder, then the classifier head.
    let loaded = crate::models::Models::load(models, version, None)?;
    let meta = &loaded.classifier_meta;
    let (rows, skipped) = read_checkthat_tsv(tsv)?;
    let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    let probs: Vec<f32> = loaded
        .annotate_sentences(&texts, true, false)?
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    let labels: Vec<bool> = rows.iter().map(|r| r.label).collect();
    let t = threshold.or(meta.threshold).unwrap_or(0.5);
    let s = binary_scores(&probs, &labels, t);
    let mut v = serde_json::to_value(&s)?;
    v["average_precision"] =
        ((average_precision(&probs, &labels) * 10000.0).round() / 10000.0).into();
    v["threshold"] = (((t as f64) * 100.0).round() / 100.0).into();
    v["sentences"] = rows.len().into();
    v["skipped_rows"] = skipped.into();
    v["model"] = format!("{}/{}", meta.name, meta.version).into();
    v["file"] = tsv.display().to_string().into();
    Ok(v)
}

/// Throughput of the shipped models on the seed sentences, repeated to at least `min_sentences`
/// (every copy is encoded: nothing is cached): the encoder with the tagger alone, with the
/// classifier alone, with both heads side by side, and, for the heads the manifest names, with the
/// parser alone (every sentence parsed; `mine` parses only those that may state a number), the
/// attribution head alone, and every head together.
pub fn bench_models_cmd(
    models: &Path,
    inputs: &[String],
    min_sentences: usize,
) -> Result<serde_json::Value> {
    let loaded = crate::models::Models::load(models, None, None)?;
    let mut sentences: Vec<String> = Vec::new();
    for record in crate::read::read_inputs(inputs) {
        let a = match record {
            Ok(a) => a,
            // A problem reported on an article that is still read (an invalid date).
            Err(e) if e.still_mined => continue,
            Err(e) => anyhow::bail!(e.error),
        };
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
    let refs: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let threads = rayon::current_num_threads();
    let time = |classify: bool, tag: bool, parse: bool, attribute: bool| -> Result<f64> {
        let heads = crate::models::Heads {
            classify,
            tag,
            parse: vec![parse; refs.len()],
            parse_min_score: 0.0,
            attribute,
        };
        let t = std::time::Instant::now();
        let annotated = loaded.annotate_with(&refs, &heads)?;
        if let Some(head) = loaded.attribution.as_ref().filter(|_| attribute) {
            // Decoded as documents of one sentence each (mine decodes each article in order).
            use rayon::prelude::*;
            annotated.into_par_iter().zip(&refs).for_each(|(a, s)| {
                let layout = [(Span::new(0, s.len()), 0)];
                head.attributions(&layout, &[a.attribution.unwrap_or_default()]);
            });
        }
        if let Some(head) = loaded.finetuned.as_ref().filter(|_| attribute) {
            // The fine-tuned head reads its own graph: the same documents of one sentence each.
            let layouts: Vec<[(Span, usize); 1]> =
                refs.iter().map(|s| [(Span::new(0, s.len()), 0)]).collect();
            let docs: Vec<crate::models::finetuned::Layout> = refs
                .iter()
                .zip(&layouts)
                .map(|(s, sentences)| crate::models::finetuned::Layout { text: s, sentences })
                .collect();
            head.attributions(&docs)?;
        }
        Ok(t.elapsed().as_secs_f64())
    };
    // Warm-up (ONNX Runtime's first runs allocate and start its threads): not timed.
    loaded.annotate_sentences(
        &refs[..refs.len().min(4 * crate::models::encoder::BATCH)],
        true,
        true,
    )?;
    let tagger = time(false, true, false, false)?;
    let classifier = time(true, false, false, false)?;
    let both = time(true, true, false, false)?;
    let has_parser = loaded.parser.is_some();
    let has_attribution = loaded.attribution.is_some() || loaded.finetuned.is_some();
    let parser = has_parser
        .then(|| time(false, false, true, false))
        .transpose()?;
    let attribution = has_attribution
        .then(|| time(false, false, false, true))
        .transpose()?;
    let all = (has_parser || has_attribution)
        .then(|| time(true, true, has_parser, has_attribution))
        .transpose()?;
    let n = sentences.len() as f64;
    let tokens: usize = refs.iter().map(|s| s.split_whitespace().count()).sum();
    let row = |secs: f64| {
        serde_json::json!({
            "sentences_per_sec": (n / secs).round(),
            "threads": threads,
            "batch": crate::models::encoder::BATCH,
            "sentences": sentences.len(),
            "mean_words_per_sentence": ((tokens as f64 / n) * 10.0).round() / 10.0,
            "seconds": (secs * 100.0).round() / 100.0,
        })
    };
    let mut out = serde_json::json!({"tagger": row(tagger), "classifier": row(classifier), "both": row(both)});
    if let Some(p) = parser {
        out["parser"] = row(p);
    }
    if let Some(a) = attribution {
        out["attribution"] = row(a);
    }
    if let Some(all) = all {
        out["all"] = row(all);
    }
    Ok(out)
}

/// What `train parser` reads and writes.
#[derive(clap::Args, Debug)]
pub struct ParserJob {
    /// CoNLL-U training files (Universal Dependencies), e.g. EWT and GUM train.
    #[arg(long, required = true)]
    pub conllu: Vec<PathBuf>,
    /// CoNLL-U development files: the first chooses the epoch (by LAS); all are scored and recorded.
    #[arg(long, required = true)]
    pub dev: Vec<PathBuf>,
    /// The new model version folder (e.g. models/parser/v1).
    #[arg(short, long)]
    pub out: PathBuf,
    #[arg(long, default_value_t = 15)]
    pub epochs: usize,
    /// Width of the shared hidden layer.
    #[arg(long, default_value_t = 384)]
    pub hidden: usize,
    /// Width of the arc projections.
    #[arg(long, default_value_t = 256)]
    pub arc: usize,
    /// Width of the relation projections.
    #[arg(long, default_value_t = 64)]
    pub rel: usize,
    /// Width of each direction of the BiLSTM context layer over the input rows (0: none, as in
    /// parser/v1).
    #[arg(long, default_value_t = 128)]
    pub context: usize,
    /// Stacked BiLSTM layers (with `--context` above 0).
    #[arg(long, default_value_t = 1)]
    pub context_layers: usize,
    /// Width of a hashed-feature embedding.
    #[arg(long, default_value_t = 32)]
    pub feature: usize,
    /// log2 of the hashed-feature buckets.
    #[arg(long, default_value_t = 15)]
    pub bits: u32,
    /// Sentences per update.
    #[arg(long, default_value_t = 16)]
    pub batch: usize,
    #[arg(long, default_value_t = 0.002)]
    pub learning_rate: f32,
    /// The learning rate is multiplied by this after each epoch.
    #[arg(long, default_value_t = 0.85)]
    pub decay: f32,
    #[arg(long, default_value_t = 0.2)]
    pub dropout: f32,
    #[arg(long, default_value_t = 13)]
    pub seed: u64,
    /// The models folder whose encoder the parser is trained on (default: as for `mine`).
    #[arg(long)]
    pub models: Option<PathBuf>,
    /// Keep the encoder's word vectors of each CoNLL-U file in this folder and reuse them on the
    /// next run (keyed by the file's and the encoder graph's hashes).
    #[arg(long)]
    pub vectors_cache: Option<PathBuf>,
}

/// The encoder's vector of every word of a treebank's sentences (encoded from the sentence text,
/// each word the mean of the sub-word tokens it overlaps), through `cache` when given.
fn treebank_vectors(
    encoder: &Encoder,
    path: &Path,
    sentences: &[crate::train::conllu::TreebankSentence],
    cache: Option<&Path>,
) -> Result<Vec<Vec<Vec<f32>>>> {
    let cached = match cache {
        Some(dir) => {
            let key = format!(
                "{}-{}.vectors",
                &sha256_file(path)?[..16],
                &sha256_file(&encoder.graph)?[..16]
            );
            Some(dir.join(key))
        }
        None => None,
    };
    if let Some(file) = cached.as_ref().filter(|f| f.is_file()) {
        if let Some(v) = read_vectors(file, sentences, encoder.dim) {
            log(format!(
                "word vectors of {} from {}",
                path.display(),
                file.display()
            ));
            return Ok(v);
        }
    }
    let texts: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
    let vectors = encode_all(encoder, &texts, |i, e| e.word_vectors(&sentences[i].spans))?;
    if let Some(file) = cached {
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let mut bytes = Vec::new();
        for v in vectors.iter().flatten().flatten() {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
        std::fs::write(&file, bytes).with_context(|| format!("cannot write {}", file.display()))?;
    }
    Ok(vectors)
}

/// Cached word vectors, if the file holds exactly one vector per word of `sentences`.
fn read_vectors(
    file: &Path,
    sentences: &[crate::train::conllu::TreebankSentence],
    dim: usize,
) -> Option<Vec<Vec<Vec<f32>>>> {
    let bytes = std::fs::read(file).ok()?;
    let words: usize = sentences.iter().map(|s| s.words.len()).sum();
    if bytes.len() != words * dim * 4 {
        return None;
    }
    let mut floats = bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]));
    Some(
        sentences
            .iter()
            .map(|s| {
                (0..s.words.len())
                    .map(|_| floats.by_ref().take(dim).collect())
                    .collect()
            })
            .collect(),
    )
}

/// Relation labels of the training sentences, the most frequent first (ties by name).
fn relation_labels(sentences: &[crate::train::conllu::TreebankSentence]) -> Vec<String> {
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for r in sentences.iter().flat_map(|s| &s.rels) {
        *counts.entry(r.as_str()).or_default() += 1;
    }
    let mut labels: Vec<(&str, usize)> = counts.into_iter().collect();
    labels.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    labels.into_iter().map(|(l, _)| l.to_string()).collect()
}

pub fn train_parser_cmd(job: &ParserJob) -> Result<()> {
    use crate::train::conllu::read_conllu;
    use crate::train::parser::{train_parser, Example, ParserSettings};
    let encoder = encoder_of(&job.models)?;
    let started = std::time::Instant::now();
    let cache = job.vectors_cache.as_deref();
    let mut data = Vec::new();
    let mut train_sentences = Vec::new();
    let mut train_vectors = Vec::new();
    for path in &job.conllu {
        let s = read_conllu(path)?;
        data.push(data_file(
            path,
            s.len(),
            "Universal Dependencies treebank (CoNLL-U), training",
        )?);
        train_vectors.extend(treebank_vectors(&encoder, path, &s, cache)?);
        train_sentences.extend(s);
    }
    let labels = relation_labels(&train_sentences);
    let index: std::collections::HashMap<String, usize> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.clone(), i))
        .collect();
    let train: Vec<Example> = train_sentences
        .iter()
        .zip(train_vectors)
        .map(|(s, v)| Example::new(s, v, &index, job.bits))
        .collect();
    let mut dev_sets: Vec<(String, Vec<Example>)> = Vec::new();
    for path in &job.dev {
        let s = read_conllu(path)?;
        data.push(data_file(
            path,
            s.len(),
            "Universal Dependencies treebank (CoNLL-U), development",
        )?);
        let vectors = treebank_vectors(&encoder, path, &s, cache)?;
        let name = path
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "dev".into());
        dev_sets.push((
            name,
            s.iter()
                .zip(vectors)
                .map(|(s, v)| Example::new(s, v, &index, job.bits))
                .collect(),
        ));
    }
    let encoding = started.elapsed().as_secs_f64();
    log(format!(
        "{} training sentences, {} labels; encoded in {encoding:.0}s",
        train.len(),
        labels.len()
    ));
    let settings = ParserSettings {
        feature: job.feature,
        bits: job.bits,
        hidden: job.hidden,
        arc: job.arc,
        rel: job.rel,
        context: job.context,
        context_layers: job.context_layers,
        epochs: job.epochs,
        batch: job.batch,
        learning_rate: job.learning_rate,
        decay: job.decay,
        dropout: job.dropout,
        input_scale: (encoder.dim as f32).sqrt(),
        seed: job.seed,
    };
    let dev_refs: Vec<(&str, &[Example])> = dev_sets
        .iter()
        .map(|(n, e)| (n.as_str(), e.as_slice()))
        .collect();
    let training = std::time::Instant::now();
    let version = version_of(&job.out);
    let (parser, history) = train_parser(
        &train,
        &dev_refs,
        labels,
        encoder.dim,
        &settings,
        &version,
        &mut log,
    );
    let mut scores = serde_json::Map::new();
    for (name, set) in &dev_refs {
        let s = crate::train::parser::score(&parser, set);
        scores.insert(name.to_string(), serde_json::to_value(s)?);
    }
    let mut meta = ModelMeta {
        name: "parser".into(),
        version,
        kind: if settings.context == 0 {
            "biaffine dependency parser and UPOS tagger on the frozen encoder's word vectors \
             and hashed word features; Eisner decoding (projective, one root)"
        } else {
            "biaffine dependency parser and UPOS tagger on a trained BiLSTM over the frozen \
             encoder's word vectors and hashed word features; Eisner decoding (projective, one \
             root)"
        }
        .into(),
        created: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        data,
        settings: serde_json::to_value(&settings)?,
        scores: serde_json::Value::Object(scores),
        threshold: None,
        mine_threshold: None,
        training_seconds: training.elapsed().as_secs_f64().round(),
    };
    meta.settings["epochs_history"] = serde_json::Value::Array(history);
    meta.settings["chosen_on"] = dev_refs.first().map(|(n, _)| *n).unwrap_or("").into();
    record_encoder(&mut meta, &encoder, encoding.round())?;
    write_model_dir(&job.out, &meta, |d| {
        parser.save(&d.join(crate::models::PARSER_FILE))
    })
}

/// The shipped parser's reading of each line of `file` (stdin when `None` or "-") as CoNLL-U,
/// on the words the pipeline splits (`features::word_tokens`).
pub fn parse_cmd(models: &Path, file: Option<&Path>) -> Result<String> {
    use std::io::Read;
    let mut text = String::new();
    match file.filter(|f| f.as_os_str() != "-") {
        Some(f) => {
            text = std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?
        }
        None => {
            std::io::stdin()
                .read_to_string(&mut text)
                .context("reading stdin")?;
        }
    }
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let loaded = crate::models::Models::load(models, None, None)?;
    anyhow::ensure!(
        loaded.parser.is_some(),
        "models/manifest.json in {} names no parser",
        models.display()
    );
    let heads = crate::models::Heads {
        classify: false,
        tag: false,
        parse: vec![true; lines.len()],
        parse_min_score: 0.0,
        attribute: false,
    };
    let mut out = String::new();
    for (line, ann) in lines.iter().zip(loaded.annotate_with(&lines, &heads)?) {
        out.push_str(&format!("# text = {line}\n"));
        let words = crate::models::features::word_tokens(line);
        let parse = ann.parse.context("the parser returned no parse")?;
        for (i, w) in words.iter().enumerate() {
            let head = parse.heads.get(i).copied().flatten().map_or(0, |h| h + 1);
            out.push_str(&format!(
                "{}\t{}\t_\t{}\t_\t_\t{}\t{}\t_\t_\n",
                i + 1,
                &line[w.start..w.end],
                parse.upos.get(i).copied().unwrap_or("_"),
                head,
                parse.rels.get(i).map_or("_", |r| r.as_str()),
            ));
        }
        out.push('\n');
    }
    Ok(out)
}

pub fn eval_parser_cmd(
    models: &Path,
    version: Option<&str>,
    conllu: &Path,
) -> Result<serde_json::Value> {
    use crate::train::parser::{score, Example};
    let dir = match version {
        Some(v) => models.join(v),
        None => models.join(
            read_manifest(models)?
                .parser
                .context("models/manifest.json names no parser: pass --model parser/VERSION")?,
        ),
    };
    let (parser, meta) = crate::models::load_parser(&dir)?;
    let sentences = crate::train::conllu::read_conllu(conllu)?;
    let vectors = treebank_vectors(&load_encoder(models)?, conllu, &sentences, None)?;
    let index: std::collections::HashMap<String, usize> = parser
        .labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.clone(), i))
        .collect();
    let examples: Vec<Example> = sentences
        .iter()
        .zip(vectors)
        .map(|(s, v)| Example::new(s, v, &index, parser.dims.bits))
        .collect();
    let mut v = serde_json::to_value(score(&parser, &examples))?;
    v["model"] = format!("{}/{}", meta.name, meta.version).into();
    v["file"] = conllu.display().to_string().into();
    Ok(v)
}
