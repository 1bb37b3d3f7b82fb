//! Reading a quantity's place in its sentence off the dependency parse: the word that heads the
//! quantity, the noun phrase a number describes ("growth of 2.5%"), the subject of the clause that
//! states it ("Existing home sales fell 2.7% to ..."), and the words of a noun phrase with its
//! clauses, appositions and punctuation left out. Language-general: relations and parts of speech,
//! plus one list of English nouns that only measure something else ("a rate of", "a record").

use crate::doc::Parse;

/// Nouns that name a measure of something rather than the thing itself: "an annual rate of 3.93
/// million", "a record 15,215", "a total of 40". The number describes whatever they measure.
const MEASURE_NOUNS: &[&str] = &[
    "rate",
    "level",
    "levels",
    "pace",
    "total",
    "high",
    "low",
    "record",
    "peak",
    "average",
    "figure",
    "figures",
    "number",
    "amount",
    "sum",
    "tally",
    "count",
    "mark",
    "range",
    "margin",
    "share",
    "percentage",
    "proportion",
    "value",
];

/// Relations whose subtree is not part of a noun phrase's name.
fn is_clausal_or_loose(rel: &str) -> bool {
    matches!(
        rel,
        "acl"
            | "appos"
            | "punct"
            | "parataxis"
            | "advcl"
            | "dep"
            | "discourse"
            | "vocative"
            | "cc"
            | "conj"
            | "list"
            | "reparandum"
            | "orphan"
            | "dislocated"
    )
}

/// Relations that make their head a predicate, not a noun phrase: a phrase never holds its own
/// subject, copula, auxiliaries or objects ("Chile is in mourning" names no thing).
fn is_predicate_part(rel: &str) -> bool {
    matches!(
        rel,
        "nsubj" | "csubj" | "cop" | "aux" | "expl" | "obj" | "iobj" | "obl" | "ccomp" | "xcomp"
    )
}

/// Whether `word` lies in the subtree of `top`.
pub fn dominates(parse: &Parse, top: usize, mut word: usize) -> bool {
    for _ in 0..=parse.len() {
        if word == top {
            return true;
        }
        match parse.head(word) {
            Some(h) => word = h,
            None => return false,
        }
    }
    false
}

/// Of several phrases (each given by its head word), the one attached closest above the quantity
/// headed by `q`: the phrase whose own head lies lowest on the path from `q` up to the root ("rose
/// 0.5% in December after falling 0.1% in November": "in November" governs 0.1%). Phrases attached
/// off that path govern other parts of the sentence; `None` when all are.
pub fn closest_governor(parse: &Parse, q: usize, phrase_heads: &[usize]) -> Option<usize> {
    let mut path = vec![q];
    while let Some(h) = parse.head(*path.last()?) {
        if path.len() > parse.len() {
            break;
        }
        path.push(h);
    }
    phrase_heads
        .iter()
        .enumerate()
        .filter_map(|(k, &w)| {
            let attached = parse.head(w)?;
            let rank = path.iter().position(|&p| p == attached)?;
            Some((rank, w.abs_diff(q), k))
        })
        .min()
        .map(|(_, _, k)| k)
}

/// Whether the phrase headed by `word` belongs to the clause that states the quantity headed by
/// `q`: it contains the quantity, or it is a core argument (subject, object) of a word on the path
/// from the quantity up to the root ("Tesla delivered 55,840"). A name inside a larger noun phrase
/// (a possessor, a compound, a modifier: "Syria's civil war has killed 200,000") speaks for that
/// phrase; an oblique ("in Washington", "below White House predictions") only sets the scene.
pub fn in_clause_of(parse: &Parse, q: usize, mut word: usize) -> bool {
    // "Four counties — Butte, Plumas ... —": names set off after the counted noun list what it
    // counts; they are not what the number is about.
    let set_off = word > 0 && parse.upos[word - 1] == "PUNCT";
    if set_off
        && parse
            .head(word)
            .is_some_and(|h| Some(h) == parse.head(q) && h > q)
    {
        return false;
    }
    for _ in 0..parse.len() {
        let inside = matches!(
            parse.rel(word).split(':').next(),
            Some("nmod" | "compound" | "flat" | "amod" | "appos")
        );
        match parse.head(word) {
            Some(h) if inside && matches!(parse.upos[h], "NOUN" | "PROPN" | "NUM" | "PRON") => {
                word = h
            }
            _ => break,
        }
    }
    if dominates(parse, word, q) {
        return true;
    }
    let core = matches!(
        parse.rel(word).split(':').next(),
        Some("nsubj" | "obj" | "iobj" | "csubj")
    );
    core && parse.head(word).is_some_and(|h| dominates(parse, h, q))
}

/// Whether `word` stands inside a clause that modifies something (a relative or adverbial clause)
/// without holding the quantity headed by `q`: what it says belongs to that clause.
pub fn in_other_clause(parse: &Parse, q: usize, mut word: usize) -> bool {
    for _ in 0..=parse.len() {
        // A clause describing the subject of the quantity's clause ("a poll released on Nov. 2
        // put Trump 4 points ahead") dates what that subject says. A relative clause with a
        // pronoun of its own tells the subject's past ("The airline, which last reported a
        // profit in 2019, saw ..."), unless the subject reports the number ("The survey, which was
        // conducted on May 3, found [Lee got 41.2 percent]").
        let relative_pronoun = parse
            .children(word)
            .any(|c| is_pronoun(parse, c) && matches!(parse.rel(c), "nsubj" | "obj"));
        let describes_subject = parse.rel(word) == "acl"
            && parse.head(word).is_some_and(|n| {
                parse.rel(n) == "nsubj"
                    && parse.head(n).is_some_and(|v| {
                        dominates(parse, v, q)
                            && (!relative_pronoun
                                || parse.children(v).any(|c| {
                                    matches!(parse.rel(c), "ccomp" | "parataxis")
                                        && dominates(parse, c, q)
                                }))
                    })
            });
        // A reduced relative on the noun the number counts ("65,190 dengue cases recorded from
        // Jan. 1 to July 2", "1.2 million vehicles sold last year") says which of them are
        // counted: its time is the count's. One with an object or a subject of its own ("2,000
        // people fleeing the war in 2015") tells another act.
        let narrows_the_count = parse.rel(word) == "acl"
            && parse.upos[word] == "VERB"
            && parse.head(word).is_some_and(|n| {
                parse.head(q) == Some(n) && parse.rel(q) == "nummod" && parse.upos[n] == "NOUN"
            })
            && !parse
                .children(word)
                .any(|c| matches!(parse.rel(c), "nsubj" | "obj" | "mark") || is_pronoun(parse, c));
        // An infinitive of purpose ("spent €95 million to sign him in August") happens with
        // the act it explains: its time is that act's.
        let purpose = parse.rel(word) == "advcl"
            && parse
                .children(word)
                .any(|c| parse.rel(c) == "mark" && parse.upos[c] == "PART")
            && !parse.children(word).any(|c| parse.rel(c) == "nsubj");
        if matches!(parse.rel(word), "acl" | "advcl")
            && !dominates(parse, word, q)
            && !describes_subject
            && !purpose
            && !narrows_the_count
        {
            return true;
        }
        match parse.head(word) {
            Some(h) => word = h,
            None => return false,
        }
    }
    false
}

