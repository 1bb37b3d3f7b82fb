//! The attribution head: who said what. A BIO tagger (the shared averaged perceptron and its
//! Viterbi, `tagger::PerceptronTagger`) tags each word of a sentence as part of a SOURCE ("the
//! ministry"), a CUE ("said", "according to") or a CONTENT (what is attributed), from the encoder's
//! word vector, hashed token features, and the sentence's place in its document: whether a
//! quotation is open at each word and what the sentence before ended in. A content may open a
//! sentence with I-CONTENT: it goes on from the sentence before, which is how attribution carries
//! across sentences. Sentences are scored independently (in the encoder's batches); a document is
//! then decoded in order, and `link` pairs each content with the nearest cue and that cue's source.
//! Attribution v2 adds a context layer (`attribution_context`): a BiLSTM whose tag probabilities
//! stand beside each word's vectors where the perceptron reads them. It runs when the document is
//! decoded, over each sentence (v2) or paragraph (v3) of word vectors the sentences kept, and v3's
//! also reads each word's shape (`shape_features`).

use super::attribution_context::{ContextTagger, CONTEXT_FILE};
use super::encoder::Encoded;
use super::features::{hash, plain, word_tokens};
use super::parser::ParsedWord;
use super::tagger::{is_inside, span_type, typed_spans, PerceptronTagger};
use crate::doc::{AttributionSpans, Span};
use anyhow::Result;
use std::path::Path;

pub const TAGS: [&str; 7] = [
    "O",
    "B-SOURCE",
    "I-SOURCE",
    "B-CUE",
    "I-CUE",
    "B-CONTENT",
    "I-CONTENT",
];
pub const N_TAGS: usize = TAGS.len();
const MAGIC: &[u8; 8] = b"CMATR01\0";
pub const ATTRIBUTION_FILE: &str = "attribution.bin";

/// The three parts of an attribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Source,
    Cue,
    Content,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Source, Role::Cue, Role::Content];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Source => "source",
            Role::Cue => "cue",
            Role::Content => "content",
        }
    }

    /// The B- tag of the role (its I- tag is one more).
    pub fn begin_tag(self) -> usize {
        1 + 2 * self as usize
    }

    /// A brat span type (`Source`, `Cue`, `Content`).
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "Source" => Some(Role::Source),
            "Cue" => Some(Role::Cue),
            "Content" => Some(Role::Content),
            _ => None,
        }
    }

    pub fn of_tag(tag: usize) -> Option<Role> {
        span_type(tag).map(|k| Role::ALL[k])
    }
}

/// Where a sentence stands in its document, as the tagger sees it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SentenceContext {
    /// The sentence opens a paragraph.
    pub new_paragraph: bool,
    /// The role of the last word of the sentence before (in the same paragraph).
    pub before: Option<Role>,
    /// A quotation is open where the sentence starts.
    pub quote_open: bool,
}

/// Whether each word stands inside a quotation, and whether one is still open after the last word.
/// Curly quotes open and close; a straight double quote toggles; the marks count as inside.
pub fn quoted_words(words: &[String], open_at_start: bool) -> (Vec<bool>, bool) {
    let mut open = open_at_start;
    let flags = words
        .iter()
        .map(|w| match w.as_str() {
            "“" | "«" => {
                open = true;
                true
            }
            "”" | "»" => {
                open = false;
                true
            }
            "\"" => {
                open = !open;
                true
            }
            _ => open,
        })
        .collect();
    (flags, open)
}

/// Whether each word of a document's sentences stands inside a quotation: a quotation left open
/// goes on into the next sentence of its paragraph (`paragraphs`: each sentence's).
pub fn document_quotes(paragraphs: &[usize], plains: &[&[String]]) -> Vec<Vec<bool>> {
    let mut prev: Option<(usize, Option<Role>, bool)> = None;
    paragraphs
        .iter()
        .zip(plains)
        .map(|(&paragraph, plain)| {
            let ctx = sentence_context(prev, paragraph);
            let (quoted, open_after) = quoted_words(plain, ctx.quote_open);
            prev = Some((paragraph, None, open_after));
            quoted
        })
        .collect()
}

/// Shape features a word has beside its vector in the context layer's input.
pub const SHAPE_FEATURES: usize = 8;
/// The width of the shape features a context layer's rows hold after each vector.
pub fn shape_width(shape: bool) -> usize {
    if shape {
        SHAPE_FEATURES
    } else {
        0
    }
}

/// The value of a present shape feature: about what one component of a unit-length encoder
/// vector weighs.
const SHAPE_VALUE: f32 = 0.05;

/// What the uncased encoder does not show of each word: a capital first letter, all capitals,
/// punctuation, a quotation mark, a dash, a digit, standing inside a quotation (`quoted`), and
/// opening the sentence.
pub fn shape_features(plain: &[String], quoted: &[bool]) -> Vec<[f32; SHAPE_FEATURES]> {
    plain
        .iter()
        .zip(quoted)
        .enumerate()
        .map(|(i, (w, &q))| {
            let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
            let flags = [
                w.chars().next().is_some_and(char::is_uppercase),
                letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()),
                !w.chars().any(char::is_alphanumeric),
                w.chars()
                    .all(|c| matches!(c, '"' | '“' | '”' | '«' | '»' | '\'' | '‘' | '’')),
                w.chars()
                    .all(|c| matches!(c, '-' | '–' | '—' | '―' | '‒' | '‐')),
                w.chars().any(|c| c.is_ascii_digit()),
                q,
                i == 0,
            ];
            flags.map(|f| if f { SHAPE_VALUE } else { 0.0 })
        })
        .collect()
}

