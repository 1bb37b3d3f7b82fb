//! Features shared by training and inference: the tagger's word tokens, hashed token features and
//! hashed sentence features. One definition, so that a model sees at run time what it learned from.

use crate::doc::Span;

/// FNV-1a over the feature's parts (with a separator), the bucket key of hashed features.
pub fn hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0x1f]) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// A word's shape with runs collapsed: "Kyiv" -> "Xx", "U.S." -> "X.X.", "1,800" -> "d,d".
pub fn shape(w: &str) -> String {
    let mut out = String::new();
    let mut last = None;
    for c in w.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if Some(s) != last {
            out.push(s);
        }
        last = Some(s);
    }
    out
}

/// Typographic variants mapped to the plain forms the training data uses.
pub fn plain(w: &str) -> String {
    w.replace(['’', '‘'], "'")
        .replace(['“', '”', '«', '»'], "\"")
        .replace(['—', '–'], "-")
}

fn is_split_punct(c: char) -> bool {
    matches!(
        c,
        '“' | '”'
            | '"'
            | '«'
            | '»'
            | '('
            | ')'
            | '['
            | ']'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '—'
            | '–'
            | '―'
            | '‘'
    )
}

/// Word tokens for the tagger, CoNLL-style: punctuation and possessive "'s" split off, abbreviations
/// ("U.S.", "Gen.") kept whole. Byte spans into `s`.
pub fn word_tokens(s: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut i = 0;
    let bytes = s.len();
    while i < bytes {
        let c = s[i..].chars().next().unwrap_or(' ');
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let mut j = i;
        while j < bytes {
            let d = s[j..].chars().next().unwrap_or(' ');
            if d.is_whitespace() {
                break;
            }
            j += d.len_utf8();
        }
        // Dashes glued between words ("poll—the", "him.”―") stand apart.
        let mut a = i;
        for (k, d) in s[i..j].char_indices() {
            if matches!(d, '—' | '–' | '―') && i + k > a {
                split_chunk(s, a, i + k, &mut out);
                a = i + k;
            }
        }
        split_chunk(s, a, j, &mut out);
        i = j;
    }
    out
}

fn split_chunk(s: &str, mut a: usize, mut b: usize, out: &mut Vec<Span>) {
    let mut tail = Vec::new();
    // Leading punctuation.
    while a < b {
        let c = s[a..b].chars().next().unwrap_or(' ');
        if is_split_punct(c) || c == '\'' {
            out.push(Span::new(a, a + c.len_utf8()));
            a += c.len_utf8();
        } else {
            break;
        }
    }
    // Trailing punctuation (a final period only when the word is not an abbreviation).
    while a < b {
        let c = s[a..b].chars().next_back().unwrap_or(' ');
        let word = &s[a..b];
        // "U.S.", "Gen." keep their period; "to 23.82." does not.
        // A short capitalised word ends the sentence with its period ("in May.") unless it is a
        // known abbreviation ("Inc.").
        let last = s[b..].trim().is_empty();
        let abbreviation = c == '.'
            && !word.chars().any(|d| d.is_ascii_digit())
            && (word.matches('.').count() > 1
                || word.chars().count() <= 4
                    && word.chars().next().is_some_and(char::is_uppercase)
                    && (!last || crate::split::is_abbreviation(&word[..word.len() - 1])));
        if is_split_punct(c) || c == '\'' || c == '’' || (c == '.' && !abbreviation) {
            tail.push(Span::new(b - c.len_utf8(), b));
            b -= c.len_utf8();
        } else {
            break;
        }
    }
    if a < b {
        let word = &s[a..b];
        // A possessive or a clitic stands apart, as the treebanks write them ("Russia 's",
        // "We 're", "do n't").
        let poss = [
            "'s", "’s", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'m", "’m", "n't",
            "n’t",
        ]
        .iter()
        .find(|p| word.len() > p.len() && word.ends_with(*p));
        match poss {
            Some(p) => {
                out.push(Span::new(a, b - p.len()));
                out.push(Span::new(b - p.len(), b));
            }
            None => out.push(Span::new(a, b)),
        }
    }
    out.extend(tail.into_iter().rev());
}