/// Whether the time word `t` only describes a noun of another event: "the third-quarter results"
/// in "shares gained $6.75 before the release of the third-quarter results". A time describing
/// the noun the number is about ("first-quarter revenue rose 5%", "a first-quarter profit of $5
/// billion") or the report it comes from ("in its third-quarter report, sales rose 5%") dates it.
pub fn describes_another_noun(words_text: &[&str], parse: &Parse, q: usize, t: usize) -> bool {
    if !matches!(parse.rel(t), "amod" | "compound") {
        return false;
    }
    // "Saturday night", "the April-June period" are times themselves.
    let Some(noun) = parse
        .head(t)
        .filter(|&n| parse.upos[n] == "NOUN" && !is_time_noun(words_text[n]))
    else {
        return false;
    };
    if dominates(parse, noun, q) {
        return false;
    }
    // The noun names another event only when a preposition of time sets it apart ("before the
    // release of the third-quarter results", "after its first-quarter report"), read back
    // through the noun phrase; "in its third-quarter report, sales rose 5%" is dated.
    let temporal = |w: usize| {
        matches!(
            words_text[w].to_lowercase().as_str(),
            "before" | "after" | "ahead" | "following" | "since" | "until" | "prior"
        )
    };
    let mut k = t;
    while k > 0 && t - k < 6 {
        k -= 1;
        if temporal(k) {
            return true;
        }
        let in_phrase = matches!(parse.upos[k], "DET" | "PRON" | "ADJ" | "NOUN" | "PROPN")
            || words_text[k].eq_ignore_ascii_case("of");
        if !in_phrase {
            return false;
        }
    }
    false
}

/// Whether word `w` hangs in an adverbial or relative clause yet stands before the clause's
/// opening word ("in June after jumping ..."): English opens such a clause with its marker, so
/// the word belongs to the clause above and the parser misattached it.
pub fn before_its_clause(parse: &Parse, w: usize) -> bool {
    let mut up = parse.head(w);
    for _ in 0..parse.len() {
        let Some(c) = up else { return false };
        if matches!(parse.rel(c), "acl" | "advcl" | "acl:relcl") {
            let opening = parse
                .children(c)
                .find(|&k| matches!(parse.rel(k), "mark" | "nsubj") && k < c);
            return opening.is_some_and(|m| w < m);
        }
        up = parse.head(c);
    }
    false
}

/// The head word of a run of words (a quantity, a time expression, a mention): the one whose own
/// head lies outside the run.
pub fn head_of(parse: &Parse, words: std::ops::Range<usize>) -> Option<usize> {
    words
        .clone()
        .find(|&w| parse.head(w).is_none_or(|h| !words.contains(&h)))
}

/// The head word of a quantity's words: the number itself when it hangs outside them, though the
/// parser hung a bound word elsewhere too ("scrap up to 120": "up" on the verb); else as
/// `head_of` ("18 percent": "percent").
pub fn quantity_head(parse: &Parse, words: std::ops::Range<usize>) -> Option<usize> {
    words
        .clone()
        .find(|&w| {
            parse.upos.get(w) == Some(&"NUM") && parse.head(w).is_none_or(|h| !words.contains(&h))
        })
        .or_else(|| head_of(parse, words))
}

/// How the subject of a quantity was found.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// A noun phrase: its words `first..=last` and its head word.
    Phrase {
        first: usize,
        last: usize,
        head: usize,
    },
    /// A pronoun ("it", "they", "he"): the caller resolves it against what came before.
    Pronoun(usize),
}

fn is_pronoun(parse: &Parse, w: usize) -> bool {
    parse.upos.get(w).is_some_and(|u| *u == "PRON")
}

/// The subject of the quantity headed by `q`: walking up from the quantity through the words that
/// govern it, the first noun it describes ("growth of 2.5%") or the first clause subject
/// ("sales fell ... to 3.93 million"), never crossing into the clause that reports it ("X said")
/// nor taking the counted noun's own phrase (the quantity's unit). A `measured` quantity (money,
/// a percentage, a measure: not a count) that modifies a noun measures that noun ("a $9.3 billion
/// surplus"), unless that noun is its unit (`unit_words`: "1 million acres") or a change ("a 7%
/// rise", whose subject is what rose). `None` when the walk finds none.
pub fn subject_of_quantity(
    words_text: &[&str],
    parse: &Parse,
    q: usize,
    measured: bool,
    amount: Amount,
    unit_words: &[usize],
) -> Option<Found> {
    if let Some(thing) = changed_thing(words_text, parse, q, unit_words) {
        return changed_phrase(parse, thing);
    }
    if let Some(stuff) = amount_of(words_text, parse, q, amount, unit_words) {
        return Some(phrase(parse, stuff, None));
    }
    if measured && matches!(parse.rel(q), "nummod" | "compound" | "amod") {
        if let Some(head) = parse.head(q).filter(|&h| {
            is_noun(parse, h)
                && !unit_words.contains(&h)
                && !is_change_noun(words_text[h])
                && !is_time_noun(words_text[h])
        }) {
            return Some(measured_phrase(words_text, parse, head, q));
        }
    }
    let mut w = q;
    let mut from: Option<usize> = None;
    for _ in 0..=parse.len() {
        // The subject of `w` as a predicate ("income was $733.4 million", "sales fell ...").
        // An "object" before its verb is the verb's subject the parser mislabelled: English puts
        // objects after the verb ("with the latest census spanning 15 months").
        let subject_like = |c: usize| {
            parse.rel(c) == "nsubj"
                || (parse.rel(c) == "obj" && c < w && parse.upos[w] == "VERB" && is_noun(parse, c))
        };
        if let Some(s) = parse
            .children(w)
            .find(|&c| subject_like(c) && Some(c) != from && c != q && !dominates(parse, c, q))
        {
            if is_pronoun(parse, s) {
                // "the company, which employs 150,000": the relative pronoun stands for the noun
                // the clause hangs from.
                if parse.rel(w) == "acl" {
                    if let Some(antecedent) = parse.head(w) {
                        return Some(phrase(parse, antecedent, Some(w)));
                    }
                }
                return Some(Found::Pronoun(s));
            }
            return Some(measured_phrase(words_text, parse, s, q));
        }
        let rel = parse.rel(w);
        let Some(head) = parse.head(w) else {
            // "Exports of iron ore were down 3%", parsed with the number as the root and "down"
            // below it: the subject hangs from the predicate word beside the number.
            return parse
                .children(w)
                .filter(|&c| matches!(parse.upos[c], "ADV" | "ADJ" | "ADP") && c < q)
                .flat_map(|c| parse.children(c))
                .find(|&s| parse.rel(s) == "nsubj" && is_noun(parse, s))
                .map(|s| measured_phrase(words_text, parse, s, q));
        };
        // A number that itself modifies a noun through "of"/"at" ("growth of 2.5%") or stands in
        // brackets beside it ("robberies (up 22%)") describes that noun, unless the noun only
        // measures something else ("a rate of"). ("The deaths of
        // 55,000 soldiers": the number counts the soldiers; the walk goes on.)
        if w == q
            && matches!(rel, "nmod" | "appos" | "dep")
            && is_noun(parse, head)
            && !is_measure_noun(words_text[head])
        {
            return Some(phrase(parse, head, Some(w)));
        }
        // Reached through a complement clause: the clause above reports, it is not the subject.
        if matches!(rel, "ccomp" | "parataxis") {
            return None;
        }
        // An open complement without a subject of its own ("officials expect growth to slip to
        // 2.1%") has the object of the verb above as its subject, if it has one.
        if rel == "xcomp" {
            if let Some(o) = parse
                .children(head)
                .find(|&c| parse.rel(c) == "obj" && c < w && is_noun(parse, c))
            {
                return Some(measured_phrase(words_text, parse, o, q));
            }
        }
        // The quantity's counted noun is itself the clause's subject ("840 patients were
        // treated"): the number describes that noun phrase. A bare number as subject says nothing.
        if rel == "nsubj" || rel == "csubj" {
            return (w != q && is_noun(parse, w)).then(|| phrase(parse, w, from));
        }
        from = Some(w);
        w = head;
    }
    None
}

/// What kind of amount a quantity is, for `amount_of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Amount {
    /// A sum of money.
    Money,
    /// Anything else. A share's "of" names its whole, not its subject ("4% of GDP"), and a
    /// measure's is often what someone acts on ("Russian forces captured 5,000 square kilometres
    /// of territory": the claim is filed under Russia).
    Other,
}

