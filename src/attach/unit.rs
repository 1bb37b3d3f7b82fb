//! The unit of a quantity the grammar left without one, read off the parse: the noun the number
//! modifies however far it stands ("36 of the region's missing fishermen" aside, "35,715 dengue
//! cases" where words intervene), else, when the noun is elided, the plural common noun that is the
//! subject of the clause stating it ("Existing home sales fell ... to 3.93 million" -> "home sale"),
//! or the predicate noun it is the subject of ("130,000 of them were combatants"). A number compared
//! with another ("2,967 tigers, up from 2,226") counts what that one counts.

use crate::doc::{Parse, Span, Unit};
use crate::extract::lexicon::singular;

/// The noun (with its compound modifiers) that counts the quantity headed by `q`, as (first word,
/// head word).
pub fn counted_noun(parse: &Parse, q: usize) -> Option<(usize, usize)> {
    let noun = |w: usize| parse.upos.get(w).is_some_and(|u| *u == "NOUN");
    // 1. The number modifies a noun: "35,715 dengue cases".
    //    A noun another number modifies from nearer ("9,448 at 14 percent") is that number's.
    if parse.rel(q) == "nummod" {
        let head = parse.head(q).filter(|&h| noun(h))?;
        let (lo, hi) = (q.min(head), q.max(head));
        let nearer = (lo + 1..hi).any(|w| parse.head(w) == Some(head) && parse.rel(w) == "nummod");
        if nearer {
            return None;
        }
        return Some((compounds_before(parse, head), head));
    }
    // 2. The number is the subject of a noun predicate: "130,000 of them were combatants".
    if parse.rel(q) == "nsubj" {
        if let Some(head) = parse
            .head(q)
            .filter(|&h| noun(h) && parse.child(h, "cop").is_some())
        {
            return Some((compounds_before(parse, head), head));
        }
    }
    // 3. The noun is elided: the clause's subject, a plural common noun, counts the same thing
    //    ("sales fell ... to 3.93 million", "deaths rose to 57").
    if matches!(parse.rel(q), "obl" | "obj" | "nmod" | "root" | "xcomp") {
        let mut w = q;
        for _ in 0..3 {
            if let Some(s) = parse.child(w, "nsubj").filter(|&s| s != q && noun(s)) {
                return Some((compounds_before(parse, s), s));
            }
            w = parse.head(w)?;
        }
    }
    None
}

/// Whether the number headed by `q` stands alone as a noun phrase of its clause ("15 were
/// released", "far above Italy's 136,000", "to close at 1,650.34"): it modifies no noun, so the
/// noun it counts is elided and was named before.
pub fn stands_alone(parse: &Parse, q: usize) -> bool {
    let modifies = |rel: &str| matches!(rel, "nummod" | "amod" | "compound" | "det");
    parse.upos.get(q) == Some(&"NUM")
        && !modifies(parse.rel(q))
        && !parse
            .children(q)
            .any(|c| matches!(parse.upos[c], "NOUN" | "PROPN") && parse.rel(c) != "nmod:poss")
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
        assert_eq!(counted_noun(&p, 1), Some((2, 3)));
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
        assert_eq!(counted_noun(&p, 5), Some((1, 2)));
        // The subject of a noun predicate: "130,000 were combatants".
        let p2 = parse(&[("NUM", 3, "nsubj"), ("AUX", 3, "cop"), ("NOUN", 0, "root")]);
        assert_eq!(counted_noun(&p2, 0), Some((2, 2)));
        // A proper-noun subject ("Netflix added 2.2 million") counts nothing.
        let p = parse(&[
            ("PROPN", 2, "nsubj"),
            ("VERB", 0, "root"),
            ("NUM", 2, "obj"),
        ]);
        assert_eq!(counted_noun(&p, 2), None);
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
        assert_eq!(counted_noun(&p, 1), None);
        assert_eq!(counted_noun(&p, 3), Some((4, 4)));
    }

    #[test]
    fn a_number_without_its_noun_stands_alone() {
        // 15 were released
        let p = parse(&[
            ("NUM", 3, "nsubj:pass"),
            ("AUX", 3, "aux:pass"),
            ("VERB", 0, "root"),
        ]);
        assert!(stands_alone(&p, 0));
        // 15 passengers were released
        let p = parse(&[
            ("NUM", 2, "nummod"),
            ("NOUN", 4, "nsubj:pass"),
            ("AUX", 4, "aux:pass"),
            ("VERB", 0, "root"),
        ]);
        assert!(!stands_alone(&p, 0));
        // far above Italy's 136,000
        let p = parse(&[
            ("ADV", 3, "advmod"),
            ("ADP", 5, "case"),
            ("PROPN", 5, "nmod:poss"),
            ("PART", 3, "case"),
            ("NUM", 0, "root"),
        ]);
        assert!(stands_alone(&p, 4));
    }
}
