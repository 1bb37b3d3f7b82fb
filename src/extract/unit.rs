//! What a quantity counts: the noun phrase after it ("1,800 tanks"), a hyphenated unit ("30-day"),
//! a rate ("meters per day", "soldiers monthly"), or, when the noun is elided, the verb that follows
//! ("140,000 are believed to have been killed" -> death) or the noun the clause is about
//! ("losses ... number well over one million" -> casualty).

use super::lexicon::{self, casualty_word, is_np_stop, rate_adverb, singular, time_unit};
use super::tokens::{glued, Kind, Token};
use crate::doc::{Span, Unit};

/// Largest number of words in a counted noun phrase.
const MAX_NP_WORDS: usize = 5;

/// A unit found in the tokens, and the index of the token after it.
pub struct UnitMatch {
    pub unit: Unit,
    pub next: usize,
}

/// A counted noun in its canonical singular: "tanks" -> "tank", "km" -> "kilometer", and "losses"
/// (of people or equipment counted in numbers) -> "casualty".
pub fn counted_noun(word: &str) -> String {
    match lexicon::unit_alias(word) {
        Some(alias) => alias.to_string(),
        None => match singular(word).as_str() {
            "loss" => "casualty".to_string(),
            other => other.to_string(),
        },
    }
}

fn unit(text: String, normalized: String, span: Option<Span>) -> Unit {
    Unit {
        text,
        normalized,
        span,
    }
}

/// "per day", "a day", "each month", "daily": a rate suffix at `i`; returns the time unit and the
/// index after it.
pub fn rate_at(toks: &[Token], i: usize) -> Option<(&'static str, usize)> {
    let t = toks.get(i)?;
    if let Some(u) = rate_adverb(&t.lower) {
        return Some((u, i + 1));
    }
    if matches!(t.lower.as_str(), "per" | "a" | "an" | "each" | "every") {
        let u = toks
            .get(i + 1)
            .filter(|t| t.is_word())
            .and_then(|t| time_unit(&t.lower))?;
        // "every six weeks" is a frequency with its own number, not a rate word.
        return Some((u, i + 2));
    }
    None
}

fn is_np_word(t: &Token) -> bool {
    t.kind == Kind::Word
        && !is_np_stop(&t.lower)
        && lexicon::month(t.text).is_none()
        && !t.lower.ends_with("ly")
        && !t.is_possessive()
        && !lexicon::is_number_word(&t.lower)
}

fn is_plural(w: &str) -> bool {
    singular(w) != w && !w.ends_with("ss")
}

fn looks_verbal(w: &str) -> bool {
    (w.ends_with("ed") || w.ends_with("ing")) && w.len() > 4
}

/// The noun phrase after a number, from token `i`.
pub fn noun_phrase_after(toks: &[Token], i: usize) -> Option<UnitMatch> {
    let mut words: Vec<usize> = Vec::new();
    let mut j = i;
    while j < toks.len() && words.len() < MAX_NP_WORDS {
        let t = &toks[j];
        if is_np_word(t) {
            words.push(j);
            j += 1;
        } else if t.text == "-"
            && !words.is_empty()
            && j + 1 < toks.len()
            && glued(&toks[j - 1], t)
            && glued(t, &toks[j + 1])
        {
            j += 1;
        } else {
            break;
        }
    }
    // A capitalized word ends the phrase unless a lowercase word follows it ("Russian soldiers").
    while let Some(&last) = words.last() {
        let t = &toks[last];
        let verbal = words.len() > 1 && looks_verbal(&t.lower);
        if t.is_titlecase() || verbal {
            words.pop();
        } else {
            break;
        }
    }
    // A plural noun heads the phrase: "bases deep", "sides exchanged ...".
    if let Some(p) = words.iter().position(|&k| is_plural(&toks[k].lower)) {
        words.truncate(p + 1);
    }
    // The phrase may not start with a participle that is really a verb ("1 million killed").
    let &first = words.first()?;
    let &last = words.last()?;
    if words.len() == 1
        && (casualty_word(&toks[first].lower).is_some() || looks_verbal(&toks[first].lower))
    {
        return None;
    }
    let lower_words: Vec<&str> = words
        .iter()
        .filter(|&&k| !toks[k].is_titlecase() || toks[k].text.chars().all(|c| c.is_uppercase()))
        .map(|&k| toks[k].lower.as_str())
        .collect();
    if lower_words.is_empty() {
        return None;
    }
    let head = counted_noun(&toks[last].lower);
    let mut text_words: Vec<String> = lower_words[..lower_words.len() - 1]
        .iter()
        .map(|w| w.to_string())
        .collect();
    text_words.push(head.clone());
    let mut text = text_words.join(" ");
    let mut normalized = if text_words.first().map(String::as_str) == Some("square") {
        text.clone()
    } else {
        head.clone()
    };
    let mut end_tok = last + 1;
    // A measure "of" something, then maybe a rate: "7,400 meters of territory per day".
    let mut k = last + 1;
    if lexicon::is_measure_unit(&head) && toks.get(k).is_some_and(|t| t.is("of")) {
        let mut m = k + 1;
        while m < toks.len() && m <= k + 3 && is_np_word(&toks[m]) {
            m += 1;
        }
        if rate_at(toks, m).is_some() {
            k = m;
        }
    }
    if let Some((per, after)) = rate_at(toks, k) {
        text = format!("{text} per {per}");
        normalized = format!("{normalized} per {per}");
        end_tok = after;
    }
    let span = Span::new(toks[first].start, toks[end_tok - 1].end);
    Some(UnitMatch {
        unit: unit(text, normalized, Some(span)),
        next: end_tok,
    })
}

