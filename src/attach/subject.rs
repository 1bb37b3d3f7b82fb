//! The subject of a quantity: the steps that read the sentence's words and entities. The order
//! they run in, with the parse's steps between them, is stated once in `attach::choose_subject`:
//! the phrase before a parenthesised number ("recorded robberies (up 22%)"); an entity inside the
//! counted noun phrase ("55,000 Ukrainian soldiers"); "of <entity>" after a share or a count ("a
//! third of Russia's fleet", "300 members of Hamas"); the whole a share is of ("23 percent of
//! Americans"); the nearest entity before the quantity in its clause, else the nearest after it;
//! last the source's own entity ("Trump claimed he ended six wars"). Entities inside relative
//! clauses and short appositives, after a place preposition ("in Siberia"), inside a hyphenated
//! modifier ("Mountain View-based") or inside a source mention are passed over: they are rarely
//! what a number is about.

#[cfg(test)]
use crate::doc::Span;
use crate::doc::{Entity, EntityLabel, MentionKind};
use crate::extract::lexicon::is_np_stop;
use crate::extract::tokens::{Kind, Token};

/// A chosen subject: byte range relative to the sentence, its text and kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Subject {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: MentionKind,
}

/// "Russian", "Ukrainian", "North Korean", "European": MISC adjectives that name a country's people.
fn is_nationality(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.len() <= 2
        && words.last().is_some_and(|w| {
            let w = w.to_lowercase();
            ["an", "ese", "ish", "ch", "i", "ic"]
                .iter()
                .any(|s| w.ends_with(s))
                && !w.chars().any(|c| c.is_ascii_digit())
        })
}

fn is_candidate(e: &Entity, sentence: &str) -> bool {
    let text = &sentence[e.span.start..e.span.end];
    // "PLN 471", "USD 5m": a currency code the tagger took for a name writes money.
    let currency = text.len() == 3
        && text.chars().all(|c| c.is_ascii_uppercase())
        && crate::extract::units::is_currency_code(&text.to_lowercase());
    match e.label {
        _ if currency => false,
        EntityLabel::PER | EntityLabel::ORG | EntityLabel::LOC => true,
        EntityLabel::MISC => is_nationality(text),
    }
}

/// Byte ranges of relative clauses (", which ... ,") and short appositives (", the areas around X,").
fn masked_ranges(toks: &[Token]) -> Vec<(usize, usize)> {
    let commas: Vec<usize> = toks
        .iter()
        .enumerate()
        .filter(|(_, t)| t.text == "," || t.text == "–" || t.text == "—")
        .map(|(i, _)| i)
        .collect();
    let mut out = Vec::new();
    for w in commas.windows(2) {
        let (a, b) = (w[0], w[1]);
        let inner = &toks[a + 1..b];
        if inner.is_empty() {
            continue;
        }
        let relative = matches!(
            inner[0].lower.as_str(),
            "who" | "whose" | "which" | "where" | "including"
        );
        let verbless = inner.len() <= 8
            && !inner.iter().any(|t| {
                matches!(
                    t.lower.as_str(),
                    "is" | "are"
                        | "was"
                        | "were"
                        | "has"
                        | "have"
                        | "had"
                        | "said"
                        | "says"
                        | "will"
                        | "would"
                        | "could"
                ) || (t.kind == Kind::Word
                    && !t.is_titlecase()
                    && (t.lower.ends_with("ed") || t.lower.ends_with("ing")))
            });
        let short_appositive = verbless
            && matches!(
                inner[0].lower.as_str(),
                "the" | "a" | "an" | "including" | "especially"
            );
        if relative || short_appositive {
            out.push((toks[a].start, toks[b].end));
        }
    }
    out
}

fn after_place_preposition(toks: &[Token], e: &Entity) -> bool {
    let mut i = match toks.iter().position(|t| t.start >= e.span.start) {
        Some(i) => i,
        None => return false,
    };
    while i > 0
        && matches!(
            toks[i - 1].lower.as_str(),
            "the" | "its" | "their" | "a" | "an" | "his" | "her" | "this" | "that"
        )
    {
        i -= 1;
    }
    i > 0
        && matches!(
            toks[i - 1].lower.as_str(),
            "in" | "on"
                | "at"
                | "near"
                | "around"
                | "inside"
                | "across"
                | "into"
                | "from"
                | "including"
                | "toward"
                | "towards"
        )
}