/// What a sum of money is a sum of, named right after it: "$4.1 billion of new car loans",
/// "$12.5 billion in savings" (the amount's modifier, or its verb's oblique right after it). Not a
/// time ("$2 billion in 2020"), a name ("$5 billion in Asia"), a noun that only measures ("$1
/// billion of the total") or a place or target after "in the".
fn amount_of(
    words_text: &[&str],
    parse: &Parse,
    q: usize,
    amount: Amount,
    unit_words: &[usize],
) -> Option<usize> {
    if amount != Amount::Money {
        return None;
    }
    let cases = ["of", "in"];
    let fits = |c: usize| {
        c > q
            && parse.upos[c] == "NOUN"
            && !unit_words.contains(&c)
            && !is_time_noun(words_text[c])
            && !is_measure_noun(words_text[c])
            && case_of(words_text, parse, c, &cases)
            // "in" names the money's form only before a bare noun ("in savings", "in bonds"):
            // "in the region", "in the project" say where it goes.
            && (case_of(words_text, parse, c, &["of"])
                || !parse.children(c).any(|k| parse.rel(k) == "det"))
            // The stuff follows the amount and its unit, with only its own words between.
            && (q + 1..c).all(|w| unit_words.contains(&w) || dominates(parse, c, w))
    };
    // The amount's own modifier, else (money only) its verb's oblique right after it.
    let own = unit_words
        .iter()
        .copied()
        .chain(std::iter::once(q))
        .flat_map(|h| parse.children(h).filter(|&c| parse.rel(c) == "nmod"))
        .find(|&c| fits(c));
    own.or_else(|| {
        let verb = parse.head(q).filter(|&h| parse.upos[h] == "VERB")?;
        parse
            .children(verb)
            .find(|&c| parse.rel(c) == "obl" && case_of(words_text, parse, c, &["in"]) && fits(c))
    })
}

/// The thing whose change the number measures, when the sentence names it: what a change noun is
/// a change in ("a 14% increase in homicide offences", "a rise of 4% in exports", "a 12 percent
/// cut in fuel subsidies"), or the object a verb of change changes by or to ("cut production by
/// 10%", "raised its key rate by 0.25 points to 4.5%"). Returns the thing's head word; the number
/// describes it directly.
pub fn changed_thing(
    words_text: &[&str],
    parse: &Parse,
    q: usize,
    unit_words: &[usize],
) -> Option<usize> {
    // The word that hangs on the change: the number, or its unit ("12 percent cut").
    let mut modifier = q;
    let mut change = parse.head(q)?;
    if unit_words.contains(&change) {
        modifier = change;
        change = parse.head(change)?;
    }
    if parse.child(change, "nsubj").is_some() && parse.child(change, "obj").is_none() {
        return None;
    }
    thing_changed_in(words_text, parse, q, modifier, change)
        .or_else(|| object_changed(words_text, parse, q, unit_words))
}

/// "a 2.1% rise in sales": the number modifies a change noun that names what changed with "in".
/// The change word may be tagged a noun or a verb; a change with a subject of its own ("prices
/// rise 2% in London") is left to the clause walk, and so is a time ("a 2% rise in March").
fn thing_changed_in(
    words_text: &[&str],
    parse: &Parse,
    q: usize,
    modifier: usize,
    change: usize,
) -> Option<usize> {
    if !is_change_noun(words_text[change]) || parse.child(change, "nsubj").is_some() {
        return None;
    }
    // The number modifies the change as a noun: right before it ("a 2.1% rise", the change
    // tagged a noun or opened by an article), or after it through "of" ("a rise of 4%"); not a
    // verb it follows ("fall under 2% in the longer run") nor a noun past a comma.
    let before = q < change
        && (q + 1..change).all(|w| parse.upos[w] != "PUNCT")
        && (parse.upos[change] == "NOUN"
            || (q.saturating_sub(2)..q).any(|w| parse.upos[w] == "DET"));
    let of = q > change && case_of(words_text, parse, modifier, &["of"]);
    if !(before || of) {
        return None;
    }
    parse.children(change).find(|&c| {
        c != q
            && matches!(parse.rel(c), "nmod" | "obl")
            && is_noun(parse, c)
            && !is_time_noun(words_text[c])
            && case_of(words_text, parse, c, &["in"])
    })
}

/// "cut production by 10%", "raised its key rate by 0.25 percentage points": the number (with its
/// unit), through "by", "to" or "from", measures the change of the object of a verb of change.
fn object_changed(
    words_text: &[&str],
    parse: &Parse,
    q: usize,
    unit_words: &[usize],
) -> Option<usize> {
    // The preposition may hang on the number or on any word of its unit.
    let mut amount = q;
    let mut by = case_of(words_text, parse, q, &["by", "to", "from"]);
    while let Some(h) = parse.head(amount).filter(|h| unit_words.contains(h)) {
        amount = h;
        by |= case_of(words_text, parse, h, &["by", "to", "from"]);
    }
    // "by an average of 6%", "to a total of 40": the amount is what the aggregate noun is.
    if let Some(h) = parse.head(amount).filter(|&h| {
        matches!(
            words_text[h].to_lowercase().as_str(),
            "average" | "total" | "median" | "maximum" | "minimum"
        ) && case_of(words_text, parse, amount, &["of"])
    }) {
        amount = h;
        by |= case_of(words_text, parse, h, &["by", "to", "from"]);
    }
    let verb = parse.head(amount)?;
    let changes = crate::extract::lexicon::change_before(&words_text[verb].to_lowercase())
        .is_some()
        && parse.upos[verb] == "VERB";
    if !changes || !by {
        return None;
    }
    parse.children(verb).find(|&o| {
        o < amount && parse.rel(o) == "obj" && is_noun(parse, o) && !is_time_noun(words_text[o])
    })
}

/// Whether `w` has a preposition among `cases` ("in", "by").
fn case_of(words_text: &[&str], parse: &Parse, w: usize, cases: &[&str]) -> bool {
    parse.children(w).any(|k| {
        parse.rel(k) == "case" && cases.iter().any(|c| words_text[k].eq_ignore_ascii_case(c))
    })
}

/// The phrase of a changed thing: its own words, without a possessive pronoun before it ("its
/// dividend") and without what follows it ("offences, from 630 to 719").
fn changed_phrase(parse: &Parse, thing: usize) -> Option<Found> {
    let Found::Phrase {
        mut first,
        last,
        head,
    } = phrase(parse, thing, None)
    else {
        return None;
    };
    while first < head && parse.upos[first] == "PRON" {
        first += 1;
    }
    let stop = (head + 1..=last)
        .find(|&w| matches!(parse.upos[w], "PUNCT" | "NUM"))
        .map_or(last, |w| w - 1);
    Some(Found::Phrase {
        first,
        last: stop,
        head,
    })
}

fn is_noun(parse: &Parse, w: usize) -> bool {
    parse
        .upos
        .get(w)
        .is_some_and(|u| matches!(*u, "NOUN" | "PROPN"))
}

/// Nouns of change: "a 0.7% slip", "a 2.1% gain": the number measures the change of something else.
pub fn is_change_noun(word: &str) -> bool {
    matches!(
        crate::extract::lexicon::singular(&word.to_lowercase()).as_str(),
        "gain"
            | "rise"
            | "increase"
            | "decrease"
            | "drop"
            | "fall"
            | "slip"
            | "jump"
            | "decline"
            | "climb"
            | "surge"
            | "plunge"
            | "dip"
            | "loss"
            | "cut"
            | "hike"
            | "advance"
    )
}

pub fn is_measure_noun(word: &str) -> bool {
    let w = crate::extract::lexicon::singular(&word.to_lowercase());
    MEASURE_NOUNS.contains(&w.as_str()) || matches!(w.as_str(), "estimate" | "percentage")
}

/// The phrase of `head`, or, when the head only measures something ("the number of robberies",
/// "levels of PM 2.5"), the phrase of what it measures.
fn measured_phrase(words_text: &[&str], parse: &Parse, head: usize, q: usize) -> Found {
    if is_measure_noun(words_text[head]) {
        if let Some(of) = parse.children(head).find(|&c| {
            c > head && parse.rel(c) == "nmod" && is_noun(parse, c) && !dominates(parse, c, q)
        }) {
            return phrase(parse, of, None);
        }
    }
    phrase(parse, head, Some(q))
}

