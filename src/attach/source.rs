//! Attribution: who a number is attributed to. Finds cues in a sentence ("according to X", "X said",
//! "said X", "X estimates", "the report states"), resolves references ("the report" -> the
//! organisation that published it, "the official" -> the official named earlier, "he" -> the last
//! person quoted) and carries a report's attribution over the next sentences that summarise it.

use crate::doc::{Attribution, AttributionSpans, Entity, EntityLabel, MentionKind, Span};
use crate::extract::tokens::{Kind, Token};

/// How many sentences a report's attribution carries to sentences that name no source.
pub const DOCUMENT_CARRY: usize = 3;

const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "stated",
    "states",
    "added",
    "adds",
    "noted",
    "notes",
    "note",
    "wrote",
    "writes",
    "reported",
    "reports",
    "estimated",
    "estimates",
    "estimate",
    "concluded",
    "conclude",
    "concludes",
    "disclosed",
    "discloses",
    "claimed",
    "claims",
    "argued",
    "argue",
    "argues",
    "acknowledged",
    "acknowledging",
    "acknowledges",
    "warned",
    "warn",
    "warns",
    "announced",
    "announces",
    "indicates",
    "indicated",
    "found",
    "finds",
    "shows",
    "showed",
    "show",
    "explained",
    "explains",
    "confirmed",
    "confirms",
    "believes",
    "stressed",
    "insisted",
    "admitted",
    "revealed",
    "reveals",
    "suggests",
    "suggested",
    "observed",
    "projected",
    "expects",
    "expect",
    "forecasts",
    "forecast",
    "predicts",
    "predict",
    "predicted",
    "projects",
    "estimating",
    "saying",
    "noting",
    "adding",
    "warning",
    "claiming",
    "arguing",
    "suggesting",
    "indicating",
    "concluding",
    "stating",
    "reporting",
];

/// Whether token `k` puts a figure on something ("officials put the death toll at 23", "the
/// institute put the magnitude at 7.0"): "put" with "at" and an amount within a few words.
fn puts_a_figure(toks: &[Token], k: usize) -> bool {
    matches!(toks[k].lower.as_str(), "put" | "puts" | "putting")
        && (k + 2..(k + 7).min(toks.len())).any(|j| {
            toks[j].is("at")
                && toks
                    .get(j + 1)
                    .is_some_and(|n| matches!(n.kind, Kind::Number | Kind::Symbol))
        })
}

/// Whether a word is a reporting verb ("said", "estimates").
pub fn is_reporting_verb(w: &str) -> bool {
    SPEECH_VERBS.contains(&w.to_lowercase().as_str())
}

/// Heads of a source that publishes, besides the report nouns: bodies ("the ministry", "the think
/// tank") and documents that are not findings of their own ("polls", "the estimate").
const PUBLISHER_NOUNS: &[&str] = &[
    "polls",
    "estimate",
    "ministry",
    "government",
    "agency",
    "department",
    "institute",
    "center",
    "centre",
    "council",
    "office",
    "newspaper",
    "think",
    "tank",
    "intelligence",
];

/// A verb that puts findings out: "published", "released", "compiled", "conducted".
fn is_publishing(w: &str) -> bool {
    matches!(
        w,
        "published" | "released" | "compiled" | "conducted" | "issued" | "collected" | "carried"
    )
}

/// Whether a word names findings ("poll", "survey", "data"): what it does with a figure is to
/// report it ("the poll gave Trump a 4-point lead").
pub fn is_report_noun(w: &str) -> bool {
    REPORT_NOUNS.contains(&w.to_lowercase().as_str())
}

/// A report noun or a publisher noun: a source head that a report's author is resolved from.
fn is_document_noun(w: &str) -> bool {
    REPORT_NOUNS.contains(&w) || PUBLISHER_NOUNS.contains(&w)
}

/// Document nouns that name findings (which a passage goes on summarising), not a body.
const REPORT_NOUNS: &[&str] = &[
    "report",
    "reports",
    "analysis",
    "analyses",
    "study",
    "studies",
    "research",
    "survey",
    "poll",
    "census",
    "assessment",
    "estimates",
    "data",
    "figures",
    "findings",
    "paper",
    "review",
    "statement",
    "document",
    "documents",
    "records",
    "statistics",
    "accounts",
    "filing",
];

/// Findings that are numbers put out by a body ("IRCC data", "Reserve Bank figures"): the body
/// is the source.
fn is_findings_noun(w: &str) -> bool {
    matches!(
        w,
        "data" | "figures" | "statistics" | "numbers" | "records" | "accounts"
    )
}

const PERSON_NOUNS: &[&str] = &[
    "official",
    "officials",
    "minister",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "president",
    "analyst",
    "analysts",
    "commentators",
    "expert",
    "experts",
    "general",
    "commander",
    "chief",
    "secretary",
    "leader",
    "diplomat",
    "source",
    "sources",
    "envoy",
    "ambassador",
    "adviser",
    "advisor",
    "officer",
    "ceo",
    "chairman",
    "chairwoman",
    "director",
    "executive",
    "founder",
    "governor",
    "mayor",
    "economist",
    "economists",
    "forecaster",
    "forecasters",
    "strategist",
    "strategists",
    "pollster",
    "pollsters",
    "researcher",
    "researchers",
    "scientist",
    "scientists",
];

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SourceKind {
    /// A report, study, organisation or government: its findings carry over a passage.
    Document,
    /// A person speaking: the attribution stays with its sentence.
    Person,
}

/// An attribution found in a sentence, with where its cue stands (bytes, relative to the sentence).
#[derive(Debug, Clone)]
pub struct Found {
    pub attribution: Attribution,
    pub kind: SourceKind,
    pub cue_at: usize,
    /// The mention's byte range in the sentence (excluded from subject candidates).
    pub mention: (usize, usize),
    /// Whether it covers only the quantities after its cue ("below analysts' estimates of
    /// 415,000": the estimate is the analysts', the deliveries before it are not).
    pub only_after: bool,
    /// The bytes of the sentence whose quantities it alone covers, for an estimate whose holder
    /// is named in its own phrase (`estimate_holders`); it does not carry to later sentences.
    pub scope: Option<(usize, usize)>,
}

impl Found {
    /// Whether it may be the attribution of a quantity at byte `q` of its sentence.
    pub fn covers(&self, q: usize) -> bool {
        (!self.only_after || q > self.cue_at) && self.scope.is_none_or(|(a, b)| a <= q && q < b)
    }
}

/// What earlier sentences tell the resolver.
#[derive(Debug, Default)]
pub struct SourceContext {
    /// Organisations named as the authors of a report: (sentence, name).
    producers: Vec<(usize, String)>,
    last_document: Option<(usize, Found)>,
    /// Every document so far, in order: the document sources, and findings named with their
    /// author ("a Los Angeles Times poll").
    documents: Vec<Attribution>,
    /// Every organisation named so far, in order.
    bodies: Vec<String>,
    last_person: Vec<Found>,
    last_person_entity: Option<String>,
    /// The organisation the article names most (`attach::Carried::main_organisation`), for a
    /// company described ("the airline said").
    pub main_organisation: Option<String>,
}

/// Whether the name of a body is named by the noun `head` ("Port of Rotterdam Authority" by "port",
/// "CIES Football Observatory" by "observatory"): its first word, or the last of three or more. The
/// noun that ends a name of two words is that name's generic part ("the state" is not "Islamic
/// State", nor "the union" the "European Union").
fn names_with_its_noun(name: &str, head: &str) -> bool {
    let words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    words.first().is_some_and(|w| w == head)
        || (words.len() >= 3 && words.last().is_some_and(|w| w == head))
}

/// Punctuation that ends a name or noun phrase (not the dots of "U.S." or an apostrophe).
fn is_phrase_end(t: &Token) -> bool {
    t.kind == Kind::Punct && !matches!(t.text.as_str(), "." | "’" | "'" | "-" | "&")
}

fn is_np_break(t: &Token) -> bool {
    (t.kind == Kind::Punct && !matches!(t.text.as_str(), "." | "’" | "'" | "-" | "&"))
        || matches!(
            t.lower.as_str(),
            "that"
                | "which"
                | "who"
                | "whom"
                | "and"
                | "but"
                | "or"
                | "with"
                | "as"
                | "while"
                | "when"
                | "because"
                | "if"
                | "so"
                | "after"
                | "before"
                | "although"
                | "though"
                | "where"
                | "despite"
                | "meanwhile"
                | "since"
                | "yet"
                | "still"
                | "instead"
                | "also"
        )
        || SPEECH_VERBS.contains(&t.lower.as_str())
}

fn is_aux_or_adverb(t: &Token) -> bool {
    matches!(
        t.lower.as_str(),
        "has"
            | "have"
            | "had"
            | "also"
            | "would"
            | "will"
            | "did"
            | "does"
            | "do"
            | "again"
            | "not"
            | "now"
            | "then"
            | "earlier"
            | "later"
            | "previously"
            | "already"
            | "first"
            | "once"
            | "today"
            | "yesterday"
            | "tonight"
    ) || (t.kind == Kind::Word && !t.is_titlecase() && t.lower.ends_with("ly") && t.lower.len() > 4)
}

fn np_before(toks: &[Token], k: usize) -> Option<(usize, usize)> {
    let mut b = k;
    while b > 0 && is_aux_or_adverb(&toks[b - 1]) {
        b -= 1;
    }
    // A short aside in brackets after the name ("the Office for National Statistics (ONS)
    // showed") belongs to it: the phrase is what stands before the brackets.
    if let Some(open) = bracket_aside_before(toks, b) {
        b = open;
    }
    if b > 0 && toks[b - 1].text == "," {
        if let Some(subject) = subject_before_relative_clause(toks, b - 1) {
            return Some(subject);
        }
        if let Some(name) = name_before_description(toks, b - 1) {
            return Some(name);
        }
        // An appositive name: "the U.K.'s armed-forces minister, Alistair Carns, said".
        let c = b - 1;
        let mut a = c;
        while a > 0 && !is_np_break(&toks[a - 1]) && c - a < 5 {
            a -= 1;
        }
        let named = toks[a..c]
            .iter()
            .all(|t| t.is_titlecase() || t.kind == Kind::Punct)
            && a < c;
        let not_first = a > 0;
        if !named && a > 1 && toks[a - 1].text == "," {
            // "Antwerp-Bruges, Rotterdam's nearest rival, reported": a description set off
            // after the name; the name is the source.
            let d = a - 1;
            let mut n = d;
            while n > 0 && !is_np_break(&toks[n - 1]) && d - n < 5 {
                n -= 1;
            }
            let name = n < d
                && toks[n..d]
                    .iter()
                    .all(|t| t.is_titlecase() || t.kind == Kind::Punct);
            return name.then_some((n, d));
        }
        return (named && not_first).then_some((a, c));
    }
    let mut a = b;
    while a > 0 && b - a < 8 {
        if is_np_break(&toks[a - 1]) {
            // A bracketed abbreviation inside the phrase ("Statistics Canada (StatCan) data")
            // belongs to the name before it.
            match bracket_aside_before(toks, a) {
                Some(open) if a < b && open > 0 && toks[open - 1].is_titlecase() => a = open,
                _ => break,
            }
        } else {
            a -= 1;
        }
    }
    (a < b).then_some((a, b))
}