fn subject_of(e: &Entity, sentence: &str, toks: &[Token]) -> Subject {
    let mut end = e.span.end;
    let text_of = |s: usize, t: usize| sentence[s..t].to_string();
    if e.label == EntityLabel::MISC {
        // "Russian" + "forces": name the group.
        if let Some(next) = toks.iter().find(|t| t.start >= e.span.end) {
            if next.kind == Kind::Word
                && !next.is_titlecase()
                && !is_np_stop(&next.lower)
                && next.start <= e.span.end + 1
            {
                end = next.end;
            }
        }
    }
    Subject {
        start: e.span.start,
        end,
        text: text_of(e.span.start, end),
        kind: MentionKind::Entity(e.label),
    }
}

/// What the entity steps read of one sentence: its text, tokens and entities (spans relative to
/// the sentence), and the source mentions, whose entities are never the subject.
pub struct Sentence<'a> {
    pub text: &'a str,
    pub toks: &'a [Token],
    pub ents: &'a [Entity],
    pub source_mentions: &'a [(usize, usize)],
}

/// Whether entity `e` only modifies a noun through a hyphenated participle ("the Mountain
/// View-based company", "Kremlin-backed forces").
fn in_hyphenated_modifier(e: &Entity, text: &str) -> bool {
    // The rest of the entity's word, or the word right after it ("Mountain" + "View-based").
    let rest = text[e.span.end..].trim_start_matches(' ');
    let word = rest
        .split(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .trim_end_matches(|c: char| !c.is_alphanumeric());
    word.contains('-') && word.ends_with("ed")
}

impl Sentence<'_> {
    /// Entities that may be a subject, in order.
    fn usable(&self) -> impl Iterator<Item = &Entity> + '_ {
        self.ents.iter().filter(|e| {
            is_candidate(e, self.text)
                && !in_hyphenated_modifier(e, self.text)
                && !self
                    .source_mentions
                    .iter()
                    .any(|&(a, b)| e.span.start >= a && e.span.end <= b)
        })
    }

    fn subject(&self, e: &Entity) -> Subject {
        subject_of(e, self.text, self.toks)
    }
}

