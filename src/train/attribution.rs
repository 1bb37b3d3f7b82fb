//! Training and scoring of the attribution head on PolNeAR: articles split into sentences as
//! `mine` splits them, each word's gold BIO tag and context features (from the gold tags of the
//! sentence before: teacher forcing), the shared perceptron trainer, and span scores (exact and
//! token-overlap precision, recall and F1 for source, cue and content) of whole documents decoded
//! as at run time. The epoch is chosen on the development articles.

use super::data::Prf;
use super::polnear::{spans_by_role, PolnearArticle};
use super::{now_iso, PerceptronTrainer, ENCODER_NAME};
use crate::doc::{AttributionSpans, Span};
use crate::models::attribution::{
    context_inputs, from_i8, gold_tags, last_role, quoted_words, sentence_context, shape_width,
    window_vectors, AttributionTagger, Role, RoleSpan, SentenceScores, N_TAGS,
};
use crate::models::attribution_context::{passes, ContextTagger, Reach};
use crate::models::features::{plain, word_tokens};
use crate::models::parser::{ParsedWord, Parser};
use crate::models::store::as_stored;
use crate::models::{DataFile, ModelMeta};
use crate::rng::Rng;
use crate::train::attribution_context::{train_context, ContextExample, ContextSettings};
use anyhow::{bail, Result};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

/// A sentence of an article as the tagger sees it.
#[derive(Debug, Clone)]
pub struct PreparedSentence {
    /// Byte span in the article text, and its paragraph.
    pub span: Span,
    pub paragraph: usize,
    /// Words: byte spans in the sentence and plain forms.
    pub words: Vec<Span>,
    pub plain: Vec<String>,
    pub gold: Vec<usize>,
    /// The sentence's dependency tree, for a model that reads one (`parse_prepared`).
    pub parse: Vec<ParsedWord>,
}

#[derive(Debug, Clone)]
pub struct PreparedArticle {
    pub sentences: Vec<PreparedSentence>,
}

impl PreparedArticle {
    /// Each sentence's paragraph.
    pub fn paragraphs(&self) -> Vec<usize> {
        self.sentences.iter().map(|s| s.paragraph).collect()
    }

    pub fn layout(&self) -> Vec<(Span, usize)> {
        self.sentences
            .iter()
            .map(|s| (s.span, s.paragraph))
            .collect()
    }
}

/// Splits an article into sentences and words and tags each word from the gold spans.
pub fn prepare(article: &PolnearArticle) -> PreparedArticle {
    let spans: Vec<(Role, Span, usize)> = article
        .spans
        .iter()
        .enumerate()
        .map(|(k, s)| (s.role, s.span, k))
        .collect();
    let sentences = crate::split::split_sentences(&article.text)
        .into_iter()
        .map(|(span, paragraph)| {
            let text = &article.text[span.start..span.end];
            let words = word_tokens(text);
            let plain = words.iter().map(|w| plain(&text[w.start..w.end])).collect();
            let gold = gold_tags(&words, span.start, &spans);
            PreparedSentence {
                span,
                paragraph,
                words,
                plain,
                gold,
                parse: Vec::new(),
            }
        })
        .collect();
    PreparedArticle { sentences }
}

/// Parses every sentence of the articles from its stored word vectors, with the word forms of the
/// text as `mine` gives them to the parser.
pub fn parse_prepared(
    parser: &Parser,
    articles: &[PolnearArticle],
    prepared: &mut [PreparedArticle],
    vectors: &[Vec<Vec<Vec<i8>>>],
) {
    prepared
        .par_iter_mut()
        .zip(articles)
        .zip(vectors)
        .for_each(|((prep, article), vecs)| {
            let forms: Vec<Vec<String>> = prep
                .sentences
                .iter()
                .map(|s| {
                    s.words
                        .iter()
                        .map(|w| article.text[s.span.start + w.start..s.span.start + w.end].into())
                        .collect()
                })
                .collect();
            let rows: Vec<Vec<Vec<f32>>> = vecs.iter().map(|v| from_i8(v, 1.0)).collect();
            let items: Vec<(&[String], &[Vec<f32>])> = forms
                .iter()
                .zip(&rows)
                .map(|(f, r)| (f.as_slice(), r.as_slice()))
                .collect();
            let mut trees = Vec::new();
            for chunk in items.chunks(crate::models::PARSE_CHUNK) {
                trees.extend(parser.parse_many(chunk));
            }
            for (s, t) in prep.sentences.iter_mut().zip(trees) {
                s.parse = t;
            }
        });
}

