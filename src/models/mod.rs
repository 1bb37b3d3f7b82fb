//! Model inference behind one narrow interface: the shared `Encoder` turns sentences into vectors,
//! and the heads read them side by side: a `ClaimScorer` gives each sentence its claim score, an
//! `EntityTagger` its entity spans, the parser (where the manifest names one) its dependency tree,
//! and the attribution head (where the manifest names one) its word scores, decoded per article
//! into the attribution layer.
//! then a `ClaimScorer` gives each sentence its claim score and an `EntityTagger` its entity spans.
//! `Models` loads all three from a models folder (its `manifest.json` names the encoder's files and
//! the version of each head) and runs the heads side by side on each batch the encoder gives.

pub mod attribution;
pub mod attribution_context;
pub mod checksums;
pub mod classifier;
pub mod consistency;
pub mod encoder;
pub mod features;
pub mod finetuned;
pub mod lstm;
pub mod parser;
pub mod store;
pub mod tagger;

use crate::doc::{self, Doc, Entity};
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
    /// The dependency parser's version, once one is shipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parser: Option<String>,
    /// The attribution head's version, once one is shipped.
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

/// Which heads to run: the classifier and the tagger on every sentence, the parser on the
/// sentences marked (index-parallel to the sentences; none when empty).
#[derive(Debug, Clone, Default)]
pub struct Heads {
    pub classify: bool,
    pub tag: bool,
    pub parse: Vec<bool>,
    /// Parse only the marked sentences whose claim score (when the classifier runs) is at least
    /// this: the sentences that can give claims.
    pub parse_min_score: f32,
    /// Run the attribution head (where one is loaded) on every sentence.
    pub attribute: bool,
}

/// Everything the heads say of one sentence (entity spans relative to the sentence; the parse
/// over `features::word_tokens` of it).
#[derive(Debug, Clone, Default)]
pub struct SentenceAnnotation {
    pub claim_score: f32,
    pub entities: Vec<Entity>,
    pub parse: Option<doc::Parse>,
    /// The attribution head's word scores, decoded per article (`AttributionTagger::attributions`).
    pub attribution: Option<SentenceScores>,
}

pub struct Models {
    pub encoder: Encoder,
    pub classifier: Box<dyn ClaimScorer>,
    pub tagger: Box<dyn EntityTagger>,
    pub classifier_meta: ModelMeta,
    pub tagger_meta: ModelMeta,
    /// The dependency parser, when the manifest names one (or one is asked for).
    pub parser: Option<parser::Parser>,
    pub parser_meta: Option<ModelMeta>,
    /// The attribution head, where the manifest (or `load_attribution`) names one: a perceptron
    /// over the shared encoder's vectors, or a fine-tuned graph of its own (`finetuned`).
    pub attribution: Option<AttributionTagger>,
    pub finetuned: Option<finetuned::FinetunedTagger>,
    pub attribution_meta: Option<ModelMeta>,
    /// Every file loaded (path relative to the models folder) with its checked SHA-256.
    pub files: Vec<(String, String)>,
}

/// How to restore a head or the manifest that fails its checksum.
pub const HEADS_FIX: &str =
    "restore it with `git checkout -- models` (or retrain it with `claimminer train`)";

/// Checks the files of a head (its weights and metadata) against their checksums; returns them
/// relative to `dir` with their digests.
fn verify_head(dir: &Path, version_dir: &Path, weights: &str) -> Result<Vec<(String, String)>> {
    [weights, "meta.json"]
        .iter()
        .map(|name| {
            let file = version_dir.join(name);
            let digest = checksums::verify(dir, &file, HEADS_FIX)?;
            Ok((relative(dir, &file), digest))
        })
        .collect()
}

/// `file` relative to the models folder `dir`, with `/` separators.
pub fn relative(dir: &Path, file: &Path) -> String {
    file.strip_prefix(dir)
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/")
}

pub const CLASSIFIER_FILE: &str = "classifier.bin";
pub const TAGGER_FILE: &str = "tagger.bin";
pub const PARSER_FILE: &str = "parser.bin";
/// Sentences the parser reads in one forward pass (`Parser::parse_many`): enough to pack its
/// weights once for several sentences, few enough to keep both cores busy on a batch.
pub const PARSE_CHUNK: usize = 8;

