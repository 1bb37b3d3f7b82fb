//! Universal Dependencies treebanks in CoNLL-U: each sentence's text, its words with byte spans in
//! that text (multi-word tokens such as "don't" split into their words' parts where the parts spell
//! the token, else sharing its span), UPOS tags, heads and relations (the universal part, before
//! ":"). Used to train and score the parser.

use crate::doc::Span;
use anyhow::{bail, Context, Result};
use std::path::Path;

/// One annotated sentence of a treebank.
#[derive(Debug, Clone, Default)]
pub struct TreebankSentence {
    pub text: String,
    pub words: Vec<String>,
    /// Byte spans of the words in `text`.
    pub spans: Vec<Span>,
    pub upos: Vec<String>,
    /// The head of each word: 0 for the root, else the 1-based index of the head word.
    pub heads: Vec<usize>,
    /// Universal relation of each word to its head ("nsubj", "obl"; subtypes dropped).
    pub rels: Vec<String>,
}

/// The universal part of a relation: "obl:tmod" -> "obl".
pub fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

/// Reads every sentence of a CoNLL-U file.
pub fn read_conllu(path: &Path) -> Result<Vec<TreebankSentence>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read CoNLL-U file {}", path.display()))?;
    parse_conllu(&text).with_context(|| format!("CoNLL-U file {}", path.display()))
}

/// A surface token: one word, or a multi-word token over words `first..=last`.
struct Surface {
    form: String,
    first: usize,
    last: usize,
    space_after: bool,
}

struct Pending {
    text: Option<String>,
    surfaces: Vec<Surface>,
    words: Vec<String>,
    upos: Vec<String>,
    heads: Vec<usize>,
    rels: Vec<String>,
    covered_to: usize,
}

impl Pending {
    fn new() -> Self {
        Pending {
            text: None,
            surfaces: Vec::new(),
            words: Vec::new(),
            upos: Vec::new(),
            heads: Vec::new(),
            rels: Vec::new(),
            covered_to: 0,
        }
    }
}

pub fn parse_conllu(text: &str) -> Result<Vec<TreebankSentence>> {
    let mut out = Vec::new();
    let mut cur = Pending::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                out.push(finish(std::mem::replace(&mut cur, Pending::new())));
            }
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            if let Some(t) = comment.trim_start().strip_prefix("text =") {
                cur.text = Some(t.trim().to_string());
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            bail!("line {}: expected 10 tab-separated columns", n + 1);
        }
        let space_after = !cols[9].split('|').any(|m| m == "SpaceAfter=No");
        if let Some((a, b)) = cols[0].split_once('-') {
            let (a, b): (usize, usize) = (
                a.parse()
                    .with_context(|| format!("line {}: bad id", n + 1))?,
                b.parse()
                    .with_context(|| format!("line {}: bad id", n + 1))?,
            );
            cur.surfaces.push(Surface {
                form: cols[1].to_string(),
                first: a,
                last: b,
                space_after,
            });
            cur.covered_to = b;
            continue;
        }
        if cols[0].contains('.') {
            continue; // an empty node of the enhanced graph
        }
        let id: usize = cols[0]
            .parse()
            .with_context(|| format!("line {}: bad id {:?}", n + 1, cols[0]))?;
        if id != cur.words.len() + 1 {
            bail!("line {}: word id {id} out of order", n + 1);
        }
        let head: usize = cols[6]
            .parse()
            .with_context(|| format!("line {}: bad head {:?}", n + 1, cols[6]))?;
        cur.words.push(cols[1].to_string());
        cur.upos.push(cols[3].to_string());
        cur.heads.push(head);
        cur.rels.push(universal(cols[7]).to_string());
        if id > cur.covered_to {
            cur.surfaces.push(Surface {
                form: cols[1].to_string(),
                first: id,
                last: id,
                space_after,
            });
        }
    }
    if !cur.words.is_empty() {
        out.push(finish(cur));
    }
    for (i, s) in out.iter().enumerate() {
        let n = s.words.len();
        if let Some(bad) = s.heads.iter().find(|&&h| h > n) {
            bail!("sentence {}: head {bad} beyond its {n} words", i + 1);
        }
    }
    Ok(out)
}

