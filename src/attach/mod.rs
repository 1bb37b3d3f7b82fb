//! Attachment: turns each quantity of a document into a claim, reading the sentence, its parse and
//! the sentences before it, in four steps stated once in `claims`: who said it (`source`), what it
//! counts (`choose_unit`), what it is about (`choose_subject`), as of when (`choose_date`).

pub mod clause;
pub mod date;
pub mod source;
pub mod subject;
pub mod unit;

use crate::doc::{Claim, Doc, Entity, EntityLabel, MentionKind, Span};
use source::SourceContext;

/// Stage: fills the document's claim layer from its sentences that score at least
/// `min_claim_score`.
pub fn annotate(doc: &mut Doc, min_claim_score: f32) {
    doc.claims = claims(doc, min_claim_score);
}

/// The claims of a document whose sentences score at least `min_claim_score`.
pub fn claims(doc: &Doc, min_claim_score: f32) -> Vec<Claim> {
    let pub_date = doc.article.date;
    let mut ctx = SourceContext::default();
    let mut model_sources = source::ModelSources::new();
    // The model's attributions by the sentence their source stands in.
    let mut sources_in: Vec<Vec<&crate::doc::AttributionSpans>> =
        vec![Vec::new(); doc.sentences.len()];
    for a in doc.attributions.iter().flatten() {
        if let Some(src) = a.source {
            let k = doc.sentences.partition_point(|s| s.span.end <= src.start);
            if let Some(list) = sources_in.get_mut(k) {
                list.push(a);
            }
        }
    }
    let mut carried = Carried::default();
    for sentence in &doc.sentences {
        carried.note_organisations(doc, sentence);
    }
    ctx.main_organisation = carried.main_organisation().map(str::to_string);
    // The last period the article named ("the third quarter"), for "the period", "a year earlier".
    let mut last_period: Option<String> = None;
    // The years it named, for "throughout the year" and "that year".
    let mut years_named = date::YearsNamed::default();
    let mut out = Vec::new();
    for (si, sentence) in doc.sentences.iter().enumerate() {
        let base = sentence.span.start;
        let text = doc.slice(sentence.span);
        let toks = &sentence.tokens;
        let ents: Vec<Entity> = sentence
            .entities
            .iter()
            .map(|e| Entity {
                span: Span::new(e.span.start - base, e.span.end - base),
                ..e.clone()
            })
            .collect();
        ctx.note_producers(si, text, toks, &ents);
        let found = ctx.find_parsed(si, text, toks, &ents, &nouns_of(sentence));
        let mut times = date::find_time_expressions(toks, pub_date);
        date::resolve_year_references(toks, &mut times, &mut years_named, pub_date);
        date::resolve_period_references(&mut times, &mut last_period, pub_date);
        // The model's sources written in this sentence, resolved as of this sentence.
        for a in &sources_in[si] {
            if let Some(src) = a.source.filter(|s| sentence.span.contains(s)) {
                let resolved = ctx.resolve_model_source(si, text, base, toks, &ents, src, a.cue);
                model_sources.insert(src, resolved);
            }
        }
        if !sentence.quantities.is_empty() && sentence.claim_score >= min_claim_score {
            let here = SentenceView {
                doc,
                si,
                text,
                toks,
                ents: &ents,
            };
            let paired = respectively(&here).unwrap_or_default();
            let claim_times = without_times_of_speech(text, &times, &found);
            for q in &sentence.quantities {
                // A number inside a time expression ("the first eight months of the year") is
                // part of a date, not a claim.
                let (qa, qb) = (q.span.start - base, q.span.end - base);
                // A year in a name ("the Russell 2000") is no claim either.
                let named_year = toks
                    .iter()
                    .position(|t| t.start == qa && t.end == qb)
                    .is_some_and(|i| date::year_in_a_name(toks, i));
                if inside_a_time(&times, Span::new(qa, qb)) || named_year {
                    continue;
                }
                // The steps, in order: who said it (first, so that the source is never the
                // subject), what it counts, what it is about, as of when.
                let source = source::attribute(
                    &ctx,
                    si,
                    &found,
                    doc.attributions.as_deref(),
                    &model_sources,
                    q.span,
                    base,
                    model_cue_acts_on(doc, si, q.span),
                );
                let quantity = crate::doc::Quantity {
                    unit: choose_unit(doc, si, q),
                    ..q.clone()
                };
                // A number compared with the one before it ("2,967 tigers, up from 2,226") is
                // about what that one is about.
                let compared_with = out
                    .last()
                    .filter(|c: &&Claim| c.sentence_index == si)
                    .filter(|c| {
                        compares_with(doc, c.quantity.span, q.span)
                            || changes_the_amount_before(doc, c.quantity.span, q.span)
                    });
                // "Samsung and Xiaomi held 18% and 14% respectively".
                let paired_name = paired.iter().find(|(p, _)| *p == q.span);
                let subject = match (paired_name, compared_with) {
                    (Some((_, name)), _) => Some(name.clone()),
                    // "... fees of C$11,200, compared with C$3,500 in Quebec": the name it is
                    // set against is what it is about.
                    (None, Some(c)) => {
                        contrasted_name(&here, &quantity).or_else(|| c.subject.clone())
                    }
                    (None, None) => {
                        choose_subject(&here, &quantity, &found, source.as_ref(), &mut carried)
                    }
                };
                let date = choose_date(
                    &here,
                    q.span,
                    &claim_times,
                    last_period.as_deref(),
                    pub_date,
                );
                out.push(Claim {
                    sentence_index: si,
                    quantity,
                    subject,
                    source,
                    date,
                });
            }
        }
        ctx.remember(si, text, &found, &ents);
        if let Some(e) = sentence
            .entities
            .iter()
            .rev()
            .find(|e| e.label == crate::doc::EntityLabel::PER)
        {
            carried.person = Some(SubjectPart {
                span: e.span,
                text: doc.slice(e.span).to_string(),
                kind: MentionKind::Entity(EntityLabel::PER),
            });
        }
    }
    out
}

/// A mention `(a, b)` of `text` with the bracketed abbreviation right after it ("the National
/// Civil Defense Institute (Indeci) said") and the appositive that follows it ("Copernicus, an EU
/// programme ...,", "said Jane Smith, an economist at Capital Economics.", "said Gabriel Miller,
/// president of Universities Canada, which represents 97 institutions"): up to the next comma
/// before a reporting verb or a relative pronoun, or to the end of the sentence when the mention
/// ends it; never over the quantity at `q`.
fn with_appositive(text: &str, (a, b): (usize, usize), q: (usize, usize)) -> (usize, usize) {
    let b = b + bracket_aside_at(&text[b..]);
    let Some(rest) = text.get(b..).and_then(|r| r.strip_prefix(", ")) else {
        return (a, b);
    };
    let from = b + 2;
    // It runs to a comma before the reporting verb or a relative clause, or to the end of the
    // sentence.
    let end = match rest.find(',') {
        Some(k) => {
            let after = rest[k + 1..].split_whitespace().next().unwrap_or("");
            // "said Gabriel Miller, president of X, which ...": after a name that follows its
            // verb, the words to a relative clause are his title, not a clause of their own.
            let follows_verb = text[..a]
                .split_whitespace()
                .last()
                .is_some_and(source::is_reporting_verb);
            let relative = follows_verb && matches!(after, "which" | "who" | "whose" | "where");
            if !source::is_reporting_verb(after) && !relative {
                return (a, b);
            }
            from + k
        }
        None => from + rest.trim_end_matches(['.', '"', '”', ' ']).len(),
    };
    let holds_quantity = from < q.1 && q.0 < end;
    if end - from > 120 || holds_quantity {
        return (a, b);
    }
    (a, end)
}

/// The length of a short bracketed aside without digits that opens `rest` (" (Indeci)"), or 0.
fn bracket_aside_at(rest: &str) -> usize {
    let Some(inner) = rest.strip_prefix(" (") else {
        return 0;
    };
    match inner.find(')') {
        Some(k)
            if k <= 40
                && !inner[..k].contains(['(', ','])
                && !inner[..k].contains(|c: char| c.is_ascii_digit()) =>
        {
            k + 3
        }
        _ => 0,
    }
}

/// Whether a phrase holds digits that are not part of a name: "PM 2.5", "Model 3", "COVID-19"
/// name something (digits after a capitalised word, or inside a word with capitals); "2024
/// budget" or "its 20 stores" do not.
fn digits_outside_a_name(words: &[&str]) -> bool {
    words.iter().enumerate().any(|(k, w)| {
        let digits = w.bytes().any(|b| b.is_ascii_digit());
        let capitals = w.chars().any(char::is_uppercase);
        let after_capital = k > 0 && words[k - 1].starts_with(char::is_uppercase);
        digits && !capitals && !after_capital
    })
}

/// Token by token, whether the sentence's parse reads it as part of a noun phrase (all its words
/// nouns, or modifiers of a noun: "the official confirmed death toll"); empty without a parse.
fn nouns_of(sentence: &crate::doc::Sentence) -> Vec<bool> {
    let Some(parse) = sentence.aligned_parse() else {
        return Vec::new();
    };
    (0..sentence.tokens.len())
        .map(|k| {
            let words = sentence.words_of_token(k);
            !words.is_empty()
                && words
                    .clone()
                    .all(|w| parse.upos[w] == "NOUN" || matches!(parse.rel(w), "amod" | "compound"))
        })
        .collect()
}

/// A subject as claims carry it (absolute span).
type SubjectPart = crate::doc::Subject;

/// What earlier sentences hand on to the subject step.
#[derive(Default)]
struct Carried {
    /// The last subject chosen (for "it", "they", and sentences without one).
    subject: Option<SubjectPart>,
    /// The last person named (for "he", "she").
    person: Option<SubjectPart>,
    /// The organisations the article names, with how often (for "the company").
    organisations: Vec<(String, usize)>,
}

impl Carried {
    /// Notes the organisations a sentence names.
    fn note_organisations(&mut self, doc: &Doc, sentence: &crate::doc::Sentence) {
        for e in sentence
            .entities
            .iter()
            .filter(|e| e.label == crate::doc::EntityLabel::ORG)
        {
            let name = doc
                .slice(e.span)
                .trim_end_matches("'s")
                .trim_end_matches("’s");
            match self.organisations.iter_mut().find(|(n, _)| n == name) {
                Some((_, count)) => *count += 1,
                None => self.organisations.push((name.to_string(), 1)),
            }
        }
    }

    /// The organisation a description such as "the company" refers to: the one the article names
    /// most often, the first named on a tie.
    fn main_organisation(&self) -> Option<&str> {
        self.organisations
            .iter()
            .enumerate()
            .max_by_key(|(k, (_, count))| (*count, std::cmp::Reverse(*k)))
            .map(|(_, (name, _))| name.as_str())
    }
}

/// Step: the unit of quantity `q` of sentence `si`: the grammar's, unless it left none or only a
/// measure noun ("an annual rate of 3.93 million", "the 2.2 million figure"); then, in order, the
/// noun the parse says the number counts, the unit of the number it is compared with, the noun of
/// its clause when its own is elided, the unit of the count before it, the noun of the clause a
/// clause without a subject hangs on. The two ends of a change ("from 630 to 719") count the
/// same thing.
fn choose_unit(doc: &Doc, si: usize, q: &crate::doc::Quantity) -> Option<crate::doc::Unit> {
    let measures = q.unit.as_ref().is_some_and(|u| {
        u.dimension == crate::doc::Dimension::Count && clause::is_measure_noun(&u.normalized)
    });
    if q.unit.is_some() && !measures {
        return q.unit.clone().map(|u| index_points(u, q.span));
    }
    parsed_unit(doc, si, q.span, unit::counted_noun)
        .or_else(|| partitive_unit(doc, si, q.span))
        .or_else(|| part_of_the_named(doc, si, q.span))
        .or_else(|| change_ends_unit(doc, si, q.span))
        .or_else(|| compared_unit(doc, si, q.span))
        .or_else(|| parsed_unit(doc, si, q.span, |p, w, q| unit::own_clause_noun(p, w, q, q)))
        .or_else(|| elided_unit(doc, si, q.span))
        .or_else(|| parsed_unit(doc, si, q.span, |p, w, q| unit::elided_noun(p, w, q, q)))
        .or_else(|| q.unit.clone())
        .map(|u| index_points(u, q.span))
}

/// An index the number is about, named before it, is counted in points ("the Nasdaq composite
/// index rose 23.82"; not "the S&P 500 index", where the number is part of the name).
fn index_points(unit: crate::doc::Unit, quantity: Span) -> crate::doc::Unit {
    let before = unit.span.is_none_or(|s| s.end <= quantity.start);
    if unit.normalized == "index" && before {
        crate::doc::Unit {
            text: "point".into(),
            normalized: "point".into(),
            span: None,
            dimension: crate::doc::Dimension::Count,
        }
    } else {
        unit
    }
}

/// One sentence as the attachment steps read it (spans of `toks` and `ents` relative to it).
struct SentenceView<'a> {
    doc: &'a Doc,
    si: usize,
    text: &'a str,
    toks: &'a [crate::doc::Token],
    ents: &'a [Entity],
}