/// "Copernicus, an EU programme aimed at developing European information services based on
/// satellite data, said": a description set off by commas that closes at the comma `c` and opens
/// with an article stands for the name before it (at most five words, capitalised), which is
/// the verb's subject.
fn name_before_description(toks: &[Token], c: usize) -> Option<(usize, usize)> {
    let open = (c.saturating_sub(20)..c)
        .rev()
        .find(|&j| is_phrase_end(&toks[j]))
        .filter(|&j| toks[j].text == ",")?;
    let article = toks
        .get(open + 1)
        .is_some_and(|t| matches!(t.lower.as_str(), "a" | "an" | "the"));
    if !article || open + 2 >= c {
        return None;
    }
    let mut n = open;
    while n > 0 && !is_np_break(&toks[n - 1]) && open - n < 5 {
        n -= 1;
    }
    let named = n < open
        && toks[n..open]
            .iter()
            .all(|t| t.is_titlecase() || t.kind == Kind::Punct);
    named.then_some((n, open))
}

/// "The port, which employs about 565,000 people, said": the phrase before a relative clause set
/// off by commas that closes at the comma `c` is the verb's subject.
fn subject_before_relative_clause(toks: &[Token], c: usize) -> Option<(usize, usize)> {
    let open = (c.saturating_sub(30)..c)
        .rev()
        .find(|&j| toks[j].text == ",")
        .filter(|&j| {
            toks.get(j + 1)
                .is_some_and(|w| matches!(w.lower.as_str(), "which" | "who" | "whose"))
        })?;
    phrase_ending_at(toks, open, |_| false)
}

/// The phrase of up to 8 tokens that ends right before token `end`: back to a phrase break or a
/// token `stop` marks; `None` when it holds no word.
fn phrase_ending_at(
    toks: &[Token],
    end: usize,
    stop: impl Fn(&Token) -> bool,
) -> Option<(usize, usize)> {
    let mut a = end;
    while a > 0 && !is_np_break(&toks[a - 1]) && !stop(&toks[a - 1]) && end - a < 8 {
        a -= 1;
    }
    (a < end && toks[a..end].iter().any(|t| t.kind == Kind::Word)).then_some((a, end))
}

/// "The company, which ... rejected", "researchers, who said": a relative pronoun that the model
/// marks as a source stands for the phrase right before it.
fn relative_antecedent(toks: &[Token], (a, b): (usize, usize)) -> Option<(usize, usize)> {
    let pronoun = b == a + 1 && matches!(toks[a].lower.as_str(), "which" | "who");
    if !pronoun {
        return None;
    }
    let end = if a > 0 && toks[a - 1].text == "," {
        a - 1
    } else {
        a
    };
    // The phrase goes back to a break or to a preposition that governs it ("data from the state
    // auditors, who"); "of" stays inside names ("the Bank of England, which").
    let governs = |t: &Token| {
        matches!(
            t.lower.as_str(),
            "from" | "by" | "to" | "in" | "on" | "at" | "for" | "about" | "than" | "into" | "among"
        )
    };
    phrase_ending_at(toks, end, governs)
}

/// "a recent analysis | by the Center for ...", "figures released Monday | by the department",
/// "data | from the agency": a source phrase `(a, b)` that ends in findings (a report noun, then at
/// most a participle and a name of a day: no punctuation) and whose next words name its author (a
/// person or organisation after "by" or "from", before the phrase ends) goes on to that author.
fn with_author(toks: &[Token], ents: &[Entity], (a, b): (usize, usize)) -> Option<(usize, usize)> {
    let report = (a..b).rfind(|&k| REPORT_NOUNS.contains(&toks[k].lower.as_str()))?;
    if b - report > 3 || toks[report + 1..b].iter().any(|t| !t.is_word()) {
        return None;
    }
    let by = (b..(b + 3).min(toks.len()))
        .take_while(|&k| toks[k].is_word())
        .find(|&k| matches!(toks[k].lower.as_str(), "by" | "from"))?;
    if toks[b..by]
        .iter()
        .any(|t| !(is_publishing(&t.lower) || t.is_titlecase()))
    {
        return None;
    }
    let phrase_end = (by + 1..toks.len())
        .take(12)
        .find(|&k| is_phrase_end(&toks[k]))
        .unwrap_or_else(|| toks.len().min(by + 13));
    let author = strong_entity(ents, toks.get(by + 1)?.start, toks[phrase_end - 1].end)?;
    let end = (by + 1..phrase_end).rfind(|&k| toks[k].start < author.span.end)?;
    Some((a, end + 1))
}

/// Nouns of an expected figure: whoever holds one is the source of its figure.
const ESTIMATE_NOUNS: &[&str] = &[
    "estimate",
    "estimates",
    "forecast",
    "forecasts",
    "projection",
    "projections",
    "prediction",
    "predictions",
    "expectation",
    "expectations",
];

/// Participles of expecting a figure, before "by" and who expects it.
const ESTIMATED_BY: &[&str] = &[
    "expected",
    "estimated",
    "forecast",
    "projected",
    "predicted",
    "anticipated",
];

/// Whether a phrase `(a, b)` can hold an estimate: it names people ("analysts", "forecasters")
/// or a person or organisation.
fn can_hold(toks: &[Token], ents: &[Entity], (a, b): (usize, usize)) -> bool {
    toks[a..b]
        .iter()
        .any(|t| PERSON_NOUNS.contains(&t.lower.as_str()))
        || strong_entity(ents, toks[a].start, toks[b - 1].end).is_some()
}

/// The holder named after "among", "by" or "from" at `k`: the words up to the phrase's end (at
/// most ten).
fn holder_after(toks: &[Token], ents: &[Entity], k: usize) -> Option<(usize, usize)> {
    let a = k + 1;
    let b = (a..toks.len().min(a + 10))
        .find(|&j| is_phrase_end(&toks[j]))
        .unwrap_or_else(|| toks.len().min(a + 10));
    (a < b && can_hold(toks, ents, (a, b))).then_some((a, b))
}

/// An estimate at token `k` whose figure and holder are in one phrase: the bytes of the figure's
/// part (its scope) and the holder's tokens. Three shapes: a possessive owner ("forecasters'
/// projections of $6.38 billion"), a figure then "among"/"by"/"from" its holder ("the estimate
/// of $2.42 per share among analysts polled by ..."), and a figure expected by its holder ("the
/// 56,000 deliveries expected by a consensus of analysts").
fn estimate_phrase(
    toks: &[Token],
    ents: &[Entity],
    k: usize,
) -> Option<((usize, usize), (usize, usize))> {
    let word = toks[k].lower.as_str();
    let figure_within = |range: std::ops::Range<usize>| {
        range
            .take_while(|&j| !is_phrase_end(&toks[j]))
            .any(|j| toks[j].kind == Kind::Number)
    };
    if ESTIMATE_NOUNS.contains(&word) && toks.get(k + 1).is_some_and(|t| t.is("of")) {
        let end = (k + 2..toks.len().min(k + 12))
            .find(|&j| is_phrase_end(&toks[j]))
            .unwrap_or_else(|| toks.len().min(k + 12));
        if !figure_within(k + 2..end) {
            return None;
        }
        if let Some(owner) = possessor_before(toks, k).filter(|&o| can_hold(toks, ents, o)) {
            return Some(((toks[k].start, toks[end - 1].end), owner));
        }
        let by =
            (k + 2..end).find(|&j| matches!(toks[j].lower.as_str(), "among" | "by" | "from"))?;
        let holder = holder_after(toks, ents, by)?;
        return Some(((toks[k].start, toks[by].start), holder));
    }
    if ESTIMATED_BY.contains(&word) && k > 0 && toks.get(k + 1).is_some_and(|t| t.is("by")) {
        let from = (k.saturating_sub(4)..k).find(|&j| toks[j].kind == Kind::Number)?;
        if toks[from..k].iter().any(is_phrase_end) {
            return None;
        }
        let holder = holder_after(toks, ents, k + 1)?;
        return Some(((toks[from].start, toks[k].start), holder));
    }
    None
}

/// Whether a cue is a verb in the passive ("is expected", "were estimated"): its subject is what
/// is expected, not who expects it.
fn is_passive_cue(cue: &str) -> bool {
    let words: Vec<&str> = cue.split_whitespace().collect();
    matches!(
        words.as_slice(),
        [be, participle] if matches!(*be, "is" | "are" | "was" | "were" | "be" | "been" | "being")
            && participle.ends_with("ed")
    )
}

/// Where the short bracketed aside that ends right before token `k` opens ("(ONS)"): its "(".
fn bracket_aside_before(toks: &[Token], k: usize) -> Option<usize> {
    if k < 3 || toks[k - 1].text != ")" {
        return None;
    }
    (k.saturating_sub(6)..k - 1)
        .rev()
        .take_while(|&j| toks[j].text != ")")
        .find(|&j| toks[j].text == "(")
}

/// The owner of a noun at `k` written with a possessive ("analysts' estimates", "the IMF's
/// estimate", "Wall Street analysts' estimates"): the word that bears the possessive and the
/// names right before it, without what governs them ("below").
fn possessor_before(toks: &[Token], k: usize) -> Option<(usize, usize)> {
    let (a, b) = match toks.get(k.checked_sub(1)?)? {
        t if t.is_possessive() => (k - 1, k),
        t if matches!(t.text.as_str(), "'" | "’") && k >= 2 => {
            let owner = &toks[k - 2];
            (owner.is_word() && owner.lower.ends_with('s')).then_some((k - 2, k - 1))?
        }
        _ => return None,
    };
    let mut first = a;
    while first > 0 && toks[first - 1].is_titlecase() {
        first -= 1;
    }
    Some((first, b))
}

/// "the IMF's" -> "the IMF": a possessive owner named as a source.
fn strip_possessive(a: &mut Attribution) {
    for suffix in ["'s", "’s"] {
        if let Some(bare) = a.mention.strip_suffix(suffix) {
            a.mention = bare.to_string();
            if let Some(span) = a.mention_span.as_mut() {
                span.end -= suffix.len();
            }
        }
        if let Some(bare) = a.text.strip_suffix(suffix) {
            a.text = bare.to_string();
        }
    }
}

fn np_after(toks: &[Token], k: usize) -> Option<(usize, usize)> {
    let a = k + 1;
    let first = toks.get(a)?;
    let det_title = matches!(first.lower.as_str(), "the" | "a")
        && toks.get(a + 1).is_some_and(|t| t.is_titlecase());
    if !(first.is_titlecase() || det_title) {
        return None;
    }
    let mut b = a;
    while b < toks.len() && b - a < 10 && !is_phrase_end(&toks[b]) {
        b += 1;
    }
    (a < b).then_some((a, b))
}

/// How many earlier documents and organisations a reference may go back to.
const RECENT: usize = 256;