/// Each sentence's hashed features with the context the gold tags of the sentence before give.
pub fn gold_context_features(
    model: &AttributionTagger,
    article: &PreparedArticle,
) -> Vec<Vec<Vec<u32>>> {
    let mut prev = None;
    article
        .sentences
        .iter()
        .map(|s| {
            let ctx = sentence_context(prev, s.paragraph);
            let (quoted, open_after) = quoted_words(&s.plain, ctx.quote_open);
            prev = Some((s.paragraph, last_role(&s.gold, &s.plain), open_after));
            model.all_buckets(&s.plain, &s.parse, &quoted, &ctx)
        })
        .collect()
}

/// Precision, recall and F1 of each role, exact span match and token-overlap match.
#[derive(Debug, Clone, Serialize)]
pub struct RoleScores {
    pub exact: Prf,
    pub overlap: Prf,
}

#[derive(Debug, Clone, Serialize)]
pub struct AttributionScores {
    pub source: RoleScores,
    pub cue: RoleScores,
    pub content: RoleScores,
    /// Of the predicted contents that match a gold content exactly, the share whose linked source
    /// overlaps that attribution's gold source (or both have none).
    pub linked_source_accuracy: f64,
    pub linked_contents: usize,
    pub articles: usize,
}

impl AttributionScores {
    /// The mean exact F1 of the three roles (chooses the epoch).
    pub fn mean_exact_f1(&self) -> f64 {
        (self.source.exact.f1 + self.cue.exact.f1 + self.content.exact.f1) / 3.0
    }
}

/// Counts of exact and overlap matches of one role in one article:
/// (exact tp, overlap-matched predictions, overlap-matched gold, predicted, gold).
fn match_counts(gold: &[Span], pred: &[Span]) -> [usize; 5] {
    let exact = pred.iter().filter(|p| gold.contains(p)).count();
    let pred_hit = pred
        .iter()
        .filter(|p| gold.iter().any(|g| g.overlaps(p)))
        .count();
    let gold_hit = gold
        .iter()
        .filter(|g| pred.iter().any(|p| p.overlaps(g)))
        .count();
    [exact, pred_hit, gold_hit, pred.len(), gold.len()]
}

fn prf(tp_pred: usize, tp_gold: usize, predicted: usize, gold: usize) -> Prf {
    Prf::from_hits(tp_pred, predicted, tp_gold, gold)
}

/// The gold spans of `role` in an article and the predicted ones (a span predicted twice in a row
/// counted once).
fn gold_and_predicted(
    gold: &HashMap<Role, Vec<Span>>,
    predicted: &[RoleSpan],
    role: Role,
) -> (Vec<Span>, Vec<Span>) {
    let mut p: Vec<Span> = predicted
        .iter()
        .filter(|s| s.role == role)
        .map(|s| s.span)
        .collect();
    p.dedup();
    (gold.get(&role).cloned().unwrap_or_default(), p)
}

/// Every span the prediction got wrong, one JSON object each, for reading the errors: a predicted
/// span that matches no gold span exactly (`"kind": "predicted"`, with the gold span it overlaps,
/// if any: a boundary error; else a span the annotators did not mark), and a gold span no
/// prediction overlaps (`"kind": "missed"`). Offsets are bytes of the article's text.
pub fn mismatches(
    articles: &[PolnearArticle],
    predicted: &[(Vec<RoleSpan>, Vec<AttributionSpans>)],
) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    let span_json = |text: &str, s: Span| json!({"start": s.start, "end": s.end, "text": &text[s.start..s.end]});
    for (article, (spans, _)) in articles.iter().zip(predicted) {
        let gold = spans_by_role(&article.spans);
        for role in Role::ALL {
            let (g, p) = gold_and_predicted(&gold, spans, role);
            for x in p.iter().filter(|x| !g.contains(x)) {
                let overlapped = g.iter().find(|y| y.overlaps(x));
                out.push(json!({
                    "article": article.name,
                    "role": role.as_str(),
                    "kind": "predicted",
                    "span": span_json(&article.text, *x),
                    "gold": overlapped.map(|y| span_json(&article.text, *y)),
                }));
            }
            for y in g.iter().filter(|y| !p.iter().any(|x| x.overlaps(y))) {
                out.push(json!({
                    "article": article.name,
                    "role": role.as_str(),
                    "kind": "missed",
                    "span": span_json(&article.text, *y),
                }));
            }
        }
    }
    out
}

