//! The document model every stage annotates: an article, its sentences, and the spans laid over them
//! (entities, quantities, claim scores). Offsets are byte offsets into `Doc::text`; `CharIndex`
//! converts them once, at the edge, for tools and outputs that count Unicode scalars.

use chrono::NaiveDate;
use serde::Serialize;

/// A half-open byte range `[start, end)` into the document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn shift(self, by: usize) -> Self {
        Span::new(self.start + by, self.end + by)
    }
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// One input article as read, before any analysis.
#[derive(Debug, Clone, Default)]
pub struct Article {
    pub id: String,
    pub text: String,
    pub date: Option<NaiveDate>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    /// Where it came from (a file path, `path:line`, or `stdin:line`), for error records.
    pub input: String,
}

/// Named-entity types of the tagger (CoNLL-2003).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum EntityLabel {
    PER,
    ORG,
    LOC,
    MISC,
}

impl EntityLabel {
    pub const ALL: [EntityLabel; 4] = [
        EntityLabel::PER,
        EntityLabel::ORG,
        EntityLabel::LOC,
        EntityLabel::MISC,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            EntityLabel::PER => "PER",
            EntityLabel::ORG => "ORG",
            EntityLabel::LOC => "LOC",
            EntityLabel::MISC => "MISC",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        EntityLabel::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// What a subject or source mention is: a tagged entity, or a noun phrase of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MentionKind {
    Entity(EntityLabel),
    Noun,
}

impl MentionKind {
    /// "PER", "ORG", "LOC", "MISC", or "NOUN".
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Entity(label) => label.as_str(),
            MentionKind::Noun => "NOUN",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entity {
    pub span: Span,
    pub label: EntityLabel,
    pub score: f32,
}

/// How a stated number relates to the true one (see shared/eval/GOLD_FORMAT.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    Exact,
    Approx,
    MoreThan,
    AtLeast,
    LessThan,
    AtMost,
    Range,
}

impl Bound {
    pub fn as_str(self) -> &'static str {
        match self {
            Bound::Exact => "exact",
            Bound::Approx => "approx",
            Bound::MoreThan => "more_than",
            Bound::AtLeast => "at_least",
            Bound::LessThan => "less_than",
            Bound::AtMost => "at_most",
            Bound::Range => "range",
        }
    }
}

/// What a unit measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    Length,
    Area,
    Volume,
    Mass,
    Time,
    Speed,
    Energy,
    Power,
    Temperature,
    Data,
    DataRate,
    Frequency,
    Pressure,
    Electric,
    /// Doses of radiation ("20 millisieverts").
    Radiation,
    Angle,
    Currency,
    Percent,
    Ratio,
    Count,
}

impl Dimension {
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Length => "length",
            Dimension::Area => "area",
            Dimension::Volume => "volume",
            Dimension::Mass => "mass",
            Dimension::Time => "time",
            Dimension::Speed => "speed",
            Dimension::Energy => "energy",
            Dimension::Power => "power",
            Dimension::Temperature => "temperature",
            Dimension::Data => "data",
            Dimension::DataRate => "data rate",
            Dimension::Frequency => "frequency",
            Dimension::Pressure => "pressure",
            Dimension::Electric => "electric",
            Dimension::Radiation => "radiation",
            Dimension::Angle => "angle",
            Dimension::Currency => "currency",
            Dimension::Percent => "percent",
            Dimension::Ratio => "ratio",
            Dimension::Count => "count",
        }
    }
}

/// Whether the sentence states a number as a change ("rose 25 cents", "a 7% drop").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Increase,
    Decrease,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Increase => "increase",
            Change::Decrease => "decrease",
        }
    }
}

/// What is counted or measured, as found next to (or inferred for) a quantity.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// The counted thing, lowercase and singular with its modifiers ("infantry fighting vehicle").
    pub text: String,
    /// The canonical unit: the head alone, with rates and currencies normalized ("vehicle", "usd").
    pub normalized: String,
    /// Where the unit words stand in the text; `None` when the unit was inferred (elided noun).
    pub span: Option<Span>,
    /// What the unit measures (`Count` for counted nouns).
    pub dimension: Dimension,
}

/// A number in the text, with its qualifier, as the quantity grammar read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// The quantity as written, qualifier included ("well over one million").
    pub span: Span,
    pub value: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub bound: Bound,
    pub unit: Option<Unit>,
    /// `Some` when the sentence states the number as a change; the value stays as written.
    pub change: Option<Change>,
}