/// Loads the parser of the version folder `dir` (e.g. models/parser/v2), named as its `meta.json`
/// says ("parser/v2"), with that metadata.
pub fn load_parser(dir: &Path) -> Result<(parser::Parser, ModelMeta)> {
    let meta = read_meta(dir)?;
    let name = format!("{}/{}", meta.name, meta.version);
    Ok((parser::Parser::load(&dir.join(PARSER_FILE), &name)?, meta))
}

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
        Self::load_with_parser(dir, classifier_version, tagger_version, None)
    }

    /// As `load`, with a parser version too (default: the manifest's, if it names one).
    pub fn load_with_parser(
        dir: &Path,
        classifier_version: Option<&str>,
        tagger_version: Option<&str>,
        parser_version: Option<&str>,
    ) -> Result<Models> {
        let manifest = read_manifest(dir)?;
        let manifest_file = dir.join("manifest.json");
        let mut files = vec![(
            "manifest.json".to_string(),
            checksums::verify(dir, &manifest_file, HEADS_FIX)?,
        )];
        let cdir = dir.join(classifier_version.unwrap_or(&manifest.classifier));
        let tdir = dir.join(tagger_version.unwrap_or(&manifest.tagger));
        files.extend(verify_head(dir, &cdir, CLASSIFIER_FILE)?);
        files.extend(verify_head(dir, &tdir, TAGGER_FILE)?);
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
        files.extend(encoder.files.iter().cloned());
        let (parser, parser_meta) = match parser_version.or(manifest.parser.as_deref()) {
            Some(v) => {
                let pdir = dir.join(v);
                files.extend(verify_head(dir, &pdir, PARSER_FILE)?);
                let (parser, meta) = load_parser(&pdir)?;
                if parser.dims.encoder != encoder.dim {
                    bail!(
                        "{} was trained on {}-wide vectors, but the encoder {} gives {}",
                        parser.version,
                        parser.dims.encoder,
                        encoder.graph.display(),
                        encoder.dim
                    );
                }
                (Some(parser), Some(meta))
            }
            None => (None, None),
        };
        let mut models = Models {
            files,
            encoder,
            classifier: Box::new(classifier),
            tagger: Box::new(tagger),
            classifier_meta,
            tagger_meta,
            parser,
            parser_meta,
            attribution: None,
            finetuned: None,
            attribution_meta: None,
        };
        if let Some(version) = &manifest.attribution {
            models.load_attribution(dir, version)?;
        }
        Ok(models)
    }

    /// Loads (checked against its checksums) the attribution head `version` of the models folder
    /// `dir` in place of the manifest's.
    pub fn load_attribution(&mut self, dir: &Path, version: &str) -> Result<()> {
        let adir = dir.join(version);
        let meta = read_meta(&adir)?;
        if finetuned::is_finetuned(&meta) {
            let checked = verify_head(dir, &adir, finetuned::FINETUNED_FILE)?;
            let head = finetuned::FinetunedTagger::load(
                dir,
                &meta,
                &read_manifest(dir)?.encoder,
                rayon::current_num_threads(),
            )?;
            self.files.retain(|(f, _)| !f.starts_with("attribution/"));
            self.files.extend(checked);
            for file in head.files() {
                if !self.files.contains(&file) {
                    self.files.push(file);
                }
            }
            self.attribution = None;
            self.finetuned = Some(head);
            self.attribution_meta = Some(meta);
            return Ok(());
        }
        let mut checked = verify_head(dir, &adir, ATTRIBUTION_FILE)?;
        // The context layer (attribution v2) is checked too when there is one.
        let context = adir.join(attribution_context::CONTEXT_FILE);
        if context.exists() {
            let digest = checksums::verify(dir, &context, HEADS_FIX)?;
            checked.push((relative(dir, &context), digest));
        }
        let name = format!("{}/{}", meta.name, meta.version);
        let mut head = AttributionTagger::load(&adir.join(ATTRIBUTION_FILE), &name)?;
        head.parser = attribution::parser_read(&meta);
        if let Some(wanted) = &head.parser {
            // The loaded parser's name ("parser/v2"), as `load_parser` gives it.
            let loaded = self.parser.as_ref().map(|p| p.version.as_str());
            if loaded != Some(wanted.as_str()) {
                bail!(
                    "{name} reads the trees of {wanted}, but the models folder {} loads {}: name {wanted} as the parser in its manifest.json",
                    dir.display(),
                    loaded.unwrap_or("no parser")
                );
            }
        }
        let vectors = head.vector_dim();
        let fits_context = head
            .context
            .as_ref()
            .is_none_or(|c| c.input == self.encoder.dim + c.shape_width());
        if vectors % self.encoder.dim != 0 || vectors / self.encoder.dim % 2 != 1 || !fits_context {
            bail!(
                "{name} was trained on {}-wide vectors, which the encoder {} ({} wide) cannot give",
                head.dim(),
                self.encoder.graph.display(),
                self.encoder.dim
            );
        }
        self.files.retain(|(f, _)| !f.starts_with("attribution/"));
        self.files.extend(checked);
        self.attribution = Some(head);
        self.finetuned = None;
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
        let heads = Heads {
            classify,
            tag,
            ..Heads::default()
        };
        Ok(self
            .annotate_with(sentences, &heads)?
            .into_iter()
            .map(|a| (a.claim_score, a.entities))
            .collect())
    }

    /// Encodes `sentences` once (in batches of similar length) and runs the heads that `heads`
    /// names side by side on each batch: the classifier, the tagger, and the parser on the
    /// sentences `heads.parse` marks (over `features::word_tokens`). An attribution head that reads
    /// parses (`AttributionTagger::parser`) runs after the parser, which then reads every sentence;
    /// only the marked sentences keep their trees.
    pub fn annotate_with(
        &self,
        sentences: &[&str],
        heads: &Heads,
    ) -> Result<Vec<SentenceAnnotation>> {
        let mut out: Vec<SentenceAnnotation> = vec![SentenceAnnotation::default(); sentences.len()];
        let parse_it =
            |i: usize| self.parser.is_some() && heads.parse.get(i).copied().unwrap_or(false);
        let attribution = self.attribution.as_ref().filter(|_| heads.attribute);
        let dim = self.encoder.dim;
        self.encoder.encode_each(sentences, |idx, encoded| {
            // The claim scores first (a dot product each): the parser reads only the sentences
            // that may become claims.
            let scores: Vec<Option<f32>> = idx
                .par_iter()
                .zip(&encoded)
                .map(|(&i, e)| {
                    heads
                        .classify
                        .then(|| self.classifier.score(sentences[i], e))
                })
                .collect();
            // The sentences to parse: those that may give claims, and every one when the
            // attribution head reads parses (its trees are not kept for the others).
            let claims: Vec<bool> = idx
                .iter()
                .zip(&scores)
                .map(|(&i, score)| parse_it(i) && score.unwrap_or(0.0) >= heads.parse_min_score)
                .collect();
            let reads_parse = attribution.is_some_and(|a| a.parser.is_some());
            let (entities, (parses, attributions)) = rayon::join(
                || {
                    idx.par_iter()
                        .zip(&encoded)
                        .map(|(&i, e)| heads.tag.then(|| self.tagger.tag(sentences[i], e)))
                        .collect::<Vec<_>>()
                },
                || {
                    let attribute = |trees: &[Option<Vec<parser::ParsedWord>>]| {
                        idx.par_iter()
                            .zip(&encoded)
                            .enumerate()
                            .map(|(k, (&i, e))| {
                                let tree = trees.get(k).and_then(Option::as_deref).unwrap_or(&[]);
                                attribution.map(|a| a.sentence_scores(sentences[i], e, dim, tree))
                            })
                            .collect::<Vec<_>>()
                    };
                    if reads_parse {
                        let all = self.parse_batch(sentences, idx, &encoded, |_| true);
                        let attributions = attribute(&all);
                        let kept = all
                            .into_iter()
                            .zip(&claims)
                            .map(|(tree, &keep)| tree.filter(|_| keep))
                            .collect();
                        (kept, attributions)
                    } else {
                        rayon::join(
                            || self.parse_batch(sentences, idx, &encoded, |k| claims[k]),
                            || attribute(&[]),
                        )
                    }
                },
            );
            for ((((&i, score), ents), parse), attribution) in idx
                .iter()
                .zip(scores)
                .zip(entities)
                .zip(parses)
                .zip(attributions)
            {
                out[i] = SentenceAnnotation {
                    attribution,
                    claim_score: score.unwrap_or(0.0),
                    entities: ents.unwrap_or_default(),
                    parse: parse.map(|words| doc::Parse {
                        upos: words.iter().map(|w| w.upos).collect(),
                        heads: words.iter().map(|w| w.head.checked_sub(1)).collect(),
                        rels: words.into_iter().map(|w| w.rel).collect(),
                    }),
                };
            }
        })?;
        Ok(out)
    }

    /// The trees of the sentences of an encoder batch (`idx`, their encodings) that `wanted` picks
    /// by place in the batch, in chunks that share one forward pass; none without a parser.
    fn parse_batch(
        &self,
        sentences: &[&str],
        idx: &[usize],
        encoded: &[Encoded],
        wanted: impl Fn(usize) -> bool,
    ) -> Vec<Option<Vec<parser::ParsedWord>>> {
        let mut parses: Vec<Option<Vec<parser::ParsedWord>>> = vec![None; idx.len()];
        let Some(parser) = self.parser.as_ref() else {
            return parses;
        };
        let chosen: Vec<(usize, Vec<crate::doc::Span>)> = (0..idx.len())
            .filter(|&k| wanted(k))
            .map(|k| (k, features::word_tokens(sentences[idx[k]])))
            .collect();
        let done: Vec<Vec<Vec<parser::ParsedWord>>> = chosen
            .par_chunks(PARSE_CHUNK)
            .map(|chunk| {
                let items: Vec<(&str, &[crate::doc::Span], &Encoded)> = chunk
                    .iter()
                    .map(|(k, words)| (sentences[idx[*k]], words.as_slice(), &encoded[*k]))
                    .collect();
                parser.parse_encoded_many(&items)
            })
            .collect();
        for ((k, _), parse) in chosen.iter().zip(done.into_iter().flatten()) {
            parses[*k] = Some(parse);
        }
        parses
    }

    /// Stage: claim scores, entities, attributions and, for the sentences that may give claims
    /// (a number in them, a claim score of at least `min_claim_score`), the parse, for every
    /// sentence of `docs`. A sentence text that occurs more than once (boilerplate, repeated
    /// paragraphs) is encoded once. Entity labels are then made consistent within each article
    /// (`consistency`).
    pub fn annotate(&self, docs: &mut [Doc], min_claim_score: f32) -> Result<()> {
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
            let heads = Heads {
                classify: true,
                tag: true,
                parse: texts.iter().map(|t| parser::worth_parsing(t)).collect(),
                parse_min_score: min_claim_score,
                attribute: true,
            };
            (self.annotate_with(&texts, &heads)?, slots)
        };
        // Each article's attributions, decoded in order within it (its context layer, if any,
        // reads whole paragraphs): the articles side by side.
        if let Some(head) = &self.attribution {
            docs.par_iter_mut().zip(&slots).for_each(|(doc, slots)| {
                let layout: Vec<(crate::doc::Span, usize)> = doc
                    .sentences
                    .iter()
                    .map(|s| (s.span, s.paragraph))
                    .collect();
                let scores: Vec<SentenceScores> = slots
                    .iter()
                    .map(|&k| annotations[k].attribution.clone().unwrap_or_default())
                    .collect();
                doc.attributions = Some(head.attributions(&layout, &scores));
            });
        }
        if let Some(head) = &self.finetuned {
            let layouts: Vec<Vec<(crate::doc::Span, usize)>> = docs
                .iter()
                .map(|doc| {
                    doc.sentences
                        .iter()
                        .map(|s| (s.span, s.paragraph))
                        .collect()
                })
                .collect();
            let read: Vec<finetuned::Layout> = docs
                .iter()
                .zip(&layouts)
                .map(|(doc, sentences)| finetuned::Layout {
                    text: &doc.article.text,
                    sentences,
                })
                .collect();
            let found = head.attributions(&read)?;
            for (doc, attributions) in docs.iter_mut().zip(found) {
                doc.attributions = Some(attributions);
            }
        }
        for (doc, slots) in docs.iter_mut().zip(slots) {
            for (sentence, slot) in doc.sentences.iter_mut().zip(slots) {
                let SentenceAnnotation {
                    claim_score: score,
                    entities,
                    parse,
                    ..
                } = &annotations[slot];
                sentence.claim_score = *score;
                sentence.parse = parse.clone();
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
