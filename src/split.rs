//! Sentence splitting: article text -> sentences (byte spans with paragraph numbers), each tokenized
//! once into its two aligned token layers: the words the models read and the tokens the rules read.
//!
//! Rules for news text as it comes: line breaks end paragraphs (so headings and list fragments stand
//! alone), `.`/`!`/`?`/`…` end a sentence when the next word starts like a sentence, except after
//! abbreviations (Gen., U.S., St., No.), initials and inside decimals; sentences glued without a space
//! ("in Kyiv.Earlier that day") are cut apart; closing quotes stay with their sentence. A wire
//! dateline that opens a paragraph ("HONG KONG, Nov 14 (Reuters) - ") is not part of its sentence:
//! it names where and by whom the story was filed, not what the sentence is about.

use crate::doc::{Sentence, Span};

/// Longest sentence handed on; longer runs (a 50 MB article without punctuation) are cut at spaces.
pub const MAX_SENTENCE_BYTES: usize = 2000;

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "maj", "lt", "col", "sgt", "capt", "cpt", "adm", "cmdr", "gov",
    "sen", "rep", "rev", "st", "no", "nos", "jr", "sr", "prof", "inc", "corp", "ltd", "co", "vs",
    "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mt", "ft", "approx", "est", "fig", "vol", "pp", "ave", "blvd", "dept", "univ", "assn", "bros",
    "pres", "sgt", "gens", "messrs", "mme", "mlle", "op", "cf", "al",
];

const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "But",
    "And",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "In",
    "On",
    "At",
    "This",
    "That",
    "A",
    "An",
    "There",
    "Its",
    "Their",
    "His",
    "Her",
    "As",
    "After",
    "Meanwhile",
    "However",
    "Still",
    "Yet",
    // Counts and quantifiers open many sentences of news ("D.C. Five years ago, ...").
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Some",
    "Most",
    "Many",
    "Several",
    "About",
    "Nearly",
    "Almost",
    "More",
    "Only",
    "Last",
    "According",
    "While",
    "When",
    "Since",
    "Despite",
    "Those",
    "These",
];

fn is_open_quote(c: char) -> bool {
    matches!(c, '“' | '"' | '«' | '‘' | '\'' | '(' | '[' | '»' | '„')
}

fn is_close_punct(c: char) -> bool {
    matches!(c, '”' | '"' | '»' | '’' | '\'' | ')' | ']' | '«')
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// The word (letters and inner dots) that ends right before byte `end` of `line`.
fn word_before(line: &str, end: usize) -> &str {
    let start = line[..end]
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    &line[start..end]
}

/// Whether a word (without its period, any case) is a common abbreviation ("Gen", "Inc", "Jan").
pub fn is_abbreviation(word: &str) -> bool {
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// Whether a `.` at byte `dot` of `line` belongs to an abbreviation, an initial or an acronym.
fn is_abbreviation_dot(line: &str, dot: usize, next_word: &str) -> bool {
    let word = word_before(line, dot);
    if word.is_empty() {
        return false;
    }
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    let letters: Vec<char> = word.chars().filter(|c| *c != '.').collect();
    // An initial ("J.") or a dotted acronym ("U.S."): ends a sentence only before a clear starter.
    if word.contains('.') || (letters.len() == 1 && letters[0].is_uppercase()) {
        return !SENTENCE_STARTERS.contains(&next_word);
    }
    false
}

fn first_word(s: &str) -> &str {
    let end = s
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    &s[..end]
}

/// Sentence boundaries inside one line: byte offsets (relative to the line) where sentences end.
fn line_boundaries(line: &str) -> Vec<usize> {
    let mut cuts = Vec::new();
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (b, c) = chars[i];
        if !is_terminal(c) {
            i += 1;
            continue;
        }
        // Take the whole run of terminal marks and closing quotes.
        let mut j = i + 1;
        while j < chars.len() && (is_terminal(chars[j].1) || is_close_punct(chars[j].1)) {
            j += 1;
        }
        // A closing guillemet or quote set off by a space: "« We will see. » Then".
        if j + 2 < chars.len()
            && chars[j].1 == ' '
            && matches!(chars[j + 1].1, '»' | '”')
            && chars[j + 2].1.is_whitespace()
        {
            j += 2;
        }
        if j >= chars.len() {
            break;
        }
        let end = chars[j].0;
        let next = chars[j].1;
        let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
        if next.is_whitespace() {
            let mut k = j;
            while k < chars.len() && chars[k].1.is_whitespace() {
                k += 1;
            }
            if k >= chars.len() {
                break;
            }
            let start_char = chars[k].1;
            let rest = &line[chars[k].0..];
            let starts_like_sentence = start_char.is_uppercase()
                || start_char.is_ascii_digit()
                || (is_open_quote(start_char)
                    && rest
                        .chars()
                        .skip(1)
                        .find(|c| !c.is_whitespace())
                        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()));
            let abbreviation =
                c == '.' && j == i + 1 && is_abbreviation_dot(line, b, first_word(rest));
            if starts_like_sentence && !abbreviation {
                cuts.push(end);
            }
            i = k;
            continue;
        }
        // Glued: "Kyiv.Earlier", "2025.Of", "war.“Do".
        if c != '…' && j == i + 1 {
            let after: Vec<char> = line[end..].chars().take(3).collect();
            let glued_start = match after.as_slice() {
                [a, b2, ..] if a.is_uppercase() && b2.is_lowercase() => true,
                [q, a, ..] if is_open_quote(*q) && a.is_uppercase() => true,
                _ => false,
            };
            let word = word_before(line, b);
            let plain_word = word.chars().count() >= 2
                && !word.contains('.')
                && prev.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit());
            if glued_start && plain_word && !ABBREVIATIONS.contains(&word.to_lowercase().as_str()) {
                cuts.push(end);
            }
        }
        i = j;
    }
    cuts
}