/// The noun phrase headed by `head`: its subtree less clauses, appositions, coordination and
/// punctuation, less the subtree of `without` (the quantity's own branch), and less a leading
/// article; the contiguous run of words around the head.
pub fn phrase(parse: &Parse, head: usize, without: Option<usize>) -> Found {
    let n = parse.len();
    let mut keep = vec![false; n];
    keep[head] = true;
    // Words in order of depth: a word is kept when its head is kept and its relation belongs.
    let mut changed = true;
    while changed {
        changed = false;
        for w in 0..n {
            if keep[w] || Some(w) == without {
                continue;
            }
            if let Some(h) = parse.head(w) {
                let rel = parse.rel(w);
                // A name in apposition right after its title ("the Labour Party candidate Maria
                // Costa") is part of the phrase; set off by a comma it is not.
                let named = rel == "appos" && parse.upos[w] == "PROPN" && w == h + 1;
                if keep[h] && (named || !is_clausal_or_loose(rel) && !is_predicate_part(rel)) {
                    keep[w] = true;
                    changed = true;
                }
            }
        }
    }
    let mut first = head;
    while first > 0 && keep[first - 1] {
        first -= 1;
    }
    let mut last = head;
    while last + 1 < n && keep[last + 1] {
        last += 1;
    }
    // Long phrases keep what names the head (words before it and possessors), not what follows.
    if last - first >= 8 {
        last = head;
    }
    // A leading article or preposition ("according to") is not part of the name.
    while first < head
        && (matches!(parse.upos[first], "DET" | "ADP" | "PUNCT")
            || matches!(parse.rel(first), "case" | "mark" | "fixed" | "punct"))
    {
        first += 1;
    }
    Found::Phrase { first, last, head }
}

