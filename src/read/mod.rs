//! Reading inputs: `.txt` files, folders of them (recursive), `.jsonl` (and JSON-lines `.json`) files
//! and `-` (JSONL on stdin) become a stream of `Article`s, or of error records naming the input and
//! the problem. A problem that leaves the article usable (an invalid publication date) gives an
//! error record marked `still_mined` before the article, which is mined without it. What is read
//! is fingerprinted as it goes (`ledger`), for checkpoints.

pub mod ledger;
pub mod walk;

use crate::doc::Article;
use chrono::NaiveDate;
use ledger::Ledger;
use serde::Serialize;
use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use walk::Source;

/// An input that could not become an article, or a problem with one that was still mined.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReadError {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_id: Option<String>,
    pub input: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub error: String,
    /// The article was mined all the same (the problem only lost part of it, such as its date).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub still_mined: bool,
}

impl ReadError {
    pub fn new(doc_id: Option<String>, input: &str, line: Option<usize>, error: String) -> Self {
        ReadError {
            doc_id,
            input: input.to_string(),
            line,
            error,
            still_mined: false,
        }
    }
}

pub type Record = Result<Article, ReadError>;

const BOM: char = '\u{feff}';

/// A publication date as an input gives it.
#[derive(Debug, Clone, PartialEq)]
pub enum GivenDate {
    Absent,
    Valid(NaiveDate),
    /// Given but unusable: what was given, and why.
    Invalid(String),
}

/// Whether a word after `date ` is meant as a date: digits (at least four) and date punctuation.
fn looks_like_date(word: &str) -> bool {
    word.chars().filter(char::is_ascii_digit).count() >= 4
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || "-/.:TZ+".contains(c))
}

/// Splits a leading `date YYYY-MM-DD` line (or the start of the first line) off an article text,
/// after an optional UTF-8 byte-order mark: the date as given and the article body. A date line
/// whose date is invalid (`date 2024-13-45`) is still a date line: it is never article text.
pub fn date_line(text: &str) -> (GivenDate, &str) {
    let trimmed = text.trim_start_matches(BOM).trim_start();
    let Some(rest) = trimmed.strip_prefix("date") else {
        return (GivenDate::Absent, text);
    };
    if !rest.starts_with([' ', '\t']) {
        return (GivenDate::Absent, text);
    }
    let rest = rest.trim_start_matches([' ', '\t']);
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let word = &rest[..end];
    if !looks_like_date(word) {
        return (GivenDate::Absent, text);
    }
    let body = rest[end..].trim_start();
    match parse_date(word) {
        Some(d) => (GivenDate::Valid(d), body),
        None => (
            GivenDate::Invalid(format!(
                "date line \"date {word}\" is not a valid YYYY-MM-DD date"
            )),
            body,
        ),
    }
}

/// Splits a leading `date YYYY-MM-DD` marker off an article text: returns the publication date
/// (none if it is invalid) and the article body.
pub fn take_date_marker(text: &str) -> (Option<NaiveDate>, &str) {
    match date_line(text) {
        (GivenDate::Valid(d), body) => (Some(d), body),
        (_, body) => (None, body),
    }
}

/// Parses an ISO date, also the date part of a timestamp ("2025-06-04T10:00:00Z").
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let head = s.get(..10)?;
    let rest = &s[10..];
    if !(rest.is_empty() || rest.starts_with(['T', ' '])) {
        return None;
    }
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

/// The records of a date problem (if any) and of the article, which is mined without the date.
/// `input` names the file (the line is apart), as in every error record.
fn with_date(article: Article, date: GivenDate, input: &str, line: Option<usize>) -> Vec<Record> {
    let mut out = Vec::new();
    let date = match date {
        GivenDate::Valid(d) => Some(d),
        GivenDate::Absent => None,
        GivenDate::Invalid(why) => {
            out.push(Err(ReadError {
                still_mined: true,
                ..ReadError::new(
                    Some(article.id.clone()),
                    input,
                    line,
                    format!(
                        "{}: {why}; the article is mined without a publication date",
                        article.input
                    ),
                )
            }));
            None
        }
    };
    out.push(Ok(Article { date, ..article }));
    out
}

fn article_from_txt(
    path: &std::path::Path,
    id: String,
    input: usize,
    ledger: &Ledger,
) -> Vec<Record> {
    let name = path.display().to_string();
    let fail = |error: String| vec![Err(ReadError::new(Some(id.clone()), &name, None, error))];
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            let error = format!("cannot read {name}: {e}");
            ledger.note(input, &error);
            return fail(error);
        }
    };
    ledger.file(input, &name, bytes.len() as u64);
    ledger.bytes(input, &bytes);
    let text = match decode(bytes, &name) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    let (date, body) = date_line(text.trim_start_matches(BOM));
    let article = Article {
        id: id.clone(),
        text: body.to_string(),
        date: None,
        url: None,
        outlet: None,
        input: name.clone(),
    };
    with_date(article, date, &name, None)
}