/// Step: the subject of quantity `q`, tried in order: the phrase before its parentheses; an entity
/// the number counts, or a share or count "of" an entity; what the parse says the number describes
/// (a specific phrase, or a pronoun's antecedent); a name in the number's clause by the parse; the
/// whole a share is of; a name before the number; the things it counts; a bare noun from the
/// parse; a name after it; the person a sentence-opening pronoun refers to; a bare noun from the
/// parse ("a deficit of $28.3 billion"), a bare measure standing for the last subject; then,
/// without being handed on, the source's own entity, the organisation a quoted description stands
/// for, the last subject. Descriptions ("the company") resolve to the article's main organisation;
/// a leading quantifier is dropped. The claim's `source` (whether the rules or the attribution
/// model found it) and the rules' source mentions are never the subject.
fn choose_subject(
    here: &SentenceView,
    q: &crate::doc::Quantity,
    found: &[source::Found],
    source: Option<&crate::doc::Attribution>,
    carried: &mut Carried,
) -> Option<SubjectPart> {
    let base = here.doc.sentences[here.si].span.start;
    let qa = q.span.start - base;
    // A source that reports only what follows its cue ("The port, which employs 565,000 people,
    // said ...") may be what a number before the cue is about.
    let mut mentions: Vec<(usize, usize)> = found
        .iter()
        .filter(|f| f.covers(qa))
        .map(|f| f.mention)
        .collect();
    if let Some(m) = source
        .filter(|a| a.sentence_index == here.si)
        .and_then(|a| a.mention_span)
    {
        mentions.push((m.start, m.end));
    }
    // What the source's appositive names ("Jane Smith, an economist at Capital Economics") is the
    // source's, not the claim's.
    let mentions: Vec<(usize, usize)> = mentions
        .into_iter()
        .map(|m| with_appositive(here.text, m, (q.span.start - base, q.span.end - base)))
        .collect();
    let (qa, qb) = (q.span.start - base, q.span.end - base);
    let unit = q
        .unit
        .as_ref()
        .and_then(|u| u.span)
        .map(|s| (s.start - base, s.end - base));
    let share = q
        .unit
        .as_ref()
        .is_some_and(|u| matches!(u.normalized.as_str(), "fraction" | "percent"));
    // "624 members of Hezbollah", "300 employees of Boeing": a count of something of a name.
    let counts = q
        .unit
        .as_ref()
        .is_some_and(|u| u.dimension == crate::doc::Dimension::Count && u.span.is_some());
    let absolute = |s: subject::Subject| SubjectPart {
        span: Span::new(s.start + base, s.end + base),
        text: s.text,
        kind: s.kind,
    };
    let from_syntax = syntactic_subject(here.doc, here.si, q.span, &mentions);
    let (specific, vague) = match &from_syntax {
        Some(SyntacticSubject::Phrase(s, true)) => (Some(s.clone()), None),
        Some(SyntacticSubject::Phrase(s, false)) => (None, Some(s.clone())),
        Some(SyntacticSubject::Person) => (carried.person.clone(), None),
        // "The government said it would spend £1.5 billion": "it" is who speaks before it.
        Some(SyntacticSubject::Thing) => (
            speaker_before(here, q.span, source).or_else(|| carried.subject.clone()),
            None,
        ),
        None => (None, None),
    };
    let entities = subject::Sentence {
        text: here.text,
        toks: here.toks,
        ents: here.ents,
        source_mentions: &mentions,
    };
    // "He said ...": a pronoun that is the source names the speaker, not what the number is about.
    let pronoun = subject::opens_with_pronoun(here.toks)
        && !here
            .toks
            .iter()
            .find(|t| t.kind == crate::extract::tokens::Kind::Word)
            .is_some_and(|t| mentions.iter().any(|&(a, b)| t.start >= a && t.end <= b));
    // A duration ("a five-year tenure") describes someone's term or event: its noun is no subject.
    let duration = q
        .unit
        .as_ref()
        .is_some_and(|u| u.dimension == crate::doc::Dimension::Time);
    let in_clause = entities_in_clause(here, q.span);
    let clause_entities = in_clause
        .as_ref()
        .map(|ents| subject::Sentence { ents, ..entities });
    // A currency's nationality ("3.4 billion Danish crowns") names no subject.
    let counted = unit.filter(|_| {
        q.unit
            .as_ref()
            .is_some_and(|u| u.dimension != crate::doc::Dimension::Currency)
    });
    let chosen = subject::before_parenthesis(&entities, (qa, qb))
        .or_else(|| subject::in_counted_phrase(&entities, counted))
        .or_else(|| subject::share_of_entity(&entities, (qa, qb), unit, share || counts))
        .map(absolute)
        .or(specific)
        .or_else(|| {
            let clause = clause_entities.as_ref()?;
            subject::nearest_entity(clause, (qa, qb)).map(absolute)
        })
        .or_else(|| {
            subject::share_of_phrase(&entities, (qa, qb), unit, share)
                .map(absolute)
                .and_then(|part| nominal_part(here.doc, here.si, part))
        })
        .or_else(|| {
            // A name before the number stands where its subject would; one after it is more
            // often a place, a source or another item than what the number counts.
            let nearest = subject::nearest_entity(&entities, (qa, qb));
            match nearest {
                Some(e) if e.end <= qa => Some(absolute(e)),
                _ => counted_things(here.doc, here.si, q)
                    .or_else(|| {
                        vague
                            .clone()
                            .filter(|v| !names_a_measure(&v.text) && !duration)
                    })
                    .or_else(|| nearest.map(absolute)),
            }
        })
        .or_else(|| {
            if pronoun {
                carried.person.clone()
            } else {
                None
            }
        })
        // "Five years ago, the figure was 27 percent": a bare measure is of what the passage
        // measures.
        .or_else(|| match vague {
            Some(v) if names_a_measure(&v.text) && !v.text.contains(' ') => {
                carried.subject.clone().or(Some(v))
            }
            other => other,
        });
    // A number's own words are no subject ("C$127", read as a noun in "the C$127 million
    // shortfall").
    let chosen = chosen.filter(|part| {
        !here.doc.sentences[here.si]
            .quantities
            .iter()
            .any(|other| other.span.start <= part.span.start && part.span.end <= other.span.end)
    });
    if chosen.is_some() && !matches!(from_syntax, Some(SyntacticSubject::Thing)) {
        carried.subject = chosen.clone();
    }
    // Last, the source's own entity, which is not handed on: the next sentence is rarely about
    // who spoke. Then the last subject.
    chosen
        .or_else(|| subject::from_source(&entities).map(absolute))
        .or_else(|| {
            // "The Mountain View-based company said that it earned ...": the organisation the
            // description stands for.
            let a =
                source.filter(|a| a.sentence_index == here.si && a.label == MentionKind::Noun)?;
            let m = a.mention_span?;
            let head = a.mention.split_whitespace().last()?.to_lowercase();
            subject::is_organisation_noun(&head).then(|| {
                let part = SubjectPart {
                    span: m.shift(base),
                    text: a.mention.clone(),
                    kind: MentionKind::Noun,
                };
                resolve_description(part, carried)
            })
        })
        .or_else(|| carried.subject.clone())
        .map(|part| name_after_title(here, part))
        .map(|part| resolve_description(part, carried))
        .map(|part| without_quantifier(here.doc, part))
        .map(|part| with_owner_named(here, part, source))
}

/// Step: a subject opened by "its" ("its global workforce", "its copper production") names its
/// owner: the named source of the sentence that speaks before it, else the organisation named
/// before it in the sentence ("Hanbit Soft global workforce"); with neither ("the storm ... its
/// winds") it stays as written.
fn with_owner_named(
    here: &SentenceView,
    part: SubjectPart,
    source: Option<&crate::doc::Attribution>,
) -> SubjectPart {
    let base = here.doc.sentences[here.si].span.start;
    let Some(rest) = part.text.strip_prefix("its ") else {
        return part;
    };
    if part.kind != MentionKind::Noun || part.span.start < base {
        return part;
    }
    let at = part.span.start - base;
    let speaker = source
        .filter(|a| a.sentence_index == here.si && matches!(a.label, MentionKind::Entity(_)))
        .filter(|a| a.mention_span.is_some_and(|m| m.end <= at))
        .map(|a| a.text.clone());
    let named_before = here
        .ents
        .iter()
        .filter(|e| e.label == EntityLabel::ORG && e.span.end <= at)
        .max_by_key(|e| e.span.end)
        .map(|e| here.text[e.span.start..e.span.end].to_string());
    match speaker.or(named_before) {
        Some(owner) => SubjectPart {
            text: format!("{owner} {rest}"),
            ..part
        },
        None => part,
    }
}

/// The source of this sentence, when it is no named person, its cue stands before the quantity at
/// `quantity` and "it" or "they" between them ("The government said it would spend ..."): what
/// that pronoun stands for.
fn speaker_before(
    here: &SentenceView,
    quantity: Span,
    source: Option<&crate::doc::Attribution>,
) -> Option<SubjectPart> {
    let base = here.doc.sentences[here.si].span.start;
    let a = source.filter(|a| {
        a.sentence_index == here.si && a.label != MentionKind::Entity(EntityLabel::PER)
    })?;
    let cue = a.cue_span?;
    let mention = a.mention_span?;
    let pronoun = here.toks.iter().any(|t| {
        t.start >= cue.end && t.end + base <= quantity.start && (t.is("it") || t.is("they"))
    });
    let ordered = cue.end + base <= quantity.start && mention.end <= cue.start;
    (pronoun && ordered).then(|| SubjectPart {
        span: mention.shift(base),
        text: a.text.clone(),
        kind: a.label,
    })
}

/// A subject phrase less a leading quantifier that only says how many ("other buildings", "some
/// residents", "additional hikes"): the name is what follows.
fn without_quantifier(doc: &Doc, part: SubjectPart) -> SubjectPart {
    let part = without_trailing_preposition(doc, part);
    let Some((first, rest)) = part.text.split_once(' ') else {
        return part;
    };
    let quantifier = matches!(
        first.to_lowercase().as_str(),
        "other" | "additional" | "further" | "more" | "some" | "several" | "such" | "many"
    );
    if !quantifier || rest.trim().is_empty() {
        return part;
    }
    let cut = Span::new(part.span.end - rest.len(), part.span.end);
    if doc.slice(cut) != rest {
        return part;
    }
    SubjectPart {
        span: cut,
        text: rest.to_string(),
        ..part
    }
}

/// A noun phrase cut before its object keeps no preposition at its end ("total investment of"
/// -> "total investment").
fn without_trailing_preposition(doc: &Doc, part: SubjectPart) -> SubjectPart {
    let Some((head, last)) = part.text.rsplit_once(' ') else {
        return part;
    };
    let preposition = matches!(
        last.to_lowercase().as_str(),
        "of" | "in" | "for" | "by" | "to" | "with" | "at" | "on" | "from"
    );
    let cut = Span::new(part.span.start, part.span.start + head.len());
    if !preposition || part.kind != MentionKind::Noun || doc.slice(cut) != head {
        return part;
    }
    SubjectPart {
        span: cut,
        text: head.to_string(),
        ..part
    }
}

/// Step: a description standing as a title before a person's name ("the Green Party nominee Jill
/// Stein got 4 percent", "Mrs. Clinton's bundlers") is that person.
fn name_after_title(here: &SentenceView, part: SubjectPart) -> SubjectPart {
    let base = here.doc.sentences[here.si].span.start;
    if part.kind != MentionKind::Noun
        || part.span.start < base
        || part.span.end > base + here.text.len()
    {
        return part;
    }
    let (start, end) = (part.span.start - base, part.span.end - base);
    match person_after_title(here.text, here.ents, start, end) {
        Some(e) => SubjectPart {
            span: e.span.shift(base),
            text: here.text[e.span.start..e.span.end].to_string(),
            kind: MentionKind::Entity(EntityLabel::PER),
        },
        None => part,
    }
}

/// The person named right after the phrase at `[start, end)` of `text` when the phrase is a title
/// of theirs: it ends in a singular common noun ("nominee", "neurosurgeon") or an abbreviation
/// ("Mrs."), and one space stands between; not "the meetings Clinton had".
fn person_after_title<'e>(
    text: &str,
    ents: &'e [Entity],
    start: usize,
    end: usize,
) -> Option<&'e Entity> {
    let last = text[start..end].split_whitespace().last()?;
    let abbreviation = last.ends_with('.') && last.chars().next().is_some_and(char::is_uppercase);
    let plural = last.ends_with('s') && !last.ends_with("ss");
    let singular_noun = last.chars().next().is_some_and(char::is_lowercase)
        && last.chars().all(char::is_alphabetic)
        && !plural;
    if !(abbreviation || singular_noun) || text.get(end..end + 1) != Some(" ") {
        return None;
    }
    ents.iter()
        .find(|e| e.label == EntityLabel::PER && e.span.start == end + 1)
}

/// Step: a subject that only describes an organisation ("the company", "the aerospace
/// manufacturer", "the streaming company") is the organisation the article names most.
fn resolve_description(part: SubjectPart, carried: &Carried) -> SubjectPart {
    let words: Vec<&str> = part.text.split_whitespace().collect();
    // Capitals only in a hyphenated modifier ("the Mountain View-based company"), not a name.
    let names_none = words
        .iter()
        .skip(1)
        .all(|w| !w.starts_with(char::is_uppercase))
        || words.iter().any(|w| w.contains('-') && w.ends_with("ed"));
    let describes = part.kind == MentionKind::Noun
        && words
            .last()
            .is_some_and(|w| subject::is_organisation_noun(&w.to_lowercase()))
        && names_none;
    match carried.main_organisation().filter(|_| describes) {
        Some(name) => SubjectPart {
            text: name.to_string(),
            kind: MentionKind::Entity(EntityLabel::ORG),
            ..part
        },
        None => part,
    }
}

/// A subject phrase found without the parse, cut at its first verb where the parse tags one
/// ("23 percent of Americans smoke" -> "Americans"); `None` when nothing nominal is left.
fn nominal_part(doc: &Doc, si: usize, part: SubjectPart) -> Option<SubjectPart> {
    let sentence = &doc.sentences[si];
    let Some(parse) = sentence.aligned_parse() else {
        return Some(part);
    };
    let words = sentence.words_in(part.span);
    let end = words
        .clone()
        .find(|&w| matches!(parse.upos[w], "VERB" | "AUX" | "ADV" | "ADP"))
        .unwrap_or(words.end);
    if end == words.start {
        return None;
    }
    let cut = Span::new(part.span.start, sentence.words[end - 1].end);
    Some(SubjectPart {
        span: cut,
        text: doc.slice(cut).to_string(),
        kind: part.kind,
    })
}