/// A noun that names a time ("June", "year", "quarter", "Tuesday"): a time phrase is when a number
/// holds, never what it describes.
pub fn is_time_noun(word: &str) -> bool {
    let w = word.to_lowercase();
    crate::extract::lexicon::month(&w).is_some()
        || crate::extract::lexicon::time_unit(&w).is_some()
        || super::date::weekday(&w).is_some()
        || matches!(
            w.as_str(),
            "quarter"
                | "quarters"
                | "period"
                | "today"
                | "tonight"
                | "yesterday"
                | "tomorrow"
                | "weekend"
                | "morning"
                | "afternoon"
                | "evening"
                | "night"
                | "season"
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Span;

    /// A parse from (word, upos, head as 1-based index or 0 for the root, relation) rows.
    fn parse(rows: &[(&str, &'static str, usize, &str)]) -> (Vec<&'static str>, Parse) {
        let words: Vec<&'static str> = rows
            .iter()
            .map(|r| &*Box::leak(r.0.to_string().into_boxed_str()))
            .collect();
        let p = Parse {
            upos: rows.iter().map(|r| r.1).collect(),
            heads: rows.iter().map(|r| r.2.checked_sub(1)).collect(),
            rels: rows.iter().map(|r| r.3.to_string()).collect(),
        };
        (words, p)
    }

    fn text(words: &[&str], f: &Found) -> String {
        match f {
            Found::Phrase { first, last, .. } => words[*first..=*last].join(" "),
            Found::Pronoun(w) => format!("pronoun {}", words[*w]),
        }
    }

    #[test]
    fn the_clause_subject_of_a_change() {
        // Existing home sales fell 2.7 percent to an annual rate of 3.93 million .
        let (w, p) = parse(&[
            ("Existing", "ADJ", 3, "amod"),
            ("home", "NOUN", 3, "compound"),
            ("sales", "NOUN", 4, "nsubj"),
            ("fell", "VERB", 0, "root"),
            ("2.7", "NUM", 6, "nummod"),
            ("percent", "NOUN", 4, "obl"),
            ("to", "ADP", 10, "case"),
            ("an", "DET", 10, "det"),
            ("annual", "ADJ", 10, "amod"),
            ("rate", "NOUN", 4, "obl"),
            ("of", "ADP", 13, "case"),
            ("3.93", "NUM", 13, "compound"),
            ("million", "NUM", 10, "nmod"),
            (".", "PUNCT", 4, "punct"),
        ]);
        for q in [4, 12] {
            let found = subject_of_quantity(&w, &p, q, false, Amount::Other, &[]).unwrap();
            assert_eq!(text(&w, &found), "Existing home sales");
        }
    }

    #[test]
    fn what_a_change_is_a_change_in() {
        // The data showed a 14% increase in police-recorded homicide offences , from 630 to 719 .
        let (w, p) = parse(&[
            ("The", "DET", 2, "det"),
            ("data", "NOUN", 3, "nsubj"),
            ("showed", "VERB", 0, "root"),
            ("a", "DET", 6, "det"),
            ("14%", "NUM", 6, "compound"),
            ("increase", "NOUN", 3, "obj"),
            ("in", "ADP", 10, "case"),
            ("police-recorded", "VERB", 10, "amod"),
            ("homicide", "NOUN", 10, "compound"),
            ("offences", "NOUN", 6, "nmod"),
            (",", "PUNCT", 13, "punct"),
            ("from", "ADP", 13, "case"),
            ("630", "NUM", 10, "nummod"),
            ("to", "ADP", 15, "case"),
            ("719", "NUM", 13, "nmod"),
            (".", "PUNCT", 3, "punct"),
        ]);
        let found = subject_of_quantity(&w, &p, 4, false, Amount::Other, &[]).unwrap();
        assert_eq!(text(&w, &found), "police-recorded homicide offences");
        // Officials announced a 12 percent cut in fuel subsidies : the change word is the unit's
        // head, tagged a verb.
        let (w, p) = parse(&[
            ("Officials", "NOUN", 2, "nsubj"),
            ("announced", "VERB", 0, "root"),
            ("a", "DET", 5, "det"),
            ("12", "NUM", 5, "nummod"),
            ("percent", "NOUN", 6, "compound"),
            ("cut", "VERB", 2, "ccomp"),
            ("in", "ADP", 9, "case"),
            ("fuel", "NOUN", 9, "compound"),
            ("subsidies", "NOUN", 6, "nmod"),
            (".", "PUNCT", 2, "punct"),
        ]);
        for q in [3, 4] {
            let found = subject_of_quantity(&w, &p, q, true, Amount::Other, &[4]).unwrap();
            assert_eq!(text(&w, &found), "fuel subsidies");
        }
        // Prices rise 2 % in London : the change has a subject of its own.
        let (w, p) = parse(&[
            ("Prices", "NOUN", 2, "nsubj"),
            ("rise", "VERB", 0, "root"),
            ("2", "NUM", 4, "nummod"),
            ("%", "SYM", 2, "obl"),
            ("in", "ADP", 6, "case"),
            ("London", "PROPN", 2, "obl"),
        ]);
        let found = subject_of_quantity(&w, &p, 2, true, Amount::Other, &[3]).unwrap();
        assert_eq!(text(&w, &found), "Prices");
        // A 2 % rise in March : a time is no thing that changed.
        let (w, p) = parse(&[
            ("A", "DET", 4, "det"),
            ("2", "NUM", 3, "nummod"),
            ("%", "SYM", 4, "compound"),
            ("rise", "NOUN", 0, "root"),
            ("in", "ADP", 6, "case"),
            ("March", "PROPN", 4, "nmod"),
        ]);
        assert!(changed_thing(&w, &p, 1, &[2]).is_none());
        // Rates may fall under 2 % in the longer run : a verb the number follows.
        let (w, p) = parse(&[
            ("Rates", "NOUN", 3, "nsubj"),
            ("may", "AUX", 3, "aux"),
            ("fall", "VERB", 0, "root"),
            ("under", "ADP", 5, "case"),
            ("2", "NUM", 6, "nummod"),
            ("%", "SYM", 3, "obl"),
            ("in", "ADP", 10, "case"),
            ("the", "DET", 10, "det"),
            ("longer", "ADJ", 10, "amod"),
            ("run", "NOUN", 3, "obl"),
        ]);
        assert!(changed_thing(&w, &p, 4, &[5]).is_none());
        // The figures show a rise of 4 % in exports .
        let (w, p) = parse(&[
            ("The", "DET", 2, "det"),
            ("figures", "NOUN", 3, "nsubj"),
            ("show", "VERB", 0, "root"),
            ("a", "DET", 5, "det"),
            ("rise", "NOUN", 3, "obj"),
            ("of", "ADP", 8, "case"),
            ("4", "NUM", 8, "nummod"),
            ("%", "SYM", 5, "nmod"),
            ("in", "ADP", 10, "case"),
            ("exports", "NOUN", 5, "nmod"),
        ]);
        let found = subject_of_quantity(&w, &p, 6, true, Amount::Other, &[7]).unwrap();
        assert_eq!(text(&w, &found), "exports");
    }

    #[test]
    fn a_time_describing_another_noun_dates_nothing_else() {
        // shares gained $6.75 before the third-quarter results ; revenue
        let (_, p) = parse(&[
            ("shares", "NOUN", 2, "nsubj"),
            ("gained", "VERB", 0, "root"),
            ("$6.75", "NUM", 2, "obj"),
            ("before", "ADP", 6, "case"),
            ("third-quarter", "NOUN", 6, "amod"),
            ("results", "NOUN", 2, "obl"),
        ]);
        let w = [
            "shares",
            "gained",
            "$6.75",
            "before",
            "third-quarter",
            "results",
        ];
        assert!(describes_another_noun(&w, &p, 2, 4));
        // in its third-quarter report , sales rose 5%
        let (_, p) = parse(&[
            ("in", "ADP", 4, "case"),
            ("its", "PRON", 4, "nmod"),
            ("third-quarter", "NOUN", 4, "amod"),
            ("report", "NOUN", 7, "obl"),
            (",", "PUNCT", 7, "punct"),
            ("sales", "NOUN", 7, "nsubj"),
            ("rose", "VERB", 0, "root"),
            ("5%", "NUM", 7, "obl"),
        ]);
        let w = [
            "in",
            "its",
            "third-quarter",
            "report",
            ",",
            "sales",
            "rose",
            "5%",
        ];
        assert!(!describes_another_noun(&w, &p, 7, 2));
        // first-quarter revenue rose 5% ; a first-quarter profit of $5 billion
        let (_, p) = parse(&[
            ("first-quarter", "ADJ", 2, "amod"),
            ("revenue", "NOUN", 3, "nsubj"),
            ("rose", "VERB", 0, "root"),
            ("5%", "NUM", 3, "obl"),
            ("a", "DET", 7, "det"),
            ("first-quarter", "ADJ", 7, "amod"),
            ("profit", "NOUN", 3, "obl"),
            ("of", "ADP", 9, "case"),
            ("$5", "NUM", 7, "nmod"),
        ]);
        let w = ["", "revenue", "rose", "", "a", "", "profit", "of", ""];
        assert!(!describes_another_noun(&w, &p, 3, 0));
        assert!(!describes_another_noun(&w, &p, 8, 5));
        // on Saturday night : a time itself.
        let (_, p) = parse(&[
            ("people", "NOUN", 2, "nsubj"),
            ("huddled", "VERB", 0, "root"),
            ("on", "ADP", 5, "case"),
            ("Saturday", "PROPN", 5, "compound"),
            ("night", "NOUN", 2, "obl"),
        ]);
        let w = ["people", "huddled", "on", "Saturday", "night"];
        assert!(!describes_another_noun(&w, &p, 0, 3));
    }

    #[test]
    fn a_word_before_the_marker_of_a_clause_is_not_in_it() {
        // sales slumped 2.7 percent in June after jumping 1.0 percent in May , with "in June"
        // misattached to "jumping".
        let (_, p) = parse(&[
            ("sales", "NOUN", 2, "nsubj"),
            ("slumped", "VERB", 0, "root"),
            ("2.7", "NUM", 4, "nummod"),
            ("percent", "NOUN", 2, "obl"),
            ("in", "ADP", 6, "case"),
            ("June", "PROPN", 8, "obl"),
            ("after", "SCONJ", 8, "mark"),
            ("jumping", "VERB", 2, "advcl"),
            ("1.0", "NUM", 10, "nummod"),
            ("percent", "NOUN", 8, "obl"),
            ("in", "ADP", 12, "case"),
            ("May", "PROPN", 8, "obl"),
        ]);
        assert!(before_its_clause(&p, 5));
        assert!(!before_its_clause(&p, 11));
        assert!(!before_its_clause(&p, 3));
    }

    #[test]
    fn the_object_a_verb_of_change_changes() {
        // The central bank raised its key interest rate by 0.25 percentage points .
        let (w, p) = parse(&[
            ("The", "DET", 3, "det"),
            ("central", "ADJ", 3, "amod"),
            ("bank", "NOUN", 4, "nsubj"),
            ("raised", "VERB", 0, "root"),
            ("its", "PRON", 8, "nmod"),
            ("key", "ADJ", 8, "amod"),
            ("interest", "NOUN", 8, "compound"),
            ("rate", "NOUN", 4, "obj"),
            ("by", "ADP", 11, "case"),
            ("0.25", "NUM", 11, "nummod"),
            ("percentage", "NOUN", 12, "compound"),
            ("points", "NOUN", 4, "obl"),
            (".", "PUNCT", 4, "punct"),
        ]);
        let found = subject_of_quantity(&w, &p, 9, true, Amount::Other, &[10, 11]).unwrap();
        assert_eq!(text(&w, &found), "key interest rate");
        // Toyota plans to cut production by 10% (the parser calls the amount an object too).
        let (w, p) = parse(&[
            ("Toyota", "PROPN", 2, "nsubj"),
            ("plans", "VERB", 0, "root"),
            ("to", "PART", 4, "mark"),
            ("cut", "VERB", 2, "xcomp"),
            ("production", "NOUN", 4, "obj"),
            ("by", "ADP", 7, "case"),
            ("10%", "NUM", 4, "obj"),
        ]);
        assert_eq!(changed_thing(&w, &p, 6, &[]), Some(4));
        // the club raised ticket prices by an average of 6%
        let (w, p) = parse(&[
            ("the", "DET", 2, "det"),
            ("club", "NOUN", 3, "nsubj"),
            ("raised", "VERB", 0, "root"),
            ("ticket", "NOUN", 5, "compound"),
            ("prices", "NOUN", 3, "obj"),
            ("by", "ADP", 8, "case"),
            ("an", "DET", 8, "det"),
            ("average", "NOUN", 3, "obl"),
            ("of", "ADP", 10, "case"),
            ("6%", "NUM", 8, "nmod"),
        ]);
        assert_eq!(changed_thing(&w, &p, 9, &[]), Some(4));
        // The company paid its workers 5% more : no verb of change, no "by".
        let (w, p) = parse(&[
            ("The", "DET", 2, "det"),
            ("company", "NOUN", 3, "nsubj"),
            ("paid", "VERB", 0, "root"),
            ("its", "PRON", 5, "nmod"),
            ("workers", "NOUN", 3, "obj"),
            ("5%", "NUM", 7, "nummod"),
            ("more", "ADJ", 3, "obj"),
        ]);
        assert_eq!(changed_thing(&w, &p, 5, &[]), None);
    }

    #[test]
    fn a_noun_described_by_the_number() {
        // Officials expect growth of 2.5 % .
        let (w, p) = parse(&[
            ("Officials", "NOUN", 2, "nsubj"),
            ("expect", "VERB", 0, "root"),
            ("growth", "NOUN", 2, "obj"),
            ("of", "ADP", 5, "case"),
            ("2.5", "NUM", 5, "nummod"),
            ("%", "SYM", 3, "nmod"),
            (".", "PUNCT", 2, "punct"),
        ]);
        let sentence = crate::doc::Sentence {
            words: [
                (0, 9),
                (10, 16),
                (17, 23),
                (24, 26),
                (27, 30),
                (30, 31),
                (32, 33),
            ]
            .map(|(a, b)| Span::new(a, b))
            .to_vec(),
            ..Default::default()
        };
        let q = head_of(&p, sentence.words_in(Span::new(27, 31))).unwrap();
        assert_eq!(q, 5);
        assert_eq!(
            text(
                &w,
                &subject_of_quantity(&w, &p, q, false, Amount::Other, &[]).unwrap()
            ),
            "growth"
        );
    }

    #[test]
    fn a_copula_and_a_possessor() {
        // Google 's net income was $ 733.4 million
        let (w, p) = parse(&[
            ("Google", "PROPN", 4, "nmod"),
            ("'s", "PART", 1, "case"),
            ("net", "ADJ", 4, "amod"),
            ("income", "NOUN", 8, "nsubj"),
            ("was", "AUX", 8, "cop"),
            ("$", "SYM", 8, "compound"),
            ("733.4", "NUM", 8, "compound"),
            ("million", "NUM", 0, "root"),
        ]);
        let found = subject_of_quantity(&w, &p, 7, true, Amount::Other, &[]).unwrap();
        assert_eq!(text(&w, &found), "Google 's net income");
    }

    #[test]
    fn the_reporting_clause_is_not_the_subject() {
        // The ministry said 840 patients were treated .
        let (w, p) = parse(&[
            ("The", "DET", 2, "det"),
            ("ministry", "NOUN", 3, "nsubj"),
            ("said", "VERB", 0, "root"),
            ("840", "NUM", 5, "nummod"),
            ("patients", "NOUN", 7, "nsubj"),
            ("were", "AUX", 7, "aux"),
            ("treated", "VERB", 3, "ccomp"),
            (".", "PUNCT", 3, "punct"),
        ]);
        // The counted noun is the clause's subject: the number describes "patients".
        assert_eq!(
            text(
                &w,
                &subject_of_quantity(&w, &p, 3, false, Amount::Other, &[]).unwrap()
            ),
            "patients"
        );
        assert_eq!(
            subject_of_quantity(&w, &p, 4, false, Amount::Other, &[]),
            None
        );
    }

    #[test]
    fn a_pronoun_and_a_relative_clause() {
        // It added 177,000 subscribers
        let (w, p) = parse(&[
            ("It", "PRON", 2, "nsubj"),
            ("added", "VERB", 0, "root"),
            ("177,000", "NUM", 4, "nummod"),
            ("subscribers", "NOUN", 2, "obj"),
        ]);
        assert_eq!(
            subject_of_quantity(&w, &p, 2, false, Amount::Other, &[]),
            Some(Found::Pronoun(0))
        );
        // Boeing , which employs 150,000 people , said ...
        let (w, p) = parse(&[
            ("Boeing", "PROPN", 8, "nsubj"),
            (",", "PUNCT", 4, "punct"),
            ("which", "PRON", 4, "nsubj"),
            ("employs", "VERB", 1, "acl"),
            ("150,000", "NUM", 6, "nummod"),
            ("people", "NOUN", 4, "obj"),
            (",", "PUNCT", 4, "punct"),
            ("said", "VERB", 0, "root"),
        ]);
        assert_eq!(
            text(
                &w,
                &subject_of_quantity(&w, &p, 4, false, Amount::Other, &[]).unwrap()
            ),
            "Boeing"
        );
    }

    #[test]
    fn the_time_phrase_attached_closest_above_the_quantity_governs_it() {
        // Sales rose 0.5 % in December after falling 0.1 % in November
        let (_, p) = parse(&[
            ("Sales", "NOUN", 2, "nsubj"),
            ("rose", "VERB", 0, "root"),
            ("0.5", "NUM", 4, "nummod"),
            ("%", "SYM", 2, "obl"),
            ("in", "ADP", 6, "case"),
            ("December", "PROPN", 2, "obl"),
            ("after", "SCONJ", 8, "mark"),
            ("falling", "VERB", 2, "advcl"),
            ("0.1", "NUM", 10, "nummod"),
            ("%", "SYM", 8, "obl"),
            ("in", "ADP", 12, "case"),
            ("November", "PROPN", 8, "obl"),
        ]);
        let times = [5, 11]; // December, November
        assert_eq!(closest_governor(&p, 2, &times), Some(0));
        assert_eq!(closest_governor(&p, 8, &times), Some(1));
        assert_eq!(head_of(&p, 4..6), Some(5));
        // A phrase attached nowhere on the path governs nothing here.
        assert_eq!(closest_governor(&p, 2, &[11]), None);
    }

    #[test]
    fn a_number_in_brackets_describes_the_noun_beside_it() {
        // jumps in recorded robberies ( up 22 % )
        let (w, p) = parse(&[
            ("jumps", "NOUN", 0, "root"),
            ("in", "ADP", 4, "case"),
            ("recorded", "VERB", 4, "amod"),
            ("robberies", "NOUN", 1, "nmod"),
            ("(", "PUNCT", 8, "punct"),
            ("up", "ADV", 8, "advmod"),
            ("22", "NUM", 8, "nummod"),
            ("%", "SYM", 4, "appos"),
            (")", "PUNCT", 8, "punct"),
        ]);
        let found = subject_of_quantity(&w, &p, 7, true, Amount::Other, &[]).unwrap();
        assert_eq!(text(&w, &found), "recorded robberies");
    }

    #[test]
    fn money_measures_the_noun_it_modifies() {
        // Chalmers delivered a $ 9.3 billion surplus
        let (w, p) = parse(&[
            ("Chalmers", "PROPN", 2, "nsubj"),
            ("delivered", "VERB", 0, "root"),
            ("a", "DET", 7, "det"),
            ("$", "SYM", 7, "compound"),
            ("9.3", "NUM", 6, "compound"),
            ("billion", "NUM", 7, "nummod"),
            ("surplus", "NOUN", 2, "obj"),
        ]);
        let found = subject_of_quantity(&w, &p, 5, true, Amount::Other, &[]).unwrap();
        assert_eq!(text(&w, &found), "surplus");
        // A count of the same shape counts the noun: the subject is the clause's.
        let found = subject_of_quantity(&w, &p, 5, false, Amount::Other, &[]).unwrap();
        assert_eq!(text(&w, &found), "Chalmers");
    }

    #[test]
    fn a_measure_noun_gives_way_to_what_it_measures() {
        // The number of robberies rose 22 %
        let (w, p) = parse(&[
            ("The", "DET", 2, "det"),
            ("number", "NOUN", 5, "nsubj"),
            ("of", "ADP", 4, "case"),
            ("robberies", "NOUN", 2, "nmod"),
            ("rose", "VERB", 0, "root"),
            ("22", "NUM", 7, "nummod"),
            ("%", "SYM", 5, "obj"),
        ]);
        let found = subject_of_quantity(&w, &p, 6, true, Amount::Other, &[]).unwrap();
        assert_eq!(text(&w, &found), "robberies");
        assert!(is_measure_noun("Numbers") && !is_measure_noun("sales"));
    }

    #[test]
    fn phrases_leave_out_clauses_and_articles() {
        // the company that makes chips
        let (w, p) = parse(&[
            ("the", "DET", 2, "det"),
            ("company", "NOUN", 0, "root"),
            ("that", "PRON", 4, "nsubj"),
            ("makes", "VERB", 2, "acl"),
            ("chips", "NOUN", 4, "obj"),
        ]);
        assert_eq!(text(&w, &phrase(&p, 1, None)), "company");
        assert!(is_time_noun("June") && is_time_noun("quarter") && is_time_noun("tonight"));
        assert!(!is_time_noun("sales"));
        assert!(dominates(&p, 1, 4));
        assert!(!dominates(&p, 4, 1));
        // Chile is in mourning: a predicate noun's phrase holds no subject or copula.
        let (w, p) = parse(&[
            ("Chile", "PROPN", 4, "nsubj"),
            ("is", "AUX", 4, "cop"),
            ("in", "ADP", 4, "case"),
            ("mourning", "NOUN", 0, "root"),
        ]);
        assert_eq!(text(&w, &phrase(&p, 3, None)), "mourning");
        // the Labour Party candidate Maria Costa: a name right after its title belongs to it;
        // after a comma it does not.
        let (w, p) = parse(&[
            ("the", "DET", 4, "det"),
            ("Labour", "PROPN", 3, "compound"),
            ("Party", "PROPN", 4, "compound"),
            ("candidate", "NOUN", 0, "root"),
            ("Maria", "PROPN", 4, "appos"),
            ("Costa", "PROPN", 5, "flat"),
        ]);
        assert_eq!(
            text(&w, &phrase(&p, 3, None)),
            "Labour Party candidate Maria Costa"
        );
        let (w, p) = parse(&[
            ("the", "DET", 2, "det"),
            ("candidate", "NOUN", 0, "root"),
            (",", "PUNCT", 4, "punct"),
            ("Costa", "PROPN", 2, "appos"),
        ]);
        assert_eq!(text(&w, &phrase(&p, 1, None)), "candidate");
    }

    #[test]
    fn names_in_the_quantitys_clause_and_beside_it() {
        // Syria 's war killed 200,000 people , below White House estimates .
        let (_, p) = parse(&[
            ("Syria", "PROPN", 3, "nmod:poss"),
            ("'s", "PART", 1, "case"),
            ("war", "NOUN", 4, "nsubj"),
            ("killed", "VERB", 0, "root"),
            ("200,000", "NUM", 6, "nummod"),
            ("people", "NOUN", 4, "obj"),
            (",", "PUNCT", 11, "punct"),
            ("below", "ADP", 11, "case"),
            ("White", "PROPN", 10, "compound"),
            ("House", "PROPN", 11, "compound"),
            ("estimates", "NOUN", 4, "obl"),
            (".", "PUNCT", 4, "punct"),
        ]);
        // The possessor of the clause subject belongs to the number's clause.
        assert!(in_clause_of(&p, 4, 0));
        // The counted noun contains the number.
        assert!(in_clause_of(&p, 4, 5));
        // "White House" names an oblique beside the number: it sets the scene.
        assert!(!in_clause_of(&p, 4, 9));
        // Four counties — Butte , Plumas — were hit
        let (_, p) = parse(&[
            ("Four", "NUM", 2, "nummod"),
            ("counties", "NOUN", 9, "nsubj"),
            ("—", "PUNCT", 4, "punct"),
            ("Butte", "PROPN", 2, "nmod"),
            (",", "PUNCT", 6, "punct"),
            ("Plumas", "PROPN", 4, "conj"),
            ("—", "PUNCT", 4, "punct"),
            ("were", "AUX", 9, "aux:pass"),
            ("hit", "VERB", 0, "root"),
        ]);
        assert!(!in_clause_of(&p, 0, 3));
    }

    #[test]
    fn words_inside_a_clause_without_the_quantity() {
        // shares , which closed on Tuesday , were up 1.1%
        let (_, p) = parse(&[
            ("shares", "NOUN", 8, "nsubj"),
            (",", "PUNCT", 4, "punct"),
            ("which", "PRON", 4, "nsubj"),
            ("closed", "VERB", 1, "acl"),
            ("on", "ADP", 6, "case"),
            ("Tuesday", "PROPN", 4, "obl"),
            (",", "PUNCT", 4, "punct"),
            ("were", "AUX", 0, "root"),
            ("up", "ADV", 8, "advmod"),
            ("1.1%", "NUM", 9, "obl"),
        ]);
        // "which closed on Tuesday" tells the subject's past: "were up 1.1%" (in premarket
        // trading) is of another day.
        assert!(in_other_clause(&p, 9, 5));
        assert!(!in_other_clause(&p, 9, 0));
        // The clause holding the quantity is its own.
        assert!(!in_other_clause(&p, 3, 5));
    }

    #[test]
    fn words_inside_an_adverbial_clause_without_the_quantity() {
        // sales rose 0.5% after falling in November
        let (_, p) = parse(&[
            ("sales", "NOUN", 2, "nsubj"),
            ("rose", "VERB", 0, "root"),
            ("0.5%", "NUM", 2, "obj"),
            ("after", "SCONJ", 5, "mark"),
            ("falling", "VERB", 2, "advcl"),
            ("in", "ADP", 7, "case"),
            ("November", "PROPN", 5, "obl"),
        ]);
        assert!(in_other_clause(&p, 2, 6));
        assert!(!in_other_clause(&p, 2, 0));
    }

    #[test]
    fn an_open_complement_is_about_the_object_above() {
        // officials expect growth to slip to 2.1%
        let (w, p) = parse(&[
            ("officials", "NOUN", 2, "nsubj"),
            ("expect", "VERB", 0, "root"),
            ("growth", "NOUN", 2, "obj"),
            ("to", "PART", 5, "mark"),
            ("slip", "VERB", 2, "xcomp"),
            ("to", "ADP", 7, "case"),
            ("2.1%", "NUM", 5, "obl"),
        ]);
        let got = subject_of_quantity(&w, &p, 6, true, Amount::Other, &[]).unwrap();
        assert_eq!(text(&w, &got), "growth");
        // Without an object, the subject above: "sales are expected to reach 4 million".
        let (w, p) = parse(&[
            ("sales", "NOUN", 3, "nsubj"),
            ("are", "AUX", 3, "aux"),
            ("expected", "VERB", 0, "root"),
            ("to", "PART", 5, "mark"),
            ("reach", "VERB", 3, "xcomp"),
            ("4", "NUM", 7, "nummod"),
            ("million", "NUM", 5, "obj"),
        ]);
        let got = subject_of_quantity(&w, &p, 6, false, Amount::Other, &[]).unwrap();
        assert_eq!(text(&w, &got), "sales");
    }

    #[test]
    fn an_object_before_its_verb_is_its_subject() {
        // with the census spanning 15 months (the parser took "census" for the object)
        let (w, p) = parse(&[
            ("with", "SCONJ", 4, "mark"),
            ("the", "DET", 3, "det"),
            ("census", "NOUN", 4, "obj"),
            ("spanning", "VERB", 0, "root"),
            ("15", "NUM", 6, "nummod"),
            ("months", "NOUN", 4, "obl"),
        ]);
        let got = subject_of_quantity(&w, &p, 4, true, Amount::Other, &[5]).unwrap();
        assert_eq!(text(&w, &got), "census");
    }

    #[test]
    fn a_sum_of_money_is_of_what_follows_it() {
        // lenders approved $4.1 billion of new car loans in May
        let (w, p) = parse(&[
            ("lenders", "NOUN", 2, "nsubj"),
            ("approved", "VERB", 0, "root"),
            ("$4.1", "NUM", 4, "compound"),
            ("billion", "NUM", 2, "obj"),
            ("of", "ADP", 8, "case"),
            ("new", "ADJ", 8, "amod"),
            ("car", "NOUN", 8, "compound"),
            ("loans", "NOUN", 4, "nmod"),
            ("in", "ADP", 10, "case"),
            ("May", "PROPN", 2, "obl"),
        ]);
        let got = subject_of_quantity(&w, &p, 3, true, Amount::Money, &[]).unwrap();
        assert_eq!(text(&w, &got), "new car loans");
        // Not a share, a count or a measure: their "of" names a whole.
        let got = subject_of_quantity(&w, &p, 3, true, Amount::Other, &[]).unwrap();
        assert_eq!(text(&w, &got), "lenders");
        // the government found $12.5 billion in savings ("in savings" the verb's)
        let (w, p) = parse(&[
            ("the", "DET", 2, "det"),
            ("government", "NOUN", 3, "nsubj"),
            ("found", "VERB", 0, "root"),
            ("$12.5", "NUM", 5, "compound"),
            ("billion", "NUM", 3, "obj"),
            ("in", "ADP", 7, "case"),
            ("savings", "NOUN", 3, "obl"),
        ]);
        let got = subject_of_quantity(&w, &p, 4, true, Amount::Money, &[]).unwrap();
        assert_eq!(text(&w, &got), "savings");
        // the group earned $2 billion in 2021: a time is when, not what
        let (w, p) = parse(&[
            ("the", "DET", 2, "det"),
            ("group", "NOUN", 3, "nsubj"),
            ("earned", "VERB", 0, "root"),
            ("$2", "NUM", 5, "compound"),
            ("billion", "NUM", 3, "obj"),
            ("in", "ADP", 7, "case"),
            ("year", "NOUN", 3, "obl"),
        ]);
        let got = subject_of_quantity(&w, &p, 4, true, Amount::Money, &[]).unwrap();
        assert_eq!(text(&w, &got), "group");
        // the group invested $2 billion in the region: where it went
        let (w, p) = parse(&[
            ("the", "DET", 2, "det"),
            ("group", "NOUN", 3, "nsubj"),
            ("invested", "VERB", 0, "root"),
            ("$2", "NUM", 5, "compound"),
            ("billion", "NUM", 3, "obj"),
            ("in", "ADP", 8, "case"),
            ("the", "DET", 8, "det"),
            ("region", "NOUN", 3, "obl"),
        ]);
        let got = subject_of_quantity(&w, &p, 4, true, Amount::Money, &[]).unwrap();
        assert_eq!(text(&w, &got), "group");
    }

    #[test]
    fn a_relative_clause_tells_its_own_time_unless_its_noun_reports_the_number() {
        // The airline , which reported a profit in 2019 , last saw 12,000 pilots walk out
        let (_, p) = parse(&[
            ("The", "DET", 2, "det"),
            ("airline", "NOUN", 12, "nsubj"),
            (",", "PUNCT", 5, "punct"),
            ("which", "PRON", 5, "nsubj"),
            ("reported", "VERB", 2, "acl"),
            ("a", "DET", 7, "det"),
            ("profit", "NOUN", 5, "obj"),
            ("in", "ADP", 9, "case"),
            ("2019", "NUM", 5, "obl"),
            (",", "PUNCT", 5, "punct"),
            ("last", "ADV", 12, "advmod"),
            ("saw", "VERB", 0, "root"),
            ("12,000", "NUM", 14, "nummod"),
            ("pilots", "NOUN", 12, "obj"),
            ("walk", "VERB", 12, "xcomp"),
            ("out", "ADP", 15, "compound"),
        ]);
        assert!(in_other_clause(&p, 12, 8));
        // The survey , which was conducted on May 3 , found Lee got 41.2 percent
        let (_, p) = parse(&[
            ("The", "DET", 2, "det"),
            ("survey", "NOUN", 10, "nsubj"),
            (",", "PUNCT", 6, "punct"),
            ("which", "PRON", 6, "nsubj"),
            ("was", "AUX", 6, "aux"),
            ("conducted", "VERB", 2, "acl"),
            ("on", "ADP", 8, "case"),
            ("May", "PROPN", 6, "obl"),
            (",", "PUNCT", 6, "punct"),
            ("found", "VERB", 0, "root"),
            ("Lee", "PROPN", 12, "nsubj"),
            ("got", "VERB", 10, "ccomp"),
            ("41.2", "NUM", 14, "nummod"),
            ("percent", "NOUN", 12, "obj"),
        ]);
        assert!(!in_other_clause(&p, 12, 7));
        // a poll released on Nov. 2 put Trump 4 points ahead: no pronoun, the poll's time
        let (_, p) = parse(&[
            ("a", "DET", 2, "det"),
            ("poll", "NOUN", 6, "nsubj"),
            ("released", "VERB", 2, "acl"),
            ("on", "ADP", 5, "case"),
            ("Nov.", "PROPN", 3, "obl"),
            ("put", "VERB", 0, "root"),
            ("Trump", "PROPN", 6, "obj"),
            ("4", "NUM", 9, "nummod"),
            ("points", "NOUN", 6, "obl"),
        ]);
        assert!(!in_other_clause(&p, 7, 4));
    }

    #[test]
    fn a_number_parsed_as_the_root_takes_the_subject_of_the_word_beside_it() {
        // Exports of iron ore were down 3% ("down" under the number, the subject under "down")
        let (w, p) = parse(&[
            ("Exports", "NOUN", 6, "nsubj"),
            ("of", "ADP", 4, "case"),
            ("iron", "NOUN", 4, "compound"),
            ("ore", "NOUN", 1, "nmod"),
            ("were", "AUX", 6, "cop"),
            ("down", "ADV", 7, "advmod"),
            ("3%", "NUM", 0, "root"),
        ]);
        let got = subject_of_quantity(&w, &p, 6, true, Amount::Other, &[]).unwrap();
        assert_eq!(text(&w, &got), "Exports of iron ore");
        // Nothing beside it: no subject.
        let (w, p) = parse(&[("down", "ADV", 2, "advmod"), ("4%", "NUM", 0, "root")]);
        assert_eq!(
            subject_of_quantity(&w, &p, 1, true, Amount::Other, &[]),
            None
        );
    }

    #[test]
    fn a_reduced_relative_on_the_counted_noun_dates_the_count() {
        // 65,190 cases recorded from Jan. 1
        let (_, p) = parse(&[
            ("65,190", "NUM", 2, "nummod"),
            ("cases", "NOUN", 0, "root"),
            ("recorded", "VERB", 2, "acl"),
            ("from", "ADP", 6, "case"),
            ("Jan.", "PROPN", 6, "nmod"),
            ("1", "NUM", 3, "obl"),
        ]);
        assert!(!in_other_clause(&p, 0, 5));
        // officials counted 2,000 people fleeing the war in 2015: the clause has an object of its
        // own, another act.
        let (_, p) = parse(&[
            ("officials", "NOUN", 2, "nsubj"),
            ("counted", "VERB", 0, "root"),
            ("2,000", "NUM", 4, "nummod"),
            ("people", "NOUN", 2, "obj"),
            ("fleeing", "VERB", 4, "acl"),
            ("the", "DET", 7, "det"),
            ("war", "NOUN", 5, "obj"),
            ("in", "ADP", 9, "case"),
            ("2015", "NUM", 5, "obl"),
        ]);
        assert!(in_other_clause(&p, 2, 8));
        // Without the object, the clause narrows the count.
        let (_, p) = parse(&[
            ("officials", "NOUN", 2, "nsubj"),
            ("counted", "VERB", 0, "root"),
            ("2,000", "NUM", 4, "nummod"),
            ("people", "NOUN", 2, "obj"),
            ("displaced", "VERB", 4, "acl"),
            ("in", "ADP", 7, "case"),
            ("2015", "NUM", 5, "obl"),
        ]);
        assert!(!in_other_clause(&p, 2, 6));
        // An adjective is no such clause: "28 pages related to a 2002 probe".
        let (_, p) = parse(&[
            ("28", "NUM", 2, "nummod"),
            ("pages", "NOUN", 0, "root"),
            ("related", "ADJ", 2, "acl"),
            ("from", "ADP", 6, "case"),
            ("a", "DET", 6, "det"),
            ("2002", "NUM", 3, "obl"),
        ]);
        assert!(in_other_clause(&p, 0, 5));
    }

    #[test]
    fn an_infinitive_of_purpose_happens_with_its_act() {
        // Rovers spent €40 million to sign Okafor in July
        let (_, p) = parse(&[
            ("Rovers", "PROPN", 2, "nsubj"),
            ("spent", "VERB", 0, "root"),
            ("€40", "NUM", 4, "nummod"),
            ("million", "NUM", 2, "obj"),
            ("to", "PART", 6, "mark"),
            ("sign", "VERB", 2, "advcl"),
            ("Okafor", "PROPN", 6, "obj"),
            ("in", "ADP", 9, "case"),
            ("July", "PROPN", 6, "obl"),
        ]);
        assert!(!in_other_clause(&p, 3, 8));
        // A clause with a subject of its own is another act: "for prices to fall in July".
        let (_, p) = parse(&[
            ("Rovers", "PROPN", 2, "nsubj"),
            ("spent", "VERB", 0, "root"),
            ("€40", "NUM", 4, "nummod"),
            ("million", "NUM", 2, "obj"),
            ("for", "SCONJ", 8, "mark"),
            ("prices", "NOUN", 8, "nsubj"),
            ("to", "PART", 8, "mark"),
            ("fall", "VERB", 2, "advcl"),
            ("in", "ADP", 10, "case"),
            ("July", "PROPN", 8, "obl"),
        ]);
        assert!(in_other_clause(&p, 3, 9));
    }
}