/// The id of a JSONL record: a non-empty string. Numbers are refused rather than turned into
/// strings, so that `7` and `"7"` can never be taken for the same article or for two.
fn json_id(obj: &serde_json::Map<String, serde_json::Value>) -> Result<String, String> {
    match obj.get("id") {
        Some(serde_json::Value::String(s)) if s.trim().is_empty() => {
            Err("field \"id\" is empty: every article needs an id".to_string())
        }
        Some(serde_json::Value::String(s)) => Ok(s.clone()),
        Some(serde_json::Value::Number(n)) => Err(format!(
            "field \"id\" is the number {n}: ids must be strings (write \"{n}\")"
        )),
        _ => Err("missing string field \"id\"".to_string()),
    }
}

/// The `date` field of a JSONL record.
fn json_date(value: Option<&serde_json::Value>) -> Option<GivenDate> {
    use serde_json::Value;
    Some(match value? {
        Value::Null => return None,
        Value::String(s) => match parse_date(s) {
            Some(d) => GivenDate::Valid(d),
            None => GivenDate::Invalid(format!("field \"date\" is not a YYYY-MM-DD date: {s:?}")),
        },
        Value::Number(n) => GivenDate::Invalid(format!(
            "field \"date\" is the number {n}: dates are \"YYYY-MM-DD\" strings"
        )),
        other => GivenDate::Invalid(format!("field \"date\" is not a string: {other}")),
    })
}

/// Turns one JSONL line into an article, preceded by an error record if its date is unusable.
pub fn article_from_json_line(line: &str, input: &str, line_no: usize) -> Vec<Record> {
    let fail = |doc_id: Option<String>, error: String| {
        vec![Err(ReadError::new(
            doc_id,
            input,
            Some(line_no),
            format!("{input}:{line_no}: {error}"),
        ))]
    };
    let value: serde_json::Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return fail(None, format!("not valid JSON: {e}")),
    };
    let Some(obj) = value.as_object() else {
        return fail(None, "expected a JSON object".to_string());
    };
    let id = match json_id(obj) {
        Ok(id) => id,
        Err(e) => return fail(None, e),
    };
    let text = match obj.get("text") {
        Some(serde_json::Value::String(s)) => s.as_str(),
        Some(_) => return fail(Some(id), "field \"text\" is not a string".to_string()),
        None => return fail(Some(id), "missing field \"text\"".to_string()),
    };
    let get = |k: &str| obj.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let (line_date, body) = date_line(text);
    let date = json_date(obj.get("date")).unwrap_or(line_date);
    let article = Article {
        id,
        text: body.to_string(),
        date: None,
        url: get("url"),
        outlet: get("outlet"),
        input: format!("{input}:{line_no}"),
    };
    with_date(article, date, input, Some(line_no))
}

fn open_jsonl(
    path: &std::path::Path,
    input: usize,
    must_be_lines: bool,
    ledger: &Ledger,
) -> Box<dyn Iterator<Item = Record>> {
    let name = path.display().to_string();
    match fs::File::open(path) {
        Ok(f) => {
            let size = f.metadata().map(|m| m.len()).unwrap_or(0);
            ledger.file(input, &name, size);
            Box::new(jsonl_stream(
                BufReader::new(f),
                name,
                input,
                must_be_lines,
                ledger.clone(),
            ))
        }
        Err(e) => {
            let error = format!("cannot open {name}: {e}");
            ledger.note(input, &error);
            Box::new(std::iter::once(Err(ReadError::new(
                None, &name, None, error,
            ))))
        }
    }
}

/// A lazy stream of articles (or error records) over all inputs, in input order.
pub fn read_inputs(inputs: &[String]) -> impl Iterator<Item = Record> {
    read_inputs_into(inputs, &Ledger::new(inputs))
}

/// As `read_inputs`, fingerprinting what is read into `ledger` (made for the same inputs).
pub fn read_inputs_into(inputs: &[String], ledger: &Ledger) -> impl Iterator<Item = Record> {
    let ledger = ledger.clone();
    walk::expand(inputs)
        .into_iter()
        .flat_map(move |src| -> Box<dyn Iterator<Item = Record>> {
            match src {
                Source::Txt { input, path, id } => {
                    Box::new(article_from_txt(&path, id, input, &ledger).into_iter())
                }
                Source::Jsonl {
                    input,
                    path,
                    must_be_lines,
                } => open_jsonl(&path, input, must_be_lines, &ledger),
                Source::Stdin { input } => {
                    ledger.file(input, "stdin", 0);
                    Box::new(jsonl_stream(
                        BufReader::new(io::stdin()),
                        "stdin".to_string(),
                        input,
                        false,
                        ledger.clone(),
                    ))
                }
                Source::Problem { input, path, error } => {
                    ledger.note(input, &error);
                    Box::new(std::iter::once(Err(ReadError::new(
                        None, &path, None, error,
                    ))))
                }
            }
        })
}