/// Appends `item`, forgetting the oldest beyond `RECENT` (the work per reference stays bounded
/// however long the article).
fn keep_recent<T>(list: &mut Vec<T>, item: T) {
    if list.len() >= 2 * RECENT {
        list.drain(..RECENT);
    }
    list.push(item);
}

/// Whether a phrase holds a number in digits other than a year ("1,181 villages"), or is only
/// number words ("Six"); "Two officials" may well be a source.
fn holds_count(toks: &[Token]) -> bool {
    let digits = toks.iter().any(|t| {
        let year = t.text.len() == 4
            && (t.text.starts_with("19") || t.text.starts_with("20"))
            && t.text.chars().all(|c| c.is_ascii_digit());
        t.kind == Kind::Number && !year
    });
    let words = toks.iter().filter(|t| t.kind != Kind::Punct);
    // "More than half of Americans", "two-thirds of voters": a share of a group.
    let share_of = toks.windows(2).any(|w| {
        let number = crate::extract::lexicon::is_number_word(&w[0].lower)
            || crate::extract::lexicon::fraction(&w[0].lower).is_some();
        number && w[1].is("of")
    });
    digits
        || share_of
        || words
            .clone()
            .all(|t| crate::extract::lexicon::is_number_word(&t.lower))
            && words.count() > 0
}

/// Whether a phrase is only a time ("several months ago", "last", "earlier this year").
fn only_time(toks: &[Token]) -> bool {
    toks.iter().filter(|t| t.kind != Kind::Punct).all(|t| {
        let w = t.lower.as_str();
        crate::extract::lexicon::time_unit(w).is_some()
            || crate::extract::lexicon::is_number_word(w)
            || t.kind == Kind::Number
            || matches!(
                w,
                "ago"
                    | "last"
                    | "earlier"
                    | "later"
                    | "recently"
                    | "previously"
                    | "several"
                    | "few"
                    | "a"
                    | "this"
                    | "that"
                    | "the"
                    | "also"
                    | "once"
                    | "first"
            )
    })
}

fn strip_determiner(s: &str) -> String {
    for d in ["the ", "a ", "an ", "The ", "A ", "An "] {
        if let Some(rest) = s.strip_prefix(d) {
            return rest.to_string();
        }
    }
    s.to_string()
}

fn head_word(toks: &[Token], a: usize, b: usize) -> String {
    toks[a..b]
        .iter()
        .rev()
        .find(|t| t.kind == Kind::Word)
        .map(|t| t.lower.clone())
        .unwrap_or_default()
}

/// The words that name a description apart from its head ("the county sheriff's office" ->
/// county, sheriff's): not its determiners, nor words that only place it in time or order ("the
/// latest report", "the new survey") or say it is official ("the government data").
fn modifiers_of(toks: &[Token], head: &str) -> Vec<String> {
    toks.iter()
        .filter(|t| t.is_word() && t.lower != head)
        .filter(|t| !crate::extract::lexicon::is_determiner(&t.lower))
        .filter(|t| {
            !matches!(
                t.lower.as_str(),
                "same"
                    | "latest"
                    | "new"
                    | "recent"
                    | "previous"
                    | "earlier"
                    | "last"
                    | "first"
                    | "final"
                    | "full"
                    | "annual"
                    | "monthly"
                    | "weekly"
                    | "quarterly"
                    | "government"
                    | "official"
                    | "federal"
                    | "national"
                    | "public"
            )
        })
        .map(|t| t.lower.clone())
        .collect()
}

fn is_reference(toks: &[Token], a: usize, b: usize) -> bool {
    let first = toks[a].lower.as_str();
    (b - a == 1 && matches!(first, "it" | "he" | "she" | "they"))
        || matches!(first, "the" | "this" | "that" | "these" | "those" | "its")
}

fn strong_entity(ents: &[Entity], start: usize, end: usize) -> Option<&Entity> {
    ents.iter()
        .filter(|e| e.span.start >= start && e.span.end <= end)
        .find(|e| matches!(e.label, EntityLabel::PER | EntityLabel::ORG))
}

impl SourceContext {
    /// Remembers organisations named as authors: "published by X", "the analysis from X", "the X report".
    pub fn note_producers(&mut self, si: usize, sentence: &str, toks: &[Token], ents: &[Entity]) {
        for e in ents.iter().filter(|e| e.label == EntityLabel::ORG) {
            let i = toks
                .iter()
                .position(|t| t.start >= e.span.start)
                .unwrap_or(0);
            let j = toks
                .iter()
                .position(|t| t.start >= e.span.end)
                .unwrap_or(toks.len());
            // "data from X", "a survey released Tuesday by X", "figures published by X": the
            // organisation after "by" or "from" authored findings; "a threshold set by the Paris
            // Agreement" or "imports from China" name no author.
            let by_from = (1..=3).any(|d| {
                i >= d
                    && matches!(toks[i - d].lower.as_str(), "by" | "from")
                    && toks[i.saturating_sub(d + 3)..i - d].iter().any(|t| {
                        REPORT_NOUNS.contains(&t.lower.as_str()) || is_publishing(&t.lower)
                    })
            });
            let then_doc = toks.get(j).is_some_and(|t| {
                matches!(
                    t.lower.as_str(),
                    "report" | "analysis" | "study" | "estimates" | "assessment" | "survey"
                )
            });
            if by_from || then_doc {
                self.producers
                    .push((si, sentence[e.span.start..e.span.end].to_string()));
            }
            // "A Los Angeles Times poll released on Nov. 2 put ...": findings named with their
            // author, which a later "the poll" refers to, whether or not they are cited here.
            if let Some(noun) = toks
                .get(j)
                .filter(|t| REPORT_NOUNS.contains(&t.lower.as_str()))
            {
                let name = sentence[e.span.start..e.span.end].to_string();
                keep_recent(
                    &mut self.documents,
                    Attribution {
                        mention: format!("{name} {}", noun.text),
                        text: name,
                        label: MentionKind::Noun,
                        cue: String::new(),
                        sentence_index: si,
                        mention_span: Some(Span::new(e.span.start, noun.end)),
                        cue_span: None,
                    },
                );
            }
        }
    }

    /// "the report", "those same estimates", "the ministry": the latest document source written
    /// with the same noun, else the latest organisation whose name holds it ("the Health
    /// Ministry"), else the last organisation named as an author, else the last document source;
    /// a body ("the ministry", "the agency") only ever a body ("Department of Health"), never
    /// findings ("The data") or a company.
    /// A description with words of its own ("the statistics office") refers back only to a source
    /// that bears them all; it is no other office.
    fn resolve_document(&self, head: &str, modifiers: &[String]) -> Option<String> {
        let bears = |name: &str| {
            let words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
            words.iter().any(|w| w == head) && modifiers.iter().all(|m| words.contains(m))
        };
        if !modifiers.is_empty() {
            return self
                .documents
                .iter()
                .rev()
                .find(|a| bears(&a.mention))
                .map(|a| a.text.clone())
                .or_else(|| self.bodies.iter().rev().find(|b| bears(b)).cloned());
        }
        let findings = REPORT_NOUNS.contains(&head) || head == "it";
        // A body ("the agency") refers back to a body ("Department of Health"), not a company
        // nor findings.
        let body_name = |name: &str| {
            name.split_whitespace()
                .any(|w| PUBLISHER_NOUNS.contains(&w.to_lowercase().as_str()))
        };
        let body = |a: &Attribution| {
            a.label == MentionKind::Entity(EntityLabel::ORG) && body_name(&a.text)
        };
        let last = self.last_document.as_ref().map(|d| &d.1.attribution);
        self.documents
            .iter()
            .rev()
            .find(|a| {
                a.mention
                    .to_lowercase()
                    .split_whitespace()
                    .any(|w| w == head)
            })
            .map(|a| a.text.clone())
            .or_else(|| {
                self.bodies
                    .iter()
                    .rev()
                    .find(|b| b.to_lowercase().split_whitespace().any(|w| w == head))
                    .cloned()
            })
            .or_else(|| {
                self.producers
                    .last()
                    .filter(|p| findings || body_name(&p.1))
                    .map(|p| p.1.clone())
            })
            .or_else(|| last.filter(|a| findings || body(a)).map(|a| a.text.clone()))
    }

    fn resolve_person(&self, head: &str) -> Option<String> {
        if matches!(head, "he" | "she") {
            return self
                .last_person
                .iter()
                .rev()
                .find(|f| f.attribution.label == MentionKind::Entity(EntityLabel::PER))
                .map(|f| f.attribution.text.clone())
                .or_else(|| self.last_person_entity.clone());
        }
        let singular = head.trim_end_matches('s');
        self.last_person
            .iter()
            .rev()
            .find(|f| f.attribution.mention.to_lowercase().contains(singular))
            .map(|f| f.attribution.text.clone())
    }

    /// The attributions written in sentence `si`, without its parse.
    pub fn find(&self, si: usize, sentence: &str, toks: &[Token], ents: &[Entity]) -> Vec<Found> {
        self.find_parsed(si, sentence, toks, ents, &[])
    }

