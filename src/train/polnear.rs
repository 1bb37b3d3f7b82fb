//! The PolNeAR attribution corpus (brat standoff): each article's text (`text/NAME.txt`) and its
//! annotation (`attributions/NAME_ANNOTATOR.ann`) of `Source`, `Cue` and `Content` spans joined by
//! `Attribution` events. Where an article has several annotators' files, the first by file name is
//! read (one annotation per article, chosen without looking at its contents). Discontinuous spans
//! (`Content 10 20;25 40`) become one span per fragment. Offsets are turned from characters into
//! byte offsets of the text.

use crate::doc::Span;
pub use crate::models::attribution::Role;
use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// A gold span: a fragment of one annotated `T` span (byte offsets of the article text).
#[derive(Debug, Clone, PartialEq)]
pub struct GoldSpan {
    pub role: Role,
    pub span: Span,
    /// The brat id (`T3`); the fragments of a discontinuous span share it.
    pub id: String,
}

/// An `Attribution` event: the ids of its source, cue and content spans.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GoldAttribution {
    pub source: Vec<String>,
    pub cue: Vec<String>,
    pub content: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct PolnearArticle {
    pub name: String,
    pub text: String,
    pub spans: Vec<GoldSpan>,
    pub attributions: Vec<GoldAttribution>,
    /// The annotation file read.
    pub annotation: PathBuf,
}

/// Byte offset of every char offset of `text` (and of its end).
fn char_to_byte(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect()
}

/// Parses one brat annotation of `text`; `file` names it in errors.
pub fn parse_ann(
    ann: &str,
    text: &str,
    file: &Path,
) -> Result<(Vec<GoldSpan>, Vec<GoldAttribution>)> {
    let bytes = char_to_byte(text);
    let mut spans = Vec::new();
    let mut events = Vec::new();
    for (n, line) in ann.lines().enumerate() {
        let cols: Vec<&str> = line.split('\t').collect();
        let id = cols[0];
        // Lines that are not T or E records: notes (`#1`), or the rest of a span text that
        // holds a line break.
        let numbered = |p: char| id.strip_prefix(p).is_some_and(|d| d.parse::<u32>().is_ok());
        if numbered('T') && cols.len() >= 2 {
            let mut parts = cols[1].splitn(2, ' ');
            let kind = parts.next().unwrap_or("");
            let Some(role) = Role::parse(kind) else {
                continue;
            };
            let offsets = parts.next().unwrap_or("");
            for fragment in offsets.split(';') {
                let mut ab = fragment.split_whitespace().map(str::parse::<usize>);
                let (Some(Ok(a)), Some(Ok(b)), None) = (ab.next(), ab.next(), ab.next()) else {
                    bail!(
                        "{}:{}: expected `{kind} START END`, got {:?}",
                        file.display(),
                        n + 1,
                        cols[1]
                    );
                };
                if a > b || b >= bytes.len() {
                    bail!(
                        "{}:{}: span {a}..{b} lies outside the article's {} characters",
                        file.display(),
                        n + 1,
                        bytes.len() - 1
                    );
                }
                spans.push(GoldSpan {
                    role,
                    span: Span::new(bytes[a], bytes[b]),
                    id: id.to_string(),
                });
            }
        } else if numbered('E') && cols.len() >= 2 {
            let mut event = GoldAttribution::default();
            for arg in cols[1].split_whitespace() {
                let Some((name, target)) = arg.split_once(':') else {
                    continue;
                };
                let name = name.trim_end_matches(|c: char| c.is_ascii_digit());
                match Role::parse(name) {
                    Some(Role::Source) => event.source.push(target.to_string()),
                    Some(Role::Cue) => event.cue.push(target.to_string()),
                    Some(Role::Content) => event.content.push(target.to_string()),
                    None => {}
                }
            }
            events.push(event);
        }
    }
    Ok((spans, events))
}

/// The article name of an annotation file: `NAME_ANNOTATOR.ann` -> `NAME`.
fn article_of(ann: &Path) -> Option<String> {
    let stem = ann.file_stem()?.to_str()?;
    stem.rsplit_once('_').map(|(name, _)| name.to_string())
}

