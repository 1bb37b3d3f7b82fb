//! The unit of a quantity the grammar left without one (or with only a measure noun), read off
//! the parse: the noun the number modifies however far it stands ("35,715 dengue cases"), the noun
//! predicate it or its partitive is the subject of ("130,000 of them were combatants"), else, when
//! the noun is elided, the common noun that is the subject of the clause stating it, looked for up
//! that clause only ("Existing home sales fell ... to 3.93 million" -> "home sale"). A number
//! compared with another ("2,967 tigers, up from 2,226") counts what that one counts; a count that
//! stands alone counts what the count before it counts ("Of the 72 passengers, 15 were released").

use crate::doc::{Parse, Span, Unit};
use crate::extract::lexicon::singular;

/// The noun (with its compound modifiers) that the quantity headed by `q` modifies or is the
/// subject of, as (first word, head word); `words` are the sentence's words. A number the parser
/// hung on a time ("one million last year") takes the `elided_noun` of that time.
pub fn counted_noun(parse: &Parse, words: &[&str], q: usize) -> Option<(usize, usize)> {
    let noun = |w: usize| parse.upos.get(w).is_some_and(|u| *u == "NOUN");
    // Where the walk for an elided noun (step 3) starts.
    let mut anchor = q;
    // 1. The number modifies a noun: "35,715 dengue cases".
    //    A noun another number modifies from nearer ("9,448 at 14 percent") is that number's; a
    //    time the parser hung the number on ("over one million last year") is not counted.
    if parse.rel(q) == "nummod" {
        if let Some(head) = parse.head(q).filter(|&h| noun(h)) {
            let (lo, hi) = (q.min(head), q.max(head));
            let nearer =
                (lo + 1..hi).any(|w| parse.head(w) == Some(head) && parse.rel(w) == "nummod");
            if nearer {
                return None;
            }
            if !names_a_time(parse, words, head) {
                return Some((compounds_before(parse, head), head));
            }
            anchor = head;
        }
    }
    // 2. The number, or the partitive it heads, is the subject of a noun predicate: "130,000 were
    //    combatants", "130,000 of them were combatants", "63,074 of the killed were civilians".
    let mut w = q;
    for _ in 0..2 {
        match parse.head(w) {
            Some(h) if matches!(parse.upos[h], "PRON" | "ADJ" | "NUM") => w = h,
            _ => break,
        }
    }
    if let Some(head) = parse
        .head(w)
        .filter(|&h| h > w && noun(h) && parse.child(h, "cop").is_some())
    {
        if matches!(parse.rel(w), "nsubj" | "nmod" | "amod" | "nummod") {
            return Some((compounds_before(parse, head), head));
        }
    }
    //    The copula right after the number marks it as the predicate's subject, however the
    //    parser hung the number ("Among the fighters, 37,324 were Syrian rebels").
    if anchor == q {
        if let Some(head) = parse
            .head(q + 1)
            .filter(|&h| parse.rel(q + 1) == "cop" && h > q + 1 && noun(h))
        {
            return Some((compounds_before(parse, head), head));
        }
    }
    if anchor == q {
        return None;
    }
    elided_noun(parse, words, anchor, q)
}

/// The noun an elided count counts: the subject of its clause, a common noun ("sales fell ... to
/// 3.93 million", "deaths were reported in January with 36; ... June with 58"), looked for up
/// the number's clause from `anchor` (the number `q`, or the time it hangs on), not across into
/// another clause, except one without a subject of its own ("after jumping by 1.0 percent to
/// 3.93 million" shares the subject of the clause it hangs on).
pub fn elided_noun(
    parse: &Parse,
    words: &[&str],
    anchor: usize,
    q: usize,
) -> Option<(usize, usize)> {
    clause_subject_noun(parse, words, anchor, q, true)
}