    /// The attributions written in sentence `si`; `nouns` says, token by token, whether the parse
    /// reads it as part of a noun phrase (empty without a parse): a reporting word used as a noun
    /// or a noun's modifier ("the average estimate of $2.42", "the official confirmed death toll")
    /// is no cue, unless an owner names its source ("analysts' estimates").
    pub fn find_parsed(
        &self,
        si: usize,
        sentence: &str,
        toks: &[Token],
        ents: &[Entity],
        nouns: &[bool],
    ) -> Vec<Found> {
        let mut out = Vec::new();
        let words = toks.iter().filter(|t| t.is_word()).count();
        let headline = 10 * toks.iter().filter(|t| t.is_titlecase()).count() >= 6 * words.max(1);
        let mut covered = 0;
        for k in 0..toks.len() {
            if k < covered {
                continue;
            }
            let t = &toks[k];
            let mut cue = t.lower.clone();
            let mut possessive = false;
            let np = if t.is("according") && toks.get(k + 1).is_some_and(|n| n.is("to")) {
                cue = "according to".into();
                let mut b = k + 2;
                while b < toks.len()
                    && b - (k + 2) < 16
                    && !is_phrase_end(&toks[b])
                    && !matches!(toks[b].lower.as_str(), "that" | "which" | "who")
                {
                    b += 1;
                }
                (b > k + 2).then_some((k + 2, b))
            } else if (SPEECH_VERBS.contains(&t.lower.as_str()) || puts_a_figure(toks, k))
                && t.kind == Kind::Word
                // Capitalised inside a sentence, it is part of a name ("the United States"),
                // unless the line capitalises its words ("Netflix Reports 16 Million ...").
                && !(k > 0 && t.is_titlecase() && !headline)
                // A verb of change before an amount ("employers added 139,000 jobs") reports
                // nothing.
                && !(crate::extract::lexicon::change_before(&t.lower).is_some()
                    && toks
                        .get(k + 1)
                        .is_some_and(|n| matches!(n.kind, Kind::Number | Kind::Symbol)))
            {
                let prev = k.checked_sub(1).map(|p| toks[p].lower.as_str());
                let passive = matches!(
                    prev,
                    Some(
                        "is" | "are"
                            | "was"
                            | "were"
                            | "be"
                            | "been"
                            | "being"
                            | "the"
                            | "a"
                            | "an"
                            | "its"
                            | "their"
                            | "his"
                            | "her"
                    )
                );
                let next_at = toks
                    .get(k + 1)
                    .is_some_and(|n| matches!(n.lower.as_str(), "at" | "to"));
                let speaks_to = matches!(
                    t.lower.as_str(),
                    "told" | "said" | "says" | "expects" | "expect"
                );
                if passive || (next_at && !speaks_to) {
                    None
                } else if let Some(owner) = possessor_before(toks, k) {
                    // "analysts' estimates of 415,000", "the IMF's estimate": a noun, whose
                    // owner is the source of what follows it only.
                    possessive = true;
                    Some(owner)
                } else if nouns.get(k).copied().unwrap_or(false) {
                    None
                } else {
                    let before = np_before(toks, k)
                        .filter(|&(a, b)| toks[a..b].iter().any(|t| t.kind == Kind::Word));
                    let quote_before =
                        k > 0 && matches!(toks[k - 1].text.as_str(), "”" | "\"" | "»" | "," | "’");
                    before.or_else(|| {
                        if quote_before || k == 0 {
                            np_after(toks, k)
                        } else {
                            None
                        }
                    })
                }
            } else {
                None
            };
            let Some((a, b)) = np else { continue };
            if cue != "according to" && holds_count(&toks[a.saturating_sub(1)..b]) {
                // "1,181 villages covering all states", "including just 177,000 adds", "52
                // percent of voters asked said": the words before the verb are what is
                // counted, not who reports it.
                continue;
            }
            if only_time(&toks[a..b]) {
                // "which several months ago reported", "which last reported a profit": a time
                // is no one.
                continue;
            }
            if cue == "according to" {
                // "according to US government estimates": "estimates" is no cue of its own.
                covered = b;
            }
            let cue_end = if cue == "according to" {
                toks[k + 1].end
            } else {
                t.end
            };
            let Some(mut found) = self.resolve_mention(si, sentence, toks, ents, (a, b), &cue)
            else {
                continue;
            };
            // A quotation's speaker is attributed the quotation only: it does not carry.
            let quoted = cue != "according to"
                && toks
                    .iter()
                    .any(|t| matches!(t.text.as_str(), "“" | "”" | "\"" | "«" | "»"));
            if quoted {
                found.kind = SourceKind::Person;
            }
            found.cue_at = t.start;
            // "The bank, which cut rates to 7.25% last week, forecasts 0.3% growth": what the
            // relative clause says is not what the subject reports.
            let after_relative_clause = b < k
                && toks[b].text == ","
                && toks
                    .get(b + 1)
                    .is_some_and(|w| matches!(w.lower.as_str(), "which" | "who" | "whose"));
            found.only_after = possessive || after_relative_clause;
            if possessive {
                strip_possessive(&mut found.attribution);
            }
            found.attribution.cue_span = Some(Span::new(t.start, cue_end));
            out.push(found);
        }
        if out.is_empty() {
            out.extend(self.unnamed_reporter(si, toks));
        }
        // An owner the cues above found already ("analysts' estimates of 415,000") stays theirs.
        for f in self.estimate_holders(si, sentence, toks, ents) {
            if !out.iter().any(|o| o.mention == f.mention) {
                out.push(f);
            }
        }
        out
    }

    /// Estimates whose holder is named in their own phrase: "the average estimate of $2.42
    /// among analysts polled by Thomson Financial", "forecasters' projections of $6.38 billion",
    /// "the 56,000 deliveries expected by a consensus of analysts surveyed by FactSet". The
    /// holder is the source of the figure in that phrase only (`Found::scope`), whoever speaks
    /// in the sentence.
    fn estimate_holders(
        &self,
        si: usize,
        sentence: &str,
        toks: &[Token],
        ents: &[Entity],
    ) -> Vec<Found> {
        let mut out = Vec::new();
        for k in 0..toks.len() {
            let Some((scope, holder)) = estimate_phrase(toks, ents, k) else {
                continue;
            };
            let cue = toks[k].lower.clone();
            let Some(mut found) = self.resolve_mention(si, sentence, toks, ents, holder, &cue)
            else {
                continue;
            };
            strip_possessive(&mut found.attribution);
            found.attribution.cue_span = Some(Span::new(toks[k].start, toks[k].end));
            found.cue_at = toks[k].start;
            found.scope = Some(scope);
            out.push(found);
        }
        out
    }

    /// "..., it was added.", "It is reported that ...": a report in the passive that names no one
    /// goes on with the source that reported last.
    fn unnamed_reporter(&self, si: usize, toks: &[Token]) -> Option<Found> {
        let k = toks.windows(2).position(|w| {
            w[0].is("it") && matches!(w[1].lower.as_str(), "was" | "is" | "has" | "had")
        })?;
        let mut cue = k + 2;
        if toks.get(cue).is_some_and(|t| t.is("been")) {
            cue += 1;
        }
        let reported = toks
            .get(cue)
            .is_some_and(|t| SPEECH_VERBS.contains(&t.lower.as_str()));
        let agent = toks.get(cue + 1).is_some_and(|t| t.is("by"));
        if !reported || agent {
            return None;
        }
        let attribution = self.carried(si)?;
        let at = toks[k].start;
        Some(Found {
            attribution,
            kind: SourceKind::Document,
            cue_at: at,
            mention: (at, at),
            only_after: false,
            scope: None,
        })
    }

    /// Resolves the source mention `toks[a..b]` of sentence `si` (trailing punctuation dropped):
    /// a tagged person or organisation in it, else a reference ("the report", "he", "the
    /// ministry") resolved to whom it refers to, else the mention itself. `None` for a bare
    /// reference that names no one ("it", "they" with no document cue). Spans are relative to the
    /// sentence; `cue` is the cue's text (it tells "it says" of a report from other uses of "it").
    pub fn resolve_mention(
        &self,
        si: usize,
        sentence: &str,
        toks: &[Token],
        ents: &[Entity],
        (a, mut b): (usize, usize),
        cue: &str,
    ) -> Option<Found> {
        while b > a && toks[b - 1].kind == Kind::Punct {
            b -= 1;
        }
        if a == b {
            return None;
        }
        let (start, end) = (toks[a].start, toks[b - 1].end);
        let mention = sentence[start..end].to_string();
        let head = head_word(toks, a, b);
        let entity = strong_entity(ents, start, end);
        let reference = entity.is_none() && is_reference(toks, a, b);
        let doc_head = is_document_noun(&head)
            || (head == "it"
                && matches!(
                    cue,
                    "notes"
                        | "states"
                        | "adds"
                        | "concludes"
                        | "estimates"
                        | "finds"
                        | "shows"
                        | "says"
                        | "said"
                ));
        let person_head =
            PERSON_NOUNS.contains(&head.as_str()) || matches!(head.as_str(), "he" | "she");
        let (text, label, kind) = if let Some(e) = entity {
            let kind = if e.label == EntityLabel::ORG || doc_head {
                SourceKind::Document
            } else {
                SourceKind::Person
            };
            // "Pentagon officials", "US government estimates": the entity only modifies the head.
            // Findings ("IRCC data", "Reserve Bank figures") are named by who publishes them.
            let modifier = e.span.end < end
                && !(doc_head && e.label == EntityLabel::ORG && is_findings_noun(&head))
                && !toks[a..b]
                    .iter()
                    .any(|t| matches!(t.lower.as_str(), "by" | "from" | "of" | "at"));
            let text = if modifier {
                strip_determiner(&mention)
            } else {
                sentence[e.span.start..e.span.end].to_string()
            };
            (text, MentionKind::Entity(e.label), kind)
        } else if reference && doc_head {
            let local = self
                .producers
                .iter()
                .rev()
                .find(|p| p.0 == si)
                .map(|p| p.1.clone());
            (
                local
                    .or_else(|| self.resolve_document(&head, &modifiers_of(&toks[a..b], &head)))
                    .unwrap_or_else(|| mention.clone()),
                MentionKind::Noun,
                SourceKind::Document,
            )
        } else if reference && crate::attach::subject::is_organisation_noun(&head) {
            // "the firm said": the organisation the description stands for, else the description
            // as written.
            let named_here = ents
                .iter()
                .rfind(|e| e.label == EntityLabel::ORG && e.span.end <= start)
                .map(|e| sentence[e.span.start..e.span.end].to_string());
            (
                self.organisation_described(si, &head, named_here)
                    .unwrap_or_else(|| mention.clone()),
                MentionKind::Noun,
                SourceKind::Document,
            )
        } else if reference && person_head {
            (
                self.resolve_person(&head)
                    .unwrap_or_else(|| mention.clone()),
                MentionKind::Noun,
                SourceKind::Person,
            )
        } else if let Some(body) = self
            .body_named_with(&head)
            .filter(|b| reference && names_with_its_noun(b, &head))
        {
            // "the port said" after "the Port of Rotterdam Authority", "the observatory" after
            // "the CIES Football Observatory": the organisation named with the noun.
            (body, MentionKind::Noun, SourceKind::Document)
        } else if reference {
            return None;
        } else {
            let kind = if doc_head && !person_head {
                SourceKind::Document
            } else {
                SourceKind::Person
            };
            (mention.clone(), MentionKind::Noun, kind)
        };
        Some(Found {
            attribution: Attribution {
                text,
                mention,
                label,
                cue: cue.to_string(),
                sentence_index: si,
                mention_span: Some(Span::new(start, end)),
                cue_span: None,
            },
            kind,
            cue_at: start,
            mention: (start, end),
            only_after: false,
            scope: None,
        })
    }

    /// After a sentence: remember its attributions and people for the sentences that follow.
    pub fn remember(&mut self, si: usize, sentence: &str, found: &[Found], ents: &[Entity]) {
        // An estimate's holder speaks for its own figure only.
        for f in found.iter().filter(|f| f.scope.is_none()) {
            match f.kind {
                SourceKind::Document => {
                    keep_recent(&mut self.documents, f.attribution.clone());
                    self.last_document = Some((si, f.clone()));
                }
                SourceKind::Person => {
                    // Someone else cited: the passage no longer summarises the report before.
                    if self
                        .last_document
                        .as_ref()
                        .is_some_and(|(from, _)| *from < si)
                    {
                        self.last_document = None;
                    }
                    self.last_person.push(f.clone());
                }
            }
        }
        for e in ents.iter().filter(|e| e.label == EntityLabel::ORG) {
            keep_recent(
                &mut self.bodies,
                sentence[e.span.start..e.span.end].to_string(),
            );
        }
        if let Some(e) = ents.iter().rev().find(|e| e.label == EntityLabel::PER) {
            self.last_person_entity = Some(sentence[e.span.start..e.span.end].to_string());
        }
    }