/// Cuts a span longer than `MAX_SENTENCE_BYTES` at spaces.
fn cap_length(text: &str, span: Span, out: &mut Vec<Span>) {
    let mut start = span.start;
    while span.end - start > MAX_SENTENCE_BYTES {
        let mut limit = start + MAX_SENTENCE_BYTES;
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let cut = text[start..limit]
            .rfind(char::is_whitespace)
            .filter(|&p| p > 0)
            .map(|p| start + p)
            .unwrap_or(limit);
        out.push(Span::new(start, cut));
        start = cut;
        while start < span.end && text[start..].starts_with(char::is_whitespace) {
            start += text[start..].chars().next().map_or(1, char::len_utf8);
        }
    }
    if start < span.end {
        out.push(Span::new(start, span.end));
    }
}

/// A dash that ends a dateline.
fn is_dateline_dash(w: &str) -> bool {
    matches!(w, "-" | "--" | "---" | "—" | "–")
}

/// A place of a dateline in capitals ("NEW", "DELHI,", "ST.", "HONG"): capital letters, with
/// inner dots, hyphens and apostrophes, and a comma at its end.
fn is_capital_place_word(w: &str) -> bool {
    let w = w.strip_suffix(',').unwrap_or(w);
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 1
        && w.chars()
            .all(|c| c.is_uppercase() || matches!(c, '.' | '-' | '\'' | '’'))
}

/// A piece after a dateline's place: a date ("Nov 14", "Sept. 17", "March 5") or a region in
/// capitalised words ("Peru", "Calif.", "D.C.").
fn is_dateline_piece(words: &[&str]) -> bool {
    let first = words[0].trim_end_matches('.');
    let day = |d: &str| (1..=2).contains(&d.len()) && d.chars().all(|c| c.is_ascii_digit());
    let year = |y: &str| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit());
    let month = |m: &str| crate::extract::lexicon::month(m.trim_end_matches('.')).is_some();
    if month(first) {
        // "Jan. 12", "April 21 2026"
        return words.len() <= 3
            && words.get(1).is_none_or(|d| day(d))
            && words.get(2).is_none_or(|y| year(y));
    }
    // "21 April 2026", "21 April", and the year of "April 21, 2026".
    if day(first) {
        return (2..=3).contains(&words.len())
            && month(words[1])
            && words.get(2).is_none_or(|y| year(y));
    }
    if words.len() == 1 && year(first) {
        return true;
    }
    words.len() <= 3
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// The length in bytes of the wire dateline that opens `s` ("NEW DELHI, Jan. 12 (Xinhua) -- ",
/// "LIMA, Peru (AP) — ", "SAN FRANCISCO - ", "(Reuters) - "), up to the first word of the
/// story; `None` when `s` opens with none. A dateline is a place in capitals (at least one word of
/// two capital letters), then at most two comma pieces (a date, a region), then an agency in
/// brackets, then a dash; the agency alone will do for the place.
pub fn dateline_length(s: &str) -> Option<usize> {
    // Words with their byte offsets.
    let words: Vec<(usize, &str)> = s
        .split(' ')
        .scan(0usize, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .filter(|(_, w)| !w.is_empty())
        .take(14)
        .collect();
    let mut i = 0;
    while i < words.len() && i < 4 && is_capital_place_word(words[i].1) {
        i += 1;
    }
    let place = &words[..i];
    let has_place = place
        .iter()
        .any(|(_, w)| w.chars().filter(|c| c.is_uppercase()).count() >= 2);
    if i > 0 && !has_place {
        return None;
    }
    // Comma pieces: each ends in a comma, except the last, which ends before the agency or dash.
    let mut pieces = 0;
    let mut comma = place.last().is_some_and(|(_, w)| w.ends_with(','));
    while comma && pieces < 2 {
        // A piece runs to the word that ends in a comma, or to the agency or dash.
        let start = i;
        while i < words.len()
            && i - start < 3
            && !words[i].1.starts_with('(')
            && !is_dateline_dash(words[i].1)
        {
            i += 1;
            if words[i - 1].1.ends_with(',') {
                break;
            }
        }
        let piece: Vec<&str> = words[start..i]
            .iter()
            .map(|w| w.1.trim_end_matches(','))
            .collect();
        if piece.is_empty() || !is_dateline_piece(&piece) {
            return None;
        }
        comma = words[i - 1].1.ends_with(',');
        pieces += 1;
    }
    if comma {
        return None;
    }
    let mut agency = false;
    if i < words.len() && words[i].1.starts_with('(') {
        let start = i;
        while i < words.len() && i - start < 4 && !words[i].1.ends_with(')') {
            i += 1;
        }
        if i == words.len() || !words[i].1.ends_with(')') {
            return None;
        }
        i += 1;
        agency = true;
    }
    if !(has_place || agency) || i >= words.len() || !is_dateline_dash(words[i].1) {
        return None;
    }
    let story = words.get(i + 1)?;
    story
        .1
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || is_open_quote(c))
        .then_some(story.0)
}

