//! Time expressions of news text, resolved against the publication date: explicit dates ("June 4,
//! 2025", "February 2022", "2025", "April-June", "1850-1900"), "as of", "since" and "so far this
//! year" (intervals up to the publication date), "between ... and ...", relative dates ("this
//! September", "last week", "on Tuesday", "Wednesday's election", "over the past three months",
//! "four years ago"), references to a period named before ("the quarter", "a year earlier", "the
//! year before"). A month without a year is the latest such month, or the next in a forecast, or of
//! the one year its sentence names. Values are ISO 8601 at the precision known; `None` when it
//! cannot be known (a month without a year and no publication date). Which expression dates which
//! quantity: `right_after`, `in_list_item`, `is_comparison_base`, `date_for`.

use crate::doc::{Span, TimeKind, TimeRef};
use crate::extract::lexicon::{month, time_unit};
use crate::extract::tokens::{Kind, Token};
use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};

/// A point in time at some precision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Point {
    Year(i32),
    Month(i32, u32),
    Day(NaiveDate),
}

impl Point {
    pub fn iso(&self) -> String {
        match self {
            Point::Year(y) => format!("{y:04}"),
            Point::Month(y, m) => format!("{y:04}-{m:02}"),
            Point::Day(d) => d.format("%Y-%m-%d").to_string(),
        }
    }
    /// `date` written at this point's precision.
    fn same_precision(&self, date: NaiveDate) -> Point {
        match self {
            Point::Year(_) => Point::Year(date.year()),
            Point::Month(..) => Point::Month(date.year(), date.month()),
            Point::Day(_) => Point::Day(date),
        }
    }
}

/// A time expression found in a sentence (byte offsets relative to the sentence).
#[derive(Debug, Clone)]
pub struct TimeExpr {
    pub start: usize,
    pub end: usize,
    pub value: Option<String>,
    pub kind: TimeKind,
    /// "two months earlier", "a month before": how many months back from the month the sentence
    /// names (anaphoric, unlike "ago"); resolved by `resolve_period_references`.
    pub months_earlier: Option<u32>,
    /// Written with "ago" ("a year ago"): it counts back from now, so it refers to no period an
    /// earlier sentence named, only to one its own sentence names.
    pub ago: bool,
    /// "throughout the year", "that year": which year named before it refers to, resolved by
    /// `resolve_year_references`.
    pub year_named: Option<YearNamed>,
}

/// The year a reference to a year stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum YearNamed {
    /// "throughout the year", "for the year": the year the article is about, the first it names
    /// (else the year of publication).
    Main,
    /// "that year": the last year named before it.
    Last,
}

/// The years an article has named so far (not those it compares with), for the references to a
/// year of its later sentences.
#[derive(Debug, Clone, Default)]
pub struct YearsNamed {
    pub first: Option<i32>,
    pub last: Option<i32>,
}

fn year_of(t: &Token) -> Option<i32> {
    if t.kind != Kind::Number {
        return None;
    }
    year(&t.text)
}

/// The year a word writes ("2019"): four digits, 1900 to 2100.
pub fn year(text: &str) -> Option<i32> {
    if text.len() != 4 || !text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let y: i32 = text.parse().ok()?;
    (1900..=2100).contains(&y).then_some(y)
}