/// The sentence's entities (spans relative to it) that belong to the clause stating the quantity at
/// `quantity` (`clause::in_clause_of`); `None` without a parse.
fn entities_in_clause(here: &SentenceView, quantity: Span) -> Option<Vec<Entity>> {
    let (sentence, parse, q) = parsed_quantity(here.doc, here.si, quantity)?;
    let base = sentence.span.start;
    Some(
        here.ents
            .iter()
            .filter(|e| {
                let words = sentence.words_in(e.span.shift(base));
                clause::head_of(parse, words).is_some_and(|w| clause::in_clause_of(parse, q, w))
            })
            .cloned()
            .collect(),
    )
}

/// Whether a subject phrase only names a measure ("figure", "rate"): what it measures is said
/// elsewhere.
fn names_a_measure(text: &str) -> bool {
    text.split_whitespace()
        .last()
        .is_some_and(|w| clause::is_measure_noun(&w.to_lowercase()))
}

/// Step: when no name belongs to the number's clause, the things it counts, as written ("16,324
/// dengue cases", "26,000 camera traps"); not a bare "people", which says nothing of whom.
fn counted_things(doc: &Doc, si: usize, q: &crate::doc::Quantity) -> Option<SubjectPart> {
    let unit = q.unit.as_ref()?;
    // "people" says nothing of whom; "2 points" measure what is named elsewhere.
    let generic = matches!(unit.normalized.as_str(), "person" | "people" | "point")
        || clause::is_measure_noun(&unit.normalized);
    if unit.dimension != crate::doc::Dimension::Count || generic {
        return None;
    }
    // An elided noun ("Of the 72 train passengers, 15 were released") is written before.
    let span = unit
        .span
        .or_else(|| written_before(doc, si, q.span, unit))?;
    Some(SubjectPart {
        span,
        text: doc.slice(span).to_string(),
        kind: MentionKind::Noun,
    })
}

/// Where the noun of an inferred `unit` is written before the quantity at `quantity` in sentence
/// `si`: its head word's last occurrence, with the words of the unit right before it.
fn written_before(doc: &Doc, si: usize, quantity: Span, unit: &crate::doc::Unit) -> Option<Span> {
    let sentence = &doc.sentences[si];
    let words = &sentence.words[..sentence
        .words_in(Span::new(sentence.span.start, quantity.start))
        .end];
    let same =
        |w: &Span, t: &str| crate::extract::lexicon::singular(&doc.slice(*w).to_lowercase()) == t;
    let head = words.iter().rposition(|w| same(w, &unit.normalized))?;
    let modifiers: Vec<&str> = unit.text.split_whitespace().collect();
    let mut first = head;
    while first > 0 && modifiers.contains(&doc.slice(words[first - 1]).to_lowercase().as_str()) {
        first -= 1;
    }
    Some(Span::new(words[first].start, words[head].end))
}

/// Whether the quantity at `q` (relative to its sentence) lies inside one of its sentence's time
/// expressions.
fn inside_a_time(times: &[date::TimeExpr], q: Span) -> bool {
    times.iter().any(|t| t.start <= q.start && q.end <= t.end)
}

/// Step: the date of the quantity at `quantity`: the time expression right after it ("fell 2.1% in
/// March"), else the one of its item in a list ("January with 36; February with 32"), else the one
/// the parse says governs it, else the nearest one in the sentence, else the publication date;
/// never one that follows the base it is compared with ("jumped to 1.95% from 1.92% a day
/// earlier"), one that is the base ("higher than in 2016"), nor one inside a clause that does not
/// hold the quantity ("shares, which closed at $237.41 on Tuesday, were up 1.1%").
fn choose_date(
    here: &SentenceView,
    quantity: Span,
    times: &[date::TimeExpr],
    period: Option<&str>,
    pub_date: Option<chrono::NaiveDate>,
) -> Option<crate::doc::TimeRef> {
    let base = here.doc.sentences[here.si].span.start;
    let (qa, qb) = (quantity.start - base, quantity.end - base);
    // Times after the base of a comparison ("from 1.92% a day earlier") date that base alone, and
    // times after the end of a change ("rise from 3.5 million to 4.6 million by May") its end.
    let sentence = &here.doc.sentences[here.si];
    let other_at = sentence
        .quantities
        .iter()
        .filter(|r| r.span.start >= quantity.end)
        .min_by_key(|r| r.span.start)
        .filter(|r| compares_with(here.doc, quantity, r.span))
        .map(|r| r.span.start - base);
    let unit_end = sentence
        .quantities
        .iter()
        .find(|x| x.span == quantity)
        .map_or(qb, |x| x.end_with_unit() - base);
    let mut own: Vec<date::TimeExpr> = times
        .iter()
        .filter(|t| other_at.is_none_or(|b| t.start < b) && !date::is_comparison_base(here.toks, t))
        .cloned()
        .collect();
    // "lowest during the year in the early hours of 12 June": a reference to a year named before
    // only frames the sentence; a time of its own is more precise.
    if own.iter().any(|t| t.year_named.is_none()) {
        own.retain(|t| t.year_named.is_none());
    }
    if let Some(t) = time_before_when(here.toks, here.text, times, qa) {
        return Some(crate::doc::TimeRef {
            span: t.span.map(|s| s.shift(base)),
            ..t
        });
    }
    // "Profit climbed to 4.3 billion from 3.7 billion a year earlier": with no time of its own,
    // a number compared with a year before is of the period that year counts back from.
    if own.is_empty()
        && times
            .iter()
            .any(|t| t.kind == crate::doc::TimeKind::YearAgo)
    {
        if let Some(period) = period {
            return Some(crate::doc::TimeRef {
                text: "the period named before".into(),
                value: period.to_string(),
                kind: crate::doc::TimeKind::Carried,
                span: None,
            });
        }
    }
    // The words next to the quantity outweigh the parse.
    let beside = date::right_after(&own, here.text, unit_end)
        .or_else(|| date::in_list_item(&own, here.text, qa));
    let dated = |candidates: &[date::TimeExpr]| {
        date::date_for(candidates, here.text, qa, qb, pub_date).map(|t| crate::doc::TimeRef {
            span: t.span.map(|s| s.shift(base)),
            ..t
        })
    };
    if let Some(k) = beside {
        return dated(&own[k..=k]);
    }
    let elsewhere = times_in_other_clauses(here.doc, here.si, quantity, &own);
    let own: Vec<date::TimeExpr> = own
        .into_iter()
        .enumerate()
        .filter(|(k, _)| !elsewhere.contains(k))
        .map(|(_, t)| t)
        .collect();
    let governing = governing_time(here.doc, here.si, quantity, &own);
    dated(governing.map_or(&own[..], |k| &own[k..=k]))
}

/// "since January 2019, when temperatures topped 40C", "in 2008, when banks failed": a clause
/// opened by ", when" after a time happened at that time (the start of a span since then); the
/// time for a quantity at `qa` inside such a clause, when the clause names no time of its own.
fn time_before_when(
    toks: &[crate::extract::tokens::Token],
    text: &str,
    times: &[date::TimeExpr],
    qa: usize,
) -> Option<crate::doc::TimeRef> {
    let when = toks
        .iter()
        .enumerate()
        .filter(|(k, t)| t.is("when") && *k > 0 && toks[k - 1].text == "," && t.end <= qa)
        .map(|(k, _)| k)
        .next_back()?;
    let comma = &toks[when - 1];
    // The clause runs to the next comma after the quantity; a time inside it is its own.
    let clause_end = toks
        .iter()
        .find(|t| t.text == "," && t.start >= qa)
        .map_or(usize::MAX, |t| t.start);
    if times
        .iter()
        .any(|t| t.start > comma.start && t.start < clause_end)
    {
        return None;
    }
    let t = times.iter().find(|t| t.end == comma.start)?;
    let value = t.value.as_deref()?;
    // "since January 2019, when": the start of the span; "in 2015-2016, when": the span.
    let point = if t.kind == crate::doc::TimeKind::Since {
        value.split('/').next()?.to_string()
    } else {
        value.to_string()
    };
    Some(crate::doc::TimeRef {
        text: text[t.start..t.end].to_string(),
        value: point,
        kind: t.kind,
        span: Some(Span::new(t.start, t.end)),
    })
}

/// Which of the sentence's time expressions stand inside a clause that does not hold the quantity
/// at `quantity` (a relative or adverbial clause: "which closed ... on Tuesday", "after the storm
/// hit last week") or that only describes another noun ("before the release of the third-quarter
/// results"), by the parse; none without one.
fn times_in_other_clauses(
    doc: &Doc,
    si: usize,
    quantity: Span,
    times: &[date::TimeExpr],
) -> Vec<usize> {
    let Some((sentence, parse, q)) = parsed_quantity(doc, si, quantity) else {
        return Vec::new();
    };
    let base = sentence.span.start;
    let words_text: Vec<&str> = sentence.words.iter().map(|w| doc.slice(*w)).collect();
    (0..times.len())
        .filter(|&k| {
            let words = sentence.words_in(Span::new(times[k].start + base, times[k].end + base));
            // A time whose own head is a clause ("in the quarter ended Dec. 28", parsed as
            // "ended" modifying the verb) is that clause: what matters is where it hangs.
            let last = words.end.checked_sub(1);
            let head = clause::head_of(parse, words).and_then(|h| {
                if matches!(parse.rel(h), "acl" | "advcl") {
                    parse.head(h)
                } else {
                    Some(h)
                }
            });
            // The time word itself, not an article it shares with the noun it describes ("the
            // third-quarter results").
            let run = sentence.words_in(Span::new(times[k].start + base, times[k].end + base));
            let attributive = run
                .clone()
                .filter(|&w| {
                    parse.head(w).is_none_or(|h| !run.contains(&h))
                        && !matches!(parse.upos[w], "DET" | "ADP" | "PUNCT")
                })
                .any(|h| clause::describes_another_noun(&words_text, parse, q, h));
            attributive
                || (head.is_some_and(|h| clause::in_other_clause(parse, q, h))
                    && !last.is_some_and(|w| clause::before_its_clause(parse, w)))
        })
        .collect()
}

/// Whether the model's cue for the quantity at `quantity` (the cue of the attribution whose content
/// holds it, written in sentence `si`) is an act on it rather than a report of it: a verb that is
/// no reporting verb, with the quantity in its object ("the government has ordered 50% minimum
/// services", "the striker has agreed a six-year deal"). A reporting verb's object is what is
/// reported ("reported 60 million subscribers"), and a clause is a report ("said it had 60
/// million"); false without a parse.
fn model_cue_acts_on(doc: &Doc, si: usize, quantity: Span) -> bool {
    let Some(a) = doc
        .attributions
        .as_deref()
        .and_then(|layer| source::containing(layer, quantity))
    else {
        return false;
    };
    let Some(cue) = a.cue.filter(|c| doc.sentences[si].span.contains(c)) else {
        return false;
    };
    // Findings do not act: what a poll or a survey does with a figure is report it.
    let findings = a.source.is_some_and(|s| {
        doc.slice(s)
            .split(|c: char| !c.is_alphanumeric())
            .any(source::is_report_noun)
    });
    if findings {
        return false;
    }
    let Some((sentence, parse, q)) = parsed_quantity(doc, si, quantity) else {
        return false;
    };
    let Some(verb) = sentence
        .words_in(cue)
        .rev()
        .find(|&w| parse.upos[w] == "VERB")
    else {
        return false;
    };
    if source::is_reporting_verb(doc.slice(sentence.words[verb])) {
        return false;
    }
    // The quantity lies under one of the verb's objects.
    (0..parse.len()).any(|o| {
        parse.head(o) == Some(verb)
            && matches!(parse.rels[o].as_str(), "obj" | "iobj")
            && clause::dominates(parse, o, q)
    })
}

/// Sentence `si`, its parse, and the head word of the quantity at `quantity` in it; `None` when
/// the sentence was not parsed.
fn parsed_quantity(
    doc: &Doc,
    si: usize,
    quantity: Span,
) -> Option<(&crate::doc::Sentence, &crate::doc::Parse, usize)> {
    let sentence = &doc.sentences[si];
    let parse = sentence.aligned_parse()?;
    let q = clause::head_of(parse, sentence.words_in(quantity))?;
    Some((sentence, parse, q))
}

/// What the parse says a quantity is about.
enum SyntacticSubject {
    /// A noun phrase of the sentence, and whether it names something specific (an entity, or a
    /// noun with modifiers: "existing home sales") rather than a bare noun ("deaths", "his
    /// remarks").
    Phrase(SubjectPart, bool),
    /// A personal pronoun ("he said"): the last person named.
    Person,
    /// "it", "they": the last subject.
    Thing,
}