/// A unit glued by a hyphen: "30-day", "five-year"; `None` for ages ("72-year-old").
pub fn hyphen_unit(toks: &[Token], i: usize) -> Option<Result<UnitMatch, ()>> {
    let dash = toks.get(i)?;
    let word = toks.get(i + 1)?;
    if !(matches!(dash.text, "-" | "‑")
        && glued(&toks[i - 1], dash)
        && glued(dash, word)
        && word.is_word())
    {
        return None;
    }
    if word.lower.starts_with("year-old") || word.lower.starts_with("years-old") {
        return Some(Err(()));
    }
    let w = word.lower.split(['-', '‑']).next().unwrap_or("");
    let head = singular(w);
    Some(Ok(UnitMatch {
        unit: unit(head.clone(), head, Some(Span::new(word.start, word.end))),
        next: i + 2,
    }))
}

/// Words that may stand between a number and a verb of dying ("are believed to have been killed").
fn is_aux(w: &str) -> bool {
    matches!(
        w,
        "have"
            | "has"
            | "had"
            | "are"
            | "were"
            | "was"
            | "is"
            | "been"
            | "be"
            | "being"
            | "believed"
            | "estimated"
            | "thought"
            | "reported"
            | "reportedly"
            | "said"
            | "to"
            | "likely"
            | "already"
            | "now"
            | "since"
            | "probably"
            | "confirmed"
            | "presumed"
            | "feared"
            | "either"
            | "or"
            | "and"
    )
}

/// An elided unit read off the verb after the number: killed -> death, wounded -> injury,
/// "killed or wounded" -> casualty.
pub fn unit_from_following_verb(toks: &[Token], i: usize) -> Option<Unit> {
    let mut found: Vec<&'static str> = Vec::new();
    for t in toks.iter().skip(i).take(8) {
        if let Some(u) = casualty_word(&t.lower) {
            found.push(u);
        } else if !(t.is_word() && is_aux(&t.lower)) {
            break;
        }
    }
    let u = match found.as_slice() {
        [] => return None,
        [one] => *one,
        [a, b, ..] if a != b => "casualty",
        [a, ..] => *a,
    };
    Some(unit(u.to_string(), u.to_string(), None))
}

/// Linking verbs between a counted noun and its number ("casualties total some 1.2 million").
fn is_linking_verb(w: &str) -> bool {
    matches!(
        w,
        "total"
            | "totals"
            | "totaled"
            | "totalled"
            | "number"
            | "numbers"
            | "numbered"
            | "reach"
            | "reached"
            | "reaches"
            | "exceed"
            | "exceeded"
            | "exceeds"
            | "topped"
            | "tops"
            | "stood"
            | "stands"
            | "stand"
            | "amount"
            | "amounted"
            | "amounts"
            | "rose"
            | "fell"
            | "climbed"
            | "hit"
            | "surpassed"
            | "passed"
    )
}

fn is_clause_break(t: &Token) -> bool {
    matches!(
        t.text,
        "," | ";" | ":" | "—" | "–" | "(" | "“" | "”" | "\"" | "«" | "»"
    ) || matches!(
        t.lower.as_str(),
        "but" | "and" | "that" | "which" | "while" | "when" | "whereas"
    )
}

