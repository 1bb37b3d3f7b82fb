//! The `train attribution` and `eval-attribution` commands: PolNeAR folders in, the attribution
//! head (or its scores) out.

use crate::cli_models::{encode_all, encoder_of, log, record_encoder, version_of, write_model_dir};
use crate::doc::{AttributionSpans, Span};
use crate::models::attribution::{
    link, parser_read, to_i8, AttributionTagger, RoleSpan, ATTRIBUTION_FILE,
};
use crate::models::attribution_context::Reach;
use crate::models::encoder::Encoder;
use crate::models::finetuned::{is_finetuned, FinetunedTagger, Layout};
use crate::models::DataFile;
use crate::models::{default_models_dir, load_encoder, load_parser, read_manifest, read_meta};
use crate::train::attribution::{
    parse_prepared, predict, prepare, role_counts, score, train_attribution, AttributionSettings,
    PreparedArticle,
};
use crate::train::data::sha256_file;
use crate::train::polnear::{read_polnear, PolnearArticle};
use anyhow::{anyhow, Context, Result};
use std::path::{Path, PathBuf};

/// What `train attribution` reads and writes.
#[derive(clap::Args, Debug)]
pub struct AttributionJob {
    /// PolNeAR training folder (with text/ and attributions/).
    #[arg(long)]
    pub polnear_train: PathBuf,
    /// PolNeAR development folder (chooses the epoch).
    #[arg(long)]
    pub dev: PathBuf,
    /// The new model version folder (e.g. models/attribution/v1).
    #[arg(short, long)]
    pub out: PathBuf,
    /// log2 of the number of feature buckets.
    #[arg(long, default_value_t = 17)]
    pub bits: u32,
    #[arg(long, default_value_t = 8)]
    pub epochs: usize,
    /// Length of the encoder's word vector as a feature (each hashed feature counts 1).
    #[arg(long, default_value_t = 2.0)]
    pub dense_scale: f32,
    /// Neighbours on each side whose encoder vectors stand beside a word's own.
    #[arg(long, default_value_t = 1)]
    pub window: usize,
    /// Train on the first N training articles only (by name; default: all).
    #[arg(long)]
    pub max_articles: Option<usize>,
    /// The models folder whose encoder the head is trained on (default: as for `mine`).
    #[arg(long)]
    pub models: Option<PathBuf>,
    #[arg(long, default_value_t = 13)]
    pub seed: u64,
    /// Units in each direction of the context layer's BiLSTM (0: none, as attribution v1).
    #[arg(long, default_value_t = 0)]
    pub context: usize,
    #[arg(long, default_value_t = 6)]
    pub context_epochs: usize,
    /// Weight of the context layer's tag probabilities beside a word's unit-length vectors.
    #[arg(long, default_value_t = 1.0)]
    pub context_weight: f32,
    /// What one pass of the context layer reads: `sentence` or `paragraph`.
    #[arg(long, default_value = "sentence", value_parser = ["sentence", "paragraph"])]
    pub context_reach: String,
    /// The context layer reads each word's shape (case, punctuation, quotation) beside its vector.
    #[arg(long)]
    pub context_shape: bool,
    /// The perceptron reads the context layer's log-probabilities.
    #[arg(long)]
    pub context_log: bool,
    /// Folds of the training articles whose context layers give the perceptron's training
    /// sentences their probabilities (each fold tagged by a layer trained on the others; at
    /// least 2).
    #[arg(long, default_value_t = 2)]
    pub context_folds: usize,
    /// The parser version (e.g. parser/v2) whose dependency trees the perceptron reads beside its
    /// other features (default: none, as attribution v1 to v3).
    #[arg(long)]
    pub parser: Option<String>,
}

/// The encoder's vector (int8) of every word of every sentence of each article.
pub fn article_vectors(
    encoder: &Encoder,
    articles: &[PolnearArticle],
    prepared: &[PreparedArticle],
) -> Result<Vec<Vec<Vec<Vec<i8>>>>> {
    let mut texts: Vec<&str> = Vec::new();
    let mut words = Vec::new();
    let mut owner = Vec::new();
    for (a, (article, prep)) in articles.iter().zip(prepared).enumerate() {
        for s in &prep.sentences {
            texts.push(&article.text[s.span.start..s.span.end]);
            words.push(&s.words);
            owner.push(a);
        }
    }
    let flat = encode_all(encoder, &texts, |i, e| to_i8(&e.word_vectors(words[i])))?;
    let mut out: Vec<Vec<Vec<Vec<i8>>>> = vec![Vec::new(); articles.len()];
    for (a, v) in owner.into_iter().zip(flat) {
        out[a].push(v);
    }
    Ok(out)
}