/// The context layer's input rows of a document's sentences: each word's vector, and its shape
/// features when the layer reads them (`shape`).
pub fn context_inputs(
    shape: bool,
    paragraphs: &[usize],
    plains: &[&[String]],
    vectors: Vec<Vec<Vec<f32>>>,
) -> Vec<Vec<Vec<f32>>> {
    if !shape {
        return vectors;
    }
    let quotes = document_quotes(paragraphs, plains);
    vectors
        .into_iter()
        .zip(plains.iter().zip(&quotes))
        .map(|(rows, (plain, quoted))| {
            rows.into_iter()
                .zip(shape_features(plain, quoted))
                .map(|(mut v, f)| {
                    v.extend_from_slice(&f);
                    v
                })
                .collect()
        })
        .collect()
}

/// Dependency relations that head a clause of their own: a content is often one of them.
const CLAUSAL: [&str; 7] = [
    "ccomp",
    "xcomp",
    "parataxis",
    "advcl",
    "csubj",
    "acl",
    "root",
];

/// The hashed features of each word from its sentence's dependency parse (`parse`, one entry a
/// word, heads 1-based with 0 the root): its relation, alone and with its head word, its own word
/// and the side its head stands on; its part of speech; the nearest clause above it (relation and
/// the word that clause hangs from: "ccomp of said"); and the clauses and phrases it opens or
/// closes (the first and last word of each subtree it is the edge of), which is where spans begin
/// and end. Empty without a parse.
pub fn parse_features(plain: &[String], parse: &[ParsedWord]) -> Vec<Vec<u64>> {
    let n = parse.len();
    if n != plain.len() {
        return vec![Vec::new(); plain.len()];
    }
    let lower: Vec<String> = plain.iter().map(|w| w.to_lowercase()).collect();
    let head = |i: usize| parse[i].head.checked_sub(1).filter(|&h| h < n && h != i);
    let head_word = |i: usize| head(i).map_or("<root>", |h| lower[h].as_str());
    let base_rel = |i: usize| parse[i].rel.split(':').next().unwrap_or("");
    // Each word with its ancestors, nearest first (bounded against a malformed tree).
    let ancestors: Vec<Vec<usize>> = (0..n)
        .map(|i| {
            let mut out = vec![i];
            while let Some(h) = head(out[out.len() - 1]).filter(|_| out.len() <= n) {
                out.push(h);
            }
            out
        })
        .collect();
    // Each word's subtree: its first and last word.
    let mut first: Vec<usize> = (0..n).collect();
    let mut last: Vec<usize> = (0..n).collect();
    for (i, up) in ancestors.iter().enumerate() {
        for &a in &up[1..] {
            first[a] = first[a].min(i);
            last[a] = last[a].max(i);
        }
    }
    (0..n)
        .map(|i| {
            let rel = parse[i].rel.as_str();
            let dir = match head(i) {
                None => "root",
                Some(h) if h < i => "left",
                Some(_) => "right",
            };
            let up = &ancestors[i];
            let clause = up
                .iter()
                .find(|&&a| CLAUSAL.contains(&base_rel(a)))
                .map_or(("-", "-"), |&a| (base_rel(a), head_word(a)));
            let mut fs = vec![
                hash(&["p.rel", rel]),
                hash(&["p.rel+head", rel, head_word(i)]),
                hash(&["p.rel+word", rel, &lower[i]]),
                hash(&["p.rel+dir", rel, dir]),
                hash(&["p.upos", parse[i].upos]),
                hash(&["p.clause", clause.0, clause.1]),
                hash(&["p.clause-rel", clause.0]),
            ];
            for &a in up {
                let wide = first[a] < last[a];
                if first[a] == i && (a != i || wide) {
                    fs.push(hash(&["p.opens", base_rel(a)]));
                    fs.push(hash(&["p.opens+head", base_rel(a), head_word(a)]));
                }
                if last[a] == i && (a != i || wide) {
                    fs.push(hash(&["p.closes", base_rel(a)]));
                }
            }
            fs
        })
        .collect()
}

fn role_name(r: Option<Role>) -> &'static str {
    r.map_or("o", Role::as_str)
}

/// The hashed context features of each word (bucket keys before the table size is applied).
pub fn context_features(words: &[String], quoted: &[bool], ctx: &SentenceContext) -> Vec<Vec<u64>> {
    let before = if ctx.new_paragraph {
        "par"
    } else {
        role_name(ctx.before)
    };
    (0..words.len())
        .map(|i| {
            let q = if quoted[i] { "q" } else { "-" };
            let edge = if i == 0 {
                "start"
            } else if quoted[i - 1] != quoted[i] {
                "edge"
            } else {
                "same"
            };
            let lower = words[i].to_lowercase();
            let first = if i == 0 { "1" } else { "0" };
            vec![
                hash(&["ctx", before]),
                hash(&["ctx+first", before, first]),
                hash(&["ctx+w", before, &lower]),
                hash(&["q", q]),
                hash(&["q+edge", q, edge]),
                hash(&["q+w", q, &lower]),
                hash(&["q+ctx", q, before]),
                hash(&["qstart", if ctx.quote_open { "open" } else { "-" }, first]),
            ]
        })
        .collect()
}