fn day_of(t: &Token) -> Option<u32> {
    if t.kind != Kind::Number || t.text.len() > 2 {
        return None;
    }
    let d: u32 = t.text.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn month_at(toks: &[Token], i: usize) -> Option<u32> {
    toks.get(i)
        .filter(|t| t.is_titlecase())
        .and_then(|t| month(t.text.as_str()))
}

pub(crate) fn weekday(w: &str) -> Option<Weekday> {
    Some(match w {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// A month named without a year: the latest such month not after the publication date.
fn month_in_context(m: u32, pub_date: Option<NaiveDate>) -> Option<Point> {
    let p = pub_date?;
    let y = if m > p.month() {
        p.year() - 1
    } else {
        p.year()
    };
    Some(Point::Month(y, m))
}

/// A month named without a year in a forecast ("expected to rise to 4.6 million by May"): the
/// earliest such month not before the publication month.
fn next_month_in_context(m: u32, pub_date: Option<NaiveDate>) -> Option<Point> {
    let p = pub_date?;
    let y = if m < p.month() {
        p.year() + 1
    } else {
        p.year()
    };
    Some(Point::Month(y, m))
}

/// Whether the words before token `i` of the sentence state what is to come ("will", "is
/// expected to", "plans to"), or the month closes a target ("by May").
fn states_a_forecast(toks: &[Token], i: usize) -> bool {
    let by = i > 0 && toks[i - 1].lower == "by";
    by || toks[..i].iter().enumerate().any(|(k, t)| {
        let to_follows = toks.get(k + 1).is_some_and(|n| n.lower == "to");
        // "scheduled for March 15", "slated for June", "due on May 2" (not "due in part to").
        let after = toks.get(k + 1).map_or("", |n| n.lower.as_str());
        let scheduled = (matches!(t.lower.as_str(), "scheduled" | "slated")
            && matches!(after, "for" | "on" | "in"))
            || (t.lower == "due" && after == "on");
        t.lower == "will"
            || scheduled
            || (to_follows
                && matches!(
                    t.lower.as_str(),
                    "expected" | "expects" | "plans" | "plan" | "set" | "projected"
                ))
    })
}

/// "(of) last year", "this year", "next year" after a month ("late January last year"): the year
/// it names and the index after.
fn year_named_after(toks: &[Token], j: usize, pub_date: Option<NaiveDate>) -> Option<(i32, usize)> {
    let w = |k: usize| toks.get(k).map(|t| t.lower.as_str());
    let k = if w(j) == Some("of") { j + 1 } else { j };
    let shift = match w(k)? {
        "last" => -1,
        "this" => 0,
        "next" => 1,
        _ => return None,
    };
    (w(k + 1) == Some("year")).then_some(())?;
    Some((pub_date?.year() + shift, k + 2))
}

/// Parses a date at token `i`; returns the point (None when it cannot be resolved), and the index after.
fn parse_point(
    toks: &[Token],
    i: usize,
    pub_date: Option<NaiveDate>,
) -> Option<(Option<Point>, usize)> {
    let t = toks.get(i)?;
    // Month [day][,] [year]
    if let Some(m) = month_at(toks, i) {
        // "May" and "March" are also words: want a number after, or a preceding time preposition.
        let mut j = i + 1;
        if toks.get(j).is_some_and(|t| t.text == ".") {
            j += 1;
        }
        let day = toks.get(j).and_then(day_of);
        if day.is_some() {
            j += 1;
        }
        let mut k = j;
        if toks.get(k).is_some_and(|t| t.text == ",") {
            k += 1;
        }
        let mut year = toks.get(k).and_then(year_of);
        if year.is_some() {
            j = k + 1;
        } else if let Some((y, end)) = year_named_after(toks, j, pub_date) {
            year = Some(y);
            j = end;
        }
        let in_context = |m| {
            if states_a_forecast(toks, i) {
                next_month_in_context(m, pub_date)
            } else {
                month_in_context(m, pub_date)
            }
        };
        let point = match (year, day) {
            (Some(y), Some(d)) => NaiveDate::from_ymd_opt(y, m, d).map(Point::Day),
            (Some(y), None) => Some(Point::Month(y, m)),
            (None, Some(d)) => in_context(m).and_then(|p| match p {
                Point::Month(y, m) => NaiveDate::from_ymd_opt(y, m, d).map(Point::Day),
                _ => None,
            }),
            (None, None) => in_context(m),
        };
        return Some((point, j));
    }
    // Day Month [year]
    if let (Some(d), Some(m)) = (day_of(t), month_at(toks, i + 1)) {
        let y = toks.get(i + 2).and_then(year_of);
        let year = y.or_else(|| {
            month_in_context(m, pub_date).map(|p| if let Point::Month(y, _) = p { y } else { 0 })
        });
        let point = year
            .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
            .map(Point::Day);
        return Some((point, if y.is_some() { i + 3 } else { i + 2 }));
    }
    // early/late/mid 2022, 2022
    if matches!(t.lower.as_str(), "early" | "late" | "mid" | "mid-") {
        if let Some(y) = toks.get(i + 1).and_then(year_of) {
            return Some((Some(Point::Year(y)), i + 2));
        }
        if let Some(m) = month_at(toks, i + 1) {
            if let Some((y, end)) = year_named_after(toks, i + 2, pub_date) {
                return Some((Some(Point::Month(y, m)), end));
            }
            return Some((month_in_context(m, pub_date), i + 2));
        }
    }
    if let Some(y) = year_of(t) {
        return Some((Some(Point::Year(y)), i + 1));
    }
    None
}

/// Relative expressions: this/last week|month|year|<Month>, yesterday, today, on <weekday>.
fn parse_relative(
    toks: &[Token],
    i: usize,
    pub_date: Option<NaiveDate>,
) -> Option<(Option<Point>, usize)> {
    let t = toks.get(i)?;
    let w = t.lower.as_str();
    if w == "yesterday" || w == "today" || w == "tonight" {
        let p = pub_date.map(|d| {
            Point::Day(if w == "yesterday" {
                d - Duration::days(1)
            } else {
                d
            })
        });
        return Some((p, i + 1));
    }
    // "Wednesday's election": the possessive names the day too.
    let day_word = w.strip_suffix("'s").or(w.strip_suffix("’s")).unwrap_or(w);
    // "on Tuesday, July 19": the date written after the weekday names the same day, and says
    // which week.
    if weekday(w).is_some() {
        let k = if toks.get(i + 1).is_some_and(|t| t.text == ",") {
            i + 2
        } else {
            i + 1
        };
        let date_follows = month_at(toks, k).is_some()
            || (toks.get(k).and_then(day_of).is_some() && month_at(toks, k + 1).is_some());
        if date_follows {
            if let Some((Some(Point::Day(d)), end)) = parse_point(toks, k, pub_date) {
                return Some((Some(Point::Day(d)), end));
            }
        }
    }
    if let Some(wd) = weekday(day_word) {
        let p = pub_date.map(|d| {
            let back = (d.weekday().num_days_from_monday() + 7 - wd.num_days_from_monday()) % 7;
            Point::Day(d - Duration::days(back as i64))
        });
        return Some((p, i + 1));
    }
    if matches!(w, "this" | "last" | "next") {
        let next = toks.get(i + 1)?;
        let shift: i32 = match w {
            "last" => -1,
            "next" => 1,
            _ => 0,
        };
        // "next Tuesday": the first such day after the publication date; "last Tuesday": the
        // last one before it.
        if let Some(wd) = weekday(&next.lower).filter(|_| shift != 0) {
            let p = pub_date.map(|d| {
                let (from, to) = (
                    d.weekday().num_days_from_monday() as i64,
                    wd.num_days_from_monday() as i64,
                );
                let days = if shift > 0 {
                    (to - from + 6).rem_euclid(7) + 1
                } else {
                    -((from - to + 6).rem_euclid(7) + 1)
                };
                Point::Day(d + Duration::days(days))
            });
            return Some((p, i + 2));
        }
        if let Some(m) = month_at(toks, i + 1) {
            let p = pub_date.map(|d| {
                Point::Month(
                    d.year() + if w == "last" && m >= d.month() { -1 } else { 0 },
                    m,
                )
            });
            return Some((p, i + 2));
        }
        let p = match next.lower.as_str() {
            "year" => pub_date.map(|d| Point::Year(d.year() + shift)),
            "month" => pub_date.and_then(|d| {
                let d2 = if shift < 0 {
                    d.checked_sub_months(Months::new(1))
                } else if shift > 0 {
                    d.checked_add_months(Months::new(1))
                } else {
                    Some(d)
                };
                d2.map(|x| Point::Month(x.year(), x.month()))
            }),
            "week" => pub_date.map(|d| Point::Day(d + Duration::days(7 * shift as i64))),
            _ => return None,
        };
        return Some((p, i + 2));
    }
    None
}

fn number_word(w: &str) -> Option<u32> {
    crate::extract::lexicon::small_number(w).map(|v| v as u32)
}

/// "(over|in|during) the past|last N days|weeks|months|years" -> an interval ending at publication.
fn parse_past_period(
    toks: &[Token],
    i: usize,
    pub_date: Option<NaiveDate>,
) -> Option<(Option<String>, usize)> {
    let w = |k: usize| toks.get(k).map(|t| t.lower.as_str());
    if w(i) != Some("the") || !matches!(w(i + 1), Some("past" | "last")) {
        return None;
    }
    let (n, k) = match toks.get(i + 2) {
        Some(t) if t.kind == Kind::Number => (t.text.parse::<u32>().ok()?, i + 3),
        Some(t) => match number_word(&t.lower) {
            Some(n) => (n, i + 3),
            None => (1, i + 2),
        },
        None => return None,
    };
    let unit = time_unit(w(k)?)?;
    let value = pub_date.and_then(|d| {
        let (start, end) = match unit {
            "day" => (Point::Day(d - Duration::days(n as i64)), Point::Day(d)),
            "week" => (Point::Day(d - Duration::days(7 * n as i64)), Point::Day(d)),
            "month" => {
                let s = d.checked_sub_months(Months::new(n))?;
                (
                    Point::Month(s.year(), s.month()),
                    Point::Month(d.year(), d.month()),
                )
            }
            "year" => (Point::Year(d.year() - n as i32), Point::Year(d.year())),
            _ => return None,
        };
        Some(format!("{}/{}", start.iso(), end.iso()))
    });
    Some((value, k + 1))
}

/// Whether token `i` follows an amount that is the base of a comparison ("from $1.58 billion",
/// "than 4,000 units").
fn after_compared_amount(toks: &[Token], i: usize) -> bool {
    let mut k = i;
    let amount = |t: &Token| {
        t.kind == Kind::Number
            || matches!(
                t.lower.as_str(),
                "$" | "%" | "percent" | "million" | "billion" | "trillion" | "thousand"
            )
            || crate::extract::lexicon::is_number_word(&t.lower)
    };
    while k > 0 && i - k < 4 && amount(&toks[k - 1]) {
        k -= 1;
    }
    k < i
        && k > 0
        && matches!(
            toks[k - 1].lower.as_str(),
            "from" | "than" | "versus" | "vs"
        )
}

/// A month named without a year ("recorded in June") in a sentence that names one year ("during
/// the 2020 lockdown"): that year.
fn take_the_sentence_year(toks: &[Token], exprs: &mut [TimeExpr]) {
    let written_plainly = |e: &TimeExpr| {
        toks.iter()
            .filter(|t| t.start >= e.start && t.end <= e.end)
            .all(|t| t.kind != Kind::Number && t.lower != "year")
    };
    let mut years = exprs
        .iter()
        .filter(|e| e.kind == TimeKind::Explicit && e.value.as_ref().is_some_and(|v| v.len() == 4))
        .filter_map(|e| e.value.clone());
    let (Some(year), None) = (years.next(), years.next()) else {
        return;
    };
    for e in exprs.iter_mut() {
        let bare_month = e.kind == TimeKind::Explicit
            && e.value.as_ref().is_some_and(|v| v.len() == 7)
            && written_plainly(e);
        if bare_month {
            if let Some(v) = e.value.as_mut() {
                v.replace_range(..4, &year);
            }
        }
    }
}

/// "four years ago", "a day earlier", "two weeks before", "three months ago": the point that far
/// before publication, at the precision of the unit ("a year ago" is a period reference).
fn parse_ago(
    toks: &[Token],
    i: usize,
    pub_date: Option<NaiveDate>,
) -> Option<(Option<Point>, usize)> {
    let w = |k: usize| toks.get(k).map(|t| t.lower.as_str());
    let n = count_at(toks, i)?;
    let unit = time_unit(w(i + 1)?)?;
    if !matches!(w(i + 2), Some("ago" | "earlier" | "before")) || (unit == "year" && n == 1) {
        return None;
    }
    let point = pub_date.and_then(|d| match unit {
        "day" => Some(Point::Day(d - Duration::days(n as i64))),
        "week" => Some(Point::Day(d - Duration::days(7 * n as i64))),
        "month" => d
            .checked_sub_months(Months::new(n))
            .map(|x| Point::Month(x.year(), x.month())),
        "year" => Some(Point::Year(d.year() - n as i32)),
        _ => None,
    });
    Some((point, i + 3))
}

/// The count written at `i` before a unit of time: "3", "a", "one", "two".
fn count_at(toks: &[Token], i: usize) -> Option<u32> {
    match toks.get(i)? {
        t if t.kind == Kind::Number => t.text.parse::<u32>().ok(),
        t if matches!(t.lower.as_str(), "a" | "one") => Some(1),
        t => number_word(&t.lower),
    }
}

/// "April-June", "July–September 2020": a span of months as an interval; without a year, the
/// latest such span that had ended by the publication date's month.
fn parse_month_span(
    toks: &[Token],
    i: usize,
    pub_date: Option<NaiveDate>,
) -> Option<(Option<String>, usize)> {
    let t = toks.get(i)?;
    let (first, last, mut end) = match t.text.split_once(['-', '–']) {
        Some((a, b)) if t.is_titlecase() => (month(a)?, month(b)?, i + 1),
        _ => {
            let dash = toks
                .get(i + 1)
                .is_some_and(|d| matches!(d.text.as_str(), "-" | "–"));
            (
                month_at(toks, i)?,
                dash.then(|| month_at(toks, i + 2))??,
                i + 3,
            )
        }
    };
    let year = match toks.get(end).and_then(year_of) {
        Some(y) => {
            end += 1;
            Some(y)
        }
        None => match month_in_context(last, pub_date) {
            Some(Point::Month(y, _)) => Some(y),
            _ => None,
        },
    };
    let value = year.map(|y| {
        let start_year = if first > last { y - 1 } else { y };
        format!("{start_year:04}-{first:02}/{y:04}-{last:02}")
    });
    Some((value, end))
}

/// The quarter an ordinal names: "first", "1st", "q1", "1q" -> 1.
fn quarter_number(w: &str) -> Option<u32> {
    Some(match w {
        "first" | "1st" | "q1" | "1q" => 1,
        "second" | "2nd" | "q2" | "2q" => 2,
        "third" | "3rd" | "q3" | "3q" => 3,
        "fourth" | "4th" | "q4" | "4q" => 4,
        _ => return None,
    })
}

/// A quarter as an interval of months; without a year, the latest such quarter that had begun by
/// the publication date.
fn quarter_interval(q: u32, year: Option<i32>, pub_date: Option<NaiveDate>) -> Option<String> {
    months_of_year(3 * (q - 1) + 1, 3, year, pub_date)
}

/// `months` months from month `first` of `year`, as an interval; without a year, of the latest
/// year in which that span had begun by publication.
fn months_of_year(
    first: u32,
    months: u32,
    year: Option<i32>,
    pub_date: Option<NaiveDate>,
) -> Option<String> {
    let y = match year {
        Some(y) => y,
        None => {
            let d = pub_date?;
            if d.month() >= first {
                d.year()
            } else {
                d.year() - 1
            }
        }
    };
    Some(format!(
        "{}/{}",
        Point::Month(y, first).iso(),
        Point::Month(y, first + months - 1).iso()
    ))
}

/// Token `i`, or the one after it when it is "the".
fn past_the(toks: &[Token], i: usize) -> usize {
    i + usize::from(toks.get(i).is_some_and(|t| t.is("the")))
}

/// "the first half (of 2025)", "first-half", "H2", "the second half of the year": the half-year's
/// months; without a year, the latest such half that had begun by publication.
fn parse_half(
    toks: &[Token],
    i: usize,
    pub_date: Option<NaiveDate>,
) -> Option<(Option<String>, usize)> {
    let w = |k: usize| toks.get(k).map(|t| t.lower.as_str());
    let k = past_the(toks, i);
    let (h, mut end) = match (w(k)?, w(k + 1)) {
        ("h1", _) | ("first-half", _) => (1, k + 1),
        ("h2", _) | ("second-half", _) => (2, k + 1),
        ("first", Some("half")) => (1, k + 2),
        ("second", Some("half")) => (2, k + 2),
        _ => return None,
    };
    let mut year = None;
    if w(end) == Some("of") {
        if let Some(y) = toks.get(end + 1).and_then(year_of) {
            year = Some(y);
            end += 2;
        } else if w(end + 1) == Some("the") && w(end + 2) == Some("year") {
            end += 3;
        } else {
            // "the second half of the race", "the first half of the match": no half-year.
            return None;
        }
    } else if let Some(y) = toks.get(end).and_then(year_of) {
        year = Some(y);
        end += 1;
    }
    let first = if h == 1 { 1 } else { 7 };
    Some((months_of_year(first, 6, year, pub_date), end))
}

/// "the first eight months of the year", "the final three months of 2025", "the last two months
/// of the year": those months of the year named, or of the latest year in which they had begun by
/// publication. Without "of" ("in the first six months") the months may be of anything, so none.
fn parse_months_of_the_year(
    toks: &[Token],
    i: usize,
    pub_date: Option<NaiveDate>,
) -> Option<(Option<String>, usize)> {
    let w = |k: usize| toks.get(k).map(|t| t.lower.as_str());
    let k = past_the(toks, i);
    let from_start = match w(k)? {
        "first" | "opening" => true,
        "last" | "final" | "closing" => false,
        _ => return None,
    };
    let n = count_at(toks, k + 1).filter(|n| (2..=11).contains(n))?;
    if !matches!(w(k + 2), Some("months")) || w(k + 3) != Some("of") {
        return None;
    }
    let (year, end) = match toks.get(k + 4).and_then(year_of) {
        Some(y) => (Some(y), k + 5),
        None if w(k + 4) == Some("the") && w(k + 5) == Some("year") => (None, k + 6),
        None => return None,
    };
    let first = if from_start { 1 } else { 13 - n };
    Some((months_of_year(first, n, year, pub_date), end))
}

/// "the third quarter (of 2006)", "third-quarter", "Q3", "2006 second quarter": the quarter's months.
fn parse_quarter(
    toks: &[Token],
    i: usize,
    pub_date: Option<NaiveDate>,
) -> Option<(Option<String>, usize)> {
    let w = |k: usize| toks.get(k).map(|t| t.lower.as_str());
    let mut k = past_the(toks, i);
    let mut year = toks.get(k).and_then(year_of);
    if year.is_some() {
        k += 1;
    }
    let word = w(k)?;
    let (q, mut end) = if let Some(q) = word.strip_suffix("-quarter").and_then(quarter_number) {
        (q, k + 1)
    } else if let Some(q) =
        quarter_number(word).filter(|_| word.starts_with('q') || word.ends_with('q'))
    {
        (q, k + 1)
    } else {
        let q = quarter_number(word)?;
        match (w(k + 1), w(k + 2)) {
            (Some("quarter"), _) => (q, k + 2),
            (Some("-"), Some("quarter")) => (q, k + 3),
            _ => return None,
        }
    };
    if year.is_none() && w(end) == Some("of") {
        if let Some(y) = toks.get(end + 1).and_then(year_of) {
            year = Some(y);
            end += 2;
        }
    }
    Some((quarter_interval(q, year, pub_date), end))
}

/// "the three months ended (in) September", "the nine months to June 30", "the year to June", "the
/// quarter ended Dec. 28": the months as an interval.
fn parse_months_ended(
    toks: &[Token],
    i: usize,
    pub_date: Option<NaiveDate>,
) -> Option<(Option<String>, usize)> {
    let w = |k: usize| toks.get(k).map(|t| t.lower.as_str());
    if w(i) != Some("the") {
        return None;
    }
    // "the year to June": twelve months; "the quarter ended Dec. 28": three; "the half-year to
    // June": six.
    let (n, after) = if w(i + 1) == Some("year") {
        (12, i + 2)
    } else if w(i + 1) == Some("quarter") {
        (3, i + 2)
    } else if w(i + 1) == Some("half") && w(i + 2) == Some("-") && w(i + 3) == Some("year") {
        (6, i + 4)
    } else if matches!(w(i + 1), Some("half" | "half-year")) {
        (6, i + 2)
    } else {
        let n = match toks.get(i + 1) {
            Some(t) if t.kind == Kind::Number => t.text.parse::<u32>().ok()?,
            Some(t) => number_word(&t.lower)?,
            None => return None,
        };
        if w(i + 2) != Some("months") {
            return None;
        }
        (n, i + 3)
    };
    if !(1..=24).contains(&n)
        || !matches!(
            w(after),
            Some("ended" | "ending" | "to" | "through" | "until")
        )
    {
        return None;
    }
    let mut k = after + 1;
    if matches!(w(k), Some("in" | "on")) {
        k += 1;
    }
    let (point, end) = parse_point(toks, k, pub_date)?;
    let value = point.and_then(|p| {
        let (y, m) = match p {
            Point::Month(y, m) => (y, m),
            Point::Day(d) => (d.year(), d.month()),
            Point::Year(_) => return None,
        };
        let last = NaiveDate::from_ymd_opt(y, m, 1)?;
        let first = last.checked_sub_months(Months::new(n - 1))?;
        Some(format!(
            "{}/{}",
            Point::Month(first.year(), first.month()).iso(),
            Point::Month(y, m).iso()
        ))
    });
    Some((value, end))
}

/// A fiscal or season year written "2024-25" (or "2024–25", "2024/25"): the two calendar years.
fn parse_split_year(toks: &[Token], i: usize) -> Option<(Option<String>, usize)> {
    // The first year of a span may lie before those a year alone is read as ("1850-1900").
    let first = toks.get(i)?;
    let y = year_of(first).or_else(|| {
        (first.kind == Kind::Number && first.text.len() == 4)
            .then(|| first.text.parse::<i32>().ok())
            .flatten()
            .filter(|y| (1000..3000).contains(y))
    })?;
    let sep = toks.get(i + 1)?;
    if !matches!(sep.text.as_str(), "-" | "–" | "/") || sep.start != toks[i].end {
        return None;
    }
    let next = toks.get(i + 2)?;
    if next.kind != Kind::Number || next.start != sep.end {
        return None;
    }
    let second: i32 = match next.text.len() {
        2 => next.text.parse::<i32>().ok()? + y / 100 * 100,
        4 => next.text.parse().ok()?,
        _ => return None,
    };
    // "2024-25" is a fiscal year; "1850-1900" a span of years.
    let span = next.text.len() == 4 && second > y && year_of(next).is_some();
    (second == y + 1 || span).then(|| (Some(format!("{y:04}/{second:04}")), i + 3))
}

/// "so far this year", "this year so far", "year to date" ("year-to-date"): from the start of the
/// publication year up to the date line.
fn parse_year_to_date(
    toks: &[Token],
    i: usize,
    pub_date: Option<NaiveDate>,
) -> Option<(Option<String>, usize)> {
    let w = |k: usize| toks.get(k).map(|t| t.lower.as_str());
    let end = match (w(i)?, w(i + 1), w(i + 2), w(i + 3)) {
        ("so", Some("far"), Some("this"), Some("year")) => i + 4,
        ("this", Some("year"), Some("so"), Some("far")) => i + 4,
        ("year", Some("to"), Some("date"), _) => i + 3,
        ("year-to-date", ..) => i + 1,
        _ => return None,
    };
    let value = pub_date.map(|d| format!("{:04}-01-01/{}", d.year(), d.format("%Y-%m-%d")));
    Some((value, end))
}

/// A reference back to a period named before: "the period", "the quarter", "the same period",
/// "that quarter" (kind "carried"), or to the same period a year before: "a year earlier", "a
/// year ago", "the year before", "year-ago", "the same time last year" (kind "year_ago"). Resolved
/// by the caller.
fn parse_period_reference(toks: &[Token], i: usize) -> Option<(TimeKind, usize)> {
    let w = |k: usize| toks.get(k).map(|t| t.lower.as_str());
    let period = |x: Option<&str>| matches!(x, Some("period" | "quarter" | "time"));
    // "the same period/quarter/time last year", "the year-ago period"
    if w(i) == Some("the") && w(i + 1) == Some("same") && period(w(i + 2)) {
        if matches!(w(i + 3), Some("last" | "a")) && w(i + 4) == Some("year") {
            let end = if w(i + 3) == Some("a") && w(i + 5) == Some("earlier") {
                i + 6
            } else {
                i + 5
            };
            return Some((TimeKind::YearAgo, end));
        }
        return Some((TimeKind::Carried, i + 3));
    }
    if matches!(w(i), Some("a" | "one"))
        && w(i + 1) == Some("year")
        && matches!(w(i + 2), Some("earlier" | "ago" | "before"))
    {
        return Some((TimeKind::YearAgo, i + 3));
    }
    if w(i) == Some("the") && w(i + 1) == Some("year") && w(i + 2) == Some("before") {
        return Some((TimeKind::YearAgo, i + 3));
    }
    if matches!(w(i), Some("year-ago" | "year-earlier")) {
        return Some((TimeKind::YearAgo, i + 1));
    }
    // Not "the quarter ended Dec. 28" or "the quarter to June", which name their own months
    // ("dropped 5% in the quarter to $14.2 billion" names none).
    let names_its_end = matches!(w(i + 2), Some("ended" | "ending" | "through"))
        || (w(i + 2) == Some("to") && month_at(toks, i + 3).is_some());
    if matches!(w(i), Some("the" | "that"))
        && matches!(w(i + 1), Some("period" | "quarter"))
        && !names_its_end
    {
        return Some((TimeKind::Carried, i + 2));
    }
    None
}

/// A reference to a year named before, at token `i`: "that year" (the last one named), or "the
/// year" after "throughout", "during", "for" or "in" (the year the article is about); not "the year
/// to June", "the year since", "the year before", "over the year" (a change over twelve months).
fn parse_year_reference(toks: &[Token], i: usize) -> Option<(YearNamed, usize)> {
    let w = |k: usize| toks.get(k).map(|t| t.lower.as_str());
    if w(i + 1) != Some("year") {
        return None;
    }
    if matches!(
        w(i + 2),
        Some(
            "to" | "since"
                | "before"
                | "earlier"
                | "ago"
                | "ended"
                | "ending"
                | "through"
                | "-"
                | "after"
                | "of"
        )
    ) {
        return None;
    }
    match w(i)? {
        "that" => Some((YearNamed::Last, i + 2)),
        "the" if i > 0 && matches!(w(i - 1), Some("throughout" | "during" | "for" | "in")) => {
            Some((YearNamed::Main, i + 2))
        }
        _ => None,
    }
}

/// Resolves the sentence's references to a year (`YearNamed`) against the years the article named
/// before them, and notes the years this sentence names, except the bases of comparisons ("higher
/// than in 2016").
pub fn resolve_year_references(
    toks: &[Token],
    exprs: &mut [TimeExpr],
    named: &mut YearsNamed,
    pub_date: Option<NaiveDate>,
) {
    for e in exprs.iter_mut() {
        match e.year_named {
            Some(YearNamed::Main) => {
                let year = named.first.or(pub_date.map(|d| d.year()));
                e.value = year.map(|y| format!("{y:04}"));
            }
            Some(YearNamed::Last) => e.value = named.last.map(|y| format!("{y:04}")),
            None => {
                let year = e.value.as_deref().filter(|v| v.len() == 4).and_then(year);
                // A year that qualifies a noun ("Johnson's 1964 Civil Rights Act", "the 2008
                // race") names no time of the passage.
                let at = toks.iter().position(|t| t.start >= e.start);
                let qualifies = e.kind == TimeKind::Explicit
                    && at.and_then(|i| i.checked_sub(1)).is_some_and(|i| {
                        toks[i].is_possessive()
                            || crate::extract::lexicon::is_determiner(&toks[i].lower)
                    });
                if let Some(y) = year.filter(|_| {
                    matches!(e.kind, TimeKind::Explicit | TimeKind::Relative)
                        && !qualifies
                        && !is_comparison_base(toks, e)
                }) {
                    named.first.get_or_insert(y);
                    named.last = Some(y);
                }
            }
        }
    }
}

/// Moves every year of an ISO value (a date or an interval) back by one: "2006-07/2006-09" ->
/// "2005-07/2005-09".
pub fn year_before(value: &str) -> Option<String> {
    let ends: Vec<String> = value
        .split('/')
        .map(|end| {
            let (y, rest) = end.split_at(end.len().min(4));
            let y: i32 = y.parse().ok()?;
            Some(format!("{:04}{rest}", y - 1))
        })
        .collect::<Option<_>>()?;
    Some(ends.join("/"))
}

/// Fills in the period references of a sentence ("the quarter", "a year earlier") from the last
/// period the article named (an interval shorter than its span of years), and notes the last such
/// period this sentence names. "A year earlier" without such a period is the year before the year
/// the sentence names, else before publication; "a month earlier" is the month before the month
/// the sentence names, else before publication. References with nothing to refer to are dropped.
pub fn resolve_period_references(
    exprs: &mut Vec<TimeExpr>,
    last_period: &mut Option<String>,
    pub_date: Option<NaiveDate>,
) {
    let mut year_named: Option<i32> = None;
    let mut month_named: Option<NaiveDate> = None;
    let mut period_named: Option<String> = None;
    for e in exprs.iter_mut() {
        // "to 2.3% in February from 2.9% a month earlier": back from the month named before it.
        if let (Some(n), Some(named)) = (e.months_earlier, month_named) {
            e.value = named
                .checked_sub_months(Months::new(n))
                .map(|d| d.format("%Y-%m").to_string());
            continue;
        }
        match e.kind {
            TimeKind::Carried if e.year_named.is_none() => e.value = last_period.clone(),
            // A year before the year this sentence names ("in 2022, up from 21.9% the year
            // before"), else the period named before, else the year before publication.
            TimeKind::YearAgo => {
                let before = if e.ago {
                    period_named.as_deref()
                } else {
                    last_period.as_deref()
                };
                e.value = year_named
                    .map(|y| format!("{:04}", y - 1))
                    .or_else(|| before.and_then(year_before))
                    .or_else(|| pub_date.map(|d| format!("{:04}", d.year() - 1)))
            }
            TimeKind::Explicit if e.value.as_ref().is_some_and(|v| v.len() == 4) => {
                year_named = e.value.as_deref().and_then(|v| v.parse().ok());
            }
            TimeKind::Explicit if e.value.as_ref().is_some_and(|v| v.len() == 7) => {
                month_named = e
                    .value
                    .as_deref()
                    .and_then(|v| NaiveDate::parse_from_str(&format!("{v}-01"), "%Y-%m-%d").ok());
            }
            _ => {
                if let Some(v) = e.value.as_ref().filter(|v| v.contains('/') && v.len() > 9) {
                    if matches!(
                        e.kind,
                        TimeKind::Quarter | TimeKind::Interval | TimeKind::MonthsEnded
                    ) {
                        *last_period = Some(v.clone());
                        period_named = Some(v.clone());
                    }
                }
            }
        }
    }
    exprs.retain(|e| e.value.is_some() || !matches!(e.kind, TimeKind::Carried | TimeKind::YearAgo));
}

/// Whether a superlative or "first" stands shortly before token `i` ("the highest level since",
/// "its first increase since"): what follows compares a record, it does not date the claim.
fn after_superlative(toks: &[Token], i: usize) -> bool {
    const SUPERLATIVES: &[&str] = &[
        "highest",
        "lowest",
        "biggest",
        "largest",
        "smallest",
        "greatest",
        "strongest",
        "weakest",
        "fastest",
        "slowest",
        "steepest",
        "sharpest",
        "deepest",
        "best",
        "worst",
        "most",
        "least",
        "hottest",
        "coldest",
        "warmest",
        "wettest",
        "driest",
        "longest",
        "shortest",
        "first",
    ];
    toks[i.saturating_sub(5)..i]
        .iter()
        .any(|t| SUPERLATIVES.contains(&t.lower.as_str()))
}

/// All time expressions of a sentence.
pub fn find_time_expressions(toks: &[Token], pub_date: Option<NaiveDate>) -> Vec<TimeExpr> {
    let mut out = Vec::new();
    let mut i = 0;
    let word = |k: usize| toks.get(k).map(|t| t.lower.as_str());
    while i < toks.len() {
        let start = toks[i].start;
        // "throughout the year", "that year": a year named before.
        if let Some((named, end)) = parse_year_reference(toks, i) {
            out.push(TimeExpr {
                start,
                end: toks[end - 1].end,
                value: None,
                kind: TimeKind::Carried,
                months_earlier: None,
                ago: false,
                year_named: Some(named),
            });
            i = end;
            continue;
        }
        // Periods of a report: "the same period last year", "the third quarter", "the three
        // months ended in September".
        if let Some((kind, end)) = parse_period_reference(toks, i) {
            out.push(TimeExpr {
                start,
                end: toks[end - 1].end,
                value: None,
                kind,
                months_earlier: None,
                ago: toks[end - 1].is("ago"),
                year_named: None,
            });
            i = end;
            continue;
        }
        for (kind, found) in [
            (TimeKind::Since, parse_year_to_date(toks, i, pub_date)),
            (TimeKind::Interval, parse_split_year(toks, i)),
            (TimeKind::Interval, parse_month_span(toks, i, pub_date)),
            (TimeKind::Quarter, parse_quarter(toks, i, pub_date)),
            (TimeKind::Interval, parse_half(toks, i, pub_date)),
            (
                TimeKind::Interval,
                parse_months_of_the_year(toks, i, pub_date),
            ),
            (TimeKind::MonthsEnded, parse_months_ended(toks, i, pub_date)),
        ] {
            if let Some((value, end)) = found {
                out.push(TimeExpr {
                    start,
                    end: toks[end - 1].end,
                    value,
                    kind,
                    months_earlier: None,
                    ago: false,
                    year_named: None,
                });
                i = end;
                break;
            }
        }
        if out.last().is_some_and(|e| e.start == start) {
            continue;
        }
        // "as of <date>"
        if word(i) == Some("as") && word(i + 1) == Some("of") {
            if let Some((p, end)) =
                parse_point(toks, i + 2, pub_date).or_else(|| parse_relative(toks, i + 2, pub_date))
            {
                out.push(TimeExpr {
                    start,
                    end: toks[end - 1].end,
                    value: p.map(|p| p.iso()),
                    kind: TimeKind::AsOf,
                    months_earlier: None,
                    ago: false,
                    year_named: None,
                });
                i = end;
                continue;
            }
        }
        // "since <date>": an interval up to the publication date; after a superlative ("the
        // lowest since February 2016") it only frames a record and is skipped.
        if word(i) == Some("since") {
            if let Some((p, end)) = parse_point(toks, i + 1, pub_date) {
                if after_superlative(toks, i) {
                    i = end;
                    continue;
                }
                let value = p
                    .zip(pub_date)
                    .map(|(p, d)| format!("{}/{}", p.iso(), p.same_precision(d).iso()));
                out.push(TimeExpr {
                    start,
                    end: toks[end - 1].end,
                    value,
                    kind: TimeKind::Since,
                    months_earlier: None,
                    ago: false,
                    year_named: None,
                });
                i = end;
                continue;
            }
        }
        // "between <date> and <date>", "from <date> to|until <date>"
        if matches!(word(i), Some("between" | "from")) {
            if let Some((p1, e1)) = parse_point(toks, i + 1, pub_date) {
                if matches!(word(e1), Some("and" | "to" | "until" | "through")) {
                    if let Some((p2, e2)) = parse_point(toks, e1 + 1, pub_date) {
                        let value = p1.zip(p2).map(|(a, b)| format!("{}/{}", a.iso(), b.iso()));
                        out.push(TimeExpr {
                            start,
                            end: toks[e2 - 1].end,
                            value,
                            kind: TimeKind::Interval,
                            months_earlier: None,
                            ago: false,
                            year_named: None,
                        });
                        i = e2;
                        continue;
                    }
                }
            }
        }
        if let Some((p, end)) = parse_ago(toks, i, pub_date) {
            let months = matches!(word(end - 2), Some("month" | "months"))
                && matches!(word(end - 1), Some("earlier" | "before"));
            out.push(TimeExpr {
                start,
                end: toks[end - 1].end,
                value: p.map(|p| p.iso()),
                kind: TimeKind::Relative,
                months_earlier: months.then(|| count_at(toks, i)).flatten(),
                ago: false,
                year_named: None,
            });
            i = end;
            continue;
        }
        if let Some((value, end)) = parse_past_period(toks, i, pub_date) {
            out.push(TimeExpr {
                start,
                end: toks[end - 1].end,
                value,
                kind: TimeKind::Relative,
                months_earlier: None,
                ago: false,
                year_named: None,
            });
            i = end;
            continue;
        }
        // "a 70 percent increase from $1.58 billion last year": the base of a comparison "last
        // year" is the same period a year before.
        if word(i) == Some("last") && word(i + 1) == Some("year") && after_compared_amount(toks, i)
        {
            out.push(TimeExpr {
                start,
                end: toks[i + 1].end,
                value: None,
                kind: TimeKind::YearAgo,
                months_earlier: None,
                ago: false,
                year_named: None,
            });
            i += 2;
            continue;
        }
        if let Some((p, end)) = parse_relative(toks, i, pub_date) {
            out.push(TimeExpr {
                start,
                end: toks[end - 1].end,
                value: p.map(|p| p.iso()),
                kind: TimeKind::Relative,
                months_earlier: None,
                ago: false,
                year_named: None,
            });
            i = end;
            continue;
        }
        // A bare month name only counts after a time preposition ("in March"), not "May" the verb.
        // In a list that named a month before, the next item's month needs none ("in January
        // with 36; February with 32").
        let after_preposition = i > 0
            && (matches!(
                word(i - 1),
                Some("in" | "on" | "by" | "during" | "until" | "of" | "early" | "late" | "mid")
            ) || (matches!(word(i - 1), Some(";" | "," | "and"))
                && out
                    .last()
                    .is_some_and(|e: &TimeExpr| e.kind == TimeKind::Explicit)));
        if year_in_a_name(toks, i) {
            i += 1;
            continue;
        }
        let month_needs_context = month_at(toks, i).is_some()
            && toks.get(i + 1).and_then(day_of).is_none()
            && toks.get(i + 1).and_then(year_of).is_none();
        if !month_needs_context || after_preposition {
            if let Some((p, end)) = parse_point(toks, i, pub_date) {
                out.push(TimeExpr {
                    start,
                    end: toks[end - 1].end,
                    value: p.map(|p| p.iso()),
                    kind: TimeKind::Explicit,
                    months_earlier: None,
                    ago: false,
                    year_named: None,
                });
                i = end;
                continue;
            }
        }
        i += 1;
    }
    take_the_sentence_year(toks, &mut out);
    out
}

/// Whether the year at `i` is part of a name ("the Russell 2000, an index", "Euro 2024", "the
/// Philadelphia 2016 Host Committee"): it follows a capitalized word inside the sentence with
/// nothing between, and that word is no function word ("In 2000"), month, season ("Fall 2001"),
/// holiday ("Christmas 2020"), fiscal year or possessive ("Britain's 2019 election"); no common
/// word follows it ("the Republican 2016 hopefuls" are of that year). It dates nothing and counts
/// nothing.
pub fn year_in_a_name(toks: &[Token], i: usize) -> bool {
    if i < 2 || toks.get(i).and_then(year_of).is_none() {
        return false;
    }
    let ends_the_name = toks
        .get(i + 1)
        .is_none_or(|t| t.kind != Kind::Word || t.is_titlecase());
    if !ends_the_name {
        return false;
    }
    let name = &toks[i - 1];
    // The capitalized word must not open the sentence or a quotation ("Throughout 2014").
    let inside = matches!(toks[i - 2].kind, Kind::Word | Kind::Number);
    let times_a_year = |w: &str| {
        matches!(
            w,
            "spring"
                | "summer"
                | "fall"
                | "autumn"
                | "winter"
                | "christmas"
                | "easter"
                | "thanksgiving"
                | "ramadan"
                | "fiscal"
                | "fy"
                | "year"
        )
    };
    inside
        && name.is_titlecase()
        && !name.is_possessive()
        && month(name.text.as_str()).is_none()
        && !times_a_year(&name.lower)
        && !crate::extract::is_common_capital(&name.lower)
}

/// Whether the time expression `e` is the base of a comparison ("higher than in 2016", "11% lower
/// than for 2022", "up 2 points from 1987", "up 5.8% from last year", "an 18% increase over 2022",
/// "the same as in 1986", "compared with 2019", "20% ahead of last year"): it dates what the
/// number is compared with, never the number itself.
pub fn is_comparison_base(toks: &[Token], e: &TimeExpr) -> bool {
    let Some(i) = toks.iter().position(|t| t.start >= e.start) else {
        return false;
    };
    // "below their late-2021 peak", "back to 2019 levels": a time naming the level compared with.
    let level_after = toks.iter().find(|t| t.start >= e.end).is_some_and(|t| {
        matches!(
            t.lower.as_str(),
            "peak" | "peaks" | "high" | "highs" | "low" | "lows" | "level" | "levels"
        )
    });
    if level_after {
        let mut j = i;
        // Past what qualifies the time ("their late-2021", "pre-2019").
        while j > 0
            && matches!(
                toks[j - 1].lower.as_str(),
                "the" | "its" | "their" | "a" | "pre" | "-" | "late" | "early" | "mid"
            )
        {
            j -= 1;
        }
        if j > 0
            && matches!(
                toks[j - 1].lower.as_str(),
                "below" | "above" | "under" | "over" | "from" | "than" | "to" | "of" | "near"
            )
        {
            return true;
        }
    }
    let mut k = i;
    // Skip "in", "for", "during", "the" between the comparison word and the time.
    while k > 0 && matches!(toks[k - 1].lower.as_str(), "in" | "for" | "during" | "the") {
        k -= 1;
    }
    let w = |j: usize| (j < k).then(|| toks[k - 1 - j].lower.as_str());
    let change_before = (1..=3).any(|j| {
        w(j).is_some_and(|x| {
            matches!(
                x,
                "increase"
                    | "rise"
                    | "decline"
                    | "decrease"
                    | "drop"
                    | "fall"
                    | "gain"
                    | "jump"
                    | "growth"
                    | "up"
                    | "down"
                    | "higher"
                    | "lower"
            ) || x.ends_with('%')
                || toks[k - 1 - j].kind == Kind::Number
        })
    });
    match w(0) {
        Some("than" | "versus" | "vs") => true,
        Some("with" | "to") => w(1) == Some("compared"),
        Some("as") => w(1) == Some("same"),
        Some("over") => change_before && e.kind == TimeKind::Explicit,
        // "up 5.8% from last year", "up 7% from a year earlier"; not "from January to March".
        // "rose 5.8% in the first quarter from a year earlier": "a year earlier" after "from"
        // always names the base, wherever the change stands.
        Some("from") => {
            e.kind == TimeKind::YearAgo
                || (change_before && matches!(e.kind, TimeKind::Explicit | TimeKind::Relative))
        }
        // "up 6% on last year", "down 3% on 2024": British for "from" (a year, not "on Monday").
        Some("on") => {
            change_before
                && (e.kind == TimeKind::YearAgo || e.value.as_ref().is_some_and(|v| v.len() == 4))
        }
        // "running 20% ahead of last year".
        Some("of") => matches!(w(1), Some("ahead")),
        Some("behind") => true,
        // "overtaking 2016, the previous warmest year", "surpassing 2019 levels": a verb of
        // surpassing takes what is compared with as its object.
        Some(
            "overtaking" | "overtook" | "overtaken" | "surpassing" | "surpassed" | "beating"
            | "beat" | "eclipsing" | "eclipsed" | "exceeding" | "exceeded" | "outstripping"
            | "outstripped",
        ) => e.kind == TimeKind::Explicit,
        _ => false,
    }
}

/// Which time expression stands right after a quantity ending at `after` (its unit included),
/// with at most a preposition between ("63 in May", "3.1% the year before"): the quantity's own.
pub fn right_after(exprs: &[TimeExpr], sentence: &str, after: usize) -> Option<usize> {
    let preposition = |w: &str| {
        matches!(
            w,
            "in" | "on" | "at" | "during" | "for" | "by" | "as of" | "through"
        )
    };
    exprs.iter().position(|e| {
        e.start >= after && {
            let gap = sentence[after..e.start].trim().to_lowercase();
            let words: Vec<&str> = gap.split_whitespace().collect();
            // "35.2% of GDP in 2026-27": the share's whole stands between.
            let share_of = words.len() <= 5
                && words.first() == Some(&"of")
                && words.last().is_some_and(|w| preposition(w))
                && !gap.contains(|c: char| c.is_ascii_digit() || c == ',');
            gap.is_empty() || preposition(&gap) || share_of
        }
    })
}

/// In a sentence that lists items between semicolons ("January with 36; February with 32"), the one
/// time expression of the item holding the quantity at `q_start`, if its item has exactly one.
pub fn in_list_item(exprs: &[TimeExpr], sentence: &str, q_start: usize) -> Option<usize> {
    if !sentence.contains(';') {
        return None;
    }
    let item_start = sentence[..q_start].rfind(';').map_or(0, |k| k + 1);
    let item_end = sentence[q_start..]
        .find(';')
        .map_or(sentence.len(), |k| q_start + k);
    let mut inside = exprs
        .iter()
        .enumerate()
        .filter(|(_, e)| e.start >= item_start && e.end <= item_end);
    match (inside.next(), inside.next()) {
        (Some((k, _)), None) => Some(k),
        _ => None,
    }
}

/// The date of a quantity at `[q_start, q_end)` of the sentence: the nearest time expression before
/// it, else the nearest after it, else the publication date. Its span is relative to the sentence.
pub fn date_for(
    exprs: &[TimeExpr],
    sentence: &str,
    q_start: usize,
    q_end: usize,
    pub_date: Option<NaiveDate>,
) -> Option<TimeRef> {
    let chosen = exprs
        .iter()
        .filter(|e| e.end <= q_start)
        .max_by_key(|e| e.end)
        .or_else(|| {
            exprs
                .iter()
                .filter(|e| e.start >= q_end)
                .min_by_key(|e| e.start)
        });
    match chosen {
        Some(e) => e.value.clone().map(|value| TimeRef {
            text: sentence[e.start..e.end].to_string(),
            value,
            kind: e.kind,
            span: Some(Span::new(e.start, e.end)),
        }),
        None => pub_date.map(|d| TimeRef {
            text: "publication date".into(),
            value: d.format("%Y-%m-%d").to_string(),
            kind: TimeKind::Publication,
            span: None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tokens::tokenize;

    fn resolve(s: &str, pub_date: Option<&str>) -> Vec<(String, Option<String>, &'static str)> {
        let d = pub_date.map(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").unwrap());
        let toks = tokenize(s);
        find_time_expressions(&toks, d)
            .into_iter()
            .map(|e| (s[e.start..e.end].to_string(), e.value, e.kind.as_str()))
            .collect()
    }

    fn date_exprs(s: &str, pub_date: Option<NaiveDate>) -> Vec<TimeExpr> {
        find_time_expressions(&tokenize(s), pub_date)
    }

    fn value(s: &str, pub_date: Option<&str>) -> Option<String> {
        let got = resolve(s, pub_date);
        assert_eq!(got.len(), 1, "{s}: {got:?}");
        got[0].1.clone()
    }

    #[test]
    fn explicit_dates() {
        assert_eq!(
            value("on February 24, 2022", None).as_deref(),
            Some("2022-02-24")
        );
        assert_eq!(value("in February 2022", None).as_deref(), Some("2022-02"));
        assert_eq!(value("in 2025", None).as_deref(), Some("2025"));
        assert_eq!(value("on 4 June 2025", None).as_deref(), Some("2025-06-04"));
        assert_eq!(value("in early 2022", None).as_deref(), Some("2022"));
        assert_eq!(
            value("on Sept. 11, 2001", None).as_deref(),
            Some("2001-09-11")
        );
    }

    #[test]
    fn month_without_year_needs_the_publication_date() {
        assert_eq!(value("as of June 4", None), None);
        assert_eq!(
            value("as of June 4", Some("2025-06-10")).as_deref(),
            Some("2025-06-04")
        );
        assert_eq!(
            value("In March, the US proposed", Some("2025-05-12")).as_deref(),
            Some("2025-03")
        );
        assert_eq!(
            value("In November they met", Some("2025-05-12")).as_deref(),
            Some("2024-11")
        );
    }

    #[test]
    fn since_is_an_interval_to_publication() {
        assert_eq!(
            value("since January 2024", Some("2025-06-10")).as_deref(),
            Some("2024-01/2025-06")
        );
        assert_eq!(value("since January 2024", None), None);
        assert_eq!(
            value("since 2022", Some("2025-06-10")).as_deref(),
            Some("2022/2025")
        );
    }

    #[test]
    fn intervals_and_past_periods() {
        assert_eq!(
            value("between February 2022 and December 2025", None).as_deref(),
            Some("2022-02/2025-12")
        );
        assert_eq!(
            value("Over the past three months", Some("2026-02-24")).as_deref(),
            Some("2025-11/2026-02")
        );
        assert_eq!(
            value("in the last 10 days", Some("2026-02-24")).as_deref(),
            Some("2026-02-14/2026-02-24")
        );
        assert_eq!(
            value("over the past two years", Some("2026-02-24")).as_deref(),
            Some("2024/2026")
        );
    }

    #[test]
    fn relative_dates() {
        assert_eq!(
            value("This September was deadly", Some("2024-10-09")).as_deref(),
            Some("2024-09")
        );
        assert_eq!(
            value("said last week", Some("2026-02-24")).as_deref(),
            Some("2026-02-17")
        );
        assert_eq!(
            value("on a call Wednesday", Some("2024-10-09")).as_deref(),
            Some("2024-10-09")
        );
        assert_eq!(
            value("on Sunday", Some("2024-10-09")).as_deref(),
            Some("2024-10-06")
        );
        assert_eq!(
            value("yesterday", Some("2024-10-09")).as_deref(),
            Some("2024-10-08")
        );
        assert_eq!(
            value("this year", Some("2024-10-09")).as_deref(),
            Some("2024")
        );
        assert_eq!(
            value("last year", Some("2024-10-09")).as_deref(),
            Some("2023")
        );
        assert_eq!(
            value("last month", Some("2024-01-09")).as_deref(),
            Some("2023-12")
        );
    }

    #[test]
    fn quarters_and_months_ended_are_intervals() {
        let d = Some("2006-10-19");
        assert_eq!(
            value("Google's third-quarter profit nearly doubled.", d),
            Some("2006-07/2006-09".into())
        );
        assert_eq!(
            value("Profit rose in the third quarter of 2005.", d),
            Some("2005-07/2005-09".into())
        );
        // Without a year: the latest such quarter begun by the publication date.
        assert_eq!(
            value("Sales fell in the first quarter.", Some("2006-02-10")),
            Some("2006-01/2006-03".into())
        );
        assert_eq!(
            value("Sales in the fourth quarter rose.", d),
            Some("2006-10/2006-12".into())
        );
        assert_eq!(
            value(
                "It earned $733.4 million for the three months ended in September.",
                d
            ),
            Some("2006-07/2006-09".into())
        );
        assert_eq!(
            value("It lost $5 million in the nine months to June 30, 2024.", d),
            Some("2023-10/2024-06".into())
        );
    }

    #[test]
    fn fiscal_years_and_the_year_to_a_month() {
        assert_eq!(
            value("A deficit of $28.3 billion in 2024-25 is expected.", None),
            Some("2024/2025".into())
        );
        assert_eq!(
            value("Debt peaks in 2026–27.", None),
            Some("2026/2027".into())
        );
        assert_eq!(
            value(
                "Police recorded 5.6 million offences in the year to June.",
                Some("2018-10-18")
            ),
            Some("2017-07/2018-06".into())
        );
        // A range of years that are not consecutive is no fiscal year.
        assert_ne!(
            value("It ran from 2019-22.", None),
            Some("2019/2022".into())
        );
    }

    #[test]
    fn since_after_a_superlative_frames_a_record() {
        let d = Some("2020-03-08");
        assert!(resolve("Oil fell to $31.02, the lowest since February 2016.", d).is_empty());
        assert!(resolve("It was the first increase since 2019.", d).is_empty());
        assert_eq!(
            value("Prices have risen 20% since February 2016.", d),
            Some("2016-02/2020-03".into())
        );
    }

    #[test]
    fn references_to_a_period_named_before() {
        let d = NaiveDate::parse_from_str("2006-10-19", "%Y-%m-%d").ok();
        let mut last = None;
        let mut first = date_exprs("Its third-quarter profit doubled.", d);
        resolve_period_references(&mut first, &mut last, d);
        assert_eq!(last.as_deref(), Some("2006-07/2006-09"));
        let mut next = date_exprs(
            "Revenue for the period was $2 billion, against $1 billion a year earlier.",
            d,
        );
        resolve_period_references(&mut next, &mut last, d);
        let values: Vec<_> = next.iter().map(|e| e.value.clone().unwrap()).collect();
        assert_eq!(values, ["2006-07/2006-09", "2005-07/2005-09"]);
        // Nothing named before: the reference says nothing and is dropped.
        let mut none = None;
        let mut alone = date_exprs("Revenue for the period was $2 billion.", d);
        resolve_period_references(&mut alone, &mut none, d);
        assert!(alone.is_empty());
        assert_eq!(year_before("2024-01-15"), Some("2023-01-15".into()));
    }

    #[test]
    fn a_year_ago_counts_back_from_now_or_its_own_sentence() {
        let d = NaiveDate::parse_from_str("2006-10-19", "%Y-%m-%d").ok();
        let mut last = None;
        let mut first = date_exprs("Its third-quarter profit doubled.", d);
        resolve_period_references(&mut first, &mut last, d);
        // A later sentence: "ago" is before now, "earlier" before the period named.
        for (s, want) in [
            ("It runs 72 routes, up from 65 a year ago.", "2005"),
            ("It ran 65 routes a year earlier.", "2005-07/2005-09"),
            (
                "Sales rose 5% in the second quarter from a year ago.",
                "2005-04/2005-06",
            ),
        ] {
            let mut next = date_exprs(s, d);
            resolve_period_references(&mut next, &mut last.clone(), d);
            let year_ago = next.iter().find(|e| e.kind == TimeKind::YearAgo).unwrap();
            assert_eq!(year_ago.value.as_deref(), Some(want), "{s}");
        }
    }

    #[test]
    fn halves_and_quarters_ended_name_their_months() {
        let d = "2025-09-15";
        assert_eq!(
            resolve("Profit fell 15% in the first half.", Some(d))[0].2,
            "interval"
        );
        for (text, pub_date, want) in [
            ("in the first half", d, "2025-01/2025-06"),
            ("sales in the second half of 2023", d, "2023-07/2023-12"),
            // Not yet begun: the last one.
            ("in the second half", "2025-03-01", "2024-07/2024-12"),
            ("first-half profit", d, "2025-01/2025-06"),
            ("revenue in the quarter ended Dec. 28", d, "2024-10/2024-12"),
            ("in the half-year to June 30", d, "2025-01/2025-06"),
        ] {
            assert_eq!(value(text, Some(pub_date)).as_deref(), Some(want), "{text}");
        }
        // "the half" and "half of" say nothing of a year's half.
        assert!(resolve("Half of the staff left; the other half stayed.", Some(d)).is_empty());
        // The half of a race or a match is no half of a year.
        assert!(resolve("He ran the second half of the race in 61 minutes.", Some(d)).is_empty());
        assert!(resolve("They scored twice in the first half of the match.", Some(d)).is_empty());
    }

    #[test]
    fn months_earlier_count_back_from_the_month_named() {
        let d = NaiveDate::from_ymd_opt(2025, 3, 10);
        let resolved = |s: &str| {
            let mut exprs = date_exprs(s, d);
            resolve_period_references(&mut exprs, &mut None, d);
            exprs
                .into_iter()
                .map(|e| e.value.unwrap_or_default())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            resolved("Inflation slowed to 2.3% in February from 2.9% a month earlier."),
            ["2025-02", "2025-01"]
        );
        assert_eq!(
            resolved("Sales fell in December 2024, after rising two months before."),
            ["2024-12", "2024-10"]
        );
        // Nothing named: back from publication, as "ago" is.
        assert_eq!(resolved("Prices were 2.9% a month earlier."), ["2025-02"]);
        assert_eq!(
            resolved("Prices in February were 3% above a month ago."),
            ["2025-02", "2025-02"]
        );
    }

    #[test]
    fn may_the_verb_is_not_a_month() {
        assert!(resolve("We may very well do it", None).is_empty());
    }

    #[test]
    fn nearest_expression_wins_then_publication_date() {
        let s = "Unlike in 2022, when forces captured up to 7,400 meters per day, the rate since 2024 fell.";
        let toks = tokenize(s);
        let exprs = find_time_expressions(&toks, None);
        let q = s.find("up to").unwrap();
        assert_eq!(date_for(&exprs, s, q, q + 11, None).unwrap().value, "2022");
        let d = NaiveDate::from_ymd_opt(2026, 2, 24);
        let plain = "Russia lost 4,000 tanks.";
        let none = find_time_expressions(&tokenize(plain), d);
        let r = date_for(&none, plain, 12, 17, d).unwrap();
        assert_eq!(
            (r.value.as_str(), r.kind.as_str()),
            ("2026-02-24", "publication")
        );
        assert!(date_for(&none, plain, 12, 17, None).is_none());
    }

    #[test]
    fn spans_of_time_before_publication() {
        let d = Some("2019-07-29");
        assert_eq!(
            value("up from 2,226 four years ago", d).as_deref(),
            Some("2015")
        );
        assert_eq!(
            value("from 1.92% a day earlier", d).as_deref(),
            Some("2019-07-28")
        );
        assert_eq!(value("two weeks before", d).as_deref(), Some("2019-07-15"));
        assert_eq!(value("three months ago", d).as_deref(), Some("2019-04"));
        // "a year ago" is a reference to a period, resolved with the sentence.
        assert_eq!(resolve("a year ago", d)[0].2, "year_ago");
        assert!(resolve("four years of war", d).is_empty());
    }

    #[test]
    fn a_month_with_the_year_named_after_it() {
        let d = Some("2023-01-05");
        assert_eq!(
            value("in late January last year", d).as_deref(),
            Some("2022-01")
        );
        assert_eq!(value("in March this year", d).as_deref(), Some("2023-03"));
        assert_eq!(value("in June of next year", d).as_deref(), Some("2024-06"));
    }

    #[test]
    fn a_forecast_month_lies_ahead() {
        let d = Some("2022-02-09");
        assert_eq!(
            value("Hunger is expected to rise to 4.6 million by May.", d).as_deref(),
            Some("2022-05")
        );
        assert_eq!(
            value("The plant will reopen in April.", d).as_deref(),
            Some("2022-04")
        );
        // Reported, not forecast: the last such month.
        assert_eq!(
            value("The plant reopened in April.", d).as_deref(),
            Some("2021-04")
        );
        // "forecast" as a noun states no future.
        assert_eq!(
            value("a slight upgrade from the forecast in September.", d).as_deref(),
            Some("2021-09")
        );
    }

    #[test]
    fn a_year_ago_without_a_period_named_before() {
        let d = NaiveDate::parse_from_str("2020-02-01", "%Y-%m-%d").ok();
        let mut none = None;
        let mut exprs = date_exprs("Sales in 2019 rose 5%, after 3% the year before.", d);
        resolve_period_references(&mut exprs, &mut none, d);
        let values: Vec<_> = exprs.iter().map(|e| e.value.clone().unwrap()).collect();
        assert_eq!(values, ["2019", "2018"]);
        let mut alone = date_exprs("Stocks stood 12% higher than a year ago.", d);
        resolve_period_references(&mut alone, &mut none, d);
        assert_eq!(alone[0].value.as_deref(), Some("2019"));
    }

    #[test]
    fn the_time_right_after_a_quantity_is_its_own() {
        let s = "Sales rose 5% in 2019 after 3% the year before.";
        let exprs = date_exprs(s, None);
        let after = |q: &str| s.find(q).unwrap() + q.len();
        assert_eq!(right_after(&exprs, s, after("5%")), Some(0));
        assert_eq!(right_after(&exprs, s, after("3%")), Some(1));
        assert_eq!(right_after(&exprs, s, after("Sales")), None);
        let s = "Debt will peak at 35.2% of GDP in 2026-27 and fall.";
        let exprs = date_exprs(s, None);
        assert_eq!(
            right_after(&exprs, s, s.find("35.2%").unwrap() + 5),
            Some(0)
        );
    }

    #[test]
    fn each_item_of_a_list_has_its_own_month() {
        let s = "Deaths were reported in January with 36; February with 32; and June with 58.";
        let exprs = date_exprs(s, NaiveDate::parse_from_str("2022-07-19", "%Y-%m-%d").ok());
        let months: Vec<_> = exprs.iter().map(|e| e.value.clone().unwrap()).collect();
        assert_eq!(months, ["2022-01", "2022-02", "2022-06"]);
        let at = |q: &str| s.find(q).unwrap();
        assert_eq!(in_list_item(&exprs, s, at("32")), Some(1));
        assert_eq!(in_list_item(&exprs, s, at("58")), Some(2));
        // No semicolons: no list items.
        assert_eq!(
            in_list_item(&exprs, "Up 5% in May and 3% in June.", 3),
            None
        );
        // "May" the verb after a comma is still no month.
        assert!(resolve("Prices rose, may fall", None).is_empty());
    }

    #[test]
    fn a_year_inside_a_name_dates_nothing() {
        let d = Some("2013-05-14");
        assert!(resolve(
            "push the Russell 2000, an index of small stocks, up 1.3%",
            d
        )
        .is_empty());
        assert!(resolve("chairman of the Philadelphia 2016 Host Committee", d).is_empty());
        // A common word after it: the year qualifies it.
        assert_eq!(
            value("than the Republican 2016 hopefuls", d).as_deref(),
            Some("2016")
        );
        // A time preposition, a season, a possessive or the sentence's first word: a year.
        assert_eq!(value("sales In 2000 rose", d).as_deref(), Some("2000"));
        assert_eq!(
            value("since the Fall 2001 mailings", d).as_deref(),
            Some("2001")
        );
        assert_eq!(value("Britain's 2019 election", d).as_deref(), Some("2019"));
        assert_eq!(
            value("Perhaps 2016 will be the year", d).as_deref(),
            Some("2016")
        );
        assert_eq!(
            value("sales for Fiscal 2012 rose", d).as_deref(),
            Some("2012")
        );
    }

    #[test]
    fn a_weekday_followed_by_its_date_is_that_date() {
        // Published on a Friday: the weekday alone would be the Tuesday of that week.
        let d = Some("2022-07-22");
        assert_eq!(
            resolve("reported on Tuesday, July 19, a total of 65,190 cases", d),
            [(
                "Tuesday, July 19".to_string(),
                Some("2022-07-19".to_string()),
                "relative"
            )]
        );
        assert_eq!(
            value("said on Monday, Jan. 6, 2020 that", d).as_deref(),
            Some("2020-01-06")
        );
        assert_eq!(
            value("said on Monday, 6 January 2020 that", d).as_deref(),
            Some("2020-01-06")
        );
        // A month with no day after the weekday is no date of it.
        assert_eq!(
            resolve("on Tuesday, March was the worst month", d),
            [(
                "Tuesday".to_string(),
                Some("2022-07-19".to_string()),
                "relative"
            )]
        );
    }

    #[test]
    fn a_reference_to_a_year_named_before() {
        let d = NaiveDate::from_ymd_opt(2024, 1, 9);
        let resolve = |s: &str, named: &mut YearsNamed| {
            let toks = tokenize(s);
            let mut exprs = find_time_expressions(&toks, d);
            resolve_year_references(&toks, &mut exprs, named, d);
            exprs
                .into_iter()
                .map(|e| (s[e.start..e.end].to_string(), e.value))
                .collect::<Vec<_>>()
        };
        let year = |t: &str, v: Option<&str>| (t.to_string(), v.map(str::to_string));
        // "the year": the year the article is about, the first it names.
        let mut named = YearsNamed::default();
        resolve("Last year was the hottest on record.", &mut named);
        assert_eq!(
            resolve(
                "It averaged 14.98C throughout the year, overtaking 2016.",
                &mut named
            ),
            [year("the year", Some("2023")), year("2016", Some("2016"))]
        );
        // The base of a comparison is not noted.
        assert_eq!(named.last, Some(2023));
        // "that year": the last year named, not one that qualifies a noun.
        let mut named = YearsNamed::default();
        resolve("It began in 1968, under Johnson's 1964 act.", &mut named);
        assert_eq!(
            resolve("Wallace won five states that year.", &mut named),
            [year("that year", Some("1968"))]
        );
        // A change over twelve months refers to no year named.
        assert!(resolve("Rents fell 3% over the year.", &mut named).is_empty());
        // Nothing named before: the year of publication for "the year", nothing for "that year".
        let mut none = YearsNamed::default();
        assert_eq!(
            resolve("Profit for the year rose.", &mut none),
            [year("the year", Some("2024"))]
        );
        let mut none = YearsNamed::default();
        assert_eq!(
            resolve("Profit that year rose.", &mut none),
            [year("that year", None)]
        );
    }

    #[test]
    fn a_scheduled_month_is_the_next_one() {
        let d = Some("2016-02-25");
        assert_eq!(
            value("the two primaries scheduled for March 15", d).as_deref(),
            Some("2016-03-15")
        );
        assert_eq!(
            value("a vote slated for November 8", d).as_deref(),
            Some("2016-11-08")
        );
        // Without it, the latest such month.
        assert_eq!(
            value("the primaries held in November", d).as_deref(),
            Some("2015-11")
        );
        assert_eq!(
            value("sales fell, due in part to a strike in November", d).as_deref(),
            Some("2015-11")
        );
    }

    #[test]
    fn next_and_last_weekdays_count_from_the_publication_date() {
        // 2016-04-28 is a Thursday.
        let d = Some("2016-04-28");
        assert_eq!(value("next Tuesday", d).as_deref(), Some("2016-05-03"));
        assert_eq!(value("next Thursday", d).as_deref(), Some("2016-05-05"));
        assert_eq!(value("last Tuesday", d).as_deref(), Some("2016-04-26"));
        assert_eq!(value("last Thursday", d).as_deref(), Some("2016-04-21"));
        assert_eq!(value("on Tuesday", d).as_deref(), Some("2016-04-26"));
    }

    #[test]
    fn a_weekday_owning_an_event() {
        assert_eq!(
            value(
                "the ANC's share in Wednesday's election",
                Some("2024-05-30")
            )
            .as_deref(),
            Some("2024-05-29")
        );
    }

    #[test]
    fn months_of_the_year() {
        let d = Some("2025-09-17");
        assert_eq!(
            value("in the first eight months of the year", d).as_deref(),
            Some("2025-01/2025-08")
        );
        assert_eq!(
            value("in the final three months of 2025", Some("2026-05-27")).as_deref(),
            Some("2025-10/2025-12")
        );
        assert_eq!(
            value("over the last two months of the year", d).as_deref(),
            Some("2024-11/2024-12")
        );
        // Months of something else are no date.
        assert!(resolve("sell 1 million in the first six months", d).is_empty());
    }

    #[test]
    fn the_base_of_a_comparison_dates_no_claim() {
        let d = NaiveDate::parse_from_str("2024-02-28", "%Y-%m-%d").ok();
        for (s, base) in [
            ("It was 0.17C higher than in 2016.", true),
            ("It was 11% lower than for 2022.", true),
            ("The rate was 23 percent, up 2 points from 1987.", true),
            ("That was an 18% increase over 2022.", true),
            ("It was 59 percent, the same as in 1986.", true),
            ("Sales rose 3% compared with 2019.", true),
            ("Fees rose 5.8% from last year.", true),
            ("Sales were up 7% from a year earlier.", true),
            // The change may stand further back.
            (
                "Rents rose 5.8% across the whole country from a year earlier.",
                true,
            ),
            (
                "Rents rose 5.8% across the whole country from a year ago.",
                true,
            ),
            ("Bookings are running 20% ahead of last year.", true),
            ("The cheque is up 6% on last year.", true),
            ("Sales rose 3% on Monday.", false),
            ("Output lags 4% behind last year.", true),
            ("Prices remain 17% below their late-2021 peak.", true),
            ("Traffic is back to 2019 levels.", true),
            ("The 2021 peak was 40% higher.", false),
            ("Figures from 2019 show 5,000 deaths.", false),
            ("Figures from last year show 5,000 deaths.", false),
            ("Sales rose 3% in 2019.", false),
            ("Sales grew 3% over the past three months.", false),
            (
                "It averaged 14.98C, overtaking 2016 by a large margin.",
                true,
            ),
            ("Sales reached 5 million units, beating 2021.", true),
            ("The fund, which beat its target in 2021, grew 4%.", false),
        ] {
            let toks = tokenize(s);
            let exprs = find_time_expressions(&toks, d);
            assert_eq!(exprs.len(), 1, "{s}");
            assert_eq!(is_comparison_base(&toks, &exprs[0]), base, "{s}");
        }
    }

    #[test]
    fn a_span_of_months() {
        let d = Some("2020-10-20");
        assert_eq!(
            value("with the April-June period seeing 10.2 million", d).as_deref(),
            Some("2020-04/2020-06")
        );
        assert_eq!(
            value("in the July – September 2019 quarter", d).as_deref(),
            Some("2019-07/2019-09")
        );
        assert_eq!(
            value("November-January", d).as_deref(),
            Some("2019-11/2020-01")
        );
    }

    #[test]
    fn so_far_this_year_and_spans_of_years() {
        let d = Some("2013-05-14");
        assert_eq!(
            value("So far this year, the high has been 2.06%.", d).as_deref(),
            Some("2013-01-01/2013-05-14")
        );
        assert_eq!(
            value("sales year to date rose", d).as_deref(),
            Some("2013-01-01/2013-05-14")
        );
        assert_eq!(
            value("the 1850-1900 level", d).as_deref(),
            Some("1850/1900")
        );
        assert_eq!(value("in 2024-25", d).as_deref(), Some("2024/2025"));
    }

    #[test]
    fn a_month_takes_the_year_its_sentence_names() {
        let d = Some("2022-03-22");
        let got = resolve(
            "During the 2020 lockdown, the lowest average was recorded in June at 15.9.",
            d,
        );
        let values: Vec<_> = got.iter().map(|g| g.1.clone().unwrap()).collect();
        assert_eq!(values, ["2020", "2020-06"]);
        // Two years named: the month keeps its own reading.
        let got = resolve("In 2020 and 2021 it peaked in June.", d);
        assert_eq!(got.last().unwrap().1.as_deref(), Some("2021-06"));
    }

    #[test]
    fn last_year_after_a_compared_amount_is_the_same_period() {
        let d = Some("2006-10-19");
        let got = resolve("a 70 percent increase from $1.58 billion last year.", d);
        assert_eq!(got[0].2, "year_ago");
        assert_eq!(
            resolve("It earned $56 billion last year.", d)[0]
                .1
                .as_deref(),
            Some("2005")
        );
    }
}