/// The subject of the quantity at `quantity` in sentence `si`, read off its parse
/// (`clause::subject_of_quantity`); `None` without a parse, or when the phrase is the source.
fn syntactic_subject(
    doc: &Doc,
    si: usize,
    quantity: Span,
    source_mentions: &[(usize, usize)],
) -> Option<SyntacticSubject> {
    let (sentence, parse, q) = parsed_quantity(doc, si, quantity)?;
    let words: Vec<&str> = sentence.words.iter().map(|w| doc.slice(*w)).collect();
    let unit = sentence
        .quantities
        .iter()
        .find(|x| x.span == quantity)
        .and_then(|x| x.unit.as_ref());
    let measured = unit.is_some_and(|u| u.dimension != crate::doc::Dimension::Count);
    let unit_words: Vec<usize> = unit
        .and_then(|u| u.span)
        .map(|span| sentence.words_in(span).collect())
        .unwrap_or_default();
    let amount = if unit.is_some_and(|u| u.dimension == crate::doc::Dimension::Currency) {
        clause::Amount::Money
    } else {
        clause::Amount::Other
    };
    match clause::subject_of_quantity(&words, parse, q, measured, amount, &unit_words)? {
        clause::Found::Pronoun(w) => Some(
            if matches!(
                words[w].to_lowercase().as_str(),
                "he" | "she" | "him" | "her" | "i" | "we"
            ) {
                SyntacticSubject::Person
            } else {
                SyntacticSubject::Thing
            },
        ),
        clause::Found::Phrase {
            mut first,
            mut last,
            head,
        } => {
            // "this year's cases", "This year gross debt": a time that owns or modifies the
            // phrase dates it and names nothing of it.
            if let Some(k) = (first..head).find(|&k| matches!(words[k], "'s" | "’s")) {
                if (first..k).any(|w| clause::is_time_noun(words[w])) {
                    first = k + 1;
                }
            }
            if let Some(k) = (first..head)
                .rfind(|&k| clause::is_time_noun(words[k]) && parse.rel(k).starts_with("nmod"))
            {
                first = k + 1;
            }
            // "Revenue for the period", "sales in the quarter", "sales in 2003": a time after the
            // head dates the phrase; it ends before that time's preposition.
            if let Some(k) = (head + 1..=last).find(|&k| {
                (clause::is_time_noun(words[k]) || date::year(words[k]).is_some())
                    && parse.rel(k).starts_with("nmod")
                    && parse.head(k).is_some_and(|h| (first..=last).contains(&h))
            }) {
                let opens = (head + 1..=k)
                    .find(|&w| clause::dominates(parse, k, w))
                    .unwrap_or(k);
                last = opens.saturating_sub(1).max(head);
            }
            let span = Span::new(sentence.words[first].start, sentence.words[last].end);
            let base = sentence.span.start;
            let is_source = source_mentions
                .iter()
                .any(|&(a, b)| Span::new(a + base, b + base).overlaps(&sentence.words[head]));
            let text = doc.slice(span);
            let holds_a_quantity = sentence.quantities.iter().any(|q| q.span.overlaps(&span));
            // "70 to 80 kph (43 to 50 mph)": what another number is counted in is no subject.
            let is_a_unit = sentence.quantities.iter().any(|q| {
                q.span != quantity
                    && q.unit
                        .as_ref()
                        .and_then(|u| u.span)
                        .is_some_and(|u| u.overlaps(&sentence.words[head]))
            });
            if is_source
                || holds_a_quantity
                || is_a_unit
                || span.overlaps(&quantity)
                || digits_outside_a_name(&words[first..=last])
                || clause::is_time_noun(words[head])
                || (clause::is_change_noun(words[head]) && parse.head(q) == Some(head) && q < head)
            {
                return None;
            }
            let label = sentence
                .entities
                .iter()
                .find(|e| e.span.overlaps(&sentence.words[head]))
                .map_or(MentionKind::Noun, |e| MentionKind::Entity(e.label));
            let content = (first..=last)
                .filter(|&w| !matches!(parse.upos[w], "DET" | "PRON" | "PUNCT" | "ADP" | "PART"))
                .count();
            // A noun that only measures something else ("the rate of advancement") is no more
            // specific than a bare noun.
            // "its pre-war stock", "his departure": whose it is needs the antecedent first.
            let owner_pronoun = (first..head).any(|w| parse.upos[w] == "PRON");
            // A noun the number itself hangs on ("a turnout of 66%") is what it describes, even
            // bare.
            // Not a duration ("a five-year tenure"): that describes someone's term.
            let duration = unit.is_some_and(|u| u.dimension == crate::doc::Dimension::Time);
            // So is the thing whose change it measures ("a 2% rise in sales", "cut production by
            // 10%").
            let direct = (parse.head(q) == Some(head) && parse.rel(q) != "nummod" && !duration)
                || clause::changed_thing(&words, parse, q, &unit_words) == Some(head);
            let specific = !owner_pronoun
                && (label != MentionKind::Noun
                    || parse.upos[head] == "PROPN"
                    || ((content >= 2 || direct) && !clause::is_measure_noun(words[head])));
            Some(SyntacticSubject::Phrase(
                SubjectPart {
                    span,
                    text: text.to_string(),
                    kind: label,
                },
                specific,
            ))
        }
    }
}

/// Which of the sentence's time expressions governs the quantity at `quantity`, by the parse
/// (`clause::closest_governor`); `None` without a parse or when none is attached above it. An
/// expression that governs but cannot be resolved (no publication date) leaves the date null.
fn governing_time(doc: &Doc, si: usize, quantity: Span, times: &[date::TimeExpr]) -> Option<usize> {
    if times.is_empty() {
        return None;
    }
    let (sentence, parse, q) = parsed_quantity(doc, si, quantity)?;
    let base = sentence.span.start;
    let mut heads = Vec::new();
    let mut which = Vec::new();
    for (k, t) in times.iter().enumerate() {
        let words = sentence.words_in(Span::new(t.start + base, t.end + base));
        if let Some(h) = clause::head_of(parse, words) {
            heads.push(h);
            which.push(k);
        }
    }
    clause::closest_governor(parse, q, &heads).map(|i| which[i])
}

/// The sentence's time expressions less those that date the act of reporting ("Statistics
/// Canada said on Wednesday", "the company said Tuesday") when the sentence has a time of its own
/// besides: the report's day is not the period its numbers are of ("tuition rose 3.1% for the
/// 2025/2026 academic year, Statistics Canada said on Wednesday").
fn without_times_of_speech(
    text: &str,
    times: &[date::TimeExpr],
    found: &[source::Found],
) -> Vec<date::TimeExpr> {
    // A time right after a cue, or after "on" or "earlier": "said on Wednesday", "said Tuesday",
    // "said earlier this month".
    let after_cue = |t: &date::TimeExpr| {
        found.iter().any(|f| {
            f.attribution.cue_span.is_some_and(|cue| {
                t.start >= cue.end && matches!(text[cue.end..t.start].trim(), "" | "on" | "earlier")
            })
        })
    };
    // A single day in a sentence that reports the numbers of a period ("reported a 6.3% rise in
    // second-quarter revenue on Thursday"): the day of the report.
    let names_a_period = times.iter().any(|t| {
        matches!(
            t.kind,
            crate::doc::TimeKind::Quarter
                | crate::doc::TimeKind::Interval
                | crate::doc::TimeKind::MonthsEnded
        )
    });
    // The day stands after the cue ("shares fell 3% on Tuesday after the company reported
    // second-quarter results" dates the fall).
    let after_a_cue = |t: &date::TimeExpr| {
        found
            .iter()
            .any(|f| f.attribution.cue_span.is_some_and(|cue| cue.end <= t.start))
    };
    let report_day = |t: &date::TimeExpr| {
        names_a_period
            && after_a_cue(t)
            && t.kind == crate::doc::TimeKind::Relative
            && t.value.as_ref().is_some_and(|v| v.len() == 10)
    };
    let of_speech = |t: &date::TimeExpr| after_cue(t) || report_day(t);
    let (speech, own): (Vec<_>, Vec<_>) = times.iter().cloned().partition(of_speech);
    if speech.is_empty() || own.is_empty() {
        return times.to_vec();
    }
    own
}

/// In a sentence with "respectively", each quantity of a list ("18% and 14%") paired with the
/// name in the same place of the list of names before it ("Samsung and Xiaomi"); `None` when
/// there is no such pair of lists of the same length.
fn respectively(here: &SentenceView) -> Option<Vec<(Span, SubjectPart)>> {
    let at = here.text.find(" respectively")?;
    let sentence = &here.doc.sentences[here.si];
    let base = sentence.span.start;
    let joined = |a: usize, b: usize| {
        let gap = here.text[a..b].trim();
        matches!(gap, "," | "and" | ", and" | "or")
    };
    // The list of quantities that ends nearest before "respectively".
    let before: Vec<&crate::doc::Quantity> = sentence
        .quantities
        .iter()
        .filter(|q| q.span.end - base <= at)
        .collect();
    let mut list = vec![*before.last()?];
    for q in before.iter().rev().skip(1) {
        let next = list.last()?;
        let end = q.end_with_unit().min(next.span.start);
        if !joined(end - base, next.span.start - base) {
            break;
        }
        list.push(q);
    }
    list.reverse();
    if list.len() < 2 {
        return None;
    }
    // The list of names of the same length before the first quantity.
    let first = list[0].span.start - base;
    let names: Vec<&Entity> = here.ents.iter().filter(|e| e.span.end <= first).collect();
    if names.len() < list.len() {
        return None;
    }
    let names = &names[names.len() - list.len()..];
    if !names
        .windows(2)
        .all(|w| joined(w[0].span.end, w[1].span.start))
    {
        return None;
    }
    Some(
        list.iter()
            .zip(names)
            .map(|(q, e)| {
                (
                    q.span,
                    SubjectPart {
                        span: e.span.shift(base),
                        text: here.text[e.span.start..e.span.end].to_string(),
                        kind: MentionKind::Entity(e.label),
                    },
                )
            })
            .collect(),
    )
}

/// The name a compared quantity is set against: an entity right after it (and its unit) through
/// "in", "for" or "at" ("compared with C$3,500 in Quebec", "versus 4.1% for Germany").
fn contrasted_name(here: &SentenceView, q: &crate::doc::Quantity) -> Option<SubjectPart> {
    let base = here.doc.sentences[here.si].span.start;
    let end = q.end_with_unit() - base;
    let rest = here.text.get(end..)?;
    let after = rest.trim_start();
    let preposition = ["in ", "for ", "at "]
        .iter()
        .find(|p| after.starts_with(*p))?;
    let from = end + (rest.len() - after.len()) + preposition.len();
    let e = here.ents.iter().find(|e| {
        e.span.start >= from
            && here.text[from..e.span.start]
                .split_whitespace()
                .all(|w| w.eq_ignore_ascii_case("the"))
    })?;
    Some(SubjectPart {
        span: e.span.shift(base),
        text: here.text[e.span.start..e.span.end].to_string(),
        kind: MentionKind::Entity(e.label),
    })
}

/// Whether the quantity at `quantity` gives the change of the amount before it, set off by a comma
/// ("approved NZ$8.9 billion of new home loans, up 16% from a year earlier", "revenue of $5
/// billion, down 3%"): then it is about what that amount is about.
fn changes_the_amount_before(doc: &Doc, previous: Span, quantity: Span) -> bool {
    let between = doc
        .slice(Span::new(previous.end, quantity.start))
        .trim_end();
    let Some(comma) = between.rfind(',') else {
        return false;
    };
    let after = between[comma + 1..].trim().to_lowercase();
    let clause = &between[..comma];
    matches!(
        after.as_str(),
        "up" | "down"
            | "up by"
            | "down by"
            | "an increase of"
            | "a decrease of"
            | "a rise of"
            | "a drop of"
            | "a fall of"
            | "a gain of"
            | "a decline of"
    ) && !clause.contains([',', ';'])
        && clause.split_whitespace().count() <= 8
}

/// Whether the words between the quantities at `previous` and `quantity` compare the second with
/// the first ("up from", "than", "compared with") or make them the ends of a change ("from 630 to
/// 719").
fn compares_with(doc: &Doc, previous: Span, quantity: Span) -> bool {
    let between = doc.slice(Span::new(previous.end, quantity.start));
    unit::compares_with_previous(between)
        || from_to(doc, previous.start, previous.end, quantity.start)
}

/// Whether the quantities starting at `first_start` and `second_start` are the ends of a change
/// written "from A to B": the word before the first is "from" and only "to" stands between the
/// first's end (`first_end`: its span's, or its unit's) and the second.
fn from_to(doc: &Doc, first_start: usize, first_end: usize, second_start: usize) -> bool {
    let before = doc.text()[..first_start].trim_end();
    let from = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("from"));
    from && doc
        .slice(Span::new(first_end.min(second_start), second_start))
        .trim()
        == "to"
}

/// The unit of a part of a group named after it ("17 of the dead", "three of the victims", "two
/// of its ministers"): the group's noun; people named by their state count deaths ("the dead")
/// or persons ("the injured"), as ANNOTATION.md counts people with no noun.
fn part_of_the_named(doc: &Doc, si: usize, quantity: Span) -> Option<crate::doc::Unit> {
    let sentence = &doc.sentences[si];
    let rest = doc.slice(Span::new(quantity.end, sentence.span.end));
    let mut words = rest.split_whitespace();
    if words.next()? != "of" {
        return None;
    }
    let owner = words.next()?.to_lowercase();
    if !matches!(owner.as_str(), "the" | "its" | "their" | "these" | "those") {
        return None;
    }
    let word = words.next()?;
    let bare = word.trim_end_matches(|c: char| !c.is_alphanumeric());
    let lower = bare.to_lowercase();
    // A group named by its state must end the phrase ("of the dead were", not "of the dead
    // soldiers").
    let ends = bare.len() < word.len()
        || words.next().is_none_or(|next| {
            let next = next.to_lowercase();
            crate::extract::lexicon::is_np_stop(&next)
                || matches!(
                    next.as_str(),
                    "were" | "was" | "are" | "is" | "have" | "has" | "had" | "will" | "would"
                )
        });
    let unit = match lower.as_str() {
        "dead" => "death",
        "injured" | "wounded" | "missing" | "displaced" => "person",
        w if w.len() > 3 && w.ends_with('s') && bare.chars().all(char::is_lowercase) => {
            return Some(crate::doc::Unit {
                text: crate::extract::lexicon::singular(w),
                normalized: crate::extract::lexicon::singular(w),
                span: None,
                dimension: crate::doc::Dimension::Count,
            });
        }
        _ => return None,
    };
    ends.then(|| crate::doc::Unit {
        text: unit.to_string(),
        normalized: unit.to_string(),
        span: None,
        dimension: crate::doc::Dimension::Count,
    })
}

/// The unit of a part counted out of a counted whole ("14 of the world's 20 most polluted cities",
/// "three of its 12 stores"): the whole's unit, unwritten.
fn partitive_unit(doc: &Doc, si: usize, quantity: Span) -> Option<crate::doc::Unit> {
    let sentence = &doc.sentences[si];
    let whole = sentence
        .quantities
        .iter()
        .filter(|w| w.span.start >= quantity.end)
        .min_by_key(|w| w.span.start)?;
    let unit =
        choose_unit(doc, si, whole).filter(|u| u.dimension == crate::doc::Dimension::Count)?;
    let between = doc.slice(Span::new(quantity.end, whole.span.start));
    let mut words = between.split_whitespace();
    let owners = words.clone().skip(1).count();
    let determiners = |w: &str| {
        crate::extract::lexicon::is_determiner(&w.to_lowercase())
            || w.ends_with("'s")
            || w.ends_with("’s")
    };
    (words.next() == Some("of") && owners <= 3 && words.all(determiners))
        .then_some(crate::doc::Unit { span: None, ..unit })
}