/// A sentence's words (byte spans in the sentence, their plain forms) and each word's tag scores
/// from its word vector and token features: the part of the tagger that needs no document context.
#[derive(Debug, Clone, Default)]
pub struct SentenceScores {
    pub words: Vec<Span>,
    pub plain: Vec<String>,
    /// Context-free scores: without the context layer's part, added at decoding.
    pub emissions: Vec<Vec<f32>>,
    /// The word vectors (int8), kept for the context layer when the model has one.
    pub vectors: Vec<Vec<i8>>,
}

/// A span the tagger found: byte offsets of the article text, and its mean word confidence.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleSpan {
    pub role: Role,
    pub span: Span,
    pub score: f32,
    /// The sentence where it starts.
    pub sentence: usize,
}

pub struct AttributionTagger {
    pub tagger: PerceptronTagger,
    /// The BiLSTM whose tag probabilities stand beside each word's vectors (attribution v2; v1
    /// has none). Its file, `CONTEXT_FILE`, lies beside the perceptron's.
    pub context: Option<ContextTagger>,
    /// The parser version whose trees the perceptron reads (`parse_features`; attribution v4),
    /// as its `meta.json` records it; none for the versions before.
    pub parser: Option<String>,
}

impl AttributionTagger {
    pub fn new(bits: u32, dim: usize, version: &str) -> Self {
        let mut tagger = PerceptronTagger::with_tags(bits, dim, N_TAGS, version);
        tagger.open_start = true;
        AttributionTagger {
            tagger,
            context: None,
            parser: None,
        }
    }

    /// Loads the perceptron at `path`, and the context layer beside it when there is one.
    pub fn load(path: &Path, version: &str) -> Result<Self> {
        let mut tagger = PerceptronTagger::load_tags(path, MAGIC, N_TAGS, version)?;
        tagger.open_start = true;
        let beside = path.with_file_name(CONTEXT_FILE);
        let context = beside
            .exists()
            .then(|| ContextTagger::load(&beside))
            .transpose()?;
        if let Some(c) = &context {
            if c.tags != N_TAGS || tagger.dim() < N_TAGS {
                anyhow::bail!(
                    "{} does not fit the attribution model beside it (corrupt)",
                    beside.display()
                );
            }
        }
        Ok(AttributionTagger {
            tagger,
            context,
            parser: None,
        })
    }

    /// Saves the perceptron at `path` and the context layer, if any, beside it.
    pub fn save(&self, path: &Path) -> Result<()> {
        self.tagger.save_tags(path, MAGIC)?;
        match &self.context {
            Some(c) => c.save(&path.with_file_name(CONTEXT_FILE)),
            None => Ok(()),
        }
    }

    /// The width of the encoder vectors the perceptron reads per word: its dense width less the
    /// context layer's tag probabilities.
    pub fn vector_dim(&self) -> usize {
        self.dim() - self.context.as_ref().map_or(0, |c| c.tags)
    }

    /// How many neighbours on each side stand beside a word's vector.
    pub fn window(&self, encoder_dim: usize) -> usize {
        (self.vector_dim() / encoder_dim.max(1)).saturating_sub(1) / 2
    }

    /// What the perceptron reads of each word besides its token features: its vector (unit
    /// length) with its neighbours', then the context layer's tag probabilities (weighted;
    /// zeros where `probs` has none: they are added at decoding, `add_context`).
    pub fn dense_rows(
        &self,
        vectors: &[Vec<f32>],
        probs: &[Vec<f32>],
        encoder_dim: usize,
    ) -> Vec<Vec<f32>> {
        let mut rows = window_vectors(vectors, self.window(encoder_dim));
        if let Some(c) = &self.context {
            for (k, row) in rows.iter_mut().enumerate() {
                match probs.get(k) {
                    Some(p) => row.extend(c.perceptron_values(p)),
                    None => row.extend(std::iter::repeat_n(0.0, c.tags)),
                }
            }
        }
        rows
    }

    /// Adds what the context layer's tag probabilities `p` of a word give each tag to its
    /// emission scores `e` (the last columns of the perceptron's dense weights).
    fn add_context(&self, p: &[f32], e: &mut [f32]) {
        let Some(c) = &self.context else { return };
        let (dim, from) = (self.dim(), self.vector_dim());
        let values = c.perceptron_values(p);
        for (t, score) in e.iter_mut().enumerate() {
            let w = &self.tagger.dense[t * dim + from..(t + 1) * dim];
            *score += w.iter().zip(&values).map(|(a, b)| a * b).sum::<f32>();
        }
    }

    /// The context layer's tag probabilities of every word of a document (none without one).
    pub fn context_probabilities(
        &self,
        sentences: &[(Span, usize)],
        scores: &[SentenceScores],
    ) -> Vec<Vec<Vec<f32>>> {
        let Some(c) = &self.context else {
            return Vec::new();
        };
        let paragraphs: Vec<usize> = sentences.iter().map(|s| s.1).collect();
        let plains: Vec<&[String]> = scores.iter().map(|s| s.plain.as_slice()).collect();
        let vectors: Vec<Vec<Vec<f32>>> = scores.iter().map(|s| from_i8(&s.vectors, 1.0)).collect();
        c.document_probabilities(
            &paragraphs,
            &context_inputs(c.shape, &paragraphs, &plains, vectors),
        )
    }