/// A PolNeAR folder as one data file: `sha256` is the SHA-256 of a `sha256sum`-style listing
/// (`HASH  text/NAME.txt` and `HASH  attributions/NAME_X.ann`, sorted) of the files read;
/// `examples` counts the attributions.
fn compartment_file(dir: &Path, articles: &[PolnearArticle], source: &str) -> Result<DataFile> {
    use sha2::{Digest, Sha256};
    let mut lines = Vec::new();
    for a in articles {
        let text = dir.join("text").join(format!("{}.txt", a.name));
        for (path, rel) in [
            (&text, format!("text/{}.txt", a.name)),
            (
                &a.annotation,
                format!(
                    "attributions/{}",
                    a.annotation
                        .file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                ),
            ),
        ] {
            lines.push(format!("{}  {rel}\n", sha256_file(path)?));
        }
    }
    lines.sort();
    Ok(DataFile {
        path: dir.display().to_string(),
        sha256: format!("{:x}", Sha256::digest(lines.concat().as_bytes())),
        examples: articles.iter().map(|a| a.attributions.len()).sum(),
        source: format!("{source} ({} articles)", articles.len()),
    })
}

fn read_compartment(dir: &Path) -> Result<(Vec<PolnearArticle>, Vec<PreparedArticle>)> {
    use rayon::prelude::*;
    let articles = read_polnear(dir)?;
    let prepared = articles.par_iter().map(prepare).collect();
    Ok((articles, prepared))
}

pub fn train_attribution_cmd(job: &AttributionJob) -> Result<()> {
    let encoder = encoder_of(&job.models)?;
    let (mut train, mut train_prep) = read_compartment(&job.polnear_train)?;
    if let Some(n) = job.max_articles {
        train.truncate(n);
        train_prep.truncate(n);
    }
    let (dev, dev_prep) = read_compartment(&job.dev)?;
    let data = vec![
        compartment_file(
            &job.polnear_train,
            &train,
            "PolNeAR v1.0.0 train: the annotation and text files read",
        )?,
        compartment_file(
            &job.dev,
            &dev,
            "PolNeAR v1.0.0 dev (chooses the epoch): the annotation and text files read",
        )?,
    ];
    log(format!(
        "{} training articles {:?}, {} development articles {:?}",
        train.len(),
        role_counts(&train),
        dev.len(),
        role_counts(&dev)
    ));
    let encoding = std::time::Instant::now();
    let train_vectors = article_vectors(&encoder, &train, &train_prep)?;
    let dev_vectors = article_vectors(&encoder, &dev, &dev_prep)?;
    let encoding = encoding.elapsed().as_secs_f64();
    drop(train_prep);
    let parser = job
        .parser
        .as_deref()
        .map(|v| {
            load_parser(
                &job.models
                    .clone()
                    .unwrap_or_else(default_models_dir)
                    .join(v),
            )
        })
        .transpose()?;
    let settings = AttributionSettings {
        bits: job.bits,
        epochs: job.epochs,
        seed: job.seed,
        dense_scale: job.dense_scale,
        window: job.window,
        context: job.context,
        context_epochs: job.context_epochs,
        context_weight: job.context_weight,
        context_reach: if job.context_reach == "sentence" {
            Reach::Sentence
        } else {
            Reach::Paragraph
        },
        context_shape: job.context_shape,
        context_log: job.context_log,
        context_folds: job.context_folds.max(2),
    };
    let (model, mut meta) = train_attribution(
        &train,
        &train_vectors,
        &dev,
        &dev_vectors,
        &settings,
        parser.as_ref().map(|(p, _)| (p, p.version.as_str())),
        data,
        &version_of(&job.out),
        &mut log,
    )?;
    meta.settings["train_articles"] = train.len().into();
    record_encoder(&mut meta, &encoder, encoding)?;
    write_model_dir(&job.out, &meta, |d| model.save(&d.join(ATTRIBUTION_FILE)))
}

