//! Reading inputs: `.txt` files, folders of them (recursive), `.jsonl` files and `-` (JSONL on stdin)
//! become a stream of `Article`s, or of error records naming the input and the problem.

use crate::doc::Article;
use chrono::NaiveDate;
use serde::Serialize;
use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// An input that could not become an article.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReadError {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_id: Option<String>,
    pub input: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub error: String,
}

pub type Record = Result<Article, ReadError>;

/// Splits a leading `date YYYY-MM-DD` marker (on its own line, or at the start of the first line)
/// off an article text: returns the publication date and the article body.
pub fn take_date_marker(text: &str) -> (Option<NaiveDate>, &str) {
    let trimmed = text.trim_start();
    if let Some(rest) = trimmed.strip_prefix("date ") {
        let rest = rest.trim_start_matches([' ', '\t']);
        if rest.len() >= 10 && rest.is_char_boundary(10) {
            if let Ok(date) = NaiveDate::parse_from_str(&rest[..10], "%Y-%m-%d") {
                let after = &rest[10..];
                if after.is_empty() || after.starts_with(char::is_whitespace) {
                    return (Some(date), after.trim_start());
                }
            }
        }
    }
    (None, text)
}

/// Parses an ISO date, also the date part of a timestamp ("2025-06-04T10:00:00Z").
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let head = s.get(..10)?;
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

fn decode(bytes: Vec<u8>, input: &str) -> Result<String, String> {
    if bytes.contains(&0) {
        return Err(format!(
            "{input}: looks like a binary file (contains NUL bytes), not text"
        ));
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()),
    }
}

fn article_from_txt(path: &Path) -> Record {
    let input = path.display().to_string();
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let fail = |error: String| ReadError {
        doc_id: Some(id.clone()),
        input: input.clone(),
        line: None,
        error,
    };
    let bytes = fs::read(path).map_err(|e| fail(format!("cannot read {input}: {e}")))?;
    let text = decode(bytes, &input).map_err(fail)?;
    let (date, body) = take_date_marker(&text);
    Ok(Article {
        id: id.clone(),
        text: body.to_string(),
        date,
        url: None,
        outlet: None,
        input,
    })
}

/// Turns one JSONL line into an article.
pub fn article_from_json_line(line: &str, input: &str, line_no: usize) -> Record {
    let fail = |doc_id: Option<String>, error: String| ReadError {
        doc_id,
        input: input.to_string(),
        line: Some(line_no),
        error,
    };
    let value: serde_json::Value = serde_json::from_str(line)
        .map_err(|e| fail(None, format!("{input}:{line_no}: not valid JSON: {e}")))?;
    let obj = value
        .as_object()
        .ok_or_else(|| fail(None, format!("{input}:{line_no}: expected a JSON object")))?;
    let id = match obj.get("id") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => {
            return Err(fail(
                None,
                format!("{input}:{line_no}: missing string field \"id\""),
            ))
        }
    };
    let text = match obj.get("text") {
        Some(serde_json::Value::String(s)) => s.as_str(),
        Some(_) => {
            return Err(fail(
                Some(id),
                format!("{input}:{line_no}: field \"text\" is not a string"),
            ))
        }
        None => {
            return Err(fail(
                Some(id),
                format!("{input}:{line_no}: missing field \"text\""),
            ))
        }
    };
    let get = |k: &str| obj.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let (marker_date, body) = take_date_marker(text);
    let date = match get("date") {
        Some(d) => Some(parse_date(&d).ok_or_else(|| {
            fail(
                Some(id.clone()),
                format!("{input}:{line_no}: field \"date\" is not YYYY-MM-DD: {d:?}"),
            )
        })?),
        None => marker_date,
    };
    Ok(Article {
        id,
        text: body.to_string(),
        date,
        url: get("url"),
        outlet: get("outlet"),
        input: format!("{input}:{line_no}"),
    })
}

enum Source {
    Txt(PathBuf),
    Jsonl(PathBuf),
    Stdin,
    Missing(String),
}

fn collect_dir(dir: &Path, out: &mut Vec<Source>) -> io::Result<()> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_dir(&path, out)?;
        } else if let Some(src) = classify(&path) {
            out.push(src);
        }
    }
    Ok(())
}

fn classify(path: &Path) -> Option<Source> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("txt") => Some(Source::Txt(path.to_path_buf())),
        Some("jsonl") => Some(Source::Jsonl(path.to_path_buf())),
        _ => None,
    }
}