    pub fn version(&self) -> &str {
        &self.tagger.version
    }

    pub fn dim(&self) -> usize {
        self.tagger.dim()
    }

    /// Bucket indices of the context features.
    pub fn context_buckets(
        &self,
        words: &[String],
        quoted: &[bool],
        ctx: &SentenceContext,
    ) -> Vec<Vec<u32>> {
        context_features(words, quoted, ctx)
            .into_iter()
            .map(|fs| {
                fs.into_iter()
                    .map(|h| self.tagger.bucket(h) as u32)
                    .collect()
            })
            .collect()
    }

    /// Bucket indices of every word's token features, and its parse features when the model
    /// reads a parse (`parse`: the sentence's tree, one entry a word).
    pub fn token_buckets(&self, words: &[String], parse: &[ParsedWord]) -> Vec<Vec<u32>> {
        let mut feats = self.tagger.featurize(words);
        if self.parser.is_some() {
            for (f, p) in feats.iter_mut().zip(parse_features(words, parse)) {
                f.extend(p.into_iter().map(|h| self.tagger.bucket(h) as u32));
            }
        }
        feats
    }

    /// Bucket indices of every word's token (and parse) features and context features, as
    /// training sees them.
    pub fn all_buckets(
        &self,
        words: &[String],
        parse: &[ParsedWord],
        quoted: &[bool],
        ctx: &SentenceContext,
    ) -> Vec<Vec<u32>> {
        let mut feats = self.token_buckets(words, parse);
        for (f, c) in feats
            .iter_mut()
            .zip(self.context_buckets(words, quoted, ctx))
        {
            f.extend(c);
        }
        feats
    }

    /// The context-free scores of one sentence (`parse`: its tree over `word_tokens`, read only
    /// by a model that reads parses).
    pub fn sentence_scores(
        &self,
        sentence: &str,
        encoded: &Encoded,
        encoder_dim: usize,
        parse: &[ParsedWord],
    ) -> SentenceScores {
        let words = word_tokens(sentence);
        let plain: Vec<String> = words
            .iter()
            .map(|s| plain(&sentence[s.start..s.end]))
            .collect();
        let vectors = encoded.word_vectors(&words);
        self.scores_from_vectors(words, plain, &vectors, encoder_dim, parse)
    }

    /// The context-free scores of a sentence's words from their vectors (unit length).
    pub fn scores_from_vectors(
        &self,
        words: Vec<Span>,
        plain: Vec<String>,
        vectors: &[Vec<f32>],
        encoder_dim: usize,
        parse: &[ParsedWord],
    ) -> SentenceScores {
        let feats = self.token_buckets(&plain, parse);
        let emissions = self
            .tagger
            .emissions(&feats, &self.dense_rows(vectors, &[], encoder_dim));
        SentenceScores {
            words,
            plain,
            emissions,
            vectors: if self.context.is_some() {
                to_i8(vectors)
            } else {
                Vec::new()
            },
        }
    }

    /// Tags one sentence in its context (`probs`: the context layer's tag probabilities of its
    /// words, if any): the tags and each word's confidence.
    pub fn tag_sentence(
        &self,
        scores: &SentenceScores,
        probs: &[Vec<f32>],
        ctx: &SentenceContext,
    ) -> (Vec<usize>, Vec<f32>, bool) {
        let (quoted, open_after) = quoted_words(&scores.plain, ctx.quote_open);
        let mut em = scores.emissions.clone();
        for (e, p) in em.iter_mut().zip(probs) {
            self.add_context(p, e);
        }
        for (e, fs) in em
            .iter_mut()
            .zip(self.context_buckets(&scores.plain, &quoted, ctx))
        {
            self.tagger.add_features(&fs, e);
        }
        let (tags, conf) = self.tagger.viterbi(&em);
        (tags, conf, open_after)
    }

    /// Decodes a document in order: `sentences` are (byte span in the text, paragraph) with their
    /// scores. A content that opens a sentence with I-CONTENT extends the content that ended the
    /// sentence before.
    pub fn decode(&self, sentences: &[(Span, usize)], scores: &[SentenceScores]) -> Vec<RoleSpan> {
        let mut out: Vec<RoleSpan> = Vec::new();
        let mut prev: Option<(usize, Option<Role>, bool)> = None;
        let probs = self.context_probabilities(sentences, scores);
        for (si, ((span, paragraph), sc)) in sentences.iter().zip(scores).enumerate() {
            let ctx = sentence_context(prev, *paragraph);
            let own = probs.get(si).map_or(&[][..], Vec::as_slice);
            let (tags, conf, open_after) = self.tag_sentence(sc, own, &ctx);
            push_sentence_spans(&mut out, si, span.start, &sc.words, &tags, &conf);
            prev = Some((*paragraph, last_role(&tags, &sc.plain), open_after));
        }
        out
    }