/// Scores predicted spans and links against the gold annotation of each article.
pub fn score(
    articles: &[PolnearArticle],
    predicted: &[(Vec<RoleSpan>, Vec<AttributionSpans>)],
) -> AttributionScores {
    let mut counts: HashMap<Role, [usize; 5]> = HashMap::new();
    let (mut linked, mut linked_right) = (0usize, 0usize);
    for (article, (spans, links)) in articles.iter().zip(predicted) {
        let gold = spans_by_role(&article.spans);
        for role in Role::ALL {
            let (g, p) = gold_and_predicted(&gold, spans, role);
            let c = match_counts(&g, &p);
            let e = counts.entry(role).or_default();
            for k in 0..5 {
                e[k] += c[k];
            }
        }
        // Links: the gold source spans of each gold content span.
        let by_id: HashMap<&str, Vec<Span>> =
            article.spans.iter().fold(HashMap::new(), |mut m, s| {
                m.entry(s.id.as_str()).or_default().push(s.span);
                m
            });
        for a in links {
            let event = article.attributions.iter().find(|e| {
                e.content.iter().any(|id| {
                    by_id
                        .get(id.as_str())
                        .is_some_and(|v| v.contains(&a.content))
                })
            });
            let Some(event) = event else { continue };
            linked += 1;
            let gold_sources: Vec<Span> = event
                .source
                .iter()
                .filter_map(|id| by_id.get(id.as_str()))
                .flatten()
                .copied()
                .collect();
            let right = match a.source {
                Some(s) => gold_sources.iter().any(|g| g.overlaps(&s)),
                None => gold_sources.is_empty(),
            };
            linked_right += usize::from(right);
        }
    }
    let role_scores = |role: Role| {
        let c = counts.get(&role).copied().unwrap_or_default();
        RoleScores {
            exact: prf(c[0], c[0], c[3], c[4]),
            overlap: prf(c[1], c[2], c[3], c[4]),
        }
    };
    AttributionScores {
        source: role_scores(Role::Source),
        cue: role_scores(Role::Cue),
        content: role_scores(Role::Content),
        linked_source_accuracy: if linked > 0 {
            ((linked_right as f64 / linked as f64) * 10000.0).round() / 10000.0
        } else {
            0.0
        },
        linked_contents: linked,
        articles: articles.len(),
    }
}

/// Decodes every article with `model` from the stored word vectors of its sentences.
pub fn predict(
    model: &AttributionTagger,
    prepared: &[PreparedArticle],
    vectors: &[Vec<Vec<Vec<i8>>>],
) -> Vec<(Vec<RoleSpan>, Vec<AttributionSpans>)> {
    prepared
        .par_iter()
        .zip(vectors)
        .map(|(prep, vecs)| {
            let scores: Vec<SentenceScores> = prep
                .sentences
                .iter()
                .zip(vecs)
                .map(|(s, v)| {
                    let vectors = from_i8(v, 1.0);
                    let dim = vectors.first().map_or(1, Vec::len);
                    model.scores_from_vectors(
                        s.words.clone(),
                        s.plain.clone(),
                        &vectors,
                        dim,
                        &s.parse,
                    )
                })
                .collect();
            let layout = prep.layout();
            let spans = model.decode(&layout, &scores);
            let links = crate::models::attribution::link(&spans, &layout);
            (spans, links)
        })
        .collect()
}