/// The other end of the change whose end is the quantity at `quantity` ("from 630 to 719"; the
/// words before the first end end with "from", only "to" stands between them).
fn other_end_of_change(doc: &Doc, si: usize, quantity: Span) -> Option<&crate::doc::Quantity> {
    let quantities = &doc.sentences[si].quantities;
    let ends = |a: &crate::doc::Quantity, b: &crate::doc::Quantity| {
        from_to(doc, a.span.start, a.end_with_unit(), b.span.start)
    };
    let k = quantities.iter().position(|x| x.span == quantity)?;
    let this = &quantities[k];
    let next = quantities.get(k + 1).filter(|b| ends(this, b));
    next.or_else(|| {
        k.checked_sub(1)
            .map(|j| &quantities[j])
            .filter(|a| ends(a, this))
    })
}

/// The unit of an end of a change written without one ("a 14% increase in homicide offences, from
/// 630 to 719"; "expected to rise from 3.5 million to 4.6 million"): both ends count the same
/// thing, so the other end's written unit, else the noun the change is in, else what the parse
/// says the other end counts.
fn change_ends_unit(doc: &Doc, si: usize, quantity: Span) -> Option<crate::doc::Unit> {
    let other = other_end_of_change(doc, si, quantity)?;
    let measures = |u: &crate::doc::Unit| {
        u.dimension == crate::doc::Dimension::Count && clause::is_measure_noun(&u.normalized)
    };
    if let Some(unit) = other.unit.as_ref().filter(|u| !measures(u)) {
        return Some(crate::doc::Unit {
            span: None,
            ..unit.clone()
        });
    }
    parsed_unit(doc, si, quantity, unit::changed_noun).or_else(|| {
        parsed_unit(doc, si, other.span, unit::counted_noun)
            .or_else(|| parsed_unit(doc, si, other.span, |p, w, q| unit::elided_noun(p, w, q, q)))
            .map(|u| crate::doc::Unit { span: None, ..u })
    })
}

/// The unit of the quantity at `quantity` when the words before it compare it with the quantity
/// before it in the sentence ("2,967 tigers ..., up from 2,226"): that quantity's unit, unwritten.
/// A percentage that sizes a change is no unit of its base ("rose 9% from 400").
fn compared_unit(doc: &Doc, si: usize, quantity: Span) -> Option<crate::doc::Unit> {
    let sentence = &doc.sentences[si];
    let previous = sentence
        .quantities
        .iter()
        .filter(|p| p.span.end <= quantity.start)
        .max_by_key(|p| p.span.end)?;
    let unit = previous.unit.as_ref()?;
    if previous.change.is_some() && unit.dimension == crate::doc::Dimension::Percent {
        return None;
    }
    let between = doc.slice(Span::new(previous.span.end, quantity.start));
    unit::compares_with_previous(between).then(|| crate::doc::Unit {
        span: None,
        ..unit.clone()
    })
}

/// The unit of a count whose noun is elided (`unit::stands_alone`: "Of the 72 passengers, 15 were
/// released"; "France's 167,000"; "cancelled 90 flights and expects to cancel up to 120"): what
/// the nearest count before it in the sentence counts by a written noun, else what the nearest
/// one counts by the parse (a written noun is the surer of the two).
fn elided_unit(doc: &Doc, si: usize, quantity: Span) -> Option<crate::doc::Unit> {
    let sentence = &doc.sentences[si];
    let parse = sentence.aligned_parse()?;
    let q = clause::quantity_head(parse, sentence.words_in(quantity))?;
    let words: Vec<&str> = sentence.words.iter().map(|w| doc.slice(*w)).collect();
    if !unit::stands_alone(parse, &words, q) {
        return None;
    }
    let before: Vec<&crate::doc::Quantity> = sentence
        .quantities
        .iter()
        .filter(|p| p.span.end <= quantity.start)
        .collect();
    let is_count = |u: &crate::doc::Unit| u.dimension == crate::doc::Dimension::Count;
    let written = before
        .iter()
        .rev()
        .find_map(|p| p.unit.clone().filter(is_count));
    let unit = written.or_else(|| {
        before.iter().rev().find_map(|p| {
            match &p.unit {
                // A quantity with a unit of its own other than a count (percent, money).
                Some(u) if !is_count(u) => None,
                _ => parsed_unit(doc, si, p.span, unit::counted_noun).or_else(|| {
                    parsed_unit(doc, si, p.span, |p, w, q| unit::own_clause_noun(p, w, q, q))
                }),
            }
            .filter(is_count)
        })
    })?;
    Some(crate::doc::Unit { span: None, ..unit })
}