/// Reads a compartment laid out like PolNeAR's: `dir/text/*.txt` and `dir/attributions/*.ann`.
/// Articles in name order; of several annotation files of one article, the first by name.
pub fn read_polnear(dir: &Path) -> Result<Vec<PolnearArticle>> {
    let ann_dir = dir.join("attributions");
    let text_dir = dir.join("text");
    let entries = std::fs::read_dir(&ann_dir).with_context(|| {
        format!(
            "cannot read {}: a PolNeAR folder holds text/ and attributions/",
            ann_dir.display()
        )
    })?;
    let mut files: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut all: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    all.sort();
    for path in all {
        if let Some(name) = article_of(&path) {
            files.entry(name).or_insert(path);
        }
    }
    if files.is_empty() {
        bail!("{} holds no .ann files", ann_dir.display());
    }
    let mut out = Vec::with_capacity(files.len());
    for (name, ann_path) in files {
        let text_path = text_dir.join(format!("{name}.txt"));
        let text = std::fs::read_to_string(&text_path).with_context(|| {
            format!(
                "cannot read the text {} of {}",
                text_path.display(),
                ann_path.display()
            )
        })?;
        let ann = std::fs::read_to_string(&ann_path)
            .with_context(|| format!("cannot read {}", ann_path.display()))?;
        let (spans, attributions) = parse_ann(&ann, &text, &ann_path)?;
        out.push(PolnearArticle {
            name,
            text,
            spans,
            attributions,
            annotation: ann_path,
        });
    }
    Ok(out)
}

/// Distinct gold spans of each role (a source shared by two events counts once).
pub fn spans_by_role(spans: &[GoldSpan]) -> HashMap<Role, Vec<Span>> {
    let mut out: HashMap<Role, Vec<Span>> = HashMap::new();
    for s in spans {
        let v = out.entry(s.role).or_default();
        if !v.contains(&s.span) {
            v.push(s.span);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "“Trump’s plan fails,” Clinton said. Aides say she will win.";

    #[test]
    fn reads_spans_events_and_char_offsets() {
        // Offsets count characters: “ and ’ are one character each but three bytes.
        let ann = "T1\tContent 1 19\tTrump’s plan fails\nT2\tSource 22 29\tClinton\n\
                   T3\tCue 30 34\tsaid\nT4\tAttribution 30 34\tsaid\n\
                   E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2\n#1\tAnnotatorNotes T1\tok\n";
        let (spans, events) = parse_ann(ann, TEXT, Path::new("x.ann")).unwrap();
        let texts: Vec<(&str, Role)> = spans
            .iter()
            .map(|s| (&TEXT[s.span.start..s.span.end], s.role))
            .collect();
        assert_eq!(
            texts,
            vec![
                ("Trump’s plan fails", Role::Content),
                ("Clinton", Role::Source),
                ("said", Role::Cue)
            ]
        );
        assert_eq!(
            events,
            vec![GoldAttribution {
                source: vec!["T2".into()],
                cue: vec!["T3".into()],
                content: vec!["T1".into()],
            }]
        );
    }

    #[test]
    fn discontinuous_spans_become_fragments_and_continuation_lines_are_skipped() {
        let ann = "T1\tSource 36 41;50 54\tAides will\nwin\nT2\tContent 42 49\tsay she\n";
        let (spans, _) = parse_ann(ann, TEXT, Path::new("x.ann")).unwrap();
        let texts: Vec<&str> = spans
            .iter()
            .map(|s| &TEXT[s.span.start..s.span.end])
            .collect();
        assert_eq!(texts, vec!["Aides", "will", "say she"]);
        assert_eq!(spans[0].id, spans[1].id);
    }

    #[test]
    fn bad_offsets_name_the_file_and_line() {
        let err = parse_ann("T1\tSource 5 500\tx\n", TEXT, Path::new("a/b.ann")).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("a/b.ann:1") && msg.contains("outside"),
            "{msg}"
        );
        let err = parse_ann("T1\tSource five 6\tx\n", TEXT, Path::new("a/b.ann")).unwrap_err();
        assert!(err.to_string().contains("expected"), "{err}");
    }

    #[test]
    fn one_annotation_per_article_the_first_by_name() {
        let dir = std::env::temp_dir().join(format!("polnear-reader-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("text")).unwrap();
        std::fs::create_dir_all(dir.join("attributions")).unwrap();
        std::fs::write(dir.join("text/art_one.txt"), TEXT).unwrap();
        std::fs::write(
            dir.join("attributions/art_one_b222.ann"),
            "T1\tSource 36 40\tAide\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("attributions/art_one_a111.ann"),
            "T1\tSource 22 29\tClinton\n",
        )
        .unwrap();
        let arts = read_polnear(&dir).unwrap();
        std::fs::remove_dir_all(&dir).ok();
        assert_eq!(arts.len(), 1);
        assert_eq!(arts[0].name, "art_one");
        assert!(arts[0].annotation.ends_with("art_one_a111.ann"));
        let s = arts[0].spans[0].span;
        assert_eq!(&arts[0].text[s.start..s.end], "Clinton");
    }
}