/// Step: a quantity in parentheses right after a noun phrase describes that phrase ("recorded
/// robberies (up 22%)", "Utah (17 percent)"): the words before the opening parenthesis back to a
/// comma, a conjunction, a preposition or a determiner. Not when a number stands just before the
/// parenthesis ("$1.8 million (£1.4 million)", "16 miles (25 kilometres)").
pub fn before_parenthesis(s: &Sentence, q: (usize, usize)) -> Option<Subject> {
    let toks = s.toks;
    let before_q = toks.iter().take_while(|t| t.end <= q.0).count();
    // "(" then at most two words ("up", "about") before the number.
    let paren = (before_q.saturating_sub(3)..before_q)
        .rev()
        .find(|&k| toks[k].text == "(")?;
    if !toks[paren + 1..before_q]
        .iter()
        .all(|t| t.kind == Kind::Word)
    {
        return None;
    }
    let last = paren.checked_sub(1)?;
    // "120 km per hour (75 mph)", "US$327 million (S$439.92 million)": a conversion of the
    // number before it, not a phrase of its own.
    if toks[paren.saturating_sub(4)..paren]
        .iter()
        .any(|t| t.kind == Kind::Number || t.text.chars().any(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let mut first = last;
    while first > 0 && last - first < 3 {
        let t = &toks[first - 1];
        if t.kind != Kind::Word || is_np_stop(&t.lower) {
            break;
        }
        first -= 1;
    }
    let words = &toks[first..=last];
    if words.is_empty()
        || words
            .iter()
            .any(|t| t.kind != Kind::Word || is_np_stop(&t.lower))
    {
        return None;
    }
    let (start, end) = (words[0].start, words[words.len() - 1].end);
    let label = s
        .ents
        .iter()
        .find(|e| e.span.start >= start && e.span.end <= end)
        .map_or(MentionKind::Noun, |e| MentionKind::Entity(e.label));
    Some(Subject {
        start,
        end,
        text: s.text[start..end].to_string(),
        kind: label,
    })
}

/// Step: an entity inside the counted noun phrase `unit` ("55,000 Ukrainian soldiers").
pub fn in_counted_phrase(s: &Sentence, unit: Option<(usize, usize)>) -> Option<Subject> {
    let (ua, ub) = unit?;
    s.usable()
        .find(|e| e.span.start >= ua && e.span.end <= ub)
        .map(|e| s.subject(e))
}

/// For a share (`part_of_whole`), the index of the token after the "of" that follows the quantity
/// `q` and its unit ("12 percent of ..."); `None` for anything else.
fn after_of(
    s: &Sentence,
    q: (usize, usize),
    unit: Option<(usize, usize)>,
    part_of_whole: bool,
) -> Option<usize> {
    if !part_of_whole {
        return None;
    }
    let after = unit.map_or(q.1, |u| u.1.max(q.1));
    let i = s.toks.iter().position(|t| t.start >= after)?;
    s.toks[i].is("of").then_some(i + 1)
}

/// Step: for a share (`part_of_whole`: "a third of Russia's fleet", "12 percent of Ukraine's
/// land"), "of <entity>" right after the quantity `q` and its unit.
pub fn share_of_entity(
    s: &Sentence,
    q: (usize, usize),
    unit: Option<(usize, usize)>,
    part_of_whole: bool,
) -> Option<Subject> {
    let toks = s.toks;
    let mut j = after_of(s, q, unit, part_of_whole)?;
    while toks
        .get(j)
        .is_some_and(|t| matches!(t.lower.as_str(), "the" | "its" | "their"))
    {
        j += 1;
    }
    let t = toks.get(j)?;
    s.usable()
        .find(|e| e.span.start == t.start)
        .map(|e| s.subject(e))
}

/// Step: for a share, the whole it is a share of, as written ("About 23 percent of Americans
/// smoke", "48 per cent of India's cities"): up to four words after "of", not one owned by a
/// pronoun ("10 percent of its workforce": whose is for the entity steps).
pub fn share_of_phrase(
    s: &Sentence,
    q: (usize, usize),
    unit: Option<(usize, usize)>,
    part_of_whole: bool,
) -> Option<Subject> {
    let toks = s.toks;
    let mut j = after_of(s, q, unit, part_of_whole)?;
    if toks.get(j).is_some_and(|t| t.is("the")) {
        j += 1;
    }
    let mut end = j;
    while end < toks.len() && end - j < 4 {
        let t = &toks[end];
        let possessive = matches!(t.lower.as_str(), "'s" | "’s");
        if !(possessive || t.kind == Kind::Word && !is_np_stop(&t.lower)) {
            break;
        }
        end += 1;
    }
    if end == j
        || toks[j..end]
            .iter()
            .any(|t| t.kind != Kind::Word && !t.lower.ends_with('s'))
    {
        return None;
    }
    let (start, stop) = (toks[j].start, toks[end - 1].end);
    Some(Subject {
        start,
        end: stop,
        text: s.text[start..stop].to_string(),
        kind: MentionKind::Noun,
    })
}

/// Step: the nearest entity before the quantity `q` in its clause, else the nearest after it
/// (unless the sentence opens with a pronoun, whose antecedent comes first), else a place.
pub fn nearest_entity(s: &Sentence, q: (usize, usize)) -> Option<Subject> {
    let masks = masked_ranges(s.toks);
    let unmasked = |e: &&Entity| {
        !masks
            .iter()
            .any(|&(a, b)| e.span.start >= a && e.span.end <= b)
    };
    let free = |e: &&Entity| unmasked(e) && !after_place_preposition(s.toks, e);
    if let Some(e) = s
        .usable()
        .filter(free)
        .filter(|e| e.span.end <= q.0)
        .max_by_key(|e| e.span.end)
    {
        return Some(s.subject(e));
    }
    if opens_with_pronoun(s.toks) {
        return None;
    }
    let after = s
        .usable()
        .filter(free)
        .filter(|e| e.span.start >= q.1)
        .min_by_key(|e| e.span.start);
    // Last resort within the sentence: a place ("evacuated from Kherson").
    after
        .or_else(|| {
            s.usable()
                .filter(unmasked)
                .min_by_key(|e| e.span.start.abs_diff(q.0))
        })
        .map(|e| s.subject(e))
}

/// Nouns that describe an organisation without naming it ("the company", "the carmaker").
pub fn is_organisation_noun(w: &str) -> bool {
    matches!(
        w,
        "company"
            | "firm"
            | "manufacturer"
            | "maker"
            | "automaker"
            | "carmaker"
            | "retailer"
            | "carrier"
            | "airline"
            | "lender"
            | "insurer"
            | "conglomerate"
            | "corporation"
            | "group"
            | "giant"
            | "chain"
            | "operator"
            | "producer"
            | "supplier"
            | "startup"
            | "streamer"
            | "bank"
            | "club"
            | "utility"
            | "developer"
            | "regulator"
            | "miner"
            | "brewer"
            | "broker"
    )
}

/// "He said ...", "His departure ...": the sentence is about someone named before.
pub fn opens_with_pronoun(toks: &[Token]) -> bool {
    toks.iter().find(|t| t.kind == Kind::Word).is_some_and(|t| {
        matches!(
            t.lower.as_str(),
            "he" | "she" | "his" | "her" | "they" | "their" | "it" | "its"
        )
    })
}

/// The source's own entity, when nothing else is a subject.
pub fn from_source(s: &Sentence) -> Option<Subject> {
    s.ents
        .iter()
        .filter(|e| {
            s.source_mentions
                .iter()
                .any(|&(a, b)| e.span.start >= a && e.span.end <= b)
        })
        .find(|e| is_candidate(e, s.text) && !in_hyphenated_modifier(e, s.text))
        .map(|e| s.subject(e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tokens::tokenize;

    /// A sentence with no entities and no source.
    fn without_entities<'a>(text: &'a str, toks: &'a [Token]) -> Sentence<'a> {
        Sentence {
            text,
            toks,
            ents: &[],
            source_mentions: &[],
        }
    }

    #[test]
    fn a_number_in_parentheses_describes_the_phrase_before() {
        let text = "There were jumps in recorded robberies (up 22%), vehicle-related theft (up 7%) and burglaries (2%), while speeds hit 120 km per hour (75 mph).";
        let toks = tokenize(text);
        let s = without_entities(text, &toks);
        let at = |q: &str| {
            let a = text.find(q).unwrap();
            before_parenthesis(&s, (a, a + q.len())).map(|x| x.text)
        };
        assert_eq!(at("22%").as_deref(), Some("recorded robberies"));
        assert_eq!(at("7%").as_deref(), Some("vehicle-related theft"));
        let a = text.find("(2%)").unwrap() + 1;
        assert_eq!(
            before_parenthesis(&s, (a, a + 2))
                .map(|x| x.text)
                .as_deref(),
            Some("burglaries")
        );
        assert_eq!(at("75 mph"), None);
        assert_eq!(at("120 km"), None);
    }

    #[test]
    fn a_share_is_of_the_whole_after_of() {
        let text = "About 23 percent of India's cities failed, as did 10 percent of its towns.";
        let toks = tokenize(text);
        let s = without_entities(text, &toks);
        let at = |q: &str| {
            let a = text.find(q).unwrap();
            share_of_phrase(&s, (a, a + q.len()), None, true).map(|x| x.text)
        };
        // Without a parse the phrase runs to a stop word (the caller cuts it at a verb).
        assert_eq!(at("23 percent").as_deref(), Some("India's cities failed"));
        assert_eq!(at("10 percent"), None);
        let a = text.find("23 percent").unwrap();
        assert_eq!(share_of_phrase(&s, (a, a + 10), None, false), None);
    }

    #[test]
    fn a_name_in_a_hyphenated_modifier_is_no_subject() {
        for (text, name, modifier) in [
            (
                "The Mountain View-based company earned $733 million.",
                "Mountain",
                true,
            ),
            ("Kremlin-backed forces lost 40 tanks.", "Kremlin", true),
            ("Tesla delivered 55,840 cars.", "Tesla", false),
        ] {
            let start = text.find(name).unwrap();
            let e = Entity {
                span: Span::new(start, start + name.len()),
                label: EntityLabel::ORG,
                score: 1.0,
            };
            assert_eq!(in_hyphenated_modifier(&e, text), modifier, "{text}");
        }
    }
}
