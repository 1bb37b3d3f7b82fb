//! The regression gate: mines the 30 dev articles (30 topics, the yardstick for news the rules were
//! not written from) and the seed articles with the shipped models and checks every field against
//! floors: the attachment targets (dev claim F1 0.96, value 0.97, unit 0.90, subject 0.80, source
//! 0.90, date 0.85, all four 0.60; seeds F1 0.95, all 0.80), and the articles of `tests/data/fresh`
//! `tests/data/fresh2`, `tests/data/fresh3` and `tests/data/fresh4`.
//! The build clears the dev subject floor by nine claims (325 of 394, where 316 make 0.80) on an
//! AVX-512 machine and by three (319) on an AVX2-only one, whose int8 encoder differs in the last
//! bits.

mod common;
use common::*;
use serde_json::Value;

/// Mines `articles` and scores the claims against `gold` with `claimminer eval`.
fn mine_and_score(name: &str, articles: &str, gold: &str) -> Value {
    let dir = scratch(name);
    let out = dir.join("claims.jsonl");
    let mut args = vec!["mine", "-q", "-o", out.to_str().unwrap()];
    if !articles.is_empty() {
        args.push(articles);
    }
    let o = claimminer(&args, None);
    assert!(
        o.status.success(),
        "mine failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = claimminer(
        &[
            "eval",
            "--gold",
            gold,
            "--pred",
            out.to_str().unwrap(),
            "--json",
        ],
        None,
    );
    assert!(o.status.success());
    serde_json::from_slice(&o.stdout).unwrap()
}

/// Mines and scores one of the article sets written for the project (`tests/data/NAME`, with
/// `articles/` and `NAME.gold.jsonl`).
fn score_project_set(name: &str) -> Value {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    mine_and_score(
        &format!("gate-{name}"),
        dir.join("articles").to_str().unwrap(),
        dir.join(format!("{name}.gold.jsonl")).to_str().unwrap(),
    )
}

fn check(scores: &Value, f1: f64, fields: &[(&str, f64)]) {
    assert!(scores["f1"].as_f64().unwrap() >= f1, "claim F1: {scores}");
    for (field, floor) in fields {
        let got = scores["accuracy_on_matched"][field].as_f64().unwrap();
        assert!(got >= *floor, "{field} {got} < {floor}: {scores}");
    }
}

#[test]
fn dev_articles_stay_above_the_floors() {
    let dev = shared().join("eval/dev");
    let scores = mine_and_score(
        "gate-dev",
        dev.join("articles").to_str().unwrap(),
        dev.join("dev.gold.jsonl").to_str().unwrap(),
    );
    check(
        &scores,
        0.96,
        &[
            ("value", 0.97),
            ("unit", 0.90),
            ("subject", 0.80),
            ("source", 0.90),
            ("date", 0.85),
            ("all", 0.60),
        ],
    );
}

#[test]
fn seed_articles_stay_above_the_floors() {
    let scores = mine_and_score(
        "gate-seeds",
        "",
        shared().join("eval/seeds.gold.jsonl").to_str().unwrap(),
    );
    check(
        &scores,
        0.95,
        &[
            ("value", 0.97),
            ("unit", 0.95),
            ("subject", 0.85),
            ("source", 0.88),
            ("date", 0.95),
            ("all", 0.80),
        ],
    );
}

/// The eight articles written for the project (`tests/data/fresh`), on topics dev does not cover:
/// floors a little under what the build scores (F1 0.976, value 0.981, unit 0.918, subject 0.786,
/// source 0.918, date 0.899, all 0.610), so that a rule fitted to dev alone shows here.
#[test]
fn fresh_articles_stay_above_the_floors() {
    let scores = score_project_set("fresh");
    check(
        &scores,
        0.95,
        &[
            ("value", 0.97),
            ("unit", 0.90),
            ("subject", 0.72),
            ("source", 0.86),
            ("date", 0.85),
            ("all", 0.54),
        ],
    );
}

/// Eight more articles written for the project (`tests/data/fresh2`): floors a little under what the
/// build scores (F1 0.979, value 1.000, unit 0.963, subject 0.833, source 0.938, date 0.846, all
/// 0.642).
#[test]
fn fresh2_articles_stay_above_the_floors() {
    let scores = score_project_set("fresh2");
    check(
        &scores,
        0.96,
        &[
            ("value", 0.98),
            ("unit", 0.93),
            ("subject", 0.78),
            ("source", 0.90),
            ("date", 0.82),
            ("all", 0.58),
        ],
    );
}

/// Eight articles in other styles (`tests/data/fresh3`: wire, newspaper, analysis, press release):
/// floors a little under what the build scores (F1 0.982, value 1.000, unit 0.937, subject 0.830,
/// source 0.962, date 0.906, all 0.692).
#[test]
fn fresh3_articles_stay_above_the_floors() {
    let scores = score_project_set("fresh3");
    check(
        &scores,
        0.96,
        &[
            ("value", 0.98),
            ("unit", 0.91),
            ("subject", 0.78),
            ("source", 0.93),
            ("date", 0.88),
            ("all", 0.64),
        ],
    );
}

/// Eight articles written blind at the end of a stop (`tests/data/fresh4`): floors a little under
/// what the build scores (F1 0.973, value 0.959, unit 0.945, subject 0.699, source 0.884, date
/// 0.788, all 0.473).
#[test]
fn fresh4_articles_stay_above_the_floors() {
    let scores = score_project_set("fresh4");
    check(
        &scores,
        0.95,
        &[
            ("value", 0.94),
            ("unit", 0.91),
            ("subject", 0.65),
            ("source", 0.87),
            ("date", 0.75),
            ("all", 0.43),
        ],
    );
}