fn trimmed(text: &str, start: usize, end: usize) -> Option<Span> {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    (start + lead < end - trail).then(|| Span::new(start + lead, end - trail))
}

/// Stage: the sentences of `text`, each with its span, paragraph, words (`word_tokens`, article
/// offsets) and tokens (`tokenize`, sentence offsets); the later layers empty.
pub fn sentences(text: &str) -> Vec<Sentence> {
    split_sentences(text)
        .into_iter()
        .map(|(span, paragraph)| {
            let sentence = &text[span.start..span.end];
            Sentence {
                span,
                paragraph,
                words: crate::models::features::word_tokens(sentence)
                    .into_iter()
                    .map(|w| w.shift(span.start))
                    .collect(),
                tokens: crate::extract::tokens::tokenize(sentence),
                ..Default::default()
            }
        })
        .collect()
}

/// Splits `text` into sentences: spans (byte offsets into `text`) with their paragraph numbers.
pub fn split_sentences(text: &str) -> Vec<(Span, usize)> {
    let mut out = Vec::new();
    let mut line_start = 0;
    let mut paragraph = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if !content.trim().is_empty() {
            let mut start = 0;
            for cut in line_boundaries(content).into_iter().chain([content.len()]) {
                if let Some(mut span) = trimmed(text, line_start + start, line_start + cut) {
                    if start == 0 {
                        span.start += dateline_length(&text[span.start..span.end]).unwrap_or(0);
                    }
                    let mut pieces = Vec::new();
                    cap_length(text, span, &mut pieces);
                    out.extend(pieces.into_iter().map(|s| (s, paragraph)));
                }
                start = cut;
            }
            paragraph += 1;
        }
        line_start += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split_sentences(text)
            .into_iter()
            .map(|(s, _)| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn a_wire_dateline_is_not_part_of_its_sentence() {
        for (text, first) in [
            (
                "HONG KONG, Nov 14 - Harbour Pacific carried 2.3 million passengers.",
                "Harbour",
            ),
            (
                "NEW DELHI, Jan. 12 (Xinhua) -- India's inflation eased.",
                "India's",
            ),
            ("LIMA, Peru (AP) — A powerful earthquake struck.", "A"),
            ("SAN FRANCISCO - Google's profit doubled.", "Google's"),
            ("NEW YORK (CNN/Money) - Retail sales rose.", "Retail"),
            ("WELLINGTON, May 27 (Reuters) - The bank cut rates.", "The"),
            ("(Reuters) - Oil prices fell 2%.", "Oil"),
            ("OTTAWA, Sept. 17 (CP) -- Tuition rose 3.1%.", "Tuition"),
            // A press release's date, day first or with its year.
            (
                "COPENHAGEN, 21 April 2026 – Baltavia announced a wind farm.",
                "Baltavia",
            ),
            ("HOUSTON, April 21, 2026 -- The company sold 5 rigs.", "The"),
        ] {
            let got = sentences(text);
            assert!(got[0].starts_with(first), "{text}: {got:?}");
        }
    }

    #[test]
    fn capitals_and_dashes_inside_a_story_are_no_dateline() {
        for text in [
            "NATO - the alliance - met on Monday.",
            "US stocks - a rally in tech - lifted the index.",
            "The UN said - in a statement - that 12 died.",
            "OPEC, the cartel, cut output - by 2 million barrels.",
            "A - B testing raised sales.",
            "Paris, 12 of the players - all rookies - left.",
        ] {
            assert_eq!(sentences(text)[0], text, "{text}");
        }
        // Only where a paragraph opens.
        let text = "Sales rose. WASHINGTON - more came.";
        assert_eq!(
            sentences(text),
            vec!["Sales rose.", "WASHINGTON - more came."]
        );
    }

    #[test]
    fn splits_plain_sentences() {
        assert_eq!(
            sentences("Russia attacked. Ukraine held! Did it? Yes."),
            vec!["Russia attacked.", "Ukraine held!", "Did it?", "Yes."]
        );
    }

    #[test]
    fn keeps_abbreviations_and_titles() {
        let t = "Maj. Gen. Pekka Turunen spoke in St. Petersburg with Mr. Smith and Sir Moore. The U.S. will come to their aid.";
        assert_eq!(
            sentences(t),
            vec![
                "Maj. Gen. Pekka Turunen spoke in St. Petersburg with Mr. Smith and Sir Moore.",
                "The U.S. will come to their aid."
            ]
        );
    }

    #[test]
    fn an_acronym_ends_a_sentence_before_a_count() {
        let t = "It surveyed 44 states and Washington, D.C. Five years ago, the figure was 27 percent. The U.S. Army said so.";
        assert_eq!(
            sentences(t),
            vec![
                "It surveyed 44 states and Washington, D.C.",
                "Five years ago, the figure was 27 percent.",
                "The U.S. Army said so."
            ]
        );
    }

    #[test]
    fn keeps_initials_decimals_and_numbers() {
        let t = "John F. Kennedy said 1.2 million people came. Item No. 5 was sold for $3.50 each.";
        assert_eq!(
            sentences(t),
            vec![
                "John F. Kennedy said 1.2 million people came.",
                "Item No. 5 was sold for $3.50 each."
            ]
        );
    }

    #[test]
    fn cuts_glued_sentences() {
        assert_eq!(
            sentences("It happened in Kyiv.Earlier that day, the war.“Do they?” he asked."),
            vec![
                "It happened in Kyiv.",
                "Earlier that day, the war.",
                "“Do they?” he asked."
            ]
        );
        assert_eq!(
            sentences("between February 2022 and December 2025.Of this total, most died."),
            vec![
                "between February 2022 and December 2025.",
                "Of this total, most died."
            ]
        );
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        let t = "“That’s the big breakthrough,” Jones said. “The real hope is that the U.S. will come.” He left.";
        assert_eq!(
            sentences(t),
            vec![
                "“That’s the big breakthrough,” Jones said.",
                "“The real hope is that the U.S. will come.”",
                "He left."
            ]
        );
        let g = "« We will see. » Then he left. Putin lies. »He seeks power, » he said.";
        assert_eq!(
            sentences(g),
            vec![
                "« We will see. »",
                "Then he left.",
                "Putin lies.",
                "»He seeks power, » he said."
            ]
        );
    }

    #[test]
    fn lines_are_paragraphs_and_headings_stand_alone() {
        let t = "Russia Is Losing\n\nA new report says so. Casualties rose.\n- 5 tanks\n";
        let got = split_sentences(t);
        let texts: Vec<&str> = got.iter().map(|(s, _)| &t[s.start..s.end]).collect();
        assert_eq!(
            texts,
            vec![
                "Russia Is Losing",
                "A new report says so.",
                "Casualties rose.",
                "- 5 tanks"
            ]
        );
        let paragraphs: Vec<usize> = got.iter().map(|(_, p)| *p).collect();
        assert_eq!(paragraphs, vec![0, 1, 1, 2]);
    }

    #[test]
    fn lowercase_after_period_does_not_split() {
        assert_eq!(
            sentences("He paid 5 p.m. sharp. and more"),
            vec!["He paid 5 p.m. sharp. and more"]
        );
    }

    #[test]
    fn caps_very_long_sentences() {
        let t = "word ".repeat(2000);
        let got = sentences(&t);
        assert!(got.len() >= 5);
        assert!(got.iter().all(|s| s.len() <= MAX_SENTENCE_BYTES));
        assert_eq!(
            got.concat().replace(' ', "").len(),
            t.replace(' ', "").len()
        );
    }
}