/// Articles from a JSONL stream, one per non-blank line; a bad line becomes an error record and the
/// stream goes on.
pub fn jsonl_records<R: Read>(reader: BufReader<R>, name: String) -> impl Iterator<Item = Record> {
    jsonl_stream(reader, name, 0, false, Ledger::new(&[String::new()]))
}

/// Why a `.json` file that is not JSON lines is refused, and what to do.
fn not_json_lines(name: &str) -> String {
    format!(
        "{name} is not JSON lines (one JSON object per line, as .jsonl): it was not mined; \
         convert it, e.g. `jq -c '.[]' {name} > articles.jsonl`"
    )
}

fn jsonl_stream<R: Read>(
    reader: BufReader<R>,
    name: String,
    input: usize,
    must_be_lines: bool,
    ledger: Ledger,
) -> impl Iterator<Item = Record> {
    let mut lines = reader.split(b'\n').enumerate();
    let mut pending: std::collections::VecDeque<Record> = Default::default();
    let mut first = true;
    let mut done = false;
    std::iter::from_fn(move || loop {
        if let Some(r) = pending.pop_front() {
            return Some(r);
        }
        if done {
            return None;
        }
        let (i, line) = lines.next()?;
        let line_no = i + 1;
        let bytes = match line {
            Ok(b) => b,
            Err(e) => {
                let error = format!("{name}:{line_no}: read failed: {e}");
                ledger.note(input, &error);
                return Some(Err(ReadError::new(None, &name, Some(line_no), error)));
            }
        };
        ledger.bytes(input, &bytes);
        ledger.bytes(input, b"\n");
        let text = String::from_utf8_lossy(&bytes);
        // A byte-order mark may open the file (or a file concatenated into it).
        let text = text.trim_start_matches(BOM).trim();
        if text.is_empty() {
            continue;
        }
        if std::mem::take(&mut first) && must_be_lines && !is_json_object(text) {
            done = true;
            return Some(Err(ReadError::new(
                None,
                &name,
                None,
                not_json_lines(&name),
            )));
        }
        pending.extend(article_from_json_line(text, &name, line_no));
    })
}

fn is_json_object(line: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(line).is_ok_and(|v| v.is_object())
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
    fn an_invalid_date_line_is_a_date_line_not_text() {
        let (d, body) = date_line("date 2024-13-45\nSome 40 drones were shot down.");
        assert!(
            matches!(d, GivenDate::Invalid(ref why) if why.contains("2024-13-45")),
            "{d:?}"
        );
        assert_eq!(body, "Some 40 drones were shot down.");
        let (d, body) = date_line("\u{feff}date 2024-03-01\nText.");
        assert_eq!(
            (d, body),
            (
                GivenDate::Valid(NaiveDate::from_ymd_opt(2024, 3, 1).unwrap()),
                "Text."
            )
        );
        // Words after "date" that are not a date stay text.
        let (d, body) = date_line("date night was cancelled.");
        assert_eq!((d, body), (GivenDate::Absent, "date night was cancelled."));
    }

    #[test]
    fn dates_are_strict() {
        assert_eq!(
            parse_date("2025-06-04T10:00:00Z"),
            NaiveDate::from_ymd_opt(2025, 6, 4)
        );
        assert_eq!(parse_date("2025-06-04x"), None);
        assert_eq!(parse_date("2025-02-30"), None);
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

    #[test]
    fn jsonl_ids_are_non_empty_strings() {
        let data = "\u{feff}{\"id\":\"7\",\"text\":\"A.\"}\n{\"id\":7,\"text\":\"B.\"}\n{\"id\":\"\",\"text\":\"C.\"}\n";
        let got: Vec<Record> =
            jsonl_records(BufReader::new(data.as_bytes()), "in.jsonl".into()).collect();
        assert_eq!(
            got[0].as_ref().unwrap().id,
            "7",
            "a BOM before the first record is skipped"
        );
        assert!(got[1]
            .as_ref()
            .unwrap_err()
            .error
            .contains("must be strings"));
        assert!(got[2].as_ref().unwrap_err().error.contains("empty"));
    }

    #[test]
    fn an_unusable_date_is_reported_and_the_article_still_mined() {
        let data = "{\"id\":\"a\",\"text\":\"One.\",\"date\":\"2024-13-45\"}\n{\"id\":\"b\",\"text\":\"Two.\",\"date\":20240301}\n";
        let got: Vec<Record> =
            jsonl_records(BufReader::new(data.as_bytes()), "in.jsonl".into()).collect();
        assert_eq!(got.len(), 4);
        let warning = got[0].as_ref().unwrap_err();
        assert!(
            warning.still_mined && warning.error.contains("2024-13-45"),
            "{warning:?}"
        );
        assert_eq!(got[1].as_ref().unwrap().date, None);
        assert!(got[2].as_ref().unwrap_err().error.contains("number"));
        assert_eq!(got[3].as_ref().unwrap().id, "b");
    }
}