/// Writes the articles of a PolNeAR folder as JSON lines, one an article, for the fine-tuning
/// script: its `name` and `text`; its `sentences` as the pipeline splits them (`start`, `end`,
/// `paragraph`, each word's byte span in the text, `words`, and its gold BIO tag, `gold`: indices
/// into `O, B-SOURCE, I-SOURCE, B-CUE, I-CUE, B-CONTENT, I-CONTENT`); and the gold spans of each
/// role (`gold`: byte spans), which `eval-attribution` scores against. Returns how many articles.
pub fn polnear_words_cmd(polnear: &Path, out: &Path) -> Result<usize> {
    use crate::train::polnear::spans_by_role;
    let (articles, prepared) = read_compartment(polnear)?;
    let mut text = String::new();
    for (a, p) in articles.iter().zip(&prepared) {
        let sentences: Vec<serde_json::Value> = p
            .sentences
            .iter()
            .map(|s| {
                let words: Vec<[usize; 2]> = s
                    .words
                    .iter()
                    .map(|w| [s.span.start + w.start, s.span.start + w.end])
                    .collect();
                serde_json::json!({
                    "start": s.span.start,
                    "end": s.span.end,
                    "paragraph": s.paragraph,
                    "words": words,
                    "gold": s.gold,
                })
            })
            .collect();
        let by_role = spans_by_role(&a.spans);
        let gold: serde_json::Map<String, serde_json::Value> =
            crate::models::attribution::Role::ALL
                .iter()
                .map(|r| {
                    let spans: Vec<[usize; 2]> = by_role
                        .get(r)
                        .map(|v| v.iter().map(|s| [s.start, s.end]).collect())
                        .unwrap_or_default();
                    (r.as_str().to_string(), serde_json::json!(spans))
                })
                .collect();
        let line = serde_json::json!({
            "name": a.name,
            "text": a.text,
            "sentences": sentences,
            "gold": gold,
        });
        text.push_str(&line.to_string());
        text.push('\n');
    }
    std::fs::write(out, text).with_context(|| format!("cannot write {}", out.display()))?;
    Ok(articles.len())
}

/// Loads an attribution version (default: the one `models/manifest.json` names).
pub fn load_attribution(models: &Path, version: Option<&str>) -> Result<AttributionTagger> {
    let version = match version {
        Some(v) => v.to_string(),
        None => manifest_attribution(models)?,
    };
    let dir = models.join(&version);
    let meta = read_meta(&dir)?;
    let mut model = AttributionTagger::load(
        &dir.join(ATTRIBUTION_FILE),
        &format!("{}/{}", meta.name, meta.version),
    )?;
    model.parser = parser_read(&meta);
    Ok(model)
}

/// Scores an attribution version on a PolNeAR folder.
/// With `errors`, every wrong span (`train::attribution::mismatches`) is written there as JSONL.
pub fn eval_attribution_cmd(
    models: Option<&Path>,
    version: Option<&str>,
    polnear: &Path,
    errors: Option<&Path>,
) -> Result<serde_json::Value> {
    let models = models
        .map(Path::to_path_buf)
        .unwrap_or_else(default_models_dir);
    let (articles, mut prepared) = read_compartment(polnear)?;
    let chosen = match version {
        Some(v) => v.to_string(),
        None => manifest_attribution(&models)?,
    };
    let meta = read_meta(&models.join(&chosen))?;
    let (name, predicted) = if is_finetuned(&meta) {
        let head = FinetunedTagger::load(
            &models,
            &meta,
            &read_manifest(&models)?.encoder,
            rayon::current_num_threads(),
        )?;
        let layouts: Vec<Vec<(Span, usize)>> =
            prepared.iter().map(PreparedArticle::layout).collect();
        let docs: Vec<Layout> = articles
            .iter()
            .zip(&layouts)
            .map(|(a, sentences)| Layout {
                text: &a.text,
                sentences,
            })
            .collect();
        let spans = head.spans(&docs)?;
        let predicted = spans
            .into_iter()
            .zip(&layouts)
            .map(|(spans, layout)| {
                let links = link(&spans, layout);
                (spans, links)
            })
            .collect();
        (head.version.clone(), predicted)
    } else {
        let model = load_attribution(&models, Some(&chosen))?;
        let predicted = perceptron_predictions(&models, &model, &articles, &mut prepared)?;
        (model.version().to_string(), predicted)
    };
    let scores = score(&articles, &predicted);
    if let Some(path) = errors {
        let mut text = String::new();
        for record in crate::train::attribution::mismatches(&articles, &predicted) {
            text.push_str(&record.to_string());
            text.push('\n');
        }
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let mut v = serde_json::to_value(&scores)?;
    v["model"] = name.into();
    v["file"] = polnear.display().to_string().into();
    Ok(v)
}

/// The attribution version `models/manifest.json` names.
fn manifest_attribution(models: &Path) -> Result<String> {
    read_manifest(models)?.attribution.ok_or_else(|| {
        anyhow!(
            "{}/manifest.json names no attribution model: pass --model attribution/VERSION",
            models.display()
        )
    })
}

/// A perceptron version's spans and links for prepared PolNeAR articles (encoded, and parsed
/// when it reads parses).
fn perceptron_predictions(
    models: &Path,
    model: &AttributionTagger,
    articles: &[PolnearArticle],
    prepared: &mut [PreparedArticle],
) -> Result<Vec<(Vec<RoleSpan>, Vec<AttributionSpans>)>> {
    let vectors = article_vectors(&load_encoder(models)?, articles, prepared)?;
    if let Some(p) = &model.parser {
        parse_prepared(
            &load_parser(&models.join(p))?.0,
            articles,
            prepared,
            &vectors,
        );
    }
    Ok(predict(model, prepared, &vectors))
}