impl Quantity {
    /// Where the quantity ends with its unit written after it ("5 tonnes"), in article bytes.
    pub fn end_with_unit(&self) -> usize {
        self.unit
            .as_ref()
            .and_then(|u| u.span)
            .map_or(self.span.end, |u| u.end.max(self.span.end))
    }
}

/// Who a claim is attributed to.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    /// The source, resolved where the mention was a reference ("the report" -> "CSIS").
    pub text: String,
    /// The source as written in its sentence.
    pub mention: String,
    /// A tagged entity's label, else a noun phrase.
    pub label: MentionKind,
    /// The attribution cue ("according to", "said", ...), or "carried" when taken from an earlier sentence.
    pub cue: String,
    /// The sentence where the attribution was written.
    pub sentence_index: usize,
    /// Byte span of the mention in sentence `sentence_index` (relative to the sentence).
    pub mention_span: Option<Span>,
    /// Byte span of the cue in sentence `sentence_index`; `None` when carried.
    pub cue_span: Option<Span>,
}

/// An attribution the model found in the text: what is attributed (content), the reporting words
/// (cue) and who is reported (source). Byte spans of the article text.
#[derive(Debug, Clone, PartialEq)]
pub struct AttributionSpans {
    pub content: Span,
    pub cue: Option<Span>,
    pub source: Option<Span>,
    /// The lowest mean word confidence of its parts.
    pub score: f32,
}

/// How a time reference was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeKind {
    /// A date, month or year as written ("June 4", "2024").
    Explicit,
    /// Relative to the publication date ("last week", "yesterday").
    Relative,
    /// "as of June 4", "by the end of May".
    AsOf,
    /// "since February 2022": the interval from then to publication.
    Since,
    /// Both ends written ("between 2019 and 2023", "2024-25").
    Interval,
    /// A quarter of a year ("the third quarter").
    Quarter,
    /// "the nine months ended September 30".
    MonthsEnded,
    /// "a year earlier", "from a year ago": the period a year before the one in force.
    YearAgo,
    /// A period an earlier sentence named, referred back to ("the period", "the quarter").
    Carried,
    /// No time written: the article's publication date.
    Publication,
}

impl TimeKind {
    pub const ALL: [TimeKind; 10] = [
        TimeKind::Explicit,
        TimeKind::Relative,
        TimeKind::AsOf,
        TimeKind::Since,
        TimeKind::Interval,
        TimeKind::Quarter,
        TimeKind::MonthsEnded,
        TimeKind::YearAgo,
        TimeKind::Carried,
        TimeKind::Publication,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            TimeKind::Explicit => "explicit",
            TimeKind::Relative => "relative",
            TimeKind::AsOf => "as_of",
            TimeKind::Since => "since",
            TimeKind::Interval => "interval",
            TimeKind::Quarter => "quarter",
            TimeKind::MonthsEnded => "months_ended",
            TimeKind::YearAgo => "year_ago",
            TimeKind::Carried => "carried",
            TimeKind::Publication => "publication",
        }
    }
}

/// A resolved time reference.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeRef {
    /// The words it came from ("as of June 4"), or "publication date".
    pub text: String,
    /// ISO 8601 at the precision known: "2025-06-04", "2025-09", "2025", or "2024-01/2025-12".
    pub value: String,
    pub kind: TimeKind,
    /// Where the words stand in the article; `None` for the publication date.
    pub span: Option<Span>,
}

/// What a rule token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Symbol,
    Punct,
}

/// A token as the quantity grammar and the attachment rules read a sentence (`Sentence::tokens`):
/// numbers whole with their separators ("1,800", "940 000"), currency and percent symbols apart,
/// possessives kept on their word. Byte offsets relative to the sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub text: String,
    pub lower: String,
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }
    pub fn is(&self, w: &str) -> bool {
        self.lower == w
    }
    pub fn is_titlecase(&self) -> bool {
        self.kind == TokenKind::Word && self.text.chars().next().is_some_and(char::is_uppercase)
    }
    /// The word without a trailing possessive ("Russia’s" -> "Russia").
    pub fn bare(&self) -> &str {
        self.text
            .strip_suffix("’s")
            .or_else(|| self.text.strip_suffix("'s"))
            .unwrap_or(&self.text)
    }
    pub fn is_possessive(&self) -> bool {
        self.bare().len() != self.text.len()
    }
}