/// Hashed features of token `i` (words already passed through `plain`).
pub fn token_features(words: &[String], i: usize, out: &mut Vec<u64>) {
    out.clear();
    let w = words[i].as_str();
    let lower = w.to_lowercase();
    let sh = shape(w);
    let at = |k: isize| -> Option<&str> {
        let j = i as isize + k;
        (j >= 0 && (j as usize) < words.len()).then(|| words[j as usize].as_str())
    };
    let lw = |k: isize| {
        at(k).map(|x| x.to_lowercase()).unwrap_or_else(|| {
            if k < 0 {
                "<s>".into()
            } else {
                "</s>".into()
            }
        })
    };
    let shp = |k: isize| at(k).map(shape).unwrap_or_else(|| "<b>".into());
    let chars: Vec<char> = lower.chars().collect();
    let suffix = |n: usize| {
        chars[chars.len().saturating_sub(n)..]
            .iter()
            .collect::<String>()
    };
    let prefix = |n: usize| chars[..n.min(chars.len())].iter().collect::<String>();
    let first = if i == 0 { "1" } else { "0" };
    out.push(hash(&["bias"]));
    out.push(hash(&["w", w]));
    out.push(hash(&["lw", &lower]));
    out.push(hash(&["sh", &sh]));
    out.push(hash(&["sh+first", &sh, first]));
    out.push(hash(&["s2", &suffix(2)]));
    out.push(hash(&["s3", &suffix(3)]));
    out.push(hash(&["s4", &suffix(4)]));
    out.push(hash(&["p2", &prefix(2)]));
    out.push(hash(&["p3", &prefix(3)]));
    out.push(hash(&["w-1", &lw(-1)]));
    out.push(hash(&["w+1", &lw(1)]));
    out.push(hash(&["w-2", &lw(-2)]));
    out.push(hash(&["w+2", &lw(2)]));
    out.push(hash(&["sh-1", &shp(-1)]));
    out.push(hash(&["sh+1", &shp(1)]));
    out.push(hash(&["sh-1+0", &shp(-1), &sh]));
    out.push(hash(&["sh0+1", &sh, &shp(1)]));
    out.push(hash(&["w-1+0", &lw(-1), &lower]));
    out.push(hash(&["w0+1", &lower, &lw(1)]));
    out.push(hash(&["w-1+sh0", &lw(-1), &sh]));
    out.push(hash(&["sh0+w+1", &sh, &lw(1)]));
    out.push(hash(&["len", &chars.len().min(12).to_string()]));
}

/// Hashed features of a whole sentence for the claim classifier: words, word pairs and number shapes.
pub fn sentence_features(sentence: &str, out: &mut Vec<u64>) {
    out.clear();
    let words: Vec<String> = word_tokens(sentence)
        .into_iter()
        .map(|s| {
            let w = plain(&sentence[s.start..s.end]).to_lowercase();
            if w.chars().any(|c| c.is_ascii_digit()) {
                shape(&w)
            } else {
                w
            }
        })
        .collect();
    out.push(hash(&["bias"]));
    let mut prev = "<s>".to_string();
    for w in &words {
        out.push(hash(&["u", w]));
        out.push(hash(&["b", &prev, w]));
        prev = w.clone();
    }
    out.push(hash(&["b", &prev, "</s>"]));
    let digits = words.iter().filter(|w| w.contains('d')).count();
    out.push(hash(&["numbers", &digits.min(3).to_string()]));
    out.push(hash(&["len", &(words.len() / 5).min(10).to_string()]));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words `word_tokens` splits `s` into, as text.
    fn words_of(s: &str) -> Vec<&str> {
        word_tokens(s)
            .into_iter()
            .map(|sp| &s[sp.start..sp.end])
            .collect()
    }

    #[test]
    fn word_tokens_split_like_conll() {
        let s = "“According to CSIS, the U.S. lost 1,800 tanks,” Russia’s Gen. Smith said.";
        let got = words_of(s);
        assert_eq!(
            got,
            vec![
                "“",
                "According",
                "to",
                "CSIS",
                ",",
                "the",
                "U.S.",
                "lost",
                "1,800",
                "tanks",
                ",",
                "”",
                "Russia",
                "’s",
                "Gen.",
                "Smith",
                "said",
                "."
            ]
        );
    }

    #[test]
    fn a_sentence_ending_in_a_decimal_keeps_its_period_apart() {
        let s = "The index rose to 23.82. Gen. Smith left the U.S.";
        let got = words_of(s);
        assert_eq!(
            got,
            ["The", "index", "rose", "to", "23.82", ".", "Gen.", "Smith", "left", "the", "U.S."]
        );
    }

    #[test]
    fn a_short_word_at_the_end_keeps_its_period_apart_unless_an_abbreviation() {
        assert_eq!(
            words_of("Sales rose in May."),
            ["Sales", "rose", "in", "May", "."]
        );
        assert_eq!(
            words_of("It bought Acme Inc."),
            ["It", "bought", "Acme", "Inc."]
        );
        assert_eq!(words_of("Mr. Lee left."), ["Mr.", "Lee", "left", "."]);
    }

    #[test]
    fn clitics_stand_apart() {
        assert_eq!(
            words_of("We're sure they don't know what we’ve done."),
            ["We", "'re", "sure", "they", "do", "n't", "know", "what", "we", "’ve", "done", "."]
        );
    }

    #[test]
    fn a_dash_glued_between_words_stands_apart() {
        let s = "a poll—the previous one–had Clinton ahead, a well-known poll.";
        let got = words_of(s);
        assert_eq!(
            got,
            [
                "a",
                "poll",
                "—",
                "the",
                "previous",
                "one",
                "–",
                "had",
                "Clinton",
                "ahead",
                ",",
                "a",
                "well-known",
                "poll",
                "."
            ]
        );
        // The horizontal bar some outlets use as a dash, glued to a closing quote.
        assert_eq!(
            words_of("“unlike him.”― Latino leaders said"),
            ["“", "unlike", "him", ".", "”", "―", "Latino", "leaders", "said"]
        );
    }

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shape("Kyiv"), "Xx");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("1,800"), "d,d");
    }
}