/// `elided_noun` within the number's own clause: a clause without a subject ("..., injuring more
/// than 300") does not borrow the subject of the clause it hangs on.
pub fn own_clause_noun(
    parse: &Parse,
    words: &[&str],
    anchor: usize,
    q: usize,
) -> Option<(usize, usize)> {
    clause_subject_noun(parse, words, anchor, q, false)
}

fn clause_subject_noun(
    parse: &Parse,
    words: &[&str],
    anchor: usize,
    q: usize,
    cross_subjectless: bool,
) -> Option<(usize, usize)> {
    let noun = |w: usize| parse.upos.get(w).is_some_and(|u| *u == "NOUN");
    if matches!(
        parse.rel(anchor),
        "obl" | "obj" | "nmod" | "root" | "xcomp" | "conj"
    ) {
        let mut w = anchor;
        for _ in 0..8 {
            // "thousands of vehicles" counts nothing itself.
            let counts_something = |s: usize| {
                let word = words.get(s).map_or(String::new(), |t| t.to_lowercase());
                !crate::extract::lexicon::is_number_word(&crate::extract::lexicon::singular(&word))
            };
            if let Some(s) = parse
                .child(w, "nsubj")
                .filter(|&s| s != q && noun(s) && counts_something(s))
            {
                return Some((compounds_before(parse, s), s));
            }
            // A clause with a subject of its own ends the walk; one without ("after jumping by
            // 1.0 percent to ...") shares the subject of the clause it hangs on, if allowed.
            let clausal = matches!(
                parse.rel(w),
                "ccomp" | "advcl" | "acl" | "parataxis" | "csubj"
            );
            let subjectless = parse.child(w, "nsubj").is_none() && parse.rel(w) == "advcl";
            if clausal && !(subjectless && cross_subjectless) {
                break;
            }
            w = parse.head(w)?;
        }
    }
    None
}

/// The noun a change before the number `q` is in ("a 14% increase in homicide offences, from 630
/// to 719"): the nearest change noun before it (`clause::is_change_noun`) with a noun hung on it
/// by "in", as (first word, head word).
pub fn changed_noun(parse: &Parse, words: &[&str], q: usize) -> Option<(usize, usize)> {
    let change = (0..q)
        .rev()
        .find(|&c| parse.upos[c] == "NOUN" && super::clause::is_change_noun(words[c]))?;
    let in_noun = parse.children(change).find(|&x| {
        x > change
            && x < q
            && parse.upos[x] == "NOUN"
            && parse
                .children(x)
                .any(|c| parse.rel(c) == "case" && words[c].eq_ignore_ascii_case("in"))
    })?;
    Some((compounds_before(parse, in_noun), in_noun))
}

/// Whether the noun `w` names a time by its modifier ("last year", "this month", "the same
/// period"): a number hung on it does not count it.
fn names_a_time(parse: &Parse, words: &[&str], w: usize) -> bool {
    parse.children(w).any(|c| {
        matches!(parse.rel(c), "amod" | "det")
            && words.get(c).is_some_and(|t| {
                matches!(
                    t.to_lowercase().as_str(),
                    "last" | "this" | "next" | "previous" | "same" | "past" | "coming"
                )
            })
    }) && words
        .get(w)
        .is_some_and(|t| crate::extract::lexicon::time_unit(&t.to_lowercase()).is_some())
}

/// Whether the number headed by `q` stands alone as a noun phrase of its clause ("15 were
/// released", "far above Italy's 136,000", "to close at 1,650.34"): it modifies no noun, so the
/// noun it counts is elided and was named before.
pub fn stands_alone(parse: &Parse, words: &[&str], q: usize) -> bool {
    let modifies = |rel: &str| matches!(rel, "nummod" | "amod" | "compound" | "det");
    // A noun hung on the number by a preposition other than "of" says where or when, not what
    // is counted ("eight of them in Spain").
    let says_where = |c: usize| {
        parse.children(c).any(|p| {
            parse.rel(p) == "case"
                && parse.upos[p] == "ADP"
                && p < c
                && !words.get(p).is_some_and(|w| w.eq_ignore_ascii_case("of"))
        })
    };
    parse.upos.get(q) == Some(&"NUM")
        && !modifies(parse.rel(q))
        && !parse.children(q).any(|c| {
            matches!(parse.upos[c], "NOUN" | "PROPN")
                && parse.rel(c) != "nmod:poss"
                && !says_where(c)
        })
}