/// The syntax of one sentence (Universal Dependencies), index-parallel to `Sentence::words`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parse {
    /// Each word's UPOS tag ("NOUN", "NUM", ...).
    pub upos: Vec<&'static str>,
    /// Each word's head, an index into the sentence's words; `None` for the root.
    pub heads: Vec<Option<usize>>,
    /// Each word's relation to its head ("nsubj", "nummod", ...; "root" for the root).
    pub rels: Vec<String>,
}

impl Parse {
    pub fn len(&self) -> usize {
        self.heads.len()
    }
    pub fn is_empty(&self) -> bool {
        self.heads.is_empty()
    }
    pub fn head(&self, word: usize) -> Option<usize> {
        self.heads.get(word).copied().flatten()
    }
    pub fn rel(&self, word: usize) -> &str {
        self.rels.get(word).map_or("", String::as_str)
    }
    /// The words whose head is `word`, in order.
    pub fn children(&self, word: usize) -> impl Iterator<Item = usize> + '_ {
        (0..self.heads.len()).filter(move |&w| self.heads[w] == Some(word))
    }
    /// The first child of `word` with relation `rel`.
    pub fn child(&self, word: usize, rel: &str) -> Option<usize> {
        self.children(word).find(|&c| self.rel(c) == rel)
    }
}

/// One sentence and its annotations, filled stage by stage.
#[derive(Debug, Clone, Default)]
pub struct Sentence {
    pub span: Span,
    /// Paragraph number (blank lines and line breaks start paragraphs).
    pub paragraph: usize,
    /// The sentence's words (byte spans in the article text, in order): the token layer that the
    /// tagger and the parser read, treebank-style ("Russia" "'s").
    pub words: Vec<Span>,
    /// The same text as the rules read it (`Token`), made once with `words`; `word_at` aligns the
    /// two.
    pub tokens: Vec<Token>,
    pub claim_score: f32,
    pub entities: Vec<Entity>,
    /// The dependency parse over `words`, for the sentences a later stage reads (those that may
    /// state a number); `None` elsewhere or without a parser.
    pub parse: Option<Parse>,
    pub quantities: Vec<Quantity>,
}

impl Sentence {
    /// The words that overlap `span` (byte offsets of the article text), as a range of indices.
    pub fn words_in(&self, span: Span) -> std::ops::Range<usize> {
        let first = self.words.partition_point(|w| w.end <= span.start);
        let end = self.words.partition_point(|w| w.start < span.end);
        first..end.max(first)
    }

    /// The parse, when the sentence has one over exactly its words.
    pub fn aligned_parse(&self) -> Option<&Parse> {
        self.parse.as_ref().filter(|p| p.len() == self.words.len())
    }

    /// The words that token `k` of `tokens` overlaps: the alignment of the rules' layer to the
    /// models' layer.
    pub fn words_of_token(&self, k: usize) -> std::ops::Range<usize> {
        match self.tokens.get(k) {
            Some(t) => self.words_in(Span::new(t.start, t.end).shift(self.span.start)),
            None => 0..0,
        }
    }

    /// The word that covers byte offset `at`, if any.
    pub fn word_at(&self, at: usize) -> Option<usize> {
        let i = self.words.partition_point(|w| w.end <= at);
        (i < self.words.len() && self.words[i].start <= at).then_some(i)
    }
}

/// The document: the article text and the layers over it.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub article: Article,
    pub sentences: Vec<Sentence>,
    /// The attribution layer: every attribution of the article, in text order of its content
    /// (`None` when no attribution model ran).
    pub attributions: Option<Vec<AttributionSpans>>,
    /// The claim layer: each quantity of a claim sentence with its unit, subject, source and date,
    /// in text order (filled by attachment, the last stage).
    pub claims: Vec<Claim>,
}

impl Doc {
    pub fn text(&self) -> &str {
        &self.article.text
    }
    pub fn slice(&self, span: Span) -> &str {
        &self.article.text[span.start..span.end]
    }
    pub fn sentence_text(&self, i: usize) -> &str {
        self.slice(self.sentences[i].span)
    }
}

/// What a claim is about: where it stands in the article, its text (resolved where the words were a
/// description: "the company" -> the organisation it stands for) and its kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Subject {
    pub span: Span,
    pub text: String,
    pub kind: MentionKind,
}