    /// The organisation a description with the head noun `head` stands for in sentence `si`
    /// ("the firm", "the central bank", "the company"), by these steps in order: a source described
    /// so before ("research firm MarketPulse"); the organisation `named_here`, before the
    /// description in its sentence; the last organisation whose name holds the noun ("the central
    /// bank" after "the Bank of Mexico"); for a noun that fits any organisation, the one that spoke
    /// in the two sentences before ("Minera Cordillera said ... The company kept its guidance");
    /// the organisation the article names most.
    fn organisation_described(
        &self,
        si: usize,
        head: &str,
        named_here: Option<String>,
    ) -> Option<String> {
        let described = self
            .documents
            .iter()
            .rev()
            .find(|a| {
                a.label == MentionKind::Entity(EntityLabel::ORG)
                    && a.mention
                        .to_lowercase()
                        .split_whitespace()
                        .any(|w| w == head)
            })
            .map(|a| a.text.clone());
        described
            .or(named_here)
            .or_else(|| self.body_named_with(head))
            .or_else(|| self.organisation_that_spoke_before(si, head))
            .or_else(|| self.main_organisation.clone())
    }

    /// For a description that fits any organisation ("the company", "the group"; "a carrier" does
    /// not fit a research firm), the organisation that spoke in the two sentences before `si`: one
    /// tagged so, or a name described as one ("Chilean miner Minera Cordillera", whatever the
    /// tagger called the name).
    fn organisation_that_spoke_before(&self, si: usize, head: &str) -> Option<String> {
        if !matches!(head, "company" | "group" | "firm" | "corporation") {
            return None;
        }
        let an_organisation = |a: &Attribution| {
            a.label == MentionKind::Entity(EntityLabel::ORG)
                || (matches!(a.label, MentionKind::Entity(_))
                    && a.mention
                        .split_whitespace()
                        .any(|w| crate::attach::subject::is_organisation_noun(&w.to_lowercase())))
        };
        self.documents
            .iter()
            .chain(self.last_person.iter().map(|f| &f.attribution))
            .filter(|a| an_organisation(a) && a.sentence_index < si && a.sentence_index + 2 >= si)
            .max_by_key(|a| a.sentence_index)
            .map(|a| a.text.clone())
    }

    /// The last organisation named whose name holds the word `head` ("Bank of Mexico" for "bank").
    fn body_named_with(&self, head: &str) -> Option<String> {
        self.bodies
            .iter()
            .rev()
            .find(|b| b.to_lowercase().split_whitespace().any(|w| w == head))
            .cloned()
    }

    /// A report's attribution carried to sentence `si`, which names no source, where the source
    /// was written as a report ("the analysis", "a survey by X"), not as a body or a person.
    pub fn carried_report(&self, si: usize) -> Option<Attribution> {
        // A lowercase word: "Research" in "Council for Scientific and Industrial Research" names a body.
        self.carried(si).filter(|a| {
            a.mention
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| REPORT_NOUNS.contains(&w))
        })
    }

    /// A report's attribution carried to sentence `si`, which names no source.
    pub fn carried(&self, si: usize) -> Option<Attribution> {
        let (from, f) = self.last_document.as_ref()?;
        (si > *from && si - from <= DOCUMENT_CARRY).then(|| Attribution {
            cue: "carried".into(),
            cue_span: None,
            ..f.attribution.clone()
        })
    }
}

/// The attribution for a quantity at `q_start` of its sentence: the nearest cue of the sentence.
pub fn nearest(found: &[Found], q_start: usize) -> Option<&Found> {
    found
        .iter()
        .filter(|f| f.covers(q_start))
        .min_by_key(|f| f.cue_at.abs_diff(q_start))
}

/// The estimate in whose own phrase the quantity at `q_start` stands, with its holder named there
/// ("the average estimate of $2.42 among analysts polled by Thomson Financial").
pub fn estimate_holding(found: &[Found], q_start: usize) -> Option<&Found> {
    found
        .iter()
        .find(|f| f.scope.is_some() && f.covers(q_start))
}

/// The attribution (of the model's layer, in text order of its contents, which never overlap)
/// whose content holds the quantity at `q` (article bytes).
pub fn containing(attributions: &[AttributionSpans], q: Span) -> Option<&AttributionSpans> {
    let k = attributions.partition_point(|a| a.content.start <= q.start);
    attributions[..k].last().filter(|a| q.end <= a.content.end)
}

/// The tokens `toks[a..b]` of a sentence (at byte `base` of the article) that lie in `span`
/// (article bytes); `None` when no token does.
pub fn token_range(toks: &[Token], base: usize, span: Span) -> Option<(usize, usize)> {
    let inside = |t: &Token| t.start + base >= span.start && t.end + base <= span.end;
    let a = toks.iter().position(inside)?;
    let b = toks[a..].iter().take_while(|t| inside(t)).count() + a;
    Some((a, b))
}

/// A source span keeps its appositive or aside, as PolNeAR marks them ("Haley Morris, a
/// spokeswoman for the campaign,", "The World Health Organization, in its weekly bulletin"): where
/// the words before the first comma or parenthesis hold a person or organisation, or are a name
/// that an appositive describes, they alone are the mention; otherwise ("her main rival, Bernie
/// Sanders,") the whole span is. A relative clause is never a part of the mention.
pub fn head_phrase(toks: &[Token], ents: &[Entity], (a, b): (usize, usize)) -> (usize, usize) {
    // A relative clause says more of the phrase before it: one set off by a comma ("The poll,
    // which was conducted on Nov. 1,") or one right after a name ("the Council for Scientific and
    // Industrial Research which was providing projections"). After no name ("those who attended")
    // it says who is meant, and stays. The pronoun is written in lower case: "WHO" is a name.
    let names = |k: usize| (a..k).any(|i| i > 0 && toks[i].is_titlecase());
    let relative = (a + 1..b).find(|&k| {
        matches!(toks[k].text.as_str(), "which" | "who" | "whose")
            && (toks[k - 1].text == "," || (toks[k - 1].kind == Kind::Word && names(k)))
    });
    if let Some(k) = relative {
        let end = if toks[k - 1].text == "," { k - 1 } else { k };
        if end > a {
            return head_phrase(toks, ents, (a, end));
        }
    }
    // An appositive after a name ("Threshold, a housing charity,"; "Antwerp-Bruges, Rotterdam's
    // nearest rival,") describes the name, which the tagger need not know: the name is the mention.
    let appositive = |k: usize| {
        let named = k - a <= 5
            && toks[a].is_titlecase()
            && toks[a..k]
                .iter()
                .all(|t| t.is_titlecase() || t.kind == Kind::Punct);
        let describes = toks.get(k + 1).is_some_and(|t| {
            matches!(t.lower.as_str(), "a" | "an" | "the")
                || (t.is_titlecase() && t.is_possessive())
        });
        toks[k].text == "," && named && describes
    };
    let cut = (a + 1..b).find(|&k| matches!(toks[k].text.as_str(), "," | "(" | "—" | "–"));
    match cut {
        Some(k)
            if appositive(k) || strong_entity(ents, toks[a].start, toks[k - 1].end).is_some() =>
        {
            (a, k)
        }
        _ => (a, b),
    }
}

impl SourceContext {
    /// The model's source mention `source` (article bytes) of sentence `si` (at byte `base`),
    /// resolved as the cue rules resolve theirs; `cue` is the cue's span when it lies in the
    /// same sentence.
    #[allow(clippy::too_many_arguments)]
    pub fn resolve_model_source(
        &self,
        si: usize,
        sentence: &str,
        base: usize,
        toks: &[Token],
        ents: &[Entity],
        source: Span,
        cue: Option<Span>,
    ) -> Option<Attribution> {
        let mut written = token_range(toks, base, source)?;
        // A phrase never ends in a preposition: one the span ends in ("figures released Monday
        // by") leads to the rest of the phrase, after it.
        while written.1 > written.0 + 1
            && matches!(
                toks[written.1 - 1].lower.as_str(),
                "by" | "from" | "of" | "to"
            )
        {
            written.1 -= 1;
        }
        // "Ukraine, whose population ... has reportedly seen": a "whose" phrase is a part of the
        // phrase before it, and speaks only when that part is someone ("whose spokesman said").
        if toks[written.0].is("whose") {
            let head = head_word(toks, written.0, written.1);
            let speaker = PERSON_NOUNS.contains(&head.as_str())
                || crate::attach::subject::is_organisation_noun(&head);
            if !speaker {
                return None;
            }
        }
        let range =
            relative_antecedent(toks, written).unwrap_or_else(|| head_phrase(toks, ents, written));
        let range = with_author(toks, ents, range).unwrap_or(range);
        // A source inside a description set off before the cue ("Copernicus, an EU programme
        // ... based on satellite data, said") stands for the name the description follows.
        let range = toks
            .get(range.1)
            .filter(|t| t.text == ",")
            .and_then(|_| name_before_description(toks, range.1))
            .filter(|&(_, open)| open < range.0)
            .unwrap_or(range);
        // A span of time ("several months | ago reported", "several months ago | reported") is
        // no one.
        if crate::extract::lexicon::time_unit(&head_word(toks, range.0, range.1)).is_some()
            || (range.0 < range.1 && only_time(&toks[range.0..range.1]))
        {
            return None;
        }
        let cue = cue.filter(|c| c.start >= base && c.end <= base + sentence.len());
        let cue_text = cue.map_or(String::new(), |c| {
            sentence[c.start - base..c.end - base].to_lowercase()
        });
        // The subject of a passive cue before it is what the cue is about.
        if is_passive_cue(&cue_text) && cue.is_some_and(|c| source.end <= c.start) {
            return None;
        }
        let cue_span = cue.map(|c| Span::new(c.start - base, c.end - base));
        match self.resolve_mention(si, sentence, toks, ents, range, &cue_text) {
            Some(found) => Some(Attribution {
                cue_span,
                ..found.attribution
            }),
            // A description the rules cannot resolve ("the Mountain View-based company") is
            // the source as written; a bare pronoun that names no one is no source.
            None => {
                let (a, b) = range;
                let words = toks[a..b].iter().filter(|t| t.kind == Kind::Word).count();
                (words > 1).then(|| {
                    let (start, end) = (toks[a].start, toks[b - 1].end);
                    Attribution {
                        text: sentence[start..end].to_string(),
                        mention: sentence[start..end].to_string(),
                        label: MentionKind::Noun,
                        cue: cue_text,
                        sentence_index: si,
                        mention_span: Some(Span::new(start, end)),
                        cue_span,
                    }
                })
            }
        }
    }
}

/// Whether the model's attribution `a` has a cue that one of the rules' cues (of the sentence at
/// byte `base`) overlaps.
fn same_cue(a: &AttributionSpans, found: &[Found], base: usize) -> bool {
    a.cue.is_some_and(|c| {
        found
            .iter()
            .filter_map(|f| f.attribution.cue_span)
            .any(|r| r.shift(base).overlaps(&c))
    })
}

/// The source mentions of the model's layer (article bytes) and what each resolves to.
pub type ModelSources = std::collections::HashMap<Span, Option<Attribution>>;