    /// The attributions of a document: its spans, decoded in order, then linked.
    pub fn attributions(
        &self,
        sentences: &[(Span, usize)],
        scores: &[SentenceScores],
    ) -> Vec<AttributionSpans> {
        link(&self.decode(sentences, scores), sentences)
    }
}

/// Adds the spans of one tagged sentence (`si`, starting at byte `base` of the text; `words` relative
/// to it, with their tags and confidences) to a document's spans `out`: a span that opens the
/// sentence with an inside tag (I-CONTENT) extends the document's last span of its role, which is
/// how content carries across sentences; a span's score is its words' mean confidence.
pub fn push_sentence_spans(
    out: &mut Vec<RoleSpan>,
    si: usize,
    base: usize,
    words: &[Span],
    tags: &[usize],
    conf: &[f32],
) {
    let mut continued = false;
    for (a, b, k) in typed_spans(tags) {
        let role = Role::ALL[k];
        let abs = Span::new(base + words[a].start, base + words[b - 1].end);
        let score = conf[a..b].iter().sum::<f32>() / (b - a) as f32;
        let goes_on = a == 0 && is_inside(tags[0]);
        if goes_on && !continued {
            continued = true;
            if let Some(last) = out.last_mut().filter(|l| l.role == role) {
                last.span.end = abs.end;
                last.score = last.score.min(score);
                continue;
            }
        }
        out.push(RoleSpan {
            role,
            span: abs,
            score,
            sentence: si,
        });
    }
}

/// The parser version an attribution model's `meta.json` says its perceptron reads (none before
/// attribution v4).
pub fn parser_read(meta: &super::ModelMeta) -> Option<String> {
    meta.settings
        .get("parser")
        .and_then(|p| p.as_str())
        .map(String::from)
}

/// Word vectors stored as int8 (unit-length vectors: components within [-1, 1]).
pub fn to_i8(vectors: &[Vec<f32>]) -> Vec<Vec<i8>> {
    vectors
        .iter()
        .map(|v| {
            v.iter()
                .map(|x| (x * 127.0).round().clamp(-127.0, 127.0) as i8)
                .collect()
        })
        .collect()
}

/// Int8 word vectors back as floats, times `scale`.
pub fn from_i8(vectors: &[Vec<i8>], scale: f32) -> Vec<Vec<f32>> {
    let k = scale / 127.0;
    vectors
        .iter()
        .map(|v| v.iter().map(|&x| x as f32 * k).collect())
        .collect()
}

/// Each vector followed by those of the `window` words before and after it (nearest first: -1,
/// +1, -2, +2, ...), zeros past the sentence's ends.
pub fn window_vectors(vectors: &[Vec<f32>], window: usize) -> Vec<Vec<f32>> {
    if window == 0 {
        return vectors.to_vec();
    }
    let dim = vectors.first().map_or(0, Vec::len);
    (0..vectors.len())
        .map(|i| {
            let mut v = Vec::with_capacity(dim * (2 * window + 1));
            v.extend_from_slice(&vectors[i]);
            for d in 1..=window {
                for j in [i.checked_sub(d), Some(i + d)] {
                    match j.and_then(|j| vectors.get(j)) {
                        Some(n) => v.extend_from_slice(n),
                        None => v.extend(std::iter::repeat_n(0.0, dim)),
                    }
                }
            }
            v
        })
        .collect()
}

/// The context of a sentence after one that was in paragraph `prev.0`, ended in role `prev.1` and
/// left a quotation open (`prev.2`).
pub fn sentence_context(
    prev: Option<(usize, Option<Role>, bool)>,
    paragraph: usize,
) -> SentenceContext {
    match prev {
        Some((p, before, open)) if p == paragraph => SentenceContext {
            new_paragraph: false,
            before,
            quote_open: open,
        },
        _ => SentenceContext {
            new_paragraph: true,
            before: None,
            quote_open: false,
        },
    }
}

/// The role of the last word that is not punctuation (`None`: outside every span).
pub fn last_role(tags: &[usize], words: &[String]) -> Option<Role> {
    let i = (0..tags.len())
        .rev()
        .find(|&i| words[i].chars().any(char::is_alphanumeric))?;
    Role::of_tag(tags[i])
}

/// Characters between two spans (0 when they touch or overlap).
fn gap(a: Span, b: Span) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

/// The index of the sentence that holds byte `at`.
fn sentence_of(sentences: &[(Span, usize)], at: usize) -> usize {
    sentences
        .partition_point(|(s, _)| s.end <= at)
        .min(sentences.len().saturating_sub(1))
}