/// A quantity with everything attached to it: the unit of the output.
#[derive(Debug, Clone)]
pub struct Claim {
    pub sentence_index: usize,
    pub quantity: Quantity,
    pub subject: Option<Subject>,
    pub source: Option<Attribution>,
    pub date: Option<TimeRef>,
}

/// Converts byte offsets of one text into Unicode scalar (char) offsets and UTF-16 offsets,
/// with a checkpoint every 256 bytes so that a long article costs little.
pub struct CharIndex<'a> {
    text: &'a str,
    checkpoints: Vec<(usize, usize, usize)>,
}

impl<'a> CharIndex<'a> {
    const STEP: usize = 256;

    pub fn new(text: &'a str) -> Self {
        let mut checkpoints = vec![(0, 0, 0)];
        let (mut chars, mut units) = (0usize, 0usize);
        let mut next = Self::STEP;
        for (b, c) in text.char_indices() {
            if b >= next {
                checkpoints.push((b, chars, units));
                next = b + Self::STEP;
            }
            chars += 1;
            units += c.len_utf16();
        }
        CharIndex { text, checkpoints }
    }

    fn walk(&self, byte: usize) -> (usize, usize) {
        let i = match self.checkpoints.binary_search_by(|c| c.0.cmp(&byte)) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let (b0, mut chars, mut units) = self.checkpoints[i];
        for c in self.text[b0..byte].chars() {
            chars += 1;
            units += c.len_utf16();
        }
        (chars, units)
    }

    /// Unicode scalar offset of a byte offset (a char boundary).
    pub fn chars(&self, byte: usize) -> usize {
        self.walk(byte).0
    }

    /// UTF-16 code unit offset of a byte offset (what JavaScript tools count).
    pub fn utf16(&self, byte: usize) -> usize {
        self.walk(byte).1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_walks_heads_and_children() {
        // "Russia lost 1,800 tanks": lost is the root; Russia and tanks hang from it.
        let p = Parse {
            upos: vec!["PROPN", "VERB", "NUM", "NOUN"],
            heads: vec![Some(1), None, Some(3), Some(1)],
            rels: ["nsubj", "root", "nummod", "obj"]
                .map(String::from)
                .to_vec(),
        };
        assert_eq!(p.head(2), Some(3));
        assert_eq!(p.head(1), None);
        assert_eq!(p.children(1).collect::<Vec<_>>(), [0, 3]);
        assert_eq!(p.child(1, "obj"), Some(3));
        assert_eq!(p.child(1, "iobj"), None);
        let s = Sentence {
            words: vec![Span::new(0, 6), Span::new(7, 11), Span::new(12, 17)],
            ..Default::default()
        };
        assert_eq!(s.word_at(8), Some(1));
        assert_eq!(s.words_in(Span::new(8, 13)), 1..3);
        assert_eq!(s.words_in(Span::new(6, 7)), 1..1);
        assert_eq!(s.word_at(6), None);
        assert_eq!(s.word_at(20), None);
    }

    #[test]
    fn the_two_token_layers_align() {
        let text = "Intro. Russia's army lost $1.2bn, or 5.2%.";
        let sentences = crate::split::sentences(text);
        let s = &sentences[1];
        let word = |w: usize| &text[s.words[w].start..s.words[w].end];
        let token = |k: usize| s.tokens[k].text.as_str();
        // "Russia's" is one token but two words; "$1.2bn" is two tokens in one word.
        assert_eq!(token(0), "Russia's");
        let russia = s.words_of_token(0);
        assert_eq!((word(russia.start), word(russia.end - 1)), ("Russia", "'s"));
        let dollar = s.tokens.iter().position(|t| t.text == "$").unwrap();
        assert_eq!(s.words_of_token(dollar), s.words_of_token(dollar + 1));
        assert_eq!(word(s.words_of_token(dollar).start), "$1.2bn");
        // Every token falls within some word.
        for k in 0..s.tokens.len() {
            assert!(!s.words_of_token(k).is_empty(), "{}", token(k));
        }
        assert!(s.words_of_token(s.tokens.len()).is_empty());
    }

    #[test]
    fn char_index_counts_scalars_and_utf16() {
        let text = "« Été » 😀 ok".repeat(100);
        let idx = CharIndex::new(&text);
        for (b, _) in text.char_indices() {
            assert_eq!(idx.chars(b), text[..b].chars().count());
            assert_eq!(idx.utf16(b), text[..b].encode_utf16().count());
        }
        assert_eq!(idx.chars(text.len()), text.chars().count());
    }
}