/// The source of the quantity at `q` (article bytes; `qa` relative to sentence `si`). Without an
/// attribution layer: the nearest cue of the sentence, else a report carried from the sentences
/// before. With one: a quantity inside an attribution's content takes its source (resolved); one
/// whose content names no source takes the sentence's cue or the carried report; a quantity
/// outside every content takes a cue of its own sentence that the model missed, or the findings
/// of a report that the passage goes on summarising (written as a report, not as a body).
#[allow(clippy::too_many_arguments)]
pub fn attribute(
    ctx: &SourceContext,
    si: usize,
    found: &[Found],
    layer: Option<&[AttributionSpans]>,
    model_sources: &ModelSources,
    q: Span,
    base: usize,
    cue_acts: bool,
) -> Option<Attribution> {
    let qa = q.start - base;
    // The holder of the estimate the quantity is the figure of, before whoever speaks.
    if let Some(f) = estimate_holding(found, qa) {
        return Some(f.attribution.clone());
    }
    let Some(layer) = layer else {
        return nearest(found, qa)
            .map(|f| f.attribution.clone())
            .or_else(|| ctx.carried(si));
    };
    let in_sentence = || nearest(found, qa).map(|f| f.attribution.clone());
    match containing(layer, q) {
        // A reporting cue of the rules in the sentence ("..., the defense official said")
        // outranks a model cue that is none of them ("Russia has seen 32 vessels ...": PolNeAR
        // marks perception and intention too, and one attribution per word).
        Some(a) if !same_cue(a, found, base) && in_sentence().is_some() => in_sentence(),
        // A model cue that acts on the figure ("has ordered 50% minimum services": PolNeAR marks
        // acts too) reports no one's figure.
        Some(_) if cue_acts => in_sentence(),
        Some(a) => a
            .source
            .and_then(|src| model_sources.get(&src))
            .and_then(|m| m.clone())
            .or_else(in_sentence)
            .or_else(|| ctx.carried(si)),
        None => in_sentence().or_else(|| ctx.carried_report(si)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tokens::tokenize;

    fn org(sentence: &str, name: &str) -> Entity {
        let start = sentence.find(name).unwrap();
        Entity {
            span: Span::new(start, start + name.len()),
            label: EntityLabel::ORG,
            score: 1.0,
        }
    }

    #[test]
    fn a_counted_phrase_before_a_verb_is_no_source() {
        let ctx = SourceContext::default();
        let s = "The survey covered 1,181 villages across all states.";
        assert!(ctx.find(0, s, &tokenize(s), &[]).is_empty());
        for s in [
            "In all, 44 states took part.",
            "Six states backed the rule.",
        ] {
            assert!(ctx.find(0, s, &tokenize(s), &[]).is_empty(), "{s}");
        }
        for s in [
            "Two officials said the count was wrong.",
            "Officials in 2024 said the count was wrong.",
        ] {
            assert_eq!(ctx.find(0, s, &tokenize(s), &[]).len(), 1, "{s}");
        }
    }

    #[test]
    fn the_head_phrase_drops_an_appositive_after_a_name() {
        let s = "Haley Morris, a spokeswoman for the campaign, said";
        let toks = tokenize(s);
        let ents = vec![Entity {
            label: EntityLabel::PER,
            ..org(s, "Haley Morris")
        }];
        let n = toks.len() - 2; // before ", said"
        let (a, b) = head_phrase(&toks, &ents, (0, n));
        assert_eq!(&s[toks[a].start..toks[b - 1].end], "Haley Morris");
        // No name before the comma: the whole span, whose name the resolver finds.
        let s = "her main rival, Bernie Sanders, said";
        let toks = tokenize(s);
        let ents = vec![Entity {
            label: EntityLabel::PER,
            ..org(s, "Bernie Sanders")
        }];
        assert_eq!(head_phrase(&toks, &ents, (0, 6)), (0, 6));
    }

    #[test]
    fn the_head_phrase_drops_a_description_after_a_name_the_tagger_missed() {
        // No entity at all: the capitalised name before an appositive that opens with an
        // article or a possessive is the mention.
        for (s, name) in [
            ("Threshold, a housing charity, said", "Threshold"),
            (
                "Antwerp-Bruges, Rotterdam's nearest rival, reported",
                "Antwerp-Bruges",
            ),
            (
                "Acme Widget Works, the maker of the device, said",
                "Acme Widget Works",
            ),
        ] {
            let toks = tokenize(s);
            let n = toks.len() - 2;
            let (a, b) = head_phrase(&toks, &[], (0, n));
            assert_eq!(&s[toks[a].start..toks[b - 1].end], name, "{s}");
        }
        // A relative clause without its comma is no part of the name either.
        let s = "the Council for Scientific and Industrial Research which was providing projections said";
        let toks = tokenize(s);
        let (a, b) = head_phrase(&toks, &[], (0, toks.len() - 1));
        assert_eq!(
            &s[toks[a].start..toks[b - 1].end],
            "the Council for Scientific and Industrial Research"
        );
        let s = "Those who attended the meeting said";
        let toks = tokenize(s);
        assert_eq!(head_phrase(&toks, &[], (0, 5)), (0, 5));
        let s = "the UN agency WHO said";
        let toks = tokenize(s);
        assert_eq!(head_phrase(&toks, &[], (0, 4)), (0, 4));
        // Not a name before the comma, or no description after it: the whole span.
        for s in [
            "The ministry, the agency and the police, said",
            "Smith, Jones and Brown, said",
            "Washington, D.C., officials said",
        ] {
            let toks = tokenize(s);
            let n = toks.len() - 2;
            assert_eq!(head_phrase(&toks, &[], (0, n)), (0, n), "{s}");
        }
    }

    #[test]
    fn the_ministry_resolves_to_the_body_named_before() {
        let mut ctx = SourceContext::default();
        let first = "The Health Ministry published new figures on Tuesday.";
        let ents = vec![org(first, "Health Ministry")];
        let found = ctx.find(0, first, &tokenize(first), &ents);
        ctx.remember(0, first, &found, &ents);
        let s = "Twelve hospitals have treated 840 patients, the ministry said.";
        let toks = tokenize(s);
        let start = s.find("the ministry").unwrap();
        let got = ctx
            .resolve_model_source(
                1,
                s,
                100,
                &toks,
                &[],
                Span::new(100 + start, 100 + start + 12),
                Some(Span::new(100 + start + 13, 100 + start + 17)),
            )
            .unwrap();
        assert_eq!(got.text, "Health Ministry");
        assert_eq!(got.mention, "the ministry");
        assert_eq!(got.cue, "said");
        assert_eq!(got.mention_span, Some(Span::new(start, start + 12)));
    }

    /// Resolves the model's source `mention` with cue `cue` in sentence `s` (at byte 100 of its
    /// article, the first sentence of it).
    fn model_source(s: &str, mention: &str, cue: &str, ents: &[Entity]) -> Option<Attribution> {
        let span_of = |w: &str| {
            let start = s.find(w).unwrap();
            Span::new(100 + start, 100 + start + w.len())
        };
        SourceContext::default().resolve_model_source(
            0,
            s,
            100,
            &tokenize(s),
            ents,
            span_of(mention),
            Some(span_of(cue)),
        )
    }

    #[test]
    fn a_relative_clause_after_a_source_is_no_part_of_its_name() {
        let s = "The county survey, which was conducted in May, found 1,200 homes were empty.";
        let got = model_source(
            s,
            "The county survey, which was conducted in May,",
            "found",
            &[],
        )
        .expect("the survey");
        assert_eq!(got.mention, "The county survey");
    }

    #[test]
    fn a_span_of_time_is_no_source() {
        let s = "Its rival, which several months ago reported it had 60 million members, grew.";
        assert_eq!(model_source(s, "several months", "ago reported", &[]), None);
        assert_eq!(model_source(s, "several months ago", "reported", &[]), None);
        // A phrase about people is one, whatever its first words.
        let s = "Several staff members reported 60 cases.";
        assert!(model_source(s, "Several staff members", "reported", &[]).is_some());
    }

    #[test]
    fn a_source_span_ending_in_by_goes_on_to_the_author() {
        let s = "Permits fell 38%, according to figures released Monday by the Planning Office.";
        let ents = vec![org(s, "Planning Office")];
        let got = model_source(s, "figures released Monday by", "according to", &ents)
            .expect("the office");
        assert!(got.text.ends_with("Planning Office"), "{got:?}");
    }

    #[test]
    fn a_relative_pronoun_stands_for_the_phrase_before_it() {
        let s = "The results came from the state auditors, who said 1,200 claims were paid twice.";
        let got = model_source(s, "who", "said", &[]).expect("the auditors");
        assert_eq!(got.mention, "the state auditors");
        assert_eq!(got.cue, "said");
    }

    /// The source `attribute` gives (no model layer) the quantity written `figure` in `s`.
    fn source_of_figure(s: &str, figure: &str, ents: &[Entity]) -> Option<String> {
        let ctx = SourceContext::default();
        let found = ctx.find(0, s, &tokenize(s), ents);
        let at = s.find(figure).unwrap();
        let q = Span::new(at, at + figure.len());
        attribute(&ctx, 0, &found, None, &ModelSources::default(), q, 0, false).map(|a| a.text)
    }

    #[test]
    fn an_estimate_holder_named_in_its_phrase_is_the_source_of_its_figure() {
        let s = "Acme said it earned $2.62 a share, above the average estimate of $2.42 a share \
                 among analysts polled by Zenith Data.";
        let ents = vec![org(s, "Acme"), org(s, "Zenith Data")];
        let holder = source_of_figure(s, "$2.42", &ents).expect("the analysts");
        assert!(holder.contains("Zenith Data"), "{holder}");
        // The company's own figure stays the company's.
        assert_eq!(source_of_figure(s, "$2.62", &ents).as_deref(), Some("Acme"));
        let s = "Deliveries fell short of the 56,000 expected by a consensus of analysts.";
        assert!(source_of_figure(s, "56,000", &[])
            .expect("the consensus")
            .contains("analysts"));
        let s = "Revenue beat forecasters' projections of $6.38 billion.";
        assert_eq!(
            source_of_figure(s, "$6.38 billion", &[]).as_deref(),
            Some("forecasters")
        );
        // No holder: a date after "by", an estimate revised by no one named, a figure outside.
        for (s, figure) in [
            ("Sales of 4,000 units are expected by June.", "4,000"),
            (
                "The estimate of 5% was revised by the end of the year.",
                "5%",
            ),
            (
                "Output rose 3%, short of the projection by economists.",
                "3%",
            ),
        ] {
            assert_eq!(source_of_figure(s, figure, &[]), None, "{s}");
        }
    }

    #[test]
    fn a_name_before_a_long_description_is_the_speaker() {
        let s = "Copernicus, an EU programme aimed at developing European information services \
                 based on satellite data, said temperatures passed 2C on two days.";
        let toks = tokenize(s);
        let found = SourceContext::default().find(0, s, &toks, &[]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].attribution.mention, "Copernicus");
        // The model's source inside the description stands for the name too.
        let got = model_source(s, "satellite data", "said", &[]).expect("a source");
        assert_eq!(got.mention, "Copernicus");
        // No article opening the aside, or no name before it: not this step.
        for s in [
            "Copernicus, using satellite data, said temperatures passed 2C.",
            "The report, a review of 40 studies, found 12 cases.",
        ] {
            let toks = tokenize(s);
            let c = toks.iter().rposition(|t| t.text == ",").unwrap();
            assert_eq!(name_before_description(&toks, c), None, "{s}");
        }
    }

    #[test]
    fn findings_go_on_to_the_author_named_after_them() {
        let s =
            "Losses number over one million, according to a recent analysis by the nonpartisan \
                 Center for Strategic Studies and several others.";
        let ents = vec![org(s, "Center for Strategic Studies")];
        let got = model_source(s, "a recent analysis", "according to", &ents).expect("a source");
        assert_eq!(got.text, "Center for Strategic Studies");
        assert!(got.mention.starts_with("a recent analysis by"));
        // A participle and a day may stand between the findings and their author.
        let s = "Permits fell 38%, according to figures released Monday by the Development \
                 Services Department.";
        let ents = vec![org(s, "Development Services Department")];
        let got = model_source(s, "figures released Monday", "according to", &ents).unwrap();
        assert_eq!(got.text, "Development Services Department");
        // No author named: the findings stay the source as written; nor is a place after
        // "from" an author, nor an organisation past the phrase's end.
        let s = "Exports rose 4%, according to data from China.";
        let got = model_source(s, "data", "according to", &[]);
        assert!(got.as_ref().is_none_or(|g| g.text == "data"), "{got:?}");
        let s = "Sales rose 4%, according to a survey, by Acme Corp's count.";
        let ents = vec![org(s, "Acme Corp")];
        let got = model_source(s, "a survey", "according to", &ents).unwrap();
        assert_eq!(got.text, "a survey");
    }

    #[test]
    fn a_whose_phrase_speaks_only_when_it_is_someone() {
        let s = "Ukraine, whose population is smaller, has reportedly seen 500,000 casualties.";
        assert_eq!(
            model_source(s, "whose population", "has reportedly", &[]),
            None
        );
        let s = "The firm, whose spokesman said sales fell 4%, closed two plants.";
        let got = model_source(s, "whose spokesman", "said", &[]).expect("the spokesman");
        assert_eq!(got.mention, "whose spokesman");
    }

    #[test]
    fn the_subject_of_a_passive_cue_is_no_source() {
        let s = "The number of flights is expected to fall to 200 a day.";
        assert_eq!(
            model_source(s, "The number of flights", "is expected", &[]),
            None
        );
        // An active cue keeps its subject.
        let s = "The airport authority expected flights to fall to 200 a day.";
        let ents = vec![org(s, "The airport authority")];
        assert!(model_source(s, "The airport authority", "expected", &ents).is_some());
    }

    #[test]
    fn an_unnamed_reporter_is_who_reported_last() {
        let mut ctx = SourceContext::default();
        let s = "The death toll rose to 57, the Fire Brigade said.";
        let ents = vec![org(s, "Fire Brigade")];
        let found = ctx.find(0, s, &tokenize(s), &ents);
        ctx.remember(0, s, &found, &ents);
        let s = "Of the 72 passengers, 15 were released, it was added.";
        let found = ctx.find(1, s, &tokenize(s), &[]);
        assert_eq!(found[0].attribution.text, "Fire Brigade");
        assert_eq!(found[0].attribution.cue, "carried");
        // Not with an agent of its own, nor without a report verb.
        for s in [
            "It was added by the mayor that 15 were released.",
            "It was a day when 15 were released.",
        ] {
            let found = ctx.find(1, s, &tokenize(s), &[]);
            assert!(
                found.iter().all(|f| f.attribution.text != "Fire Brigade"),
                "{s}"
            );
        }
    }

    #[test]
    fn a_share_of_a_group_is_no_source() {
        let ctx = SourceContext::default();
        let s = "More than half of Americans say the economy is worse, a new poll found.";
        let found = ctx.find(0, s, &tokenize(s), &[]);
        let sources: Vec<&str> = found.iter().map(|f| f.attribution.text.as_str()).collect();
        assert_eq!(sources, ["a new poll"]);
    }

    #[test]
    fn an_abbreviation_in_brackets_stays_with_its_name() {
        let ctx = SourceContext::default();
        let s = "The data published by the Office for National Statistics (ONS) showed a 14% \
                 increase, from 630 to 719.";
        let ents = vec![org(s, "Office for National Statistics")];
        let found = ctx.find(0, s, &tokenize(s), &ents);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].attribution.text, "Office for National Statistics");
        // Every number of the sentence is the office's.
        assert!(nearest(&found, s.find("719").unwrap()).is_some());
    }

    #[test]
    fn a_forecast_is_its_makers() {
        let ctx = SourceContext::default();
        let s = "The airline expects to operate 72 routes by December.";
        let found = ctx.find(0, s, &tokenize(s), &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].attribution.cue, "expects");
        // Expected by no one named: no source.
        let s = "Sales are expected to reach 72 million.";
        assert!(ctx.find(0, s, &tokenize(s), &[]).is_empty());
    }

    #[test]
    fn putting_a_figure_on_something_reports_it() {
        let ctx = SourceContext::default();
        let s = "The Geophysical Institute put the magnitude at 7.0 and recorded 46 aftershocks.";
        let found = ctx.find(0, s, &tokenize(s), &[org(s, "Geophysical Institute")]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].attribution.text, "Geophysical Institute");
        assert_eq!(found[0].attribution.cue, "put");
        // Putting something somewhere reports nothing.
        let s = "The bank put pressure on rates at its meeting.";
        assert!(ctx.find(0, s, &tokenize(s), &[]).is_empty());
    }

    #[test]
    fn a_name_before_its_description_is_the_source() {
        let ctx = SourceContext::default();
        let s = "Antwerp-Bruges, Rotterdam's nearest rival, reported a 1.5% decline.";
        let found = ctx.find(0, s, &tokenize(s), &[org(s, "Antwerp-Bruges")]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].attribution.mention, "Antwerp-Bruges");
        // Lowercase words before the description name no one.
        let s = "In the end, its nearest rival, reported a 1.5% decline.";
        assert!(ctx.find(0, s, &tokenize(s), &[]).is_empty());
    }

    #[test]
    fn a_company_described_is_the_one_named() {
        let mut ctx = SourceContext::default();
        // Named before it in the sentence.
        let s = "Harbour Pacific carried 2.3 million passengers, the airline said.";
        let ents = vec![org(s, "Harbour Pacific")];
        let found = ctx.find(0, s, &tokenize(s), &ents);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].attribution.text, "Harbour Pacific");
        assert_eq!(found[0].attribution.mention, "the airline");
        ctx.remember(0, s, &found, &ents);
        // Described so before: "research firm Canalys", then "the firm said".
        let s1 = "Shipments rose 7%, according to research firm Canalys.";
        let ents1 = vec![org(s1, "Canalys")];
        let found1 = ctx.find(1, s1, &tokenize(s1), &ents1);
        ctx.remember(1, s1, &found1, &ents1);
        let s2 = "Vireo ranked ninth with 4%, the firm said.";
        let found2 = ctx.find(2, s2, &tokenize(s2), &[]);
        assert_eq!(found2[0].attribution.text, "Canalys");
        // Otherwise the company the article names most.
        ctx.main_organisation = Some("Harbour Pacific".into());
        let s3 = "Its fleet has 96 jets, the carrier said.";
        let found3 = ctx.find(3, s3, &tokenize(s3), &[]);
        assert_eq!(found3[0].attribution.text, "Harbour Pacific");
    }

    #[test]
    fn findings_are_named_by_the_body_that_puts_them_out() {
        let ctx = SourceContext::default();
        // "show" after findings, with the body's abbreviation inside the phrase.
        let s = "Statistics Canada (StatCan) data show 152,000 permits were issued.";
        let ents = vec![org(s, "StatCan")];
        let found = ctx.find(0, s, &tokenize(s), &ents);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].attribution.mention,
            "Statistics Canada (StatCan) data"
        );
        assert_eq!(found[0].attribution.text, "StatCan");
        assert_eq!(found[0].attribution.cue, "show");
        // A body's officials stay the mention as written.
        let s = "Pentagon officials said 40 jets were lost.";
        let found = ctx.find(0, s, &tokenize(s), &[org(s, "Pentagon")]);
        assert_eq!(found[0].attribution.text, "Pentagon officials");
        // Accounts and filings are documents: "the accounts show" names the source.
        let s = "Wages rose to 65% of turnover, the accounts show.";
        let found = ctx.find(0, s, &tokenize(s), &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].kind, SourceKind::Document);
    }

    #[test]
    fn a_verb_of_change_before_an_amount_reports_nothing() {
        let ctx = SourceContext::default();
        let s = "According to data from the Labor Department, employers added 139,000 jobs.";
        let found = ctx.find(0, s, &tokenize(s), &[]);
        let sources: Vec<&str> = found.iter().map(|f| f.attribution.cue.as_str()).collect();
        assert_eq!(sources, ["according to"]);
        let s = "Sales rose 5%, the chief executive added.";
        assert_eq!(
            ctx.find(0, s, &tokenize(s), &[])[0].attribution.cue,
            "added"
        );
    }

    #[test]
    fn a_capitalised_reporting_word_is_part_of_a_name() {
        let ctx = SourceContext::default();
        let s = "The median price of a home in the United States was $422,800.";
        assert!(ctx.find(0, s, &tokenize(s), &[]).is_empty());
        let s = "States across the region reported 300 cases.";
        assert_eq!(ctx.find(0, s, &tokenize(s), &[]).len(), 1);
        // A headline capitalises its verbs too.
        let s = "Netflix Reports 16 Million New Subscribers";
        assert_eq!(ctx.find(0, s, &tokenize(s), &[]).len(), 1);
    }

    #[test]
    fn a_reporting_word_the_parse_calls_a_noun_is_no_cue() {
        let ctx = SourceContext::default();
        let s = "That figure also topped analyst estimates by about $50 million.";
        let toks = tokenize(s);
        // Without the parse, "estimates" reads as a verb.
        assert_eq!(ctx.find(0, s, &toks, &[]).len(), 1);
        let nouns: Vec<bool> = toks
            .iter()
            .map(|t| matches!(t.text.as_str(), "figure" | "analyst" | "estimates"))
            .collect();
        assert!(ctx.find_parsed(0, s, &toks, &[], &nouns).is_empty());
    }

    #[test]
    fn an_owners_estimate_is_the_owners_alone() {
        let ctx = SourceContext::default();
        let s = "Tesla delivered 384,122 vehicles, below analysts' estimates of 415,000.";
        let found = ctx.find(0, s, &tokenize(s), &[]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].attribution.text, "analysts");
        // The deliveries are the article's own statement; the estimate is the analysts'.
        assert!(nearest(&found, s.find("384,122").unwrap()).is_none());
        let estimate = nearest(&found, s.find("415,000").unwrap()).unwrap();
        assert_eq!(estimate.attribution.mention, "analysts");
        let s = "Growth beat the IMF's estimate of 2.1%.";
        let ents = vec![org(s, "IMF")];
        let found = ctx.find(0, s, &tokenize(s), &ents);
        assert_eq!(found[0].attribution.text, "IMF");
        let m = found[0].attribution.mention_span.unwrap();
        assert_eq!(&s[m.start..m.end], "IMF");
    }

    /// The source the rules find in `sentence` after reading `earlier` sentences (each with the
    /// organisation it names, if any).
    fn source_after(earlier: &[(&str, Option<&str>)], sentence: &str) -> String {
        let mut ctx = SourceContext::default();
        for (si, (s, name)) in earlier.iter().enumerate() {
            let ents: Vec<Entity> = name.iter().map(|n| org(s, n)).collect();
            ctx.note_producers(si, s, &tokenize(s), &ents);
            let found = ctx.find(si, s, &tokenize(s), &ents);
            ctx.remember(si, s, &found, &ents);
        }
        let found = ctx.find(earlier.len(), sentence, &tokenize(sentence), &[]);
        found[0].attribution.text.clone()
    }

    #[test]
    fn the_poll_is_the_poll_named_last_whether_or_not_it_was_cited() {
        let cited = (
            "Smith leads by 3 points, according to a CBS News poll.",
            Some("CBS News"),
        );
        let named = (
            "A Los Angeles Times poll released on Nov. 2 put Jones ahead.",
            Some("Los Angeles Times"),
        );
        let s = "The poll found Jones got 47.8 percent.";
        assert_eq!(source_after(&[cited, named], s), "Los Angeles Times");
        assert_eq!(source_after(&[named, cited], s), "CBS News poll");
        // A poll named without its author is no document to refer back to.
        let unnamed = ("A poll released on Nov. 2 put Jones ahead.", None);
        assert_eq!(source_after(&[cited, unnamed], s), "CBS News poll");
    }

    #[test]
    fn a_body_is_never_resolved_to_findings() {
        let data = ("According to the data, thefts rose 14%.", None);
        let cases = [
            // "the ministry" is no "data": it stays as written.
            (
                data,
                "Exports fell 3.2 percent, the ministry said.",
                "the ministry",
            ),
            // A company is no agency.
            (
                ("Acme Corp said sales rose 5%.", Some("Acme Corp")),
                "One in five adults smoke, the agency said.",
                "the agency",
            ),
            (
                (
                    "The Department of Health said cases rose 5%.",
                    Some("Department of Health"),
                ),
                "Dengue cases rose 83%, the agency said.",
                "Department of Health",
            ),
            // An author named before is no government.
            (
                (
                    "A report published by the CDC found 16,000 deaths.",
                    Some("CDC"),
                ),
                "The government said it would spend more.",
                "The government",
            ),
            // Findings still refer back to the last document.
            (
                data,
                "According to the figures, 2,000 more cases were found.",
                "the data",
            ),
        ];
        for (earlier, sentence, want) in cases {
            assert_eq!(source_after(&[earlier], sentence), want, "{sentence}");
        }
    }

    #[test]
    fn a_description_with_words_of_its_own_is_no_other_body() {
        let sheriff = (
            "About 3,000 residents left, the county sheriff's office said.",
            None,
        );
        assert_eq!(
            source_after(&[sheriff], "Wages grew 4.1%, the statistics office said."),
            "the statistics office"
        );
        assert_eq!(
            source_after(&[sheriff], "Roads were closed, the sheriff's office said."),
            "the county sheriff's office"
        );
        let report = ("According to a report by CSIS, losses rose.", Some("CSIS"));
        assert_eq!(
            source_after(&[report], "According to the latest report, 5 died."),
            "CSIS"
        );
    }

    fn person(sentence: &str, name: &str) -> Entity {
        Entity {
            label: EntityLabel::PER,
            ..org(sentence, name)
        }
    }

    #[test]
    fn someone_else_cited_ends_the_passage_of_a_report() {
        let mut ctx = SourceContext::default();
        let s0 = "A separate INEGI survey showed unemployment rose to 2.9%.";
        let ents0 = vec![org(s0, "INEGI")];
        let found = ctx.find(0, s0, &tokenize(s0), &ents0);
        ctx.remember(0, s0, &found, &ents0);
        assert!(ctx.carried(1).is_some());
        let s1 = "Finance Minister Raquel Ibarra said growth would recover.";
        let ents1 = vec![person(s1, "Raquel Ibarra")];
        let found = ctx.find(1, s1, &tokenize(s1), &ents1);
        assert_eq!(found.len(), 1);
        ctx.remember(1, s1, &found, &ents1);
        assert!(ctx.carried(2).is_none());
    }

    #[test]
    fn a_subject_before_a_relative_clause_reports_what_follows_its_verb() {
        let ctx = SourceContext::default();
        let s =
            "The Bank of Mexico, which cut its rate to 7.25% last week, forecasts growth of 0.3%.";
        let ents = vec![org(s, "Bank of Mexico")];
        let found = ctx.find(0, s, &tokenize(s), &ents);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].attribution.text, "Bank of Mexico");
        let before = s.find("7.25").unwrap();
        let after = s.find("0.3").unwrap();
        assert!(nearest(&found, before).is_none());
        assert!(nearest(&found, after).is_some());
    }

    #[test]
    fn a_description_refers_to_the_organisation_whose_name_holds_it() {
        let mut ctx = SourceContext::default();
        let s0 = "The Port of Rotterdam Authority published its figures.";
        let ents0 = vec![org(s0, "Port of Rotterdam Authority")];
        ctx.remember(0, s0, &[], &ents0);
        let s1 = "The port said vessel calls fell to 27,600.";
        let found = ctx.find(1, s1, &tokenize(s1), &[]);
        assert_eq!(found[0].attribution.text, "Port of Rotterdam Authority");
        assert_eq!(found[0].attribution.mention, "The port");
        // A name that only ends with the noun is another body.
        let s2 = "Islamic State fighters took the town.";
        ctx.remember(2, s2, &[], &[org(s2, "Islamic State")]);
        let s3 = "The state said 40 people died.";
        let found = ctx.find(3, s3, &tokenize(s3), &[]);
        assert!(found.iter().all(|f| f.attribution.text != "Islamic State"));
    }

    #[test]
    fn the_company_is_the_organisation_that_spoke_just_before() {
        let mut ctx = SourceContext {
            main_organisation: Some("Kitaro Corp".into()),
            ..Default::default()
        };
        let s0 = "Chilean miner Minera Cordillera said its output fell 6%.";
        // The tagger may take the name for a person's.
        let ents0 = vec![person(s0, "Minera Cordillera")];
        let found = ctx.find(0, s0, &tokenize(s0), &ents0);
        ctx.remember(0, s0, &found, &ents0);
        let s1 = "The company said its guidance of 600,000 tons stands.";
        let found = ctx.find(1, s1, &tokenize(s1), &[]);
        assert_eq!(found[0].attribution.text, "Minera Cordillera");
        // Three sentences on, the organisation the article names most.
        let found = ctx.find(4, s1, &tokenize(s1), &[]);
        assert_eq!(found[0].attribution.text, "Kitaro Corp");
    }

    #[test]
    fn a_time_before_the_verb_is_no_source_and_plural_subjects_note() {
        let ctx = SourceContext::default();
        let s = "Baltavia Energy today announced a 1,200-megawatt wind farm.";
        let ents = vec![org(s, "Baltavia Energy")];
        let found = ctx.find(0, s, &tokenize(s), &ents);
        assert_eq!(found[0].attribution.text, "Baltavia Energy");
        let s = "Economists note that more than half of workers are informal.";
        let found = ctx.find(0, s, &tokenize(s), &[]);
        assert_eq!(found[0].attribution.mention, "Economists");
    }

    #[test]
    fn only_a_report_carries_outside_the_models_contents() {
        let mut ctx = SourceContext::default();
        let s = "According to the analysis by CSIS, losses rose.";
        let ents = vec![org(s, "CSIS")];
        let found = ctx.find(0, s, &tokenize(s), &ents);
        ctx.remember(0, s, &found, &ents);
        assert!(ctx.carried_report(1).is_some());
        let mut ctx = SourceContext::default();
        let s = "The Council for Scientific and Industrial Research said turnout rose.";
        let ents = vec![org(s, "Council for Scientific and Industrial Research")];
        let found = ctx.find(0, s, &tokenize(s), &ents);
        ctx.remember(0, s, &found, &ents);
        assert!(ctx.carried(1).is_some());
        assert!(ctx.carried_report(1).is_none());
    }

    #[test]
    fn a_claim_takes_the_source_of_the_content_it_stands_in() {
        // "Prices rose 5 percent, the agency said. Rents rose 3 percent." at byte 0.
        let text = "Prices rose 5 percent, the agency said. Rents rose 3 percent.";
        let ctx = SourceContext::default();
        let agency = Span::new(23, 33);
        let layer = vec![AttributionSpans {
            content: Span::new(0, 21),
            cue: Some(Span::new(34, 38)),
            source: Some(agency),
            score: 0.9,
        }];
        let resolved = Attribution {
            text: "the agency".into(),
            mention: "the agency".into(),
            label: MentionKind::Noun,
            cue: "said".into(),
            sentence_index: 0,
            mention_span: Some(agency),
            cue_span: Some(Span::new(34, 38)),
        };
        let sources = ModelSources::from([(agency, Some(resolved))]);
        let five = Span::new(12, 21);
        let got = attribute(&ctx, 0, &[], Some(&layer), &sources, five, 0, false).unwrap();
        assert_eq!(got.text, "the agency");
        // Outside every content, with no cue of its own and no report before: the article's voice.
        let three = Span::new(51, 60);
        assert_eq!(&text[51..60], "3 percent");
        assert!(attribute(&ctx, 1, &[], Some(&layer), &sources, three, 40, false).is_none());
    }

    #[test]
    fn an_author_is_named_by_findings_not_by_any_by() {
        let mut ctx = SourceContext::default();
        for (si, s, name) in [
            (
                0,
                "Figures published by the Statistics Office showed a rise.",
                "Statistics Office",
            ),
            (
                1,
                "The rise broke a limit set by the Paris Agreement.",
                "Paris Agreement",
            ),
            (2, "Imports from China fell.", "China"),
        ] {
            ctx.note_producers(si, s, &tokenize(s), &[org(s, name)]);
        }
        let named: Vec<&str> = ctx.producers.iter().map(|p| p.1.as_str()).collect();
        assert_eq!(named, ["Statistics Office"]);
    }

    #[test]
    fn a_time_or_a_counted_group_is_no_source() {
        let ctx = SourceContext::default();
        for s in [
            "Disney Plus, which several months ago reported it had 60 million subscribers.",
            "The company, which last reported a profit in 2018, cut 17,000 jobs.",
            "About 52 percent of voters asked in the poll said they would vote.",
        ] {
            assert!(ctx.find(0, s, &tokenize(s), &[]).is_empty(), "{s}");
        }
        let s = "The agency earlier reported 4,000 cases.";
        assert_eq!(ctx.find(0, s, &tokenize(s), &[]).len(), 1, "{s}");
    }
}