/// Whether the words between two quantities compare the second with the first ("up from",
/// "down from", "compared with", "than", "versus"): then it counts the same thing.
pub fn compares_with_previous(between: &str) -> bool {
    let words: Vec<String> = between
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let last = |k: usize| words.len().checked_sub(k).map(|i| words[i].as_str());
    matches!(last(1), Some("from" | "than" | "versus" | "vs"))
        || (matches!(last(1), Some("with" | "to")) && last(2) == Some("compared"))
}

/// The first of the compound modifiers right before `head` ("home" in "home sales").
fn compounds_before(parse: &Parse, head: usize) -> usize {
    let mut first = head;
    while first > 0 && parse.head(first - 1) == Some(head) && parse.rel(first - 1) == "compound" {
        first -= 1;
    }
    first
}

/// The unit a counted noun gives: lowercase, its head singular ("home sale"), with the words'
/// span.
pub fn unit_of(words: &[&str], spans: &[Span], first: usize, head: usize) -> Unit {
    let mut parts: Vec<String> = words[first..head]
        .iter()
        .map(|w| w.to_lowercase())
        .collect();
    let normalized = singular(&words[head].to_lowercase());
    parts.push(normalized.clone());
    crate::extract::unit::unit(
        parts.join(" "),
        normalized,
        Some(Span::new(spans[first].start, spans[head].end)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_in_a_noun_names_what_its_ends_count() {
        // a 14% increase in homicide offences , from 630 to 719
        let p = parse(&[
            ("DET", 3, "det"),
            ("NOUN", 3, "compound"),
            ("NOUN", 0, "root"),
            ("ADP", 6, "case"),
            ("NOUN", 6, "compound"),
            ("NOUN", 3, "nmod"),
            ("PUNCT", 9, "punct"),
            ("ADP", 9, "case"),
            ("NUM", 3, "nmod"),
            ("ADP", 11, "case"),
            ("NUM", 9, "nmod"),
        ]);
        let words = [
            "a", "14%", "increase", "in", "homicide", "offences", ",", "from", "630", "to", "719",
        ];
        assert_eq!(changed_noun(&p, &words, 8), Some((4, 5)));
        assert_eq!(changed_noun(&p, &words, 10), Some((4, 5)));
        // No change noun before the number: nothing.
        assert_eq!(changed_noun(&p, &words, 1), None);
    }

    #[test]
    fn a_compared_number_counts_what_the_first_counts() {
        assert!(compares_with_previous(
            " tigers in the wild across the country, up from "
        ));
        assert!(compares_with_previous(" deaths, compared with "));
        assert!(compares_with_previous(" more than "));
        assert!(!compares_with_previous(" tigers and "));
    }

    fn parse(rows: &[(&'static str, usize, &str)]) -> Parse {
        Parse {
            upos: rows.iter().map(|r| r.0).collect(),
            heads: rows.iter().map(|r| r.1.checked_sub(1)).collect(),
            rels: rows.iter().map(|r| r.2.to_string()).collect(),
        }
    }

    #[test]
    fn the_noun_a_number_modifies_with_its_compounds() {
        // recorded 35,715 dengue cases
        let p = parse(&[
            ("VERB", 0, "root"),
            ("NUM", 4, "nummod"),
            ("NOUN", 4, "compound"),
            ("NOUN", 1, "obj"),
        ]);
        assert_eq!(counted_noun(&p, &[""; 4], 1), Some((2, 3)));
        let words = ["recorded", "35,715", "dengue", "cases"];
        let spans: Vec<Span> = [(0, 8), (9, 15), (16, 22), (23, 28)]
            .iter()
            .map(|&(a, b)| Span::new(a, b))
            .collect();
        let u = unit_of(&words, &spans, 2, 3);
        assert_eq!(
            (u.text.as_str(), u.normalized.as_str()),
            ("dengue case", "case")
        );
        assert_eq!(u.span, Some(Span::new(16, 28)));
    }

    #[test]
    fn an_elided_noun_is_the_clause_subject() {
        // Existing home sales fell to 3.93 million
        let p = parse(&[
            ("ADJ", 3, "amod"),
            ("NOUN", 3, "compound"),
            ("NOUN", 4, "nsubj"),
            ("VERB", 0, "root"),
            ("ADP", 6, "case"),
            ("NUM", 4, "obl"),
        ]);
        assert_eq!(elided_noun(&p, &[""; 6], 5, 5), Some((1, 2)));
        // The subject of a noun predicate: "130,000 were combatants".
        let p2 = parse(&[("NUM", 3, "nsubj"), ("AUX", 3, "cop"), ("NOUN", 0, "root")]);
        assert_eq!(counted_noun(&p2, &[""; 3], 0), Some((2, 2)));
        // A proper-noun subject ("Netflix added 2.2 million") counts nothing.
        let p = parse(&[
            ("PROPN", 2, "nsubj"),
            ("VERB", 0, "root"),
            ("NUM", 2, "obj"),
        ]);
        assert_eq!(elided_noun(&p, &[""; 3], 2, 2), None);
    }
    #[test]
    fn a_noun_nearer_to_another_number_is_not_counted() {
        // with 9,448 at 14 percent (the parser hangs both numbers on "percent")
        let p = parse(&[
            ("ADP", 2, "case"),
            ("NUM", 5, "nummod"),
            ("ADP", 5, "case"),
            ("NUM", 5, "nummod"),
            ("NOUN", 0, "root"),
        ]);
        assert_eq!(counted_noun(&p, &[""; 5], 1), None);
        assert_eq!(counted_noun(&p, &[""; 5], 3), Some((4, 4)));
    }

    #[test]
    fn a_number_without_its_noun_stands_alone() {
        // 15 were released
        let p = parse(&[
            ("NUM", 3, "nsubj:pass"),
            ("AUX", 3, "aux:pass"),
            ("VERB", 0, "root"),
        ]);
        assert!(stands_alone(&p, &[""; 3], 0));
        // 15 passengers were released
        let p = parse(&[
            ("NUM", 2, "nummod"),
            ("NOUN", 4, "nsubj:pass"),
            ("AUX", 4, "aux:pass"),
            ("VERB", 0, "root"),
        ]);
        assert!(!stands_alone(&p, &[""; 4], 0));
        // far above Italy's 136,000
        let p = parse(&[
            ("ADV", 3, "advmod"),
            ("ADP", 5, "case"),
            ("PROPN", 5, "nmod:poss"),
            ("PART", 3, "case"),
            ("NUM", 0, "root"),
        ]);
        assert!(stands_alone(&p, &[""; 5], 4));
        // closed 12 branches, three of them in Ohio: "Ohio" says where, not what is counted
        let words = ["three", "of", "them", "in", "Ohio"];
        let p = parse(&[
            ("NUM", 0, "root"),
            ("ADP", 3, "case"),
            ("PRON", 1, "nmod"),
            ("ADP", 5, "case"),
            ("PROPN", 1, "nmod"),
        ]);
        assert!(stands_alone(&p, &words, 0));
        // three of the branches: counted
        let words = ["three", "of", "the", "branches"];
        let p = parse(&[
            ("NUM", 0, "root"),
            ("ADP", 4, "case"),
            ("DET", 4, "det"),
            ("NOUN", 1, "nmod"),
        ]);
        assert!(!stands_alone(&p, &words, 0));
    }
    #[test]
    fn a_partitive_subject_of_a_noun_predicate() {
        // 130,000 of them were combatants
        let p = parse(&[
            ("NUM", 3, "nummod"),
            ("ADP", 3, "case"),
            ("PRON", 5, "nmod"),
            ("AUX", 5, "cop"),
            ("NOUN", 0, "root"),
        ]);
        assert_eq!(counted_noun(&p, &[""; 5], 0), Some((4, 4)));
    }

    #[test]
    fn a_number_before_a_copula_counts_the_predicate() {
        // Among the fighters , 37,324 were Syrian rebels (the number hung on "fighters").
        let p = parse(&[
            ("ADP", 3, "case"),
            ("DET", 3, "det"),
            ("NOUN", 0, "root"),
            ("PUNCT", 3, "punct"),
            ("NUM", 3, "nmod"),
            ("AUX", 8, "cop"),
            ("ADJ", 8, "amod"),
            ("NOUN", 3, "conj"),
        ]);
        assert_eq!(counted_noun(&p, &[""; 8], 4), Some((7, 7)));
        // 37,324 fighters were killed : the number's own noun, no predicate.
        let p = parse(&[
            ("NUM", 2, "nummod"),
            ("NOUN", 4, "nsubj:pass"),
            ("AUX", 4, "aux:pass"),
            ("VERB", 0, "root"),
        ]);
        assert_eq!(counted_noun(&p, &[""; 4], 0), Some((1, 1)));
    }

    #[test]
    fn a_number_hung_on_a_time_counts_the_clause_subject() {
        // applications surged to one million last year
        let words = ["applications", "surged", "to", "million", "last", "year"];
        let p = parse(&[
            ("NOUN", 2, "nsubj"),
            ("VERB", 0, "root"),
            ("ADP", 4, "case"),
            ("NUM", 6, "nummod"),
            ("ADJ", 6, "amod"),
            ("NOUN", 2, "obl"),
        ]);
        assert_eq!(counted_noun(&p, &words, 3), Some((0, 0)));
        // "four years": the number counts the years.
        let words = ["it", "took", "four", "years"];
        let p = parse(&[
            ("PRON", 2, "nsubj"),
            ("VERB", 0, "root"),
            ("NUM", 4, "nummod"),
            ("NOUN", 2, "obj"),
        ]);
        assert_eq!(counted_noun(&p, &words, 2), Some((3, 3)));
    }

    #[test]
    fn an_elided_noun_is_looked_for_up_the_clause_only() {
        // deaths were reported with 36 ; April with 46
        let p = parse(&[
            ("NOUN", 3, "nsubj"),
            ("AUX", 3, "aux"),
            ("VERB", 0, "root"),
            ("ADP", 5, "case"),
            ("NUM", 3, "obl"),
            ("PUNCT", 7, "punct"),
            ("PROPN", 5, "nmod"),
            ("ADP", 9, "case"),
            ("NUM", 7, "nmod"),
        ]);
        assert_eq!(elided_noun(&p, &[""; 9], 8, 8), Some((0, 0)));
        // officials said it rose to 40: the number's clause has no subject noun of its own, and
        // the reporting clause's subject is not counted.
        let p = parse(&[
            ("NOUN", 2, "nsubj"),
            ("VERB", 0, "root"),
            ("PRON", 4, "nsubj"),
            ("VERB", 2, "ccomp"),
            ("ADP", 6, "case"),
            ("NUM", 4, "obl"),
        ]);
        assert_eq!(elided_noun(&p, &[""; 6], 5, 5), None);
    }

    #[test]
    fn a_clause_without_a_subject_borrows_one_only_when_allowed() {
        // An earthquake struck , injuring 300
        let p = parse(&[
            ("DET", 2, "det"),
            ("NOUN", 3, "nsubj"),
            ("VERB", 0, "root"),
            ("PUNCT", 5, "punct"),
            ("VERB", 3, "advcl"),
            ("NUM", 5, "obj"),
        ]);
        assert_eq!(own_clause_noun(&p, &[""; 6], 5, 5), None);
        assert_eq!(elided_noun(&p, &[""; 6], 5, 5), Some((1, 1)));
    }
}