/// Pairs each content with a cue and the cue with a source. The cue: one in the sentences the
/// content spans before one in the sentence just before or after it (same paragraph), a cue no
/// earlier content took before one already taken, then the nearest. The source: the nearest in the
/// cue's sentence. A content with no cue near it is kept without cue or source.
pub fn link(spans: &[RoleSpan], sentences: &[(Span, usize)]) -> Vec<AttributionSpans> {
    // Cues and sources by the sentence they start in: each content looks at a few sentences only.
    let mut by_sentence: Vec<(Vec<&RoleSpan>, Vec<&RoleSpan>)> =
        vec![(Vec::new(), Vec::new()); sentences.len()];
    for s in spans {
        let k = sentence_of(sentences, s.span.start);
        match s.role {
            Role::Cue => by_sentence[k].0.push(s),
            Role::Source => by_sentence[k].1.push(s),
            Role::Content => {}
        }
    }
    let mut out = Vec::new();
    let mut taken: std::collections::HashSet<Span> = std::collections::HashSet::new();
    for content in spans.iter().filter(|s| s.role == Role::Content) {
        let first = sentence_of(sentences, content.span.start);
        let last = sentence_of(sentences, content.span.end.saturating_sub(1));
        let paragraphs = (sentences[first].1, sentences[last].1);
        let near = first.saturating_sub(1)..(last + 2).min(sentences.len());
        let cue = near
            .filter(|&k| sentences[k].1 == paragraphs.0 || sentences[k].1 == paragraphs.1)
            .flat_map(|k| by_sentence[k].0.iter().map(move |c| (k, *c)))
            .min_by_key(|(k, c)| {
                (
                    *k < first || *k > last,
                    taken.contains(&c.span),
                    gap(c.span, content.span),
                    c.span.start,
                )
            });
        if let Some((_, c)) = cue {
            taken.insert(c.span);
        }
        let source = cue.and_then(|(k, cue)| {
            by_sentence[k]
                .1
                .iter()
                .min_by_key(|s| (gap(s.span, cue.span), s.span.start))
                .copied()
        });
        let cue = cue.map(|(_, c)| c);
        let score = [Some(content), cue, source]
            .iter()
            .flatten()
            .map(|s| s.score)
            .fold(1f32, f32::min);
        out.push(AttributionSpans {
            content: content.span,
            cue: cue.map(|c| c.span),
            source: source.map(|s| s.span),
            score,
        });
    }
    out
}