pub struct AttributionSettings {
    pub bits: u32,
    pub epochs: usize,
    pub seed: u64,
    /// Length of a word vector as a feature, against the hashed features' 1 each.
    pub dense_scale: f32,
    /// Neighbours on each side whose vectors stand beside a word's own.
    pub window: usize,
    /// Units in each direction of the context layer's BiLSTM (0: none, as attribution v1).
    pub context: usize,
    pub context_epochs: usize,
    /// The weight of the context layer's tag probabilities beside a word's unit-length vectors.
    pub context_weight: f32,
    /// What one pass of the context layer reads.
    pub context_reach: Reach,
    /// Whether the context layer reads each word's shape features beside its vector.
    pub context_shape: bool,
    /// Whether the perceptron reads the layer's log-probabilities rather than probabilities.
    pub context_log: bool,
    /// Folds of the training articles for the perceptron's out-of-fold probabilities.
    pub context_folds: usize,
}

/// The model as shipped: int16-quantized hashed weights, the vector scale folded into the dense
/// weights (inference reads unit-length word vectors).
fn shipped(
    averaged: crate::models::tagger::PerceptronTagger,
    scale: f32,
    context: Option<&ContextTagger>,
) -> AttributionTagger {
    let mut model = AttributionTagger::new(averaged.bits, 0, &averaged.version);
    model.context = context.cloned();
    model.tagger = crate::models::tagger::PerceptronTagger {
        weights: as_stored(&averaged.weights),
        dense: averaged.dense.iter().map(|w| w * scale).collect(),
        ..averaged
    };
    model.tagger.open_start = true;
    model
}

/// Sets what a trained context layer reads and gives as the settings say.
fn configure(c: &mut ContextTagger, settings: &AttributionSettings) {
    c.weight = settings.context_weight;
    c.reach = settings.context_reach;
    c.shape = settings.context_shape;
    c.log = settings.context_log;
}