/// Lays the surface tokens over the sentence text (or, without a `# text` line, writes the text
/// from them) and gives every word its span.
fn finish(p: Pending) -> TreebankSentence {
    let text = p.text.unwrap_or_else(|| {
        let mut t = String::new();
        for s in &p.surfaces {
            t.push_str(&s.form);
            if s.space_after {
                t.push(' ');
            }
        }
        t.trim_end().to_string()
    });
    let mut spans = vec![Span::default(); p.words.len()];
    let mut cursor = 0;
    for s in &p.surfaces {
        let at = find_from(&text, cursor, &s.form);
        let span = match at {
            Some(start) => Span::new(start, start + s.form.len()),
            None => Span::new(cursor, cursor),
        };
        cursor = span.end.max(cursor);
        let parts = &p.words[s.first - 1..s.last];
        let spelled: String = parts.concat();
        if parts.len() > 1 && spelled.eq_ignore_ascii_case(&s.form) {
            let mut start = span.start;
            for (k, w) in parts.iter().enumerate() {
                spans[s.first - 1 + k] = Span::new(start, start + w.len());
                start += w.len();
            }
        } else {
            for slot in &mut spans[s.first - 1..s.last] {
                *slot = span;
            }
        }
    }
    TreebankSentence {
        text,
        words: p.words,
        spans,
        upos: p.upos,
        heads: p.heads,
        rels: p.rels,
    }
}

/// Where `form` next occurs in `text` at or after `from` (on a character boundary).
fn find_from(text: &str, from: usize, form: &str) -> Option<usize> {
    let rest = text.get(from..)?;
    rest.find(form).map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = a-1
# text = I don't know, 5 kids.
1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t_\t_
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_
2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_
4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No
5\t,\t,\tPUNCT\t,\t_\t7\tpunct\t_\t_
6\t5\t5\tNUM\tCD\t_\t7\tnummod\t_\t_
7\tkids\tkid\tNOUN\tNNS\t_\t4\tobj:x\t_\tSpaceAfter=No
7.1\tknow\tknow\tVERB\tVB\t_\t_\t_\t4:conj\t_
8\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\tSpaceAfter=No
2\t!\t!\tPUNCT\t.\t_\t1\tpunct\t_\t_
";

    #[test]
    fn reads_words_heads_relations_and_spans() {
        let s = parse_conllu(SAMPLE).unwrap();
        assert_eq!(s.len(), 2);
        let a = &s[0];
        assert_eq!(a.words, ["I", "do", "n't", "know", ",", "5", "kids", "."]);
        assert_eq!(a.heads, [4, 4, 4, 0, 7, 7, 4, 4]);
        assert_eq!(a.rels[6], "obj", "subtypes are dropped");
        assert_eq!(a.upos[5], "NUM");
        let spelled: Vec<&str> = a.spans.iter().map(|s| &a.text[s.start..s.end]).collect();
        assert_eq!(spelled, ["I", "do", "n't", "know", ",", "5", "kids", "."]);
        // No `# text`: the text is written from the tokens, SpaceAfter=No respected.
        assert_eq!(s[1].text, "Hi!");
        assert_eq!(s[1].spans[1], Span::new(2, 3));
    }

    #[test]
    fn a_multiword_token_not_spelled_by_its_parts_shares_its_span() {
        let t = "# text = gonna go\n1-2\tgonna\t_\t_\t_\t_\t_\t_\t_\t_\n1\tgon\tgo\tVERB\t_\t_\t0\troot\t_\t_\n2\tto\tto\tPART\t_\t_\t1\tmark\t_\t_\n3\tgo\tgo\tVERB\t_\t_\t1\txcomp\t_\t_\n";
        let s = &parse_conllu(t).unwrap()[0];
        assert_eq!(s.spans[0], Span::new(0, 5));
        assert_eq!(s.spans[1], Span::new(0, 5));
        assert_eq!(s.spans[2], Span::new(6, 8));
    }

    #[test]
    fn malformed_lines_are_named() {
        let err = parse_conllu("1\tHi\thi\n").unwrap_err().to_string();
        assert!(err.contains("line 1"), "{err}");
        let err = parse_conllu("1\tHi\thi\tINTJ\tUH\t_\t5\troot\t_\t_\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("head 5"), "{err}");
    }
}
