//! Document-level label consistency for the tagger's entities: a news article names the same
//! organisation or person many times, and the tagger, which sees one sentence at a time, can miss
//! or mislabel a few of those mentions (an acronym it has never seen, at the end of a sentence).
//! Within one article, every mention of a name takes the label that name has most often (by summed
//! score), and a whole-word occurrence of a tagged name that the tagger left untagged becomes an
//! entity too, with that label.

use crate::doc::{Doc, Entity, EntityLabel, Span};
use std::collections::HashMap;

/// Names shorter than this (in bytes) are left alone: too easily part of another word or name.
const MIN_NAME: usize = 3;

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

pub fn harmonize(doc: &mut Doc) {
    let text = &doc.article.text;
    // Summed score of each label, and the mean score, per name.
    let mut votes: HashMap<&str, [f32; 4]> = HashMap::new();
    let mut scores: HashMap<&str, (f32, usize)> = HashMap::new();
    for e in doc.sentences.iter().flat_map(|s| &s.entities) {
        let name = &text[e.span.start..e.span.end];
        let label = EntityLabel::ALL
            .iter()
            .position(|l| *l == e.label)
            .unwrap_or(0);
        votes.entry(name).or_default()[label] += e.score;
        let s = scores.entry(name).or_default();
        s.0 += e.score;
        s.1 += 1;
    }
    let majority: HashMap<&str, EntityLabel> = votes
        .iter()
        .map(|(name, v)| {
            let best = (0..4).max_by(|&a, &b| v[a].total_cmp(&v[b])).unwrap_or(0);
            (*name, EntityLabel::ALL[best])
        })
        .collect();
    let mut names: Vec<&str> = majority
        .keys()
        .copied()
        .filter(|n| n.len() >= MIN_NAME && n.chars().next().is_some_and(char::is_uppercase))
        .collect();
    // Names by their first word, longest first, so that "Center for Strategic and International
    // Studies" is placed before a shorter name inside it. Each word of the article is looked up
    // once: the work grows with the article, not with articles x names.
    names.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    let mut by_first_word: HashMap<&[u8], Vec<&str>> = HashMap::new();
    for name in &names {
        let bytes = name.as_bytes();
        let end = bytes
            .iter()
            .position(|&b| !is_word_byte(b))
            .unwrap_or(bytes.len());
        by_first_word.entry(&bytes[..end]).or_default().push(name);
    }
    let bytes = text.as_bytes();
    let mut added: Vec<Vec<Entity>> = Vec::with_capacity(doc.sentences.len());
    for sentence in &doc.sentences {
        let mut taken: Vec<Span> = sentence.entities.iter().map(|e| e.span).collect();
        let mut new = Vec::new();
        let mut at = sentence.span.start;
        while at < sentence.span.end {
            let starts_word = is_word_byte(bytes[at]) && (at == 0 || !is_word_byte(bytes[at - 1]));
            if !starts_word {
                at += 1;
                continue;
            }
            let word_end = (at..sentence.span.end)
                .find(|&i| !is_word_byte(bytes[i]))
                .unwrap_or(sentence.span.end);
            for name in by_first_word
                .get(&bytes[at..word_end])
                .into_iter()
                .flatten()
            {
                let span = Span::new(at, at + name.len());
                let fits = span.end <= sentence.span.end
                    && &bytes[span.start..span.end] == name.as_bytes()
                    && (span.end == bytes.len() || !is_word_byte(bytes[span.end]));
                let free = taken
                    .iter()
                    .all(|t| t.end <= span.start || span.end <= t.start);
                if fits && free {
                    let (sum, n) = scores[name];
                    new.push(Entity {
                        span,
                        label: majority[name],
                        score: sum / n as f32,
                    });
                    taken.push(span);
                    break;
                }
            }
            at = word_end;
        }
        added.push(new);
    }
    let relabel: HashMap<String, EntityLabel> = majority
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    for (sentence, new) in doc.sentences.iter_mut().zip(added) {
        for e in &mut sentence.entities {
            if let Some(label) = relabel.get(&doc.article.text[e.span.start..e.span.end]) {
                e.label = *label;
            }
        }
        sentence.entities.extend(new);
        sentence.entities.sort_by_key(|e| e.span.start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Article, Sentence};

    fn entity(text: &str, name: &str, label: EntityLabel, score: f32) -> Entity {
        let start = text.find(name).unwrap();
        Entity {
            span: Span::new(start, start + name.len()),
            label,
            score,
        }
    }

    #[test]
    fn a_name_takes_its_majority_label_and_untagged_mentions_are_found() {
        let text = "The report from CSIS came out. CSIS said 300 tanks were lost. Tanks, according to CSIS. CSISX is not it.";
        let bounds = [(0, 30), (31, 61), (62, 87), (88, text.len())];
        let mut doc = Doc {
            article: Article {
                text: text.to_string(),
                ..Default::default()
            },
            sentences: bounds
                .iter()
                .map(|&(a, b)| Sentence {
                    span: Span::new(a, b),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
        doc.sentences[0].entities = vec![entity(text, "CSIS", EntityLabel::MISC, 0.6)];
        let second = text[31..].find("CSIS").unwrap() + 31;
        doc.sentences[1].entities = vec![Entity {
            span: Span::new(second, second + 4),
            label: EntityLabel::ORG,
            score: 0.9,
        }];
        harmonize(&mut doc);
        let labels: Vec<Vec<(&str, EntityLabel)>> = doc
            .sentences
            .iter()
            .map(|s| {
                s.entities
                    .iter()
                    .map(|e| (&text[e.span.start..e.span.end], e.label))
                    .collect()
            })
            .collect();
        assert_eq!(labels[0], [("CSIS", EntityLabel::ORG)]);
        assert_eq!(labels[1], [("CSIS", EntityLabel::ORG)]);
        assert_eq!(labels[2], [("CSIS", EntityLabel::ORG)]);
        assert!(labels[3].is_empty(), "CSISX is another word");
        assert!((doc.sentences[2].entities[0].score - 0.75).abs() < 1e-6);
    }

    #[test]
    fn the_longest_name_is_placed_first() {
        let text = "The Center for Strategic Studies said so. Then the Center for Strategic Studies and the Center spoke.";
        let mut doc = Doc {
            article: Article {
                text: text.to_string(),
                ..Default::default()
            },
            sentences: vec![
                Sentence {
                    span: Span::new(0, 41),
                    ..Default::default()
                },
                Sentence {
                    span: Span::new(42, text.len()),
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        doc.sentences[0].entities = vec![entity(
            text,
            "Center for Strategic Studies",
            EntityLabel::ORG,
            0.9,
        )];
        harmonize(&mut doc);
        let found: Vec<&str> = doc.sentences[1]
            .entities
            .iter()
            .map(|e| &text[e.span.start..e.span.end])
            .collect();
        // "the Center" alone is not the name: only the full name is added.
        assert_eq!(found, ["Center for Strategic Studies"]);
    }
}