/// Trains the attribution tagger; keeps the epoch with the best mean exact F1 on `dev`.
/// `*_vectors` hold the encoder's vector of every word of every sentence (int8).
#[allow(clippy::too_many_arguments)]
pub fn train_attribution(
    train: &[PolnearArticle],
    train_vectors: &[Vec<Vec<Vec<i8>>>],
    dev: &[PolnearArticle],
    dev_vectors: &[Vec<Vec<Vec<i8>>>],
    settings: &AttributionSettings,
    parser: Option<(&Parser, &str)>,
    data: Vec<DataFile>,
    version: &str,
    log: &mut dyn FnMut(String),
) -> Result<(AttributionTagger, ModelMeta)> {
    let started = Instant::now();
    let dim = train_vectors
        .iter()
        .flatten()
        .flatten()
        .next()
        .map_or(0, |v| v.len());
    if dim == 0 {
        bail!("no training words");
    }
    let scale = settings.dense_scale;
    let mut train_prep: Vec<PreparedArticle> = train.par_iter().map(prepare).collect();
    let mut dev_prep: Vec<PreparedArticle> = dev.par_iter().map(prepare).collect();
    // 0. The parse the perceptron reads, if it reads one.
    if let Some((p, name)) = parser {
        let parsing = Instant::now();
        parse_prepared(p, train, &mut train_prep, train_vectors);
        parse_prepared(p, dev, &mut dev_prep, dev_vectors);
        log(format!(
            "parsed every sentence with {name} ({:.0}s)",
            parsing.elapsed().as_secs_f64()
        ));
    }
    let parser_name = parser.map(|(_, name)| name.to_string());
    // 1. The context layer, trained on every training article, gives the development (and,
    //    shipped, the mining) sentences their tag probabilities. The perceptron learns from
    //    probabilities the BiLSTM gives sentences it was not trained on (`context_folds` folds of
    //    the articles, each tagged by a BiLSTM trained on the others): on its own training sentences
    //    the BiLSTM is surer than it will ever be on new text, and the perceptron would learn to
    //    trust it that much.
    /// The context layer's input rows of every sentence of an article.
    fn inputs(prep: &PreparedArticle, vectors: &[Vec<Vec<i8>>], shape: bool) -> Vec<Vec<Vec<f32>>> {
        let paragraphs = prep.paragraphs();
        let plains: Vec<&[String]> = prep.sentences.iter().map(|s| s.plain.as_slice()).collect();
        let rows = vectors.iter().map(|v| from_i8(v, 1.0)).collect();
        context_inputs(shape, &paragraphs, &plains, rows)
    }
    fn examples(
        prep: &[PreparedArticle],
        vectors: &[Vec<Vec<Vec<i8>>>],
        settings: &AttributionSettings,
        keep: impl Fn(usize) -> bool,
    ) -> Vec<ContextExample> {
        let mut out = Vec::new();
        for (_, (p, v)) in prep
            .iter()
            .zip(vectors)
            .enumerate()
            .filter(|(a, _)| keep(*a))
        {
            let paragraphs = p.paragraphs();
            let rows = inputs(p, v, settings.context_shape);
            for run in passes(settings.context_reach, &paragraphs) {
                let example = ContextExample {
                    vectors: rows[run.clone()].iter().flatten().cloned().collect(),
                    gold: p.sentences[run]
                        .iter()
                        .flat_map(|s| s.gold.clone())
                        .collect(),
                };
                if !example.gold.is_empty() {
                    out.push(example);
                }
            }
        }
        out
    }
    let input = dim + shape_width(settings.context_shape);
    let context_settings = ContextSettings {
        width: settings.context,
        epochs: settings.context_epochs,
        batch: 32,
        learning_rate: 0.002,
        decay: 0.85,
        dropout: 0.2,
        seed: settings.seed,
    };
    let mut context_history = Vec::new();
    let mut folds: Vec<ContextTagger> = Vec::new();
    let mut context: Option<ContextTagger> = None;
    if settings.context > 0 {
        let dev_ex = examples(&dev_prep, dev_vectors, settings, |_| true);
        let n = settings.context_folds;
        for fold in 0..n {
            log(format!(
                "context layer for fold {fold} of {n} (trained on the others)"
            ));
            let train_ex = examples(&train_prep, train_vectors, settings, |a| a % n != fold);
            let (mut c, _) =
                train_context(input, N_TAGS, &train_ex, &dev_ex, &context_settings, log);
            configure(&mut c, settings);
            folds.push(c);
        }
        log("context layer on every training article".into());
        let train_ex = examples(&train_prep, train_vectors, settings, |_| true);
        let (mut c, history) =
            train_context(input, N_TAGS, &train_ex, &dev_ex, &context_settings, log);
        configure(&mut c, settings);
        context_history = history;
        context = Some(c);
    }
    let extra = context.as_ref().map_or(0, |c| c.tags);
    let mut blank = AttributionTagger::new(
        settings.bits,
        dim * (2 * settings.window + 1) + extra,
        version,
    );
    blank.parser = parser_name.clone();
    // Each training sentence's context probabilities (weighted), by article and sentence.
    let train_probs: Vec<Vec<Vec<Vec<f32>>>> = train_vectors
        .par_iter()
        .zip(&train_prep)
        .enumerate()
        .map(
            |(a, (article, prep))| match folds.get(a % folds.len().max(1)) {
                Some(c) => {
                    let paragraphs = prep.paragraphs();
                    c.document_probabilities(&paragraphs, &inputs(prep, article, c.shape))
                        .into_iter()
                        .map(|sentence| sentence.iter().map(|p| c.perceptron_values(p)).collect())
                        .collect()
                }
                None => vec![Vec::new(); article.len()],
            },
        )
        .collect();
    // (feats, vectors, context probabilities, gold) of every training sentence.
    type Example<'a> = (
        Vec<Vec<u32>>,
        &'a Vec<Vec<i8>>,
        &'a Vec<Vec<f32>>,
        &'a Vec<usize>,
    );
    let mut examples: Vec<Example> = Vec::new();
    for ((prep, vecs), probs) in train_prep.iter().zip(train_vectors).zip(&train_probs) {
        for (((feats, s), v), p) in gold_context_features(&blank, prep)
            .into_iter()
            .zip(&prep.sentences)
            .zip(vecs)
            .zip(probs)
        {
            if !s.words.is_empty() {
                examples.push((feats, v, p, &s.gold));
            }
        }
    }
    log(format!(
        "{} training sentences, {} words",
        examples.len(),
        examples.iter().map(|e| e.3.len()).sum::<usize>()
    ));
    let mut trainer = PerceptronTrainer::new(blank.tagger);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng::new(settings.seed);
    let mut best: Option<(f64, usize, AttributionTagger, AttributionScores)> = None;
    for epoch in 1..=settings.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let (feats, v, probs, gold) = &examples[i];
            let mut dense = window_vectors(&from_i8(v, scale), settings.window);
            for (row, p) in dense.iter_mut().zip(probs.iter()) {
                row.extend(p.iter().map(|x| x * scale));
            }
            trainer.learn(feats, &dense, gold);
        }
        let mut model = shipped(trainer.averaged(), scale, context.as_ref());
        model.parser = parser_name.clone();
        let scores = score(dev, &predict(&model, &dev_prep, dev_vectors));
        let mean = scores.mean_exact_f1();
        log(format!(
            "epoch {epoch}: dev exact F1 source {:.4} cue {:.4} content {:.4} (mean {mean:.4}); linked source {:.4} ({:.0}s)",
            scores.source.exact.f1,
            scores.cue.exact.f1,
            scores.content.exact.f1,
            scores.linked_source_accuracy,
            started.elapsed().as_secs_f64()
        ));
        if best.as_ref().is_none_or(|b| mean > b.0) {
            best = Some((mean, epoch, model, scores));
        }
    }
    let (_, epoch, model, dev_scores) = best.expect("at least one epoch");
    log(format!("chosen epoch {epoch}"));
    let tokens = match &parser_name {
        Some(p) => format!("hashed token features and features of the {p} dependency tree"),
        None => "hashed token features".into(),
    };
    let meta = ModelMeta {
        name: "attribution".into(),
        version: version.into(),
        kind: match &context {
            Some(c) => format!(
                "averaged structured perceptron over MiniLM word vectors, the tag {} of a BiLSTM context layer over each {}'s word vectors{} trained for the same tags (out-of-fold in {} folds for the perceptron's training sentences), {tokens} and document context (quotation, the sentence before), BIO Viterbi with content carried across sentences; nearest-cue linking",
                if c.log { "log-probabilities" } else { "probabilities" },
                c.reach.as_str(),
                if c.shape { " and word shapes" } else { "" },
                settings.context_folds,
            ),
            None => format!("averaged structured perceptron over MiniLM word vectors, {tokens} and document context (quotation, the sentence before), BIO Viterbi with content carried across sentences; nearest-cue linking"),
        },
        created: now_iso(),
        data,
        settings: json!({"hash_bits": settings.bits, "epochs": settings.epochs, "chosen_epoch": epoch, "seed": settings.seed, "dense_scale": scale, "window": settings.window, "context": settings.context, "context_epochs": settings.context_epochs, "context_weight": settings.context_weight, "context_reach": settings.context_reach.as_str(), "context_shape": settings.context_shape, "context_log": settings.context_log, "context_folds": settings.context_folds, "parser": parser_name, "context_history": context_history.iter().map(|(t, d)| json!({"train_loss": (t * 1e4).round() / 1e4, "dev_loss": (d * 1e4).round() / 1e4})).collect::<Vec<_>>(), "encoder": ENCODER_NAME, "annotations": "one file per article: the first annotator's file by name"}),
        scores: json!({"dev": dev_scores}),
        threshold: None,
        mine_threshold: None,
        training_seconds: started.elapsed().as_secs_f64(),
    };
    Ok((model, meta))
}

/// Per-role counts of the gold spans, for logs.
pub fn role_counts(articles: &[PolnearArticle]) -> BTreeMap<&'static str, usize> {
    let mut out = BTreeMap::new();
    for a in articles {
        for (role, spans) in spans_by_role(&a.spans) {
            *out.entry(role.as_str()).or_default() += spans.len();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_and_overlap_counts() {
        let gold = vec![Span::new(0, 10), Span::new(20, 30)];
        let pred = vec![Span::new(0, 10), Span::new(22, 25), Span::new(40, 45)];
        let [exact, pred_hit, gold_hit, p, g] = match_counts(&gold, &pred);
        assert_eq!((exact, pred_hit, gold_hit, p, g), (1, 2, 2, 3, 2));
        let s = prf(exact, exact, p, g);
        assert_eq!((s.precision, s.recall, s.f1), (0.3333, 0.5, 0.4));
    }
}