/// The unit of the quantity at `quantity` read off the parse by `read` (`unit::counted_noun`,
/// `unit::elided_noun`), for a quantity the grammar left without one.
fn parsed_unit(
    doc: &Doc,
    si: usize,
    quantity: Span,
    read: impl Fn(&crate::doc::Parse, &[&str], usize) -> Option<(usize, usize)>,
) -> Option<crate::doc::Unit> {
    let (sentence, parse, q) = parsed_quantity(doc, si, quantity)?;
    let words: Vec<&str> = sentence.words.iter().map(|w| doc.slice(*w)).collect();
    let (mut first, mut head) = read(parse, &words, q)?;
    // "the number of people", "a record 15,215": a noun that only measures counts what it
    // measures, if it says; else what the clause counts ("sales ... to an annual rate of 4.04
    // million": home sales, per year).
    let mut per_year = false;
    if clause::is_measure_noun(words[head]) {
        per_year = words[head].eq_ignore_ascii_case("rate")
            && parse.children(head).any(|c| {
                matches!(
                    words[c].to_lowercase().as_str(),
                    "annual" | "annualized" | "annualised" | "yearly"
                )
            });
        // What it measures follows it ("the number of people"); a possessor before it
        // ("analysts' estimates of 415,000") owns the measure, it is not what is counted.
        let measured = parse
            .children(head)
            .find(|&c| c > head && parse.rel(c) == "nmod" && parse.upos[c] == "NOUN");
        (first, head) = match measured {
            Some(m) => (m, m),
            None => unit::elided_noun(parse, &words, head, q)?,
        };
    }
    let span = Span::new(sentence.words[first].start, sentence.words[head].end);
    if span.overlaps(&quantity) || clause::is_time_noun(words[head]) {
        return None;
    }
    let mut unit = unit::unit_of(&words, &sentence.words, first, head);
    if per_year {
        unit.text.push_str(" per year");
    }
    Some(unit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Article;

    /// A subject part, as the steps hand it on.
    fn part(span: Span, text: String, kind: MentionKind) -> SubjectPart {
        SubjectPart { span, text, kind }
    }

    /// A document as the pipeline builds it without models: sentences, words and quantities, no
    /// entities, no parse.
    fn doc_of(text: &str, date: &str) -> Doc {
        let article = Article {
            id: "t".into(),
            text: text.into(),
            date: chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(),
            ..Default::default()
        };
        let sentences = crate::split::sentences(text);
        let mut doc = Doc {
            article,
            sentences,
            ..Default::default()
        };
        crate::extract::annotate(&mut doc);
        doc
    }

    /// (quantity text, date value) of every claim.
    /// Each claim's quantity as written, with one of its fields.
    fn claim_fields(
        text: &str,
        date: &str,
        field: impl Fn(Claim) -> Option<String>,
    ) -> Vec<(String, Option<String>)> {
        let doc = doc_of(text, date);
        claims(&doc, 0.0)
            .into_iter()
            .map(|c| (doc.slice(c.quantity.span).to_string(), field(c)))
            .collect()
    }

    fn dates(text: &str, date: &str) -> Vec<(String, Option<String>)> {
        claim_fields(text, date, |c| c.date.map(|d| d.value))
    }

    fn part_of(got: &[(String, Option<String>)], q: &str) -> Option<String> {
        got.iter()
            .find(|(t, _)| t == q)
            .unwrap_or_else(|| panic!("no claim {q}: {got:?}"))
            .1
            .clone()
    }

    #[test]
    fn a_part_of_a_group_named_after_it_counts_the_group() {
        let unit_of = |text: &str, q: &str| {
            let doc = doc_of(text, "2024-01-01");
            claims(&doc, 0.0)
                .into_iter()
                .find(|c| doc.slice(c.quantity.span) == q)
                .and_then(|c| c.quantity.unit)
                .map(|u| u.normalized)
        };
        assert_eq!(
            unit_of("He said 17 of the dead were in Andagua.", "17").as_deref(),
            Some("death")
        );
        assert_eq!(
            unit_of("Police said 12 of the injured were children.", "12").as_deref(),
            Some("person")
        );
        assert_eq!(
            unit_of("The party said 12 of its ministers resigned.", "12").as_deref(),
            Some("minister")
        );
        // The group's word must end its phrase.
        assert_ne!(
            unit_of("In all 13 of the dead soldiers were officers.", "13").as_deref(),
            Some("death")
        );
    }

    #[test]
    fn the_day_of_a_report_dates_no_number_of_a_period() {
        let got = dates(
            "The agency said on Wednesday that tuition rose 3.1% to C$7,360 for the 2025/2026 \
             academic year.",
            "2025-09-17",
        );
        assert_eq!(part_of(&got, "3.1%").as_deref(), Some("2025/2026"));
        // With no time of its own, the report's day stands.
        let got = dates(
            "Tuition rose 3.1%, the agency said on Wednesday.",
            "2025-09-17",
        );
        assert_eq!(part_of(&got, "3.1%").as_deref(), Some("2025-09-17"));
    }

    #[test]
    fn a_number_compared_with_a_year_before_is_of_the_period_named_before() {
        let got = dates(
            "Sales rose 5% in the second quarter. Profit climbed to 4.3 billion francs from 3.7 \
             billion a year earlier.",
            "2026-07-29",
        );
        assert_eq!(
            part_of(&got, "4.3 billion francs").as_deref(),
            Some("2026-04/2026-06")
        );
        assert_eq!(
            part_of(&got, "3.7 billion").as_deref(),
            Some("2025-04/2025-06")
        );
        // With no period named before, the publication date.
        let got = dates(
            "Profit climbed to 4.3 billion francs from 3.7 billion a year earlier.",
            "2026-07-29",
        );
        assert_eq!(
            part_of(&got, "4.3 billion francs").as_deref(),
            Some("2026-07-29")
        );
    }

    #[test]
    fn the_day_a_period_is_reported_dates_none_of_its_numbers() {
        let got = dates(
            "Vandermeer reported a 6.3% rise in second-quarter revenue to 4.87 billion euros on \
             Thursday.",
            "2026-07-30",
        );
        assert_eq!(
            part_of(&got, "4.87 billion euros").as_deref(),
            Some("2026-04/2026-06")
        );
        let got = dates(
            "Mexico's economy contracted 0.4% in the January-March quarter. Remittances dropped \
             5% in the quarter to $14.2 billion, the central bank said earlier this month.",
            "2026-05-22",
        );
        assert_eq!(part_of(&got, "5%").as_deref(), Some("2026-01/2026-03"));
        // A day before the cue dates what happened on it.
        let got = dates(
            "Shares fell 3% on Tuesday after the company reported weaker second-quarter results.",
            "2026-07-30",
        );
        assert_eq!(part_of(&got, "3%").as_deref(), Some("2026-07-28"));
        // "the quarter to June" names its own months.
        let got = dates("Sales rose 5% in the quarter to June.", "2026-07-30");
        assert_eq!(part_of(&got, "5%").as_deref(), Some("2026-04/2026-06"));
    }

    #[test]
    fn its_names_the_organisation_that_owns_the_subject() {
        let text = "Minera Cordillera said its copper production fell 6%.";
        let doc = doc_of(text, "2025-07-29");
        let ents = vec![Entity {
            span: Span::new(0, "Minera Cordillera".len()),
            label: EntityLabel::ORG,
            score: 1.0,
        }];
        let here = SentenceView {
            doc: &doc,
            si: 0,
            text,
            toks: &doc.sentences[0].tokens,
            ents: &ents,
        };
        let at = text.find("its").unwrap();
        let part = SubjectPart {
            span: Span::new(at, at + "its copper production".len()),
            text: "its copper production".into(),
            kind: MentionKind::Noun,
        };
        let named = with_owner_named(&here, part.clone(), None);
        assert_eq!(named.text, "Minera Cordillera copper production");
        assert_eq!(named.span, part.span);
        // With no organisation named, the subject stays as written.
        let here = SentenceView { ents: &[], ..here };
        assert_eq!(
            with_owner_named(&here, part, None).text,
            "its copper production"
        );
    }

    #[test]
    fn a_when_clause_after_a_time_happened_then() {
        let got = dates(
            "Headcount has swollen since 2020, when it had fewer than 5,000 employees.",
            "2026-02-03",
        );
        assert_eq!(part_of(&got, "fewer than 5,000").as_deref(), Some("2020"));
        let got = dates(
            "Unlike in 2022, when forces were capturing up to 7,400 meters a day, the advance \
             since 2024 has slowed.",
            "2026-02-03",
        );
        assert_eq!(part_of(&got, "up to 7,400").as_deref(), Some("2022"));
        // A time of the clause's own wins.
        let got = dates(
            "Coal has declined since 2012, when it made 43% of generation in 2012 alone.",
            "2026-02-03",
        );
        assert_eq!(part_of(&got, "43%").as_deref(), Some("2012"));
    }

    #[test]
    fn a_year_named_before_dates_what_has_no_time_of_its_own() {
        let got = dates(
            "Last year was the hottest on record. The average throughout the year was 14.98C, \
             overtaking 2016. Throughout the year, output peaked at 46 gigawatts, a record set in \
             December.",
            "2024-01-09",
        );
        assert_eq!(part_of(&got, "14.98").as_deref(), Some("2023"));
        // A time of its own is more precise than the year.
        assert_eq!(part_of(&got, "46").as_deref(), Some("2023-12"));
    }

    #[test]
    fn the_ends_of_a_change_count_the_same_thing() {
        let got = units(
            "Offences rose 14%, from 630 to 719 thefts. At the café—630 came, then 719.",
            "2024-01-09",
        );
        assert_eq!(got[1], ("630".to_string(), Some("theft".to_string())));
        assert_eq!(got[2], ("719".to_string(), Some("theft".to_string())));
        // No "from" before the first: no change; a word ending in a wide letter does no harm.
        assert_eq!(got[3].1, None);
    }

    fn units(text: &str, date: &str) -> Vec<(String, Option<String>)> {
        claim_fields(text, date, |c| c.quantity.unit.map(|u| u.normalized))
    }

    #[test]
    fn a_title_before_a_name_stands_for_the_person() {
        let person = |text: &str, phrase: &str, name: &str| {
            let start = text.find(phrase).unwrap();
            let at = text.find(name).unwrap();
            let ents = [Entity {
                span: Span::new(at, at + name.len()),
                label: EntityLabel::PER,
                score: 1.0,
            }];
            person_after_title(text, &ents, start, start + phrase.len())
                .map(|e| text[e.span.start..e.span.end].to_string())
        };
        let stein = "while the Green Party nominee Jill Stein got 4 percent";
        assert_eq!(
            person(stein, "Green Party nominee", "Jill Stein").as_deref(),
            Some("Jill Stein")
        );
        let clinton = "Close to half of Mrs. Clinton's bundlers";
        assert_eq!(
            person(clinton, "Mrs.", "Clinton").as_deref(),
            Some("Clinton")
        );
        // A plural before a name is no title: "the 154 meetings Clinton had".
        let meetings = "85 of the 154 meetings Clinton had";
        assert_eq!(person(meetings, "meetings", "Clinton"), None);
        // A comma between: the name is another item.
        let list = "the nominee, Jill Stein";
        assert_eq!(person(list, "nominee", "Jill Stein"), None);
    }

    #[test]
    fn a_number_inside_a_time_is_no_claim() {
        let got = dates(
            "In the first eight months of the year, exports rose 5% to 40 tonnes.",
            "2025-09-17",
        );
        let numbers: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(numbers, ["5%", "40"]);
        assert_eq!(part_of(&got, "40").as_deref(), Some("2025-01/2025-08"));
        // Nor is a year inside a name, which dates nothing.
        let got = dates(
            "That helped push the Russell 2000, an index of small stocks, up 1.3%.",
            "2013-05-14",
        );
        let numbers: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(numbers, ["1.3%"]);
        assert_eq!(part_of(&got, "1.3%").as_deref(), Some("2013-05-14"));
    }

    #[test]
    fn a_time_after_the_compared_base_dates_the_base_alone() {
        let got = dates(
            "The park counted 3,100 deer, up from 2,400 deer three years ago.",
            "2021-05-04",
        );
        assert_eq!(part_of(&got, "2,400").as_deref(), Some("2018"));
        assert_eq!(part_of(&got, "3,100").as_deref(), Some("2021-05-04"));
        // Not a comparison: the time after both numbers dates both.
        let got = dates(
            "Exports were 40 tonnes and imports 25 tonnes in 2019.",
            "2021-05-04",
        );
        assert_eq!(part_of(&got, "40").as_deref(), Some("2019"));
    }

    #[test]
    fn the_year_before_the_year_a_sentence_names() {
        let got = dates(
            "Coal made up 4.2% of output in 2019, up from 3.1% the year before.",
            "2020-02-01",
        );
        assert_eq!(part_of(&got, "3.1%").as_deref(), Some("2018"));
        assert_eq!(part_of(&got, "4.2%").as_deref(), Some("2019"));
    }

    /// (quantity text, subject text) of every claim, with the named entities given as
    /// (text, label) marked by hand.
    fn subjects(
        text: &str,
        names: &[(&str, crate::doc::EntityLabel)],
    ) -> Vec<(String, Option<String>)> {
        let doc = subjects_doc(text, names);
        claims(&doc, 0.0)
            .into_iter()
            .map(|c| {
                (
                    doc.slice(c.quantity.span).to_string(),
                    c.subject.map(|s| s.text),
                )
            })
            .collect()
    }

    /// `doc_of` with named entities marked by hand, every occurrence.
    #[test]
    fn a_subject_ends_with_no_preposition_and_a_currency_code_is_none() {
        use crate::doc::EntityLabel;
        let text = "The government revealed a deficit reduction of $1.1 billion.";
        let doc = doc_of(text, "2024-01-01");
        let at = text.find("deficit").unwrap();
        let part = |words: &str| SubjectPart {
            span: Span::new(at, at + words.len()),
            text: words.to_string(),
            kind: MentionKind::Noun,
        };
        let cut = without_quantifier(&doc, part("deficit reduction of"));
        assert_eq!(cut.text, "deficit reduction");
        assert_eq!(doc.slice(cut.span), "deficit reduction");
        assert_eq!(
            without_quantifier(&doc, part("deficit reduction")).text,
            "deficit reduction"
        );
        let got = subjects(
            "The project secured a strike price of PLN 471 per megawatt-hour.",
            &[("PLN", EntityLabel::ORG)],
        );
        assert_ne!(got[0].1.as_deref(), Some("PLN"));
    }

    fn subjects_doc(text: &str, names: &[(&str, crate::doc::EntityLabel)]) -> Doc {
        let mut doc = doc_of(text, "2024-01-01");
        for s in &mut doc.sentences {
            for (name, label) in names {
                if let Some(at) = text[s.span.start..s.span.end].find(name) {
                    let start = s.span.start + at;
                    s.entities.push(Entity {
                        span: Span::new(start, start + name.len()),
                        label: *label,
                        score: 1.0,
                    });
                }
            }
        }
        doc
    }

    #[test]
    fn a_name_before_the_number_then_the_things_counted() {
        use crate::doc::EntityLabel::{LOC, PER};
        // A name after the number (here the source) is not what it counts.
        let got = subjects(
            "The survey found 2,967 tigers, Environment Minister Prakash Javadekar said.",
            &[("Prakash Javadekar", PER)],
        );
        assert_eq!(part_of(&got, "2,967").as_deref(), Some("tigers"));
        let got = subjects("Russia lost over 4,000 tanks.", &[("Russia", LOC)]);
        assert_eq!(part_of(&got, "over 4,000").as_deref(), Some("Russia"));
        // "people" says nothing of whom: the name after it is kept.
        let got = subjects("Floods killed 57 people in Kenya.", &[("Kenya", LOC)]);
        assert_eq!(part_of(&got, "57").as_deref(), Some("Kenya"));
    }

    #[test]
    fn the_speaker_a_pronoun_names_is_not_the_subject() {
        use crate::doc::EntityLabel::PER;
        let got = subjects(
            "Rami Abdel Rahman runs the monitor. He said 130,000 had died.",
            &[("Rami Abdel Rahman", PER)],
        );
        assert_ne!(
            part_of(&got, "130,000").as_deref(),
            Some("Rami Abdel Rahman")
        );
    }

    /// The source of the one claim of `text` (one sentence, parsed as `rows`) when the model's layer
    /// gives its figure the content `content`, the cue `cue` and the source `source`.
    fn source_with_layer(
        text: &str,
        rows: &[(&'static str, usize, &str)],
        (source, cue, content): (&str, &str, &str),
    ) -> Option<String> {
        let mut doc = doc_of(text, "2024-01-01");
        give_parse(&mut doc, rows);
        let span = |w: &str| {
            let at = text.find(w).unwrap();
            Span::new(at, at + w.len())
        };
        doc.attributions = Some(vec![crate::doc::AttributionSpans {
            content: span(content),
            cue: Some(span(cue)),
            source: Some(span(source)),
            score: 1.0,
        }]);
        let got = claims(&doc, 0.0);
        assert_eq!(got.len(), 1, "{got:?}");
        got[0].source.as_ref().map(|a| a.text.clone())
    }

    #[test]
    fn a_model_cue_that_acts_on_the_figure_reports_no_one() {
        let rows = |verb: &'static str| {
            vec![
                ("DET", 2, "det"),
                ("NOUN", 4, "nsubj"),
                ("AUX", 4, "aux"),
                (verb, 0, "root"),
                ("NUM", 7, "nummod"),
                ("ADJ", 7, "amod"),
                ("NOUN", 4, "obj"),
                ("PUNCT", 4, "punct"),
            ]
        };
        // An act on the figure: no source.
        let text = "The government has ordered 500 extra buses.";
        let layer = ("The government", "has ordered", "500 extra buses");
        assert_eq!(source_with_layer(text, &rows("VERB"), layer), None);
        // A reporting verb's object is what it reports.
        let text = "The ministry has reported 500 new cases.";
        let layer = ("The ministry", "has reported", "500 new cases");
        assert!(source_with_layer(text, &rows("VERB"), layer).is_some());
        // Findings report what they count.
        let text = "The survey has counted 500 empty homes.";
        let layer = ("The survey", "has counted", "500 empty homes");
        assert!(source_with_layer(text, &rows("VERB"), layer).is_some());
        // A figure in a clause the verb governs is reported, whatever the verb.
        let text = "The government has hinted 500 extra buses.";
        let mut clause = rows("VERB");
        clause[6] = ("NOUN", 4, "ccomp");
        let layer = ("The government", "has hinted", "500 extra buses");
        assert!(source_with_layer(text, &clause, layer).is_some());
    }

    /// Gives the first sentence of `doc` a parse from (UPOS, CoNLL-U head with 0 for the root,
    /// relation) rows, one per word.
    fn give_parse(doc: &mut Doc, rows: &[(&'static str, usize, &str)]) {
        give_parse_to(doc, 0, rows)
    }

    /// `give_parse` for sentence `k`.
    fn give_parse_to(doc: &mut Doc, k: usize, rows: &[(&'static str, usize, &str)]) {
        assert_eq!(doc.sentences[k].words.len(), rows.len());
        doc.sentences[k].parse = Some(crate::doc::Parse {
            upos: rows.iter().map(|r| r.0).collect(),
            heads: rows.iter().map(|r| r.1.checked_sub(1)).collect(),
            rels: rows.iter().map(|r| r.2.to_string()).collect(),
        });
    }

    /// Units of every claim of sentence 0 of `doc`.
    fn units_of(doc: &Doc) -> Vec<(String, Option<String>)> {
        claims(doc, 0.0)
            .into_iter()
            .map(|c| {
                let text = doc.slice(c.quantity.span).to_string();
                (text, c.quantity.unit.map(|u| u.normalized))
            })
            .collect()
    }

    #[test]
    fn an_elided_count_takes_the_written_noun_before_it() {
        let mut doc = doc_of(
            "The airline scrapped 90 flights and plans to scrap up to 120.",
            "2025-01-01",
        );
        // As parser v2 reads it: "up" hung on the verb, "120" its object.
        give_parse(
            &mut doc,
            &[
                ("DET", 2, "det"),
                ("NOUN", 3, "nsubj"),
                ("VERB", 0, "root"),
                ("NUM", 5, "nummod"),
                ("NOUN", 3, "obj"),
                ("CCONJ", 7, "cc"),
                ("VERB", 3, "conj"),
                ("PART", 9, "mark"),
                ("VERB", 7, "xcomp"),
                ("ADP", 9, "compound"),
                ("ADP", 12, "case"),
                ("NUM", 9, "obj"),
                ("PUNCT", 3, "punct"),
            ],
        );
        let units = units_of(&doc);
        assert_eq!(units.len(), 2, "{units:?}");
        assert_eq!(units[1].1.as_deref(), Some("flight"), "{units:?}");
    }

    #[test]
    fn an_elided_count_takes_the_parsed_noun_before_it() {
        let mut doc = doc_of(
            "The deaths were recorded in May with 63 and in June with 58.",
            "2025-01-01",
        );
        // As parser v2 reads it: "63" counts the clause's subject ("deaths"); "58" hangs on
        // "June" with no noun.
        give_parse(
            &mut doc,
            &[
                ("DET", 2, "det"),
                ("NOUN", 4, "nsubj"),
                ("AUX", 4, "aux"),
                ("VERB", 0, "root"),
                ("ADP", 6, "case"),
                ("PROPN", 4, "obl"),
                ("ADP", 8, "case"),
                ("NUM", 4, "obl"),
                ("CCONJ", 11, "cc"),
                ("ADP", 11, "case"),
                ("PROPN", 6, "conj"),
                ("ADP", 13, "case"),
                ("NUM", 11, "nmod"),
                ("PUNCT", 4, "punct"),
            ],
        );
        let units = units_of(&doc);
        assert_eq!(
            units,
            vec![
                ("63".to_string(), Some("death".to_string())),
                ("58".to_string(), Some("death".to_string()))
            ]
        );
        // The step itself: "63" has no written noun, so "58" takes the one its parse gives.
        let last = doc.sentences[0].quantities[1].span;
        let elided = elided_unit(&doc, 0, last).map(|u| u.normalized);
        assert_eq!(elided.as_deref(), Some("death"));
    }

    #[test]
    fn a_number_is_not_its_own_subject() {
        let mut doc = doc_of(
            "The new levy would raise an estimated C$9 million a year, less than a fifth of the C$52 million deficit the council projects for 2027.",
            "2025-01-01",
        );
        // As parser v2 reads it: "C$52" a compound of "million", "fifth" the noun before it.
        give_parse(
            &mut doc,
            &[
                ("DET", 3, "det"),
                ("ADJ", 3, "amod"),
                ("NOUN", 5, "nsubj"),
                ("AUX", 5, "aux"),
                ("VERB", 0, "root"),
                ("DET", 8, "det"),
                ("VERB", 8, "amod"),
                ("NUM", 9, "compound"),
                ("NUM", 11, "nummod"),
                ("DET", 11, "det"),
                ("NOUN", 5, "obl"),
                ("PUNCT", 16, "punct"),
                ("ADJ", 16, "advmod"),
                ("ADP", 13, "fixed"),
                ("DET", 16, "det"),
                ("NOUN", 11, "appos"),
                ("ADP", 21, "case"),
                ("DET", 21, "det"),
                ("NUM", 20, "compound"),
                ("NUM", 21, "nummod"),
                ("NOUN", 16, "nmod"),
                ("DET", 24, "det"),
                ("NOUN", 24, "compound"),
                ("NOUN", 21, "acl"),
                ("ADP", 26, "case"),
                ("NUM", 24, "nmod"),
                ("PUNCT", 5, "punct"),
            ],
        );
        let got: Vec<(String, Option<String>)> = claims(&doc, 0.0)
            .into_iter()
            .map(|c| {
                (
                    doc.slice(c.quantity.span).to_string(),
                    c.subject.map(|s| s.text),
                )
            })
            .collect();
        assert!(!got.is_empty());
        for (quantity, subject) in &got {
            let subject = subject.as_deref().unwrap_or("");
            assert!(
                !subject.contains('$'),
                "{quantity} is about {subject:?}: {got:?}"
            );
        }
    }

    #[test]
    fn a_part_counts_what_its_whole_counts() {
        let units = |text: &str| -> Vec<Option<String>> {
            claims(&doc_of(text, "2025-01-01"), 0.0)
                .into_iter()
                .map(|c| c.quantity.unit.map(|u| u.normalized))
                .collect()
        };
        let mut doc = doc_of(
            "India has 14 of the world's 20 most polluted cities.",
            "2025-01-01",
        );
        // As the shipped parser reads it: "cities" a sibling of "14", not its partitive.
        give_parse(
            &mut doc,
            &[
                ("PROPN", 2, "nsubj"),
                ("VERB", 0, "root"),
                ("NUM", 2, "obj"),
                ("ADP", 11, "case"),
                ("DET", 6, "det"),
                ("NOUN", 11, "nmod"),
                ("PART", 6, "case"),
                ("NUM", 11, "nummod"),
                ("ADV", 10, "advmod"),
                ("VERB", 11, "amod"),
                ("NOUN", 2, "obl"),
                ("PUNCT", 2, "punct"),
            ],
        );
        let got: Vec<Option<String>> = claims(&doc, 0.0)
            .into_iter()
            .map(|c| c.quantity.unit.map(|u| u.normalized))
            .collect();
        assert_eq!(got, [Some("city".to_string()), Some("city".to_string())]);
        // Words between that are no partitive give nothing.
        assert_eq!(
            units("He scored 14 while the team won 20 games."),
            [None, Some("game".to_string())]
        );
    }

    #[test]
    fn an_appositive_belongs_to_its_mention() {
        let s = "Prices rose 0.3%, said Jane Smith, an economist at Capital Economics.";
        let at = s.find("Jane").unwrap();
        let q = (s.find("0.3%").unwrap(), s.find("0.3%").unwrap() + 4);
        let (a, b) = with_appositive(s, (at, at + 10), q);
        assert_eq!(&s[a..b], "Jane Smith, an economist at Capital Economics");
        let s = "Copernicus, an EU programme, said temperatures reached 2C.";
        let q = (s.find("2C").unwrap(), s.len() - 1);
        let (a, b) = with_appositive(s, (0, 10), q);
        assert_eq!(&s[a..b], "Copernicus, an EU programme");
        // "According to CalFire, the Park Fire ranks ...": a clause, no appositive.
        let s = "According to CalFire, the Park Fire ranks between the Creek Fire, which burned 5.";
        let q = (s.len() - 2, s.len() - 1);
        assert_eq!(with_appositive(s, (13, 20), q), (13, 20));
        // A title after a name that follows its verb runs to the relative clause.
        let s = "\"We lost 40%,\" said Jo Miller, president of Universities Canada, which has 97.";
        let at = s.find("Jo").unwrap();
        let q = (s.find("40%").unwrap(), s.find("40%").unwrap() + 3);
        let (a, b) = with_appositive(s, (at, at + 9), q);
        assert_eq!(&s[a..b], "Jo Miller, president of Universities Canada");
        // A bracketed abbreviation stays with its name.
        let s = "The Civil Defense Institute (Indeci) said 2,140 homes were damaged.";
        let q = (s.find("2,140").unwrap(), s.find("2,140").unwrap() + 5);
        let (a, b) = with_appositive(s, (0, 27), q);
        assert_eq!(&s[a..b], "The Civil Defense Institute (Indeci)");
        // Never over the quantity.
        let s = "Smith, 45, said so.";
        let q = (7, 9);
        assert_eq!(with_appositive(s, (0, 5), q), (0, 5));
    }

    #[test]
    fn digits_in_a_name_keep_a_phrase() {
        assert!(!digits_outside_a_name(&["PM", "2.5", "levels"]));
        assert!(!digits_outside_a_name(&["the", "COVID-19", "pandemic"]));
        assert!(!digits_outside_a_name(&["Model", "3", "sedans"]));
        assert!(digits_outside_a_name(&["its", "20", "stores"]));
        assert!(digits_outside_a_name(&["the", "2024", "budget"]));
    }

    #[test]
    fn a_reporting_word_modifying_a_noun_is_no_cue() {
        let mut doc = subjects_doc(
            "The official confirmed death toll rose to 57, the Fire Brigade said.",
            &[("Fire Brigade", crate::doc::EntityLabel::ORG)],
        );
        give_parse(
            &mut doc,
            &[
                ("DET", 5, "det"),
                ("ADJ", 5, "amod"),
                ("VERB", 5, "amod"),
                ("NOUN", 5, "compound"),
                ("NOUN", 6, "nsubj"),
                ("VERB", 13, "ccomp"),
                ("ADP", 8, "case"),
                ("NUM", 6, "obl"),
                ("PUNCT", 6, "punct"),
                ("DET", 12, "det"),
                ("PROPN", 12, "compound"),
                ("PROPN", 13, "nsubj"),
                ("VERB", 0, "root"),
                ("PUNCT", 13, "punct"),
            ],
        );
        let nouns = nouns_of(&doc.sentences[0]);
        let confirmed = doc.sentences[0]
            .tokens
            .iter()
            .position(|t| t.text == "confirmed")
            .unwrap();
        assert!(nouns[confirmed]);
        let source = claims(&doc, 0.0)[0].source.clone().unwrap();
        assert_eq!(source.mention, "the Fire Brigade");
    }

    #[test]
    fn it_after_a_reporting_cue_is_who_reports() {
        let mut doc = doc_of(
            "The government said it would spend £1.5 billion on new schools.",
            "2025-01-01",
        );
        give_parse(
            &mut doc,
            &[
                ("DET", 2, "det"),
                ("NOUN", 3, "nsubj"),
                ("VERB", 0, "root"),
                ("PRON", 6, "nsubj"),
                ("AUX", 6, "aux"),
                ("VERB", 3, "ccomp"),
                ("NUM", 8, "compound"),
                ("NUM", 6, "obj"),
                ("ADP", 11, "case"),
                ("ADJ", 11, "amod"),
                ("NOUN", 6, "obl"),
                ("PUNCT", 3, "punct"),
            ],
        );
        let claims = claims(&doc, 0.0);
        let subject = claims[0].subject.as_ref().unwrap();
        assert_eq!(subject.text, "The government");
        assert_eq!(doc.slice(subject.span), "The government");
    }

    #[test]
    fn a_time_before_the_subject_is_no_part_of_it() {
        let mut doc = doc_of("This year gross debt will be $904 billion.", "2024-05-14");
        give_parse(
            &mut doc,
            &[
                ("DET", 2, "det"),
                ("NOUN", 4, "nmod"),
                ("ADJ", 4, "amod"),
                ("NOUN", 8, "nsubj"),
                ("AUX", 8, "aux"),
                ("AUX", 8, "cop"),
                ("NUM", 8, "compound"),
                ("NUM", 0, "root"),
                ("PUNCT", 8, "punct"),
            ],
        );
        let claims = claims(&doc, 0.0);
        assert_eq!(claims[0].subject.as_ref().unwrap().text, "gross debt");
    }

    #[test]
    fn a_time_parsed_as_a_clause_still_dates_its_sentence() {
        let mut doc = doc_of(
            "Revenue rose 8% to $94.9 billion in the quarter ended Dec. 28.",
            "2025-09-15",
        );
        // As the shipped parser reads it: "ended" an adverbial clause of "rose".
        give_parse(
            &mut doc,
            &[
                ("NOUN", 2, "nsubj"),
                ("VERB", 0, "root"),
                ("NUM", 2, "obj"),
                ("ADP", 5, "case"),
                ("NUM", 6, "compound"),
                ("NUM", 9, "nummod"),
                ("ADP", 9, "case"),
                ("DET", 9, "det"),
                ("NOUN", 10, "obl"),
                ("VERB", 2, "advcl"),
                ("PROPN", 12, "nmod"),
                ("NUM", 10, "obl"),
                ("PUNCT", 2, "punct"),
            ],
        );
        let got: Vec<String> = claims(&doc, 0.0)
            .into_iter()
            .filter_map(|c| c.date.map(|d| d.value))
            .collect();
        assert_eq!(got, ["2024-10/2024-12", "2024-10/2024-12"]);
    }

    #[test]
    fn a_time_after_the_subject_dates_it_and_names_nothing_of_it() {
        let subject_of = |text: &str| -> Option<String> {
            let mut doc = doc_of(text, "2025-01-01");
            // "Revenue for the period reached $3.1 billion.": the prepositional phrase a
            // modifier of "Revenue".
            give_parse(
                &mut doc,
                &[
                    ("NOUN", 5, "nsubj"),
                    ("ADP", 4, "case"),
                    ("DET", 4, "det"),
                    ("NOUN", 1, "nmod"),
                    ("VERB", 0, "root"),
                    ("NUM", 7, "compound"),
                    ("NUM", 5, "obj"),
                    ("PUNCT", 5, "punct"),
                ],
            );
            claims(&doc, 0.0)
                .into_iter()
                .next()
                .and_then(|c| c.subject.map(|s| s.text))
        };
        assert_eq!(
            subject_of("Revenue for the period reached $3.1 billion.").as_deref(),
            Some("Revenue")
        );
        assert_eq!(
            subject_of("Sales in the quarter reached $3.1 billion.").as_deref(),
            Some("Sales")
        );
        assert_eq!(
            subject_of("Sales for fiscal 2011 reached $3.1 billion.").as_deref(),
            Some("Sales")
        );
        // What is no time stays: it says whose revenue.
        assert_eq!(
            subject_of("Revenue for the group reached $3.1 billion.").as_deref(),
            Some("Revenue for the group")
        );
    }

    #[test]
    fn a_unit_of_another_number_is_no_subject() {
        let mut doc = doc_of(
            "Wind gusts have now dropped back to between 60 and 70 kph (37 to 43 mph), forecasters said.",
            "2025-01-01",
        );
        // As parser v2 reads such a sentence: "37" a modifier of "kph", the unit of "60 and 70".
        give_parse(
            &mut doc,
            &[
                ("NOUN", 2, "compound"),
                ("NOUN", 5, "nsubj"),
                ("AUX", 5, "aux"),
                ("ADV", 5, "advmod"),
                ("VERB", 21, "ccomp"),
                ("ADV", 5, "advmod"),
                ("ADP", 9, "case"),
                ("ADP", 9, "case"),
                ("NUM", 12, "nummod"),
                ("CCONJ", 11, "cc"),
                ("NUM", 9, "conj"),
                ("NOUN", 5, "obl"),
                ("PUNCT", 14, "punct"),
                ("NUM", 12, "nummod"),
                ("ADP", 16, "case"),
                ("NUM", 17, "nummod"),
                ("NOUN", 12, "appos"),
                ("PUNCT", 17, "punct"),
                ("PUNCT", 5, "punct"),
                ("NOUN", 21, "nsubj"),
                ("VERB", 0, "root"),
                ("PUNCT", 21, "punct"),
            ],
        );
        let got: Vec<Option<String>> = claims(&doc, 0.0)
            .into_iter()
            .map(|c| c.subject.map(|s| s.text))
            .collect();
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got.iter().all(|s| s.as_deref() != Some("kph")), "{got:?}");
    }

    #[test]
    fn the_owner_of_a_measure_is_not_what_it_counts() {
        let mut doc = doc_of("It beat analysts' estimates of 415,000.", "2025-01-01");
        give_parse(
            &mut doc,
            &[
                ("PRON", 2, "nsubj"),
                ("VERB", 0, "root"),
                ("NOUN", 5, "nmod"),
                ("PART", 3, "case"),
                ("NOUN", 2, "obj"),
                ("ADP", 7, "case"),
                ("NUM", 5, "nummod"),
                ("PUNCT", 2, "punct"),
            ],
        );
        let claims = claims(&doc, 0.0);
        assert_eq!(
            claims[0].quantity.unit.as_ref().map(|u| u.text.as_str()),
            None
        );
    }

    #[test]
    fn a_measure_noun_counts_what_it_measures() {
        let mut doc = doc_of("The number of people rose to 40.", "2024-01-01");
        // The parse a reader gives it (CoNLL-U heads, 0 for the root).
        let rows = [
            ("DET", 2, "det"),
            ("NOUN", 5, "nsubj"),
            ("ADP", 4, "case"),
            ("NOUN", 2, "nmod"),
            ("VERB", 0, "root"),
            ("ADP", 7, "case"),
            ("NUM", 5, "obl"),
            ("PUNCT", 5, "punct"),
        ];
        give_parse(&mut doc, &rows);
        let claims = claims(&doc, 0.0);
        let unit = claims[0].quantity.unit.as_ref().expect("a unit");
        assert_eq!(unit.normalized, "person");
    }

    #[test]
    fn a_rate_counts_what_the_clause_counts_per_year() {
        let mut doc = doc_of(
            "Home sales fell after rising to an annual rate of 4.04 million.",
            "2024-01-01",
        );
        let rows = [
            ("NOUN", 2, "compound"),
            ("NOUN", 3, "nsubj"),
            ("VERB", 0, "root"),
            ("SCONJ", 5, "mark"),
            ("VERB", 3, "advcl"),
            ("ADP", 9, "case"),
            ("DET", 9, "det"),
            ("ADJ", 9, "amod"),
            ("NOUN", 5, "obl"),
            ("ADP", 12, "case"),
            ("NUM", 12, "compound"),
            ("NUM", 9, "nummod"),
            ("PUNCT", 3, "punct"),
        ];
        give_parse(&mut doc, &rows);
        let claims = claims(&doc, 0.0);
        let unit = claims[0].quantity.unit.as_ref().expect("a unit");
        assert_eq!(unit.text, "home sale per year");
    }

    #[test]
    fn the_company_is_the_organisation_the_article_names_most() {
        use crate::doc::EntityLabel::ORG;
        let doc = subjects_doc(
            "Acme Corp makes anvils. Rival Ltd sued Acme Corp in May. Rival Ltd lost.",
            &[("Acme Corp", ORG), ("Rival Ltd", ORG)],
        );
        let mut carried = Carried::default();
        for s in &doc.sentences {
            carried.note_organisations(&doc, s);
        }
        // Named twice each: the first named.
        assert_eq!(carried.main_organisation(), Some("Acme Corp"));
        let span = Span::new(0, 11);
        let described = part(span, "the aerospace company".to_string(), MentionKind::Noun);
        assert_eq!(
            resolve_description(described, &carried),
            part(
                span,
                "Acme Corp".to_string(),
                MentionKind::Entity(EntityLabel::ORG)
            )
        );
        // Capitals in a hyphenated modifier name no one.
        let described = part(
            span,
            "The Denver-based company".to_string(),
            MentionKind::Noun,
        );
        assert_eq!(resolve_description(described, &carried).text, "Acme Corp");
        // A noun that names no organisation, or a name, stays as it is.
        for part in [
            part(span, "yield".to_string(), MentionKind::Noun),
            part(span, "Tesla Group".to_string(), MentionKind::Noun),
        ] {
            assert_eq!(resolve_description(part.clone(), &carried), part);
        }
    }

    #[test]
    fn a_phrase_found_without_the_parse_ends_at_its_verb() {
        let mut doc = doc_of("About 23 percent of Americans smoke.", "2024-01-01");
        give_parse(
            &mut doc,
            &[
                ("ADV", 2, "advmod"),
                ("NUM", 3, "nummod"),
                ("NOUN", 6, "nsubj"),
                ("ADP", 5, "case"),
                ("PROPN", 3, "nmod"),
                ("VERB", 0, "root"),
                ("PUNCT", 6, "punct"),
            ],
        );
        let text = doc.text().to_string();
        let at = text.find("Americans smoke").unwrap();
        let part = part(
            Span::new(at, at + 15),
            "Americans smoke".to_string(),
            MentionKind::Noun,
        );
        let found = nominal_part(&doc, 0, part).unwrap();
        assert_eq!(
            (found.text.as_str(), found.span),
            ("Americans", Span::new(at, at + 9))
        );
    }

    #[test]
    fn an_index_is_counted_in_points() {
        let mut doc = doc_of("The index rose 23.82.", "2024-01-01");
        give_parse(
            &mut doc,
            &[
                ("DET", 2, "det"),
                ("NOUN", 3, "nsubj"),
                ("VERB", 0, "root"),
                ("NUM", 3, "obj"),
                ("PUNCT", 3, "punct"),
            ],
        );
        let claims = claims(&doc, 0.0);
        assert_eq!(
            claims[0].quantity.unit.as_ref().unwrap().normalized,
            "point"
        );
    }

    #[test]
    fn a_time_owning_the_subject_is_left_out() {
        let mut doc = doc_of("This year's dengue cases rose to 400.", "2024-01-01");
        give_parse(
            &mut doc,
            &[
                ("DET", 2, "det"),
                ("NOUN", 5, "nmod"),
                ("PART", 2, "case"),
                ("NOUN", 5, "compound"),
                ("NOUN", 6, "nsubj"),
                ("VERB", 0, "root"),
                ("ADP", 8, "case"),
                ("NUM", 6, "obl"),
                ("PUNCT", 6, "punct"),
            ],
        );
        let claims = claims(&doc, 0.0);
        assert_eq!(claims[0].subject.as_ref().unwrap().text, "dengue cases");
    }

    #[test]
    fn an_elided_count_is_about_the_things_named_before() {
        let mut doc = doc_of(
            "Of the 72 train passengers, 15 were released.",
            "2024-01-01",
        );
        give_parse(
            &mut doc,
            &[
                ("ADP", 5, "case"),
                ("DET", 5, "det"),
                ("NUM", 5, "nummod"),
                ("NOUN", 5, "compound"),
                ("NOUN", 9, "obl"),
                ("PUNCT", 9, "punct"),
                ("NUM", 9, "nsubj"),
                ("AUX", 9, "aux"),
                ("VERB", 0, "root"),
                ("PUNCT", 9, "punct"),
            ],
        );
        let claims = claims(&doc, 0.0);
        let fifteen = claims
            .iter()
            .find(|c| doc.slice(c.quantity.span) == "15")
            .unwrap();
        assert_eq!(
            fifteen.quantity.unit.as_ref().unwrap().text,
            "train passenger"
        );
        assert_eq!(fifteen.subject.as_ref().unwrap().text, "train passengers");
    }

    #[test]
    fn a_compared_number_is_about_what_the_first_is_about() {
        use crate::doc::EntityLabel::LOC;
        let got = subjects(
            "Sales reached 3,100 cars, up in Uganda from 2,400.",
            &[("Uganda", LOC)],
        );
        assert_eq!(part_of(&got, "3,100").as_deref(), Some("cars"));
        assert_eq!(part_of(&got, "2,400").as_deref(), Some("cars"));
        // Unless it is set against a name of its own.
        let got = subjects(
            "Fees in Ontario reached C$11,200, compared with C$3,500 in Quebec.",
            &[("Ontario", LOC), ("Quebec", LOC)],
        );
        assert_eq!(part_of(&got, "C$11,200").as_deref(), Some("Ontario"));
        assert_eq!(part_of(&got, "C$3,500").as_deref(), Some("Quebec"));
    }

    #[test]
    fn a_change_set_off_after_an_amount_is_about_that_amount() {
        use crate::doc::EntityLabel::ORG;
        let got = subjects(
            "Banks approved $8.9 billion of home loans, up 16% from a year earlier, according to \
             Reserve Bank figures.",
            &[("Reserve Bank", ORG)],
        );
        assert_eq!(part_of(&got, "16%"), part_of(&got, "$8.9 billion"));
        assert!(changes_the_amount_before(
            &doc_of("Revenue was $5 billion, down 3%.", "2024-01-01"),
            Span::new(12, 22),
            Span::new(29, 31),
        ));
        // A change of something else, after a clause of its own, is not.
        assert!(!changes_the_amount_before(
            &doc_of(
                "Revenue was $5 billion, and costs, up 3%, rose.",
                "2024-01-01"
            ),
            Span::new(12, 22),
            Span::new(38, 40),
        ));
    }

    #[test]
    fn a_currency_nationality_is_no_subject() {
        use crate::doc::EntityLabel::{MISC, ORG};
        let got = subjects(
            "Holmgaard had cash of 3.4 billion Danish crowns in March.",
            &[("Holmgaard", ORG), ("Danish", MISC)],
        );
        assert_eq!(
            part_of(&got, "3.4 billion Danish crowns").as_deref(),
            Some("Holmgaard")
        );
        // A nationality inside a count still names what is counted.
        let got = subjects(
            "Holmgaard said 5,000 Danish soldiers took part.",
            &[("Holmgaard", ORG), ("Danish", MISC)],
        );
        assert_eq!(part_of(&got, "5,000").as_deref(), Some("Danish soldiers"));
    }

    #[test]
    fn respectively_pairs_names_with_numbers_in_order() {
        use crate::doc::EntityLabel::ORG;
        let got = subjects(
            "Shipments rose 7%, with Samsung, Apple and Xiaomi holding 18%, 15% and 14% of the \
             market respectively.",
            &[("Samsung", ORG), ("Apple", ORG), ("Xiaomi", ORG)],
        );
        assert_eq!(part_of(&got, "18%").as_deref(), Some("Samsung"));
        assert_eq!(part_of(&got, "15%").as_deref(), Some("Apple"));
        assert_eq!(part_of(&got, "14%").as_deref(), Some("Xiaomi"));
        // Lists of different lengths pair nothing.
        let got = subjects(
            "Samsung and Apple held 18%, 15% and 14% respectively.",
            &[("Samsung", ORG), ("Apple", ORG)],
        );
        assert_ne!(part_of(&got, "18%").as_deref(), Some("Samsung"));
    }

    #[test]
    fn the_clause_subject_before_a_name_after_the_number() {
        use crate::doc::EntityLabel::LOC;
        let mut doc = subjects_doc(
            "Growth will slip to 2.1%, below White House forecasts.",
            &[("White House", LOC)],
        );
        give_parse(
            &mut doc,
            &[
                ("NOUN", 3, "nsubj"),
                ("AUX", 3, "aux"),
                ("VERB", 0, "root"),
                ("ADP", 5, "case"),
                ("NUM", 3, "obl"),
                ("PUNCT", 10, "punct"),
                ("ADP", 10, "case"),
                ("PROPN", 9, "compound"),
                ("PROPN", 10, "compound"),
                ("NOUN", 3, "obl"),
                ("PUNCT", 3, "punct"),
            ],
        );
        let claims = claims(&doc, 0.0);
        assert_eq!(claims[0].subject.as_ref().unwrap().text, "Growth");
    }

    #[test]
    fn a_bare_measure_is_of_what_the_passage_measures() {
        let mut doc = doc_of(
            "Smokers were 23 percent of adults. Five years ago, the figure was 27 percent.",
            "2024-01-01",
        );
        give_parse_to(
            &mut doc,
            1,
            &[
                ("NUM", 2, "nummod"),
                ("NOUN", 3, "obl"),
                ("ADV", 9, "advmod"),
                ("PUNCT", 3, "punct"),
                ("DET", 6, "det"),
                ("NOUN", 9, "nsubj"),
                ("AUX", 9, "cop"),
                ("NUM", 9, "nummod"),
                ("NOUN", 0, "root"),
                ("PUNCT", 9, "punct"),
            ],
        );
        let claims = claims(&doc, 0.0);
        let last = claims.last().unwrap();
        assert_eq!(doc.slice(last.quantity.span), "27 percent");
        assert_eq!(last.subject.as_ref().unwrap().text, "adults");
    }

    #[test]
    fn a_noun_the_number_hangs_on_is_what_it_describes() {
        use crate::doc::EntityLabel::ORG;
        let mut doc = subjects_doc("The EFF saw a turnout of 66%.", &[("EFF", ORG)]);
        give_parse(
            &mut doc,
            &[
                ("DET", 2, "det"),
                ("PROPN", 3, "nsubj"),
                ("VERB", 0, "root"),
                ("DET", 5, "det"),
                ("NOUN", 3, "obj"),
                ("ADP", 7, "case"),
                ("NUM", 5, "nmod"),
                ("PUNCT", 3, "punct"),
            ],
        );
        let claims = claims(&doc, 0.0);
        assert_eq!(claims[0].subject.as_ref().unwrap().text, "turnout");
    }

    #[test]
    fn a_count_of_members_of_a_name_is_about_the_name() {
        use crate::doc::EntityLabel::{LOC, ORG};
        let got = subjects(
            "Police arrested 300 members of Hamas in Gaza.",
            &[("Hamas", ORG), ("Gaza", LOC)],
        );
        assert_eq!(part_of(&got, "300").as_deref(), Some("Hamas"));
    }

    #[test]
    fn a_leading_quantifier_is_no_part_of_the_subject() {
        let doc = doc_of(
            "More than 4,000 other buildings remain threatened.",
            "2024-01-01",
        );
        let at = doc.text().find("other").unwrap();
        let other = part(
            Span::new(at, at + 15),
            "other buildings".to_string(),
            MentionKind::Noun,
        );
        let cut = without_quantifier(&doc, other);
        assert_eq!(
            (cut.text.as_str(), doc.slice(cut.span)),
            ("buildings", "buildings")
        );
        let kept = part(
            Span::new(at, at + 5),
            "other".to_string(),
            MentionKind::Noun,
        );
        assert_eq!(without_quantifier(&doc, kept.clone()), kept);
    }

    #[test]
    fn the_change_a_number_measures_is_not_its_subject() {
        use crate::doc::EntityLabel::LOC;
        let mut doc = subjects_doc(
            "An 82% rise in sales was recorded in Turkey.",
            &[("Turkey", LOC)],
        );
        give_parse(
            &mut doc,
            &[
                ("DET", 3, "det"),
                ("NUM", 3, "nummod"),
                ("NOUN", 7, "nsubj"),
                ("ADP", 5, "case"),
                ("NOUN", 3, "nmod"),
                ("AUX", 7, "aux"),
                ("VERB", 0, "root"),
                ("ADP", 9, "case"),
                ("PROPN", 7, "obl"),
                ("PUNCT", 7, "punct"),
            ],
        );
        // Not the change, nor the place it was recorded: what changed.
        let claims = claims(&doc, 0.0);
        assert_eq!(claims[0].subject.as_ref().unwrap().text, "sales");
    }

    #[test]
    fn points_and_people_name_no_subject() {
        let doc = doc_of(
            "It rose 2 points as 57 people and 40 tanks were lost.",
            "2024-01-01",
        );
        let quantities = &doc.sentences[0].quantities;
        let named: Vec<Option<String>> = quantities
            .iter()
            .map(|q| counted_things(&doc, 0, q).map(|p| p.text))
            .collect();
        assert_eq!(
            named,
            [None, None, Some("tanks".to_string())],
            "{quantities:?}"
        );
    }
}