fn expand(inputs: &[String]) -> Vec<Source> {
    let mut out = Vec::new();
    for input in inputs {
        if input == "-" {
            out.push(Source::Stdin);
            continue;
        }
        let path = Path::new(input);
        if path.is_dir() {
            if let Err(e) = collect_dir(path, &mut out) {
                out.push(Source::Missing(format!("cannot read folder {input}: {e}")));
            }
        } else if path.exists() {
            match classify(path) {
                Some(src) => out.push(src),
                // An explicitly named file is read as text whatever its extension.
                None => out.push(Source::Txt(path.to_path_buf())),
            }
        } else {
            out.push(Source::Missing(format!("{input}: no such file or folder")));
        }
    }
    out
}

/// A lazy stream of articles (or error records) over all inputs, in input order.
pub fn read_inputs(inputs: &[String]) -> impl Iterator<Item = Record> {
    expand(inputs)
        .into_iter()
        .flat_map(|src| -> Box<dyn Iterator<Item = Record>> {
            match src {
                Source::Txt(p) => Box::new(std::iter::once(article_from_txt(&p))),
                Source::Jsonl(p) => {
                    let name = p.display().to_string();
                    match fs::File::open(&p) {
                        Ok(f) => Box::new(jsonl_records(BufReader::new(f), name)),
                        Err(e) => Box::new(std::iter::once(Err(ReadError {
                            doc_id: None,
                            input: name.clone(),
                            line: None,
                            error: format!("cannot open {name}: {e}"),
                        }))),
                    }
                }
                Source::Stdin => Box::new(jsonl_records(
                    BufReader::new(io::stdin()),
                    "stdin".to_string(),
                )),
                Source::Missing(error) => Box::new(std::iter::once(Err(ReadError {
                    doc_id: None,
                    input: error.split(':').next().unwrap_or("").to_string(),
                    line: None,
                    error,
                }))),
            }
        })
}

/// Articles from a JSONL stream, one per non-blank line; a bad line becomes an error record and the
/// stream goes on.
pub fn jsonl_records<R: Read>(reader: BufReader<R>, name: String) -> impl Iterator<Item = Record> {
    let mut lines = reader.split(b'\n').enumerate();
    std::iter::from_fn(move || loop {
        let (i, line) = lines.next()?;
        let line_no = i + 1;
        let bytes = match line {
            Ok(b) => b,
            Err(e) => {
                return Some(Err(ReadError {
                    doc_id: None,
                    input: name.clone(),
                    line: Some(line_no),
                    error: format!("{name}:{line_no}: read failed: {e}"),
                }))
            }
        };
        let text = String::from_utf8_lossy(&bytes);
        if text.trim().is_empty() {
            continue;
        }
        return Some(article_from_json_line(text.trim(), &name, line_no));
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_marker_on_its_own_line_or_inline() {
        let (d, body) = take_date_marker("date 2026-02-24\nKHARKIV, Ukraine—A attack.");
        assert_eq!(d, NaiveDate::from_ymd_opt(2026, 2, 24));
        assert_eq!(body, "KHARKIV, Ukraine—A attack.");
        let (d, body) = take_date_marker(" date 2026-02-24 KHARKIV, Ukraine");
        assert_eq!(d, NaiveDate::from_ymd_opt(2026, 2, 24));
        assert_eq!(body, "KHARKIV, Ukraine");
        let (d, body) = take_date_marker("dated text");
        assert_eq!((d, body), (None, "dated text"));
    }

    #[test]
    fn jsonl_lines_become_articles_or_errors() {
        let data = "{\"id\":\"a\",\"text\":\"One.\",\"date\":\"2025-06-04\",\"outlet\":\"X\"}\n\nnot json\n{\"id\":\"b\"}\n{\"id\":\"c\",\"text\":5}\n";
        let got: Vec<Record> =
            jsonl_records(BufReader::new(data.as_bytes()), "in.jsonl".into()).collect();
        assert_eq!(got.len(), 4);
        let a = got[0].as_ref().unwrap();
        assert_eq!((a.id.as_str(), a.text.as_str()), ("a", "One."));
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2025, 6, 4));
        assert_eq!(a.outlet.as_deref(), Some("X"));
        let e = got[1].as_ref().unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.error.contains("not valid JSON"));
        assert!(got[2]
            .as_ref()
            .unwrap_err()
            .error
            .contains("missing field \"text\""));
        assert!(got[3].as_ref().unwrap_err().error.contains("not a string"));
    }
}