/// Gold BIO tags of a sentence's words (byte spans relative to the sentence at `base`) from
/// labelled spans of the article: a word takes the role of the span that holds its first byte; a
/// span that began before the sentence opens it with I- (it goes on from the sentence before).
pub fn gold_tags(words: &[Span], base: usize, spans: &[(Role, Span, usize)]) -> Vec<usize> {
    let mut prev_span: Option<usize> = None;
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let at = base + w.start;
            let hit = spans
                .iter()
                .position(|(_, s, _)| s.start <= at && at < s.end);
            let tag = match hit {
                Some(k) => {
                    let (role, s, _) = spans[k];
                    let goes_on = if i == 0 {
                        s.start < base
                    } else {
                        prev_span == Some(k)
                    };
                    role.begin_tag() + usize::from(goes_on)
                }
                None => 0,
            };
            prev_span = hit;
            tag
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        word_tokens(s)
            .iter()
            .map(|w| s[w.start..w.end].to_string())
            .collect()
    }

    /// "The ministry said hospitals treated 840 patients ." parsed by hand: "said" the root, the
    /// clause "hospitals treated 840 patients" its complement.
    fn ministry_sentence() -> (Vec<String>, Vec<ParsedWord>) {
        let w = words("The ministry said hospitals treated 840 patients .");
        let tree = [
            ("DET", 2, "det"),
            ("NOUN", 3, "nsubj"),
            ("VERB", 0, "root"),
            ("NOUN", 5, "nsubj"),
            ("VERB", 3, "ccomp"),
            ("NUM", 7, "nummod"),
            ("NOUN", 5, "obj"),
            ("PUNCT", 3, "punct"),
        ];
        let parse = tree
            .iter()
            .map(|&(upos, head, rel)| ParsedWord {
                upos,
                head,
                rel: rel.into(),
            })
            .collect();
        (w, parse)
    }

    #[test]
    fn parse_features_mark_the_clause_a_word_stands_in_and_its_edges() {
        let (w, parse) = ministry_sentence();
        let f = parse_features(&w, &parse);
        assert_eq!(f.len(), w.len());
        let has = |i: usize, key: &[&str]| f[i].contains(&hash(key));
        // The reported clause's words hang from "said" through a complement clause; the source's
        // words stand in the root clause.
        for i in 3..7 {
            assert!(has(i, &["p.clause", "ccomp", "said"]), "word {i}");
        }
        assert!(has(1, &["p.clause", "root", "<root>"]));
        assert!(has(1, &["p.rel+head", "nsubj", "said"]));
        // The clause opens on "hospitals" and closes on "patients"; the subject phrase opens on
        // "The".
        assert!(has(3, &["p.opens", "ccomp"]));
        assert!(has(6, &["p.closes", "ccomp"]));
        assert!(!has(4, &["p.opens", "ccomp"]) && !has(5, &["p.closes", "ccomp"]));
        assert!(has(0, &["p.opens", "nsubj"]));
        assert!(has(0, &["p.opens+head", "nsubj", "said"]));
        // A tree that does not fit the words gives nothing rather than features of other words.
        assert!(parse_features(&w[..4], &parse).iter().all(Vec::is_empty));
    }

    #[test]
    fn only_a_model_that_reads_parses_gets_their_features() {
        let (w, parse) = ministry_sentence();
        let mut model = AttributionTagger::new(10, 4, "t");
        let plain_buckets = model.token_buckets(&w, &parse);
        assert_eq!(plain_buckets, model.tagger.featurize(&w));
        model.parser = Some("parser/v2".into());
        let with_parse = model.token_buckets(&w, &parse);
        for (a, b) in with_parse.iter().zip(&plain_buckets) {
            assert!(a.len() > b.len() && a.starts_with(b));
        }
        // No tree (a sentence the parser did not read): the token features alone.
        assert_eq!(model.token_buckets(&w, &[]), plain_buckets);
    }

    #[test]
    fn quotes_open_and_close_across_words() {
        let w = words("He said “we will win . ” Then");
        let (q, open) = quoted_words(&w, false);
        assert_eq!(
            q,
            vec![false, false, true, true, true, true, true, true, false]
        );
        assert!(!open);
        let (q, open) = quoted_words(&words("we will win, he said"), true);
        assert!(q.iter().all(|&x| x));
        assert!(open);
    }

    #[test]
    fn gold_tags_mark_begin_inside_and_continuation() {
        // "It rose, the ministry said." with content "It rose" and a content that began earlier.
        let s = "It rose, the ministry said.";
        let w = word_tokens(s);
        let base = 100;
        let spans = vec![
            (Role::Content, Span::new(90, 107), 0),
            (Role::Source, Span::new(109, 121), 1),
            (Role::Cue, Span::new(122, 126), 2),
        ];
        let tags: Vec<&str> = gold_tags(&w, base, &spans)
            .into_iter()
            .map(|t| TAGS[t])
            .collect();
        assert_eq!(
            tags,
            vec![
                "I-CONTENT",
                "I-CONTENT",
                "O",
                "B-SOURCE",
                "I-SOURCE",
                "B-CUE",
                "O"
            ]
        );
    }

    fn role_span(role: Role, a: usize, b: usize) -> RoleSpan {
        RoleSpan {
            role,
            span: Span::new(a, b),
            score: 0.9,
            sentence: 0,
        }
    }

    #[test]
    fn link_pairs_content_with_nearest_cue_and_its_source() {
        // 0: "Twelve hospitals treated 840 patients, the ministry said."  (0..57)
        // 1: "Officials expect more, a spokesman added."                  (58..99)
        // 2: "Prices rose."  (new paragraph)                             (101..113)
        let sentences = vec![
            (Span::new(0, 57), 0),
            (Span::new(58, 99), 0),
            (Span::new(101, 113), 1),
        ];
        let spans = vec![
            role_span(Role::Content, 0, 37),
            role_span(Role::Source, 39, 51),
            role_span(Role::Cue, 52, 56),
            role_span(Role::Content, 58, 80),
            role_span(Role::Source, 82, 93),
            role_span(Role::Cue, 94, 99),
            role_span(Role::Content, 101, 112),
        ];
        let got = link(&spans, &sentences);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].cue, Some(Span::new(52, 56)));
        assert_eq!(got[0].source, Some(Span::new(39, 51)));
        assert_eq!(got[1].cue, Some(Span::new(94, 99)));
        assert_eq!(got[1].source, Some(Span::new(82, 93)));
        // Another paragraph: no cue near it, so neither cue nor source.
        assert_eq!(got[2].cue, None);
        assert_eq!(got[2].source, None);
    }

    #[test]
    fn link_takes_a_cue_from_the_sentence_before_a_quotation() {
        // 0: "She said:"  1: "“Prices will rise.”"
        let sentences = vec![(Span::new(0, 9), 0), (Span::new(10, 30), 0)];
        let spans = vec![
            role_span(Role::Source, 0, 3),
            role_span(Role::Cue, 4, 8),
            role_span(Role::Content, 10, 30),
        ];
        let got = link(&spans, &sentences);
        assert_eq!(got[0].cue, Some(Span::new(4, 8)));
        assert_eq!(got[0].source, Some(Span::new(0, 3)));
    }

    /// With a context layer the perceptron reads each word's window of vectors and then its
    /// weighted tag probabilities; the layer is saved beside the perceptron and loaded with it.
    #[test]
    fn the_context_layer_stands_beside_the_vectors_and_travels_with_the_model() {
        let (dim, window) = (4, 1);
        let mut context = ContextTagger::new(dim, 3, N_TAGS, 2.0);
        context.weight = 0.5;
        let mut rng = crate::rng::Rng::new(9);
        for v in context.params_mut().iter_mut() {
            *v = (rng.next_u64() % 200) as f32 / 100.0 - 1.0;
        }
        let mut model = AttributionTagger::new(8, dim * (2 * window + 1) + N_TAGS, "t");
        model.context = Some(context.clone());
        assert_eq!(model.vector_dim(), dim * 3);
        assert_eq!(model.window(dim), window);
        let vectors: Vec<Vec<f32>> = (0..3)
            .map(|k| vec![0.1 * k as f32, 0.5, -0.5, 0.2])
            .collect();
        let probs = context.tag_probabilities(&vectors);
        let rows = model.dense_rows(&vectors, &probs, dim);
        for (k, row) in rows.iter().enumerate() {
            assert_eq!(row.len(), dim * 3 + N_TAGS);
            assert_eq!(&row[..dim], vectors[k].as_slice());
            for (a, b) in row[dim * 3..].iter().zip(&probs[k]) {
                assert!((a - 0.5 * b).abs() < 1e-6);
            }
        }
        let dir = std::env::temp_dir().join(format!("cm-attr-ctx-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        model.save(&dir.join(ATTRIBUTION_FILE)).unwrap();
        assert!(dir.join(CONTEXT_FILE).exists());
        let back = AttributionTagger::load(&dir.join(ATTRIBUTION_FILE), "t").unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        let c = back
            .context
            .as_ref()
            .expect("the context layer beside the perceptron");
        assert_eq!((c.width, c.tags, c.weight), (3, N_TAGS, 0.5));
        assert_eq!(
            back.dense_rows(&vectors, &[], dim)[0].len(),
            dim * 3 + N_TAGS
        );
    }

    /// The context layer's part of the emissions, added at decoding (`add_context`), is what the
    /// perceptron gives the probabilities standing in its dense rows.
    #[test]
    fn context_added_at_decoding_equals_reading_it_in_the_rows() {
        let dim = 4;
        let mut rng = crate::rng::Rng::new(21);
        let mut random = |n: usize| -> Vec<f32> {
            (0..n)
                .map(|_| (rng.next_u64() % 200) as f32 / 100.0 - 1.0)
                .collect()
        };
        let mut context = ContextTagger::new(dim, 3, N_TAGS, 2.0);
        context.weight = 0.7;
        let params = random(context.layout.len);
        context.params_mut().copy_from_slice(&params);
        let mut model = AttributionTagger::new(8, dim * 3 + N_TAGS, "t");
        model.tagger.dense = random(model.tagger.dense.len());
        let vectors: Vec<Vec<f32>> = (0..3).map(|_| random(dim)).collect();
        let probs = context.tag_probabilities(&vectors);
        let feats = vec![Vec::new(); 3];
        for log in [false, true] {
            context.log = log;
            model.context = Some(context.clone());
            let whole = model
                .tagger
                .emissions(&feats, &model.dense_rows(&vectors, &probs, dim));
            let mut later = model
                .tagger
                .emissions(&feats, &model.dense_rows(&vectors, &[], dim));
            assert_ne!(whole, later);
            for (e, p) in later.iter_mut().zip(&probs) {
                model.add_context(p, e);
            }
            for (a, b) in whole.iter().flatten().zip(later.iter().flatten()) {
                assert!((a - b).abs() < 1e-4, "{a} vs {b}");
            }
        }
    }

    /// Log-probabilities reach the perceptron mapped onto [0, 1], weighted.
    #[test]
    fn log_probabilities_map_onto_the_unit_interval() {
        let mut c = ContextTagger::new(2, 2, 3, 1.0);
        c.weight = 2.0;
        assert_eq!(c.perceptron_values(&[0.5, 0.25, 0.25]), vec![1.0, 0.5, 0.5]);
        c.log = true;
        let v = c.perceptron_values(&[1.0, 0.01, 1e-9]);
        assert!(
            (v[0] - 2.0).abs() < 1e-6 && (v[1] - 1.0).abs() < 1e-5,
            "{v:?}"
        );
        assert_eq!(v[2], 0.0);
    }

    #[test]
    fn a_quotation_goes_on_into_the_next_sentence_of_its_paragraph_only() {
        let a = words("“Prices will rise .");
        let b = words("Wages will not . ”");
        let c = words("Prices rose .");
        let quotes = document_quotes(&[0, 0, 1], &[&a, &b, &c]);
        assert!(quotes[0].iter().all(|&q| q));
        assert!(quotes[1].iter().all(|&q| q), "still inside: {quotes:?}");
        assert!(quotes[2].iter().all(|&q| !q), "a new paragraph: {quotes:?}");
        let quotes = document_quotes(&[0, 1], &[&a, &b]);
        assert!(quotes[1][..3].iter().all(|&q| !q), "{quotes:?}");
    }

    #[test]
    fn shape_features_show_what_the_uncased_encoder_cannot() {
        let w = words("“NASA said ― 42 more");
        let quoted = vec![true, true, true, false, false, false];
        let f = shape_features(&w, &quoted);
        let on =
            |i: usize| -> Vec<usize> { (0..SHAPE_FEATURES).filter(|&k| f[i][k] > 0.0).collect() };
        // capital, all capitals, punctuation, quotation mark, dash, digit, quoted, first
        assert_eq!(on(0), vec![2, 3, 6, 7]);
        assert_eq!(on(1), vec![0, 1, 6]);
        assert_eq!(on(2), vec![6]);
        assert_eq!(on(3), vec![2, 4]);
        assert_eq!(on(4), vec![5]);
        assert!(on(5).is_empty());
        // The layer reads them after each vector only when it was trained with them.
        let vectors = vec![vec![vec![0.5; 3]; w.len()]];
        let plain: Vec<&[String]> = vec![&w];
        let plain_rows = context_inputs(false, &[0], &plain, vectors.clone());
        assert_eq!(plain_rows, vectors);
        let rows = context_inputs(true, &[0], &plain, vectors);
        assert_eq!(rows[0][1].len(), 3 + SHAPE_FEATURES);
        assert_eq!(&rows[0][1][3..], &f[1][..]);
    }

    #[test]
    fn context_follows_the_paragraph() {
        let after = Some((0, Some(Role::Content), true));
        let same = sentence_context(after, 0);
        assert_eq!(same.before, Some(Role::Content));
        assert!(same.quote_open && !same.new_paragraph);
        let next = sentence_context(after, 1);
        assert!(next.new_paragraph && !next.quote_open && next.before.is_none());
    }
}