fn is_preposition(w: &str) -> bool {
    matches!(
        w,
        "of" | "among" | "in" | "for" | "from" | "on" | "at" | "across" | "along"
    )
}

/// An elided unit taken from the clause subject before a linking verb:
/// "losses among the Kremlin's troops now number well over one million" -> casualty.
pub fn unit_from_clause_subject(toks: &[Token], quantity_start: usize) -> Option<Unit> {
    let mut k = quantity_start;
    // Adverbs and the linking verb itself.
    while k > 0
        && matches!(
            toks[k - 1].lower.as_str(),
            "now" | "already" | "still" | "reportedly" | "likely" | "at"
        )
    {
        k -= 1;
    }
    if k == 0 || !is_linking_verb(&toks[k - 1].lower) {
        return None;
    }
    k -= 1;
    while k > 0
        && matches!(
            toks[k - 1].lower.as_str(),
            "now"
                | "already"
                | "still"
                | "reportedly"
                | "likely"
                | "could"
                | "may"
                | "might"
                | "would"
                | "will"
        )
    {
        k -= 1;
    }
    let mut start = k;
    while start > 0 && !is_clause_break(&toks[start - 1]) && k - start < 10 {
        start -= 1;
    }
    let phrase = &toks[start..k];
    let cut = phrase
        .iter()
        .position(|t| is_preposition(&t.lower))
        .unwrap_or(phrase.len());
    // A capitalized word is a name, unless it only opens the sentence ("Casualties total ...").
    let opener =
        |t: &Token| t.start == toks[0].start && t.text.chars().skip(1).all(char::is_lowercase);
    let words: Vec<&Token> = phrase[..cut]
        .iter()
        .filter(|t| t.is_word() && (!t.is_titlecase() || opener(t)))
        .collect();
    let mut head = *words.last()?;
    // "casualty totals", "death toll": the count noun names what its modifier counts.
    if is_count_noun(&head.lower) && words.len() >= 2 {
        head = words[words.len() - 2];
    }
    let s = counted_noun(&head.lower);
    Some(unit(s.clone(), s, Some(Span::new(head.start, head.end))))
}

fn is_count_noun(w: &str) -> bool {
    matches!(
        w,
        "total"
            | "totals"
            | "toll"
            | "tolls"
            | "number"
            | "numbers"
            | "count"
            | "counts"
            | "figure"
            | "figures"
            | "tally"
    )
}

/// "estimates Ukraine's total casualties at approximately 400,000", "put the death toll at 500":
/// the noun before "at" is what the number counts.
pub fn unit_before_at(toks: &[Token], quantity_start: usize) -> Option<Unit> {
    let at = toks.get(quantity_start.checked_sub(1)?)?;
    if !at.is("at") {
        return None;
    }
    let mut k = quantity_start - 1;
    while k > 0 && matches!(toks[k - 1].lower.as_str(), "now" | "currently" | "already") {
        k -= 1;
    }
    let noun = toks.get(k.checked_sub(1)?)?;
    if !noun.is_word() || noun.is_titlecase() || is_np_stop(&noun.lower) {
        return None;
    }
    let mut head = noun;
    if is_count_noun(&noun.lower)
        && k >= 2
        && toks[k - 2].is_word()
        && !is_np_stop(&toks[k - 2].lower)
    {
        head = &toks[k - 2];
    }
    if !is_plural(&head.lower) && !is_count_noun(&noun.lower) {
        return None;
    }
    let s = counted_noun(&head.lower);
    Some(unit(s.clone(), s, Some(Span::new(head.start, head.end))))
}

/// "men over 25" -> years of age.
pub fn unit_from_age_context(toks: &[Token], quantity_start: usize) -> Option<Unit> {
    let q = toks.get(quantity_start)?;
    let person = toks.get(quantity_start.checked_sub(1)?)?;
    let is_age_bound = matches!(
        q.lower.as_str(),
        "over" | "under" | "above" | "below" | "aged"
    );
    let is_person = matches!(
        person.lower.as_str(),
        "men"
            | "women"
            | "people"
            | "children"
            | "adults"
            | "those"
            | "anyone"
            | "everyone"
            | "persons"
            | "boys"
            | "girls"
    );
    (is_age_bound && is_person).then(|| unit("year".into(), "year".into(), None))
}
